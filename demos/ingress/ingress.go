package ingress

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	engine "github.com/kubeviz/kubeviz/engine/ingress"
)

// MaxRequests bounds the example requests; MaxRequestsBytes their text.
const (
	MaxRequests      = 20
	MaxRequestsBytes = MaxRequests * (engine.MaxRequestLen + 1)
)

// Definition is the Ingress demo.
var Definition = demos.Definition{
	Name:     "ingress",
	Title:    "Ingress: which rule answers a request",
	Summary:  "Send requests by host and path to the outline's Ingress and see which rule and backend match by the Ingress API, which TLS Secret terminates them, and what ingress-nginx does instead.",
	Section:  "ingress",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "preset", Help: "the Ingress to start from", Default: presets[0].Name, Values: []string{presets[0].Name, presets[1].Name}},
		{Name: "yaml", Help: "the Ingress as YAML, when edited (at most 16 KiB)", Default: ""},
		{Name: "req", Help: "the example requests, one URL a line (at most 20)", Default: ""},
		{Name: "step", Help: "how many of the requests have been sent", Default: "0"},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) {
	return open(q)
}

func open(q url.Values) (*State, []string) {
	var problems []string
	p := &presets[0]
	if v, ok := param(q, "preset"); ok {
		if pp := presetByName(v); pp != nil {
			p = pp
		} else {
			problems = append(problems, fmt.Sprintf("preset must be %s or %s, not %q; showing the outline's Ingress.", presets[0].Name, presets[1].Name, clip(v)))
		}
	}
	st := &State{preset: p.Name, text: p.YAML, reqText: p.Requests}
	if v, ok := param(q, "yaml"); ok {
		v = normalizeNewlines(v)
		if msg := yamlProblem(v); msg != "" {
			problems = append(problems, msg+" Showing the preset's Ingress.")
		} else {
			st.text = v
		}
	}
	if v, ok := param(q, "req"); ok {
		v = normalizeNewlines(v)
		if msg := reqProblem(v); msg != "" {
			problems = append(problems, msg+" Showing the preset's requests.")
		} else {
			st.reqText = v
		}
	}
	st.build()
	if v, ok := param(q, "step"); ok {
		_, total := st.Progress()
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > total {
			problems = append(problems, fmt.Sprintf("step must be a number from 0 to %d, not %q; showing step 0.", total, clip(v)))
		} else {
			st.step = n
		}
	}
	return st, problems
}

func yamlProblem(v string) string {
	if len(v) > MaxYAMLBytes {
		return fmt.Sprintf("The Ingress is %d bytes; this demo takes at most %d.", len(v), MaxYAMLBytes)
	}
	return ""
}

func reqProblem(v string) string {
	if len(v) > MaxRequestsBytes {
		return fmt.Sprintf("The requests are %d bytes; this demo takes at most %d.", len(v), MaxRequestsBytes)
	}
	return ""
}

func param(q url.Values, k string) (string, bool) {
	vs, ok := q[k]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}

// normalizeNewlines makes a textarea's CRLF line breaks plain ones, so the
// URL state does not depend on the browser.
func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
