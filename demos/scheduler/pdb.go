package scheduler

import (
	"fmt"
	"strconv"

	v1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// pdbState is the preset's PodDisruptionBudget as the disruption
// controller would write its status for the pods it selects
// (pkg/controller/disruption/disruption.go: getExpectedPodCount for an
// integer minAvailable — desiredHealthy = minAvailable, expectedPods = the
// pods selected — and updatePdbStatus: disruptionsAllowed = currentHealthy −
// desiredHealthy, never below 0, and 0 when no pod is expected).
type pdbState struct {
	Name, Selector     string
	MinAvailable       int32
	Pods               []string // selected, all running and ready here
	CurrentHealthy     int32
	DesiredHealthy     int32
	ExpectedPods       int32
	DisruptionsAllowed int32
}

// checkMinAvailable validates the typed minAvailable as the API server
// does (pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec:
// ValidatePositiveIntOrPercent and IsNotMoreThan100Percent), with
// apimachinery's own field.Error text. A valid percentage is refused
// too, with a sentence: the db pods here have no controller, and for a
// percentage the disruption controller needs the controller's scale
// (disruption.go getExpectedScale).
func checkMinAvailable(s string) (int32, string) {
	path := field.NewPath("spec", "minAvailable")
	v := intstr.Parse(s)
	if v.Type == intstr.Int {
		if v.IntVal < 0 {
			return 0, field.Invalid(path, int64(v.IntVal), "must be greater than or equal to 0").Error()
		}
		return v.IntVal, ""
	}
	if msgs := validation.IsValidPercent(v.StrVal); len(msgs) > 0 {
		return 0, field.Invalid(path, v, msgs[0]).Error()
	}
	// IsNotMoreThan100Percent
	if pct, err := strconv.Atoi(v.StrVal[:len(v.StrVal)-1]); err != nil || pct > 100 {
		return 0, field.Invalid(path, v, "must not be greater than 100%").Error()
	}
	return 0, fmt.Sprintf("%s is a valid minAvailable, but the db pods here have no controller, and for a percentage the disruption controller needs the controller's scale (disruption.go getExpectedScale). Write a whole number, e.g. 1 or 2.", s)
}

// buildPDB makes the budget for the cluster's pods, or returns nil when
// the learner removed it (an empty minAvailable) or typed a bad value.
func buildPDB(p *presetPDB, minAvailable string, pods []*v1.Pod) (*policyv1.PodDisruptionBudget, *pdbState, string) {
	if p == nil || minAvailable == "" {
		return nil, nil, ""
	}
	n, problem := checkMinAvailable(minAvailable)
	if problem != "" {
		return nil, nil, problem
	}
	st := &pdbState{Name: p.Name, MinAvailable: n}
	for k, v := range p.Selector {
		st.Selector = k + "=" + v
	}
	probe := scheduler.MakePDB(scheduler.PDBSpec{Name: p.Name, Selector: p.Selector})
	for _, pod := range pods {
		if len(scheduler.PDBsMatching(pod, []*policyv1.PodDisruptionBudget{probe})) > 0 {
			st.Pods = append(st.Pods, pod.Name)
		}
	}
	st.CurrentHealthy = int32(len(st.Pods))
	st.ExpectedPods = int32(len(st.Pods))
	st.DesiredHealthy = n
	st.DisruptionsAllowed = st.CurrentHealthy - st.DesiredHealthy
	if st.ExpectedPods <= 0 || st.DisruptionsAllowed <= 0 {
		st.DisruptionsAllowed = 0
	}
	pdb := scheduler.MakePDB(scheduler.PDBSpec{Name: p.Name, Selector: p.Selector, MinAvailable: strconv.Itoa(int(n)), DisruptionsAllowed: st.DisruptionsAllowed})
	return pdb, st, ""
}

// line is the budget in one line, as kubectl get pdb would sum it up.
func (p *pdbState) line() string {
	return fmt.Sprintf("PodDisruptionBudget %s: selector %s, minAvailable %d; selects %d pods (%s), currentHealthy %d, desiredHealthy %d: status.disruptionsAllowed %d",
		p.Name, p.Selector, p.MinAvailable, len(p.Pods), joinOr(p.Pods, "none"), p.CurrentHealthy, p.DesiredHealthy, p.DisruptionsAllowed)
}

func joinOr(s []string, empty string) string {
	if len(s) == 0 {
		return empty
	}
	out := s[0]
	for _, x := range s[1:] {
		out += ", " + x
	}
	return out
}
