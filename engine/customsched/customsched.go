package customsched

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// The names of the story, as a learner would search for them.
const (
	// DefaultScheduler is v1.DefaultSchedulerName: the API server fills it in
	// when a pod leaves spec.schedulerName empty (core/v1 defaults.go
	// SetDefaults_PodSpec), and it is the default kube-scheduler's profile.
	DefaultScheduler = v1.DefaultSchedulerName
	// MyScheduler is the second scheduler's profiles[0].schedulerName, as in
	// the upstream task "Configure Multiple Schedulers".
	MyScheduler = "my-scheduler"
	// MissingScheduler is a name no running scheduler has a profile for.
	MissingScheduler = "gpu-scheduler"

	ExtenderURL    = "http://127.0.0.1:8888/scheduler" // a sidecar in my-scheduler's pod
	FilterVerb     = "filter"
	PrioritizeVerb = "prioritize"
	// MaintenanceReason is what this example extender writes into
	// ExtenderFilterResult.FailedNodes for a node it rejects. The text is the
	// extender's own; kube-scheduler copies it into the FitError unchanged.
	MaintenanceReason = "node(s) under maintenance"

	// MaxExtenderPriority is extenderv1.MaxExtenderPriority and MaxNodeScore
	// framework.MaxNodeScore: an extender's 0–10 score is scaled by 100/10.
	MaxNodeScore = scheduler.MaxNodeScore
)

// Node is a node of the story and the score the example extender gives it
// (its own rule, not Kubernetes': days until the node's next maintenance
// window, capped at MaxExtenderPriority).
type Node struct {
	Name        string
	CPU, Memory string
	ExtScore    int64
}

// Nodes are the cluster's three workers: equal in size, unequal in load.
var Nodes = []Node{
	{Name: "node-1", CPU: "4", Memory: "8Gi", ExtScore: 2},
	{Name: "node-2", CPU: "4", Memory: "8Gi", ExtScore: 4},
	{Name: "node-3", CPU: "4", Memory: "8Gi", ExtScore: 5},
}

// Pod is a pod of the story.
type Pod struct {
	Name          string
	UID           string
	SchedulerName string // as stored: "" only for a pod the API server rejected
	CPU, Memory   string // requests
	Node          string // spec.nodeName; "" while Pending
	Created       bool   // false: kubectl apply was refused
	Running       bool   // there before the story began
}

// Phase is what kubectl get pods shows in STATUS for the story's pods.
func (p Pod) Phase() string {
	if p.Node == "" {
		return "Pending"
	}
	return "Running"
}

// running are the pods already bound before the story (default-scheduler put them there).
var running = []Pod{
	{Name: "db", UID: "0b1d6f0e-2a43-4b5e-9c61-3f8a0d7e1a01", SchedulerName: DefaultScheduler, CPU: "2500m", Memory: "5Gi", Node: "node-1", Created: true, Running: true},
	{Name: "cache", UID: "0b1d6f0e-2a43-4b5e-9c61-3f8a0d7e1a02", SchedulerName: DefaultScheduler, CPU: "1500m", Memory: "3Gi", Node: "node-2", Created: true, Running: true},
	{Name: "api", UID: "0b1d6f0e-2a43-4b5e-9c61-3f8a0d7e1a03", SchedulerName: DefaultScheduler, CPU: "500m", Memory: "1Gi", Node: "node-3", Created: true, Running: true},
}

// The three pods the learner applies, in the order of the file.
const (
	PodWeb    = "web"    // no schedulerName: defaulted to default-scheduler
	PodBatch  = "batch"  // the learner's choice
	PodOrphan = "orphan" // names MissingScheduler
)

// Config is what the learner chose.
type Config struct {
	SchedulerName string            // batch's spec.schedulerName as typed; "" is defaulted
	Strategy      scheduler.Scoring // my-scheduler's NodeResourcesFit scoringStrategy.type
	Weight        string            // extenders[0].weight as typed
	Reject        []string          // nodes the extender's filter rejects
	Seed          uint64            // extender tie-break (Randomizer)
}

