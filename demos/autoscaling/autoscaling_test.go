package autoscaling

// Golden replays and view tests of the HPA demo. The numbers come from
// engine/hpa, which follows kubernetes pkg/controller/podautoscaler/
// horizontal.go and replica_calculator.go; kubectl get hpa follows
// pkg/printers/internalversion/printers.go (printHorizontalPodAutoscaler).

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
	"github.com/kubeviz/kubeviz/engine/hpa"
	"github.com/kubeviz/kubeviz/web/templates"
)

var scenarios = []struct{ name, query string }{
	{"spike", ""},
	{"steady", "load=steady"},
	{"ramp", "load=ramp&max=8"},
	{"sawtooth", "load=sawtooth&target=60"},
	{"min-above-current", "load=steady&min=4&max=6"},
	// The Cluster Autoscaler (kubernetes/autoscaler cluster-autoscaler):
	// a node added for the spike and removed after the 10-minute
	// --scale-down-unneeded-time; a group at its max size; big nodes where
	// the removed node has to be drained; a ramp.
	{"ca-spike", "ca=on"},
	{"ca-max-size", "ca=on&groupmax=1"},
	{"ca-drain", "ca=on&groupmax=2&nodecpu=1800m"},
	{"ca-ramp", "ca=on&load=ramp&nodecpu=1500m&groupmax=3"},
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
			fmt.Fprintf(&b, "# autoscaling ?%s (Kubernetes v1.37)\n", sc.query)
			for {
				if st.caOn() {
					fmt.Fprintf(&b, "\n%s\n", st.Narration())
				} else {
					s := st.cur().sim
					fmt.Fprintf(&b, "\n%s\n%s\n", st.Narration(), strings.Split(s.GetHPA(), "\n")[1])
				}
				// The contract: the URL reproduces the state.
				again, p := open(st.Query())
				if len(p) > 0 || again.Text() != st.Text() {
					t.Fatalf("Open(%q) does not reproduce step %d (%v)", st.Query().Encode(), st.step, p)
				}
				if st.Apply(demos.Action{Kind: "step"}) != nil {
					break
				}
			}
			b.WriteString("\n# The last step in full:\n\n" + st.Text())
			path := filepath.Join("testdata", sc.name+".golden")
			golden.Check(t, path, b.String())
		})
	}
}

