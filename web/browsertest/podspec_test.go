package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A learner clicks a field of the YAML and sees what it drives in the
// picture, clicks the picture and sees the field, then breaks a quantity and
// mends it. Messages follow kubernetes pkg/apis/core/validation and
// apimachinery's resource.Quantity parser (see engine/pod).
func TestPodSpecLearner(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/pod-spec"))
	waitOpen(t, ctx)

	// YAML → picture.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="podspec-key-metadata.labels"]`)))
	waitFor(t, ctx, "labels selected", `location.search.includes('field=metadata.labels')`)
	waitFor(t, ctx, "label tags highlighted", `[...document.querySelectorAll('[data-testid="podspec-svg"] .pp.hl')].some(p => p.dataset.value === 'metadata.labels' || (p.dataset.value||'').startsWith('metadata.labels'))`)
	if got := text(t, ctx, `[data-testid="podspec-explain-field"]`); got != "metadata.labels" {
		t.Errorf("explained field = %q", got)
	}
	if got := text(t, ctx, `[data-testid="podspec-explain-out"]`); !strings.Contains(got, "FIELD: labels <map[string]string>") {
		t.Errorf("kubectl explain output = %q", got)
	}

	// Picture → YAML.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="podspec-svg"] [data-value="spec.restartPolicy"]`)))
	waitFor(t, ctx, "restartPolicy selected", `location.search.includes('field=spec.restartPolicy')`)
	waitFor(t, ctx, "its line marked", `(document.querySelector('.yl[aria-current="true"]')||{}).textContent?.includes('restartPolicy')`)

	// Break a quantity, see the API server's message at its line, mend it.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="podspec-toggle"]`)))
	waitFor(t, ctx, "the editor", `!!document.querySelector('[data-testid="podspec-textarea"]')`)
	selectText := func(s string) {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const ta = document.querySelector('[data-testid="podspec-textarea"]');
			const i = ta.value.indexOf(`+"`"+s+"`"+`);
			if (i < 0) return false;
			ta.focus(); ta.setSelectionRange(i, i + `+"`"+s+"`"+`.length);
			return true;
		})()`))
		if err != nil || !ok {
			t.Fatalf("select %q in the editor: %v", s, err)
		}
	}
	selectText("cpu: 250m")
	do(t, ctx, chromedp.KeyEvent("cpu: abc"))
	want := `spec.containers[0].resources.requests.cpu: Invalid value: "abc"`
	waitFor(t, ctx, "the error at line 18", `(document.querySelector('[data-testid="podspec-line-errors-18"]')||{}).textContent?.includes(`+"`"+want+"`"+`)`)
	if got := text(t, ctx, `[data-testid="podspec-stale"]`); !strings.Contains(got, "last valid pod") {
		t.Errorf("stale note = %q", got)
	}
	look(t, ctx, "pod-spec-error")
	audit(t, ctx)

	selectText("cpu: abc")
	do(t, ctx, chromedp.KeyEvent("cpu: 300m"))
	waitFor(t, ctx, "the error gone", `!document.querySelector('[data-testid="podspec-errors"]') && !document.querySelector('[data-testid="podspec-stale"]')`)
	waitFor(t, ctx, "the picture updated", `document.querySelector('[data-testid="podspec-svg"]').textContent.includes('cpu 300m')`)
	// The edit is in the URL: a reload keeps it.
	do(t, ctx, chromedp.Reload())
	waitOpen(t, ctx)
	waitFor(t, ctx, "the edit kept", `document.querySelector('[data-testid="podspec-svg"]').textContent.includes('cpu 300m')`)
}
