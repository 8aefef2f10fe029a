package web

import (
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// Socket messages come from anyone: decoding never panics, and what it
// accepts has an action kind.
func FuzzDecodeAction(f *testing.F) {
	for _, s := range []string{`{"a":"step"}`, `{"a":"set","k":"cpu","v":"500m"}`, `{"a":`, `[]`, `null`, `{"a":"x"} {"a":"y"}`, "\x00\xff", `{"a":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := decodeAction(b)
		if err == nil && a.Kind == "" {
			t.Fatalf("accepted %q with no kind", b)
		}
	})
}

// The page a socket names is outside input too: any string either gives a
// state or an error, never a panic, and the state's own query reopens it.
func FuzzPageState(f *testing.F) {
	for _, s := range []string{"/demos/steps?step=3", "/?steps.step=2&x=1#pods", "/embed/steps", "/demos/other", "%zz", "/?steps.step=%41"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		own, link, err := pageState(stepsDemo, page)
		if err != nil {
			return
		}
		st, _ := stepsDemo.Open(own)
		again, probs := stepsDemo.Open(st.Query())
		if len(probs) != 0 || again.Text() != st.Text() {
			t.Fatalf("page %q: reopening %q gives %q (%v), want %q", page, st.Query().Encode(), again.Text(), probs, st.Text())
		}
		if h := link.String(st.Query()); !strings.HasPrefix(h, "/") {
			t.Fatalf("link %q", h)
		}
		_ = st.Apply(demos.Action{Kind: "step"})
	})
}
