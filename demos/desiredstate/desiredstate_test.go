package desiredstate

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
	"github.com/kubeviz/kubeviz/engine/reconcile"
	"github.com/kubeviz/kubeviz/internal/golden"
	"github.com/kubeviz/kubeviz/web/templates"
)

// scenarios are replayed into testdata/<name>.golden (-update). The
// controller follows kubernetes pkg/controller/replicaset/replica_set.go
// (manageReplicas, slowStartBatch, getPodsToDelete) via engine/reconcile.
var scenarios = []struct{ name, query string }{
	{"default", ""},
	{"scale-up-10", "do=replicas:10"},
	{"crash-twice", "do=crash:1,crash:1"},
	{"bad-input", "do=replicas:abc,replicas:-1,delete:9,jump:1"},
}

func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(sc.query)
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
			golden.Check(t, filepath.Join("testdata", sc.name+".golden"), b.String())
		})
	}
}

func render(t *testing.T, st demos.State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/desired-state"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Deleting a pod: the next sync observes 3 pods, 2 active, diff -1, and
// creates one (SuccessfulCreate "Created pod: …", controller_utils.go).
func TestDeleteThenSync(t *testing.T) {
	st, _ := open(url.Values{"do": {""}})
	if _, total := st.Progress(); total != 0 {
		t.Fatalf("no actions, %d steps", total)
	}
	doc := render(t, st)
	if n := doc.Find(`[data-testid="dsv-pods"] > li`).Length(); n != 3 {
		t.Fatalf("%d pods drawn", n)
	}
	// Click Delete on pod 1, as the page's button sends it.
	if err := st.Apply(demos.Action{Kind: "delete", Value: "1"}); err != nil {
		t.Fatal(err)
	}
	if st.do != "delete:1" || st.cur().Actor != reconcile.ActorYou {
		t.Fatalf("do=%q at %s", st.do, st.cur().Actor)
	}
	doc = render(t, st)
	if got := doc.Find(`[data-testid="dsv-command"]`).Text(); !strings.HasPrefix(got, "$ kubectl delete pod web-") || !strings.Contains(got, `" deleted`) {
		t.Errorf("command = %q", got)
	}
	if got := doc.Find(`[data-testid="dsv-active"]`).Text(); got != "2" {
		t.Errorf("active after the delete = %q", got)
	}
	st.Apply(demos.Action{Kind: "step"})
	doc = render(t, st)
	did := doc.Find(`[data-testid="dsv-did"]`).Text()
	for _, want := range []string{"3 pods of web, 1 Terminating, so 2 active", "len(filteredPods) - replicas = 2 - 3 = -1", "create 1"} {
		if !strings.Contains(did, want) {
			t.Errorf("sync lacks %q: %q", want, did)
		}
	}
	if got := doc.Find(`[data-testid="dsv-events"]`).Text(); !strings.Contains(got, "SuccessfulCreate") || !strings.Contains(got, "Created pod: web-") {
		t.Errorf("events = %q", got)
	}
	if got := doc.Find(`[data-testid="dsv-loop"] desc`).Text(); !strings.Contains(got, "Diff: 2 − 3 = -1") {
		t.Errorf("loop = %q", got)
	}
	// The no-JS link for the same click reproduces the state.
	href, _ := render(t, func() demos.State { s, _ := open(url.Values{"do": {""}}); return s }()).Find(`[data-testid="dsv-pod-1"] a[data-action="delete"]`).Attr("href")
	u, _ := url.Parse(href)
	again, probs := open(u.Query())
	if len(probs) > 0 || again.do != "delete:1" || again.step != 1 {
		t.Errorf("the Delete link %q opens do=%q step=%d %v", href, again.do, again.step, probs)
	}
}

// Typing a bad replica count shows kubectl's own error beside the field;
// typing on replaces the scale just done.
func TestScaleInput(t *testing.T) {
	st, _ := open(url.Values{"do": {""}})
	st.Apply(demos.Action{Kind: "replicas", Value: "abc"})
	for _, s := range []demos.State{st, func() demos.State { s, _ := Open(st.Query()); return s }()} {
		doc := render(t, s)
		if got := doc.Find(`[data-testid="dsv-error-replicas"]`).Text(); got != `error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax` {
			t.Errorf("error = %q", got)
		}
		if v, _ := doc.Find(`[data-testid="dsv-input-replicas"]`).Attr("value"); v != "abc" {
			t.Errorf("field = %q", v)
		}
	}
	st.Apply(demos.Action{Kind: "replicas", Value: "5"})
	if st.do != "replicas:5" {
		t.Errorf("typing on gave do=%q, want replicas:5", st.do)
	}
	if _, probs := Open(url.Values{"do": {"fly:1"}, "step": {"x"}}); len(probs) != 1 {
		t.Errorf("problems = %v", probs)
	}
	s, _ := open(url.Values{"do": {"fly:1"}})
	if got := render(t, s).Find(`[data-testid="dsv-error-do"]`).Text(); !strings.Contains(got, `"fly:1" is not an action`) {
		t.Errorf("the malformed action is not shown: %q", got)
	}
	// The no-JS form appends.
	s, _ = open(url.Values{"do": {"delete:1"}, "scale": {"4"}, "step": {"5"}})
	if s.do != "delete:1,replicas:4" {
		t.Errorf("scale= gives do=%q", s.do)
	}
}

// Every checkpoint's answer is what the next sync does.
func TestPredictionsAreTheNextSync(t *testing.T) {
	for _, sc := range append(scenarios, struct{ name, query string }{"down", "do=replicas:5,replicas:2"}) {
		t.Run(sc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(sc.query)
			st, _ := open(q)
			asked := 0
			for st.step < len(st.frames)-1 {
				text := st.Text()
				p, ok := st.Prediction()
				if st.Text() != text {
					t.Fatal("Prediction changed the state")
				}
				st.Apply(demos.Action{Kind: "step"})
				if !ok {
					continue
				}
				asked++
				if len(p.Choices) < 2 || len(p.Choices) > 6 || p.Answer < 0 || p.Answer >= len(p.Choices) || p.Why == "" {
					t.Fatalf("malformed %+v", p)
				}
				sy := st.cur().Sync
				var got string
				switch {
				case strings.HasPrefix(p.Question, qCreate):
					got = strconv.Itoa(len(sy.Created))
				case strings.HasPrefix(p.Question, qDelete):
					got = sy.Deleted[0]
				case strings.HasPrefix(p.Question, qCrash):
					got = cCrashNothing
					if len(sy.Created) > 0 {
						got = cCrashCreate
					}
				default:
					t.Fatalf("unknown checkpoint %q", p.Question)
				}
				if p.Choices[p.Answer] != got {
					t.Errorf("step %d: %q predicted %q, the sync did %q", st.step, p.Question, p.Choices[p.Answer], got)
				}
			}
			if sc.name != "bad-input" && asked == 0 {
				t.Error("no checkpoint")
			}
		})
	}
}

