package netpol

// Tests of the demo's state, its YAML reading and its view: URL
// parameters, actions, kubectl's and the API server's messages
// (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go,
// pkg/apis/networking/validation/validation.go) and the panels the page
// shows (goquery on data-testid).

import (
	"bytes"
	"context"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/netpol"
	"github.com/kubeviz/kubeviz/web/templates"
)

func mustOpen(t *testing.T, q url.Values) *State {
	t.Helper()
	st, problems := open(q)
	if len(problems) > 0 {
		t.Fatalf("Open(%v): %v", q, problems)
	}
	return st
}

func act(t *testing.T, st *State, kind, key, value string) {
	t.Helper()
	if err := st.Apply(demos.Action{Kind: kind, Key: key, Value: value}); err != nil {
		t.Fatalf("Apply(%s %s %q): %v", kind, key, value, err)
	}
}

func render(t *testing.T, st *State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/network-policies"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Each preset's YAML decodes, through kubectl and the API server's
// defaults, to exactly engine/netpol's preset.
func TestPresetYAMLIsTheEnginePreset(t *testing.T) {
	c := netpol.ExampleCluster()
	for _, name := range netpol.PresetNames {
		p := Parse(presetYAML[name])
		if p.Policy == nil {
			t.Fatalf("%s: %s", name, p.Problem)
		}
		got := netpol.Admit(c, nil, p.Policy, fileName)
		want := netpol.Admit(c, nil, netpol.Preset(name), fileName)
		if got.Refused != "" || want.Refused != "" {
			t.Fatalf("%s refused: %q %q", name, got.Refused, want.Refused)
		}
		if !reflect.DeepEqual(got.Stored, want.Stored) {
			t.Errorf("%s: the YAML decodes to\n%#v\nbut the engine's preset is\n%#v", name, got.Stored.Spec, want.Stored.Spec)
		}
	}
}

// What kubectl and the API server say about text that is not a valid
// policy, before validation.
func TestParseMessages(t *testing.T) {
	base := presetYAML[netpol.DefaultDeny]
	for _, tc := range []struct{ name, text, want string }{
		{"unknown field", strings.Replace(base, "podSelector: {}", "podselector: {}", 1),
			`Error from server (BadRequest): error when creating "policy.yaml": NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: strict decoding error: unknown field "spec.podselector"`},
		{"old apiVersion", strings.Replace(base, "networking.k8s.io/v1", "extensions/v1beta1", 1),
			"error: resource mapping not found for name: \"default-deny\" namespace: \"\" from \"policy.yaml\": no matches for kind \"NetworkPolicy\" in version \"extensions/v1beta1\"\nensure CRDs are installed first"},
		// kubectl's client-side check before sending (kubectl/pkg/validation
		// schema.go getObjectKind, cli-runtime resource/visitor.go
		// ValidateSchema; kubernetes test/cmd expects "error validating
		// data: kind not set").
		{"no kind", strings.Replace(base, "kind: NetworkPolicy\n", "", 1), `error: error validating "policy.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`},
		{"no apiVersion", strings.Replace(base, "apiVersion: networking.k8s.io/v1\n", "", 1), `error: error validating "policy.yaml": error validating data: apiVersion not set; if you choose`},
		{"neither", strings.Replace(strings.Replace(base, "kind: NetworkPolicy\n", "", 1), "apiVersion: networking.k8s.io/v1\n", "", 1), `error validating data: [apiVersion not set, kind not set]; if you choose`},
		{"syntax", base + "  - : :\n bad", "error: error parsing policy.yaml: error converting YAML to JSON: yaml: line"},
		{"wrong type", strings.Replace(base, "podSelector: {}", "podSelector: app", 1), `cannot be handled as a NetworkPolicy: json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.podSelector of type v1.LabelSelector`},
		{"two documents", base + "---\n" + base, "This editor applies one policy: remove the second document"},
		{"empty", "# nothing\n", "The document is empty"},
		{"alias", "a: &x 1\nb: *x\n", "uses a YAML anchor or alias"},
	} {
		p := Parse(tc.text)
		if p.Policy != nil || !strings.Contains(p.Problem, tc.want) {
			t.Errorf("%s: problem %q, want it to contain %q", tc.name, p.Problem, tc.want)
		}
	}
}

// A key given twice is not an error for kubectl: its YAML reader
// (apimachinery util/yaml YAMLToJSONDecoder, sigs.k8s.io/yaml non-strict)
// keeps the last value, and the API server never sees the first.
func TestParseDuplicateKeyLastWins(t *testing.T) {
	base := presetYAML[netpol.DefaultDeny]
	p := Parse(strings.Replace(base, "  name: default-deny\n", "  name: first\n  name: default-deny-2\n", 1))
	if p.Problem != "" || p.Policy == nil {
		t.Fatalf("problem %q", p.Problem)
	}
	if p.Policy.Name != "default-deny-2" {
		t.Errorf("name %q, want the last one, default-deny-2", p.Policy.Name)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], `key "name" is given twice: kubectl sends this last value`) {
		t.Errorf("notes %q, want one about the key name", p.Notes)
	}
}

