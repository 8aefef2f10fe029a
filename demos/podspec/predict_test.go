package podspec

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

var (
	nextStop  = regexp.MustCompile(`^Next stop: (\S+)\. `)
	notSet    = regexp.MustCompile(`The YAML does not set (\S+): `)
	qosShown  = regexp.MustCompile(`(?m)^ +QoS class: (Guaranteed|Burstable|BestEffort)\b`)
	defaultRe = func(field string) *regexp.Regexp {
		return regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(field) + `: (.*?) — `)
	}
)

// edited builds a pod from the web preset with one edit.
func edited(old, new string) url.Values {
	return url.Values{"yaml": {strings.Replace(presets["web"].Text, old, new, 1)}}
}

// Before every stop of the tour, for every preset and for edits that change
// the answers, the checkpoint's answer is what the page shows once the
// step is taken: the QoS class in the picture, or the value in the list of
// fields the API server filled in; and the step lands on the field asked
// about.
func TestPredictionsAreWhatTheStepShows(t *testing.T) {
	var cases []url.Values
	for _, n := range presetNames {
		cases = append(cases, url.Values{"preset": {n}})
	}
	cases = append(cases,
		edited("image: nginx:1.25", "image: nginx:latest"),
		edited("image: nginx:1.25", "image: nginx"),
		edited("image: nginx:1.25", "image: nginx@sha256:"+strings.Repeat("a", 64)),
		edited("    - containerPort: 80\n", "    - containerPort: 80\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n"),
		edited("    - containerPort: 80\n", "    - containerPort: 80\n    readinessProbe:\n      periodSeconds: 5\n      httpGet:\n        path: /ready\n        port: 80\n"),
		edited("      requests:\n        cpu: 250m\n        memory: 128Mi\n", ""),
		edited("        cpu: 250m\n        memory: 128Mi\n", "        cpu: 500m\n        memory: 256Mi\n"),
		edited("    resources:\n      requests:\n        cpu: 250m\n        memory: 128Mi\n      limits:\n        cpu: 500m\n        memory: 256Mi\n", ""),
	)
	for i, q := range cases {
		name := q.Get("preset")
		if name == "" {
			name = fmt.Sprintf("edit%d", i)
		}
		t.Run(name, func(t *testing.T) {
			st, problems := Open(q)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			s := st.(*State)
			if !s.doc.Valid() {
				t.Fatalf("the edit is not a valid pod: %v", s.doc.Problems)
			}
			asked := map[string]string{}
			for {
				beforeQ, beforeT := s.Query().Encode(), s.Text()
				p, ok := s.Prediction()
				if s.Query().Encode() != beforeQ || s.Text() != beforeT {
					t.Fatalf("%s: Prediction changed the state", s.field)
				}
				if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
					if ok {
						t.Errorf("a checkpoint at the end of the tour: %+v", p)
					}
					break
				}
				if !ok {
					continue
				}
				checkPrediction(t, s.field, p)
				if m := nextStop.FindStringSubmatch(p.Question); m == nil || m[1] != s.field {
					t.Errorf("%q: the step went to %s", p.Question, s.field)
				}
				text := s.Text()
				var shown string
				if m := notSet.FindStringSubmatch(p.Question); m != nil {
					if d := defaultRe(m[1]).FindStringSubmatch(text); d != nil {
						shown = d[1]
					}
					asked[m[1]] = p.Choices[p.Answer]
				} else if m := qosShown.FindStringSubmatch(text); m != nil && strings.Contains(p.Question, "QoS class") {
					shown = m[1]
					asked["qos"] = p.Choices[p.Answer]
				}
				if shown != p.Choices[p.Answer] {
					t.Errorf("at %s: predicted %q, the page shows %q", s.field, p.Choices[p.Answer], shown)
				}
			}
			if len(asked) == 0 {
				t.Errorf("no checkpoint")
			}
			if _, ok := asked["qos"]; !ok {
				t.Errorf("the QoS class was not asked")
			}
			t.Logf("asked %v", asked)
		})
	}
}

// The edits change the answers the way the upstream defaults say.
func TestPredictionAnswersFollowTheRules(t *testing.T) {
	answerAt := func(q url.Values, stop string) string {
		st, _ := Open(q)
		s := st.(*State)
		for s.nextInTour() != stop {
			if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
				t.Fatalf("no stop %s", stop)
			}
		}
		p, ok := s.Prediction()
		if !ok {
			t.Fatalf("no checkpoint before %s", stop)
		}
		return p.Choices[p.Answer]
	}
	for _, c := range []struct {
		q          url.Values
		stop, want string
	}{
		{url.Values{}, "spec.containers[0].image", "IfNotPresent"},
		{edited("image: nginx:1.25", "image: nginx:latest"), "spec.containers[0].image", "Always"},
		{edited("image: nginx:1.25", "image: nginx"), "spec.containers[0].image", "Always"},
		{edited("image: nginx:1.25", "image: nginx@sha256:"+strings.Repeat("a", 64)), "spec.containers[0].image", "IfNotPresent"},
		{url.Values{}, "spec.containers[0].ports", "TCP"},
		{url.Values{}, "spec.containers[0].resources.requests", "Burstable"},
		{edited("        cpu: 250m\n        memory: 128Mi\n", "        cpu: 500m\n        memory: 256Mi\n"), "spec.containers[0].resources.requests", "Guaranteed"},
		{edited("      requests:\n        cpu: 250m\n        memory: 128Mi\n", ""), "spec.containers[0].resources.limits", "Guaranteed"},
		{edited("    resources:\n      requests:\n        cpu: 250m\n        memory: 128Mi\n      limits:\n        cpu: 500m\n        memory: 256Mi\n", ""), "spec.containers[0]", "BestEffort"},
		{edited("    - containerPort: 80\n", "    - containerPort: 80\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n"), "spec.containers[0].livenessProbe", "10"},
		{edited("    - containerPort: 80\n", "    - containerPort: 80\n    readinessProbe:\n      periodSeconds: 5\n      httpGet:\n        path: /ready\n        port: 80\n"), "spec.containers[0].readinessProbe", "1"},
	} {
		if got := answerAt(c.q, c.stop); got != c.want {
			t.Errorf("before %s of %.60q: answer %s, want %s", c.stop, c.q.Get("yaml"), got, c.want)
		}
	}
}

func checkPrediction(t *testing.T, at string, p demos.Prediction) {
	t.Helper()
	if p.Question == "" || p.Why == "" {
		t.Errorf("%s: empty question or why: %+v", at, p)
	}
	if len(p.Choices) < 2 || len(p.Choices) > 6 {
		t.Errorf("%s: %d choices", at, len(p.Choices))
	}
	if p.Answer < 0 || p.Answer >= len(p.Choices) {
		t.Fatalf("%s: answer %d of %d choices", at, p.Answer, len(p.Choices))
	}
	seen := map[string]bool{}
	for _, c := range p.Choices {
		if seen[c] {
			t.Errorf("%s: choice %q twice", at, c)
		}
		seen[c] = true
	}
}
