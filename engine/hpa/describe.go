package hpa

import (
	"fmt"
	"strings"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// HumanDuration is apimachinery's duration.HumanDuration, which kubectl's
// AGE column uses (translateTimestampSince), for the ages this demo reaches.
func HumanDuration(seconds int) string {
	if seconds < 0 {
		return "0s"
	}
	if seconds < 60*2 {
		return fmt.Sprintf("%ds", seconds)
	}
	minutes := seconds / 60
	if minutes < 10 {
		if s := seconds % 60; s != 0 {
			return fmt.Sprintf("%dm%ds", minutes, s)
		}
		return fmt.Sprintf("%dm", minutes)
	}
	if minutes < 60*3 {
		return fmt.Sprintf("%dm", minutes)
	}
	return fmt.Sprintf("%dh", minutes/60)
}

// Targets is the TARGETS column: formatHPAMetrics in
// pkg/printers/internalversion/printers.go, "cpu: <unknown>/50%" before the
// first metric, then "cpu: 85%/50%".
func (s *Sim) Targets() string {
	cur := "<unknown>"
	if s.Status.CurrentUtilization != nil {
		cur = fmt.Sprintf("%d%%", *s.Status.CurrentUtilization)
	}
	return fmt.Sprintf("cpu: %s/%d%%", cur, s.cfg.TargetUtilization)
}

// GetHPA is `kubectl get hpa` (printHorizontalPodAutoscaler): REPLICAS is
// status.currentReplicas, 0 until the first sync.
func (s *Sim) GetHPA() string { return s.GetHPAAt(s.T) }

// GetHPAAt is GetHPA read at second now (at or after the last sync): the
// AGE column counts from the HPA's creation at 0s. It prints through
// kubectl get's tabwriter (kubectl.Table: staging/src/k8s.io/cli-runtime/
// pkg/printers/tabwriter.go GetNewTabWriter, minwidth 6, padding 3). This
// engine used to write it with tabwriter (0, 8, 3, ' ', 0): the same bytes,
// since with ' ' padding the tabwidth is unused and minwidth 6 only widens a
// column whose cells are all under 3 characters, and every padded column
// here has a header of 4 or more.
func (s *Sim) GetHPAAt(now int) string {
	return kubectl.Table([][]string{
		{"NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"},
		{s.cfg.Name, "Deployment/" + s.cfg.Name, s.Targets(), fmt.Sprint(s.cfg.MinReplicas), fmt.Sprint(s.cfg.MaxReplicas), fmt.Sprint(s.Status.CurrentReplicas), HumanDuration(now)},
	})
}

// Describe is the state as stable text.
func (s *Sim) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "t=%ds deployment/%s replicas=%d\n", s.T, s.cfg.Name, s.Replicas)
	b.WriteString(s.GetHPA() + "\n")
	if l := s.Last; l != nil {
		if l.Bounded != "" {
			fmt.Fprintf(&b, "sync: %s -> %d\n", l.Bounded, l.Desired)
		} else if l.NoMetrics {
			fmt.Fprintf(&b, "sync: no ready pod, no metric -> %d\n", l.Desired)
		} else if l.Unready > 0 {
			fmt.Fprintf(&b, "sync: load=%dm ready=%d pending=%d utilization=%d%% ratio=%.2f ratio-with-pending-at-0=%.2f within-tolerance=%v proposed=%d window=%v stabilized=%d desired=%d\n",
				l.LoadMilli, l.Ready, l.Unready, l.Utilization, l.UsageRatio, l.UnreadyRatio, l.WithinTolerance, l.Proposed, l.Window, l.Stabilized, l.Desired)
		} else {
			fmt.Fprintf(&b, "sync: load=%dm pods=%d utilization=%d%% ratio=%.2f within-tolerance=%v proposed=%d window=%v stabilized=%d desired=%d\n",
				l.LoadMilli, l.CurrentReplicas, l.Utilization, l.UsageRatio, l.WithinTolerance, l.Proposed, l.Window, l.Stabilized, l.Desired)
		}
	}
	b.WriteString("Conditions:\n")
	for _, c := range s.Conditions {
		fmt.Fprintf(&b, "  %s %s %s: %s\n", c.Type, c.Status, c.Reason, c.Message)
	}
	b.WriteString("Events:\n")
	for _, e := range s.Events {
		fmt.Fprintf(&b, "  t=%ds %s %s %s\n", e.T, e.Type, e.Reason, e.Message)
	}
	return b.String()
}

// Presets are the load curves a learner can pick.
var Presets = []string{"spike", "steady", "ramp", "sawtooth"}

// Load is the CPU the pods use in total, in millicores, at sync n (1-based)
// of preset p. It is the demo's input, not something Kubernetes computes.
func Load(p string, n int) int64 {
	switch p {
	case "steady":
		return 300
	case "ramp": // up for 24 syncs (6 minutes), then down again
		if n <= 24 {
			return 100 + int64(n)*60
		}
		return max(100, 100+int64(48-n)*60)
	case "sawtooth": // climbs for 8 syncs (2 minutes), then drops
		return 200 + int64((n-1)%8)*200
	default: // spike: quiet, 2 minutes of heavy load, quiet again
		if n >= 5 && n <= 12 {
			return 1800
		}
		return 150
	}
}
