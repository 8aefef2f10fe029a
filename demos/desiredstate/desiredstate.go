package desiredstate

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/reconcile"
)

// DefaultDo is the story the page opens with: delete a pod, scale to 5,
// crash a container, scale to 2.
const DefaultDo = "delete:1,replicas:5,crash:2,replicas:2"

const seed = 1

// Definition is the desired-state demo.
var Definition = demos.Definition{
	Name:     "desired-state",
	Title:    "Desired state and the control loop",
	Summary:  "A ReplicaSet wants 3 pods. Delete one, crash a container or change replicas, and step through the controller's syncs: observe, diff, act.",
	Section:  "what-is-kubernetes",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "do", Help: "what you do, in order: delete:N or crash:N (the N-th pod of kubectl get pods), replicas:N; comma-separated", Default: DefaultDo},
		{Name: "scale", Help: "append replicas:N to do (the no-JavaScript form)", Default: ""},
		{Name: "step", Help: "the step shown", Default: "0"},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{do: DefaultDo}
	if v, ok := q["do"]; ok && len(v) > 0 {
		st.do = clipLen(strings.TrimSpace(v[0]))
	}
	if v := strings.TrimSpace(q.Get("scale")); v != "" {
		st.do = appendAction(st.do, "replicas:"+clipLen(v))
	}
	st.build() // a malformed action is state: the page shows it beside the list
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		last := len(st.frames) - 1
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", last, clip(v)))
		case n > last:
			problems = append(problems, fmt.Sprintf("This story has %d steps, so there is no step %d; showing the last.", last, n))
			st.step = last
		default:
			st.step = n
		}
	}
	return st, problems
}

func appendAction(do, a string) string {
	if do == "" {
		return a
	}
	return do + "," + a
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// clipLen bounds what a URL can make the state hold: at most 30 actions.
func clipLen(s string) string {
	if r := []rune(s); len(r) > 400 {
		s = string(r[:400])
	}
	if parts := strings.Split(s, ","); len(parts) > 30 {
		s = strings.Join(parts[:30], ",")
	}
	return strings.TrimSpace(s)
}

var _ = reconcile.MaxReplicas
