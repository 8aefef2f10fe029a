package podspec

import (
	"embed"
	"fmt"
	"net/url"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
)

//go:embed scenarios/*.yaml
var scenarioFS embed.FS

// preset is one scenario: a pod as a person would write it.
type preset struct {
	Name  string // "web": the value of ?preset=
	Label string // "Web server"
	Text  string
	doc   *Doc // parsed once; read only
}

// presetNames in the order the page offers them; the first is the default.
var presetNames = []string{"web", "sidecar", "init"}

var presetLabels = map[string]string{
	"web":     "Web server",
	"sidecar": "With a log sidecar",
	"init":    "With init containers",
}

var presets = loadPresets()

func loadPresets() map[string]*preset {
	m := map[string]*preset{}
	for _, n := range presetNames {
		b, err := scenarioFS.ReadFile("scenarios/" + n + ".yaml")
		if err != nil {
			panic(err) // embedded: cannot happen
		}
		m[n] = &preset{Name: n, Label: presetLabels[n], Text: string(b), doc: Parse(string(b))}
	}
	return m
}

// presetDoc is the parsed preset, shared by every session: read only.
func presetDoc(name string) *Doc { return presets[name].doc }

// Modes of the left pane.
const (
	modeView = "view"
	modeEdit = "edit"
)

// Definition is the pod-spec demo.
var Definition = demos.Definition{
	Name:     "pod-spec",
	Title:    "A pod's spec, field by field",
	Summary:  "Click any field of a pod's YAML to see what it controls in the running pod, edit it, and see what the API server says.",
	Section:  "pods",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "preset", Help: "which pod to start from", Default: "web", Values: presetNames},
		{Name: "field", Help: "the selected field, e.g. spec.restartPolicy or spec.containers[0].resources.limits.memory", Default: ""},
		{Name: "yaml", Help: "the edited YAML (only when it differs from the preset's)", Default: ""},
		{Name: "mode", Help: "view, or edit to show the text box", Default: modeView, Values: []string{modeView, modeEdit}},
		{Name: "last", Help: "while yaml does not parse: the last valid YAML, whose pod the picture shows (absent: the preset's)", Default: ""},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) {
	st, problems := open(q)
	return st, problems
}

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{preset: presetNames[0], mode: modeView}
	if v := q.Get("preset"); v != "" {
		if _, ok := presets[v]; ok {
			st.preset = v
		} else {
			problems = append(problems, fmt.Sprintf("There is no preset %q (the presets are %s); showing %s.", clip(v), strings.Join(presetNames, ", "), presetNames[0]))
		}
	}
	switch v := q.Get("mode"); v {
	case "", modeView:
	case modeEdit:
		st.mode = modeEdit
	default:
		problems = append(problems, fmt.Sprintf("mode must be view or edit, not %q; showing the YAML without the text box.", clip(v)))
	}
	st.keepPresetAsLast()
	_, hasLast := q["last"]
	if hasLast {
		// The last valid pod, kept while yaml does not parse (State).
		if d := Parse(q.Get("last")); d.Valid() {
			st.last, st.lastText = d, q.Get("last")
		} else {
			problems = append(problems, "The last valid YAML in this link (last=) does not parse; the picture shows the preset's pod.")
			hasLast = false
		}
	}
	if _, ok := q["yaml"]; ok {
		st.setText(q.Get("yaml"))
	} else {
		st.text = presets[st.preset].Text
		st.doc = presetDoc(st.preset)
		st.keepPresetAsLast()
	}
	if hasLast && st.doc.Valid() {
		problems = append(problems, "last= is only used while the YAML does not parse; it is left out.")
	} else if hasLast && st.lastText != q.Get("last") {
		problems = append(problems, fmt.Sprintf("The YAML and the last valid YAML are over %d KiB together; the picture shows the preset's pod.", MaxLastBytes>>10))
	}
	if v := q.Get("field"); v != "" {
		if f := canonPath(v); f != "" && st.fieldDoc().Has(f) {
			st.field = f
		} else {
			problems = append(problems, fmt.Sprintf("The field %q is not in this pod's YAML, so nothing is selected.", clip(v)))
		}
	}
	return st, problems
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	r := []rune(s)
	if len(r) > max {
		r = r[:max]
	}
	return string(r) + "…"
}
