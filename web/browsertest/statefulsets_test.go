package browsertest

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner steps the StatefulSet web up pod by pod (OrderedReady: web-1
// only after web-0 is Running and Ready, stateful_set_control.go), reads
// the events (stateful_pod_control.go) and DNS names, deletes web-0 and
// sees the same name and claim come back, then fails a node.
func TestStatefulSets(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/statefulsets"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of "+total)
	if got := text(t, ctx, `[data-testid="sts-step-events"]`); !strings.Contains(got, "create Claim data-web-0 Pod web-0 in StatefulSet web success") ||
		!strings.Contains(got, "create Pod web-0 in StatefulSet web successful") {
		t.Errorf("events at step 1 = %q", got)
	}
	if got := text(t, ctx, `[data-testid="sts-waiting"]`); !strings.Contains(got, "StatefulSet is waiting for Pod to be Running and Ready") {
		t.Errorf("the controller waits = %q", got)
	}
	for i := 2; i <= atoi(t, total); i++ {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", i, total))
	}
	if got := text(t, ctx, `[data-testid="sts-get-sts"]`); !strings.Contains(got, "3/3") {
		t.Errorf("kubectl get statefulset = %q", got)
	}
	if got := text(t, ctx, `[data-testid="sts-dns"]`); !strings.Contains(got, "web-2.nginx.default.svc.cluster.local") {
		t.Errorf("dns = %q", got)
	}
	look(t, ctx, "statefulsets")
	audit(t, ctx)

	// Delete web-0: it comes back with the same name and claim.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="sts-act-delete-web-0"]`)))
	waitFor(t, ctx, "the delete", `location.search.includes('delete:web-0')`)
	last := strings.TrimPrefix(counter(t, ctx), fmt.Sprintf("step %d of ", atoi(t, total)+1))
	for i := atoi(t, total) + 2; i <= atoi(t, last); i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", i, last))
	}
	if got := text(t, ctx, `[data-testid="sts-events"]`); strings.Count(got, "create Pod web-0 in StatefulSet web successful") != 2 || strings.Count(got, "create Claim data-web-0") != 1 {
		t.Errorf("events after re-creating web-0 = %q", got)
	}

	// Fail node-2: web-1 stays Terminating until the node is deleted.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="sts-act-fail-node-2"]`)))
	waitFor(t, ctx, "the failure", `location.search.includes('fail:node-2')`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitFor(t, ctx, "the eviction", `document.querySelector('[data-testid="sts-get-pods"]').textContent.includes('Terminating')`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="sts-act-remove-node-2"]`)))
	waitFor(t, ctx, "the node deletion", `location.search.includes('remove:node-2')`)
	for range 3 {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	}
	waitFor(t, ctx, "web-1 back", `document.querySelector('[data-testid="sts-get-sts"]').textContent.includes('3/3')`)
	if got := text(t, ctx, `[data-testid="sts-get-pods"]`); strings.Contains(got, "node-2") {
		t.Errorf("a pod is still on node-2: %q", got)
	}
	look(t, ctx, "statefulsets-node-fails")
	if dir := os.Getenv("KUBEVIZ_SCREENSHOTS"); dir != "" {
		// The whole page at phone width, to look at the stacked layout.
		do(t, ctx, chromedp.EmulateViewport(390, 844))
		saveShot(t, ctx, dir, "statefulsets-phone-full")
		do(t, ctx, chromedp.EmulateViewport(1280, 900))
	}

	// Opened from a link: node-2 has failed and web-1 is stuck Terminating.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/statefulsets?ops=10:fail:node-2&step=11"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="sts-waiting"]`); !strings.Contains(got, `"StatefulSet is waiting for Pod to Terminate" statefulSet="default/web" pod="default/web-1"`) {
		t.Errorf("the controller waits = %q", got)
	}
	if dir := os.Getenv("KUBEVIZ_SCREENSHOTS"); dir != "" {
		saveShot(t, ctx, dir, "statefulsets-stuck-desktop")
	}
	// At phone width too: the tables scroll and stay keyboard reachable.
	do(t, ctx, chromedp.EmulateViewport(390, 844))
	audit(t, ctx)
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	audit(t, ctx)

	// A bad replicas value is shown beside the control.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="sts-input-replicas"]').value = ""`),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="sts-input-replicas"]`), "-1"))
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="sts-error-replicas"]')||{}).textContent?.includes('must be greater than or equal to 0')`)
}
