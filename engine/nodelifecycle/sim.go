package nodelifecycle

import (
	"fmt"
	"sort"
	"strings"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/controller"
	"github.com/kubeviz/kubeviz/engine/names"
)

// The story's objects.
const (
	Namespace      = "default"
	DeploymentName = "web"
	Image          = "nginx:1.27"
	ContainerName  = "nginx"
	KubeletVersion = "v1.37.2"
)

// Messages, reasons and event sources, verbatim from upstream.
const (
	// tryUpdateNodeHealth (node_lifecycle_controller.go).
	ReasonNodeStatusUnknown  = "NodeStatusUnknown"
	MessageNodeStatusUnknown = "Kubelet stopped posting node status."
	// addConditionAndDeletePod (tainteviction/taint_eviction.go).
	ReasonDeletionByTaintManager  = "DeletionByTaintManager"
	MessageDeletionByTaintManager = "Taint manager: deleting due to NoExecute taint"

	// Event sources (v1.EventSource.Component).
	FromNodeController  = "node-controller"           // nodelifecycle: recorder component
	FromTaintEviction   = "taint-eviction-controller" // names.TaintEvictionController
	FromReplicaSet      = "replicaset-controller"     // replica_set.go
	FromScheduler       = "default-scheduler"         // v1.DefaultSchedulerName
	FromKubelet         = "kubelet"                   // kubelet's recorder
	ActorYou            = "you"                       // the learner
	ActorNodeController = "node-lifecycle-controller" // names.NodeLifecycleController
	ActorKubelet        = "kubelet on "               // + node name
	ActorKubelets       = "every kubelet"             // the heartbeat step
	ActorAPIServer      = "kube-apiserver"            // removes a pod object
	ActorTaintEviction  = FromTaintEviction
	ActorReplicaSet     = FromReplicaSet
	ActorScheduler      = FromScheduler
)

// Condition is a node condition as kubectl describe node prints it.
type Condition struct {
	Type, Status, Reason, Message string
	LastHeartbeat, LastTransition Time
}

// kubeletConditions are the node conditions a healthy kubelet posts
// (pkg/kubelet/nodestatus/setters.go), in the order it sets them.
func kubeletConditions(t Time) []Condition {
	return []Condition{
		{Type: string(v1.NodeMemoryPressure), Status: "False", Reason: "KubeletHasSufficientMemory", Message: "kubelet has sufficient memory available", LastHeartbeat: t, LastTransition: t},
		{Type: string(v1.NodeDiskPressure), Status: "False", Reason: "KubeletHasNoDiskPressure", Message: "kubelet has no disk pressure", LastHeartbeat: t, LastTransition: t},
		{Type: string(v1.NodePIDPressure), Status: "False", Reason: "KubeletHasSufficientPID", Message: "kubelet has sufficient PID available", LastHeartbeat: t, LastTransition: t},
		{Type: string(v1.NodeReady), Status: "True", Reason: "KubeletReady", Message: "kubelet is posting ready status", LastHeartbeat: t, LastTransition: t},
	}
}

// kubeletEvents are the events setters.go records when a condition comes
// back to its healthy value ("Node %s status is now: %s").
var kubeletEvents = map[string]string{
	string(v1.NodeMemoryPressure): "NodeHasSufficientMemory",
	string(v1.NodeDiskPressure):   "NodeHasNoDiskPressure",
	string(v1.NodePIDPressure):    "NodeHasSufficientPID",
	string(v1.NodeReady):          "NodeReady",
}

// Taint is a node taint.
type Taint struct {
	Key, Effect string
	TimeAdded   Time
}

func (t Taint) String() string { return t.Key + ":" + t.Effect }

// Node is one node: its kubelet, its Lease and its status.
type Node struct {
	Name    string
	Created Time
	// KubeletRunning: the kubelet process runs. NetworkUp: what it sends
	// reaches the API server.
	KubeletRunning, NetworkUp bool
	// RenewTime is the Lease's spec.renewTime (kube-node-lease/<node>).
	RenewTime  Time
	Conditions []Condition
	Taints     []Taint

	ipPrefix    string
	nextIP      int
	tick        Time // the kubelet's loops run when (t - tick) % 10 == 0
	lastReport  Time // last node status post that arrived
	startedAt   Time // the kubelet process started (restart: its first post)
	mustPost    bool // the kubelet's status differs from what it last posted
	restartedAt Time
	backAt      Time // the kubelet can reach the API server again
}

// Connected is true when the kubelet runs and reaches the API server.
func (n *Node) Connected() bool { return n.KubeletRunning && n.NetworkUp }

// Cond is the condition of type typ.
func (n *Node) Cond(typ string) *Condition {
	for i := range n.Conditions {
		if n.Conditions[i].Type == typ {
			return &n.Conditions[i]
		}
	}
	return nil
}

// ReadyStatus is the Ready condition's status: "True", "False" or "Unknown".
func (n *Node) ReadyStatus() string { return n.Cond(string(v1.NodeReady)).Status }

// HasTaint reports whether the node has the taint key:effect.
func (n *Node) HasTaint(key, effect string) bool {
	for _, t := range n.Taints {
		if t.Key == key && t.Effect == effect {
			return true
		}
	}
	return false
}

// Taint returns the taint key:effect, if the node has it.
func (n *Node) Taint(key, effect string) (Taint, bool) {
	for _, t := range n.Taints {
		if t.Key == key && t.Effect == effect {
			return t, true
		}
	}
	return Taint{}, false
}

// Toleration is a pod toleration.
type Toleration struct {
	Key, Operator, Effect string
	Seconds               *int64
}