// DefaultConfig is the story as it first opens.
func DefaultConfig() Config {
	return Config{SchedulerName: MyScheduler, Strategy: scheduler.MostAllocated, Weight: "1", Reject: []string{"node-1"}, Seed: 1}
}

// ValidateSchedulerName is the API server's check of spec.schedulerName
// (pkg/apis/core/validation/validation.go ValidatePodSpec:
// ValidateDNS1123Subdomain, field.Invalid), as kubectl apply prints it.
func ValidateSchedulerName(name string) []string {
	if name == "" {
		return nil
	}
	var out []string
	for _, msg := range validation.IsDNS1123Subdomain(name) {
		err := field.Invalid(field.NewPath("spec", "schedulerName"), name, msg)
		out = append(out, fmt.Sprintf("The Pod %q is invalid: %s", PodBatch, err.Error()))
	}
	return out
}

// ParseWeight reads extenders[0].weight. kube-scheduler refuses to start on
// a weight that is not positive when prioritizeVerb is set
// (apis/config/validation/validation.go validateExtenders).
func ParseWeight(s string) (int64, []string) {
	w, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, []string{fmt.Sprintf("extenders[0].weight must be a whole number (an int64), not %q: kube-scheduler cannot decode this configuration and does not start.", s)}
	}
	if w <= 0 {
		err := field.Invalid(field.NewPath("extenders").Index(0).Child("weight"), w, "must have a positive weight applied to it")
		return 0, []string{err.Error()}
	}
	if w > 1_000_000 {
		return 0, []string{fmt.Sprintf("extenders[0].weight %d is allowed by kube-scheduler, but this demo stops at 1000000 to keep the arithmetic readable.", w)}
	}
	return w, nil
}

// Problems are the learner's invalid inputs, each with upstream's message.
type Problems struct {
	SchedulerName []string
	Weight        []string
	Reject        []string
}

// Any reports whether there is any problem.
func (p Problems) Any() bool { return len(p.SchedulerName)+len(p.Weight)+len(p.Reject) > 0 }

// Validate checks a config.
func Validate(cfg Config) Problems {
	var p Problems
	p.SchedulerName = ValidateSchedulerName(cfg.SchedulerName)
	_, p.Weight = ParseWeight(cfg.Weight)
	for _, r := range cfg.Reject {
		if !isNode(r) {
			p.Reject = append(p.Reject, fmt.Sprintf("There is no node %q; the nodes are node-1, node-2 and node-3.", r))
		}
	}
	return p
}

func isNode(n string) bool {
	for _, x := range Nodes {
		if x.Name == n {
			return true
		}
	}
	return false
}

// Scheduler is one running kube-scheduler: its profiles and, for
// my-scheduler, the extender of its configuration. Running is false when
// its configuration does not validate (the process exits).
type Scheduler struct {
	Name     string // the Deployment/pod that runs it
	Profiles []string
	Strategy scheduler.Scoring
	Extender *Extender
	Running  bool
	Why      string // why it is not running
}

// Handles is Map.HandlesSchedulerName (pkg/scheduler/profile/profile.go),
// the test of eventhandlers.go responsibleForPod.
func (s Scheduler) Handles(schedulerName string) bool {
	if !s.Running {
		return false
	}
	for _, p := range s.Profiles {
		if p == schedulerName {
			return true
		}
	}
	return false
}

// Extender is the extenders[0] entry of my-scheduler's configuration.
type Extender struct {
	URLPrefix        string
	FilterVerb       string
	PrioritizeVerb   string
	Weight           int64
	NodeCacheCapable bool
	Ignorable        bool
	Reject           map[string]bool
}

// Event is a Kubernetes event as kubectl describe pod shows it.
type Event struct {
	Object, Type, Reason, From, Message string
	At                                  int // the second it was recorded (StepT)
}

