package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func openRoom(t *testing.T, base, demo string) (code, token string) {
	t.Helper()
	res, err := http.Post(base+"/rooms?demo="+demo, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r struct{ Code, Token, Join string }
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil || len(r.Code) != RoomCodeLength || r.Token == "" {
		t.Fatalf("open room: %v %+v", err, r)
	}
	return r.Code, r.Token
}

func dialRoom(t *testing.T, base, page, room, token string) *wsClient {
	t.Helper()
	u := "ws" + strings.TrimPrefix(base, "http") + "/ws/steps?page=" + url.QueryEscape(page) + "&room=" + room
	if token != "" {
		u += "&token=" + token
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, u, nil)
	if err != nil {
		t.Fatalf("dial room: %v", err)
	}
	c.SetReadLimit(8 << 20)
	t.Cleanup(func() { c.CloseNow() })
	return &wsClient{t, c}
}

// next reads messages until one of type typ.
func (w *wsClient) next(typ string) map[string]any {
	w.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(w.t.Context(), 5*time.Second)
		_, b, err := w.c.Read(ctx)
		cancel()
		if err != nil {
			w.t.Fatalf("waiting for %q: %v", typ, err)
		}
		var m map[string]any
		json.Unmarshal(b, &m)
		if m["t"] == typ {
			return m
		}
	}
}

func TestRoomFollowersFollowAndCannotDrive(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, token := openRoom(t, ts.URL, "steps")
	pres := dialRoom(t, ts.URL, "/demos/steps?step=2", code, token)
	if f := pres.next("frame"); f["step"] != 2.0 {
		t.Fatalf("presenter starts at %v", f["step"])
	}
	fol := dialRoom(t, ts.URL, "/demos/steps", code, "")
	if m := fol.next("room"); m["role"] != "follower" {
		t.Fatalf("follower told %v", m)
	}
	if f := fol.next("frame"); f["step"] != 2.0 {
		t.Fatalf("a new follower sees step %v, want the presenter's 2", f["step"])
	}
	for m := pres.next("room"); m["followers"] != 1.0; m = pres.next("room") {
		if m["followers"] != 0.0 {
			t.Fatalf("presenter sees %v followers", m["followers"])
		}
	}
	pres.send(`{"a":"step"}`)
	if f := fol.next("frame"); f["step"] != 3.0 || f["query"] != "step=3" {
		t.Errorf("follower after the presenter's step: %v %v", f["step"], f["query"])
	}
	// A follower cannot drive: it is told so, and the room does not move.
	fol.send(`{"a":"reset"}`)
	if m := fol.next("notice"); !strings.Contains(m["message"].(string), "following the presenter") {
		t.Errorf("notice %v", m)
	}
	pres.send(`{"a":"step"}`)
	if f := fol.next("frame"); f["step"] != 4.0 {
		t.Errorf("after a follower's reset and the presenter's step: step %v, want 4", f["step"])
	}
}

func TestRoomRefusesWrongCodesAndTokens(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, _ := openRoom(t, ts.URL, "steps")
	ctx := t.Context()
	base := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/steps?page=/demos/steps"
	if _, res, err := websocket.Dial(ctx, base+"&room=BCDFGHJK", nil); err == nil || res.StatusCode != 404 {
		t.Errorf("a wrong room code was not refused: %v", err)
	}
	if _, res, err := websocket.Dial(ctx, base+"&room="+code+"&token=guess", nil); err == nil || res.StatusCode != 403 {
		t.Errorf("a wrong presenter token was not refused: %v", err)
	}
	res, err := http.Get(ts.URL + "/r/NOSUCHRM")
	if err != nil || res.StatusCode != 404 {
		t.Errorf("joining a wrong code: %v %v", res.StatusCode, err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err = client.Get(ts.URL + "/r/" + strings.ToLower(code[:4]) + "-" + code[4:])
	if err != nil || res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/demos/steps?room="+code) {
		t.Errorf("join redirect: %v %q %v", res.StatusCode, res.Header.Get("Location"), err)
	}
	res, err = http.Get(ts.URL + "/r/" + code + "/qr.svg")
	if err != nil || res.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("qr: %v %v", res, err)
	}
}

// A follower that never reads does not hold up the presenter or the others.
func TestRoomSlowFollowerDoesNotDelayOthers(t *testing.T) {
	_, ts := newTestServer(t, Config{WriteTimeout: time.Second})
	code, token := openRoom(t, ts.URL, "steps")
	pres := dialRoom(t, ts.URL, "/demos/steps?pad=200000", code, token)
	pres.next("frame")
	dialRoom(t, ts.URL, "/demos/steps", code, "") // never reads
	fast := dialRoom(t, ts.URL, "/demos/steps", code, "")
	fast.next("frame")
	for i := 1; i <= 9; i++ {
		pres.send(`{"a":"step"}`)
		if f := pres.next("frame"); f["step"] != float64(i) {
			t.Fatalf("presenter step %v, want %d", f["step"], i)
		}
	}
	// The fast follower ends at the last step (it may skip some: latest wins).
	for {
		f := fast.next("frame")
		if f["step"] == 9.0 {
			break
		}
	}
}

func TestRoomEndsWhenPresenterLeavesAndFollowersAreTold(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	code, token := openRoom(t, ts.URL, "steps")
	pres := dialRoom(t, ts.URL, "/demos/steps", code, token)
	pres.next("frame")
	fol := dialRoom(t, ts.URL, "/demos/steps", code, "")
	fol.next("frame")
	s.endRoom(s.room(code)) // what RoomGrace after the presenter left does
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	for {
		_, _, err := fol.c.Read(ctx)
		if err != nil {
			if websocket.CloseStatus(err) != websocket.StatusNormalClosure {
				t.Errorf("follower closed with %v, want a normal close 'room ended'", err)
			}
			break
		}
	}
}

// A follower who leaves is gone: the presenter's count drops and nothing of
// the follower stays behind (goleak in TestMain checks the goroutines).
func TestRoomFollowerLeaves(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, token := openRoom(t, ts.URL, "steps")
	pres := dialRoom(t, ts.URL, "/demos/steps", code, token)
	pres.next("frame")
	fol := dialRoom(t, ts.URL, "/demos/steps", code, "")
	fol.next("frame")
	for m := pres.next("room"); m["followers"] != 1.0; m = pres.next("room") {
	}
	fol.c.Close(websocket.StatusNormalClosure, "bye")
	for m := pres.next("room"); m["followers"] != 0.0; m = pres.next("room") {
	}
}
