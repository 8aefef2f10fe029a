package netpol

import (
	"bytes"
	"context"
	"net/url"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// What one action costs a live session: apply it, then render the view.
func BenchmarkToggleAndRender(b *testing.B) {
	q, _ := url.ParseQuery("step=6")
	st, _ := open(q)
	var buf bytes.Buffer
	for b.Loop() {
		if err := st.Apply(demos.Action{Kind: "toggle", Value: "default-deny"}); err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := st.View(templates.Link{Path: "/demos/network-policies"}).Render(context.Background(), &buf); err != nil {
			b.Fatal(err)
		}
	}
}

// Opening a URL: the cost of a page load or a reconnect.
func BenchmarkOpen(b *testing.B) {
	q, _ := url.ParseQuery("scenario=zero-trust&step=3")
	for b.Loop() {
		open(q)
	}
}
