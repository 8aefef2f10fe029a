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
	// query on its next action (the URL is the state: everything a view
	// shows follows from Query(), demos/all's contract test). A lecture
	// hall reading the prose costs sockets, not simulations.
	idle   bool
	parked string

	// mu orders the reader and the timers' callbacks (run): it guards
	// every field above that changes, and the writes of frames.
	mu        sync.Mutex
	ctx       context.Context // the session's; stop ends it
	stop      context.CancelFunc
	pingTimer *time.Timer
	playTimer *time.Timer // armed while playing
	playGen   int         // bumped by stopTicker: a stale tick does nothing

	failMu sync.Mutex
	err    error // what ended the session from a callback
}

// park drops the engine state and reports whether it did.
func (se *session) park() bool {
	if se.st != nil && !se.playing {
		se.parked = se.st.Query().Encode()
		se.st = nil
		return true
	}
	return false
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
	handedOver := false
	defer func() {
		if !handedOver {
			s.nsessions.Add(-1)
		}
	}()

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
	c, err := websocket.Accept(smallBuffers{w}, r, &websocket.AcceptOptions{OriginPatterns: s.originPatterns})
	if err != nil {
		return // Accept has written the response
	}
	c.SetReadLimit(MaxMessageBytes)
	// The connection is ours now: serve it in a goroutine of its own and
	// let this handler return, so that net/http's per-connection state (its
	// 4 KiB read and write buffers, the request, the handler's grown stack)
	// is freed rather than held for the life of the socket.
	handedOver = true
	ctx := context.WithoutCancel(r.Context())
	go func() {
		defer s.nsessions.Add(-1)
		if rm != nil && !presenting {
			err := s.follow(ctx, c, rm)
			if err != nil && websocket.CloseStatus(err) == -1 {
				c.CloseNow()
			}
			return
		}
		s.serveSession(ctx, c, def, own, link, rm)
	}()
}

func (s *Server) serveSession(ctx context.Context, c *websocket.Conn, def demos.Definition, own url.Values, link templates.Link, rm *room) {
	st, probs := def.Open(own)
	ctx, cancel := context.WithCancel(ctx)
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
	err := se.run(ctx)
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

// run serves the session in the connection's own goroutine, which reads
// the actions and applies them itself: an idle session is one goroutine
// blocked in Read (docs/performance.md: two goroutines cost 20 KiB of stacks
// a session). The ping and the play ticker are timers whose callbacks run
// only when they fire; se.mu orders them with the reader, so se.st is
// touched by one of them at a time and frames go out in seq order.
func (se *session) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	se.ctx, se.stop = ctx, cancel
	se.mu.Lock()
	err := se.send(ctx)
	se.mu.Unlock()
	if err != nil {
		return err
	}
	if se.room != nil {
		se.room.mu.Lock()
		n := len(se.room.followers)
		se.room.mu.Unlock()
		if err := se.srv.writeMsg(ctx, se.conn, presenterRoomInfo(se.room, n)); err != nil {
			return err
		}
		// A presenter (in a room) has a second goroutine for the follower
		// count, which the room offers latest-wins.
		go se.forwardCounts(ctx)
	}
	se.mu.Lock()
	se.pingTimer = time.AfterFunc(PingInterval, se.ping)
	se.mu.Unlock()
	defer func() {
		cancel() // first: a callback that runs after this sees the session over
		se.mu.Lock()
		se.pingTimer.Stop()
		se.stopTicker()
		se.mu.Unlock()
	}()

	err = se.readLoop(ctx)
	if e := se.failure(); e != nil {
		return e // a write or ping failed first, and ended the read
	}
	return err
}

// fail ends the session with err (from a timer's callback).
func (se *session) fail(err error) {
	se.failMu.Lock()
	if se.err == nil {
		se.err = err
	}
	se.failMu.Unlock()
	se.stop()
}

func (se *session) failure() error {
	se.failMu.Lock()
	defer se.failMu.Unlock()
	return se.err
}

func (se *session) forwardCounts(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case n := <-se.room.counts:
			if err := se.srv.writeMsg(ctx, se.conn, presenterRoomInfo(se.room, n)); err != nil {
				se.fail(err)
				return
			}
		}
	}
}

// ping keeps the connection alive, and parks a session idle for a whole
// interval. It runs on the ping timer.
func (se *session) ping() {
	ctx := se.ctx
	pctx, cancel := context.WithTimeout(ctx, se.srv.writeTimeout)
	err := se.conn.Ping(pctx) // not under se.mu: the pong comes through the reader
	cancel()
	if err != nil {
		se.fail(err)
		return
	}
	se.mu.Lock()
	defer se.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	if se.idle && se.park() {
		se.srv.parked()
	}
	se.idle = true
	se.pingTimer.Reset(PingInterval)
}

// startTicker (re)arms the play timer; se.mu is held.
func (se *session) startTicker() {
	se.stopTicker()
	gen := se.playGen
	se.playTimer = time.AfterFunc(playInterval(se.speed), func() { se.tick(gen) })
}

