package architecture

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/archtrace"
)

// Every checkpoint's answer is the message the next step shows, for both
// scenarios with every fault and two seeds, and asking never changes the
// state. The rules: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
// create.go and registry/generic/registry/store.go (mutating admission,
// validation, validating admission, storage; 201 Created), the watchers'
// selectors (pkg/scheduler/eventhandlers.go, pkg/kubelet/config/
// apiserver.go), admission/plugin/webhook/errors/statuserror.go (403) and
// server/filters/timeout.go (504).
func TestPredictionsAreTheNextMessage(t *testing.T) {
	for _, scenario := range []string{"pod", "deployment"} {
		for _, fault := range faultValues {
			for _, seed := range []string{"1", "7"} {
				name := scenario + "/" + fault + "/" + seed
				st, probs := open(url.Values{"scenario": {scenario}, "fault": {fault}, "seed": {seed}})
				if len(probs) != 0 {
					t.Fatal(probs)
				}
				asked := map[string]int{}
				for st.step < len(st.tr.Steps) {
					query, text := st.Query().Encode(), st.Text()
					p, ok := st.Prediction()
					if st.Query().Encode() != query || st.Text() != text {
						t.Fatalf("%s step %d: Prediction changed the state", name, st.step)
					}
					if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
						t.Fatal(err)
					}
					if !ok {
						continue
					}
					checkShape(t, name, st.step, p)
					shown := st.tr.Steps[st.step-1]
					var got string
					switch {
					case strings.HasPrefix(p.Question, qWatch):
						asked[qWatch]++
						if shown.Kind != archtrace.KindWatch || len(shown.To) != 1 {
							t.Fatalf("%s step %d: asked about a watch event, the step is %s", name, st.step, shown.Arrow())
						}
						got = string(shown.To[0])
					case p.Question == qStage:
						asked[qStage]++
						got = string(shown.Stage)
					case strings.HasPrefix(p.Question, qResponse):
						asked[qResponse]++
						if shown.Kind != archtrace.KindResponse || shown.To[0] != archtrace.Kubectl {
							t.Fatalf("%s step %d: asked about kubectl's answer, the step is %s", name, st.step, shown.Arrow())
						}
						got = shown.Title
					default:
						t.Fatalf("%s step %d: unknown checkpoint %q", name, st.step, p.Question)
					}
					if got != p.Choices[p.Answer] && !strings.HasPrefix(got, p.Choices[p.Answer]+":") {
						t.Errorf("%s step %d: %q predicted %q, the step shows %q", name, st.step, p.Question, p.Choices[p.Answer], got)
					}
				}
				// Every trace has kubectl's answer. A watch event is asked
				// about unless none is delivered: etcd down, the pod denied
				// by the webhook, or its only watcher (the scheduler) down.
				if asked[qResponse] == 0 {
					t.Errorf("%s: never asked what the API server answers (%v)", name, asked)
				}
				if fault != "etcd" && asked[qWatch] == 0 && (scenario == "deployment" || (fault != "webhook" && fault != "scheduler")) {
					t.Errorf("%s: never asked who acts on a watch event (%v)", name, asked)
				}
				if scenario == "pod" && fault != "etcd" && asked[qStage] != 1 {
					t.Errorf("%s: asked about the stage %d times", name, asked[qStage])
				}
			}
		}
	}
}

func checkShape(t *testing.T, name string, step int, p demos.Prediction) {
	t.Helper()
	if len(p.Choices) < 2 || len(p.Choices) > 6 || p.Answer < 0 || p.Answer >= len(p.Choices) || p.Why == "" || p.Question == "" {
		t.Fatalf("%s step %d: malformed checkpoint %+v", name, step, p)
	}
	seen := map[string]bool{}
	for _, c := range p.Choices {
		if seen[c] {
			t.Fatalf("%s step %d: choice %q twice", name, step, c)
		}
		seen[c] = true
	}
}

// The pod trace: kubectl apply's GET gets 404, the POST 201, and the new
// pod is the scheduler's; after the Binding it is the kubelet's on
// worker-1.
func TestPodTraceCheckpoints(t *testing.T) {
	for step, want := range map[int]string{2: "404 Not Found", 6: "mutating admission", 13: "201 Created", 14: "kube-scheduler", 19: "kubelet@worker-1"} {
		st, _ := open(url.Values{"step": {strconv.Itoa(step)}})
		p, ok := st.Prediction()
		if !ok || p.Choices[p.Answer] != want {
			t.Errorf("step %d: %+v %v, want %s", step, p, ok, want)
		}
	}
}
