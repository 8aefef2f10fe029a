package clusterautoscaler

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kubeviz/kubeviz/engine/controller"
	"github.com/kubeviz/kubeviz/engine/hpa"
	"github.com/kubeviz/kubeviz/engine/names"
	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// Config is the cluster: the HPA and its Deployment, the load curve, and
// one autoscaled node group.
type Config struct {
	HPA          hpa.Config
	Load         string // a load preset of engine/hpa (hpa.Load)
	Image        string // the Deployment's image
	Group        string // the node group's id at the cloud provider
	MinNodes     int    // the node group's min size
	MaxNodes     int    // the node group's max size
	InitialNodes int    // nodes when the story starts (at least MinNodes)
	NodeCPUMilli int64  // each node's allocatable cpu
	// ProvisionSeconds is how long a requested node takes to register
	// Ready. It is the cloud's, not a Kubernetes setting; CA gives up on a
	// node after --max-node-provision-time (15m).
	ProvisionSeconds int
	Seed             uint64
	Options          Options
}

// Validate rejects a Config the simulation cannot run.
func (c Config) Validate() error {
	if err := c.HPA.Validate(); err != nil {
		return err
	}
	switch {
	case c.MinNodes < 0 || c.MaxNodes < 1 || c.MaxNodes < c.MinNodes:
		return fmt.Errorf("clusterautoscaler: need 0 <= min <= max and max >= 1, got %d and %d", c.MinNodes, c.MaxNodes)
	case c.InitialNodes < c.MinNodes || c.InitialNodes > c.MaxNodes || c.InitialNodes < 1:
		return fmt.Errorf("clusterautoscaler: initial nodes %d outside [max(min,1), max]", c.InitialNodes)
	case c.NodeCPUMilli < c.HPA.RequestMilli:
		return fmt.Errorf("clusterautoscaler: a node of %dm cpu cannot hold a pod requesting %dm", c.NodeCPUMilli, c.HPA.RequestMilli)
	case c.ProvisionSeconds < 5 || c.ProvisionSeconds%5 != 0:
		return fmt.Errorf("clusterautoscaler: provisioning takes a positive multiple of 5 s")
	case c.Options.ScanInterval != 10:
		return fmt.Errorf("clusterautoscaler: this model runs CA every 10 s")
	}
	return nil
}

// Node phases in this model.
const (
	Provisioning = "Provisioning" // requested from the cloud provider, not registered yet
	Ready        = "Ready"
	Deleting     = "Deleting" // tainted ToBeDeletedByClusterAutoscaler, about to go
)

// Node is one node of the group.
type Node struct {
	Name        string
	Phase       string
	RequestedAt int // when CA (or the initial setup) asked for it
	ReadyAt     int // when it registers Ready (Provisioning)
	DeleteAt    int // when the cloud provider has deleted it (Deleting)
	// SoftTaintSince is when the DeletionCandidateOfClusterAutoscaler
	// PreferNoSchedule taint went on, -1 without it.
	SoftTaintSince int
	TaintedAt      int  // when ToBeDeletedByClusterAutoscaler went on (Deleting)
	Drained        bool // deleted with drain: it had pods (Deleting)
}

// Pod is one pod of the Deployment's ReplicaSet.
type Pod struct {
	Name    string
	UID     string
	Node    string // "" while Pending
	Created int
	Bound   int    // when it was bound (and, here, became Ready)
	Failed  string // the last FailedScheduling message while Pending
}

// Event is a Kubernetes event, or a line CA logs, at time T.
type Event struct {
	T       int
	Object  string // "pod/web-…", "node/node-2", "configmap/cluster-autoscaler-status", "horizontalpodautoscaler/web"
	Type    string // Normal or Warning
	Reason  string
	From    string // the component that recorded it
	Message string
}

// Sim is the whole cluster.
type Sim struct {
	cfg    Config
	T      int
	HPA    *hpa.Sim
	Syncs  int // HPA syncs so far
	Nodes  []Node
	Pods   []Pod
	RSName string
	Events []Event // append-only: a clone shares the prefix
	// momentStart is the index in Events of the last moment's first event.
	momentStart int
	Last        Moment
	// LastScan is CA's most recent scan (the last moment may have been
	// the HPA's alone).
	LastScan *Scan
	rng      names.Rand // pod names, UIDs, the scheduler's tie-break seeds
	nodeSeq  int

	unneeded        []unneeded // CA's unneeded.Nodes: node and since
	recheck         []unneeded // unremovable.Nodes with a timeout: node and until
	lastScaleUp     int        // -1: never
	lastScaleDelete int        // -1: never
	scans           int
}

