package templates

import "github.com/a-h/templ"

// Page is what every full page needs around its content.
type Page struct {
	Title       string
	Description string
	CSS         []string // asset URLs, content-hashed
	JS          []string
	Embed       bool   // no site chrome: /embed/{demo}
	Theme       string // "light", "dark" or "" to follow the system
	Present     bool   // presenter mode: large type, prose hidden
	BodyClass   string
}

func (p Page) htmlClass() string {
	if p.Theme == "" {
		return ""
	}
	return "theme-" + p.Theme
}

// DemoFrame is the view model of one demo on a page: the frame around the
// demo's own view (header, problems, control bar, narration, text view).
type DemoFrame struct {
	Name     string // "pod-spec"
	Title    string
	Summary  string
	Upstream string // "Kubernetes v1.37"
	Inline   bool   // shown inside the course page
	Link     Link   // hrefs of this demo's states on this page
	Query    string // the demo's own query (unprefixed), for the WebSocket
	WSPath   string // "/ws/pod-spec"
	PagePath string // "/demos/pod-spec"
	// MaxMessage is the largest message the server accepts (web.MaxMessageBytes),
	// so the page can say so before sending a larger one.
	MaxMessage int
	Live       DemoLive
	// Present is presenter mode; PresentHref turns it on (or off).
	Present     bool
	PresentHref templ.SafeURL
	// Section is the course section the demo belongs to (speaker notes follow it).
	Section string
}

// DemoLive is the part of a demo frame that a WebSocket session re-renders
// after every action.
type DemoLive struct {
	Name      string
	Problems  []string // what the URL asked for that could not be used
	Notice    string   // the last action's error, if any
	Narration string
	Text      string
	Step      int
	Total     int // 0: no control bar
	Playing   bool
	Speed     string // "1"
	// Predict is a predict-then-reveal question about the next step, if any.
	Predict   *Predict
	BackHref  templ.SafeURL
	StepHref  templ.SafeURL
	ResetHref templ.SafeURL
	Body      templ.Component
}

// Speeds are the play speeds the control bar offers, in steps a second: a
// step is a controller sync in one demo and a simulated second in another,
// so slow motion to 60× covers both.
var Speeds = []struct{ Value, Label string }{
	{"0.5", "0.5×"}, {"1", "1×"}, {"2", "2×"}, {"4", "4×"}, {"10", "10×"}, {"30", "30×"}, {"60", "60×"},
}

// NotFound is the view model of the 404 page.
type NotFound struct {
	Path    string
	Message string // what was not found, when more can be said than the path
	Demos   []DemoCard
}

// DemoCard names a demo with a link to it.
type DemoCard struct {
	Name, Title, Summary string
}

// Predict is the view model of a predict-then-reveal checkpoint.
type Predict struct {
	ID       string // changes with the question, so a new one starts unanswered
	Question string
	Choices  []string
	Answer   int
	Why      string
}
