package demos

import (
	"net/url"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/web/templates"
)

// Param is one readable query parameter a demo accepts.
type Param struct {
	Name    string   // "field", "preset", "step"
	Help    string   // one line for the docs and the share dialog
	Default string   // value when absent (omitted from URLs when equal)
	Values  []string // allowed values when the parameter is an enumeration
}

// Definition declares a demo. Adding a demo means adding a subpackage of
// demos/ with one Definition, registering it in registry.go, and its templ
// view in web/templates/.
type Definition struct {
	Name     string // the URL name: /demos/{Name}
	Title    string
	Summary  string // one sentence, shown in cards and meta description
	Section  string // id of the course section it is shown in, inline
	Upstream string // what it is faithful to, e.g. "Kubernetes v1.37"
	Params   []Param
	// Open builds the state a URL describes. It never fails: a value it
	// cannot use is replaced by its default and reported in problems, a
	// sentence each, which the page shows beside the demo.
	Open func(q url.Values) (st State, problems []string)
}

// Action is one thing a person did, as it arrives over the WebSocket:
// {"a":"click","v":"spec.restartPolicy"}.
//
// Kinds understood by every demo: "step", "back", "reset", "goto" (Value is a
// step number) for stepped demos. Other kinds are the demo's own ("click",
// "set" with Key and Value, "edit" with the new text in Value).
type Action struct {
	Kind  string `json:"a"`
	Key   string `json:"k,omitempty"`
	Value string `json:"v,omitempty"`
}

// State is a demo's whole state. Open(st.Query()) must reproduce it exactly:
// the URL is the state.
type State interface {
	// Apply applies one action. It returns an error only for an action that
	// cannot apply at all (an unknown kind, a step out of range); the state is
	// then unchanged. Invalid input a learner typed (a quantity "abc", broken
	// YAML) is not an error: it becomes part of the state and View shows it
	// beside its control.
	Apply(a Action) error
	// Query is the readable URL state, defaults omitted.
	Query() url.Values
	// View draws the demo (everything inside the demo frame, without the
	// shared control bar). link builds hrefs for the no-JavaScript links.
	View(link templates.Link) templ.Component
	// Narration is one sentence saying what the current state shows, for the
	// aria-live region.
	Narration() string
	// Text is the whole state as plain text (screen readers, notes, goldens).
	Text() string
	// Progress is the current step and the number of steps; total is 0 for a
	// demo that has no steps (the control bar is then not drawn).
	Progress() (step, total int)
}

// Prediction is a predict-then-reveal checkpoint: a question about what the
// next step will do, answered by the engine itself (the demo finds Answer by
// taking the step on a copy of its state). The page asks it above the
// control bar and checks the learner's pick at once.
type Prediction struct {
	Question string   // "How many pods will the new ReplicaSet have after this sync?"
	Choices  []string // two to six answers
	Answer   int      // index of the right one
	Why      string   // one sentence, shown after answering
}

// Predictor is implemented by a demo that can ask a Prediction at some steps.
type Predictor interface {
	// Prediction is the checkpoint for the step about to be taken, if any.
	Prediction() (Prediction, bool)
}
