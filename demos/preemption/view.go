package preemption

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/disruption"
	"github.com/kubeviz/kubeviz/engine/scheduler"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.Preemption(st.viewModel(link))
}

// elementID is unique on a page that shows several demos.
func elementID(link templates.Link) string {
	id := "pp"
	if link.Prefix != "" {
		id = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return '-'
		}, strings.TrimSuffix(link.Prefix, ".")) + "-" + id
	}
	return id
}

// setQuery is the query after "set key=value", as Apply makes it: the
// setting changes and the new timeline starts at step 0.
func (st *State) setQuery(key, value string) url.Values {
	q := st.Query()
	q.Del("step")
	for _, p := range params {
		if p.name == key {
			if value == *p.get(&defaults) {
				q.Del(key)
			} else {
				q.Set(key, value)
			}
		}
	}
	return q
}

var fieldHelp = map[string][2]string{
	"class":      {"priorityClassName", "The new pod checkout's class. Leave it empty for none; try a name that does not exist."},
	"classValue": {"checkout-critical value", "The value of PriorityClass checkout-critical. User classes go up to 1000000000; try more."},
	"cpu":        {"cpu request", "checkout's resources.requests.cpu. Every node is full: 2 cpu each, all requested."},
	"reportsPDB": {"PodDisruptionBudget over the reports", "The scheduler honours budgets where it can: it prefers victims that violate none, but preempts anyway when it must."},
	"grace":      {"terminationGracePeriodSeconds", "Of the pods that get evicted: how long the kubelet waits before SIGKILL."},
	"preStop":    {"preStop hook (s)", "How long their preStop hook sleeps; SIGTERM comes after it. 0: no hook."},
	"sigterm":    {"On SIGTERM the process", "A process that ignores SIGTERM runs until SIGKILL at the end of the grace period."},
	"budget":     {"PodDisruptionBudget field", "minAvailable: pods that must stay healthy; maxUnavailable: pods that may be down."},
	"value":      {"Budget value", "An integer or a percentage of the replicas (percentages round up)."},
	"replicas":   {"Deployment replicas", "checkout's replicas, spread over 3 nodes (1 to 9)."},
}

