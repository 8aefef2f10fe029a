package scheduler

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// The checkpoints' answers are the cycle's own: the number of feasible nodes
// before Filter, the selected node before Select host.
func TestPredictions(t *testing.T) {
	st, probs := Definition.Open(url.Values{})
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	s := st.(*State)
	asked := 0
	for {
		if p, ok := s.Prediction(); ok {
			asked++
			next := s.stages()[s.step+1]
			switch next {
			case stFilter:
				if p.Choices[p.Answer] != strconv.Itoa(len(s.cycle.Feasible)) {
					t.Errorf("filter answer %q, feasible %v", p.Choices[p.Answer], s.cycle.Feasible)
				}
			case stSelect:
				if p.Choices[p.Answer] != s.cycle.Selected {
					t.Errorf("select answer %q, selected %q", p.Choices[p.Answer], s.cycle.Selected)
				}
			default:
				t.Errorf("asked before %s", next)
			}
		}
		if step, total := s.Progress(); step == total {
			break
		}
		if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
			t.Fatal(err)
		}
	}
	if asked == 0 {
		t.Error("no checkpoint in the default scenario")
	}
}
