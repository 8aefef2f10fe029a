package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner opens the crash-loop preset, plays the timeline and pauses it,
// scrubs to t=63 s and reads the STATUS column (printers.go printPod:
// CrashLoopBackOff) and the back-off countdown (the kubelet's 10 s first
// delay, kubelet.go), steps with the keyboard, jumps to the next moment,
// changes the restart policy, and types a probe value the API server
// rejects (validation.go: "must be 1").
func TestPodLifecycle(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/pod-lifecycle?preset=crashloop"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	if got := text(t, ctx, `[data-testid="pl-status"]`); got != "ContainerCreating" {
		t.Errorf("STATUS at t=0 = %q, want ContainerCreating", got)
	}

	// Play at 4×, let a few seconds pass, pause.
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="speed"]`), "4"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="speed"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="play"]`)))
	waitFor(t, ctx, "the clock to run", `/step=([3-9]|\d\d)/.test(location.search)`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="pause"]`)))
	waitFor(t, ctx, "pause", `document.querySelector('[data-action="play"]') !== null`)

	// Scrub to t=63 s.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const r = document.querySelector('[data-testid="pl-scrub"]'); r.value = 63; r.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	waitFor(t, ctx, "t=63", `location.search.includes('step=63') && document.querySelector('[data-testid="pl-clock"]').textContent.includes('t = 63 s')`)
	if got := text(t, ctx, `[data-testid="pl-status"]`); got != "CrashLoopBackOff" {
		t.Errorf("STATUS at t=63 = %q, want CrashLoopBackOff", got)
	}
	if got := text(t, ctx, `[data-testid="pl-countdown-app"]`); got != "may restart in 7 s (t=70 s)" {
		t.Errorf("countdown = %q", got)
	}
	if got := text(t, ctx, `[data-testid="pl-events"]`); !strings.Contains(got, "Back-off restarting failed container app in pod web_default(") {
		t.Errorf("events = %q", got)
	}
	look(t, ctx, "pod-lifecycle")
	audit(t, ctx)

	// Step with the keyboard, then jump to the next thing that happens.
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, ctx, "t=64", `location.search.includes('step=64')`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="pl-jump"]:last-of-type`)))
	waitFor(t, ctx, "the restart", `location.search.includes('step=70')`)
	if got := text(t, ctx, `[data-testid="pl-happened"]`); !strings.Contains(got, "restarted container app: restart 2") {
		t.Errorf("at the jump: %q", got)
	}

	// restartPolicy Never: the same second tells another story.
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="pl-select-restartPolicy"]`), "Never"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="pl-select-restartPolicy"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "Never", `location.search.includes('restartPolicy=Never') && location.search.includes('step=70')`)
	if got, phase := text(t, ctx, `[data-testid="pl-status"]`), text(t, ctx, `[data-testid="pl-phase"]`); got != "Error" || phase != "Failed" {
		t.Errorf("with Never at t=70: STATUS %q phase %q, want Error and Failed", got, phase)
	}

	// A liveness probe's successThreshold must be 1.
	sel := `[data-testid="pl-input-liveness.successThreshold"]`
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)), chromedp.SendKeys(chromedp.CSS(sel), "2"))
	waitFor(t, ctx, "the API server's message", `(document.querySelector('[data-testid="pl-error-liveness.successThreshold"]')||{}).textContent?.includes('spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1')`)
	audit(t, ctx)
}
