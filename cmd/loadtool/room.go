package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// runRoom measures a classroom room's fan-out (web/room.go): one presenter
// and -room-followers followers on one demo; the presenter steps
// -room-steps times, -room-interval apart, and for every follower and step
// the tool records the time from the presenter sending the action to the
// follower receiving that frame. A follower that never gets a step's frame
// (latest wins: it got a later one instead) counts as skipped, not as an
// error.
func runRoom(c config, base string) error {
	res, err := http.Post(base+"/rooms?demo="+url.QueryEscape(c.demos[0]), "", nil)
	if err != nil {
		return err
	}
	var room struct{ Code, Token string }
	err = json.NewDecoder(res.Body).Decode(&room)
	res.Body.Close()
	if err != nil || room.Code == "" {
		return fmt.Errorf("open a room: %v (status %d)", err, res.StatusCode)
	}
	ws := "ws" + strings.TrimPrefix(base, "http") + "/ws/" + c.demos[0] + "?page=" + url.QueryEscape("/demos/"+c.demos[0]) + "&room=" + room.Code
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	type arrival struct {
		seq int
		at  time.Time
	}
	n := c.roomFollowers
	got := make([][]arrival, n)
	var wg sync.WaitGroup
	var dialErrs int
	var mu sync.Mutex
	conns := make([]*websocket.Conn, 0, n)
	t0 := time.Now()
	for i := range n {
		fc, _, err := websocket.Dial(ctx, ws, nil)
		if err != nil {
			dialErrs++
			continue
		}
		fc.SetReadLimit(8 << 20)
		conns = append(conns, fc)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, b, err := fc.Read(ctx)
				if err != nil {
					return
				}
				at := time.Now()
				if s, ok := frameSeq(b); ok {
					mu.Lock()
					got[i] = append(got[i], arrival{s, at})
					mu.Unlock()
				}
			}
		}()
	}
	fmt.Printf("room          %s: %d followers connected in %v (%d failed)\n", room.Code, len(conns), time.Since(t0).Round(time.Millisecond), dialErrs)

	pc, _, err := websocket.Dial(ctx, ws+"&token="+room.Token, nil)
	if err != nil {
		return fmt.Errorf("presenter: %v", err)
	}
	pc.SetReadLimit(8 << 20)
	presenterFrames := make(chan int, 64)
	go func() {
		for {
			_, b, err := pc.Read(ctx)
			if err != nil {
				close(presenterFrames)
				return
			}
			if s, ok := frameSeq(b); ok {
				presenterFrames <- s
			}
		}
	}()
	<-presenterFrames // the presenter's first frame (seq 0)
	time.Sleep(c.settle)

	sent := map[int]time.Time{}
	actions := []string{`{"a":"step"}`, `{"a":"back"}`}
	for k := 1; k <= c.roomSteps; k++ {
		sent[k] = time.Now()
		if err := pc.Write(ctx, websocket.MessageText, []byte(actions[k%2])); err != nil {
			return err
		}
		for s := range presenterFrames {
			if s == k {
				break
			}
		}
		time.Sleep(c.roomInterval)
	}
	time.Sleep(2 * time.Second) // let the last frames arrive
	for _, fc := range conns {
		fc.CloseNow()
	}
	pc.CloseNow()
	wg.Wait()

	var lat []time.Duration
	skipped := 0
	for i := range got {
		seen := map[int]bool{}
		for _, a := range got[i] {
			if t, ok := sent[a.seq]; ok && !seen[a.seq] {
				seen[a.seq] = true
				lat = append(lat, a.at.Sub(t))
			}
		}
		if i < len(conns) {
			skipped += c.roomSteps - len(seen)
		}
	}
	slices.Sort(lat)
	if len(lat) == 0 {
		return fmt.Errorf("no follower received a frame")
	}
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("fan-out       %d frames to %d followers over %d steps: p50 %v  p95 %v  p99 %v  max %v; %d skipped (latest wins)\n",
		len(lat), len(conns), c.roomSteps, q(0.50).Round(time.Microsecond), q(0.95).Round(time.Microsecond),
		q(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond), skipped)
	return nil
}
