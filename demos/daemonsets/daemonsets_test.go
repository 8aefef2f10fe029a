package daemonsets

import (
	"bytes"
	"context"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// scenarios are replayed step by step into testdata/<name>.golden. The
// controller's behaviour comes from engine/daemonset, which follows
// kubernetes pkg/controller/daemon/daemon_controller.go, update.go and
// util/daemonset_util.go.
var scenarios = []struct{ name, query string }{
	{"default", ""},
	{"selector-ssd", "nodeSelector=disktype=ssd"},
	{"control-plane", "tolerateControlPlane=true"},
	{"bad-selector", "nodeSelector=disk type=ssd"},
}

func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(sc.query)
			st, probs := Open(q)
			if len(probs) != 0 {
				t.Fatalf("problems: %v", probs)
			}
			var b strings.Builder
			_, total := st.Progress()
			for i := 0; ; i++ {
				b.WriteString("=== " + st.Narration() + "\n")
				b.WriteString(st.Text())
				b.WriteString("\n")
				if i == total {
					break
				}
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join("testdata", sc.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(want) != b.String() {
				t.Errorf("%s differs from the replay; rerun with -update and review the diff", path)
			}
		})
	}
}

func render(t *testing.T, st demos.State) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/daemonsets"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The view shows the nodes, the pods, the counts of kubectl get daemonset
// and the SuccessfulCreate events (controller_utils.go "Created pod: %v").
func TestView(t *testing.T) {
	st, _ := Open(url.Values{"step": {"2"}})
	doc := render(t, st)
	if n := doc.Find(`[data-testid="ds-nodes"] > li`).Length(); n != 3 {
		t.Errorf("%d node cards, want 3", n)
	}
	if got := doc.Find(`[data-testid="ds-node-control-plane"] .dsd-verdict`).Text(); !strings.Contains(got, "untolerated taint node-role.kubernetes.io/control-plane:NoSchedule") {
		t.Errorf("control-plane verdict = %q", got)
	}
	for c, want := range map[string]string{"DESIRED": "2", "CURRENT": "2", "READY": "2", "UP-TO-DATE": "2", "AVAILABLE": "2"} {
		if got := doc.Find(`[data-testid="ds-count-` + c + `"]`).Text(); got != want {
			t.Errorf("%s = %q, want %s", c, got, want)
		}
	}
	ev := doc.Find(`[data-testid="ds-events"] tbody tr`)
	if ev.Length() != 2 || !strings.HasPrefix(ev.First().Find("td").Eq(4).Text(), "Created pod: fluentd-") || ev.First().Find("td").Eq(1).Text() != "SuccessfulCreate" {
		t.Errorf("events = %q", ev.Text())
	}
	// kubectl's table printer pads every column to at least 6 (staging/src/k8s.io/cli-runtime/
	// pkg/printers/tabwriter.go: tabwriterMinWidth 6, tabwriterPadding 3): READY gets 3 spaces.
	if got := doc.Find(`[data-testid="ds-get-ds"]`).Text(); !strings.HasPrefix(got, "NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\nfluentd   2         2         2       2            2           <none>          ") {
		t.Errorf("kubectl get daemonset = %q", got)
	}
	if doc.Find(`[data-testid="ds-rollout"]`).Length() != 0 {
		t.Errorf("rollout status before kubectl set image")
	}

	// With the toleration, the control-plane node runs a pod too.
	st, _ = Open(url.Values{"tolerateControlPlane": {"true"}, "step": {"2"}})
	doc = render(t, st)
	if got := doc.Find(`[data-testid="ds-count-DESIRED"]`).Text(); got != "3" {
		t.Errorf("DESIRED with the toleration = %q, want 3", got)
	}
	if doc.Find(`[data-testid="ds-node-control-plane"] .dsd-pod.ready`).Length() != 1 {
		t.Errorf("no Ready pod drawn on control-plane")
	}

	// The last step: the rolling update is done.
	st, _ = Open(url.Values{"step": {"999"}})
	doc = render(t, st)
	if got := doc.Find(`[data-testid="ds-rollout"]`).Text(); got != `daemon set "fluentd" successfully rolled out` {
		t.Errorf("rollout status at the end = %q", got)
	}
}

