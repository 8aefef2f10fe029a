// Command loadtool opens many real WebSocket sessions against a kubeviz
// server on this machine, drives them with a learner's mix of actions at a
// given rate for a bounded time, and prints action-to-frame latency, errors,
// and the server's CPU and resident memory per session.
//
// It refuses any address that is not loopback: load is only ever aimed at
// this machine.
//
//	go build -o /tmp/kubeviz ./cmd/server && go run ./cmd/loadtool -server /tmp/kubeviz -sessions 10000 -rate 0
//	go run ./cmd/loadtool -server /tmp/kubeviz -sessions 2000 -rate 1 -duration 60s
//	go run ./cmd/loadtool -server /tmp/kubeviz -startup-runs 20
//	go run ./cmd/loadtool -addr 127.0.0.1:8080 -pid $(pgrep -n server) -sessions 100
//
// See docs/performance.md for the numbers measured with it.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

type config struct {
	addr        string
	server      string
	serverArgs  string
	pid         int
	sessions    int
	rate        float64
	duration    time.Duration
	connectRate int
	settle      time.Duration
	demos       []string
	timeout     time.Duration
	startupRuns int
	seed        uint64

	roomFollowers int           // >0: measure a room's fan-out instead (room.go)
	roomSteps     int           // presenter steps in the room run
	roomInterval  time.Duration // between presenter steps
}

func main() {
	var c config
	var demoList string
	flag.StringVar(&c.addr, "addr", "127.0.0.1:18080", "server address (loopback only)")
	flag.StringVar(&c.server, "server", "", "server binary to start as a child on -addr (else measure an already running one, see -pid)")
	flag.StringVar(&c.serverArgs, "server-args", "-log-level=warn", "extra arguments for -server, space-separated")
	flag.IntVar(&c.pid, "pid", 0, "pid of an already running server, for its CPU and memory (with -server: the child)")
	flag.IntVar(&c.sessions, "sessions", 100, "WebSocket sessions to open")
	flag.Float64Var(&c.rate, "rate", 1, "actions a second per session (0: connect and stay idle)")
	flag.DurationVar(&c.duration, "duration", 30*time.Second, "how long to act (or, with -rate 0, to stay connected), at most 10m")
	flag.IntVar(&c.connectRate, "connect-rate", 1000, "new sessions a second while connecting")
	flag.DurationVar(&c.settle, "settle", 3*time.Second, "wait after connecting before measuring")
	flag.StringVar(&demoList, "demos", "pod-spec,scheduler,services,rolling-update", "demo pages to spread sessions over, comma-separated")
	flag.DurationVar(&c.timeout, "timeout", 10*time.Second, "an action with no frame after this is an error")
	flag.IntVar(&c.startupRuns, "startup-runs", 0, "only measure -server's start-to-ready time, this many times")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the action mix")
	flag.IntVar(&c.roomFollowers, "room-followers", 0, "measure a classroom room instead: this many followers of one presenter on the first of -demos")
	flag.IntVar(&c.roomSteps, "room-steps", 50, "with -room-followers: presenter steps")
	flag.DurationVar(&c.roomInterval, "room-interval", 200*time.Millisecond, "with -room-followers: time between presenter steps")
	flag.Parse()
	for _, d := range strings.Split(demoList, ",") {
		if d = strings.TrimSpace(d); d != "" {
			c.demos = append(c.demos, d)
		}
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "loadtool:", err)
		os.Exit(1)
	}
}

// checkLoopback refuses any address whose host is not a loopback address.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %v", addr, err)
	}
	var ips []net.IP
	if ip := net.ParseIP(host); ip != nil {
		ips = []net.IP{ip}
	} else if host == "localhost" {
		ips, err = net.LookupIP(host)
		if err != nil {
			return err
		}
	}
	if len(ips) == 0 {
		return fmt.Errorf("-addr %q: give a loopback IP (127.0.0.1, [::1]) or localhost", addr)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("-addr %q resolves to %s, which is not loopback: this tool only loads this machine", addr, ip)
		}
	}
	return nil
}

