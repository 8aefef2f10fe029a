package customsched

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"k8s.io/apimachinery/pkg/api/resource"

	engine "github.com/kubeviz/kubeviz/engine/customsched"
	"github.com/kubeviz/kubeviz/engine/scheduler"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.CustomSched(st.viewModel(link))
}

// elementID is unique on a page that shows several demos.
func elementID(link templates.Link) string {
	id := "csd"
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

// hidden lists the page's other parameters and this demo's settings except
// the one a form edits, so a GET form keeps the rest of the state.
func (st *State) hidden(link templates.Link, except string) []templates.CSHidden {
	var out []templates.CSHidden
	keys := make([]string, 0, len(link.Keep))
	for k := range link.Keep {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, x := range link.Keep[k] {
			out = append(out, templates.CSHidden{Name: k, Value: x})
		}
	}
	q := st.Query()
	q.Del("step") // a new setting starts the story again
	for _, k := range []string{"schedulerName", "strategy", "weight", "reject"} {
		if k == except {
			continue
		}
		for _, x := range q[k] {
			out = append(out, templates.CSHidden{Name: link.FieldName(k), Value: x})
		}
	}
	return out
}

func (st *State) with(mod func(*engine.Config)) url.Values {
	cfg := st.cfg
	cfg.Reject = append([]string(nil), st.cfg.Reject...)
	mod(&cfg)
	return st.query(cfg, 0)
}

func (st *State) viewModel(link templates.Link) templates.CustomSchedView {
	id := elementID(link)
	s := st.cur()
	v := templates.CustomSchedView{ID: id, Upstream: Definition.Upstream, Step: st.step, Actor: s.Actor, Did: s.Did,
		ConfigYAML: engine.ConfigYAML(st.cfg), PodsYAML: engine.PodsYAML(st.cfg)}
	if s.Command != "" {
		v.Command = "$ " + s.Command
		if s.Output != "" {
			v.Command += "\n" + s.Output
		}
	}

	// Settings.
	f := &v.Forms
	f.Action = templ.SafeURL(link.Path)
	f.Name = templates.CSField{Name: link.FieldName("schedulerName"), Value: st.cfg.SchedulerName, Errors: st.story.Problems.SchedulerName, Hidden: st.hidden(link, "schedulerName")}
	for _, p := range []struct{ label, value string }{
		{engine.MyScheduler, engine.MyScheduler}, {engine.DefaultScheduler, engine.DefaultScheduler},
		{engine.MissingScheduler, engine.MissingScheduler}, {"leave it out", ""},
	} {
		val := p.value
		f.Picks = append(f.Picks, templates.CSLink{Label: p.label, Value: val, Current: st.cfg.SchedulerName == val,
			Href: link.Href(st.with(func(c *engine.Config) { c.SchedulerName = val }))})
	}
	f.Strategy = templates.CSField{Name: link.FieldName("strategy"), Value: string(st.cfg.Strategy), Hidden: st.hidden(link, "strategy")}
	f.Weight = templates.CSField{Name: link.FieldName("weight"), Value: st.cfg.Weight, Errors: st.story.Problems.Weight, Hidden: st.hidden(link, "weight")}
	rejected := map[string]bool{}
	for _, r := range st.cfg.Reject {
		rejected[r] = true
	}
	for _, n := range engine.Nodes {
		name := n.Name
		f.Rejects = append(f.Rejects, templates.CSToggle{Node: name, Pressed: rejected[name],
			Href: link.Href(st.with(func(c *engine.Config) { c.Reject = toggled(c.Reject, name) }))})
	}
	f.RejectErrors = st.story.Problems.Reject

	// The picture.
	stg := stage(s.Kind)
	queues := map[string][]string{}
	for _, q := range s.Queues {
		queues[q.Scheduler] = q.Pods
	}
	for i, sc := range st.story.Schedulers {
		cs := templates.CSScheduler{Name: sc.Name, Profile: sc.Profiles[0], Strategy: string(sc.Strategy), Running: sc.Running, X: 4 + i*336,
			Active: s.Actor == sc.Profiles[0]}
		if sc.Extender != nil {
			cs.Extender = "extender …:8888/scheduler, weight " + orDash(st.cfg.Weight)
		}
		switch {
		case !sc.Running:
			cs.Queue = "not running: invalid configuration"
		case s.Kind == "apply":
			cs.Queue = "queue: not yet synced"
		default:
			var waiting []string
			for _, name := range queues[sc.Profiles[0]] {
				if p := podOf(s.Pods, name); p != nil && p.Node == "" {
					waiting = append(waiting, name)
				}
			}
			cs.Queue = "queue: " + orEmpty(waiting)
		}
		v.Schedulers = append(v.Schedulers, cs)
	}
	if s.Kind != "apply" {
		var lost []string
		taken := map[string]bool{}
		for _, q := range s.Queues {
			for _, n := range q.Pods {
				taken[n] = true
			}
		}
		for _, p := range s.Pods {
			if p.Created && !p.Running && !taken[p.Name] {
				lost = append(lost, fmt.Sprintf("%s (schedulerName %s)", p.Name, p.SchedulerName))
			}
		}
		if len(lost) > 0 {
			v.Unqueued = "In no scheduler's queue: " + strings.Join(lost, ", ")
		}
	} else {
		var pending []string
		for _, p := range s.Pods {
			if p.Created && p.Node == "" {
				pending = append(pending, p.Name)
			}
		}
		v.Unqueued = "Pending, just created: " + strings.Join(pending, ", ")
	}
	var descs []string
	for i, n := range engine.Nodes {
		cn := templates.CSNode{Name: n.Name, X: 4 + i*228}
		capacity := resource.MustParse(n.CPU)
		var used int64
		y := 206
		var names []string
		for _, p := range s.Pods {
			if p.Node != n.Name {
				continue
			}
			q := resource.MustParse(p.CPU)
			used += q.MilliValue()
			cn.Pods = append(cn.Pods, templates.CSPodBox{Name: p.Name, Label: p.Name + " · " + p.CPU + " CPU", New: !p.Running, Y: y})
			names = append(names, p.Name)
			y += 24
		}
		cn.CPU = fmt.Sprintf("%s of %s CPU requested", scheduler.MilliCPU(used), n.CPU)
		cn.BarW = int(used * 184 / capacity.MilliValue())
		if c := s.Cycle; c != nil && stg >= 2 {
			for _, r := range c.Rejected {
				if r.Node == n.Name && r.By == "extender" {
					cn.Mark, cn.Class = "✕ rejected by extender", "rejected"
				}
			}
		}
		if c := s.Cycle; c != nil && stg >= 4 && c.Selected == n.Name {
			cn.Mark, cn.Class = "✓ selected for "+c.Pod, "selected"
		}
		desc := fmt.Sprintf("%s: %s; pods %s", n.Name, cn.CPU, strings.Join(names, ", "))
		if cn.Mark != "" {
			desc += "; " + strings.TrimLeft(cn.Mark, "✕✓ ")
		}
		descs = append(descs, desc)
		v.Nodes = append(v.Nodes, cn)
	}
	v.PicTitle = fmt.Sprintf("Step %d: two schedulers and three nodes", st.step)
	var sdesc []string
	for _, sc := range v.Schedulers {
		sdesc = append(sdesc, fmt.Sprintf("%s (profile %s): %s", sc.Name, sc.Profile, sc.Queue))
	}
	v.PicDesc = strings.Join(sdesc, ". ") + ". " + v.Unqueued + ". " + strings.Join(descs, ". ") + "."

	// This step's cycle.
	if c := s.Cycle; c != nil {
		v.Cycle = cycleView(c, stg, st.cfg)
	}

	// kubectl.
	v.PodsCmd = engine.PodsColumns
	v.GetPods = engine.GetPods(s.Pods)
	for _, name := range []string{engine.PodBatch, engine.PodOrphan, engine.PodWeb} {
		p := podOf(s.Pods, name)
		if p == nil || !p.Created {
			continue
		}
		d := templates.CSDescribe{Pod: name}
		for _, e := range engine.EventsFor(s.Events, name) {
			d.Events = append(d.Events, templates.CSEvent{Type: e.Type, Reason: e.Reason, Age: engine.EventAge(e, s.T), From: e.From, Message: e.Message})
		}
		v.Describes = append(v.Describes, d)
	}
	if cmp := st.story.Compare; cmp != nil && st.step == len(st.story.Steps)-1 {
		v.Compare = compareView(cmp)
	}
	return v
}

func cycleView(c *engine.Cycle, stg int, cfg engine.Config) *templates.CSCycle {
	cv := &templates.CSCycle{Title: fmt.Sprintf("%s's cycle for %s (NodeResourcesFit %s)", c.Scheduler, c.Pod, c.Strategy)}
	extFailed := map[string]string{}
	for _, r := range c.Rejected {
		if r.By == "extender" {
			extFailed[r.Node] = r.Reason
		}
	}
	cv.ExtCol = c.Extender != nil && stg >= 2
	for _, nf := range c.Plugins.Filter {
		row := templates.CSFilterRow{Node: nf.Node, Plugins: "passes"}
		if nf.Status != nil {
			row.Plugins = nf.Status.Plugin + ": " + nf.Status.Message()
			row.Extender = "not asked"
		} else if why, ok := extFailed[nf.Node]; ok {
			row.Extender = "FailedNodes: " + why
		} else {
			row.Extender = "kept"
		}
		cv.Filter = append(cv.Filter, row)
	}
	if stg >= 2 && c.FilterCall != nil {
		cv.FilterCall = &templates.CSCall{Title: c.FilterCall.Method + " " + c.FilterCall.URL, Request: c.FilterCall.Request, ReplyType: "ExtenderFilterResult", Response: c.FilterCall.Response,
			Note: "Request body " + engine.RequestAbridged + ". ExtenderArgs and ExtenderFilterResult from k8s.io/kube-scheduler/extender/v1 (no JSON tags, so the keys are the Go field names). Pod is the whole object from the scheduler's cache. With nodeCacheCapable: false, Nodes would carry every Node object instead of NodeNames."}
	}
	if stg >= 3 && c.PrioritizeCall != nil {
		cv.Prioritize = &templates.CSCall{Title: c.PrioritizeCall.Method + " " + c.PrioritizeCall.URL, Request: c.PrioritizeCall.Request, ReplyType: "HostPriorityList", Response: c.PrioritizeCall.Response,
			Note: "Request body " + engine.RequestAbridged + ". The same ExtenderArgs, for the nodes left after the extender's filter; the reply scores each 0–10 (MaxExtenderPriority)."}
		for _, s := range c.Scores {
			cv.Scores = append(cv.Scores, templates.CSScore{Node: s.Node, Plugins: strconv.FormatInt(s.Plugins, 10), ExtRaw: strconv.FormatInt(s.ExtenderRaw, 10),
				Scaled: fmt.Sprintf("%d × %d × 10 = %d", s.ExtenderRaw, c.Extender.Weight, s.Extender), Total: strconv.FormatInt(s.Total, 10), Winner: stg >= 4 && s.Node == c.Selected})
		}
		cv.ScoreNote = "prioritizeNodes: finalscore = score × weight × (MaxNodeScore 100 / MaxExtenderPriority 10), added to the plugins' weighted sum. Equal totals go to the higher random Randomizer."
	} else if stg >= 4 && c.Extender == nil && len(c.Scores) > 1 {
		cv.PluginsOnly = true
		for _, s := range c.Scores {
			cv.Scores = append(cv.Scores, templates.CSScore{Node: s.Node, Plugins: strconv.FormatInt(s.Plugins, 10), Total: strconv.FormatInt(s.Total, 10), Winner: s.Node == c.Selected})
		}
		cv.ScoreNote = "kube-scheduler has no extender: the Score plugins' weighted sum decides."
	}
	if stg >= 4 {
		cv.ShowResult = true
		if c.Selected != "" {
			cv.Result = fmt.Sprintf("Selected %s. Event from %s: Successfully assigned default/%s to %s", c.Selected, c.Scheduler, c.Pod, c.Selected)
		} else {
			cv.Failed = true
			cv.Result = "FailedScheduling from " + c.Scheduler + ": " + c.Message
		}
	}
	_ = cfg
	return cv
}

func compareView(cmp *engine.Compare) *templates.CSCompare {
	cv := &templates.CSCompare{Pod: cmp.Pod, Least: cmp.Least.Selected, Most: cmp.Most.Selected}
	fit := func(c *scheduler.Cycle, node string) (string, string) {
		var f, t int64
		for i, n := range c.Feasible {
			if n != node {
				continue
			}
			for _, ps := range c.Scores {
				if ps.Plugin == scheduler.NodeResourcesFit && !ps.Skipped {
					f = ps.Weighted[i]
				}
			}
		}
		for _, tt := range c.Totals {
			if tt.Node == node {
				t = tt.Total
			}
		}
		return strconv.FormatInt(f, 10), strconv.FormatInt(t, 10)
	}
	others := map[string]bool{}
	for _, n := range engine.Nodes {
		r := templates.CSCompareRow{Node: n.Name}
		r.LeastFit, r.LeastTotal = fit(cmp.Least, n.Name)
		r.MostFit, r.MostTotal = fit(cmp.Most, n.Name)
		cv.Rows = append(cv.Rows, r)
		for _, p := range [][2]string{{r.LeastFit, r.LeastTotal}, {r.MostFit, r.MostTotal}} {
			f, _ := strconv.Atoi(p[0])
			t, _ := strconv.Atoi(p[1])
			others[strconv.Itoa(t-f)] = true
		}
	}
	if len(others) == 1 {
		for o := range others {
			cv.Others = "NodeResourcesFit is the only plugin whose score differs; the others add " + o + " to every node."
		}
	}
	return cv
}

func orEmpty(xs []string) string {
	if len(xs) == 0 {
		return "empty"
	}
	return strings.Join(xs, ", ")
}

func orDash(s string) string {
	if s == "" {
		return `""`
	}
	return s
}
