package web

import (
	"net/http/httptest"
	"testing"
)

// A parked session keeps only its query and rebuilds its state from it on
// the next action; what it shows then is exactly what a session that never
// parked shows, a learner's invalid input and its message included.
func TestParkedSessionLosesNothing(t *testing.T) {
	script := []string{`{"a":"set","k":"replicas","v":"abc"}`, `{"a":"step"}`, `{"a":"set","k":"dns","v":"a..b"}`, `{"a":"step"}`}

	parked := 0
	play := func(park bool) Frame {
		// A server each: the frame cache must not answer for the state.
		srv := realServer(t)
		ts := httptest.NewServer(srv)
		defer ts.Close()
		c := dial(t, ts.URL, "services", "/demos/services")
		c.frame()
		var f Frame
		for _, m := range script {
			if park {
				srv.sessionsMu.Lock()
				for se := range srv.sessions {
					se.mu.Lock()
					if se.park() {
						parked++
					}
					se.mu.Unlock()
				}
				srv.sessionsMu.Unlock()
			}
			c.send(m)
			f = c.frame()
		}
		c.c.CloseNow()
		return f
	}
	want, got := play(false), play(true)
	if got.HTML != want.HTML || got.Query != want.Query || got.Narration != want.Narration {
		t.Fatalf("after parking: query %q, want %q (HTML equal: %v)", got.Query, want.Query, got.HTML == want.HTML)
	}
	if parked < len(script) {
		t.Error("no session parked: the test tested nothing")
	}
}
