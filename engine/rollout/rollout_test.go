package rollout

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The traces in testdata/*.txt replay rollouts step by step. The expected
// numbers follow kubernetes pkg/controller/deployment/rolling.go,
// recreate.go, progress.go and util/deployment_util.go, and the printed
// lines staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go
// and history.go. After every step the invariants the controller keeps are
// checked (CheckInvariants): never more than replicas + maxSurge pods, and
// for RollingUpdate never fewer than replicas − maxUnavailable available.
func TestTraces(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var s *Sim
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "new":
				cfg := DefaultConfig()
				for _, a := range d.CmdArgs {
					v := a.Vals[0]
					n, _ := strconv.Atoi(v)
					switch a.Key {
					case "replicas":
						cfg.Replicas = int32(n)
					case "maxSurge":
						cfg.MaxSurge = intstr.Parse(v)
					case "maxUnavailable":
						cfg.MaxUnavailable = intstr.Parse(v)
					case "minReady":
						cfg.MinReadySeconds = int32(n)
					case "ready":
						cfg.ReadySeconds = int32(n)
					case "deadline":
						cfg.ProgressDeadlineSeconds = int32(n)
					case "strategy":
						cfg.Strategy = Strategy(v)
					default:
						t.Fatalf("unknown argument %s", a.Key)
					}
				}
				var err error
				s, err = New(cfg)
				if err != nil {
					return err.Error()
				}
				f := s.F
				out := fmt.Sprintf("maxSurge %s: %s\nmaxUnavailable %s: %s\n", cfg.MaxSurge.String(), f.SurgeWork, cfg.MaxUnavailable.String(), f.UnavailWork)
				if f.BothZero {
					out += "both are 0, so maxUnavailable is 1\n"
				}
				if f.Capped {
					out += fmt.Sprintf("maxUnavailable is capped at replicas: %d\n", f.Unavailable)
				}
				return out + fmt.Sprintf("bounds: available ≥ %d, pods ≤ %d\n", s.Count().MinAvail, s.Count().MaxTotal) + s.GetDeployment() + "\n"
			case "set-image":
				var image string
				d.ScanArgs(t, "image", &image)
				return trace(t, s, s.SetImage(image, d.HasArg("broken")))
			case "undo":
				return trace(t, s, s.Undo())
			case "step", "run":
				n := 1
				if d.Cmd == "run" {
					n = 1000
				}
				if d.HasArg("n") {
					d.ScanArgs(t, "n", &n)
				}
				var b strings.Builder
				for range n {
					h, ok := s.Next()
					if !ok {
						b.WriteString("(nothing more happens)\n")
						break
					}
					b.WriteString(trace(t, s, h))
				}
				return b.String()
			case "show":
				var what string
				d.ScanArgs(t, "what", &what)
				switch what {
				case "describe":
					return s.Describe() + "\n"
				case "history":
					return s.HistoryText() + "\n"
				case "get":
					return s.GetDeployment() + "\n" + s.GetReplicaSets() + "\n" + s.GetPods() + "\n"
				}
			}
			t.Fatalf("unknown command %s", d.Cmd)
			return ""
		})
	})
}

// trace prints one step: when, who, what, the arithmetic, and then the
// ReplicaSets (spec/pods/available), the totals and kubectl's status line.
func trace(t *testing.T, s *Sim, h Happening) string {
	t.Helper()
	if bad := s.CheckInvariants(); len(bad) > 0 {
		t.Fatalf("t=%ds after %q: invariants broken: %v", s.Now, h.What, bad)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "t=%ds %s: %s\n", h.At, h.Actor, h.What)
	for _, m := range h.Math {
		fmt.Fprintf(&b, "  | %s\n", m)
	}
	for _, l := range h.Said {
		fmt.Fprintf(&b, "  > %s\n", l)
	}
	var rss []string
	for _, rs := range s.RSs {
		st := s.Status(rs)
		mark := ""
		if rs == s.NewRS() {
			mark = "*"
		}
		rss = append(rss, fmt.Sprintf("%s%s(rev %d) %d/%d/%d", mark, rs.Template.Image, rs.Revision, rs.Replicas, st.Replicas, st.Available))
	}
	c := s.Count()
	line, _, _ := s.RolloutStatus()
	fmt.Fprintf(&b, "  = %s; pods %d (+%d terminating), available %d\n  = %s\n", strings.Join(rss, ", "), c.Pods, c.Terminating, c.Available, line)
	return b.String()
}

func TestResolve(t *testing.T) {
	// deployment_util.go ResolveFenceposts via intstr.GetScaledValueFromIntOrPercent.
	for _, tc := range []struct {
		replicas            int32
		surge, unavail      string
		wantSurge, wantUnav int32
	}{
		{10, "25%", "25%", 3, 2}, // 2.5 rounds up for surge, down for unavailable
		{3, "25%", "25%", 1, 0},
		{1, "25%", "25%", 1, 0},
		{3, "0", "25%", 0, 1}, // both 0 after rounding: maxUnavailable becomes 1
		{3, "1", "5", 1, 3},   // capped at replicas
		{4, "50%", "50%", 2, 2},
		{0, "25%", "25%", 0, 0},
	} {
		c := DefaultConfig()
		c.Replicas, c.MaxSurge, c.MaxUnavailable = tc.replicas, intstr.Parse(tc.surge), intstr.Parse(tc.unavail)
		f := c.Resolve()
		if f.Surge != tc.wantSurge || f.Unavailable != tc.wantUnav {
			t.Errorf("replicas %d surge %s unavailable %s: got %d/%d, want %d/%d", tc.replicas, tc.surge, tc.unavail, f.Surge, f.Unavailable, tc.wantSurge, tc.wantUnav)
		}
	}
}

func TestValidate(t *testing.T) {
	// Messages as pkg/apis/apps/validation/validation.go gives them.
	for _, tc := range []struct {
		surge, unavail string
		replicas       int32
		want           string
	}{
		{"0", "0", 3, "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"},
		{"0%", "0", 3, "may not be 0 when `maxSurge` is 0"},
		{"abc", "1", 3, `spec.strategy.rollingUpdate.maxSurge: Invalid value: "abc": a valid percent string must be`},
		{"1", "110%", 3, `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%`},
		{"-1", "1", 3, "spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0"},
		{"1", "1", -2, "spec.replicas: Invalid value: -2: must be greater than or equal to 0"},
	} {
		c := DefaultConfig()
		c.Replicas, c.MaxSurge, c.MaxUnavailable = tc.replicas, intstr.Parse(tc.surge), intstr.Parse(tc.unavail)
		errs := c.Validate()
		if !strings.Contains(errs.ToAggregate().Error(), tc.want) {
			t.Errorf("%s/%s: got %v, want %q", tc.surge, tc.unavail, errs, tc.want)
		}
	}
}

// TestProgressingCompleteNeedsAllAvailable: DeploymentComplete
// (kubernetes pkg/controller/deployment/util/deployment_util.go) asks for
// availableReplicas == spec.replicas, so the Progressing condition may not
// say NewReplicaSetAvailable, nor `rollout status` "successfully rolled
// out", while an updated pod is still unavailable, even when availability
// is within maxUnavailable.
func TestProgressingCompleteNeedsAllAvailable(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxSurge, cfg.MaxUnavailable = intstr.FromInt32(0), intstr.FromInt32(1)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.SetImage("nginx:1.26", false)
	sawPartial, sawDone := false, false
	for range 200 {
		if _, ok := s.Next(); !ok {
			break
		}
		st := s.D.Status
		c := s.cond("Progressing")
		if st.UpdatedReplicas == 3 && st.Replicas == 3 && st.AvailableReplicas < 3 {
			sawPartial = true
			if c != nil && c.Reason == "NewReplicaSetAvailable" {
				t.Fatalf("t=%ds: %d of 3 available, but Progressing is already NewReplicaSetAvailable", s.Now, st.AvailableReplicas)
			}
		}
		if c != nil && c.Reason == "NewReplicaSetAvailable" {
			sawDone = true
			if st.AvailableReplicas != 3 {
				t.Fatalf("t=%ds: NewReplicaSetAvailable with %d available", s.Now, st.AvailableReplicas)
			}
		}
	}
	if !sawPartial || !sawDone {
		t.Fatalf("scenario did not pass through all-updated-but-not-all-available (%v) and then complete (%v)", sawPartial, sawDone)
	}
}

// TestReadyIsProgress: DeploymentProgressing (deployment_util.go) counts a
// rise in readyReplicas as progress, so with minReadySeconds a pod turning
// Ready moves the Progressing condition's lastUpdateTime even before it is
// available.
func TestReadyIsProgress(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MinReadySeconds = 10
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.SetImage("nginx:1.26", false)
	checked := false
	for range 200 {
		before := s.D.Status
		h, ok := s.Next()
		if !ok {
			break
		}
		st := s.D.Status
		if h.Actor == "deployment-controller" && st.ReadyReplicas > before.ReadyReplicas &&
			st.AvailableReplicas == before.AvailableReplicas && st.UpdatedReplicas == before.UpdatedReplicas {
			c := s.cond("Progressing")
			if c == nil || c.Reason != "ReplicaSetUpdated" || c.LastUpdate != s.Now {
				t.Fatalf("t=%ds: a pod became Ready (%d→%d ready) but Progressing is %+v", s.Now, before.ReadyReplicas, st.ReadyReplicas, c)
			}
			checked = true
		}
	}
	if !checked {
		t.Fatal("no sync saw only readyReplicas rise")
	}
}

// TestUndoSkipped: `kubectl rollout undo` without --to-revision prints the
// flag's value, 0, when the template already matches
// (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go).
func TestUndoSkipped(t *testing.T) {
	s, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	s.SetImage("nginx:1.26", false)
	for range 200 {
		if _, ok := s.Next(); !ok {
			break
		}
	}
	s.SetImage("nginx:1.25", false) // back to revision 1's template, not yet synced
	h := s.Undo()
	want := "deployment.apps/web skipped rollback (current template already matches revision 0)"
	if len(h.Said) != 2 || h.Said[1] != want {
		t.Fatalf("got %q, want %q", h.Said, want)
	}
}

// TestHistoryFirstLine: `kubectl rollout history` prints the name printer's
// line "deployment.apps/web" + " " + operation, and the operation starts
// with "\n" (rollout_history.go; cli-runtime printers/name.go printObj), so
// the first line ends in a space.
func TestHistoryFirstLine(t *testing.T) {
	s, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(s.HistoryText(), "\n")
	if lines[0] != "deployment.apps/web " || lines[1] != "REVISION  CHANGE-CAUSE" {
		t.Fatalf("got %q", lines)
	}
}
