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

// Definition is the custom-schedulers demo.
var Definition = demos.Definition{
	Name:     "custom-schedulers",
	Title:    "Two schedulers and an extender",
	Summary:  "Pods pick their scheduler by spec.schedulerName: step through which kube-scheduler takes each pod, a pod nobody takes, MostAllocated against LeastAllocated, and a scheduler extender's filter and prioritize calls.",
	Section:  "custom-schedulers",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "schedulerName", Help: "spec.schedulerName of the pod batch (empty: the API server fills in default-scheduler)", Default: engine.MyScheduler},
		{Name: "strategy", Help: "my-scheduler's NodeResourcesFit scoringStrategy.type", Default: string(scheduler.MostAllocated), Values: []string{string(scheduler.MostAllocated), string(scheduler.LeastAllocated)}},
		{Name: "weight", Help: "extenders[0].weight in my-scheduler's configuration", Default: "1"},
		{Name: "reject", Help: "nodes the extender's filter rejects, comma-separated (empty: none)", Default: "node-1"},
		{Name: "step", Help: "the step shown", Default: "0"},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	cfg := engine.DefaultConfig()
	if vs, ok := q["schedulerName"]; ok && len(vs) > 0 {
		cfg.SchedulerName = strings.TrimSpace(vs[0])
		if len(cfg.SchedulerName) > 300 {
			problems = append(problems, "schedulerName is too long for this demo; showing my-scheduler.")
			cfg.SchedulerName = engine.MyScheduler
		}
	}
	if v := q.Get("strategy"); v != "" {
		switch scheduler.Scoring(v) {
		case scheduler.MostAllocated, scheduler.LeastAllocated:
			cfg.Strategy = scheduler.Scoring(v)
		default:
			problems = append(problems, fmt.Sprintf("strategy must be MostAllocated or LeastAllocated, not %q; showing MostAllocated.", clip(v)))
		}
	}
	if vs, ok := q["weight"]; ok && len(vs) > 0 {
		cfg.Weight = strings.TrimSpace(vs[0])
		if len(cfg.Weight) > 40 {
			problems = append(problems, "weight is too long for this demo; showing 1.")
			cfg.Weight = "1"
		}
	}
	if vs, ok := q["reject"]; ok {
		cfg.Reject = nil
		seen := map[string]bool{}
		for _, v := range vs {
			for _, n := range strings.Split(v, ",") {
				n = strings.TrimSpace(n)
				if n == "" || seen[n] {
					continue
				}
				seen[n] = true
				if !isNode(n) {
					problems = append(problems, fmt.Sprintf("reject names %q, which is not a node here (node-1, node-2, node-3); it is left out.", clip(n)))
					continue
				}
				cfg.Reject = append(cfg.Reject, n)
			}
		}
		cfg.Reject = sortNodes(cfg.Reject)
	}
	st := &State{cfg: cfg}
	st.build()
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		last := len(st.story.Steps) - 1
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", last, clip(v)))
		case n > last:
			problems = append(problems, fmt.Sprintf("This story has steps 0 to %d, so there is no step %d; showing the last.", last, n))
			st.step = last
		default:
			st.step = n
		}
	}
	return st, problems
}

func isNode(n string) bool {
	for _, x := range engine.Nodes {
		if x.Name == n {
			return true
		}
	}
	return false
}

// sortNodes orders node names as the cluster lists them.
func sortNodes(ns []string) []string {
	var out []string
	for _, x := range engine.Nodes {
		for _, n := range ns {
			if n == x.Name {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