func (st *State) viewModel(link templates.Link) templates.PreemptionView {
	id := elementID(link)
	f := st.cur()
	v := templates.PreemptionView{ID: id, Upstream: Definition.Upstream, Story: st.in.Story, Step: st.step, Actor: f.Actor, Command: f.Command, Did: f.Did}
	if st.in.Story != StoryClasses {
		v.Clock = fmt.Sprintf("%d s", f.T)
	}
	for _, s := range enums["story"] {
		s := s
		q := st.setQuery("story", s)
		v.Tabs = append(v.Tabs, templates.PPLink{Label: storyTitles[s], Href: link.Href(q), Current: s == st.in.Story, Key: "story", Value: s})
	}

	// The settings form.
	v.Form.Action = templ.SafeURL(link.Path)
	for k, vs := range link.Keep {
		for _, x := range vs {
			v.Form.Hidden = append(v.Form.Hidden, templates.PPHidden{Name: k, Value: x})
		}
	}
	if st.in.Story != defaults.Story {
		v.Form.Hidden = append(v.Form.Hidden, templates.PPHidden{Name: link.FieldName("story"), Value: st.in.Story})
	}
	var keys []string
	switch st.in.Story {
	case StoryClasses:
		keys = []string{"class", "classValue"}
	case StoryPreemption:
		keys = []string{"class", "classValue", "cpu", "reportsPDB", "grace", "preStop", "sigterm"}
	case StoryDrain:
		keys = []string{"budget", "value", "replicas", "grace", "preStop", "sigterm"}
	}
	for _, k := range keys {
		var val string
		for _, p := range params {
			if p.name == k {
				val = *p.get(&st.in)
			}
		}
		fd := templates.PPField{Key: k, Name: link.FieldName(k), Label: fieldHelp[k][0], Value: val, Help: fieldHelp[k][1], Error: st.errs[k]}
		switch k {
		case "cpu", "value":
			fd.InputMode = "text"
		case "grace", "preStop", "replicas", "classValue":
			fd.InputMode = "numeric"
		case "sigterm":
			fd.Options = []templates.PPOption{{Value: "ignore", Label: "ignores it", Selected: val == "ignore"}, {Value: "exit", Label: "exits 1 s later", Selected: val == "exit"}}
		case "reportsPDB":
			fd.Options = []templates.PPOption{{Value: "none", Label: "none", Selected: val == "none"}, {Value: "3", Label: "minAvailable: 3 (allows 1)", Selected: val == "3"}, {Value: "4", Label: "minAvailable: 4 (allows 0)", Selected: val == "4"}}
		case "budget":
			fd.Options = []templates.PPOption{{Value: "maxUnavailable", Label: "maxUnavailable", Selected: val == "maxUnavailable"}, {Value: "minAvailable", Label: "minAvailable", Selected: val == "minAvailable"}}
		}
		v.Form.Fields = append(v.Form.Fields, fd)
	}
	v.ManifestOf, v.Manifest = st.manifest()
	if st.in.Story != StoryDrain {
		for _, c := range append([]string{""}, classNames()...) {
			label := c
			if c == "" {
				label = "(none)"
			}
			v.ClassLinks = append(v.ClassLinks, templates.PPLink{Label: label, Href: link.Href(st.setQuery("class", c)), Current: c == st.in.Class, Key: "class", Value: c})
		}
	}

	if len(f.Output) > 0 {
		t := &templates.PPTerminal{Command: st.termCommand()}
		for _, l := range f.Output {
			pl := templates.PPLine{Text: l.Text, Err: l.Stderr, New: l.At == f.T && st.step > 0 && st.isNew(l)}
			if st.in.Story == StoryDrain && len(st.tl.Nodes) > 0 {
				pl.At = fmt.Sprintf("%ds", l.At)
			}
			t.Lines = append(t.Lines, pl)
		}
		v.Terminal = t
	}

	switch st.in.Story {
	case StoryClasses:
		st.classesView(&v, link)
		return v
	}
	if len(st.tl.Nodes) == 0 {
		return v
	}
	v.Nodes, v.Pending, v.SVGHeight, v.NodeTop = layout(st.tl, f, st.in.Story == StoryPreemption)
	var desc []string
	for _, n := range v.Nodes {
		desc = append(desc, n.Name+n.Note+": "+n.Text)
	}
	for _, p := range v.Pending {
		desc = append(desc, "Pending: "+p.Title)
	}
	v.SVGDesc = strings.Join(desc, " ")
	v.Legend = []templates.PPLegend{{Class: "crit", Label: "priority 100000 and up"}, {Class: "std", Label: "standard (1000)"}, {Class: "low", Label: "batch-low (100)"},
		{Class: "term", Label: "Terminating"}, {Class: "pending", Label: "Pending"}}
	if st.in.Story == StoryDrain {
		v.Legend = []templates.PPLegend{{Class: "std", Label: "checkout (Ready)"}, {Class: "starting", Label: "starting, not Ready"}, {Class: "term", Label: "Terminating"}, {Class: "sys", Label: "DaemonSet pod"}}
	}
	if f.Cycle != nil && f.Cycle.PostFilter != nil {
		v.Cycle = cycleLines(f.Cycle, f.Tied)
	}
	v.GetPods = disruption.GetPodsWide(f.Pods, f.T)
	for _, p := range disrupted(f) {
		v.Excerpts = append(v.Excerpts, templates.PPExcerpt{Name: p.Name, YAML: podExcerpt(p, f.T)})
	}
	v.Grace = graceChart(st.tl, f)
	for _, e := range f.Events {
		v.Events = append(v.Events, templates.PPEvent{LastSeen: disruption.Age(f.T - e.At), Type: e.Type, Reason: e.Reason, Object: e.Object, Message: e.Message})
	}
	if p := f.PDB; p != nil {
		v.PDB = &templates.PPPDB{Get: disruption.GetPDB(st.budget, *p, f.T-st.tl.PDBCreated), Why: p.Why, Reason: p.Reason, Rows: []templates.PPKV{
			{Key: "expectedPods", Value: strconv.Itoa(int(p.ExpectedPods)), Help: "the Deployment's replicas (or, for an integer minAvailable, the pods the selector matches)"},
			{Key: "desiredHealthy", Value: strconv.Itoa(int(p.DesiredHealthy)), Help: "how many must stay healthy"},
			{Key: "currentHealthy", Value: strconv.Itoa(int(p.CurrentHealthy)), Help: "Ready pods not being deleted"},
			{Key: "disruptionsAllowed", Value: strconv.Itoa(int(p.DisruptionsAllowed)), Help: "how many evictions the API server grants now"},
		}}
	}
	return v
}

