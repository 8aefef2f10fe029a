package netpol

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/netpol"
)

// shownOutcome reads the verdict of request k from the state's text: the
// sentence the demo prints under "Request k of n" (engine/netpol
// Verdict.Reason, or the reply's sentence).
func shownOutcome(t *testing.T, text string, k, n int) string {
	t.Helper()
	_, after, ok := strings.Cut(text, fmt.Sprintf("Request %d of %d: ", k, n))
	if !ok {
		t.Fatalf("request %d is not in the text", k)
	}
	lines := strings.SplitN(after, "\n", 3)
	sentence := lines[1]
	egress, ingress := strings.Contains(sentence, "isolated for egress"), strings.Contains(sentence, "isolated for ingress")
	switch {
	case strings.Contains(sentence, "there is nothing to reply to"):
		return "nothing"
	case strings.Contains(sentence, "allowed, it belongs to a connection"):
		return "reply"
	case strings.Contains(sentence, ": allowed"):
		return "allow"
	case egress && ingress:
		return "both"
	case egress:
		return "egress"
	case ingress:
		return "ingress"
	}
	t.Fatalf("request %d: cannot read %q", k, sentence)
	return ""
}

// category is what a choice claims, in shownOutcome's words.
func category(choice string) string {
	switch {
	case strings.HasPrefix(choice, "Yes: it belongs"):
		return "reply"
	case strings.HasPrefix(choice, "There is nothing to reply to"):
		return "nothing"
	case choice == "Allow it":
		return "allow"
	case choice == "Deny it at both ends":
		return "both"
	case strings.Contains(choice, "its egress rules"):
		return "egress"
	case strings.Contains(choice, "its ingress rules"):
		return "ingress"
	}
	return "?" + choice
}

// Before every request of every scenario (and of the variants the
// scenarios invite) the checkpoint's answer is the verdict the step shows.
func TestPredictionsAreTheVerdicts(t *testing.T) {
	cases := []url.Values{}
	for _, sc := range scenarios {
		cases = append(cases, url.Values{"scenario": {sc.Name}})
	}
	cases = append(cases,
		url.Values{"scenario": {"and-or"}, "apply": {netpol.MetricsOr}},
		url.Values{"scenario": {"zero-trust"}, "apply": {netpol.DefaultDeny}},
		url.Values{"scenario": {"outline"}, "apply": {netpol.APIPolicy + "," + netpol.DefaultDeny + "," + netpol.AllowDNS}},
	)
	for _, q := range cases {
		t.Run(q.Encode(), func(t *testing.T) {
			st, problems := Definition.Open(q)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			s := st.(*State)
			_, total := s.Progress()
			asked := 0
			for s.step < total {
				beforeQ, beforeT := s.Query().Encode(), s.Text()
				p, ok := s.Prediction()
				if s.Query().Encode() != beforeQ || s.Text() != beforeT {
					t.Fatalf("step %d: Prediction changed the state", s.step)
				}
				if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
				if !ok {
					continue
				}
				asked++
				checkPrediction(t, s.step, p)
				if got, want := category(p.Choices[p.Answer]), shownOutcome(t, s.Text(), s.step, total); got != want {
					t.Errorf("request %d: predicted %q, the step shows %s", s.step, p.Choices[p.Answer], want)
				}
			}
			if asked == 0 {
				t.Errorf("no checkpoint in %s", q.Encode())
			}
		})
	}
}

func checkPrediction(t *testing.T, step int, p demos.Prediction) {
	t.Helper()
	if p.Question == "" || p.Why == "" {
		t.Errorf("step %d: empty question or why: %+v", step, p)
	}
	if len(p.Choices) < 2 || len(p.Choices) > 6 {
		t.Errorf("step %d: %d choices", step, len(p.Choices))
	}
	if p.Answer < 0 || p.Answer >= len(p.Choices) {
		t.Fatalf("step %d: answer %d of %d choices", step, p.Answer, len(p.Choices))
	}
	seen := map[string]bool{}
	for _, c := range p.Choices {
		if seen[c] {
			t.Errorf("step %d: choice %q twice", step, c)
		}
		seen[c] = true
	}
}
