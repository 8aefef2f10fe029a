package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner sets replicas, maxSurge and maxUnavailable, steps through the
// whole rollout and reads the counters and the `kubectl rollout status`
// line (rollout_status.go), then tries a bad value and a broken version
// with kubectl rollout undo.
func TestRollingUpdate(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/rolling-update"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}

	typeInto := func(key, value, wantInURL string) {
		t.Helper()
		sel := `[data-testid="ru-input-` + key + `"]`
		do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)), chromedp.SendKeys(chromedp.CSS(sel), value))
		waitFor(t, ctx, key+"="+value, fmt.Sprintf(`location.search.includes(%q)`, wantInURL))
	}
	typeInto("replicas", "5", "replicas=5")
	typeInto("maxSurge", "1", "maxSurge=1")
	typeInto("maxUnavailable", "1", "maxUnavailable=1")
	waitFor(t, ctx, "the bounds", `document.querySelector('[data-testid="ru-bounds"]').textContent.includes('at least 4 available and asks for at most 6 pods')`)

	// Step through the whole rollout with the keyboard.
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of "+total)
	if got := text(t, ctx, `[data-testid="ru-status"]`); got != "Waiting for deployment spec update to be observed..." {
		t.Errorf("status after set image = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 2 of "+total)
	if got := text(t, ctx, `[data-testid="ru-what"]`); !strings.Contains(got, "from 0 to 1") || !strings.Contains(got, "from 5 to 4") {
		t.Errorf("the first sync = %q, want the new ReplicaSet 0→1 and the old 5→4", got)
	}
	for i := 3; i <= atoi(t, total); i++ {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", i, total))
	}
	if got := text(t, ctx, `[data-testid="ru-status"]`); got != `deployment "web" successfully rolled out` {
		t.Errorf("status at the end = %q", got)
	}
	for c, want := range map[string]string{"updated": "5", "available": "5", "old": "0", "desired": "5"} {
		if got := text(t, ctx, `[data-testid="ru-count-`+c+`"]`); got != want {
			t.Errorf("%s = %s, want %s", c, got, want)
		}
	}
	if got := text(t, ctx, `[data-testid="ru-get-deployment"]`); !strings.Contains(got, "5/5") {
		t.Errorf("kubectl get deployment = %q", got)
	}
	look(t, ctx, "rolling-update")
	audit(t, ctx)

	// A bad value is shown beside its control, with the API server's words.
	typeInto("maxSurge", "abc", "maxSurge=abc")
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="ru-error-maxSurge"]')||{}).textContent?.includes('a valid percent string must be')`)

	// A broken version: the rollout stops, times out, and undo rolls back.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/rolling-update?maxSurge=1&maxUnavailable=0&version=broken&progressDeadlineSeconds=60&step=5"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="ru-status"]`); got != `error: deployment "web" exceeded its progress deadline` {
		t.Errorf("status of the broken rollout = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="ru-undo-btn"]`)))
	waitFor(t, ctx, "undo", `location.search.includes('undo=6')`)
	if got := text(t, ctx, `[data-testid="ru-said"]`); !strings.Contains(got, "deployment.apps/web rolled back") {
		t.Errorf("kubectl rollout undo said %q", got)
	}
	last := strings.TrimPrefix(counter(t, ctx), "step 6 of ")
	for i := 7; i <= atoi(t, last); i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of %s", i, last))
	}
	if got := text(t, ctx, `[data-testid="ru-history"]`); !strings.Contains(got, "2         <none>\n3         <none>") {
		t.Errorf("history after undo = %q", got)
	}
	look(t, ctx, "rolling-update-undo")
	audit(t, ctx)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
