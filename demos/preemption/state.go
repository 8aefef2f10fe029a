package preemption

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/disruption"
	"github.com/kubeviz/kubeviz/internal/kyaml"
)

// State is the learner's settings and the step shown; the timeline is
// simulated from the settings.
type State struct {
	in   settings
	step int

	errs    map[string]string // parameter → message shown beside its control
	classes []disruption.PriorityClass
	tl      *disruption.Timeline
	adm     *disruption.Admission
	queue   []disruption.QueuedPod
	budget  disruption.Budget
	life    disruption.Lifecycle
}

// The pods already waiting in the scheduling queue in the PriorityClasses
// story, seconds before checkout arrives.
var waiting = []struct {
	name, class string
	at          int
}{{"report-5", "batch-low", -20}, {"web-4", "standard", -10}}

func (st *State) build() {
	st.errs = map[string]string{}
	classes := disruption.StoryClasses()
	if v, e := classValue(st.in.ClassVal); e != "" {
		// The class was never created: admission will not find it.
		st.errs["classValue"] = e
		var keep []disruption.PriorityClass
		for _, c := range classes {
			if c.Name != "checkout-critical" {
				keep = append(keep, c)
			}
		}
		classes = keep
	} else {
		for i := range classes {
			if classes[i].Name == "checkout-critical" {
				classes[i].Value = v
			}
		}
	}
	st.classes = classes
	grace, e := seconds("spec.terminationGracePeriodSeconds", st.in.Grace)
	if e != "" {
		st.errs["grace"], grace = e, 30
	}
	pre, e := seconds("preStop sleep", st.in.PreStop)
	if e != "" {
		st.errs["preStop"], pre = e, 5
	}
	st.life = disruption.Lifecycle{Grace: grace, PreStop: pre, IgnoreSIGTERM: st.in.SIGTERM == "ignore", ExitAfter: 1}
	if e := cpuError(st.in.CPU); e != "" {
		st.errs["cpu"] = e
	}
	replicas, err := strconv.Atoi(strings.TrimSpace(st.in.Replicas))
	if err != nil || replicas < 1 || replicas > 9 {
		st.errs["replicas"] = fmt.Sprintf("This demo runs 1 to 9 replicas, not %q; showing 4.", clip(st.in.Replicas))
		replicas = 4
	}
	b, errs := disruption.ParseBudget("checkout", st.in.Budget, st.in.Value)
	st.budget = b
	if len(errs) > 0 {
		st.errs["value"] = strings.Join(errs, "; ")
	}
	if len(st.in.Class) > 253 {
		st.errs["class"] = "A PriorityClass name has at most 253 characters."
	}

	adm := disruption.Admit(classes, disruption.PreemptorName, st.in.Class)
	st.adm = &adm
	switch st.in.Story {
	case StoryClasses:
		st.tl = st.classesTimeline(classes, adm)
	case StoryPreemption:
		if e := st.errs["cpu"]; e != "" {
			st.tl = errorTimeline("kubectl apply -f checkout.yaml", e, "The API server refuses the pod before admission: its cpu request is not a valid quantity. Nothing is created.")
			break
		}
		reports, _ := strconv.Atoi(st.in.Reports) // "none" is 0: no budget
		tl, _, err := disruption.RunPreemption(disruption.PreemptConfig{Classes: classes, Class: st.in.Class, CPU: strings.TrimSpace(st.in.CPU), Life: st.life, Seed: 1, ReportsMinAvailable: reports})
		if err != nil {
			st.tl = errorTimeline("kubectl apply -f checkout.yaml", err.Error(), "The pod could not be created.")
			break
		}
		st.tl = tl
	case StoryDrain:
		if e := st.errs["value"]; e != "" {
			st.tl = errorTimeline("kubectl apply -f pdb.yaml", `The PodDisruptionBudget "checkout" is invalid: `+e, "The API server's validation refuses the budget, so there is nothing to drain against yet: fix the value.")
			break
		}
		st.tl = disruption.RunDrain(disruption.DrainConfig{Replicas: replicas, Budget: b, Life: st.life, Seed: 1})
	}
	if st.step > st.last() {
		st.step = st.last()
	}
}

// errorTimeline is a one-step story: a command that fails.
func errorTimeline(cmd, msg, did string) *disruption.Timeline {
	return &disruption.Timeline{Frames: []disruption.Frame{{Actor: "you", Command: cmd, Did: []string{did},
		Output: []disruption.Line{{Text: msg, Stderr: true}}, Done: true}}}
}

