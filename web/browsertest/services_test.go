package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestServices does what a learner does on the services demo: follows a
// request through kube-proxy's rules step by step, sends many requests and
// reads the histogram, scales the pods, fails a pod's readiness probe, and
// sees a Service with no endpoints reject the request with upstream's
// comment (kubernetes pkg/proxy/iptables/proxier.go).
func TestServices(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/services"))
	waitOpen(t, ctx)
	waitCounter(t, ctx, "step 0 of 24")

	// Step into the service chain: the statistic rule lights up with the draw.
	for i := 1; i <= 4; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of 24", i))
	}
	cur := text(t, ctx, `[data-testid="rules-nat"] .sv-line[aria-current="true"]`)
	if !strings.Contains(cur, "-m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-") {
		t.Errorf("current rule = %q", cur)
	}
	if n := text(t, ctx, `[data-testid="narration"]`); !strings.Contains(n, "the kernel drew 0.20499019325, below 0.33333333349") {
		t.Errorf("narration = %q", n)
	}
	look(t, ctx, "services")

	// Send 100: the histogram counts where they went.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="send-100"]`)))
	waitFor(t, ctx, "the outcome of request 101", `!!document.querySelector('[data-testid="outcome"]')`)
	total, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('[data-testid="bar-count"]')].reduce((s, e) => s + parseInt(e.textContent, 10), 0)`))
	if err != nil || total != 101 {
		t.Errorf("histogram total = %d (%v), want 101", total, err)
	}
	if got := text(t, ctx, `[data-testid="outcome"]`); !strings.HasPrefix(got, "Answered by pod web-7c5d9f8b4d-") {
		t.Errorf("outcome = %q", got)
	}

	// Scale to 5 pods: the rules are regenerated with 1/5 … 1/2.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('[data-testid="field-replicas"]'); e.value = '5'; e.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	waitFor(t, ctx, "five pods", `document.querySelectorAll('[data-testid="pods"] li').length === 5`)
	nat := text(t, ctx, `[data-testid="rules-nat"]`)
	for _, p := range []string{"0.20000000019", "0.25000000000", "0.33333333349", "0.50000000000"} {
		if !strings.Contains(nat, "--probability "+p) {
			t.Errorf("no rule with probability %s after scaling to 5", p)
		}
	}
	// Bad input stays beside its control.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('[data-testid="field-replicas"]'); e.value = '12'; e.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	waitFor(t, ctx, "the replicas error", `!!document.querySelector('[data-testid="error-replicas"]')`)
	if got := text(t, ctx, `[data-testid="error-replicas"]`); got != "This demo draws at most 10 pods, not 12." {
		t.Errorf("error = %q", got)
	}

	// A pod fails its readiness probe: it leaves the endpoints and the rules.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="ready"][data-value="10.1.0.3"]`)))
	waitFor(t, ctx, "10.1.0.3 to leave the rules", `!document.querySelector('[data-testid="rules-nat"]').textContent.includes('10.1.0.3:8080')`)

	// No endpoints: the filter table rejects, with upstream's comment.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/services?replicas=0"))
	waitOpen(t, ctx)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="send-100"]`)))
	waitFor(t, ctx, "the outcome", `!!document.querySelector('[data-testid="outcome"]')`)
	if got := text(t, ctx, `[data-testid="outcome"]`); got != `Rejected by the rule with comment "default/web-service has no endpoints" (connection refused).` {
		t.Errorf("outcome = %q", got)
	}
	lit, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('[data-testid="rules-filter"] .sv-line[data-verdict="match"]')].map(e => e.textContent).join('\\n')`))
	if err != nil || !strings.Contains(lit, `--comment "default/web-service has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`) {
		t.Errorf("matched filter rules = %q (%v)", lit, err)
	}
	look(t, ctx, "services-no-endpoints")
	audit(t, ctx)

	// NodePort, traced from outside; and the DNS panel.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/services?type=NodePort&seed=7&step=12&dns=web-service.default"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="dns-summary"]`); got != "web-service.default resolves to 10.96.45.12 after 2 queries." {
		t.Errorf("dns = %q", got)
	}
	look(t, ctx, "services-nodeport")
	audit(t, ctx)
}
