package daemonsets

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/daemonset"
)

var _ demos.Predictor = (*State)(nil)

// The checkpoints' questions begin with these, so a test can tell them
// apart.
const (
	qRunning = "How many fluentd pods will be running"
	qOld     = "How many old pods will the DaemonSet controller delete"
	qTainted = "What will the DaemonSet controller do with"
)

// Choices of the tainted-node checkpoint.
const (
	cDeletedNotReplaced = "Delete it, and create no new pod on that node"
	cDeletedReplaced    = "Delete it, then create a new pod with the new image on that node"
	cKept               = "Leave it running: a NoSchedule taint never removes a running pod"
)

// Prediction asks, where the learner can reason it out from the nodes,
// labels, taints and pods on the page, what the DaemonSet controller's
// next sync will do. The answer is read from the next frame of the story,
// which engine/daemonset simulated (it follows kubernetes
// pkg/controller/daemon/daemon_controller.go and update.go):
//
//   - after you change the cluster (apply, a node joins, a label, a taint,
//     a node deleted): how many pods will run after the next sync;
//   - after kubectl set image: how many old pods the first rolling-update
//     sync deletes;
//   - before the rolling update reaches an old pod on a node with an
//     untolerated NoSchedule taint: what happens to it.
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step+1 >= len(st.frames) {
		return demos.Prediction{}, false
	}
	cur, next := st.frames[st.step], st.frames[st.step+1]
	if next.Actor != actorDS {
		return demos.Prediction{}, false
	}
	deleted := newlyTerminating(cur.sim, next.sim)
	rolling := isRollingUpdate(next)
	if rolling {
		for _, p := range deleted {
			if p, ok := st.taintedOldPod(p); ok {
				return p, true
			}
		}
	}
	if cur.Actor != actorYou {
		return demos.Prediction{}, false
	}
	if rolling {
		return oldPodsPrediction(cur.sim, len(deleted))
	}
	return runningPrediction(next.sim)
}

// runningPrediction: how many pods run after the manage loop's sync.
// daemon_controller.go NodeShouldRunDaemonPod decides per node: the
// nodeSelector must match and every NoSchedule/NoExecute taint must be
// tolerated for a new pod; a pod already running stays unless the node no
// longer matches or has an untolerated NoExecute taint.
func runningPrediction(next *daemonset.Sim) (demos.Prediction, bool) {
	// A deleted node's pod still shows Running until the pod garbage
	// collector deletes it: no checkpoint while the count is ambiguous.
	if len(next.Orphans()) > 0 {
		return demos.Prediction{}, false
	}
	running := runningPods(next)
	p := demos.Prediction{
		Question: qRunning + " after the DaemonSet controller's next sync?",
		Answer:   len(running),
	}
	for n := 0; n <= len(next.Nodes); n++ {
		p.Choices = append(p.Choices, strconv.Itoa(n))
	}
	if p.Answer >= len(p.Choices) || len(p.Choices) < 2 {
		return demos.Prediction{}, false
	}
	var on []string
	for _, pod := range running {
		on = append(on, pod.Node)
	}
	where := "none"
	if len(on) > 0 {
		where = strings.Join(on, ", ")
	}
	p.Why = fmt.Sprintf("The controller keeps exactly one pod on every node whose labels match the nodeSelector and whose NoSchedule and NoExecute taints are tolerated, and a NoSchedule taint only stops new pods, so pods run on: %s.", where)
	return p, true
}

