package customsched

import (
	"bytes"
	"context"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// The contract of demos/all's TestEveryDemoKeepsTheContract, run here on
// every scenario: Open(Query()) reproduces each step, Back is exact, every
// state renders and has a narration and a text view.
func TestContract(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			st, probs := Open(parse(sc.query))
			if len(probs) != 0 {
				t.Fatal(probs)
			}
			_, total := st.Progress()
			var texts []string
			for i := 0; ; i++ {
				again, probs := Open(st.Query())
				if len(probs) != 0 || again.Text() != st.Text() {
					t.Fatalf("Open(%q) does not reproduce step %d: %v", st.Query().Encode(), i, probs)
				}
				if st.Narration() == "" || st.Text() == "" {
					t.Fatalf("step %d has no narration or text", i)
				}
				var buf bytes.Buffer
				if err := st.View(templates.Link{Path: "/demos/custom-schedulers"}).Render(context.Background(), &buf); err != nil || buf.Len() == 0 {
					t.Fatalf("View: %v", err)
				}
				texts = append(texts, st.Text())
				if i == total {
					break
				}
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
			}
			if st.Apply(demos.Action{Kind: "step"}) == nil {
				t.Errorf("a step past the last one was accepted")
			}
			for i := total - 1; i >= 0; i-- {
				if err := st.Apply(demos.Action{Kind: "back"}); err != nil {
					t.Fatal(err)
				}
				if st.Text() != texts[i] {
					t.Fatalf("back to step %d differs", i)
				}
			}
			if st.Apply(demos.Action{Kind: "no-such-action"}) == nil {
				t.Errorf("an unknown action was accepted")
			}
		})
	}
}
