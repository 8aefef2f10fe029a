package templates

import "github.com/a-h/templ"

// PodSpecView is the view model of the pod-spec demo (demos/podspec): the
// YAML on the left, the picture of the running pod on the right, and the
// explanation of the selected field beside them.
type PodSpecView struct {
	ID       string // prefix of element ids, unique on the page ("podspec")
	Field    string // the selected field path, "" for none
	Editor   PodSpecEditor
	Picture  PodSpecPicture
	Explain  PodSpecExplain
	Upstream string // "Kubernetes v1.37"
}

// PodSpecChoice is one preset, as a link.
type PodSpecChoice struct {
	Value   string // "web"
	Label   string // "Web server"
	Href    templ.SafeURL
	Current bool
}

// PodSpecEditor is the left pane: presets, the highlighted YAML with its
// errors, and the edit form.
type PodSpecEditor struct {
	Presets []PodSpecChoice
	Preset  string

	Editing     bool
	ToggleHref  templ.SafeURL
	ToggleValue string // the mode the toggle switches to: "edit" or "view"
	ToggleLabel string
	Edited      bool          // the text differs from the preset's
	ResetHref   templ.SafeURL // the preset's own text
	LinkNote    string        // why links do not carry the state (a long text)

	Lines   []PodSpecLine
	NoLines string // why the text is not drawn (too large, binary), else ""

	Valid     bool
	Status    string // one sentence: valid, or how many errors
	Summary   string // heads the error list: `The Pod "web-server" is invalid:`
	Errors    []PodSpecError
	DocErrors []string // errors about the whole document (no line)
	Warnings  []string // the API server's warnings for an accepted pod, "Warning: …"
	Notes     []string // what kubectl does without a word (a key given twice)

	// The edit form: a GET form that works without JavaScript.
	FormAction templ.SafeURL
	YAMLName   string
	Text       string
	Rows       int
	Hidden     []PodSpecHidden
}

// PodSpecHidden is a hidden input of the edit form.
type PodSpecHidden struct{ Name, Value string }

// PodSpecLine is one line of the YAML.
type PodSpecLine struct {
	N        int
	ID       string // element id ("podspec-L12")
	Tokens   []PodSpecToken
	Selected bool     // the selected field's key is on this line
	Errors   []string // problems at this line, upstream's wording
	Warnings []string // the API server's warnings for this line ("Warning: …")
	Notes    []string // what kubectl does here without a word
}

// PodSpecToken is a run of a line. A token with a Path is a key (or a list
// item's "-") and is drawn as a link that selects its field.
type PodSpecToken struct {
	Class    string // yk key, yd item dash, yp punctuation, ys string, yn number, yb bool/null, yc comment, ya anchor
	Text     string
	Path     string
	Href     templ.SafeURL
	Selected bool
}

// PodSpecError is one problem, for the list of all of them.
type PodSpecError struct {
	Line int           // 0: the document as a whole
	Href templ.SafeURL // "#podspec-L12"
	Msg  string
}

// PodSpecPicture is the SVG of the pod running on its node. Parts are drawn
// in order (boxes before what sits on them); each is its own link, so no link
// nests in another.
type PodSpecPicture struct {
	Width, Height int
	Title         string // accessible name of the picture
	Desc          string // what it shows, in one paragraph
	Stale         bool   // the text is invalid: this is the last valid pod
	StaleNote     string
	Parts         []PodSpecPart
}

// PodSpecPart is one part of the picture.
type PodSpecPart struct {
	ID     string // stable: "container-0-lim-memory"; data-testid "podspec-part-" + ID
	Kind   string // node, pod, net, tag, init, container, chip, volume, wire, badge, note, arrow, label
	Path   string // the field it shows; "" for none
	Href   templ.SafeURL
	Linked bool // Path is a key of the document: the part is a link
	HL     bool // driven by the selected field
	Title  string
	Label  string // accessible name: the visible text first, then Title (WCAG 2.5.3, label in name)
	X, Y   int
	W, H   int
	X2, Y2 int // the other end of a wire or arrow
	Texts  []PodSpecText
}

// PodSpecText is one line of text in the picture.
type PodSpecText struct {
	X, Y  int
	Text  string
	Class string // t-title, t-body, t-mono, t-small, t-mid (centred)
}

// PodSpecExplain is the explanation of the selected field.
type PodSpecExplain struct {
	Field   string // "" when nothing is selected
	Value   string // its value as written, summarised
	Ours    string // pod.Explanation: our words
	Command string // "kubectl explain pods.spec.restartPolicy"
	Output  string // what it prints
	Note    string // e.g. why the command names a parent of the field
	Hint    string // shown when nothing is selected

	Defaults []PodSpecDefault // filled in by the API server
	QoS      string
	QoSWhy   string
	QoSHL    bool
	Stale    bool // defaults and QoS are those of the last valid pod
}

// PodSpecDefault is one field the API server fills in on create.
type PodSpecDefault struct{ Field, Value, Why string }
