package templates

import "github.com/a-h/templ"

// CustomSchedView is the view model of the custom-schedulers demo
// (demos/customsched): the settings, the two schedulers with their queues,
// the nodes, this step's cycle with the extender's HTTP calls, and what
// kubectl prints.
type CustomSchedView struct {
	ID       string // prefix of element ids, unique on the page
	Upstream string // "Kubernetes v1.37"

	Forms      CSForms
	ConfigYAML string // my-scheduler's KubeSchedulerConfiguration
	PodsYAML   string

	Schedulers []CSScheduler
	Unqueued   string // "In no scheduler's queue: orphan", or ""
	Nodes      []CSNode
	PicTitle   string
	PicDesc    string

	Step    int
	Actor   string
	Command string // "$ kubectl …" and what it printed, or ""
	Did     []string

	Cycle *CSCycle

	PodsCmd   string
	GetPods   string
	Describes []CSDescribe
	Compare   *CSCompare
}

// CSForms are the settings: small GET forms and links that work without
// JavaScript, each keeping the other settings.
type CSForms struct {
	Action       templ.SafeURL
	Name         CSField
	Picks        []CSLink
	Strategy     CSField
	Weight       CSField
	Rejects      []CSToggle
	RejectErrors []string
}

// CSField is one form control with the hidden fields that keep the rest.
type CSField struct {
	Name   string // the form field name (with the page prefix)
	Value  string
	Errors []string
	Hidden []CSHidden
}

// CSHidden keeps another parameter of the page.
type CSHidden struct{ Name, Value string }

// CSLink is a quick pick for the schedulerName field.
type CSLink struct {
	Label   string
	Value   string
	Href    templ.SafeURL
	Current bool
}

// CSToggle is one node the extender's filter may reject.
type CSToggle struct {
	Node    string
	Href    templ.SafeURL
	Pressed bool
}

// CSScheduler is one kube-scheduler in the picture.
type CSScheduler struct {
	Name     string // kube-scheduler, my-scheduler
	Profile  string
	Strategy string
	Extender string // "" or "extender: 127.0.0.1:8888"
	Queue    string // "queue: web, batch" or "queue: empty"
	Running  bool
	Active   bool // acting in this step
	X        int
}

// CSNode is one node in the picture.
type CSNode struct {
	Name     string
	X        int
	CPU      string // "3500m of 4 CPU requested"
	BarW     int    // width of the cpu bar, of 176
	Pods     []CSPodBox
	Mark     string // "rejected by the extender", "selected", ""
	Class    string // CSS: "rejected", "selected", ""
	NoPods   bool
	PodsDesc string
}

// CSPodBox is a pod drawn on a node.
type CSPodBox struct {
	Name  string
	Label string // "batch · my-scheduler"
	New   bool   // one of the pods you applied
	Y     int
}

// CSCycle is this step's scheduling cycle, as far as the step has got.
type CSCycle struct {
	Title       string
	Filter      []CSFilterRow
	ExtCol      bool // show the extender column
	FilterCall  *CSCall
	Prioritize  *CSCall
	Scores      []CSScore
	ScoreNote   string
	Result      string
	Failed      bool
	ShowResult  bool
	PluginsOnly bool // scores without extender columns
}

// CSFilterRow is one node's Filter verdicts.
type CSFilterRow struct{ Node, Plugins, Extender string }

// CSCall is one HTTP call to the extender.
type CSCall struct {
	Title     string // "POST http://127.0.0.1:8888/scheduler/filter"
	Request   string
	Note      string
	ReplyType string // "ExtenderFilterResult"
	Response  string
}

// CSScore is one node's total.
type CSScore struct {
	Node, Plugins, ExtRaw, Scaled, Total string
	Winner                               bool
}

// CSDescribe is kubectl describe pod's Events section for one pod.
type CSDescribe struct {
	Pod    string
	Events []CSEvent
}

// CSEvent is one event row.
type CSEvent struct{ Type, Reason, Age, From, Message string }

// CSCompare is the same pod scored under both strategies.
type CSCompare struct {
	Pod         string
	Rows        []CSCompareRow
	Least, Most string // the winners
	Others      string // "the others add 400 to every node", when they do
}

// CSCompareRow is one node under both strategies.
type CSCompareRow struct{ Node, LeastFit, LeastTotal, MostFit, MostTotal string }