// raiseFileLimit lifts the soft open-file limit to the hard one: each
// session is one socket here (and one in the server, a child inheriting it).
func raiseFileLimit(need int) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	if uint64(need) > lim.Cur {
		fmt.Fprintf(os.Stderr, "loadtool: warning: open-file limit %d is below %d sessions plus headroom\n", lim.Cur, need)
	}
}

func run(c config) error {
	if err := checkLoopback(c.addr); err != nil {
		return err
	}
	if c.duration > 10*time.Minute {
		return errors.New("-duration is at most 10m")
	}
	if c.sessions < 0 || c.sessions > 20000 {
		return errors.New("-sessions is 0 to 20000")
	}
	raiseFileLimit(c.sessions + 256)
	base := "http://" + c.addr

	if c.startupRuns > 0 {
		return measureStartup(c, base)
	}
	if c.server != "" {
		cmd, ready, err := startServer(c, base)
		if err != nil {
			return err
		}
		defer stopServer(cmd)
		c.pid = cmd.Process.Pid
		fmt.Printf("server        pid %d, ready %v after start\n", c.pid, ready.Round(time.Microsecond))
	} else if err := waitReady(base, 5*time.Second); err != nil {
		return err
	}
	if c.roomFollowers > 0 {
		raiseFileLimit(c.roomFollowers + 256)
		return runRoom(c, base)
	}
	var before procStat
	if c.pid != 0 {
		var err error
		if before, err = readProc(c.pid); err != nil {
			return err
		}
		fmt.Printf("server        before: RSS %.1f MiB, %d threads\n", mib(before.rssKiB), before.threads)
	}

	l := &load{cfg: c, base: base, errs: map[string]int{}}
	start := time.Now()
	l.connect()
	fmt.Printf("connected     %d of %d sessions in %v (%d errors)\n", l.open.Load(), c.sessions, time.Since(start).Round(time.Millisecond), l.errCount())
	time.Sleep(c.settle)
	connected := procStat{}
	if c.pid != 0 {
		connected, _ = readProc(c.pid)
		per := float64(connected.rssKiB-before.rssKiB) / float64(max(l.open.Load(), 1))
		fmt.Printf("server idle   RSS %.1f MiB (+%.1f MiB), %.1f KiB per session, %d threads\n",
			mib(connected.rssKiB), mib(connected.rssKiB-before.rssKiB), per, connected.threads)
	}
	printGoMemory(base, l.open.Load())

	self0, _ := readProc(os.Getpid())
	t0 := time.Now()
	l.act()
	wall := time.Since(t0)
	self1, _ := readProc(os.Getpid())

	if c.pid != 0 {
		after, _ := readProc(c.pid)
		cores := float64(after.cpuTicks-connected.cpuTicks) / clockTicks / wall.Seconds()
		n := float64(max(l.open.Load(), 1))
		fmt.Printf("server        CPU %.2f cores over %v (%.3f%% of a core per session); RSS %.1f MiB (%.1f KiB per session), peak %.1f MiB\n",
			cores, wall.Round(time.Millisecond), 100*cores/n, mib(after.rssKiB), float64(after.rssKiB-before.rssKiB)/n, mib(after.hwmKiB))
	}
	fmt.Printf("loadtool      CPU %.2f cores (it shares the machine with the server)\n",
		float64(self1.cpuTicks-self0.cpuTicks)/clockTicks/wall.Seconds())
	if c.rate > 0 {
		printCaches(base)
	}
	l.report(wall)
	l.closeAll()
	if n := l.errCount(); n > 0 {
		return fmt.Errorf("%d errors", n)
	}
	return nil
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

func serverCmd(c config) *exec.Cmd {
	args := []string{"-addr", c.addr}
	args = append(args, strings.Fields(c.serverArgs)...)
	cmd := exec.Command(c.server, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd
}

// startServer starts the server and returns how long it took from exec to
// its first 200 on /readyz.
func startServer(c config, base string) (*exec.Cmd, time.Duration, error) {
	if resp, err := http.Get(base + "/readyz"); err == nil {
		resp.Body.Close()
		return nil, 0, fmt.Errorf("something already answers on %s", c.addr)
	}
	cmd := serverCmd(c)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	if err := waitReady(base, 10*time.Second); err != nil {
		stopServer(cmd)
		return nil, 0, err
	}
	return cmd, time.Since(t0), nil
}

func stopServer(cmd *exec.Cmd) {
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

func waitReady(base string, within time.Duration) error {
	cl := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(within)
	for {
		resp, err := cl.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("server at %s not ready after %v (%v)", base, within, err)
		}
		time.Sleep(500 * time.Microsecond)
	}
}

// measureStartup starts and stops the server startupRuns times and prints
// the distribution of exec-to-ready times.
func measureStartup(c config, base string) error {
	if c.server == "" {
		return errors.New("-startup-runs needs -server")
	}
	var ds []time.Duration
	for range c.startupRuns {
		cmd, d, err := startServer(c, base)
		if err != nil {
			return err
		}
		stopServer(cmd)
		ds = append(ds, d)
	}
	slices.Sort(ds)
	fmt.Printf("start-to-ready over %d runs: min %v  p50 %v  max %v\n", len(ds),
		ds[0].Round(time.Microsecond), ds[len(ds)/2].Round(time.Microsecond), ds[len(ds)-1].Round(time.Microsecond))
	return nil
}

type load struct {
	cfg  config
	base string

	mu    sync.Mutex
	sess  []*sess
	errs  map[string]int
	open  atomic.Int64
	lat   []time.Duration
	when  []time.Time // when each of lat's actions was sent
	nacts atomic.Int64
}

type sess struct {
	demo string
	conn *websocket.Conn

	mu      sync.Mutex
	pending []time.Time // send times of actions not yet answered, in order
	sent    int         // actions sent: the server's seq counts the same
	done    chan struct{}
}

func (l *load) fail(kind string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := kind
	if err != nil {
		msg := err.Error()
		if cs := websocket.CloseStatus(err); cs != -1 {
			msg = "close " + cs.String()
		}
		msg = addrPort.ReplaceAllString(msg, "…") // one line per kind, not per socket
		if len(msg) > 80 {
			msg = msg[:80]
		}
		k += ": " + msg
	}
	l.errs[k]++
}

var addrPort = regexp.MustCompile(`[0-9.]+:[0-9]+->[0-9.]+:[0-9]+`)

func (l *load) errCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, v := range l.errs {
		n += v
	}
	return n
}

// connect opens the sessions at connectRate a second, each on its demo's
// page, and waits for each one's first frame.
func (l *load) connect() {
	var wg sync.WaitGroup
	every := time.Second / time.Duration(max(l.cfg.connectRate, 1))
	tick := time.NewTicker(every)
	defer tick.Stop()
	sem := make(chan struct{}, 256) // dials in flight
	for i := range l.cfg.sessions {
		<-tick.C
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			l.dial(l.cfg.demos[i%len(l.cfg.demos)])
		}()
	}
	wg.Wait()
}

