package preemption

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
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
