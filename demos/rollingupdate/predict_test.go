package rollingupdate

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// Each checkpoint's answer is what the next sync really does.
func TestPredictionsAreTheNextSync(t *testing.T) {
	st, _ := Definition.Open(url.Values{"replicas": {"5"}, "maxSurge": {"1"}, "maxUnavailable": {"1"}})
	s := st.(*State)
	asked := 0
	for s.step < len(s.frames)-1 {
		p, ok := s.Prediction()
		if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		asked++
		if got := strconv.Itoa(int(s.frames[s.step].sim.NewRS().Replicas)); p.Choices[p.Answer] != got {
			t.Errorf("step %d: predicted %s, the sync made %s", s.step, p.Choices[p.Answer], got)
		}
	}
	if asked < 2 {
		t.Errorf("%d checkpoints in a 5-replica rollout", asked)
	}
}
