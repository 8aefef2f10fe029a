package preemption

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/disruption"
)

// Each checkpoint's answer is what the next step does.
func TestPredictionsAreTheNextStep(t *testing.T) {
	for _, query := range []string{"story=priorityclasses", "story=priorityclasses&class=gold", "story=priorityclasses&class=", "", "cpu=1500m", "class=batch-low", "reportsPDB=4", "classValue=50", "story=drain", "story=drain&value=50%25", "story=drain&budget=minAvailable&value=4"} {
		q, _ := url.ParseQuery(query)
		st, _ := Open(q)
		s := st.(*State)
		asked := 0
		for s.step < s.last() {
			p, ok := s.Prediction()
			if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			asked++
			if p.Answer < 0 || p.Answer >= len(p.Choices) || len(p.Choices) < 2 || len(p.Choices) > 6 {
				t.Fatalf("%s: bad prediction %+v", query, p)
			}
			got := p.Choices[p.Answer]
			f := s.cur()
			switch s.in.Story {
			case StoryClasses:
				want := "reject the pod"
				if !s.adm.Rejected {
					want = "set spec.priority: " + itoa(s.adm.Priority)
				}
				if got != want {
					t.Errorf("%s: predicted %q, admission did %q", query, got, want)
				}
			case StoryPreemption:
				if pf := f.Cycle.PostFilter; len(f.Tied) > 0 {
					// A tie on every criterion: upstream's pick is
					// effectively random, so no "which node?".
					if strings.Contains(p.Question, "Which node") {
						t.Errorf("%s: asks %q though %v tie", query, p.Question, f.Tied)
					}
					want := "No: it evicts only pods the budget can spare"
					if pf.NumPDBViolations > 0 {
						want = "Yes: it has to evict pods the budget protects"
					}
					if pf.PDBs == 0 {
						want = []string{"1 pod", "2 pods", "3 pods", "4 or more pods"}[min(len(pf.Victims), 4)-1]
					}
					if got != want || !strings.Contains(p.Why, "effectively random") {
						t.Errorf("%s: predicted %q (why %q), want %q", query, got, p.Why, want)
					}
					continue
				}
				want := "none: nobody is preempted"
				if n := f.Cycle.PostFilter.Nominated; n != "" {
					want = n
				}
				if got != want {
					t.Errorf("%s: predicted %q, the scheduler nominated %q", query, got, want)
				}
			case StoryDrain:
				if (p.Answer == 0) != f.Attempts[0].Result.Allowed {
					t.Errorf("%s step %d: predicted %q, the API server answered %d", query, s.step, got, f.Attempts[0].Result.Code)
				}
			}
		}
		if asked == 0 {
			t.Errorf("%s: no checkpoint", query)
		}
	}
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

// kubectl get -o yaml prints the spec through sigs.k8s.io/yaml: keys sorted.
func TestPodSpecYAMLKeysSorted(t *testing.T) {
	got := podSpecYAML(&disruption.Admission{ClassName: "checkout-critical", Priority: 100000, PreemptionPolicy: "PreemptLowerPriority"})
	want := "spec:\n  preemptionPolicy: PreemptLowerPriority\n  priority: 100000\n  priorityClassName: checkout-critical\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// With nodes tied on every criterion, the view says upstream's pick is
// effectively random instead of "decided by: first candidate".
func TestTieIsEffectivelyRandomInTheView(t *testing.T) {
	q, _ := url.ParseQuery("reportsPDB=4")
	st, _ := Open(q)
	s := st.(*State)
	for s.step < s.last() {
		if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
			t.Fatal(err)
		}
		if f := s.cur(); f.Cycle != nil && f.Cycle.PostFilter != nil {
			text := strings.Join(cycleLines(f.Cycle, f.Tied), "\n")
			if !strings.Contains(text, "effectively random") || strings.Contains(text, "first candidate") {
				t.Errorf("view says:\n%s", text)
			}
			return
		}
	}
	t.Fatal("no preemption cycle")
}
