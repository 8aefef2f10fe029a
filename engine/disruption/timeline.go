package disruption

import (
	"fmt"
	"sort"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// Node is a node of the story.
type Node struct {
	Name     string
	MilliCPU int64 // allocatable cpu
}

// Line is one line a command printed, with the second it appeared.
type Line struct {
	At     int
	Text   string
	Stderr bool
}

// Attempt is one eviction request and its answer.
type Attempt struct {
	Pod    string
	Before int32 // the budget's disruptionsAllowed the request saw
	Result Eviction
}

// Frame is the cluster after one step of a timeline.
type Frame struct {
	T        int
	Actor    string // who acted: "you", "kube-scheduler", "kubelet", …
	Command  string // what you typed, if anything
	Did      []string
	Pods     []*Pod
	Cordoned []string
	Events   []Event
	Cycle    *scheduler.Cycle // a scheduling cycle that ran in this step
	Output   []Line           // what the running command has printed so far
	PDB      *PDBStatus
	Attempts []Attempt // eviction requests answered in this step
	Done     bool      // the story is over
	// Tied are the nodes that tied with the nominated one on every
	// criterion of pickOneNodeForPreemption (scheduler.TiedCandidates), set
	// on the frame of the cycle that nominated; nil when a criterion decided.
	Tied []string
}

// Pod finds a pod of the frame by name.
func (f *Frame) Pod(name string) *Pod {
	for _, p := range f.Pods {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Timeline is a story, step by step.
type Timeline struct {
	Nodes      []Node
	Frames     []Frame
	PDBCreated int // second the budget was created (drain story)
}

// world is the cluster while a timeline is built.
type world struct {
	t        int
	nodes    []Node
	cordoned map[string]bool
	pods     []*Pod
	events   []Event
	output   []Line
	frames   []Frame
	pdb      *PDBStatus
	ips      map[string]int
	// reportsPDB is a budget the scheduler sees in the preemption story.
	reportsPDB *Budget
}

func newWorld(nodes []Node) *world {
	return &world{nodes: nodes, cordoned: map[string]bool{}, ips: map[string]int{}}
}

func (w *world) snap(actor, cmd string, did []string, f Frame) {
	f.T, f.Actor, f.Command, f.Did = w.t, actor, cmd, did
	for _, p := range w.pods {
		if p.Exists(w.t) {
			f.Pods = append(f.Pods, p.Clone())
		}
	}
	for _, n := range w.nodes {
		if w.cordoned[n.Name] {
			f.Cordoned = append(f.Cordoned, n.Name)
		}
	}
	f.Events = append([]Event(nil), w.events...)
	f.Output = append([]Line(nil), w.output...)
	if w.pdb != nil {
		st := *w.pdb
		st.DisruptedPods = append([]string(nil), w.pdb.DisruptedPods...)
		f.PDB = &st
	}
	w.frames = append(w.frames, f)
}

func (w *world) event(typ, reason, obj, from, msg string) {
	w.events = append(w.events, Event{At: w.t, Type: typ, Reason: reason, Object: obj, From: from, Message: msg})
}

func (w *world) print(text string, stderr bool) {
	w.output = append(w.output, Line{At: w.t, Text: text, Stderr: stderr})
}

func (w *world) pod(name string) *Pod {
	for _, p := range w.pods {
		if p.Name == name && p.Exists(w.t) {
			return p
		}
	}
	return nil
}

// ip hands out pod IPs per node from the node's pod CIDR (10.244.N.0/24).
func (w *world) ip(node string) string {
	n := 0
	for i, nd := range w.nodes {
		if nd.Name == node {
			n = i + 1
		}
	}
	w.ips[node]++
	return fmt.Sprintf("10.244.%d.%d", n, 10+w.ips[node])
}

// cluster is the scheduler's snapshot at the current second: every node
// (cordoned ones marked unschedulable) and every pod bound to one, the
// terminating ones included (they hold their resources until they are gone).
func (w *world) cluster() scheduler.Cluster {
	var cl scheduler.Cluster
	for _, n := range w.nodes {
		node, err := scheduler.MakeNode(scheduler.NodeSpec{Name: n.Name, CPU: scheduler.MilliCPU(n.MilliCPU), Memory: "8Gi", Unschedulable: w.cordoned[n.Name]})
		if err != nil {
			panic(err)
		}
		cl.Nodes = append(cl.Nodes, node)
	}
	for _, p := range w.pods {
		if !p.Exists(w.t) || p.BoundAt == Never {
			continue
		}
		cl.Pods = append(cl.Pods, mustPod(p, p.Node))
	}
	if b := w.reportsPDB; b != nil {
		st := w.budgetStatus(*b, "report")
		cl.PDBs = append(cl.PDBs, scheduler.MakePDB(scheduler.PDBSpec{Name: b.Name, Selector: map[string]string{"app": "report"},
			MinAvailable: b.Value.String(), DisruptionsAllowed: st.DisruptionsAllowed}))
	}
	return cl
}

// budgetStatus is the disruption controller's status of a budget over
// app=<app> at the current second.
func (w *world) budgetStatus(b Budget, app string) PDBStatus {
	var matched []PodHealth
	for _, p := range w.pods {
		if p.Exists(w.t) && p.Labels["app"] == app {
			matched = append(matched, PodHealth{Name: p.Name, Ready: p.IsReady(w.t), Terminating: p.Terminating(w.t)})
		}
	}
	return ComputeStatus(b, 0, matched)
}

func mustPod(p *Pod, node string) *v1.Pod {
	sp, err := scheduler.MakePod(scheduler.PodSpec{Name: p.Name, Namespace: p.Namespace, UID: p.UID, CPU: scheduler.MilliCPU(p.MilliCPU),
		NodeName: node, Priority: p.Priority, ClassName: p.Class, Start: int64(p.Created), Labels: p.Labels, Memory: "256Mi"})
	if err != nil {
		panic(err)
	}
	return sp
}

// kubeletStep records what the kubelets do at the current second to pods
// being deleted: SIGTERM after the preStop hook, the container's exit or
// SIGKILL, and the pod object going away.
func (w *world) kubeletStep() []string {
	var did []string
	ps := append([]*Pod(nil), w.pods...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	for _, p := range ps {
		if p.DeletedAt == Never || p.DeletedAt == w.t {
			continue
		}
		switch w.t {
		case p.SIGTERMAt:
			if p.Life.PreStop > 0 {
				did = append(did, fmt.Sprintf("kubelet on %s: the preStop hook of %s finished; SIGTERM sent to its process (grace left: %ds).", p.Node, p.Name, p.SIGKILLAt-p.SIGTERMAt))
			}
		}
		if w.t == p.ExitAt && p.ExitAt != p.DeletedAt {
			if p.Killed {
				did = append(did, fmt.Sprintf("kubelet on %s: the grace period of %s is over: SIGKILL; the container exits with code 137.", p.Node, p.Name))
			} else {
				did = append(did, fmt.Sprintf("kubelet on %s: %s exited after SIGTERM (code 0).", p.Node, p.Name))
			}
		}
		if w.t == p.GoneAt && p.GoneAt != p.DeletedAt {
			did = append(did, fmt.Sprintf("kubelet on %s: %s has stopped; the kubelet removes the pod object, its %s cpu is free.", p.Node, p.Name, scheduler.MilliCPU(p.MilliCPU)))
		}
	}
	for _, p := range ps {
		if p.BoundAt != Never && p.DeletedAt == Never {
			if w.t == p.RunningAt && p.RunningAt != p.BoundAt {
				did = append(did, fmt.Sprintf("kubelet on %s: %s's container started; Running, not Ready until its readiness probe passes.", p.Node, p.Name))
			}
			if w.t == p.ReadyAt {
				did = append(did, fmt.Sprintf("kubelet on %s: %s passed its readiness probe: Ready.", p.Node, p.Name))
			}
		}
	}
	return did
}

// busy reports whether any pod will still change after the current second.
func (w *world) busy() bool {
	for _, p := range w.pods {
		for _, at := range []int{p.SIGTERMAt, p.ExitAt, p.GoneAt, p.RunningAt, p.ReadyAt} {
			if at > w.t {
				return true
			}
		}
	}
	return false
}
