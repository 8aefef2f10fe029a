package clusterautoscaler

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Scale-up results (processors/status/scale_up_status_processor.go
// ScaleUpResult), as this model reaches them.
const (
	ScaleUpNotNeeded          = "ScaleUpNotNeeded"          // no unschedulable pod left to help
	ScaleUpInCooldown         = "ScaleUpInCooldown"         // every unschedulable pod is younger than 2 s
	ScaleUpSuccessful         = "ScaleUpSuccessful"         // the node group was resized
	ScaleUpNoOptionsAvailable = "ScaleUpNoOptionsAvailable" // the node group is at its max size
)

// Scale-down results (core/scaledown/status/status.go ScaleDownResult).
const (
	ScaleDownInCooldown        = "ScaleDownInCooldown"
	ScaleDownNoCandidates      = "ScaleDownNoCandidates"
	ScaleDownNoNodeDeleted     = "ScaleDownNoNodeDeleted"
	ScaleDownNodeDeleteStarted = "ScaleDownNodeDeleteStarted"
)

// NodeUtil is one node as the scale-down planner saw it.
type NodeUtil struct {
	Name      string
	Requested int64
	Alloc     int64
	Util      float64
	// Verdict: "NotCandidate" (min size), "NotUnderutilized",
	// "NoPlaceToMovePods", "Unneeded", or "" for a node CA did not look at
	// (provisioning, being deleted).
	Verdict     string
	UnneededFor int    // seconds, when Unneeded
	Removable   string // "" or why an unneeded node is not removed yet: NotUnneededLongEnough, NodeGroupMinSizeReached
}

// Scan is one RunOnce of the Cluster Autoscaler.
type Scan struct {
	T             int
	N             int      // the scan's number
	Unschedulable []string // pods the scheduler could not place
	FitUpcoming   []string // of those, the ones that fit on nodes being provisioned
	Upcoming      int      // nodes being provisioned
	ScaleUp       string   // a ScaleUp… result
	Estimated     int      // nodes the binpacking estimator asked for
	From, To, Max int      // the resize, on ScaleUpSuccessful
	Helped        []string // pods that triggered the scale-up
	Nodes         []NodeUtil
	ScaleDown     string // a ScaleDown… result
	Cooldown      string // why scale-down is in cooldown
	CooldownUntil int    // when --scale-down-delay-after-add ends, if that is why
	Removed       []string
	Drained       []string // pods evicted from removed nodes
	Log           []string // CA's log lines of this loop (klog), in order
}

// runOnce is static_autoscaler.go RunOnce for one node group.
func (s *Sim) runOnce(m *Moment) Scan {
	s.scans++
	now := s.T
	sc := Scan{T: now, N: s.scans}
	logf := func(format string, a ...any) { sc.Log = append(sc.Log, fmt.Sprintf(format, a...)) }
	cm := "configmap/" + StatusConfigMap

	// Upcoming nodes: requested, not registered. RunOnce injects a
	// placeholder for each into the cluster snapshot, so pods that would
	// fit there do not trigger another scale-up.
	var free []int64 // free cpu of the snapshot's nodes that accept pods, existing then upcoming
	for _, n := range s.Nodes {
		if n.Phase == Ready {
			free = append(free, s.cfg.NodeCPUMilli-s.Requested(n.Name))
		}
	}
	existing := len(free)
	for _, n := range s.Nodes {
		if n.Phase == Provisioning {
			sc.Upcoming++
			free = append(free, s.cfg.NodeCPUMilli)
		}
	}
	req := s.cfg.HPA.RequestMilli
	var toHelp []Pod
	for _, p := range s.Pending() {
		sc.Unschedulable = append(sc.Unschedulable, p.Name)
		// filter_out_schedulable.go: a pod that fits in the snapshot is
		// scheduled there (in the snapshot only) and dropped.
		placed := false
		for i := range free {
			if free[i] >= req {
				free[i] -= req
				placed = true
				if i >= existing {
					sc.FitUpcoming = append(sc.FitUpcoming, p.Name)
				}
				break
			}
		}
		if !placed {
			toHelp = append(toHelp, p)
		}
	}
	if sc.Upcoming > 0 {
		logf("Upcoming %d nodes", sc.Upcoming)
	}

	disableScaleDown := false
	target := s.TargetSize()
	switch {
	case len(toHelp) == 0:
		// Pods that fit on upcoming nodes were filtered out before
		// shouldScaleUp, so CA logs the same line for them.
		sc.ScaleUp = ScaleUpNotNeeded
		logf("No unschedulable pods")
	case oldest(toHelp)+UnschedulablePodTimeBuffer > now:
		// shouldScaleUp: allPodsAreNew.
		sc.ScaleUp = ScaleUpInCooldown
		disableScaleDown = true
		logf("Unschedulable pods are very new, waiting one iteration for more")
	case target >= s.cfg.MaxNodes:
		// filterValidScaleUpNodeGroups: MaxLimitReachedReason; no options.
		sc.ScaleUp = ScaleUpNoOptionsAvailable
		logf("No expansion options")
		for _, p := range toHelp {
			s.event("pod/"+p.Name, "Normal", "NotTriggerScaleUp", "cluster-autoscaler", "pod didn't trigger scale-up: 1 max node group size reached")
		}
	default:
		// The binpacking estimator packs the pods, first fit, onto
		// template nodes of the group.
		var bins []int64
		for range toHelp {
			ok := false
			for i := range bins {
				if bins[i] >= req {
					bins[i] -= req
					ok = true
					break
				}
			}
			if !ok {
				bins = append(bins, s.cfg.NodeCPUMilli-req)
			}
		}
		sc.Estimated = len(bins)
		logf("Best option to resize: %s", s.cfg.Group)
		logf("Estimated %d nodes needed in %s", sc.Estimated, s.cfg.Group)
		add := min(sc.Estimated, s.cfg.MaxNodes-target) // balanceScaleUps caps at the max size
		sc.From, sc.To, sc.Max = target, target+add, s.cfg.MaxNodes
		logf("Final scale-up plan: [{%s %d->%d (max: %d)}]", s.cfg.Group, sc.From, sc.To, sc.Max)
		// executor.go executeScaleUp.
		s.event(cm, "Normal", "ScaledUpGroup", "cluster-autoscaler",
			fmt.Sprintf("Scale-up: setting group %s size to %d instead of %d (max: %d)", s.cfg.Group, sc.To, sc.From, sc.Max))
		for i := 0; i < add; i++ {
			s.addNode(now, Provisioning)
		}
		sc.ScaleUp = ScaleUpSuccessful
		for _, p := range toHelp {
			sc.Helped = append(sc.Helped, p.Name)
			s.event("pod/"+p.Name, "Normal", "TriggeredScaleUp", "cluster-autoscaler",
				fmt.Sprintf("pod triggered scale-up: [{%s %d->%d (max: %d)}]", s.cfg.Group, sc.From, sc.To, sc.Max))
		}
		s.lastScaleUp = now // instrumentedScaleUp
	}

	s.scaleDown(&sc, m, disableScaleDown)
	return sc
}

func oldest(pods []Pod) int {
	t := pods[0].Created
	for _, p := range pods {
		t = min(t, p.Created)
	}
	return t
}

// scaleDown is StaticAutoscaler.scaleDown: the planner's UpdateClusterState
// (eligibility, the removal simulation, unneeded.Nodes.Update), then, out of
// cooldown, NodesToDelete and the actuator's StartDeletion.
func (s *Sim) scaleDown(sc *Scan, m *Moment, disabled bool) {
	now := s.T
	opt := s.cfg.Options
	logf := func(format string, a ...any) { sc.Log = append(sc.Log, fmt.Sprintf(format, a...)) }
	target := s.TargetSize()

	// The snapshot: free cpu of every Ready node (pod destinations).
	free := map[string]int64{}
	var ready []string
	for _, n := range s.Nodes {
		if n.Phase == Ready {
			free[n.Name] = s.cfg.NodeCPUMilli - s.Requested(n.Name)
			ready = append(ready, n.Name)
		}
	}
	// pre_filtering_processor.go: no candidates in a group at min size.
	candidates := target > s.cfg.MinNodes
	removed := map[string]bool{}
	var nowUnneeded []string
	for _, n := range s.Nodes {
		u := NodeUtil{Name: n.Name, Alloc: s.cfg.NodeCPUMilli, Requested: s.Requested(n.Name)}
		u.Util = float64(u.Requested) / float64(u.Alloc)
		if n.Phase != Ready {
			sc.Nodes = append(sc.Nodes, u)
			continue
		}
		if !candidates {
			logf("Skipping %s - node group min size reached (current: %d, min: %d)", n.Name, target, s.cfg.MinNodes)
			u.Verdict = "NotCandidate"
			sc.Nodes = append(sc.Nodes, u)
			continue
		}
		// eligibility.go FilterOutUnremovable: a node whose removal
		// simulation failed is skipped for --unremovable-node-recheck-timeout
		// (planner.go categorizeNodes, unremovable.Nodes.AddTimeout).
		if until := s.recheckAt(n.Name); until > now {
			u.Verdict = "RecentlyUnremovable"
			sc.Nodes = append(sc.Nodes, u)
			continue
		}
		// core/scaledown/eligibility/eligibility.go, the newest in the
		// index (module sigs.k8s.io/cluster-autoscaler/pkg):
		// isNodeAtOrBelowUtilizationThreshold, "if utilInfo.Utilization >
		// threshold { return false }": only utilization above the
		// threshold is NotUnderutilized; a node at it is a candidate. Its
		// structured V(4) line, as klog's text format prints it.
		if u.Util > opt.ScaleDownUtilizationThreshold {
			u.Verdict = "NotUnderutilized"
			// klog text format: the message and klog.KObj quoted, the
			// ResourceName and the float64 JSON-encoded (serialize.go
			// formatAny).
			util, _ := json.Marshal(u.Util * 100)
			logf("%q node=%q resource=%q utilization=%s", "Node unremovable: resource utilization is above the scale-down utilization threshold", n.Name, resourceName(u.Requested), util)
			sc.Nodes = append(sc.Nodes, u)
			continue
		}
		logf("Node %s - %s requested is %s%% of allocatable", n.Name, resourceName(u.Requested), pct(u.Util))
		// SimulateNodeRemoval: every pod must fit on another node still
		// among the pod destinations. The simulation runs on a fork of the
		// snapshot that is reverted; only the removable node leaves the
		// destinations.
		trial := map[string]int64{}
		for k, v := range free {
			trial[k] = v
		}
		ok := true
		for range s.PodsOn(n.Name) {
			placed := false
			for _, dst := range ready {
				if dst == n.Name || removed[dst] {
					continue
				}
				if trial[dst] >= s.cfg.HPA.RequestMilli {
					trial[dst] -= s.cfg.HPA.RequestMilli
					placed = true
					break
				}
			}
			if !placed {
				ok = false
				break
			}
		}
		if !ok {
			u.Verdict = "NoPlaceToMovePods"
			s.recheck = append(s.recheck, unneeded{n.Name, now + UnremovableNodeRecheckTimeout})
			sc.Nodes = append(sc.Nodes, u)
			continue
		}
		removed[n.Name] = true
		u.Verdict = "Unneeded"
		nowUnneeded = append(nowUnneeded, n.Name)
		sc.Nodes = append(sc.Nodes, u)
	}
	// unneeded.Nodes.Update: keep the old since, start new ones now.
	var upd []unneeded
	for _, name := range nowUnneeded {
		since := now
		for _, x := range s.unneeded {
			if x.node == name {
				since = x.since
			}
		}
		upd = append(upd, unneeded{name, since})
	}
	s.unneeded = upd
	for i := range sc.Nodes {
		if sc.Nodes[i].Verdict == "Unneeded" {
			sc.Nodes[i].UnneededFor = now - s.unneededSince(sc.Nodes[i].Name)
			// unneeded/nodes.go updateInternalState at -v=4.
			logf("%s is unneeded since %s duration %s", sc.Nodes[i].Name, Clock(s.unneededSince(sc.Nodes[i].Name)), time.Duration(sc.Nodes[i].UnneededFor)*time.Second)
		}
	}

	// isScaleDownInCooldown.
	switch {
	case disabled:
		sc.Cooldown = "scale-down is disabled for this loop (unschedulable pods are very new)"
	case s.lastScaleUp >= 0 && s.lastScaleUp+opt.ScaleDownDelayAfterAdd > now:
		sc.Cooldown = fmt.Sprintf("--scale-down-delay-after-add: the last scale-up was at %s, so scale-down resumes after %s", Duration(s.lastScaleUp), Duration(s.lastScaleUp+opt.ScaleDownDelayAfterAdd))
		sc.CooldownUntil = s.lastScaleUp + opt.ScaleDownDelayAfterAdd
	case s.lastScaleDelete >= 0 && s.lastScaleDelete+opt.ScaleDownDelayAfterDelete > now:
		sc.Cooldown = "--scale-down-delay-after-delete"
	}
	switch {
	case sc.Cooldown != "":
		sc.ScaleDown = ScaleDownInCooldown
		s.markRemovable(sc)
	case !candidates:
		sc.ScaleDown = ScaleDownNoCandidates
	default:
		empty, drain := s.nodesToDelete(sc)
		if len(empty)+len(drain) == 0 {
			sc.ScaleDown = ScaleDownNoNodeDeleted
		} else {
			s.actuate(sc, m, empty, drain)
			sc.ScaleDown = ScaleDownNodeDeleteStarted
			s.lastScaleDelete = now
		}
	}
	s.updateSoftTaints()
}

// recheckAt is when a node found unremovable in simulation is looked at
// again (unremovable.Nodes.AddTimeout), 0 if it is not waiting.
func (s *Sim) recheckAt(node string) int {
	at := 0
	for _, x := range s.recheck {
		if x.node == node {
			at = max(at, x.since)
		}
	}
	return at
}

func (s *Sim) unneededSince(node string) int {
	for _, x := range s.unneeded {
		if x.node == node {
			return x.since
		}
	}
	return -1
}

// markRemovable notes, in cooldown, why each unneeded node would wait.
func (s *Sim) markRemovable(sc *Scan) {
	for i := range sc.Nodes {
		if sc.Nodes[i].Verdict == "Unneeded" {
			sc.Nodes[i].Removable = "ScaleDownInCooldown"
		}
	}
}

// nodesToDelete is unneeded.Nodes.RemovableAt: empty nodes first, then
// nodes to drain; a Ready node must have been unneeded for longer than
// --scale-down-unneeded-time, and verifyMinSize keeps the group at its
// min size.
func (s *Sim) nodesToDelete(sc *Scan) (empty, drain []string) {
	size := s.TargetSize()
	for pass := 0; pass < 2; pass++ {
		for i := range sc.Nodes {
			u := &sc.Nodes[i]
			if u.Verdict != "Unneeded" || (u.Requested == 0) != (pass == 0) {
				continue
			}
			since := s.unneededSince(u.Name)
			// "!v.since.Add(unneededTime).Before(ts)": strictly before.
			if !(since+s.cfg.Options.ScaleDownUnneededTime < s.T) {
				u.Removable = "NotUnneededLongEnough"
				continue
			}
			if size <= s.cfg.MinNodes {
				u.Removable = "NodeGroupMinSizeReached"
				continue
			}
			size--
			if pass == 0 {
				empty = append(empty, u.Name)
			} else {
				drain = append(drain, u.Name)
			}
		}
	}
	return empty, drain
}

// actuate is actuator.go StartDeletion: taint every node
// ToBeDeletedByClusterAutoscaler, log ScaleDownEmpty or ScaleDown on the
// status ConfigMap, evict the pods of nodes to drain (drain.go), and have
// the cloud provider delete the nodes --node-delete-delay-after-taint later.
func (s *Sim) actuate(sc *Scan, m *Moment, empty, drain []string) {
	cm := "configmap/" + StatusConfigMap
	for _, name := range append(append([]string(nil), empty...), drain...) {
		n := s.node(name)
		n.Phase, n.TaintedAt, n.DeleteAt = Deleting, s.T, s.T+s.cfg.Options.NodeDeleteDelayAfterTaint
		s.event("node/"+name, "Normal", "ScaleDown", "cluster-autoscaler", "marked the node as toBeDeleted/unschedulable")
		sc.Removed = append(sc.Removed, name)
	}
	for _, name := range empty {
		s.event(cm, "Normal", "ScaleDownEmpty", "cluster-autoscaler", fmt.Sprintf("Scale-down: removing empty node %q", name))
	}
	for _, name := range drain {
		s.node(name).Drained = true
		var names []string
		for _, p := range s.PodsOn(name) {
			names = append(names, p.Name)
		}
		u := float64(s.Requested(name)) / float64(s.cfg.NodeCPUMilli)
		// utilization.Info printed with %v: {CpuUtil MemUtil GpuUtil
		// DynamicResourceUtil ResourceName Utilization}.
		s.event(cm, "Normal", "ScaleDown", "cluster-autoscaler",
			fmt.Sprintf("Scale-down: removing node %s, utilization: {%v 0 0 0 cpu %v}, pods to reschedule: %s", name, u, u, strings.Join(names, ",")))
		for _, p := range names {
			s.event("pod/"+p, "Normal", "ScaleDown", "cluster-autoscaler", "deleting pod for node scale down")
			sc.Drained = append(sc.Drained, p)
			s.deletePod(p)
		}
	}
	// The evicted pods' ReplicaSet creates replacements at once.
	s.reconcileReplicaSet(m)
	var kept []unneeded
	for _, x := range s.unneeded {
		if s.node(x.node).Phase != Deleting {
			kept = append(kept, x)
		}
	}
	s.unneeded = kept
}

// updateSoftTaints is actuation.UpdateSoftDeletionTaints: unneeded nodes
// get DeletionCandidateOfClusterAutoscaler (PreferNoSchedule), the others
// lose it.
func (s *Sim) updateSoftTaints() {
	for i := range s.Nodes {
		n := &s.Nodes[i]
		if n.Phase != Ready {
			continue
		}
		since := s.unneededSince(n.Name)
		switch {
		case since >= 0 && n.SoftTaintSince < 0:
			n.SoftTaintSince = s.T
		case since < 0:
			n.SoftTaintSince = -1
		}
	}
}

func pct(f float64) string { return strconv.FormatFloat(f*100, 'g', 6, 64) }

// resourceName is utilization.Calculate's ResourceName: cpu when its
// utilization is above memory's (0 here: the pods request no memory).
func resourceName(requested int64) string {
	if requested > 0 {
		return "cpu"
	}
	return "memory"
}

// Clock is the wall-clock time of simulated second t, as Go prints a
// time.Time in CA's log lines.
func Clock(t int) string { return time.Unix(int64(Epoch+t), 0).UTC().String() }

// Duration prints seconds the way the page does: 1m20s.
func Duration(sec int) string {
	if sec < 0 {
		return "-" + Duration(-sec)
	}
	if sec < 60 {
		return strconv.Itoa(sec) + "s"
	}
	if sec%60 == 0 {
		return strconv.Itoa(sec/60) + "m"
	}
	return fmt.Sprintf("%dm%ds", sec/60, sec%60)
}
