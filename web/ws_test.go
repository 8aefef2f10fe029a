package web

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/coder/websocket"
)

type wsClient struct {
	t *testing.T
	c *websocket.Conn
}

func dial(t *testing.T, base, demo, page string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	u := "ws" + strings.TrimPrefix(base, "http") + "/ws/" + demo + "?page=" + url.QueryEscape(page)
	c, _, err := websocket.Dial(ctx, u, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", u, err)
	}
	c.SetReadLimit(4 << 20)
	t.Cleanup(func() { c.CloseNow() })
	return &wsClient{t, c}
}

func (w *wsClient) send(msg string) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.t.Context(), 5*time.Second)
	defer cancel()
	if err := w.c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		w.t.Fatalf("write: %v", err)
	}
}

func (w *wsClient) frame() Frame {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.t.Context(), 5*time.Second)
	defer cancel()
	_, b, err := w.c.Read(ctx)
	if err != nil {
		w.t.Fatalf("read: %v", err)
	}
	var f Frame
	if err := json.Unmarshal(b, &f); err != nil {
		w.t.Fatalf("frame: %v", err)
	}
	return f
}

func TestSessionStepsAndURL(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	c := dial(t, ts.URL, "steps", "/demos/steps?step=2")
	if f := c.frame(); f.Step != 2 || f.Total != 9 || f.Query != "step=2" {
		t.Fatalf("initial frame: step %d/%d query %q", f.Step, f.Total, f.Query)
	}
	c.send(`{"a":"step"}`)
	f := c.frame()
	if f.Step != 3 || f.Query != "step=3" || f.Narration != "At step 3." || f.Seq != 1 {
		t.Fatalf("after step: %+v", f)
	}
	if !strings.Contains(f.HTML, `value 3`) || !strings.Contains(f.HTML, "step 3 of 9") {
		t.Errorf("fragment does not show step 3: %s", f.HTML)
	}
	c.send(`{"a":"back"}`)
	c.send(`{"a":"back"}`)
	c.frame()
	if f := c.frame(); f.Step != 1 {
		t.Errorf("after two backs: step %d", f.Step)
	}
	c.send(`{"a":"reset"}`)
	if f := c.frame(); f.Step != 0 || f.Query != "" {
		t.Errorf("after reset: %+v", f)
	}
}

// A dropped connection resumes exactly: the client reconnects with its URL.
func TestReconnectResumes(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	c := dial(t, ts.URL, "steps", "/demos/steps")
	c.frame()
	var last Frame
	for range 5 {
		c.send(`{"a":"step"}`)
		last = c.frame()
	}
	c.c.CloseNow() // the network drops
	c2 := dial(t, ts.URL, "steps", "/demos/steps?"+last.Query)
	if f := c2.frame(); f.Step != 5 || f.HTML != last.HTML {
		t.Errorf("resumed at step %d; fragments equal: %v", f.Step, f.HTML == last.HTML)
	}
	// The inline demo on the course page resumes from its prefixed parameters.
	c3 := dial(t, ts.URL, "steps", "/?steps.step=7&x=1#pods")
	if f := c3.frame(); f.Step != 7 || !strings.Contains(f.HTML, `href="/?steps.step=8&amp;x=1#pods"`) {
		t.Errorf("course resume: step %d html %s", f.Step, f.HTML)
	}
}

func TestBadMessagesKeepTheSession(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	c := dial(t, ts.URL, "steps", "/demos/steps")
	c.frame()
	for _, tc := range []struct{ msg, notice string }{
		{`{"a":`, "That message was not understood"},
		{`[1,2]`, "That message was not understood"},
		{`{"a":"step","zzz":1}`, `unknown field "zzz"`},
		{`{}`, `no action ("a") given`},
		{`{"a":"fly"}`, `unknown action "fly"`},
		{`{"a":"back"}`, "already at the first step"},
		{`{"a":"speed","v":"1000"}`, `Speed "1000" is not one of the offered speeds.`},
	} {
		c.send(tc.msg)
		if got := notice(t, c.frame()); !strings.Contains(got, tc.notice) {
			t.Errorf("%s: notice %q, want it to contain %q", tc.msg, got, tc.notice)
		}
	}
	// Binary junk.
	ctx := t.Context()
	c.c.Write(ctx, websocket.MessageBinary, []byte{0, 1, 2, 0xff})
	if got := notice(t, c.frame()); !strings.Contains(got, "expected JSON text") {
		t.Errorf("binary: notice %q", got)
	}
	// And the session goes on.
	c.send(`{"a":"step"}`)
	if f := c.frame(); f.Step != 1 || notice(t, f) != "" {
		t.Errorf("after bad input: step %d notice %q", f.Step, notice(t, f))
	}
}

