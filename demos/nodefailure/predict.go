package nodefailure

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/kubeviz/kubeviz/demos"
	nlc "github.com/kubeviz/kubeviz/engine/nodelifecycle"
)

var _ demos.Predictor = (*State)(nil)

// The checkpoints' questions begin with these, so a test can tell them
// apart.
const (
	qNotReady = "When will the node lifecycle controller mark"
	qEvict    = "When will the taint-eviction-controller delete"
	qCreate   = "How many pods will the ReplicaSet controller create"
)

// Prediction asks, where the page shows what the learner needs to reason
// it out, what the next steps will do; the answers are read from the story
// engine/nodelifecycle simulated:
//
//   - before the node goes Unknown: when (node_lifecycle_controller.go
//     tryUpdateNodeHealth: the first monitorNodeHealth pass, every 5 s,
//     more than node-monitor-grace-period 50 s after the controller last
//     saw a Lease renewal);
//   - before the taint-eviction-controller starts its timers: when the pod
//     will be deleted (taint_eviction.go processPodOnNode: the time the
//     controller saw the NoExecute taint plus the smallest
//     tolerationSeconds), or never if the node is back first;
//   - before the ReplicaSet controller's sync after an eviction: how many
//     pods it creates (replica_set.go manageReplicas: diff of active pods,
//     a Terminating pod is not active).
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step+1 >= len(st.frames) {
		return demos.Prediction{}, false
	}
	cur, next := st.frames[st.step], st.frames[st.step+1]
	switch next.step.Kind {
	case nlc.KindUnknown:
		return st.notReadyPrediction(cur, next)
	case nlc.KindEvictSchedule, nlc.KindEvict:
		if cur.step.Kind == nlc.KindTaint && next.step.Actor == nlc.ActorTaintEviction {
			return st.evictPrediction(cur)
		}
	case nlc.KindCreate:
		return createPrediction(cur, next)
	}
	return demos.Prediction{}, false
}

type timeChoice struct {
	at    nlc.Time
	label string
}

// choices turns candidate times into choices, earliest first; false if two
// coincide (the question would be ambiguous) or the answer is missing.
func choices(cs []timeChoice, answer nlc.Time, extra string, extraIsAnswer bool) ([]string, int, bool) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].at < cs[j].at })
	var out []string
	ans := -1
	for i, c := range cs {
		if i > 0 && c.at == cs[i-1].at {
			return nil, 0, false
		}
		if c.at == answer && !extraIsAnswer {
			ans = len(out)
		}
		out = append(out, c.label)
	}
	if extra != "" {
		if extraIsAnswer {
			ans = len(out)
		}
		out = append(out, extra)
	}
	return out, ans, ans >= 0
}

func (st *State) notReadyPrediction(cur, next frame) (demos.Prediction, bool) {
	s := cur.sim
	n := s.Node(st.cfg.Node)
	heard := s.LastHeard(n.Name)
	cs := []timeChoice{
		{n.RenewTime + nlc.NodeLeaseDurationSeconds, fmt.Sprintf("%s: when its Lease's %d s run out (renewTime %s + %d s)", nlc.Clock(n.RenewTime+nlc.NodeLeaseDurationSeconds), nlc.NodeLeaseDurationSeconds, nlc.Clock(n.RenewTime), nlc.NodeLeaseDurationSeconds)},
		{heard + nlc.NodeMonitorGracePeriod, fmt.Sprintf("%s: exactly %d s after the controller last heard from it (%s)", nlc.Clock(heard+nlc.NodeMonitorGracePeriod), nlc.NodeMonitorGracePeriod, nlc.Clock(heard))},
		{next.step.At, fmt.Sprintf("%s: at its first check, every %d s, more than %d s after it last heard from it", nlc.Clock(next.step.At), nlc.NodeMonitorPeriod, nlc.NodeMonitorGracePeriod)},
		{st.cfg.FailAt + 300, fmt.Sprintf("%s: 5 minutes after the failure", nlc.Clock(st.cfg.FailAt+300))},
	}
	ch, ans, ok := choices(cs, next.step.At, "", false)
	if !ok {
		return demos.Prediction{}, false
	}
	return demos.Prediction{
		Question: fmt.Sprintf("%s %s NotReady (Ready=Unknown)? It is %s now; the controller last heard from %s at %s.", qNotReady, n.Name, nlc.Clock(cur.step.At), n.Name, nlc.Clock(heard)),
		Choices:  ch,
		Answer:   ans,
		Why: fmt.Sprintf("The controller does not use the Lease's duration: every node-monitor-period (%d s) it asks whether it has heard anything (a newer Lease renewTime or node status) within node-monitor-grace-period (%d s, 40 s before v1.32), and its first check past that is %s.",
			nlc.NodeMonitorPeriod, nlc.NodeMonitorGracePeriod, nlc.Clock(next.step.At)),
	}, true
}

