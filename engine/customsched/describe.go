package customsched

import (
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/kubeviz/kubeviz/engine/kubectl"
	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// ConfigYAML is my-scheduler's KubeSchedulerConfiguration (the file passed
// with --config), with the weight as typed. leaderElect is false, as in the
// upstream task "Configure Multiple Schedulers": with the default lease
// name kube-scheduler, a second instance would wait for the first's lease.
func ConfigYAML(cfg Config) string {
	strategy := cfg.Strategy
	if strategy == "" {
		strategy = scheduler.MostAllocated
	}
	w := strings.TrimSpace(cfg.Weight)
	if w == "" {
		w = `""`
	}
	return `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
leaderElection:
  leaderElect: false
profiles:
- schedulerName: ` + MyScheduler + `
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: ` + string(strategy) + `
        resources:
        - name: cpu
          weight: 1
        - name: memory
          weight: 1
extenders:
- urlPrefix: ` + ExtenderURL + `
  filterVerb: ` + FilterVerb + `
  prioritizeVerb: ` + PrioritizeVerb + `
  weight: ` + w + `
  nodeCacheCapable: true
  ignorable: false`
}

// PodsYAML is the file the learner applies.
func PodsYAML(cfg Config) string {
	name := cfg.SchedulerName
	line := "  schedulerName: " + name + "\n"
	if name == "" {
		line = "  # schedulerName left out: defaulted to default-scheduler\n"
	}
	return `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: 500m, memory: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: batch
spec:
` + line + `  containers:
  - name: app
    image: example.com/batch/worker:1.0
    resources:
      requests: {cpu: "1", memory: 2Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: orphan
spec:
  schedulerName: ` + MissingScheduler + `
  containers:
  - name: app
    image: example.com/cuda/trainer:2.3
    resources:
      requests: {cpu: 250m, memory: 512Mi}`
}

// GetPods is kubectl get pods -o wide, trimmed to the columns that matter
// here (NAME, STATUS, NODE) plus SCHEDULER (custom-columns .spec.schedulerName),
// through kubectl get's tabwriter (kubectl.Table; staging/src/k8s.io/kubectl/
// pkg/cmd/get/customcolumn.go CustomColumnsPrinter.PrintObj uses
// printers.GetNewTabWriter). This engine used to write it with
// tabwriter (0, 8, 3, ' ', 0): the same bytes, since with ' ' padding the
// tabwidth is unused and minwidth 6 only widens a column whose cells are all
// under 3 characters, and every column here has a header of 4 or more.
func GetPods(pods []Pod) string {
	rows := [][]string{{"NAME", "STATUS", "NODE", "SCHEDULER"}}
	for _, p := range pods {
		if !p.Created {
			continue
		}
		node := p.Node
		if node == "" {
			node = "<none>"
		}
		rows = append(rows, []string{p.Name, p.Phase(), node, p.SchedulerName})
	}
	return kubectl.Table(rows)
}

// PodsColumns is the custom-columns spec GetPods prints.
const PodsColumns = "NAME:.metadata.name,STATUS:.status.phase,NODE:.spec.nodeName,SCHEDULER:.spec.schedulerName"

// EventsFor are the events of one pod, as kubectl describe pod lists them.
func EventsFor(events []Event, pod string) []Event {
	var out []Event
	for _, e := range events {
		if e.Object == "pod/"+pod {
			out = append(out, e)
		}
	}
	return out
}

// DescribeEvents prints a pod's events at second now like kubectl
// describe pod's Events section (staging/src/k8s.io/kubectl/pkg/describe/
// describe.go DescribeEvents: "Type\tReason\tAge\tFrom\tMessage" through
// tabbedString's tabwriter (0, 8, 2, ' ', 0), the rows at LEVEL_1, two
// spaces in; Age is translateTimestampSince, duration.HumanDuration of the
// event's age), or "Events:  <none>".
func DescribeEvents(events []Event, pod string, now int) string {
	es := EventsFor(events, pod)
	if len(es) == 0 {
		return "Events:  <none>"
	}
	rows := [][]string{{"  Type", "Reason", "Age", "From", "Message"}, {"  ----", "------", "----", "----", "-------"}}
	for _, e := range es {
		rows = append(rows, []string{"  " + e.Type, e.Reason, EventAge(e, now), e.From, e.Message})
	}
	return "Events:\n" + kubectl.DescribeTable(rows)
}

// EventAge is kubectl describe's Age of an event at second now:
// duration.HumanDuration of the time since it was recorded ("0s", "5s").
func EventAge(e Event, now int) string {
	return duration.HumanDuration(time.Duration(now-e.At) * time.Second)
}

// DescribeCycle prints a cycle as stable text.
func DescribeCycle(c *Cycle) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s schedules %s (NodeResourcesFit %s)\n", c.Scheduler, c.Pod, c.Strategy)
	for _, nf := range c.Plugins.Filter {
		if nf.Status == nil {
			fmt.Fprintf(&b, "  Filter %s: passes\n", nf.Node)
		} else {
			fmt.Fprintf(&b, "  Filter %s: %s rejects: %s\n", nf.Node, nf.Status.Plugin, nf.Status.Message())
		}
	}
	if c.FilterCall != nil {
		fmt.Fprintf(&b, "  %s %s\n  request body %s:\n%s\n  reply:\n%s\n", c.FilterCall.Method, c.FilterCall.URL, RequestAbridged, indent(c.FilterCall.Request, "    "), indent(c.FilterCall.Response, "    "))
		fmt.Fprintf(&b, "  after the extender: %s\n", list(c.AfterExtenders))
	}
	if c.PrioritizeCall != nil {
		fmt.Fprintf(&b, "  %s %s\n  reply:\n%s\n", c.PrioritizeCall.Method, c.PrioritizeCall.URL, indent(c.PrioritizeCall.Response, "    "))
	}
	if len(c.Scores) > 0 && (c.PrioritizeCall != nil || len(c.Feasible) > 1) {
		b.WriteString("  scores:\n")
		for _, s := range c.Scores {
			if c.PrioritizeCall != nil {
				fmt.Fprintf(&b, "    %s: plugins %d + extender %d×%d×%d=%d = %d\n", s.Node, s.Plugins, s.ExtenderRaw, c.Extender.Weight, MaxNodeScore/MaxExtenderPriority, s.Extender, s.Total)
			} else {
				fmt.Fprintf(&b, "    %s: plugins %d\n", s.Node, s.Total)
			}
		}
	}
	if c.Selected != "" {
		fmt.Fprintf(&b, "  selected: %s", c.Selected)
		if len(c.Tied) > 1 {
			fmt.Fprintf(&b, " (tied: %s; the higher Randomizer wins)", list(c.Tied))
		}
		b.WriteString("\n")
	} else {
		fmt.Fprintf(&b, "  unschedulable: %s\n", c.Message)
	}
	return b.String()
}

