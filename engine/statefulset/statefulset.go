// Package statefulset simulates the StatefulSet controller of Kubernetes
// v1.37 together with the parts of the cluster it relies on (the scheduler,
// the kubelet, the node lifecycle and pod garbage collectors), one
// happening at a time.
//
// It follows kubernetes pkg/controller/statefulset:
//   - stateful_set_control.go: updateStatefulSet, processReplica,
//     processCondemned and the monotonic check (OrderedReady waits for each
//     pod to be Running and Ready before the next; Parallel bursts);
//   - stateful_set_utils.go: getPodName ("web-0") and
//     getPersistentVolumeClaimName ("data-web-0");
//   - stateful_pod_control.go: the events recordPodEvent and
//     recordClaimEvent record ("create Pod web-0 in StatefulSet web
//     successful", "create Claim data-web-0 Pod web-0 in StatefulSet web
//     success").
//
// The engine is pure: no I/O, no clock, no randomness.
package statefulset

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
)

// Policy is spec.podManagementPolicy.
type Policy string

// The two podManagementPolicy values (k8s.io/api/apps/v1).
const (
	OrderedReady Policy = "OrderedReady"
	Parallel     Policy = "Parallel"
)

// Config is the StatefulSet and its cluster.
type Config struct {
	Name        string // metadata.name: "web"
	Namespace   string // "default"
	ServiceName string // spec.serviceName: the headless Service "nginx"
	ClaimName   string // volumeClaimTemplates[0].metadata.name: "data"
	Replicas    int
	Policy      Policy
	Nodes       []string
}

// DefaultConfig is the StatefulSet of the Kubernetes documentation
// (concepts/workloads/controllers/statefulset): web, nginx, 3 replicas.
func DefaultConfig() Config {
	return Config{Name: "web", Namespace: "default", ServiceName: "nginx", ClaimName: "data", Replicas: 3,
		Policy: OrderedReady, Nodes: []string{"node-1", "node-2", "node-3"}}
}

// Pod is one pod of the set.
type Pod struct {
	Name        string
	Ordinal     int
	Node        string // "" while Pending and unscheduled
	IP          string
	Running     bool // container started and readiness probe passed
	Ready       bool // condition Ready
	Terminating bool // deletionTimestamp set
	Incarnation int  // 1 for the first pod of this name, 2 when re-created …
}

// RunningAndReady is isRunningAndReady of stateful_set_utils.go.
func (p *Pod) RunningAndReady() bool { return p.Running && p.Ready }

// healthy is isHealthy of stateful_set_control.go: Running, Ready and not
// terminating.
func (p *Pod) healthy() bool { return p.RunningAndReady() && !p.Terminating }

// Status is what kubectl get pods prints in its STATUS column.
func (p *Pod) Status() string {
	switch {
	case p.Terminating:
		return "Terminating"
	case p.Node == "":
		return "Pending"
	case !p.Running:
		return "ContainerCreating"
	}
	return "Running"
}

// Claim is a PersistentVolumeClaim made from the volumeClaimTemplate.
type Claim struct {
	Name   string
	Pod    string // the pod whose ordinal it belongs to
	Bound  bool   // bound to a volume (WaitForFirstConsumer: after the pod is scheduled)
	Volume string
	Node   string // the node the volume is attached to now ("" when none)
}

// Node is a node of the cluster.
type Node struct {
	Name    string
	Ready   bool
	Deleted bool
	nextIP  int
}

// Event is a Kubernetes event (kubectl describe statefulset web).
type Event struct {
	Type, Reason, From, Message string
}

// Happening is one step: who acted and what they did.
type Happening struct {
	Actor  string   // "you", "statefulset-controller", "default-scheduler", "kubelet", …
	What   string   // one sentence
	Said   []string // command output, log lines
	Events []Event  // events recorded by this step
}

// Sim is the cluster.
type Sim struct {
	Cfg      Config
	Replicas int // spec.replicas now
	Pods     []*Pod
	Claims   []*Claim
	Nodes    []*Node
	Events   []Event
	incarn   map[string]int
	volumes  int
}