type unneeded struct {
	node  string
	since int
}

// Moment is what happened at one instant of the timeline.
type Moment struct {
	T      int
	Joined []string   // nodes that registered Ready
	Gone   []string   // nodes the cloud provider deleted
	Bound  []string   // "pod -> node" bindings by the scheduler
	HPA    *hpa.Sync  // the HPA sync, when one ran
	Load   int64      // the load at this HPA sync
	Scan   *Scan      // the CA scan, when one ran
	Change ReplicaSet // what the ReplicaSet controller did
}

// ReplicaSet is what the ReplicaSet controller did after a change of
// spec.replicas (or an eviction).
type ReplicaSet struct {
	Created, Deleted []string
}

// New builds the cluster at t=0: the initial nodes Ready, the HPA created,
// the Deployment's pods created and scheduled.
func New(cfg Config) (*Sim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	h, err := hpa.New(cfg.HPA)
	if err != nil {
		return nil, err
	}
	s := &Sim{cfg: cfg, HPA: h, rng: names.NewRand(cfg.Seed, 0x9e3779b97f4a7c15), lastScaleUp: -1, lastScaleDelete: -1}
	s.RSName = cfg.HPA.Name + "-" + controller.ComputeHash(ptr(s.Template()), nil)
	for i := 0; i < cfg.InitialNodes; i++ {
		s.addNode(0, Ready)
	}
	var m Moment
	s.reconcileReplicaSet(&m)
	s.Last = m
	return s, nil
}

func ptr[T any](v T) *T { return &v }

// Template is the Deployment's pod template: `kubectl create deployment`
// (engine/controller.KubectlDeploymentTemplate) with a cpu request, as
// `kubectl set resources --requests=cpu=…` sets it. Its ComputeHash is the
// pod-template-hash in the ReplicaSet's and the pods' names.
func (s *Sim) Template() v1.PodTemplateSpec {
	t := controller.KubectlDeploymentTemplate(s.cfg.HPA.Name, s.cfg.Image, "nginx")
	t.Spec.Containers[0].Resources.Requests = v1.ResourceList{v1.ResourceCPU: *resource.NewMilliQuantity(s.cfg.HPA.RequestMilli, resource.DecimalSI)}
	return t
}

// Config returns the configuration.
func (s *Sim) Config() Config { return s.cfg }

// Clone returns a copy that shares nothing mutable with s.
func (s *Sim) Clone() *Sim {
	c := *s
	c.rng = s.rng.Clone() // its own generator in the same state (names.Rand)
	c.HPA = s.HPA.Clone()
	c.Nodes = append([]Node(nil), s.Nodes...)
	c.Pods = append([]Pod(nil), s.Pods...)
	c.Events = s.Events[:len(s.Events):len(s.Events)]
	c.unneeded = append([]unneeded(nil), s.unneeded...)
	c.recheck = append([]unneeded(nil), s.recheck...)
	c.Last = s.Last.clone()
	if s.LastScan != nil {
		sc := *s.LastScan
		sc.Nodes = append([]NodeUtil(nil), s.LastScan.Nodes...)
		c.LastScan = &sc
	}
	return &c
}

func (m Moment) clone() Moment {
	c := m
	if m.HPA != nil {
		y := *m.HPA
		y.Window = append([]int32(nil), m.HPA.Window...)
		c.HPA = &y
	}
	if m.Scan != nil {
		sc := *m.Scan
		sc.Nodes = append([]NodeUtil(nil), m.Scan.Nodes...)
		c.Scan = &sc
	}
	return c
}

func (s *Sim) addNode(now int, phase string) *Node {
	s.nodeSeq++
	n := Node{Name: "node-" + strconv.Itoa(s.nodeSeq), Phase: phase, RequestedAt: now, ReadyAt: now, SoftTaintSince: -1}
	if phase == Provisioning {
		n.ReadyAt = now + s.cfg.ProvisionSeconds
	}
	s.Nodes = append(s.Nodes, n)
	return &s.Nodes[len(s.Nodes)-1]
}

