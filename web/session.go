package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/time/rate"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// Frame is what the server sends after every action: the demo's live part
// rendered by templates.Live, the demo's own query for the URL, and the
// narration for the aria-live region.
type Frame struct {
	Type      string `json:"t"` // "frame"
	HTML      string `json:"html"`
	Query     string `json:"query"`
	Narration string `json:"narration"`
	Step      int    `json:"step"`
	Total     int    `json:"total"`
	Playing   bool   `json:"playing"`
	Seq       int    `json:"seq"` // the number of actions the session has taken in
}

// Session-level actions, handled here rather than by the demo.
const (
	actionPlay  = "play"
	actionPause = "pause"
	actionSpeed = "speed"
)

type session struct {
	srv    *Server
	conn   *websocket.Conn
	def    demos.Definition
	link   templates.Link
	st     demos.State
	probs  []string
	notice string

	playing bool
	speed   string
	seq     int

	closeOnce sync.Once
	cancel    context.CancelFunc

	room *room // the room this session presents in, if any

	// A session idle for a whole PingInterval parks: it keeps only its
	// state's query and lets the engine state go, and rebuilds it from the
	// query on its next action (the URL is the state). A lecture hall
	// reading the prose costs sockets, not simulations.
	idle   bool
	parked string
}

func (se *session) park() {
	if se.st != nil && !se.playing {
		se.parked = se.st.Query().Encode()
		se.st = nil
	}
}

func (se *session) unpark() {
	se.idle = false
	if se.st == nil {
		q, _ := url.ParseQuery(se.parked)
		se.st, _ = se.def.Open(q)
		se.parked = ""
	}
}

// serveWS upgrades /ws/{demo}?page=<the page's path and query> to a session.
// The page parameter is the state: the session is built from it exactly as
// the page handler built the page.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	def, ok := s.demos[r.PathValue("demo")]
	if !ok {
		s.metrics.reject(rejectUnknownDemo)
		http.Error(w, "unknown demo", http.StatusNotFound)
		return
	}
	if s.draining.Load() {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	if s.nsessions.Add(1) > MaxSessions {
		s.nsessions.Add(-1)
		s.metrics.reject(rejectTooMany)
		http.Error(w, "too many sessions", http.StatusServiceUnavailable)
		return
	}
	defer s.nsessions.Add(-1)

	own, link, err := pageState(def, r.URL.Query().Get("page"))
	if err != nil {
		s.metrics.reject(rejectBadPage)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var rm *room
	presenting := false
	if code := r.URL.Query().Get("room"); code != "" {
		if rm = s.room(code); rm == nil || rm.demo != def.Name {
			http.Error(w, "no open room "+code+" for this demo", http.StatusNotFound)
			return
		}
		tok := r.URL.Query().Get("token")
		presenting = tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(rm.token)) == 1
		if tok != "" && !presenting {
			http.Error(w, "wrong presenter token", http.StatusForbidden)
			return
		}
	}
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: s.originPatterns})
	if err != nil {
		return // Accept has written the response
	}
	c.SetReadLimit(MaxMessageBytes)
	if rm != nil && !presenting {
		err := s.follow(r.Context(), c, rm)
		if err != nil && websocket.CloseStatus(err) == -1 {
			c.CloseNow()
		}
		return
	}
	st, probs := def.Open(own)
	ctx, cancel := context.WithCancel(r.Context())
	se := &session{srv: s, conn: c, def: def, link: link, st: st, probs: probs, speed: "1", cancel: cancel, room: rm}
	if rm != nil {
		s.presenterJoined(rm)
		defer s.presenterLeft(rm)
	}
	s.sessionsMu.Lock()
	s.sessions[se] = struct{}{}
	s.sessionsMu.Unlock()
	defer func() {
		s.sessionsMu.Lock()
		delete(s.sessions, se)
		s.sessionsMu.Unlock()
		cancel()
	}()
	err = se.run(ctx)
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		c.Close(websocket.StatusNormalClosure, "")
	case errors.Is(err, websocket.ErrMessageTooBig):
		s.metrics.reject(rejectTooBig) // the read limit has sent the close
		c.CloseNow()
	case websocket.CloseStatus(err) != -1:
		// The client closed: nothing to add.
	default:
		s.log.Debug("session ended", "demo", def.Name, "err", err)
		c.CloseNow()
	}
}

