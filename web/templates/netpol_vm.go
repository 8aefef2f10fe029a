package templates

import "github.com/a-h/templ"

// NetpolView is the view model of the network-policies demo
// (demos/netpol): the scenario and the policies with their toggles, the
// editor, the picture of the cluster with the current request, the
// connectivity matrix, the explanation of the current request and of a
// selected cell, and the list of requests.
type NetpolView struct {
	ID        string // prefix of element ids, unique on the page
	Scenarios []NetpolChoice
	Policies  []NetpolPolicy
	Editor    NetpolEditor
	Picture   NetpolPicture // namespaces side by side
	// PictureTall stacks the namespaces; CSS shows it instead of Picture
	// on narrow screens.
	PictureTall NetpolPicture
	World       []NetpolNamespace
	Matrix      NetpolMatrix
	Request     *NetpolExplain // the current step's request; nil at step 0
	Cell        *NetpolExplain // the selected matrix cell; nil when none
	Steps       []NetpolStep
	Upstream    string // the note on where the outline differs
}

// NetpolChoice is one option, as a link that also works without JS.
type NetpolChoice struct {
	Label   string
	Value   string
	Href    templ.SafeURL
	Current bool
}

// NetpolHidden is a hidden input of a GET form.
type NetpolHidden struct{ Name, Value string }

// NetpolPolicy is one policy of the list, with its apply/remove toggle.
type NetpolPolicy struct {
	Name        string
	Title       string
	Applied     bool
	Refused     bool // applied, but the API server (or kubectl) refused it
	Edited      bool
	Editing     bool // shown in the editor
	ToggleHref  templ.SafeURL
	ToggleLabel string // "Apply" or "Remove"
	EditHref    templ.SafeURL
}

// NetpolEditor is the YAML of one policy in a GET form.
type NetpolEditor struct {
	Name        string // the policy (preset) shown
	FieldName   string // the form field (with the page's prefix)
	Text        string
	Rows        int
	Action      templ.SafeURL
	Hidden      []NetpolHidden
	Problem     string   // why kubectl or the API server refuses it
	Notes       []string // what kubectl does without a word (a key given twice)
	Output      string   // kubectl's line when it is applied
	Defaults    []string // what the API server filled in
	Describe    string   // kubectl describe networkpolicy, when valid
	Edited      bool
	RevertHref  templ.SafeURL
	Applied     bool
	ToggleHref  templ.SafeURL
	ToggleLabel string
}

// NetpolNS is a namespace box of the picture.
type NetpolNS struct {
	X, Y, W, H int
	Name       string
	Outside    bool
}

// NetpolPod is a pod (or outside address) of the picture.
type NetpolPod struct {
	X, Y, W, H int
	Name       string
	Sub        string // labels, or the IP outside
	IP         string
	IngressIso bool
	EgressIso  bool
	Outside    bool
	Role       string // "src", "dst" or ""
}

// NetpolArrow is the current request in the picture.
type NetpolArrow struct {
	D       string // an SVG path
	Allowed bool
	Reply   bool
	X, Y    int    // where the caption goes
	Label   string // the caption: "request 6, api → coredns TCP 53: denied"
}

// NetpolPicture is the SVG of the cluster.
type NetpolPicture struct {
	Title, Desc   string
	Width, Height int
	Tall          bool
	Namespaces    []NetpolNS
	Pods          []NetpolPod
	Arrow         *NetpolArrow
}

// NetpolNamespace is a namespace and its pods, for the world table.
type NetpolNamespace struct {
	Name   string
	Labels string
	Pods   []NetpolWorldPod
}

// NetpolWorldPod is a pod in the world table.
type NetpolWorldPod struct {
	Name, IP, Labels, Ports string
	Isolation               string
}

// NetpolTarget is a matrix column.
type NetpolTarget struct {
	Label string // "api"
	Port  string // "8080/TCP"
	Name  string // the container port's name, "" outside
}

// NetpolCell is one matrix cell.
type NetpolCell struct {
	Allowed  bool
	Self     bool
	Current  bool // the current step's request
	Selected bool
	Href     templ.SafeURL
	Key      string
	Label    string // for screen readers and the title
}

// NetpolRow is a matrix row: one source pod.
type NetpolRow struct {
	Source string
	Cells  []NetpolCell
}

// NetpolMatrix is the connectivity matrix.
type NetpolMatrix struct {
	Targets []NetpolTarget
	Rows    []NetpolRow
	Summary string
}

// NetpolLine is one line of an explanation.
type NetpolLine struct {
	Indent int
	Mark   string // "✓", "✗" or ""
	Text   string
}

// NetpolExplain explains one connection.
type NetpolExplain struct {
	Heading   string
	Note      string
	Summary   string
	Allowed   bool
	Lines     []NetpolLine
	ClearHref templ.SafeURL // for a selected cell: unselect it
}

// NetpolStep is one request of the scenario.
type NetpolStep struct {
	N       string // its number, 1 for the first
	Text    string
	Href    templ.SafeURL
	Current bool
	Reached bool
	Allowed bool
}
