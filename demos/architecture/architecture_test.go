package architecture

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// scenarios are replayed step by step into testdata/<name>.golden: each
// step's message and narration, then the last step in full. The messages
// follow the upstream files engine/archtrace cites (kubectl apply.go and
// helpers.go, apiserver config.go DefaultBuildHandlerChain and create.go,
// plugins.go, etcd-io/raft, schedule_one.go, kuberuntime_manager.go SyncPod,
// printers.go).
var scenarios = []struct{ name, query string }{
	{"pod", ""},
	{"pod-etcd", "fault=etcd"},
	{"pod-scheduler", "fault=scheduler"},
	{"pod-kubelet", "fault=kubelet"},
	{"pod-webhook", "fault=webhook"},
	{"deployment", "scenario=deployment"},
	{"deployment-etcd", "scenario=deployment&fault=etcd"},
	{"deployment-kubelet", "scenario=deployment&fault=kubelet"},
	{"deployment-webhook", "scenario=deployment&fault=webhook"},
}

func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(sc.query)
			st, probs := open(q)
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "# architecture ?%s (Kubernetes v1.37)\n\n%s\n", sc.query, st.Narration())
			for st.Apply(demos.Action{Kind: "step"}) == nil {
				s := st.tr.Steps[st.step-1]
				fmt.Fprintf(&b, "\n%d %s: %s\n%s\n", st.step, s.Arrow(), s.Title, st.Narration())
			}
			b.WriteString("\n# The last step in full:\n\n" + st.Text())
			path := filepath.Join("testdata", sc.name+".golden")
			golden.Check(t, path, b.String())
		})
	}
}

func TestOpenReportsProblems(t *testing.T) {
	_, probs := Open(url.Values{"scenario": {"statefulset"}, "fault": {"dns"}, "step": {"x"}})
	if len(probs) != 3 {
		t.Errorf("problems = %q, want three", probs)
	}
	st, probs := open(url.Values{"step": {"99"}})
	if len(probs) != 1 || st.step != len(st.tr.Steps) {
		t.Errorf("step=99: problems %q, step %d", probs, st.step)
	}
}

func TestBadSeedIsShownBesideItsControl(t *testing.T) {
	st, _ := open(nil)
	if err := st.Apply(demos.Action{Kind: "set", Key: "seed", Value: "-3"}); err != nil {
		t.Fatalf("a bad seed is state, not an error: %v", err)
	}
	doc := render(t, st)
	if got := doc.Find(`[data-testid="arch-error-seed"]`).Text(); !strings.Contains(got, `seed must be a whole number from 0 to 4294967295, not "-3"`) {
		t.Errorf("beside the seed: %q", got)
	}
	if again, _ := Open(st.Query()); again.Text() != st.Text() {
		t.Errorf("the URL does not keep the bad seed")
	}
	if st.Apply(demos.Action{Kind: "set", Key: "fault", Value: "dns"}) == nil {
		t.Errorf("an unknown fault was accepted")
	}
}

func render(t *testing.T, st *State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/architecture"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestView(t *testing.T) {
	st, _ := open(url.Values{"step": {"11"}})
	doc := render(t, st)
	for sel, want := range map[string]string{
		`[data-testid="arch-arrow"]`:                 "etcd-1 → etcd-2, etcd-3",
		`[data-testid="arch-title"]`:                 "MsgApp",
		`[data-testid="arch-lines"]`:                 "MsgApp{Term:2 Index:1200 LogTerm:2 Entries:[1201] Commit:1200}",
		`[data-testid="arch-source"]`:                "etcd-io/raft",
		`[data-testid="arch-stages"] [aria-current]`: "storage (etcd)",
		`[data-testid="arch-etcd"]`:                  "etcd-1",
		`[data-testid="arch-terminal"]`:              "$ kubectl apply -f web-server.yaml",
		`[data-testid="arch-etcd-summary"]`:          "a write commits when 2 of 3 members have it",
	} {
		if got := doc.Find(sel).Text(); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", sel, got, want)
		}
	}
	// MsgApp goes to both followers: two arrows, each animated.
	if n := doc.Find(`[data-testid="arch-picture"] .arch-arrow.raft .arch-packet`).Length(); n != 2 {
		t.Errorf("arrows = %d, want 2", n)
	}
	if n := doc.Find(`[data-testid="arch-steps"] a`).Length(); n != 30 {
		t.Errorf("step links = %d, want 30 (0 to 29)", n)
	}
	if href, _ := doc.Find(`[data-testid="arch-steps"] a[aria-current]`).Attr("href"); href != "/demos/architecture?step=11" {
		t.Errorf("current step link = %q", href)
	}
	doc.Find(`input:not([type=hidden]), select`).Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("control %s has no label", id)
		}
	})
	if doc.Find(`[style]`).Length() > 0 || doc.Find(`script`).Length() > 0 {
		t.Errorf("inline style or script breaks the CSP")
	}
	// Step 0 of the pod scenario shows the outline's manifest.
	st0, _ := open(nil)
	if got := render(t, st0).Find(`[data-testid="arch-manifest"]`).Text(); !strings.Contains(got, "name: web-server") {
		t.Errorf("manifest at step 0 = %q", got)
	}
	// The kubelet fault draws that kubelet stopped and the node NotReady.
	stk, _ := open(url.Values{"fault": {"kubelet"}, "step": {"23"}})
	d := render(t, stk)
	if d.Find(`.arch-box.down`).Length() != 1 || d.Find(`.arch-frame.notready`).Length() != 1 {
		t.Errorf("the stopped kubelet or the NotReady node is not drawn")
	}
}