func TestBackIsExact(t *testing.T) {
	st, _ := open(nil)
	var texts []string
	for i := 0; i <= Syncs; i++ {
		texts = append(texts, st.Text())
		if i < Syncs {
			if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st.Apply(demos.Action{Kind: "step"}) == nil {
		t.Error("a step past the last was accepted")
	}
	for i := Syncs - 1; i >= 0; i-- {
		if err := st.Apply(demos.Action{Kind: "back"}); err != nil {
			t.Fatal(err)
		}
		if st.Text() != texts[i] {
			t.Fatalf("back to %d differs", i)
		}
	}
	if st.Apply(demos.Action{Kind: "nope"}) == nil {
		t.Error("unknown action accepted")
	}
}

// The spike scenario shows each mechanism at a known step.
func TestSpikeStory(t *testing.T) {
	st, _ := open(url.Values{"step": {"5"}})
	txt := st.Text()
	// Sync 5 (t=60s): 1800m over 2 pods = 450%, ratio 9, proposal 18;
	// the default policies allow max(2+4, 2×2) = 6.
	for _, want := range []string{
		"cpu: 450%/50%",
		"ScalingLimited True ScaleUpLimit: the desired replica count is increasing faster than the maximum scale rate",
		"New size: 6; reason: cpu resource utilization (percentage of request) above target",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("step 5 lacks %q:\n%s", want, txt)
		}
	}
	// After the spike (syncs 5–12) the load drops at sync 13, but the
	// replicas stay until the spike's recommendations leave the 300 s window.
	st, _ = open(url.Values{"step": {"14"}})
	if !strings.Contains(st.Text(), "ScaleDownStabilized") {
		t.Errorf("step 14 is not stabilized:\n%s", st.Text())
	}
}

func TestBadInputIsShownBesideItsControl(t *testing.T) {
	st, _ := open(nil)
	for _, a := range []demos.Action{{Kind: "set", Key: "min", Value: "2"}, {Kind: "set", Key: "target", Value: "x"}} {
		if err := st.Apply(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "max", Value: "0"}); err != nil {
		t.Fatal(err)
	}
	doc := render(t, st)
	for key, want := range map[string]string{
		"max":    "spec.maxReplicas: Invalid value: 0: must be greater than 0\nspec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`",
		"target": `spec.metrics[0].resource.target.averageUtilization: Invalid value: "x": must be a whole number`,
	} {
		if got := doc.Find(`[data-testid="as-error-` + key + `"]`).Text(); got != want {
			t.Errorf("error beside %s = %q, want %q", key, got, want)
		}
	}
	again, p := open(st.Query())
	if len(p) > 0 || again.Text() != st.Text() {
		t.Errorf("bad input is not reproduced by the URL %q", st.Query().Encode())
	}
	if got := render(t, mustOpen(url.Values{"min": {"0"}})).Find(`[data-testid="as-error-min"]`).Text(); got != "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1" {
		t.Errorf("min 0: %q", got)
	}
	st2, _ := open(url.Values{"min": {"5"}, "max": {"3"}})
	if got := render(t, st2).Find(`[data-testid="as-error-max"]`).Text(); got != "spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`" {
		t.Errorf("max < min: %q", got)
	}
	if _, p := open(url.Values{"load": {"wave"}, "step": {"99"}}); len(p) != 2 {
		t.Errorf("problems = %v", p)
	}
}

func render(t *testing.T, st *State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/autoscaling"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestView(t *testing.T) {
	st, _ := open(url.Values{"step": {"6"}})
	doc := render(t, st)
	if got := doc.Find(`[data-testid="as-get-hpa"]`).Text(); !strings.Contains(got, "NAME   REFERENCE") || !strings.Contains(got, "Deployment/web") {
		t.Errorf("kubectl get hpa = %q", got)
	}
	if n := doc.Find(`[data-testid="as-chart"] rect.as-bar`).Length(); n != 7 {
		t.Errorf("%d bars, want 7 (steps 0–6)", n)
	}
	if n := doc.Find(`[data-testid="as-pods"] li`).Length(); n != int(st.cur().sim.Replicas) {
		t.Errorf("%d pods drawn, want %d", n, st.cur().sim.Replicas)
	}
	if doc.Find(`[data-testid="as-conditions"] tbody tr`).Length() != 3 {
		t.Error("want 3 conditions")
	}
	if !strings.Contains(doc.Find(`[data-testid="as-events"]`).Text(), "horizontal-pod-autoscaler") {
		t.Error("events lack their source")
	}
	if !strings.Contains(doc.Find(`[data-testid="as-note"]`).Text(), "outdated") {
		t.Error("the note does not say the outline's cooldown is outdated")
	}
	doc.Find("input, select").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if id != "" && doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("control %s has no label", id)
		}
	})
	if doc.Find(`[style]`).Length() > 0 {
		t.Error("inline style found")
	}
}

func mustOpen(q url.Values) *State {
	st, _ := open(q)
	return st
}

// TestDescribeEvents: kubectl describe hpa lists events oldest first
// (staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents,
// SortableEvents by lastTimestamp), and the recorder has folded a repeat of
// an identical event into one with a count (client-go
// tools/record/events_cache.go), shown as "15s (x2 over 45s)".
func TestDescribeEvents(t *testing.T) {
	up := "New size: 4; reason: cpu resource utilization (percentage of request) above target"
	down := "New size: 2; reason: All metrics below target"
	got := describeEvents([]hpa.Event{
		{T: 0, Type: "Normal", Reason: "SuccessfulRescale", Message: up},
		{T: 15, Type: "Normal", Reason: "SuccessfulRescale", Message: down},
		{T: 30, Type: "Normal", Reason: "SuccessfulRescale", Message: up},
	}, 45)
	want := []templates.ASEvent{
		{Type: "Normal", Reason: "SuccessfulRescale", Age: "30s", From: "horizontal-pod-autoscaler", Message: down},
		{Type: "Normal", Reason: "SuccessfulRescale", Age: "15s (x2 over 45s)", From: "horizontal-pod-autoscaler", Message: up},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("events\n got %v\nwant %v", got, want)
	}
	// In the spike scenario the first rescale (2 → 6 at 60s) comes before
	// the second (6 → 10 at 75s) in the table.
	doc := render(t, mustOpen(url.Values{"step": {"8"}}))
	rows := doc.Find(`[data-testid="as-events"] tbody tr`)
	if rows.Length() != 2 || !strings.Contains(rows.Eq(0).Text(), "New size: 6;") || !strings.Contains(rows.Eq(1).Text(), "New size: 10;") {
		t.Errorf("events at step 8 are not oldest first: %q", rows.Text())
	}
}