// Whatever the learner clicks or types, the URL reopens the same state
// (the demo contract of demos/demo.go, for this demo's own actions).
func TestURLIsState(t *testing.T) {
	kinds := []string{"delete", "crash", "replicas", "step", "back", "goto", "reset"}
	values := []string{"1", "2", "3", "5", "0", "10", "11", "-1", "abc", "", " 4 ", "2,delete:1", "x\x00y"}
	r := uint64(7)
	next := func(n int) int {
		r = r*6364136223846793005 + 1442695040888963407
		return int((r >> 33) % uint64(n))
	}
	for run := 0; run < 40; run++ {
		st, _ := open(nil)
		for i := 0; i < 25; i++ {
			a := demos.Action{Kind: kinds[next(len(kinds))], Value: values[next(len(values))]}
			before := st.Query().Encode()
			if err := st.Apply(a); err != nil {
				if st.Query().Encode() != before {
					t.Fatalf("%+v refused but changed the state", a)
				}
				continue
			}
			again, probs := Open(st.Query())
			if len(probs) > 0 || again.Text() != st.Text() || again.Narration() != st.Narration() {
				t.Fatalf("after %+v the query %q reopens another state (%v)", a, st.Query().Encode(), probs)
			}
			s1, n1 := st.Progress()
			s2, n2 := again.Progress()
			if s1 != s2 || n1 != n2 {
				t.Fatalf("after %+v progress %d/%d reopens as %d/%d", a, s1, n1, s2, n2)
			}
		}
	}
}
