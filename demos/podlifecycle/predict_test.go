package podlifecycle

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// shownRestart reads, from the text of a second, what the kubelet did about
// a stopped container: the lines it writes (engine/kubelet/sync.go) say it
// restarted it, or that it is in back-off until a time, or neither.
func shownRestart(t *testing.T, text, name string) string {
	t.Helper()
	if strings.Contains(text, "kubelet: The kubelet restarted container "+name+": restart ") {
		return restartAtOnce
	}
	m := regexp.MustCompile(regexp.QuoteMeta(name) + ` exited at t=(\d+)s and is in back-off for [^:]+: no restart before t=(\d+)s`).FindStringSubmatch(text)
	if m != nil {
		from, _ := strconv.Atoi(m[1])
		to, _ := strconv.Atoi(m[2])
		return restartAfter(to - from)
	}
	return restartNever
}

// shownGetPods is READY and STATUS of the kubectl get pods table in text.
func shownGetPods(t *testing.T, text string) (ready, status string) {
	t.Helper()
	_, after, ok := strings.Cut(text, "$ kubectl get pods\n")
	if !ok {
		t.Fatal("no kubectl get pods in the text")
	}
	lines := strings.Split(after, "\n")
	f := strings.Fields(lines[1])
	if len(f) < 3 {
		t.Fatalf("kubectl get pods row %q", lines[1])
	}
	return f[1], f[2]
}

var nameIn = regexp.MustCompile(`(?:program in|probe of|init container) ([a-z0-9-]+)`)

// Each checkpoint's answer is what the next second shows: the kubelet's own
// lines for restarts and kills, the kubectl get pods row for READY and
// STATUS. Every preset asks at least one.
func TestPredictionsAreTheNextSecond(t *testing.T) {
	cases := []url.Values{}
	for _, p := range presets {
		cases = append(cases, url.Values{"preset": {p.Name}})
	}
	// The variants the prose invites: no startup probe, other restart policies.
	cases = append(cases,
		url.Values{"preset": {"slow-start"}, "startup": {"off"}},
		url.Values{"preset": {"job"}, "restartPolicy": {"OnFailure"}},
		url.Values{"preset": {"job"}, "restartPolicy": {"Always"}},
		url.Values{"preset": {"init"}, "restartPolicy": {"Never"}},
	)
	for _, q := range cases {
		t.Run(q.Encode(), func(t *testing.T) {
			s, problems := open(q)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			asked := 0
			for s.step < s.total() {
				beforeQ, beforeT := s.Query().Encode(), s.Text()
				p, ok := s.Prediction()
				if s.Query().Encode() != beforeQ || s.Text() != beforeT {
					t.Fatalf("t=%d: Prediction changed the state", s.step)
				}
				if err := s.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
				if !ok {
					continue
				}
				asked++
				checkPrediction(t, s.step, p)
				text := s.Text()
				m := nameIn.FindStringSubmatch(p.Question)
				var got string
				switch {
				case slices.Contains(p.Choices, restartAtOnce):
					got = shownRestart(t, text, m[1])
				case slices.Contains(p.Choices, liveNothing):
					got = liveNothing
					if strings.Contains(text, "kubelet: The kubelet stopped "+m[1]+": ") {
						got = map[string]string{restartAtOnce: liveAtOnce, restartNever: liveStays}[shownRestart(t, text, m[1])]
						if got == "" {
							got = liveBackOff
						}
					}
				case strings.Contains(p.Question, "READY"):
					got, _ = shownGetPods(t, text)
				case strings.Contains(p.Question, "STATUS"):
					_, got = shownGetPods(t, text)
				default:
					t.Fatalf("t=%d: a question the test does not know: %s", s.step, p.Question)
				}
				if p.Choices[p.Answer] != got {
					t.Errorf("t=%d: %q predicted %q, the second shows %q", s.step, p.Question, p.Choices[p.Answer], got)
				}
			}
			if asked == 0 {
				t.Errorf("no checkpoint in %s", q.Encode())
			}
			t.Logf("%d checkpoints", asked)
		})
	}
}

func checkPrediction(t *testing.T, step int, p demos.Prediction) {
	t.Helper()
	if p.Question == "" || p.Why == "" {
		t.Errorf("t=%d: empty question or why: %+v", step, p)
	}
	if len(p.Choices) < 2 || len(p.Choices) > 6 {
		t.Errorf("t=%d: %d choices", step, len(p.Choices))
	}
	if p.Answer < 0 || p.Answer >= len(p.Choices) {
		t.Fatalf("t=%d: answer %d of %d choices", step, p.Answer, len(p.Choices))
	}
	seen := map[string]bool{}
	for _, c := range p.Choices {
		if seen[c] {
			t.Errorf("t=%d: choice %q twice", step, c)
		}
		seen[c] = true
	}
}

// The back-off answers climb the kubelet's ladder in the crash loop:
// at once, then 10, 20, 40, 80, 160 and 300 s (engine/kubelet/backoff.go).
func TestCrashLoopCheckpointsClimbTheBackOff(t *testing.T) {
	s, _ := open(url.Values{"preset": {"crashloop"}})
	var got []string
	for ; s.step < s.total(); s.step++ {
		if p, ok := s.Prediction(); ok && slices.Contains(p.Choices, restartAtOnce) {
			got = append(got, p.Choices[p.Answer])
		}
	}
	want := []string{restartAtOnce, restartAfter(10), restartAfter(20), restartAfter(40), restartAfter(80), restartAfter(160), restartAfter(300), restartAfter(300)}
	if !slices.Equal(got, want) {
		t.Errorf("back-off answers %q, want %q", got, want)
	}
}
