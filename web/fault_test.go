package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/all"
)

// restartable is the real server on a loopback port that can be stopped
// (as SIGTERM does: sessions told "going away") and started again there.
type restartable struct {
	t    *testing.T
	addr string
	mu   sync.Mutex
	srv  *Server
	hs   *http.Server
}

func startRestartable(t *testing.T) *restartable {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &restartable{t: t, addr: ln.Addr().String()}
	r.serve(ln)
	t.Cleanup(r.stop)
	return r
}

func (r *restartable) serve(ln net.Listener) {
	srv := realServer(r.t)
	hs := &http.Server{Handler: srv, ErrorLog: slog.NewLogLogger(slog.NewTextHandler(io.Discard, nil), slog.LevelError)}
	r.mu.Lock()
	r.srv, r.hs = srv, hs
	r.mu.Unlock()
	go hs.Serve(ln)
}

func (r *restartable) stop() {
	r.mu.Lock()
	srv, hs := r.srv, r.hs
	r.srv, r.hs = nil, nil
	r.mu.Unlock()
	if hs == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	hs.Shutdown(ctx)
}

func (r *restartable) restart() {
	r.stop()
	var ln net.Listener
	var err error
	for range 100 {
		if ln, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		r.t.Error(err)
		return
	}
	r.serve(ln)
}

// faultActions are what the scripts are made of, per demo: steps, backs,
// resets, settings and actions that do not apply (their notice is part of
// the final frame too). Play is left out: it depends on the clock.
var faultActions = map[string][]demos.Action{
	"pod-spec": {{Kind: "step"}, {Kind: "step"}, {Kind: "back"}, {Kind: "click", Value: "spec.restartPolicy"},
		{Kind: "set", Key: "preset", Value: "sidecar"}, {Kind: "set", Key: "mode", Value: "edit"}, {Kind: "reset"},
		{Kind: "edit", Value: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n"}},
	"scheduler": {{Kind: "step"}, {Kind: "step"}, {Kind: "back"}, {Kind: "set", Key: "cpu", Value: "2"},
		{Kind: "cordon", Value: "node-2"}, {Kind: "set", Key: "seed", Value: "9"}, {Kind: "reset"}},
	"services": {{Kind: "step"}, {Kind: "step"}, {Kind: "back"}, {Kind: "send", Value: "1"},
		{Kind: "set", Key: "replicas", Value: "4"}, {Kind: "ready", Value: "10.1.0.3"}, {Kind: "clear"}},
	"rolling-update": {{Kind: "step"}, {Kind: "step"}, {Kind: "back"}, {Kind: "set", Key: "maxSurge", Value: "1"},
		{Kind: "undo"}, {Kind: "reset"}},
}

// script is a session's long sequence of actions, the same for a seed.
func script(demo string, seed uint64, n int) [][]byte {
	acts := faultActions[demo]
	if acts == nil {
		acts = []demos.Action{{Kind: "step"}, {Kind: "step"}, {Kind: "back"}, {Kind: "reset"}}
	}
	r := rand.New(rand.NewPCG(seed, 7))
	var out [][]byte
	for range n {
		b, _ := json.Marshal(acts[r.IntN(len(acts))])
		out = append(out, b)
	}
	return out
}

// faultClient plays a script as app.js does: it keeps the last query the
// server confirmed, and after any drop it reconnects with that URL and
// sends again the action that was not answered.
type faultClient struct {
	addr  string
	demo  string
	query string
	drop  float64 // chance of dropping the connection around an action
	r     *rand.Rand

	answered   *atomic.Int64 // actions answered, over every client of a run
	reconnects int
}

func (c *faultClient) dial(ctx context.Context) (*websocket.Conn, Frame, error) {
	page := "/demos/" + c.demo
	if c.query != "" {
		page += "?" + c.query
	}
	u := "ws://" + c.addr + "/ws/" + c.demo + "?page=" + url.QueryEscape(page)
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(dctx, u, nil)
	if err != nil {
		return nil, Frame{}, err
	}
	conn.SetReadLimit(8 << 20)
	f, err := readFrame(dctx, conn)
	if err != nil {
		conn.CloseNow()
		return nil, Frame{}, err
	}
	return conn, f, nil
}

func readFrame(ctx context.Context, conn *websocket.Conn) (Frame, error) {
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			return Frame{}, err
		}
		var f Frame
		if err := json.Unmarshal(b, &f); err != nil {
			return Frame{}, err
		}
		if f.Type == "frame" {
			return f, nil
		}
	}
}

