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
	// TryQuery is the Planned demo's query that starts on this section's
	// lesson ("preset=init"), for the link that stands in for an inline demo.
	TryQuery string
	Body     templ.Component // the prose, in our own words
	// Questions a learner should be able to answer after the section.
	Questions []Question
}

// Question is a check-yourself question at the end of a course section,
// answered in the browser with instant feedback (no account: progress stays
// in localStorage).
type Question struct {
	ID      string   // stable within its section, e.g. "qos"; progress is keyed by it
	Text    string   // the question
	Choices []string // two to five answers
	Answer  int      // index of the right one in Choices
	Why     string   // why it is right, in one to three sentences, shown after answering
}