func (t Toleration) String() string {
	s := fmt.Sprintf("%s:%s op=%s", t.Key, t.Effect, t.Operator)
	if t.Seconds != nil {
		s += fmt.Sprintf(" for %ds", *t.Seconds)
	}
	return s
}

// tolerates is v1.Toleration.ToleratesTaint for the Exists operator the
// story uses.
func (t Toleration) tolerates(taint Taint) bool {
	if t.Effect != "" && t.Effect != taint.Effect {
		return false
	}
	if t.Key != "" && t.Key != taint.Key {
		return false
	}
	return t.Operator == string(v1.TolerationOpExists)
}

// Pod is one pod of the Deployment's ReplicaSet.
type Pod struct {
	Name, UID, Node, IP string
	Created             Time
	Tolerations         []Toleration
	// Running: the container runs (phase Running). ContainerReady is its
	// containerStatuses[].ready: what kubectl's READY column counts.
	Running, ContainerReady bool
	// Ready is the pod's Ready condition; MarkPodsNotReady sets it False
	// without touching containerStatuses.
	Ready            bool
	ReadyTransition  Time
	DisruptionTarget bool
	// DeletedAt is when it was deleted (never: not deleted); its
	// metadata.deletionTimestamp is DeletedAt + 30 s.
	DeletedAt Time

	startAt    Time // the kubelet starts its container
	evictAt    Time // the taint-eviction-controller's timer; never: none
	killedAt   Time // the kubelet stopped its container
	goneAt     Time // its object is removed from the API server
	readyAgain Time // the kubelet reports it Ready again
}

// Terminating is true once the pod has a deletionTimestamp.
func (p *Pod) Terminating() bool { return p.DeletedAt != never }

// EvictAt is when the taint-eviction-controller will delete the pod, or
// false if no deletion is scheduled.
func (p *Pod) EvictAt() (Time, bool) { return p.evictAt, p.evictAt != never }

// Event is an event as kubectl events prints it, with the recorder's
// aggregation of repeats (count, first and last seen).
type Event struct {
	Object                      string // "node/node-3", "pod/web-…"
	Type, Reason, From, Message string
	First, Last                 Time
	Count                       int
}

// health is the node lifecycle controller's private nodeHealthData.
type health struct {
	probe          Time // probeTimestamp: when it last heard from the node
	savedRenew     Time // the Lease renewTime it last saw
	savedHeartbeat Time // the Ready condition's lastHeartbeatTime it last saw
}

// Step is what one actor did in one second, after skipping quiet seconds.
type Step struct {
	At        Time
	QuietFrom Time // the first second skipped (== At when none)
	Actor     string
	Kind      Kind
	Did       []string
	Quiet     []string // what routinely happened in the skipped seconds
}

// Kind names what a step did, for the page and its checkpoints.
type Kind string

// Kinds of steps.
const (
	KindHeartbeats    Kind = "heartbeats"
	KindFail          Kind = "fail"
	KindReturn        Kind = "return"
	KindKubeletPost   Kind = "kubelet-post"   // the kubelet is heard again
	KindKubeletPods   Kind = "kubelet-pods"   // starts or stops containers
	KindUnknown       Kind = "unknown"        // Ready → Unknown
	KindTaint         Kind = "taint"          // NoSchedule / NoExecute taints
	KindReachable     Kind = "reachable"      // taints removed
	KindEvictSchedule Kind = "evict-schedule" // timers started
	KindEvictCancel   Kind = "evict-cancel"   // timers cancelled
	KindEvict         Kind = "evict"          // pods deleted
	KindCreate        Kind = "create"         // ReplicaSet creates
	KindSchedule      Kind = "schedule"       // scheduler binds
	KindPodGone       Kind = "pod-gone"       // the API server removes a pod
	KindQuiet         Kind = "quiet"
)

// Sim is the cluster.
type Sim struct {
	Cfg   Config
	Now   Time
	Nodes []*Node
	Pods  []*Pod
	// Events, oldest first.
	Events []Event
	// RSName is the ReplicaSet: web-<pod-template-hash>.
	RSName, Hash      string
	DeploymentCreated Time

	phase     int
	rng       names.Rand
	health    map[string]*health
	taintQ    map[string]bool   // zoneNoExecuteTainter's queue
	teSeen    map[string]string // the NoExecute taints the taint-eviction-controller last saw
	returnAt  Time
	renewed   map[string]int // Lease renewals since the last step
	reported  map[string]int // unchanged status reports since the last step
	passes    int            // controller passes since the last step
	lastStep  Time
	lastEvent int
}

// phases of a second, in order.
const (
	phaseYou = iota
	phaseKubelet
	phaseNodeController
	phaseTaintEviction
	phaseReplicaSet
	phaseScheduler
	phases
)

