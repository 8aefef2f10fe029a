package statefulsets

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// Every checkpoint's answer is what the StatefulSet controller's next sync
// shows, in every scenario of the golden replays, and asking never changes
// the state. The order rules are kubernetes
// pkg/controller/statefulset/stateful_set_control.go (processReplica,
// processCondemned, monotonic for OrderedReady); the claim rules
// stateful_set_utils.go getPersistentVolumeClaimName and
// pkg/apis/apps/v1/defaults.go (persistentVolumeClaimRetentionPolicy Retain).
func TestPredictionsAreTheNextSync(t *testing.T) {
	// What each scenario must ask at least once.
	want := map[string][]string{
		"default":         {qCreate},
		"parallel":        {qCreate},
		"scale-down":      {qCreate, qDelete, qClaimKept},
		"delete-pod":      {qCreate, qClaimNew},
		"node-fails":      {qCreate, qClaimNew},
		"parallel-scale0": {qCreate, qDelete},
	}
	for name, query := range scenarios {
		t.Run(name, func(t *testing.T) {
			q, _ := url.ParseQuery(query)
			st, probs := open(q)
			if len(probs) != 0 {
				t.Fatal(probs)
			}
			asked := map[string]int{}
			for st.step < len(st.frames)-1 {
				query, text := st.Query().Encode(), st.Text()
				p, ok := st.Prediction()
				if st.Query().Encode() != query || st.Text() != text {
					t.Fatalf("step %d: Prediction changed the state", st.step)
				}
				before := st.frames[st.step].sim
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
				if !ok {
					continue
				}
				checkShape(t, st.step, p)
				after := st.frames[st.step].sim
				var got string
				switch {
				case p.Question == qCreate:
					asked[qCreate]++
					got = names(createdPods(before, after))
				case p.Question == qDelete:
					asked[qDelete]++
					got = names(deletedPods(before, after))
				case strings.HasPrefix(p.Question, qClaimNew):
					asked[qClaimNew]++
					pods := createdPods(before, after)
					if len(pods) != 1 || !strings.Contains(p.Question, " "+pods[0]+" ") {
						t.Fatalf("step %d: %q, but the sync created %v", st.step, p.Question, pods)
					}
					claim := before.ClaimName(ordinalOf(pods[0]))
					got = p.Choices[claimOutcome(before.Claim(claim), after.Claim(claim))]
					if before.Claim(claim).Volume != after.Claim(claim).Volume {
						t.Errorf("step %d: %s changed volume", st.step, claim)
					}
				case strings.HasPrefix(p.Question, qClaimKept):
					asked[qClaimKept]++
					pods := deletedPods(before, after)
					if len(pods) != 1 || !strings.HasSuffix(p.Question, " "+pods[0]+" in its next sync?") {
						t.Fatalf("step %d: %q, but the sync deleted %v", st.step, p.Question, pods)
					}
					got = p.Choices[1]
					if after.Claim(before.ClaimName(ordinalOf(pods[0]))) != nil {
						got = p.Choices[0]
					}
				default:
					t.Fatalf("step %d: unknown checkpoint %q", st.step, p.Question)
				}
				if p.Choices[p.Answer] != got {
					t.Errorf("step %d: %q predicted %q, the sync did %q", st.step, p.Question, p.Choices[p.Answer], got)
				}
			}
			for _, w := range want[name] {
				if asked[w] == 0 {
					t.Errorf("never asked %q (asked %v)", w, asked)
				}
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

// The first question of the default story: OrderedReady creates web-0
// alone; Parallel creates all three.
func TestFirstCheckpoint(t *testing.T) {
	for policy, want := range map[string]string{"OrderedReady": "web-0", "Parallel": "web-0, web-1 and web-2"} {
		st, _ := open(url.Values{"policy": {policy}})
		p, ok := st.Prediction()
		if !ok || p.Question != qCreate || p.Choices[p.Answer] != want {
			t.Errorf("%s: %+v %v", policy, p, ok)
		}
	}
	// One replica: nothing to choose at step 0.
	st, _ := open(url.Values{"replicas": {"1"}})
	if p, ok := st.Prediction(); ok {
		t.Errorf("replicas 1 asks %+v", p)
	}
}