// New makes a cluster with the Service and the StatefulSet just applied.
func New(cfg Config) (*Sim, error) {
	if cfg.Replicas < 0 {
		return nil, fmt.Errorf("spec.replicas: Invalid value: %d: must be greater than or equal to 0", cfg.Replicas)
	}
	if cfg.Policy != OrderedReady && cfg.Policy != Parallel {
		return nil, fmt.Errorf("spec.podManagementPolicy: Unsupported value: %q: supported values: \"OrderedReady\", \"Parallel\"", cfg.Policy)
	}
	s := &Sim{Cfg: cfg, Replicas: cfg.Replicas, incarn: map[string]int{}}
	for _, n := range cfg.Nodes {
		s.Nodes = append(s.Nodes, &Node{Name: n, Ready: true, nextIP: 2})
	}
	return s, nil
}

// Clone is a deep copy.
func (s *Sim) Clone() *Sim {
	c := *s
	c.Pods = nil
	for _, p := range s.Pods {
		q := *p
		c.Pods = append(c.Pods, &q)
	}
	c.Claims = nil
	for _, cl := range s.Claims {
		q := *cl
		c.Claims = append(c.Claims, &q)
	}
	c.Nodes = nil
	for _, n := range s.Nodes {
		q := *n
		c.Nodes = append(c.Nodes, &q)
	}
	c.Events = append([]Event(nil), s.Events...)
	c.incarn = map[string]int{}
	for k, v := range s.incarn {
		c.incarn[k] = v
	}
	return &c
}

// PodName is getPodName of stateful_set_utils.go: "%s-%d" of the set's
// name and the ordinal.
func (s *Sim) PodName(ordinal int) string { return fmt.Sprintf("%s-%d", s.Cfg.Name, ordinal) }

// ClaimName is getPersistentVolumeClaimName of stateful_set_utils.go:
// "%s-%s-%d" of the template's name, the set's name and the ordinal.
func (s *Sim) ClaimName(ordinal int) string {
	return fmt.Sprintf("%s-%s-%d", s.Cfg.ClaimName, s.Cfg.Name, ordinal)
}

// DNSName is the pod's name in the headless Service's domain:
// $(podname).$(serviceName).$(namespace).svc.cluster.local.
func (s *Sim) DNSName(p *Pod) string {
	return fmt.Sprintf("%s.%s.%s.svc.cluster.local", p.Name, s.Cfg.ServiceName, s.Cfg.Namespace)
}

