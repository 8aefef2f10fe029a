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
	type scenario struct {
		name string
		q    url.Values
	}
	var scenarios []scenario
	for _, p := range presets {
		scenarios = append(scenarios, scenario{p.Name, url.Values{"preset": {p.Name}}})
	}
	scenarios = append(scenarios,
		// The pdb preset with the budget removed: node-1 is nominated.
		scenario{"pdb-removed", url.Values{"preset": {"pdb"}, "pdb": {""}}},
		// minAvailable 1 of 2 healthy: one disruption allowed, node-1 again.
		scenario{"pdb-min1", url.Values{"preset": {"pdb"}, "pdb": {"1"}}},
		// The large-cluster view: spreading and bin-packing.
		scenario{"large-least", url.Values{"preset": {"large"}}},
		scenario{"large-most-5000", url.Values{"preset": {"large"}, "size": {"5000"}, "scoring": {"MostAllocated"}}},
		scenario{"large-most-150", url.Values{"preset": {"large"}, "size": {"150"}, "scoring": {"MostAllocated"}}},
	)
	for _, p := range scenarios {
		t.Run(p.name, func(t *testing.T) {
			st, probs := Open(p.q)
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
			path := filepath.Join("testdata", p.name+".golden")
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
// v1.37 writes it (framework/types.go FitError.Error, then the PostFilter
// plugins' reasons joined by runtime/framework.go RunPostFilterPlugins:
// dynamicresources.go's "no new claims to deallocate" and DefaultPreemption's
// "preemption: …").
func TestOutlineFilterTableAndFailedScheduling(t *testing.T) {
	doc := render(t, url.Values{"preset": {"outline"}, "step": {"2"}})
	if got := text(doc, "sched-filter-node-1"); !strings.Contains(got, "Insufficient cpu") {
		t.Errorf("node-1 row = %q", got)
	}
	if got := text(doc, "sched-filter-node-2"); !strings.Contains(got, "Insufficient memory") {
		t.Errorf("node-2 row = %q", got)
	}
	// PostFilter: DynamicResources runs before DefaultPreemption
	// (apis/config/v1/default_plugins.go) and gives its reason.
	doc = render(t, url.Values{"preset": {"outline"}, "step": {"3"}})
	if got := text(doc, "sched-postfilter"); !strings.Contains(got, "DynamicResources") || !strings.Contains(got, "no new claims to deallocate") ||
		strings.Index(got, "DynamicResources") > strings.Index(got, "DefaultPreemption runs") {
		t.Errorf("PostFilter pane = %q", got)
	}
	doc = render(t, url.Values{"preset": {"outline"}, "step": {"4"}})
	want := "0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
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

// The pdb preset: with db-pdb (minAvailable 2 of 2 healthy: disruptionsAllowed
// 0) node-1's victim db-0 violates the budget, so pickOneNodeForPreemption
// (preemption.go) takes node-2 on its first criterion, fewest PDB
// violations; the victims table marks db-0 as violating.
func TestPDBChangesTheNominatedNode(t *testing.T) {
	doc := render(t, url.Values{"preset": {"pdb"}, "step": {"3"}})
	if got := text(doc, "sched-decided-by"); got != "fewest PDB violations" {
		t.Errorf("decided by %q", got)
	}
	if doc.Find(`[data-testid="sched-candidate-node-2"] .sc-badge`).Length() != 1 {
		t.Errorf("node-2 is not marked nominated: %q", text(doc, "sched-candidates"))
	}
	if got := text(doc, "sched-victim-db-0"); !strings.Contains(got, "violates PDB db-pdb") {
		t.Errorf("db-0 = %q", got)
	}
	if got := text(doc, "sched-pdb-status"); !strings.Contains(got, "status.disruptionsAllowed 0") {
		t.Errorf("pdb status = %q", got)
	}
	// minAvailable 1: one disruption allowed; node-1 is nominated again,
	// now on the lowest highest-priority victim.
	doc = render(t, url.Values{"preset": {"pdb"}, "pdb": {"1"}, "step": {"3"}})
	if got := text(doc, "sched-decided-by"); got != "lowest highest-priority victim" {
		t.Errorf("decided by %q", got)
	}
	if doc.Find(`[data-testid="sched-candidate-node-1"] .sc-badge`).Length() != 1 {
		t.Errorf("node-1 is not nominated: %q", text(doc, "sched-candidates"))
	}
	if got := text(doc, "sched-victim-db-0"); !strings.Contains(got, "within PDB db-pdb") {
		t.Errorf("db-0 = %q", got)
	}
}

// A bad minAvailable is shown beside the control with the API server's
// message (pkg/apis/policy/validation: ValidatePositiveIntOrPercent), and
// the cycle goes on without the budget.
func TestBadMinAvailable(t *testing.T) {
	for in, want := range map[string]string{
		"-1":   "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0",
		"abc":  `spec.minAvailable: Invalid value: "abc": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
		"150%": `spec.minAvailable: Invalid value: "150%": must not be greater than 100%`,
	} {
		st, probs := Open(url.Values{"preset": {"pdb"}, "pdb": {in}})
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		if got := st.(*State).pdbProblem; got != want {
			t.Errorf("minAvailable %q: %q\nwant %q", in, got, want)
		}
		doc := render(t, url.Values{"preset": {"pdb"}, "pdb": {in}})
		if got := text(doc, "sched-problem-pdb"); got != want {
			t.Errorf("beside the control: %q", got)
		}
	}
}

// The large-cluster view: the heat map is one path per bucket, the table
// beside it counts the nodes, and numFeasibleNodesToFind is worked out
// (schedule_one.go: 5000 nodes → 50 − 40 = 10% → 500).
func TestLargeView(t *testing.T) {
	doc := render(t, url.Values{"preset": {"large"}, "size": {"5000"}, "scoring": {"MostAllocated"}, "step": {"10"}})
	if n := doc.Find(`[data-testid="sched-heatmap"] path.sc-heatcell`).Length(); n > 5 {
		t.Errorf("%d paths for the cells, want at most one per bucket", n)
	}
	if got := text(doc, "sched-tofind"); !strings.Contains(got, "50 − 5000/125 = 10% of 5000: each cycle stops once 500 nodes are feasible") {
		t.Errorf("to find = %q", got)
	}
	// Bin-packing: every pod sits on a full node or none does.
	full := text(doc, "sched-bucket-100%")
	empty := text(doc, "sched-bucket-0%")
	if !strings.Contains(full, "2498") || !strings.Contains(empty, "2499") {
		t.Errorf("MostAllocated: full %q, empty %q", full, empty)
	}
	if got := text(doc, "sched-lastcycle"); !strings.Contains(got, "nextStartNodeIndex") {
		t.Errorf("last cycle = %q", got)
	}
	// Spreading: every node at 50%.
	doc = render(t, url.Values{"preset": {"large"}, "size": {"5000"}, "step": {"10"}})
	if got := text(doc, "sched-bucket-50%"); !strings.Contains(got, "5000") {
		t.Errorf("LeastAllocated 50%% = %q", got)
	}
	// A bad size is shown beside its control; the view uses 1000 nodes.
	doc = render(t, url.Values{"preset": {"large"}, "size": {"12"}})
	if got := text(doc, "sched-problem-size"); !strings.Contains(got, "from 100 to 5000") {
		t.Errorf("size problem = %q", got)
	}
}

// Open at the last step of the largest view replays 10,000 cycles on the
// lean Fleet; the frame stays small.
func BenchmarkOpenLargeLastStep(b *testing.B) {
	for _, sc := range []string{"LeastAllocated", "MostAllocated"} {
		b.Run(sc, func(b *testing.B) {
			q := url.Values{"preset": {"large"}, "size": {"5000"}, "scoring": {sc}, "step": {"10"}}
			var size int
			for b.Loop() {
				st, _ := Open(q)
				var buf bytes.Buffer
				if err := st.View(templates.Link{Path: "/demos/scheduler"}).Render(context.Background(), &buf); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "frame-bytes")
		})
	}
}
