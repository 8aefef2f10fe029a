package statefulset

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// The traces in testdata/*.txt replay a StatefulSet step by step. They
// follow kubernetes pkg/controller/statefulset/stateful_set_control.go
// (updateStatefulSet, processReplica, processCondemned: the monotonic
// check), stateful_set_utils.go (getPodName, getPersistentVolumeClaimName)
// and stateful_pod_control.go (the event messages). After every step the
// invariants are checked: one pod per name web-N, every pod has its claim
// data-web-N, no claim is ever deleted (Retain), and under OrderedReady a
// pod is created only when every lower ordinal is Running and Ready.
func TestTraces(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var s *Sim
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			var h Happening
			var err error
			switch d.Cmd {
			case "new":
				cfg := DefaultConfig()
				if d.HasArg("replicas") {
					d.ScanArgs(t, "replicas", &cfg.Replicas)
				}
				if d.HasArg("policy") {
					var p string
					d.ScanArgs(t, "policy", &p)
					cfg.Policy = Policy(p)
				}
				if s, err = New(cfg); err != nil {
					return err.Error() + "\n"
				}
				return s.Describe()
			case "run", "next":
				n := 1000
				if d.Cmd == "next" {
					n = 1
				}
				var b strings.Builder
				for range n {
					claims := len(s.Claims)
					before := s.Clone()
					h, ok := s.Next()
					if !ok {
						b.WriteString("(nothing more happens)\n")
						break
					}
					b.WriteString(trace(h))
					check(t, before, s, claims, h)
				}
				return b.String() + s.Describe()
			case "scale":
				var n int
				d.ScanArgs(t, "replicas", &n)
				h, err = s.Scale(n)
			case "delete":
				var p string
				d.ScanArgs(t, "pod", &p)
				h, err = s.DeletePod(p)
			case "fail":
				var n string
				d.ScanArgs(t, "node", &n)
				h, err = s.FailNode(n)
			case "remove":
				var n string
				d.ScanArgs(t, "node", &n)
				h, err = s.RemoveNode(n)
			default:
				t.Fatalf("unknown command %s", d.Cmd)
			}
			if err != nil {
				return "error: " + err.Error() + "\n"
			}
			if err := s.CheckInvariants(); err != nil {
				t.Fatal(err)
			}
			return trace(h)
		})
	})
}

func trace(h Happening) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", h.Actor, h.What)
	for _, l := range h.Said {
		fmt.Fprintf(&b, "  > %s\n", l)
	}
	for _, e := range h.Events {
		fmt.Fprintf(&b, "  event %s %s %s: %s\n", e.Type, e.Reason, e.From, e.Message)
	}
	return b.String()
}

func check(t *testing.T, before, s *Sim, claims int, h Happening) {
	t.Helper()
	if err := s.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	if len(s.Claims) < claims {
		t.Fatalf("a claim was deleted: %d → %d", claims, len(s.Claims))
	}
	if s.Cfg.Policy != OrderedReady {
		return
	}
	for _, p := range s.Pods {
		if before.Pod(p.Name) != nil && before.Pod(p.Name).Incarnation == p.Incarnation {
			continue
		}
		for _, q := range before.Pods {
			if q.Ordinal < p.Ordinal && !q.healthy() {
				t.Fatalf("OrderedReady created %s while %s was not Running and Ready", p.Name, q.Name)
			}
		}
		for j := 0; j < p.Ordinal; j++ {
			if before.Pod(s.PodName(j)) == nil {
				t.Fatalf("OrderedReady created %s before %s", p.Name, s.PodName(j))
			}
		}
	}
	// Scale down goes highest ordinal first: a deleted pod has no higher
	// condemned pod still running.
	for _, e := range h.Events {
		if e.Reason == "SuccessfulDelete" {
			for _, q := range s.Pods {
				if q.Ordinal >= s.Replicas && !q.Terminating && strings.Contains(e.Message, " "+s.Cfg.Name+"-") && q.Ordinal > ordinalOf(strings.Fields(e.Message)[2]) {
					t.Fatalf("deleted %s before %s", e.Message, q.Name)
				}
			}
		}
	}
}