// A bad nodeSelector is state: shown beside its control with the API
// server's message (metav1validation.ValidateLabels), not an Apply error.
func TestBadSelector(t *testing.T) {
	st, _ := Open(nil)
	if err := st.Apply(demos.Action{Kind: "set", Key: "nodeSelector", Value: "disk type=ssd"}); err != nil {
		t.Fatal(err)
	}
	doc := render(t, st)
	got := doc.Find(`[data-testid="ds-error-nodeSelector"]`).Text()
	if !strings.Contains(got, `spec.template.spec.nodeSelector: Invalid value: "disk type": name part must consist of alphanumeric characters`) {
		t.Errorf("error = %q", got)
	}
	if _, probs := Open(url.Values{"tolerateControlPlane": {"maybe"}, "step": {"x"}}); len(probs) != 2 {
		t.Errorf("problems = %v, want 2", probs)
	}
}

// The story's timing follows upstream:
//   - kubeadm join prints joinWorkerNodeDoneMsg (cmd/kubeadm/app/cmd/join.go),
//     "This node has joined the cluster:";
//   - a deleted node's pod stays until the pod garbage collector deletes it,
//     at least quarantineTime 40 s later (pkg/controller/podgc/gc_controller.go);
//   - with maxSurge 0 no new pod goes on a node while its old pod is still
//     Terminating (pkg/controller/daemon/daemon_controller.go
//     podsShouldBeOnNode).
func TestUpstreamTiming(t *testing.T) {
	st, _ := open(url.Values{})
	joined, deletedAt, gcAt := false, -1, -1
	for i, f := range st.frames {
		if strings.HasPrefix(f.Command, "kubeadm join") {
			joined = f.Said == "This node has joined the cluster:"
		}
		orphan := false
		for _, p := range f.sim.Pods {
			orphan = orphan || p.Node == "node-2"
		}
		if f.Command == "kubectl delete node node-2" {
			deletedAt = f.At
			if !orphan {
				t.Errorf("step %d: node-2's pod is gone the moment the node is deleted", i)
			}
		}
		if deletedAt >= 0 && gcAt < 0 && !orphan {
			gcAt = f.At
			if f.Actor != actorPodGC {
				t.Errorf("step %d: node-2's pod removed by %q, want the pod garbage collector", i, f.Actor)
			}
		}
		// A Terminating pod stays Ready until the kubelet has stopped it
		// (pkg/kubelet/prober/prober_manager.go; kubernetes/website PR #49476).
		for _, p := range f.sim.Pods {
			if p.Terminating && !strings.Contains(f.sim.GetPods(), p.Name+"   1/1     Terminating") {
				t.Errorf("step %d: %s is not listed 1/1 Terminating:\n%s", i, p.Name, f.sim.GetPods())
			}
		}
		perNode := map[string][2]int{} // live, Terminating
		for _, p := range f.sim.Pods {
			c := perNode[p.Node]
			if p.Terminating {
				c[1]++
			} else {
				c[0]++
			}
			perNode[p.Node] = c
		}
		for n, c := range perNode {
			if c[0] > 0 && c[1] > 0 {
				t.Errorf("step %d: %s has a new pod while its old one is Terminating (maxSurge 0)", i, n)
			}
		}
	}
	// kubectl -o custom-columns=…,TAINTS:.spec.taints prints the raw list
	// (staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go), not
	// key=value:effect: the nodes table must not claim to be its output.
	if strings.Contains(st.Text(), "TAINTS:.spec.taints") {
		t.Errorf("the nodes table is labelled as kubectl custom-columns output")
	}
	if !joined {
		t.Errorf("kubeadm join does not print %q", "This node has joined the cluster:")
	}
	if deletedAt < 0 || gcAt-deletedAt < 40 {
		t.Errorf("node-2 deleted at %ds, its pod garbage-collected at %ds: want at least 40 s later", deletedAt, gcAt)
	}
}
