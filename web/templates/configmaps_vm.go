package templates

import "github.com/a-h/templ"

// ConfigMapsView is the view model of the configmaps-secrets demo
// (demos/configmaps): the objects as YAML, the controls, the timeline, and
// what the container sees (env, or the volume directories as ls -la shows
// them).
type ConfigMapsView struct {
	ID       string // prefix of element ids, unique on the page
	Mode     string // "env" or "volume"
	ModeTabs []CMTab
	Settings CMSettings

	Step     int
	Clock    string
	Happened CMHappened
	Timeline CMTimeline

	ConfigMapYAML  []CMLine
	SecretYAML     []CMLine
	StringDataYAML string
	PodYAML        string
	PodNote        string

	Edits       []CMEditForm
	ReplaceHref templ.SafeURL
	BigHref     templ.SafeURL

	SyncLines []string
	Running   bool
	GetPod    string
	Events    string

	EnvRaw   string
	Env      []CMEnvVar
	EnvStale int
	Volumes  []CMVolume
	Tree     *CMTree
	Sub      *CMSub
	Create   CMCreate
	Notes    []string
}

// CMTab is one choice of the mode switch.
type CMTab struct {
	Label, Value string
	Href         templ.SafeURL
	Current      bool
}

// CMSettings is the settings form (a GET form without JavaScript).
type CMSettings struct {
	Action     templ.SafeURL
	Hidden     []CMHidden
	Selects    []CMSelect
	SecretMode CMField
}

// CMHidden keeps a parameter in a GET form.
type CMHidden struct{ Name, Value string }

// CMSelect is a select of the settings.
type CMSelect struct {
	Key, Name, Label, Help string
	Options                []CMOption
}

// CMOption is one option.
type CMOption struct {
	Value, Label string
	Selected     bool
}

// CMField is a text input with its error.
type CMField struct {
	Key, Name, Label, Value, Help, Error string
}

// CMHappened is what this step did.
type CMHappened struct {
	Actor, What, Kind string
	Lines             []string
	Reject            string // "Error from server (Invalid): …"
}

// CMLine is one line of YAML; a data key's first line carries its anchor.
type CMLine struct {
	Text   string
	ID     string // anchor of the key, on its first line
	Key    string
	InKey  bool
	Stale  bool // the container does not see this value (yet)
	Indent bool
}

// CMEditForm applies a change to one object: KEY=VALUE.
type CMEditForm struct {
	Op, Param, Label, Help, Placeholder, Error, Value string
	Action                                            templ.SafeURL
	Hidden                                            []CMHidden
	Multiline                                         bool
}

// CMEnvVar is one variable in the container, linked to its key.
type CMEnvVar struct {
	Name, Value, Href, From, Now string
	Stale                        bool
}

// CMVolume is one mounted volume.
type CMVolume struct {
	Name, MountPath, Kind, Object string
	Ls, LsData                    string
	Files                         []CMFile
	Error                         string
}

// CMFile is one file as the app reads it.
type CMFile struct {
	Path, Value, Mode, Href, Now string
	Stale                        bool
}

// CMSub is the subPath mount.
type CMSub struct {
	Path, Ls, Content, From, Now string
	Stale                        bool
}

// CMCreate is the kubectl create secret generic panel.
type CMCreate struct {
	Name, Literals, Command, Output string
	Param                           string // form field name of literals
	Err                             bool
	Action                          templ.SafeURL
	Hidden                          []CMHidden
}

// CMTimeline is the SVG of the story's time axis.
type CMTimeline struct {
	W, H     int
	Title    string
	Desc     string
	Ticks    []CMTick
	Marks    []CMMark
	NowX     int
	NextX    int // the kubelet's next sync, 0 if off the axis
	NextText string
	AxisY    int
}

// CMTick is one minute on the axis.
type CMTick struct {
	X     int
	Label string
}

// CMMark is one thing on the timeline.
type CMMark struct {
	X, Y  int
	Kind  string // "edit", "rejected", "sync", "write", "replace"
	Title string
}

// CMTree is the SVG of a volume directory: the per-key symlinks, ..data
// (and ..data_tmp), and the timestamped directories.
type CMTree struct {
	W, H   int
	Title  string
	Desc   string
	Names  []CMBox
	Links  []CMBox // ..data, ..data_tmp
	Dirs   []CMDir
	Arrows []CMArrow
}

// CMBox is a labelled box.
type CMBox struct {
	X, Y, W, H int
	Label      string
	Kind       string // data-kind for the stylesheet: "name", "data", "tmp", "file"
}

// CMDir is a timestamped directory with its files.
type CMDir struct {
	X, Y, W, H int
	Name       string
	Kind       string // data-kind: "current", "old", "new"
	Files      []CMBox
}

// CMArrow is a line with an arrow head.
type CMArrow struct {
	X1, Y1, X2, Y2 int
	Kind           string // data-kind: "to-data", "to-ts", "to-tmp"
}