// NodeScore is one node's score in my-scheduler's cycle.
type NodeScore struct {
	Node        string
	Plugins     int64 // the weighted sum of the Score plugins (RunScorePlugins)
	ExtenderRaw int64 // the HostPriority.Score the extender replied, 0–10
	Extender    int64 // ExtenderRaw × weight × (MaxNodeScore / MaxExtenderPriority)
	Total       int64
	Randomizer  int // set only when an extender scored the node; breaks equal totals
}

// Cycle is one scheduling cycle of one pod by one scheduler.
type Cycle struct {
	Scheduler string // the profile: the event's From
	Pod       string
	Strategy  scheduler.Scoring
	Plugins   *scheduler.Cycle // the framework's PreFilter/Filter/Score (engine/scheduler)

	Feasible []string // after the Filter plugins, in the order found

	Extender       *Extender // nil when the scheduler has none
	FilterCall     *HTTPCall // nil when no extender or no feasible node
	Rejected       []Rejection
	AfterExtenders []string
	PrioritizeCall *HTTPCall // nil with 0 or 1 node left ("just use it")

	Scores   []NodeScore // in AfterExtenders order
	Selected string
	Tied     []string

	FitError string // FitError.Error() when no node is left
	Message  string // the FailedScheduling event's message (FitError + the PostFilter plugins' reasons)
}

// Rejection is one node a Filter plugin or the extender removed.
type Rejection struct {
	Node, By, Reason string
}

// Step is one step of the story and the cluster after it.
type Step struct {
	Kind    string // apply, queues, schedule, filter, extender-filter, prioritize, bind, unschedulable, end
	Actor   string
	Command string // what the learner typed, or ""
	Output  string // what it printed
	Did     []string
	Cycle   *Cycle // the cycle this step shows, or nil
	T       int    // the story's clock, in seconds after kubectl apply
	Pods    []Pod
	Events  []Event
	Queues  []Queue
}

// Queue is one scheduler's active queue after the informers delivered the pods.
type Queue struct {
	Scheduler string
	Pods      []string
}

// Story is the whole run.
type Story struct {
	Config     Config
	Problems   Problems
	Schedulers []Scheduler
	Steps      []Step
	Compare    *Compare // batch scored by both strategies; nil if batch is not created
}

// Compare is the same pod scored by the Score plugins under each strategy.
type Compare struct {
	Pod   string
	Least *scheduler.Cycle
	Most  *scheduler.Cycle
}

