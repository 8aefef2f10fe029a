package ingress

// Golden replays of the demo's scenarios: each one is a URL and a list of
// actions; the narration after every action and the text view at the end
// are written to testdata/ingress.golden. Validation follows kubernetes
// pkg/apis/networking/validation/validation.go, matching the Ingress API's
// documentation (staging/src/k8s.io/api/networking/v1/types.go) and
// ingress-nginx internal/ingress/controller. Regenerate with
// go test ./demos/ingress/ -update and review the diff.

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

type scenario struct {
	name    string
	query   string
	actions []demos.Action
}

func steps(n int) []demos.Action {
	var out []demos.Action
	for range n {
		out = append(out, demos.Action{Kind: "step"})
	}
	return out
}

var missingPathType = strings.Replace(presets[0].YAML, "      - path: /v2\n        pathType: Prefix\n", "      - path: /v2\n", 1)

var scenarios = []scenario{
	{"the outline's Ingress, every request", "", steps(8)},
	{"exact, wildcard and defaultBackend", "preset=matching", steps(7)},
	{"pathType left out: the API server refuses", "", append([]demos.Action{{Kind: "set", Key: "yaml", Value: missingPathType}}, steps(2)...)},
	{"a wildcard host must be quoted in YAML", "", []demos.Action{{Kind: "set", Key: "yaml", Value: strings.Replace(presets[0].YAML, "host: admin.example.com", "host: *.example.com", 1)}}},
	{"requests the learner types", "", []demos.Action{{Kind: "set", Key: "req", Value: "https://api.example.com/v2/orders\nftp://x\nhttps://admin.example.com:8443/\n"}, {Kind: "step"}}},
	{"back and goto", "", []demos.Action{{Kind: "goto", Value: "5"}, {Kind: "back"}, {Kind: "reset"}}},
}

func mustOpen(t *testing.T, q url.Values) *State {
	t.Helper()
	st, probs := open(q)
	if len(probs) > 0 {
		t.Fatalf("open(%q): %v", q.Encode(), probs)
	}
	return st
}

func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, sc := range scenarios {
		q, _ := url.ParseQuery(sc.query)
		st := mustOpen(t, q)
		fmt.Fprintf(&b, "=== %s (?%s)\n", sc.name, sc.query)
		fmt.Fprintf(&b, "0. %s\n", st.Narration())
		for i, a := range sc.actions {
			if err := st.Apply(a); err != nil {
				t.Fatalf("%s: action %d %+v: %v", sc.name, i+1, a, err)
			}
			v := a.Value
			if a.Kind == "set" {
				v = a.Key
			}
			fmt.Fprintf(&b, "%d. %s %s: %s\n", i+1, a.Kind, v, st.Narration())
			again := mustOpen(t, st.Query())
			if again.Text() != st.Text() {
				t.Fatalf("%s: action %d: Open(Query()) differs", sc.name, i+1)
			}
		}
		fmt.Fprintf(&b, "--- step %d\n%s\n", st.step, st.Text())
	}
	path := "testdata/ingress.golden"
	golden.Check(t, path, b.String())
}

