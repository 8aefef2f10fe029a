package preemption

import (
	"bytes"
	"context"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/internal/golden"
	"github.com/kubeviz/kubeviz/web/templates"
)

// scenarios are replayed step by step into testdata/<name>.golden. The
// behaviour comes from engine/disruption and engine/scheduler, which follow
// kubernetes plugin/pkg/admission/priority/admission.go,
// pkg/scheduler/framework/preemption/executor.go,
// pkg/kubelet/kuberuntime/kuberuntime_container.go,
// pkg/controller/disruption/disruption.go,
// pkg/registry/core/pod/storage/eviction.go and
// staging/src/k8s.io/kubectl/pkg/drain/drain.go.
var scenarios = []struct{ name, query string }{
	{"classes", "story=priorityclasses"},
	{"classes-typo", "story=priorityclasses&class=checkout-critcal"},
	{"classes-none", "story=priorityclasses&class="},
	{"preemption", ""},
	{"preemption-1500m", "cpu=1500m&sigterm=exit&preStop=0"},
	{"preemption-never", "class=batch-low"},
	{"preemption-no-victims", "classValue=50"},
	{"preemption-pdb", "reportsPDB=4&sigterm=exit&preStop=0"},
	{"preemption-bad-cpu", "cpu=lots"},
	{"drain", "story=drain"},
	{"drain-percent", "story=drain&value=50%25&sigterm=exit&preStop=0"},
	{"drain-blocked", "story=drain&budget=minAvailable&value=4&sigterm=exit"},
	{"drain-bad-budget", "story=drain&value=150%25"},
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
			golden.Check(t, filepath.Join("testdata", sc.name+".golden"), b.String())
		})
	}
}

