package browsertest

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Share copies a link that reopens the exact state.
func TestShareReopensTheState(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/?pod-spec.preset=sidecar#pods"))
	do(t, ctx, chromedp.ScrollIntoView(chromedp.CSS(`#pods [data-demo]`)))
	waitFor(t, ctx, "inline socket", `document.querySelector('#pods [data-demo]').dataset.state === 'open'`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`#pods [data-action="step"]`)))
	waitFor(t, ctx, "a step", `location.search.includes('pod-spec.field=')`)
	narration := text(t, ctx, `#pods [data-testid="narration"]`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`#pods [data-testid="share"]`)))
	link, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#pods [data-testid="share-text"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, ts.URL+"/demos/pod-spec?") || !strings.Contains(link, "preset=sidecar") || strings.Contains(link, "pod-spec.") {
		t.Fatalf("shared link = %q", link)
	}
	ctx2 := newTab(t)
	do(t, ctx2, chromedp.Navigate(link))
	if got := text(t, ctx2, `[data-testid="narration"]`); got != narration {
		t.Errorf("the shared link opens %q, want %q", got, narration)
	}
	// The embed code is an iframe with a title, on /embed/.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#pods [data-testid="share-embed"]`)))
	code, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#pods [data-testid="share-text"]`)))
	if err != nil || !strings.HasPrefix(code, `<iframe src="`+ts.URL+`/embed/pod-spec?`) || !strings.Contains(code, `title="kubeviz: `) {
		t.Errorf("embed code = %q (%v)", code, err)
	}
}