// DescribeCompare prints the strategy comparison.
func DescribeCompare(cmp *Compare) string {
	var b strings.Builder
	for _, c := range []struct {
		name string
		cy   *scheduler.Cycle
	}{{"LeastAllocated", cmp.Least}, {"MostAllocated", cmp.Most}} {
		fmt.Fprintf(&b, "%s: %s → %s\n", c.name, totals(c.cy), c.cy.Selected)
	}
	return b.String()
}

func totals(c *scheduler.Cycle) string {
	if len(c.Totals) == 0 {
		return "not scored"
	}
	var parts []string
	for _, t := range c.Totals {
		fit := int64(0)
		for _, ps := range c.Scores {
			if ps.Plugin == scheduler.NodeResourcesFit {
				for i, n := range c.Feasible {
					if n == t.Node {
						fit = ps.Weighted[i]
					}
				}
			}
		}
		parts = append(parts, fmt.Sprintf("%s %d (NodeResourcesFit %d)", t.Node, t.Total, fit))
	}
	return strings.Join(parts, ", ")
}

// Describe prints step i of the story as stable text.
func Describe(st *Story, i int) string {
	s := st.Steps[i]
	var b strings.Builder
	fmt.Fprintf(&b, "step %d (%s), by %s\n", i, s.Kind, s.Actor)
	if s.Command != "" {
		fmt.Fprintf(&b, "$ %s\n", s.Command)
		if s.Output != "" {
			fmt.Fprintf(&b, "%s\n", s.Output)
		}
	}
	for _, d := range s.Did {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	if s.Kind == "queues" {
		for _, q := range s.Queues {
			fmt.Fprintf(&b, "queue %s: %s\n", q.Scheduler, list(q.Pods))
		}
	}
	if s.Cycle != nil && (s.Kind == "bind" || s.Kind == "schedule" || s.Kind == "unschedulable") {
		b.WriteString(DescribeCycle(s.Cycle))
	}
	fmt.Fprintf(&b, "pods:\n%s\n", indent(GetPods(s.Pods), "  "))
	if len(s.Events) > 0 {
		b.WriteString("events:\n")
		for _, e := range s.Events {
			fmt.Fprintf(&b, "  %s %s %s from %s: %s\n", e.Object, e.Type, e.Reason, e.From, e.Message)
		}
	}
	return b.String()
}

func list(xs []string) string {
	if len(xs) == 0 {
		return "(none)"
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