// run plays the script and returns the final frame.
func (c *faultClient) run(ctx context.Context, steps [][]byte) (Frame, error) {
	var conn *websocket.Conn
	defer func() {
		if conn != nil {
			conn.CloseNow()
		}
	}()
	var last Frame
	sent := 0 // actions sent on this connection: the server's seq
	for i := 0; i < len(steps); {
		if ctx.Err() != nil {
			return last, fmt.Errorf("action %d of %d: %w", i, len(steps), ctx.Err())
		}
		if conn == nil {
			var err error
			conn, last, err = c.dial(ctx)
			if err != nil {
				time.Sleep(10 * time.Millisecond) // restarting: try again
				continue
			}
			sent = 0
		}
		drop := func() {
			conn.CloseNow()
			conn = nil
			c.reconnects++
		}
		if c.r.Float64() < c.drop/2 {
			drop() // the network drops before the action leaves
			continue
		}
		wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := conn.Write(wctx, websocket.MessageText, steps[i])
		cancel()
		if err != nil {
			drop()
			continue
		}
		sent++
		if c.r.Float64() < c.drop/2 {
			drop() // the network drops before the frame comes back
			continue
		}
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		f, err := readFrame(rctx, conn)
		cancel()
		if err != nil {
			drop()
			continue
		}
		if f.Seq != sent {
			return f, fmt.Errorf("frame seq %d after %d actions on this connection", f.Seq, sent)
		}
		last, c.query = f, f.Query
		i++
		if c.answered != nil {
			c.answered.Add(1)
		}
	}
	return last, nil
}

// TestFaultsLoseNothing runs many sessions through long scripts twice: once
// undisturbed, once while connections drop at random and the server
// restarts every few hundred milliseconds. Each session must end in the
// same state (the same query and the same HTML): nothing lost, nothing
// applied twice.
func TestFaultsLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault run takes a few seconds")
	}
	const sessions, actions = 16, 40 // kept small: with -race on 2 cores each action of the heavier demos takes tens of ms
	type result struct {
		f          Frame
		reconnects int
		err        error
	}
	var names []string
	for _, d := range all.Demos() {
		names = append(names, d.Name)
	}
	var answered atomic.Int64
	play := func(addr string, drop float64) []result {
		ctx, cancel := context.WithTimeout(t.Context(), 180*time.Second)
		defer cancel()
		res := make([]result, sessions)
		var wg sync.WaitGroup
		for i := range sessions {
			wg.Go(func() {
				demo := names[i%len(names)]
				c := &faultClient{addr: addr, demo: demo, drop: drop, r: rand.New(rand.NewPCG(uint64(i), 99)), answered: &answered}
				f, err := c.run(ctx, script(demo, uint64(i), actions))
				res[i] = result{f, c.reconnects, err}
			})
		}
		wg.Wait()
		return res
	}

	calm := startRestartable(t)
	want := play(calm.addr, 0)
	calm.stop()

	stormy := startRestartable(t)
	stop := make(chan struct{})
	restarts := 0
	var chaos sync.WaitGroup
	answered.Store(0)
	chaos.Go(func() {
		// A bounded number of restarts, spread over the run by its progress
		// (not the clock: a fast server would finish before the restarts),
		// so that the sessions finish on a busy machine too; drops go on to
		// the end.
		const maxRestarts = 12
		every := int64(sessions * actions / (maxRestarts + 2))
		for restarts < maxRestarts {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				if answered.Load() >= every*int64(restarts+1) {
					stormy.restart()
					restarts++
				}
			}
		}
	})
	got := play(stormy.addr, 0.15)
	close(stop)
	chaos.Wait()

	reconnects := 0
	for i := range sessions {
		w, g := want[i], got[i]
		if w.err != nil || g.err != nil {
			t.Errorf("session %d: calm run: %v; stormy run: %v", i, w.err, g.err)
			continue
		}
		reconnects += g.reconnects
		if g.f.Query != w.f.Query || g.f.HTML != w.f.HTML {
			t.Errorf("session %d (%s): after faults the state is %q, without faults %q (HTML equal: %v)",
				i, names[i%len(names)], g.f.Query, w.f.Query, g.f.HTML == w.f.HTML)
		}
	}
	t.Logf("%d sessions × %d actions; %d server restarts, %d reconnects", sessions, actions, restarts, reconnects)
	if restarts < 3 || reconnects == 0 {
		t.Error("no faults happened: the test tested nothing")
	}
}
