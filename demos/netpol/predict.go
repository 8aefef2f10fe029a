package netpol

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/netpol"
)

var _ demos.Predictor = (*State)(nil)

// Answers for a reply.
const (
	replyAllowed = iota
	replyNeedsIngress
	replyNeedsEgress
	replyNothing
)

// Prediction asks, before each request, what the policies applied now do
// with it. The engine's own verdict (engine/netpol Evaluate, the request
// the next step shows) is the answer.
func (s *State) Prediction() (demos.Prediction, bool) {
	if s.step >= len(s.sc.Requests) {
		return demos.Prediction{}, false
	}
	r := s.sc.Requests[s.step]
	v := s.verdict(r)
	if v.Self {
		return demos.Prediction{}, false
	}
	if r.Reply {
		// Policies decide new connections only: the network plugin lets
		// the packets of an allowed connection through both ways
		// (kubernetes-sigs/kube-network-policies pkg/pipeline/networkpolicy.go
		// evaluates new flows; conntrack passes the rest).
		p := demos.Prediction{
			Question: fmt.Sprintf("%s answers on the connection %s → %s %s %d. Will the reply get through?", r.To, r.From, r.To, r.Proto, r.Port),
			Choices: []string{
				"Yes: it belongs to the connection, and policies decide new connections only",
				fmt.Sprintf("Only if an ingress rule at %s allows traffic from %s", r.From, r.To),
				fmt.Sprintf("Only if an egress rule at %s allows traffic to %s", r.To, r.From),
				"There is nothing to reply to: the connection itself was denied",
			},
			Answer: replyAllowed,
			Why:    "NetworkPolicies decide whether a new connection may start; once one is allowed, the network plugin lets its packets through in both directions (conntrack ESTABLISHED), so a reply needs no rule of its own.",
		}
		if !v.Allowed {
			p.Answer = replyNothing
		}
		return p, true
	}
	src, dst := v.Conn.Src.Short(), v.Conn.Dst.Short()
	allow := "Allow it"
	denyEgress := fmt.Sprintf("Deny it at %s: its egress rules do not allow it", src)
	denyIngress := fmt.Sprintf("Deny it at %s: its ingress rules do not allow it", dst)
	denyBoth := "Deny it at both ends"
	p := demos.Prediction{
		Question: fmt.Sprintf("Request %d: %s → %s %s %d. What will the policies applied now do with it?", s.step+1, r.From, r.To, r.Proto, r.Port),
		Choices:  []string{allow},
	}
	// An end that is not a pod has no policies: no choice blames it.
	if !v.Egress.Outside {
		p.Choices = append(p.Choices, denyEgress)
	}
	if !v.Ingress.Outside {
		p.Choices = append(p.Choices, denyIngress)
	}
	if !v.Egress.Outside && !v.Ingress.Outside {
		p.Choices = append(p.Choices, denyBoth)
	}
	got := allow
	switch {
	case v.Allowed:
	case !v.Egress.Allowed && !v.Ingress.Allowed:
		got = denyBoth
	case !v.Egress.Allowed:
		got = denyEgress
	default:
		got = denyIngress
	}
	p.Answer = slices.Index(p.Choices, got)
	if p.Answer < 0 {
		return demos.Prediction{}, false
	}
	// The API's semantics (networking/v1 types.go, the NetworkPolicy
	// concept page) as engine/netpol Evaluate follows them: an end is
	// isolated in a direction when a policy of its namespace selects it with
	// that direction in policyTypes, and then only the union of those
	// policies' rules allows; both egress at the source and ingress at the
	// destination must allow.
	side := func(sd netpol.Side, dir string, at string) string {
		switch {
		case sd.Outside:
			return fmt.Sprintf("%s is not a pod, so no policy applies to it", at)
		case !sd.Isolated():
			return fmt.Sprintf("no policy isolates %s for %s", at, dir)
		case sd.Allowed:
			return fmt.Sprintf("%s is isolated for %s by %s, and one of its %s rules allows it", at, dir, strings.Join(sd.Isolating, ", "), dir)
		}
		return fmt.Sprintf("%s is isolated for %s by %s, and none of its %s rules allows it", at, dir, strings.Join(sd.Isolating, ", "), dir)
	}
	p.Why = fmt.Sprintf("A new connection needs the source's egress and the destination's ingress to allow it, and an end no policy isolates allows everything: here %s, and %s.",
		side(v.Egress, "egress", src), side(v.Ingress, "ingress", dst))
	return p, true
}