// New builds the cluster as it is at t=0: the Deployment has run for an
// hour, one pod on each node, every kubelet renewing its Lease.
func New(cfg Config) (*Sim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Sim{Cfg: cfg, rng: names.NewRand(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15),
		health: map[string]*health{}, taintQ: map[string]bool{}, teSeen: map[string]string{},
		renewed: map[string]int{}, reported: map[string]int{}, returnAt: never}
	if cfg.ReturnAfter >= 0 {
		s.returnAt = cfg.FailAt + cfg.ReturnAfter
	}
	tmpl := controller.KubectlDeploymentTemplate(DeploymentName, Image, ContainerName)
	s.Hash = controller.ComputeHash(&tmpl, nil)
	s.RSName = DeploymentName + "-" + s.Hash
	s.DeploymentCreated = -3600

	// Each kubelet ticks at its own phase of the 10 s period and last
	// reported its full status some minutes ago.
	ticks := []Time{2, 7, 4}
	reports := []Time{-248, -123, -196}
	ips := []int{12, 7, 9}
	for i, name := range NodeNames {
		n := &Node{Name: name, Created: -2 * 86400, KubeletRunning: true, NetworkUp: true,
			ipPrefix: fmt.Sprintf("10.244.%d.", i+1), nextIP: ips[i] + 1, tick: ticks[i], lastReport: reports[i], startedAt: -2 * 86400, restartedAt: never, backAt: -1 << 40}
		n.Conditions = kubeletConditions(n.Created)
		for j := range n.Conditions {
			n.Conditions[j].LastHeartbeat = reports[i]
		}
		n.RenewTime = -60 + ((ticks[i]-(-60))%10+10)%10 - 10
		s.Nodes = append(s.Nodes, n)
		s.health[name] = &health{probe: -60, savedRenew: n.RenewTime, savedHeartbeat: reports[i]}
		s.teSeen[name] = ""
		p := s.newPod(-3600)
		p.Node, p.IP = name, fmt.Sprintf("%s%d", n.ipPrefix, ips[i])
		p.Running, p.ContainerReady, p.Ready, p.ReadyTransition = true, true, true, -3598
		p.startAt = never
	}
	// Run the minute before t=0 so the controller's view is settled.
	s.Now = -60
	for s.Now < 0 {
		s.runPhase()
	}
	s.Events = nil
	s.resetQuiet()
	return s, nil
}

// tolerations are the pod's: the template's, then what the
// DefaultTolerationSeconds admission plugin
// (plugin/pkg/admission/defaulttolerationseconds/admission.go) adds for
// the taints it does not already tolerate: not-ready and unreachable,
// NoExecute, Exists, 300 s.
func (s *Sim) tolerations() []Toleration {
	var ts []Toleration
	def := int64(DefaultTolerationSeconds)
	hasUnreachable := false
	if s.Cfg.TolerationSeconds != nil {
		sec := *s.Cfg.TolerationSeconds
		ts = append(ts, Toleration{Key: v1.TaintNodeUnreachable, Operator: string(v1.TolerationOpExists), Effect: string(v1.TaintEffectNoExecute), Seconds: &sec})
		hasUnreachable = true
	}
	ts = append(ts, Toleration{Key: v1.TaintNodeNotReady, Operator: string(v1.TolerationOpExists), Effect: string(v1.TaintEffectNoExecute), Seconds: &def})
	if !hasUnreachable {
		ts = append(ts, Toleration{Key: v1.TaintNodeUnreachable, Operator: string(v1.TolerationOpExists), Effect: string(v1.TaintEffectNoExecute), Seconds: &def})
	}
	return ts
}

func (s *Sim) newPod(t Time) *Pod {
	p := &Pod{Name: s.RSName + "-" + names.Suffix(s.rng, 5), UID: names.UID(s.rng), Created: t, Tolerations: s.tolerations(),
		DeletedAt: never, startAt: never, evictAt: never, killedAt: never, goneAt: never, readyAgain: never}
	s.Pods = append(s.Pods, p)
	return p
}

// Node returns the node called name.
func (s *Sim) Node(name string) *Node {
	for _, n := range s.Nodes {
		if n.Name == name {
			return n
		}
	}
	return nil
}

