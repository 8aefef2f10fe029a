package hpa

// Data-driven tests of the HPA controller, following
// kubernetes/pkg/controller/podautoscaler/horizontal.go and replica_calculator.go.

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

func TestHPA(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var s *Sim
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "hpa":
				cfg := Config{Name: "web", MinReplicas: 1, MaxReplicas: 10, TargetUtilization: 50, RequestMilli: 200, InitialReplicas: 2, ScaleUp: DefaultScaleUp(), ScaleDown: DefaultScaleDown()}
				for _, a := range d.CmdArgs {
					n, _ := strconv.Atoi(a.Vals[0])
					switch a.Key {
					case "min":
						cfg.MinReplicas = int32(n)
					case "max":
						cfg.MaxReplicas = int32(n)
					case "target":
						cfg.TargetUtilization = int32(n)
					case "replicas":
						cfg.InitialReplicas = int32(n)
					}
				}
				var err error
				if s, err = New(cfg); err != nil {
					return err.Error()
				}
				return s.GetHPA()
			case "sync":
				var out []string
				// pending=N: N of the pods are Pending (no metric), the
				// rest Running and Ready.
				var pending int32
				for _, a := range d.CmdArgs {
					if a.Key == "pending" {
						n, _ := strconv.Atoi(a.Vals[0])
						pending = int32(n)
					}
				}
				for _, a := range d.CmdArgs {
					if a.Key != "load" {
						continue
					}
					for _, v := range strings.Split(strings.Join(a.Vals, ","), ",") {
						n, _ := strconv.ParseInt(strings.TrimSuffix(v, "m"), 10, 64)
						prev := s.Replicas
						sy := s.SyncPodsAt(s.NextSync(), n, s.Replicas-pending, pending)
						if err := invariants(s, sy, prev); err != nil {
							t.Fatal(err)
						}
						out = append(out, fmt.Sprintf("t=%ds load=%dm util=%d%% proposed=%d window=%v -> replicas %d", sy.T, n, sy.Utilization, sy.Proposed, sy.Window, s.Replicas))
					}
				}
				return strings.Join(out, "\n")
			case "describe":
				return s.Describe()
			}
			return "unknown command " + d.Cmd
		})
	})
}

// invariants hold after every sync.
func invariants(s *Sim, sy Sync, prev int32) error {
	c := s.cfg
	if sy.Bounded == "" && (s.Replicas < c.MinReplicas || s.Replicas > c.MaxReplicas) {
		return fmt.Errorf("replicas %d outside [%d,%d]", s.Replicas, c.MinReplicas, c.MaxReplicas)
	}
	if s.Replicas > prev && s.Replicas > max(2*prev, prev+4) {
		return fmt.Errorf("scale up %d -> %d beyond the default policies", prev, s.Replicas)
	}
	if sy.WithinTolerance && sy.Proposed != prev {
		return fmt.Errorf("within tolerance but proposed %d", sy.Proposed)
	}
	if s.Status.CurrentReplicas != prev {
		return fmt.Errorf("status.currentReplicas %d, want %d", s.Status.CurrentReplicas, prev)
	}
	return nil
}

func TestHumanDuration(t *testing.T) {
	for s, want := range map[int]string{0: "0s", 45: "45s", 119: "119s", 120: "2m", 135: "2m15s", 600: "10m", 735: "12m"} {
		if got := HumanDuration(s); got != want {
			t.Errorf("HumanDuration(%d) = %q, want %q", s, got, want)
		}
	}
}

// TestSyncTiming: horizontal.go enqueueHPA adds a new HPA with queue.Add
// (kubernetes/kubernetes PR #138294, v1.37), so the first sync runs when the
// HPA is created; processNextWorkItem then requeues it with AddRateLimited,
// one --horizontal-pod-autoscaler-sync-period (15 s) later.
func TestSyncTiming(t *testing.T) {
	s, err := New(Config{Name: "web", MinReplicas: 1, MaxReplicas: 10, TargetUtilization: 50, RequestMilli: 200, InitialReplicas: 2, ScaleUp: DefaultScaleUp(), ScaleDown: DefaultScaleDown()})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for i := 0; i < 3; i++ {
		next := s.NextSync()
		if y := s.Sync(300); y.T != next {
			t.Errorf("NextSync said %d, the sync ran at %d", next, y.T)
		}
		got = append(got, s.T)
	}
	if fmt.Sprint(got) != "[0 15 30]" {
		t.Errorf("syncs at %v, want [0 15 30]", got)
	}
	if age := s.GetHPA(); !strings.HasSuffix(age, "30s") {
		t.Errorf("kubectl get hpa at the third sync: %q, want AGE 30s", age)
	}
}
