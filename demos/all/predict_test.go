package all

import (
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// Every stepped demo asks at least one predict-then-reveal checkpoint on its
// default timeline (issue 10: "inside demos, predict-then-reveal
// checkpoints"), every checkpoint is well formed, and asking never changes
// the state. Each demo's own predict_test.go checks that the answer is what
// the next step does.
func TestEveryDemoAsksCheckpoints(t *testing.T) {
	for _, d := range Demos() {
		t.Run(d.Name, func(t *testing.T) {
			st, _ := d.Open(nil)
			pr, ok := st.(demos.Predictor)
			if !ok {
				t.Fatalf("%T is not a demos.Predictor", st)
			}
			_, total := st.Progress()
			asked := 0
			for i := 0; i < total; i++ {
				q, text := st.Query().Encode(), st.Text()
				if p, ok := pr.Prediction(); ok {
					asked++
					if len(p.Choices) < 2 || len(p.Choices) > 12 || p.Answer < 0 || p.Answer >= len(p.Choices) || p.Question == "" || p.Why == "" {
						t.Errorf("step %d: malformed checkpoint %+v", i, p)
					}
					seen := map[string]bool{}
					for _, c := range p.Choices {
						if seen[c] {
							t.Errorf("step %d: choice %q twice", i, c)
						}
						seen[c] = true
					}
				}
				if st.Query().Encode() != q || st.Text() != text {
					t.Fatalf("step %d: asking the checkpoint changed the state", i)
				}
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
			}
			if total > 0 && asked == 0 {
				t.Errorf("no checkpoint in %d steps of the default timeline", total)
			}
			t.Logf("%d checkpoints in %d steps", asked, total)
		})
	}
}
