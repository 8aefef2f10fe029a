package podlifecycle

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/kubelet"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.PodLifecycle(st.viewModel(link))
}

// elementID is unique on a page that shows several demos.
func elementID(link templates.Link) string {
	id := "pl"
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

func (st *State) with(f func(q url.Values)) url.Values {
	q := st.Query()
	f(q)
	return q
}

func (st *State) stepHref(link templates.Link, n int) templ.SafeURL {
	return link.Href(st.with(func(q url.Values) {
		q.Del("step")
		if n != 0 {
			q.Set("step", strconv.Itoa(n))
		}
	}))
}

func hidden(link templates.Link, q url.Values, skip ...string) []templates.RUHidden {
	var out []templates.RUHidden
	add := func(k, v string) {
		for _, s := range skip {
			if k == s {
				return
			}
		}
		out = append(out, templates.RUHidden{Name: k, Value: v})
	}
	var keys []string
	for k := range link.Keep {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range link.Keep[k] {
			add(k, v)
		}
	}
	keys = keys[:0]
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(link.FieldName(k), q.Get(k))
	}
	return out
}

var probeWhat = map[string]string{
	"startup":   "Until it passes, the other probes wait; if it fails failureThreshold times in a row, the container is restarted.",
	"readiness": "Decides Ready: whether the pod is a ready endpoint of its Services. Failing never restarts anything.",
	"liveness":  "If it fails failureThreshold times in a row, the kubelet kills the container and the restart policy decides.",
}

var behaviourLabels = map[string][2]string{
	"start":            {"Takes (s) to start", "Seconds until the app listens: before that every probe is refused."},
	"crashAfter":       {"Exits after (s)", "Seconds of running after which the app exits on its own (0: never)."},
	"exitCode":         {"Exit code", "The code it exits with then: 0 is success."},
	"healthzFailAfter": {"/healthz fails after (s)", "Seconds of running after which /healthz answers 500 (0: never)."},
	"readyFail":        {"/ready fails (pod s)", "A window FROM-TO of pod time in which /ready answers 503, e.g. 40-70."},
}

