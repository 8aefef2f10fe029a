package daemonset

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-logr/logr"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kubeviz/kubeviz/engine/names"
)

// Well-known names, as upstream spells them.
const (
	// ControlPlaneTaintKey is kubeadm's taint on control-plane nodes
	// (cmd/kubeadm/app/constants: LabelNodeRoleControlPlane).
	ControlPlaneTaintKey = "node-role.kubernetes.io/control-plane"
	// ControllerName is the event source of the DaemonSet controller.
	ControllerName = "daemonset-controller"
	// PodGCName is the controller that deletes pods of deleted nodes
	// (pkg/controller/podgc/gc_controller.go gcOrphaned).
	PodGCName = "pod-garbage-collector"
)

// Config is the DaemonSet and the seed of its pod names.
type Config struct {
	Name                 string            // "fluentd"
	Image                string            // the template's image
	NodeSelector         map[string]string // spec.template.spec.nodeSelector
	TolerateControlPlane bool              // the template tolerates node-role.kubernetes.io/control-plane:NoSchedule
	Seed                 uint64
}

// Node is a node of the cluster.
type Node struct {
	Name   string
	Labels map[string]string
	Taints []v1.Taint
}

// Pod is one daemon pod.
type Pod struct {
	Name        string
	Node        string
	Image       string
	Revision    int  // the controller-revision-hash generation it was made from
	Ready       bool // Running and Ready (minReadySeconds 0: also available)
	Terminating bool
	Created     int // logical second
}

// Event is a line of `kubectl describe daemonset`'s Events.
type Event struct {
	Type, Reason, From, Message string
	At                          int
}

// Sim is the cluster: nodes, the DaemonSet's pods and its events.
type Sim struct {
	Cfg      Config
	Revision int // bumped by SetImage
	Nodes    []Node
	Pods     []Pod
	Events   []Event
	Now      int // logical seconds since the DaemonSet was created
	rng      names.Rand
}

// New returns a cluster with the given nodes and the DaemonSet just created.
func New(cfg Config, nodes []Node) *Sim {
	s := &Sim{Cfg: cfg, Revision: 1, rng: names.NewRand(cfg.Seed, 0x6461656d6f6e)}
	for _, n := range nodes {
		s.Nodes = append(s.Nodes, cloneNode(n))
	}
	return s
}

