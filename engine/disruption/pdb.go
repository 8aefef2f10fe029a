package disruption

import (
	"fmt"
	"strconv"
	"strings"

	policyv1 "k8s.io/api/policy/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// Budget is the spec of a PodDisruptionBudget: one of minAvailable or
// maxUnavailable, an integer or a percentage.
type Budget struct {
	Name     string
	Selector string // "app=checkout", for kubectl describe
	Field    string // "minAvailable" or "maxUnavailable"
	Value    intstr.IntOrString
}

// ParseBudget reads field (minAvailable or maxUnavailable) and value ("1",
// "50%") and validates them as the API server does
// (pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec:
// ValidatePositiveIntOrPercent and IsNotMoreThan100Percent), with its
// messages, e.g. `spec.maxUnavailable: Invalid value: "150%": must not be
// greater than 100%`.
func ParseBudget(name, fieldName, value string) (Budget, []string) {
	b := Budget{Name: name, Selector: "app=checkout", Field: fieldName, Value: intstr.Parse(strings.TrimSpace(value))}
	if fieldName != "minAvailable" && fieldName != "maxUnavailable" {
		return b, []string{fmt.Sprintf("a PodDisruptionBudget has minAvailable or maxUnavailable, not %q", fieldName)}
	}
	path := field.NewPath("spec").Child(fieldName)
	var errs field.ErrorList
	switch b.Value.Type {
	case intstr.String:
		for _, msg := range validation.IsValidPercent(b.Value.StrVal) {
			errs = append(errs, field.Invalid(path, b.Value, msg))
		}
		if len(errs) == 0 {
			if v, _ := strconv.Atoi(strings.TrimSuffix(b.Value.StrVal, "%")); v > 100 {
				errs = append(errs, field.Invalid(path, b.Value, "must not be greater than 100%"))
			}
		}
	case intstr.Int:
		errs = append(errs, apivalidation.ValidateNonnegativeField(int64(b.Value.IntValue()), path)...)
	}
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return b, out
}

// String is the budget as written in the spec: "maxUnavailable: 1".
func (b Budget) String() string { return b.Field + ": " + b.Value.String() }

// PDBStatus is the disruption controller's status of a budget
// (policy/v1 PodDisruptionBudgetStatus) with the arithmetic that made it.
type PDBStatus struct {
	ExpectedPods       int32
	CurrentHealthy     int32
	DesiredHealthy     int32
	DisruptionsAllowed int32
	DisruptedPods      []string
	Reason             string // the DisruptionAllowed condition's reason
	Why                string // the worked arithmetic
}

// ComputeStatus is pkg/controller/disruption/disruption.go trySync:
// getExpectedPodCount, countHealthyPods and updatePdbStatus.
//
//   - maxUnavailable (int or %): expectedPods is the controller's scale
//     (the Deployment's replicas); desiredHealthy = expected −
//     maxUnavailable, where a percentage rounds UP
//     (GetScaledValueFromIntOrPercent(…, roundUp=true)), at least 0.
//   - minAvailable as an integer: expectedPods is the number of pods the
//     selector matches (terminating ones too); desiredHealthy = minAvailable.
//   - minAvailable as a percentage: expectedPods is the scale; desiredHealthy
//     = minAvailable% of it, rounded UP.
//
// currentHealthy counts Ready pods that are neither terminating nor in
// disruptedPods; disruptionsAllowed = currentHealthy − desiredHealthy, and 0
// when that is negative or expectedPods ≤ 0.
//
// Worked example: maxUnavailable 50% of 3 replicas rounds up to 2, so
// desiredHealthy is 1 and with 3 healthy pods 2 disruptions are allowed.
func ComputeStatus(b Budget, scale int32, matched []PodHealth) PDBStatus {
	var st PDBStatus
	v := b.Value
	switch {
	case b.Field == "maxUnavailable":
		st.ExpectedPods = scale
		mu, _ := intstr.GetScaledValueFromIntOrPercent(&v, int(scale), true)
		st.DesiredHealthy = max(scale-int32(mu), 0)
		if v.Type == intstr.String {
			st.Why = fmt.Sprintf("maxUnavailable %s of %d replicas rounds up to %d; desiredHealthy = %d − %d = %d", v.StrVal, scale, mu, scale, mu, st.DesiredHealthy)
		} else {
			st.Why = fmt.Sprintf("desiredHealthy = %d replicas − maxUnavailable %d = %d", scale, mu, st.DesiredHealthy)
		}
	case v.Type == intstr.Int:
		st.ExpectedPods = int32(len(matched))
		st.DesiredHealthy = int32(v.IntValue())
		st.Why = fmt.Sprintf("minAvailable %d: desiredHealthy = %d; expectedPods counts the %d pods the selector matches", v.IntValue(), st.DesiredHealthy, len(matched))
	default:
		st.ExpectedPods = scale
		ma, _ := intstr.GetScaledValueFromIntOrPercent(&v, int(scale), true)
		st.DesiredHealthy = int32(ma)
		st.Why = fmt.Sprintf("minAvailable %s of %d replicas rounds up to %d = desiredHealthy", v.StrVal, scale, ma)
	}
	for _, p := range matched {
		if p.Disrupted {
			st.DisruptedPods = append(st.DisruptedPods, p.Name)
		}
		if p.Terminating || p.Disrupted || !p.Ready {
			continue
		}
		st.CurrentHealthy++
	}
	st.DisruptionsAllowed = st.CurrentHealthy - st.DesiredHealthy
	if st.ExpectedPods <= 0 || st.DisruptionsAllowed <= 0 {
		st.DisruptionsAllowed = 0
	}
	st.Why += fmt.Sprintf("; disruptionsAllowed = currentHealthy %d − desiredHealthy %d", st.CurrentHealthy, st.DesiredHealthy)
	if st.CurrentHealthy-st.DesiredHealthy < 0 {
		st.Why += " < 0, so 0"
	} else {
		st.Why += fmt.Sprintf(" = %d", st.DisruptionsAllowed)
	}
	// pdbhelper.UpdateDisruptionAllowedCondition.
	if st.DisruptionsAllowed > 0 {
		st.Reason = policyv1.SufficientPodsReason
	} else {
		st.Reason = policyv1.InsufficientPodsReason
	}
	return st
}

// PodHealth is what the disruption controller reads of a pod.
type PodHealth struct {
	Name        string
	Ready       bool // the Ready condition is True
	Terminating bool // deletionTimestamp is set
	Disrupted   bool // in status.disruptedPods: an eviction was granted, the delete not yet seen
}

// Eviction is the answer of the pods/eviction subresource.
type Eviction struct {
	Allowed bool
	Code    int    // 201 Created or 429 Too Many Requests
	Message string // the Status message
	Cause   string // the DisruptionBudget cause
}

// Evict is pkg/registry/core/pod/storage/eviction.go checkAndDecrement for a
// Ready pod covered by one budget: with disruptionsAllowed 0 the answer is
// 429 "Cannot evict pod as it would violate the pod's disruption budget."
// with the cause from disruptionDeniedMessage; otherwise the budget's
// disruptionsAllowed goes down by one, the pod enters disruptedPods, and the
// pod is deleted with its own grace period.
func Evict(st *PDBStatus, pdbName, pod string) Eviction {
	if st.DisruptionsAllowed == 0 {
		cause := fmt.Sprintf("The disruption budget %s does not allow evicting pods currently", pdbName)
		if st.CurrentHealthy <= st.DesiredHealthy {
			cause = fmt.Sprintf("The disruption budget %s needs %d healthy pods and has %d currently", pdbName, st.DesiredHealthy, st.CurrentHealthy)
		}
		return Eviction{Code: 429, Message: "Cannot evict pod as it would violate the pod's disruption budget.", Cause: cause}
	}
	st.DisruptionsAllowed--
	st.DisruptedPods = append(st.DisruptedPods, pod)
	if st.DisruptionsAllowed == 0 {
		st.Reason = policyv1.InsufficientPodsReason
	}
	return Eviction{Allowed: true, Code: 201, Message: "Success"}
}

// GetPDB is `kubectl get pdb` (printers.go podDisruptionBudgetColumnDefinitions:
// NAME, MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS, AGE; N/A for the
// field that is not set).
func GetPDB(b Budget, st PDBStatus, age int) string {
	minA, maxU := "N/A", "N/A"
	if b.Field == "minAvailable" {
		minA = b.Value.String()
	} else {
		maxU = b.Value.String()
	}
	return kubectl.Table([][]string{
		{"NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"},
		{b.Name, minA, maxU, strconv.Itoa(int(st.DisruptionsAllowed)), Age(age)},
	})
}
