package web

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/all"
	"github.com/kubeviz/kubeviz/web/templates"
)

// BenchmarkStep is one learner's action as a session serves it, for every
// registered demo (all.Demos()): the engine's Apply, then the live fragment
// built by live (the view, and the no-JavaScript Back, Step and Reset links)
// and rendered by templates.Live, uncached (a session's frame cache is not
// used: this is the cost of a frame nobody has asked for yet). It reports
// p50-ns and p99-ns too: the target is under 1 ms at p99
// (docs/performance.md). go test -run XXX -bench Step ./web/
func BenchmarkStep(b *testing.B) {
	for _, d := range all.Demos() {
		b.Run(d.Name, func(b *testing.B) {
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
				if st.Apply(acts[i%len(acts)]) != nil {
					st.Apply(demos.Action{Kind: "reset"})
				}
				i++
				buf.Reset()
				if err := templates.Live(live(d, st, nil, link, "", false, "1")).Render(ctx, &buf); err != nil {
					b.Fatal(err)
				}
				if len(times) < cap(times) {
					times = append(times, time.Since(t0))
				}
			}
			slices.Sort(times)
			if len(times) > 0 {
				b.ReportMetric(float64(times[len(times)/2]), "p50-ns")
				b.ReportMetric(float64(times[len(times)*99/100]), "p99-ns")
			}
			b.ReportMetric(float64(buf.Len()), "html-bytes")
		})
	}
}
