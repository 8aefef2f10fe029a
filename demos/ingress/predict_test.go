package ingress

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// shownAnswer is ingress-nginx's answer to request k as the state's text
// shows it once sent: " ▶ k. URL → API: … | ingress-nginx: …".
func shownAnswer(t *testing.T, text string, k int) string {
	t.Helper()
	_, after, ok := strings.Cut(text, fmt.Sprintf(" ▶ %d. ", k))
	if !ok {
		t.Fatalf("request %d is not marked sent in the text", k)
	}
	line, _, _ := strings.Cut(after, "\n")
	_, ans, ok := strings.Cut(line, " | ingress-nginx: ")
	if !ok {
		t.Fatalf("no ingress-nginx answer in %q", line)
	}
	return ans
}

// Before every request of both presets the checkpoint's answer is where
// ingress-nginx sends it once the step is taken; every preset asks, and
// the outline's /v1abc is the request where the Ingress API and
// ingress-nginx part ways.
func TestPredictionsAreTheNextRoute(t *testing.T) {
	for _, pr := range presets {
		t.Run(pr.Name, func(t *testing.T) {
			st, problems := Definition.Open(url.Values{"preset": {pr.Name}})
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
				want, got := shownAnswer(t, s.Text(), s.step), p.Choices[p.Answer]
				if want != got && !strings.HasPrefix(want, got+", path ") {
					t.Errorf("request %d: predicted %q, ingress-nginx answers %q", s.step, got, want)
				}
				if pr.Name == "outline" && strings.HasSuffix(p.Question, "/v1abc. Where will ingress-nginx send it?") && got != "Service api-v1-service:80" {
					t.Errorf("/v1abc: the rewrite-target's regex location ^/v1 takes it, not %s", got)
				}
			}
			if asked != total {
				t.Errorf("%d checkpoints for %d requests", asked, total)
			}
		})
	}
}

// A rejected Ingress routes nothing: there is nothing to ask.
func TestNoCheckpointForARejectedIngress(t *testing.T) {
	st, _ := Definition.Open(url.Values{"yaml": {"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: x\nspec: {}\n"}})
	if st.(*State).doc.Ing != nil {
		t.Fatal("the Ingress was accepted; the test needs one the API server rejects")
	}
	if p, ok := st.(*State).Prediction(); ok {
		t.Errorf("a checkpoint for an Ingress without rules or defaultBackend: %+v", p)
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
