package all

import (
	"bytes"
	"context"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// Every demo keeps the contract the live pipeline relies on: the URL is the
// state (Open(Query()) reproduces it at every step), Back is exact (it
// returns to the very state before Step), and every state renders and has a
// narration and a text view.
func TestEveryDemoKeepsTheContract(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Demos() {
		t.Run(d.Name, func(t *testing.T) {
			if seen[d.Name] || d.Name == "" || d.Title == "" || d.Upstream == "" || d.Open == nil {
				t.Fatalf("bad definition: %+v", d)
			}
			seen[d.Name] = true
			st, probs := d.Open(nil)
			if len(probs) != 0 {
				t.Fatalf("default state has problems: %v", probs)
			}
			_, total := st.Progress()
			var texts []string
			for i := 0; ; i++ {
				checkState(t, d, st)
				texts = append(texts, st.Text())
				if step, _ := st.Progress(); step != i {
					t.Fatalf("after %d steps Progress says step %d", i, step)
				}
				if i == total {
					break
				}
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatalf("step %d: %v", i+1, err)
				}
			}
			if total > 0 {
				if err := st.Apply(demos.Action{Kind: "step"}); err == nil {
					t.Errorf("a step past the last one was accepted")
				}
			}
			for i := total - 1; i >= 0; i-- {
				if err := st.Apply(demos.Action{Kind: "back"}); err != nil {
					t.Fatalf("back to %d: %v", i, err)
				}
				if st.Text() != texts[i] {
					t.Fatalf("back to step %d is not the state step %d was:\n%s\nwant\n%s", i, i, st.Text(), texts[i])
				}
			}
			if st.Apply(demos.Action{Kind: "no-such-action"}) == nil {
				t.Errorf("an unknown action was accepted")
			}
		})
	}
}

func checkState(t *testing.T, d demos.Definition, st demos.State) {
	t.Helper()
	again, probs := d.Open(st.Query())
	if len(probs) != 0 {
		t.Fatalf("Open(%q) has problems: %v", st.Query().Encode(), probs)
	}
	if again.Text() != st.Text() {
		t.Fatalf("Open(%q) does not reproduce the state:\n%s\nwant\n%s", st.Query().Encode(), again.Text(), st.Text())
	}
	if st.Narration() == "" || st.Text() == "" {
		t.Fatalf("state %q has no narration or text", st.Query().Encode())
	}
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/" + d.Name}).Render(context.Background(), &buf); err != nil || buf.Len() == 0 {
		t.Fatalf("View: %v (%d bytes)", err, buf.Len())
	}
}
