package templates

import "github.com/a-h/templ"

// DNSView is the view model of the dns demo (demos/dns): the controls, the
// pod's resolv.conf, the picture of the query in flight, the resolver's
// list of names with what each got, the current answer as dig prints it,
// the result, and the records CoreDNS serves.
type DNSView struct {
	ID         string // prefix of element ids, unique on the page
	Controls   DNSControls
	ResolvConf string
	Client     string // "client in shop, 10.244.1.9"
	Plan       string // why the names come in this order
	Tries      []DNSTry
	Picture    DNSPicture
	Current    *DNSQuery // nil before the first query
	Result     *DNSResult
	Records    []DNSRecord
}

// DNSChoice is one option, as a link that also works without JS.
type DNSChoice struct {
	Label   string
	Action  string // data-action
	Key     string // data-key
	Value   string // data-value
	Href    templ.SafeURL
	Current bool
}

// DNSHidden is a hidden input of a GET form.
type DNSHidden struct{ Name, Value string }

// DNSControls are the demo's controls.
type DNSControls struct {
	Namespaces []DNSChoice
	Presets    []DNSChoice
	Types      []DNSChoice
	NameField  string // the form field name (with the page's prefix)
	NameValue  string
	NameError  string
	Hidden     []DNSHidden
	Action     templ.SafeURL
	Pods       []DNSPod
}

// DNSPod is a db pod with its readiness toggle.
type DNSPod struct {
	Name   string
	IP     string
	Ready  bool
	Toggle DNSChoice
}

// DNSTry is one name the resolver tries.
type DNSTry struct {
	N       int
	Name    string
	State   string // "sent-nx", "sent-nodata", "sent-found", "pending", "unneeded"
	Answer  string // "NXDOMAIN", "10.96.112.40", "not sent yet", "not needed"
	Current bool
	Href    templ.SafeURL // the step that sends it
}

// DNSQuery is the query of the current step.
type DNSQuery struct {
	N, Of   int
	Command string // "dig +noedns @10.96.0.10 web.shop.svc.cluster.local. A"
	Dig     string
	By      string // "kubernetes" or "forward"
	Why     string
	Status  string // "found", "nx", "nodata"
}

// DNSResult is what the program gets once the lookup is over.
type DNSResult struct {
	Found    bool
	Summary  string
	Command  string
	Nslookup string
}

// DNSPicture is the SVG: the pod, CoreDNS and the upstream resolver.
type DNSPicture struct {
	Title     string // accessible name
	Question  string // "web.shop.svc.cluster.local. A?"
	Answer    string // "NXDOMAIN", "A 10.96.112.40"
	Status    string // "", "found", "nx", "nodata"
	Forwarded bool   // CoreDNS forwarded it upstream
	ClientNS  string
	ClientIP  string
	DNSIP     string
}

// DNSRecord is one record CoreDNS serves.
type DNSRecord struct {
	Name, Type, Data, Why string
}
