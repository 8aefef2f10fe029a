package reconcile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// The lessons in testdata/*.txt play a ReplicaSet against what you do to
// its pods. The controller's arithmetic and messages follow kubernetes
// pkg/controller/replicaset/replica_set.go (manageReplicas,
// slowStartBatch, getPodsToDelete) and pkg/controller/controller_utils.go
// (FilterActivePods, ActivePodsWithRanks, "Created pod: %v", "Deleted pod:
// %v"); kubectl's columns follow its printers. After every step the
// invariants hold: after a sync the active pods are spec.replicas; a Ready
// pod's container runs.
//
//	run [replicas=N] [seed=N] do=delete:1,replicas:5,…
//	show          kubectl get pods, get replicaset and events now
func TestLessons(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var last Frame
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "run":
				replicas, seed, do := 3, 1, ""
				if d.HasArg("replicas") {
					d.ScanArgs(t, "replicas", &replicas)
				}
				if d.HasArg("seed") {
					d.ScanArgs(t, "seed", &seed)
				}
				if d.HasArg("do") {
					d.ScanArgs(t, "do", &do)
				}
				actions, errs := ParseActions(do)
				var b strings.Builder
				for _, e := range errs {
					fmt.Fprintf(&b, "error: %s\n", e)
				}
				frames := Run(uint64(seed), replicas, actions)
				for i, f := range frames {
					if i > 0 && f.At < frames[i-1].At {
						t.Fatalf("frame %d goes back in time", i)
					}
					if bad := f.Sim.CheckInvariants(f.Sync); len(bad) > 0 {
						t.Fatalf("frame %d: %v", i, bad)
					}
					who := f.Actor
					if who == "" {
						who = "start"
					}
					fmt.Fprintf(&b, "t=%-3d %s\n", f.At, who)
					if f.Command != "" {
						fmt.Fprintf(&b, "  $ %s\n  %s\n", f.Command, f.Said)
					}
					for _, l := range f.Did {
						fmt.Fprintf(&b, "  %s\n", l)
					}
					if f.Sync != nil && len(f.Sync.Ranking) > 0 {
						for _, r := range f.Sync.Ranking {
							fmt.Fprintf(&b, "    rank %s: %s\n", r.Name, r.Why)
						}
					}
				}
				last = frames[len(frames)-1]
				return b.String()
			case "show":
				s := last.Sim
				return s.GetReplicaSet() + "\n" + s.GetPods() + "\n" + s.KubectlEvents(30) + "\n"
			}
			t.Fatalf("unknown command %s", d.Cmd)
			return ""
		})
	})
}

func TestSlowStartBatches(t *testing.T) {
	for n, want := range map[int]string{1: "[1]", 3: "[1 2]", 7: "[1 2 4]", 10: "[1 2 4 3]"} {
		if got := fmt.Sprint(slowStartBatches(n)); got != want {
			t.Errorf("%d: %s, want %s", n, got, want)
		}
	}
}

func TestScaleError(t *testing.T) {
	if _, e := ScaleError("abc"); e != `error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax` {
		t.Error(e)
	}
	if _, e := ScaleError("-1"); e != "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0" {
		t.Error(e)
	}
	if n, e := ScaleError("4"); n != 4 || e != "" {
		t.Error(n, e)
	}
}

// kubectl get replicaset prints the status the controller's sync stored,
// counted from the pods it listed before it created any (replica_set.go
// syncReplicaSet → calculateStatus(rs, filteredPods, …)); the kubelet
// starting the new pods changes nothing there until the next sync.
func TestReplicaSetStatusIsTheLastSyncs(t *testing.T) {
	s := New(1, 3)
	s.Scale(5)
	sy := s.Sync()
	if len(sy.Created) != 2 || sy.Status != (RSStatus{Replicas: 3, ReadyReplicas: 3}) {
		t.Fatalf("sync created %v, wrote %+v; want 2 created and status 3/3", sy.Created, sy.Status)
	}
	row := func() string {
		return strings.Fields(strings.Split(s.GetReplicaSet(), "\n")[1])[2] + "/" + strings.Fields(strings.Split(s.GetReplicaSet(), "\n")[1])[3]
	}
	if got := row(); got != "3/3" {
		t.Errorf("after the creating sync CURRENT/READY %s, want 3/3", got)
	}
	for {
		if _, more := s.KubeletStep(); !more {
			break
		}
	}
	if got := row(); got != "3/3" {
		t.Errorf("after the kubelet, before a sync, CURRENT/READY %s, want 3/3", got)
	}
	s.Sync()
	if got := row(); got != "5/5" {
		t.Errorf("after the next sync CURRENT/READY %s, want 5/5", got)
	}
}

