package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner steps kubectl apply through the cluster to Running, reading the
// message panel (apply.go's GET, the POST, the Raft round, the Binding, the
// CRI calls in kuberuntime_manager.go SyncPod's order) and the terminal
// (kubectl get pods, printers.go), then switches on a fault: the policy
// webhook, whose 403 kubectl prints as upstream's helpers.go does.
func TestArchitectureTrace(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/architecture"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")
	if total != "29" {
		t.Fatalf("the pod trace has %s steps, want 29", total)
	}
	want := map[int]string{
		1:  "GET /api/v1/namespaces/default/pods/web-server",
		4:  "POST /api/v1/namespaces/default/pods",
		11: "MsgApp",
		12: "MsgAppResp",
		17: "/binding",
		23: "RunPodSandbox",
		24: "PullImage",
		25: "CreateContainer",
		26: "StartContainer",
	}
	for i := 1; i <= 29; i++ {
		if i%2 == 1 {
			do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		} else {
			do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		}
		waitCounter(t, ctx, fmt.Sprintf("step %d of 29", i))
		if w, ok := want[i]; ok {
			if got := text(t, ctx, `[data-testid="arch-title"]`); !strings.Contains(got, w) {
				t.Errorf("step %d: the message is %q, want %q", i, got, w)
			}
		}
		if i == 12 {
			if got := text(t, ctx, `[data-testid="arch-lines"]`); !strings.Contains(got, "committed index 1201") {
				t.Errorf("the MsgAppResp step does not show the commit: %q", got)
			}
			look(t, ctx, "architecture-raft")
		}
	}
	waitFor(t, ctx, "the URL", `location.search.includes('step=29')`)
	if got := text(t, ctx, `[data-narration]`); !strings.Contains(got, "web-server 1/1 Running") {
		t.Errorf("narration at the end = %q", got)
	}
	term := text(t, ctx, `[data-testid="arch-terminal"]`)
	for _, w := range []string{"pod/web-server created", "NAME         READY   STATUS    RESTARTS   AGE", "web-server   1/1     Running   0"} {
		if !strings.Contains(term, w) {
			t.Errorf("terminal lacks %q:\n%s", w, term)
		}
	}
	look(t, ctx, "architecture")
	audit(t, ctx)

	// A bad seed is shown beside its control; the trace goes on with 1.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="arch-input-seed"]').value = ""`),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="arch-input-seed"]`), "x7"))
	waitFor(t, ctx, "the seed error", `(document.querySelector('[data-testid="arch-error-seed"]')||{}).textContent?.includes('seed must be a whole number')`)

	// The webhook fault: kubectl prints the 403.
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="arch-select-fault"]`), "webhook"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="arch-select-fault"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "fault=webhook", `location.search.includes('fault=webhook')`)
	waitCounter(t, ctx, "step 0 of 13")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="arch-steps"] a[data-value="13"]`)))
	waitCounter(t, ctx, "step 13 of 13")
	if got := text(t, ctx, `[data-testid="arch-terminal"]`); !strings.Contains(got, `Error from server (Forbidden): error when creating "web-server.yaml": admission webhook "pod-policy.example.com" denied the request`) {
		t.Errorf("terminal after the webhook = %q", got)
	}
	look(t, ctx, "architecture-webhook")
	audit(t, ctx)
}

// Without JavaScript the step links and the settings form still work.
func TestArchitectureDeploymentLinks(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/architecture?scenario=deployment&step=37"))
	waitOpen(t, ctx)
	term := text(t, ctx, `[data-testid="arch-terminal"]`)
	for _, w := range []string{"deployment.apps/web created", "web    3/3     3            3"} {
		if !strings.Contains(term, w) {
			t.Errorf("terminal lacks %q:\n%s", w, term)
		}
	}
	if n := strings.Count(term, "Running"); n != 3 {
		t.Errorf("%d pods Running, want 3:\n%s", n, term)
	}
	look(t, ctx, "architecture-deployment")
	do(t, ctx, chromedp.ScrollIntoView(chromedp.CSS(`[data-testid="arch-message"]`)))
	look(t, ctx, "architecture-deployment-message")
	audit(t, ctx)
}
