package scheduler

import (
	v1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// PDBSpec describes a PodDisruptionBudget in a few fields; MakePDB turns it
// into a policy/v1 PodDisruptionBudget. The scheduler reads only its
// namespace, spec.selector and status (disruptionsAllowed, disruptedPods),
// which the disruption controller keeps up to date; MinAvailable is kept
// for the lesson (it is how disruptionsAllowed came about).
type PDBSpec struct {
	Name, Namespace    string
	Selector           map[string]string // matchLabels
	MinAvailable       string            // "2" or "50%"; "" for none
	DisruptionsAllowed int32
	DisruptedPods      []string // pods already being evicted
}

// MakePDB builds the PodDisruptionBudget.
func MakePDB(s PDBSpec) *policyv1.PodDisruptionBudget {
	ns := s.Namespace
	if ns == "" {
		ns = metav1.NamespaceDefault
	}
	p := &policyv1.PodDisruptionBudget{
		TypeMeta:   metav1.TypeMeta{APIVersion: "policy/v1", Kind: "PodDisruptionBudget"},
		ObjectMeta: metav1.ObjectMeta{Name: s.Name, Namespace: ns},
		Spec:       policyv1.PodDisruptionBudgetSpec{Selector: &metav1.LabelSelector{MatchLabels: s.Selector}},
		Status:     policyv1.PodDisruptionBudgetStatus{DisruptionsAllowed: s.DisruptionsAllowed},
	}
	if s.MinAvailable != "" {
		v := intstr.Parse(s.MinAvailable)
		p.Spec.MinAvailable = &v
	}
	if len(s.DisruptedPods) > 0 {
		p.Status.DisruptedPods = map[string]metav1.Time{}
		for _, n := range s.DisruptedPods {
			p.Status.DisruptedPods[n] = metav1.Unix(0, 0)
		}
	}
	return p
}

// filterPodsWithPDBViolation is defaultpreemption/default_preemption.go
// filterPodsWithPDBViolation: it walks the pods in the order given (most
// important first) and, for every PDB in the pod's namespace whose
// (non-empty) selector matches the pod's labels and that does not already
// list the pod in status.disruptedPods, spends one of the budget's
// disruptionsAllowed; a pod that takes a budget below zero "violates" it.
// The split is stable: each group keeps the input order.
//
// Worked example: a PDB with disruptionsAllowed 1 over app=db and three
// db pods: the first spends the one allowed disruption (1 → 0, not
// violating), the second and third take it to −1 and −2: both violate.
func filterPodsWithPDBViolation(pods []*v1.Pod, pdbs []*policyv1.PodDisruptionBudget) (violating, nonViolating []*v1.Pod) {
	allowed := make([]int32, len(pdbs))
	for i, pdb := range pdbs {
		allowed[i] = pdb.Status.DisruptionsAllowed
	}
	for _, pod := range pods {
		violated := false
		// A pod with no labels will not match any PDB.
		if len(pod.Labels) != 0 {
			for i, pdb := range pdbs {
				if pdb.Namespace != pod.Namespace {
					continue
				}
				sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
				if err != nil {
					continue // an invalid selector matches nothing
				}
				// A PDB with a nil or empty selector matches nothing.
				if sel.Empty() || !sel.Matches(labels.Set(pod.Labels)) {
					continue
				}
				// Already in DisruptedPods: the API server has counted it.
				if _, ok := pdb.Status.DisruptedPods[pod.Name]; ok {
					continue
				}
				allowed[i]--
				if allowed[i] < 0 {
					violated = true
				}
			}
		}
		if violated {
			violating = append(violating, pod)
		} else {
			nonViolating = append(nonViolating, pod)
		}
	}
	return violating, nonViolating
}

// PDBsMatching lists the names of the PDBs that select the pod (same
// namespace, non-empty selector matching its labels), for the lesson.
func PDBsMatching(pod *v1.Pod, pdbs []*policyv1.PodDisruptionBudget) []string {
	var out []string
	if len(pod.Labels) == 0 {
		return nil
	}
	for _, pdb := range pdbs {
		if pdb.Namespace != pod.Namespace {
			continue
		}
		sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
		if err != nil || sel.Empty() || !sel.Matches(labels.Set(pod.Labels)) {
			continue
		}
		out = append(out, pdb.Name)
	}
	return out
}