// Clone is a deep copy (the PRNG state included).
func (s *Sim) Clone() *Sim {
	c := *s
	c.Cfg.NodeSelector = cloneMap(s.Cfg.NodeSelector)
	c.Nodes = nil
	for _, n := range s.Nodes {
		c.Nodes = append(c.Nodes, cloneNode(n))
	}
	c.Pods = append([]Pod(nil), s.Pods...)
	c.Events = append([]Event(nil), s.Events...)
	// Settled syncs a clone: its draws must not move the original's
	// names on (names.Rand.Clone).
	c.rng = s.rng.Clone()
	return &c
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func cloneNode(n Node) Node {
	return Node{Name: n.Name, Labels: cloneMap(n.Labels), Taints: append([]v1.Taint(nil), n.Taints...)}
}

// Tolerations are the template's tolerations plus the ones the controller
// adds to every daemon pod: util/daemonset_util.go
// AddOrUpdateDaemonPodTolerations (network-unavailable is added only for
// hostNetwork pods, which fluentd is not).
func (s *Sim) Tolerations() []v1.Toleration {
	var ts []v1.Toleration
	if s.Cfg.TolerateControlPlane {
		ts = append(ts, v1.Toleration{Key: ControlPlaneTaintKey, Operator: v1.TolerationOpExists, Effect: v1.TaintEffectNoSchedule})
	}
	for _, t := range []struct {
		key    string
		effect v1.TaintEffect
	}{
		{v1.TaintNodeNotReady, v1.TaintEffectNoExecute},
		{v1.TaintNodeUnreachable, v1.TaintEffectNoExecute},
		{v1.TaintNodeDiskPressure, v1.TaintEffectNoSchedule},
		{v1.TaintNodeMemoryPressure, v1.TaintEffectNoSchedule},
		{v1.TaintNodePIDPressure, v1.TaintEffectNoSchedule},
		{v1.TaintNodeUnschedulable, v1.TaintEffectNoSchedule},
	} {
		ts = append(ts, v1.Toleration{Key: t.key, Operator: v1.TolerationOpExists, Effect: t.effect})
	}
	return ts
}

// Decision is NodeShouldRunDaemonPod's answer for one node, with why.
type Decision struct {
	ShouldRun, ShouldContinueRunning bool
	Why                              string
}

// ShouldRun follows daemon_controller.go NodeShouldRunDaemonPod and
// predicates: the nodeSelector (fitsNodeAffinity), then the taints with
// effect NoSchedule or NoExecute that no toleration tolerates (fitsTaints).
// A node whose untolerated taints are all NoSchedule keeps a pod already
// running there: NoSchedule only stops new pods.
func (s *Sim) ShouldRun(n Node) Decision {
	if !labels.SelectorFromSet(s.Cfg.NodeSelector).Matches(labels.Set(n.Labels)) {
		return Decision{Why: fmt.Sprintf("node labels do not match nodeSelector %s", labels.FormatLabels(s.Cfg.NodeSelector))}
	}
	tols := s.Tolerations()
	untolerated := func(effects ...v1.TaintEffect) *v1.Taint {
		for i := range n.Taints {
			t := &n.Taints[i]
			relevant := false
			for _, e := range effects {
				relevant = relevant || t.Effect == e
			}
			if !relevant {
				continue
			}
			ok := false
			for j := range tols {
				ok = ok || tols[j].ToleratesTaint(logr.Discard(), t, false)
			}
			if !ok {
				return t
			}
		}
		return nil
	}
	if t := untolerated(v1.TaintEffectNoSchedule, v1.TaintEffectNoExecute); t != nil {
		if ne := untolerated(v1.TaintEffectNoExecute); ne != nil {
			return Decision{Why: fmt.Sprintf("untolerated taint %s", ne.ToString())}
		}
		return Decision{ShouldContinueRunning: true, Why: fmt.Sprintf("untolerated taint %s: no new pod, but a running one stays", t.ToString())}
	}
	return Decision{ShouldRun: true, ShouldContinueRunning: true, Why: "fits"}
}

func (s *Sim) node(name string) (int, bool) {
	for i, n := range s.Nodes {
		if n.Name == name {
			return i, true
		}
	}
	return -1, false
}

// podsOn are the indexes of the pods bound to node (Terminating included).
func (s *Sim) podsOn(node string) []int {
	var ix []int
	for i, p := range s.Pods {
		if p.Node == node {
			ix = append(ix, i)
		}
	}
	return ix
}

// newName is the name the API server gives a pod the controller creates
// with generateName NAME- (engine/names.Suffix: SimpleNameGenerator,
// utilrand.String(5)); a name already taken is drawn again.
func (s *Sim) newName() string {
	for {
		name := s.Cfg.Name + "-" + names.Suffix(s.rng, 5)
		taken := false
		for _, p := range s.Pods {
			taken = taken || p.Name == name
		}
		if !taken {
			return name
		}
	}
}

func (s *Sim) event(reason, msg string) {
	s.Events = append(s.Events, Event{Type: "Normal", Reason: reason, From: ControllerName, Message: msg, At: s.Now})
}

// Tick advances logical time.
func (s *Sim) Tick(sec int) { s.Now += sec }

// Sync is one syncDaemonSet: manage (create a pod on every node that should
// run one and has none; delete pods on nodes that should not keep them),
// then, only when manage had nothing to do (its expectations are then
// satisfied), rollingUpdate. It returns what it did, one line each.
func (s *Sim) Sync() []string {
	var did []string
	// manage → podsShouldBeOnNode, node by node. A Terminating pod still
	// counts as the node's pod (getNodesToDaemonPods leaves out only pods
	// that are both deleted and terminal): with maxSurge 0 a node whose only
	// pod is Terminating gets no new pod until that pod is gone ("There are
	// no excess pods to be pruned, and no pods to create"). Followed:
	// kubernetes pkg/controller/daemon/daemon_controller.go podsShouldBeOnNode.
	for _, n := range s.Nodes {
		d := s.ShouldRun(n)
		all := s.podsOn(n.Name)
		var running []int
		for _, i := range all {
			if !s.Pods[i].Terminating {
				running = append(running, i)
			}
		}
		switch {
		case d.ShouldRun && len(all) == 0:
			// The pod is bound by the nodeAffinity the controller sets
			// (util.ReplaceDaemonSetPodNodeNameNodeAffinity): matchFields
			// metadata.name In [node].
			p := Pod{Name: s.newName(), Node: n.Name, Image: s.Cfg.Image, Revision: s.Revision, Created: s.Now}
			s.Pods = append(s.Pods, p)
			// controller_utils.go createPods: "Created pod: %v".
			s.event("SuccessfulCreate", "Created pod: "+p.Name)
			did = append(did, fmt.Sprintf("created %s for %s (nodeAffinity matchFields metadata.name In [%s])", p.Name, n.Name, n.Name))
		case !d.ShouldContinueRunning:
			for _, i := range running {
				did = append(did, s.deletePod(i, "deleted %s from %s: "+d.Why))
			}
		}
	}
	if len(did) > 0 {
		return did
	}
	return s.rollingUpdate()
}

// deletePod marks pod i Terminating with the controller's event
// (controller_utils.go DeletePod: "Deleted pod: %v"). It stays Ready until
// its kubelet has stopped the container: the kubelet computes readiness the
// same way for a pod being deleted (pkg/kubelet/prober/prober_manager.go
// UpdatePodStatus; documented by kubernetes/website PR #49476), so kubectl
// get pods prints 1/1 Terminating and updateDaemonSetStatus still counts it.
func (s *Sim) deletePod(i int, format string) string {
	s.Pods[i].Terminating = true
	s.event("SuccessfulDelete", "Deleted pod: "+s.Pods[i].Name)
	return fmt.Sprintf(format, s.Pods[i].Name, s.Pods[i].Node)
}

// MaxUnavailable and MaxSurge are the DaemonSet defaults
// (pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet).
const (
	MaxUnavailable = 1
	MaxSurge       = 0
)

// rollingUpdate follows update.go rollingUpdate for maxSurge 0: old pods
// that are not available may be replaced at once; otherwise delete old
// available pods while fewer than maxUnavailable nodes are unavailable.
// Upstream walks a map (any order); this demo takes nodes by name. Followed:
// kubernetes pkg/controller/daemon/update.go, the maxSurge == 0 branch.
func (s *Sim) rollingUpdate() []string {
	unavailable := 0
	var replace, candidates []int
	for _, n := range s.sortedNodeNames() {
		var old, cur []int
		for _, i := range s.podsOn(n) {
			if s.Pods[i].Terminating {
				continue
			}
			if s.Pods[i].Revision == s.Revision {
				cur = append(cur, i)
			} else {
				old = append(old, i)
			}
		}
		switch {
		case len(old) == 0 && len(cur) == 0, len(old) > 0 && len(cur) > 0:
			unavailable++
		case len(cur) > 0:
			if !s.Pods[cur[0]].Ready {
				unavailable++
			}
		default:
			switch {
			case !s.Pods[old[0]].Ready:
				replace = append(replace, old[0])
				unavailable++
			case unavailable >= MaxUnavailable:
			default:
				candidates = append(candidates, old[0])
			}
		}
	}
	remaining := min(max(MaxUnavailable-unavailable, 0), len(candidates))
	var did []string
	for _, i := range append(replace, candidates[:remaining]...) {
		line := s.deletePod(i, "rolling update: deleted old pod %s from %s (maxUnavailable 1, maxSurge 0)")
		// With maxSurge 0, update.go does not ask NodeShouldRunDaemonPod:
		// an old pod kept on a node with a NoSchedule taint is deleted too,
		// and manage will not create a new one there.
		if n, ok := s.node(s.Pods[i].Node); ok {
			if d := s.ShouldRun(s.Nodes[n]); !d.ShouldRun {
				line += "; no new pod will replace it: " + strings.TrimSuffix(d.Why, ": no new pod, but a running one stays")
			}
		}
		did = append(did, line)
	}
	return did
}

func (s *Sim) sortedNodeNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, p := range s.Pods {
		if !seen[p.Node] {
			seen[p.Node] = true
			names = append(names, p.Node)
		}
	}
	sort.Strings(names)
	return names
}

