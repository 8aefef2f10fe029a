package templates

import "github.com/a-h/templ"

// IngressView is the view model of the Ingress demo (demos/ingress): the
// Ingress text and what kubectl apply said, the example requests, a
// picture of the current request's route, the checks by the Ingress API
// and by ingress-nginx, and ingress-nginx's generated locations.
type IngressView struct {
	ID        string
	Presets   []IngressChoice
	YAML      IngressField
	Applied   IngressApplied
	Requests  IngressField
	ReqErrors []string
	ReqList   []IngressReq
	Picture   IngressPicture
	Trace     *IngressTrace // nil before the first request
	Conf      []IngressConfLine
}

// IngressChoice is an option shown as a link that works without JS.
type IngressChoice struct {
	Label   string
	Value   string
	Href    templ.SafeURL
	Current bool
}

// IngressHidden is a hidden input of a GET form.
type IngressHidden struct{ Name, Value string }

// IngressField is a textarea in its own GET form.
type IngressField struct {
	Key    string // the setting: "yaml" or "req"
	Name   string // the form field name (with the page's prefix)
	Label  string
	Value  string
	Rows   int
	Error  string // why the text could not be used
	Help   string
	Button string
	Action templ.SafeURL
	Hidden []IngressHidden
}

// IngressApplied is kubectl apply's answer.
type IngressApplied struct {
	OK      bool
	Output  string
	Summary string
	Errors  []string
	Notes   []string // what kubectl does without a word (a key given twice)
	// Ignored is ingress-nginx's log line when it skips the Ingress the API
	// server stored (another IngressClass, or none), else "".
	Ignored string
}

// IngressReq is one example request in the list.
type IngressReq struct {
	N       int
	URL     string
	Href    templ.SafeURL
	Sent    bool
	Current bool
	Spec    string
	Nginx   string
	Differ  bool
}

// IngressCheck is one test in a trace (a host, a path, a location).
type IngressCheck struct {
	Label string
	Why   string
	Match bool
	Won   bool
}

// IngressTrace is the current request, by the API and by ingress-nginx.
type IngressTrace struct {
	N            int
	URL          string
	Rejected     bool
	SpecTLS      string
	SpecHosts    []IngressCheck
	SpecPaths    []IngressCheck
	SpecOutcome  string
	NginxTLS     string
	NginxServer  string
	NginxLocs    []IngressCheck
	NginxLocWhy  string
	NginxOutcome string
	Differ       bool
}

// IngressConfLine is one line of the nginx.conf excerpt.
type IngressConfLine struct {
	Text    string
	Server  bool
	Current bool
}

// IngressBox is a box of the picture with lines of text.
type IngressBox struct {
	X, Y, W, H int
	Lines      []string
	Class      string
	Title      string
}

// IngressArrow is a polyline of the picture.
type IngressArrow struct {
	Points string
	Class  string // "spec" or "nginx"
}

// IngressPicture is the SVG of the route.
type IngressPicture struct {
	W, H     int
	Title    string
	Desc     string
	Client   IngressBox
	Ctrl     IngressBox
	Rows     []IngressBox // rule hosts, paths and defaultBackend
	Backends []IngressBox
	Arrows   []IngressArrow
	LegendY  int
}