// Run simulates the story for cfg. Invalid input is not an error: it is
// reported in Story.Problems and the story shows its consequence (the pod
// is refused; the second scheduler does not start).
func Run(cfg Config) *Story {
	if cfg.Strategy == "" {
		cfg.Strategy = scheduler.MostAllocated
	}
	st := &Story{Config: cfg, Problems: Validate(cfg)}
	weight, _ := ParseWeight(cfg.Weight)
	reject := map[string]bool{}
	for _, r := range cfg.Reject {
		if isNode(r) {
			reject[r] = true
		}
	}
	def := Scheduler{Name: "kube-scheduler", Profiles: []string{DefaultScheduler}, Strategy: scheduler.LeastAllocated, Running: true}
	my := Scheduler{Name: "my-scheduler", Profiles: []string{MyScheduler}, Strategy: cfg.Strategy, Running: true,
		Extender: &Extender{URLPrefix: ExtenderURL, FilterVerb: FilterVerb, PrioritizeVerb: PrioritizeVerb, Weight: weight, NodeCacheCapable: true, Reject: reject}}
	if len(st.Problems.Weight) > 0 {
		my.Running = false
		my.Why = "its configuration is invalid: " + st.Problems.Weight[0]
	}
	st.Schedulers = []Scheduler{def, my}

	s := &sim{story: st, rng: newPRNG(cfg.Seed)}
	s.pods = append(s.pods, running...)
	batchName := cfg.SchedulerName
	if batchName == "" {
		batchName = DefaultScheduler // SetDefaults_PodSpec
	}
	s.pods = append(s.pods,
		Pod{Name: PodWeb, UID: "5e7a0c4d-8f21-4d6b-a3e9-1c2b7d9f0a11", SchedulerName: DefaultScheduler, CPU: "500m", Memory: "1Gi", Created: true},
		Pod{Name: PodBatch, UID: "5e7a0c4d-8f21-4d6b-a3e9-1c2b7d9f0a12", SchedulerName: batchName, CPU: "1", Memory: "2Gi", Created: len(st.Problems.SchedulerName) == 0},
		Pod{Name: PodOrphan, UID: "5e7a0c4d-8f21-4d6b-a3e9-1c2b7d9f0a13", SchedulerName: MissingScheduler, CPU: "250m", Memory: "512Mi", Created: true},
	)

	// Step 0: kubectl apply. ApplyOptions.Run applies every object in
	// turn, printing each one created, collects the errors and returns them
	// only after the last object, so the invalid batch's error comes after
	// pod/orphan created (staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go
	// Run: errs = append(errs, err) … return errs[0]).
	out := []string{"pod/web created"}
	if s.pod(PodBatch).Created {
		out = append(out, "pod/batch created")
	}
	out = append(out, "pod/orphan created")
	if !s.pod(PodBatch).Created {
		out = append(out, st.Problems.SchedulerName...)
	}
	did := []string{
		"web leaves schedulerName out: the API server fills in default-scheduler.",
		fmt.Sprintf("orphan names %s: no scheduler in this cluster has a profile with that name.", MissingScheduler),
	}
	if b := s.pod(PodBatch); b.Created {
		did = append([]string{did[0], fmt.Sprintf("batch names %s.", b.SchedulerName)}, did[1])
	} else {
		did = append([]string{did[0], "batch is refused by the API server: its schedulerName is not a valid name, so the pod does not exist."}, did[1])
	}
	if !my.Running {
		did = append(did, "my-scheduler is not running: "+my.Why)
	}
	s.add(Step{Kind: "apply", Actor: "you", Command: "kubectl apply -f pods.yaml", Output: strings.Join(out, "\n"), Did: did})

	// Step 1: each scheduler's informer queues the pods it is responsible for.
	var queues []Queue
	taken := map[string]string{}
	for _, sc := range st.Schedulers {
		q := Queue{Scheduler: sc.Profiles[0]}
		for _, p := range s.pods {
			if p.Created && p.Node == "" && sc.Handles(p.SchedulerName) {
				q.Pods = append(q.Pods, p.Name)
				taken[p.Name] = sc.Name
			}
		}
		queues = append(queues, q)
	}
	did = nil
	for _, q := range queues {
		sc := s.schedulerFor(q.Scheduler)
		switch {
		case !sc.Running:
			did = append(did, fmt.Sprintf("%s is not running, so it queues nothing.", sc.Name))
		case len(q.Pods) == 0:
			did = append(did, fmt.Sprintf("%s queues no pod: none names %s.", sc.Name, q.Scheduler))
		default:
			did = append(did, fmt.Sprintf("%s queues %s: spec.schedulerName is %s, one of its profiles.", sc.Name, strings.Join(q.Pods, ", "), q.Scheduler))
		}
	}
	for _, p := range s.pods {
		if p.Created && p.Node == "" && taken[p.Name] == "" {
			did = append(did, fmt.Sprintf("No scheduler queues %s: no running profile is named %s, so every scheduler's responsibleForPod says no.", p.Name, p.SchedulerName))
		}
	}
	s.queues = queues
	s.add(Step{Kind: "queues", Actor: "informers", Did: did})

	// Then each queue is worked off; default-scheduler first (its pods were
	// created first), then my-scheduler.
	for _, q := range queues {
		sc := s.schedulerFor(q.Scheduler)
		for _, name := range q.Pods {
			s.schedule(sc, q.Scheduler, name)
		}
	}

	// Last: the pod nobody took.
	did = nil
	for _, p := range s.pods {
		if p.Created && p.Node == "" {
			if taken[p.Name] == "" {
				did = append(did, fmt.Sprintf("%s stays Pending with no events: no scheduler ever tried it.", p.Name))
			} else {
				did = append(did, fmt.Sprintf("%s stays Pending; its FailedScheduling event says why, and %s retries when the cluster changes.", p.Name, taken[p.Name]))
			}
		}
	}
	// kubectl describe pod (staging/src/k8s.io/kubectl/pkg/describe/describe.go
	// DescribeEvents): a pod without events ends with "Events:  <none>".
	// The schedulers' cycles take milliseconds, so everything above happened
	// in second 0; you look DescribeAfter seconds later.
	s.t = DescribeAfter
	s.add(Step{Kind: "end", Actor: "you", Command: "kubectl describe pod " + PodOrphan, Output: "Name:  orphan\n…\nStatus:  Pending\n…\n" + DescribeEvents(s.events, PodOrphan, s.t), Did: did})

	if b := s.pod(PodBatch); b.Created {
		st.Compare = s.compare(PodBatch)
	}
	return st
}

