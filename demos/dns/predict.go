package dns

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	kdns "github.com/kubeviz/kubeviz/engine/dns"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks, before each query, what CoreDNS will answer to it: no
// such name, a name without records of the type, or how many records. The
// lookup is computed in full when the state is built (engine/dns Lookup),
// so the next exchange holds the answer.
func (s *State) Prediction() (demos.Prediction, bool) {
	if s.step >= len(s.xs) {
		return demos.Prediction{}, false
	}
	x := s.xs[s.step]
	got := answerChoice(x.Response)
	p := demos.Prediction{
		Question: fmt.Sprintf("Query %d: %s %s. What will CoreDNS answer?", s.step+1, x.Name, x.Type),
		Choices:  []string{kdns.NXDomain, "NOERROR with no records"},
	}
	// Counts 1 to 3, or a window of four that reaches the answer.
	n := len(x.Answer)
	for c := max(1, n-3); c <= max(3, n); c++ {
		p.Choices = append(p.Choices, records(c, x.Type))
	}
	p.Choices = p.Choices[:min(len(p.Choices), 6)]
	p.Answer = slices.Index(p.Choices, got)
	if p.Answer < 0 {
		return demos.Prediction{}, false
	}
	// CoreDNS's kubernetes plugin (plugin/kubernetes/kubernetes.go
	// Records, parse.go parseRequest) answers names under the cluster
	// domain, with NXDOMAIN for a name that is no Service, pod or
	// namespace; the forward plugin sends the rest to the node's resolver.
	// glibc's res_search (resolv/res_query.c __res_context_search) stops at
	// the first answer with records and moves on after NXDOMAIN or an
	// answer without records.
	next := "an answer with records ends the search, so the resolver stops here"
	if !x.Found() {
		next = "an answer without records sends the resolver on to the next name of the search list"
		if s.step+1 == len(s.cands) {
			next = "an answer without records ends a lookup that has no name left to try, so it fails"
		}
	}
	p.Why = fmt.Sprintf("%s; %s.", strings.TrimSuffix(x.Why, "."), next)
	return p, true
}

// answerChoice is the response in the words of the choices.
func answerChoice(r kdns.Response) string {
	switch {
	case r.Rcode != kdns.NoError:
		return r.Rcode
	case len(r.Answer) == 0:
		return "NOERROR with no records"
	}
	return records(len(r.Answer), r.Answer[0].Type)
}

func records(n int, typ string) string {
	if n == 1 {
		return "1 " + typ + " record"
	}
	return fmt.Sprintf("%d %s records", n, typ)
}
