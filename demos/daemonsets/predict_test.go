package daemonsets

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// Every checkpoint's answer is what the next step shows, in every scenario
// of the golden replays; asking never changes the state. The rules the
// answers follow are upstream's: kubernetes pkg/controller/daemon/
// daemon_controller.go (NodeShouldRunDaemonPod, podsShouldBeOnNode),
// update.go (rollingUpdate, maxSurge == 0) and pkg/apis/apps/v1/defaults.go
// (SetDefaults_DaemonSet: maxUnavailable 1, maxSurge 0).
func TestPredictionsAreTheNextSync(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(sc.query)
			st, _ := open(q)
			asked := map[string]int{}
			for st.step < len(st.frames)-1 {
				query, text := st.Query().Encode(), st.Text()
				p, ok := st.Prediction()
				if st.Query().Encode() != query || st.Text() != text {
					t.Fatalf("step %d: Prediction changed the state", st.step)
				}
				before := st.frames[st.step]
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
				if !ok {
					continue
				}
				checkShape(t, st.step, p)
				after := st.frames[st.step]
				var got string
				switch {
				case strings.HasPrefix(p.Question, qRunning):
					asked[qRunning]++
					got = strconv.Itoa(len(runningPods(after.sim)))
				case strings.HasPrefix(p.Question, qOld):
					asked[qOld]++
					got = strconv.Itoa(len(newlyTerminating(before.sim, after.sim)))
				case strings.HasPrefix(p.Question, qTainted):
					asked[qTainted]++
					got = taintedOutcome(t, st, p.Question)
				default:
					t.Fatalf("step %d: unknown checkpoint %q", st.step, p.Question)
				}
				if p.Choices[p.Answer] != got {
					t.Errorf("step %d: %q predicted %q, the step shows %q", st.step, p.Question, p.Choices[p.Answer], got)
				}
			}
			// Every scenario has nodes joining, changing and leaving, and a
			// rollout that reaches the tainted node-3.
			if asked[qRunning] < 4 || asked[qTainted] != 1 {
				t.Errorf("checkpoints asked: %v", asked)
			}
			if sc.name != "selector-ssd" && asked[qOld] != 1 {
				t.Errorf("checkpoints asked: %v", asked)
			}
		})
	}
}

// taintedOutcome is what happened to the pod the question names, read from
// the step now shown and the rest of the story.
func taintedOutcome(t *testing.T, st *State, question string) string {
	t.Helper()
	name := strings.Fields(strings.TrimPrefix(question, qTainted+" "))[0]
	name = strings.TrimSuffix(name, "?")
	var node string
	for _, pod := range st.frames[st.step-1].sim.Pods {
		if pod.Name == name {
			node = pod.Node
		}
	}
	if node == "" {
		t.Fatalf("no pod %q before the step", name)
	}
	if !gone(st.frames[st.step].sim, name) {
		return cKept
	}
	// Step to the end of the story: does a new pod ever run there?
	rest, _ := open(st.Query())
	for {
		s := rest.frames[rest.step].sim
		for _, pod := range s.Pods {
			if pod.Node == node && !pod.Terminating && pod.Revision == s.Revision {
				return cDeletedReplaced
			}
		}
		if rest.Apply(demos.Action{Kind: "step"}) != nil {
			return cDeletedNotReplaced
		}
	}
}

func checkShape(t *testing.T, step int, p demos.Prediction) {
	t.Helper()
	if len(p.Choices) < 2 || len(p.Choices) > 6 || p.Answer < 0 || p.Answer >= len(p.Choices) || p.Why == "" || p.Question == "" {
		t.Fatalf("step %d: malformed checkpoint %+v", step, p)
	}
	seen := map[string]bool{}
	for _, c := range p.Choices {
		if seen[c] {
			t.Fatalf("step %d: choice %q twice", step, c)
		}
		seen[c] = true
	}
}

// With the toleration the control plane runs a pod too: a node joining
// makes four, and the first rollout sync still deletes only one old pod.
func TestPredictionWithToleration(t *testing.T) {
	st, _ := open(url.Values{"tolerateControlPlane": {"true"}, "step": {"3"}})
	p, ok := st.Prediction()
	if !ok || p.Choices[p.Answer] != "4" || len(p.Choices) != 5 {
		t.Fatalf("after node-3 joins: %+v %v", p, ok)
	}
	setImage := -1
	for i, f := range st.frames {
		if strings.HasPrefix(f.Command, "kubectl set image") {
			setImage = i
		}
	}
	st, _ = open(url.Values{"tolerateControlPlane": {"true"}, "step": {strconv.Itoa(setImage)}})
	p, ok = st.Prediction()
	if !ok || !strings.HasPrefix(p.Question, qOld) || p.Choices[p.Answer] != "1" {
		t.Fatalf("after kubectl set image: %+v %v", p, ok)
	}
}
