package autoscaling

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/engine/clusterautoscaler"
	"github.com/kubeviz/kubeviz/engine/hpa"
	"github.com/kubeviz/kubeviz/web/templates"
)

// caForm is the Cluster Autoscaler part of the settings form.
func (st *State) caForm(v *templates.AutoscalingView, link templates.Link) {
	v.Form.CA = templates.ASSelect{Key: "ca", Name: link.FieldName("ca"), Label: "Nodes",
		Help: "On: the pods need room on a node group that the Cluster Autoscaler grows and shrinks; each step is then a moment at which the HPA (every 15 s) or the autoscaler (every 10 s) runs."}
	for _, m := range caModes {
		label := "unlimited room (HPA only)"
		if m == "on" {
			label = "an autoscaled node group"
		}
		v.Form.CA.Options = append(v.Form.CA.Options, templates.ASOption{Value: m, Label: label, Selected: m == st.in.CA})
	}
	v.Form.CAFields = []templates.ASField{
		{Key: "groupmin", Name: link.FieldName("groupmin"), Label: "node group min size", Value: st.in.GroupMin, Help: "The fewest nodes the autoscaler keeps (MIN of --nodes=MIN:MAX:pool-1); the story starts with this many.", Error: st.errs["groupmin"]},
		{Key: "groupmax", Name: link.FieldName("groupmax"), Label: "node group max size", Value: st.in.GroupMax, Help: "The most nodes it may add up to (MAX).", Error: st.errs["groupmax"]},
		{Key: "nodecpu", Name: link.FieldName("nodecpu"), Label: "node allocatable cpu", Value: st.in.NodeCPU, Help: "Each node's allocatable cpu, a quantity: 1 or 1000m holds 5 pods of 200m.", Error: st.errs["nodecpu"]},
	}
	c := st.ccfg
	v.Form.Flags = fmt.Sprintf(`# the flags that matter here (all defaults but --nodes)
cluster-autoscaler \
  --nodes=%d:%d:%s \
  --scan-interval=10s \
  --scale-down-utilization-threshold=0.5 \
  --scale-down-unneeded-time=10m \
  --scale-down-delay-after-add=10m \
  --scale-down-delay-after-delete=0s \
  --max-node-provision-time=15m \
  --expander=least-waste
# each node: %s cpu allocatable`, c.MinNodes, c.MaxNodes, GroupName, milli(c.NodeCPUMilli))
}

