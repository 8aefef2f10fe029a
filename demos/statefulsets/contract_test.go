package statefulsets

import (
	"bytes"
	"context"
	"net/url"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// The contract of demos/all/all_test.go, here too so this demo is checked
// on its own, in every scenario: Open(Query()) reproduces every step, Back
// is exact, unknown actions are errors.
func TestContract(t *testing.T) {
	for name, query := range scenarios {
		t.Run(name, func(t *testing.T) {
			q, _ := url.ParseQuery(query)
			st, probs := Definition.Open(q)
			if len(probs) != 0 {
				t.Fatal(probs)
			}
			_, total := st.Progress()
			var texts []string
			for i := 0; ; i++ {
				again, probs := Definition.Open(st.Query())
				if len(probs) != 0 || again.Text() != st.Text() {
					t.Fatalf("Open(%q) does not reproduce step %d: %v", st.Query().Encode(), i, probs)
				}
				var buf bytes.Buffer
				if err := st.View(templates.Link{Path: "/demos/statefulsets"}).Render(context.Background(), &buf); err != nil || st.Narration() == "" {
					t.Fatal(err)
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
				t.Error("stepped past the end")
			}
			for i := total - 1; i >= 0; i-- {
				if err := st.Apply(demos.Action{Kind: "back"}); err != nil || st.Text() != texts[i] {
					t.Fatalf("back to %d: %v", i, err)
				}
			}
			if st.Apply(demos.Action{Kind: "nope"}) == nil {
				t.Error("unknown action accepted")
			}
		})
	}
}
