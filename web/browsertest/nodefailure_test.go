package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner breaks node-3 and steps through the seconds (kubernetes
// pkg/controller/nodelifecycle/node_lifecycle_controller.go and
// pkg/controller/tainteviction/taint_eviction.go): NotReady at 10:01:10
// with "Kubelet stopped posting node status.", the unreachable taint, the
// pod deleted 300 s after it; a short tolerationSeconds brings the
// eviction forward; a bad returnAfter is shown beside its field; the
// checkpoint asks when the node goes NotReady.
func TestNodeFailure(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/node-failure"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")
	step := func(n int) {
		t.Helper()
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", n, total))
	}
	step(1)
	step(2)
	if got := text(t, ctx, `[data-testid="nf-did"]`); !strings.Contains(got, "systemctl stop kubelet on node-3") {
		t.Errorf("step 2 = %q", got)
	}
	// The checkpoint before the controller gives up on node-3.
	waitFor(t, ctx, "the checkpoint", `!!document.querySelector('[data-testid="predict"]')`)
	if got := text(t, ctx, `[data-testid="predict"] legend`); !strings.Contains(got, "When will the node lifecycle controller mark node-3 NotReady") {
		t.Errorf("checkpoint = %q", got)
	}
	look(t, ctx, "node-failure-predict")
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitCounter(t, ctx, "step 3 of "+total)
	if got := text(t, ctx, `[data-testid="nf-clock"]`); got != "10:01:10" {
		t.Errorf("NotReady at %q, want 10:01:10", got)
	}
	if got := text(t, ctx, `[data-testid="nf-get-nodes"]`); !strings.Contains(got, "node-3   NotReady") {
		t.Errorf("kubectl get nodes = %q", got)
	}
	if got := text(t, ctx, `[data-testid="nf-describe-node"]`); !strings.Contains(got, "NodeStatusUnknown") || !strings.Contains(got, "Kubelet stopped posting node status.") {
		t.Errorf("describe node = %q", got)
	}
	look(t, ctx, "node-failure")
	audit(t, ctx)

	// tolerationSeconds 30: the pod goes 30 s after the NoExecute taint.
	tol := `[data-testid="nf-input-tolerationSeconds"]`
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(tol), "30"))
	waitFor(t, ctx, "tolerationSeconds=30 in the URL", `location.search.includes('tolerationSeconds=30')`)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/node-failure?tolerationSeconds=30&step=6"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="nf-clock"]`); got != "10:01:45" {
		t.Errorf("eviction with tolerationSeconds 30 at %q, want 10:01:45", got)
	}
	if got := text(t, ctx, `[data-testid="nf-get-pods"]`); !strings.Contains(got, "Terminating") {
		t.Errorf("pods after the eviction = %q", got)
	}
	if got := text(t, ctx, `[data-testid="nf-events"]`); !strings.Contains(got, "Marking for deletion Pod default/web-") {
		t.Errorf("events = %q", got)
	}
	look(t, ctx, "node-failure-evicted")
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="nf-nodes"]').scrollIntoView()`))
	look(t, ctx, "node-failure-nodes")
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="nf-get-pods"]').scrollIntoView()`))
	look(t, ctx, "node-failure-kubectl")

	// A bad returnAfter: the sentence beside the field.
	ret := `[data-testid="nf-input-returnAfter"]`
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ''`, ret)), chromedp.SendKeys(chromedp.CSS(ret), "soon"))
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="nf-error-returnAfter"]')||{}).textContent?.includes('returnAfter must be never or a whole number')`)
	audit(t, ctx)
}
