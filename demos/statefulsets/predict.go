package statefulsets

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/statefulset"
)

var _ demos.Predictor = (*State)(nil)

// The checkpoints' questions begin with these, so a test can tell them
// apart.
const (
	qCreate    = "Which pods will the StatefulSet controller create in its next sync?"
	qDelete    = "Which pods will the StatefulSet controller delete in its next sync?"
	qClaimNew  = "Which PersistentVolumeClaim will the new"
	qClaimKept = "What happens to the claim"
)

// Prediction asks, before a StatefulSet controller sync, what it will do:
// which pods it creates or deletes when there is a choice of order (the
// podManagementPolicy shown on the page decides), and what becomes of a
// pod's claim when the pod is re-created or deleted. The answer is the
// next frame of the story, simulated by engine/statefulset, which follows
// kubernetes pkg/controller/statefulset/stateful_set_control.go
// (updateStatefulSet: processReplica, processCondemned, the monotonic
// check) and stateful_set_utils.go.
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step+1 >= len(st.frames) {
		return demos.Prediction{}, false
	}
	cur, next := st.frames[st.step].sim, st.frames[st.step+1]
	if next.h.Actor != "statefulset-controller" {
		return demos.Prediction{}, false
	}
	created, deleted := createdPods(cur, next.sim), deletedPods(cur, next.sim)
	monotonic := cur.Cfg.Policy == statefulset.OrderedReady
	switch {
	case len(created) > 0 && len(deleted) == 0:
		missing := missingPods(cur)
		if len(missing) >= 2 {
			return orderPrediction(qCreate, missing, created, monotonic, true)
		}
		if len(missing) == 1 && len(created) == 1 && cur.Claim(cur.ClaimName(ordinalOf(created[0]))) != nil {
			return claimNewPrediction(cur, next.sim, created[0])
		}
	case len(deleted) > 0 && len(created) == 0:
		condemned := condemnedPods(cur)
		if len(condemned) >= 2 {
			return orderPrediction(qDelete, condemned, deleted, monotonic, false)
		}
		if len(condemned) == 1 && len(deleted) == 1 {
			return claimKeptPrediction(cur, next.sim, deleted[0])
		}
	}
	return demos.Prediction{}, false
}

// orderPrediction: of the pods that could go (all sorted by ordinal), the
// lowest alone, all at once, or the highest alone. stateful_set_control.go:
// with OrderedReady (monotonic) processReplica creates the lowest missing
// ordinal and returns, waiting for it to be Running and Ready;
// processCondemned deletes the highest ordinal first, one at a time. With
// Parallel (allowsBurst) both go on through every ordinal in one sync.
func orderPrediction(question string, all, did []string, monotonic, create bool) (demos.Prediction, bool) {
	first, last := all[:1], all[len(all)-1:]
	p := demos.Prediction{Question: question, Answer: -1}
	for _, set := range [][]string{first, all, last} {
		p.Choices = append(p.Choices, names(set))
	}
	got := names(did)
	for i, c := range p.Choices {
		if c == got {
			p.Answer = i
		}
	}
	if p.Answer < 0 {
		return demos.Prediction{}, false
	}
	switch {
	case monotonic && create:
		p.Why = "With podManagementPolicy OrderedReady the controller creates only the lowest missing ordinal, then waits until that pod is Running and Ready before it creates the next."
	case monotonic:
		p.Why = "With podManagementPolicy OrderedReady the controller deletes the pods whose ordinal is spec.replicas or more one at a time: the highest ordinal first, and each only once the one before is gone."
	case create:
		p.Why = "With podManagementPolicy Parallel the controller creates every missing ordinal in one sync, without waiting for any of them to be Ready."
	default:
		p.Why = "With podManagementPolicy Parallel the controller deletes every pod whose ordinal is spec.replicas or more in one sync."
	}
	return p, true
}