func (st *State) viewModel(link templates.Link) templates.PodLifecycleView {
	id := elementID(link)
	f := st.cur()
	p := st.presetDef()
	def := defaultsOf(p)
	val := func(n string) string {
		if v, ok := st.raw[n]; ok {
			return v
		}
		return def[n]
	}
	v := templates.PodLifecycleView{ID: id, T: f.T, Total: st.total(), Clock: fmt.Sprintf("t = %d s", f.T), About: p.About,
		Phase: string(f.Status.Phase), GetStatus: f.Get.Status, Get: "$ kubectl get pods\n" + kubelet.GetPods(f.Get)}

	// Preset: a form of its own.
	v.PresetForm = templates.PLPresetForm{Action: templ.SafeURL(link.Path), Hidden: hidden(link, nil), Name: link.FieldName("preset")}
	for _, pr := range presets {
		v.PresetForm.Options = append(v.PresetForm.Options, templates.RUOption{Value: pr.Name, Label: pr.Label, Selected: pr.Name == st.preset})
	}

	// Settings.
	q := st.Query()
	v.Form = templates.PLForm{Action: templ.SafeURL(link.Path), Hidden: hidden(link, url.Values{"preset": q["preset"], "step": q["step"]}),
		ProbeNote: "Probes are httpGet on port 8080 of the app container. Our app answers at once or not at all, so timeoutSeconds never decides here. A zero is replaced by the API server's default."}
	opt := func(vals []string, cur string) []templates.RUOption {
		var out []templates.RUOption
		for _, x := range vals {
			out = append(out, templates.RUOption{Value: x, Label: x, Selected: x == cur})
		}
		return out
	}
	v.Form.Selects = append(v.Form.Selects, templates.PLSelect{Key: "restartPolicy", Name: link.FieldName("restartPolicy"), Label: "restartPolicy",
		Help: "What the kubelet does when a container stops: restart it always, only after a failure, or never.", Options: opt(restartPolicies, val("restartPolicy"))})
	v.Form.Selects = append(v.Form.Selects, templates.PLSelect{Key: "imagePull", Name: link.FieldName("imagePull"), Label: "The app's image",
		Help:    "fails: its tag (1.4.20) was never pushed, so the pull fails.",
		Options: []templates.RUOption{{Value: "ok", Label: "is on the node", Selected: val("imagePull") == "ok"}, {Value: "fails", Label: "cannot be pulled", Selected: val("imagePull") == "fails"}}})
	if firstInit(p.Pod) != nil {
		v.Form.Selects = append(v.Form.Selects, templates.PLSelect{Key: "initFailsOnce", Name: link.FieldName("initFailsOnce"), Label: "The first init container",
			Help:    "Its first run can exit with code 1.",
			Options: []templates.RUOption{{Value: "no", Label: "succeeds", Selected: val("initFailsOnce") == "no"}, {Value: "yes", Label: "fails once", Selected: val("initFailsOnce") == "yes"}}})
	}
	for _, n := range []string{"start", "crashAfter", "exitCode", "healthzFailAfter", "readyFail"} {
		mode := "numeric"
		if n == "readyFail" {
			mode = "text"
		}
		v.Form.Fields = append(v.Form.Fields, templates.PLField{Key: n, Name: link.FieldName(n), Label: behaviourLabels[n][0], Help: behaviourLabels[n][1],
			Value: val(n), Mode: mode, Errors: st.errs[n]})
	}
	for _, k := range probeKinds {
		pr := templates.PLProbe{Kind: k, Label: k + "Probe", What: probeWhat[k],
			Switch: templates.PLSelect{Key: k, Name: link.FieldName(k), Label: k + "Probe", Options: opt([]string{"on", "off"}, val(k))}}
		for _, fl := range probeFields {
			n := k + "." + fl
			pr.Fields = append(pr.Fields, templates.PLField{Key: n, Name: link.FieldName(n), Label: fl, Value: val(n), Mode: "numeric", Errors: st.errs[n]})
		}
		v.Form.Probes = append(v.Form.Probes, pr)
	}

	// Time.
	v.Scrub = templates.PLScrub{Action: templ.SafeURL(link.Path), Hidden: hidden(link, st.Query(), link.FieldName("step")), Name: link.FieldName("step"), Value: f.T, Max: st.total()}
	prev, next := -1, -1
	for t := f.T - 1; t >= 0 && prev < 0; t-- {
		if notable(st.frames, t) {
			prev = t
		}
	}
	for t := f.T + 1; t <= st.total() && next < 0; t++ {
		if notable(st.frames, t) {
			next = t
		}
	}
	if prev >= 0 {
		v.Jumps = append(v.Jumps, templates.PLJump{Label: fmt.Sprintf("← t=%d s", prev), Title: "The previous second in which something happened", Href: st.stepHref(link, prev), Step: strconv.Itoa(prev)})
	}
	if next >= 0 {
		v.Jumps = append(v.Jumps, templates.PLJump{Label: fmt.Sprintf("t=%d s →", next), Title: "The next second in which something happens", Href: st.stepHref(link, next), Step: strconv.Itoa(next)})
	}

	// This second.
	for _, h := range f.Happened {
		v.Happened = append(v.Happened, templates.PLHappening{Who: h.Who, What: h.What})
	}
	if len(v.Happened) == 0 {
		v.Happened = append(v.Happened, templates.PLHappening{Who: "", What: quietSentence(f) + "."})
	}
	for _, pa := range f.Probes {
		v.ProbeNow = append(v.ProbeNow, probeRow(pa))
	}
	var log []kubelet.ProbeAttempt
	for t := f.T; t >= 0 && len(log) < 12; t-- {
		ps := st.frames[t].Probes
		for i := len(ps) - 1; i >= 0 && len(log) < 12; i-- {
			log = append(log, ps[i])
		}
	}
	for _, pa := range log {
		v.ProbeLog = append(v.ProbeLog, probeRow(pa))
	}

	// kubectl.
	v.StatusKind = statusKind(f.Get.Status)
	for _, c := range f.Containers {
		kind := "container"
		if c.Sidecar {
			kind = "sidecar (init, restartPolicy: Always)"
		} else if c.Init {
			kind = "init container"
		}
		row := templates.PLContainer{Name: c.Name, Kind: kind, State: c.State, Reason: c.Reason, Message: c.Message,
			Ready: strconv.FormatBool(c.Ready), Started: strconv.FormatBool(c.Started), Restarts: strconv.Itoa(c.Restarts)}
		switch {
		case c.State == "Running" && (c.Ready || c.Init && !c.Sidecar):
			row.StateKind = "ok"
		case c.State == "Running":
			row.StateKind = "warn"
		case c.State == "Terminated" && c.ExitCode == 0:
			row.StateKind = "idle"
		case c.State == "Terminated" || c.Reason == "CrashLoopBackOff" || c.Reason == "ImagePullBackOff" || c.Reason == "ErrImagePull":
			row.StateKind = "err"
		default:
			row.StateKind = "idle"
		}
		if c.State == "Terminated" {
			row.Reason = fmt.Sprintf("%s, exit code %d", c.Reason, c.ExitCode)
		}
		if c.BackOff > 0 {
			row.BackOff = fmt.Sprintf("%d s", c.BackOff)
		}
		if c.RestartAt >= 0 {
			row.Countdown = fmt.Sprintf("may restart in %d s (t=%d s)", c.RestartAt-f.T, c.RestartAt)
		}
		var np []string
		for _, k := range []string{"Startup", "Readiness", "Liveness"} {
			if at, ok := c.NextProbe[k]; ok && c.State == "Running" {
				np = append(np, fmt.Sprintf("%s t=%d s", strings.ToLower(k), at))
			}
		}
		row.NextProbes = strings.Join(np, ", ")
		v.Containers = append(v.Containers, row)
	}
	for _, c := range f.Status.Conditions {
		v.Conditions = append(v.Conditions, templates.PLCondition{Type: string(c.Type), Status: string(c.Status), Reason: c.Reason, Message: c.Message})
	}
	switch {
	case f.Serving:
		v.Endpoint = templates.PLEndpoint{Text: "Ready endpoint: Services selecting this pod send it traffic (10.244.1.7:8080).", Kind: "ok"}
	case f.Endpoint:
		v.Endpoint = templates.PLEndpoint{Text: "Listed as not ready: the EndpointSlice keeps 10.244.1.7 with ready: false, so Services send it no traffic.", Kind: "warn"}
	default:
		v.Endpoint = templates.PLEndpoint{Text: "Not an endpoint: the pod has no running sandbox.", Kind: "idle"}
	}
	for _, e := range f.Events {
		v.Events = append(v.Events, templates.PLEvent{Type: e.Type, Reason: e.Reason, Age: kubelet.EventAge(e, f.T), From: e.From, Message: kubelet.DescribeMessage(e)})
	}
	v.Pic = st.picture(id)
	v.Notes = []string{
		"The restart back-off is the kubelet's default in v1.37: 10 s, doubling to 5 minutes, reset after 10 minutes of running. The gate ReduceDefaultCrashLoopBackOffDecay (alpha, off) would make it 1 s to 60 s, and a node's kubelet config can lower the cap (crashLoopBackOff.maxContainerRestartPeriod).",
		"The kubelet retries a failed sync after 10 s and resyncs a pod every minute; upstream adds up to 50 % random jitter to both, which we leave out so that every replay is the same.",
		"kubectl describe shows events as the API server has them: the kubelet's event recorder lets 25 events about a pod through, then one every 5 minutes (client-go's spam filter), so counts can lag.",
	}
	return v
}

