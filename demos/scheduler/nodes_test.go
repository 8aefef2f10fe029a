package scheduler

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"

	"github.com/kubeviz/kubeviz/demos"
)

// An edited cluster replays like a preset: node-4 is added with
// disktype=ssd, node-2 loses its dedicated taint, node-3 shrinks to 1 CPU.
func TestGoldenEditedCluster(t *testing.T) {
	q := url.Values{"preset": {"taints"}, "nodes": {"4"}, "taint": {"node-2:dedicated-"},
		"label": {"node-4:disktype=ssd"}, "capacity": {"node-3:cpu=1,memory=2Gi"}}
	st, probs := Open(q)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var b strings.Builder
	for {
		b.WriteString("=== " + st.Query().Encode() + "\n" + st.Text() + "\n")
		if st.Apply(demos.Action{Kind: "step"}) != nil {
			break
		}
	}
	path := filepath.Join("testdata", "edited.golden")
	golden.Check(t, path, b.String())
}

// A node edit re-runs the cycle from step 0 and is kept in the URL.
func TestNodeEditActions(t *testing.T) {
	st, _ := Open(url.Values{"preset": {"taints"}, "step": {"3"}})
	if err := st.Apply(demos.Action{Kind: "set", Key: "taint", Value: "node-2:dedicated-"}); err != nil {
		t.Fatal(err)
	}
	if step, _ := st.Progress(); step != 0 {
		t.Errorf("step = %d after a node edit", step)
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "nodes", Value: "5"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "label", Value: "node-5:disktype=ssd"}); err != nil {
		t.Fatal(err)
	}
	if got := st.Query().Encode(); got != "label=node-5%3Adisktype%3Dssd&nodes=5&preset=taints&taint=node-2%3Adedicated-" {
		t.Errorf("query = %s", got)
	}
	// Removing node-5 drops its edit.
	if err := st.Apply(demos.Action{Kind: "set", Key: "nodes", Value: "4"}); err != nil {
		t.Fatal(err)
	}
	if st.Query().Has("label") {
		t.Errorf("the removed node's label stayed: %s", st.Query().Encode())
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "label", Value: "node-9:a=b"}); err == nil {
		t.Errorf("an edit of an unknown node was accepted")
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "nodes", Value: "99"}); err == nil {
		t.Errorf("99 nodes were accepted")
	}
}

// Taking the taint off node-2 and labelling it lets the pod go there; the
// Filter table shows it.
func TestNodeEditChangesTheFilterTable(t *testing.T) {
	doc := render(t, url.Values{"preset": {"taints"}, "step": {"2"}})
	if got := text(doc, "sched-filter-node-2"); !strings.Contains(got, "untolerated taint") {
		t.Fatalf("node-2 row = %q", got)
	}
	doc = render(t, url.Values{"preset": {"taints"}, "step": {"2"}, "taint": {"node-2:dedicated-"}})
	if got := text(doc, "sched-filter-node-2"); strings.Contains(got, "taint") {
		t.Errorf("node-2 row = %q", got)
	}
	doc = render(t, url.Values{"preset": {"taints"}, "nodes": {"4"}, "step": {"2"}})
	if doc.Find(`[data-testid="sched-filter-node-4"]`).Length() != 1 {
		t.Errorf("no row for the added node-4")
	}
	// The no-JavaScript form keeps the rest of the state and starts at step 0.
	form := doc.Find(`[data-testid="sched-edit-taint-node-4"]`)
	if v, _ := form.Find(`input[name="nodes"]`).Attr("value"); v != "4" {
		t.Errorf("hidden nodes = %q", v)
	}
	if form.Find(`input[name="step"]`).Length() != 0 {
		t.Errorf("the node form keeps the step")
	}
	if v, _ := form.Find(`[data-testid="sched-input-taint-node-4"]`).Attr("data-action"); v != "set" {
		t.Errorf("data-action = %q", v)
	}
}

// Bad edits are shown beside their control with the API server's messages.
func TestBadNodeEdits(t *testing.T) {
	doc := render(t, url.Values{
		"taint":    {"node-1:dedicated=gpu:NoScheduleX"},
		"label":    {"node-2:disk type=ssd"},
		"capacity": {"node-3:cpu=lots"},
	})
	cases := map[string]string{
		"sched-problem-taint-node-1":    `spec.taints[0].effect: Unsupported value: "NoScheduleX": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
		"sched-problem-label-node-2":    `metadata.labels: Invalid value: "disk type": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		"sched-problem-capacity-node-3": `status.allocatable[cpu]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
	}
	for id, want := range cases {
		if got := text(doc, id); got != want {
			t.Errorf("%s = %q\nwant %q", id, got, want)
		}
	}
}
