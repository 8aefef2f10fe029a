package templates

import "github.com/a-h/templ"

// AutoscalingView is the view model of the autoscaling demo
// (demos/autoscaling): the HPA's settings, a chart of load and replicas over
// the syncs, the pods now, what this sync computed, and what kubectl prints.
type AutoscalingView struct {
	ID       string
	Upstream string

	Form  ASForm
	Chart ASChart
	Pods  []ASPod
	// PodsLabel is "3 pods (minReplicas 1, maxReplicas 10)".
	PodsLabel string

	Heading string   // "Sync 5 at 1m0s"
	What    string   // the narration
	Math    []string // the arithmetic of this sync, line by line
	Window  string   // the recommendations in the scale-down window

	GetHPA     string
	Conditions []ASCondition
	Events     []ASEvent
	Behavior   string // the default behavior as YAML
	Note       string
}

// ASForm is the settings form: a GET form that works without JavaScript.
type ASForm struct {
	Action templ.SafeURL
	Hidden []ASHidden
	Load   ASSelect
	Fields []ASField
}

// ASHidden keeps another parameter of the page.
type ASHidden struct{ Name, Value string }

// ASField is one number input.
type ASField struct {
	Key, Name, Label, Value, Help, Error string
}

// ASSelect is the load curve select.
type ASSelect struct {
	Key, Name, Label, Help string
	Options                []ASOption
}

// ASOption is one option.
type ASOption struct {
	Value, Label string
	Selected     bool
	Href         templ.SafeURL
}

// ASChart is the SVG chart: load as a line, replicas as bars, up to now.
type ASChart struct {
	ID            string
	W, H          int
	Title, Desc   string
	LoadPoints    string // polyline points of the load, whole timeline
	Bars          []ASBar
	NowX          int
	PlotTop       int
	PlotBottom    int
	PlotLeft      int
	PlotRight     int
	MaxLineY      int
	MinLineY      int
	MaxLabel      string
	MinLabel      string
	YLabels       []ASTick
	XLabels       []ASTick
	LoadAxisLabel string
}

// ASBar is the replica count after one sync.
type ASBar struct {
	X, Y, W, H int
	Title      string
	Changed    bool
}

// ASTick is an axis label.
type ASTick struct {
	X, Y  int
	Label string
}

// ASPod is one pod of the Deployment now.
type ASPod struct {
	Name  string
	Class string // "run" or "new"
}

// ASCondition is one HPA condition.
type ASCondition struct{ Type, Status, Reason, Message string }

// ASEvent is one event of kubectl describe hpa.
type ASEvent struct{ Type, Reason, Age, From, Message string }
