package disruption

import (
	"slices"
	"strings"
	"testing"
)

// Once the victims are gone, the retry evaluates the nominated node first
// and, with one feasible node, skips scoring (schedule_one.go
// findNodesThatFitPod → evaluateNominatedNode; schedulePod "When only one
// node after predicate, just use it").
func TestRetryEvaluatesTheNominatedNodeOnly(t *testing.T) {
	tl, _, err := RunPreemption(PreemptConfig{Classes: StoryClasses(), Class: "checkout-critical", CPU: "1000m", Life: Lifecycle{Grace: 30}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range tl.Frames {
		if f.Cycle == nil || !f.Cycle.Scheduled() {
			continue
		}
		found = true
		c := f.Cycle
		if !slices.Equal(c.Feasible, []string{"node-2"}) || len(c.Scores) != 0 || len(c.Filter) != 1 {
			t.Errorf("retry filtered %d node(s), feasible %v, %d score plugins; want node-2 alone and no scoring", len(c.Filter), c.Feasible, len(c.Scores))
		}
		if !strings.Contains(strings.Join(f.Did, " "), "evaluateNominatedNode") {
			t.Errorf("the step does not say the nominated node is evaluated first: %q", f.Did)
		}
	}
	if !found {
		t.Fatal("checkout never bound")
	}
}

// A tie on every criterion of pickOneNodeForPreemption is reported: upstream
// takes the first node of a map's iteration, effectively random.
func TestTieOnEveryCriterion(t *testing.T) {
	for _, tc := range []struct {
		reports int
		tied    []string
	}{{0, nil}, {4, []string{"node-1", "node-2", "node-3"}}} {
		tl, _, err := RunPreemption(PreemptConfig{Classes: StoryClasses(), Class: "checkout-critical", CPU: "1000m", Life: Lifecycle{Grace: 30}, ReportsMinAvailable: tc.reports})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range tl.Frames {
			if f.Cycle == nil || f.Cycle.PostFilter == nil {
				continue
			}
			if !slices.Equal(f.Tied, tc.tied) {
				t.Errorf("reports=%d: tied %v, want %v", tc.reports, f.Tied, tc.tied)
			}
			if said := strings.Contains(strings.Join(f.Did, " "), "effectively random"); said != (tc.tied != nil) {
				t.Errorf("reports=%d: step says %q", tc.reports, f.Did)
			}
		}
	}
}