// Bad URL parameters are replaced by defaults and reported.
func TestOpenProblems(t *testing.T) {
	for _, tc := range []struct{ query, want string }{
		{"scenario=nope", `scenario must be one of outline, default-allow, zero-trust, and-or, not "nope"; showing outline.`},
		{"apply=api-policy,nope", `There is no policy "nope" to apply`},
		{"edit=nope", `edit must name one of the policies`},
		{"cell=frontend,nowhere", `cell must be a source pod and a target of the matrix`},
		{"step=10", `step must be a number from 0 to 9, not "10"; showing step 0.`},
	} {
		q, _ := url.ParseQuery(tc.query)
		_, probs := open(q)
		if len(probs) != 1 || !strings.Contains(probs[0], tc.want) {
			t.Errorf("%s: problems %q, want %q", tc.query, probs, tc.want)
		}
	}
}

// Every state a learner reaches reopens from its URL, and bad input stays
// state (beside the editor), not an error.
func TestURLIsTheState(t *testing.T) {
	st := mustOpen(t, nil)
	check := func() {
		t.Helper()
		again := mustOpen(t, st.Query())
		if again.Text() != st.Text() {
			t.Fatalf("Open(%q) differs:\n%s\nwant\n%s", st.Query().Encode(), again.Text(), st.Text())
		}
		render(t, st)
	}
	check()
	act(t, st, "step", "", "")
	check()
	act(t, st, "toggle", "", netpol.DefaultDeny)
	check()
	act(t, st, "edit", netpol.AllowDNS, "not: [valid")
	check()
	if !strings.Contains(st.problem(netpol.AllowDNS), "error converting YAML to JSON") {
		t.Errorf("problem = %q", st.problem(netpol.AllowDNS))
	}
	act(t, st, "set", "cell", "grafana,api:9090/TCP")
	check()
	act(t, st, "set", "scenario", "and-or")
	check()
	act(t, st, "revert", "", netpol.AllowDNS)
	check()
	act(t, st, "toggle", "", netpol.APIPolicy)
	act(t, st, "toggle", "", netpol.APIPolicy)
	check()
	act(t, st, "toggle", "", netpol.MetricsAnd)
	check()
	if q := st.Query().Encode(); q != "apply=&scenario=and-or" && q != "apply=api-policy&scenario=and-or" {
		t.Logf("query %s", q)
	}
	for _, bad := range []demos.Action{{Kind: "toggle", Value: "nope"}, {Kind: "set", Key: "scenario", Value: "x"}, {Kind: "goto", Value: "99"}, {Kind: "edit", Key: "nope"}, {Kind: "set", Key: "cell", Value: "a,b"}} {
		if st.Apply(bad) == nil {
			t.Errorf("%+v was accepted", bad)
		}
	}
}