// DescribeAfter is when, in seconds after kubectl apply, you run the last
// step's kubectl describe: the events are that old by then.
const DescribeAfter = 5

// sim is the cluster while the story runs.
type sim struct {
	story  *Story
	pods   []Pod
	events []Event
	queues []Queue
	rng    *prng
	t      int // the clock, seconds after kubectl apply
}

func (s *sim) pod(name string) *Pod {
	for i := range s.pods {
		if s.pods[i].Name == name {
			return &s.pods[i]
		}
	}
	return nil
}

func (s *sim) schedulerFor(profile string) Scheduler {
	for _, sc := range s.story.Schedulers {
		for _, p := range sc.Profiles {
			if p == profile {
				return sc
			}
		}
	}
	return Scheduler{}
}

func (s *sim) add(st Step) {
	st.T = s.t
	st.Pods = append([]Pod(nil), s.pods...)
	st.Events = append([]Event(nil), s.events...)
	st.Queues = append([]Queue(nil), s.queues...)
	s.story.Steps = append(s.story.Steps, st)
}

// cluster is the scheduler's snapshot: the nodes and the bound pods.
func (s *sim) cluster() scheduler.Cluster {
	var cl scheduler.Cluster
	for _, n := range Nodes {
		node, err := scheduler.MakeNode(scheduler.NodeSpec{Name: n.Name, CPU: n.CPU, Memory: n.Memory})
		if err != nil {
			panic(err)
		}
		cl.Nodes = append(cl.Nodes, node)
	}
	for _, p := range s.pods {
		if p.Node != "" {
			cl.Pods = append(cl.Pods, s.apiPod(p))
		}
	}
	return cl
}

// apiPod is the pod as the scheduler's informer holds it.
func (s *sim) apiPod(p Pod) *v1.Pod {
	pod, err := scheduler.MakePod(scheduler.PodSpec{Name: p.Name, UID: p.UID, Image: imageOf(p.Name), CPU: p.CPU, Memory: p.Memory, NodeName: p.Node})
	if err != nil {
		panic(err)
	}
	pod.Spec.SchedulerName = p.SchedulerName
	return pod
}

func imageOf(pod string) string {
	switch pod {
	case PodBatch:
		return "example.com/batch/worker:1.0"
	case PodOrphan:
		return "example.com/cuda/trainer:2.3"
	}
	return "nginx:1.27"
}