func render(t *testing.T, st *State, link templates.Link) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(link).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The view: the requests, the checks of both columns, the picture and
// nginx.conf, and controls that work as plain links and forms.
func TestView(t *testing.T) {
	link := templates.Link{Path: "/demos/ingress"}
	st := mustOpen(t, url.Values{"step": {"3"}})
	doc := render(t, st, link)
	if n := doc.Find(`[data-testid="request"]`).Length(); n != 8 {
		t.Errorf("%d requests listed, want 8", n)
	}
	if got := doc.Find(`[data-testid="request"].current code`).Text(); got != "https://api.example.com/v1abc" {
		t.Errorf("current request %q", got)
	}
	// By the API, Prefix /v1 does not match /v1abc element-wise; / wins.
	if got := doc.Find(`[data-testid="spec-outcome"]`).Text(); got != "Prefix / (spec.rules[0].http.paths[2]) matches: to Service api-service:80." {
		t.Errorf("spec outcome %q", got)
	}
	if got := doc.Find(`[data-testid="spec-paths"] li.won code`).Text(); got != "Prefix / → Service api-service:80" {
		t.Errorf("spec winner %q", got)
	}
	// ingress-nginx's regex location ^/v1 takes it, rewritten to /.
	if got := doc.Find(`[data-testid="nginx-outcome"]`).Text(); got != `Proxied to Service api-v1-service:80 by location ~* "^/v1"; rewrite-target / turns /v1abc into /.` {
		t.Errorf("nginx outcome %q", got)
	}
	if got := doc.Find(`[data-testid="conf"] .current:not(.server) code`).Text(); !strings.Contains(got, `location ~* "^/v1" { rewrite "(?i)/v1" / break;`) {
		t.Errorf("current conf line %q", got)
	}
	if got := doc.Find(`[data-testid="spec-tls"]`).Text(); !strings.Contains(got, "Secret api-tls-secret") {
		t.Errorf("spec TLS %q", got)
	}
	// The picture marks the API's path row and both backends.
	if n := doc.Find(`[data-testid="picture"] .ig-box.path.spec`).Length(); n != 1 {
		t.Errorf("%d API path rows lit", n)
	}
	if n := doc.Find(`[data-testid="picture"] .ig-box.backend.nginx`).Length(); n != 1 {
		t.Errorf("%d nginx backends lit", n)
	}
	// Links and forms without JavaScript.
	if h := doc.Find(`[data-testid="request"] a`).Eq(4).AttrOr("href", ""); h != "/demos/ingress?step=5" {
		t.Errorf("goto href %q", h)
	}
	form := doc.Find(`[data-testid="field-req"]`).Closest("form")
	if form.AttrOr("method", "") != "get" || form.AttrOr("action", "") != "/demos/ingress" {
		t.Errorf("requests form %q %q", form.AttrOr("method", ""), form.AttrOr("action", ""))
	}
	if doc.Find(`label[for="ig-req"]`).Length() != 1 || doc.Find(`label[for="ig-yaml"]`).Length() != 1 {
		t.Errorf("textareas are not labelled")
	}

	// A rejected Ingress: upstream's message beside the text.
	st2 := mustOpen(t, url.Values{"yaml": {missingPathType}})
	doc2 := render(t, st2, link)
	if got := doc2.Find(`[data-testid="kubectl"]`).Text(); !strings.Contains(got, `Error from server (Invalid): error when creating "ingress.yaml": Ingress.networking.k8s.io "api-ingress" is invalid: spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified`) {
		t.Errorf("kubectl output %q", got)
	}
	// Bad request lines are shown beside the list and skipped.
	st3 := mustOpen(t, url.Values{"req": {"https://api.example.com/\nnot a url\n"}})
	doc3 := render(t, st3, link)
	if got := doc3.Find(`[data-testid="req-errors"] li`).Text(); got != `Line 2: "not a url": start with http:// or https://` {
		t.Errorf("request error %q", got)
	}
	if _, total := st3.Progress(); total != 1 {
		t.Errorf("%d steps, want 1", total)
	}
	// On the course page the forms keep the other demos' parameters.
	cl := templates.Link{Path: "/", Prefix: "ingress.", Keep: url.Values{"services.step": {"2"}}, Anchor: "ingress"}
	doc4 := render(t, mustOpen(t, url.Values{"preset": {"matching"}}), cl)
	f4 := doc4.Find(`[data-testid="field-yaml"]`).Closest("form")
	if f4.AttrOr("action", "") != "/#ingress" || f4.Find(`input[name="services.step"]`).Length() != 1 || f4.Find(`input[name="ingress.preset"]`).AttrOr("value", "") != "matching" {
		t.Errorf("course-page form: %s", f4.AttrOr("action", ""))
	}
}

// Open reports bad parameters in a sentence and falls back.
func TestOpenProblems(t *testing.T) {
	_, probs := open(url.Values{"preset": {"nope"}, "step": {"99"}, "yaml": {strings.Repeat("x", MaxYAMLBytes+1)}})
	if len(probs) != 3 {
		t.Fatalf("problems %q", probs)
	}
	if probs[0] != `preset must be outline or matching, not "nope"; showing the outline's Ingress.` {
		t.Errorf("%q", probs[0])
	}
	if probs[2] != `step must be a number from 0 to 8, not "99"; showing step 0.` {
		t.Errorf("%q", probs[2])
	}
}
