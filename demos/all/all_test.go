package all

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
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
	if msg := reproduces(d, st); msg != "" {
		t.Fatal(msg)
	}
}

// reproduces says how Open(st.Query()) differs from st, "" if it does not:
// everything a session shows (the view's HTML, the text, the narration, the
// progress, the prediction) must follow from the URL. Sessions rely on it:
// an idle session keeps only its query, and the server caches frames by
// query (web/framecache.go).
func reproduces(d demos.Definition, st demos.State) string {
	q := st.Query().Encode()
	again, probs := d.Open(st.Query())
	if len(probs) != 0 {
		return fmt.Sprintf("Open(%q) has problems: %v", q, probs)
	}
	if again.Text() != st.Text() {
		return fmt.Sprintf("Open(%q) does not reproduce the text:\n%s\nwant\n%s", q, again.Text(), st.Text())
	}
	if st.Narration() == "" || st.Text() == "" {
		return fmt.Sprintf("state %q has no narration or text", q)
	}
	if again.Narration() != st.Narration() {
		return fmt.Sprintf("Open(%q) does not reproduce the narration: %q, want %q", q, again.Narration(), st.Narration())
	}
	s1, t1 := st.Progress()
	s2, t2 := again.Progress()
	if s1 != s2 || t1 != t2 {
		return fmt.Sprintf("Open(%q) does not reproduce the progress: %d/%d, want %d/%d", q, s2, t2, s1, t1)
	}
	if p1, ok := st.(demos.Predictor); ok {
		a1, ok1 := p1.Prediction()
		a2, ok2 := again.(demos.Predictor).Prediction()
		if ok1 != ok2 || fmt.Sprint(a1) != fmt.Sprint(a2) {
			return fmt.Sprintf("Open(%q) does not reproduce the prediction: %v %+v, want %v %+v", q, ok2, a2, ok1, a1)
		}
	}
	for _, link := range []templates.Link{
		{Path: "/demos/" + d.Name},
		{Path: "/", Prefix: d.Name + ".", Keep: url.Values{"theme": {"dark"}}, Anchor: d.Section},
	} {
		var want, got bytes.Buffer
		if err := st.View(link).Render(context.Background(), &want); err != nil || want.Len() == 0 {
			return fmt.Sprintf("View of %q: %v (%d bytes)", q, err, want.Len())
		}
		if err := again.View(link).Render(context.Background(), &got); err != nil {
			return fmt.Sprintf("View of Open(%q): %v", q, err)
		}
		if got.String() != want.String() {
			return fmt.Sprintf("Open(%q) does not reproduce the view (link %+v): first difference %s", q, link, firstDiff(got.String(), want.String()))
		}
	}
	return ""
}

// firstDiff shows where two renderings part, with some context.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n  got  …%s…\n  want …%s…", i, got[from:min(len(got), i+120)], want[from:min(len(want), i+120)])
}

// badInputs are what a learner might type or send into any control: every
// demo is offered each (set for every parameter it declares, and edit and
// click), and after each one it accepts, Open(Query()) must still
// reproduce the state: the message beside the control too.
var badValues = []string{"abc", "-1", "99999", "", " 12x ", "1.5", "<b>x</b>", "Z" + strings.Repeat("z", 300)}

var badSequences = [][]demos.Action{
	{{Kind: "edit", Value: "a: ["}},
	{{Kind: "edit", Value: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n"}, {Kind: "edit", Value: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n  bad: ["}},
	{{Kind: "edit", Value: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      limits:\n        memory: 12parsecs\n"}},
	{{Kind: "click", Value: "spec.nothing"}},
	{{Kind: "goto", Value: "abc"}},
	{{Kind: "send", Value: "abc"}},
}

func TestEveryDemoReproducesInvalidInput(t *testing.T) {
	for _, d := range Demos() {
		t.Run(d.Name, func(t *testing.T) {
			var seqs [][]demos.Action
			for _, p := range d.Params {
				for _, v := range badValues {
					seqs = append(seqs, []demos.Action{{Kind: "set", Key: p.Name, Value: v}})
				}
				// A bad value after a good one: the demo goes on with the good one.
				for _, good := range append([]string{p.Default}, p.Values...) {
					if good != "" {
						seqs = append(seqs, []demos.Action{{Kind: "set", Key: p.Name, Value: good}, {Kind: "step"}, {Kind: "set", Key: p.Name, Value: "abc"}})
					}
				}
			}
			seqs = append(seqs, badSequences...)
			for _, seq := range seqs {
				st, _ := d.Open(nil)
				for i, a := range seq {
					if st.Apply(a) != nil {
						continue
					}
					if msg := reproduces(d, st); msg != "" {
						t.Errorf("after %+v (action %d of %+v): %s", a, i+1, seq, msg)
						break
					}
				}
			}
		})
	}
}
