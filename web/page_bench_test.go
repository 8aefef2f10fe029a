package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos/all"
	"github.com/kubeviz/kubeviz/web/templates"
)

// MaxFirstLoadBytes is the budget of a demo page's first load over the wire:
// its HTML, CSS and JavaScript as the server sends them, gzip-compressed.
const MaxFirstLoadBytes = 100 << 10

func realServer(tb testing.TB) *Server {
	tb.Helper()
	s, err := New(Config{Demos: all.Demos(), Sections: templates.CourseSections(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// wireSize fetches path as a browser would on a first load (gzip accepted)
// and returns the bytes on the wire and the decoded body.
func wireSize(t *testing.T, cl *http.Client, base, path string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", path, res.Status)
	}
	body := raw
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return len(raw), body
}

// TestFirstLoadWeight is a size check, not a timed one: every demo page's
// first load (HTML plus every stylesheet and script it names) is under
// MaxFirstLoadBytes compressed, and names nothing on another host.
func TestFirstLoadWeight(t *testing.T) {
	ts := httptest.NewServer(realServer(t))
	defer ts.Close()
	cl := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer cl.CloseIdleConnections()
	var paths []string
	for _, d := range all.Demos() {
		paths = append(paths, "/demos/"+d.Name, "/embed/"+d.Name)
	}
	for _, p := range paths {
		n, html := wireSize(t, cl, ts.URL, p)
		total, parts := n, []string{p + " " + kb(n)}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(html))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find("[src], link[href]").Each(func(_ int, s *goquery.Selection) {
			ref, _ := s.Attr("src")
			if ref == "" {
				ref, _ = s.Attr("href")
			}
			u, err := url.Parse(ref)
			if err != nil || u.Host != "" || u.Scheme != "" && u.Scheme != "data" {
				t.Errorf("%s: %s names %q: a third-party (or unparseable) resource", p, goquery.NodeName(s), ref)
				return
			}
			if u.Scheme == "data" || !strings.HasPrefix(u.Path, "/static/") {
				return // inline, or a link to another page (not loaded)
			}
			n, _ := wireSize(t, cl, ts.URL, u.RequestURI())
			total += n
			parts = append(parts, u.Path+" "+kb(n))
		})
		t.Logf("%-28s %s: %s", p, kb(total), strings.Join(parts, ", "))
		if total > MaxFirstLoadBytes {
			t.Errorf("%s: first load is %s compressed; the budget is %s", p, kb(total), kb(MaxFirstLoadBytes))
		}
	}
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }

// BenchmarkStartToReady is what the server does between its process start
// and its first answer: build every demo's registry, hash the embedded
// assets, set up routes and metrics, then serve /readyz and one demo page.
// cmd/loadtool -startup-runs measures the same from exec to /readyz.
func BenchmarkStartToReady(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := realServer(b)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
		rec = httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/demos/pod-spec", nil))
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}
