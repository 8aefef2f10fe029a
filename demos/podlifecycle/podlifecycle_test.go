package podlifecycle

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

// Every preset is replayed second by second into testdata/<preset>.golden:
// the narration of each second in which something happened, then the whole
// state at the last second. The behaviour is engine/kubelet's, which
// follows kubernetes pkg/kubelet (kuberuntime_manager.go, prober/worker.go,
// kubelet_pods.go, status/generate.go) and kubectl's printers.go printPod.
func TestGolden(t *testing.T) {
	scenarios := []struct{ name, query string }{}
	for _, p := range presets {
		scenarios = append(scenarios, struct{ name, query string }{p.Name, "preset=" + p.Name})
	}
	scenarios = append(scenarios,
		struct{ name, query string }{"slow-start-no-startup-probe", "preset=slow-start&startup=off"},
		struct{ name, query string }{"job-onfailure", "preset=job&restartPolicy=OnFailure"},
	)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(sc.query)
			st, probs := open(q)
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "# pod-lifecycle ?%s (Kubernetes v1.37)\n\n", sc.query)
			for {
				if notable(st.frames, st.step) || st.step == 0 {
					b.WriteString(st.Narration() + "\n")
				}
				if st.Apply(demos.Action{Kind: "step"}) != nil {
					break
				}
			}
			b.WriteString("\n# The last second in full:\n\n" + st.Text())
			path := filepath.Join("testdata", sc.name+".golden")
			golden.Check(t, path, b.String())
		})
	}
}

func TestOpenProblems(t *testing.T) {
	for _, tc := range []struct{ query, want string }{
		{"preset=nope", `There is no preset "nope"`},
		{"step=abc", `step must be a whole number of seconds from 0 to 90, not "abc"`},
		{"step=5000", "This timeline ends at t=90 s"},
		{"restartPolicy=Sometimes", `spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never".`},
		{"liveness=maybe", `liveness must be on or off, not "maybe".`},
	} {
		_, probs := open(mustQuery(tc.query))
		if len(probs) != 1 || !strings.Contains(probs[0], tc.want) {
			t.Errorf("?%s: problems %q, want one containing %q", tc.query, probs, tc.want)
		}
	}
	st, probs := open(mustQuery("t=42"))
	if len(probs) != 0 || st.step != 42 || st.Query().Get("step") != "42" {
		t.Errorf("t=42 is an alias of step=42: %v %d %v", probs, st.step, st.Query())
	}
}

// Bad input is state, shown beside its control, with upstream's message
// where the API server would reject it (pkg/apis/core/validation).
func TestFieldErrors(t *testing.T) {
	for _, tc := range []struct{ query, param, want string }{
		{"liveness.successThreshold=2", "liveness.successThreshold", "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"},
		{"readiness.periodSeconds=-5", "readiness.periodSeconds", "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -5: must be greater than or equal to 0"},
		{"liveness.failureThreshold=abc", "liveness.failureThreshold", `json: cannot unmarshal string into Go struct field Probe.spec.containers.livenessProbe.failureThreshold of type int32`},
		{"start=soon", "start", `Start-up time must be a whole number of seconds, not "soon".`},
		{"readyFail=70-40", "readyFail", "Write the window as FROM-TO"},
	} {
		st, probs := open(mustQuery(tc.query))
		if len(probs) != 0 {
			t.Fatalf("?%s: problems %v", tc.query, probs)
		}
		errs := st.errs[tc.param]
		if len(errs) != 1 || !strings.Contains(errs[0], tc.want) {
			t.Errorf("?%s: errors %q, want %q", tc.query, errs, tc.want)
		}
		html := render(t, st)
		if got := html.Find(`[data-testid="pl-error-` + tc.param + `"]`).Text(); !strings.Contains(got, tc.want) {
			t.Errorf("?%s: the page shows %q beside %s", tc.query, got, tc.param)
		}
		if st.Query().Get(tc.param) == "" {
			t.Errorf("?%s: the bad value is not kept in the URL", tc.query)
		}
	}
}

func TestApply(t *testing.T) {
	st, _ := open(nil)
	if err := st.Apply(demos.Action{Kind: "goto", Value: "40"}); err != nil || st.step != 40 {
		t.Fatalf("goto 40: %v, step %d", err, st.step)
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "restartPolicy", Value: "Never"}); err != nil || st.step != 40 {
		t.Fatalf("a setting keeps the second: %v, step %d", err, st.step)
	}
	if err := st.Apply(demos.Action{Kind: "set", Key: "preset", Value: "crashloop"}); err != nil || st.step != 0 || st.Query().Encode() != "preset=crashloop" {
		t.Fatalf("a preset starts again: %v, %v", err, st.Query())
	}
	for _, a := range []demos.Action{{Kind: "goto", Value: "9999"}, {Kind: "set", Key: "nope", Value: "1"}, {Kind: "set", Key: "preset", Value: "x"}, {Kind: "set", Key: "imagePull", Value: "maybe"}, {Kind: "back"}} {
		before := st.Text()
		if st.Apply(a) == nil {
			t.Errorf("%+v was accepted", a)
		}
		if st.Text() != before {
			t.Errorf("%+v changed the state", a)
		}
	}
}

func TestView(t *testing.T) {
	st, _ := open(mustQuery("preset=crashloop&step=63"))
	doc := render(t, st)
	for id, want := range map[string]string{
		"pl-clock":                  "t = 63 s",
		"pl-status":                 "CrashLoopBackOff",
		"pl-phase":                  "Running",
		"pl-countdown-app":          "may restart in 7 s (t=70 s)",
		"pl-endpoint":               "not ready",
		"pl-container-app":          "back-off 10s restarting failed container=app pod=web_default(",
		"pl-events":                 "Back-off restarting failed container app in pod web_default(",
		"pl-get":                    "web    0/1     CrashLoopBackOff   1 (3s ago)   63s",
		"pl-about":                  "exits with code 1 after 30 s",
		"pl-probelog":               "Readiness",
		"pl-picture":                "Timeline of pod web",
		"upstream-free-placeholder": "",
	} {
		if want == "" {
			continue
		}
		if got := doc.Find(`[data-testid="` + id + `"]`).Text(); !strings.Contains(got, want) {
			t.Errorf("%s: %q does not contain %q", id, got, want)
		}
	}
	if n := doc.Find(`[data-testid="pl-jump"]`).Length(); n != 2 {
		t.Errorf("%d jump links, want 2", n)
	}
	if href, _ := doc.Find(`[data-testid="pl-jump"]`).Last().Attr("href"); !strings.Contains(href, "preset=crashloop") || !strings.Contains(href, "step=") {
		t.Errorf("jump link %q does not keep the preset", href)
	}
	if v, _ := doc.Find(`[data-testid="pl-scrub"]`).Attr("value"); v != "63" {
		t.Errorf("scrubber at %q", v)
	}
	if doc.Find("[style]").Length() != 0 || doc.Find("script").Length() != 0 {
		t.Errorf("inline style or script: not allowed under the CSP")
	}
	doc.Find("input, select").Each(func(_ int, s *goquery.Selection) {
		if typ, _ := s.Attr("type"); typ == "hidden" {
			return
		}
		id, _ := s.Attr("id")
		if id == "" || doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("control %s has no label", id)
		}
	})
}

func mustQuery(s string) url.Values {
	q, err := url.ParseQuery(s)
	if err != nil {
		panic(err)
	}
	return q
}

func render(t *testing.T, st *State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/pod-lifecycle"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
