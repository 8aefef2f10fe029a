package templates

import "github.com/a-h/templ"

// ArchitectureView is the view model of the architecture demo
// (demos/architecture): the settings, the picture of the cluster with the
// message in flight, and panels that show the message, the API server's
// stages, etcd, the terminal and the list of steps.
type ArchitectureView struct {
	ID      string // prefix of element ids, unique on the page
	Form    ArchForm
	Pic     ArchPicture
	Step    int
	Total   int
	Clock   string // "t = 5.435s"
	Command string

	// The message of this step (empty at step 0).
	Arrow, Kind, Title, Source string
	Failed                     bool
	Lines                      []string
	Intro                      string // step 0
	Manifest                   string // step 0 of the pod scenario
	Stages                     []ArchStage
	Members                    []ArchMember
	EtcdSummary                string
	Keys                       []ArchKey
	Terminal                   []string
	Steps                      []ArchStepLink
}

// ArchForm is the settings form: a GET form that works without JavaScript.
type ArchForm struct {
	Action  templ.SafeURL
	Hidden  []RUHidden
	Selects []RUSelect
	Seed    string
	SeedErr string
	SeedKey string // form field name of the seed
}

// ArchStage is one API server stage.
type ArchStage struct {
	Name    string
	Current bool
	Passed  bool
}

// ArchMember is one etcd member.
type ArchMember struct {
	Name, State, Role  string
	Term, Last, Commit string
}

// ArchKey is one etcd key.
type ArchKey struct{ Key, Create, Mod string }

// ArchStepLink is one step in the list of steps.
type ArchStepLink struct {
	N       int
	Label   string
	Href    templ.SafeURL
	Current bool
	Failed  bool
}

// ArchPicture is the SVG of the cluster.
type ArchPicture struct {
	ID          string
	Title, Desc string
	Frames      []ArchBox // node and etcd frames
	Boxes       []ArchBox // components
	Pods        []ArchBox
	Arrows      []ArchArrow
	Stages      []ArchStageRow
}

// ArchBox is a rectangle with a label.
type ArchBox struct {
	X, Y, W, H   int
	Label, Sub   string
	Class        string // "active", "down", "leader", pod status…
	LabelX       int
	LabelY, SubY int
}

// ArchArrow is the message in flight: a line with a moving dash.
type ArchArrow struct {
	Key            string // changes every step, so the animation restarts
	X1, Y1, X2, Y2 int
	Class          string // kind, plus "failed"
}

// ArchStageRow is a stage row inside the API server box.
type ArchStageRow struct {
	X, Y, W, H int
	TextY      int
	Label      string
	Class      string // "current", "passed" or ""
}
