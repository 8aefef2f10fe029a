package scheduler

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// State is the scheduler demo's state: the preset, what the learner typed
// for the pod, the cordoned nodes, the seed and the step. The cycle is
// computed from them.
type State struct {
	preset string
	in     podInput
	cordon []string // sorted
	nodes  nodeEdits
	seed   uint64
	step   int
	// pdb is the typed minAvailable of the preset's PodDisruptionBudget
	// ("" removes the budget); presets without one ignore it.
	pdb string
	// large is the large-cluster view; when set, it is the whole state.
	large *largeState

	pod        *v1.Pod
	pdbState   *pdbState
	pdbProblem string
	problems   inputProblems
	// nodeProblems has a message per "kind:node" edit that was refused.
	nodeProblems map[string]string
	cl           scheduler.Cluster
	cycle        *scheduler.Cycle
}

var _ demos.State = (*State)(nil)

// run recomputes the cycle and clamps the step to it.
func (s *State) run() {
	s.pod, s.problems = buildPod(s.in)
	s.cl = s.cluster()
	s.cycle = scheduler.Schedule(s.cl, s.pod, scheduler.Options{Seed: s.seed})
	if _, total := s.Progress(); s.step > total {
		s.step = total
	}
}

// Stage ids.
const (
	stQueue      = "queue"
	stPreFilter  = "prefilter"
	stFilter     = "filter"
	stScore      = "score"
	stNormalize  = "normalize"
	stSelect     = "select"
	stBind       = "bind"
	stPostFilter = "postfilter"
	stFailed     = "failed"
)

var stageTitles = map[string]string{
	stQueue: "Queue", stPreFilter: "PreFilter", stFilter: "Filter", stScore: "Score",
	stNormalize: "NormalizeScore and weights", stSelect: "Select host", stBind: "Bind",
	stPostFilter: "PostFilter (preemption)", stFailed: "FailedScheduling",
}

// stages are the steps of this cycle: they depend on whether a node fits,
// and on whether more than one does (one feasible node is not scored).
func (s *State) stages() []string {
	c := s.cycle
	st := []string{stQueue, stPreFilter, stFilter}
	switch {
	case !c.Scheduled():
		return append(st, stPostFilter, stFailed)
	case len(c.Feasible) == 1:
		return append(st, stSelect, stBind)
	}
	return append(st, stScore, stNormalize, stSelect, stBind)
}

func (s *State) stage() string { return s.stages()[s.step] }

// reached reports whether the stage is at or before the current step.
func (s *State) reached(stage string) bool {
	for i, x := range s.stages() {
		if x == stage {
			return i <= s.step
		}
	}
	return false
}

// Progress implements demos.State.
func (s *State) Progress() (step, total int) {
	if s.large != nil {
		return s.large.step, largeSteps
	}
	return s.step, len(s.stages()) - 1
}

// Apply implements demos.State.
func (s *State) Apply(a demos.Action) error {
	if a.Kind == "set" && a.Key == "preset" {
		// Between the large-cluster view and the small presets the whole
		// state changes: start from the preset's own URL.
		v := strings.TrimSpace(a.Value)
		if v == largePreset {
			if s.large == nil {
				seed := s.seed
				*s = State{seed: seed, large: newLarge("", "", seed)}
			} else {
				s.large = newLarge("", "", s.large.seed)
			}
			return nil
		}
		if _, ok := presetByName(v); ok && (s.large != nil || v != s.preset) {
			fresh, _ := Open(url.Values{"preset": {v}})
			*s = *fresh.(*State)
			return nil
		}
	}
	if s.large != nil {
		return s.large.Apply(a)
	}
	_, total := s.Progress()
	switch a.Kind {
	case "step":
		if s.step >= total {
			return fmt.Errorf("this is the last step")
		}
		s.step++
	case "back":
		if s.step <= 0 {
			return fmt.Errorf("this is the first step")
		}
		s.step--
	case "reset":
		s.step = 0
	case "goto":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 || n > total {
			return fmt.Errorf("step must be a number from 0 to %d, not %q", total, clip(a.Value))
		}
		s.step = n
	case "set":
		if isEditKey(a.Key) {
			// A node edit changes the cluster: the cycle starts again.
			if len(a.Value) > maxInput {
				return fmt.Errorf("%s can be at most %d characters", a.Key, maxInput)
			}
			if err := s.setEdit(a.Key, strings.TrimSpace(a.Value)); err != nil {
				return err
			}
			s.step = 0
			s.run()
			return nil
		}
		if err := s.set(a.Key, a.Value); err != nil {
			return err
		}
		s.run()
	case "cordon":
		if !s.hasNode(a.Value) {
			return fmt.Errorf("there is no node %q (the nodes are %s)", clip(a.Value), strings.Join(s.nodeNames(), ", "))
		}
		s.cordon = toggled(s.cordon, a.Value)
		s.step = 0
		s.run()
	default:
		return fmt.Errorf("the scheduler demo does not understand the action %q", clip(a.Kind))
	}
	return nil
}

