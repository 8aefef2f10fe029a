package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDNS does what a learner does on the dns demo: looks up a Service in
// another namespace and steps through the queries the pod's resolver sends
// (search path, ndots:5), types a full name and sees the wasted queries,
// mistypes one, picks the headless Service and fails a StatefulSet pod's
// readiness probe. The answers follow CoreDNS's plugin/kubernetes with
// kubeadm's Corefile and the resolv.conf pkg/kubelet/network/dns/dns.go
// writes (see engine/dns).
func TestDNS(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/dns"))
	waitOpen(t, ctx)
	waitCounter(t, ctx, "step 0 of 1")
	if got := text(t, ctx, `[data-testid="resolv-conf"]`); got != "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5" {
		t.Errorf("resolv.conf = %q", got)
	}

	// Another namespace's Service: the first search domain misses.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="preset"][data-value="other-ns"]`)))
	waitCounter(t, ctx, "step 0 of 2")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of 2")
	if got := text(t, ctx, `[data-testid="narration"]`); !strings.HasPrefix(got, "Query 1 of 2: web.payments.shop.svc.cluster.local. A → NXDOMAIN.") {
		t.Errorf("narration = %q", got)
	}
	if got := text(t, ctx, `[data-testid="dig"]`); !strings.Contains(got, "status: NXDOMAIN") || !strings.Contains(got, "hostmaster.cluster.local.") {
		t.Errorf("dig = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 2 of 2")
	if got := svgText(t, ctx, `[data-testid="picture-answer"]`); got != "Answer: 10.96.201.7" {
		t.Errorf("answer = %q", got)
	}
	if got := text(t, ctx, `[data-testid="nslookup"]`); !strings.Contains(got, "Name:\tweb.payments.svc.cluster.local\nAddress: 10.96.201.7") {
		t.Errorf("nslookup = %q", got)
	}
	look(t, ctx, "dns")
	audit(t, ctx)

	// The full name has 4 dots: three wasted queries first.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('[data-testid="field-name"]'); e.value = 'web.shop.svc.cluster.local'; e.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	waitCounter(t, ctx, "step 0 of 4")
	for range 4 {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	}
	waitCounter(t, ctx, "step 4 of 4")
	if got := text(t, ctx, `[data-testid="result"] strong`); got != "Result: web.shop.svc.cluster.local. answered with 10.96.112.40, after 3 queries that found nothing." {
		t.Errorf("result = %q", got)
	}

	// A typo stays beside the field; the lookup is unchanged.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('[data-testid="field-name"]'); e.value = 'web..shop'; e.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	waitFor(t, ctx, "the name error", `!!document.querySelector('[data-testid="error-name"]')`)
	if got := text(t, ctx, `[data-testid="error-name"]`); got != `"web..shop" is not a valid DNS name: each label between dots has 1 to 63 characters.` {
		t.Errorf("error = %q", got)
	}
	look(t, ctx, "dns-error")

	// The headless Service answers with one address per ready pod; db-1
	// fails its readiness probe and drops out.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/dns?name=db&step=1"))
	waitOpen(t, ctx)
	if got := svgText(t, ctx, `[data-testid="picture-answer"]`); got != "Answer: 3 addresses" {
		t.Errorf("headless answer = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="toggle-db-1"]`)))
	waitCounter(t, ctx, "step 0 of 1")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of 1")
	dig := text(t, ctx, `[data-testid="dig"]`)
	if strings.Contains(dig, "10.244.2.7") || !strings.Contains(dig, "ANSWER: 2,") {
		t.Errorf("dig after db-1 failed its probe = %q", dig)
	}
	look(t, ctx, "dns-headless")
	audit(t, ctx)
}

// svgText reads an SVG element's text (SVG elements have no innerText).
func svgText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||''`, sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}