// Kubelet moves pods on: a new pod starts and passes its readiness probe, a
// Terminating pod finishes its grace period and is gone.
func (s *Sim) Kubelet() []string {
	var did []string
	kept := s.Pods[:0]
	for _, p := range s.Pods {
		if _, ok := s.node(p.Node); !ok {
			// A deleted node's pod: no kubelet reports on it.
			kept = append(kept, p)
			continue
		}
		switch {
		case p.Terminating:
			did = append(did, fmt.Sprintf("%s on %s is gone", p.Name, p.Node))
			continue
		case !p.Ready:
			p.Ready = true
			did = append(did, fmt.Sprintf("%s on %s is Running and Ready", p.Name, p.Node))
		}
		kept = append(kept, p)
	}
	s.Pods = kept
	return did
}

// AddNode: a node joins the cluster.
func (s *Sim) AddNode(n Node) error {
	if _, ok := s.node(n.Name); ok {
		return fmt.Errorf("node %q already exists", n.Name)
	}
	s.Nodes = append(s.Nodes, cloneNode(n))
	return nil
}

// The pod garbage collector's timing (pkg/controller/podgc/gc_controller.go):
// it runs every gcCheckPeriod, and a pod bound to a node that is not in its
// informer waits quarantineTime before the node is checked once more and the
// pod deleted.
const (
	PodGCCheckPeriod = 20 // gcCheckPeriod
	PodGCQuarantine  = 40 // quarantineTime
)

