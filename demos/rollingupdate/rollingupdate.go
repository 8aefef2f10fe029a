package rollingupdate

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/rollout"
)

// The images of the story: the Deployment runs OldImage; step 1 is
// `kubectl set image` to NewImage.
const (
	OldImage = "nginx:1.25"
	NewImage = "nginx:1.26"
	// MaxReplicas is how many replicas the picture can draw.
	MaxReplicas = 20
	// MaxSteps bounds a timeline.
	MaxSteps = 400
)

// Version values: whether the new pods ever become ready.
const (
	versionGood   = "good"
	versionBroken = "broken"
)

// inputs are the learner's settings, as typed (raw), so a bad value is
// kept and shown beside its control.
type inputs struct {
	Replicas, MaxSurge, MaxUnavailable, MinReadySeconds, ProgressDeadlineSeconds string
	ReadySeconds                                                                 string
	Strategy                                                                     string // RollingUpdate or Recreate
	Version                                                                      string // good or broken
}

var defaults = inputs{
	Replicas: "3", MaxSurge: "25%", MaxUnavailable: "25%", MinReadySeconds: "0",
	ProgressDeadlineSeconds: "600", ReadySeconds: "5",
	Strategy: string(rollout.RollingUpdate), Version: versionGood,
}

// Definition is the rolling-update demo.
var Definition = demos.Definition{
	Name:     "rolling-update",
	Title:    "A rolling update, sync by sync",
	Summary:  "Change a Deployment's image and step through what the Deployment and ReplicaSet controllers do, with the real controller's arithmetic for maxSurge and maxUnavailable, then roll back.",
	Section:  "deployments",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "replicas", Help: "spec.replicas (0–20)", Default: defaults.Replicas},
		{Name: "maxSurge", Help: "spec.strategy.rollingUpdate.maxSurge: a number or a percentage", Default: defaults.MaxSurge},
		{Name: "maxUnavailable", Help: "spec.strategy.rollingUpdate.maxUnavailable: a number or a percentage", Default: defaults.MaxUnavailable},
		{Name: "minReadySeconds", Help: "spec.minReadySeconds", Default: defaults.MinReadySeconds},
		{Name: "progressDeadlineSeconds", Help: "spec.progressDeadlineSeconds", Default: defaults.ProgressDeadlineSeconds},
		{Name: "readySeconds", Help: "seconds a new pod takes to pass its readiness probe (0–300)", Default: defaults.ReadySeconds},
		{Name: "strategy", Help: "spec.strategy.type", Default: defaults.Strategy, Values: []string{string(rollout.RollingUpdate), string(rollout.Recreate)}},
		{Name: "version", Help: "good, or broken: the new pods never become ready", Default: defaults.Version, Values: []string{versionGood, versionBroken}},
		{Name: "compareSurge", Help: "maxSurge of a second, otherwise identical Deployment updated beside the first and stepped with it (empty: the same as maxSurge; with compareUnavailable also empty, no comparison)", Default: ""},
		{Name: "compareUnavailable", Help: "maxUnavailable of that second Deployment (empty: the same as maxUnavailable)", Default: ""},
		{Name: "undo", Help: "the step at which you ran kubectl rollout undo (0: never)", Default: "0"},
		{Name: "step", Help: "the step shown", Default: "0"},
	},
	Open: Open,
}

var paramNames = []string{"replicas", "maxSurge", "maxUnavailable", "minReadySeconds", "progressDeadlineSeconds", "readySeconds", "strategy", "version"}

func (in *inputs) get(name string) *string {
	switch name {
	case "replicas":
		return &in.Replicas
	case "maxSurge":
		return &in.MaxSurge
	case "maxUnavailable":
		return &in.MaxUnavailable
	case "minReadySeconds":
		return &in.MinReadySeconds
	case "progressDeadlineSeconds":
		return &in.ProgressDeadlineSeconds
	case "readySeconds":
		return &in.ReadySeconds
	case "strategy":
		return &in.Strategy
	case "version":
		return &in.Version
	}
	return nil
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	in := defaults
	for _, n := range paramNames {
		if v, ok := q[n]; ok && len(v) > 0 {
			*in.get(n) = strings.TrimSpace(v[0])
		}
	}
	if in.Strategy != string(rollout.RollingUpdate) && in.Strategy != string(rollout.Recreate) {
		problems = append(problems, fmt.Sprintf("strategy must be RollingUpdate or Recreate, not %q; showing RollingUpdate.", clip(in.Strategy)))
		in.Strategy = defaults.Strategy
	}
	if in.Version != versionGood && in.Version != versionBroken {
		problems = append(problems, fmt.Sprintf("version must be good or broken, not %q; showing good.", clip(in.Version)))
		in.Version = defaults.Version
	}
	st := &State{in: in, cmpSurge: strings.TrimSpace(q.Get("compareSurge")), cmpUnavail: strings.TrimSpace(q.Get("compareUnavailable"))}
	st.build()
	if st.cmpDropped != "" {
		problems = append(problems, st.cmpDropped)
	}
	if v := q.Get("undo"); v != "" && v != "0" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 || n > len(st.frames) || !st.frames[n-1].sim.CanUndo() {
			problems = append(problems, fmt.Sprintf("undo=%s is not a step at which there is a revision to roll back to; no undo.", clip(v)))
		} else {
			st.undo = n
			st.build()
		}
	}
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", st.last(), clip(v)))
		case n > st.last():
			problems = append(problems, fmt.Sprintf("This rollout has %d steps, so there is no step %d; showing the last.", st.last(), n))
			st.step = st.last()
		default:
			st.step = n
		}
	}
	return st, problems
}

