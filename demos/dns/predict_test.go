package dns

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// shownAnswer reads the answer to query k from the list of names in the
// state's text ("k. NAME TYPE: answer") and says it in the choices' words.
func shownAnswer(t *testing.T, text string, k int, typ string) string {
	t.Helper()
	m := regexp.MustCompile(fmt.Sprintf(`(?m)^%d\. \S+ %s: (.*)$`, k, typ)).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("query %d is not in the text", k)
	}
	a := m[1]
	switch {
	case a == "NXDOMAIN":
		return a
	case a == "NOERROR, no records":
		return "NOERROR with no records"
	case strings.HasSuffix(a, " addresses"):
		n, _ := strconv.Atoi(strings.TrimSuffix(a, " addresses"))
		return records(n, "A")
	case strings.HasSuffix(a, "SRV record") || strings.HasSuffix(a, "SRV records"):
		return a
	case regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`).MatchString(a):
		return "1 A record"
	}
	t.Fatalf("query %d: cannot read %q", k, a)
	return ""
}

// Before every query of every preset (and of a namespace and readiness
// variant) the checkpoint's answer is what CoreDNS answers once the query
// is sent; every lookup asks at each of its queries.
func TestPredictionsAreTheNextAnswer(t *testing.T) {
	var cases []url.Values
	for _, p := range Presets {
		cases = append(cases, url.Values{"name": {p.Name}, "type": {p.Type}})
	}
	cases = append(cases,
		url.Values{"name": {"db"}, "notready": {"db-1"}},
		url.Values{"name": {"db"}, "notready": {"db-0,db-1,db-2"}},
		url.Values{"name": {"_postgres._tcp.db"}, "type": {"SRV"}, "notready": {"db-2"}},
		url.Values{"name": {"web"}, "ns": {"default"}},
		url.Values{"name": {"web.shop"}, "ns": {"payments"}},
	)
	for _, q := range cases {
		t.Run(q.Encode(), func(t *testing.T) {
			s, problems := open(q)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			asked := 0
			for s.step < len(s.xs) {
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
				if want := shownAnswer(t, s.Text(), s.step, s.qtype); p.Choices[p.Answer] != want {
					t.Errorf("query %d: predicted %q, CoreDNS answers %q", s.step, p.Choices[p.Answer], want)
				}
			}
			if asked != len(s.xs) {
				t.Errorf("%d checkpoints for %d queries", asked, len(s.xs))
			}
		})
	}
}

// A headless Service answers one A record per ready pod: the count is the
// checkpoint's answer, and it follows readiness.
func TestHeadlessCountFollowsReadiness(t *testing.T) {
	for notReady, want := range map[string]string{"": "3 A records", "db-1": "2 A records", "db-0,db-2": "1 A record"} {
		s, _ := open(url.Values{"name": {"db"}, "notready": {notReady}})
		p, ok := s.Prediction()
		if !ok || p.Choices[p.Answer] != want {
			t.Errorf("notready=%q: %v %+v, want %s", notReady, ok, p, want)
		}
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
