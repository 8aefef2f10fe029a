package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

func newTestServer(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	if cfg.Demos == nil {
		cfg.Demos = []demos.Definition{stepsDemo}
	}
	if cfg.Sections == nil {
		cfg.Sections = testSections
	}
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t *testing.T, url string) (*http.Response, *goquery.Document) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, doc
}

func TestRoutes(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, tc := range []struct {
		path   string
		status int
		want   string // a selector that must match
	}{
		{"/", 200, `section#pods [data-demo="steps"]`},
		{"/", 200, `section#later [data-testid="placeholder"]`},
		{"/demos/steps", 200, `h1#demo-title-steps`},
		{"/demos/steps?step=4", 200, `[data-testid="counter"]`},
		{"/embed/steps", 200, `body.embed [data-demo="steps"]`},
		{"/demos/nope", 404, `[data-testid="not-found"] a[href="/demos/steps"]`},
		{"/nothing/here", 404, `[data-testid="not-found"]`},
	} {
		res, doc := get(t, ts.URL+tc.path)
		if res.StatusCode != tc.status {
			t.Errorf("GET %s: status %d, want %d", tc.path, res.StatusCode, tc.status)
		}
		if doc.Find(tc.want).Length() == 0 {
			t.Errorf("GET %s: nothing matches %s", tc.path, tc.want)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP %q", tc.path, csp)
		}
		if doc.Find("script:not([src])").Length() != 0 || doc.Find("[style]").Length() != 0 {
			t.Errorf("GET %s: inline script or style", tc.path)
		}
	}
}

func TestURLIsTheState(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	_, doc := get(t, ts.URL+"/demos/steps?step=4")
	if got := doc.Find(`[data-testid="counter"]`).Text(); got != "step 4 of 9" {
		t.Errorf("counter = %q", got)
	}
	if got := doc.Find(`[data-testid="value"]`).Text(); got != "value 4" {
		t.Errorf("value = %q", got)
	}
	// Without JavaScript the controls are links to the neighbouring states.
	for action, href := range map[string]string{"back": "/demos/steps?step=3", "step": "/demos/steps?step=5", "reset": "/demos/steps"} {
		if got, _ := doc.Find(`[data-action="` + action + `"]`).Attr("href"); got != href {
			t.Errorf("%s href = %q, want %q", action, got, href)
		}
	}
	// On the course page the demo's parameters carry its name as a prefix,
	// and links keep the section anchor and the other parameters.
	_, doc = get(t, ts.URL+"/?steps.step=2&other=x")
	if got := doc.Find(`#pods [data-testid="counter"]`).Text(); got != "step 2 of 9" {
		t.Errorf("course counter = %q", got)
	}
	if got, _ := doc.Find(`#pods [data-action="step"]`).Attr("href"); got != "/?other=x&steps.step=3#pods" {
		t.Errorf("course step href = %q", got)
	}
}

func TestBadQueryIsReportedNotFatal(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	res, doc := get(t, ts.URL+"/demos/steps?step=99")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := doc.Find(`[data-testid="problems"]`).Text(); !strings.Contains(got, `step "99" is not a step of this demo`) {
		t.Errorf("problems = %q", got)
	}
	res, _ = get(t, ts.URL+"/demos/steps?x="+strings.Repeat("a", MaxQueryBytes+1))
	if res.StatusCode != http.StatusRequestURITooLong {
		t.Errorf("huge query: status %d", res.StatusCode)
	}
}

func TestHealthAndStatic(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	for _, p := range []string{"/healthz", "/readyz"} {
		res, err := http.Get(ts.URL + p)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("GET %s: %v %v", p, res, err)
		}
		res.Body.Close()
	}
	u := s.assets.url("app.js")
	if !strings.Contains(u, "?v=") {
		t.Fatalf("asset url %q is not content-hashed", u)
	}
	res, err := http.Get(ts.URL + u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("hashed asset Cache-Control = %q", cc)
	}
	res, _ = http.Get(ts.URL + "/static/nope.js")
	if res.StatusCode != 404 {
		t.Errorf("missing asset: %d", res.StatusCode)
	}
	s.Shutdown(t.Context())
	res, _ = http.Get(ts.URL + "/readyz")
	if res.StatusCode != 503 {
		t.Errorf("readyz while draining: %d", res.StatusCode)
	}
}

func TestPagesAreCompressed(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, p := range []string{"/", "/demos/steps", "/static/app.js"} {
		req, _ := http.NewRequest("GET", ts.URL+p, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s: Content-Encoding %q", p, res.Header.Get("Content-Encoding"))
		}
	}
}

func TestEmbedOrigins(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	res, _ := get(t, ts.URL+"/embed/steps")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") {
		t.Errorf("default embed CSP %q: any site may frame an embed", csp)
	}
	res, _ = get(t, ts.URL+"/demos/steps")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self'") || res.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("full page may be framed by others: %q", csp)
	}
	_, ts = newTestServer(t, Config{EmbedOrigins: []string{"https://docs.example.com"}})
	res, _ = get(t, ts.URL+"/embed/steps")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self' https://docs.example.com") {
		t.Errorf("allow-listed embed CSP %q", csp)
	}
	if _, err := New(Config{EmbedOrigins: []string{"docs.example.com/x"}}); err == nil {
		t.Error("a malformed origin was accepted")
	}
}

func TestPredictionIsAskedUntilTheEnd(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	_, doc := get(t, ts.URL+"/demos/steps?step=3")
	p := doc.Find(`[data-testid="predict"]`)
	if p.Length() != 1 || p.AttrOr("data-answer", "") != "1" || !strings.Contains(p.Find("legend").Text(), "What value comes next?") {
		t.Fatalf("prediction: %d %q", p.Length(), p.Text())
	}
	if got := p.Find(".q-answer strong").Text(); got != "4" {
		t.Errorf("answer shown = %q, want 4", got)
	}
	_, doc = get(t, ts.URL+"/demos/steps?step=9")
	if doc.Find(`[data-testid="predict"]`).Length() != 0 {
		t.Error("a prediction after the last step")
	}
}

// A section whose demo is shown inline elsewhere links to it.
func TestCourseLinksADemoShownElsewhere(t *testing.T) {
	_, ts := newTestServer(t, Config{Sections: []templates.Section{
		{ID: "pods", Title: "Pods", Demo: "steps"},
		{ID: "more", Title: "More", Planned: "steps"},
		{ID: "later", Title: "Later", Planned: "steps", TryQuery: "step=3"},
	}})
	_, doc := get(t, ts.URL+"/")
	if href, _ := doc.Find(`#more [data-testid="placeholder"] a`).Attr("href"); href != "/demos/steps" {
		t.Errorf("placeholder link %q", href)
	}
	if href, _ := doc.Find(`#later [data-testid="placeholder"] a`).Attr("href"); href != "/demos/steps?step=3" {
		t.Errorf("placeholder link with the section's query %q", href)
	}
}
