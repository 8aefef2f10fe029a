package rollout

import (
	"fmt"
	"math"

	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Strategy is spec.strategy.type.
type Strategy string

// The two strategies of apps/v1 DeploymentStrategyType.
const (
	RollingUpdate Strategy = "RollingUpdate"
	Recreate      Strategy = "Recreate"
)

// Config is the Deployment the simulation starts from, and how its pods
// behave. The Deployment starts fully rolled out at image Image.
type Config struct {
	Name                    string // "web"
	Container               string // "nginx"
	Image                   string // "nginx:1.25"
	Replicas                int32
	Strategy                Strategy
	MaxSurge                intstr.IntOrString
	MaxUnavailable          intstr.IntOrString
	MinReadySeconds         int32
	ProgressDeadlineSeconds int32
	// ReadySeconds is how long a new pod takes from creation to passing
	// its readiness probe (image pull, start, first successful probe).
	ReadySeconds int32
	// TerminationSeconds is how long a deleted pod stays Terminating before
	// the kubelet has stopped it and the API object is gone.
	TerminationSeconds int32
	Seed               uint64
}

// DefaultConfig is `kubectl create deployment web --image=nginx:1.25
// --replicas=3` with the API server's defaults (apps/v1 SetDefaults_Deployment:
// RollingUpdate, 25% maxSurge, 25% maxUnavailable, progressDeadlineSeconds
// 600).
func DefaultConfig() Config {
	return Config{
		Name:                    "web",
		Container:               "nginx",
		Image:                   "nginx:1.25",
		Replicas:                3,
		Strategy:                RollingUpdate,
		MaxSurge:                intstr.FromString("25%"),
		MaxUnavailable:          intstr.FromString("25%"),
		ProgressDeadlineSeconds: 600,
		ReadySeconds:            5,
		TerminationSeconds:      2,
		Seed:                    1,
	}
}

// Validate checks the spec fields as the API server does
// (pkg/apis/apps/validation/validation.go ValidateDeploymentSpec and
// ValidateRollingUpdateDeployment), with the same messages.
func (c Config) Validate() field.ErrorList {
	spec := field.NewPath("spec")
	var errs field.ErrorList
	errs = append(errs, apimachineryvalidation.ValidateNonnegativeField(int64(c.Replicas), spec.Child("replicas"))...)
	errs = append(errs, apimachineryvalidation.ValidateNonnegativeField(int64(c.MinReadySeconds), spec.Child("minReadySeconds"))...)
	if c.Strategy == RollingUpdate {
		ru := spec.Child("strategy", "rollingUpdate")
		errs = append(errs, validatePositiveIntOrPercent(c.MaxUnavailable, ru.Child("maxUnavailable"))...)
		errs = append(errs, validatePositiveIntOrPercent(c.MaxSurge, ru.Child("maxSurge"))...)
		if intOrPercentValue(c.MaxUnavailable) == 0 && intOrPercentValue(c.MaxSurge) == 0 {
			// Both MaxSurge and MaxUnavailable cannot be zero.
			errs = append(errs, field.Invalid(ru.Child("maxUnavailable"), c.MaxUnavailable, "may not be 0 when `maxSurge` is 0"))
		}
		// Validate that MaxUnavailable is not more than 100%.
		if v, isPercent := percentValue(c.MaxUnavailable); isPercent && v > 100 {
			errs = append(errs, field.Invalid(ru.Child("maxUnavailable"), c.MaxUnavailable, "must not be greater than 100%"))
		}
	}
	errs = append(errs, apimachineryvalidation.ValidateNonnegativeField(int64(c.ProgressDeadlineSeconds), spec.Child("progressDeadlineSeconds"))...)
	if c.ProgressDeadlineSeconds <= c.MinReadySeconds {
		errs = append(errs, field.Invalid(spec.Child("progressDeadlineSeconds"), c.ProgressDeadlineSeconds, "must be greater than minReadySeconds"))
	}
	return errs
}

// validatePositiveIntOrPercent is validation.go's ValidatePositiveIntOrPercent.
func validatePositiveIntOrPercent(v intstr.IntOrString, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch v.Type {
	case intstr.String:
		for _, msg := range validation.IsValidPercent(v.StrVal) {
			errs = append(errs, field.Invalid(fldPath, v, msg))
		}
	case intstr.Int:
		errs = append(errs, apimachineryvalidation.ValidateNonnegativeField(int64(v.IntValue()), fldPath)...)
	}
	return errs
}

// intOrPercentValue is validation.go's getIntOrPercentValue: the number,
// with or without its percent sign.
func intOrPercentValue(v intstr.IntOrString) int {
	if p, isPercent := percentValue(v); isPercent {
		return p
	}
	return v.IntValue()
}

func percentValue(v intstr.IntOrString) (int, bool) {
	if v.Type != intstr.String {
		return 0, false
	}
	var p int
	if _, err := fmt.Sscanf(v.StrVal, "%d%%", &p); err != nil || len(validation.IsValidPercent(v.StrVal)) != 0 {
		return 0, false
	}
	return p, true
}

// Fenceposts is how maxSurge and maxUnavailable resolve to pod counts for
// a number of replicas, with the working shown.
type Fenceposts struct {
	Replicas    int32
	Surge       int32 // resolved maxSurge
	Unavailable int32 // resolved maxUnavailable, as MaxUnavailable returns it
	SurgeWork   string
	UnavailWork string
	BothZero    bool // both rounded to 0, so maxUnavailable became 1
	Capped      bool // maxUnavailable was more than replicas and was capped
}

// Resolve resolves maxSurge and maxUnavailable as the controller does
// (deployment_util.go ResolveFenceposts, MaxSurge, MaxUnavailable), using
// intstr.GetScaledValueFromIntOrPercent: a percentage of replicas, maxSurge
// rounded up and maxUnavailable rounded down. Worked example: 25% of 10 is
// 2.5, so maxSurge is 3 and maxUnavailable is 2. If both come out 0, the
// controller sets maxUnavailable to 1 (validation forbids writing 0 for
// both, but rounding down can make maxUnavailable 0).
func (c Config) Resolve() Fenceposts {
	f := Fenceposts{Replicas: c.Replicas}
	if c.Strategy != RollingUpdate {
		f.SurgeWork, f.UnavailWork = "not used by Recreate", "not used by Recreate"
		return f
	}
	surge, _ := intstr.GetScaledValueFromIntOrPercent(&c.MaxSurge, int(c.Replicas), true)
	unavail, _ := intstr.GetScaledValueFromIntOrPercent(&c.MaxUnavailable, int(c.Replicas), false)
	f.SurgeWork = work(c.MaxSurge, c.Replicas, surge, "up")
	f.UnavailWork = work(c.MaxUnavailable, c.Replicas, unavail, "down")
	if surge == 0 && unavail == 0 {
		unavail = 1
		f.BothZero = true
	}
	f.Surge, f.Unavailable = int32(surge), int32(unavail)
	if c.Replicas == 0 {
		f.Unavailable = 0 // MaxUnavailable: 0 when there are no replicas
	} else if f.Unavailable > c.Replicas {
		f.Unavailable = c.Replicas
		f.Capped = true
	}
	return f
}

// work explains one rounding: "25% of 3 = 0.75, rounded up to 1".
func work(v intstr.IntOrString, replicas int32, got int, dir string) string {
	p, isPercent := percentValue(v)
	if !isPercent {
		return fmt.Sprintf("%d (a number, used as it is)", got)
	}
	exact := float64(p) * float64(replicas) / 100
	if exact == math.Trunc(exact) {
		return fmt.Sprintf("%d%% of %d = %d", p, replicas, got)
	}
	return fmt.Sprintf("%d%% of %d = %s, rounded %s to %d", p, replicas, trimFloat(exact), dir, got)
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s
}
