package templates

import "github.com/a-h/templ"

// ServicesView is the view model of the services demo (demos/services):
// the controls, the picture of the request's path, the steps so far, the
// rules with the ones the packet met lit, the histogram and the DNS panel.
type ServicesView struct {
	ID        string // prefix of element ids, unique on the page
	Controls  ServicesControls
	Picture   ServicesPicture
	Steps     []ServicesStep
	Outcome   string // one sentence once the request has arrived, else ""
	Rules     ServicesRules
	Histogram ServicesHistogram
	DNS       ServicesDNS
}

// ServicesChoice is one option, as a link that also works without JS.
type ServicesChoice struct {
	Label   string
	Value   string
	Href    templ.SafeURL
	Current bool
}

// ServicesHidden is a hidden input of a GET form.
type ServicesHidden struct{ Name, Value string }

// ServicesField is a text field in its own GET form.
type ServicesField struct {
	Key    string // the setting: "replicas"
	Name   string // the form field name (with the page's prefix)
	Label  string
	Value  string
	Error  string // why the typed value could not be used
	Hidden []ServicesHidden
	Action templ.SafeURL
	Type   string // "number" or "text"
	Min    string
	Max    string
	Help   string
}

// ServicesPod is one pod with its readiness toggle.
type ServicesPod struct {
	Name        string
	IP          string
	Ready       bool
	Chosen      bool // the traced request went to it
	ToggleHref  templ.SafeURL
	ToggleLabel string
	Y           int // picture row
}

// ServicesControls are the demo's controls.
type ServicesControls struct {
	Replicas ServicesField
	Seed     ServicesField
	Types    []ServicesChoice
	Targets  []ServicesChoice // only for a NodePort Service
	Send     []ServicesChoice
	Clear    templ.SafeURL
	Pods     []ServicesPod
	Sent     int
	Max      int
}

// ServicesStage is one box of the picture.
type ServicesStage struct {
	X, Y, W, H int
	Label      string
	Title      string // full name
	Table      string // "nat", "filter" or ""
	Passed     bool
	Current    bool
}

// ServicesArrow joins two stages.
type ServicesArrow struct {
	Points string // an SVG polyline's points
	Passed bool
}

// ServicesPicture is the SVG of the request's path.
type ServicesPicture struct {
	Title, Desc   string
	Width, Height int
	NodeW         int // width of the node box
	PodX          int // x of the pods column
	ClientLabel   string
	ClientIP      string
	NodeLabel     string
	ServiceLabel  string
	ServiceSub    string
	Stages        []ServicesStage
	Arrows        []ServicesArrow
	Pods          []ServicesPod
	PodArrow      *ServicesArrow
	Rejected      bool
	PacketLabel   string // the packet as it is now
	PacketX       int
	PacketY       int
	NoPods        string
}

// ServicesStep is one step of the traced request.
type ServicesStep struct {
	N       int
	Title   string
	Why     string
	Rule    string
	Matched bool
	IsRule  bool
	Current bool
	Href    templ.SafeURL
}

// ServicesRuleLine is one line of a rules listing.
type ServicesRuleLine struct {
	Text    string
	ID      string // the rule id, "" for a non-rule line
	State   string // "", "match", "miss"
	Current bool
	Step    int // the step that evaluated it
}

// ServicesRuleTable is one table's listing.
type ServicesRuleTable struct {
	Name    string // "nat"
	Caption string
	Lines   []ServicesRuleLine
}

// ServicesRules is the rules panel.
type ServicesRules struct {
	Views  []ServicesChoice
	Save   bool
	Mode   string // which kube-proxy mode wrote the rules
	Note   string
	Tables []ServicesRuleTable
}

// ServicesBar is one row of the histogram.
type ServicesBar struct {
	Pod      string
	Endpoint string
	Count    int
	Percent  string
	Expected string
	W, EW    int // bar width and expected marker x, in the bar's 0..200 scale
}

// ServicesHistogram is where the requests went.
type ServicesHistogram struct {
	Total    int
	Bars     []ServicesBar
	Rejected int
	Note     string
}

// ServicesQuery is one DNS question and its answer.
type ServicesQuery struct {
	Name   string
	Answer string // the answer line, or "NXDOMAIN"
	Found  bool
}

// ServicesDNS is the DNS panel.
type ServicesDNS struct {
	ResolvConf string
	Names      []ServicesChoice
	Field      ServicesField
	Queries    []ServicesQuery
	Summary    string
}