func notice(t *testing.T, f Frame) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(f.HTML))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Find(`[data-testid="notice"]`).Text()
}

func TestOversizedMessageClosesCleanly(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	c := dial(t, ts.URL, "steps", "/demos/steps")
	c.frame()
	big := `{"a":"edit","v":"` + strings.Repeat("x", 10<<20) + `"}`
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	// The write may block or fail midway: the server stops reading and closes.
	go c.c.Write(ctx, websocket.MessageText, []byte(big))
	_, _, err := c.c.Read(ctx)
	if got := websocket.CloseStatus(err); got != websocket.StatusMessageTooBig {
		t.Fatalf("close status %v (%v), want %v", got, err, websocket.StatusMessageTooBig)
	}
	// The server goes on.
	c2 := dial(t, ts.URL, "steps", "/demos/steps?step=1")
	if f := c2.frame(); f.Step != 1 {
		t.Errorf("new session step %d", f.Step)
	}
}

func TestFloodIsThrottled(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	c := dial(t, ts.URL, "steps", "/demos/steps")
	c.frame()
	go func() {
		for range ActionBurst + 40 {
			if c.c.Write(context.Background(), websocket.MessageText, []byte(`{"a":"reset"}`)) != nil {
				return
			}
		}
	}()
	throttled := false
	for range ActionBurst + 40 {
		if strings.Contains(c.frame().HTML, "Too many actions") {
			throttled = true
			break
		}
	}
	if !throttled {
		t.Error("a flood of actions was never throttled")
	}
}

// A client that never reads is closed after the write timeout, and does not
// slow down anyone else.
func TestSlowClientIsDropped(t *testing.T) {
	srv, ts := newTestServer(t, Config{WriteTimeout: 300 * time.Millisecond})
	// Frames of 1 MB fill the socket buffers of a client that never reads.
	slow := dial(t, ts.URL, "steps", "/demos/steps?pad=1000000")
	for range ActionBurst / 2 {
		if slow.c.Write(t.Context(), websocket.MessageText, []byte(`{"a":"reset"}`)) != nil {
			break
		}
	}
	fast := dial(t, ts.URL, "steps", "/demos/steps")
	fast.frame()
	for i := 1; i <= 5; i++ {
		fast.send(`{"a":"step"}`)
		if f := fast.frame(); f.Step != i {
			t.Fatalf("fast client: step %d, want %d", f.Step, i)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for srv.Sessions() > 1 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := srv.Sessions(); n != 1 {
		t.Errorf("sessions = %d: the client that never reads was not dropped", n)
	}
}

func TestShutdownSaysGoingAway(t *testing.T) {
	srv, ts := newTestServer(t, Config{})
	c := dial(t, ts.URL, "steps", "/demos/steps")
	c.frame()
	srv.Shutdown(t.Context())
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, _, err := c.c.Read(ctx)
	if got := websocket.CloseStatus(err); got != websocket.StatusGoingAway {
		t.Errorf("close status %v (%v), want going away", got, err)
	}
}

func TestPlayStepsByItself(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	c := dial(t, ts.URL, "steps", "/demos/steps?step=7")
	c.frame()
	c.send(`{"a":"speed","v":"4"}`)
	c.frame()
	c.send(`{"a":"play"}`)
	if f := c.frame(); !f.Playing {
		t.Fatalf("not playing after play")
	}
	var f Frame
	for f.Step < 9 {
		f = c.frame()
	}
	if f.Playing {
		t.Error("still playing at the last step")
	}
}

func TestWSRejectsBadPages(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	ctx := t.Context()
	for _, page := range []string{"/demos/other", "http://[::1", "/embed/nope"} {
		u := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/steps?page=" + url.QueryEscape(page)
		if _, res, err := websocket.Dial(ctx, u, nil); err == nil || res == nil || res.StatusCode != 400 {
			t.Errorf("page %q: err %v", page, err)
		}
	}
	u := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/nope?page=/"
	if _, res, err := websocket.Dial(ctx, u, nil); err == nil || res.StatusCode != 404 {
		t.Errorf("unknown demo: %v", err)
	}
}
