package podspec

import (
	"context"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// FuzzParse feeds the parser and validator arbitrary text, then opens and
// draws the state it gives: nothing may panic, and what Parse reports must be
// consistent. Run longer with `go test ./demos/podspec -fuzz FuzzParse`.
func FuzzParse(f *testing.F) {
	for _, n := range presetNames {
		f.Add(presets[n].Text)
	}
	web := presets["web"].Text
	for _, s := range []string{
		strings.Replace(web, "cpu: 250m", "cpu: abc", 1),
		strings.Replace(web, "image: nginx:1.25", "imagee: nginx:1.25", 1),
		strings.Replace(web, "kind: Pod", "kind: Deployment", 1),
		strings.Replace(web, "apiVersion: v1", "apiVersion: apps/v1", 1),
		strings.Replace(web, "containerPort: 80", "containerPort: eighty", 1),
		strings.Replace(web, "restartPolicy: Always", "restartPolicy: Sometimes", 1),
		strings.Replace(web, "  name: web-server\n", "  name: web-server\n  name: x\n", 1),
		strings.Replace(web, "name: web-server", "name: Web_Server!", 1),
		web + "---\nkind: Pod\n",
		"- a\n- b\n",
		"just a string",
		"",
		"# only a comment\n",
		"~",
		"a: " + strings.Repeat("[", 40),
		"a: " + strings.Repeat("{b: ", 40),
		billionLaughs,
		"a: &a [*a]\n",
		"\x00\x01\x02binary\xff\xfe",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: c, image: i, resources: {limits: {cpu: [1]}}}]}\n",
		"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: b\n  - name: a\n    image: b\n",
		"? [complex]\n: key\n",
		"a:\tb\n",
		"a: 'unterminated\n",
		"<<: {kind: Pod}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := Parse(text)
		if d.Valid() != (d.Defaulted != nil && len(d.Problems) == 0) {
			t.Fatalf("Valid() inconsistent")
		}
		if !d.Valid() && len(d.Problems) == 0 {
			t.Fatalf("invalid with no problem")
		}
		for _, p := range d.Problems {
			if p.Msg == "" || p.Line < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
		for _, k := range d.Keys {
			if k.Line < 1 || k.Line > len(d.Lines) {
				t.Fatalf("key %s at line %d of %d", k.Path, k.Line, len(d.Lines))
			}
			if c := canonPath(k.Path); c != "" && c != k.Path {
				t.Fatalf("key path %q is not canonical (%q)", k.Path, c)
			}
		}
		if len(text) > MaxYAMLBytes {
			return
		}
		st, _ := open(url.Values{"yaml": {text}, "mode": {"edit"}})
		if err := st.View(pageLink).Render(context.Background(), io.Discard); err != nil {
			t.Fatal(err)
		}
		_ = st.Text()
		_ = st.Narration()
		if _, total := st.Progress(); total > 0 {
			if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
				t.Fatal(err)
			}
			if err := st.View(pageLink).Render(context.Background(), io.Discard); err != nil {
				t.Fatal(err)
			}
		}
	})
}
