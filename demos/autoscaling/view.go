package autoscaling

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/hpa"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.Autoscaling(st.viewModel(link))
}

func elementID(link templates.Link) string {
	id := "as"
	if link.Prefix != "" {
		id = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return '-'
		}, strings.TrimSuffix(link.Prefix, ".")) + "-" + id
	}
	return id
}

var loadLabels = map[string]string{
	"spike":    "spike: 2 minutes of 1800m, then quiet",
	"steady":   "steady: 300m all along",
	"ramp":     "ramp: up for 6 minutes, then down",
	"sawtooth": "sawtooth: climbs for 2 minutes, drops, again",
}

// behaviorYAML is the HPA's spec.behavior after the API server's defaulting
// (pkg/apis/autoscaling/v2/defaults.go SetDefaults_HorizontalPodAutoscalerBehavior,
// GenerateHPAScaleUpRules, GenerateHPAScaleDownRules). The defaults are only
// filled in when spec.behavior is set at all: an HPA without it takes the
// controller's older path (normalizeDesiredReplicas, scale up to at most
// max(2×current, 4)), so this demo's HPA sets one field.
const behaviorYAML = `behavior:
  scaleDown:
    stabilizationWindowSeconds: 300  # set in the HPA
    # the rest is filled in by the API server:
    selectPolicy: Max
    policies:
    - type: Percent
      value: 100
      periodSeconds: 15
  scaleUp:
    stabilizationWindowSeconds: 0
    selectPolicy: Max
    policies:
    - type: Pods
      value: 4
      periodSeconds: 15
    - type: Percent
      value: 100
      periodSeconds: 15`

func (st *State) viewModel(link templates.Link) templates.AutoscalingView {
	id := elementID(link)
	v := templates.AutoscalingView{ID: id, Upstream: Definition.Upstream, What: st.Narration(), Behavior: behaviorYAML,
		Note: "The course outline speaks of a 5 minute scale-up and 3 minute scale-down cooldown. That is outdated: since autoscaling/v2 behaviors, Kubernetes v1.37 scales up at once (no window, up to 4 pods or 100% per 15 s) and scales down only to the highest recommendation of the last 5 minutes. This HPA sets spec.behavior, so the API server fills in the defaults shown here; an HPA without spec.behavior takes the controller's older path, which scales up to at most max(2 × current, 4) per sync. "}
	if st.caOn() {
		v.Note += "Pods that are Pending (no node has room yet) have no metric: replica_calculator.go counts them as unready, computes the ratio over the Ready pods and, when that ratio asks for a scale-up, counts each Pending pod as using 0% of its request."
	} else {
		v.Note += "Here every pod is Ready and reports its metric at every sync, as if nodes had unlimited room; set Nodes to an autoscaled node group to add the Cluster Autoscaler."
	}
	v.Form.Action = templ.SafeURL(link.Path)
	for k, vs := range link.Keep {
		for _, x := range vs {
			v.Form.Hidden = append(v.Form.Hidden, templates.ASHidden{Name: k, Value: x})
		}
	}
	if st.step != 0 {
		v.Form.Hidden = append(v.Form.Hidden, templates.ASHidden{Name: link.FieldName("step"), Value: strconv.Itoa(st.step)})
	}
	v.Form.Load = templates.ASSelect{Key: "load", Name: link.FieldName("load"), Label: "Load curve", Help: "The CPU all pods of Deployment web use together, sync by sync. Each pod requests 200m."}
	for _, p := range hpa.Presets {
		v.Form.Load.Options = append(v.Form.Load.Options, templates.ASOption{Value: p, Label: loadLabels[p], Selected: p == st.in.Load})
	}
	v.Form.Fields = []templates.ASField{
		{Key: "min", Name: link.FieldName("min"), Label: "minReplicas", Value: st.in.Min, Help: "spec.minReplicas: the fewest pods the HPA keeps.", Error: st.errs["min"]},
		{Key: "max", Name: link.FieldName("max"), Label: "maxReplicas", Value: st.in.Max, Help: "spec.maxReplicas: the most pods the HPA asks for.", Error: st.errs["max"]},
		{Key: "target", Name: link.FieldName("target"), Label: "CPU target (%)", Value: st.in.Target, Help: "averageUtilization: CPU used as a percentage of CPU requested.", Error: st.errs["target"]},
	}
	st.caForm(&v, link)
	if st.caOn() {
		st.clusterView(&v, link)
		return v
	}
	f := st.cur()
	s := f.sim

	if f.sync == nil {
		v.Heading = "Step 0: the HPA is created"
	} else {
		v.Heading = fmt.Sprintf("Sync %d, the HPA is %s old", st.step, hpa.HumanDuration(f.sync.T))
	}
	v.Chart = st.chart(id)
	v.PodsLabel = fmt.Sprintf("Deployment web: %d pods (minReplicas %d, maxReplicas %d)", s.Replicas, st.cfg.MinReplicas, st.cfg.MaxReplicas)
	var before int32 = s.Replicas
	if f.sync != nil {
		before = f.sync.CurrentReplicas
	}
	for i := int32(0); i < s.Replicas; i++ {
		c := "run"
		if i >= before {
			c = "new"
		}
		v.Pods = append(v.Pods, templates.ASPod{Name: fmt.Sprintf("pod %d of %d", i+1, s.Replicas), Class: c})
	}
	v.Math = st.math()
	v.GetHPA = "$ kubectl get hpa\n" + s.GetHPA()
	for _, c := range s.Conditions {
		v.Conditions = append(v.Conditions, templates.ASCondition(c))
	}
	v.Events = describeEvents(s.Events, s.T)
	return v
}

