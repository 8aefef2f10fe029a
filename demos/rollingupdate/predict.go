package rollingupdate

import (
	"fmt"
	"strconv"

	"github.com/kubeviz/kubeviz/demos"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks, before a Deployment controller sync that scales the new
// ReplicaSet, what its spec.replicas will be. The answer is the simulated
// controller's own (the next frame of the timeline: rolling.go
// reconcileNewReplicaSet and NewRSNewReplicas).
func (s *State) Prediction() (demos.Prediction, bool) {
	if s.step+1 >= len(s.frames) {
		return demos.Prediction{}, false
	}
	cur, next := s.frames[s.step], s.frames[s.step+1]
	if next.h.Actor != "deployment-controller" || cur.sim.NewRS() == nil || next.sim.NewRS() == nil {
		return demos.Prediction{}, false
	}
	before, after := cur.sim.NewRS().Replicas, next.sim.NewRS().Replicas
	if cur.sim.NewRS().Name != next.sim.NewRS().Name || before == after {
		return demos.Prediction{}, false
	}
	f := next.sim.F
	top := f.Replicas + f.Surge
	p := demos.Prediction{
		Question: fmt.Sprintf("The Deployment controller syncs next. How many replicas will the new ReplicaSet %s want? (now %d)", next.sim.NewRS().Name, before),
		Answer:   int(after),
	}
	for n := int32(0); n <= top; n++ {
		p.Choices = append(p.Choices, strconv.Itoa(int(n)))
	}
	p.Why = fmt.Sprintf("At most replicas + maxSurge = %d + %d = %d pods may exist, and at least replicas - maxUnavailable = %d - %d = %d must stay available; the controller goes as far as those bounds allow in one sync.",
		f.Replicas, f.Surge, top, f.Replicas, f.Unavailable, f.Replicas-f.Unavailable)
	if int(after) >= len(p.Choices) {
		return demos.Prediction{}, false
	}
	return p, true
}
