package preemption

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/disruption"
)

// The three stories.
const (
	StoryClasses    = "priorityclasses"
	StoryPreemption = "preemption"
	StoryDrain      = "drain"
)

// settings are the learner's inputs, as typed: invalid ones stay as typed
// and are shown beside their control.
type settings struct {
	Story    string
	Class    string
	ClassVal string // checkout-critical's value
	CPU      string
	Reports  string // PodDisruptionBudget over the report pods: none, 3 or 4 (minAvailable)
	Grace    string
	PreStop  string
	SIGTERM  string
	Budget   string
	Value    string
	Replicas string
}

var defaults = settings{Story: StoryPreemption, Class: "checkout-critical", ClassVal: "100000", CPU: "1000m", Reports: "none", Grace: "30", PreStop: "5", SIGTERM: "ignore",
	Budget: "maxUnavailable", Value: "1", Replicas: "4"}

// params lists the query parameters in order, with their field.
var params = []struct {
	name string
	get  func(*settings) *string
}{
	{"story", func(s *settings) *string { return &s.Story }},
	{"class", func(s *settings) *string { return &s.Class }},
	{"classValue", func(s *settings) *string { return &s.ClassVal }},
	{"cpu", func(s *settings) *string { return &s.CPU }},
	{"reportsPDB", func(s *settings) *string { return &s.Reports }},
	{"grace", func(s *settings) *string { return &s.Grace }},
	{"preStop", func(s *settings) *string { return &s.PreStop }},
	{"sigterm", func(s *settings) *string { return &s.SIGTERM }},
	{"budget", func(s *settings) *string { return &s.Budget }},
	{"value", func(s *settings) *string { return &s.Value }},
	{"replicas", func(s *settings) *string { return &s.Replicas }},
}

// enums are the parameters with a fixed set of values.
var enums = map[string][]string{
	"story":      {StoryClasses, StoryPreemption, StoryDrain},
	"sigterm":    {"ignore", "exit"},
	"reportsPDB": {"none", "3", "4"},
	"budget":     {"maxUnavailable", "minAvailable"},
}

// Definition is the priority-preemption demo.
var Definition = demos.Definition{
	Name:     "priority-preemption",
	Title:    "Priority, preemption and disruption budgets",
	Summary:  "Pick a pod's PriorityClass and watch admission set its priority, the scheduler preempt lower-priority pods that then terminate gracefully second by second, and kubectl drain evict pods only as fast as a PodDisruptionBudget allows.",
	Section:  "priority-preemption",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "story", Help: "which timeline: PriorityClasses and admission, preemption, or kubectl drain with a PodDisruptionBudget", Default: defaults.Story, Values: enums["story"]},
		{Name: "class", Help: "spec.priorityClassName of the new pod checkout (empty: none)", Default: defaults.Class},
		{Name: "classValue", Help: "the value of PriorityClass checkout-critical (user classes go up to 1000000000)", Default: defaults.ClassVal},
		{Name: "cpu", Help: "checkout's cpu request, a quantity", Default: defaults.CPU},
		{Name: "reportsPDB", Help: "a PodDisruptionBudget over the four report pods in the preemption story: none, or minAvailable 3 or 4", Default: defaults.Reports, Values: enums["reportsPDB"]},
		{Name: "grace", Help: "terminationGracePeriodSeconds of the pods that get evicted", Default: defaults.Grace},
		{Name: "preStop", Help: "seconds their preStop hook sleeps (0: no hook)", Default: defaults.PreStop},
		{Name: "sigterm", Help: "what their process does on SIGTERM: ignore it (SIGKILL ends it) or exit 1 s later", Default: defaults.SIGTERM, Values: enums["sigterm"]},
		{Name: "budget", Help: "the PodDisruptionBudget's field", Default: defaults.Budget, Values: enums["budget"]},
		{Name: "value", Help: "the budget's value: an integer or a percentage", Default: defaults.Value},
		{Name: "replicas", Help: "replicas of Deployment checkout in the drain story (1 to 9)", Default: defaults.Replicas},
		{Name: "step", Help: "the step shown", Default: "0"},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{in: defaults}
	for _, p := range params {
		vs, ok := q[p.name]
		if !ok || len(vs) == 0 {
			continue
		}
		v := vs[0]
		if len(v) > 200 {
			problems = append(problems, fmt.Sprintf("%s is too long for this demo; showing %q.", p.name, *p.get(&defaults)))
			continue
		}
		if allowed, ok := enums[p.name]; ok && !contains(allowed, v) {
			problems = append(problems, fmt.Sprintf("%s must be one of %s, not %q; showing %s.", p.name, strings.Join(allowed, ", "), clip(v), *p.get(&defaults)))
			continue
		}
		*p.get(&st.in) = v
	}
	st.build()
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		last := st.last()
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", last, clip(v)))
		case n > last:
			problems = append(problems, fmt.Sprintf("This timeline has %d steps, so there is no step %d; showing the last.", last, n))
			st.step = last
		default:
			st.step = n
		}
	}
	return st, problems
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// seconds reads a whole number of seconds from 0 to 300 for a pod field
// (pkg/apis/core/validation: ValidateNonnegativeField's message for a
// negative one).
func seconds(path, s string) (int, string) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	switch {
	case err != nil:
		return 0, fmt.Sprintf("%s must be a whole number of seconds, not %q.", path, clip(s))
	case n < 0:
		return 0, fmt.Sprintf("%s: Invalid value: %d: must be greater than or equal to 0", path, n)
	case n > 300:
		return 0, fmt.Sprintf("This demo follows at most 300 seconds; %s %d is more.", path, n)
	}
	return n, ""
}

// cpuError is what kubectl apply says about checkout's cpu request: a value
// that does not parse fails decoding on the API server (resource.ParseQuantity's
// ErrFormatWrong), a negative one fails validation.
func cpuError(s string) string {
	q, err := resource.ParseQuantity(strings.TrimSpace(s))
	if err != nil {
		return `Error from server (BadRequest): error when creating "checkout.yaml": Pod in version "v1" cannot be handled as a Pod: ` + err.Error()
	}
	if q.Sign() < 0 {
		return fmt.Sprintf(`The Pod "checkout" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: %q: must be greater than or equal to 0`, q.String())
	}
	return ""
}

// classValue reads checkout-critical's value as the API server validates a
// PriorityClass (pkg/apis/scheduling/validation ValidatePriorityClass: a
// user class may not exceed HighestUserDefinablePriority).
func classValue(s string) (int32, string) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, fmt.Sprintf("value is an int32: a whole number from -2147483648 to 1000000000, not %q.", clip(s))
	}
	if int32(n) > disruption.HighestUserDefinablePriority {
		e := field.Forbidden(field.NewPath("value"), fmt.Sprintf("maximum allowed value of a user defined priority is %v", disruption.HighestUserDefinablePriority))
		return 0, `The PriorityClass "checkout-critical" is invalid: ` + e.Error()
	}
	return int32(n), ""
}