// describeEvents is the Events section of `kubectl describe hpa web`.
// The controller's event recorder (client-go tools/record/events_cache.go
// eventObserve) turns a repeat of an identical event (same object, type,
// reason and message) into one event with a higher count and a later
// lastTimestamp; kubectl
// (staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents)
// sorts them by lastTimestamp, oldest first (SortableEvents), and shows the
// Age as "5s", or "5s (x3 over 2m)" for a repeated one.
func describeEvents(events []hpa.Event, now int) []templates.ASEvent {
	type agg struct {
		e           hpa.Event
		first, last int
		count       int
	}
	var list []*agg
	byKey := map[string]*agg{}
	for _, e := range events {
		k := e.Type + "\x00" + e.Reason + "\x00" + e.Message
		if a, ok := byKey[k]; ok {
			a.last, a.count = e.T, a.count+1
			continue
		}
		a := &agg{e: e, first: e.T, last: e.T, count: 1}
		byKey[k] = a
		list = append(list, a)
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].last < list[j].last })
	out := make([]templates.ASEvent, 0, len(list))
	for _, a := range list {
		age := hpa.HumanDuration(now - a.first)
		if a.count > 1 {
			age = fmt.Sprintf("%s (x%d over %s)", hpa.HumanDuration(now-a.last), a.count, age)
		}
		out = append(out, templates.ASEvent{Type: a.e.Type, Reason: a.e.Reason, Age: age, From: "horizontal-pod-autoscaler", Message: a.e.Message})
	}
	return out
}

// math is this sync's arithmetic, in the order horizontal.go does it.
func (st *State) math() []string { return st.mathFor(st.cur().sync) }

