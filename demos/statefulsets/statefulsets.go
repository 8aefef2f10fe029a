// Package statefulsets is the statefulsets demo: a StatefulSet web with
// replicas 3, the headless Service nginx and a claim template data, stepped
// sync by sync (engine/statefulset). The learner can scale it, delete a
// pod or fail a node at any step.
package statefulsets

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/statefulset"
)

const (
	// MaxReplicas is how many pods the picture draws.
	MaxReplicas = 5
	// MaxSteps bounds a timeline.
	MaxSteps = 300
	// MaxOps bounds the learner's actions in one URL.
	MaxOps = 20
)

// Definition is the statefulsets demo.
var Definition = demos.Definition{
	Name:     "statefulsets",
	Title:    "A StatefulSet, pod by pod",
	Summary:  "Step through the StatefulSet controller creating web-0, web-1, web-2 in order (or in parallel), each with its own PersistentVolumeClaim and DNS name; scale it, delete a pod or fail a node and see the same name and claim come back.",
	Section:  "daemonsets-statefulsets",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "replicas", Help: "spec.replicas when the StatefulSet is created (0–5)", Default: "3"},
		{Name: "policy", Help: "spec.podManagementPolicy", Default: string(statefulset.OrderedReady), Values: []string{string(statefulset.OrderedReady), string(statefulset.Parallel)}},
		{Name: "ops", Help: "what you did and at which step: 10:scale:1,14:delete:web-0,18:fail:node-2,20:remove:node-2", Default: ""},
		{Name: "step", Help: "the step shown", Default: "0"},
	},
	Open: Open,
}

// op is one thing the learner did: at step At, Kind (scale, delete, fail,
// remove) with Arg.
type op struct {
	At   int
	Kind string
	Arg  string
}

func (o op) String() string { return fmt.Sprintf("%d:%s:%s", o.At, o.Kind, o.Arg) }

func parseOps(s string) ([]op, error) {
	var ops []op
	if s == "" {
		return nil, nil
	}
	for _, part := range strings.Split(s, ",") {
		at, rest, ok := strings.Cut(part, ":")
		kind, arg, ok2 := strings.Cut(rest, ":")
		n, err := strconv.Atoi(at)
		if !ok || !ok2 || err != nil || n < 1 {
			return nil, fmt.Errorf("ops: %q is not step:action:value, such as 10:scale:1", clip(part))
		}
		switch kind {
		case "scale", "delete", "fail", "remove":
		default:
			return nil, fmt.Errorf("ops: %q is not an action: use scale, delete, fail or remove", clip(kind))
		}
		if len(ops) > 0 && n <= ops[len(ops)-1].At {
			return nil, fmt.Errorf("ops: the steps must increase, but %d follows %d", n, ops[len(ops)-1].At)
		}
		ops = append(ops, op{At: n, Kind: kind, Arg: arg})
	}
	if len(ops) > MaxOps {
		return nil, fmt.Errorf("ops: at most %d actions", MaxOps)
	}
	return ops, nil
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{replicasRaw: "3", policy: statefulset.OrderedReady}
	if v, ok := q["replicas"]; ok && len(v) > 0 {
		st.replicasRaw = strings.TrimSpace(v[0])
	}
	if v := q.Get("policy"); v != "" {
		if v != string(statefulset.OrderedReady) && v != string(statefulset.Parallel) {
			problems = append(problems, fmt.Sprintf("spec.podManagementPolicy: Unsupported value: %q: supported values: \"OrderedReady\", \"Parallel\"; showing OrderedReady.", clip(v)))
		} else {
			st.policy = statefulset.Policy(v)
		}
	}
	if v := q.Get("ops"); v != "" {
		ops, err := parseOps(v)
		if err != nil {
			problems = append(problems, err.Error()+"; ignoring ops.")
		} else {
			st.ops = ops
		}
	}
	st.build()
	if dropped := st.dropped; dropped != "" {
		problems = append(problems, dropped)
	}
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", len(st.frames)-1, clip(v)))
		case n > len(st.frames)-1:
			problems = append(problems, fmt.Sprintf("This story has %d steps, so there is no step %d; showing the last.", len(st.frames)-1, n))
			st.step = len(st.frames) - 1
		default:
			st.step = n
		}
	}
	return st, problems
}

// replicas parses the replicas input: a bad value is shown beside its
// control, and the demo uses 3.
func (st *State) replicas() (int, string) {
	n, err := strconv.Atoi(st.replicasRaw)
	switch {
	case err != nil:
		return 3, fmt.Sprintf("spec.replicas must be a whole number, not %q.", clip(st.replicasRaw))
	case n < 0:
		return 3, fmt.Sprintf("spec.replicas: Invalid value: %d: must be greater than or equal to 0", n)
	case n > MaxReplicas:
		return 3, fmt.Sprintf("%d is valid for Kubernetes, but this demo draws at most %d replicas.", n, MaxReplicas)
	}
	return n, ""
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
