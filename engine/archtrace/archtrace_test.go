package archtrace

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// The lessons in testdata/*.txt trace each scenario with each fault, one
// message a step. The messages follow the upstream files named in doc.go
// and in each step's "upstream:" line; after every step the invariants of
// CheckInvariants are checked (Raft: commit ≤ last index, a leader's commit
// is what a quorum has; no write without a leader; a Running pod is bound
// and in etcd).
func TestLessons(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var tr *Trace
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "trace":
				cfg := Config{Scenario: ScenarioPod, Seed: 1}
				for _, a := range d.CmdArgs {
					v := a.Vals[0]
					switch a.Key {
					case "scenario":
						cfg.Scenario = Scenario(v)
					case "fault":
						if v != "none" {
							cfg.Fault = Fault(v)
						}
					case "seed":
						n, _ := strconv.ParseUint(v, 10, 64)
						cfg.Seed = n
					default:
						t.Fatalf("unknown argument %s", a.Key)
					}
				}
				var err error
				if tr, err = Run(cfg); err != nil {
					return err.Error() + "\n"
				}
				var b strings.Builder
				fmt.Fprintf(&b, "$ %s\n", tr.Command)
				prev := tr.Start
				for i, s := range tr.Steps {
					if bad := CheckInvariants(prev, s.State); len(bad) > 0 {
						t.Fatalf("step %d breaks: %v", i+1, bad)
					}
					if i > 0 && s.At < tr.Steps[i-1].At {
						t.Fatalf("step %d goes back in time", i+1)
					}
					prev = s.State
					fmt.Fprintf(&b, "%2d %s [%s] %s\n", i+1, s.Arrow(), s.Kind, s.Title)
				}
				return b.String()
			case "step":
				var n int
				d.ScanArgs(t, "n", &n)
				s := tr.Steps[n-1]
				out := DescribeStep(n, s) + s.Narration + "\n"
				if d.HasArg("state") {
					out += DescribeState(s.State, s.At)
				}
				return out
			case "terminal":
				return "$ " + tr.Command + "\n" + strings.Join(tr.Steps[len(tr.Steps)-1].State.Terminal, "\n") + "\n"
			}
			t.Fatalf("unknown command %s", d.Cmd)
			return ""
		})
	})
}

func TestQuorumArithmetic(t *testing.T) {
	for n, want := range map[int]int{1: 1, 2: 2, 3: 2, 4: 3, 5: 3} {
		if got := Quorum(n); got != want {
			t.Errorf("Quorum(%d) = %d, want %d", n, got, want)
		}
	}
	// etcd-io/raft quorum/majority.go CommittedIndex.
	for _, tc := range []struct {
		match []uint64
		want  uint64
	}{{[]uint64{1201, 1201, 1200}, 1201}, {[]uint64{1201, 1200, 1200}, 1200}, {[]uint64{5, 9, 7}, 7}, {[]uint64{3, 3, 3, 3, 9}, 3}} {
		if got := CommittedIndex(tc.match); got != tc.want {
			t.Errorf("CommittedIndex(%v) = %d, want %d", tc.match, got, tc.want)
		}
	}
}

// Generated names use apimachinery pkg/util/rand's alphabet and length
// (engine/names: staging/src/k8s.io/apiserver/pkg/storage/names/generate.go
// SimpleNameGenerator appends utilrand.String(5)), UIDs are version 4 UUIDs
// (staging/src/k8s.io/apiserver/pkg/registry/rest/meta.go
// FillObjectMetaSystemFields, util/uuid.NewUUID).
func TestGeneratedNames(t *testing.T) {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789" // apimachinery v0.37.2 pkg/util/rand/rand.go alphanums
	tmpl := DeploymentTemplate("web", "nginx:1.25", "nginx")
	h := ComputeHash(&tmpl, nil)
	if h != ComputeHash(&tmpl, nil) || len(h) < 6 || strings.Trim(h, alphabet) != "" {
		t.Errorf("pod-template-hash %q is not stable SafeEncodeString output", h)
	}
	one := int32(1)
	if ComputeHash(&tmpl, &one) == h {
		t.Errorf("the collision count does not change the hash")
	}
	pod := regexp.MustCompile(`^web-` + h + `-[` + alphabet + `]{5}$`)
	a, _ := Run(Config{Scenario: ScenarioDeployment, Seed: 1})
	b, _ := Run(Config{Scenario: ScenarioDeployment, Seed: 2})
	pa, pb := a.Steps[len(a.Steps)-1].State.Pods, b.Steps[len(b.Steps)-1].State.Pods
	if len(pa) != 3 || len(pb) != 3 {
		t.Fatalf("%d and %d pods, want 3", len(pa), len(pb))
	}
	for _, p := range append(pa, pb...) {
		if !pod.MatchString(p.Name) {
			t.Errorf("pod %q is not web-%s- and 5 characters of %q", p.Name, h, alphabet)
		}
	}
	if pa[0].Name == pb[0].Name {
		t.Errorf("seed does not change the generated names")
	}
	volume := regexp.MustCompile(`kube-api-access-[` + alphabet + `]{5} `)
	uid := regexp.MustCompile(`metadata\.uid ([0-9a-f-]{36}),`)
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	tr, _ := Run(Config{Scenario: ScenarioPod, Seed: 1})
	var vols, uids int
	for _, st := range tr.Steps {
		for _, l := range st.Lines {
			vols += len(volume.FindAllString(l, -1))
			if m := uid.FindStringSubmatch(l); m != nil {
				uids++
				if !v4.MatchString(m[1]) {
					t.Errorf("metadata.uid %s is not a version 4 UUID", m[1])
				}
			}
		}
	}
	if vols == 0 || uids == 0 {
		t.Errorf("the pod trace shows %d kube-api-access-xxxxx volumes and %d UIDs, want some of each", vols, uids)
	}
}

func TestSameConfigSameTrace(t *testing.T) {
	for _, sc := range Scenarios {
		for _, f := range Faults {
			a, _ := Run(Config{Scenario: sc, Fault: f, Seed: 3})
			b, _ := Run(Config{Scenario: sc, Fault: f, Seed: 3})
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Errorf("%s/%s: two runs differ", sc, f)
			}
		}
	}
	if _, err := Run(Config{Scenario: "nope"}); err == nil {
		t.Errorf("an unknown scenario was accepted")
	}
}

// kubectl get pods lists pods in the API server's order, by name (their
// etcd keys /registry/pods/default/NAME), not in creation order.
func TestGetPodsByName(t *testing.T) {
	got := GetPods([]Pod{{Name: "web-7bfb4bc78d-h4s9g", Phase: "Pending", Status: "Pending"}, {Name: "web-7bfb4bc78d-4czkl", Phase: "Pending", Status: "Pending"}}, 1000)
	if len(got) != 3 || !strings.HasPrefix(got[1], "web-7bfb4bc78d-4czkl ") || !strings.HasPrefix(got[2], "web-7bfb4bc78d-h4s9g ") {
		t.Errorf("kubectl get pods:\n%s\nwant 4czkl before h4s9g", strings.Join(got, "\n"))
	}
}