// mathFor is a sync's arithmetic (replica_calculator.go GetResourceReplicas,
// then normalizeDesiredReplicasWithBehaviors).
func (st *State) mathFor(y *hpa.Sync) []string {
	if y == nil {
		return []string{"No sync yet: status.currentMetrics is empty, so TARGETS is <unknown>.", "The controller reconciles a new HPA at once (the first sync, at 0s), then requeues it every 15 s (--horizontal-pod-autoscaler-sync-period)."}
	}
	if y.Bounded != "" {
		return []string{fmt.Sprintf("%d replicas: %s.", y.CurrentReplicas, y.Bounded), fmt.Sprintf("New size: %d, without reading the metric.", y.Desired)}
	}
	c := st.cfg
	if y.NoMetrics {
		return []string{"No pod is Running and Ready: no metric, so the HPA keeps its replicas."}
	}
	if y.Unready > 0 {
		out := []string{
			fmt.Sprintf("utilization = %s × 100 / (%d ready pods × %dm) = %d%%  (rounded down; %d Pending %s no metric)", milli(y.LoadMilli), y.Ready, c.RequestMilli, y.Utilization, y.Unready, plural2(int(y.Unready), "pod has", "pods have")),
			fmt.Sprintf("usageRatio  = %d%% / %d%% = %.2f", y.Utilization, c.TargetUtilization, y.UsageRatio),
		}
		switch {
		case y.UsageRatio > 1:
			out = append(out, fmt.Sprintf("a scale-up with unready pods: the %d Pending count as 0%%: %s × 100 / (%d pods × %dm) = ratio %.2f", y.Unready, milli(y.LoadMilli), y.Ready+y.Unready, c.RequestMilli, y.UnreadyRatio))
			if y.WithinTolerance || y.Proposed == y.CurrentReplicas {
				out = append(out, fmt.Sprintf("proposal    = %d (no change: within tolerance, or the direction flipped)", y.Proposed))
			} else {
				out = append(out, fmt.Sprintf("proposal    = ceil(%.2f × %d) = %d", y.UnreadyRatio, y.Ready+y.Unready, y.Proposed))
			}
		case y.WithinTolerance:
			out = append(out, fmt.Sprintf("0.9 ≤ %.2f ≤ 1.1: within tolerance, proposal = %d (no change)", y.UsageRatio, y.Proposed))
		default:
			out = append(out, fmt.Sprintf("proposal    = ceil(%.2f × %d ready pods) = %d", y.UsageRatio, y.Ready, y.Proposed))
		}
		return st.mathTail(y, out)
	}
	out := []string{
		fmt.Sprintf("utilization = %s × 100 / (%d pods × %dm) = %d%%  (rounded down)", milli(y.LoadMilli), y.CurrentReplicas, c.RequestMilli, y.Utilization),
		fmt.Sprintf("usageRatio  = %d%% / %d%% = %.2f", y.Utilization, c.TargetUtilization, y.UsageRatio),
	}
	if y.WithinTolerance {
		out = append(out, fmt.Sprintf("0.9 ≤ %.2f ≤ 1.1: within tolerance, proposal = %d (no change)", y.UsageRatio, y.Proposed))
	} else {
		out = append(out, fmt.Sprintf("proposal    = ceil(%.2f × %d) = %d", y.UsageRatio, y.CurrentReplicas, y.Proposed))
	}
	return st.mathTail(y, out)
}

// mathTail is the stabilization window, the policies and the result.
func (st *State) mathTail(y *hpa.Sync, out []string) []string {
	c := st.cfg
	w := make([]string, len(y.Window))
	for i, x := range y.Window {
		w[i] = strconv.Itoa(int(x))
	}
	if y.Proposed < y.CurrentReplicas {
		out = append(out, fmt.Sprintf("scale-down window (300 s) holds [%s]: highest with %d is %d", strings.Join(w, " "), y.Proposed, y.WindowMax))
		out = append(out, fmt.Sprintf("stabilized  = current %d held between %d and %d = %d", y.CurrentReplicas, y.Proposed, y.WindowMax, y.Stabilized))
	} else {
		out = append(out, fmt.Sprintf("scale-up window is 0 s: stabilized = %d", y.Stabilized))
	}
	if y.Stabilized > y.CurrentReplicas {
		lim := max(y.CurrentReplicas+4, 2*y.CurrentReplicas)
		out = append(out, fmt.Sprintf("scale-up limit = max(%d + 4 pods, %d + 100%%) = %d; maxReplicas = %d", y.CurrentReplicas, y.CurrentReplicas, lim, c.MaxReplicas))
	}
	if y.Stabilized < y.CurrentReplicas {
		out = append(out, fmt.Sprintf("scale-down limit = %d − 100%% = 0; minReplicas = %d", y.CurrentReplicas, c.MinReplicas))
	}
	if y.Rescaled {
		out = append(out, fmt.Sprintf("desired = %d: Deployment web scaled %d → %d", y.Desired, y.CurrentReplicas, y.Desired))
	} else {
		out = append(out, fmt.Sprintf("desired = %d: no change", y.Desired))
	}
	return out
}