// The page shows what the learner needs, where the tests can find it.
func TestView(t *testing.T) {
	q, _ := url.ParseQuery("step=6")
	st := mustOpen(t, q)
	doc := render(t, st)
	if got := doc.Find(`[data-testid="cell"]`).Length(); got != 42 {
		t.Errorf("%d matrix cells, want 42", got)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="matrix-summary"]`).Text()); !strings.HasPrefix(got, "30 of 42 new connections allowed.") {
		t.Errorf("matrix summary = %q", got)
	}
	cur := doc.Find(`[data-testid="cell"][data-current]`)
	if k, _ := cur.Attr("data-key"); cur.Length() != 1 || k != "api,coredns:53/TCP" || cur.AttrOr("data-verdict", "") != "denied" {
		t.Errorf("current cell = %q (%d)", k, cur.Length())
	}
	if got := doc.Find(`[data-testid="summary-request"]`).Text(); got != "api → coredns TCP 53: denied, api is isolated for egress by api-policy and no egress rule allows it." {
		t.Errorf("summary = %q", got)
	}
	if !strings.Contains(doc.Find(`[data-testid="explain-request"]`).Text(), "(api-policy spec.egress[1] matches coredns, but only on UDP 53.)") {
		t.Errorf("the nearest miss is not named")
	}
	if doc.Find(`[data-testid="picture"] [data-testid="arrow"][data-verdict="denied"]`).Length() != 1 || doc.Find(`[data-testid="picture-tall"] [data-testid="arrow"]`).Length() != 1 {
		t.Errorf("no denied arrow in the pictures")
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="state-api-policy"]`).Text()); got != "applied" {
		t.Errorf("api-policy state = %q", got)
	}
	if href, _ := doc.Find(`[data-testid="toggle-default-deny"]`).Attr("href"); href != "/demos/network-policies?apply=api-policy,default-deny&step=6" {
		t.Errorf("toggle href = %q", href)
	}
	desc := doc.Find(`[data-testid="describe"]`).Text()
	if !strings.Contains(desc, "PodSelector:     app=api") || !strings.Contains(desc, "NamespaceSelector: <none>") {
		t.Errorf("describe = %q", desc)
	}
	// Every control has a name and keeps working without JavaScript.
	doc.Find(`[data-action]`).Each(func(_ int, s *goquery.Selection) {
		if goquery.NodeName(s) == "a" {
			if h, ok := s.Attr("href"); !ok || h == "" {
				t.Errorf("a control without href: %s", s.Text())
			}
		}
	})
	if doc.Find(`form textarea[data-testid="editor"][name="yaml.api-policy"]`).Length() != 1 {
		t.Errorf("no editor field named yaml.api-policy")
	}
	if doc.Find(`[style]`).Length() > 0 || doc.Find(`script`).Length() > 0 {
		t.Errorf("inline style or script (the CSP forbids them)")
	}

	if !strings.HasPrefix(desc, "$ kubectl describe networkpolicy api-policy\n") {
		t.Errorf("describe command = %q", strings.SplitN(desc, "\n", 2)[0])
	}
	// A policy in another namespace than the context's: kubectl describe
	// needs -n to find it.
	act(t, st, "edit", netpol.APIPolicy, strings.Replace(presetYAML[netpol.APIPolicy], "  name: api-policy\n", "  name: api-policy\n  namespace: monitoring\n", 1))
	doc = render(t, st)
	desc = doc.Find(`[data-testid="describe"]`).Text()
	if first := strings.SplitN(desc, "\n", 2)[0]; first != "$ kubectl describe networkpolicy api-policy -n monitoring" || !strings.Contains(desc, "Namespace:    monitoring\n") {
		t.Errorf("describe of a policy in monitoring = %q", desc)
	}

	// An invalid edit: the API server's message beside the editor.
	act(t, st, "edit", netpol.APIPolicy, strings.Replace(presetYAML[netpol.APIPolicy], "- Egress", "- Egress\n  - Sideways", 1))
	doc = render(t, st)
	if got := doc.Find(`[data-testid="editor-error"]`).Text(); got != `The NetworkPolicy "api-policy" is invalid: spec.policyTypes: Invalid value: ["Ingress","Egress","Sideways"]: may not specify more than two policyTypes` {
		t.Errorf("editor error = %q", got)
	}
	if v, _ := doc.Find(`[data-testid="editor"]`).Attr("aria-invalid"); v != "true" {
		t.Errorf("editor not marked invalid")
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="state-api-policy"]`).Text()); got != "refused" {
		t.Errorf("api-policy state = %q", got)
	}
}

// Each matrix cell's link is the state Apply(set cell) gives: the view builds
// them from the query directly, and this keeps the two the same.
func TestCellLinksAreTheSetAction(t *testing.T) {
	st, _ := Definition.Open(url.Values{"scenario": {"and-or"}, "step": {"2"}})
	s := st.(*State)
	link := templates.Link{Path: "/demos/network-policies"}
	m := s.matrixView(link)
	n := 0
	for _, row := range m.Rows {
		for _, c := range row.Cells {
			if want := link.Href(s.after(demos.Action{Kind: "set", Key: "cell", Value: c.Key})); c.Href != want {
				t.Fatalf("cell %s links to %s, want %s", c.Key, c.Href, want)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no cells")
	}
}