// isNew reports whether an output line was printed in this step (not in an
// earlier step of the same second).
func (st *State) isNew(l disruption.Line) bool {
	if st.step == 0 {
		return true
	}
	prev := st.tl.Frames[st.step-1].Output
	for _, p := range prev {
		if p == l {
			return false
		}
	}
	return true
}

func classNames() []string {
	var out []string
	for _, c := range disruption.StoryClasses() {
		out = append(out, c.Name)
	}
	sort.Strings(out)
	return out
}

func (st *State) classesView(v *templates.PreemptionView, link templates.Link) {
	for _, c := range st.classes {
		pol := string(c.PreemptionPolicy)
		if pol == "" {
			pol = "PreemptLowerPriority"
		}
		v.Classes = append(v.Classes, templates.PPClass{Name: c.Name, Value: strconv.Itoa(int(c.Value)), GlobalDefault: strconv.FormatBool(c.GlobalDefault), Policy: pol,
			Description: c.Description, Chosen: st.step >= 1 && !st.adm.Rejected && c.Name == st.adm.ClassName, Href: link.Href(st.setQuery("class", c.Name))})
	}
	sort.Slice(v.Classes, func(i, j int) bool { return v.Classes[i].Name < v.Classes[j].Name })
	if st.step >= 1 {
		if st.adm.Rejected {
			v.Rejection = st.adm.Error
		} else {
			v.Spec = podSpecYAML(st.adm)
		}
	}
	if st.step >= 2 {
		for i, p := range st.queue {
			v.Queue = append(v.Queue, templates.PPQueued{Pos: i + 1, Name: p.Name, Priority: strconv.Itoa(int(p.Priority)), Mine: p.Name == disruption.PreemptorName})
		}
	}
}

// cycleLines says what DefaultPreemption did in a failed scheduling cycle;
// tied are the nodes that tied on every criterion (disruption.Frame.Tied).
func cycleLines(c *scheduler.Cycle, tied []string) []string {
	pf := c.PostFilter
	out := []string{"Filter: " + c.FitMessage}
	if !pf.Eligible {
		return append(out, "PostFilter: "+pf.Status.Message())
	}
	for _, r := range pf.PerNode {
		if r.Status != nil {
			out = append(out, fmt.Sprintf("%s: no help (%s)", r.Plugin, r.Status.Message()))
		}
	}
	for _, cand := range pf.Candidates {
		var vs []string
		for _, v := range cand.Victims {
			vs = append(vs, fmt.Sprintf("%s (%d)", v.Pod, v.Priority))
		}
		line := fmt.Sprintf("candidate %s: victims %s", cand.Node, strings.Join(vs, ", "))
		if pf.PDBs > 0 {
			line += fmt.Sprintf("; %d PDB violation(s)", cand.NumPDBViolations)
		}
		out = append(out, line)
	}
	if pf.Nominated != "" {
		why := "pickOneNodeForPreemption: fewest PDB violations, then the lowest highest-priority victim, then the smallest sum of priorities, then the fewest victims, then the latest start → " + pf.Nominated
		switch {
		case len(tied) > 0:
			// Upstream returns "the first such node (sort of randomly)"
			// (pkg/scheduler/framework/preemption/preemption.go
			// pickOneNodeForPreemption): the first of a map's iteration.
			why += fmt.Sprintf(" (a tie on all five between %s: upstream takes the first node of a map's iteration, so its pick among tied nodes is effectively random; this demo shows %s)", strings.Join(tied, ", "), pf.Nominated)
		case pf.DecidedBy != "":
			why += " (decided by: " + pf.DecidedBy + ")"
		}
		out = append(out, why)
	} else {
		out = append(out, "No candidate: "+pf.Message)
	}
	return out
}

// Drawing: three node columns; pods stacked from the bottom, as tall as
// their cpu request.
const (
	colW    = 200
	colGap  = 20
	topPend = 64 // room for pending pods above the nodes
	headH   = 44
	capH    = 240
)

type nodeCard struct{ Name, CPU, Note, Text string }

func nodeCards(tl *disruption.Timeline, f disruption.Frame) []nodeCard {
	nodes, _, _, _ := layout(tl, f, false)
	var out []nodeCard
	for _, n := range nodes {
		out = append(out, nodeCard{n.Name, n.CPU, n.Note, n.Text})
	}
	return out
}

