package templates

import "github.com/a-h/templ"

// SchedView is the view model of the scheduler demo (demos/scheduler): the
// pod's controls beside a picture of the nodes, then the panels of the
// scheduling cycle up to the current step.
type SchedView struct {
	ID       string // prefix of element ids ("sched")
	Upstream string
	Presets  []SchedChoice
	Form     SchedForm
	Stages   []SchedChoice // the steps, as links; Current marks this one
	Stage    string        // "queue", "filter", …
	Picture  SchedPicture
	PodLines []string // the incoming pod, a line each

	PreFilter  []SchedRow // shown from PreFilter on
	ShowFilter bool
	FilterCols []string
	FilterRows []SchedFilterRow
	FilterNote string

	ShowScore     bool
	ShowNormalize bool
	ScoreCols     []string // feasible nodes, in Filter order
	ScoreRows     []SchedScoreRow
	Totals        []SchedTotal
	ScoreNote     string

	ShowSelect bool
	SelectText string
	TieText    string
	SeedLinks  []SchedChoice

	ShowBind bool
	Binding  string

	ShowPostFilter bool
	PostFilter     []SchedRow
	// Candidates is pickOneNodeForPreemption's table: each candidate node,
	// its victims (and which violate a PodDisruptionBudget) and the values
	// the criteria compare; DecidedBy names the criterion that decided.
	Candidates []SchedCandidate
	PickCols   []string
	DecidedBy  string
	PDB        *SchedPDB // the preset's budget, when it has one
	PostText   string

	ShowFailed    bool
	FailedMessage string
	Describe      string // kubectl describe pod's Events block
	OutlineNote   string
	Events        string // the events of a successful cycle
}

// SchedChoice is a link that changes one thing.
type SchedChoice struct {
	Label   string
	Href    templ.SafeURL
	Action  string // data-action
	Key     string // data-key
	Value   string // data-value
	Current bool
}

// SchedForm is the pod's controls: a GET form that works without
// JavaScript, each control also sending a "set" action as it changes.
type SchedForm struct {
	Action   templ.SafeURL
	Hidden   []SchedHidden
	Controls []SchedControl
}

// SchedHidden is a hidden input of the form.
type SchedHidden struct{ Name, Value string }

// SchedControl is one labelled control.
type SchedControl struct {
	ID, Name, Key string
	Label, Help   string
	Value         string
	Placeholder   string
	Problem       string // the API server's message, shown beside it
	Options       []SchedOption
	// Node edits: a number input (Min, Max) and the data-testid suffix.
	Number   bool
	Min, Max string
	TestID   string
}

// SchedOption is an option of a select.
type SchedOption struct {
	Value, Label string
	Selected     bool
}

// SchedPicture is the SVG of the nodes.
type SchedPicture struct {
	Width, Height int
	Title, Desc   string
	Nodes         []SchedNode
	NodesForm     SchedForm // how many nodes
}

// SchedNode is one node's box.
type SchedNode struct {
	Name         string
	X, Y, W, H   int
	CPU, Mem     SchedBar
	PodsText     string
	Lines        []string // labels and taints
	Cordoned     bool
	Verdict      string // after Filter: "passes" or the reason
	VerdictClass string // ok, err
	Total        string // after NormalizeScore
	Selected     bool
	Nominated    bool
	CordonHref   templ.SafeURL
	CordonLabel  string
	Pods         []string
	Edits        []SchedForm // labels, taints, capacity: a form each
}

// SchedBar is a usage bar: what is requested, and the incoming pod on top.
type SchedBar struct {
	Label       string // "cpu 2/4"
	UsedW, AddW int
	Over        bool
}

// SchedRow is a plugin (or node) with its result.
type SchedRow struct {
	Name, Result, Note string
	Class              string // ok, err, skip
}

// SchedFilterRow is one node's row of the Filter table.
type SchedFilterRow struct {
	Node     string
	Cells    []SchedRow
	Feasible bool
}

// SchedScoreRow is one Score plugin's row.
type SchedScoreRow struct {
	Plugin     string
	Weight     string
	Skipped    bool
	SkipReason string
	Normalize  string
	Cells      []SchedScoreCell
}

// SchedScoreCell is a plugin's work on one node.
type SchedScoreCell struct {
	Raw, Normalized, Weighted string
	Detail                    string // how the raw score came about
}

// SchedTotal is a node's weighted total.
type SchedTotal struct {
	Node     string
	Total    string
	Selected bool
	Tied     bool
}

// SchedPDB is the preset's PodDisruptionBudget: its one control
// (minAvailable, inside the pod's form) and its status in a line.
type SchedPDB struct {
	Control SchedControl
	Line    string
}

// SchedCandidate is one preemption candidate.
type SchedCandidate struct {
	Node      string
	Victims   []SchedVictim
	Values    []string // in PickCols order
	Nominated bool
}

// SchedVictim is a pod preemption would evict on a candidate.
type SchedVictim struct {
	Name, Priority string
	PDB            string // the budget that selects it, or ""
	Violates       bool
}

// SchedLargeView is the scheduler demo's large-cluster view: a heat map of
// many nodes' CPU requested while a stream of pods is scheduled, with the
// utilisation buckets as a table beside it.
type SchedLargeView struct {
	ID        string
	Upstream  string
	Presets   []SchedChoice
	Form      SchedForm // size and scoring strategy
	ToFind    string    // numFeasibleNodesToFind, worked out
	LastCycle string
	Pods      string
	Failed    string // the FailedScheduling message once pods no longer fit
	Map       SchedHeatMap
	Buckets   []SchedBucket
	Problems  map[string]string
}

// SchedHeatMap is the SVG: one path per bucket (a rectangle per run of
// same-bucket nodes in a row), the last cycle's window outlined, and a
// marker where the next cycle starts.
type SchedHeatMap struct {
	Width, Height int
	Title, Desc   string
	Layers        []SchedLayer
	Window        string // path of the cells the last cycle checked
	ShowNext      bool
	NextX, NextY  int
}

// SchedLayer is one bucket's path.
type SchedLayer struct{ Class, D string }

// SchedBucket is a row of the utilisation table.
type SchedBucket struct{ Label, Class, Nodes, Share string }
