package templates

import "github.com/a-h/templ"

// DesiredStateView is the view model of the desired-state demo
// (demos/desiredstate): the ReplicaSet's desired state, its pods, the
// control loop's observe/diff/act for this step, and what kubectl prints.
type DesiredStateView struct {
	ID       string
	Upstream string

	Step    int
	T       string // "t = 10 s"
	Actor   string
	Command string
	Said    string
	Err     bool
	Did     []string

	Replicas int // spec.replicas
	Total    int // pods that exist
	Active   int // not Terminating
	Ready    int

	Loop    DVLoop
	Ranking []DVRank
	Pods    []DVPod

	Form     DVForm
	Actions  []DVActionItem
	DoErrors []string

	GetRS   string
	GetPods string
	Events  string
}

// DVLoop is the control loop diagram: lit when this step is a sync.
type DVLoop struct {
	On                    bool
	Observe, Diff, Act    string
	ObserveY, DiffY, ActY int
}

// DVRank is one pod in getPodsToDelete's order.
type DVRank struct {
	Name, Why string
	Deleted   bool
}

// DVPod is one pod card with what the learner can do to it.
type DVPod struct {
	Index       int
	Name        string
	Status      string // kubectl's STATUS
	Class       string // "ready", "notready", "creating", "terminating"
	Restarts    string
	Ready       string // "1/1"
	Title       string // "pod 2: web-abcde"
	DeleteHref  templ.SafeURL
	CrashHref   templ.SafeURL
	CanDelete   bool
	CanCrash    bool
	DeleteValue string
	CrashValue  string
}

// DVForm is the replicas form: a GET form that works without JavaScript.
type DVForm struct {
	Action     templ.SafeURL
	Hidden     []DVHidden
	ScaleName  string
	Scale      string
	ScaleError string
}

// DVHidden keeps a parameter of the page.
type DVHidden struct{ Name, Value string }

// DVActionItem is one of the learner's actions.
type DVActionItem struct {
	Text    string
	Done    bool // the step shown is at or after it
	Current bool // the step shown is its own
}