// layout places the nodes and pods; with pendingRow there is a row above
// the nodes for pods not yet bound. It returns the nodes, the pending pods,
// the picture's height and the top of the node boxes.
func layout(tl *disruption.Timeline, f disruption.Frame, pendingRow bool) ([]templates.PPNode, []templates.PPPod, int, int) {
	top := 8
	if pendingRow {
		top = topPend
	}
	cordoned := map[string]bool{}
	for _, c := range f.Cordoned {
		cordoned[c] = true
	}
	var nodes []templates.PPNode
	var pending []templates.PPPod
	xOf := map[string]int{}
	for i, n := range tl.Nodes {
		xOf[n.Name] = 10 + i*(colW+colGap)
	}
	pods := append([]*disruption.Pod(nil), f.Pods...)
	sort.SliceStable(pods, func(i, j int) bool {
		if pods[i].Namespace != pods[j].Namespace {
			return pods[i].Namespace > pods[j].Namespace // kube-system at the bottom
		}
		if pods[i].Created != pods[j].Created {
			return pods[i].Created < pods[j].Created
		}
		return pods[i].Name < pods[j].Name
	})
	for _, n := range tl.Nodes {
		x := xOf[n.Name]
		scale := float64(capH) / float64(n.MilliCPU)
		nd := templates.PPNode{Name: n.Name, X: x, Cordoned: cordoned[n.Name]}
		if nd.Cordoned {
			nd.Note = " (cordoned)"
		}
		y := top + headH + capH
		var used int64
		var words []string
		for _, p := range pods {
			if p.Node != n.Name || p.BoundAt == disruption.Never || f.T < p.BoundAt {
				continue
			}
			used += p.MilliCPU
			h := int(float64(p.MilliCPU) * scale)
			if h < 36 {
				h = 36 // room for the name and the state
			}
			y -= h
			pp := podBox(p, f.T, x+6, y, colW-12, h)
			nd.Pods = append(nd.Pods, pp)
			words = append(words, pp.Title)
		}
		nd.CPU = fmt.Sprintf("%s cpu, %s requested", scheduler.MilliCPU(n.MilliCPU), scheduler.MilliCPU(used))
		if len(words) == 0 {
			words = []string{"no pods"}
		}
		nd.Text = strings.Join(words, "; ") + "."
		nodes = append(nodes, nd)
	}
	px := 10
	for _, p := range pods {
		if p.BoundAt != disruption.Never && f.T >= p.BoundAt {
			continue
		}
		x := px
		if p.Nominated != "" {
			x = xOf[p.Nominated]
		}
		pending = append(pending, podBox(p, f.T, x+6, 14, colW-12, 40))
		px += colW + colGap
	}
	return nodes, pending, top + headH + capH + 16, top
}

func podBox(p *disruption.Pod, t, x, y, w, h int) templates.PPPod {
	cls := []string{"pp-pod"}
	switch {
	case strings.HasPrefix(p.Owner, "DaemonSet/"):
		cls = append(cls, "sys")
	case p.Priority >= 100000:
		cls = append(cls, "crit")
	case p.Priority >= 1000:
		cls = append(cls, "std")
	default:
		cls = append(cls, "low")
	}
	state := p.Status(t)
	switch {
	case p.Terminating(t):
		cls = append(cls, "term")
	case p.BoundAt == disruption.Never || t < p.BoundAt:
		cls = append(cls, "pending")
	case !p.IsReady(t):
		cls = append(cls, "starting")
	}
	meta := fmt.Sprintf("%d · %s", p.Priority, state)
	if p.Nominated != "" {
		meta = fmt.Sprintf("%d · Pending → %s", p.Priority, p.Nominated)
	}
	if p.Terminating(t) {
		switch {
		case p.ExitAt != disruption.Never && t >= p.ExitAt && p.Killed:
			meta = "SIGKILL · exited 137"
		case p.ExitAt != disruption.Never && t >= p.ExitAt:
			meta = "exited 0"
		case p.SIGTERMAt != disruption.Never && t >= p.SIGTERMAt:
			meta = fmt.Sprintf("Terminating · SIGTERM, kill at %ds", p.SIGKILLAt)
		default:
			meta = fmt.Sprintf("Terminating · preStop, TERM at %ds", p.SIGTERMAt)
		}
	}
	title := fmt.Sprintf("%s, priority %d, cpu %s, %s", p.Name, p.Priority, scheduler.MilliCPU(p.MilliCPU), p.Phase(t))
	pp := templates.PPPod{Name: p.Name, Meta: meta, Class: strings.Join(cls, " "), X: x, Y: y, W: w, H: h, TextY: y + 15, MetaY: y + 30, Title: title}
	if h < 36 {
		pp.TextY = y + h/2 + 5
		pp.MetaY = 0
	}
	return pp
}

