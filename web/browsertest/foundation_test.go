package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kubeviz/kubeviz/web/templates"
)

// counter reads the control bar's "step N of M".
func counter(t *testing.T, ctx context.Context) string {
	return text(t, ctx, `[data-testid="counter"]`)
}

func waitOpen(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the socket to open and its first frame", `document.querySelector('[data-demo]').dataset.state === 'open' && document.querySelector('[data-demo]').dataset.seq !== undefined`)
}

func waitCounter(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	waitFor(t, ctx, want, fmt.Sprintf(`(document.querySelector('[data-testid="counter"]')||{}).textContent === %q`, want))
}

func TestCoursePage(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/"))
	secs := templates.CourseSections()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="section"]').length`))
	if err != nil || n != len(secs) {
		t.Fatalf("sections on the page: %d (%v), want %d", n, err, len(secs))
	}
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="toc"] a')].map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range secs {
		if i >= len(ids) || ids[i] != "#"+s.ID {
			t.Errorf("table of contents entry %d = %v, want #%s", i, ids, s.ID)
			break
		}
	}
	// The pod-spec demo is inline in the Pods section; its socket opens when it scrolls into view.
	do(t, ctx, chromedp.ScrollIntoView(chromedp.CSS(`#pods [data-demo="pod-spec"]`)))
	waitFor(t, ctx, "inline socket", `document.querySelector('#pods [data-demo]').dataset.state === 'open'`)
	look(t, ctx, "course")
	audit(t, ctx)
}

func TestStepWithMouseAndKeysAndReload(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/pod-spec"))
	waitOpen(t, ctx)
	start := counter(t, ctx)
	total := strings.TrimPrefix(start, "step 0 of ")
	if total == start {
		t.Fatalf("counter at start = %q", start)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of "+total)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitCounter(t, ctx, "step 2 of "+total)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	waitCounter(t, ctx, "step 3 of "+total)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowLeft))
	waitCounter(t, ctx, "step 2 of "+total)
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil || !strings.Contains(href, "field=") {
		t.Fatalf("URL after stepping = %q (%v): the state is not in it", href, err)
	}
	narration := text(t, ctx, `[data-testid="narration"]`)
	// Reload: the same state, from the URL alone.
	do(t, ctx, chromedp.Reload())
	waitOpen(t, ctx)
	if got := counter(t, ctx); got != "step 2 of "+total {
		t.Errorf("after reload: %q", got)
	}
	if got := text(t, ctx, `[data-testid="narration"]`); got != narration {
		t.Errorf("narration after reload = %q, want %q", got, narration)
	}
	// Space plays; it runs by itself.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`), chromedp.KeyEvent(" "))
	waitFor(t, ctx, "play to advance", `/^step ([4-9]|\d\d) of/.test(document.querySelector('[data-testid="counter"]').textContent)`)
	do(t, ctx, chromedp.KeyEvent("r"))
	waitCounter(t, ctx, "step 0 of "+total)
	// ? opens the shortcut sheet.
	do(t, ctx, chromedp.KeyEvent("?"))
	waitFor(t, ctx, "shortcut sheet", `document.getElementById('shortcuts').open`)
	look(t, ctx, "demo-pod-spec")
	audit(t, ctx)
}

func TestServerRestartCarriesOn(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/pod-spec"))
	waitOpen(t, ctx)
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of "+total)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 2 of "+total)

	ts.restart()
	waitFor(t, ctx, "reconnect after restart", `document.querySelector('[data-demo]').dataset.state === 'open' && document.querySelector('[data-conn]').textContent === ''`)
	if got := counter(t, ctx); got != "step 2 of "+total {
		t.Errorf("after restart: %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 3 of "+total)
}

func TestWorksWithoutJavaScript(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/pod-spec"))
	total := strings.TrimPrefix(counter(t, ctx), "step 0 of ")
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(pageLoad, nil, chromedp.Click(chromedp.CSS(`[data-action="step"]`))))
	if err != nil {
		t.Fatal(err)
	}
	if got := counter(t, ctx); got != "step 1 of "+total {
		t.Errorf("after following the Step link: %q", got)
	}
	// Play needs JavaScript, so it is not offered.
	vis, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('[data-action="play"]')).display !== 'none'`))
	if err != nil || vis {
		t.Errorf("Play shown without JavaScript (%v)", err)
	}
}

func TestNotFoundAndEmbed(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(ts.URL+"/demos/no-such-demo"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 404 {
		t.Errorf("status %d", res.Status)
	}
	if got := text(t, ctx, "h1"); got != "Page not found" {
		t.Errorf("h1 = %q", got)
	}
	audit(t, ctx)

	do(t, ctx, chromedp.Navigate(ts.URL+"/embed/pod-spec"))
	waitOpen(t, ctx)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('header.site').length`))
	if err != nil || n != 0 {
		t.Errorf("embed has site chrome (%d, %v)", n, err)
	}
	look(t, ctx, "embed-pod-spec")
	audit(t, ctx)
}
