package templates

import "github.com/a-h/templ"

// NodeFailureView is the view model of the node-failure demo
// (demos/nodefailure): the settings, the three nodes with their Lease,
// taints and pods, what this step did, and what kubectl prints now.
type NodeFailureView struct {
	ID       string // prefix of element ids, unique on the page
	Upstream string // "Kubernetes v1.37"

	Form      NFForm
	Constants []NFConst

	Step      int
	Clock     string // "10:01:10"
	T         string // "t = 70 s"
	Since     string // "53 s after the kubelet on node-3 stopped"
	Actor     string
	Did       []string
	QuietSpan string // "10:00:17 … 10:01:09", or ""
	Quiet     []string

	Actors     []NFActor
	Nodes      []NFNode
	Milestones []NFMilestone
	Ready      string // "2/3"

	GetNodes      string
	GetDeployment string
	GetPods       string
	DescribeCmd   string
	DescribeNode  string
	// DescribePodCmd and DescribePod: the pod that ran on the failed node.
	DescribePodCmd string
	DescribePod    string
	Events         string
}

// NFForm is the settings form: a GET form that works without JavaScript.
type NFForm struct {
	Action            templ.SafeURL
	Hidden            []NFHidden
	NodeName          string
	Node              string
	Nodes             []string
	FailureName       string
	Failure           string
	ReturnName        string
	Return            string
	ReturnError       string
	TolerationName    string
	Toleration        string
	TolerationError   string
	TolerationDefault string // what the pods tolerate when the field is empty
}

// NFHidden keeps another parameter of the page.
type NFHidden struct{ Name, Value string }

// NFConst is one timing default and where it comes from.
type NFConst struct{ Name, Value, Source string }

// NFActor is one component of the control plane or a kubelet; On when it
// acts in this step.
type NFActor struct {
	Name string
	On   bool
}

// NFNode is one node card.
type NFNode struct {
	Name     string
	Status   string // "Ready", "NotReady"
	Class    string // "ready", "notready"
	Failed   bool   // the node the learner broke
	Kubelet  string // "kubelet running", "kubelet stopped", "network cut"
	Lease    string // "Lease renewed 10:00:14 (56 s ago)"
	Taints   []string
	Pods     []NFPod
	Desc     string
	TitleID  string
	DescID   string
	Height   int
	NoPodMsg string
}

// NFPod is one pod in a node card.
type NFPod struct {
	Name  string
	State string // "Running · Ready", "Running · not Ready", "Terminating", "starting"
	Class string // "ready", "notready", "terminating", "starting"
	Y     int
}

// NFMilestone is a moment of the story that has passed.
type NFMilestone struct{ Clock, What string }