// classesTimeline: the classes, what admission does to checkout, and the
// queue order (PrioritySort).
func (st *State) classesTimeline(classes []disruption.PriorityClass, adm disruption.Admission) *disruption.Timeline {
	tl := &disruption.Timeline{}
	names := []string{}
	for _, c := range classes {
		names = append(names, fmt.Sprintf("%s (%d)", c.Name, c.Value))
	}
	tl.Frames = append(tl.Frames, disruption.Frame{Actor: "you", Command: "kubectl get priorityclasses",
		Did: []string{"The cluster has " + strings.Join(names, ", ") + ". The two system- classes come with every cluster; standard is the globalDefault."}})
	f := disruption.Frame{Actor: "you", Command: "kubectl apply -f checkout.yaml"}
	if adm.Rejected {
		f.Output = []disruption.Line{{Text: `Error from server (Forbidden): error when creating "checkout.yaml": ` + adm.Error, Stderr: true}}
		f.Did = []string{"The Priority admission plugin rejects the pod: no PriorityClass has that name. Nothing is created.", "Pick an existing class, or leave the field empty to get the globalDefault."}
		f.Done = true
		tl.Frames = append(tl.Frames, f)
		st.queue = nil
		return tl
	}
	f.Output = []disruption.Line{{Text: "pod/checkout created"}}
	f.Did = []string{fmt.Sprintf("Admission (the Priority plugin): %s. It writes spec.priorityClassName: %s, spec.priority: %d, spec.preemptionPolicy: %s.", adm.Why, none(adm.ClassName), adm.Priority, adm.PreemptionPolicy)}
	tl.Frames = append(tl.Frames, f)

	byName := map[string]int32{}
	for _, c := range classes {
		byName[c.Name] = c.Value
	}
	q := []disruption.QueuedPod{{Name: disruption.PreemptorName, Priority: adm.Priority, Created: 0}}
	for _, w := range waiting {
		q = append(q, disruption.QueuedPod{Name: w.name, Priority: byName[w.class], Created: w.at})
	}
	st.queue = disruption.QueueOrder(q)
	var order []string
	for _, p := range st.queue {
		order = append(order, fmt.Sprintf("%s (%d)", p.Name, p.Priority))
	}
	tl.Frames = append(tl.Frames, disruption.Frame{Actor: "kube-scheduler", Did: []string{"The scheduling queue (activeQ) is ordered by the PrioritySort plugin: higher priority first, then the pod that has waited longer. Next out: " + strings.Join(order, ", then ") + "."}, Done: true})
	return tl
}

func none(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}