// stopTicker disarms it; a callback already running sees playGen changed.
func (se *session) stopTicker() {
	se.playGen++
	if se.playTimer != nil {
		se.playTimer.Stop()
		se.playTimer = nil
	}
}

// tick takes one step of play.
func (se *session) tick(gen int) {
	se.mu.Lock()
	defer se.mu.Unlock()
	if gen != se.playGen || se.ctx.Err() != nil {
		return
	}
	se.playTimer = nil
	se.unpark()
	if se.st.Apply(demos.Action{Kind: "step"}) != nil {
		se.playing = false
	}
	if step, total := se.st.Progress(); step >= total {
		se.playing = false // the last step: stop, as a media player does
	}
	se.probs = nil
	if err := se.send(se.ctx); err != nil {
		se.fail(err)
		return
	}
	if se.playing {
		se.startTicker()
	}
}

// act takes one message from the client: an action, or a notice to show
// instead when the message could not be used.
func (se *session) act(ctx context.Context, a demos.Action, notice string) error {
	began := time.Now()
	se.mu.Lock()
	defer se.mu.Unlock()
	se.unpark()
	se.seq++
	se.notice = notice
	if notice == "" {
		se.notice = se.handle(a)
		se.probs = nil
	}
	wasTicking := se.playTimer != nil
	if se.playing && (!wasTicking || a.Kind == actionSpeed) {
		se.startTicker()
	} else if !se.playing {
		se.stopTicker()
	}
	if err := se.send(ctx); err != nil {
		return err
	}
	if notice == "" {
		se.srv.metrics.action(se.def.Name, time.Since(began))
	}
	return nil
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

// readLoop reads actions until the connection ends, and takes each one.
// Malformed messages and floods become notices; the session goes on.
func (se *session) readLoop(ctx context.Context) error {
	lim := rate.NewLimiter(ActionsPerSecond, ActionBurst)
	dropped := 0
	for {
		typ, b, err := se.conn.Read(ctx)
		if err != nil {
			return err
		}
		var a demos.Action
		var notice string
		switch {
		case !lim.Allow():
			dropped++
			se.srv.metrics.reject(rejectRate)
			if dropped > MaxDroppedActions {
				se.srv.metrics.reject(rejectFlood)
				se.conn.Close(websocket.StatusPolicyViolation, "too many actions")
				return errors.New("too many actions")
			}
			notice = fmt.Sprintf("Too many actions: at most %d a second. Some were dropped; the demo shows the last one taken.", ActionsPerSecond)
		case typ != websocket.MessageText:
			se.srv.metrics.reject(rejectBinary)
			notice = "That message was not understood: expected JSON text."
		default:
			dropped = 0
			a, err = decodeAction(b)
			if err != nil {
				se.srv.metrics.reject(rejectMalformed)
				notice = "That message was not understood: " + err.Error()
			}
		}
		if err := se.act(ctx, a, notice); err != nil {
			return err
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

// send writes the session's frame, bounded by WriteTimeout: a client that
// does not read is closed rather than queued for. The frame comes from the
// server's frame cache, rendered on a miss.
func (se *session) send(ctx context.Context) error {
	k := frameKey{demo: se.def.Name, query: se.st.Query().Encode(), link: linkShape(se.link),
		problems: joinProblems(se.probs), notice: se.notice, speed: se.speed, playing: se.playing}
	head, ok := se.srv.frames.get(k)
	if !ok {
		var err error
		if head, err = se.render(ctx, k.query); err != nil {
			return err
		}
		se.srv.frames.put(k, head)
	}
	b := make([]byte, 0, len(head)+24)
	b = append(b, head...)
	b = strconv.AppendInt(b, int64(se.seq), 10)
	b = append(b, '}')
	if se.room != nil {
		se.room.publish(b, k.query)
	}
	return se.srv.writeMsg(ctx, se.conn, b)
}

// seqTail is how a Frame marshalled with Seq 0 ends: its last field.
var seqTail = []byte(`"seq":0}`)

// render renders the live part into a Frame's JSON, up to its seq value.
func (se *session) render(ctx context.Context, query string) ([]byte, error) {
	l := live(se.def, se.st, se.probs, se.link, se.notice, se.playing, se.speed)
	var buf bytes.Buffer
	if err := templates.Live(l).Render(ctx, &buf); err != nil {
		return nil, err
	}
	f := Frame{Type: "frame", HTML: buf.String(), Query: query, Narration: l.Narration,
		Step: l.Step, Total: l.Total, Playing: se.playing}
	// Without HTML escaping: the page parses the JSON; escaping every '<'
	// as \u003c made frames a third larger and slower to encode.
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	b := bytes.TrimSuffix(out.Bytes(), []byte("\n"))
	if !bytes.HasSuffix(b, seqTail) {
		return nil, fmt.Errorf("a frame's JSON does not end with its seq: %.40q", b[max(0, len(b)-40):])
	}
	return b[:len(b)-2], nil
}
