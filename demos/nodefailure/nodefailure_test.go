package nodefailure

import (
	"bytes"
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/internal/golden"
	"github.com/kubeviz/kubeviz/web/templates"
)

// scenarios are replayed step by step into testdata/<name>.golden
// (-update rewrites them). The cluster's behaviour comes from
// engine/nodelifecycle, which follows kubernetes
// pkg/controller/nodelifecycle/node_lifecycle_controller.go,
// pkg/controller/tainteviction/taint_eviction.go, pkg/kubelet/nodelease
// and pkg/controller/replicaset/replica_set.go.
var scenarios = []struct{ name, query string }{
	{"default", ""},
	{"network-back-in-time", "node=node-1&failure=network&returnAfter=120"},
	{"never-back", "node=node-2&returnAfter=never"},
	{"short-toleration", "tolerationSeconds=30&returnAfter=never"},
	{"bad-input", "returnAfter=soon&tolerationSeconds=5m"},
}

func replay(t *testing.T, query string) (string, *State) {
	t.Helper()
	q, _ := url.ParseQuery(query)
	st, _ := open(q)
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
	return b.String(), st
}

func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			got, _ := replay(t, sc.query)
			golden.Check(t, filepath.Join("testdata", sc.name+".golden"), got)
		})
	}
}

func render(t *testing.T, st demos.State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/node-failure"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// stepOf is the first step of the default story whose actor and first
// line match.
func stepOf(t *testing.T, st *State, kind string) int {
	t.Helper()
	for i, f := range st.frames {
		if string(f.step.Kind) == kind {
			return i
		}
	}
	t.Fatalf("no %s step", kind)
	return 0
}

// The view follows upstream's names and messages: Ready=Unknown with
// NodeStatusUnknown "Kubelet stopped posting node status." after the 50 s
// grace period (node_lifecycle_controller.go tryUpdateNodeHealth), kubectl
// get nodes NotReady, the unreachable taints, and the eviction 300 s after
// the NoExecute taint (taint_eviction.go).
func TestView(t *testing.T) {
	st, _ := open(nil)
	doc := render(t, st)
	if n := doc.Find(`[data-testid="nf-nodes"] > li`).Length(); n != 3 {
		t.Errorf("%d node cards, want 3", n)
	}
	if got := doc.Find(`[data-testid="nf-clock"]`).Text(); got != "10:00:00" {
		t.Errorf("clock at step 0 = %q", got)
	}

	st.step = stepOf(t, st, "unknown")
	doc = render(t, st)
	if got := doc.Find(`[data-testid="nf-clock"]`).Text(); got != "10:01:10" {
		t.Errorf("NotReady at %q, want 10:01:10 (last heard 10:00:15, first 5 s pass more than 50 s later)", got)
	}
	if got := doc.Find(`[data-testid="nf-get-nodes"]`).Text(); !strings.Contains(got, "node-3   NotReady   <none>") {
		t.Errorf("kubectl get nodes = %q", got)
	}
	desc := doc.Find(`[data-testid="nf-describe-node"]`).Text()
	for _, want := range []string{"Ready            Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", "RenewTime:       Mon, 01 Jun 2026 10:00:14 +0000", "Taints:             node.kubernetes.io/unreachable:NoSchedule", "NodeNotReady"} {
		if !strings.Contains(desc, want) {
			t.Errorf("describe node lacks %q:\n%s", want, desc)
		}
	}
	if got := doc.Find(`[data-testid="nf-get-pods"]`).Text(); !strings.Contains(got, "1/1     Running") {
		t.Errorf("the pod on the dead node should still print 1/1 Running: %q", got)
	}
	if got := doc.Find(`[data-testid="nf-ready"]`).Text(); got != "ready 2/3" {
		t.Errorf("deployment ready = %q", got)
	}
	if doc.Find(`[data-testid="nf-quiet"]`).Length() != 1 {
		t.Error("the skipped seconds are not shown")
	}

	st.step = stepOf(t, st, "evict")
	doc = render(t, st)
	if got := doc.Find(`[data-testid="nf-clock"]`).Text(); got != "10:06:15" {
		t.Errorf("eviction at %q, want 10:06:15 (taint at 10:01:15 + 300 s)", got)
	}
	if got := doc.Find(`[data-testid="nf-events"]`).Text(); !strings.Contains(got, "TaintManagerEviction") || !strings.Contains(got, "Marking for deletion Pod default/web-") {
		t.Errorf("events = %q", got)
	}
	if got := doc.Find(`[data-testid="nf-get-pods"]`).Text(); !strings.Contains(got, "Terminating") {
		t.Errorf("pods = %q", got)
	}
	pod := doc.Find(`[data-testid="nf-describe-pod"]`).Text()
	for _, want := range []string{"Status:                    Terminating (lasts <invalid>)", "  Ready                       False", "  ContainersReady             True", "  DisruptionTarget            True", "Tolerations:  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s", "node.kubernetes.io/unreachable:NoExecute op=Exists for 300s"} {
		if !strings.Contains(pod, want) {
			t.Errorf("describe pod lacks %q:\n%s", want, pod)
		}
	}

	// The end: node-3 is back and untainted.
	st.step = len(st.frames) - 1
	doc = render(t, st)
	if got := doc.Find(`[data-testid="nf-taints-node-3"]`).Text(); strings.Contains(got, "unreachable") {
		t.Errorf("taints at the end = %q", got)
	}
	if got := doc.Find(`[data-testid="nf-get-nodes"]`).Text(); strings.Contains(got, "NotReady") {
		t.Errorf("kubectl get nodes at the end = %q", got)
	}
}

// Bad input is state: shown beside its control, and Open reproduces it.
func TestBadInput(t *testing.T) {
	st, _ := Open(nil)
	if err := st.Apply(demos.Action{Kind: "set", Key: "returnAfter", Value: "soon"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "tolerationSeconds", Value: "5m"}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []demos.State{st, func() demos.State { s, _ := Open(st.Query()); return s }()} {
		doc := render(t, s)
		if got := doc.Find(`[data-testid="nf-error-returnAfter"]`).Text(); !strings.Contains(got, `not "soon"`) {
			t.Errorf("returnAfter error = %q", got)
		}
		if got := doc.Find(`[data-testid="nf-error-tolerationSeconds"]`).Text(); !strings.Contains(got, `"5m" is not one`) {
			t.Errorf("tolerationSeconds error = %q", got)
		}
		if v, _ := doc.Find(`[data-testid="nf-input-returnAfter"]`).Attr("value"); v != "soon" {
			t.Errorf("the field lost what was typed: %q", v)
		}
	}
	if _, probs := Open(url.Values{"node": {"node-9"}, "failure": {"fire"}, "step": {"x"}}); len(probs) != 3 {
		t.Errorf("problems = %v, want 3", probs)
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "node", Value: "node-9"}); err == nil {
		t.Error("a node that does not exist was accepted")
	}
}
