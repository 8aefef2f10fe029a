package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// typeInto replaces a text field's value by typing, as a person who selects
// the old text and types over it.
func typeInto(t *testing.T, ctx context.Context, testid, value string) {
	t.Helper()
	sel := fmt.Sprintf(`[data-testid=%q]`, testid)
	do(t, ctx, chromedp.Focus(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).select()`, sel)),
		chromedp.SendKeys(chromedp.CSS(sel), value))
}

// A learner opens the outline's example, steps to Filter, reads why each
// node fails, lowers the CPU request and sees node-1 pass, types a bad
// quantity and reads the API server's message beside the control, then goes
// to the last step and reads the FailedScheduling event
// (demos/scheduler; upstream pkg/scheduler/framework/types.go FitError.Error).
func TestSchedulerLearner(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/scheduler?preset=outline"))
	waitOpen(t, ctx)
	waitCounter(t, ctx, "step 0 of 4")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of 4")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 2 of 4")
	if got := text(t, ctx, `[data-testid="sched-filter-node-1"]`); !strings.Contains(got, "Insufficient cpu") {
		t.Errorf("node-1 row = %q", got)
	}
	if got := text(t, ctx, `[data-testid="sched-filter-node-2"]`); !strings.Contains(got, "Insufficient memory") {
		t.Errorf("node-2 row = %q", got)
	}

	// The last step: the event as kube-scheduler writes it.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 3 of 4")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 4 of 4")
	want := "0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
	if got := text(t, ctx, `[data-testid="sched-failed-message"]`); got != want {
		t.Errorf("FailedScheduling = %q\nwant %q", got, want)
	}
	look(t, ctx, "scheduler-failed")

	// Lower the requests: every node fits, the cycle now has Score steps.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="sched-stages"] a[data-value="2"]`)))
	waitCounter(t, ctx, "step 2 of 4")
	typeInto(t, ctx, "sched-input-cpu", "500m")
	typeInto(t, ctx, "sched-input-memory", "512Mi")
	waitFor(t, ctx, "node-1 to pass", `(document.querySelector('[data-testid="sched-filter-node-1"]')||{}).textContent.indexOf('Insufficient') < 0 && location.search.indexOf('memory=512Mi') >= 0`)
	waitCounter(t, ctx, "step 2 of 6")

	// A quantity the API server would reject, beside the CPU request.
	typeInto(t, ctx, "sched-input-cpu", "abc")
	waitFor(t, ctx, "the cpu problem", `!!document.querySelector('[data-testid="sched-problem-cpu"]')`)
	if got := text(t, ctx, `[data-testid="sched-problem-cpu"]`); !strings.HasPrefix(got, `spec.containers[0].resources.requests[cpu]: Invalid value: "abc": quantities must match`) {
		t.Errorf("problem = %q", got)
	}
	typeInto(t, ctx, "sched-input-cpu", "500m")
	waitFor(t, ctx, "the problem to go", `!document.querySelector('[data-testid="sched-problem-cpu"]')`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="sched-stages"] a[data-value="5"]`)))
	waitCounter(t, ctx, "step 5 of 6")
	if got := text(t, ctx, `[data-testid="sched-selected"]`); !strings.Contains(got, "node-") {
		t.Errorf("selected = %q", got)
	}
	look(t, ctx, "scheduler")
	audit(t, ctx)
}