// clusterView fills the view model for ca=on.
func (st *State) clusterView(v *templates.AutoscalingView, link templates.Link) {
	s := st.csim()
	m := s.Last
	var who []string
	if m.HPA != nil {
		who = append(who, fmt.Sprintf("HPA sync %d", s.Syncs))
	}
	if m.Scan != nil {
		who = append(who, fmt.Sprintf("autoscaler scan %d", m.Scan.N))
	}
	if st.step == 0 {
		v.Heading = "Step 0 (0s): the cluster before the first sync and scan"
	} else {
		v.Heading = fmt.Sprintf("Step %d (%s): %s", st.step, clusterautoscaler.Duration(s.T), strings.Join(who, " and "))
	}
	pending := len(s.Pending())
	v.PodsLabel = fmt.Sprintf("Deployment web: %d pods, %d Pending; node group %s: %d of %d–%d nodes", len(s.Pods), pending, GroupName, s.TargetSize(), st.ccfg.MinNodes, st.ccfg.MaxNodes)
	v.GetHPA = "$ kubectl get hpa\n" + s.HPA.GetHPAAt(s.T)
	v.Conditions, v.Events = nil, nil
	for _, c := range s.HPA.Conditions {
		v.Conditions = append(v.Conditions, templates.ASCondition(c))
	}
	// kubectl describe hpa's Events, as in the HPA-only mode (view.go):
	// oldest first, identical repeats folded.
	v.Events = describeEvents(s.HPA.Events, s.T)
	v.Math = nil
	if m.HPA != nil {
		v.Math = st.mathFor(m.HPA)
	}
	c := &templates.ASCluster{
		Picture:  st.picture(s),
		Timeline: st.timeline(),
		Status:   s.StatusConfigMap(),
		Note: "The autoscaler follows kubernetes/autoscaler's cluster-autoscaler, whose releases go with the Kubernetes minor (here v1.37), with its default flags. " +
			"Simplified, and said here: one node group of one machine type, only web's pods on the nodes (no DaemonSets or system pods), pods that request only cpu and are Ready as soon as they are bound, " +
			"a node that registers already Ready 60 s after the autoscaler asks for it (the cloud's time; the autoscaler gives up after --max-node-provision-time, 15m), evicted pods that terminate at once, " +
			"and a deleted node gone 5 s after its taint (--node-delete-delay-after-taint). Node names and the group name pool-1 are this demo's; a cloud provider names its own. " +
			"Simulated time starts at 2026-01-01T00:00:00Z, the value of the autoscaler's taints. The status ConfigMap is shown without lastTransitionTime, which this model does not keep. " +
			"The events, their messages and the log lines are cluster-autoscaler's own (core/static_autoscaler.go, core/scaleup/orchestrator, core/scaledown, processors/status).",
	}
	if sc := s.LastScan; sc != nil {
		c.ScanHead = fmt.Sprintf("The cluster autoscaler's last scan: scan %d at %s", sc.N, clusterautoscaler.Duration(sc.T))
		c.Scan = scanLines(sc, st.ccfg)
		c.Log = strings.Join(sc.Log, "\n")
	} else {
		c.ScanHead = "The cluster autoscaler has not scanned yet"
		c.Scan = []string{"Its first scan comes at 10s (--scan-interval=10s)."}
	}
	for _, n := range s.Nodes {
		row := templates.ASNodeRow{Name: n.Name, Phase: n.Phase, Requested: fmt.Sprintf("%dm / %dm", s.Requested(n.Name), st.ccfg.NodeCPUMilli),
			Util: pctString(float64(s.Requested(n.Name)) / float64(st.ccfg.NodeCPUMilli))}
		if n.Phase == clusterautoscaler.Provisioning {
			row.Requested, row.Util = "—", "—"
			row.Verdict = "not registered yet (Ready at " + clusterautoscaler.Duration(n.ReadyAt) + ")"
		}
		var taints []string
		if n.Phase == clusterautoscaler.Deleting {
			taints = append(taints, clusterautoscaler.ToBeDeletedTaint+"="+strconv.Itoa(clusterautoscaler.Epoch+n.TaintedAt)+":NoSchedule")
		}
		if n.SoftTaintSince >= 0 {
			taints = append(taints, clusterautoscaler.DeletionCandidateTaint+"="+strconv.Itoa(clusterautoscaler.Epoch+n.SoftTaintSince)+":PreferNoSchedule")
		}
		row.Taints = strings.Join(taints, ", ")
		if row.Taints == "" {
			row.Taints = "<none>"
		}
		if sc := s.LastScan; sc != nil && row.Verdict == "" {
			for _, u := range sc.Nodes {
				if u.Name == n.Name {
					row.Verdict = verdictText(u)
				}
			}
		}
		c.Nodes = append(c.Nodes, row)
	}
	c.Events = st.eventRows(s, link)
	v.Cluster = c
}

// pctString is a utilization as a percentage with one decimal: 11.1%.
func pctString(f float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(f*100, 'f', 1, 64), ".0") + "%"
}

func verdictText(u clusterautoscaler.NodeUtil) string {
	switch u.Verdict {
	case "NotCandidate":
		return "not a candidate: the group is at its min size"
	case "NotUnderutilized":
		return "NotUnderutilized: above 50%"
	case "RecentlyUnremovable":
		return "RecentlyUnremovable: its pods had nowhere to go; rechecked after 5m"
	case "NoPlaceToMovePods":
		return "NoPlaceToMovePods: its pods fit on no other node"
	case "Unneeded":
		s := "unneeded for " + clusterautoscaler.Duration(u.UnneededFor)
		switch u.Removable {
		case "NotUnneededLongEnough":
			s += " (NotUnneededLongEnough: removable after 10m)"
		case "NodeGroupMinSizeReached":
			s += " (NodeGroupMinSizeReached)"
		case "ScaleDownInCooldown":
			s += " (scale-down in cooldown)"
		}
		return s
	}
	return u.Verdict
}

