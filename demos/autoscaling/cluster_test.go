package autoscaling

// Tests of the Cluster Autoscaler part (ca=on). The numbers and messages
// come from engine/clusterautoscaler, which follows kubernetes/autoscaler
// cluster-autoscaler (core/static_autoscaler.go, core/scaleup/orchestrator,
// core/scaledown, processors/status/eventing_scale_up_processor.go), and
// from engine/hpa (kubernetes pkg/controller/podautoscaler).

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/clusterautoscaler"
)

// stepAt finds the step of the moment at t seconds.
func stepAt(t *testing.T, st *State, sec int) int {
	t.Helper()
	for i, f := range st.cframes {
		if f.T == sec {
			return i
		}
	}
	t.Fatalf("no moment at %ds", sec)
	return 0
}

// The default spike on a node group of 1..5 nodes of 1000m: a node is added
// at 1m20s for the one Pending pod and removed at 18m10s, after being
// unneeded for more than --scale-down-unneeded-time (10m) since 8m.
func TestClusterStory(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}})
	if _, total := st.Progress(); total != 240 {
		t.Fatalf("%d steps, want 240 moments in 30 minutes", total)
	}
	st.step = stepAt(t, st, 80)
	txt := st.Text()
	for _, want := range []string{
		"0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
		"TriggeredScaleUp cluster-autoscaler: pod triggered scale-up: [{pool-1 1->2 (max: 5)}]",
		"ScaledUpGroup cluster-autoscaler: Scale-up: setting group pool-1 size to 2 instead of 1 (max: 5)",
		"node-2 Provisioning (requested at 1m20s, Ready at 2m20s)",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("1m20s lacks %q:\n%s", want, txt)
		}
	}
	st.step = stepAt(t, st, 18*60+10)
	txt = st.Text()
	for _, want := range []string{
		`ScaleDownEmpty cluster-autoscaler: Scale-down: removing empty node "node-2"`,
		"node/node-2 Normal ScaleDown cluster-autoscaler: marked the node as toBeDeleted/unschedulable",
		"node-2 Deleting taint ToBeDeletedByClusterAutoscaler:NoSchedule",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("18m10s lacks %q:\n%s", want, txt)
		}
	}
	// 18m00s: unneeded for exactly 10m is not yet "before now".
	st.step = stepAt(t, st, 18*60)
	if s := st.csim(); s.CountPhase(clusterautoscaler.Deleting) != 0 || !strings.Contains(s.Describe(), "NotUnneededLongEnough") {
		t.Errorf("at 18m a node is already removed:\n%s", s.Describe())
	}
}

func TestClusterMaxSize(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}, "groupmax": {"1"}, "step": {"11"}})
	if !strings.Contains(st.Text(), "NotTriggerScaleUp cluster-autoscaler: pod didn't trigger scale-up: 1 max node group size reached") {
		t.Errorf("no NotTriggerScaleUp:\n%s", st.Text())
	}
}

// Every checkpoint's answer is what the next step does.
func TestPredictionsAreTheNextStep(t *testing.T) {
	for _, q := range []string{"", "load=ramp&max=8", "ca=on", "ca=on&groupmax=1", "ca=on&groupmax=2&nodecpu=1800m", "ca=on&load=sawtooth", "ca=on&load=ramp&nodecpu=1500m&groupmax=3"} {
		v, _ := url.ParseQuery(q)
		st := mustOpen(v)
		asked := map[string]int{}
		for {
			p, ok := st.Prediction()
			var cur *clusterautoscaler.Sim
			if st.caOn() {
				cur = st.csim()
			}
			if st.Apply(demos.Action{Kind: "step"}) != nil {
				if ok {
					t.Errorf("%s: a checkpoint at the last step", q)
				}
				break
			}
			if !ok {
				continue
			}
			if len(p.Choices) < 2 || len(p.Choices) > 6 || p.Answer < 0 || p.Answer >= len(p.Choices) || p.Why == "" {
				t.Fatalf("%s step %d: bad checkpoint %+v", q, st.step, p)
			}
			got := p.Choices[p.Answer]
			switch {
			case strings.Contains(p.Question, "How many replicas"):
				asked["replicas"]++
				var want int32
				if st.caOn() {
					want = st.csim().HPA.Replicas
				} else {
					want = st.cur().sim.Replicas
				}
				if got != strconv.Itoa(int(want)) {
					t.Errorf("%s step %d: answer %s, the sync gives %d", q, st.step, got, want)
				}
			case strings.Contains(p.Question, "add a node"):
				asked["add"]++
				added := st.csim().TargetSize() > cur.TargetSize()
				if added != strings.HasPrefix(got, "Yes") {
					t.Errorf("%s step %d: answer %q, but nodes %d -> %d", q, st.step, got, cur.TargetSize(), st.csim().TargetSize())
				}
			case strings.Contains(p.Question, "remove a node"):
				asked["remove"]++
				removed := st.csim().CountPhase(clusterautoscaler.Deleting) > cur.CountPhase(clusterautoscaler.Deleting)
				if removed != strings.HasPrefix(got, "Yes") {
					t.Errorf("%s step %d: answer %q, but deleting %d -> %d", q, st.step, got, cur.CountPhase(clusterautoscaler.Deleting), st.csim().CountPhase(clusterautoscaler.Deleting))
				}
			default:
				t.Errorf("unknown question %q", p.Question)
			}
		}
		if asked["replicas"] == 0 || strings.Contains(q, "ca=on") && asked["add"] == 0 {
			t.Errorf("%s: checkpoints asked %v", q, asked)
		}
		if (q == "ca=on" || strings.Contains(q, "1800m")) && asked["remove"] == 0 {
			t.Errorf("%s: no removal checkpoint (%v)", q, asked)
		}
	}
}

