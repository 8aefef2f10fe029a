package customsched

import (
	"bytes"
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	engine "github.com/kubeviz/kubeviz/engine/customsched"
	"github.com/kubeviz/kubeviz/internal/golden"
	"github.com/kubeviz/kubeviz/web/templates"
)

// scenarios are replayed step by step into testdata/<name>.golden. The
// schedulers' behaviour comes from engine/customsched, which follows
// kubernetes pkg/scheduler/eventhandlers.go, schedule_one.go, extender.go and
// profile/profile.go.
var scenarios = []struct{ name, query string }{
	{"default", ""},
	{"weight-2", "weight=2"},
	{"no-reject-least", "reject=&strategy=LeastAllocated"},
	{"default-scheduler", "schedulerName=default-scheduler"},
	{"left-out", "schedulerName="},
	{"missing-scheduler", "schedulerName=gpu-scheduler"},
	{"reject-all", "reject=node-1,node-2,node-3"},
	{"one-left", "reject=node-1,node-2"},
	{"bad-name", "schedulerName=My_Scheduler"},
	{"bad-weight", "weight=0"},
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

func render(t *testing.T, st demos.State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/custom-schedulers"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func stepOf(t *testing.T, st demos.State, kind string) demos.State {
	t.Helper()
	s := st.(*State)
	for i, x := range s.story.Steps {
		if x.Kind == kind {
			s.step = i
			return s
		}
	}
	t.Fatalf("no %s step", kind)
	return nil
}

// The view follows the story: the queues (responsibleForPod), the
// extender's calls with the extender/v1 JSON, the combined scores
// (schedule_one.go prioritizeNodes), and the Scheduled event from
// my-scheduler (profile.go: the profile's recorder).
func TestView(t *testing.T) {
	st, _ := Open(nil)
	doc := render(t, stepOf(t, st, "queues"))
	if got := doc.Find(`[data-testid="cs-sched-my-scheduler"]`).Text(); !strings.Contains(got, "queue: batch") {
		t.Errorf("my-scheduler = %q", got)
	}
	if got := doc.Find(`[data-testid="cs-unqueued"]`).Text(); !strings.Contains(got, "orphan (schedulerName gpu-scheduler)") {
		t.Errorf("unqueued = %q", got)
	}

	doc = render(t, stepOf(t, st, "extender-filter"))
	call := doc.Find(`[data-testid="cs-call-filter"]`)
	if got := call.Find(".csd-call-h").Text(); got != "POST http://127.0.0.1:8888/scheduler/filter" {
		t.Errorf("filter call = %q", got)
	}
	if got := call.Text(); !strings.Contains(got, `"NodeNames": [`) || !strings.Contains(got, `"FailedNodes": {`) || !strings.Contains(got, `"node-1": "node(s) under maintenance"`) {
		t.Errorf("filter JSON = %q", got)
	}
	if doc.Find(`[data-testid="cs-node-node-1"].rejected`).Length() != 1 {
		t.Errorf("node-1 not drawn as rejected")
	}
	if doc.Find(`[data-testid="cs-scores"]`).Length() != 0 {
		t.Errorf("scores shown before prioritize")
	}

	doc = render(t, stepOf(t, st, "bind"))
	if got := doc.Find(`[data-testid="cs-score-node-2"]`).Text(); !strings.Contains(got, "437") || !strings.Contains(got, "4 × 1 × 10 = 40") || !strings.Contains(got, "477") {
		t.Errorf("node-2 score row = %q", got)
	}
	if doc.Find(`[data-testid="cs-score-node-2"].csd-win`).Length() != 1 {
		t.Errorf("node-2 is not marked as the winner")
	}
	ev := doc.Find(`[data-testid="cs-events-batch"] tbody tr td`)
	if ev.Eq(1).Text() != "Scheduled" || !strings.HasSuffix(ev.Eq(2).Text(), "s") || ev.Eq(3).Text() != "my-scheduler" || ev.Eq(4).Text() != "Successfully assigned default/batch to node-2" {
		t.Errorf("batch events = %q", ev.Text())
	}
	if got := doc.Find(`[data-testid="cs-events-orphan"]`).Text(); got != "Events:  <none>" {
		t.Errorf("orphan events = %q", got)
	}

	// The last step compares the strategies.
	st, _ = Open(url.Values{"step": {"999"}})
	doc = render(t, st)
	if got := doc.Find(`[data-testid="cs-compare-result"]`).Text(); !strings.Contains(got, "LeastAllocated picks node-3") || !strings.Contains(got, "MostAllocated picks node-1") {
		t.Errorf("compare = %q", got)
	}
}

// Bad input is state, shown beside its control with upstream's message;
// the story shows what it causes.
func TestBadInput(t *testing.T) {
	st, _ := Open(nil)
	if err := st.Apply(demos.Action{Kind: "set", Key: "weight", Value: "-2"}); err != nil {
		t.Fatal(err)
	}
	doc := render(t, st)
	if got := doc.Find(`[data-testid="cs-error-weight"]`).Text(); got != "extenders[0].weight: Invalid value: -2: must have a positive weight applied to it" {
		t.Errorf("weight error = %q", got)
	}
	if got := doc.Find(`[data-testid="cs-sched-my-scheduler"]`).Text(); !strings.Contains(got, "not running") {
		t.Errorf("my-scheduler = %q", got)
	}
	again, probs := Open(st.Query())
	if len(probs) != 0 || again.Text() != st.Text() {
		t.Errorf("Open(Query()) does not reproduce the bad weight: %v", probs)
	}

	if err := st.Apply(demos.Action{Kind: "set", Key: "schedulerName", Value: "My_Scheduler"}); err != nil {
		t.Fatal(err)
	}
	doc = render(t, st)
	if got := doc.Find(`[data-testid="cs-error-schedulerName"]`).Text(); !strings.HasPrefix(got, `The Pod "batch" is invalid: spec.schedulerName: Invalid value: "My_Scheduler": a lowercase RFC 1123 subdomain`) {
		t.Errorf("schedulerName error = %q", got)
	}
	if _, probs := Open(url.Values{"strategy": {"Balanced"}, "reject": {"node-9"}, "step": {"x"}}); len(probs) != 3 {
		t.Errorf("problems = %v, want 3", probs)
	}
	if err := st.Apply(demos.Action{Kind: "toggle-reject", Key: "node-9"}); err == nil {
		t.Errorf("toggling an unknown node was accepted")
	}
}

// Toggling a node in and out of the extender's rejects round-trips through the URL.
func TestToggleReject(t *testing.T) {
	st, _ := Open(nil)
	for _, n := range []string{"node-3", "node-1"} {
		if err := st.Apply(demos.Action{Kind: "toggle-reject", Key: n}); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.Query().Get("reject"); got != "node-3" {
		t.Errorf("reject = %q, want node-3", got)
	}
	if err := st.Apply(demos.Action{Kind: "toggle-reject", Key: "node-3"}); err != nil {
		t.Fatal(err)
	}
	q := st.Query()
	if v, ok := q["reject"]; !ok || v[0] != "" {
		t.Errorf("no rejects encodes as %v, want reject=", q)
	}
	again, _ := Open(q)
	if again.Text() != st.Text() {
		t.Errorf("reject= does not round-trip")
	}
}

// Each checkpoint's answer is what the next step does.
func TestPredictionsAreTheNextStep(t *testing.T) {
	for _, sc := range scenarios {
		q, _ := url.ParseQuery(sc.query)
		st, _ := Open(q)
		s := st.(*State)
		for s.step < len(s.story.Steps)-1 {
			p, ok := s.Prediction()
			if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			if len(p.Choices) < 2 || len(p.Choices) > 6 || p.Answer < 0 || p.Answer >= len(p.Choices) {
				t.Fatalf("%s: bad prediction %+v", sc.name, p)
			}
			next := s.story.Steps[s.step]
			switch next.Kind {
			case "queues":
				want := NobodyChoice
				for _, qu := range next.Queues {
					for _, n := range qu.Pods {
						if n == engine.PodBatch {
							want = qu.Scheduler
						}
					}
				}
				if p.Choices[p.Answer] != want {
					t.Errorf("%s: predicted %s takes batch, the informers gave it to %s", sc.name, p.Choices[p.Answer], want)
				}
			case "prioritize":
				// The node with the highest total in the step's scores.
				best := next.Cycle.Scores[0]
				for _, x := range next.Cycle.Scores {
					if x.Total > best.Total {
						best = x
					}
				}
				if p.Choices[p.Answer] != best.Node {
					t.Errorf("%s: predicted %s, the totals make %s win", sc.name, p.Choices[p.Answer], best.Node)
				}
			default:
				t.Errorf("%s: a checkpoint before a %s step", sc.name, next.Kind)
			}
		}
	}
}

func parse(q string) url.Values {
	v, _ := url.ParseQuery(q)
	return v
}

// Without JavaScript the choices are links and GET forms that carry the
// rest of the state (templates.Link.Href).
func TestNoJSLinks(t *testing.T) {
	st, _ := Open(url.Values{"weight": {"2"}, "step": {"3"}})
	doc := render(t, st)
	if got, _ := doc.Find(`[data-testid="cs-pick-default-scheduler"]`).Attr("href"); got != "/demos/custom-schedulers?schedulerName=default-scheduler&weight=2" {
		t.Errorf("default-scheduler pick = %q", got)
	}
	if got, _ := doc.Find(`[data-testid="cs-pick-leave it out"]`).Attr("href"); got != "/demos/custom-schedulers?schedulerName=&weight=2" {
		t.Errorf("leave-it-out pick = %q", got)
	}
	if got, _ := doc.Find(`[data-testid="cs-reject-node-3"]`).Attr("href"); got != "/demos/custom-schedulers?reject=node-1,node-3&weight=2" {
		t.Errorf("node-3 toggle = %q", got)
	}
	if got, _ := doc.Find(`[data-testid="cs-reject-node-1"]`).Attr("href"); got != "/demos/custom-schedulers?reject=&weight=2" {
		t.Errorf("node-1 toggle = %q", got)
	}
	form := doc.Find(`[data-testid="cs-form-strategy"]`)
	if m, _ := form.Attr("method"); m != "get" {
		t.Errorf("strategy form method = %q", m)
	}
	if got, _ := form.Find(`input[type="hidden"][name="weight"]`).Attr("value"); got != "2" {
		t.Errorf("the strategy form does not keep weight=2: %q", got)
	}
}