func TestPresenterModeAndTheme(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/pod-spec?theme=dark"))
	waitOpen(t, ctx)
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if err != nil || bg != "rgb(15, 20, 25)" {
		t.Errorf("theme=dark background = %q (%v)", bg, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(pageLoad, nil, chromedp.Click(chromedp.CSS(`[data-testid="present"]`)))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "presenter mode", `document.body.classList.contains('present') && location.search.includes('present=1') && location.search.includes('theme=dark')`)
	waitOpen(t, ctx)
	// The theme and presenter mode survive stepping (the client keeps page parameters).
	do(t, ctx, chromedp.KeyEvent(kb.PageDown)) // as a clicker sends
	waitFor(t, ctx, "a clicker step", `/^step 1 of/.test(document.querySelector('[data-testid="counter"]').textContent) && location.search.includes('present=1')`)
	do(t, ctx, chromedp.KeyEvent("."))
	waitFor(t, ctx, "blank screen", `document.body.classList.contains('blank')`)
	do(t, ctx, chromedp.KeyEvent("b"))
	waitFor(t, ctx, "screen back", `!document.body.classList.contains('blank')`)
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.demo-summary')).display === 'none'`))
	if err != nil || !hidden {
		t.Errorf("prose shown in presenter mode (%v)", err)
	}
	look(t, ctx, "present")
	audit(t, ctx)
}

// A docs site on another origin embeds a demo; the iframe reports its height.
func TestEmbedOnAnotherOrigin(t *testing.T) {
	ts := startServer(t)
	// The host page is served from localhost, the demo from 127.0.0.1: two origins.
	port := ts.URL[strings.LastIndex(ts.URL, ":")+1:]
	host := http.NewServeMux()
	host.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>Docs</title><h1>Docs</h1>
<iframe id="a" src="http://127.0.0.1:%[1]s/embed/pod-spec?field=spec.restartPolicy" title="kubeviz: pod spec" width="100%%" height="100"></iframe>
<iframe id="b" src="http://127.0.0.1:%[1]s/embed/pod-spec?theme=dark" title="kubeviz: pod spec, dark" width="100%%" height="100"></iframe>
<script>
window.heights = {};
addEventListener('message', e => {
  if (e.origin !== 'http://127.0.0.1:%[1]s' || !e.data || e.data.type !== 'kubeviz:height') return;
  for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) { f.height = e.data.height; window.heights[f.id] = e.data.height; }
});
</script>`, port)
	})
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: host}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })

	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate("http://"+ln.Addr().String()+"/"))
	waitFor(t, ctx, "both embeds to report a height", `window.heights.a > 300 && window.heights.b > 300`)
}

// Check-yourself questions give instant feedback and remember answers in
// the browser.
func TestQuestionsRememberAnswers(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/#pods"))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#pods [data-quiz] .q').length`))
	if err != nil || n < 3 {
		t.Fatalf("questions in the Pods section: %d (%v)", n, err)
	}
	// Answer the first question wrong, then right.
	pick := func(right bool) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const fs = document.querySelector('#pods [data-quiz] .q');
			const want = fs.dataset.answer;
			const input = [...fs.querySelectorAll('input')].find(i => (i.value === want) === `+fmt.Sprint(right)+`);
			input.scrollIntoView(); input.click(); return true; })()`))
		if err != nil {
			t.Fatal(err)
		}
	}
	pick(false)
	waitFor(t, ctx, "wrong feedback", `document.querySelector('#pods [data-quiz] .q').classList.contains('wrong')`)
	pick(true)
	waitFor(t, ctx, "right feedback", `document.querySelector('#pods [data-quiz] .q [data-q-feedback]').textContent.startsWith('Right.')`)
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "the answer remembered", `document.querySelector('#pods [data-quiz] .q').classList.contains('right')`)
	if got := text(t, ctx, `[data-progress-total]`); !strings.HasPrefix(got, "Your answers: 1 of ") {
		t.Errorf("progress = %q", got)
	}
	audit(t, ctx)
}

// Speaker notes in a second window follow the presenter's window.
func TestSpeakerNotesFollow(t *testing.T) {
	ts := startServer(t)
	pres := newTab(t)
	do(t, pres, chromedp.Navigate(ts.URL+"/demos/pod-spec?present=1"))
	waitOpen(t, pres)
	notes := newTab(t)
	do(t, notes, chromedp.Navigate(ts.URL+"/notes"))
	waitFor(t, notes, "the notes to find the presenter", `document.querySelector('#notes-pods').classList.contains('now')`)
	total := strings.TrimPrefix(counter(t, pres), "step 0 of ")
	do(t, pres, chromedp.KeyEvent(kb.PageDown))
	waitCounter(t, pres, "step 1 of "+total)
	waitFor(t, notes, "the notes to follow the step", `document.querySelector('[data-notes-now]').textContent.includes('step 1 of `+total+`')`)
	if got := text(t, notes, `#notes-pods h3`); got != "Questions to ask" {
		t.Errorf("notes show %q", got)
	}
	audit(t, notes)
}

// A predict-then-reveal checkpoint: the scheduler asks how many nodes will
// pass Filter before the learner steps into it, and checks the pick at once.
func TestPredictThenReveal(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/scheduler?step=1"))
	waitOpen(t, ctx)
	waitFor(t, ctx, "the checkpoint", `!!document.querySelector('[data-testid="predict"]')`)
	pick := func(right bool) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const fs = document.querySelector('[data-testid="predict"]');
			const input = [...fs.querySelectorAll('input')].find(i => (i.value === fs.dataset.answer) === `+fmt.Sprint(right)+`);
			input.click(); return true; })()`)); err != nil {
			t.Fatal(err)
		}
	}
	pick(false)
	waitFor(t, ctx, "not quite", `document.querySelector('[data-testid="predict"]').classList.contains('wrong')`)
	pick(true)
	waitFor(t, ctx, "right", `document.querySelector('[data-testid="predict"] [data-q-feedback]').textContent.startsWith('Right.')`)
	// Stepping reveals it in the demo too: the Filter table shows that many
	// nodes passing. With the focus still on the chosen answer, a clicker's
	// PageDown steps (the arrow keys stay the radio group's own).
	total := strings.TrimPrefix(counter(t, ctx), "step 1 of ")
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="predict"] input:checked').focus()`))
	do(t, ctx, chromedp.KeyEvent(kb.PageDown))
	waitCounter(t, ctx, "step 2 of "+total)
	audit(t, ctx)
}