func (s *Sim) node(name string) *Node {
	for i := range s.Nodes {
		if s.Nodes[i].Name == name {
			return &s.Nodes[i]
		}
	}
	return nil
}

func (s *Sim) event(obj, typ, reason, from, msg string) {
	s.Events = append(s.Events, Event{T: s.T, Object: obj, Type: typ, Reason: reason, From: from, Message: msg})
}

// Requested is the cpu requested by the pods bound to a node, in millicores.
func (s *Sim) Requested(node string) int64 {
	var m int64
	for _, p := range s.Pods {
		if p.Node == node {
			m += s.cfg.HPA.RequestMilli
		}
	}
	return m
}

// PodsOn lists the pods bound to a node.
func (s *Sim) PodsOn(node string) []Pod {
	var out []Pod
	for _, p := range s.Pods {
		if p.Node == node {
			out = append(out, p)
		}
	}
	return out
}

// Pending lists the pods no node holds.
func (s *Sim) Pending() []Pod {
	return s.PodsOn("")
}

// TargetSize is the node group's target size at the cloud provider: nodes
// requested and not being deleted (NodeGroup.TargetSize()).
func (s *Sim) TargetSize() int {
	n := 0
	for _, x := range s.Nodes {
		if x.Phase != Deleting {
			n++
		}
	}
	return n
}

// CountPhase counts the nodes in a phase.
func (s *Sim) CountPhase(phase string) int {
	n := 0
	for _, x := range s.Nodes {
		if x.Phase == phase {
			n++
		}
	}
	return n
}

// NextMoment is the next instant after t at which a controller runs: the
// HPA every 15 s, CA every 10 s.
func NextMoment(t int) int {
	for t++; t%10 != 0 && t%hpa.SyncPeriodSeconds != 0; t++ {
	}
	return t
}

// Step advances to the next moment and runs, in order: nodes that finished
// joining or leaving, the scheduler for Pending pods when a node joined,
// the HPA sync (and the ReplicaSet and scheduler after it), the CA scan.
//
// The first Step stays at 0s: it is the HPA's first sync, which runs when
// the HPA is created (kubernetes/kubernetes PR #138294, v1.37: horizontal.go
// enqueueHPA adds a new HPA with queue.Add; hpa.Sim.NextSync), before any
// CA scan (the first at 10s). The next syncs come every 15 s after it.
func (s *Sim) Step() Moment {
	if s.HPA.Synced {
		s.T = NextMoment(s.T)
	}
	s.momentStart = len(s.Events)
	m := Moment{T: s.T}
	joined := false
	kept := s.Nodes[:0:0]
	for _, n := range s.Nodes {
		switch {
		case n.Phase == Provisioning && n.ReadyAt <= s.T:
			n.Phase = Ready
			m.Joined = append(m.Joined, n.Name)
			joined = true
			// kubelet recordNodeStatusEvent: "Node %s status is now: %s".
			s.Events = append(s.Events, Event{T: n.ReadyAt, Object: "node/" + n.Name, Type: "Normal", Reason: "NodeReady", From: "kubelet",
				Message: fmt.Sprintf("Node %s status is now: NodeReady", n.Name)})
		case n.Phase == Deleting && n.DeleteAt <= s.T:
			m.Gone = append(m.Gone, n.Name)
			// Once the cloud provider has deleted it,
			// core/scaledown/actuation/delete_in_batch.go
			// RegisterAndRecordSuccessfulScaleDownEvent records the node
			// event and, on the status ConfigMap (LogRecorder), ScaleDown
			// "Scale-down: node %s removed with drain" or ScaleDownEmpty
			// "Scale-down: empty node %s removed".
			s.Events = append(s.Events, Event{T: n.DeleteAt, Object: "node/" + n.Name, Type: "Normal", Reason: "ScaleDown", From: "cluster-autoscaler",
				Message: "nodes removed by cluster autoscaler"})
			cmEv := Event{T: n.DeleteAt, Object: "configmap/" + StatusConfigMap, Type: "Normal", Reason: "ScaleDownEmpty", From: "cluster-autoscaler",
				Message: fmt.Sprintf("Scale-down: empty node %s removed", n.Name)}
			if n.Drained {
				cmEv.Reason, cmEv.Message = "ScaleDown", fmt.Sprintf("Scale-down: node %s removed with drain", n.Name)
			}
			s.Events = append(s.Events, cmEv)
			continue
		}
		kept = append(kept, n)
	}
	s.Nodes = kept
	if joined {
		// A node add event moves unschedulable pods back to the active
		// queue (scheduling_queue.go MoveAllToActiveOrBackoffQueue).
		for i := range s.Pods {
			if s.Pods[i].Node == "" {
				s.schedule(i, &m)
			}
		}
	}
	if s.T == s.HPA.NextSync() {
		s.Syncs++
		load := hpa.Load(s.cfg.Load, s.Syncs)
		pending := int32(len(s.Pending()))
		seen := len(s.HPA.Events)
		y := s.HPA.SyncPodsAt(s.T, load, int32(len(s.Pods))-pending, pending)
		m.HPA, m.Load = &y, load
		// The events this sync recorded on the HPA, as engine/hpa words
		// them: SuccessfulRescale, or with no pod Ready (no metric) the
		// Warnings FailedGetResourceMetric and FailedComputeMetricsReplicas
		// (pkg/controller/podautoscaler/horizontal.go).
		for _, e := range s.HPA.Events[seen:] {
			s.event("horizontalpodautoscaler/"+s.cfg.HPA.Name, e.Type, e.Reason, "horizontal-pod-autoscaler", e.Message)
		}
		s.reconcileReplicaSet(&m)
	}
	if s.T > 0 && s.T%s.cfg.Options.ScanInterval == 0 {
		sc := s.runOnce(&m)
		m.Scan = &sc
		last := sc
		s.LastScan = &last
	}
	s.Last = m
	return m
}

