// Package autoscaling is the HorizontalPodAutoscaler demo: a Deployment with
// an autoscaling/v2 HPA on CPU utilization and a load curve the learner
// picks; each step is one HPA sync (engine/hpa, which follows
// kubernetes/pkg/controller/podautoscaler/horizontal.go and
// replica_calculator.go).
//
// With ca=on the Deployment runs on an autoscaled node group and each step
// is one moment of a 30-minute timeline at which the HPA (every 15 s) or
// the Cluster Autoscaler (every 10 s) runs (engine/clusterautoscaler, which
// follows kubernetes/autoscaler cluster-autoscaler).
package autoscaling

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/hpa"
)

const (
	// Syncs is how many HPA syncs a timeline has: 12 minutes at 15 s.
	Syncs = 48
	// RequestMilli is each pod's resources.requests.cpu (200m).
	RequestMilli = 200
	// InitialReplicas is the Deployment's spec.replicas when the HPA is created.
	InitialReplicas = 2
	// MaxDrawn is the largest maxReplicas the picture draws.
	MaxDrawn = 20
)

type inputs struct{ Load, Min, Max, Target, CA, GroupMin, GroupMax, NodeCPU string }

var defaults = inputs{Load: "spike", Min: "1", Max: "10", Target: "50", CA: "off", GroupMin: "1", GroupMax: "5", NodeCPU: "1"}

var paramNames = []string{"load", "min", "max", "target", "ca", "groupmin", "groupmax", "nodecpu"}

// caModes are the values of the ca parameter.
var caModes = []string{"off", "on"}

func (in *inputs) get(n string) *string {
	switch n {
	case "load":
		return &in.Load
	case "min":
		return &in.Min
	case "max":
		return &in.Max
	case "target":
		return &in.Target
	case "ca":
		return &in.CA
	case "groupmin":
		return &in.GroupMin
	case "groupmax":
		return &in.GroupMax
	case "nodecpu":
		return &in.NodeCPU
	}
	return nil
}

// Definition is the autoscaling demo.
var Definition = demos.Definition{
	Name:     "autoscaling",
	Title:    "Autoscaling pods with an HPA, and nodes with the Cluster Autoscaler",
	Summary:  "Pick a load curve and step through the HPA controller's syncs: utilization, tolerance, the stabilization window and the scaling policies decide the replicas; turn on the Cluster Autoscaler to watch Pending pods add a node and an underused node leave after its delay.",
	Section:  "autoscaling",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "load", Help: "the load curve: spike, steady, ramp or sawtooth", Default: defaults.Load, Values: hpa.Presets},
		{Name: "min", Help: "spec.minReplicas (1–20)", Default: defaults.Min},
		{Name: "max", Help: "spec.maxReplicas (1–20)", Default: defaults.Max},
		{Name: "target", Help: "the CPU averageUtilization target, percent of request", Default: defaults.Target},
		{Name: "ca", Help: "on: run the Deployment on a node group scaled by the Cluster Autoscaler (steps are then moments of a 30-minute timeline)", Default: defaults.CA, Values: caModes},
		{Name: "groupmin", Help: "the node group's min size (--nodes=MIN:MAX:pool-1), 1–10", Default: defaults.GroupMin},
		{Name: "groupmax", Help: "the node group's max size, 1–10", Default: defaults.GroupMax},
		{Name: "nodecpu", Help: "each node's allocatable cpu, a quantity (1, 1500m), 200m–4", Default: defaults.NodeCPU},
		{Name: "step", Help: "the sync shown (0: the HPA was just created); with ca=on, the moment shown", Default: "0"},
	},
	Open: Open,
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
	if !slices.Contains(hpa.Presets, in.Load) {
		problems = append(problems, fmt.Sprintf("load must be one of %s, not %q; showing spike.", strings.Join(hpa.Presets, ", "), clip(in.Load)))
		in.Load = defaults.Load
	}
	if !slices.Contains(caModes, in.CA) {
		problems = append(problems, fmt.Sprintf("ca must be on or off, not %q; showing off.", clip(in.CA)))
		in.CA = defaults.CA
	}
	for _, n := range []string{"min", "max", "target", "groupmin", "groupmax", "nodecpu"} {
		if len(*in.get(n)) > 12 {
			problems = append(problems, fmt.Sprintf("%s is too long; showing %s.", n, *defaults.get(n)))
			*in.get(n) = *defaults.get(n)
		}
	}
	st := &State{in: in}
	st.build()
	if v := q.Get("step"); v != "" {
		total := st.total()
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", total, clip(v)))
		case n > total && st.caOn():
			problems = append(problems, fmt.Sprintf("This timeline has %d moments, so there is no step %d; showing the last.", total, n))
			st.step = total
		case n > total:
			problems = append(problems, fmt.Sprintf("This timeline has %d syncs, so there is no step %d; showing the last.", total, n))
			st.step = total
		default:
			st.step = n
		}
	}
	return st, problems
}

