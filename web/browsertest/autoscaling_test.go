package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner picks the spike load, steps through the HPA's syncs and reads
// kubectl get hpa, the conditions and the SuccessfulRescale events
// (kubernetes pkg/controller/podautoscaler/horizontal.go), then types a bad
// maxReplicas and reads the API server's message beside it.
func TestAutoscaling(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/autoscaling"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-get-hpa"]`); !strings.Contains(got, "cpu: <unknown>/50%") {
		t.Errorf("kubectl get hpa before the first sync = %q", got)
	}

	// Pick the load curve from the select.
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="as-select-load"]`), "steady"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="as-select-load"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "load=steady", `location.search.includes('load=steady')`)
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="as-select-load"]`), "spike"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="as-select-load"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "load back to spike", `!location.search.includes('load=')`)

	// Step to the spike with the button and the keyboard.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of 48")
	for i := 2; i <= 5; i++ {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		waitCounter(t, ctx, fmt.Sprintf("step %d of 48", i))
	}
	if got := text(t, ctx, `[data-testid="as-get-hpa"]`); !strings.Contains(got, "cpu: 450%/50%") {
		t.Errorf("kubectl get hpa at the spike = %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-events"]`); !strings.Contains(got, "New size: 6; reason: cpu resource utilization (percentage of request) above target") {
		t.Errorf("events = %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-conditions"]`); !strings.Contains(got, "ScaleUpLimit") {
		t.Errorf("conditions = %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-pods-label"]`); !strings.Contains(got, "6 pods") {
		t.Errorf("pods = %q", got)
	}
	look(t, ctx, "autoscaling")
	audit(t, ctx)

	// A bad maxReplicas is shown beside its control.
	sel := `[data-testid="as-input-max"]`
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)), chromedp.SendKeys(chromedp.CSS(sel), "0"))
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="as-error-max"]')||{}).textContent?.includes('spec.maxReplicas: Invalid value: 0: must be greater than 0')`)
}