var dialer = &http.Client{Transport: &http.Transport{
	DialContext:       (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
	DisableKeepAlives: true,
}}

func (l *load) dial(demo string) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	page := "/demos/" + demo
	u := "ws" + strings.TrimPrefix(l.base, "http") + "/ws/" + demo + "?page=" + url.QueryEscape(page)
	c, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPClient: dialer})
	if err != nil {
		l.fail("dial", err)
		return
	}
	c.SetReadLimit(8 << 20)
	if _, _, err := c.Read(ctx); err != nil {
		l.fail("first frame", err)
		c.CloseNow()
		return
	}
	s := &sess{demo: demo, conn: c, done: make(chan struct{})}
	l.mu.Lock()
	l.sess = append(l.sess, s)
	l.mu.Unlock()
	l.open.Add(1)
	go l.readLoop(s)
}

var seqKey = []byte(`"seq":`)

// frameSeq reads a frame's seq without decoding its HTML: it is the last
// field of web.Frame.
func frameSeq(b []byte) (int, bool) {
	if !bytes.HasPrefix(b, []byte(`{"t":"frame"`)) {
		return 0, false
	}
	i := bytes.LastIndex(b, seqKey)
	if i < 0 {
		return 0, false
	}
	rest := b[i+len(seqKey):]
	j := bytes.IndexAny(rest, ",}")
	if j < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(string(rest[:j]))
	return n, err == nil
}