// Pod returns the pod called name.
func (s *Sim) Pod(name string) *Pod {
	for _, p := range s.Pods {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// PodsOn are the pods bound to node, by name.
func (s *Sim) PodsOn(node string) []*Pod {
	var out []*Pod
	for _, p := range s.Pods {
		if p.Node == node {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ReturnAt is when the failed node comes back (never: it does not).
func (s *Sim) ReturnAt() Time { return s.returnAt }

func (s *Sim) event(obj, typ, reason, from, msg string) {
	for i := range s.Events {
		e := &s.Events[i]
		if e.Object == obj && e.Reason == reason && e.Message == msg && e.From == from {
			e.Count++
			e.Last = s.Now
			return
		}
	}
	s.Events = append(s.Events, Event{Object: obj, Type: typ, Reason: reason, From: from, Message: msg, First: s.Now, Last: s.Now, Count: 1})
}

func (s *Sim) resetQuiet() {
	s.renewed, s.reported, s.passes = map[string]int{}, map[string]int{}, 0
	s.lastStep = s.Now
}

// runPhase runs the next phase of the current second and says what
// happened (nothing for routine work).
func (s *Sim) runPhase() (actor string, kind Kind, did []string) {
	switch s.phase {
	case phaseYou:
		actor, kind, did = s.you()
	case phaseKubelet:
		actor, kind, did = s.kubelets()
	case phaseNodeController:
		actor, kind, did = s.nodeController()
	case phaseTaintEviction:
		actor, kind, did = s.taintEviction()
	case phaseReplicaSet:
		actor, kind, did = s.replicaSet()
	case phaseScheduler:
		actor, kind, did = s.scheduler()
	}
	s.phase++
	if s.phase == phases {
		s.phase = 0
		s.Now++
	}
	return
}

// Heartbeats runs until t (exclusive) and reports the routine work as a
// step: the Leases renewed, the controller's passes.
func (s *Sim) Heartbeats(until Time) Step {
	from := s.Now
	did := []string{fmt.Sprintf("Every kubelet renews its Lease in kube-node-lease every %d s (nodeLeaseDurationSeconds %d × 0.25), and the node lifecycle controller checks every node every %d s.", LeaseRenewInterval, NodeLeaseDurationSeconds, NodeMonitorPeriod)}
	for s.Now < until {
		at := s.Now
		if s.phase == phaseKubelet {
			for _, n := range s.Nodes {
				if n.Connected() && (at-n.tick)%LeaseRenewInterval == 0 {
					did = append(did, fmt.Sprintf("%s: the kubelet on %s renews its Lease kube-node-lease/%s (renewTime %s).", Clock(at), n.Name, n.Name, Clock(at)))
				}
			}
		}
		if s.phase == phaseNodeController && at%NodeMonitorPeriod == 0 {
			did = append(did, fmt.Sprintf("%s: the node lifecycle controller checks every node's Lease and Ready condition: all heard from within %d s.", Clock(at), NodeMonitorGracePeriod))
		}
		if _, _, d := s.runPhase(); len(d) > 0 {
			did = append(did, d...)
		}
	}
	st := Step{At: until - 1, QuietFrom: from, Actor: ActorKubelets, Kind: KindHeartbeats, Did: did}
	s.resetQuiet()
	return st
}

// Next runs until some actor does something that is not routine and
// returns that step; false when nothing more will happen.
func (s *Sim) Next() (Step, bool) {
	from := s.Now
	for guard := 0; guard < 3*3600*phases; guard++ {
		at := s.Now
		actor, kind, did := s.runPhase()
		if len(did) > 0 {
			st := Step{At: at, QuietFrom: from, Actor: actor, Kind: kind, Did: did}
			if from < at {
				st.Quiet = s.quietLines(from, at)
			} else {
				st.QuietFrom = at
			}
			s.resetQuiet()
			return st, true
		}
		if s.Now-from > 120 && !s.pending() {
			return Step{}, false
		}
	}
	return Step{}, false
}

// pending: a timer will fire or a failure is yet to come.
func (s *Sim) pending() bool {
	if s.Now <= s.Cfg.FailAt || (s.returnAt != never && s.Now <= s.returnAt+NodeStatusUpdateFrequency) {
		return true
	}
	for _, p := range s.Pods {
		if p.evictAt != never || p.startAt != never || p.goneAt != never || p.readyAgain != never {
			return true
		}
	}
	return false
}

func (s *Sim) quietLines(from, to Time) []string {
	var out []string
	span := fmt.Sprintf("%s … %s", Clock(from), Clock(to-1))
	if to-1 == from {
		span = Clock(from)
	}
	var renewers, silent []string
	for _, n := range s.Nodes {
		if s.renewed[n.Name] > 0 {
			renewers = append(renewers, fmt.Sprintf("%s %d×", n.Name, s.renewed[n.Name]))
		} else if to-from >= LeaseRenewInterval {
			silent = append(silent, fmt.Sprintf("%s (Lease last renewed %s)", n.Name, Clock(n.RenewTime)))
		}
	}
	if len(renewers) > 0 {
		out = append(out, fmt.Sprintf("%s: Leases renewed every 10 s by %s.", span, strings.Join(renewers, ", ")))
	}
	if len(silent) > 0 {
		out = append(out, fmt.Sprintf("%s: no renewal from %s.", span, strings.Join(silent, ", ")))
	}
	for _, n := range s.Nodes {
		if s.reported[n.Name] > 0 {
			out = append(out, fmt.Sprintf("%s: the kubelet on %s posts its unchanged node status (every %s).", span, n.Name, "5 min"))
		}
	}
	if s.passes > 0 {
		out = append(out, fmt.Sprintf("%s: the node lifecycle controller checks every node %d× (every %d s).", span, s.passes, NodeMonitorPeriod))
	}
	return out
}

// you: the learner breaks the node, and later mends it.
func (s *Sim) you() (string, Kind, []string) {
	n := s.Node(s.Cfg.Node)
	switch s.Now {
	case s.Cfg.FailAt:
		if s.Cfg.Failure == KubeletStopped {
			n.KubeletRunning = false
			return ActorYou, KindFail, []string{fmt.Sprintf("You run systemctl stop kubelet on %s. Its containers keep running (they belong to containerd), but nothing renews its Lease or posts its status any more.", n.Name)}
		}
		n.NetworkUp = false
		return ActorYou, KindFail, []string{fmt.Sprintf("%s loses its network. The kubelet and the containers run on, but nothing they send reaches the API server.", n.Name)}
	case s.returnAt:
		if s.Cfg.Failure == KubeletStopped {
			n.KubeletRunning = true
			n.restartedAt, n.backAt = s.Now, s.Now
			n.tick = s.Now % LeaseRenewInterval
			return ActorYou, KindReturn, []string{fmt.Sprintf("You run systemctl start kubelet on %s.", n.Name)}
		}
		n.NetworkUp = true
		n.backAt = s.Now
		return ActorYou, KindReturn, []string{fmt.Sprintf("%s's network is back. The kubelet's next try (every 10 s) will get through.", n.Name)}
	}
	return "", "", nil
}

// kubelets: every kubelet's Lease, node status and pods. Only a kubelet
// that reaches the API server does anything the cluster sees.
func (s *Sim) kubelets() (string, Kind, []string) {
	t := s.Now
	var did []string
	actor, kind := "", KindKubeletPods
	say := func(n *Node, k Kind, format string, a ...any) {
		if actor == "" {
			actor, kind = ActorKubelet+n.Name, k
		}
		did = append(did, fmt.Sprintf(format, a...))
	}
	for _, n := range s.Nodes {
		if !n.Connected() {
			continue
		}
		restart := n.restartedAt == t
		onTick := (t-n.tick)%LeaseRenewInterval == 0
		if restart {
			// kubelet.go: the events of a starting kubelet, then its first
			// status post and Lease.
			s.event("node/"+n.Name, "Normal", "Starting", FromKubelet, "Starting kubelet.")
			s.event("node/"+n.Name, "Normal", "NodeAllocatableEnforced", FromKubelet, "Updated Node Allocatable limit across pods")
			say(n, KindKubeletPost, "The kubelet on %s starts: event Starting \"Starting kubelet.\".", n.Name)
		}
		if restart || onTick {
			n.RenewTime = t
			if !restart {
				s.renewed[n.Name]++
			}
			ready := n.ReadyStatus()
			if ready != "True" || restart || t-n.lastReport >= NodeStatusReportFrequency {
				changed := s.postStatus(n)
				if len(changed) > 0 {
					say(n, KindKubeletPost, "The kubelet on %s renews its Lease (renewTime %s) and posts its node status: %s.", n.Name, Clock(t), strings.Join(changed, ", "))
				} else if restart {
					say(n, KindKubeletPost, "The kubelet on %s renews its Lease (renewTime %s) and posts its node status: nothing changed.", n.Name, Clock(t))
				} else {
					s.reported[n.Name]++
				}
			}
			if n.Cond(string(v1.NodeReady)).Status == "True" {
				// The pods the controller marked not Ready: a restarted
				// kubelet's status manager starts with an empty cache and
				// posts them at once; a reconnected one finds the
				// difference at its next syncBatch reconcile (every 10 s,
				// pkg/kubelet/status/status_manager.go).
				again := t + 1
				if !restart {
					again = t + 10
				}
				for _, p := range s.PodsOn(n.Name) {
					if !p.Terminating() && p.Running && !p.Ready && p.readyAgain == never {
						p.readyAgain = again
					}
				}
			}
		}
		for _, p := range s.PodsOn(n.Name) {
			switch {
			case p.startAt == t:
				// pkg/kubelet/kuberuntime: pull (present), create, start.
				p.startAt = never
				p.Running, p.ContainerReady, p.Ready, p.ReadyTransition = true, true, true, t
				p.IP = fmt.Sprintf("%s%d", n.ipPrefix, n.nextIP)
				n.nextIP++
				obj := "pod/" + p.Name
				s.event(obj, "Normal", "Pulled", FromKubelet, fmt.Sprintf("Container image %q already present on machine and can be accessed by the pod", Image))
				// kuberuntime_container.go startContainer: "Container created" and
				// "Container started" since kubernetes/kubernetes PR #134043 (v1.35).
				s.event(obj, "Normal", "Created", FromKubelet, "Container created")
				s.event(obj, "Normal", "Started", FromKubelet, "Container started")
				say(n, KindKubeletPods, "The kubelet on %s starts %s's container (Pulled, Created, Started); with no readiness probe the pod is Ready at once, IP %s.", n.Name, p.Name, p.IP)
			case p.Terminating() && p.killedAt == never:
				// The kubelet sees the deletionTimestamp it missed and stops
				// the container, which ends at once (no open connections).
				p.killedAt = t
				p.Running, p.ContainerReady, p.Ready = false, false, false
				p.goneAt = t + 1
				s.event("pod/"+p.Name, "Normal", "Killing", FromKubelet, "Stopping container "+ContainerName)
				say(n, KindKubeletPods, "The kubelet on %s finds %s deleted (deletionTimestamp %s) and stops its container: event Killing \"Stopping container nginx\". Until now the container was still running.", n.Name, p.Name, Clock(p.DeletedAt+TerminationGracePeriodSeconds))
			case p.goneAt == t:
				p.goneAt = never
				s.removePod(p)
				say(n, KindPodGone, "The kubelet reports %s's container stopped and deletes the pod with grace period 0: the API server removes it.", p.Name)
			case p.readyAgain == t:
				p.readyAgain = never
				if !p.Terminating() {
					p.Ready, p.ReadyTransition = true, t
					say(n, KindKubeletPods, "The kubelet on %s posts %s's status: Ready=True again (its container never stopped).", n.Name, p.Name)
				}
			}
		}
	}
	if len(did) == 0 {
		return "", "", nil
	}
	return actor, kind, did
}

// postStatus is the kubelet's tryUpdateNodeStatus: every condition gets a
// new lastHeartbeatTime; one that changes gets lastTransitionTime now and
// an event "Node %s status is now: %s" (setters.go). It returns what
// changed.
func (s *Sim) postStatus(n *Node) []string {
	t := s.Now
	var changed []string
	for i, c := range kubeletConditions(t) {
		cur := &n.Conditions[i]
		if cur.Status != c.Status {
			reason := kubeletEvents[c.Type]
			s.event("node/"+n.Name, "Normal", reason, FromKubelet, fmt.Sprintf("Node %s status is now: %s", n.Name, reason))
			changed = append(changed, fmt.Sprintf("%s=%s (%s)", c.Type, c.Status, c.Reason))
			*cur = c
		}
		cur.LastHeartbeat = t
	}
	n.lastReport = t
	return changed
}

func (s *Sim) removePod(p *Pod) {
	for i, q := range s.Pods {
		if q == p {
			s.Pods = append(s.Pods[:i], s.Pods[i+1:]...)
			return
		}
	}
}

// nodeController is the node lifecycle controller
// (pkg/controller/nodelifecycle/node_lifecycle_controller.go): every
// node-monitor-period monitorNodeHealth; on every node update
// doNoScheduleTaintingPass; every 100 ms doNoExecuteTaintingPass.
func (s *Sim) nodeController() (string, Kind, []string) {
	t := s.Now
	var did []string
	kind := KindTaint
	if t%NodeMonitorPeriod == 0 {
		s.passes++
		for _, n := range s.Nodes {
			k, d := s.monitorNode(n)
			if len(d) > 0 && (kind == KindTaint || k == KindUnknown) {
				kind = k
			}
			did = append(did, d...)
		}
	}
	for _, n := range s.Nodes {
		did = append(did, s.noScheduleTaintingPass(n)...)
	}
	for _, n := range s.Nodes {
		did = append(did, s.noExecuteTaintingPass(n)...)
	}
	if len(did) == 0 {
		return "", "", nil
	}
	return ActorNodeController, kind, did
}

// monitorNode is tryUpdateNodeHealth, processTaintBaseEviction and the
// NodeNotReady transition of monitorNodeHealth for one node.
func (s *Sim) monitorNode(n *Node) (Kind, []string) {
	t := s.Now
	h := s.health[n.Name]
	ready := n.Cond(string(v1.NodeReady))
	observed := *ready
	// The probe timestamp is the controller's own clock when it saw a new
	// heartbeat in the Ready condition or a newer Lease renewTime.
	if ready.LastHeartbeat != h.savedHeartbeat {
		h.savedHeartbeat, h.probe = ready.LastHeartbeat, t
	}
	if n.RenewTime > h.savedRenew {
		h.savedRenew, h.probe = n.RenewTime, t
	}
	var did []string
	kind := KindTaint
	if t > h.probe+NodeMonitorGracePeriod {
		changed := false
		for i := range n.Conditions {
			c := &n.Conditions[i]
			if c.Status != "Unknown" {
				c.Status, c.Reason, c.Message, c.LastTransition = "Unknown", ReasonNodeStatusUnknown, MessageNodeStatusUnknown, t
				changed = true
			}
		}
		if changed {
			kind = KindUnknown
			did = append(did,
				fmt.Sprintf("%s has not been heard from for %d s, more than node-monitor-grace-period (%d s), so the controller sets its Ready, MemoryPressure, DiskPressure and PIDPressure conditions to Unknown with the message %q (reason %s). kubectl get nodes prints NotReady.",
					n.Name, t-h.probe, NodeMonitorGracePeriod, MessageNodeStatusUnknown, ReasonNodeStatusUnknown),
				fmt.Sprintf("It last heard from %s at %s, the first pass after the Lease renewal of %s; it checks every %d s, so this is its first pass past %s.",
					n.Name, Clock(h.probe), Clock(n.RenewTime), NodeMonitorPeriod, Clock(h.probe+NodeMonitorGracePeriod)))
		}
	}
	// processTaintBaseEviction looks at the condition as it was observed
	// before this pass changed it.
	switch observed.Status {
	case "Unknown":
		if n.HasTaint(v1.TaintNodeNotReady, string(v1.TaintEffectNoExecute)) {
			s.swapTaints(n, Taint{Key: v1.TaintNodeUnreachable, Effect: string(v1.TaintEffectNoExecute)}, v1.TaintNodeNotReady, string(v1.TaintEffectNoExecute))
		} else if !n.HasTaint(v1.TaintNodeUnreachable, string(v1.TaintEffectNoExecute)) && !s.taintQ[n.Name] {
			s.taintQ[n.Name] = true // markNodeForTainting
		}
	case "True":
		// markNodeAsReachable.
		delete(s.taintQ, n.Name)
		var removed []string
		for _, key := range []string{v1.TaintNodeUnreachable, v1.TaintNodeNotReady} {
			if n.HasTaint(key, string(v1.TaintEffectNoExecute)) {
				s.removeTaint(n, key, string(v1.TaintEffectNoExecute))
				removed = append(removed, key+":NoExecute")
			}
		}
		if len(removed) > 0 {
			kind = KindReachable
			did = append(did, fmt.Sprintf("%s is Ready again: markNodeAsReachable removes %s.", n.Name, strings.Join(removed, ", ")))
		}
	}
	if ready.Status != "True" && observed.Status == "True" {
		// RecordNodeStatusChange and MarkPodsNotReady
		// (pkg/controller/util/node/controller_utils.go).
		s.event("node/"+n.Name, "Normal", "NodeNotReady", FromNodeController, fmt.Sprintf("Node %s status is now: NodeNotReady", n.Name))
		var marked []string
		for _, p := range s.PodsOn(n.Name) {
			if p.Ready {
				p.Ready, p.ReadyTransition = false, t
				s.event("pod/"+p.Name, "Warning", "NodeNotReady", FromNodeController, "Node is not ready")
				marked = append(marked, p.Name)
			}
		}
		if len(marked) > 0 {
			did = append(did, fmt.Sprintf("Event NodeNotReady. MarkPodsNotReady sets the Ready condition of %s to False: Services stop sending it traffic, and the Deployment counts one pod fewer ready. Its container still runs, and kubectl get pods still prints 1/1 Running: nothing tells the kubelet.", strings.Join(marked, ", ")))
		}
	}
	return kind, did
}

// noScheduleTaintingPass is doNoScheduleTaintingPass: the NoSchedule
// taints follow the node's conditions (Ready Unknown →
// node.kubernetes.io/unreachable, Ready False → not-ready).
func (s *Sim) noScheduleTaintingPass(n *Node) []string {
	want := ""
	switch n.ReadyStatus() {
	case "Unknown":
		want = v1.TaintNodeUnreachable
	case "False":
		want = v1.TaintNodeNotReady
	}
	var did []string
	for _, key := range []string{v1.TaintNodeUnreachable, v1.TaintNodeNotReady} {
		has := n.HasTaint(key, string(v1.TaintEffectNoSchedule))
		switch {
		case key == want && !has:
			n.Taints = append(n.Taints, Taint{Key: key, Effect: string(v1.TaintEffectNoSchedule), TimeAdded: s.Now})
			did = append(did, fmt.Sprintf("doNoScheduleTaintingPass adds the taint %s:NoSchedule to %s: the scheduler puts no new pod there.", key, n.Name))
		case key != want && has:
			s.removeTaint(n, key, string(v1.TaintEffectNoSchedule))
			did = append(did, fmt.Sprintf("doNoScheduleTaintingPass removes %s:NoSchedule from %s.", key, n.Name))
		}
	}
	return did
}

// noExecuteTaintingPass is doNoExecuteTaintingPass for a queued node.
func (s *Sim) noExecuteTaintingPass(n *Node) []string {
	if !s.taintQ[n.Name] {
		return nil
	}
	delete(s.taintQ, n.Name)
	switch n.ReadyStatus() {
	case "Unknown":
		s.swapTaints(n, Taint{Key: v1.TaintNodeUnreachable, Effect: string(v1.TaintEffectNoExecute)}, v1.TaintNodeNotReady, string(v1.TaintEffectNoExecute))
		return []string{fmt.Sprintf("doNoExecuteTaintingPass adds the taint %s:NoExecute to %s (timeAdded %s): pods that do not tolerate it must go.", v1.TaintNodeUnreachable, n.Name, Clock(s.Now)),
			fmt.Sprintf("At this pass the controller saw %s still Unknown and queued it for tainting (markNodeForTainting; the queue lets through at most --node-eviction-rate 0.1 nodes per second).", n.Name)}
	case "False":
		s.swapTaints(n, Taint{Key: v1.TaintNodeNotReady, Effect: string(v1.TaintEffectNoExecute)}, v1.TaintNodeUnreachable, string(v1.TaintEffectNoExecute))
		return []string{fmt.Sprintf("doNoExecuteTaintingPass adds the taint %s:NoExecute to %s.", v1.TaintNodeNotReady, n.Name)}
	}
	return nil
}

// swapTaints is SwapNodeControllerTaint: add (timeAdded now), remove the
// opposite one.
func (s *Sim) swapTaints(n *Node, add Taint, rmKey, rmEffect string) {
	if !n.HasTaint(add.Key, add.Effect) {
		add.TimeAdded = s.Now
		n.Taints = append(n.Taints, add)
	}
	s.removeTaint(n, rmKey, rmEffect)
}

func (s *Sim) removeTaint(n *Node, key, effect string) {
	out := n.Taints[:0]
	for _, t := range n.Taints {
		if t.Key != key || t.Effect != effect {
			out = append(out, t)
		}
	}
	n.Taints = out
}

// noExecuteTaints is getNoExecuteTaints, as a comparable string.
func noExecuteTaints(n *Node) ([]Taint, string) {
	var ts []Taint
	var keys []string
	for _, t := range n.Taints {
		if t.Effect == string(v1.TaintEffectNoExecute) {
			ts = append(ts, t)
			keys = append(keys, t.String())
		}
	}
	return ts, strings.Join(keys, ",")
}

// taintEviction is the taint-eviction-controller
// (pkg/controller/tainteviction/taint_eviction.go): handleNodeUpdate when
// a node's NoExecute taints change, then the timers that fire.
func (s *Sim) taintEviction() (string, Kind, []string) {
	t := s.Now
	var did []string
	kind := KindEvictSchedule
	for _, n := range s.Nodes {
		taints, sig := noExecuteTaints(n)
		if sig == s.teSeen[n.Name] {
			continue
		}
		s.teSeen[n.Name] = sig
		for _, p := range s.PodsOn(n.Name) {
			if len(taints) == 0 {
				if p.evictAt != never {
					p.evictAt = never
					s.event("pod/"+p.Name, "Normal", "TaintManagerEviction", FromTaintEviction, fmt.Sprintf("Cancelling deletion of Pod %s/%s", Namespace, p.Name))
					did = append(did, fmt.Sprintf("%s has no NoExecute taint any more: the controller cancels the deletion of %s (event TaintManagerEviction \"Cancelling deletion of Pod %s/%s\").", n.Name, p.Name, Namespace, p.Name))
					kind = KindEvictCancel
				}
				continue
			}
			if p.Terminating() {
				continue
			}
			// processPodOnNode: every taint must be tolerated; the pod may
			// stay for the smallest tolerationSeconds of the tolerations
			// used (getMinTolerationTime; ≤ 0 means now).
			min, all := int64(-1), true
			for _, taint := range taints {
				ok := false
				for _, tol := range p.Tolerations {
					if tol.tolerates(taint) {
						ok = true
						if tol.Seconds != nil {
							sec := max(*tol.Seconds, 0)
							if min < 0 || sec < min {
								min = sec
							}
						}
					}
				}
				all = all && ok
			}
			if !all {
				min = 0
			}
			if min < 0 {
				continue // tolerated forever
			}
			at := t + Time(min)
			if p.evictAt != never && p.evictAt <= at {
				continue
			}
			p.evictAt = at
			did = append(did, fmt.Sprintf("%s tolerates %s for %d s (tolerationSeconds), so the controller starts a timer: it will delete the pod at %s, %d s from now.", p.Name, taints[0], min, Clock(at), min))
		}
	}
	var evicted []string
	for _, p := range append([]*Pod(nil), s.Pods...) {
		if p.evictAt != t {
			continue
		}
		p.evictAt = never
		s.event("pod/"+p.Name, "Normal", "TaintManagerEviction", FromTaintEviction, fmt.Sprintf("Marking for deletion Pod %s/%s", Namespace, p.Name))
		p.DisruptionTarget = true
		p.DeletedAt = t
		evicted = append(evicted, p.Name)
	}
	if len(evicted) > 0 {
		kind = KindEvict
		did = append(did, fmt.Sprintf("The timer fires: event TaintManagerEviction \"Marking for deletion Pod %s/%s\". The controller adds the condition DisruptionTarget=True (reason %s, message %q) and deletes the pod: its deletionTimestamp is %s (now + terminationGracePeriodSeconds 30). It is Terminating, but only its kubelet could finish the deletion.",
			Namespace, strings.Join(evicted, ", "), ReasonDeletionByTaintManager, MessageDeletionByTaintManager, Clock(t+TerminationGracePeriodSeconds)))
	}
	if len(did) == 0 {
		return "", "", nil
	}
	return ActorTaintEviction, kind, did
}

// Active are the pods the ReplicaSet counts (controller.FilterActivePods:
// not terminating).
func (s *Sim) Active() []*Pod {
	var out []*Pod
	for _, p := range s.Pods {
		if !p.Terminating() {
			out = append(out, p)
		}
	}
	return out
}

// replicaSet is manageReplicas (pkg/controller/replicaset/replica_set.go):
// diff := len(filteredPods) - int(*(rs.Spec.Replicas)); below zero it
// creates -diff pods (slowStartBatch 1, 2, 4…), each with the event
// SuccessfulCreate "Created pod: …".
func (s *Sim) replicaSet() (string, Kind, []string) {
	active := len(s.Active())
	diff := active - Replicas
	if diff >= 0 {
		return "", "", nil
	}
	var names []string
	for range -diff {
		p := s.newPod(s.Now)
		s.event("replicaset/"+s.RSName, "Normal", "SuccessfulCreate", FromReplicaSet, "Created pod: "+p.Name)
		names = append(names, p.Name)
	}
	return ActorReplicaSet, KindCreate, []string{fmt.Sprintf("The ReplicaSet %s counts %d active pods (a Terminating pod does not count) for spec.replicas %d: diff = %d - %d = %d, so it creates %d: %s (event SuccessfulCreate).",
		s.RSName, active, Replicas, active, Replicas, diff, -diff, strings.Join(names, ", "))}
}

// scheduler binds pending pods. The TaintToleration filter rules out a
// node with a NoSchedule or NoExecute taint the pod does not tolerate;
// node.kubernetes.io/unreachable:NoSchedule is tolerated by no pod here.
// On the nodes left each has one web pod and the same free resources, so
// every score plugin gives them the same score and selectHost picks one
// of the best at random.
func (s *Sim) scheduler() (string, Kind, []string) {
	var did []string
	for _, p := range s.Pods {
		if p.Node != "" || p.Terminating() {
			continue
		}
		var feasible []*Node
		for _, n := range s.Nodes {
			ok := true
			for _, taint := range n.Taints {
				if taint.Effect == string(v1.TaintEffectPreferNoSchedule) {
					continue
				}
				tol := false
				for _, tl := range p.Tolerations {
					tol = tol || tl.tolerates(taint)
				}
				ok = ok && tol
			}
			if ok {
				feasible = append(feasible, n)
			}
		}
		if len(feasible) == 0 {
			continue
		}
		// Fewest web pods first: with one each, all tie.
		best := []*Node{}
		least := 1 << 30
		for _, n := range feasible {
			c := 0
			for _, q := range s.PodsOn(n.Name) {
				if !q.Terminating() {
					c++
				}
			}
			if c < least {
				best, least = []*Node{n}, c
			} else if c == least {
				best = append(best, n)
			}
		}
		n := best[s.rng.IntN(len(best))]
		p.Node = n.Name
		p.startAt = s.Now + 1
		s.event("pod/"+p.Name, "Normal", "Scheduled", FromScheduler, fmt.Sprintf("Successfully assigned %s/%s to %s", Namespace, p.Name, n.Name))
		var names []string
		for _, f := range feasible {
			names = append(names, f.Name)
		}
		did = append(did, fmt.Sprintf("The scheduler filters out %s (untolerated taint %s:NoSchedule); %s score the same, and it picks %s at random: event Scheduled \"Successfully assigned %s/%s to %s\".",
			s.Cfg.Node, v1.TaintNodeUnreachable, strings.Join(names, " and "), n.Name, Namespace, p.Name, n.Name))
	}
	if len(did) == 0 {
		return "", "", nil
	}
	return ActorScheduler, KindSchedule, did
}

// Clone is a deep copy.
func (s *Sim) Clone() *Sim {
	c := *s
	c.rng = s.rng.Clone()
	c.Nodes = nil
	for _, n := range s.Nodes {
		m := *n
		m.Conditions = append([]Condition(nil), n.Conditions...)
		m.Taints = append([]Taint(nil), n.Taints...)
		c.Nodes = append(c.Nodes, &m)
	}
	c.Pods = nil
	for _, p := range s.Pods {
		q := *p
		c.Pods = append(c.Pods, &q)
	}
	c.Events = append([]Event(nil), s.Events...)
	c.health = map[string]*health{}
	for k, v := range s.health {
		h := *v
		c.health[k] = &h
	}
	c.taintQ = map[string]bool{}
	for k, v := range s.taintQ {
		c.taintQ[k] = v
	}
	c.teSeen = map[string]string{}
	for k, v := range s.teSeen {
		c.teSeen[k] = v
	}
	c.renewed, c.reported = map[string]int{}, map[string]int{}
	for k, v := range s.renewed {
		c.renewed[k] = v
	}
	for k, v := range s.reported {
		c.reported[k] = v
	}
	return &c
}

// LastHeard is when the node lifecycle controller last heard from node.
func (s *Sim) LastHeard(node string) Time { return s.health[node].probe }
