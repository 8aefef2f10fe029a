package web

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"rsc.io/qr"
)

// Classroom rooms: a presenter's session drives one demo and every follower
// sees each frame it sends. Fan-out never blocks on a follower: each has a
// one-frame slot that the next frame replaces, so a slow follower gets the
// latest state, not a queue (coder/websocket's chat example, with
// latest-wins instead of dropping the subscriber).
const (
	// RoomCodeLength characters from roomAlphabet: 28^8 ≈ 3.8e11 codes, and
	// joining is refused for codes that are not open, so codes cannot be
	// guessed in any useful time.
	RoomCodeLength = 8
	// MaxRooms and MaxFollowers bound what rooms can hold.
	MaxRooms     = 1000
	MaxFollowers = 5000
	// RoomGrace is how long a room outlives its presenter's connection
	// (a reload, a flaky network) before it ends.
	RoomGrace = 2 * time.Minute
)

// roomAlphabet has no vowels (no words) and no look-alikes (0/O, 1/I/L).
const roomAlphabet = "BCDFGHJKMNPQRSTVWXZ23456789"

type room struct {
	code  string
	token string // the presenter's secret
	demo  string

	mu        sync.Mutex
	latest    []byte // the last frame, for followers who join now
	query     string // the presenter's demo query
	followers map[*follower]struct{}
	counts    chan int // to the presenter's session: the follower count, latest wins
	presenter int      // presenter connections open
	endTimer  *time.Timer
	ended     bool
	done      chan struct{} // closed when the room ends
}

type follower struct {
	frames chan []byte // capacity 1: the latest frame not yet written
}

// roomInfo is what the server tells a room's page about the room.
type roomInfo struct {
	Type      string `json:"t"` // "room"
	Code      string `json:"code"`
	Role      string `json:"role"` // "presenter" or "follower"
	Followers int    `json:"followers"`
	JoinURL   string `json:"join"`
	Ended     bool   `json:"ended,omitempty"`
}

func newCode(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = roomAlphabet[int(b[i])%len(roomAlphabet)]
	}
	return string(b)
}

// createRoom is POST /rooms?demo=NAME: it opens a room and returns its code
// and the presenter's token as JSON.
func (s *Server) createRoom(w http.ResponseWriter, r *http.Request) {
	d, ok := s.demos[r.URL.Query().Get("demo")]
	if !ok {
		http.Error(w, "unknown demo", http.StatusNotFound)
		return
	}
	s.roomsMu.Lock()
	if len(s.rooms) >= MaxRooms {
		s.roomsMu.Unlock()
		http.Error(w, "too many rooms are open; try again later", http.StatusServiceUnavailable)
		return
	}
	rm := &room{demo: d.Name, token: newCode(32), followers: map[*follower]struct{}{},
		counts: make(chan int, 1), done: make(chan struct{})}
	for {
		rm.code = newCode(RoomCodeLength)
		if _, taken := s.rooms[rm.code]; !taken {
			break
		}
	}
	s.rooms[rm.code] = rm
	// A room nobody presents in ends after the grace period.
	rm.endTimer = time.AfterFunc(RoomGrace, func() { s.endRoom(rm) })
	s.roomsMu.Unlock()
	s.log.Info("room opened", "room", rm.code, "demo", d.Name)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]string{"code": rm.code, "token": rm.token, "join": "/r/" + rm.code})
}

func (s *Server) room(code string) *room {
	code = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))
	s.roomsMu.Lock()
	defer s.roomsMu.Unlock()
	return s.rooms[code]
}

func (s *Server) endRoom(rm *room) {
	s.roomsMu.Lock()
	delete(s.rooms, rm.code)
	s.roomsMu.Unlock()
	rm.mu.Lock()
	if !rm.ended {
		rm.ended = true
		close(rm.done)
	}
	rm.mu.Unlock()
	s.log.Info("room ended", "room", rm.code)
}