// pageState turns the page a socket was opened from into the demo's own
// query and the Link its fragments use, exactly as the page handlers do.
func pageState(def demos.Definition, page string) (url.Values, templates.Link, error) {
	if len(page) > MaxQueryBytes {
		return nil, templates.Link{}, fmt.Errorf("page is longer than %d bytes", MaxQueryBytes)
	}
	u, err := url.Parse(page)
	if err != nil {
		return nil, templates.Link{}, fmt.Errorf("page: %v", err)
	}
	q := u.Query()
	po, _ := takePageParams(q)
	switch u.Path {
	case "/demos/" + def.Name, "/embed/" + def.Name:
		return q, templates.Link{Path: u.Path, Keep: po.keep}, nil
	case "/", "":
		own, link := courseLink(def, q, po, u.Fragment)
		return own, link, nil
	}
	return nil, templates.Link{}, fmt.Errorf("page %q does not show demo %q", u.Path, def.Name)
}

func (se *session) goAway() {
	se.closeOnce.Do(func() {
		se.conn.Close(websocket.StatusGoingAway, "server is restarting; reconnecting")
		se.cancel()
	})
}

type incoming struct {
	action demos.Action
	notice string // set instead of action when the message could not be used
}

// run is the session goroutine: it alone touches se.st.
func (se *session) run(ctx context.Context) error {
	in := make(chan incoming, 16)
	readErr := make(chan error, 1)
	go func() { readErr <- se.readLoop(ctx, in) }()

	if err := se.send(ctx); err != nil {
		return err
	}
	ping := time.NewTicker(PingInterval)
	defer ping.Stop()
	var tick <-chan time.Time
	var ticker *time.Ticker
	stopTicker := func() {
		if ticker != nil {
			ticker.Stop()
			ticker, tick = nil, nil
		}
	}
	defer stopTicker()
	startTicker := func() {
		stopTicker()
		ticker = time.NewTicker(playInterval(se.speed))
		tick = ticker.C
	}
	var counts chan int
	if se.room != nil {
		counts = se.room.counts
		se.room.mu.Lock()
		n := len(se.room.followers)
		se.room.mu.Unlock()
		if err := se.srv.writeMsg(ctx, se.conn, presenterRoomInfo(se.room, n)); err != nil {
			return err
		}
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case n := <-counts:
			if err := se.srv.writeMsg(ctx, se.conn, presenterRoomInfo(se.room, n)); err != nil {
				return err
			}
		case err := <-readErr:
			return err
		case <-ping.C:
			pctx, cancel := context.WithTimeout(ctx, se.srv.writeTimeout)
			err := se.conn.Ping(pctx)
			cancel()
			if err != nil {
				return err
			}
			if se.idle {
				se.park()
			}
			se.idle = true
		case <-tick:
			se.unpark()
			if se.st.Apply(demos.Action{Kind: "step"}) != nil {
				se.playing = false
			}
			if step, total := se.st.Progress(); step >= total {
				se.playing = false // the last step: stop, as a media player does
			}
			if !se.playing {
				stopTicker()
			}
			se.probs = nil
			if err := se.send(ctx); err != nil {
				return err
			}
		case m := <-in:
			began := time.Now()
			se.unpark()
			se.seq++
			se.notice = m.notice
			if m.notice == "" {
				se.notice = se.handle(m.action)
				se.probs = nil
			}
			if se.playing && tick == nil {
				startTicker()
			} else if !se.playing {
				stopTicker()
			} else if m.action.Kind == actionSpeed {
				startTicker()
			}
			if err := se.send(ctx); err != nil {
				return err
			}
			if m.notice == "" {
				se.srv.metrics.action(se.def.Name, time.Since(began))
			}
		}
	}
}

