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
	// DynamicResources' PostFilter reason comes before DefaultPreemption's
	// (dynamicresources.go PostFilter, runtime/framework.go RunPostFilterPlugins).
	want := "0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
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

// A learner opens the PodDisruptionBudget preset at PostFilter, reads that
// the budget made node-2 the nominated node (pickOneNodeForPreemption's
// first criterion, fewest PDB violations; preemption/preemption.go) and
// that db-0 would violate it, then lowers minAvailable to 1 and sees
// node-1 nominated on the victims' priority instead.
func TestSchedulerPDB(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/scheduler?preset=pdb"))
	waitOpen(t, ctx)
	waitCounter(t, ctx, "step 0 of 4")
	for _, want := range []string{"step 1 of 4", "step 2 of 4", "step 3 of 4"} {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, want)
	}
	if got := text(t, ctx, `[data-testid="sched-decided-by"]`); got != "fewest PDB violations" {
		t.Errorf("decided by %q", got)
	}
	if got := text(t, ctx, `[data-testid="sched-candidate-node-2"]`); !strings.Contains(got, "nominated") {
		t.Errorf("node-2 row = %q", got)
	}
	if got := text(t, ctx, `[data-testid="sched-victim-db-0"]`); !strings.Contains(got, "violates PDB db-pdb") {
		t.Errorf("db-0 = %q", got)
	}
	look(t, ctx, "scheduler-pdb")

	typeInto(t, ctx, "sched-input-pdb", "1")
	waitFor(t, ctx, "node-1 to be nominated", `((document.querySelector('[data-testid="sched-decided-by"]')||{}).textContent||'') === 'lowest highest-priority victim'`)
	if got := text(t, ctx, `[data-testid="sched-candidate-node-1"]`); !strings.Contains(got, "nominated") {
		t.Errorf("node-1 row = %q", got)
	}
	if got := text(t, ctx, `[data-testid="sched-pdb-status"]`); !strings.Contains(got, "disruptionsAllowed 1") {
		t.Errorf("pdb status = %q", got)
	}
	// A bad minAvailable: the API server's message beside the control.
	typeInto(t, ctx, "sched-input-pdb", "-1")
	waitFor(t, ctx, "the minAvailable problem", `!!document.querySelector('[data-testid="sched-problem-pdb"]')`)
	if got := text(t, ctx, `[data-testid="sched-problem-pdb"]`); got != "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0" {
		t.Errorf("problem = %q", got)
	}
	audit(t, ctx)
}

// A learner opens the large-cluster view, switches to MostAllocated with
// 2,000 nodes, steps through batches of pods and reads the summary: with
// bin-packing, nodes are either full or empty; the number of nodes each
// cycle scores is worked out as schedule_one.go numFeasibleNodesToFind does
// (2000 nodes: 50 − 16 = 34% → 680).
func TestSchedulerLargeCluster(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/scheduler?preset=large"))
	waitOpen(t, ctx)
	waitCounter(t, ctx, "step 0 of 10")
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="sched-input-scoring"]`), "MostAllocated"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="sched-input-scoring"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "MostAllocated in the URL", `location.search.indexOf('scoring=MostAllocated') >= 0`)
	typeInto(t, ctx, "sched-input-size", "2000")
	waitFor(t, ctx, "2000 nodes", `location.search.indexOf('size=2000') >= 0 && (document.querySelector('[data-testid="sched-tofind"]')||{}).textContent.indexOf('680 nodes') >= 0`)
	for i := 1; i <= 5; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of 10", i))
	}
	sum := text(t, ctx, `[data-narration]`)
	if !strings.Contains(sum, "After 2000 of 4000 pods with MostAllocated") {
		t.Errorf("summary = %q", sum)
	}
	// Bin-packing: 2000 pods fill about 500 of the 2000 nodes (4 each) and
	// leave the rest empty.
	if got := strings.Fields(text(t, ctx, `[data-testid="sched-bucket-100%"]`)); len(got) < 2 || got[1] < "490" || len(got[1]) != 3 {
		t.Errorf("100%% bucket = %q", got)
	}
	if got := text(t, ctx, `[data-testid="sched-lastcycle"]`); !strings.Contains(got, "nextStartNodeIndex") {
		t.Errorf("last cycle = %q", got)
	}
	look(t, ctx, "scheduler-large")
	audit(t, ctx)
}
