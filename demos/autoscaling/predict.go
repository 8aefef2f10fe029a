package autoscaling

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/clusterautoscaler"
	"github.com/kubeviz/kubeviz/engine/hpa"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks, before an HPA sync that changes something ("how many
// replicas after this sync?") or a Cluster Autoscaler scan with Pending pods
// or an unneeded node ("will it add a node?", "will it remove one?"). The
// answer is the engine's: the next frame of the timeline, already computed.
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step >= st.total() {
		return demos.Prediction{}, false
	}
	if !st.caOn() {
		cur, next := st.frames[st.step], st.frames[st.step+1]
		y := next.sync
		if y.Desired == y.CurrentReplicas && next.load == cur.load {
			return demos.Prediction{}, false
		}
		return st.replicasQuestion(y, next.load), true
	}
	cur, next := st.cframes[st.step], st.cframes[st.step+1]
	m := next.Last
	if y := m.HPA; y != nil && (y.Rescaled || hpa.Load(st.in.Load, next.Syncs) != hpa.Load(st.in.Load, max(next.Syncs-1, 1))) {
		return st.replicasQuestion(y, m.Load), true
	}
	sc := m.Scan
	if sc == nil {
		return demos.Prediction{}, false
	}
	// Ask about a scale-up when Pending pods are new since the last scan,
	// or when a node is about to join; not at every scan of a long wait.
	seen := 0
	if cur.LastScan != nil {
		seen = len(cur.LastScan.Unschedulable)
	}
	if pend := len(cur.Pending()); pend > 0 && (pend != seen || len(m.Joined) > 0) || sc.ScaleUp == clusterautoscaler.ScaleUpSuccessful {
		return st.addNodeQuestion(cur, next), true
	}
	// Ask about a removal around the moment a node has been unneeded for
	// --scale-down-unneeded-time (10m).
	if last := cur.LastScan; last != nil {
		for _, u := range last.Nodes {
			if u.Verdict == "Unneeded" && u.UnneededFor >= 9*60+40 && u.UnneededFor <= 10*60+10 {
				return st.removeNodeQuestion(next), true
			}
		}
	}
	return demos.Prediction{}, false
}

// replicasQuestion asks for spec.replicas after the sync y.
func (st *State) replicasQuestion(y *hpa.Sync, load int64) demos.Prediction {
	cur, ans := int(y.CurrentReplicas), int(y.Desired)
	set := []int{cur, ans}
	if y.Bounded == "" && !y.NoMetrics {
		set = append(set, min(max(int(y.Proposed), int(st.cfg.MinReplicas)), int(st.cfg.MaxReplicas)))
	}
	for _, d := range []int{1, -1, 2, -2, 3} {
		if len(set) >= 4 {
			break
		}
		for _, n := range []int{ans + d, cur + d} {
			if n >= 0 && n <= int(st.cfg.MaxReplicas)+2 && !slices.Contains(set, n) && len(set) < 4 {
				set = append(set, n)
			}
		}
	}
	set = dedup(set)
	slices.Sort(set)
	p := demos.Prediction{Question: fmt.Sprintf("The HPA syncs next, with %s of load. How many replicas will Deployment web have after this sync? (now %d)", milli(load), cur)}
	for i, n := range set {
		p.Choices = append(p.Choices, strconv.Itoa(n))
		if n == ans {
			p.Answer = i
		}
	}
	p.Why = st.narrationAt(st.step + 1)
	return p
}

func dedup(xs []int) []int {
	var out []int
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// The answers to "will the cluster autoscaler add a node?".
var addChoices = []string{
	"Yes: it asks the cloud provider for more nodes (a scale-up)",
	"No: the Pending pods fit on a node that is already being provisioned",
	"No: the Pending pods are less than 2 s old, so it waits one scan",
	"No: the node group is already at its max size",
	"No: no pod is Pending any more by then",
}

// addAnswer is the index in addChoices of what a scan did.
func addAnswer(sc *clusterautoscaler.Scan) int {
	switch sc.ScaleUp {
	case clusterautoscaler.ScaleUpSuccessful:
		return 0
	case clusterautoscaler.ScaleUpInCooldown:
		return 2
	case clusterautoscaler.ScaleUpNoOptionsAvailable:
		return 3
	}
	if len(sc.FitUpcoming) > 0 {
		return 1
	}
	return 4
}

func (st *State) addNodeQuestion(cur, next *clusterautoscaler.Sim) demos.Prediction {
	q := fmt.Sprintf("The cluster autoscaler scans next (at %s). %d %s Pending now. Will it add a node?", clusterautoscaler.Duration(next.T), len(cur.Pending()), plural2(len(cur.Pending()), "pod is", "pods are"))
	if next.Last.HPA != nil {
		q = fmt.Sprintf("The HPA syncs and then the cluster autoscaler scans (at %s). Will the autoscaler add a node?", clusterautoscaler.Duration(next.T))
	}
	return demos.Prediction{Question: q, Choices: addChoices, Answer: addAnswer(next.Last.Scan), Why: st.narrationAt(st.step + 1)}
}

// The answers to "will the cluster autoscaler remove a node?".
var removeChoices = []string{
	"Yes: a node has been unneeded for longer than 10 minutes, so it is removed",
	"No: no node has been unneeded for longer than 10 minutes yet",
	"No: scale-down is still in cooldown after the last scale-up",
	"No: the node group would fall below its min size",
}

// removeAnswer is the index in removeChoices of what a scan did.
func removeAnswer(sc *clusterautoscaler.Scan) int {
	switch {
	case len(sc.Removed) > 0:
		return 0
	case sc.ScaleDown == clusterautoscaler.ScaleDownInCooldown:
		return 2
	case sc.ScaleDown == clusterautoscaler.ScaleDownNoCandidates:
		return 3
	}
	for _, u := range sc.Nodes {
		if u.Removable == "NotUnneededLongEnough" {
			return 1
		}
	}
	for _, u := range sc.Nodes {
		if u.Removable == "NodeGroupMinSizeReached" {
			return 3
		}
	}
	return 1
}

func (st *State) removeNodeQuestion(next *clusterautoscaler.Sim) demos.Prediction {
	return demos.Prediction{
		Question: fmt.Sprintf("The cluster autoscaler scans next (at %s). Will it remove a node?", clusterautoscaler.Duration(next.T)),
		Choices:  removeChoices, Answer: removeAnswer(next.Last.Scan), Why: st.narrationAt(st.step + 1),
	}
}

// narrationAt is the narration of another step of the same timeline.
func (st *State) narrationAt(step int) string {
	c := *st
	c.step = step
	return c.Narration()
}