func clip(s string) string {
	if len(s) > 30 {
		return s[:30] + "…"
	}
	return s
}

// fieldErrors are the learner's mistakes by parameter, as the API server's
// validation says them (pkg/apis/autoscaling/validation/validation.go
// validateHorizontalPodAutoscalerSpec and validateMetricTarget).
type fieldErrors map[string]string

func (in inputs) config() (hpa.Config, fieldErrors) {
	errs := fieldErrors{}
	cfg := hpa.Config{Name: "web", MinReplicas: 1, MaxReplicas: 10, TargetUtilization: 50, RequestMilli: RequestMilli,
		InitialReplicas: InitialReplicas, ScaleUp: hpa.DefaultScaleUp(), ScaleDown: hpa.DefaultScaleDown()}
	spec := field.NewPath("spec")
	num := func(key, raw string, path *field.Path) (int32, bool) {
		n, err := strconv.ParseInt(raw, 10, 32)
		if err != nil {
			errs[key] = field.Invalid(path, raw, "must be a whole number").Error()
			return 0, false
		}
		return int32(n), true
	}
	minOK := false
	if n, ok := num("min", in.Min, spec.Child("minReplicas")); ok {
		switch {
		case n < 1:
			errs["min"] = field.Invalid(spec.Child("minReplicas"), n, "must be greater than or equal to 1").Error()
		case n > MaxDrawn:
			errs["min"] = fmt.Sprintf("This demo draws at most %d pods: minReplicas must be at most %d.", MaxDrawn, MaxDrawn)
		default:
			cfg.MinReplicas, minOK = n, true
		}
	}
	if n, ok := num("max", in.Max, spec.Child("maxReplicas")); ok {
		switch {
		case n < 1:
			// The API server reports both, in this order.
			errs["max"] = field.Invalid(spec.Child("maxReplicas"), n, "must be greater than 0").Error()
			if minOK && n < cfg.MinReplicas {
				errs["max"] += "\n" + field.Invalid(spec.Child("maxReplicas"), n, "must be greater than or equal to `minReplicas`").Error()
			}
		case n > MaxDrawn:
			errs["max"] = fmt.Sprintf("This demo draws at most %d pods: maxReplicas must be at most %d.", MaxDrawn, MaxDrawn)
		case minOK && n < cfg.MinReplicas:
			errs["max"] = field.Invalid(spec.Child("maxReplicas"), n, "must be greater than or equal to `minReplicas`").Error()
		default:
			cfg.MaxReplicas = n
		}
	}
	if cfg.MaxReplicas < cfg.MinReplicas {
		cfg.MaxReplicas = cfg.MinReplicas
	}
	tp := spec.Child("metrics").Index(0).Child("resource", "target", "averageUtilization")
	if n, ok := num("target", in.Target, tp); ok {
		switch {
		case n < 1:
			errs["target"] = field.Invalid(tp, n, "must be greater than 0").Error()
		default:
			cfg.TargetUtilization = n
		}
	}
	return cfg, errs
}
