package services

import (
	"fmt"

	"github.com/kubeviz/kubeviz/demos"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks, before a traced request starts, which pod it will reach.
// The engine knows: the request's random draws are seeded, so the trace
// already holds the answer (kube-proxy's statistic rules, engine/kubeproxy).
func (s *State) Prediction() (demos.Prediction, bool) {
	eps := s.rs.Endpoints
	if s.step != 0 || len(eps) < 2 {
		return demos.Prediction{}, false
	}
	p := demos.Prediction{Question: "Which pod will this request reach?", Answer: -1}
	for i, e := range eps {
		p.Choices = append(p.Choices, fmt.Sprintf("%s (%s)", e.Pod, e.IP))
		if e.String() == s.trace.Outcome.Endpoint {
			p.Answer = i
		}
	}
	if p.Answer < 0 {
		return demos.Prediction{}, false // NodePort to the node itself, or rejected: nothing to guess
	}
	p.Why = fmt.Sprintf("Nobody can know for sure: kube-proxy's rules give each of the %d ready pods a 1 in %d chance, "+
		"and this request's random draws (seed %d, request %d) sent it to %s.", len(eps), len(eps), s.seed, s.sent, p.Choices[p.Answer])
	return p, true
}