// evictionOf finds, after the current step, when pod is deleted by the
// taint-eviction-controller; false if it never is.
func (st *State) evictionOf(pod string) (nlc.Time, bool) {
	for _, f := range st.frames[st.step+1:] {
		if f.step.Kind != nlc.KindEvict {
			continue
		}
		if p := f.sim.Pod(pod); p != nil && p.Terminating() {
			return p.DeletedAt, true
		}
	}
	return 0, false
}

func (st *State) evictPrediction(cur frame) (demos.Prediction, bool) {
	s := cur.sim
	pods := s.PodsOn(st.cfg.Node)
	n := s.Node(st.cfg.Node)
	taint, ok := n.Taint("node.kubernetes.io/unreachable", "NoExecute")
	if len(pods) != 1 || !ok {
		return demos.Prediction{}, false
	}
	pod := pods[0]
	sec := int64(nlc.DefaultTolerationSeconds)
	if st.cfg.TolerationSeconds != nil {
		sec = max(*st.cfg.TolerationSeconds, 0)
	}
	unknownAt := n.Cond("Ready").LastTransition
	cs := []timeChoice{
		{taint.TimeAdded + nlc.Time(sec), fmt.Sprintf("%s: %d s (tolerationSeconds) after the NoExecute taint", nlc.Clock(taint.TimeAdded+nlc.Time(sec)), sec)},
		{unknownAt + nlc.Time(sec), fmt.Sprintf("%s: %d s after the node went NotReady", nlc.Clock(unknownAt+nlc.Time(sec)), sec)},
		{st.cfg.FailAt + nlc.Time(sec), fmt.Sprintf("%s: %d s after the failure", nlc.Clock(st.cfg.FailAt+nlc.Time(sec)), sec)},
	}
	at, evicted := st.evictionOf(pod.Name)
	ch, ans, ok := choices(cs, at, "Never: the node is back before its tolerationSeconds run out", !evicted)
	if !ok {
		return demos.Prediction{}, false
	}
	back := "never"
	if r := s.ReturnAt(); r != 1<<62 {
		back = nlc.Clock(r)
	}
	return demos.Prediction{
		Question: fmt.Sprintf("%s %s? The taint node.kubernetes.io/unreachable:NoExecute is on %s since %s; the pod tolerates it for %d s; the node comes back: %s.", qEvict, pod.Name, n.Name, nlc.Clock(taint.TimeAdded), sec, back),
		Choices:  ch,
		Answer:   ans,
		Why:      "The taint-eviction-controller starts the timer when it sees the NoExecute taint and deletes the pod when its tolerationSeconds run out, unless the taint is removed first (then it cancels: \"Cancelling deletion of Pod …\").",
	}, true
}

func createPrediction(cur, next frame) (demos.Prediction, bool) {
	created := 0
	for _, p := range next.sim.Pods {
		if cur.sim.Pod(p.Name) == nil {
			created++
		}
	}
	active, terminating := len(cur.sim.Active()), len(cur.sim.Pods)-len(cur.sim.Active())
	p := demos.Prediction{
		Question: fmt.Sprintf("%s? spec.replicas is %d; %d pods exist, %d of them Terminating.", qCreate, nlc.Replicas, len(cur.sim.Pods), terminating),
		Answer:   created,
		Why:      fmt.Sprintf("manageReplicas counts only active pods (FilterActivePods drops Terminating ones): diff = %d - %d = %d, so it creates %d, however long the Terminating pod lingers.", active, nlc.Replicas, active-nlc.Replicas, created),
	}
	for n := 0; n <= nlc.Replicas; n++ {
		p.Choices = append(p.Choices, strconv.Itoa(n))
	}
	if created > nlc.Replicas {
		return demos.Prediction{}, false
	}
	return p, true
}