func (st *State) last() int             { return len(st.tl.Frames) - 1 }
func (st *State) cur() disruption.Frame { return st.tl.Frames[st.step] }

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	last := st.last()
	if ok, err := demos.Move(&st.step, last, a, ""); ok {
		return err
	}
	switch a.Kind {
	case "set":
		for _, p := range params {
			if p.name != a.Key {
				continue
			}
			if len(a.Value) > 200 {
				return fmt.Errorf("That value is too long.")
			}
			if allowed, ok := enums[p.name]; ok && !contains(allowed, a.Value) {
				return fmt.Errorf("%s cannot be %q.", p.name, clip(a.Value))
			}
			// A new setting is a new timeline: it starts at step 0.
			st.step = 0
			*p.get(&st.in) = a.Value
			st.build()
			return nil
		}
		return fmt.Errorf("There is no setting %q.", a.Key)
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	for _, p := range params {
		if v := *p.get(&st.in); v != *p.get(&defaults) {
			q.Set(p.name, v)
		}
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, st.last() }

// Narration implements demos.State.
func (st *State) Narration() string {
	f := st.cur()
	what := ""
	if len(f.Did) > 0 {
		what = f.Did[0]
	}
	if f.Command != "" {
		what = "$ " + f.Command + ". " + what
	}
	s := fmt.Sprintf("Step %d of %d", st.step, st.last())
	if st.in.Story != StoryClasses {
		s += fmt.Sprintf(", %d s", f.T)
	}
	s += ", " + f.Actor + ": " + what
	if p := f.Pod(disruption.PreemptorName); p != nil && st.in.Story == StoryPreemption {
		s += fmt.Sprintf(" checkout is %s.", p.Phase(f.T))
	}
	if f.PDB != nil {
		s += fmt.Sprintf(" The budget allows %d disruption(s).", f.PDB.DisruptionsAllowed)
	}
	return s
}

var storyTitles = map[string]string{
	StoryClasses:    "PriorityClasses and admission",
	StoryPreemption: "Preemption, second by second",
	StoryDrain:      "kubectl drain and a PodDisruptionBudget",
}

// Text implements demos.State.
func (st *State) Text() string {
	f := st.cur()
	var b strings.Builder
	fmt.Fprintf(&b, "%s: step %d of %d", storyTitles[st.in.Story], st.step, st.last())
	if st.in.Story != StoryClasses {
		fmt.Fprintf(&b, ", %d s", f.T)
	}
	b.WriteString(" (Kubernetes v1.37)\n")
	switch st.in.Story {
	case StoryClasses:
		fmt.Fprintf(&b, "Settings: priorityClassName=%q checkout-critical value=%s\n", st.in.Class, st.in.ClassVal)
	case StoryPreemption:
		fmt.Fprintf(&b, "Settings: priorityClassName=%q checkout-critical value=%s cpu=%s reportsPDB=%s terminationGracePeriodSeconds=%s preStop=%s sigterm=%s\n", st.in.Class, st.in.ClassVal, st.in.CPU, st.in.Reports, st.in.Grace, st.in.PreStop, st.in.SIGTERM)
	case StoryDrain:
		fmt.Fprintf(&b, "Settings: %s=%s replicas=%s terminationGracePeriodSeconds=%s preStop=%s sigterm=%s\n", st.in.Budget, st.in.Value, st.in.Replicas, st.in.Grace, st.in.PreStop, st.in.SIGTERM)
	}
	keys := make([]string, 0, len(st.errs))
	for k := range st.errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if st.relevant(k) {
			fmt.Fprintf(&b, "Invalid %s: %s\n", k, st.errs[k])
		}
	}
	fmt.Fprintf(&b, "\nWhat happened (%s):\n", f.Actor)
	if f.Command != "" {
		fmt.Fprintf(&b, "  $ %s\n", f.Command)
	}
	for _, d := range f.Did {
		fmt.Fprintf(&b, "  %s\n", d)
	}
	if len(f.Output) > 0 {
		fmt.Fprintf(&b, "\n$ %s\n", st.termCommand())
		for _, l := range f.Output {
			if st.in.Story == StoryDrain {
				fmt.Fprintf(&b, "[%3ds] %s\n", l.At, l.Text)
			} else {
				fmt.Fprintf(&b, "%s\n", l.Text)
			}
		}
	}
	switch st.in.Story {
	case StoryClasses:
		fmt.Fprintf(&b, "\n$ kubectl get priorityclasses\n%s\n", disruption.GetPriorityClasses(st.classes))
		if st.step >= 1 && !st.adm.Rejected {
			fmt.Fprintf(&b, "\n$ kubectl get pod checkout -o yaml (spec, after admission)\n%s", podSpecYAML(st.adm))
		}
		if st.step >= 2 {
			b.WriteString("\nScheduling queue, first out first:\n")
			for i, p := range st.queue {
				fmt.Fprintf(&b, "  %d. %s priority %d\n", i+1, p.Name, p.Priority)
			}
		}
		return b.String()
	}
	if len(st.tl.Nodes) == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "\nNodes:\n")
	for _, n := range nodeCards(st.tl, f) {
		fmt.Fprintf(&b, "  %s (%s)%s: %s\n", n.Name, n.CPU, n.Note, n.Text)
	}
	if c := f.Cycle; c != nil && c.PostFilter != nil {
		b.WriteString("\nDefaultPreemption (PostFilter):\n")
		for _, l := range cycleLines(c, f.Tied) {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	fmt.Fprintf(&b, "\n$ kubectl get pods -o wide\n%s\n", disruption.GetPodsWide(f.Pods, f.T))
	for _, p := range disrupted(f) {
		fmt.Fprintf(&b, "\n$ kubectl get pod %s -o yaml (the fields deletion changed)\n%s", p.Name, podExcerpt(p, f.T))
	}
	if f.PDB != nil {
		fmt.Fprintf(&b, "\n$ kubectl get pdb checkout\n%s\n", disruption.GetPDB(st.budget, *f.PDB, f.T-st.tl.PDBCreated))
		fmt.Fprintf(&b, "status: expectedPods %d, currentHealthy %d, desiredHealthy %d, disruptionsAllowed %d (%s)\n", f.PDB.ExpectedPods, f.PDB.CurrentHealthy, f.PDB.DesiredHealthy, f.PDB.DisruptionsAllowed, f.PDB.Reason)
		fmt.Fprintf(&b, "%s\n", f.PDB.Why)
	}
	fmt.Fprintf(&b, "\n$ kubectl get events --sort-by=.lastTimestamp\n%s\n", disruption.GetEvents(f.Events, f.T))
	return b.String()
}

// termCommand is the command whose output the terminal shows: the last
// one typed up to this step.
func (st *State) termCommand() string {
	for i := st.step; i >= 0; i-- {
		if c := st.tl.Frames[i].Command; c != "" {
			return c
		}
	}
	return ""
}

// relevant reports whether a setting matters to the current story.
func (st *State) relevant(key string) bool {
	switch st.in.Story {
	case StoryClasses:
		return key == "class" || key == "classValue"
	case StoryPreemption:
		return key == "class" || key == "classValue" || key == "cpu" || key == "grace" || key == "preStop"
	}
	return key == "budget" || key == "value" || key == "replicas" || key == "grace" || key == "preStop"
}

// podSpecYAML is the part of the pod's spec admission wrote, printed as
// kubectl get -o yaml prints it: the object through sigs.k8s.io/yaml
// (json.Marshal, then JSONToYAML), so the keys come sorted —
// preemptionPolicy, priority, priorityClassName
// (staging/src/k8s.io/cli-runtime/pkg/printers/yaml.go YAMLPrinter.PrintObj).
func podSpecYAML(a *disruption.Admission) string {
	spec := map[string]any{"priority": a.Priority, "preemptionPolicy": a.PreemptionPolicy}
	if a.ClassName != "" {
		spec["priorityClassName"] = a.ClassName
	}
	out, err := kyaml.Marshal(map[string]any{"spec": spec})
	if err != nil {
		return fmt.Sprint(err)
	}
	return string(out)
}
