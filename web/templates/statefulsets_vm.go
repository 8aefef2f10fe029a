package templates

import "github.com/a-h/templ"

// StatefulSetsView is the view model of the statefulsets demo (built by
// demos/statefulsets, drawn by statefulsets.templ).
type StatefulSetsView struct {
	ID       string
	Upstream string
	Step     int
	Actor    string
	What     string
	Said     []string
	Events   []STSEvent // recorded by this step
	Form     STSForm
	Acts     []STSActGroup
	Pic      STSPicture
	GetSTS   string
	GetPods  string
	GetPVC   string
	DNS      []string
	Waiting  string
	AllEvent []STSEvent
	Note     string
}

// STSForm is the settings form (a GET form without JavaScript).
type STSForm struct {
	Action       templ.SafeURL
	Hidden       []STSHidden
	ReplicasName string
	Replicas     string
	ReplicasErr  string
	PolicyName   string
	Policies     []STSOption
}

// STSHidden is a hidden form field.
type STSHidden struct{ Name, Value string }

// STSOption is an option of a select.
type STSOption struct {
	Value, Label string
	Selected     bool
}

// STSActGroup is a group of actions the learner can take now.
type STSActGroup struct {
	Title string
	Help  string
	Acts  []STSAct
	Empty string
}

// STSAct is one action: a link that also sends the action over the socket.
type STSAct struct {
	Kind, Value, Label string
	Href               templ.SafeURL
	Current            bool // e.g. the current replicas: shown, not a link
}

// STSEvent is one event of kubectl describe statefulset web.
type STSEvent struct{ Type, Reason, From, Message string }

// STSPicture is the SVG: the headless Service, the nodes with their pods
// and attached volumes, and the claims that no pod uses now.
type STSPicture struct {
	ID, Title, Desc string
	W, H            int
	SvcLabel        string
	Nodes           []STSNode
	Loose           []STSClaim
	LooseY          int
	LooseLabel      string
}

// STSNode is a node column.
type STSNode struct {
	X, Y, W, H int
	Label      string
	Class      string // ready, notready, deleted
	Pods       []STSPod
}

// STSPod is a pod box with its claim below its name.
type STSPod struct {
	X, Y, W, H int
	Name       string
	Status     string
	Claim      string
	Class      string // running, starting, pending, terminating
	Title      string
}

// STSClaim is a claim no pod uses now.
type STSClaim struct {
	X, Y  int
	Label string
}
