package customsched

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	engine "github.com/kubeviz/kubeviz/engine/customsched"
	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// State is the learner's settings and the step shown; the story is
// simulated from the settings.
type State struct {
	cfg   engine.Config
	step  int
	story *engine.Story
}

func (st *State) build() {
	st.story = engine.Run(st.cfg)
	if last := len(st.story.Steps) - 1; st.step > last {
		st.step = last
	}
}

func (st *State) cur() engine.Step { return st.story.Steps[st.step] }

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	last := len(st.story.Steps) - 1
	if ok, err := demos.Move(&st.step, last, a, ""); ok {
		return err
	}
	switch a.Kind {
	case "set":
		v := strings.TrimSpace(a.Value)
		switch a.Key {
		case "schedulerName":
			if len(v) > 300 {
				return fmt.Errorf("That schedulerName is too long.")
			}
			st.cfg.SchedulerName = v
		case "strategy":
			if v != string(scheduler.MostAllocated) && v != string(scheduler.LeastAllocated) {
				return fmt.Errorf("The strategy cannot be %q.", clip(v))
			}
			st.cfg.Strategy = scheduler.Scoring(v)
		case "weight":
			if len(v) > 40 {
				return fmt.Errorf("That weight is too long.")
			}
			st.cfg.Weight = v
		default:
			return fmt.Errorf("There is no setting %q.", a.Key)
		}
		st.build()
	case "toggle-reject":
		if !isNode(a.Key) {
			return fmt.Errorf("There is no node %q.", clip(a.Key))
		}
		st.cfg.Reject = toggled(st.cfg.Reject, a.Key)
		st.build()
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

// toggled is rs with n added or removed, in node order.
func toggled(rs []string, n string) []string {
	var out []string
	found := false
	for _, r := range rs {
		if r == n {
			found = true
			continue
		}
		out = append(out, r)
	}
	if !found {
		out = append(out, n)
	}
	return sortNodes(out)
}

// Query implements demos.State.
func (st *State) Query() url.Values { return st.query(st.cfg, st.step) }

func (st *State) query(cfg engine.Config, step int) url.Values {
	q := url.Values{}
	def := engine.DefaultConfig()
	if cfg.SchedulerName != def.SchedulerName {
		q.Set("schedulerName", cfg.SchedulerName)
	}
	if cfg.Strategy != def.Strategy {
		q.Set("strategy", string(cfg.Strategy))
	}
	if cfg.Weight != def.Weight {
		q.Set("weight", cfg.Weight)
	}
	if r := strings.Join(cfg.Reject, ","); r != strings.Join(def.Reject, ",") {
		q.Set("reject", r)
	}
	if step != 0 {
		q.Set("step", strconv.Itoa(step))
	}
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, len(st.story.Steps) - 1 }

// Narration implements demos.State.
func (st *State) Narration() string {
	s := st.cur()
	what := strings.Join(s.Did, " ")
	if s.Command != "" {
		what = s.Command + ": " + what
	}
	return fmt.Sprintf("Step %d of %d, %s: %s", st.step, len(st.story.Steps)-1, s.Actor, what)
}

// Text implements demos.State.
func (st *State) Text() string {
	s := st.cur()
	cfg := st.cfg
	var b strings.Builder
	fmt.Fprintf(&b, "Step %d of %d (%s), by %s. Matches %s.\n", st.step, len(st.story.Steps)-1, s.Kind, s.Actor, Definition.Upstream)
	name := cfg.SchedulerName
	if name == "" {
		name = `"" (defaulted to default-scheduler)`
	}
	fmt.Fprintf(&b, "Settings: batch schedulerName=%s, my-scheduler strategy=%s, extender weight=%q, extender rejects %s\n",
		name, cfg.Strategy, cfg.Weight, orNone(cfg.Reject))
	for _, ps := range [][]string{st.story.Problems.SchedulerName, st.story.Problems.Weight} {
		for _, p := range ps {
			fmt.Fprintf(&b, "Invalid input: %s\n", p)
		}
	}
	b.WriteString("\nSchedulers:\n")
	for _, sc := range st.story.Schedulers {
		state := "running"
		if !sc.Running {
			state = "not running (" + sc.Why + ")"
		}
		ext := ""
		if sc.Extender != nil {
			ext = ", extender " + sc.Extender.URLPrefix
		}
		fmt.Fprintf(&b, "  %s: profile %s, NodeResourcesFit %s%s; %s\n", sc.Name, strings.Join(sc.Profiles, ", "), sc.Strategy, ext, state)
	}
	fmt.Fprintf(&b, "\nWhat happened (%s):\n", s.Actor)
	if s.Command != "" {
		fmt.Fprintf(&b, "  $ %s\n", s.Command)
		if s.Output != "" {
			fmt.Fprintf(&b, "%s\n", indent(s.Output, "  "))
		}
	}
	for _, d := range s.Did {
		fmt.Fprintf(&b, "  %s\n", d)
	}
	if s.Kind == "queues" || s.Kind == "end" {
		for _, q := range s.Queues {
			fmt.Fprintf(&b, "  queue of %s: %s\n", q.Scheduler, orNone(q.Pods))
		}
	}
	if c := s.Cycle; c != nil {
		b.WriteString(cycleText(c, stage(s.Kind)))
	}
	fmt.Fprintf(&b, "\n$ kubectl get pods -o custom-columns=%s\n%s\n", engine.PodsColumns, engine.GetPods(s.Pods))
	for _, p := range []string{engine.PodWeb, engine.PodBatch, engine.PodOrphan} {
		if pod := podOf(s.Pods, p); pod == nil || !pod.Created {
			continue
		}
		fmt.Fprintf(&b, "\n$ kubectl describe pod %s (Events)\n%s\n", p, engine.DescribeEvents(s.Events, p, s.T))
	}
	if cmp := st.story.Compare; cmp != nil {
		fmt.Fprintf(&b, "\nThe pod batch scored by the Score plugins alone, on the cluster it met:\n%s", indent(engine.DescribeCompare(cmp), "  "))
	}
	return b.String()
}

// stage orders the steps of one cycle: what a step may show of it.
func stage(kind string) int {
	switch kind {
	case "filter":
		return 1
	case "extender-filter":
		return 2
	case "prioritize":
		return 3
	case "bind", "schedule", "unschedulable":
		return 4
	}
	return 0
}

func cycleText(c *engine.Cycle, upto int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s's cycle for %s (NodeResourcesFit %s):\n", c.Scheduler, c.Pod, c.Strategy)
	for _, nf := range c.Plugins.Filter {
		if nf.Status == nil {
			fmt.Fprintf(&b, "  Filter plugins, %s: passes\n", nf.Node)
		} else {
			fmt.Fprintf(&b, "  Filter plugins, %s: %s: %s\n", nf.Node, nf.Status.Plugin, nf.Status.Message())
		}
	}
	if upto >= 2 && c.FilterCall != nil {
		fmt.Fprintf(&b, "  %s %s\n  Content-Type: application/json\n  request body %s:\n%s\n  reply (ExtenderFilterResult):\n%s\n", c.FilterCall.Method, c.FilterCall.URL,
			engine.RequestAbridged, indent(c.FilterCall.Request, "    "), indent(c.FilterCall.Response, "    "))
	}
	if upto >= 3 && c.PrioritizeCall != nil {
		fmt.Fprintf(&b, "  %s %s (the same ExtenderArgs, for %s)\n  reply (HostPriorityList):\n%s\n", c.PrioritizeCall.Method, c.PrioritizeCall.URL,
			strings.Join(c.AfterExtenders, ", "), indent(c.PrioritizeCall.Response, "    "))
		for _, s := range c.Scores {
			fmt.Fprintf(&b, "  %s: plugins %d + extender %d × weight %d × (100/10) = %d → total %d\n", s.Node, s.Plugins, s.ExtenderRaw, c.Extender.Weight, s.Extender, s.Total)
		}
	} else if upto >= 4 && c.Extender == nil && len(c.Scores) > 1 {
		for _, s := range c.Scores {
			fmt.Fprintf(&b, "  %s: plugins %d\n", s.Node, s.Total)
		}
	}
	if upto >= 4 {
		if c.Selected != "" {
			fmt.Fprintf(&b, "  selected: %s\n", c.Selected)
		} else {
			fmt.Fprintf(&b, "  FailedScheduling: %s\n", c.Message)
		}
	}
	return b.String()
}

func podOf(pods []engine.Pod, name string) *engine.Pod {
	for i := range pods {
		if pods[i].Name == name {
			return &pods[i]
		}
	}
	return nil
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

func indent(s, pre string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = pre + lines[i]
	}
	return strings.Join(lines, "\n")
}
