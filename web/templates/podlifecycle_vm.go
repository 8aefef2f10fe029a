package templates

import "github.com/a-h/templ"

// PodLifecycleView is the view model of the pod-lifecycle demo
// (demos/podlifecycle): the settings, a timeline picture of every
// container, what happened this second, and what kubectl shows now.
type PodLifecycleView struct {
	ID    string // prefix of element ids, unique on the page
	T     int
	Total int
	Clock string // "t = 63 s"

	PresetForm PLPresetForm
	Form       PLForm
	Scrub      PLScrub
	Jumps      []PLJump

	About    string
	Happened []PLHappening
	ProbeNow []PLProbeRow

	Phase      string
	Get        string // kubectl get pods (pre)
	GetStatus  string // the STATUS column
	StatusKind string // ok, warn, err: how the STATUS column reads
	Containers []PLContainer
	Conditions []PLCondition
	Endpoint   PLEndpoint
	ProbeLog   []PLProbeRow
	Events     []PLEvent
	Pic        PLPicture
	Notes      []string
}

// PLPresetForm picks the scenario: a GET form of its own, so that the other
// settings of the old preset are not sent with it.
type PLPresetForm struct {
	Action  templ.SafeURL
	Hidden  []RUHidden
	Name    string
	Options []RUOption
}

// PLForm is the settings form: a GET form that works without JavaScript;
// each control also sends "set" over the socket.
type PLForm struct {
	Action    templ.SafeURL
	Hidden    []RUHidden
	Selects   []PLSelect
	Fields    []PLField
	Probes    []PLProbe
	ProbeNote string
}

// PLSelect is one select of the settings form.
type PLSelect struct {
	Key, Name, Label, Help string
	Options                []RUOption
	Errors                 []string
}

// PLField is one text input.
type PLField struct {
	Key, Name, Label, Help, Value string
	Mode                          string // inputmode
	Errors                        []string
}

// PLProbe is one probe of the app container: on or off, and its fields.
type PLProbe struct {
	Kind   string // liveness, readiness, startup
	Label  string // "livenessProbe"
	What   string // what it does, one line
	Switch PLSelect
	Fields []PLField
}

// PLScrub is the time slider: a GET form with a range input.
type PLScrub struct {
	Action templ.SafeURL
	Hidden []RUHidden
	Name   string
	Value  int
	Max    int
}

// PLJump is a link to another second.
type PLJump struct {
	Label, Title string
	Href         templ.SafeURL
	Step         string
}

// PLHappening is one thing that happened this second.
type PLHappening struct{ Who, What string }

// PLProbeRow is one probe attempt.
type PLProbeRow struct {
	T                   int
	Container, Kind     string
	OK                  bool
	Output, Run, Result string
	Changed             bool
}

// PLContainer is one container's row.
type PLContainer struct {
	Name, Kind             string
	State, Reason, Message string
	StateKind              string // ok, warn, err, idle
	Ready, Started         string
	Restarts               string
	BackOff, Countdown     string
	NextProbes             string
}

// PLCondition is one pod condition.
type PLCondition struct{ Type, Status, Reason, Message string }

// PLEndpoint says whether the pod gets Service traffic.
type PLEndpoint struct{ Text, Kind string }

// PLEvent is one row of kubectl describe's events.
type PLEvent struct{ Type, Reason, Age, From, Message string }

// PLPicture is the SVG timeline: a lane per container and one for the pod.
type PLPicture struct {
	ID          string
	W, H        int
	Title, Desc string
	X0, X1      int // the time axis
	Lanes       []PLLane
	Ticks       []PLTick
	AxisY       int
	CursorX     int
	CursorLabel string
}

// PLLane is one row of the timeline.
type PLLane struct {
	Label    string
	Y, H     int
	LabelY   int
	Segments []PLSegment
	Marks    []PLMark
}

// PLSegment is a span of time in one state.
type PLSegment struct {
	X, W  int
	Class string
	Title string
}

// PLMark is a probe attempt (a small tick) or a restart.
type PLMark struct {
	X, Y, H int
	Class   string
	Title   string
}

// PLTick is one tick of the time axis.
type PLTick struct {
	X     int
	Label string
}
