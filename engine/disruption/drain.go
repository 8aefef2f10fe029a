package disruption

import (
	"fmt"
	"sort"
	"strings"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/names"
	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// DrainConfig is the drain story's settings.
type DrainConfig struct {
	Replicas int
	Budget   Budget
	Life     Lifecycle
	Seed     uint64
	Limit    int // seconds to follow a drain that never finishes
}

// The story's names.
const (
	DrainNode    = "node-1"
	Deployment   = "checkout"
	TemplateHash = "7c9d8f6b5d"
	ReplicaSet   = Deployment + "-" + TemplateHash
)

// DrainCommand is what you type.
const DrainCommand = "kubectl drain " + DrainNode + " --ignore-daemonsets"

// RunDrain plays `kubectl drain node-1 --ignore-daemonsets` against a
// Deployment whose pods a PodDisruptionBudget covers, second by second:
//
//   - kubectl cordons the node, warns about the DaemonSet pod it leaves, and
//     starts one goroutine per pod (drain.go evictPods): each prints
//     "evicting pod default/NAME" and POSTs an Eviction;
//   - the API server answers 201 and deletes the pod with its grace period,
//     or 429 "Cannot evict pod as it would violate the pod's disruption
//     budget." (eviction.go), which kubectl prints and retries after 5s;
//   - the ReplicaSet controller replaces each terminating pod at once, the
//     scheduler puts the replacement on another node (node-1 is cordoned),
//     and the disruption controller recounts the budget every second;
//   - kubectl polls every second and prints "pod/NAME evicted" when the pod
//     is gone, then "node/node-1 drained".
//
// Parallel goroutines reach the API server in an order upstream leaves to
// chance; here it is the order of kubectl get pods (by name).
func RunDrain(cfg DrainConfig) *Timeline {
	if cfg.Limit == 0 {
		cfg.Limit = 60
	}
	nodes := []Node{{"node-1", 4000}, {"node-2", 4000}, {"node-3", 4000}}
	w := newWorld(nodes)
	// The API server's generateName suffixes (engine/names.Suffix:
	// SimpleNameGenerator, utilrand.String(5)), seeded by cfg.Seed.
	rng := names.NewRand(cfg.Seed, 0x647261696e).Rand
	age := 86400
	for _, n := range nodes {
		p := NewPod("kube-proxy-"+names.Suffix(rng, 5), -age)
		p.Namespace, p.Owner, p.Container, p.MilliCPU, p.Life = "kube-system", "DaemonSet/kube-proxy", "kube-proxy", 0, Lifecycle{Grace: 30}
		// kubeadm's kube-proxy DaemonSet runs at system-node-critical.
		p.Class, p.Priority = SystemNodeCritical, SystemCriticalPriority+1000
		p.Bind(n.Name, -age, "")
		w.pods = append(w.pods, p)
	}
	newCheckout := func(t int) *Pod {
		p := NewPod(ReplicaSet+"-"+names.Suffix(rng, 5), t)
		p.Owner, p.Container, p.MilliCPU, p.Life = "ReplicaSet/"+ReplicaSet, "checkout", 500, cfg.Life
		p.Labels = map[string]string{"app": "checkout", "pod-template-hash": TemplateHash}
		p.Class, p.Priority = "standard", 1000
		return p
	}
	for i := 0; i < cfg.Replicas; i++ {
		p := newCheckout(-age + 60)
		n := nodes[i%len(nodes)].Name
		p.Bind(n, -age+60, w.ip(n))
		w.pods = append(w.pods, p)
	}

	// The disruption controller's view (trySync).
	recount := func() {
		var matched []PodHealth
		for _, p := range w.pods {
			if p.Exists(w.t) && p.Labels["app"] == "checkout" {
				matched = append(matched, PodHealth{Name: p.Name, Ready: p.IsReady(w.t), Terminating: p.Terminating(w.t)})
			}
		}
		st := ComputeStatus(cfg.Budget, int32(cfg.Replicas), matched)
		w.pdb = &st
	}
	recount()
	tl := &Timeline{Nodes: nodes, PDBCreated: -(age - 120)}
	w.snap("you", "", []string{fmt.Sprintf("Deployment %s has %d replicas spread over the nodes; PodDisruptionBudget %s (%s, selector %s) covers them. %s.",
		Deployment, cfg.Replicas, cfg.Budget.Name, cfg.Budget, cfg.Budget.Selector, cap1(w.pdb.Why))}, Frame{})

	// t=0: cordon and the pod list (drain.go GetPodsForDeletion, filters.go).
	w.cordoned[DrainNode] = true
	w.print("node/"+DrainNode+" cordoned", false)
	var dsPods []string
	var targets []*Pod
	ps := append([]*Pod(nil), w.pods...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Namespace+"/"+ps[i].Name < ps[j].Namespace+"/"+ps[j].Name })
	for _, p := range ps {
		if p.Node != DrainNode || !p.Exists(w.t) {
			continue
		}
		if strings.HasPrefix(p.Owner, "DaemonSet/") {
			dsPods = append(dsPods, p.Namespace+"/"+p.Name)
			continue
		}
		targets = append(targets, p)
	}
	did := []string{"kubectl sets spec.unschedulable on " + DrainNode + ": the scheduler's NodeUnschedulable filter now rejects it."}
	if len(dsPods) > 0 {
		// printers.NewWarningPrinter: "Warning: " + list.Warnings().
		w.print("Warning: ignoring DaemonSet-managed Pods: "+strings.Join(dsPods, ", "), true)
		did = append(did, "DaemonSet pods stay: the DaemonSet controller ignores cordons and would put them right back.")
	}
	w.snap("you", DrainCommand, did, Frame{})

	type job struct {
		pod     *Pod
		retryAt int // -1: evicted, waiting for the pod to go
		done    bool
	}
	var jobs []*job
	for _, p := range targets {
		jobs = append(jobs, &job{pod: p, retryAt: 0})
	}
	evictDue := func() ([]string, []Attempt) {
		var did []string
		var at []Attempt
		for _, j := range jobs {
			if j.done || j.retryAt != w.t {
				continue
			}
			w.print(fmt.Sprintf("evicting pod %s/%s", j.pod.Namespace, j.pod.Name), false)
			before := w.pdb.DisruptionsAllowed
			ev := Evict(w.pdb, cfg.Budget.Name, j.pod.Name)
			at = append(at, Attempt{Pod: j.pod.Name, Before: before, Result: ev})
			if ev.Allowed {
				j.retryAt = -1
				j.pod.Disruption = &Condition{Type: "DisruptionTarget", Status: "True", Reason: "EvictionByEvictionAPI", Message: "Eviction API: evicting"}
				j.pod.Delete(w.t)
				w.event(v1.EventTypeNormal, "Killing", "pod/"+j.pod.Name, "kubelet", "Stopping container "+j.pod.Container)
				if j.pod.Life.Grace == 0 {
					did = append(did, fmt.Sprintf("Eviction of %s: 201. The budget allowed it; disruptionsAllowed drops to %d. With terminationGracePeriodSeconds 0 the pod is removed at once.", j.pod.Name, w.pdb.DisruptionsAllowed))
				} else {
					did = append(did, fmt.Sprintf("Eviction of %s: 201. The budget allowed it; disruptionsAllowed drops to %d and the pod is deleted with its grace period (%ds): Terminating.", j.pod.Name, w.pdb.DisruptionsAllowed, j.pod.Life.Grace))
				}
			} else {
				j.retryAt = w.t + 5
				w.print(fmt.Sprintf("error when evicting pods/%q -n %q (will retry after 5s): %v", j.pod.Name, j.pod.Namespace, ev.Message), true)
				did = append(did, fmt.Sprintf("Eviction of %s: 429 Too Many Requests. %s. kubectl retries in 5 s.", j.pod.Name, ev.Cause))
			}
		}
		return did, at
	}
	// The ReplicaSet controller: replace terminating pods (it counts only
	// active ones, controller.FilterActivePods), and the scheduler binds
	// the new ones.
	replace := func() []string {
		var did []string
		active := 0
		for _, p := range w.pods {
			if p.Exists(w.t) && p.Labels["app"] == "checkout" && !p.Terminating(w.t) {
				active++
			}
		}
		for ; active < cfg.Replicas; active++ {
			p := newCheckout(w.t)
			w.pods = append(w.pods, p)
			w.event(v1.EventTypeNormal, "SuccessfulCreate", "replicaset/"+ReplicaSet, "replicaset-controller", "Created pod: "+p.Name)
			sp := mustPod(p, "")
			cyc := scheduler.Schedule(w.cluster(), sp, scheduler.Options{Seed: cfg.Seed + uint64(w.t)})
			if cyc.Scheduled() {
				p.Bind(cyc.Selected, w.t, w.ip(cyc.Selected))
				w.event(v1.EventTypeNormal, "Scheduled", "pod/"+p.Name, "default-scheduler", fmt.Sprintf("Successfully assigned default/%s to %s", p.Name, cyc.Selected))
				did = append(did, fmt.Sprintf("ReplicaSet controller: %d of %d pods are active, so it creates %s; the scheduler binds it to %s (%s is cordoned).", active, cfg.Replicas, p.Name, cyc.Selected, DrainNode))
			} else {
				did = append(did, fmt.Sprintf("ReplicaSet controller creates %s; %s", p.Name, cyc.FitMessage))
			}
		}
		return did
	}

	// waitForDelete: poll every second (PollImmediate: at once, too); a pod
	// that is NotFound prints "pod/NAME evicted" (cmd/drain
	// onPodDeletionOrEvictionFinished with the name printer).
	poll := func() {
		for _, j := range jobs {
			if !j.done && j.retryAt < 0 && !j.pod.Exists(w.t) {
				j.done = true
				w.print("pod/"+j.pod.Name+" evicted", false)
			}
		}
	}
	finished := func() bool {
		for _, j := range jobs {
			if !j.done {
				return false
			}
		}
		return true
	}
	drained := "Every pod kubectl had to move is gone: node/" + DrainNode + " drained. It stays cordoned until kubectl uncordon."

	did, at := evictDue()
	poll()
	did = append(did, replace()...)
	recount()
	if finished() {
		w.print("node/"+DrainNode+" drained", false)
		did = append([]string{drained}, did...)
	}
	w.snap("kubectl drain", "", did, Frame{Attempts: at, Done: finished()})

	for !finished() && w.t < cfg.Limit {
		w.t++
		did := w.kubeletStep()
		poll()
		recount()
		d2, at := evictDue()
		poll()
		did = append(did, d2...)
		did = append(did, replace()...)
		recount()
		if finished() {
			w.print("node/"+DrainNode+" drained", false)
			did = append([]string{drained}, did...)
		}
		if len(did) == 0 {
			did = append(did, w.drainWaiting(jobs2(jobs, func(j *job) (*Pod, int) { return j.pod, j.retryAt })))
		}
		w.snap("kubectl drain", "", did, Frame{Attempts: at, Done: finished()})
	}
	if last := &w.frames[len(w.frames)-1]; !last.Done {
		last.Did = append(last.Did, fmt.Sprintf("This demo stops following here, %ds in: with this budget kubectl drain keeps retrying every 5 s until its --timeout (none by default) or until you stop it.", w.t))
		last.Done = true
	}
	tl.Frames = w.frames
	return tl
}

type pending struct {
	pod     *Pod
	retryAt int
}

func jobs2[J any](js []J, f func(J) (*Pod, int)) []pending {
	var out []pending
	for _, j := range js {
		p, r := f(j)
		out = append(out, pending{p, r})
	}
	return out
}

func (w *world) drainWaiting(ps []pending) string {
	var parts []string
	for _, j := range ps {
		switch {
		case j.retryAt > w.t:
			parts = append(parts, fmt.Sprintf("kubectl retries %s at %ds", j.pod.Name, j.retryAt))
		case j.retryAt < 0 && j.pod.Exists(w.t):
			parts = append(parts, fmt.Sprintf("%s: %s", j.pod.Name, j.pod.Phase(w.t)))
		}
	}
	if len(parts) == 0 {
		return "Nothing changes this second."
	}
	return "Waiting: " + strings.Join(parts, "; ") + "."
}

func cap1(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