// notable: something other than a quiet probe happened at t.
func notable(frames []kubelet.Frame, t int) bool {
	f := frames[t]
	for _, h := range f.Happened {
		if h.Who != "prober" || strings.Contains(h.What, "now") {
			return true
		}
	}
	return t > 0 && (frames[t-1].Get.Status != f.Get.Status || frames[t-1].Get.Ready != f.Get.Ready)
}

func probeRow(pa kubelet.ProbeAttempt) templates.PLProbeRow {
	word := "failures"
	if pa.OK {
		word = "passes"
	}
	return templates.PLProbeRow{T: pa.T, Container: pa.Container, Kind: pa.Kind, OK: pa.OK, Output: pa.Output,
		Run: fmt.Sprintf("%d %s in a row (threshold %d)", pa.Run, word, pa.Threshold), Result: pa.Result, Changed: pa.Changed}
}

func statusKind(s string) string {
	switch {
	case s == "Running" || s == "Completed":
		return "ok"
	case s == "Error" || strings.Contains(s, "BackOff") || strings.Contains(s, "Err") || strings.HasPrefix(s, "Init:Error") || strings.HasPrefix(s, "Init:Crash"):
		return "err"
	}
	return "warn"
}

// picture lays out the SVG timeline: one lane per container, coloured by
// state over the whole timeline, with its probe attempts as ticks, then
// a lane for the pod's Ready condition; a cursor marks the second shown.
func (st *State) picture(id string) templates.PLPicture {
	const W, x0, x1, laneH, gap = 640, 120, 628, 26, 10
	total := max(1, st.total())
	x := func(t int) int { return x0 + t*(x1-x0)/total }
	pic := templates.PLPicture{ID: id, W: W, X0: x0, X1: x1, Title: fmt.Sprintf("Timeline of pod web, t=0 to %d s", st.total())}
	f := st.cur()
	y := 8
	var desc []string
	for ci, c := range f.Containers {
		lane := templates.PLLane{Label: c.Name, Y: y, H: laneH, LabelY: y + laneH/2 + 5}
		cls, start := "", 0
		flush := func(end int) {
			if cls != "" && cls != "none" {
				lane.Segments = append(lane.Segments, templates.PLSegment{X: x(start), W: max(1, x(end)-x(start)), Class: cls,
					Title: fmt.Sprintf("%s: %s, t=%d–%d s", c.Name, segmentWords[cls], start, end)})
			}
		}
		for t := 0; t <= st.total(); t++ {
			k := segmentClass(st.frames[t].Containers[ci])
			if k != cls {
				flush(t)
				cls, start = k, t
			}
		}
		flush(st.total())
		for t := 0; t <= st.total(); t++ {
			for _, pa := range st.frames[t].Probes {
				if pa.Container != c.Name {
					continue
				}
				m := templates.PLMark{X: x(t), Y: y + laneH + 1, H: 5, Class: "probe ok", Title: fmt.Sprintf("t=%d s: %s probe passed", t, pa.Kind)}
				if !pa.OK {
					m.Class, m.Title = "probe fail", fmt.Sprintf("t=%d s: %s probe failed", t, pa.Kind)
				}
				lane.Marks = append(lane.Marks, m)
			}
		}
		desc = append(desc, fmt.Sprintf("%s: %d state changes", c.Name, len(lane.Segments)))
		pic.Lanes = append(pic.Lanes, lane)
		y += laneH + gap
	}
	pod := templates.PLLane{Label: "pod Ready", Y: y, H: laneH, LabelY: y + laneH/2 + 5}
	start, ready := 0, podReadyAt(st.frames[0])
	for t := 1; t <= st.total()+1; t++ {
		r := t <= st.total() && podReadyAt(st.frames[t])
		if t > st.total() || r != ready {
			cls := "notready"
			if ready {
				cls = "serving"
			}
			pod.Segments = append(pod.Segments, templates.PLSegment{X: x(start), W: max(1, x(min(t, st.total()))-x(start)), Class: cls,
				Title: fmt.Sprintf("pod %s, t=%d–%d s", map[bool]string{true: "Ready (gets traffic)", false: "not Ready"}[ready], start, min(t, st.total()))})
			start, ready = t, r
		}
	}
	pic.Lanes = append(pic.Lanes, pod)
	y += laneH + 8
	pic.AxisY = y
	step := axisStep(total)
	for t := 0; t <= total; t += step {
		pic.Ticks = append(pic.Ticks, templates.PLTick{X: x(t), Label: fmt.Sprintf("%ds", t)})
	}
	pic.CursorX = x(f.T)
	pic.CursorLabel = fmt.Sprintf("t=%d s", f.T)
	pic.H = y + 22
	pic.Desc = fmt.Sprintf("At t=%d s kubectl shows %s. ", f.T, f.Get.Status) + strings.Join(desc, "; ") + "."
	return pic
}

func podReadyAt(f kubelet.Frame) bool {
	for _, c := range f.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

var segmentWords = map[string]string{
	"ready": "Running and Ready", "running": "Running (not Ready)", "backoff": "Waiting in back-off",
	"waiting": "Waiting", "done": "Terminated, exit code 0", "failed": "Terminated with an error",
}

func segmentClass(c kubelet.ContainerView) string {
	switch c.State {
	case "Running":
		if c.Ready {
			return "ready"
		}
		return "running"
	case "Terminated":
		if c.ExitCode == 0 {
			return "done"
		}
		return "failed"
	}
	if c.Reason == "CrashLoopBackOff" || c.Reason == "ImagePullBackOff" || c.Reason == "ErrImagePull" {
		return "backoff"
	}
	return "waiting"
}

func axisStep(total int) int {
	for _, s := range []int{10, 15, 30, 60, 120, 300} {
		if total/s <= 8 {
			return s
		}
	}
	return 600
}
