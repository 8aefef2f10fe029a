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

	// Cluster is the Cluster Autoscaler part, nil unless ca=on.
	Cluster *ASCluster
}

// ASCluster is the node group, the Cluster Autoscaler's decisions and the
// events of the cluster timeline (demos/autoscaling with ca=on).
type ASCluster struct {
	Heading  string // "t=1m20s: CA scan"
	Picture  ASPicture
	Timeline ASTimeline
	Nodes    []ASNodeRow
	ScanHead string   // "Scan 8 at 1m20s"
	Scan     []string // what the last scan decided, line by line
	Log      string   // the cluster-autoscaler log lines of that scan
	Events   []ASLogRow
	Status   string // data.status of the cluster-autoscaler-status ConfigMap
	Note     string
}

// ASPicture draws the node group: a column per node and one for Pending pods.
type ASPicture struct {
	W, H        int
	Title, Desc string
	Columns     []ASColumn
}

// ASColumn is one node (or the Pending pods): a box as tall as its
// allocatable cpu, a slot per pod sized by its request.
type ASColumn struct {
	X, TextX                    int
	BoxX, BoxY, BoxW, BoxH      int
	Name, State, Util, Note     string
	Class                       string // ready, provisioning, deleting, unneeded, pending
	ThresholdY                  int    // the scale-down utilization threshold, 0 for none
	Pods                        []ASSlot
	NameY, StateY, UtilY, NoteY int
}

// ASSlot is one pod in a column.
type ASSlot struct {
	X, Y, W, H int
	Class      string // pod, new
	Title      string
}

// ASTimeline is the 30-minute chart: replicas, nodes and load up to now.
type ASTimeline struct {
	W, H                     int
	Left, Right, Top, Bottom int
	Title, Desc              string
	Replicas, Nodes, Load    string // polyline points
	NowX                     int
	YTicks, XTicks           []ASTick
	LoadLabel                string
}

// ASNodeRow is one node in the node table.
type ASNodeRow struct {
	Name, Phase, Requested, Util, Verdict, Taints string
}

// ASLogRow is one event (identical events aggregated, as kubectl shows them).
type ASLogRow struct {
	Time, Object, Type, Reason, From, Message string
	Step                                      string // the step of the moment it happened
	Count                                     int
	Href                                      templ.SafeURL // the moment it happened
	Here                                      bool          // it happened at the moment shown
}

// ASForm is the settings form: a GET form that works without JavaScript.
type ASForm struct {
	Action   templ.SafeURL
	Hidden   []ASHidden
	Load     ASSelect
	Fields   []ASField
	CA       ASSelect
	CAFields []ASField
	Flags    string // the cluster-autoscaler command line these settings make
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
