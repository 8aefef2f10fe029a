package scheduler

import (
	"bytes"
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// TestGolden replays every preset from step 0 to the last step and compares
// the text of each step with testdata/<preset>.golden.
func TestGolden(t *testing.T) {
	for _, p := range presets {
		t.Run(p.Name, func(t *testing.T) {
			st, probs := Open(url.Values{"preset": {p.Name}})
			if len(probs) > 0 {
				t.Fatal(probs)
			}
			var b strings.Builder
			for {
				b.WriteString("=== " + st.Query().Encode() + "\n")
				b.WriteString(st.Text())
				b.WriteString("\n")
				if st.Apply(demos.Action{Kind: "step"}) != nil {
					break
				}
			}
			path := filepath.Join("testdata", p.Name+".golden")
			golden.Check(t, path, b.String())
		})
	}
}

func render(t *testing.T, q url.Values) *goquery.Document {
	t.Helper()
	st, probs := Open(q)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/scheduler"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func text(doc *goquery.Document, testid string) string {
	return strings.TrimSpace(doc.Find(`[data-testid="` + testid + `"]`).Text())
}

// The outline's example: the Filter table names the plugin's reason on each
// node, and the last step shows FailedScheduling exactly as kube-scheduler
// v1.37 writes it (framework/types.go FitError.Error plus DefaultPreemption's
// "preemption: " prefix).
func TestOutlineFilterTableAndFailedScheduling(t *testing.T) {
	doc := render(t, url.Values{"preset": {"outline"}, "step": {"2"}})
	if got := text(doc, "sched-filter-node-1"); !strings.Contains(got, "Insufficient cpu") {
		t.Errorf("node-1 row = %q", got)
	}
	if got := text(doc, "sched-filter-node-2"); !strings.Contains(got, "Insufficient memory") {
		t.Errorf("node-2 row = %q", got)
	}
	doc = render(t, url.Values{"preset": {"outline"}, "step": {"4"}})
	want := "0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
	if got := text(doc, "sched-failed-message"); got != want {
		t.Errorf("FailedScheduling = %q\nwant %q", got, want)
	}
	if got := text(doc, "sched-describe"); !strings.Contains(got, "Warning  FailedScheduling  1s    default-scheduler  "+want) {
		t.Errorf("describe = %q", got)
	}
}

// Lowering the CPU request makes node-1 fit: no Insufficient cpu any more.
func TestChangingCPUChangesTheFilterTable(t *testing.T) {
	doc := render(t, url.Values{"preset": {"outline"}, "cpu": {"500m"}, "memory": {"512Mi"}, "step": {"2"}})
	if got := text(doc, "sched-filter-node-1"); strings.Contains(got, "Insufficient") {
		t.Errorf("node-1 row = %q", got)
	}
	if doc.Find(`[data-testid="sched-filter-table"] tr.feasible`).Length() != 3 {
		t.Errorf("want 3 feasible rows")
	}
}

// Bad input is shown beside its control with the API server's message.
func TestBadQuantityBesideTheControl(t *testing.T) {
	doc := render(t, url.Values{"cpu": {"abc"}})
	got := text(doc, "sched-problem-cpu")
	want := `spec.containers[0].resources.requests[cpu]: Invalid value: "abc": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`
	if got != want {
		t.Errorf("problem = %q\nwant %q", got, want)
	}
	if v, _ := doc.Find(`[data-testid="sched-input-cpu"]`).Attr("aria-invalid"); v != "true" {
		t.Errorf("the control is not marked invalid")
	}
}

// Scoring: the fits preset shows NodeResourcesFit's arithmetic and the Bind
// step the Scheduled event.
func TestScoreAndBind(t *testing.T) {
	st, _ := Open(url.Values{})
	_, total := st.Progress()
	doc := render(t, url.Values{"step": {"6"}})
	if total != 6 {
		t.Fatalf("total steps = %d", total)
	}
	if got := text(doc, "sched-total-node-3"); got == "" {
		t.Errorf("no total for node-3")
	}
	if got := text(doc, "sched-events"); !strings.Contains(got, "Successfully assigned default/web to node-3") {
		t.Errorf("events = %q", got)
	}
	if got := text(doc, "sched-binding"); !strings.Contains(got, "kind: Binding") || !strings.Contains(got, "name: node-3") {
		t.Errorf("binding = %q", got)
	}
}

// Preemption evicts the priority-0 web pod rather than a batch-low report:
// pickOneNodeForPreemption prefers the lowest highest-priority victim.
func TestPreemptionPicksTheLowestVictim(t *testing.T) {
	doc := render(t, url.Values{"preset": {"preemption"}, "step": {"3"}})
	got := text(doc, "sched-postfilter")
	if !strings.Contains(got, "Evicting web-0 on node-3") {
		t.Errorf("postfilter = %q", got)
	}
}

func TestCordonAction(t *testing.T) {
	st, _ := Open(url.Values{"preset": {"outline"}, "cpu": {"100m"}, "memory": {"128Mi"}})
	if err := st.Apply(demos.Action{Kind: "cordon", Value: "node-1"}); err != nil {
		t.Fatal(err)
	}
	if q := st.Query().Get("cordon"); q != "node-1" {
		t.Errorf("cordon = %q", q)
	}
	if err := st.Apply(demos.Action{Kind: "cordon", Value: "node-9"}); err == nil {
		t.Errorf("cordoning an unknown node was accepted")
	}
}
