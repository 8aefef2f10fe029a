package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A presenter opens a room; a learner joins with the link, follows every
// step, cannot drive, detaches to explore and rejoins with one key.
func TestClassroomRoom(t *testing.T) {
	ts := startServer(t)
	pres := newTab(t)
	do(t, pres, chromedp.Navigate(ts.URL+"/demos/pod-spec"))
	waitOpen(t, pres)
	total := strings.TrimPrefix(counter(t, pres), "step 0 of ")
	do(t, pres, chromedp.Click(chromedp.CSS(`[data-testid="room-start"]`)))
	waitFor(t, pres, "the room", `document.querySelector('[data-demo]').dataset.role === 'presenter'`)
	code, err := chromedp.Run(pres, chromedp.Evaluate[string](`new URLSearchParams(location.search).get('room')`))
	if err != nil || len(code) != 8 {
		t.Fatalf("room code %q (%v)", code, err)
	}
	waitFor(t, pres, "the QR code", `document.querySelector('[data-room-qr]').complete && document.querySelector('[data-room-qr]').naturalWidth > 0`)

	fol := newTab(t)
	do(t, fol, chromedp.Navigate(ts.URL+"/r/"+code))
	waitFor(t, fol, "following", `document.querySelector('[data-demo]').dataset.role === 'follower'`)
	waitFor(t, pres, "one follower", `document.querySelector('[data-demo]').dataset.followers === '1'`)

	do(t, pres, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, pres, "step 1 of "+total)
	waitCounter(t, fol, "step 1 of "+total)
	do(t, pres, chromedp.KeyEvent(kb.ArrowRight))
	waitCounter(t, fol, "step 2 of "+total)

	// The follower's keys do not drive the room.
	do(t, fol, chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, fol, "the notice", `document.querySelector('[data-testid="notice"]').textContent.includes('following the presenter')`)
	if got := counter(t, pres); got != "step 2 of "+total {
		t.Errorf("a follower moved the presenter to %q", got)
	}

	// D: explore alone from here; the presenter goes on without us.
	do(t, fol, chromedp.KeyEvent("d"))
	waitFor(t, fol, "detached", `document.querySelector('[data-demo]').dataset.state === 'open' && !location.search.includes('room=')`)
	do(t, fol, chromedp.KeyEvent(kb.ArrowRight))
	waitCounter(t, fol, "step 3 of "+total)
	do(t, pres, chromedp.KeyEvent(kb.ArrowLeft))
	waitCounter(t, pres, "step 1 of "+total)
	if got := counter(t, fol); got != "step 3 of "+total {
		t.Errorf("a detached follower was moved to %q", got)
	}
	// D again: back in the room, at the presenter's step.
	do(t, fol, chromedp.KeyEvent("d"))
	waitFor(t, fol, "rejoined", `document.querySelector('[data-demo]').dataset.role === 'follower'`)
	waitCounter(t, fol, "step 1 of "+total)
	look(t, pres, "room-presenter")
	audit(t, pres)
	audit(t, fol)

	// A wrong code: a clear page, not a hang.
	do(t, fol, chromedp.Navigate(ts.URL+"/r/BCDFGHJK"))
	if got := text(t, fol, "main p"); !strings.Contains(got, "There is no open room") {
		t.Errorf("wrong code page says %q", got)
	}
}
