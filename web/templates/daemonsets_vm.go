package templates

import "github.com/a-h/templ"

// DaemonSetsView is the view model of the daemonsets demo
// (demos/daemonsets): the DaemonSet's settings, the nodes with their pods,
// what this step did, and what kubectl prints now.
type DaemonSetsView struct {
	ID       string // prefix of element ids, unique on the page
	Upstream string // "Kubernetes v1.37"

	Form        DSForm
	Tolerations []string // the pod's tolerations, automatic ones included

	Nodes []DSNode
	Gone  string // "node-2 left the cluster." or ""

	Step    int
	Clock   string // "25s after kubectl apply"
	Actor   string
	Command string // what the learner typed, or ""
	Said    string // what the command printed
	Did     []string

	Counts      []DSCount
	GetDS       string
	GetPods     string // kubectl get pods
	GetPodsWide string // with custom-columns NAME, NODE, IMAGE
	PodsCmd     string
	Rollout     string // kubectl rollout status, "" before kubectl set image
	RolloutDone bool
	Events      []DSEvent
}

// DSForm is the settings form: a GET form that works without JavaScript.
type DSForm struct {
	Action         templ.SafeURL
	Hidden         []DSHidden
	SelectorName   string
	Selector       string
	SelectorErrors []string
	TolerateName   string
	Tolerate       bool
}

// DSHidden keeps another parameter of the page.
type DSHidden struct{ Name, Value string }

// DSNode is one node card: the node, whether the DaemonSet wants a pod
// there and why, and its daemon pods.
type DSNode struct {
	Name     string
	Labels   string
	Taints   string
	Verdict  string // "runs a pod", "no new pod", "no pod"
	Why      string
	Kind     string // CSS class: "run", "keep" or "skip"
	Pods     []DSPod
	Desc     string // the SVG's description
	TitleID  string
	DescID   string
	NoPodMsg string
}

// DSPod is one daemon pod.
type DSPod struct {
	Name  string
	Image string
	State string // "Ready", "starting", "Terminating"
	Class string // "ready", "starting", "terminating"
	Y     int
}

// DSCount is one column of kubectl get daemonset.
type DSCount struct{ Label, Value, Help string }

// DSEvent is one event of kubectl describe daemonset.
type DSEvent struct{ Type, Reason, Age, From, Message string }
