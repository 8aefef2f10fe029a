package nodelifecycle

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// The lessons in testdata/*.txt step a three-node cluster through a node
// failure. What they print follows kubernetes
// pkg/controller/nodelifecycle/node_lifecycle_controller.go,
// pkg/controller/tainteviction/taint_eviction.go, pkg/kubelet/nodelease
// and nodestatus/setters.go, pkg/controller/replicaset/replica_set.go and
// kubectl's printers (see doc.go). After every step CheckInvariants must
// hold and time must not go back.
//
// Commands:
//
//	new [node=…] [failure=kubelet|network] [returnAfter=N|never] [tolerationSeconds=N] [seed=N]
//	heartbeats until=N   run the routine seconds up to N
//	next [n=N]           the next N steps
//	run                  every step to the end, one line each
//	get nodes|pods|deployment, describe node=…, events
func TestLessons(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var s *Sim
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "new":
				cfg := DefaultConfig()
				for _, a := range d.CmdArgs {
					v := a.Vals[0]
					switch a.Key {
					case "node":
						cfg.Node = v
					case "failure":
						cfg.Failure = Failure(v)
					case "returnAfter":
						if v == "never" {
							cfg.ReturnAfter = -1
						} else {
							cfg.ReturnAfter = Time(atoi(t, v))
						}
					case "tolerationSeconds":
						n := int64(atoi(t, v))
						cfg.TolerationSeconds = &n
					case "seed":
						cfg.Seed = uint64(atoi(t, v))
					default:
						t.Fatalf("unknown argument %s", a.Key)
					}
				}
				var err error
				if s, err = New(cfg); err != nil {
					return "error: " + err.Error() + "\n"
				}
				return s.Describe()
			case "heartbeats":
				var until int
				d.ScanArgs(t, "until", &until)
				return printStep(t, s, s.Heartbeats(Time(until)))
			case "next":
				n := 1
				if d.HasArg("n") {
					d.ScanArgs(t, "n", &n)
				}
				var b strings.Builder
				for range n {
					st, ok := s.Next()
					if !ok {
						b.WriteString("(nothing more happens)\n")
						break
					}
					b.WriteString(printStep(t, s, st))
				}
				return b.String()
			case "run":
				var b strings.Builder
				for {
					before := s.Now
					st, ok := s.Next()
					if !ok {
						break
					}
					check(t, s, before, st)
					fmt.Fprintf(&b, "%s %-25s %-14s %s\n", Clock(st.At), st.Actor, st.Kind, firstWords(st.Did[0], 12))
				}
				return b.String()
			case "get":
				switch d.CmdArgs[0].Key {
				case "nodes":
					return s.GetNodes() + "\n"
				case "pods":
					return s.GetPodsWide() + "\n"
				case "deployment":
					return s.GetDeployment() + "\n"
				}
			case "describe":
				var node string
				d.ScanArgs(t, "node", &node)
				return s.DescribeNode(node) + "\n"
			case "events":
				return s.KubectlEvents(40) + "\n"
			}
			t.Fatalf("unknown command %s", d.Cmd)
			return ""
		})
	})
}

func atoi(t *testing.T, v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func check(t *testing.T, s *Sim, before Time, st Step) {
	t.Helper()
	if st.At < before-1 || st.QuietFrom > st.At {
		t.Fatalf("step at %d goes back in time (before %d, quiet from %d)", st.At, before, st.QuietFrom)
	}
	if bad := s.CheckInvariants(); len(bad) > 0 {
		t.Fatalf("after the step at %s: %v", Clock(st.At), bad)
	}
}

func printStep(t *testing.T, s *Sim, st Step) string {
	t.Helper()
	check(t, s, st.At, st)
	var b strings.Builder
	fmt.Fprintf(&b, "%s (t=%ds) %s [%s]\n", Clock(st.At), st.At, st.Actor, st.Kind)
	for _, q := range st.Quiet {
		fmt.Fprintf(&b, "  ~ %s\n", q)
	}
	for _, d := range st.Did {
		fmt.Fprintf(&b, "  - %s\n", d)
	}
	return b.String()
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		return strings.Join(w[:n], " ") + " …"
	}
	return s
}

// kubectl describe node sorts taints by Effect + "," + Key
// (describe.go printTaintsMultilineWithIndent), whatever order the
// controller added them in, and writes every condition cell but the last
// with a trailing space ("%v \t%v \t%s \t%s \t%v \t%v\n").
func TestDescribeNodeTaintOrderAndConditionCells(t *testing.T) {
	s, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	n := s.Nodes[0]
	n.Taints = []Taint{
		{Key: "node.kubernetes.io/unreachable", Effect: "NoSchedule"},
		{Key: "node.kubernetes.io/unreachable", Effect: "NoExecute"},
	}
	out := s.DescribeNode(n.Name)
	want := "Taints:             node.kubernetes.io/unreachable:NoExecute\n                    node.kubernetes.io/unreachable:NoSchedule\n"
	if !strings.Contains(out, want) {
		t.Errorf("taints not sorted by effect, key:\n%s", out)
	}
	// "  MemoryPressure " is the widest first cell: 17 + padding 2.
	if !strings.Contains(out, "\n  Ready            ") {
		t.Errorf("condition cells lack their trailing space:\n%s", out)
	}
}

// kubectl events prints the involved object as Kind/name ("Node/node-3",
// "Pod/web-…", "ReplicaSet/web-…"): staging/src/k8s.io/kubectl/pkg/cmd/
// events/event_printer.go printOneEvent uses e.InvolvedObject.Kind, unlike
// kubectl get events' lowercase resource/name.
func TestKubectlEventsObjectIsKindName(t *testing.T) {
	s, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if _, ok := s.Next(); !ok {
			break
		}
	}
	out := s.KubectlEvents(100)
	for _, want := range []string{" Node/node-3 ", " Pod/web-", " ReplicaSet/web-"} {
		if !strings.Contains(out, want) {
			t.Errorf("kubectl events lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{" node/", " pod/", " replicaset/"} {
		if strings.Contains(out, bad) {
			t.Errorf("kubectl events prints %q (kubectl get events' form):\n%s", bad, out)
		}
	}
}
