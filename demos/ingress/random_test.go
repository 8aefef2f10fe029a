package ingress

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// Random edits of the presets (a deterministic stand-in for FuzzOpen):
// every state opens from its URL again, steps to the end, narrates without
// format errors and renders.
func TestRandomEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	bits := []string{"*", "/", "-", ":", " ", "\n", "a", "Exact", "Prefix", "ImplementationSpecific", "..", "//", "{", "[", "&x", "*x", "\"", "host: ", "path: ", "(", ")", "$1", "?", "%2f", "0", "99999"}
	for range 500 {
		p := presets[r.IntN(len(presets))]
		y, q := p.YAML, p.Requests
		for k := r.IntN(4) + 1; k > 0; k-- {
			i := r.IntN(len(y))
			y = y[:i] + bits[r.IntN(len(bits))] + y[min(len(y), i+r.IntN(3)):]
			i = r.IntN(len(q))
			q = q[:i] + bits[r.IntN(len(bits))] + q[i:]
		}
		st, _ := open(url.Values{"yaml": {y}, "req": {q}})
		for {
			if strings.Contains(st.Narration(), "%!") {
				t.Fatalf("format error: %q", st.Narration())
			}
			var buf bytes.Buffer
			if err := st.View(templates.Link{Path: "/demos/ingress"}).Render(context.Background(), &buf); err != nil {
				t.Fatal(err)
			}
			again, probs := open(st.Query())
			if len(probs) > 0 || again.Text() != st.Text() {
				t.Fatalf("Open(Query()) does not reproduce %q %q: %v", y, q, probs)
			}
			if st.Apply(demos.Action{Kind: "step"}) != nil {
				break
			}
		}
	}
}