// handle applies one action and returns the notice to show ("" for none).
func (se *session) handle(a demos.Action) string {
	switch a.Kind {
	case actionPlay:
		step, total := se.st.Progress()
		if total == 0 {
			return "This demo has no steps to play."
		}
		if step >= total { // play from the start again, as a media player does
			if err := se.st.Apply(demos.Action{Kind: "reset"}); err != nil {
				return err.Error()
			}
		}
		se.playing = true
	case actionPause:
		se.playing = false
	case actionSpeed:
		if _, ok := speedValue(a.Value); !ok {
			return fmt.Sprintf("Speed %q is not one of the offered speeds.", a.Value)
		}
		se.speed = a.Value
	default:
		if a.Kind == "step" || a.Kind == "back" || a.Kind == "reset" || a.Kind == "goto" {
			se.playing = false // a person stepping by hand takes over from play
		}
		if err := se.st.Apply(a); err != nil {
			return err.Error()
		}
	}
	return ""
}

func speedValue(s string) (float64, bool) {
	for _, sp := range templates.Speeds {
		if sp.Value == s {
			f, err := strconv.ParseFloat(s, 64)
			return f, err == nil
		}
	}
	return 0, false
}

func playInterval(speed string) time.Duration {
	f, ok := speedValue(speed)
	if !ok || f <= 0 {
		f = 1
	}
	d := time.Duration(float64(time.Second) / f)
	return max(d, MinPlayInterval)
}

// readLoop reads actions until the connection ends. Malformed messages and
// floods become notices; the session goes on.
func (se *session) readLoop(ctx context.Context, in chan<- incoming) error {
	lim := rate.NewLimiter(ActionsPerSecond, ActionBurst)
	dropped := 0
	for {
		typ, b, err := se.conn.Read(ctx)
		if err != nil {
			return err
		}
		var m incoming
		switch {
		case !lim.Allow():
			dropped++
			se.srv.metrics.reject(rejectRate)
			if dropped > MaxDroppedActions {
				se.srv.metrics.reject(rejectFlood)
				se.conn.Close(websocket.StatusPolicyViolation, "too many actions")
				return errors.New("too many actions")
			}
			m.notice = fmt.Sprintf("Too many actions: at most %d a second. Some were dropped; the demo shows the last one taken.", ActionsPerSecond)
		case typ != websocket.MessageText:
			se.srv.metrics.reject(rejectBinary)
			m.notice = "That message was not understood: expected JSON text."
		default:
			dropped = 0
			m.action, err = decodeAction(b)
			if err != nil {
				se.srv.metrics.reject(rejectMalformed)
				m.notice = "That message was not understood: " + err.Error()
			}
		}
		select {
		case in <- m:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func decodeAction(b []byte) (demos.Action, error) {
	var a demos.Action
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return a, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return a, errors.New("more than one JSON value")
	}
	if a.Kind == "" {
		return a, errors.New(`no action ("a") given`)
	}
	return a, nil
}

// send renders the live part and writes it, bounded by WriteTimeout: a
// client that does not read is closed rather than queued for.
func (se *session) send(ctx context.Context) error {
	l := live(se.def, se.st, se.probs, se.link, se.notice, se.playing, se.speed)
	var buf bytes.Buffer
	if err := templates.Live(l).Render(ctx, &buf); err != nil {
		return err
	}
	f := Frame{Type: "frame", HTML: buf.String(), Query: se.st.Query().Encode(), Narration: l.Narration,
		Step: l.Step, Total: l.Total, Playing: se.playing, Seq: se.seq}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if se.room != nil {
		se.room.publish(b, f.Query)
	}
	return se.srv.writeMsg(ctx, se.conn, b)
}
