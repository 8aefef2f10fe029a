package browsertest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// lookWhole saves whole-page screenshots at desktop and phone width (look
// saves the first screen) when KUBEVIZ_SCREENSHOTS names a folder.
func lookWhole(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("KUBEVIZ_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, w := range []int64{1280, 390} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900)); err != nil {
			t.Logf("lookWhole: %v", err)
			return
		}
		saveShot(t, ctx, dir, name+"-whole-"+map[int64]string{1280: "desktop", 390: "phone"}[w])
	}
	chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
}

// TestNetworkPolicies does what a learner does on the network-policies
// demo: steps through the outline's api-policy requests, sees DNS over TCP
// denied, fixes the policy in the editor, breaks it and reads the API
// server's message (pkg/apis/networking/validation/validation.go), removes
// it and sees the default-allow matrix, picks a matrix cell, and compares
// one from entry with two (NetworkPolicyPeer in
// staging/src/k8s.io/api/networking/v1/types.go).
func TestNetworkPolicies(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/network-policies"))
	waitOpen(t, ctx)
	waitCounter(t, ctx, "step 0 of 9")
	if got := text(t, ctx, `[data-testid="matrix-summary"]`); !strings.HasPrefix(got, "30 of 42 new connections allowed.") {
		t.Errorf("matrix summary = %q", got)
	}

	// Step to the DNS lookup over TCP: denied, with the nearest miss named.
	for i := 1; i <= 6; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of 9", i))
	}
	if got := text(t, ctx, `[data-testid="summary-request"]`); got != "api → coredns TCP 53: denied, api is isolated for egress by api-policy and no egress rule allows it." {
		t.Errorf("request 6 = %q", got)
	}
	if got := text(t, ctx, `[data-testid="explain-request"]`); !strings.Contains(got, "(api-policy spec.egress[1] matches coredns, but only on UDP 53.)") {
		t.Errorf("explanation = %q", got)
	}
	waitFor(t, ctx, "the arrow denied", `!!document.querySelector('[data-testid="arrow"][data-verdict="denied"]')`)
	look(t, ctx, "network-policies")
	lookWhole(t, ctx, "network-policies")

	// Allow TCP 53 in the editor: the same request is now allowed.
	setEditor := func(from, to string) {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const ta = document.querySelector('[data-testid="editor"]');
			const v = ta.value.replace(`+"`"+from+"`"+`, `+"`"+to+"`"+`);
			if (v === ta.value) return false;
			ta.value = v; ta.dispatchEvent(new Event('input', {bubbles: true}));
			return true;
		})()`))
		if err != nil || !ok {
			t.Fatalf("edit %q: %v", from, err)
		}
	}
	setEditor("      port: 53\n", "      port: 53\n    - protocol: TCP\n      port: 53\n")
	waitFor(t, ctx, "request 6 allowed", `(document.querySelector('[data-testid="summary-request"]')||{}).textContent?.includes('allowed; egress: api-policy spec.egress[1]')`)
	if got := text(t, ctx, `[data-testid="state-api-policy"]`); got != "applied (edited)" {
		t.Errorf("policy state = %q", got)
	}

	// Break it: the API server's own message, beside the editor; the policy
	// is refused, so nothing isolates api any more.
	setEditor("port: 8080", "port: 80800")
	waitFor(t, ctx, "the validation error", `!!document.querySelector('[data-testid="editor-error"]')`)
	if got := text(t, ctx, `[data-testid="editor-error"]`); got != `The NetworkPolicy "api-policy" is invalid: spec.ingress[0].ports[0].port: Invalid value: 80800: must be between 1 and 65535, inclusive` {
		t.Errorf("editor error = %q", got)
	}
	if got := text(t, ctx, `[data-testid="state-api-policy"]`); got != "refused" {
		t.Errorf("policy state = %q", got)
	}
	look(t, ctx, "network-policies-invalid")
	lookWhole(t, ctx, "network-policies-invalid")
	audit(t, ctx)

	// Revert, remove it: the default-allow world.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="revert"]`)))
	waitFor(t, ctx, "the error gone", `!document.querySelector('[data-testid="editor-error"]')`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="toggle-api-policy"]`)))
	waitFor(t, ctx, "every connection allowed", `document.querySelector('[data-testid="matrix-summary"]').textContent.startsWith('42 of 42')`)

	// The AND/OR scenario: pick grafana → api:9090 in the matrix.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="scenarios"] [data-value="and-or"]`)))
	waitCounter(t, ctx, "step 0 of 4")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="cell"][data-key="grafana,api:9090/TCP"] a`)))
	waitFor(t, ctx, "the cell explained", `!!document.querySelector('[data-testid="explain-cell"]')`)
	if got := text(t, ctx, `[data-testid="summary-cell"]`); !strings.HasPrefix(got, "grafana → api TCP 9090: denied") {
		t.Errorf("cell (one entry) = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="toggle-metrics-and"]`)))
	waitFor(t, ctx, "metrics-and removed", `document.querySelector('[data-testid="state-metrics-and"]').textContent === 'not applied'`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="toggle-metrics-or"]`)))
	waitFor(t, ctx, "grafana allowed by two entries", `(document.querySelector('[data-testid="summary-cell"]')||{}).textContent?.startsWith('grafana → api TCP 9090: allowed; egress: not isolated; ingress: metrics-or spec.ingress[0]')`)
	// The state is in the URL: a reload keeps it.
	do(t, ctx, chromedp.Reload())
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="state-metrics-or"]`); got != "applied" {
		t.Errorf("after reload metrics-or = %q", got)
	}
	look(t, ctx, "network-policies-and-or")
	audit(t, ctx)
}