// oldPodsPrediction: the first sync after a new template. The defaults are
// maxUnavailable 1 and maxSurge 0 (pkg/apis/apps/v1/defaults.go
// SetDefaults_DaemonSet); update.go rollingUpdate (maxSurge == 0) deletes
// an available old pod only while fewer than maxUnavailable nodes lack an
// available pod.
func oldPodsPrediction(cur *daemonset.Sim, deleted int) (demos.Prediction, bool) {
	old := 0
	for _, pod := range cur.Pods {
		if !pod.Terminating && pod.Revision != cur.Revision {
			old++
		}
	}
	if old < 1 || deleted > old {
		return demos.Prediction{}, false
	}
	p := demos.Prediction{
		Question: fmt.Sprintf("%s in its next sync? (%d pods run the old image)", qOld, old),
		Answer:   deleted,
	}
	for n := 0; n <= old; n++ {
		p.Choices = append(p.Choices, strconv.Itoa(n))
	}
	p.Why = "The rolling update's defaults are maxUnavailable 1 and maxSurge 0, so the controller deletes an old pod only while no other node is without an available pod: one node at a time, the new pod created only once the old one is gone (daemon_controller.go podsShouldBeOnNode creates nothing on a node whose pod is still Terminating)."
	return p, true
}

// taintedOldPod is the checkpoint for an old pod, about to be deleted by
// the rolling update, on a node where NodeShouldRunDaemonPod says no new
// pod may go (an untolerated NoSchedule taint). With maxSurge 0,
// update.go rollingUpdate does not ask NodeShouldRunDaemonPod, so the old
// pod is deleted like any other; the manage loop (daemon_controller.go
// podsShouldBeOnNode) then creates pods only where shouldRun is true.
func (st *State) taintedOldPod(pod daemonset.Pod) (demos.Prediction, bool) {
	cur := st.frames[st.step].sim
	ni := -1
	for i, n := range cur.Nodes {
		if n.Name == pod.Node {
			ni = i
		}
	}
	if ni < 0 {
		return demos.Prediction{}, false
	}
	d := cur.ShouldRun(cur.Nodes[ni])
	if d.ShouldRun || !d.ShouldContinueRunning {
		return demos.Prediction{}, false
	}
	taint := strings.TrimPrefix(strings.TrimSuffix(d.Why, ": no new pod, but a running one stays"), "untolerated taint ")
	p := demos.Prediction{
		Question: fmt.Sprintf("%s %s? It runs the old image on %s, whose taint %s fluentd does not tolerate.", qTainted, pod.Name, pod.Node, taint),
		Choices:  []string{cDeletedNotReplaced, cDeletedReplaced, cKept},
		Answer:   -1,
	}
	switch next := st.frames[st.step+1].sim; {
	case !gone(next, pod.Name):
		p.Answer = 2
	case st.replacedLater(pod.Node):
		p.Answer = 1
	default:
		p.Answer = 0
	}
	p.Why = "With maxSurge 0 the rolling update deletes every old pod without asking whether a new one may go on its node, and the controller then creates pods only on nodes that should run one, so a node with an untolerated NoSchedule taint is left with none."
	return p, true
}

// replacedLater: a later frame of the story has a pod of the current
// revision running on node.
func (st *State) replacedLater(node string) bool {
	for _, f := range st.frames[st.step+1:] {
		for _, pod := range f.sim.Pods {
			if pod.Node == node && !pod.Terminating && pod.Revision == f.sim.Revision {
				return true
			}
		}
	}
	return false
}

// isRollingUpdate: the frame is a sync of update.go rollingUpdate (the
// engine's lines for it start so).
func isRollingUpdate(f frame) bool {
	for _, d := range f.Did {
		if strings.HasPrefix(d, "rolling update:") {
			return true
		}
	}
	return false
}

// newlyTerminating are the pods of a that are Terminating (or gone) in b.
func newlyTerminating(a, b *daemonset.Sim) []daemonset.Pod {
	var out []daemonset.Pod
	for _, pod := range a.Pods {
		if !pod.Terminating && gone(b, pod.Name) {
			out = append(out, pod)
		}
	}
	return out
}

// gone: the pod is Terminating or no longer exists in s.
func gone(s *daemonset.Sim, name string) bool {
	for _, pod := range s.Pods {
		if pod.Name == name {
			return pod.Terminating
		}
	}
	return true
}

// runningPods are the pods that are not Terminating.
func runningPods(s *daemonset.Sim) []daemonset.Pod {
	var out []daemonset.Pod
	for _, pod := range s.Pods {
		if !pod.Terminating {
			out = append(out, pod)
		}
	}
	return out
}