// DeleteNode: a node leaves. Its pods stay (the API still says Running: no
// kubelet reports on them): they are not the DaemonSet controller's to
// delete, since manage only looks at the nodes that exist. The pod garbage
// collector deletes them at least PodGCQuarantine seconds later: GCOrphaned.
func (s *Sim) DeleteNode(name string) error {
	i, ok := s.node(name)
	if !ok {
		return fmt.Errorf("node %q not found", name)
	}
	s.Nodes = append(s.Nodes[:i], s.Nodes[i+1:]...)
	return nil
}

// Orphans are the pods bound to a node that no longer exists.
func (s *Sim) Orphans() []Pod {
	var out []Pod
	for _, p := range s.Pods {
		if _, ok := s.node(p.Node); !ok {
			out = append(out, p)
		}
	}
	return out
}

// GCOrphaned is the pod garbage collector's gcOrphaned once the quarantine
// is over (podgc/gc_controller.go): every pod bound to a node that no longer
// exists is marked Failed with the condition DisruptionTarget (reason
// DeletionByPodGC, "PodGC: node no longer exists") and deleted with grace
// period 0. It records no event. It returns what it did.
func (s *Sim) GCOrphaned() []string {
	var did []string
	kept := s.Pods[:0]
	for _, p := range s.Pods {
		if _, ok := s.node(p.Node); !ok {
			did = append(did, fmt.Sprintf("%s deleted orphaned pod %s: node %s no longer exists (DisruptionTarget reason DeletionByPodGC, grace period 0)", PodGCName, p.Name, p.Node))
			continue
		}
		kept = append(kept, p)
	}
	s.Pods = kept
	return did
}

// Label sets (or, with value "", removes) a node label.
func (s *Sim) Label(node, key, value string) error {
	i, ok := s.node(node)
	if !ok {
		return fmt.Errorf("node %q not found", node)
	}
	if s.Nodes[i].Labels == nil {
		s.Nodes[i].Labels = map[string]string{}
	}
	if value == "" {
		delete(s.Nodes[i].Labels, key)
	} else {
		s.Nodes[i].Labels[key] = value
	}
	return nil
}

// Taint adds a taint to a node.
func (s *Sim) Taint(node string, t v1.Taint) error {
	i, ok := s.node(node)
	if !ok {
		return fmt.Errorf("node %q not found", node)
	}
	s.Nodes[i].Taints = append(s.Nodes[i].Taints, t)
	return nil
}

// SetImage is `kubectl set image`: a new template revision.
func (s *Sim) SetImage(image string) {
	s.Cfg.Image = image
	s.Revision++
}

// Status is the DaemonSet status as updateDaemonSetStatus computes it: per
// node that should run the pod, the oldest pod there decides ready,
// available and up-to-date.
type Status struct {
	Desired, Current, Ready, UpToDate, Available, Misscheduled int
}

// Status computes the status.
func (s *Sim) Status() Status {
	var st Status
	for _, n := range s.Nodes {
		d := s.ShouldRun(n)
		pods := s.podsOn(n.Name)
		if !d.ShouldRun {
			if len(pods) > 0 {
				st.Misscheduled++
			}
			continue
		}
		st.Desired++
		if len(pods) == 0 {
			continue
		}
		st.Current++
		p := s.Pods[pods[0]] // pods are kept in creation order: the oldest
		if p.Ready {
			st.Ready++
			st.Available++
		}
		if p.Revision == s.Revision && !p.Terminating {
			st.UpToDate++
		}
	}
	return st
}

// Settled: nothing more would happen without a new input.
func (s *Sim) Settled() bool {
	c := s.Clone()
	if len(c.Sync()) > 0 {
		return false
	}
	return len(c.Kubelet()) == 0
}

// Check returns a broken invariant, or "".
func (s *Sim) Check() string {
	perNode, terminating := map[string]int{}, map[string]bool{}
	for _, p := range s.Pods {
		if !p.Terminating {
			perNode[p.Node]++
		} else {
			terminating[p.Node] = true
		}
	}
	for n, c := range perNode {
		if c > 1 {
			return fmt.Sprintf("node %s runs %d daemon pods (maxSurge 0 allows 1)", n, c)
		}
		// podsShouldBeOnNode (maxSurge 0) creates no pod on a node whose
		// pod is still Terminating.
		if c > 0 && terminating[n] {
			return fmt.Sprintf("node %s has a new daemon pod while its old one is still Terminating (maxSurge 0)", n)
		}
	}
	st := s.Status()
	if st.Current > st.Desired || st.Ready > st.Current || st.UpToDate > st.Current {
		return fmt.Sprintf("status out of order: %+v", st)
	}
	return ""
}