// manifest is the YAML the story applies, with the learner's values.
func (st *State) manifest() (string, string) {
	if st.in.Story == StoryDrain {
		return "pdb.yaml", fmt.Sprintf(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
spec:
  %s: %s
  selector:
    matchLabels:
      app: checkout`, st.in.Budget, st.in.Value)
	}
	class := ""
	if st.in.Class != "" {
		class = "\n  priorityClassName: " + st.in.Class
	}
	return "checkout.yaml", fmt.Sprintf(`apiVersion: v1
kind: Pod
metadata:
  name: checkout
  labels:
    app: checkout
spec:%s
  containers:
  - name: checkout
    image: example.com/shop/checkout:5.0
    resources:
      requests:
        cpu: %s`, class, st.in.CPU)
}

// disrupted are the pods of the frame with a DisruptionTarget condition.
func disrupted(f disruption.Frame) []*disruption.Pod {
	var out []*disruption.Pod
	for _, p := range f.Pods {
		if p.Disruption != nil {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// graceChart lays out the graceful termination of every pod deleted in the
// story that still exists at this step (kubelet killContainer: preStop,
// then SIGTERM, SIGKILL when the grace period is over).
func graceChart(tl *disruption.Timeline, f disruption.Frame) *templates.PPGrace {
	var pods []*disruption.Pod
	for _, p := range disrupted(f) {
		if p.SIGTERMAt != disruption.Never {
			pods = append(pods, p)
		}
	}
	if len(pods) == 0 {
		return nil
	}
	from, to := pods[0].DeletedAt, pods[0].GoneAt
	for _, p := range pods {
		from, to = min(from, p.DeletedAt), max(to, p.GoneAt)
	}
	const left, width = 10, 610
	span := max(to-from, 1)
	x := func(sec int) int { return left + (sec-from)*width/span }
	g := &templates.PPGrace{Height: 30 + 40*len(pods), NowX: x(min(f.T, to)), Now: fmt.Sprintf("now: %d s", f.T)}
	var desc []string
	for i, p := range pods {
		r := templates.PPGraceRow{Name: p.Name, Y: 4 + 40*i}
		if p.SIGTERMAt > p.DeletedAt {
			r.Parts = append(r.Parts, templates.PPSegment{X: x(p.DeletedAt), W: x(p.SIGTERMAt) - x(p.DeletedAt), Class: "prestop", Label: "preStop"})
		}
		end := "exit 0"
		if p.Killed {
			end = "SIGKILL"
		}
		r.Parts = append(r.Parts, templates.PPSegment{X: x(p.SIGTERMAt), W: max(x(p.ExitAt)-x(p.SIGTERMAt), 2), Class: "sigterm", Label: "SIGTERM → " + end})
		r.Parts = append(r.Parts, templates.PPSegment{X: x(p.ExitAt), W: max(x(p.GoneAt)-x(p.ExitAt), 2), Class: "stopped", Label: ""})
		g.Rows = append(g.Rows, r)
		desc = append(desc, fmt.Sprintf("%s: deleted at %d s, SIGTERM at %d s, %s at %d s, gone at %d s.", p.Name, p.DeletedAt, p.SIGTERMAt, end, p.ExitAt, p.GoneAt))
	}
	seen := map[int]bool{}
	for _, p := range pods {
		for _, sec := range []int{p.DeletedAt, p.SIGTERMAt, p.ExitAt} {
			if !seen[sec] {
				seen[sec] = true
				g.Ticks = append(g.Ticks, templates.PPTick{X: x(sec), Label: fmt.Sprintf("%ds", sec)})
			}
		}
	}
	sort.Slice(g.Ticks, func(i, j int) bool { return g.Ticks[i].X < g.Ticks[j].X })
	// Drop a tick label that would overlap the one before it.
	var ticks []templates.PPTick
	for _, t := range g.Ticks {
		if len(ticks) > 0 && t.X-ticks[len(ticks)-1].X < 28 {
			continue
		}
		ticks = append(ticks, t)
	}
	g.Ticks = ticks
	g.Desc = fmt.Sprintf("Now %d s. ", f.T) + strings.Join(desc, " ")
	return g
}
