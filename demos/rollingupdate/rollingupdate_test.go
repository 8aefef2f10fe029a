package rollingupdate

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
	"github.com/kubeviz/kubeviz/web/templates"
)

// scenarios are replayed step by step into testdata/<name>.golden. The
// numbers come from engine/rollout, which follows kubernetes
// pkg/controller/deployment/rolling.go and util/deployment_util.go; the
// status lines follow kubectl's polymorphichelpers/rollout_status.go.
var scenarios = []struct{ name, query string }{
	{"default", ""},
	{"surge1-unavailable1", "replicas=5&maxSurge=1&maxUnavailable=1"},
	{"no-surge", "replicas=4&maxSurge=0&maxUnavailable=1"},
	{"surge2", "replicas=4&maxSurge=2&maxUnavailable=0"},
	{"both-round-to-zero", "maxSurge=0&maxUnavailable=25%"},
	{"min-ready", "replicas=2&maxSurge=1&maxUnavailable=0&minReadySeconds=10"},
	{"broken-undo", "maxSurge=1&maxUnavailable=0&version=broken&progressDeadlineSeconds=60&undo=6"},
	{"recreate", "strategy=Recreate"},
	{"compare-surge", "replicas=4&maxSurge=0&maxUnavailable=1&compareSurge=2"},
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
			fmt.Fprintf(&b, "# rolling-update ?%s (Kubernetes v1.37)\n", sc.query)
			for {
				s := st.cur().sim
				line, _, _ := s.RolloutStatus()
				if bad := s.CheckInvariants(); len(bad) > 0 {
					t.Fatalf("step %d breaks the bounds: %v", st.step, bad)
				}
				fmt.Fprintf(&b, "\n%s\n%s\n%s\n", st.Narration(), strings.Split(s.GetDeployment(), "\n")[1], line)
				if st.cmp != nil {
					c := st.cmpCur().sim
					if bad := c.CheckInvariants(); len(bad) > 0 {
						t.Fatalf("step %d: the comparison breaks the bounds: %v", st.step, bad)
					}
					cl, _, _ := c.RolloutStatus()
					fmt.Fprintf(&b, "beside it: %s\n%s\n", strings.Split(c.GetDeployment(), "\n")[1], cl)
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

func TestContract(t *testing.T) {
	// The same contract demos/all checks: Open(Query()) reproduces every
	// step, Back is exact.
	for _, sc := range scenarios {
		q, _ := url.ParseQuery(sc.query)
		st, _ := open(q)
		_, total := st.Progress()
		var texts []string
		for i := 0; i <= total; i++ {
			again, probs := Open(st.Query())
			if len(probs) > 0 || again.Text() != st.Text() {
				t.Fatalf("%s step %d: Open(%q) does not reproduce the state (%v)", sc.name, i, st.Query().Encode(), probs)
			}
			texts = append(texts, st.Text())
			if i < total {
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i := total - 1; i >= 0; i-- {
			st.Apply(demos.Action{Kind: "back"})
			if st.Text() != texts[i] {
				t.Fatalf("%s: back to %d differs", sc.name, i)
			}
		}
	}
}

func TestBadInputIsShownBesideItsControl(t *testing.T) {
	for _, tc := range []struct{ key, value, want string }{
		{"maxSurge", "abc", `spec.strategy.rollingUpdate.maxSurge: Invalid value: "abc": a valid percent string must be a numeric string followed by an ending '%'`},
		{"maxUnavailable", "0", "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"},
		{"maxUnavailable", "150%", `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%`},
		{"replicas", "-1", "spec.replicas: Invalid value: -1: must be greater than or equal to 0"},
		{"replicas", "50", "50 is valid for Kubernetes, but this demo draws at most 20 replicas."},
		{"progressDeadlineSeconds", "5", "spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds"},
	} {
		st, _ := open(url.Values{"maxSurge": {"0"}})
		if tc.key != "maxUnavailable" || tc.value != "0" {
			st, _ = open(nil)
		}
		if tc.key == "progressDeadlineSeconds" {
			st.Apply(demos.Action{Kind: "set", Key: "minReadySeconds", Value: "10"})
		}
		if err := st.Apply(demos.Action{Kind: "set", Key: tc.key, Value: tc.value}); err != nil {
			t.Fatalf("set %s=%s: %v (bad input is state, not an error)", tc.key, tc.value, err)
		}
		doc := render(t, st)
		got := doc.Find(`[data-testid="ru-error-` + tc.key + `"]`).Text()
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s=%s: beside the control %q, want %q", tc.key, tc.value, got, tc.want)
		}
		if again, _ := Open(st.Query()); again.Text() != st.Text() {
			t.Errorf("%s=%s: the URL does not keep the bad value", tc.key, tc.value)
		}
	}
}

func TestOpenReportsProblems(t *testing.T) {
	_, probs := Open(url.Values{"strategy": {"Blue"}, "step": {"x"}, "undo": {"1"}})
	if len(probs) != 3 {
		t.Errorf("problems = %q, want three", probs)
	}
}

func render(t *testing.T, st *State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/rolling-update"}).Render(context.Background(), &buf); err != nil {
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
	for sel, want := range map[string]string{
		`[data-testid="ru-status"]`:         `Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...`,
		`[data-testid="ru-get-deployment"]`: "web    4/3     1            4           10m",
		`[data-testid="ru-fence"]`:          "25% of 3 = 0.75, rounded up to 1",
		`[data-testid="ru-events"]`:         "Scaled down replica set web-",
		`[data-testid="ru-history"]`:        "REVISION  CHANGE-CAUSE",
		`[data-testid="ru-count-updated"]`:  "1",
	} {
		if got := doc.Find(sel).Text(); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", sel, got, want)
		}
	}
	if n := doc.Find(`[data-testid="ru-picture"] rect.ru-pod`).Length(); n != 4 {
		t.Errorf("pods drawn = %d, want 4", n)
	}
	if doc.Find(`[data-testid="ru-undo-btn"]`).Length() != 1 {
		t.Errorf("no Undo at step 6")
	}
	// Every input has a label.
	doc.Find(`input:not([type=hidden]), select`).Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("control %s has no label", id)
		}
	})
	if doc.Find(`[style]`).Length() > 0 {
		t.Errorf("inline style attributes break the CSP")
	}
}

