package daemonset

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	v1 "k8s.io/api/core/v1"
)

// The scripts in testdata/ follow kubernetes
// pkg/controller/daemon/daemon_controller.go (manage, podsShouldBeOnNode,
// NodeShouldRunDaemonPod), update.go (rollingUpdate with maxSurge 0),
// util/daemonset_util.go (AddOrUpdateDaemonPodTolerations) and
// pkg/controller/podgc/gc_controller.go (gcOrphaned). After every command
// the invariants of Check hold.
func TestScripts(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var s *Sim
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			out := run(t, &s, d)
			if s != nil {
				if bad := s.Check(); bad != "" {
					t.Fatalf("%s: invariant broken: %s", d.Pos, bad)
				}
			}
			return out
		})
	})
}

func parseNode(t *testing.T, line string) Node {
	f := strings.Fields(line)
	n := Node{Name: f[0], Labels: map[string]string{"kubernetes.io/hostname": f[0], "kubernetes.io/os": "linux"}}
	for _, kv := range f[1:] {
		if rest, ok := strings.CutPrefix(kv, "taint="); ok {
			n.Taints = append(n.Taints, parseTaint(t, rest))
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		n.Labels[k] = v
	}
	return n
}

func parseTaint(t *testing.T, s string) v1.Taint {
	kv, effect, ok := strings.Cut(s, ":")
	if !ok {
		t.Fatalf("taint %q has no effect", s)
	}
	k, v, _ := strings.Cut(kv, "=")
	return v1.Taint{Key: k, Value: v, Effect: v1.TaintEffect(effect)}
}

func lines(did []string) string {
	if len(did) == 0 {
		return "nothing to do\n"
	}
	return strings.Join(did, "\n") + "\n"
}

func run(t *testing.T, sp **Sim, d *datadriven.TestData) string {
	s := *sp
	arg := func(i int) string {
		if i >= len(d.CmdArgs) {
			t.Fatalf("%s: %s needs argument %d", d.Pos, d.Cmd, i+1)
		}
		a := d.CmdArgs[i]
		if len(a.Vals) == 0 {
			return a.Key
		}
		return a.Key + "=" + a.Vals[0]
	}
	switch d.Cmd {
	case "new":
		cfg := Config{Name: "fluentd", Image: "fluent/fluentd:v1.16-1", Seed: 1}
		for _, a := range d.CmdArgs {
			switch a.Key {
			case "selector":
				k, v, _ := strings.Cut(a.Vals[0], "=")
				cfg.NodeSelector = map[string]string{k: v}
			case "tolerate-control-plane":
				cfg.TolerateControlPlane = true
			}
		}
		var nodes []Node
		for _, l := range strings.Split(strings.TrimSpace(d.Input), "\n") {
			nodes = append(nodes, parseNode(t, l))
		}
		*sp = New(cfg, nodes)
		return (*sp).Placement() + "\n"
	case "sync":
		s.Tick(1)
		return lines(s.Sync())
	case "kubelet":
		s.Tick(5)
		return lines(s.Kubelet())
	case "settle":
		var b strings.Builder
		for i := 0; !s.Settled(); i++ {
			if i > 100 {
				t.Fatalf("%s: does not settle", d.Pos)
			}
			s.Tick(1)
			if did := s.Sync(); len(did) > 0 {
				b.WriteString("sync: " + strings.Join(did, "\nsync: ") + "\n")
				continue
			}
			s.Tick(4)
			b.WriteString("kubelet: " + strings.Join(s.Kubelet(), "\nkubelet: ") + "\n")
		}
		if b.Len() == 0 {
			return "nothing to do\n"
		}
		return b.String()
	case "tick":
		n, _ := strconv.Atoi(arg(0))
		s.Tick(n)
		return ""
	case "add-node":
		if err := s.AddNode(parseNode(t, strings.TrimSpace(d.Input))); err != nil {
			return err.Error() + "\n"
		}
		return s.Placement() + "\n"
	case "delete-node":
		if err := s.DeleteNode(arg(0)); err != nil {
			return err.Error() + "\n"
		}
		var orphans []string
		for _, p := range s.Orphans() {
			orphans = append(orphans, "orphan "+p.Name+" on "+p.Node)
		}
		return lines(orphans)
	case "podgc":
		return lines(s.GCOrphaned())
	case "label":
		k, v, _ := strings.Cut(arg(1), "=")
		if strings.HasSuffix(arg(1), "-") {
			k, v = strings.TrimSuffix(arg(1), "-"), ""
		}
		if err := s.Label(arg(0), k, v); err != nil {
			return err.Error() + "\n"
		}
		return s.Placement() + "\n"
	case "taint":
		if err := s.Taint(arg(0), parseTaint(t, arg(1))); err != nil {
			return err.Error() + "\n"
		}
		return s.Placement() + "\n"
	case "set-image":
		s.SetImage(arg(0))
		return fmt.Sprintf("revision %d: %s\n", s.Revision, s.Cfg.Image)
	case "get":
		return s.GetDaemonSet() + "\n" + s.GetPods() + "\n" + s.GetPodsWide() + "\n"
	case "events":
		return s.DescribeEvents() + "\n"
	case "tolerations":
		var b strings.Builder
		for _, tol := range s.Tolerations() {
			fmt.Fprintf(&b, "%s %s %s\n", tol.Key, tol.Operator, tol.Effect)
		}
		return b.String()
	}
	t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
	return ""
}

// A clone has its own copy of the generator: what a clone draws (Settled
// syncs one) does not change the names the original goes on to give, and
// the names are engine/names.Suffix's (utilrand.String(5) alphabet).
func TestCloneDoesNotShareNames(t *testing.T) {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789" // apimachinery pkg/util/rand/rand.go alphanums
	nodes := []Node{{Name: "node-1"}, {Name: "node-2"}, {Name: "node-3"}}
	cfg := Config{Name: "fluentd", Image: "fluentd:v1", Seed: 5}
	a, b := New(cfg, nodes), New(cfg, nodes)
	if b.Settled() {
		t.Fatal("a new DaemonSet with no pods is settled")
	}
	a.Sync()
	b.Sync()
	if len(a.Pods) != 3 {
		t.Fatalf("%d pods, want 3", len(a.Pods))
	}
	for i := range a.Pods {
		if a.Pods[i].Name != b.Pods[i].Name {
			t.Errorf("pod %d: %s without Settled, %s after it", i, a.Pods[i].Name, b.Pods[i].Name)
		}
		suffix, ok := strings.CutPrefix(a.Pods[i].Name, "fluentd-")
		if !ok || len(suffix) != 5 || strings.Trim(suffix, alphabet) != "" {
			t.Errorf("pod name %q is not fluentd- and 5 characters of %q", a.Pods[i].Name, alphabet)
		}
	}
}