// joinRoom is GET /r/{code}: it sends a follower to the room's demo page in
// the presenter's current state.
func (s *Server) joinRoom(w http.ResponseWriter, r *http.Request) error {
	rm := s.room(r.PathValue("code"))
	if rm == nil {
		return httpError{http.StatusNotFound, fmt.Sprintf("There is no open room %q. Check the code; a room ends when its presenter has been gone for %v.",
			r.PathValue("code"), RoomGrace)}
	}
	rm.mu.Lock()
	q := rm.query
	rm.mu.Unlock()
	target := "/demos/" + rm.demo + "?room=" + rm.code
	if q != "" {
		target += "&" + q
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// roomQR is GET /r/{code}/qr.svg: the join link as a QR code, drawn as SVG
// on the server so nothing is loaded from elsewhere.
func (s *Server) roomQR(w http.ResponseWriter, r *http.Request) error {
	rm := s.room(r.PathValue("code"))
	if rm == nil {
		return errNotFound
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	c, err := qr.Encode(scheme+"://"+r.Host+"/r/"+rm.code, qr.M)
	if err != nil {
		return err
	}
	var b strings.Builder
	const quiet = 4
	n := c.Size + 2*quiet
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR code for room %s"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n, rm.code, n, n)
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if c.Black(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(b.String()))
	return nil
}

// presenterJoined and presenterLeft keep the room alive while its presenter
// is connected, and end it RoomGrace after the last presenter connection.
func (s *Server) presenterJoined(rm *room) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	rm.presenter++
	if rm.endTimer != nil {
		rm.endTimer.Stop()
		rm.endTimer = nil
	}
}

func (s *Server) presenterLeft(rm *room) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	rm.presenter--
	if rm.presenter == 0 && !rm.ended {
		rm.endTimer = time.AfterFunc(RoomGrace, func() { s.endRoom(rm) })
	}
}

// publish hands a presenter's frame to every follower without waiting.
func (rm *room) publish(frame []byte, query string) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	rm.latest, rm.query = frame, query
	for f := range rm.followers {
		offerLatest(f.frames, frame)
	}
}

// offerLatest puts v in a one-slot channel, replacing what is there.
func offerLatest[T any](ch chan T, v T) {
	for {
		select {
		case ch <- v:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}

func (rm *room) addFollower(f *follower) (int, error) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	if rm.ended {
		return 0, errors.New("the room has ended")
	}
	if len(rm.followers) >= MaxFollowers {
		return 0, fmt.Errorf("the room is full (%d followers)", MaxFollowers)
	}
	rm.followers[f] = struct{}{}
	if rm.latest != nil {
		offerLatest(f.frames, rm.latest)
	}
	offerLatest(rm.counts, len(rm.followers))
	return len(rm.followers), nil
}

func (rm *room) removeFollower(f *follower) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	delete(rm.followers, f)
	offerLatest(rm.counts, len(rm.followers))
}

// follow runs a follower's connection: it writes the room's frames and
// answers anything the follower sends with a notice, since a follower
// cannot drive the room.
func (s *Server) follow(ctx context.Context, c *websocket.Conn, rm *room) error {
	f := &follower{frames: make(chan []byte, 1)}
	n, err := rm.addFollower(f)
	if err != nil {
		c.Close(websocket.StatusTryAgainLater, err.Error())
		return nil
	}
	defer rm.removeFollower(f)
	info, _ := json.Marshal(roomInfo{Type: "room", Code: rm.code, Role: "follower", Followers: n, JoinURL: "/r/" + rm.code})
	if err := s.writeMsg(ctx, c, info); err != nil {
		return err
	}
	// The reader ends the follower when its connection does.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	refused := make(chan struct{}, 1)
	go func() {
		defer cancel()
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
			offerLatest(refused, struct{}{})
		}
	}()
	notice, _ := json.Marshal(map[string]string{"t": "notice",
		"message": "You are following the presenter, who drives this demo. Press D to explore on your own."})
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-rm.done:
			c.Close(websocket.StatusNormalClosure, "room ended")
			return nil
		case b := <-f.frames:
			if err := s.writeMsg(ctx, c, b); err != nil {
				return err
			}
		case <-refused:
			if err := s.writeMsg(ctx, c, notice); err != nil {
				return err
			}
		}
	}
}

func (s *Server) writeMsg(ctx context.Context, c *websocket.Conn, b []byte) error {
	wctx, cancel := context.WithTimeout(ctx, s.writeTimeout)
	defer cancel()
	return c.Write(wctx, websocket.MessageText, b)
}

// presenterRoomInfo is the message that tells a presenter the follower count.
func presenterRoomInfo(rm *room, n int) []byte {
	b, _ := json.Marshal(roomInfo{Type: "room", Code: rm.code, Role: "presenter", Followers: n, JoinURL: "/r/" + rm.code})
	return b
}