func (l *load) readLoop(s *sess) {
	defer close(s.done)
	last := 0
	for {
		_, b, err := s.conn.Read(context.Background())
		if err != nil {
			select {
			case <-closing:
			default:
				l.fail("read", err)
			}
			return
		}
		now := time.Now()
		seq, ok := frameSeq(b)
		if !ok {
			l.fail("bad frame", fmt.Errorf("%.60s", b))
			continue
		}
		if seq == last {
			continue // a frame of its own (play), not an answer
		}
		s.mu.Lock()
		answered := seq - last
		if answered > len(s.pending) {
			s.mu.Unlock()
			l.fail("seq", fmt.Errorf("frame seq %d, but only %d actions were sent", seq, s.sent))
			continue
		}
		var ds []time.Duration
		ts := slices.Clone(s.pending[:answered])
		for _, t := range ts {
			ds = append(ds, now.Sub(t))
		}
		s.pending = s.pending[answered:]
		s.mu.Unlock()
		last = seq
		l.mu.Lock()
		l.lat = append(l.lat, ds...)
		l.when = append(l.when, ts...)
		l.mu.Unlock()
	}
}

var closing = make(chan struct{})

// act drives every session for the duration: each sends an action at
// random times (a Poisson process of the given rate, as independent people
// clicking would) and the read loop times the answer.
func (l *load) act() {
	if l.cfg.rate <= 0 {
		time.Sleep(l.cfg.duration)
		return
	}
	end := time.Now().Add(l.cfg.duration)
	var wg sync.WaitGroup
	l.mu.Lock()
	all := slices.Clone(l.sess)
	l.mu.Unlock()
	for i, s := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(l.cfg.seed, uint64(i)))
			for {
				wait := time.Duration(r.ExpFloat64() / l.cfg.rate * float64(time.Second))
				if time.Now().Add(wait).After(end) {
					return
				}
				time.Sleep(wait)
				msg := pick(r, s.demo)
				s.mu.Lock()
				s.pending = append(s.pending, time.Now())
				s.sent++
				s.mu.Unlock()
				ctx, cancel := context.WithTimeout(context.Background(), l.cfg.timeout)
				err := s.conn.Write(ctx, websocket.MessageText, msg)
				cancel()
				if err != nil {
					l.fail("write", err)
					return
				}
				l.nacts.Add(1)
			}
		}()
	}
	wg.Wait()
	// Wait for the last answers, then count what never came as errors.
	deadline := time.Now().Add(l.cfg.timeout)
	for _, s := range all {
		for {
			s.mu.Lock()
			n := len(s.pending)
			s.mu.Unlock()
			if n == 0 || time.Now().After(deadline) {
				if n > 0 {
					l.fail("no frame within -timeout", nil)
				}
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func (l *load) closeAll() {
	close(closing)
	l.mu.Lock()
	all := slices.Clone(l.sess)
	l.mu.Unlock()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 512)
	for _, s := range all {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s.conn.Close(websocket.StatusNormalClosure, "")
			<-s.done
		}()
	}
	wg.Wait()
}

func (l *load) report(wall time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cfg.rate > 0 {
		lat := slices.Clone(l.lat)
		slices.Sort(lat)
		fmt.Printf("actions       %d sent, %d answered, %.0f a second\n", l.nacts.Load(), len(lat), float64(len(lat))/wall.Seconds())
		if len(lat) > 0 {
			q := func(p float64) time.Duration {
				return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(10 * time.Microsecond)
			}
			fmt.Printf("latency       p50 %v  p95 %v  p99 %v  max %v (action sent to its frame read)\n",
				q(0.50), q(0.95), q(0.99), lat[len(lat)-1].Round(10*time.Microsecond))
			l.printWindows()
		}
	}
	if len(l.errs) == 0 {
		fmt.Println("errors        0")
		return
	}
	keys := make([]string, 0, len(l.errs))
	for k := range l.errs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Printf("errors        %6d  %s\n", l.errs[k], k)
	}
}

