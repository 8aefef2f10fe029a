package dns

// Template tests: the view renders what the state says, with links that
// work without JavaScript. The answers follow CoreDNS's plugin/kubernetes
// (see engine/dns).

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/web/templates"
)

func render(t *testing.T, query string, link templates.Link) *goquery.Document {
	t.Helper()
	q, _ := url.ParseQuery(query)
	st, probs := open(q)
	if len(probs) > 0 {
		t.Fatalf("%s: %v", query, probs)
	}
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

func TestViewStepByStep(t *testing.T) {
	link := templates.Link{Path: "/demos/dns"}
	doc := render(t, "name=web.payments&step=1", link)
	if got := doc.Find(`[data-testid="resolv-conf"]`).Text(); got != "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n" {
		t.Errorf("resolv.conf: %q", got)
	}
	tries := doc.Find(`[data-testid="try"]`)
	if tries.Length() != 4 {
		t.Fatalf("%d names to try, want 4", tries.Length())
	}
	if got := strings.TrimSpace(tries.Eq(0).Find(`[data-testid="try-answer"]`).Text()); got != "NXDOMAIN" {
		t.Errorf("first name: %q", got)
	}
	if got := strings.TrimSpace(tries.Eq(1).Find(`[data-testid="try-answer"]`).Text()); got != "not sent yet" {
		t.Errorf("second name before it is sent: %q", got)
	}
	if href, _ := tries.Eq(1).Find("a").Attr("href"); href != "/demos/dns?name=web.payments&step=2" {
		t.Errorf("link to step 2: %q", href)
	}
	if dig := doc.Find(`[data-testid="dig"]`).Text(); !strings.Contains(dig, "status: NXDOMAIN") || !strings.Contains(dig, ";web.payments.shop.svc.cluster.local. IN\tA") {
		t.Errorf("dig output:\n%s", dig)
	}
	if doc.Find(`[data-testid="result"]`).Length() != 0 {
		t.Errorf("a result before the lookup is over")
	}
	doc = render(t, "name=web.payments&step=2", link)
	if got := doc.Find(`[data-testid="picture-answer"]`).Text(); got != "Answer: 10.96.201.7" {
		t.Errorf("picture answer: %q", got)
	}
	if got := doc.Find(`[data-testid="nslookup"]`).Text(); !strings.Contains(got, "Name:\tweb.payments.svc.cluster.local\nAddress: 10.96.201.7") {
		t.Errorf("nslookup:\n%s", got)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="try"]`).Eq(2).Find(`[data-testid="try-answer"]`).Text()); !strings.HasPrefix(got, "not needed") {
		t.Errorf("third name after an answer: %q", got)
	}
}

func TestViewControlsWorkWithoutJS(t *testing.T) {
	link := templates.Link{Path: "/", Prefix: "dns.", Keep: url.Values{"pod-spec.field": {"spec"}}, Anchor: "dns"}
	doc := render(t, "type=SRV&name=_postgres._tcp.db&notready=db-1", link)
	form := doc.Find("form.dn-field")
	if a, _ := form.Attr("action"); a != "/#dns" {
		t.Errorf("form action %q", a)
	}
	hidden := map[string]string{}
	form.Find(`input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		v, _ := s.Attr("value")
		hidden[n] = v
	})
	want := map[string]string{"pod-spec.field": "spec", "dns.type": "SRV", "dns.notready": "db-1"}
	for k, v := range want {
		if hidden[k] != v {
			t.Errorf("hidden %s = %q, want %q (all: %v)", k, hidden[k], v, hidden)
		}
	}
	if n, _ := doc.Find(`[data-testid="field-name"]`).Attr("name"); n != "dns.name" {
		t.Errorf("name field %q", n)
	}
	if href, _ := doc.Find(`[data-testid="toggle-db-1"]`).Attr("href"); href != "/?dns.name=_postgres._tcp.db&dns.type=SRV&pod-spec.field=spec#dns" {
		t.Errorf("toggle db-1: %q", href)
	}
	if got := doc.Find(`[data-testid="pod"].notready code.dn-podname`).Text(); got != "db-1" {
		t.Errorf("not-ready pods: %q", got)
	}
	// The records list drops db-1, which is not ready.
	if strings.Contains(doc.Find(`[data-testid="records"]`).Text(), "db-1.db.shop.svc.cluster.local.") {
		t.Errorf("a not-ready pod's name is in the records")
	}
}

func TestViewShowsBadInputBesideTheField(t *testing.T) {
	st, _ := open(url.Values{})
	if err := st.Apply(actionSet("name", "web..payments")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/dns"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(&buf)
	if got := doc.Find(`[data-testid="error-name"]`).Text(); got != `"web..payments" is not a valid DNS name: each label between dots has 1 to 63 characters.` {
		t.Errorf("error: %q", got)
	}
	if v, _ := doc.Find(`[data-testid="field-name"]`).Attr("value"); v != "web..payments" {
		t.Errorf("the field lost what was typed: %q", v)
	}
	if inv, _ := doc.Find(`[data-testid="field-name"]`).Attr("aria-invalid"); inv != "true" {
		t.Errorf("aria-invalid %q", inv)
	}
	if got := st.Query().Encode(); got != "typed=web..payments" {
		t.Errorf("the URL is %q, want the typed text beside the last valid name", got)
	}
	again, probs := open(st.Query())
	if len(probs) != 0 || again.Text() != st.Text() || again.nameErr != st.nameErr {
		t.Errorf("Open(Query()) does not reproduce the typed text: %v", probs)
	}
}
