package desiredstate

import (
	"fmt"
	"strconv"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/reconcile"
)

var _ demos.Predictor = (*State)(nil)

// The checkpoints' questions begin with these.
const (
	qCreate = "How many pods will the ReplicaSet controller create"
	qDelete = "Which pod will the ReplicaSet controller delete first"
	qCrash  = "What will the ReplicaSet controller do about"
)

// Choices of the crash checkpoint.
const (
	cCrashCreate  = "Create a replacement pod"
	cCrashReplace = "Delete the pod and create a new one"
	cCrashNothing = "Nothing: the pod still exists, and its kubelet restarts the container"
)

// Prediction asks, right after you act, what the controller's next sync
// will do; the answer is that sync's (engine/reconcile, which follows
// kubernetes pkg/controller/replicaset/replica_set.go manageReplicas:
// diff := len(filteredPods) - int(*(rs.Spec.Replicas)); create -diff, or
// delete the first diff pods of getPodsToDelete's ranking).
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step+1 >= len(st.frames) {
		return demos.Prediction{}, false
	}
	cur, next := st.frames[st.step], st.frames[st.step+1]
	if cur.Err != "" || next.Sync == nil || (cur.Actor != reconcile.ActorYou && cur.Actor != reconcile.ActorProcess) {
		return demos.Prediction{}, false
	}
	sy := next.Sync
	if cur.Actor == reconcile.ActorProcess {
		crashed := ""
		for _, p := range cur.Sim.Pods {
			if p.Crashed() {
				crashed = p.Name
			}
		}
		p := demos.Prediction{
			Question: fmt.Sprintf("%s %s, whose container just crashed? spec.replicas is %d.", qCrash, crashed, sy.Replicas),
			Choices:  []string{cCrashCreate, cCrashReplace, cCrashNothing},
			Why:      fmt.Sprintf("The controller counts pods, not containers: %s is still one of its %d active pods, so diff = %d - %d = 0. Restarting the container is the kubelet's job (restartPolicy Always).", crashed, sy.Active, sy.Active, sy.Replicas),
		}
		switch {
		case len(sy.Created) > 0 && len(sy.Deleted) > 0:
			p.Answer = 1
		case len(sy.Created) > 0:
			p.Answer = 0
		case len(sy.Deleted) == 0:
			p.Answer = 2
		default:
			return demos.Prediction{}, false
		}
		return p, true
	}
	switch {
	case sy.Diff < 0:
		ans := len(sy.Created)
		lo := max(0, ans-2)
		p := demos.Prediction{
			Question: fmt.Sprintf("%s in its next sync? spec.replicas is %d; %d pods exist, %d of them Terminating.", qCreate, sy.Replicas, len(sy.Observed), len(sy.Observed)-sy.Active),
			Answer:   ans - lo,
			Why:      fmt.Sprintf("A Terminating pod is no longer active (FilterActivePods), so diff = %d - %d = %d and the controller creates %d, without waiting for the old pod to go.", sy.Active, sy.Replicas, sy.Diff, ans),
		}
		for n := lo; n < lo+6; n++ {
			p.Choices = append(p.Choices, strconv.Itoa(n))
		}
		return p, true
	case sy.Diff > 0:
		if len(sy.Ranking) < 2 || len(sy.Ranking) > 6 {
			return demos.Prediction{}, false
		}
		p := demos.Prediction{
			Question: fmt.Sprintf("%s? spec.replicas drops to %d; %d pods are active.", qDelete, sy.Replicas, sy.Active),
			Why:      "getPodsToDelete ranks Pending before Running, not Ready before Ready, then the pods Ready for the least time (compared in powers of two, ties broken by UID): the newest go first, the long-running ones stay.",
		}
		// The choices in kubectl get pods order.
		for _, o := range sy.Observed {
			if o.Active {
				p.Choices = append(p.Choices, o.Name)
			}
		}
		p.Answer = -1
		for i, c := range p.Choices {
			if c == sy.Ranking[0].Name {
				p.Answer = i
			}
		}
		return p, p.Answer >= 0
	}
	return demos.Prediction{}, false
}