// reconcileReplicaSet is the ReplicaSet controller's manageReplicas
// (pkg/controller/replicaset/replica_set.go): create the missing pods, or
// delete the surplus in getPodsToDelete's order; the scheduler then places
// each new pod.
func (s *Sim) reconcileReplicaSet(m *Moment) {
	want := int(s.HPA.Replicas)
	diff := want - len(s.Pods)
	rsObj := "replicaset/" + s.RSName
	switch {
	case diff > 0:
		first := len(s.Pods)
		for i := 0; i < diff; i++ {
			// The API server names the pod (generateName RSNAME-,
			// SimpleNameGenerator) and gives it a UID (FillObjectMetaSystemFields):
			// engine/names.
			p := Pod{Name: s.RSName + "-" + names.Suffix(s.rng, 5), UID: names.UID(s.rng), Created: s.T, Bound: -1}
			s.Pods = append(s.Pods, p)
			m.Change.Created = append(m.Change.Created, p.Name)
			// controller_utils.go CreatePodsWithGenerateName: "Created pod: %v".
			s.event(rsObj, "Normal", "SuccessfulCreate", "replicaset-controller", "Created pod: "+p.Name)
		}
		for i := first; i < len(s.Pods); i++ {
			s.schedule(i, m)
		}
	case diff < 0:
		for _, name := range s.podsToDelete(-diff) {
			m.Change.Deleted = append(m.Change.Deleted, name)
			s.deletePod(name)
			// replica_set.go manageReplicas: "Deleted pod: %v".
			s.event(rsObj, "Normal", "SuccessfulDelete", "replicaset-controller", "Deleted pod: "+name)
		}
	}
}

func (s *Sim) deletePod(name string) {
	for i := range s.Pods {
		if s.Pods[i].Name == name {
			s.Pods = append(s.Pods[:i], s.Pods[i+1:]...)
			return
		}
	}
}

// podsToDelete is replica_set.go getPodsToDelete with
// getPodsRankedByRelatedPodsOnSameNode and controller_utils.go
// ActivePodsWithRanks.Less (LogarithmicScaleDown on, GA): unassigned pods
// first, then (all bound pods here are Running and Ready) pods on nodes
// with more of the ReplicaSet's pods, then the more recently ready (by the
// power of two of their ready age, then by UID), then the newer.
func (s *Sim) podsToDelete(n int) []string {
	pods := append([]Pod(nil), s.Pods...)
	if n < len(pods) {
		onNode := map[string]int{}
		for _, p := range pods {
			onNode[p.Node]++
		}
		r := ranked{pods: pods, now: s.T}
		for _, p := range pods {
			r.rank = append(r.rank, onNode[p.Node])
		}
		sort.Sort(r)
	}
	var out []string
	for _, p := range pods[:n] {
		out = append(out, p.Name)
	}
	return out
}

