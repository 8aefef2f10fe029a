package podlifecycle_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/podlifecycle"
	"github.com/kubeviz/kubeviz/web/templates"
)

// BenchmarkStep is one learner's action as a WebSocket session serves it
// (web/session.go, uncached): the engine's Apply, then the live fragment
// built as web.live builds it (the view, and the no-JavaScript Back, Step
// and Reset links, each found by opening the state's query and applying
// the action) and rendered by templates.Live. It reports p99-ns too: the
// target is under 1 ms at p99 (docs/performance.md).
func BenchmarkStep(b *testing.B) {
	d := podlifecycle.Definition
	st, _ := d.Open(nil)
	link := templates.Link{Path: "/demos/" + d.Name}
	acts := []demos.Action{{Kind: "step"}, {Kind: "step"}, {Kind: "step"}, {Kind: "back"}, {Kind: "step"}}
	var buf bytes.Buffer
	times := make([]time.Duration, 0, 1<<16)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t0 := time.Now()
		a := acts[i%len(acts)]
		i++
		if st.Apply(a) != nil {
			st.Apply(demos.Action{Kind: "reset"})
		}
		buf.Reset()
		if err := templates.Live(benchLive(d, st, link)).Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
		if len(times) < cap(times) {
			times = append(times, time.Since(t0))
		}
	}
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)*99/100]), "p99-ns")
	}
	b.ReportMetric(float64(buf.Len()), "html-bytes")
}

// benchLive is web.live (web/server.go), which the demos cannot import.
func benchLive(d demos.Definition, st demos.State, link templates.Link) templates.DemoLive {
	step, total := st.Progress()
	l := templates.DemoLive{Name: d.Name, Narration: st.Narration(), Text: st.Text(),
		Step: step, Total: total, Speed: "1", Body: st.View(link)}
	if total > 0 {
		href := func(kind string) templ.SafeURL {
			cp, _ := d.Open(st.Query())
			if cp.Apply(demos.Action{Kind: kind}) != nil {
				return link.Href(st.Query())
			}
			return link.Href(cp.Query())
		}
		l.BackHref, l.StepHref, l.ResetHref = href("back"), href("step"), href("reset")
	}
	return l
}
