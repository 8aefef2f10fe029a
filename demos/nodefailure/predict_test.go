package nodefailure

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	nlc "github.com/kubeviz/kubeviz/engine/nodelifecycle"
)

// Every checkpoint's answer is what the story then does, in every
// scenario; asking never changes the state. The rules are upstream's:
// node_lifecycle_controller.go (monitorNodeHealth every 5 s,
// tryUpdateNodeHealth with the 50 s grace period), taint_eviction.go
// (processPodOnNode: taint seen + tolerationSeconds; cancelled when the
// taint goes) and replica_set.go (manageReplicas counts active pods).
func TestPredictionsAreWhatHappens(t *testing.T) {
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
				rest := st.frames[st.step+1:]
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
				if !ok {
					continue
				}
				checkShape(t, st.step, p)
				after := st.frames[st.step]
				got := ""
				switch {
				case strings.HasPrefix(p.Question, qNotReady):
					asked[qNotReady]++
					if after.step.Kind != nlc.KindUnknown {
						t.Fatalf("the next step is %s", after.step.Kind)
					}
					got = nlc.Clock(after.step.At)
				case strings.HasPrefix(p.Question, qEvict):
					asked[qEvict]++
					got = "Never"
					pod := before.sim.PodsOn(st.cfg.Node)[0].Name
					for _, f := range rest {
						if p := f.sim.Pod(pod); p != nil && p.Terminating() {
							got = nlc.Clock(p.DeletedAt)
							break
						}
					}
				case strings.HasPrefix(p.Question, qCreate):
					asked[qCreate]++
					got = strconv.Itoa(len(after.sim.Pods) - len(before.sim.Pods))
				default:
					t.Fatalf("unknown checkpoint %q", p.Question)
				}
				if !strings.HasPrefix(p.Choices[p.Answer], got) {
					t.Errorf("step %d: %q predicted %q, the story shows %q", st.step, p.Question, p.Choices[p.Answer], got)
				}
			}
			if asked[qNotReady] != 1 || asked[qEvict] != 1 {
				t.Errorf("checkpoints asked: %v", asked)
			}
			if sc.name != "network-back-in-time" && asked[qCreate] != 1 {
				t.Errorf("checkpoints asked: %v", asked)
			}
		})
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