func TestUndoAction(t *testing.T) {
	st, _ := open(url.Values{"version": {"broken"}, "maxSurge": {"1"}, "maxUnavailable": {"0"}, "progressDeadlineSeconds": {"60"}})
	if st.Apply(demos.Action{Kind: "undo"}) == nil {
		t.Fatal("undo at step 0 was accepted")
	}
	_, total := st.Progress()
	st.Apply(demos.Action{Kind: "goto", Value: fmt.Sprint(total)})
	if line, _, failed := st.cur().sim.RolloutStatus(); !failed {
		t.Fatalf("the broken rollout ended with %q, want the progress deadline error", line)
	}
	if err := st.Apply(demos.Action{Kind: "undo"}); err != nil {
		t.Fatal(err)
	}
	if st.Query().Get("undo") != fmt.Sprint(total+1) {
		t.Fatalf("query after undo: %v", st.Query())
	}
	st.Apply(demos.Action{Kind: "goto", Value: fmt.Sprint(len(st.frames) - 1)})
	if line, done, _ := st.cur().sim.RolloutStatus(); !done {
		t.Fatalf("after undo the rollout ended with %q", line)
	}
	if h := st.cur().sim.HistoryText(); !strings.Contains(h, "2         <none>\n3         <none>") {
		t.Errorf("history after undo:\n%s", h)
	}
}

