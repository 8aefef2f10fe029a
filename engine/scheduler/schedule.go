package scheduler

import (
	"container/heap"
	"fmt"
	"sort"
	"strings"

	v1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Cluster is what the scheduler's snapshot holds: nodes, the pods bound to
// them, and the PriorityClasses that set pods' priorities.
type Cluster struct {
	Nodes           []*v1.Node
	Pods            []*v1.Pod // bound: Spec.NodeName set; Spec.Priority set
	PriorityClasses []PriorityClass
	// PDBs are the PodDisruptionBudgets preemption honours where it can
	// (default_preemption.go filterPodsWithPDBViolation).
	PDBs []*policyv1.PodDisruptionBudget
}

// PriorityClass is the part of a scheduling.k8s.io/v1 PriorityClass the
// scheduler reads (through the pod's priority and preemptionPolicy, which
// admission copies from it).
type PriorityClass struct {
	Name             string
	Value            int32
	PreemptionPolicy v1.PreemptionPolicy // "" means PreemptLowerPriority
}

// Scoring is the NodeResourcesFit scoringStrategy.
type Scoring string

// The strategies this model knows (apis/config types.go).
const (
	LeastAllocated Scoring = "LeastAllocated" // the default
	MostAllocated  Scoring = "MostAllocated"
)

// Options are the knobs of a cycle that are not the cluster or the pod.
type Options struct {
	Seed    uint64  // decides the order in which nodes pass Filter (a goroutine race upstream)
	Scoring Scoring // "" is LeastAllocated
	// StartNodeIndex is the scheduler's nextStartNodeIndex: Filter checks
	// the nodes starting here and wrapping around (schedule_one.go
	// findNodesThatPassFilters: nodes[(nextStartNodeIndex+i)%numAllNodes]).
	StartNodeIndex int
}

// PluginResult is one plugin's status at an extension point.
type PluginResult struct {
	Plugin string
	Status *Status // nil: Success
	Note   string  // what it computed, for the lesson
}

// NodeFilter is the Filter extension point on one node: the plugins run in
// order until one rejects (framework.go RunFilterPlugins); the rest do not run.
type NodeFilter struct {
	Node    string
	Results []PluginResult // only the plugins that ran
	Status  *Status        // the rejecting status, with Plugin; nil if the node is feasible
}

// PluginScores is one Score plugin's work on every feasible node.
type PluginScores struct {
	Plugin     string
	Weight     int64
	Skipped    bool   // its PreScore returned Skip: not scored at all
	SkipReason string // why
	Normalize  string // how NormalizeScore changes raw scores ("" for none)
	Raw        []int64
	Normalized []int64
	Weighted   []int64
	Fit        []ResourceScore // NodeResourcesFit details
	Balance    []Balance       // NodeResourcesBalancedAllocation details
}

// NodeTotal is one node's total weighted score.
type NodeTotal struct {
	Node  string
	Total int64
}

// Event is a Kubernetes event as kubectl describe shows it.
type Event struct {
	Type, Reason, From, Message string
	Object                      string // "pod/web" or "pod/batch-1"
}

// Victim is a pod preemption would evict.
type Victim struct {
	Pod      string
	Priority int32
	// ViolatesPDB: evicting it takes a PodDisruptionBudget below zero
	// disruptions allowed (it was in the violating group and could not be
	// reprieved).
	ViolatesPDB bool
	PDBs        []string // the budgets that select it
}

// Candidate is a node where evicting Victims would make room.
type Candidate struct {
	Node             string
	Victims          []Victim
	NumPDBViolations int // extenderv1.Victims.NumPDBViolations
}

// PostFilter is what the PostFilter plugins did after every node failed.
// The default profile has two, run in its order (default_plugins.go puts
// DynamicResources before DefaultPreemption): DynamicResources, whose status
// is in DynamicResources, then DefaultPreemption, whose result is the rest.
type PostFilter struct {
	// DynamicResources is its PostFilter status: for the pods here, which
	// have no ResourceClaims, Unschedulable "no new claims to deallocate"
	// (dynamicresources/dynamicresources.go PostFilter).
	DynamicResources *Status
	Status           *Status // DefaultPreemption's: Success when a node was nominated
	Eligible         bool
	PerNode          []PluginResult // the dry run on each node that might be helped (Plugin holds the node name)
	Candidates       []Candidate
	Nominated        string
	Victims          []Victim
	Message          string // DefaultPreemption's message "preemption: …", or "" when it nominated a node
	// PDBs is how many PodDisruptionBudgets the dry run considered;
	// NumPDBViolations is the nominated candidate's count.
	PDBs             int
	NumPDBViolations int
	// DecidedBy is the pickOneNodeForPreemption criterion that left one
	// candidate (PickCriteria), or "only candidate".
	DecidedBy string
	// Tied are the candidates' nodes that tie with the nominated one on
	// every criterion, the nominated node among them (nil when a criterion
	// decided): upstream's pick among them is effectively random.
	Tied []string
}

// FitErrorMessage is the PostFilter part of FitError.Error() (framework
// types.go: " " + Diagnosis.PostFilterMsg). runtime/framework.go
// RunPostFilterPlugins returns at once when a plugin succeeds (the message is
// then empty: a nominated node leaves no PostFilter text); otherwise it joins
// every plugin's reasons in profile order with ", ", so a v1.37 event reads
// "… no new claims to deallocate, preemption: …".
func (pf *PostFilter) FitErrorMessage() string {
	if pf == nil || pf.Status.IsSuccess() {
		return ""
	}
	var reasons []string
	if pf.DynamicResources != nil {
		reasons = append(reasons, pf.DynamicResources.Reasons...)
	}
	if pf.Message != "" {
		reasons = append(reasons, pf.Message)
	}
	return strings.Join(reasons, ", ")
}

// Cycle is one scheduling cycle of one pod, everything a lesson shows.
type Cycle struct {
	Pod            *v1.Pod
	Priority       int32
	Requests       Resources // what Filter checks
	NonZero        Resources // what NodeResourcesFit scoring counts
	NumAllNodes    int
	NumNodesToFind int
	// StartNodeIndex is where Filter started; ProcessedNodes how many
	// nodes it checked (feasible plus rejected); NextStartNodeIndex is
	// (StartNodeIndex + ProcessedNodes) % NumAllNodes, where the next
	// cycle starts (schedule_one.go findNodesThatFitPod).
	StartNodeIndex     int
	ProcessedNodes     int
	NextStartNodeIndex int
	PreFilter          []PluginResult
	Filter             []NodeFilter // in node order
	Feasible           []string     // in the order they passed Filter (seeded)
	PreScoreSkip       []string
	Scores             []PluginScores // indexed like Feasible
	Totals             []NodeTotal    // indexed like Feasible
	TopScore           int64
	Tied               []string // feasible nodes sharing the top total, in feasible order
	Selected           string
	FitMessage         string // FitError.Error() without the PostFilter part
	PostFilter         *PostFilter
	Events             []Event
	Binding            *v1.Binding
}

// Scheduled reports whether a node was selected.
func (c *Cycle) Scheduled() bool { return c.Selected != "" }

// FailedSchedulingMessage is the FailedScheduling event's message.
func (c *Cycle) FailedSchedulingMessage() string {
	for _, e := range c.Events {
		if e.Reason == "FailedScheduling" {
			return e.Message
		}
	}
	return ""
}

// snapshot builds NodeInfos in node order.
func snapshot(cl Cluster) ([]*NodeInfo, map[string]*NodeInfo) {
	infos := make([]*NodeInfo, 0, len(cl.Nodes))
	byName := make(map[string]*NodeInfo, len(cl.Nodes))
	for _, n := range cl.Nodes {
		ni := newNodeInfo(n)
		infos = append(infos, ni)
		byName[n.Name] = ni
	}
	for _, p := range cl.Pods {
		if ni := byName[p.Spec.NodeName]; ni != nil {
			ni.addPod(p)
		}
	}
	return infos, byName
}

// NumFeasibleNodesToFind is schedule_one.go numFeasibleNodesToFind with the
// default percentageOfNodesToScore (0: adaptive). Fewer than 100 nodes are
// all checked; otherwise 50% − nodes/125 of them, at least 5% and at least 100.
// Worked example: 5000 nodes → 50 − 40 = 10% → 500 nodes.
func NumFeasibleNodesToFind(numAllNodes int) int {
	if numAllNodes < 100 {
		return numAllNodes
	}
	percentage := 50 - numAllNodes/125
	if percentage < 5 {
		percentage = 5
	}
	n := numAllNodes * percentage / 100
	if n < 100 {
		return 100
	}
	return n
}

// Schedule runs one scheduling cycle of pod against the cluster.
func Schedule(cl Cluster, pod *v1.Pod, opt Options) *Cycle {
	infos, byName := snapshot(cl)
	return scheduleOn(cl, infos, byName, pod, opt)
}

// scheduleOn runs a cycle on a snapshot that is already built.
func scheduleOn(cl Cluster, infos []*NodeInfo, byName map[string]*NodeInfo, pod *v1.Pod, opt Options) *Cycle {
	c := &Cycle{Pod: pod, Requests: PodRequests(pod), NonZero: NonZeroRequests(pod), NumAllNodes: len(infos)}
	if pod.Spec.Priority != nil {
		c.Priority = *pod.Spec.Priority
	}
	c.NumNodesToFind = NumFeasibleNodesToFind(len(infos))
	if len(infos) == 0 {
		// schedule_one.go ErrNoNodesAvailable
		c.FitMessage = "no nodes available to schedule pods"
		c.Events = append(c.Events, failedEvent(pod, c.FitMessage))
		return c
	}

	// PreFilter: what each plugin precomputes or whether it skips.
	c.PreFilter = preFilter(pod, c.Requests)
	skipped := map[string]bool{}
	for _, r := range c.PreFilter {
		if r.Status.IsSkip() {
			skipped[r.Plugin] = true
		}
	}

	// Filter every node; the order in which the feasible ones are found is
	// the order their goroutines finished: a race, drawn from the seed.
	rng := newPRNG(opt.Seed)
	statuses := map[string]*Status{}
	skipSt := newStatus(Skip) // shared by the cells of this cycle: never changed
	skippedAt := make([]bool, len(FilterPlugins))
	for k, pl := range FilterPlugins {
		skippedAt[k] = skipped[pl]
	}
	start := 0
	if len(infos) > 0 && opt.StartNodeIndex > 0 {
		start = opt.StartNodeIndex % len(infos)
	}
	c.StartNodeIndex = start
	// One backing array for every node's results: a 5,000-node cycle
	// checks hundreds of nodes, and a slice each would be most of its cost.
	c.Filter = make([]NodeFilter, 0, min(len(infos), c.NumNodesToFind+c.NumNodesToFind/4+8))
	results := make([]PluginResult, 0, cap(c.Filter)*len(FilterPlugins))
	c.Feasible = make([]string, 0, min(len(infos), c.NumNodesToFind))
	for i := range infos {
		if len(c.Feasible) >= c.NumNodesToFind {
			break // findNodesThatPassFilters stops once it has found enough
		}
		ni := infos[(start+i)%len(infos)]
		if cap(results)-len(results) < len(FilterPlugins) {
			results = make([]PluginResult, 0, 64*len(FilterPlugins))
		}
		nf := NodeFilter{Node: ni.Node.Name, Results: results[len(results) : len(results) : len(results)+len(FilterPlugins)]}
		for k, pl := range FilterPlugins {
			if skippedAt[k] {
				nf.Results = append(nf.Results, PluginResult{Plugin: pl, Status: skipSt, Note: "skipped: its PreFilter returned Skip"})
				continue
			}
			st := runFilter(pl, pod, c.Requests, ni)
			nf.Results = append(nf.Results, PluginResult{Plugin: pl, Status: st})
			if !st.IsSuccess() {
				st.Plugin = pl
				nf.Status = st
				statuses[ni.Node.Name] = st
				break
			}
		}
		results = results[:len(results)+len(nf.Results)]
		c.Filter = append(c.Filter, nf)
		if nf.Status == nil {
			c.Feasible = append(c.Feasible, ni.Node.Name)
		}
	}
	c.ProcessedNodes = len(c.Filter)
	c.NextStartNodeIndex = (start + c.ProcessedNodes) % len(infos)
	rng.shuffle(len(c.Feasible), func(i, j int) { c.Feasible[i], c.Feasible[j] = c.Feasible[j], c.Feasible[i] })

	if len(c.Feasible) == 0 {
		c.FitMessage = fitErrorMessage(len(infos), statuses, nil)
		c.PostFilter = preempt(cl, infos, byName, pod, c, statuses)
		c.PostFilter.DynamicResources = &Status{Code: Unschedulable, Reasons: []string{ReasonNoClaimsToDeallocate}, Plugin: DynamicResources}
		msg := c.FitMessage
		if m := c.PostFilter.FitErrorMessage(); m != "" {
			msg += " " + m
		}
		c.Events = append(c.Events, failedEvent(pod, msg))
		return c
	}

	if len(c.Feasible) == 1 {
		// schedulePod: "When only one node after predicate, just use it."
		c.Selected = c.Feasible[0]
		c.Tied = []string{c.Selected}
	} else {
		c.score(infos, byName, opt)
		c.selectHost()
	}
	c.bind()
	return c
}

func failedEvent(pod *v1.Pod, msg string) Event {
	// schedule_one.go handleSchedulingFailure: truncateMessage at 1024 bytes.
	if len(msg) > 1024 {
		msg = msg[:1024-4] + " ..."
	}
	return Event{Type: v1.EventTypeWarning, Reason: "FailedScheduling", From: "default-scheduler", Message: msg, Object: "pod/" + pod.Name}
}

// preFilter lists what the PreFilter plugins of a simple pod do.
func preFilter(pod *v1.Pod, req Resources) []PluginResult {
	var out []PluginResult
	// nodeaffinity PreFilter: Skip when there is neither nodeSelector nor
	// required node affinity.
	a := pod.Spec.Affinity
	hasRequired := a != nil && a.NodeAffinity != nil && a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil
	if len(pod.Spec.NodeSelector) == 0 && !hasRequired {
		out = append(out, PluginResult{Plugin: NodeAffinity, Status: newStatus(Skip), Note: "no nodeSelector or required node affinity: its Filter is skipped"})
	} else {
		out = append(out, PluginResult{Plugin: NodeAffinity, Note: "reads the nodeSelector and required node affinity once"})
	}
	// nodeports PreFilter: Skip when the pod asks for no host port.
	if ports := hostPorts(pod); len(ports) == 0 {
		out = append(out, PluginResult{Plugin: NodePorts, Status: newStatus(Skip), Note: "no hostPort: its Filter is skipped"})
	} else {
		out = append(out, PluginResult{Plugin: NodePorts, Note: "host ports wanted: " + strings.Join(ports, ", ")})
	}
	out = append(out, PluginResult{Plugin: NodeResourcesFit, Note: fmt.Sprintf("the pod requests cpu %s, memory %s", MilliCPU(req.MilliCPU), Bytes(req.Memory))})
	return out
}

// fitErrorMessage is framework/types.go FitError.Error(): "0/N nodes are
// available:" then each distinct reason with the number of nodes that gave
// it, sorted as strings, joined by ", ", ended with ".". Nodes absent from
// statuses count with absent's reasons (used by preemption).
func fitErrorMessage(numAllNodes int, statuses map[string]*Status, absent *Status) string {
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

// score runs PreScore, Score, NormalizeScore and the weights
// (framework.go RunScorePlugins) on the feasible nodes.
func (c *Cycle) score(infos []*NodeInfo, byName map[string]*NodeInfo, opt Options) {
	pod := c.Pod
	n := len(c.Feasible)
	nodes := make([]*NodeInfo, n)
	for i, name := range c.Feasible {
		nodes[i] = byName[name]
	}
	// image → number of nodes that have it (all nodes); only the pod's
	// images matter (imagelocality scaledImageScore reads those).
	spread := map[string]int{}
	for _, ctr := range pod.Spec.Containers {
		name := normalizedImageName(ctr.Image)
		if _, done := spread[name]; done {
			continue
		}
		spread[name] = 0
		for _, ni := range infos {
			if _, ok := ni.Images[name]; ok {
				spread[name]++
			}
		}
	}
	c.Totals = make([]NodeTotal, n)
	for i, ni := range nodes {
		c.Totals[i].Node = ni.Node.Name
	}
	for _, sp := range ScorePlugins {
		ps := PluginScores{Plugin: sp.Name, Weight: sp.Weight, Raw: make([]int64, n)}
		switch sp.Name {
		case TaintToleration:
			for i, ni := range nodes {
				ps.Raw[i] = scoreTaintToleration(pod, ni.Node)
			}
			ps.Normalize = "reverse: 100 − 100×count/max count (no untolerated PreferNoSchedule taint anywhere: 100 for all)"
			ps.Normalized = DefaultNormalizeScore(MaxNodeScore, true, ps.Raw)
		case NodeAffinity:
			if len(preferredTerms(pod)) == 0 {
				ps.Skipped, ps.SkipReason = true, "no preferred node affinity: PreScore returned Skip"
				break
			}
			for i, ni := range nodes {
				ps.Raw[i] = scoreNodeAffinity(pod, ni.Node)
			}
			ps.Normalize = "100×score/max score"
			ps.Normalized = DefaultNormalizeScore(MaxNodeScore, false, ps.Raw)
		case NodeResourcesFit:
			ps.Fit = make([]ResourceScore, 0, n)
			for i, ni := range nodes {
				rs := scoreFit(c.NonZero, ni, opt.Scoring == MostAllocated)
				ps.Fit = append(ps.Fit, rs)
				ps.Raw[i] = rs.Score
			}
		case PodTopologySpread:
			ps.Skipped, ps.SkipReason = true, "no topology spread constraints, and no Service or ReplicaSet selects the pod for the default ones: PreScore returned Skip"
		case InterPodAffinity:
			ps.Skipped, ps.SkipReason = true, "no pod affinity on this pod or on the pods running: PreScore returned Skip"
		case NodeResourcesBalancedAllocation:
			if c.Requests.MilliCPU == 0 && c.Requests.Memory == 0 {
				ps.Skipped, ps.SkipReason = true, "a best-effort pod (no requests): PreScore returned Skip"
				break
			}
			ps.Balance = make([]Balance, 0, n)
			for i, ni := range nodes {
				b := scoreBalanced(c.Requests, ni)
				ps.Balance = append(ps.Balance, b)
				ps.Raw[i] = b.Score
			}
		case ImageLocality:
			for i, ni := range nodes {
				ps.Raw[i] = scoreImageLocality(pod, ni, spread, len(infos))
			}
		}
		if ps.Skipped {
			c.PreScoreSkip = append(c.PreScoreSkip, sp.Name)
			ps.Raw = nil
			c.Scores = append(c.Scores, ps)
			continue
		}
		if ps.Normalized == nil {
			ps.Normalized = append([]int64(nil), ps.Raw...)
		}
		ps.Weighted = make([]int64, n)
		for i := range ps.Normalized {
			ps.Weighted[i] = ps.Normalized[i] * sp.Weight
			c.Totals[i].Total += ps.Weighted[i]
		}
		c.Scores = append(c.Scores, ps)
	}
}

// nodeScoreHeap is schedule_one.go's nodeScoreHeap: the highest total on
// top. Upstream breaks equal totals by NodePluginScores.Randomizer, which
// only extender scores set; without extenders it stays 0 and the heap's own
// order decides.
type nodeScoreHeap []NodeTotal

func (h nodeScoreHeap) Len() int           { return len(h) }
func (h nodeScoreHeap) Less(i, j int) bool { return h[i].Total > h[j].Total }
func (h nodeScoreHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nodeScoreHeap) Push(x any)        { *h = append(*h, x.(NodeTotal)) }
func (h *nodeScoreHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// selectHost is schedulePod's newSortedNodeScores(priorityList).Pop().
func (c *Cycle) selectHost() {
	h := append(nodeScoreHeap(nil), c.Totals...)
	heap.Init(&h)
	top := heap.Pop(&h).(NodeTotal)
	c.Selected, c.TopScore = top.Node, top.Total
	for _, t := range c.Totals {
		if t.Total == top.Total {
			c.Tied = append(c.Tied, t.Node)
		}
	}
}

// bind is DefaultBinder's Binding and the Scheduled event
// (defaultbinder/default_binder.go, schedule_one.go finishBinding).
func (c *Cycle) bind() {
	p := c.Pod
	c.Binding = &v1.Binding{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Binding"},
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: p.Name, UID: p.UID},
		Target:     v1.ObjectReference{Kind: "Node", Name: c.Selected},
	}
	c.Events = append(c.Events, Event{
		Type: v1.EventTypeNormal, Reason: "Scheduled", From: "default-scheduler", Object: "pod/" + p.Name,
		Message: fmt.Sprintf("Successfully assigned %v/%v to %v", p.Namespace, p.Name, c.Selected),
	})
}