func TestClusterBadInputIsShownBesideItsControl(t *testing.T) {
	for _, c := range []struct{ key, val, want string }{
		{"groupmin", "x", "failed to set min size: x, expected integer"},
		{"groupmin", "0", "invalid node group spec: min size must be >= 1"},
		{"groupmax", "0", "invalid node group spec: max size must be greater or equal to min size"},
		{"groupmax", "11", "This demo draws at most 10 nodes: the max size must be at most 10."},
		{"nodecpu", "lots", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"},
		{"nodecpu", "100m", "A node must hold at least one pod of Deployment web: allocatable cpu 100m is less than the pod's request 200m."},
	} {
		for _, mode := range []string{"on", "off"} {
			st := mustOpen(url.Values{"ca": {mode}})
			if err := st.Apply(demos.Action{Kind: "set", Key: c.key, Value: c.val}); err != nil {
				t.Fatal(err)
			}
			if got := render(t, st).Find(`[data-testid="as-error-` + c.key + `"]`).Text(); got != c.want {
				t.Errorf("ca=%s %s=%s: %q, want %q", mode, c.key, c.val, got, c.want)
			}
			again, p := open(st.Query())
			if len(p) > 0 || again.Text() != st.Text() {
				t.Errorf("%s=%s is not reproduced by the URL %q", c.key, c.val, st.Query().Encode())
			}
		}
	}
	if _, p := open(url.Values{"ca": {"maybe"}}); len(p) != 1 || !strings.Contains(p[0], "ca must be on or off") {
		t.Errorf("problems = %v", p)
	}
	if _, p := open(url.Values{"ca": {"on"}, "step": {"999"}}); len(p) != 1 || !strings.Contains(p[0], "240 moments") {
		t.Errorf("problems = %v", p)
	}
	if st := mustOpen(url.Values{"ca": {"on"}}); st.Apply(demos.Action{Kind: "set", Key: "ca", Value: "maybe"}) == nil {
		t.Error("ca=maybe was accepted")
	}
}

func TestClusterView(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}, "step": {"11"}})
	doc := render(t, st)
	if n := doc.Find(`[data-testid="as-group"] g.as-col`).Length(); n != 3 {
		t.Errorf("%d columns, want node-1, node-2 and Pending", n)
	}
	if n := doc.Find(`[data-testid="as-col-node-1"] rect.as-slot`).Length(); n != 5 {
		t.Errorf("node-1 holds %d pods, want 5", n)
	}
	if n := doc.Find(`[data-testid="as-col-Pending"] rect.as-slot`).Length(); n != 1 {
		t.Errorf("%d Pending pods drawn, want 1", n)
	}
	if got := doc.Find(`[data-testid="as-col-node-2"]`).Text(); !strings.Contains(got, "Provisioning") || !strings.Contains(got, "Ready at 2m20s") {
		t.Errorf("node-2 = %q", got)
	}
	if got := doc.Find(`[data-testid="as-scan"]`).Text(); !strings.Contains(got, "pool-1 1 → 2 (max 5)") {
		t.Errorf("scan = %q", got)
	}
	if got := doc.Find(`[data-testid="as-log"] tr.here`).Text(); !strings.Contains(got, "TriggeredScaleUp") || !strings.Contains(got, "ScaledUpGroup") {
		t.Errorf("this moment's events = %q", got)
	}
	// Each event links to the moment it happened, without JavaScript too.
	a := doc.Find(`[data-testid="as-log"] a[data-action="goto"]`).First()
	if href, _ := a.Attr("href"); href != "/demos/autoscaling?ca=on&step=11" {
		t.Errorf("event link %q", href)
	}
	if got := doc.Find(`[data-testid="as-status"]`).Text(); !strings.Contains(got, "status: InProgress") || !strings.Contains(got, "cloudProviderTarget: 2") {
		t.Errorf("status ConfigMap = %q", got)
	}
	if got := doc.Find(`[data-testid="as-calog"]`).Text(); !strings.Contains(got, "Final scale-up plan: [{pool-1 1->2 (max: 5)}]") {
		t.Errorf("CA log = %q", got)
	}
	if got := doc.Find(`[data-testid="as-flags"]`).Text(); !strings.Contains(got, "--nodes=1:5:pool-1") || !strings.Contains(got, "--scale-down-unneeded-time=10m") {
		t.Errorf("flags = %q", got)
	}
	if got := doc.Find(`[data-testid="as-get-hpa"]`).Text(); !strings.Contains(got, "80s") {
		t.Errorf("kubectl get hpa at 1m20s = %q", got)
	}
	if doc.Find(`[style]`).Length() > 0 {
		t.Error("inline style found")
	}
	doc.Find("input, select").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if id != "" && doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("control %s has no label", id)
		}
	})
}

// The URL is the state at every moment, and Back is exact.
func TestClusterBackIsExact(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}, "groupmax": {"2"}, "nodecpu": {"1800m"}})
	var texts []string
	for {
		texts = append(texts, st.Text())
		again, p := open(st.Query())
		if len(p) > 0 || again.Text() != st.Text() {
			t.Fatalf("Open(%q) does not reproduce step %d", st.Query().Encode(), st.step)
		}
		if st.Apply(demos.Action{Kind: "step"}) != nil {
			break
		}
	}
	for i := len(texts) - 2; i >= 0; i-- {
		if err := st.Apply(demos.Action{Kind: "back"}); err != nil {
			t.Fatal(err)
		}
		if st.Text() != texts[i] {
			t.Fatalf("back to %d differs", i)
		}
	}
}
