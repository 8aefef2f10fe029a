package all

import (
	"net/url"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// Every demo's URL is outside input, and so is every action a socket sends.
// Fed any query and any sequence of actions, no demo panics, Apply's refusals
// leave the state alone, and the state's own query always reopens it without
// problems (the URL is the state). Run in CI for a bounded time by .ci/run.
func FuzzEveryDemo(f *testing.F) {
	f.Add("step=3", []byte{0, 1, 2, 3})
	f.Add("preset=x&step=-1&replicas=abc", []byte{4, 5, 6})
	f.Add("cpu=1500m&memory=2Gi&nodes=5000", []byte{7, 8, 9, 10, 11})
	f.Add("%zz&yaml=a:%20[", []byte{12, 200, 3})
	values := []string{"", "0", "1", "3", "-1", "abc", "500m", "2Gi", "1e9", "<script>alert(1)</script>", "node-1", "web-0", "true", "x\x00y"}
	kinds := []string{"step", "back", "reset", "goto", "set", "click", "edit", "play", "no-such"}
	f.Fuzz(func(t *testing.T, query string, script []byte) {
		q, _ := url.ParseQuery(query)
		for _, d := range Demos() {
			st, _ := d.Open(q)
			check(t, d, st, "open "+query)
			keys := []string{"step"}
			for _, p := range d.Params {
				keys = append(keys, p.Name)
			}
			for i := 0; i+2 < len(script) && i < 60; i += 3 {
				a := demos.Action{Kind: kinds[int(script[i])%len(kinds)], Key: keys[int(script[i+1])%len(keys)]}
				if v := int(script[i+2]); v < len(values) {
					a.Value = values[v]
				} else {
					a.Value = string(script[i+2:])
				}
				before := st.Query().Encode()
				if err := st.Apply(a); err != nil {
					if after := st.Query().Encode(); after != before {
						t.Fatalf("%s: %+v was refused (%v) but changed the query from %q to %q", d.Name, a, err, before, after)
					}
					continue
				}
				check(t, d, st, "after "+a.Kind)
			}
		}
	})
}

func check(t *testing.T, d demos.Definition, st demos.State, when string) {
	t.Helper()
	again, probs := d.Open(st.Query())
	if len(probs) != 0 {
		t.Fatalf("%s, %s: its own query %q has problems: %v", d.Name, when, st.Query().Encode(), probs)
	}
	if again.Text() != st.Text() || again.Narration() != st.Narration() {
		t.Fatalf("%s, %s: its query %q reopens another state:\n%s\nwant\n%s", d.Name, when, st.Query().Encode(), again.Text(), st.Text())
	}
	s1, n1 := st.Progress()
	s2, n2 := again.Progress()
	if s1 != s2 || n1 != n2 {
		t.Fatalf("%s, %s: progress %d/%d reopens as %d/%d", d.Name, when, s1, n1, s2, n2)
	}
}
