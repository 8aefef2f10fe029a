package customsched

import (
	"fmt"
	"strings"
)

// Check returns the invariants a story breaks (none, if the model is right):
//   - a scheduler queues and binds only pods whose schedulerName is one of
//     its running profiles (responsibleForPod), and its events carry that
//     profile's name;
//   - a pod no running profile names never gets an event or a node;
//   - the selected node passed the plugins and the extender, and has the
//     highest total; each total is plugins + score × weight × 10;
//   - a bound pod stays bound, on the same node, in every later step.
func Check(st *Story) []string {
	var bad []string
	handled := func(name string) bool {
		for _, sc := range st.Schedulers {
			if sc.Handles(name) {
				return true
			}
		}
		return false
	}
	bound := map[string]string{}
	for i, s := range st.Steps {
		for _, p := range s.Pods {
			if prev, ok := bound[p.Name]; ok && prev != p.Node {
				bad = append(bad, fmt.Sprintf("step %d: %s moved from %s to %q", i, p.Name, prev, p.Node))
			}
			if p.Node != "" {
				bound[p.Name] = p.Node
			}
			if !p.Running && p.Created && !handled(p.SchedulerName) {
				if p.Node != "" || len(EventsFor(s.Events, p.Name)) > 0 {
					bad = append(bad, fmt.Sprintf("step %d: %s names %s, which nobody runs, yet it has a node or events", i, p.Name, p.SchedulerName))
				}
			}
			for _, e := range EventsFor(s.Events, p.Name) {
				if e.From != p.SchedulerName {
					bad = append(bad, fmt.Sprintf("step %d: event %s on %s is from %s, not its scheduler %s", i, e.Reason, p.Name, e.From, p.SchedulerName))
				}
			}
		}
		c := s.Cycle
		if c == nil {
			continue
		}
		if c.Selected != "" && !contains(c.AfterExtenders, c.Selected) {
			bad = append(bad, fmt.Sprintf("step %d: %s selected but not feasible after extenders %v", i, c.Selected, c.AfterExtenders))
		}
		for _, n := range c.AfterExtenders {
			if !contains(c.Feasible, n) {
				bad = append(bad, fmt.Sprintf("step %d: the extender kept %s, which the plugins had rejected", i, n))
			}
		}
		if c.PrioritizeCall != nil {
			for _, sc := range c.Scores {
				if sc.Extender != ScaledExtenderScore(sc.ExtenderRaw, c.Extender.Weight) || sc.Total != sc.Plugins+sc.Extender {
					bad = append(bad, fmt.Sprintf("step %d: %s's total %d is not %d + %d×%d×10", i, sc.Node, sc.Total, sc.Plugins, sc.ExtenderRaw, c.Extender.Weight))
				}
			}
		}
		for _, sc := range c.Scores {
			for _, top := range c.Scores {
				if top.Node == c.Selected && sc.Total > top.Total {
					bad = append(bad, fmt.Sprintf("step %d: %s scored %d, more than the selected %s's %d", i, sc.Node, sc.Total, top.Node, top.Total))
				}
			}
		}
		if c.Selected == "" && s.Kind == "unschedulable" && !strings.HasPrefix(c.Message, fmt.Sprintf("0/%d nodes are available:", len(Nodes))) {
			bad = append(bad, fmt.Sprintf("step %d: FailedScheduling message %q", i, c.Message))
		}
	}
	return bad
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
