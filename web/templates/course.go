package templates

import "github.com/a-h/templ"

// Section is one section of the course page, in the order of the outline.
type Section struct {
	ID    string // anchor, e.g. "pods"
	Title string
	// Demo is the name of the demo shown inline ("pod-spec"), or "" for none.
	Demo string
	// Planned names the demo that will come here when it is not built yet,
	// so the page can show a clear placeholder ("pod-lifecycle").
	Planned string
	Body    templ.Component // the prose, in our own words
}