func (s *State) set(key, value string) error {
	if len(value) > maxInput {
		return fmt.Errorf("%s can be at most %d characters", key, maxInput)
	}
	value = strings.TrimSpace(value)
	switch key {
	case "preset":
		p, ok := presetByName(value)
		if !ok {
			return fmt.Errorf("there is no preset %q (the presets are %s)", clip(value), strings.Join(presetNames(), ", "))
		}
		s.preset, s.in, s.cordon, s.nodes = p.Name, p.Pod, nil, nodeEdits{}
		s.pdb = ""
		if p.PDB != nil {
			s.pdb = p.PDB.MinAvailable
		}
	case "pdb":
		p, _ := presetByName(s.preset)
		if p.PDB == nil {
			return fmt.Errorf("the preset %s has no PodDisruptionBudget", s.preset)
		}
		s.pdb = value
	case "seed":
		n, err := strconv.ParseUint(value, 10, 32)
		if err != nil {
			return fmt.Errorf("seed must be a whole number from 0 to 4294967295, not %q", clip(value))
		}
		s.seed = n
	default:
		f := s.field(key)
		if f == nil {
			return fmt.Errorf("the scheduler demo has no setting %q", clip(key))
		}
		*f = value
	}
	return nil
}

// toggled adds or removes n from a sorted list.
func toggled(list []string, n string) []string {
	var out []string
	found := false
	for _, x := range list {
		if x == n {
			found = true
			continue
		}
		out = append(out, x)
	}
	if !found {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Query implements demos.State: defaults are left out.
func (s *State) Query() url.Values {
	if s.large != nil {
		return s.large.query()
	}
	q := url.Values{}
	p, _ := presetByName(s.preset)
	if s.preset != presets[0].Name {
		q.Set("preset", s.preset)
	}
	for _, f := range inputFields {
		if v := *s.field(f); v != *(&State{in: p.Pod}).field(f) {
			q.Set(f, v)
		}
	}
	if p.PDB != nil && s.pdb != p.PDB.MinAvailable {
		q.Set("pdb", s.pdb)
	}
	if len(s.cordon) > 0 {
		q.Set("cordon", strings.Join(s.cordon, ","))
	}
	s.editQuery(q)
	if s.seed != 1 {
		q.Set("seed", strconv.FormatUint(s.seed, 10))
	}
	if s.step != 0 {
		q.Set("step", strconv.Itoa(s.step))
	}
	return q
}

// Narration implements demos.State: one sentence for the current step.
func (s *State) Narration() string {
	if s.large != nil {
		return s.large.narration()
	}
	c := s.cycle
	switch s.stage() {
	case stQueue:
		return fmt.Sprintf("Pod default/web waits in the scheduling queue with priority %d; kube-scheduler pops it and starts a cycle over %d nodes.", c.Priority, c.NumAllNodes)
	case stPreFilter:
		return fmt.Sprintf("PreFilter: the plugins read the pod once (requests cpu %s, memory %s) and those with nothing to check return Skip.",
			scheduler.MilliCPU(c.Requests.MilliCPU), scheduler.Bytes(c.Requests.Memory))
	case stFilter:
		return fmt.Sprintf("Filter: %d of %d nodes pass every plugin; on each node the first plugin that rejects decides.", len(c.Feasible), c.NumAllNodes)
	case stScore:
		return "Score: each Score plugin gives every feasible node a score; plugins whose PreScore returned Skip take no part."
	case stNormalize:
		return fmt.Sprintf("NormalizeScore and weights: scores are scaled to 0–100 where a plugin normalizes, multiplied by the plugin's weight and summed; the best total is %d.", c.TopScore)
	case stSelect:
		if len(c.Feasible) == 1 {
			return fmt.Sprintf("Select host: %s is the only feasible node, so it is chosen without scoring.", c.Selected)
		}
		if len(c.Tied) > 1 {
			return fmt.Sprintf("Select host: %s tie at %d; %s wins because it passed Filter first.", strings.Join(c.Tied, ", "), c.TopScore, c.Selected)
		}
		return fmt.Sprintf("Select host: %s has the highest total, %d.", c.Selected, c.TopScore)
	case stBind:
		return fmt.Sprintf("Bind: DefaultBinder posts a Binding to %s and the event says: Successfully assigned default/web to %s.", c.Selected, c.Selected)
	case stPostFilter:
		if pf := c.PostFilter; pf.Nominated != "" && pf.PDBs > 0 && len(pf.Candidates) > 1 {
			return fmt.Sprintf("PostFilter: DefaultPreemption nominates %s and evicts %s to make room; among %d candidates the %s decided.", pf.Nominated, victimNames(pf.Victims), len(pf.Candidates), pf.DecidedBy)
		}
		if c.PostFilter.Nominated != "" {
			return fmt.Sprintf("PostFilter: DefaultPreemption nominates %s and evicts %s to make room.", c.PostFilter.Nominated, victimNames(c.PostFilter.Victims))
		}
		return "PostFilter: DefaultPreemption finds no node where evicting lower-priority pods would help."
	case stFailed:
		return "The pod stays Pending with a FailedScheduling event: " + c.FailedSchedulingMessage()
	}
	return ""
}

func victimNames(vs []scheduler.Victim) string {
	var n []string
	for _, v := range vs {
		n = append(n, v.Pod)
	}
	return strings.Join(n, " and ")
}

// Text implements demos.State: the state as plain text.
func (s *State) Text() string {
	if s.large != nil {
		return s.large.text()
	}
	var b strings.Builder
	step, total := s.Progress()
	fmt.Fprintf(&b, "kube-scheduler, default profile (%s). Preset %s, seed %d.\n", Definition.Upstream, s.preset, s.seed)
	fmt.Fprintf(&b, "Step %d of %d: %s. %s\n\n", step, total, stageTitles[s.stage()], s.Narration())
	b.WriteString("The pod's settings:\n")
	for _, f := range inputFields {
		v := *s.field(f)
		if v == "" {
			v = "(none)"
		}
		fmt.Fprintf(&b, "  %s: %s\n", f, v)
		if p := s.problems[f]; p != "" {
			fmt.Fprintf(&b, "    rejected: %s\n", p)
		}
	}
	if p, _ := presetByName(s.preset); p.PDB != nil {
		b.WriteString("\nThe PodDisruptionBudget:\n")
		switch {
		case s.pdbProblem != "":
			fmt.Fprintf(&b, "  minAvailable: %s\n    rejected: %s\n", s.pdb, s.pdbProblem)
		case s.pdbState == nil:
			b.WriteString("  (none: minAvailable is empty, the budget was removed)\n")
		default:
			fmt.Fprintf(&b, "  %s\n", s.pdbState.line())
		}
	}
	if q := s.with(func(url.Values) {}); q.Has("nodes") || q.Has("label") || q.Has("taint") || q.Has("capacity") {
		b.WriteString("\nNode edits:\n")
		if q.Has("nodes") {
			fmt.Fprintf(&b, "  nodes: %s\n", q.Get("nodes"))
		}
		for _, kind := range editKinds {
			for _, v := range q[kind] {
				fmt.Fprintf(&b, "  %s: %s\n", kind, v)
				node, _, _ := strings.Cut(v, ":")
				if p := s.nodeProblems[kind+":"+node]; p != "" {
					fmt.Fprintf(&b, "    rejected: %s\n", p)
				}
			}
		}
	}
	b.WriteString("\nNodes:\n")
	infos := nodeSummaries(s.cl)
	for _, n := range infos {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	b.WriteString("\n")
	b.WriteString(scheduler.Describe(s.cycle))
	return b.String()
}

// nodeSummaries describes each node in one line.
func nodeSummaries(cl scheduler.Cluster) []string {
	var out []string
	for _, n := range cl.Nodes {
		var cpu, mem int64
		var pods []string
		for _, p := range cl.Pods {
			if p.Spec.NodeName != n.Name {
				continue
			}
			r := scheduler.PodRequests(p)
			cpu += r.MilliCPU
			mem += r.Memory
			desc := fmt.Sprintf("%s (priority %d", p.Name, *p.Spec.Priority)
			for _, k := range sortedKeys(p.Labels) {
				desc += ", " + k + "=" + p.Labels[k]
			}
			pods = append(pods, desc+")")
		}
		a := n.Status.Allocatable
		line := fmt.Sprintf("%s: cpu %s of %s requested, memory %s of %s, %d of %d pods",
			n.Name, scheduler.MilliCPU(cpu), scheduler.MilliCPU(a.Cpu().MilliValue()), scheduler.Bytes(mem), scheduler.Bytes(a.Memory().Value()),
			len(pods), a.Pods().Value())
		if n.Spec.Unschedulable {
			line += "; cordoned"
		}
		if ls := nodeLabels(n); len(ls) > 0 {
			line += "; labels " + strings.Join(ls, ", ")
		}
		for _, t := range n.Spec.Taints {
			line += "; taint " + taintString(t)
		}
		if len(pods) > 0 {
			line += "; running " + strings.Join(pods, ", ")
		}
		out = append(out, line)
	}
	return out
}

// nodeLabels lists the labels worth showing (not the hostname every node has).
func nodeLabels(n *v1.Node) []string {
	var out []string
	for k, v := range n.Labels {
		if k == v1.LabelHostname {
			continue
		}
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// taintString is kubectl's form: key=value:Effect.
func taintString(t v1.Taint) string {
	s := t.Key
	if t.Value != "" {
		s += "=" + t.Value
	}
	return s + ":" + string(t.Effect)
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