// chart lays out the SVG: load as a line over the whole timeline (the
// learner picked it), replicas as a bar per sync up to the step shown.
func (st *State) chart(id string) templates.ASChart {
	const w, h, left, right, top, bottom = 640, 240, 44, 628, 14, 206
	c := templates.ASChart{ID: id, W: w, H: h, PlotLeft: left, PlotRight: right, PlotTop: top, PlotBottom: bottom}
	slot := float64(right-left) / float64(Syncs+1)
	var maxLoad int64 = 1
	for n := 1; n <= Syncs; n++ {
		maxLoad = max(maxLoad, hpa.Load(st.in.Load, n))
	}
	// Replicas scale: 0..MaxDrawn fills the plot; load: 0..maxLoad fills it too.
	ry := func(r int32) int { return bottom - int(float64(r)/float64(MaxDrawn)*float64(bottom-top)) }
	var pts []string
	for n := 1; n <= Syncs; n++ {
		x := left + int(slot*float64(n)+slot/2)
		y := bottom - int(float64(hpa.Load(st.in.Load, n))/float64(maxLoad)*float64(bottom-top-10))
		pts = append(pts, fmt.Sprintf("%d,%d", x, y))
	}
	c.LoadPoints = strings.Join(pts, " ")
	for n := 0; n <= st.step; n++ {
		fr := st.frames[n]
		r := fr.sim.Replicas
		x := left + int(slot*float64(n)) + 1
		bw := max(int(slot)-2, 2)
		changed := fr.sync != nil && fr.sync.Rescaled
		c.Bars = append(c.Bars, templates.ASBar{X: x, Y: ry(r), W: bw, H: bottom - ry(r), Changed: changed,
			Title: fmt.Sprintf("step %d: %d replicas, load %s", n, r, milli(fr.load))})
	}
	c.NowX = left + int(slot*float64(st.step)+slot/2)
	c.MaxLineY = ry(st.cfg.MaxReplicas)
	c.MaxLabel = fmt.Sprintf("maxReplicas %d", st.cfg.MaxReplicas)
	c.LoadAxisLabel = fmt.Sprintf("top of the chart = %s", milli(maxLoad))
	for _, r := range []int32{0, 5, 10, 15, 20} {
		c.YLabels = append(c.YLabels, templates.ASTick{X: left - 6, Y: ry(r) + 4, Label: strconv.Itoa(int(r))})
	}
	// Sync n (1-based) runs at (n-1)×15 s: the first at the HPA's creation.
	for _, m := range []int{0, 2, 4, 6, 8, 10} {
		n := m*4 + 1
		c.XLabels = append(c.XLabels, templates.ASTick{X: left + int(slot*float64(n)+slot/2), Y: bottom + 18, Label: fmt.Sprintf("%dm", m)})
	}
	f := st.cur()
	c.Title = fmt.Sprintf("Replicas and load over 12 minutes, now at step %d: %d replicas", st.step, f.sim.Replicas)
	c.Desc = fmt.Sprintf("Bars: replicas after each sync, on a scale of 0 to %d. Line: the %s load, peaking at %s.", MaxDrawn, st.in.Load, milli(maxLoad))
	return c
}
