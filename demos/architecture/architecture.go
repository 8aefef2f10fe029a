package architecture

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/archtrace"
)

const (
	defaultScenario = string(archtrace.ScenarioPod)
	defaultFault    = "none"
	defaultSeed     = "1"
)

var faultValues = []string{"none", "etcd", "scheduler", "kubelet", "webhook"}

// Definition is the architecture demo.
var Definition = demos.Definition{
	Name:     "architecture",
	Title:    "From kubectl to a running container",
	Summary:  "Follow kubectl apply through the API server's handler chain and admission, the etcd write and its Raft round, the watch events, the scheduler's Binding and the kubelet's CRI calls, message by message; then break etcd, the scheduler, a kubelet or admission and see what changes.",
	Section:  "control-plane",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "scenario", Help: "pod: kubectl apply -f web-server.yaml; deployment: kubectl create deployment web --image=nginx:1.25 --replicas=3", Default: defaultScenario, Values: []string{"pod", "deployment"}},
		{Name: "fault", Help: "what is broken before the command runs", Default: defaultFault, Values: faultValues},
		{Name: "seed", Help: "seeds generated names and the scheduler's tie-break (a whole number)", Default: defaultSeed},
		{Name: "step", Help: "the message shown (0: before the command)", Default: "0"},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{scenario: defaultScenario, fault: defaultFault, seed: defaultSeed}
	if v := strings.TrimSpace(q.Get("scenario")); v != "" {
		if v == "pod" || v == "deployment" {
			st.scenario = v
		} else {
			problems = append(problems, fmt.Sprintf("scenario must be pod or deployment, not %q; showing pod.", clip(v)))
		}
	}
	if v := strings.TrimSpace(q.Get("fault")); v != "" {
		if validFault(v) {
			st.fault = v
		} else {
			problems = append(problems, fmt.Sprintf("fault must be one of %s, not %q; showing none.", strings.Join(faultValues, ", "), clip(v)))
		}
	}
	if v, ok := q["seed"]; ok && len(v) > 0 {
		st.seed = clip(strings.TrimSpace(v[0]))
	}
	st.build()
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", len(st.tr.Steps), clip(v)))
		case n > len(st.tr.Steps):
			problems = append(problems, fmt.Sprintf("This trace has %d steps, so there is no step %d; showing the last.", len(st.tr.Steps), n))
			st.step = len(st.tr.Steps)
		default:
			st.step = n
		}
	}
	return st, problems
}

func validFault(v string) bool {
	for _, f := range faultValues {
		if f == v {
			return true
		}
	}
	return false
}

// parseSeed reads the seed; a bad one is the learner's input, shown beside
// its control, and the trace uses the default.
func parseSeed(s string) (uint64, string) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 1, fmt.Sprintf("seed must be a whole number from 0 to 4294967295, not %q; using 1.", s)
	}
	return n, ""
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