// scanLines says what a scan decided, in RunOnce's order.
func scanLines(sc *clusterautoscaler.Scan, c clusterautoscaler.Config) []string {
	var out []string
	switch {
	case len(sc.Unschedulable) == 0:
		out = append(out, "Scale-up: no unschedulable pods (ScaleUpNotNeeded).")
	default:
		out = append(out, fmt.Sprintf("Unschedulable pods: %d; nodes being provisioned (upcoming): %d.", len(sc.Unschedulable), sc.Upcoming))
		if n := len(sc.FitUpcoming); n > 0 {
			out = append(out, fmt.Sprintf("%d of them fit on the upcoming %s in CA's snapshot, so they do not count.", n, plural(sc.Upcoming, "node")))
		}
		switch sc.ScaleUp {
		case clusterautoscaler.ScaleUpNotNeeded:
			out = append(out, "Scale-up: nothing left to help (ScaleUpNotNeeded).")
		case clusterautoscaler.ScaleUpInCooldown:
			out = append(out, "Scale-up: every unschedulable pod is younger than 2 s: \"Unschedulable pods are very new, waiting one iteration for more\" (and no scale-down in this loop).")
		case clusterautoscaler.ScaleUpNoOptionsAvailable:
			out = append(out, fmt.Sprintf("Scale-up: %s is at its max size %d, so there is no expansion option: NotTriggerScaleUp \"pod didn't trigger scale-up: 1 max node group size reached\".", GroupName, c.MaxNodes))
		case clusterautoscaler.ScaleUpSuccessful:
			per := c.NodeCPUMilli / c.HPA.RequestMilli
			out = append(out, fmt.Sprintf("Binpacking: %d %s of %dm on template nodes of %s (%d fit on one): %d %s.", len(sc.Helped), plural(len(sc.Helped), "pod"), c.HPA.RequestMilli, milli(c.NodeCPUMilli), per, sc.Estimated, plural(sc.Estimated, "node")))
			out = append(out, fmt.Sprintf("Scale-up: %s %d → %d (max %d); the expander (least-waste) has only this group to pick.", GroupName, sc.From, sc.To, sc.Max))
		}
	}
	switch sc.ScaleDown {
	case clusterautoscaler.ScaleDownInCooldown:
		if sc.CooldownUntil > 0 {
			out = append(out, fmt.Sprintf("Scale-down: in cooldown until %s (--scale-down-delay-after-add=10m after the scale-up at %s); unneeded nodes are still tracked.", clusterautoscaler.Duration(sc.CooldownUntil), clusterautoscaler.Duration(sc.CooldownUntil-c.Options.ScaleDownDelayAfterAdd)))
		} else {
			out = append(out, "Scale-down: "+sc.Cooldown+".")
		}
	case clusterautoscaler.ScaleDownNoCandidates:
		out = append(out, fmt.Sprintf("Scale-down: no candidates: %s is at its min size %d.", GroupName, c.MinNodes))
	case clusterautoscaler.ScaleDownNoNodeDeleted:
		out = append(out, "Scale-down: no node removed (ScaleDownNoNodeDeleted).")
	case clusterautoscaler.ScaleDownNodeDeleteStarted:
		out = append(out, fmt.Sprintf("Scale-down: removing %s: tainted %s, gone 5 s later.", strings.Join(sc.Removed, ", "), clusterautoscaler.ToBeDeletedTaint))
		if len(sc.Drained) > 0 {
			out = append(out, fmt.Sprintf("Drained: %s evicted; the ReplicaSet recreates them on other nodes.", strings.Join(sc.Drained, ", ")))
		}
	}
	for _, u := range sc.Nodes {
		if u.Verdict == "" {
			continue
		}
		out = append(out, fmt.Sprintf("%s: %dm / %dm = %s requested; %s.", u.Name, u.Requested, u.Alloc, pctString(u.Util), verdictText(u)))
	}
	return out
}