// printWindows prints the p99 of the actions sent in each 10 s of the
// run: a disturbance (another process taking the cores) shows as a window
// of its own.
func (l *load) printWindows() {
	if len(l.when) == 0 {
		return
	}
	t0 := slices.MinFunc(l.when, func(a, b time.Time) int { return a.Compare(b) })
	var wins [][]time.Duration
	for i, t := range l.when {
		w := int(t.Sub(t0) / (10 * time.Second))
		for len(wins) <= w {
			wins = append(wins, nil)
		}
		wins[w] = append(wins[w], l.lat[i])
	}
	var b strings.Builder
	for i, w := range wins {
		if len(w) == 0 {
			continue
		}
		slices.Sort(w)
		fmt.Fprintf(&b, " %ds:%v", i*10, w[min(len(w)-1, len(w)*99/100)].Round(100*time.Microsecond))
	}
	fmt.Printf("p99 by 10 s  %s\n", b.String())
}

// serverMetrics reads the server's /metrics as name{labels} → value.
func serverMetrics(base string) map[string]float64 {
	v := map[string]float64{}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return v
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		i := strings.LastIndexByte(line, ' ')
		if i < 0 || strings.HasPrefix(line, "#") {
			continue
		}
		if f, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
			v[line[:i]] = f
		}
	}
	return v
}

// printCaches prints the server's frame and link cache hits, and its own
// account of an action's time (read to frame written, from the
// kubeviz_action_duration_seconds histogram, all demos).
func printCaches(base string) {
	v := serverMetrics(base)
	buckets := map[float64]float64{}
	for k, n := range v {
		if !strings.HasPrefix(k, "kubeviz_action_duration_seconds_bucket{") {
			continue
		}
		i := strings.Index(k, `le="`)
		if i < 0 {
			continue
		}
		le, err := strconv.ParseFloat(strings.TrimSuffix(k[i+4:], `"}`), 64)
		if err == nil {
			buckets[le] += n
		}
	}
	les := slices.Sorted(maps.Keys(buckets))
	if len(les) > 0 && buckets[les[len(les)-1]] > 0 {
		total := buckets[les[len(les)-1]]
		for i, le := range les {
			if buckets[le] >= 0.99*total {
				bound := fmt.Sprintf("≤ %v", time.Duration(le*float64(time.Second)))
				if math.IsInf(le, 1) && i > 0 {
					bound = fmt.Sprintf("> %v", time.Duration(les[i-1]*float64(time.Second)))
				}
				fmt.Printf("server side   p99 %s (read to frame written, %.0f actions)\n", bound, total)
				break
			}
		}
	}
	for _, c := range []struct{ name, metric string }{{"frames", "kubeviz_frame_cache_total"}, {"links", "kubeviz_link_cache_total"}} {
		hit, miss := v[c.metric+`{result="hit"}`], v[c.metric+`{result="miss"}`]
		if hit+miss > 0 {
			fmt.Printf("server cache  %s: %.0f hits, %.0f misses (%.1f%% hits)\n", c.name, hit, miss, 100*hit/(hit+miss))
		}
	}
}

// printGoMemory reads the server's own account of its memory from /metrics:
// the live heap after the last GC's sweep, and goroutine stacks.
func printGoMemory(base string, sessions int64) {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	v := map[string]float64{}
	for _, line := range strings.Split(string(b), "\n") {
		k, val, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(k, "#") {
			continue
		}
		f, err := strconv.ParseFloat(val, 64)
		if err == nil {
			v[k] = f
		}
	}
	heap, stacks := v["go_memstats_heap_alloc_bytes"], v["go_memstats_stack_inuse_bytes"]
	if heap == 0 {
		return
	}
	n := float64(max(sessions, 1))
	fmt.Printf("server Go     heap %.1f MiB, stacks %.1f MiB, %.0f goroutines: %.1f KiB heap + %.1f KiB stacks per session\n",
		heap/(1<<20), stacks/(1<<20), v["go_goroutines"], heap/1024/n, stacks/1024/n)
}
