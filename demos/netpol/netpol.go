package netpol

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/netpol"
)

// Definition is the network-policies demo.
var Definition = demos.Definition{
	Name:     "network-policies",
	Title:    "Network policies",
	Summary:  "Apply NetworkPolicies to pods in labelled namespaces and see, as a matrix and one request at a time, which connections are allowed and which policy and rule allows each one.",
	Section:  "network-policies",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "scenario", Help: "the story: its starting policies and its requests", Default: scenarios[0].Name, Values: scenarioNames()},
		{Name: "apply", Help: "the policies applied, comma-separated (empty: none); the default is the scenario's", Default: ""},
		{Name: "edit", Help: "the policy shown in the editor", Default: ""},
		{Name: "yaml.NAME", Help: "the YAML of policy NAME as edited (e.g. yaml.api-policy)", Default: ""},
		{Name: "cell", Help: "a matrix cell to explain: source,target (e.g. grafana,api:9090/TCP)", Default: ""},
		{Name: "step", Help: "the request shown: 0 is before the first", Default: "0"},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) {
	return open(q)
}

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{sc: &scenarios[0], texts: map[string]string{}}
	if v, ok := param(q, "scenario"); ok {
		if sc := findScenario(v); sc != nil {
			st.sc = sc
		} else {
			problems = append(problems, fmt.Sprintf("scenario must be one of %s, not %q; showing %s.", strings.Join(scenarioNames(), ", "), clip(v), scenarios[0].Name))
		}
	}
	st.applied = slices.Clone(st.sc.Apply)
	if v, ok := param(q, "apply"); ok {
		st.applied = nil
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if !slices.Contains(netpol.PresetNames, name) {
				problems = append(problems, fmt.Sprintf("There is no policy %q to apply (the policies are %s); it is left out.", clip(name), strings.Join(netpol.PresetNames, ", ")))
				continue
			}
			if !slices.Contains(st.applied, name) {
				st.applied = append(st.applied, name)
			}
		}
	}
	st.sortApplied()
	for _, name := range netpol.PresetNames {
		if v, ok := param(q, "yaml."+name); ok && v != presetYAML[name] {
			st.texts[name] = v
		}
	}
	st.edit = st.defaultEdit()
	if v, ok := param(q, "edit"); ok {
		if slices.Contains(netpol.PresetNames, v) {
			st.edit = v
		} else {
			problems = append(problems, fmt.Sprintf("edit must name one of the policies (%s), not %q; showing %s.", strings.Join(netpol.PresetNames, ", "), clip(v), st.edit))
		}
	}
	st.rebuild()
	if v, ok := param(q, "cell"); ok && v != "" {
		if st.cellIndex(v) == nil {
			problems = append(problems, fmt.Sprintf("cell must be a source pod and a target of the matrix, like grafana,api:9090/TCP, not %q; no cell is selected.", clip(v)))
		} else {
			st.cell = v
		}
	}
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