// eventRows aggregates identical events (same object, reason and message)
// as kubectl describe does, newest first, each linking to the moment it was
// recorded in. Two moments are at 0s (the cluster's creation, then the
// HPA's first sync), so the moment is found by the event's place in the
// append-only list, not by its time.
func (st *State) eventRows(s *clusterautoscaler.Sim, link templates.Link) []templates.ASLogRow {
	// stepOf is the first moment whose event list holds event i.
	stepOf := func(i int) int {
		return sort.Search(len(st.cframes), func(k int) bool { return len(st.cframes[k].Events) > i })
	}
	type agg struct {
		e           clusterautoscaler.Event
		first, last int
		lastIdx     int
		count       int
	}
	idx := map[string]int{}
	var rows []agg
	for i, e := range s.Events {
		k := e.Object + "\x00" + e.Reason + "\x00" + e.Message
		if j, ok := idx[k]; ok {
			rows[j].count++
			rows[j].last, rows[j].lastIdx = e.T, i
			continue
		}
		idx[k] = len(rows)
		rows = append(rows, agg{e: e, first: e.T, last: e.T, lastIdx: i, count: 1})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].last > rows[j].last })
	var out []templates.ASLogRow
	for _, r := range rows {
		if len(out) == 60 {
			break
		}
		step := stepOf(r.lastIdx)
		q := st.Query()
		if step == 0 {
			q.Del("step")
		} else {
			q.Set("step", strconv.Itoa(step))
		}
		out = append(out, templates.ASLogRow{Time: clusterautoscaler.Duration(r.last), Object: r.e.Object, Type: r.e.Type, Reason: r.e.Reason, From: r.e.From,
			Message: r.e.Message, Count: r.count, Step: strconv.Itoa(step), Href: link.Href(q), Here: step == st.step})
	}
	return out
}

// picture draws the node group now.
func (st *State) picture(s *clusterautoscaler.Sim) templates.ASPicture {
	const w, boxTop, boxH = 640, 48, 200
	cols := len(s.Nodes) + 1
	cw := min(120, (w-20)/cols)
	// As wide as the columns need: drawn at its natural size on a wide
	// screen, shrunk (not more than needed) on a phone.
	p := templates.ASPicture{W: max(cols*cw+20, 300), H: boxTop + boxH + 50}
	alloc := st.ccfg.NodeCPUMilli
	req := st.cfg.RequestMilli
	slot := boxH * int(req) / int(alloc)
	bound := map[string]bool{}
	for _, b := range s.Last.Bound {
		bound[strings.SplitN(b, " -> ", 2)[0]] = true
	}
	unneeded := map[string]clusterautoscaler.NodeUtil{}
	if sc := s.LastScan; sc != nil {
		for _, u := range sc.Nodes {
			unneeded[u.Name] = u
		}
	}
	var desc []string
	x := (p.W - cols*cw) / 2
	for _, n := range s.Nodes {
		col := templates.ASColumn{X: x, TextX: x + cw/2, BoxX: x + 8, BoxY: boxTop, BoxW: cw - 16, BoxH: boxH, Name: n.Name, State: n.Phase,
			NameY: 16, StateY: 34, UtilY: boxTop + boxH + 20, NoteY: boxTop + boxH + 40}
		r := s.Requested(n.Name)
		switch n.Phase {
		case clusterautoscaler.Provisioning:
			col.Class = "provisioning"
			col.Util = "not registered"
			col.Note = "Ready at " + clusterautoscaler.Duration(n.ReadyAt)
			desc = append(desc, fmt.Sprintf("%s is being provisioned, Ready at %s", n.Name, clusterautoscaler.Duration(n.ReadyAt)))
		case clusterautoscaler.Deleting:
			col.Class = "deleting"
			col.State = "ToBeDeleted"
			col.Util = pctString(float64(r) / float64(alloc))
			col.Note = "gone at " + clusterautoscaler.Duration(n.DeleteAt)
			desc = append(desc, fmt.Sprintf("%s is tainted %s and goes at %s", n.Name, clusterautoscaler.ToBeDeletedTaint, clusterautoscaler.Duration(n.DeleteAt)))
		default:
			col.Class = "ready"
			col.Util = pctString(float64(r)/float64(alloc)) + " requested"
			col.ThresholdY = boxTop + boxH - boxH/2
			if u, ok := unneeded[n.Name]; ok && u.Verdict == "Unneeded" {
				col.Class = "unneeded"
				col.Note = "unneeded " + clusterautoscaler.Duration(u.UnneededFor)
			}
			desc = append(desc, fmt.Sprintf("%s Ready with %d %s, %s of its cpu requested%s", n.Name, len(s.PodsOn(n.Name)), plural(len(s.PodsOn(n.Name)), "pod"), pctString(float64(r)/float64(alloc)), map[bool]string{true: ", " + col.Note, false: ""}[col.Note != ""]))
		}
		for i, pod := range s.PodsOn(n.Name) {
			cl := "pod"
			if bound[pod.Name] {
				cl = "new"
			}
			col.Pods = append(col.Pods, templates.ASSlot{X: col.BoxX + 3, Y: boxTop + boxH - (i+1)*slot + 1, W: col.BoxW - 6, H: max(slot-2, 1), Class: cl, Title: pod.Name + " on " + n.Name})
		}
		p.Columns = append(p.Columns, col)
		x += cw
	}
	pend := s.Pending()
	col := templates.ASColumn{X: x, TextX: x + cw/2, BoxX: x + 8, BoxY: boxTop, BoxW: cw - 16, BoxH: boxH, Name: "Pending", Class: "pending",
		State: fmt.Sprintf("%d %s", len(pend), plural(len(pend), "pod")), NameY: 16, StateY: 34, UtilY: boxTop + boxH + 20, NoteY: boxTop + boxH + 40}
	ps := slot
	if len(pend) > 0 && len(pend)*slot > boxH {
		ps = boxH / len(pend)
	}
	for i, pod := range pend {
		col.Pods = append(col.Pods, templates.ASSlot{X: col.BoxX + 3, Y: boxTop + boxH - (i+1)*ps + 1, W: col.BoxW - 6, H: max(ps-2, 1), Class: "pending", Title: pod.Name + " is Pending"})
	}
	if len(pend) > 0 {
		col.Util = "FailedScheduling"
		desc = append(desc, fmt.Sprintf("%d %s Pending", len(pend), plural(len(pend), "pod")))
	} else {
		col.Util = "none"
	}
	p.Columns = append(p.Columns, col)
	p.Title = fmt.Sprintf("Node group %s at %s: %d %s, %d Pending %s", GroupName, clusterautoscaler.Duration(s.T), len(s.Nodes), plural(len(s.Nodes), "node"), len(pend), plural(len(pend), "pod"))
	p.Desc = "Each box is a node's allocatable cpu; each slot a pod's 200m request; the dashed line is the 50% scale-down threshold. " + strings.Join(desc, "; ") + "."
	return p
}