type ranked struct {
	pods []Pod
	rank []int
	now  int
}

func (r ranked) Len() int { return len(r.pods) }
func (r ranked) Swap(i, j int) {
	r.pods[i], r.pods[j] = r.pods[j], r.pods[i]
	r.rank[i], r.rank[j] = r.rank[j], r.rank[i]
}
func (r ranked) Less(i, j int) bool {
	a, b := r.pods[i], r.pods[j]
	// 1. Unassigned < assigned.
	if (a.Node == "") != (b.Node == "") {
		return a.Node == ""
	}
	// 2.–3. Pending < Running, not ready < ready: the unassigned pods are
	// the Pending, not-ready ones, so 1. decided it.
	// 5. Doubled up (more of the set on the same node) < not doubled up.
	if r.rank[i] != r.rank[j] {
		return r.rank[i] > r.rank[j]
	}
	// 6. Been ready for less time < more time, compared in powers of two
	// of the nanoseconds since (logarithmicRankDiff), equal ranks by UID.
	if a.Node != "" && a.Bound != b.Bound {
		d := logRank(r.now-a.Bound) - logRank(r.now-b.Bound)
		if d == 0 {
			return a.UID < b.UID
		}
		return d < 0
	}
	// 8. Newer < older.
	if a.Created != b.Created {
		return a.Created > b.Created
	}
	return false
}

// logRank is floor(log2(duration in nanoseconds)), -1 for no duration.
func logRank(seconds int) int64 {
	if seconds <= 0 {
		return -1
	}
	return int64(math.Log2(float64(seconds) * 1e9))
}

// v1Nodes are the registered nodes as the scheduler sees them, with CA's
// taints.
func (s *Sim) v1Nodes() []*v1.Node {
	var out []*v1.Node
	for _, n := range s.Nodes {
		if n.Phase == Provisioning {
			continue
		}
		var taints []v1.Taint
		if n.SoftTaintSince >= 0 {
			taints = append(taints, v1.Taint{Key: DeletionCandidateTaint, Value: strconv.Itoa(Epoch + n.SoftTaintSince), Effect: v1.TaintEffectPreferNoSchedule})
		}
		if n.Phase == Deleting {
			taints = append(taints, v1.Taint{Key: ToBeDeletedTaint, Value: strconv.Itoa(Epoch + n.TaintedAt), Effect: v1.TaintEffectNoSchedule})
		}
		node, err := scheduler.MakeNode(scheduler.NodeSpec{Name: n.Name, CPU: scheduler.MilliCPU(s.cfg.NodeCPUMilli), Memory: "8Gi", Taints: taints})
		if err != nil {
			panic(err) // the quantities are the engine's own
		}
		out = append(out, node)
	}
	return out
}

func (s *Sim) v1Pod(p Pod) *v1.Pod {
	pod, err := scheduler.MakePod(scheduler.PodSpec{Name: p.Name, UID: p.UID, CPU: scheduler.MilliCPU(s.cfg.HPA.RequestMilli), NodeName: p.Node,
		Image: s.cfg.Image, Start: int64(p.Created), Labels: map[string]string{"app": s.cfg.HPA.Name}})
	if err != nil {
		panic(err)
	}
	return pod
}

// schedule runs one scheduling cycle of pod i (engine/scheduler, the
// default profile) and binds it or records FailedScheduling.
func (s *Sim) schedule(i int, m *Moment) {
	cl := scheduler.Cluster{Nodes: s.v1Nodes()}
	for _, p := range s.Pods {
		if p.Node != "" {
			cl.Pods = append(cl.Pods, s.v1Pod(p))
		}
	}
	c := scheduler.Schedule(cl, s.v1Pod(s.Pods[i]), scheduler.Options{Seed: s.rng.Uint64()})
	for _, e := range c.Events {
		s.event("pod/"+s.Pods[i].Name, e.Type, e.Reason, e.From, e.Message)
	}
	if c.Scheduled() {
		s.Pods[i].Node, s.Pods[i].Bound, s.Pods[i].Failed = c.Selected, s.T, ""
		m.Bound = append(m.Bound, s.Pods[i].Name+" -> "+c.Selected)
		return
	}
	s.Pods[i].Failed = c.FailedSchedulingMessage()
}
