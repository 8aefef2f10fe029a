package browsertest

import (
	"context"

	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kubeviz/kubeviz/demos/all"
)

// Every demo on a phone (390 CSS pixels, touch): after its first frame and
// one step, the page itself never scrolls sideways (a wide picture or table
// may scroll inside its own focusable box), and axe finds nothing serious in
// light or dark.
func TestEveryDemoOnAPhone(t *testing.T) {
	ts := startServer(t)
	for _, d := range all.Demos() {
		t.Run(d.Name, func(t *testing.T) {
			ctx := newTab(t)
			do(t, ctx, chromedp.EmulateViewport(390, 844, func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
				p.Mobile = true
			}))
			do(t, ctx, chromedp.Navigate(ts.URL+"/demos/"+d.Name))
			waitOpen(t, ctx)
			if has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('[data-testid="controls"] [data-action="step"]')`)); has {
				seq := frameSeq(t, ctx)
				do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="controls"] [data-action="step"]`)))
				waitFor(t, ctx, "the frame after Step", `Number(document.querySelector('[data-demo]').dataset.seq) > `+seq)
			}
			overflow(t, ctx)
			audit(t, ctx)
			look(t, ctx, "phone-"+d.Name)
		})
	}
}

// frameSeq is the sequence number of the last frame the page drew.
func frameSeq(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-demo]').dataset.seq`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// overflow fails when the document is wider than the viewport, naming the
// widest elements that stick out.
func overflow(t *testing.T, ctx context.Context) {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w + 1) return [];
		const out = [];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.right > w + 1 && r.width > 0) {
				let inside = false;
				for (let p = el.parentElement; p; p = p.parentElement) {
					const ox = getComputedStyle(p).overflowX;
					if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') { inside = true; break; }
				}
				const name = e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + String(e.className).trim().split(/\s+/).join('.') : '');
				if (!inside) out.push(name(el.parentElement) + ' > ' + name(el) + ' "' + el.textContent.slice(0, 40) + '" right=' + Math.round(r.right));
			}
			if (out.length >= 5) break;
		}
		return out.length ? out : ['document ' + document.documentElement.scrollWidth + ' wide'];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) > 0 {
		t.Errorf("the page scrolls sideways at %d px: %v", 390, out)
	}
}
