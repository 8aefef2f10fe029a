package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestIngress does what a learner does on the Ingress demo: steps through
// the outline's example requests and reads where each goes by the Ingress
// API (staging/src/k8s.io/api/networking/v1/types.go) and by ingress-nginx
// (internal/ingress/controller), edits the request list, breaks the
// Ingress and reads the API server's message
// (pkg/apis/networking/validation/validation.go), and switches preset.
func TestIngress(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/ingress"))
	waitOpen(t, ctx)
	waitCounter(t, ctx, "step 0 of 8")
	if got := text(t, ctx, `[data-testid="kubectl"]`); !strings.HasSuffix(got, "ingress.networking.k8s.io/api-ingress created") {
		t.Errorf("kubectl output = %q", got)
	}

	// Three requests: the third, /v1abc, splits the API and ingress-nginx.
	for i := 1; i <= 3; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	}
	waitCounter(t, ctx, "step 3 of 8")
	if got := text(t, ctx, `[data-testid="spec-outcome"]`); got != "Prefix / (spec.rules[0].http.paths[2]) matches: to Service api-service:80." {
		t.Errorf("spec outcome = %q", got)
	}
	if got := text(t, ctx, `[data-testid="nginx-outcome"]`); !strings.Contains(got, `location ~* "^/v1"; rewrite-target / turns /v1abc into /.`) {
		t.Errorf("nginx outcome = %q", got)
	}
	if n := text(t, ctx, `[data-testid="narration"]`); !strings.Contains(n, "but ingress-nginx answers Service api-v1-service:80, path /") {
		t.Errorf("narration = %q", n)
	}
	look(t, ctx, "ingress")
	lookIngressFull(t, ctx, "ingress")
	audit(t, ctx)

	// Jump to the plain-http request: ingress-nginx redirects.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="request"]:nth-child(6) a`)))
	waitCounter(t, ctx, "step 6 of 8")
	if got := text(t, ctx, `[data-testid="nginx-outcome"]`); !strings.HasPrefix(got, "308 Permanent Redirect to https://api.example.com/v1/users") {
		t.Errorf("nginx outcome = %q", got)
	}

	// The learner types their own requests (focused, as a person typing
	// is: a frame then leaves the text alone); a bad line is shown and
	// skipped.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('[data-testid="field-req"]'); e.focus(); e.value = 'https://admin.example.com/x\nadmin.example.com\n'; e.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	waitFor(t, ctx, "one request", `document.querySelectorAll('[data-testid="request"]').length === 1`)
	if got := text(t, ctx, `[data-testid="req-errors"]`); got != `Line 2: "admin.example.com": start with http:// or https://` {
		t.Errorf("request error = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of 1")
	if got := text(t, ctx, `[data-testid="nginx-tls"]`); !strings.Contains(got, "Kubernetes Ingress Controller Fake Certificate") {
		t.Errorf("nginx TLS = %q", got)
	}

	// Break the Ingress: pathType removed; upstream's message beside it.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('[data-testid="field-yaml"]'); e.focus(); e.value = e.value.replace('      - path: /v2\n        pathType: Prefix\n', '      - path: /v2\n'); e.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	waitFor(t, ctx, "the rejection", `document.querySelector('[data-testid="kubectl"]').textContent.includes('Required value')`)
	if got := text(t, ctx, `[data-testid="kubectl"]`); !strings.Contains(got, `Ingress.networking.k8s.io "api-ingress" is invalid: spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified`) {
		t.Errorf("kubectl output = %q", got)
	}

	// The other preset: a wildcard host and a defaultBackend.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="set"][data-key="preset"][data-value="matching"]`)))
	waitCounter(t, ctx, "step 0 of 7")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="request"]:nth-child(6) a`)))
	waitCounter(t, ctx, "step 6 of 7")
	if got := text(t, ctx, `[data-testid="spec-outcome"]`); got != "No rule's host matches: to spec.defaultBackend, Service admin-service:80." {
		t.Errorf("spec outcome = %q", got)
	}
	if got := text(t, ctx, `[data-testid="nginx-outcome"]`); !strings.HasPrefix(got, "404 Not Found") {
		t.Errorf("nginx outcome = %q", got)
	}
	look(t, ctx, "ingress-matching")
	audit(t, ctx)
}

// lookIngressFull saves screenshots for a person to look at when
// KUBEVIZ_SCREENSHOTS names a folder: the whole page at desktop width, and
// each pane at phone width, in light and dark (the demo is taller than a
// screen).
func lookIngressFull(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("KUBEVIZ_SCREENSHOTS")
	if dir == "" {
		return
	}
	os.MkdirAll(dir, 0o755)
	for _, scheme := range []string{"light", "dark"} {
		err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			return err
		}))
		if err != nil {
			t.Logf("look: %v", err)
			return
		}
		chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
		time.Sleep(150 * time.Millisecond)
		if buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-full-desktop-%s.png", name, scheme)), buf, 0o644)
		}
		chromedp.Do(ctx, chromedp.EmulateViewport(390, 844))
		for _, pane := range []string{"reqs", "pic", "trace", "yaml", "conf"} {
			chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('.ig-`+pane+`').scrollIntoView()`))
			time.Sleep(100 * time.Millisecond)
			if buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-phone-%s-%s.png", name, pane, scheme)), buf, 0o644)
			}
		}
	}
	chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}))
}
