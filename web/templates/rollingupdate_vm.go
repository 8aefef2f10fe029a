package templates

import "github.com/a-h/templ"

// RollingUpdateView is the view model of the rolling-update demo
// (demos/rollingupdate): the settings, the picture of ReplicaSets and pods
// with the bounds, what this step did, and what kubectl prints now.
type RollingUpdateView struct {
	ID       string // prefix of element ids, unique on the page
	Upstream string // "Kubernetes v1.37"

	Form   RUForm
	Fence  []RUFence // how maxSurge and maxUnavailable resolved
	Bounds string    // "At least 3 available, at most 4 pods."
	Pic    RUPicture

	Step       int
	Clock      string // "t=5s"
	Actor      string
	What       string
	Math       []string
	Said       []string
	StatusLine string // kubectl rollout status
	StatusKind string // "wait", "done" or "fail"

	GetDeployment string // kubectl get deployment (pre)
	Counts        []RUCount
	Conditions    []RUCondition
	Events        []RUEvent
	GetRS         string
	GetPods       string
	History       string // kubectl rollout history (pre)

	Undo RUUndo
	Note string // where the course outline simplifies

	Compare RUCompare // the same update with other settings, side by side
}

// RUCompare is the comparison: a GET form that asks for one, and when
// Shown, the two Deployments stepped together, drawn compactly.
type RUCompare struct {
	Action     templ.SafeURL
	Hidden     []RUHidden
	Fields     []RUField
	Dropped    string // why a comparison asked for is not shown
	Shown      bool
	Summary    string // "maxSurge 0 finishes at step 18; maxSurge 2 finishes at step 11."
	RemoveHref templ.SafeURL
	Panels     []RUPanel // this Deployment, then the other
}

// RUPanel is one Deployment of the comparison.
type RUPanel struct {
	Key           string // "a" or "b"
	Label         string // "maxSurge 2"
	At            string // "step 11, its last"
	StatusLine    string
	StatusKind    string
	GetDeployment string
	Counts        []RUCount
	Bounds        string
	Pic           RUPicture
}

// RUForm is the settings form: a GET form that works without JavaScript.
type RUForm struct {
	Action  templ.SafeURL
	Hidden  []RUHidden
	Fields  []RUField
	Selects []RUSelect
}

// RUHidden is a hidden input that keeps other parameters of the page.
type RUHidden struct{ Name, Value string }

// RUField is one text input.
type RUField struct {
	Key    string // "maxSurge": the action key
	Name   string // form field name (with the link prefix)
	Label  string
	Value  string
	Help   string
	Errors []string
	Mode   string // inputmode: "numeric" or "text"
}

// RUSelect is one select.
type RUSelect struct {
	Key, Name, Label, Help string
	Options                []RUOption
}

// RUOption is one option of a select.
type RUOption struct {
	Value, Label string
	Selected     bool
}

// RUFence is one resolved bound: "maxSurge 25%" → "25% of 3 = 0.75, rounded up to 1".
type RUFence struct{ Name, Given, Work string }

// RUCount is one counter.
type RUCount struct{ Label, Value, Help string }

// RUCondition is one Deployment condition.
type RUCondition struct{ Type, Status, Reason, Message string }

// RUEvent is one row of the Deployment's events.
type RUEvent struct{ Type, Reason, Age, From, Message string }

// RUUndo is the rollback control.
type RUUndo struct {
	Can        bool
	Href       templ.SafeURL
	At         int // the step of the undo, 0 for none
	CancelHref templ.SafeURL
	Why        string // why Undo is not offered now
}

// RUPicture is the SVG: one row per ReplicaSet, then the bounds band.
type RUPicture struct {
	ID    string // prefix of the title and desc ids
	W, H  int
	Title string
	Desc  string
	Rows  []RURow
	Band  RUBand
}

// RURow is one ReplicaSet.
type RURow struct {
	Y       int
	Label   string // "web-5dbdb79b68 · nginx:1.26 · revision 2"
	Counts  string // "spec 2 · pods 2 · available 1"
	New     bool
	Pods    []RUPod
	BoxH    int
	BoxW    int
	LabelY  int
	CountsY int
}

// RUPod is one pod drawn.
type RUPod struct {
	X, Y, S int
	Class   string // "avail", "ready", "starting", "terminating"
	Title   string // "web-…-w8msr: Running 1/1, available"
}

// RUBand is the number line with the allowed band.
type RUBand struct {
	Y                  int
	X0, Unit           int // x of 0, pixels per pod
	BandX, BandW       int
	PodsW, AvailW      int
	PodsY, AvailY      int
	BarH               int
	Ticks              []RUTick
	PodsLabel, AvLabel string
	BandLabel          string
	LabelY             int
	BandH              int
	Recreate           bool
	PodsOut, AvailOut  bool // the label is drawn after the bar
	PodsLabelX         int
	AvailLabelX        int
}

// RUTick is one tick of the number line.
type RUTick struct {
	X     int
	Label string
}
