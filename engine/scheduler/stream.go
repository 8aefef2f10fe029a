package scheduler

import (
	v1 "k8s.io/api/core/v1"
)

// Scheduler schedules a stream of pods, one cycle after another, the way
// kube-scheduler's loop does (schedule_one.go ScheduleOne): it keeps its
// snapshot of the nodes between cycles, assumes each scheduled pod onto its
// node before the next cycle (Cache.AssumePod), and remembers
// nextStartNodeIndex, so each cycle's Filter starts where the previous one
// stopped. Cycle i uses seed Options.Seed+i for its Filter race.
//
// It does not preempt-and-retry: a pod that does not fit stays pending and
// the stream goes on (its Cycle says why).
type Scheduler struct {
	cl     Cluster
	infos  []*NodeInfo
	byName map[string]*NodeInfo
	opt    Options
	next   int
	cycles int
}

// NewScheduler builds the snapshot once.
func NewScheduler(cl Cluster, opt Options) *Scheduler {
	infos, byName := snapshot(cl)
	cl.Pods = append([]*v1.Pod(nil), cl.Pods...)
	return &Scheduler{cl: cl, infos: infos, byName: byName, opt: opt, next: opt.StartNodeIndex}
}

// NextStartNodeIndex is where the next cycle's Filter starts.
func (s *Scheduler) NextStartNodeIndex() int { return s.next }

// Schedule runs one cycle of pod and, when a node is selected, binds the
// pod there (pod.Spec.NodeName is set).
func (s *Scheduler) Schedule(pod *v1.Pod) *Cycle {
	opt := s.opt
	opt.Seed = s.opt.Seed + uint64(s.cycles)
	opt.StartNodeIndex = s.next
	s.cycles++
	c := scheduleOn(s.cl, s.infos, s.byName, pod, opt)
	if len(s.infos) > 0 {
		s.next = c.NextStartNodeIndex
	}
	if c.Selected != "" {
		pod.Spec.NodeName = c.Selected
		s.byName[c.Selected].addPod(pod)
		s.cl.Pods = append(s.cl.Pods, pod)
	}
	return c
}