// claimNewPrediction: a pod re-created under its old name. The claim's
// name is getPersistentVolumeClaimName (stateful_set_utils.go:
// template-set-ordinal), and createPersistentVolumeClaims creates a claim
// only when none of that name exists, so the new pod mounts the old claim
// and the volume it is bound to.
func claimNewPrediction(cur, next *statefulset.Sim, pod string) (demos.Prediction, bool) {
	claim := cur.Claim(cur.ClaimName(ordinalOf(pod)))
	p := demos.Prediction{
		Question: fmt.Sprintf("%s %s use? The StatefulSet controller is about to create it again.", qClaimNew, pod),
		Choices: []string{
			fmt.Sprintf("%s, the old %s's claim, with its volume and data", claim.Name, pod),
			fmt.Sprintf("A new %s, bound to a new, empty volume", claim.Name),
			fmt.Sprintf("None: %s was deleted with the old pod", claim.Name),
		},
		Answer: claimOutcome(claim, next.Claim(claim.Name)),
		Why:    fmt.Sprintf("A StatefulSet pod's claim is named after the pod (%s for %s) and the controller creates a claim only when none of that name exists, so the new pod gets the same claim and the same volume.", claim.Name, pod),
	}
	return p, true
}

// claimOutcome is the index of the claim choice that happened.
func claimOutcome(before, after *statefulset.Claim) int {
	switch {
	case after == nil:
		return 2
	case before != nil && after.Volume == before.Volume:
		return 0
	}
	return 1
}

// claimKeptPrediction: a pod deleted by a scale-down. With the default
// persistentVolumeClaimRetentionPolicy (pkg/apis/apps/v1/defaults.go
// SetDefaults_StatefulSet: whenScaled Retain, whenDeleted Retain) the
// controller leaves the claim alone.
func claimKeptPrediction(cur, next *statefulset.Sim, pod string) (demos.Prediction, bool) {
	name := cur.ClaimName(ordinalOf(pod))
	if cur.Claim(name) == nil {
		return demos.Prediction{}, false
	}
	p := demos.Prediction{
		Question: fmt.Sprintf("%s %s when the StatefulSet controller deletes %s in its next sync?", qClaimKept, name, pod),
		Choices: []string{
			fmt.Sprintf("%s stays, with its volume, for a later %s", name, pod),
			fmt.Sprintf("%s is deleted with the pod", name),
		},
		Answer: 1,
		Why:    "persistentVolumeClaimRetentionPolicy defaults to whenScaled: Retain, so scaling down deletes the pod but keeps its claim and volume for the day the set scales up again.",
	}
	if next.Claim(name) != nil {
		p.Answer = 0
	}
	return p, true
}

// missingPods are the ordinals below spec.replicas that have no pod.
func missingPods(s *statefulset.Sim) []string {
	var out []string
	for i := 0; i < s.Replicas; i++ {
		if s.Pod(s.PodName(i)) == nil {
			out = append(out, s.PodName(i))
		}
	}
	return out
}

// condemnedPods are the pods at or above spec.replicas not yet
// Terminating, by ordinal.
func condemnedPods(s *statefulset.Sim) []string {
	var out []*statefulset.Pod
	for _, p := range s.Pods {
		if p.Ordinal >= s.Replicas && !p.Terminating {
			out = append(out, p)
		}
	}
	return podNames(out)
}

// createdPods are the pods of b that a did not have.
func createdPods(a, b *statefulset.Sim) []string {
	var out []*statefulset.Pod
	for _, p := range b.Pods {
		if q := a.Pod(p.Name); q == nil || q.Incarnation != p.Incarnation {
			out = append(out, p)
		}
	}
	return podNames(out)
}

// deletedPods are the pods of a, not Terminating there, that b has
// Terminating or not at all.
func deletedPods(a, b *statefulset.Sim) []string {
	var out []*statefulset.Pod
	for _, p := range a.Pods {
		if p.Terminating {
			continue
		}
		if q := b.Pod(p.Name); q == nil || q.Terminating || q.Incarnation != p.Incarnation {
			out = append(out, p)
		}
	}
	return podNames(out)
}

func podNames(ps []*statefulset.Pod) []string {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Ordinal < ps[j].Ordinal })
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// names is "web-0", "web-0 and web-1", "web-0, web-1 and web-2".
func names(ns []string) string {
	switch len(ns) {
	case 0:
		return "none"
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// ordinalOf is the ordinal at the end of a pod's name.
func ordinalOf(name string) int {
	var n int
	if i := strings.LastIndex(name, "-"); i >= 0 {
		fmt.Sscan(name[i+1:], &n)
	}
	return n
}
