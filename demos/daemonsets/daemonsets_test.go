package daemonsets

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

// scenarios are replayed step by step into testdata/<name>.golden. The
// controller's behaviour comes from engine/daemonset, which follows
// kubernetes pkg/controller/daemon/daemon_controller.go, update.go and
// util/daemonset_util.go.
var scenarios = []struct{ name, query string }{
	{"default", ""},
	{"selector-ssd", "nodeSelector=disktype=ssd"},
	{"control-plane", "tolerateControlPlane=true"},
	{"bad-selector", "nodeSelector=disk type=ssd"},
}

func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(sc.query)
			st, probs := Open(q)
			if len(probs) != 0 {
				t.Fatalf("problems: %v", probs)
			}
			var b strings.Builder
			_, total := st.Progress()
			for i := 0; ; i++ {
				b.WriteString("=== " + st.Narration() + "\n")
				b.WriteString(st.Text())
				b.WriteString("\n")
				if i == total {
					break
				}
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join("testdata", sc.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(want) != b.String() {
				t.Errorf("%s differs from the replay; rerun with -update and review the diff", path)
			}
		})
	}
}

func render(t *testing.T, st demos.State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/daemonsets"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The view shows the nodes, the pods, the counts of kubectl get daemonset
// and the SuccessfulCreate events (controller_utils.go "Created pod: %v").
func TestView(t *testing.T) {
	st, _ := Open(url.Values{"step": {"2"}})
	doc := render(t, st)
	if n := doc.Find(`[data-testid="ds-nodes"] > li`).Length(); n != 3 {
		t.Errorf("%d node cards, want 3", n)
	}
	if got := doc.Find(`[data-testid="ds-node-control-plane"] .dsd-verdict`).Text(); !strings.Contains(got, "untolerated taint node-role.kubernetes.io/control-plane:NoSchedule") {
		t.Errorf("control-plane verdict = %q", got)
	}
	for c, want := range map[string]string{"DESIRED": "2", "CURRENT": "2", "READY": "2", "UP-TO-DATE": "2", "AVAILABLE": "2"} {
		if got := doc.Find(`[data-testid="ds-count-` + c + `"]`).Text(); got != want {
			t.Errorf("%s = %q, want %s", c, got, want)
		}
	}
	ev := doc.Find(`[data-testid="ds-events"] tbody tr`)
	if ev.Length() != 2 || !strings.HasPrefix(ev.First().Find("td").Eq(4).Text(), "Created pod: fluentd-") || ev.First().Find("td").Eq(1).Text() != "SuccessfulCreate" {
		t.Errorf("events = %q", ev.Text())
	}
	if got := doc.Find(`[data-testid="ds-get-ds"]`).Text(); !strings.HasPrefix(got, "NAME      DESIRED   CURRENT   READY     UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE") {
		t.Errorf("kubectl get daemonset = %q", got)
	}
	if doc.Find(`[data-testid="ds-rollout"]`).Length() != 0 {
		t.Errorf("rollout status before kubectl set image")
	}

	// With the toleration, the control-plane node runs a pod too.
	st, _ = Open(url.Values{"tolerateControlPlane": {"true"}, "step": {"2"}})
	doc = render(t, st)
	if got := doc.Find(`[data-testid="ds-count-DESIRED"]`).Text(); got != "3" {
		t.Errorf("DESIRED with the toleration = %q, want 3", got)
	}
	if doc.Find(`[data-testid="ds-node-control-plane"] .dsd-pod.ready`).Length() != 1 {
		t.Errorf("no Ready pod drawn on control-plane")
	}

	// The last step: the rolling update is done.
	st, _ = Open(url.Values{"step": {"999"}})
	doc = render(t, st)
	if got := doc.Find(`[data-testid="ds-rollout"]`).Text(); got != `daemon set "fluentd" successfully rolled out` {
		t.Errorf("rollout status at the end = %q", got)
	}
}

// A bad nodeSelector is state: shown beside its control with the API
// server's message (metav1validation.ValidateLabels), not an Apply error.
func TestBadSelector(t *testing.T) {
	st, _ := Open(nil)
	if err := st.Apply(demos.Action{Kind: "set", Key: "nodeSelector", Value: "disk type=ssd"}); err != nil {
		t.Fatal(err)
	}
	doc := render(t, st)
	got := doc.Find(`[data-testid="ds-error-nodeSelector"]`).Text()
	if !strings.Contains(got, `spec.template.spec.nodeSelector: Invalid value: "disk type": name part must consist of alphanumeric characters`) {
		t.Errorf("error = %q", got)
	}
	if _, probs := Open(url.Values{"tolerateControlPlane": {"maybe"}, "step": {"x"}}); len(probs) != 2 {
		t.Errorf("problems = %v, want 2", probs)
	}
}
