package statefulsets

import (
	"bytes"
	"context"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// The scenarios, replayed step by step into testdata/<name>.golden. The
// controller follows kubernetes pkg/controller/statefulset
// (stateful_set_control.go, stateful_set_utils.go, stateful_pod_control.go).
var scenarios = map[string]string{
	"default":         "",
	"parallel":        "policy=Parallel",
	"scale-down":      "ops=10:scale:1",
	"delete-pod":      "ops=10:delete:web-0",
	"node-fails":      "ops=10:fail:node-2,12:remove:node-2",
	"parallel-scale0": "policy=Parallel&ops=4:scale:0,6:scale:2",
}

func TestGolden(t *testing.T) {
	for name, query := range scenarios {
		t.Run(name, func(t *testing.T) {
			q, _ := url.ParseQuery(query)
			st, probs := open(q)
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			var b strings.Builder
			for {
				b.WriteString(st.Narration() + "\n" + st.Text() + "\n----\n")
				if st.Apply(demos.Action{Kind: "step"}) != nil {
					break
				}
			}
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(want) != b.String() {
				t.Errorf("%s differs from the replay; run go test -update and review the diff", path)
			}
		})
	}
}

// OrderedReady: web-1 is created only once web-0 is Running and Ready.
func TestOrderedReadyWaits(t *testing.T) {
	st, _ := open(nil)
	for st.Apply(demos.Action{Kind: "step"}) == nil {
		s := st.cur().sim
		if p1 := s.Pod("web-1"); p1 != nil {
			if p0 := s.Pod("web-0"); p0 == nil || !p0.RunningAndReady() {
				t.Fatalf("step %d: web-1 exists while web-0 is not Running and Ready", st.step)
			}
		}
	}
}

func TestActionsAndURL(t *testing.T) {
	st, _ := open(url.Values{"step": {"9"}})
	if err := st.Apply(demos.Action{Kind: "delete", Value: "web-1"}); err != nil {
		t.Fatal(err)
	}
	if got := st.Query().Encode(); got != "ops=10%3Adelete%3Aweb-1&step=10" {
		t.Errorf("query = %s", got)
	}
	if err := st.Apply(demos.Action{Kind: "delete", Value: "web-9"}); err == nil || !strings.Contains(err.Error(), `pods "web-9" not found`) {
		t.Errorf("deleting web-9: %v", err)
	}
	// Run on: web-1 comes back with the same claim.
	for st.Apply(demos.Action{Kind: "step"}) == nil {
	}
	if !strings.Contains(st.Text(), "create Pod web-1 in StatefulSet web successful") && !strings.Contains(strings.Join(eventsText(st), "\n"), "create Pod web-1 in StatefulSet web successful") {
		t.Errorf("web-1 not re-created:\n%s", st.Text())
	}
	_, probs := open(url.Values{"replicas": {"abc"}, "policy": {"Sometimes"}, "ops": {"x"}, "step": {"999"}})
	if len(probs) != 3 {
		t.Errorf("problems = %q", probs)
	}
	bad, _ := open(url.Values{"replicas": {"-1"}})
	if !strings.Contains(bad.Text(), "spec.replicas: Invalid value: -1: must be greater than or equal to 0") {
		t.Errorf("bad replicas not shown:\n%s", bad.Text())
	}
}

func eventsText(st *State) []string {
	var out []string
	for _, e := range st.cur().sim.Events {
		out = append(out, e.Message)
	}
	return out
}

func TestView(t *testing.T) {
	st, _ := open(url.Values{"replicas": {"abc"}, "step": {"3"}})
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/statefulsets"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Find(`[data-testid="sts-error-replicas"]`).Text(); !strings.Contains(got, `not "abc"`) {
		t.Errorf("replicas error = %q", got)
	}
	if got := doc.Find(`[data-testid="sts-dns"]`).Text(); !strings.Contains(got, "web-0.nginx.default.svc.cluster.local → 10.244.1.2") {
		t.Errorf("dns = %q", got)
	}
	if got := doc.Find(`[data-testid="sts-get-pvc"]`).Text(); !strings.Contains(got, "data-web-0   Bound") {
		t.Errorf("pvc = %q", got)
	}
	href, _ := doc.Find(`[data-testid="sts-act-delete-web-0"]`).Attr("href")
	if href != "/demos/statefulsets?ops=4:delete:web-0&replicas=abc&step=4" {
		t.Errorf("delete link = %q", href)
	}
	if doc.Find(`[data-testid="sts-pod-web-0"]`).Length() != 1 {
		t.Errorf("no web-0 in the picture")
	}
	if doc.Find(`[style]`).Length() != 0 {
		t.Errorf("inline style")
	}
}
