package podspec

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

func mustOpen(t *testing.T, q url.Values) *State {
	t.Helper()
	st, problems := open(q)
	if len(problems) > 0 {
		t.Fatalf("Open(%v): %v", q, problems)
	}
	return st
}

func apply(t *testing.T, st *State, kind, key, value string) {
	t.Helper()
	if err := st.Apply(demos.Action{Kind: kind, Key: key, Value: value}); err != nil {
		t.Fatalf("Apply(%s %s %q): %v", kind, key, value, err)
	}
}

func TestOpenProblems(t *testing.T) {
	for _, tt := range []struct {
		q       url.Values
		problem string
		query   string // the state's query after
	}{
		{url.Values{"preset": {"nope"}}, `There is no preset "nope" (the presets are web, sidecar, init); showing web.`, ""},
		{url.Values{"field": {"spec.containers[3]"}}, `The field "spec.containers[3]" is not in this pod's YAML, so nothing is selected.`, ""},
		{url.Values{"field": {"spec..x"}}, `The field "spec..x" is not in this pod's YAML, so nothing is selected.`, ""},
		{url.Values{"mode": {"fly"}, "preset": {"init"}}, `mode must be view or edit, not "fly"; showing the YAML without the text box.`, "preset=init"},
		{url.Values{"preset": {"sidecar"}, "field": {"spec.volumes"}}, "", "field=spec.volumes&preset=sidecar"},
		// Upstream's spelling is accepted and written in ours.
		{url.Values{"field": {"spec.containers[0].resources.limits[memory]"}}, "", "field=spec.containers%5B0%5D.resources.limits.memory"},
	} {
		st, problems := open(tt.q)
		var got string
		if len(problems) > 0 {
			got = problems[0]
		}
		if got != tt.problem || len(problems) > 1 {
			t.Errorf("Open(%v) problems %q, want %q", tt.q, problems, tt.problem)
		}
		if q := st.Query().Encode(); q != tt.query {
			t.Errorf("Open(%v) query %q, want %q", tt.q, q, tt.query)
		}
	}
}

func TestApplyErrors(t *testing.T) {
	st := mustOpen(t, nil)
	before := st.Query().Encode()
	for _, a := range []demos.Action{
		{Kind: "click", Value: "spec.containers[1]"},
		{Kind: "click", Value: ""},
		{Kind: "set", Key: "preset", Value: "nope"},
		{Kind: "set", Key: "mode", Value: "fly"},
		{Kind: "set", Key: "cpu", Value: "1"},
		{Kind: "goto", Value: "99"},
		{Kind: "goto", Value: "x"},
		{Kind: "back"},
		{Kind: "dance"},
	} {
		if err := st.Apply(a); err == nil {
			t.Errorf("Apply(%+v): no error", a)
		}
		if q := st.Query().Encode(); q != before {
			t.Errorf("Apply(%+v) changed the state to %q", a, q)
		}
	}
}

// TestTour steps through the web preset's tour and back.
func TestTour(t *testing.T) {
	st := mustOpen(t, nil)
	want := []string{
		"metadata.name",
		"metadata.labels",
		"spec.containers[0]",
		"spec.containers[0].image",
		"spec.containers[0].ports",
		"spec.containers[0].resources.requests",
		"spec.containers[0].resources.limits",
		"spec.restartPolicy",
	}
	if got := st.tour(); !reflect.DeepEqual(got, want) {
		t.Fatalf("tour\n got %q\nwant %q", got, want)
	}
	if step, total := st.Progress(); step != 0 || total != len(want) {
		t.Fatalf("Progress() = %d, %d", step, total)
	}
	for i, f := range want {
		apply(t, st, "step", "", "")
		if st.field != f {
			t.Fatalf("step %d: field %q, want %q", i+1, st.field, f)
		}
		if step, _ := st.Progress(); step != i+1 {
			t.Fatalf("step %d: Progress %d", i+1, step)
		}
	}
	if err := st.Apply(demos.Action{Kind: "step"}); err == nil {
		t.Errorf("step past the end: no error")
	}
	apply(t, st, "back", "", "")
	if st.field != want[len(want)-2] {
		t.Errorf("back: %q", st.field)
	}
	apply(t, st, "goto", "", "2")
	if st.field != "metadata.labels" {
		t.Errorf("goto 2: %q", st.field)
	}
	// A field off the tour: step goes to the next stop after it.
	apply(t, st, "click", "", "spec.containers[0].name")
	if step, _ := st.Progress(); step != 0 {
		t.Errorf("off the tour: step %d", step)
	}
	apply(t, st, "step", "", "")
	if st.field != "spec.containers[0].image" {
		t.Errorf("step from name: %q", st.field)
	}
	apply(t, st, "reset", "", "")
	if st.field != "" || st.Query().Encode() != "" {
		t.Errorf("reset: %q", st.Query().Encode())
	}
}