// Pod returns the pod called name, or nil.
func (s *Sim) Pod(name string) *Pod {
	for _, p := range s.Pods {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Claim returns the claim called name, or nil.
func (s *Sim) Claim(name string) *Claim {
	for _, c := range s.Claims {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Node returns the node called name, or nil.
func (s *Sim) Node(name string) *Node {
	for _, n := range s.Nodes {
		if n.Name == name {
			return n
		}
	}
	return nil
}

func (s *Sim) sortPods() {
	sort.Slice(s.Pods, func(i, j int) bool { return s.Pods[i].Ordinal < s.Pods[j].Ordinal })
	sort.Slice(s.Claims, func(i, j int) bool { return ordinalOf(s.Claims[i].Name) < ordinalOf(s.Claims[j].Name) })
}

func ordinalOf(name string) int {
	var n int
	if i := strings.LastIndex(name, "-"); i >= 0 {
		fmt.Sscan(name[i+1:], &n)
	}
	return n
}

func (s *Sim) removePod(p *Pod) {
	for i, q := range s.Pods {
		if q == p {
			s.Pods = append(s.Pods[:i], s.Pods[i+1:]...)
			break
		}
	}
	for _, c := range s.Claims {
		if c.Pod == p.Name {
			c.Node = ""
		}
	}
}

func (s *Sim) record(h *Happening, reason, msg string) {
	e := Event{Type: "Normal", Reason: reason, From: "statefulset-controller", Message: msg}
	h.Events = append(h.Events, e)
	s.Events = append(s.Events, e)
}

// Ready counts the set's pods that are Running and Ready (status.readyReplicas).
func (s *Sim) Ready() int {
	n := 0
	for _, p := range s.Pods {
		if p.RunningAndReady() && !p.Terminating {
			n++
		}
	}
	return n
}

// Waiting is what the controller would wait for at its next sync, as its
// log line says (stateful_set_control.go), or "" when it waits for nothing.
func (s *Sim) Waiting() string {
	c := s.Clone()
	var h Happening
	_, wait := c.sync(&h)
	return wait
}

// Next runs the next thing that happens in the cluster. ok is false when
// nothing more happens.
func (s *Sim) Next() (h Happening, ok bool) {
	// The kubelet finishes a graceful deletion (on a node that still runs).
	var gone []string
	for _, p := range append([]*Pod(nil), s.Pods...) {
		if p.Terminating && p.Node != "" && s.Node(p.Node).Ready {
			s.removePod(p)
			gone = append(gone, p.Name)
		}
	}
	if len(gone) > 0 {
		return Happening{Actor: "kubelet", What: fmt.Sprintf("The kubelet stopped %s and the API server removed the pod%s; %s stays.",
			strings.Join(gone, ", "), plural(len(gone)), s.claimsOf(gone))}, true
	}
	// The StatefulSet controller syncs.
	if acted, _ := s.sync(&h); acted {
		return h, true
	}
	// The scheduler binds pending pods.
	var bound []string
	for _, p := range s.Pods {
		if p.Node != "" || p.Terminating {
			continue
		}
		n := s.pickNode()
		if n == nil {
			continue
		}
		p.Node = n.Name
		c := s.Claim(s.ClaimName(p.Ordinal))
		vol := ""
		if c != nil {
			if !c.Bound {
				s.volumes++
				c.Bound, c.Volume = true, volumeName(c.Name, s.volumes)
				vol = fmt.Sprintf("a new volume %s is provisioned for %s", c.Volume, c.Name)
			} else {
				vol = fmt.Sprintf("%s's volume %s, with its data, is attached there", c.Name, c.Volume)
			}
			c.Node = n.Name
		}
		bound = append(bound, fmt.Sprintf("%s to %s (%s)", p.Name, n.Name, vol))
		h.Said = append(h.Said, fmt.Sprintf("event on pod %s: Scheduled Successfully assigned %s/%s to %s", p.Name, s.Cfg.Namespace, p.Name, n.Name))
	}
	if len(bound) > 0 {
		h.Actor = "default-scheduler"
		h.What = fmt.Sprintf("The scheduler bound %s.", strings.Join(bound, "; "))
		return h, true
	}
	// The kubelet starts containers; the readiness probe passes.
	var started []string
	for _, p := range s.Pods {
		if p.Node != "" && !p.Running && !p.Terminating {
			n := s.Node(p.Node)
			if !n.Ready {
				continue
			}
			p.Running, p.Ready = true, true
			p.IP = fmt.Sprintf("10.244.%s.%d", strings.TrimPrefix(n.Name, "node-"), n.nextIP)
			n.nextIP++
			started = append(started, p.Name)
		}
	}
	if len(started) > 0 {
		return Happening{Actor: "kubelet", What: fmt.Sprintf("The kubelet started %s: Running, and Ready once the readiness probe passed; the headless Service %s now has an A record for %s.",
			strings.Join(started, ", "), s.Cfg.ServiceName, itThem(len(started)))}, true
	}
	// The taint eviction controller deletes pods of an unreachable node
	// once their toleration of node.kubernetes.io/unreachable (300s) ends.
	var evicted []string
	for _, p := range s.Pods {
		if n := s.Node(p.Node); n != nil && !n.Ready && !n.Deleted && !p.Terminating {
			p.Terminating = true
			evicted = append(evicted, p.Name)
			// taint_eviction.go: event TaintManagerEviction on the pod.
			h.Said = append(h.Said, fmt.Sprintf("event on pod %s: TaintManagerEviction Marking for deletion Pod %s/%s", p.Name, s.Cfg.Namespace, p.Name))
		}
	}
	if len(evicted) > 0 {
		h.Actor = "taint-eviction-controller"
		h.What = fmt.Sprintf("300 seconds later, the pods' toleration of node.kubernetes.io/unreachable ran out: the taint eviction controller deleted %s. No kubelet is there to confirm, so %s Terminating, and the StatefulSet controller will not create a second pod with the same name until it is gone: deleting the node lets it go.",
			strings.Join(evicted, ", "), staysStay(len(evicted)))
		return h, true
	}
	return Happening{}, false
}

func (s *Sim) claimsOf(pods []string) string {
	var cs []string
	for _, name := range pods {
		for _, c := range s.Claims {
			if c.Pod == name {
				cs = append(cs, c.Name)
			}
		}
	}
	switch len(cs) {
	case 0:
		return "no claim"
	case 1:
		return "its claim " + cs[0]
	}
	return "their claims " + strings.Join(cs, ", ")
}

// pickNode: the Ready node with the fewest pods of the set, then by name.
// (A simplification of the default scheduler's scoring, which spreads the
// pods of one owner across nodes.)
func (s *Sim) pickNode() *Node {
	var best *Node
	bestN := 0
	for _, n := range s.Nodes {
		if !n.Ready || n.Deleted {
			continue
		}
		c := 0
		for _, p := range s.Pods {
			if p.Node == n.Name {
				c++
			}
		}
		if best == nil || c < bestN {
			best, bestN = n, c
		}
	}
	return best
}

// sync is one updateStatefulSet of stateful_set_control.go. acted is true
// when it created or deleted something; wait is the log line of what it is
// waiting for.
func (s *Sim) sync(h *Happening) (acted bool, wait string) {
	monotonic := s.Cfg.Policy == OrderedReady // !allowsBurst(set)
	set := s.Cfg.Namespace + "/" + s.Cfg.Name
	replicas := make([]*Pod, s.Replicas)
	var condemned []*Pod
	for _, p := range s.Pods {
		if p.Ordinal < s.Replicas {
			replicas[p.Ordinal] = p
		} else {
			condemned = append(condemned, p)
		}
	}
	// The first unhealthy pod, by ordinal, of replicas then condemned.
	var firstUnhealthy *Pod
	for _, p := range append(append([]*Pod(nil), replicas...), condemned...) {
		if p != nil && !p.healthy() && firstUnhealthy == nil {
			firstUnhealthy = p
		}
	}
	var created, deleted []string
	h.Actor = "statefulset-controller"
	finish := func() (bool, string) {
		s.sortPods()
		if len(created)+len(deleted) == 0 {
			return false, wait
		}
		switch {
		case len(created) > 0 && len(deleted) > 0:
			h.What = fmt.Sprintf("The StatefulSet controller created %s and deleted %s.", strings.Join(created, ", "), strings.Join(deleted, ", "))
		case len(created) > 0:
			h.What = fmt.Sprintf("The StatefulSet controller created %s.", strings.Join(created, ", "))
		default:
			h.What = fmt.Sprintf("The StatefulSet controller deleted %s, %s; %s.", strings.Join(deleted, ", "), order(monotonic), stays(s.claimsOf(deleted)))
		}
		if wait != "" {
			// The waiting lines are logger.V(4).Info in stateful_set_control.go:
			// kube-controller-manager prints them only at --v=4 or more.
			h.Said = append(h.Said, "statefulset-controller log (at --v=4): "+wait)
		}
		return true, wait
	}
	// processReplica, for each ordinal in order.
	for i := range replicas {
		p := replicas[i]
		if p == nil {
			name := s.PodName(i)
			claim := s.ClaimName(i)
			// createPersistentVolumeClaims: a claim that exists is reused.
			if s.Claim(claim) == nil {
				s.Claims = append(s.Claims, &Claim{Name: claim, Pod: name})
				s.record(h, "SuccessfulCreate", fmt.Sprintf("create Claim %s Pod %s in StatefulSet %s success", claim, name, s.Cfg.Name))
				created = append(created, "claim "+claim+" then pod "+name)
			} else {
				created = append(created, "pod "+name+" (its claim "+claim+" already existed, so the new pod uses it)")
			}
			s.incarn[name]++
			p = &Pod{Name: name, Ordinal: i, Incarnation: s.incarn[name]}
			s.Pods = append(s.Pods, p)
			s.record(h, "SuccessfulCreate", fmt.Sprintf("create Pod %s in StatefulSet %s successful", name, s.Cfg.Name))
			if monotonic {
				return finish()
			}
			continue
		}
		if p.Terminating && monotonic {
			wait = fmt.Sprintf(`"StatefulSet is waiting for Pod to Terminate" statefulSet=%q pod=%q`, set, s.Cfg.Namespace+"/"+p.Name)
			return finish()
		}
		if !p.RunningAndReady() && monotonic {
			wait = fmt.Sprintf(`"StatefulSet is waiting for Pod to be Running and Ready" statefulSet=%q pod=%q`, set, s.Cfg.Namespace+"/"+p.Name)
			return finish()
		}
	}
	// processCondemned, highest ordinal first.
	sort.Slice(condemned, func(i, j int) bool { return condemned[i].Ordinal > condemned[j].Ordinal })
	for _, p := range condemned {
		if p.Terminating {
			if monotonic {
				wait = fmt.Sprintf(`"StatefulSet is waiting for Pod to Terminate prior to scale down" statefulSet=%q pod=%q`, set, s.Cfg.Namespace+"/"+p.Name)
				return finish()
			}
			continue
		}
		if !p.RunningAndReady() && monotonic && p != firstUnhealthy {
			wait = fmt.Sprintf(`"StatefulSet is waiting for Pod to be Running and Ready prior to scale down" statefulSet=%q pod=%q`, set, s.Cfg.Namespace+"/"+firstUnhealthy.Name)
			return finish()
		}
		s.deletePod(p)
		s.record(h, "SuccessfulDelete", fmt.Sprintf("delete Pod %s in StatefulSet %s successful", p.Name, s.Cfg.Name))
		deleted = append(deleted, p.Name)
		if monotonic {
			return finish()
		}
	}
	return finish()
}

// deletePod: a pod not bound to a node goes at once; a bound pod becomes
// Terminating until its kubelet stops it.
func (s *Sim) deletePod(p *Pod) {
	if p.Node == "" {
		s.removePod(p)
		return
	}
	p.Terminating, p.Ready = true, false
}

// Scale is `kubectl scale statefulset web --replicas=n`.
func (s *Sim) Scale(n int) (Happening, error) {
	if n < 0 {
		return Happening{}, fmt.Errorf("spec.replicas: Invalid value: %d: must be greater than or equal to 0", n)
	}
	old := s.Replicas
	s.Replicas = n
	what := fmt.Sprintf("You scaled StatefulSet %s from %d to %d replicas.", s.Cfg.Name, old, n)
	return Happening{Actor: "you", What: what, Said: []string{
		fmt.Sprintf("$ kubectl scale statefulset %s --replicas=%d", s.Cfg.Name, n),
		fmt.Sprintf("statefulset.apps/%s scaled", s.Cfg.Name)}}, nil
}

// DeletePod is `kubectl delete pod name`.
func (s *Sim) DeletePod(name string) (Happening, error) {
	p := s.Pod(name)
	if p == nil {
		return Happening{}, fmt.Errorf("Error from server (NotFound): pods %q not found", name)
	}
	if p.Terminating {
		return Happening{}, fmt.Errorf("pod %s is already Terminating", name)
	}
	s.deletePod(p)
	return Happening{Actor: "you", What: fmt.Sprintf("You deleted pod %s. Its claim %s is not deleted: the StatefulSet controller will make a new %s that uses it.", name, s.ClaimName(p.Ordinal), name),
		// kubectl delete.go PrintObj: "%s \"%s\" %s from %s namespace" for a namespaced object.
		Said: []string{"$ kubectl delete pod " + name, fmt.Sprintf("pod %q deleted from %s namespace", name, s.Cfg.Namespace)}}, nil
}

// FailNode powers a node off: its kubelet stops posting status, and the
// node lifecycle controller marks it NotReady (Ready Unknown), taints it
// node.kubernetes.io/unreachable and marks its pods not Ready.
func (s *Sim) FailNode(name string) (Happening, error) {
	n := s.Node(name)
	if n == nil || n.Deleted {
		return Happening{}, fmt.Errorf("Error from server (NotFound): nodes %q not found", name)
	}
	if !n.Ready {
		return Happening{}, fmt.Errorf("node %s has already failed", name)
	}
	up := 0
	for _, m := range s.Nodes {
		if m.Ready && !m.Deleted {
			up++
		}
	}
	if up < 2 {
		return Happening{}, fmt.Errorf("node %s is the last Ready node", name)
	}
	n.Ready = false
	var on []string
	for _, p := range s.Pods {
		if p.Node == name {
			p.Ready = false
			on = append(on, p.Name)
		}
	}
	what := fmt.Sprintf("Node %s failed. The node lifecycle controller marked it NotReady (Kubelet stopped posting node status.) and tainted it node.kubernetes.io/unreachable:NoExecute", name)
	if len(on) > 0 {
		what += fmt.Sprintf("; %s %s no longer Ready and left the headless Service's DNS.", strings.Join(on, ", "), isAre(len(on)))
	} else {
		what += "; no pod of the set ran there."
	}
	return Happening{Actor: "node-lifecycle-controller", What: what}, nil
}

// RemoveNode is `kubectl delete node name` for a failed node: the pod
// garbage collector then force-deletes the pods bound to it, once the node
// has stayed missing through its quarantine (pkg/controller/podgc/
// gc_controller.go gcOrphaned: quarantineTime 40s, checked every
// gcCheckPeriod 20s). The simulation has no clock, so that wait is told,
// not stepped.
func (s *Sim) RemoveNode(name string) (Happening, error) {
	n := s.Node(name)
	if n == nil || n.Deleted {
		return Happening{}, fmt.Errorf("Error from server (NotFound): nodes %q not found", name)
	}
	if n.Ready {
		return Happening{}, fmt.Errorf("node %s is Ready: fail it first", name)
	}
	n.Deleted = true
	h := Happening{Actor: "you", Said: []string{"$ kubectl delete node " + name, fmt.Sprintf("node %q deleted", name)}}
	var gone []string
	for _, p := range append([]*Pod(nil), s.Pods...) {
		if p.Node == name {
			s.removePod(p)
			gone = append(gone, p.Name)
			// pkg/controller/podgc/gc_controller.go logs these two lines
			// (markFailedAndDeletePodWithCondition, then gcOrphaned).
			h.Said = append(h.Said, fmt.Sprintf(`kube-controller-manager log: "PodGC is force deleting Pod" pod="%s/%s"`, s.Cfg.Namespace, p.Name),
				fmt.Sprintf(`kube-controller-manager log: "Forced deletion of orphaned Pod succeeded" pod="%s/%s"`, s.Cfg.Namespace, p.Name))
		}
	}
	h.What = fmt.Sprintf("You deleted node %s, which is gone for good.", name)
	if len(gone) > 0 {
		h.What += fmt.Sprintf(" At least 40 seconds later (its quarantine for a missing node, checked every 20 seconds) the pod garbage collector force-deleted %s, bound to a node that no longer exists; %s.", strings.Join(gone, ", "), stays(s.claimsOf(gone)))
	}
	return h, nil
}

// CheckInvariants returns what is wrong with the state, if anything.
func (s *Sim) CheckInvariants() error {
	seen := map[string]bool{}
	for _, p := range s.Pods {
		if p.Name != s.PodName(p.Ordinal) {
			return fmt.Errorf("pod %s has ordinal %d", p.Name, p.Ordinal)
		}
		if seen[p.Name] {
			return fmt.Errorf("two pods called %s", p.Name)
		}
		seen[p.Name] = true
		c := s.Claim(s.ClaimName(p.Ordinal))
		if c == nil {
			return fmt.Errorf("pod %s has no claim %s", p.Name, s.ClaimName(p.Ordinal))
		}
		if p.Node != "" && c.Node != p.Node && !p.Terminating {
			return fmt.Errorf("claim %s is on %q but pod %s on %s", c.Name, c.Node, p.Name, p.Node)
		}
	}
	return nil
}

// GetStatefulSet is kubectl get statefulset web, without the AGE column.
func (s *Sim) GetStatefulSet() string {
	return table([]string{"NAME", "READY"}, [][]string{{s.Cfg.Name, fmt.Sprintf("%d/%d", s.Ready(), s.Replicas)}})
}

// GetPods is kubectl get pods -o wide, without the RESTARTS, AGE,
// NOMINATED NODE and READINESS GATES columns.
func (s *Sim) GetPods() string {
	if len(s.Pods) == 0 {
		return "No resources found in default namespace."
	}
	var rows [][]string
	for _, p := range s.Pods {
		r := "0/1"
		if p.Ready {
			r = "1/1"
		}
		ip, node := p.IP, p.Node
		if ip == "" {
			ip = "<none>"
		}
		if node == "" {
			node = "<none>"
		}
		rows = append(rows, []string{p.Name, r, p.Status(), ip, node})
	}
	return table([]string{"NAME", "READY", "STATUS", "IP", "NODE"}, rows)
}

// volumeName is the name a dynamic provisioner gives the volume:
// "pvc-" and the claim's UID (pkg/controller/volume/persistentvolume:
// GetPersistentVolumeName / the external-provisioner). A UID is random in a
// cluster; here it is derived from the claim's name and a counter, so the
// demo is deterministic.
func volumeName(claim string, n int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", claim, n)))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("pvc-%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// StorageClass, Capacity and AccessModes are the claim template's
// (concepts/workloads/controllers/statefulset: storage 1Gi, ReadWriteOnce).
const (
	StorageClass = "standard"
	Capacity     = "1Gi"
	AccessModes  = "RWO"
)

// GetPVC is kubectl get pvc (NAME STATUS VOLUME CAPACITY ACCESS MODES
// STORAGECLASS; without VOLUMEATTRIBUTESCLASS and AGE).
func (s *Sim) GetPVC() string {
	if len(s.Claims) == 0 {
		return "No resources found in default namespace."
	}
	var rows [][]string
	for _, c := range s.Claims {
		if c.Bound {
			rows = append(rows, []string{c.Name, "Bound", c.Volume, Capacity, AccessModes, StorageClass})
		} else {
			rows = append(rows, []string{c.Name, "Pending", "", "", "", StorageClass})
		}
	}
	return table([]string{"NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS"}, rows)
}

// DNS lists each pod's DNS name and the A record the headless Service
// gives it: only Ready pods are published.
func (s *Sim) DNS() []string {
	var out []string
	for _, p := range s.Pods {
		if p.Ready && !p.Terminating {
			out = append(out, fmt.Sprintf("%s → %s", s.DNSName(p), p.IP))
		} else {
			out = append(out, fmt.Sprintf("%s → (no record: not Ready)", s.DNSName(p)))
		}
	}
	return out
}

// Describe is the whole state as text.
func (s *Sim) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "spec.replicas=%d podManagementPolicy=%s\n", s.Replicas, s.Cfg.Policy)
	var nodes []string
	for _, n := range s.Nodes {
		st := "Ready"
		if n.Deleted {
			st = "deleted"
		} else if !n.Ready {
			st = "NotReady"
		}
		nodes = append(nodes, n.Name+" "+st)
	}
	fmt.Fprintf(&b, "nodes: %s\n", strings.Join(nodes, ", "))
	fmt.Fprintf(&b, "%s\n%s\n%s\n", s.GetStatefulSet(), s.GetPods(), s.GetPVC())
	for _, d := range s.DNS() {
		fmt.Fprintf(&b, "dns %s\n", d)
	}
	if w := s.Waiting(); w != "" {
		fmt.Fprintf(&b, "controller: %s\n", w)
	}
	return b.String()
}

func table(head []string, rows [][]string) string {
	w := make([]int, len(head))
	for _, r := range append([][]string{head}, rows...) {
		for i, c := range r {
			w[i] = max(w[i], len(c))
		}
	}
	var b strings.Builder
	for _, r := range append([][]string{head}, rows...) {
		var line strings.Builder
		for i, c := range r {
			if i < len(r)-1 {
				fmt.Fprintf(&line, "%-*s   ", w[i], c)
			} else {
				line.WriteString(c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func staysStay(n int) string {
	if n == 1 {
		return "it stays"
	}
	return "they stay"
}

func stays(claims string) string {
	if strings.HasPrefix(claims, "their") {
		return claims + " stay"
	}
	return claims + " stays"
}

func order(monotonic bool) string {
	if monotonic {
		return "the highest ordinal first, one at a time"
	}
	return "all at once (Parallel)"
}