// fieldErrors are the learner's mistakes, by parameter name, each as
// upstream says it ("spec.replicas: Invalid value: -1: must be …").
type fieldErrors map[string][]string

// config turns the inputs into an engine Config. A value that is not a
// valid spec field is reported beside its control, and the simulation uses
// the default in its place.
func (in inputs) config() (rollout.Config, fieldErrors) {
	errs := fieldErrors{}
	cfg := rollout.DefaultConfig()
	cfg.Image = OldImage
	cfg.Strategy = rollout.Strategy(in.Strategy)
	num := func(name, raw string, path *field.Path, lo, hi int, def int32, why string) int32 {
		n, err := strconv.ParseInt(raw, 10, 32)
		switch {
		case err != nil:
			// What the API server's JSON decoder says for a non-number.
			errs[name] = append(errs[name], fmt.Sprintf("%s must be a whole number, not %q.", path.String(), clip(raw)))
		case n < 0:
			errs[name] = append(errs[name], field.Invalid(path, n, "must be greater than or equal to 0").Error())
		case int(n) < lo || int(n) > hi:
			errs[name] = append(errs[name], fmt.Sprintf("%d is valid for Kubernetes, but %s.", n, why))
		default:
			return int32(n)
		}
		return def
	}
	spec := field.NewPath("spec")
	cfg.Replicas = num("replicas", in.Replicas, spec.Child("replicas"), 0, MaxReplicas, 3, fmt.Sprintf("this demo draws at most %d replicas", MaxReplicas))
	cfg.MinReadySeconds = num("minReadySeconds", in.MinReadySeconds, spec.Child("minReadySeconds"), 0, 3600, 0, "this demo allows at most 3600 seconds")
	cfg.ProgressDeadlineSeconds = num("progressDeadlineSeconds", in.ProgressDeadlineSeconds, spec.Child("progressDeadlineSeconds"), 1, 3600, 600, "this demo allows 1 to 3600 seconds")
	rs := num("readySeconds", in.ReadySeconds, field.NewPath("readySeconds"), 0, 300, 5, "this demo allows at most 300 seconds")
	cfg.ReadySeconds = rs
	cfg.MaxSurge = intstr.Parse(in.MaxSurge)
	cfg.MaxUnavailable = intstr.Parse(in.MaxUnavailable)
	// The API server's own checks, with its messages. Under Recreate the
	// rollingUpdate fields are not used, but a bad value typed there is
	// still shown as RollingUpdate would reject it.
	check := cfg.Validate()
	if cfg.Strategy == rollout.Recreate {
		ru := cfg
		ru.Strategy = rollout.RollingUpdate
		for _, e := range ru.Validate() {
			if strings.Contains(e.Field, "rollingUpdate") {
				check = append(check, e)
			}
		}
	}
	for _, e := range check {
		name := e.Field[strings.LastIndex(e.Field, ".")+1:]
		if len(errs[name]) > 0 {
			continue // already said why, and replaced by the default
		}
		errs[name] = append(errs[name], e.Error())
		switch name {
		case "maxSurge":
			cfg.MaxSurge = intstr.FromString(defaults.MaxSurge)
		case "maxUnavailable":
			cfg.MaxUnavailable = intstr.FromString(defaults.MaxUnavailable)
		case "progressDeadlineSeconds":
			cfg.ProgressDeadlineSeconds = max(600, cfg.MinReadySeconds+1)
		case "replicas":
			cfg.Replicas = 3
		case "minReadySeconds":
			cfg.MinReadySeconds = 0
		}
	}
	if len(cfg.Validate()) > 0 { // a combination the defaults did not fix
		cfg.MaxSurge, cfg.MaxUnavailable = intstr.FromString("25%"), intstr.FromString("25%")
	}
	return cfg, errs
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
