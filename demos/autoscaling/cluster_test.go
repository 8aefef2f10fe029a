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
	"github.com/kubeviz/kubeviz/engine/hpa"
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

// The default spike on a node group of 1..5 nodes of 1000m: the HPA scales
// 2 → 6 at 1m (its syncs at 0s, when it is created, then every 15 s), a
// node is added at 1m10s for the one Pending pod and removed at 18m, after
// being unneeded for more than --scale-down-unneeded-time (10m) since 7m50s.
func TestClusterStory(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}})
	// The HPA's first sync at 0s, then 240 moments (every 10 s and 15 s)
	// up to 30m.
	if _, total := st.Progress(); total != 241 {
		t.Fatalf("%d steps, want 241 moments in 30 minutes", total)
	}
	st.step = stepAt(t, st, 70)
	txt := st.Text()
	for _, want := range []string{
		// The scheduler's FailedScheduling (engine/scheduler; its PostFilter
		// part is checked there): the filter result, then DefaultPreemption's.
		"0/1 nodes are available: 1 Insufficient cpu. ",
		"preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
		"TriggeredScaleUp cluster-autoscaler: pod triggered scale-up: [{pool-1 1->2 (max: 5)}]",
		"ScaledUpGroup cluster-autoscaler: Scale-up: setting group pool-1 size to 2 instead of 1 (max: 5)",
		"node-2 Provisioning (requested at 1m10s, Ready at 2m10s)",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("1m10s lacks %q:\n%s", want, txt)
		}
	}
	st.step = stepAt(t, st, 18*60)
	txt = st.Text()
	for _, want := range []string{
		`ScaleDownEmpty cluster-autoscaler: Scale-down: removing empty node "node-2"`,
		"node/node-2 Normal ScaleDown cluster-autoscaler: marked the node as toBeDeleted/unschedulable",
		"node-2 Deleting taint ToBeDeletedByClusterAutoscaler:NoSchedule",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("18m lacks %q:\n%s", want, txt)
		}
	}
	// 17m50s: unneeded for exactly 10m is not yet "before now".
	st.step = stepAt(t, st, 17*60+50)
	if s := st.csim(); s.CountPhase(clusterautoscaler.Deleting) != 0 || !strings.Contains(s.Describe(), "NotUnneededLongEnough") {
		t.Errorf("at 17m50s a node is already removed:\n%s", s.Describe())
	}
}

func TestClusterMaxSize(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}, "groupmax": {"1"}, "step": {"10"}})
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
	if _, p := open(url.Values{"ca": {"on"}, "step": {"999"}}); len(p) != 1 || !strings.Contains(p[0], "241 moments") {
		t.Errorf("problems = %v", p)
	}
	if st := mustOpen(url.Values{"ca": {"on"}}); st.Apply(demos.Action{Kind: "set", Key: "ca", Value: "maybe"}) == nil {
		t.Error("ca=maybe was accepted")
	}
}

func TestClusterView(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}, "step": {"10"}}) // 1m10s: the scale-up
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
	if got := doc.Find(`[data-testid="as-col-node-2"]`).Text(); !strings.Contains(got, "Provisioning") || !strings.Contains(got, "Ready at 2m10s") {
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
	if href, _ := a.Attr("href"); href != "/demos/autoscaling?ca=on&step=10" {
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
	if got := doc.Find(`[data-testid="as-get-hpa"]`).Text(); !strings.Contains(got, "70s") {
		t.Errorf("kubectl get hpa at 1m10s = %q", got)
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

// The HPA's first sync in the Cluster Autoscaler mode is at its creation, as
// in the HPA-only mode: kubernetes/kubernetes PR #138294 (v1.37) has
// horizontal.go enqueueHPA add a new HPA with queue.Add, so it is
// reconciled at once, and requeued every 15 s
// (--horizontal-pod-autoscaler-sync-period) after that. Step 0 is the
// cluster before it (TARGETS <unknown>, REPLICAS 0), step 1 the sync at 0s
// (before CA's first scan at 10s), and the next sync is at 15s.
func TestClusterFirstSyncAtCreation(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}})
	doc := render(t, st)
	if got := doc.Find(`[data-testid="as-get-hpa"]`).Text(); !strings.Contains(got, "cpu: <unknown>/50%   1         10        0          0s") {
		t.Errorf("step 0: kubectl get hpa = %q", got)
	}
	st.step = 1
	s := st.csim()
	if s.T != 0 || s.Last.HPA == nil || s.Last.HPA.T != 0 || s.Last.Scan != nil {
		t.Fatalf("step 1 is not the HPA's sync at 0s: t=%ds %+v", s.T, s.Last)
	}
	doc = render(t, st)
	if got := doc.Find(`[data-testid="as-get-hpa"]`).Text(); !strings.Contains(got, "cpu: 37%/50%   1         10        2          0s") {
		t.Errorf("step 1: kubectl get hpa = %q", got)
	}
	if got := doc.Find(".as-main h2.as-h").First().Text(); got != "Step 1 (0s): HPA sync 1" {
		t.Errorf("step 1 heading %q", got)
	}
	if got := st.Narration(); !strings.HasPrefix(got, "At 0s the HPA's first sync, as soon as it is created, keeps 2 replicas") {
		t.Errorf("step 1 narration %q", got)
	}
	// The sync changed nothing and recorded no event; the pods' events at
	// 0s belong to step 0 and link there.
	if n := doc.Find(`[data-testid="as-log"] tr.here`).Length(); n != 0 {
		t.Errorf("%d events marked as this moment's at step 1", n)
	}
	if href, _ := doc.Find(`[data-testid="as-log"] tbody tr:last-child a`).Attr("href"); href != "/demos/autoscaling?ca=on" {
		t.Errorf("the first event links to %q, want step 0", href)
	}
	var next int
	for i := 2; i < len(st.cframes); i++ {
		if st.cframes[i].Last.HPA != nil {
			next = st.cframes[i].T
			break
		}
	}
	if next != 15 {
		t.Errorf("the second HPA sync is at %ds, want 15s", next)
	}
}

// kubectl describe hpa in the Cluster Autoscaler mode lists the HPA's
// events as the HPA-only mode does (describeEvents, view.go): oldest first
// (staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents), and
// a repeat of an identical event folded into one with a count (client-go
// tools/record/events_cache.go).
func TestClusterDescribeEvents(t *testing.T) {
	st := mustOpen(url.Values{"ca": {"on"}})
	st.step = stepAt(t, st, 75) // after 2 → 6 at 1m and 6 → 10 at 1m15s
	rows := render(t, st).Find(`[data-testid="as-events"] tbody tr`)
	if rows.Length() != 2 || !strings.Contains(rows.Eq(0).Text(), "New size: 6;") || !strings.Contains(rows.Eq(1).Text(), "New size: 10;") {
		t.Errorf("events at 1m15s are not oldest first: %q", rows.Text())
	}
	// The same event again 30 s later is one row: "15s (x2 over 45s)".
	s := st.csim().Clone()
	first := s.HPA.Events[0]
	s.HPA.Events = append(s.HPA.Events, hpa.Event{T: first.T + 30, Type: first.Type, Reason: first.Reason, Message: first.Message})
	s.T = first.T + 45
	st.cframes[st.step] = s
	rows = render(t, st).Find(`[data-testid="as-events"] tbody tr`)
	if rows.Length() != 2 || !strings.Contains(rows.Eq(1).Text(), "15s (x2 over 45s)") || !strings.Contains(rows.Eq(1).Text(), "New size: 6;") {
		t.Errorf("a repeated event is not folded: %q", rows.Text())
	}
}
