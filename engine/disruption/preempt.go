package disruption

import (
	"fmt"
	"sort"
	"strings"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// The preemptor's name and UID: the Preempted event names the preemptor by
// its UID.
const (
	PreemptorName = "checkout"
	PreemptorUID  = "3f6c2a8e-9b1d-4e7a-b5c4-0d2e8f1a6b39"
)

// PreemptConfig is the preemption story's settings.
type PreemptConfig struct {
	Classes []PriorityClass
	Class   string // the new pod's spec.priorityClassName ("" for none)
	CPU     string // its cpu request
	Life    Lifecycle
	Seed    uint64
	// ReportsMinAvailable > 0 adds PodDisruptionBudget "reports"
	// (minAvailable N over app=report), which preemption honours where it
	// can (engine/scheduler: default_preemption.go filterPodsWithPDBViolation,
	// pickOneNodeForPreemption's first criterion).
	ReportsMinAvailable int
}

// RunningPod is a pod already running when the story starts.
type RunningPod struct {
	Name, Class, Node string
	MilliCPU          int64
	Age               int
}

// PreemptCluster is the story's full cluster: three 2-core nodes, bare
// pods of two classes (no controller recreates them).
func PreemptCluster() ([]Node, []RunningPod) {
	nodes := []Node{{"node-1", 2000}, {"node-2", 2000}, {"node-3", 2000}}
	pods := []RunningPod{
		{"api-1", "standard", "node-1", 1000, 7200}, {"report-1", "batch-low", "node-1", 500, 3000}, {"report-2", "batch-low", "node-1", 500, 2400},
		{"api-2", "standard", "node-2", 1000, 7200}, {"report-3", "batch-low", "node-2", 1000, 1800},
		{"api-3", "standard", "node-3", 1500, 7200}, {"report-4", "batch-low", "node-3", 500, 1200},
	}
	return nodes, pods
}

// StoryClasses are the PriorityClasses of every story: the two system
// classes and three of yours, one of them the globalDefault.
func StoryClasses() []PriorityClass {
	sys := SystemPriorityClasses()
	for i := range sys {
		sys[i].Age = 30 * 86400 // created when the cluster was bootstrapped
	}
	return append(sys,
		PriorityClass{Name: "checkout-critical", Value: 100000, Description: "Customer-facing checkout path.", Age: 86400},
		PriorityClass{Name: "standard", Value: 1000, GlobalDefault: true, Description: "Everything that names no class.", Age: 86400},
		PriorityClass{Name: "batch-low", Value: 100, PreemptionPolicy: v1.PreemptNever, Description: "Reports and other work that can wait.", Age: 86400},
	)
}

// RunPreemption plays the preemption story second by second: you create
// the pod; admission resolves its priority; a scheduling cycle fails and
// DefaultPreemption nominates a node and victims
// (engine/scheduler, defaultpreemption); the scheduler marks each victim
// with the DisruptionTarget condition, deletes it with its grace period and
// records Preempted (preemption/executor.go PreemptPod); the kubelets run
// preStop, SIGTERM and SIGKILL; once the victims are gone the pod binds.
// The error is for a cpu request that does not parse.
func RunPreemption(cfg PreemptConfig) (*Timeline, *Admission, error) {
	cpu, err := resource.ParseQuantity(cfg.CPU)
	if err != nil {
		return nil, nil, err
	}
	nodes, running := PreemptCluster()
	w := newWorld(nodes)
	classes := cfg.Classes
	byName := map[string]PriorityClass{}
	for _, c := range classes {
		byName[c.Name] = c
	}
	for _, r := range running {
		p := NewPod(r.Name, -r.Age)
		p.UID = "uid-" + r.Name
		p.Class, p.Priority, p.MilliCPU, p.Life = r.Class, byName[r.Class].Value, r.MilliCPU, cfg.Life
		p.Container = strings.TrimRight(r.Name, "-0123456789")
		p.Labels = map[string]string{"app": p.Container}
		p.Bind(r.Node, -r.Age, w.ip(r.Node))
		w.pods = append(w.pods, p)
	}
	tl := &Timeline{Nodes: nodes}
	if cfg.ReportsMinAvailable > 0 {
		w.reportsPDB = &Budget{Name: "reports", Selector: "app=report", Field: "minAvailable", Value: intstr.FromInt(cfg.ReportsMinAvailable)}
	}

	// t=0: kubectl apply, and the Priority admission plugin.
	adm := Admit(classes, PreemptorName, cfg.Class)
	if adm.Rejected {
		w.print(`Error from server (Forbidden): error when creating "checkout.yaml": `+adm.Error, true)
		w.snap("you", "kubectl apply -f checkout.yaml", []string{"The Priority admission plugin rejects the pod: " + adm.Error + ". Nothing is created; the scheduler never sees it."}, Frame{Done: true})
		tl.Frames = w.frames
		return tl, &adm, nil
	}
	pre := NewPod(PreemptorName, 0)
	pre.UID, pre.Class, pre.Priority, pre.MilliCPU, pre.Life, pre.Container = PreemptorUID, adm.ClassName, adm.Priority, cpu.MilliValue(), cfg.Life, "checkout"
	pre.Labels = map[string]string{"app": "checkout"}
	w.pods = append(w.pods, pre)
	w.print("pod/checkout created", false)
	w.snap("you", "kubectl apply -f checkout.yaml", []string{fmt.Sprintf("Admission: %s. The pod is stored with priority %d and preemptionPolicy %s; it is Pending.", adm.Why, adm.Priority, adm.PreemptionPolicy)}, Frame{})

	// t=0: the scheduling cycle.
	cyc := w.schedule(pre, adm, cfg.Seed)
	if cyc.Scheduled() {
		w.bindStory(pre, cyc, tl)
		tl.Frames = w.frames
		return tl, &adm, nil
	}
	pf := cyc.PostFilter
	did := []string{"Filter: " + cyc.FitMessage}
	w.event(v1.EventTypeWarning, "FailedScheduling", "pod/checkout", "default-scheduler", cyc.FailedSchedulingMessage())
	if pf == nil || pf.Nominated == "" {
		why := "PostFilter (DefaultPreemption) finds no node where evicting lower-priority pods would help."
		if pf != nil && !pf.Eligible {
			why = "PostFilter (DefaultPreemption): " + pf.Status.Message() + " The pod waits in the unschedulable queue."
		}
		did = append(did, why)
		w.snap("kube-scheduler", "", did, Frame{Cycle: cyc, Done: true})
		tl.Frames = w.frames
		return tl, &adm, nil
	}
	var vs []string
	for _, v := range pf.Victims {
		s := fmt.Sprintf("%s (priority %d)", v.Pod, v.Priority)
		if v.ViolatesPDB {
			s += ", violating PodDisruptionBudget " + strings.Join(v.PDBs, ", ")
		}
		vs = append(vs, s)
	}
	pre.Nominated = pf.Nominated
	did = append(did, fmt.Sprintf("PostFilter (DefaultPreemption): on %s, evicting %s makes room. The scheduler sets status.nominatedNodeName: %s.", pf.Nominated, strings.Join(vs, ", "), pf.Nominated))
	// A tie on every criterion: upstream takes "the first such node (sort of
	// randomly)", the first of a map's iteration
	// (pkg/scheduler/framework/preemption/preemption.go pickOneNodeForPreemption).
	tied := scheduler.TiedCandidates(pf, w.cluster())
	if len(tied) > 0 {
		did = append(did, TieSentence(tied, pf.Nominated))
	}
	w.snap("kube-scheduler", "", did, Frame{Cycle: cyc, Tied: tied})

	// t=0: the victims (executor.go PreemptPod, one API call each).
	did = nil
	for _, v := range pf.Victims {
		p := w.pod(v.Pod)
		p.Disruption = &Condition{Type: "DisruptionTarget", Status: "True", Reason: v1.PodReasonPreemptionByScheduler,
			Message: v1.DefaultSchedulerName + ": preempting to accommodate a higher priority pod"}
		p.Delete(w.t)
		w.event(v1.EventTypeNormal, "Preempted", "pod/"+p.Name, "default-scheduler", fmt.Sprintf("Preempted by pod %v on node %v", PreemptorUID, pf.Nominated))
		w.event(v1.EventTypeNormal, "Killing", "pod/"+p.Name, "kubelet", "Stopping container "+p.Container)
		if p.Life.Grace == 0 {
			did = append(did, fmt.Sprintf("%s gets condition DisruptionTarget=True (PreemptionByScheduler) and is deleted; with terminationGracePeriodSeconds 0 the API server removes it at once and the kubelet kills its container.", p.Name))
		} else {
			did = append(did, fmt.Sprintf("%s gets condition DisruptionTarget=True (PreemptionByScheduler) and is deleted with its grace period, %ds: Terminating.", p.Name, p.Life.Grace))
		}
		if p.Life.PreStop > 0 && p.Life.Grace > 0 {
			did = append(did, fmt.Sprintf("kubelet on %s: Killing; runs %s's preStop hook (sleep %d) before any signal.", p.Node, p.Name, p.Life.PreStop))
		} else if p.Life.Grace > 0 {
			did = append(did, fmt.Sprintf("kubelet on %s: Killing; sends SIGTERM to %s.", p.Node, p.Name))
		}
	}
	w.snap("kube-scheduler", "", did, Frame{})

	// Second by second until the victims are gone and the pod binds.
	for w.t < 400 {
		w.t++
		did := w.kubeletStep()
		gone := true
		for _, v := range pf.Victims {
			if p := w.findAny(v.Pod); p != nil && p.Exists(w.t) {
				gone = false
			}
		}
		if gone && pre.BoundAt == Never {
			// The last victim's delete event moves the pod back to the
			// active queue (AssignedPodDelete); it is past its backoff.
			cyc, fast := w.retry(pre, adm, cfg.Seed)
			if cyc.Scheduled() {
				pre.Bind(cyc.Selected, w.t, w.ip(cyc.Selected))
				w.event(v1.EventTypeNormal, "Scheduled", "pod/checkout", "default-scheduler", fmt.Sprintf("Successfully assigned default/checkout to %s", cyc.Selected))
				if fast {
					did = append(did, fmt.Sprintf("kube-scheduler: the victims are gone; a new cycle starts from checkout's status.nominatedNodeName: findNodesThatFitPod runs Filter on %s first (evaluateNominatedNode), it fits, and no other node is filtered. With one feasible node schedulePod skips scoring (\"When only one node after predicate, just use it\") and binds checkout to %s. The API server clears status.nominatedNodeName.", cyc.Selected, cyc.Selected))
				} else {
					did = append(did, fmt.Sprintf("kube-scheduler: the victims are gone; a new cycle binds checkout to %s. The API server clears status.nominatedNodeName.", cyc.Selected))
				}
				w.snap("kube-scheduler", "", did, Frame{Cycle: cyc})
				continue
			}
		}
		if len(did) == 0 {
			did = append(did, w.waiting())
		}
		done := pre.BoundAt != Never && !w.busy()
		w.snap("kubelet", "", did, Frame{Done: done})
		if done {
			break
		}
	}
	tl.Frames = w.frames
	return tl, &adm, nil
}

// TieSentence says that nodes tied on every criterion of
// pickOneNodeForPreemption, so that upstream's pick among them is
// effectively random, and which one this demo shows.
func TieSentence(tied []string, shown string) string {
	return fmt.Sprintf("%s tie on every criterion of pickOneNodeForPreemption; upstream then takes the first node of a map's iteration, so its pick among them is effectively random: any of them could be nominated, and this demo shows %s.", andList(tied), shown)
}

func andList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	case 2:
		return s[0] + " and " + s[1]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func (w *world) findAny(name string) *Pod {
	for _, p := range w.pods {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// waiting says what is going on in a second when nothing changes.
func (w *world) waiting() string {
	var parts []string
	for _, p := range w.pods {
		if p.Terminating(w.t) && p.Exists(w.t) {
			parts = append(parts, fmt.Sprintf("%s: %s", p.Name, p.Phase(w.t)))
		}
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "Nothing changes this second."
	}
	return "Still Terminating: " + strings.Join(parts, "; ") + "."
}

func (w *world) schedule(pre *Pod, adm Admission, seed uint64) *scheduler.Cycle {
	sp, err := scheduler.MakePod(scheduler.PodSpec{Name: pre.Name, UID: pre.UID, CPU: scheduler.MilliCPU(pre.MilliCPU), Memory: "256Mi",
		Priority: adm.Priority, ClassName: adm.ClassName, Never: adm.PreemptionPolicy == v1.PreemptNever, Start: int64(pre.Created), Labels: pre.Labels})
	if err != nil {
		panic(err)
	}
	return scheduler.Schedule(w.cluster(), sp, scheduler.Options{Seed: seed})
}

// retry is the cycle after the victims are gone. The pod carries
// status.nominatedNodeName, so findNodesThatFitPod first runs Filter on
// that node alone (evaluateNominatedNode) and, if it fits, returns it as the
// only feasible node; schedulePod then skips scoring ("When only one node
// after predicate, just use it") (pkg/scheduler/schedule_one.go). fast
// reports that path; when the nominated node does not fit, a full cycle runs
// over every node.
func (w *world) retry(pre *Pod, adm Admission, seed uint64) (cyc *scheduler.Cycle, fast bool) {
	if pre.Nominated != "" {
		sp, err := scheduler.MakePod(scheduler.PodSpec{Name: pre.Name, UID: pre.UID, CPU: scheduler.MilliCPU(pre.MilliCPU), Memory: "256Mi",
			Priority: adm.Priority, ClassName: adm.ClassName, Never: adm.PreemptionPolicy == v1.PreemptNever, Start: int64(pre.Created), Labels: pre.Labels})
		if err != nil {
			panic(err)
		}
		cl := w.cluster()
		var only []*v1.Node
		for _, n := range cl.Nodes {
			if n.Name == pre.Nominated {
				only = append(only, n)
			}
		}
		cl.Nodes = only
		if c := scheduler.Schedule(cl, sp, scheduler.Options{Seed: seed}); c.Scheduled() {
			return c, true
		}
	}
	return w.schedule(pre, adm, seed), false
}

// bindStory is the short story of a pod that fits at once.
func (w *world) bindStory(pre *Pod, cyc *scheduler.Cycle, tl *Timeline) {
	pre.Bind(cyc.Selected, w.t, w.ip(cyc.Selected))
	w.event(v1.EventTypeNormal, "Scheduled", "pod/checkout", "default-scheduler", fmt.Sprintf("Successfully assigned default/checkout to %s", cyc.Selected))
	w.snap("kube-scheduler", "", []string{fmt.Sprintf("The pod fits on %s without preempting anyone: bound.", cyc.Selected)}, Frame{Cycle: cyc})
	for w.busy() && w.t < 20 {
		w.t++
		did := w.kubeletStep()
		if len(did) == 0 {
			continue
		}
		w.snap("kubelet", "", did, Frame{Done: !w.busy()})
	}
	w.frames[len(w.frames)-1].Done = true
}