// schedule runs one cycle of pod by the scheduler sc under profile.
func (s *sim) schedule(sc Scheduler, profile, name string) {
	p := s.pod(name)
	pod := s.apiPod(*p)
	cl := s.cluster()
	pc := scheduler.Schedule(cl, pod, scheduler.Options{Seed: s.story.Config.Seed, Scoring: sc.Strategy})
	c := &Cycle{Scheduler: profile, Pod: name, Strategy: sc.Strategy, Plugins: pc, Extender: sc.Extender,
		Feasible: append([]string(nil), pc.Feasible...)}
	statuses := map[string]*scheduler.Status{}
	for _, nf := range pc.Filter {
		if nf.Status != nil {
			statuses[nf.Node] = nf.Status
			c.Rejected = append(c.Rejected, Rejection{Node: nf.Node, By: nf.Status.Plugin, Reason: nf.Status.Message()})
		}
	}

	if sc.Extender == nil {
		// No extender: the plugin cycle is the whole cycle.
		c.AfterExtenders = c.Feasible
		c.Selected = pc.Selected
		c.Tied = pc.Tied
		for i, t := range pc.Totals {
			c.Scores = append(c.Scores, NodeScore{Node: t.Node, Plugins: pc.Totals[i].Total, Total: t.Total})
		}
		if c.Selected == "" {
			c.FitError = pc.FitMessage
			c.Message = pc.FailedSchedulingMessage()
		}
		s.finish(c, "schedule")
		return
	}

	// Filter plugins.
	var did []string
	if len(c.Feasible) > 0 {
		did = append(did, fmt.Sprintf("The Filter plugins pass %s.", strings.Join(c.Feasible, ", ")))
	}
	for _, r := range c.Rejected {
		did = append(did, fmt.Sprintf("%s rejects %s: %s.", r.By, r.Node, r.Reason))
	}
	if len(c.Feasible) == 0 {
		did = append(did, "No node is left, so the extender is not called (findNodesThatPassExtenders stops at an empty list).")
	}
	s.add(Step{Kind: "filter", Actor: profile, Did: did, Cycle: c})

	// findNodesThatPassExtenders: the extender's Filter.
	after := c.Feasible
	if len(after) > 0 {
		call, kept, failed := extenderFilter(sc.Extender, pod, after)
		c.FilterCall = call
		for _, n := range after {
			if msg, ok := failed[n]; ok {
				statuses[n] = &scheduler.Status{Code: scheduler.Unschedulable, Reasons: []string{msg}, Plugin: "Extender"}
				c.Rejected = append(c.Rejected, Rejection{Node: n, By: "extender", Reason: msg})
			}
		}
		after = kept
		did = []string{fmt.Sprintf("POST …/%s to the extender with the pod and %d node name(s) (nodeCacheCapable: true sends names, not Node objects).", sc.Extender.FilterVerb, len(c.Feasible))}
		if len(failed) == 0 {
			did = append(did, "The extender keeps every node.")
		} else {
			var names []string
			for _, n := range c.Feasible {
				if _, ok := failed[n]; ok {
					names = append(names, n)
				}
			}
			did = append(did, fmt.Sprintf("The extender removes %s (FailedNodes: %q); %s left.", strings.Join(names, ", "), MaintenanceReason, nodesLeft(after)))
		}
		c.AfterExtenders = after
		s.add(Step{Kind: "extender-filter", Actor: profile, Did: did, Cycle: c})
	}

	switch {
	case len(after) == 0:
		c.FitError = fitErrorMessage(len(Nodes), statuses, nil)
		// RunPostFilterPlugins joins the PostFilter plugins' reasons in
		// profile order: DynamicResources ("no new claims to deallocate"
		// for a pod without ResourceClaims) before DefaultPreemption
		// (engine/scheduler PostFilter.FitErrorMessage has the sources).
		c.Message = c.FitError + " " + scheduler.ReasonNoClaimsToDeallocate + ", " + preemptionMessage(statuses)
	case len(after) == 1:
		// schedulePod: "When only one node after predicate, just use it."
		c.Selected = after[0]
		c.Tied = after
	default:
		s.prioritize(c, pod, sc.Extender)
	}
	s.finish(c, "")
}

func nodesLeft(n []string) string {
	switch len(n) {
	case 0:
		return "no node is"
	case 1:
		return n[0] + " is"
	}
	return strings.Join(n, ", ") + " are"
}