// Every scenario keeps the demo contract at every step: the URL is the
// state, Back is exact, every step renders.
func TestContract(t *testing.T) {
	for _, sc := range scenarios {
		q, _ := url.ParseQuery(sc.query)
		st, _ := Open(q)
		_, total := st.Progress()
		var texts []string
		for i := 0; i <= total; i++ {
			again, probs := Open(st.Query())
			if len(probs) != 0 || again.Text() != st.Text() {
				t.Fatalf("%s step %d: Open(%q) does not reproduce the state (%v)", sc.name, i, st.Query().Encode(), probs)
			}
			render(t, st)
			texts = append(texts, st.Text())
			if i < total {
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i := total - 1; i >= 0; i-- {
			if err := st.Apply(demos.Action{Kind: "back"}); err != nil || st.Text() != texts[i] {
				t.Fatalf("%s: back to %d: %v", sc.name, i, err)
			}
		}
	}
}

func render(t *testing.T, st demos.State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/priority-preemption"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func openAt(t *testing.T, query string) demos.State {
	t.Helper()
	q, _ := url.ParseQuery(query)
	st, probs := Open(q)
	if len(probs) != 0 {
		t.Fatalf("%s: %v", query, probs)
	}
	return st
}

// The preemption view at step 2: the victim report-3 is Terminating with
// the Preempted event (executor.go "Preempted by pod %v on node %v"),
// checkout is Pending and nominated to node-2.
func TestPreemptionView(t *testing.T) {
	doc := render(t, openAt(t, "step=2"))
	pods := doc.Find(`[data-testid="pp-get-pods"]`).Text()
	for _, want := range []string{"NOMINATED NODE", "report-3   1/1     Terminating", "checkout   0/1     Pending"} {
		if !strings.Contains(pods, want) {
			t.Errorf("kubectl get pods lacks %q:\n%s", want, pods)
		}
	}
	if !strings.Contains(pods, "node-2           <none>") {
		t.Errorf("checkout not nominated to node-2:\n%s", pods)
	}
	ev := doc.Find(`[data-testid="pp-events"] tbody`).Text()
	if !strings.Contains(ev, "Preempted by pod 3f6c2a8e-9b1d-4e7a-b5c4-0d2e8f1a6b39 on node node-2") || !strings.Contains(ev, "Stopping container report") {
		t.Errorf("events = %q", ev)
	}
	if doc.Find(`[data-testid="pp-node-node-2"] .pp-pod.term`).Length() != 1 {
		t.Errorf("no terminating pod drawn on node-2")
	}
	// The victim's condition, as the scheduler writes it (executor.go
	// PreemptPod), and deletionTimestamp = now + grace period.
	y := doc.Find(`[data-testid="pp-yaml-report-3"]`).Text()
	for _, want := range []string{"message: 'default-scheduler: preempting to accommodate a higher priority pod'", "reason: PreemptionByScheduler", "type: DisruptionTarget", "deletionGracePeriodSeconds: 30", `deletionTimestamp: "2026-05-04T09:00:30Z"`} {
		if !strings.Contains(y, want) {
			t.Errorf("report-3's YAML lacks %q:\n%s", want, y)
		}
	}
	// Pods are created with generation 1 (pkg/registry/core/pod/strategy.go
	// PrepareForCreate); the scheduler's condition records that generation
	// (executor.go PreemptPod: CalculatePodConditionObservedGeneration,
	// PodObservedGenerationTracking GA since v1.35), and the graceful
	// delete then bumps the pod to generation 2
	// (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go BeforeDelete).
	for _, want := range []string{"generation: 2", "observedGeneration: 1"} {
		if !strings.Contains(y, want) {
			t.Errorf("report-3's YAML lacks %q:\n%s", want, y)
		}
	}
	if got := doc.Find(`[data-testid="pp-grace"] desc`).Text(); !strings.Contains(got, "report-3: deleted at 0 s, SIGTERM at 5 s, SIGKILL at 30 s, gone at 31 s.") {
		t.Errorf("grace chart = %q", got)
	}
	if doc.Find(`[data-testid="pp-tab-preemption"][aria-current="page"]`).Length() != 1 {
		t.Errorf("the preemption tab is not current")
	}
	// The scheduling cycle's step lists the candidates.
	doc = render(t, openAt(t, "step=1"))
	if got := doc.Find(`[data-testid="pp-cycle"]`).Text(); !strings.Contains(got, "candidate node-2: victims report-3 (100)") {
		t.Errorf("cycle = %q", got)
	}
	// SIGKILL at 30 s (grace 30, preStop 5): report-3 is gone at 31 s and
	// checkout binds to node-2.
	st := openAt(t, "step=33")
	if !strings.Contains(st.Text(), "Successfully assigned default/checkout to node-2") {
		t.Errorf("no Scheduled event at step 33:\n%s", st.Text())
	}
}

// The drain view: kubectl's lines, the 429 and the budget's numbers.
func TestDrainView(t *testing.T) {
	doc := render(t, openAt(t, "story=drain&step=2"))
	term := doc.Find(`[data-testid="pp-terminal"]`).Text()
	for _, want := range []string{"node/node-1 cordoned", "Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-", "evicting pod default/checkout-7c9d8f6b5d-",
		`(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`} {
		if !strings.Contains(term, want) {
			t.Errorf("terminal lacks %q:\n%s", want, term)
		}
	}
	if got := doc.Find(`[data-testid="pp-pdb-disruptionsAllowed"]`).Text(); got != "0" {
		t.Errorf("disruptionsAllowed = %q", got)
	}
	if got := doc.Find(`[data-testid="pp-get-pdb"]`).Text(); !strings.HasPrefix(got, "NAME       MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE") {
		t.Errorf("kubectl get pdb = %q", got)
	}
	if doc.Find(`[data-testid="pp-node-node-1"].cordoned`).Length() != 1 {
		t.Errorf("node-1 not drawn cordoned")
	}
	st := openAt(t, "story=drain")
	_, total := st.Progress()
	st = openAt(t, "story=drain&step="+strconv.Itoa(total))
	if got := render(t, st).Find(`[data-testid="pp-terminal"]`).Text(); !strings.HasSuffix(strings.TrimSpace(got), "node/node-1 drained") {
		t.Errorf("the drain does not end drained:\n%s", got)
	}
}

// Invalid input is state: shown beside its control with upstream's message.
func TestBadInput(t *testing.T) {
	st := openAt(t, "story=drain")
	if err := st.Apply(demos.Action{Kind: "set", Key: "value", Value: "150%"}); err != nil {
		t.Fatal(err)
	}
	doc := render(t, st)
	if got := doc.Find(`[data-testid="pp-error-value"]`).Text(); got != `spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%` {
		t.Errorf("value error = %q", got)
	}
	if got := doc.Find(`[data-testid="pp-terminal"]`).Text(); !strings.Contains(got, `The PodDisruptionBudget "checkout" is invalid`) {
		t.Errorf("terminal = %q", got)
	}
	doc = render(t, openAt(t, "cpu=lots"))
	if got := doc.Find(`[data-testid="pp-error-cpu"]`).Text(); !strings.Contains(got, "quantities must match the regular expression") {
		t.Errorf("cpu error = %q", got)
	}
	doc = render(t, openAt(t, "story=priorityclasses&class=gold&step=1"))
	if got := doc.Find(`[data-testid="pp-terminal"]`).Text(); !strings.Contains(got, `Error from server (Forbidden): error when creating "checkout.yaml": pods "checkout" is forbidden: no PriorityClass with name gold was found`) {
		t.Errorf("admission error = %q", got)
	}
	doc = render(t, openAt(t, "story=drain&grace=-5"))
	if got := doc.Find(`[data-testid="pp-error-grace"]`).Text(); got != "spec.terminationGracePeriodSeconds: Invalid value: -5: must be greater than or equal to 0" {
		t.Errorf("grace error = %q", got)
	}
	doc = render(t, openAt(t, "story=priorityclasses&classValue=2000000000&step=1"))
	if got := doc.Find(`[data-testid="pp-error-classValue"]`).Text(); got != `The PriorityClass "checkout-critical" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000` {
		t.Errorf("classValue error = %q", got)
	}
	if got := doc.Find(`[data-testid="pp-terminal"]`).Text(); !strings.Contains(got, "no PriorityClass with name checkout-critical was found") {
		t.Errorf("a class that failed validation was found: %q", got)
	}
	if _, probs := Open(url.Values{"story": {"nope"}, "sigterm": {"maybe"}, "step": {"x"}}); len(probs) != 3 {
		t.Errorf("problems = %v, want 3", probs)
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "nope", Value: "1"}); err == nil {
		t.Errorf("an unknown setting was accepted")
	}
}

// Every control of every story has a label and a help text it points to.
func TestEveryControlIsLabelled(t *testing.T) {
	for _, story := range []string{"priorityclasses", "preemption", "drain"} {
		doc := render(t, openAt(t, "story="+story))
		n := 0
		doc.Find(`[data-testid^="pp-input-"]`).Each(func(_ int, s *goquery.Selection) {
			n++
			id, _ := s.Attr("id")
			if strings.TrimSpace(doc.Find(`label[for="`+id+`"]`).Text()) == "" {
				t.Errorf("%s: control %s has no label", story, id)
			}
			help, _ := s.Attr("aria-describedby")
			if doc.Find("#"+help).Length() != 1 {
				t.Errorf("%s: control %s points to no help", story, id)
			}
		})
		if n == 0 {
			t.Errorf("%s: no controls", story)
		}
	}
}
