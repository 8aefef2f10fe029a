package templates

import "github.com/a-h/templ"

// PreemptionView is the view model of the priority-preemption demo
// (demos/preemption): the story tabs, the settings, the cluster as an SVG,
// what this step did, and what kubectl prints now.
type PreemptionView struct {
	ID       string // prefix of element ids, unique on the page
	Upstream string // "Kubernetes v1.37"
	Story    string // "priorityclasses", "preemption" or "drain"

	Tabs       []PPLink
	Manifest   string // the YAML the story applies
	ManifestOf string // its file name
	Form       PPForm
	ClassLinks []PPLink // quick picks for priorityClassName

	Step    int
	Clock   string // "12 s after kubectl apply"
	Actor   string
	Command string
	Did     []string

	Terminal *PPTerminal

	// The cluster (preemption and drain).
	Nodes     []PPNode
	Pending   []PPPod
	SVGHeight int
	NodeTop   int // y of the node boxes
	SVGDesc   string
	Legend    []PPLegend
	Cycle     []string // DefaultPreemption's work, on the step it ran
	GetPods   string
	Excerpts  []PPExcerpt // the pods being deleted, as kubectl get -o yaml shows them
	Grace     *PPGrace    // their graceful termination on a time line
	Events    []PPEvent
	PDB       *PPPDB

	// The PriorityClasses story.
	Classes   []PPClass
	Spec      string // the pod's spec after admission, or ""
	Queue     []PPQueued
	Rejection string
}

// PPLink is a link that also sends an action over the socket.
type PPLink struct {
	Label   string
	Href    templ.SafeURL
	Current bool
	Key     string // data-key for "set"
	Value   string // data-value
}

// PPForm is the settings form: a GET form that works without JavaScript.
type PPForm struct {
	Action templ.SafeURL
	Hidden []PPHidden
	Fields []PPField
}

// PPHidden keeps another parameter of the page.
type PPHidden struct{ Name, Value string }

// PPField is one control of the form: a text input, or a select when it
// has Options.
type PPField struct {
	Key, Name, Label, Value, Help, Error string
	InputMode                            string
	Options                              []PPOption
}

// PPOption is one option of a select.
type PPOption struct {
	Value, Label string
	Selected     bool
}

// PPTerminal is what a command printed so far.
type PPTerminal struct {
	Command string
	Lines   []PPLine
}

// PPLine is one printed line; At is the second it appeared ("" if none).
type PPLine struct {
	At   string
	Text string
	Err  bool
	New  bool // printed in this step
}

// PPNode is one node of the SVG with its pods.
type PPNode struct {
	Name     string
	CPU      string // "2 cpu, 1500m requested"
	Note     string // " (cordoned)"
	Cordoned bool
	X        int
	Pods     []PPPod
	Text     string // the node in words, for the text view and the SVG description
}

// PPPod is one pod drawn in the SVG.
type PPPod struct {
	Name  string
	Meta  string // "100 · Terminating"
	Class string // CSS classes
	X, Y  int
	W, H  int
	TextY int
	MetaY int
	Title string // the pod in words (SVG <title>)
}

// PPLegend is one entry of the legend.
type PPLegend struct{ Class, Label string }

// PPEvent is one event of kubectl get events.
type PPEvent struct{ LastSeen, Type, Reason, Object, Message string }

// PPPDB is the budget's status and its arithmetic.
type PPPDB struct {
	Get    string // kubectl get pdb
	Rows   []PPKV
	Why    string
	Reason string
}

// PPKV is one status field.
type PPKV struct{ Key, Value, Help string }

// PPClass is one PriorityClass.
type PPClass struct {
	Name, Value, GlobalDefault, Policy, Description string
	Chosen                                          bool
	Href                                            templ.SafeURL
}

// PPQueued is one pod in the scheduling queue.
type PPQueued struct {
	Pos      int
	Name     string
	Priority string
	Mine     bool
}

// PPExcerpt is a pod's YAML, the fields deletion changed.
type PPExcerpt struct{ Name, YAML string }

// PPGrace draws graceful termination: one row per pod being deleted, from
// the delete to the moment the object is gone, and a line at "now".
type PPGrace struct {
	Height int
	NowX   int
	Now    string
	Rows   []PPGraceRow
	Ticks  []PPTick
	Desc   string
}

// PPGraceRow is one pod's termination.
type PPGraceRow struct {
	Name  string
	Y     int
	Parts []PPSegment
}

// PPSegment is one phase of a termination: preStop, after SIGTERM.
type PPSegment struct {
	X, W  int
	Class string
	Label string
}

// PPTick is a labelled second on the time axis.
type PPTick struct {
	X     int
	Label string
}
