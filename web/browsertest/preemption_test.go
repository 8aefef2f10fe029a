package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner works through the priority-preemption demo: preemption first
// (kubernetes pkg/scheduler/framework/preemption/executor.go: the victim is
// Terminating with the Preempted event while checkout is Pending with a
// nominated node), answers the checkpoint, then switches to kubectl drain
// (staging/src/k8s.io/kubectl/pkg/drain/drain.go) and sees the 429 from
// pkg/registry/core/pod/storage/eviction.go, types a budget the API server
// rejects, and finally picks a PriorityClass that does not exist
// (plugin/pkg/admission/priority/admission.go).
func TestPriorityPreemption(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/priority-preemption"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")

	// The checkpoint before the scheduling cycle: answer node-2.
	waitFor(t, ctx, "the checkpoint", `!!document.querySelector('[data-testid="predict"]')`)
	if got := text(t, ctx, `[data-testid="predict"] legend`); !strings.Contains(got, "Which node will DefaultPreemption nominate?") {
		t.Errorf("checkpoint = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="predict"] input[value="1"]`)))
	waitFor(t, ctx, "right-answer feedback", `document.querySelector('[data-testid="predict"]').classList.contains('right')`)

	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of "+total)
	if got := text(t, ctx, `[data-testid="pp-cycle"]`); !strings.Contains(got, "candidate node-2: victims report-3 (100)") {
		t.Errorf("DefaultPreemption = %q", got)
	}
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitCounter(t, ctx, "step 2 of "+total)
	pods := text(t, ctx, `[data-testid="pp-get-pods"]`)
	if !strings.Contains(pods, "Terminating") || !strings.Contains(pods, "node-2           <none>") {
		t.Errorf("kubectl get pods at step 2:\n%s", pods)
	}
	if got := text(t, ctx, `[data-testid="pp-events"] tbody`); !strings.Contains(got, "Preempted by pod 3f6c2a8e-9b1d-4e7a-b5c4-0d2e8f1a6b39 on node node-2") {
		t.Errorf("events = %q", got)
	}
	if got := text(t, ctx, `[data-testid="pp-yaml-report-3"]`); !strings.Contains(got, "default-scheduler: preempting to accommodate a higher priority pod") {
		t.Errorf("report-3's DisruptionTarget condition: %q", got)
	}
	look(t, ctx, "priority-preemption")
	audit(t, ctx)

	// The drain story.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="pp-tab-drain"]`)))
	waitFor(t, ctx, "story=drain", `location.search.includes('story=drain')`)
	waitFor(t, ctx, "the drain's first step", `!!document.querySelector('[data-testid="pp-pdb"]')`)
	waitFor(t, ctx, "the eviction checkpoint", `!!document.querySelector('[data-testid="predict"]') || document.querySelector('[data-testid="counter"]').textContent.startsWith('step 0')`)
	for i := 0; i < 2; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitFor(t, ctx, "the next step", `document.querySelector('[data-testid="counter"]').textContent.startsWith('step `+string(rune('1'+i))+` ')`)
	}
	term := text(t, ctx, `[data-testid="pp-terminal"]`)
	for _, want := range []string{"node/node-1 cordoned", "evicting pod default/checkout-7c9d8f6b5d-", "Cannot evict pod as it would violate the pod's disruption budget."} {
		if !strings.Contains(term, want) {
			t.Errorf("terminal lacks %q:\n%s", want, term)
		}
	}
	if got := text(t, ctx, `[data-testid="pp-pdb-disruptionsAllowed"]`); got != "0" {
		t.Errorf("disruptionsAllowed = %q, want 0", got)
	}
	look(t, ctx, "priority-preemption-drain")
	audit(t, ctx)

	// A budget the API server rejects: its message beside the field.
	ppType(t, ctx, `[data-testid="pp-input-value"]`, "150%")
	waitFor(t, ctx, "the validation error", `(document.querySelector('[data-testid="pp-error-value"]')||{}).textContent?.includes('must not be greater than 100%')`)
	audit(t, ctx)

	// A PriorityClass that does not exist.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/priority-preemption?story=priorityclasses"))
	waitOpen(t, ctx)
	ppType(t, ctx, `[data-testid="pp-input-class"]`, "gold")
	waitFor(t, ctx, "class=gold", `location.search.includes('class=gold')`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitFor(t, ctx, "the admission error", `(document.querySelector('[data-testid="pp-terminal"]')||{}).textContent?.includes('no PriorityClass with name gold was found')`)
	look(t, ctx, "priority-preemption-classes")
	audit(t, ctx)
}

// ppType replaces an input's text as a person does when they select it
// and type, ending with one input event.
func ppType(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('`+sel+`'); e.focus(); e.value = '`+value+`'; e.dispatchEvent(new Event('input', {bubbles: true})); })()`))
}