// RESTARTS "(Xs ago)" counts from lastState.terminated.finishedAt, when the
// container last exited, not from its restart (printers.go printPod).
func TestRestartsCountFromLastExit(t *testing.T) {
	s := New(1, 1)
	p := s.Pods[0]
	s.Tick(10)
	if err := s.Crash(p.Name); err != nil {
		t.Fatal(err)
	}
	s.KubeletStep() // restarted 1 s after the exit
	s.Tick(4)
	if got := s.Restarts(p); got != "1 (5s ago)" {
		t.Errorf("RESTARTS %q, want %q (5 s after the exit, 4 s after the restart)", got, "1 (5s ago)")
	}
	s.Tick(5)
	if err := s.Crash(p.Name); err != nil {
		t.Fatal(err)
	}
	// STATUS Error: the new exit is the current state; lastState is the first.
	if got := s.Restarts(p); got != "1 (10s ago)" {
		t.Errorf("at the second exit RESTARTS %q, want %q", got, "1 (10s ago)")
	}
	s.Tick(3)
	if got := s.Restarts(p); got != "1 (3s ago)" {
		t.Errorf("in back-off RESTARTS %q, want %q", got, "1 (3s ago)")
	}
}

// A restarted container is started like a new one: startContainer's
// EnsureImageExists records Pulled ("already present on machine") before
// Created and Started (pkg/kubelet/kuberuntime/kuberuntime_container.go,
// pkg/kubelet/images/image_manager.go). And kubectl events prints the
// involved object as Kind/name (staging/src/k8s.io/kubectl/pkg/cmd/events/
// event_printer.go printOneEvent), not kubectl get events' resource/name.
func TestRestartEventsAndKubectlEventsObject(t *testing.T) {
	s := New(1, 1)
	p := s.Pods[0]
	s.Tick(10)
	if err := s.Crash(p.Name); err != nil {
		t.Fatal(err)
	}
	s.KubeletStep()
	var reasons []string
	for _, e := range s.Events {
		if e.Object == "pod/"+p.Name {
			reasons = append(reasons, e.Reason)
		}
	}
	if got := strings.Join(reasons, ","); got != "Pulled,Created,Started" {
		t.Errorf("events of the restart: %s, want Pulled,Created,Started", got)
	}
	out := s.KubectlEvents(8)
	if !strings.Contains(out, " Pod/"+p.Name+" ") || strings.Contains(out, "pod/") {
		t.Errorf("kubectl events OBJECT column is not Kind/name:\n%s", out)
	}
}

// A deleted pod keeps its Ready condition until the kubelet has stopped its
// container (pkg/kubelet/prober/prober_manager.go UpdatePodStatus treats a
// pod being deleted like any other; kubernetes/website PR #49476): kubectl
// get pods prints 1/1 Terminating, while the ReplicaSet no longer counts it
// (controller.FilterActivePods).
func TestTerminatingPodStaysReadyUntilStopped(t *testing.T) {
	s := New(1, 2)
	p := s.Pods[0]
	if err := s.Delete(p.Name); err != nil {
		t.Fatal(err)
	}
	if got, st := s.ReadyColumn(p), p.Status(s.Now); got != "1/1" || st != "Terminating" {
		t.Errorf("deleted pod: READY %q STATUS %q, want 1/1 Terminating", got, st)
	}
	if n := s.ReadyCount(); n != 1 {
		t.Errorf("readyReplicas counts %d pods, want 1 (the Terminating one is not active)", n)
	}
}