func TestCompareView(t *testing.T) {
	st, probs := open(url.Values{"replicas": {"4"}, "maxSurge": {"0"}, "maxUnavailable": {"1"}, "compareSurge": {"2"}, "step": {"4"}})
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	doc := render(t, st)
	for key, want := range map[string]string{"a": "maxSurge 0", "b": "maxSurge 2"} {
		panel := doc.Find(`[data-testid="ru-compare-` + key + `"]`)
		if panel.Length() != 1 {
			t.Fatalf("panel %s not drawn", key)
		}
		if got := panel.Find("h3").Text(); !strings.Contains(got, want) {
			t.Errorf("panel %s heading %q, want %q", key, got, want)
		}
		if got := panel.Find(`[data-testid="ru-cmp-status"]`).Text(); !strings.Contains(got, `deployment "web"`) {
			t.Errorf("panel %s status %q", key, got)
		}
		if panel.Find(`[data-testid="ru-cmp-count-updated"]`).Length() != 1 || panel.Find(`svg rect.ru-pod`).Length() == 0 || panel.Find(`svg .ru-band-zone`).Length() != 1 {
			t.Errorf("panel %s lacks its counters, pods or band", key)
		}
	}
	// By step 4 maxSurge 0 has one old pod fewer (it scales the old
	// ReplicaSet down first); maxSurge 2 still has all four available.
	if a, b := doc.Find(`[data-testid="ru-compare-a"] [data-testid="ru-cmp-get-deployment"]`).Text(), doc.Find(`[data-testid="ru-compare-b"] [data-testid="ru-cmp-get-deployment"]`).Text(); a == b {
		t.Errorf("the two panels show the same Deployment:\n%s", a)
	}
	sum := doc.Find(`[data-testid="ru-compare-summary"]`).Text()
	if !strings.Contains(sum, "maxSurge 0 finishes at step") || !strings.Contains(sum, "maxSurge 2 finishes at step") {
		t.Errorf("summary %q", sum)
	}
	ids := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if ids[id] {
			t.Errorf("duplicate id %q", id)
		}
		ids[id] = true
	})
}

func TestCompareSteps(t *testing.T) {
	st, _ := open(url.Values{"replicas": {"4"}, "maxSurge": {"0"}, "maxUnavailable": {"1"}, "compareSurge": {"2"}})
	_, total := st.Progress()
	if want := max(len(st.frames), len(st.cmp)) - 1; total != want || len(st.frames) == len(st.cmp) {
		t.Fatalf("total %d, want %d (timelines %d and %d)", total, want, len(st.frames), len(st.cmp))
	}
	st.Apply(demos.Action{Kind: "goto", Value: fmt.Sprint(total)})
	for _, f := range []frame{st.cur(), st.cmpCur()} {
		if _, done, _ := f.sim.RolloutStatus(); !done {
			t.Errorf("at the last step both rollouts are over")
		}
	}
}

func TestCompareProblems(t *testing.T) {
	for _, tc := range []struct {
		q    url.Values
		want string
	}{
		{url.Values{"compareSurge": {"abc"}}, `compareSurge=abc cannot be used: spec.strategy.rollingUpdate.maxSurge: Invalid value: "abc"`},
		{url.Values{"maxUnavailable": {"0"}, "maxSurge": {"1"}, "compareSurge": {"0"}}, "compareSurge=0 cannot be used: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0. No comparison is shown."},
		{url.Values{"compareUnavailable": {"150%"}}, "compareUnavailable=150% cannot be used"},
		{url.Values{"compareSurge": {"25%"}}, "is the Deployment's own setting"},
		{url.Values{"strategy": {"Recreate"}, "compareSurge": {"2"}}, "strategy is Recreate"},
	} {
		st, probs := Open(tc.q)
		if len(probs) != 1 || !strings.Contains(probs[0], tc.want) {
			t.Errorf("%v: problems %q, want one containing %q", tc.q, probs, tc.want)
		}
		if again, p := Open(st.Query()); len(p) > 0 || again.Text() != st.Text() {
			t.Errorf("%v: Open(Query()) does not reproduce the state (%v)", tc.q, p)
		}
	}
}
