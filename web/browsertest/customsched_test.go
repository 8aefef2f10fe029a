package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/customsched"
)

// A learner follows two kube-schedulers sharing a cluster (kubernetes
// pkg/scheduler/eventhandlers.go responsibleForPod, schedule_one.go
// findNodesThatPassExtenders and prioritizeNodes, extender.go): batch goes
// to my-scheduler's queue and orphan to nobody's; the extender's filter call
// removes node-1; raising the extender's weight changes the winner; a bad
// weight stops my-scheduler with the config validation message.
func TestCustomSchedulers(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/custom-schedulers"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of "+total)
	if got := csSVGText(t, ctx, `[data-testid="cs-sched-my-scheduler"]`); !strings.Contains(got, "queue: batch") {
		t.Errorf("my-scheduler after the informers = %q", got)
	}
	if got := csSVGText(t, ctx, `[data-testid="cs-unqueued"]`); !strings.Contains(got, "orphan (schedulerName gpu-scheduler)") {
		t.Errorf("unqueued = %q", got)
	}
	// Steps 2–4: kube-scheduler binds web; my-scheduler's Filter; the extender's filter call.
	for i := 2; i <= 4; i++ {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", i, total))
	}
	if got := text(t, ctx, `[data-testid="cs-call-filter"] .csd-call-h`); got != "POST http://127.0.0.1:8888/scheduler/filter" {
		t.Errorf("filter call = %q", got)
	}
	if got := text(t, ctx, `[data-testid="cs-filter"]`); !strings.Contains(got, "FailedNodes: node(s) under maintenance") {
		t.Errorf("filter table = %q", got)
	}
	look(t, ctx, "custom-schedulers-extender")
	audit(t, ctx)

	// Weight 2: the extender's 5 for node-3 now outweighs node-2's plugins.
	w := `[data-testid="cs-input-weight"]`
	csClearInput(t, ctx, w)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(w), "2"))
	waitFor(t, ctx, "weight=2 in the URL", `location.search.includes('weight=2')`)
	for i := 5; i <= 6; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", i, total))
	}
	if got := text(t, ctx, `[data-testid="cs-result"]`); got != "Selected node-3. Event from my-scheduler: Successfully assigned default/batch to node-3" {
		t.Errorf("result with weight 2 = %q", got)
	}
	if got := text(t, ctx, `[data-testid="cs-score-node-3"]`); !strings.Contains(got, "5 × 2 × 10 = 100") || !strings.Contains(got, "525") {
		t.Errorf("node-3's scores = %q", got)
	}
	look(t, ctx, "custom-schedulers-scores")
	audit(t, ctx)

	// Reject node-3 too: only node-2 is left, used without a prioritize call.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="cs-reject-node-3"]`)))
	waitFor(t, ctx, "reject=node-1,node-3", `location.search.includes('reject=node-1,node-3')`)
	if got := text(t, ctx, `[data-testid="cs-reject-node-3"]`); !strings.Contains(got, "node-3") {
		t.Errorf("toggle = %q", got)
	}
	pressed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="cs-reject-node-3"]').getAttribute('aria-pressed')`))
	if err != nil || pressed != "true" {
		t.Errorf("node-3 toggle aria-pressed = %q (%v)", pressed, err)
	}

	// LeastAllocated for my-scheduler.
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="cs-select-strategy"]`), "LeastAllocated"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="cs-select-strategy"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "strategy=LeastAllocated", `location.search.includes('strategy=LeastAllocated')`)
	if got := text(t, ctx, `[data-testid="cs-config"]`); !strings.Contains(got, "type: LeastAllocated") || !strings.Contains(got, "weight: 2") {
		t.Errorf("config = %q", got)
	}

	// A weight of 0: kube-scheduler's validation message beside the field,
	// and my-scheduler does not run.
	csClearInput(t, ctx, w)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(w), "0"))
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="cs-error-weight"]')||{}).textContent === 'extenders[0].weight: Invalid value: 0: must have a positive weight applied to it'`)
	if got := csSVGText(t, ctx, `[data-testid="cs-sched-my-scheduler"]`); !strings.Contains(got, "not running") {
		t.Errorf("my-scheduler with weight 0 = %q", got)
	}
	audit(t, ctx)

	// The last step: kubectl describe pod orphan says Events: <none>.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/custom-schedulers?step=7"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="cs-events-orphan"]`); got != "Events:  <none>" {
		t.Errorf("orphan's events = %q", got)
	}
	if got := text(t, ctx, `[data-testid="cs-compare-result"]`); !strings.Contains(got, "LeastAllocated picks node-3") || !strings.Contains(got, "MostAllocated picks node-1") {
		t.Errorf("compare = %q", got)
	}
	look(t, ctx, "custom-schedulers-end")
	audit(t, ctx)
}

// csClearInput empties a text field, as selecting its text and deleting it would.
func csClearInput(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ''`, sel)))
}

// csSVGText reads an SVG element's text (SVG has no innerText).
func csSVGText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||''`, sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// The checkpoint before my-scheduler scores: which node wins once the
// extender's scores are added (schedule_one.go prioritizeNodes). The
// engine's answer is node-2 (462 + 4×1×10 = 502 against 450 + 5×1×10 =
// 500). The learner answers wrong, then right, then takes the step with the
// Step button and sees the totals.
func TestPredictCustomSchedulersWinner(t *testing.T) {
	st, _ := customsched.Definition.Open(url.Values{"step": {"4"}})
	p, ok := st.(demos.Predictor).Prediction()
	if !ok || p.Choices[p.Answer] != "node-2" || strings.Join(p.Choices, ",") != "node-2,node-3" {
		t.Fatalf("the engine asks %+v (%v)", p, ok)
	}
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/custom-schedulers?step=4"))
	waitOpen(t, ctx)
	waitFor(t, ctx, "the checkpoint", `!!document.querySelector('[data-testid="predict"]')`)
	if got := text(t, ctx, `[data-testid="predict"] legend`); !strings.HasSuffix(got, p.Question) {
		t.Fatalf("the page asks %q, the engine %q", got, p.Question)
	}
	click := func(i int) {
		t.Helper()
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid="predict"] label.q-choice:nth-child(%d) input`, i+1))))
	}
	click(1 - p.Answer)
	waitFor(t, ctx, "not quite", `document.querySelector('[data-testid="predict"]').classList.contains('wrong')`)
	click(p.Answer)
	waitFor(t, ctx, "right", `document.querySelector('[data-testid="predict"]').classList.contains('right')`)
	if got := text(t, ctx, `[data-testid="predict"] [data-q-feedback]`); got != "Right. "+p.Why {
		t.Errorf("feedback = %q, want Right. %s", got, p.Why)
	}
	audit(t, ctx)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 5 of 7")
	if got := text(t, ctx, `[data-testid="cs-score-node-2"]`); !strings.Contains(got, "477") {
		t.Errorf("node-2's total after the step = %q", got)
	}
	if got := text(t, ctx, `[data-testid="cs-score-node-3"]`); !strings.Contains(got, "475") {
		t.Errorf("node-3's total after the step = %q", got)
	}
}
