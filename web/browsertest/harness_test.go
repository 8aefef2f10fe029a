package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kubeviz/kubeviz/demos/all"
	"github.com/kubeviz/kubeviz/web"
	"github.com/kubeviz/kubeviz/web/templates"
)

//go:embed testdata/axe-core/axe.min.js
var axeSource string

var (
	browserCtx context.Context // one browser for the package; a tab per test
	skipReason string
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	exe := findChromium()
	if exe == "" {
		skipReason = "Chromium not found (apt-get install chromium, or set CHROMIUM=/path): browser tests skipped"
		if os.Getenv("KUBEVIZ_BROWSER_TESTS") == "required" {
			fmt.Fprintln(os.Stderr, "KUBEVIZ_BROWSER_TESTS=required but", skipReason)
			return 1
		}
		fmt.Fprintln(os.Stderr, skipReason)
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "kubeviz-chromium-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // start the browser, with no timeout
		fmt.Fprintln(os.Stderr, "starting Chromium:", err)
		return 1
	}
	browserCtx = ctx
	return m.Run()
}

func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// testServer is the real server (every demo, the real course) on a
// loopback port that can be stopped and started again at the same address.
type testServer struct {
	t    *testing.T
	addr string
	URL  string
	srv  *web.Server
	hs   *http.Server
}

func startServer(t *testing.T) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, addr: ln.Addr().String(), URL: "http://" + ln.Addr().String()}
	ts.serve(ln)
	t.Cleanup(ts.stop)
	return ts
}

func (ts *testServer) serve(ln net.Listener) {
	srv, err := web.New(web.Config{Demos: all.Demos(), Sections: templates.CourseSections(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.srv = srv
	ts.hs = &http.Server{Handler: srv}
	go ts.hs.Serve(ln)
}

// stop shuts down as SIGTERM does: sessions are told "going away".
func (ts *testServer) stop() {
	if ts.hs == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ts.srv.Shutdown(ctx)
	ts.hs.Shutdown(ctx)
	ts.hs = nil
}

// restart stops the server and starts a new one at the same address.
func (ts *testServer) restart() {
	ts.stop()
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", ts.addr); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.serve(ln)
}

// newTab opens a tab for one test. On failure it saves a screenshot.
func newTab(t *testing.T) context.Context {
	t.Helper()
	if browserCtx == nil {
		t.Skip(skipReason)
	}
	tab, cancel := chromedp.NewContext(browserCtx)
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, cancelT := context.WithTimeout(tab, 60*time.Second)
	t.Cleanup(func() {
		if t.Failed() {
			saveShot(t, tab, filepath.Join("testdata", "failures"), t.Name())
		}
		cancelT()
		cancel()
	})
	return ctx
}

func saveShot(t *testing.T, ctx context.Context, dir, name string) {
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is PNG
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	os.MkdirAll(dir, 0o755)
	name = strings.NewReplacer("/", "_", " ", "_").Replace(name)
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", p)
}

// look saves a screenshot for a person to look at when KUBEVIZ_SCREENSHOTS
// names a folder, at desktop and phone width in light and dark.
func look(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("KUBEVIZ_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, v := range []struct {
		w, h   int64
		mobile bool
		label  string
	}{{1280, 900, false, "desktop"}, {390, 844, true, "phone"}} {
		for _, scheme := range []string{"light", "dark"} {
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(v.w, v.h, func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
					p.Mobile = v.mobile
				}),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
					return err
				}),
			)
			if err != nil {
				t.Logf("look: %v", err)
				return
			}
			time.Sleep(150 * time.Millisecond)
			buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err == nil {
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", name, v.label, scheme)), buf, 0o644)
			}
		}
	}
	chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
}

type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
}

// audit runs axe-core on the page in light and dark, and fails on serious or
// critical violations of WCAG 2.1 A and AA.
func audit(t *testing.T, ctx context.Context) {
	t.Helper()
	for _, scheme := range []string{"light", "dark"} {
		err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			return err
		}))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](
			`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}}).then(r => ({violations: r.violations}))`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe: %v", err)
		}
		var res axeResult
		if err := json.Unmarshal(raw, &res); err != nil {
			t.Fatal(err)
		}
		for _, v := range res.Violations {
			if v.Impact != "serious" && v.Impact != "critical" {
				continue
			}
			var where []string
			for _, n := range v.Nodes {
				where = append(where, fmt.Sprintf("%v %.120s", n.Target, n.HTML))
			}
			t.Errorf("axe (%s): %s %s: %s\n  %s", scheme, v.Impact, v.ID, v.Help, strings.Join(where, "\n  "))
		}
	}
	chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}))
}

// text reads an element's text.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// waitFor polls a JavaScript expression until it is true.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.Run(wctx, chromedp.Poll[bool](expr))
	// A navigation (a plain link or form) replaces the page's JavaScript
	// context under a running poll: poll again in the new page.
	for err != nil && strings.Contains(err.Error(), "Cannot find context with specified id") && wctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
		_, err = chromedp.Run(wctx, chromedp.Poll[bool](expr))
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			cur, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " | " + (document.querySelector('[data-narration]')||{}).textContent`))
			t.Fatalf("waiting for %s (%s): timed out; page: %s", what, expr, cur)
		}
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

var pageLoad = page.LoadEventFired
