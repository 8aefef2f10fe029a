package clusterautoscaler

import (
	"fmt"
	"strings"
	"time"
)

// Describe is the cluster as stable text: nodes with their utilization,
// pods, CA's last scan, and the events of the last moment.
func (s *Sim) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "t=%s node group %s: target size %d (min %d, max %d), %d Ready, %d provisioning, %d being deleted\n",
		Duration(s.T), s.cfg.Group, s.TargetSize(), s.cfg.MinNodes, s.cfg.MaxNodes, s.CountPhase(Ready), s.CountPhase(Provisioning), s.CountPhase(Deleting))
	for _, n := range s.Nodes {
		fmt.Fprintf(&b, "  %s %s", n.Name, n.Phase)
		switch n.Phase {
		case Provisioning:
			fmt.Fprintf(&b, " (requested at %s, Ready at %s)\n", Duration(n.RequestedAt), Duration(n.ReadyAt))
			continue
		case Deleting:
			fmt.Fprintf(&b, " taint %s:NoSchedule (gone at %s)", ToBeDeletedTaint, Duration(n.DeleteAt))
		}
		if n.SoftTaintSince >= 0 {
			fmt.Fprintf(&b, " taint %s:PreferNoSchedule", DeletionCandidateTaint)
		}
		r := s.Requested(n.Name)
		fmt.Fprintf(&b, " cpu requested %dm / %dm = %s%%:", r, s.cfg.NodeCPUMilli, pct(float64(r)/float64(s.cfg.NodeCPUMilli)))
		for _, p := range s.PodsOn(n.Name) {
			b.WriteString(" " + p.Name)
		}
		b.WriteString("\n")
	}
	for _, p := range s.Pending() {
		fmt.Fprintf(&b, "  Pending %s: %s\n", p.Name, p.Failed)
	}
	if sc := s.LastScan; sc != nil {
		fmt.Fprintf(&b, "scan %d at %s: %s", sc.N, Duration(sc.T), sc.ScaleUp)
		if sc.ScaleUp == ScaleUpSuccessful {
			fmt.Fprintf(&b, " %d->%d (max: %d)", sc.From, sc.To, sc.Max)
		}
		fmt.Fprintf(&b, "; %s", sc.ScaleDown)
		if sc.Cooldown != "" {
			fmt.Fprintf(&b, " (%s)", sc.Cooldown)
		}
		b.WriteString("\n")
		for _, u := range sc.Nodes {
			if u.Verdict == "" {
				continue
			}
			fmt.Fprintf(&b, "  %s utilization %s%% %s", u.Name, pct(u.Util), u.Verdict)
			if u.Verdict == "Unneeded" {
				fmt.Fprintf(&b, " for %s", Duration(u.UnneededFor))
			}
			if u.Removable != "" {
				fmt.Fprintf(&b, ", not removed: %s", u.Removable)
			}
			b.WriteString("\n")
		}
	}
	for _, e := range s.MomentEvents() {
		fmt.Fprintf(&b, "  event t=%s %s %s %s %s: %s\n", Duration(e.T), e.Object, e.Type, e.Reason, e.From, e.Message)
	}
	return b.String()
}

// MomentEvents are the events recorded during the last moment (at 0s
// before the first Step: the cluster's creation).
func (s *Sim) MomentEvents() []Event {
	return s.Events[s.momentStart:len(s.Events):len(s.Events)]
}

// StatusConfigMap is the cluster-autoscaler-status ConfigMap's data.status
// after the last scan: clusterstate.go GetStatus (buildHealthStatusNodeGroup,
// buildScaleUpStatusNodeGroup, buildScaleDownStatusNodeGroup and the
// cluster-wide ones) in the YAML of clusterstate/api/types.go, as
// utils/status WriteStatusConfigMap writes it (gopkg.in/yaml.v2; time in
// ConfigMapLastUpdateFormat, the conditions' metav1.Time as RFC 3339).
// lastTransitionTime is omitted: this model does not keep it.
func (s *Sim) StatusConfigMap() string {
	if s.scans == 0 {
		return ""
	}
	at := s.T - s.T%10
	ready, notStarted := s.CountPhase(Ready), 0
	registered := ready + s.CountPhase(Deleting)
	unregistered := s.CountPhase(Provisioning)
	up := "NoActivity"
	if unregistered > 0 {
		up = "InProgress"
	}
	down, cand := "NoCandidates", len(s.unneeded)
	if cand > 0 {
		down = "CandidatesPresent"
	}
	probe := fmt.Sprintf("%q", time.Unix(int64(Epoch+at), 0).UTC().Format(time.RFC3339Nano))
	counts := func(ind string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%snodeCounts:\n%s  registered:\n%s    total: %d\n%s    ready: %d\n%s    notStarted: %d\n", ind, ind, ind, registered, ind, ready, ind, notStarted)
		if d := s.CountPhase(Deleting); d > 0 {
			fmt.Fprintf(&b, "%s    beingDeleted: %d\n", ind, d)
		}
		fmt.Fprintf(&b, "%s  longUnregistered: 0\n%s  unregistered: %d\n", ind, ind, unregistered)
		return b.String()
	}
	scaleDown := func(ind string) string {
		out := fmt.Sprintf("%sstatus: %s\n", ind, down)
		if cand > 0 {
			out += fmt.Sprintf("%scandidates: %d\n", ind, cand)
		}
		return out + fmt.Sprintf("%slastProbeTime: %s\n", ind, probe)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "time: %s\nautoscalerStatus: Running\nclusterWide:\n  health:\n    status: Healthy\n", time.Unix(int64(Epoch+at), 0).UTC().Format("2006-01-02 15:04:05.999999999 -0700 MST"))
	b.WriteString(counts("    "))
	fmt.Fprintf(&b, "    lastProbeTime: %s\n  scaleUp:\n    status: %s\n    lastProbeTime: %s\n  scaleDown:\n", probe, up, probe)
	b.WriteString(scaleDown("    "))
	fmt.Fprintf(&b, "nodeGroups:\n- name: %s\n  health:\n    status: Healthy\n", s.cfg.Group)
	b.WriteString(counts("    "))
	fmt.Fprintf(&b, "    cloudProviderTarget: %d\n    minSize: %d\n    maxSize: %d\n    lastProbeTime: %s\n  scaleUp:\n    status: %s\n    lastProbeTime: %s\n  scaleDown:\n",
		s.TargetSize(), s.cfg.MinNodes, s.cfg.MaxNodes, probe, up, probe)
	b.WriteString(scaleDown("    "))
	return strings.TrimRight(b.String(), "\n")
}