// prioritize is prioritizeNodes with one extender: the plugins' weighted
// sum plus score × weight × (MaxNodeScore / MaxExtenderPriority), and
// Randomizer = rand.Int() on every node the extender scored.
func (s *sim) prioritize(c *Cycle, pod *v1.Pod, ext *Extender) {
	plugin := map[string]int64{}
	for _, t := range c.Plugins.Totals {
		plugin[t.Node] = t.Total
	}
	call, reply := extenderPrioritize(ext, pod, c.AfterExtenders)
	c.PrioritizeCall = call
	for _, n := range c.AfterExtenders {
		ns := NodeScore{Node: n, Plugins: plugin[n]}
		c.Scores = append(c.Scores, ns)
	}
	for i := range c.Scores {
		for _, hp := range reply {
			if hp.Host == c.Scores[i].Node {
				c.Scores[i].ExtenderRaw = hp.Score
				c.Scores[i].Extender = ScaledExtenderScore(hp.Score, ext.Weight)
				c.Scores[i].Randomizer = s.rng.intn(1 << 31)
			}
		}
		c.Scores[i].Total = c.Scores[i].Plugins + c.Scores[i].Extender
	}
	c.Selected = selectHost(c.Scores)
	var top int64
	for _, sc := range c.Scores {
		if sc.Node == c.Selected {
			top = sc.Total
		}
	}
	for _, sc := range c.Scores {
		if sc.Total == top {
			c.Tied = append(c.Tied, sc.Node)
		}
	}
	var did []string
	for _, sc := range c.Scores {
		did = append(did, fmt.Sprintf("%s: plugins %d, extender %d×%d×%d = %d, total %d.", sc.Node, sc.Plugins, sc.ExtenderRaw, ext.Weight, MaxNodeScore/MaxExtenderPriority, sc.Extender, sc.Total))
	}
	s.add(Step{Kind: "prioritize", Actor: c.Scheduler, Did: append([]string{fmt.Sprintf("The Score plugins score %s (NodeResourcesFit %s); then POST …/%s to the extender.", strings.Join(c.AfterExtenders, ", "), c.Strategy, ext.PrioritizeVerb)}, did...), Cycle: c})
}

// ScaledExtenderScore is prioritizeNodes' finalscore:
// score * weight * (MaxNodeScore / MaxExtenderPriority). Worked example:
// the extender says 9 with weight 2: 9 × 2 × (100/10) = 180.
func ScaledExtenderScore(score, weight int64) int64 {
	return score * weight * (MaxNodeScore / MaxExtenderPriority)
}

// finish binds the pod or records the failure, with the event from the profile.
func (s *sim) finish(c *Cycle, kind string) {
	p := s.pod(c.Pod)
	var did []string
	if c.Selected != "" {
		p.Node = c.Selected
		s.events = append(s.events, Event{Object: "pod/" + c.Pod, Type: v1.EventTypeNormal, Reason: "Scheduled", From: c.Scheduler, At: s.t,
			// schedule_one.go finishBinding; the recorder is the profile's (profile.go newProfile).
			Message: fmt.Sprintf("Successfully assigned %s/%s to %s", "default", c.Pod, c.Selected)})
		switch {
		case kind == "schedule" && len(c.Feasible) == 1:
			did = append(did, fmt.Sprintf("Only %s passes Filter, so it is used without scoring.", c.Selected))
		case kind == "schedule":
			did = append(did, fmt.Sprintf("Filter passes %s; NodeResourcesFit %s scores them and %s has the highest total.", strings.Join(c.Feasible, ", "), c.Strategy, c.Selected))
		case len(c.AfterExtenders) == 1:
			did = append(did, fmt.Sprintf("Only %s is left after the extender, so it is used: no Score plugins, no prioritize call.", c.Selected))
		default:
			did = append(did, fmt.Sprintf("%s has the highest total and wins.", c.Selected))
		}
		did = append(did, fmt.Sprintf("%s binds %s to %s and records the Scheduled event as %s.", c.Scheduler, c.Pod, c.Selected, c.Scheduler))
		if kind == "" {
			kind = "bind"
		}
	} else {
		s.events = append(s.events, Event{Object: "pod/" + c.Pod, Type: v1.EventTypeWarning, Reason: "FailedScheduling", From: c.Scheduler, Message: truncate(c.Message), At: s.t})
		did = append(did, fmt.Sprintf("No node is left: %s records FailedScheduling and %s stays Pending.", c.Scheduler, c.Pod))
		kind = "unschedulable"
	}
	s.add(Step{Kind: kind, Actor: c.Scheduler, Did: did, Cycle: c})
}