// timeline charts replicas, nodes and load from 0s to now.
func (st *State) timeline() templates.ASTimeline {
	const w, h, left, right, top, bottom = 640, 172, 48, 604, 14, 138
	t := templates.ASTimeline{W: w, H: h, Left: left, Right: right, Top: top, Bottom: bottom}
	x := func(sec int) int { return left + sec*(right-left)/ClusterSeconds }
	const scale = 20
	y := func(n int) int { return bottom - n*(bottom-top)/scale }
	// Sync n (1-based) runs at (n-1)×15 s: the first when the HPA is
	// created (engine/hpa NextSync), the last at 30m.
	syncs := ClusterSeconds/hpa.SyncPeriodSeconds + 1
	var maxLoad int64 = 1
	for n := 1; n <= syncs; n++ {
		maxLoad = max(maxLoad, hpa.Load(st.in.Load, n))
	}
	var rep, nodes, load []string
	for _, f := range st.cframes[:st.step+1] {
		rep = append(rep, fmt.Sprintf("%d,%d", x(f.T), y(len(f.Pods))))
		nodes = append(nodes, fmt.Sprintf("%d,%d", x(f.T), y(len(f.Nodes))))
	}
	for n := 1; n <= syncs; n++ {
		load = append(load, fmt.Sprintf("%d,%d", x((n-1)*hpa.SyncPeriodSeconds), bottom-int(float64(hpa.Load(st.in.Load, n))/float64(maxLoad)*float64(bottom-top-10))))
	}
	t.Replicas, t.Nodes, t.Load = strings.Join(rep, " "), strings.Join(nodes, " "), strings.Join(load, " ")
	t.NowX = x(st.csim().T)
	for _, n := range []int{0, 5, 10, 15, 20} {
		t.YTicks = append(t.YTicks, templates.ASTick{X: left - 6, Y: y(n) + 4, Label: strconv.Itoa(n)})
	}
	for m := 0; m <= 30; m += 5 {
		t.XTicks = append(t.XTicks, templates.ASTick{X: x(m * 60), Y: bottom + 26, Label: fmt.Sprintf("%dm", m)})
	}
	t.LoadLabel = "top of the chart = " + milli(maxLoad)
	s := st.csim()
	t.Title = fmt.Sprintf("Replicas and nodes over 30 minutes, now at %s: %d replicas on %d nodes", clusterautoscaler.Duration(s.T), len(s.Pods), len(s.Nodes))
	t.Desc = fmt.Sprintf("Lines from 0s to now: replicas of web and nodes of %s on a scale of 0 to 20; the %s load over the whole 30 minutes, peaking at %s.", GroupName, st.in.Load, milli(maxLoad))
	return t
}
