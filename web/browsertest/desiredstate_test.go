package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A learner meets the control loop (kubernetes
// pkg/controller/replicaset/replica_set.go manageReplicas): they delete a
// pod and the next sync creates one (diff 2 - 3 = -1, "Created pod: …");
// they crash a container and the sync does nothing while the kubelet
// restarts it (RESTARTS 1); they type a bad replica count and read
// kubectl's error beside the field.
func TestDesiredState(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/desired-state?do="))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	if got := text(t, ctx, `[data-testid="dsv-active"]`); got != "3" {
		t.Errorf("active = %q", got)
	}
	// Delete pod #1.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="dsv-pod-1"] a[data-action="delete"]`)))
	waitFor(t, ctx, "do=delete:1", `location.search.includes('do=delete:1')`)
	waitFor(t, ctx, "the delete step", `(document.querySelector('[data-testid="dsv-command"]')||{}).textContent?.startsWith('$ kubectl delete pod web-')`)
	// The checkpoint: how many will it create?
	waitFor(t, ctx, "the checkpoint", `!!document.querySelector('[data-testid="predict"]')`)
	if got := text(t, ctx, `[data-testid="predict"] legend`); !strings.Contains(got, "How many pods will the ReplicaSet controller create") {
		t.Errorf("checkpoint = %q", got)
	}
	total := strings.TrimPrefix(counter(t, ctx), "step 1 of ")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 2 of "+total)
	if got := text(t, ctx, `[data-testid="dsv-did"]`); !strings.Contains(got, "2 - 3 = -1") || !strings.Contains(got, "create 1") {
		t.Errorf("sync = %q", got)
	}
	if got := text(t, ctx, `[data-testid="dsv-events"]`); !strings.Contains(got, "Created pod: web-") {
		t.Errorf("events = %q", got)
	}
	look(t, ctx, "desired-state")
	audit(t, ctx)

	// Crash pod #2's container: the sync does nothing.
	for i := 3; i <= atoi(t, total); i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", i, total))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="dsv-pod-2"] a[data-action="crash"]`)))
	waitFor(t, ctx, "crash:2", `location.search.includes('crash:2')`)
	waitFor(t, ctx, "the crash checkpoint", `(document.querySelector('[data-testid="predict"] legend')||{}).textContent?.includes('whose container just crashed')`)
	n := strings.TrimPrefix(counter(t, ctx), "step ")
	cur, all, _ := strings.Cut(n, " of ")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, fmt.Sprintf("step %d of %s", atoi(t, cur)+1, all))
	if got := text(t, ctx, `[data-testid="dsv-did"]`); !strings.Contains(got, "3 - 3 = 0") || !strings.Contains(got, "Act: nothing") {
		t.Errorf("sync after the crash = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, fmt.Sprintf("step %d of %s", atoi(t, cur)+2, all))
	if got := text(t, ctx, `[data-testid="dsv-get-pods"]`); !strings.Contains(got, "1 (1s ago)") { // since the exit, 1 s before the restart (printPod: lastState.terminated.finishedAt)
		t.Errorf("RESTARTS after the kubelet restarted it: %q", got)
	}

	// A bad replica count: kubectl's own error beside the field.
	sel := `[data-testid="dsv-input-replicas"]`
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ''`, sel)), chromedp.SendKeys(chromedp.CSS(sel), "abc"))
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="dsv-error-replicas"]')||{}).textContent?.includes('invalid argument "abc" for "--replicas" flag')`)
	look(t, ctx, "desired-state-error")
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="dsv-pods"]').scrollIntoView()`))
	look(t, ctx, "desired-state-pods")
	audit(t, ctx)
}
