package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner steps through the DaemonSet story (kubernetes
// pkg/controller/daemon/daemon_controller.go and update.go): pods appear on
// the worker nodes but not on the tainted control-plane node, then with the
// control-plane toleration there too; a bad nodeSelector is shown beside
// its control; the rolling update ends with kubectl rollout status done.
func TestDaemonSets(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/daemonsets"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of "+total)
	if got := text(t, ctx, `[data-testid="ds-events"] tbody`); !strings.Contains(got, "SuccessfulCreate") || !strings.Contains(got, "Created pod: fluentd-") {
		t.Errorf("events after the first sync = %q", got)
	}
	if got := text(t, ctx, `[data-testid="ds-node-control-plane"] .dsd-verdict`); !strings.Contains(got, "node-role.kubernetes.io/control-plane:NoSchedule") {
		t.Errorf("control-plane verdict = %q", got)
	}
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitCounter(t, ctx, "step 2 of "+total)
	if got := text(t, ctx, `[data-testid="ds-count-READY"]`); got != "2" {
		t.Errorf("READY = %q, want 2", got)
	}

	// The toleration: the control-plane node gets a pod too.
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="ds-select-tolerateControlPlane"]`), "true"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="ds-select-tolerateControlPlane"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "tolerateControlPlane=true", `location.search.includes('tolerateControlPlane=true')`)
	waitFor(t, ctx, "DESIRED 3", `document.querySelector('[data-testid="ds-count-DESIRED"]').textContent === '3'`)
	look(t, ctx, "daemonsets")
	audit(t, ctx)

	// A bad nodeSelector: the API server's message beside the field.
	sel := `[data-testid="ds-input-nodeSelector"]`
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(sel), "disk type=ssd"))
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="ds-error-nodeSelector"]')||{}).textContent?.includes('name part must consist of alphanumeric characters')`)
	audit(t, ctx)

	// Step to the end of the rolling update.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/daemonsets?nodeSelector=disktype=ssd&step=10"))
	waitOpen(t, ctx)
	last := strings.TrimPrefix(counter(t, ctx), "step 10 of ")
	for i := 11; i <= atoi(t, last); i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", i, last))
	}
	if got := text(t, ctx, `[data-testid="ds-rollout"]`); got != `daemon set "fluentd" successfully rolled out` {
		t.Errorf("rollout status at the end = %q", got)
	}
	if got := text(t, ctx, `[data-testid="ds-get-ds"]`); !strings.Contains(got, "disktype=ssd") {
		t.Errorf("NODE SELECTOR column missing: %q", got)
	}
	look(t, ctx, "daemonsets-rolled")
	audit(t, ctx)
}
