package services

// Golden replays of the demo's scenarios: each one is a URL and a list of
// actions; the narration after every action and the text view at the end
// are written to testdata/services.golden. The rules in them follow
// kubernetes pkg/proxy/iptables/proxier.go; regenerate with
// go test ./demos/services/ -update and review the diff.

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

func stepAll(n int) []demos.Action {
	var out []demos.Action
	for i := 0; i < n; i++ {
		out = append(out, demos.Action{Kind: "step"})
	}
	return out
}

var scenarios = []scenario{
	{"three pods, one request followed to the end", "", stepAll(24)},
	{"three pods, a thousand requests", "", []demos.Action{{Kind: "send", Value: "1000"}}},
	{"one endpoint", "replicas=1", []demos.Action{{Kind: "send", Value: "100"}}},
	{"ten endpoints, string order", "replicas=10", []demos.Action{{Kind: "send", Value: "1000"}}},
	{"a pod fails its readiness probe", "", []demos.Action{{Kind: "ready", Value: "10.1.0.3"}, {Kind: "send", Value: "100"}}},
	{"zero endpoints: REJECT", "replicas=0", stepAll(15)},
	{"NodePort from outside", "type=NodePort&seed=7", append(stepAll(10), demos.Action{Kind: "set", Key: "rules", Value: "restore"})},
	{"DNS search path", "", []demos.Action{{Kind: "set", Key: "dns", Value: "web-service.default.svc.cluster.local"}}},
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
			fmt.Fprintf(&b, "%d. %s %s: %s\n", i+1, a.Kind, a.Value, st.Narration())
		}
		fmt.Fprintf(&b, "--- query: %s\n%s\n", st.Query().Encode(), st.Text())
	}
	path := "testdata/services.golden"
	golden.Check(t, path, b.String())
}

func render(t *testing.T, st *State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/services"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The view: the rules the packet met are lit, the chosen pod is drawn,
// the histogram counts, and every control works as a plain link or form.
func TestView(t *testing.T) {
	st := mustOpen(t, url.Values{"step": {"4"}})
	doc := render(t, st)
	cur := doc.Find(`[data-testid="rule-line"][aria-current="true"]`)
	if cur.Length() != 1 || !strings.Contains(cur.Text(), "--probability 0.33333333349 -j KUBE-SEP-VR7B3QYZ5HZN6WXS") {
		t.Errorf("current rule line: %q", cur.Text())
	}
	if n := doc.Find(`[data-testid="rule-line"][data-verdict="match"]`).Length(); n != 3 {
		t.Errorf("%d matched lines, want 3 (PREROUTING, KUBE-SERVICES, the statistic rule)", n)
	}
	if n := doc.Find(`[data-testid="step"]`).Length(); n != 5 {
		t.Errorf("%d steps shown, want 5", n)
	}
	// The stage boxes: KUBE-SVC is the current one.
	if s := doc.Find(`[data-testid="stage"][data-current]`).AttrOr("data-stage", ""); s != "KUBE-SVC-SZGX…" {
		t.Errorf("current stage %q", s)
	}
	// Send links work without JavaScript.
	if h := doc.Find(`[data-testid="send-100"]`).AttrOr("href", ""); h != "/demos/services?sent=101&step=25" {
		t.Errorf("send 100 href %q", h)
	}
	// The restore view shows what kube-proxy writes.
	st2 := mustOpen(t, url.Values{"rules": {"restore"}})
	doc2 := render(t, st2)
	if !strings.Contains(doc2.Find(`[data-testid="rules-nat"]`).Text(), "--probability 0.3333333333 -j KUBE-SEP-VR7B3QYZ5HZN6WXS") {
		t.Errorf("restore view lacks kube-proxy's probability")
	}
	// At the end the chosen pod is highlighted and the histogram counts it.
	st3 := mustOpen(t, url.Values{"step": {"24"}})
	doc3 := render(t, st3)
	if ip := doc3.Find(`[data-testid="pod"][data-chosen]`).AttrOr("data-ip", ""); ip != "10.1.0.2" {
		t.Errorf("chosen pod %q", ip)
	}
	if c := doc3.Find(`[data-testid="bar-count"]`).First().Text(); c != "1" {
		t.Errorf("first bar count %q", c)
	}
	if o := doc3.Find(`[data-testid="outcome"]`).Text(); o != "Answered by pod web-7c5d9f8b4d-x2kqp at 10.1.0.2:8080." {
		t.Errorf("outcome %q", o)
	}
	// Zero endpoints: the REJECT rule with upstream's comment.
	st4 := mustOpen(t, url.Values{"replicas": {"0"}, "step": {"14"}})
	doc4 := render(t, st4)
	cur4 := doc4.Find(`[data-testid="rules-filter"] [data-testid="rule-line"][aria-current="true"]`).Text()
	if !strings.Contains(cur4, `--comment "default/web-service has no endpoints"`) || !strings.Contains(cur4, "-j REJECT --reject-with icmp-port-unreachable") {
		t.Errorf("reject line %q", cur4)
	}
	// The DNS panel.
	if s := doc.Find(`[data-testid="dns-summary"]`).Text(); s != "web-service resolves to 10.96.45.12 after 1 query." {
		t.Errorf("dns %q", s)
	}
}