func TestEditKeepsStateAndLastValidPod(t *testing.T) {
	st := mustOpen(t, url.Values{"field": {"spec.containers[0].resources.requests.cpu"}})
	bad := webWith(t, "cpu: 250m", "cpu: abc")
	apply(t, st, "edit", "", bad)
	if st.doc.Valid() {
		t.Fatal("cpu abc is valid")
	}
	if st.field != "spec.containers[0].resources.requests.cpu" {
		t.Errorf("selection lost: %q", st.field)
	}
	if got := st.Query().Get("yaml"); got != bad {
		t.Errorf("yaml in the query: %q", got)
	}
	if !strings.Contains(st.Text(), "Picture ("+StaleNote+")") {
		t.Errorf("text does not say the picture is the last valid pod:\n%s", st.Text())
	}
	if !strings.HasPrefix(st.Narration(), "The YAML has 1 error (line 18: spec.containers[0].resources.requests.cpu: Invalid value: \"abc\"") {
		t.Errorf("narration: %s", st.Narration())
	}

	// A valid edit becomes the last valid pod; a broken one after it keeps it.
	good := webWith(t, "image: nginx:1.25", "image: nginx:1.27")
	apply(t, st, "edit", "", good)
	if !st.doc.Valid() || st.last != st.doc {
		t.Fatalf("valid edit not taken: %v", st.doc.Problems)
	}
	apply(t, st, "edit", "", "spec: [")
	if !strings.Contains(st.Text(), "container nginx: image nginx:1.27") {
		t.Errorf("the last valid pod is not the edited one:\n%s", st.Text())
	}
	// The selection survives text that cannot be parsed (it is a key of the
	// last valid pod).
	if st.field != "spec.containers[0].resources.requests.cpu" {
		t.Errorf("selection lost on broken text: %q", st.field)
	}

	// Editing the field away moves the selection to its nearest parent.
	apply(t, st, "edit", "", strings.Replace(presets["web"].Text, "        cpu: 250m\n", "", 1))
	if st.field != "spec.containers[0].resources.requests" {
		t.Errorf("selection after removing cpu: %q", st.field)
	}

	// Windows line ends (a textarea's) are the same text.
	apply(t, st, "edit", "", strings.ReplaceAll(presets["web"].Text, "\n", "\r\n"))
	if _, ok := st.Query()["yaml"]; ok {
		t.Errorf("CRLF text differs from the preset")
	}
}

// TestRoundTrip: the URL is the state. After each action, Open(st.Query())
// gives the same query and the same text.
func TestRoundTrip(t *testing.T) {
	actions := []demos.Action{
		{Kind: "step"}, {Kind: "step"}, {Kind: "step"},
		{Kind: "click", Value: "spec.containers[0].resources.limits.memory"},
		{Kind: "set", Key: "mode", Value: "edit"},
		{Kind: "edit", Value: strings.Replace(presets["web"].Text, "memory: 256Mi", "memory: 512Mi", 1)},
		{Kind: "set", Key: "preset", Value: "sidecar"},
		{Kind: "click", Value: "spec.volumes[0]"},
		{Kind: "step"},
		{Kind: "back"},
		{Kind: "edit", Value: strings.Replace(presets["sidecar"].Text, "cpu: 50m", "cpu: abc", 1)},
		{Kind: "set", Key: "preset", Value: "init"},
		{Kind: "goto", Value: "3"},
		{Kind: "set", Key: "mode", Value: "view"},
		{Kind: "edit", Value: "kind: Pod\n"},
		{Kind: "reset"},
	}
	st := mustOpen(t, nil)
	for i, a := range actions {
		if err := st.Apply(a); err != nil {
			t.Fatalf("action %d %+v: %v", i, a, err)
		}
		again, problems := open(st.Query())
		if len(problems) > 0 {
			t.Fatalf("action %d: reopening %v: %v", i, st.Query(), problems)
		}
		if a, b := again.Query().Encode(), st.Query().Encode(); a != b {
			t.Fatalf("action %d: query\n got %s\nwant %s", i, a, b)
		}
		if a, b := again.Text(), st.Text(); a != b {
			t.Fatalf("action %d: text\n got %s\nwant %s", i, a, b)
		}
		if a, b := again.Narration(), st.Narration(); a != b {
			t.Fatalf("action %d: narration\n got %s\nwant %s", i, a, b)
		}
	}
}