// truncate is schedule_one.go truncateMessage (NoteLengthLimit 1024).
func truncate(msg string) string {
	if len(msg) <= 1024 {
		return msg
	}
	return msg[:1024-4] + " ..."
}

// fitErrorMessage is framework/types.go FitError.Error(): "0/N nodes are
// available:", each distinct reason with its count, sorted, then ".".
func fitErrorMessage(numAllNodes int, statuses map[string]*scheduler.Status, absent *scheduler.Status) string {
	msg := fmt.Sprintf("0/%v nodes are available:", numAllNodes)
	reasons := map[string]int{}
	for _, st := range statuses {
		for _, r := range st.Reasons {
			reasons[r]++
		}
	}
	if absent != nil && len(statuses) < numAllNodes {
		for _, r := range absent.Reasons {
			reasons[r] += numAllNodes - len(statuses)
		}
	}
	var hist []string
	for r, n := range reasons {
		hist = append(hist, fmt.Sprintf("%v %v", n, r))
	}
	sort.Strings(hist)
	if len(hist) != 0 {
		msg += fmt.Sprintf(" %v.", strings.Join(hist, ", "))
	}
	return msg
}

// preemptionMessage is DefaultPreemption's PostFilter message for this
// story, where every pod has priority 0: a node whose status is
// Unschedulable (a plugin's Insufficient cpu, or the extender's FailedNodes)
// is dry-run and has no lower-priority pod to evict ("No preemption victims
// found for incoming pod", default_preemption.go SelectVictimsOnNode); any
// other node is "Preemption is not helpful for scheduling"
// (preemption.go nodesWherePreemptionMightHelp).
func preemptionMessage(statuses map[string]*scheduler.Status) string {
	dry := map[string]*scheduler.Status{}
	for n, st := range statuses {
		if st.Code == scheduler.Unschedulable {
			dry[n] = &scheduler.Status{Code: scheduler.UnschedulableAndUnresolvable, Reasons: []string{"No preemption victims found for incoming pod"}}
		}
	}
	return "preemption: " + fitErrorMessage(len(Nodes), dry, &scheduler.Status{Code: scheduler.UnschedulableAndUnresolvable, Reasons: []string{"Preemption is not helpful for scheduling"}})
}

// compare scores pod on the cluster as it is now under both strategies,
// plugins only (engine/scheduler).
func (s *sim) compare(name string) *Compare {
	p := *s.pod(name)
	p.Node = ""
	// The cluster as the batch pod met it: every other bound pod.
	saved := s.pod(name).Node
	s.pod(name).Node = ""
	cl := s.cluster()
	s.pod(name).Node = saved
	pod := s.apiPod(p)
	return &Compare{Pod: name,
		Least: scheduler.Schedule(cl, pod, scheduler.Options{Seed: s.story.Config.Seed, Scoring: scheduler.LeastAllocated}),
		Most:  scheduler.Schedule(cl, pod, scheduler.Options{Seed: s.story.Config.Seed, Scoring: scheduler.MostAllocated}),
	}
}

// nodeScoreHeap order (schedule_one.go): the higher TotalScore, then the
// higher Randomizer. Popping the heap's top is taking the maximum.
func selectHost(scores []NodeScore) string {
	best := -1
	for i, sc := range scores {
		if best < 0 || sc.Total > scores[best].Total || (sc.Total == scores[best].Total && sc.Randomizer > scores[best].Randomizer) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return scores[best].Node
}

// prng is SplitMix64, seeded from the config: the model never touches
// math/rand's global source.
type prng struct{ s uint64 }

func newPRNG(seed uint64) *prng { return &prng{s: seed} }

func (p *prng) next() uint64 {
	p.s += 0x9e3779b97f4a7c15
	z := p.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (p *prng) intn(n int) int { return int(p.next() % uint64(n)) }
