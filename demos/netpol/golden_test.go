package netpol

// Golden replays of the demo's scenarios: each one is a URL and a list of
// actions; the narration after every action and the text view at the end
// are written to testdata/network-policies.golden. What they say follows
// the NetworkPolicy API's documented semantics
// (staging/src/k8s.io/api/networking/v1/types.go), kubernetes-sigs/
// kube-network-policies pkg/pipeline/networkpolicy.go, and the API server's
// defaulting and validation (pkg/apis/networking/v1/defaults.go,
// pkg/apis/networking/validation/validation.go). Regenerate with
// go test ./demos/netpol/ -update and review the diff.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"

	"github.com/kubeviz/kubeviz/demos"
)

type replay struct {
	name    string
	query   string
	actions []demos.Action
}

func steps(n int) []demos.Action {
	var out []demos.Action
	for range n {
		out = append(out, demos.Action{Kind: "step"})
	}
	return out
}

func toggle(name string) demos.Action { return demos.Action{Kind: "toggle", Value: name} }

var replays = []replay{
	{"the outline's api-policy, every request", "", steps(9)},
	{"default allow: no policy", "scenario=default-allow", steps(4)},
	{"zero trust: default deny, then allow", "scenario=zero-trust", steps(6)},
	{"zero trust without frontend-egress", "scenario=zero-trust", append([]demos.Action{toggle("frontend-egress")}, steps(2)...)},
	{"one from entry (AND), then two (OR)", "scenario=and-or", append(append(steps(4), toggle("metrics-and"), toggle("metrics-or"), demos.Action{Kind: "reset"}), steps(4)...)},
	{"DNS over TCP: edit api-policy to allow it", "", append(steps(6), demos.Action{Kind: "edit", Key: "api-policy", Value: strings.Replace(presetYAML["api-policy"], "    - protocol: UDP\n      port: 53\n", "    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n", 1)})},
	{"an invalid edit is refused with the API server's message", "", []demos.Action{{Kind: "edit", Key: "api-policy", Value: strings.Replace(presetYAML["api-policy"], "port: 8080", "port: 80800", 1)}, {Kind: "step"}}},
	{"a matrix cell explained", "scenario=and-or", []demos.Action{{Kind: "set", Key: "cell", Value: "grafana,api:9090/TCP"}, toggle("metrics-and"), toggle("metrics-or")}},
}

func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, rp := range replays {
		q, _ := url.ParseQuery(rp.query)
		st, probs := open(q)
		if len(probs) > 0 {
			t.Fatalf("%s: %v", rp.name, probs)
		}
		fmt.Fprintf(&b, "=== %s (?%s)\n", rp.name, rp.query)
		fmt.Fprintf(&b, "0. %s\n", st.Narration())
		for i, a := range rp.actions {
			if err := st.Apply(a); err != nil {
				t.Fatalf("%s: action %d %+v: %v", rp.name, i+1, a, err)
			}
			what := a.Kind
			if a.Kind == "toggle" || a.Kind == "set" {
				what += " " + a.Key + a.Value
			}
			fmt.Fprintf(&b, "%d. %s: %s\n", i+1, what, st.Narration())
		}
		again, probs := open(st.Query())
		if len(probs) > 0 || again.Text() != st.Text() {
			t.Fatalf("%s: the URL does not reproduce the state (%v)", rp.name, probs)
		}
		fmt.Fprintf(&b, "--- query: %s\n%s\n", st.Query().Encode(), st.Text())
	}
	path := "testdata/network-policies.golden"
	golden.Check(t, path, b.String())
}
