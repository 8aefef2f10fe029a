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

func stepLines(t *testing.T, tr *Trace, title string) []string {
	t.Helper()
	for _, s := range tr.Steps {
		if s.Title == title {
			return s.Lines
		}
	}
	t.Fatalf("no step %q", title)
	return nil
}

func indexOf(t *testing.T, list []string, prefix string) int {
	t.Helper()
	for i, l := range list {
		if strings.HasPrefix(l, prefix) {
			return i
		}
	}
	t.Fatalf("%q not in %q", prefix, list)
	return -1
}

// The filters a request meets, as DefaultBuildHandlerChain builds them
// (staging/src/k8s.io/apiserver/pkg/server/config.go, read at
// kubernetes/kubernetes 8921bcdb, plus PR #127053, which moved WithTracing
// to just inside WithAuthentication): WithAuditInit outermost (it replaced
// WithAuditID), WithWarningRecorder inside the timeout filter,
// WithAuthorization innermost, no WithAuditAnnotations.
func TestHandlerChainOrder(t *testing.T) {
	tr, _ := Run(Config{Scenario: ScenarioPod, Seed: 1})
	line := stepLines(t, tr, "authentication")[0]
	const pre = "filters, in the order the request meets them: "
	if !strings.HasPrefix(line, pre) {
		t.Fatalf("first line %q", line)
	}
	f := strings.Split(strings.TrimPrefix(line, pre), ", ")
	if f[0] != "WithAuditInit" || f[len(f)-1] != "WithAuthorization" {
		t.Errorf("chain runs %s … %s, want WithAuditInit … WithAuthorization", f[0], f[len(f)-1])
	}
	for _, gone := range []string{"WithAuditID", "WithAuditAnnotations"} {
		if strings.Contains(line, gone) {
			t.Errorf("%s is not in a v1.37 chain", gone)
		}
	}
	before := func(a, b string) {
		if indexOf(t, f, a) >= indexOf(t, f, b) {
			t.Errorf("%s should come before %s: %v", a, b, f)
		}
	}
	before("WithPanicRecovery", "WithMuxAndDiscoveryComplete")
	before("WithRequestInfo", "WithLatencyTrackers")
	before("WithTimeoutForNonLongRunningRequests", "WithWarningRecorder")
	before("WithWarningRecorder", "WithCORS")
	if i := indexOf(t, f, "WithAuthentication"); f[i+1] != "WithTracing" || f[i+2] != "WithAudit" {
		t.Errorf("after WithAuthentication: %v, want WithTracing, WithAudit", f[i+1:i+3])
	}
}

// Admission plugins run in pkg/kubeapiserver/options/plugins.go
// AllOrderedPlugins order; MutatingAdmissionPolicy is on by default since
// v1.36 (kubernetes PR #136039) and runs before MutatingAdmissionWebhook;
// PodSecurity validates before Priority and RuntimeClass.
func TestAdmissionOrder(t *testing.T) {
	tr, _ := Run(Config{Scenario: ScenarioPod, Seed: 1})
	mut := stepLines(t, tr, "mutating admission")
	// NamespaceLifecycle has only Admit: it runs in the mutating phase,
	// before LimitRanger (staging/src/k8s.io/apiserver/pkg/admission/plugin/
	// namespace/lifecycle/admission.go).
	if indexOf(t, mut, "NamespaceLifecycle:") > indexOf(t, mut, "LimitRanger:") {
		t.Errorf("NamespaceLifecycle should run before LimitRanger: %q", mut)
	}
	if indexOf(t, mut, "MutatingAdmissionPolicy:") != indexOf(t, mut, "MutatingAdmissionWebhook:")-1 {
		t.Errorf("MutatingAdmissionPolicy should run just before MutatingAdmissionWebhook: %q", mut)
	}
	val := stepLines(t, tr, "validating admission")
	for _, l := range val {
		if strings.HasPrefix(l, "NamespaceLifecycle") {
			t.Errorf("NamespaceLifecycle has no Validate, yet the validating phase lists it: %q", val)
		}
	}
	ps := indexOf(t, val, "PodSecurity:")
	if !(indexOf(t, val, "LimitRanger, ServiceAccount") < ps && ps < indexOf(t, val, "Priority, RuntimeClass") &&
		indexOf(t, val, "Priority, RuntimeClass") < indexOf(t, val, "ValidatingAdmissionPolicy:")) {
		t.Errorf("validating plugins out of AllOrderedPlugins order: %q", val)
	}
}

// The API server encodes a Status from the metav1.Status struct, so the
// keys come in field order, as `kubectl get --raw` or kubectl -v=8 shows
// them (k8s.io/apimachinery pkg/apis/meta/v1/types.go Status).
func TestStatusBodies(t *testing.T) {
	tr, _ := Run(Config{Scenario: ScenarioPod, Seed: 1})
	want404 := `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"web-server\" not found","reason":"NotFound","details":{"name":"web-server","kind":"pods"},"code":404}`
	if got := stepLines(t, tr, "404 Not Found")[0]; got != want404 {
		t.Errorf("404 body\n got %s\nwant %s", got, want404)
	}
	tr, _ = Run(Config{Scenario: ScenarioDeployment, Fault: FaultEtcd, Seed: 1})
	want500 := `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"etcdserver: request timed out","code":500}`
	if got := stepLines(t, tr, "500 Internal Server Error")[0]; got != want500 {
		t.Errorf("500 body\n got %s\nwant %s", got, want500)
	}
	tr, _ = Run(Config{Scenario: ScenarioPod, Fault: FaultWebhook, Seed: 1})
	want403 := `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"admission webhook \"pod-policy.example.com\" denied the request: image \"nginx:1.25\" is not from registry.example.com","reason":"Forbidden","code":403}`
	if got := stepLines(t, tr, "403 Forbidden")[0]; got != want403 {
		t.Errorf("403 body\n got %s\nwant %s", got, want403)
	}
}

// pkg/kubelet/kubelet.go SyncPod sets the pod's status (the status
// manager then PATCHes it) before it waits for the volumes, whose mount
// requests the service account token, and calls the runtime's SyncPod
// (RunPodSandbox) last.
func TestKubeletSyncPodOrder(t *testing.T) {
	tr, _ := Run(Config{Scenario: ScenarioPod, Seed: 1})
	at := map[string]int{}
	for i, s := range tr.Steps {
		if _, ok := at[s.Title]; !ok {
			at[s.Title] = i
		}
	}
	patch, ok1 := at["PATCH /api/v1/namespaces/default/pods/web-server/status"]
	token, ok2 := at["POST /api/v1/namespaces/default/serviceaccounts/default/token"]
	sandbox, ok3 := at["RunPodSandbox"]
	if !ok1 || !ok2 || !ok3 {
		t.Fatalf("missing steps: %v", at)
	}
	if !(patch < token && token < sandbox) {
		t.Errorf("status PATCH at %d, TokenRequest at %d, RunPodSandbox at %d: want that order", patch, token, sandbox)
	}
}
