package rollingupdate

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/rollout"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.RollingUpdate(st.viewModel(link))
}

// elementID is unique on a page that shows several demos.
func elementID(link templates.Link) string {
	id := "ru"
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

var labels = map[string][2]string{
	"replicas":                {"replicas", "spec.replicas: how many pods the Deployment wants."},
	"maxSurge":                {"maxSurge", "How many pods above replicas may exist: a number, or a percentage of replicas (rounded up)."},
	"maxUnavailable":          {"maxUnavailable", "How many of replicas may be unavailable: a number, or a percentage (rounded down)."},
	"minReadySeconds":         {"minReadySeconds", "How long a pod must be Ready before it counts as available."},
	"progressDeadlineSeconds": {"progressDeadlineSeconds", "How long without progress before the Deployment reports ProgressDeadlineExceeded."},
	"readySeconds":            {"New pod ready after (s)", "Not a Deployment field: how long a new pod takes to pass its readiness probe here."},
}

func (st *State) viewModel(link templates.Link) templates.RollingUpdateView {
	id := elementID(link)
	f := st.cur()
	s := f.sim
	v := templates.RollingUpdateView{ID: id, Upstream: Definition.Upstream, Step: st.step, Clock: clock(f.h.At),
		Actor: actorLabel(f.h.Actor), What: f.h.What, Math: f.h.Math, Said: f.h.Said}

	// The settings form: a GET form to the same page, keeping the others'
	// parameters; each control also sends "set" over the socket.
	v.Form.Action = templ.SafeURL(link.Path)
	for k, vs := range link.Keep {
		for _, x := range vs {
			v.Form.Hidden = append(v.Form.Hidden, templates.RUHidden{Name: k, Value: x})
		}
	}
	for _, n := range []string{"replicas", "maxSurge", "maxUnavailable", "minReadySeconds", "progressDeadlineSeconds", "readySeconds"} {
		mode := "numeric"
		if n == "maxSurge" || n == "maxUnavailable" {
			mode = "text"
		}
		v.Form.Fields = append(v.Form.Fields, templates.RUField{Key: n, Name: link.FieldName(n), Label: labels[n][0], Value: *st.in.get(n),
			Help: labels[n][1], Errors: st.errs[n], Mode: mode})
	}
	v.Form.Selects = []templates.RUSelect{
		{Key: "strategy", Name: link.FieldName("strategy"), Label: "strategy.type", Help: "RollingUpdate replaces pods a few at a time; Recreate removes them all first.",
			Options: []templates.RUOption{{Value: "RollingUpdate", Label: "RollingUpdate", Selected: st.in.Strategy == "RollingUpdate"}, {Value: "Recreate", Label: "Recreate", Selected: st.in.Strategy == "Recreate"}}},
		{Key: "version", Name: link.FieldName("version"), Label: "nginx:1.26 is", Help: "A broken version's pods never pass their readiness probe.",
			Options: []templates.RUOption{{Value: versionGood, Label: "a good version", Selected: st.in.Version == versionGood}, {Value: versionBroken, Label: "a broken version", Selected: st.in.Version == versionBroken}}},
	}

	if st.cfg.Strategy == rollout.RollingUpdate {
		v.Fence = []templates.RUFence{
			{Name: "maxSurge", Given: st.cfg.MaxSurge.String(), Work: s.F.SurgeWork},
			{Name: "maxUnavailable", Given: st.cfg.MaxUnavailable.String(), Work: s.F.UnavailWork},
		}
		if s.F.BothZero {
			v.Fence = append(v.Fence, templates.RUFence{Name: "both 0", Given: "", Work: "the controller sets maxUnavailable to 1 (ResolveFenceposts), so the rollout can move"})
		}
		if s.F.Capped {
			v.Fence = append(v.Fence, templates.RUFence{Name: "maxUnavailable", Given: "capped", Work: fmt.Sprintf("at most replicas: %d", s.F.Unavailable)})
		}
	} else {
		v.Fence = []templates.RUFence{{Name: "Recreate", Given: "no maxSurge or maxUnavailable", Work: "every old pod goes before any new pod is created"}}
	}
	c := s.Count()
	v.Bounds = fmt.Sprintf("So the controller keeps at least %d available and asks for at most %d pods.", c.MinAvail, c.MaxTotal)
	if st.cfg.Strategy == rollout.Recreate {
		v.Bounds = fmt.Sprintf("Recreate keeps no pods available during the update and never asks for more than %d.", c.MaxTotal)
	}

	line, done, failed := s.RolloutStatus()
	v.StatusLine = line
	v.StatusKind = "wait"
	if done {
		v.StatusKind = "done"
	} else if failed {
		v.StatusKind = "fail"
	}
	v.GetDeployment = s.GetDeployment()
	v.GetRS = "$ kubectl get replicasets\n" + s.GetReplicaSets()
	v.GetPods = "$ kubectl get pods\n" + s.GetPods()
	v.History = s.HistoryText()
	ds := s.D.Status
	v.Counts = counts(s, st.cfg)
	for _, cd := range ds.Conditions {
		v.Conditions = append(v.Conditions, templates.RUCondition{Type: cd.Type, Status: cd.Status, Reason: cd.Reason, Message: cd.Message})
	}
	for _, e := range s.DeploymentEvents() {
		v.Events = append(v.Events, templates.RUEvent{Type: e.Type, Reason: e.Reason, Age: e.Age, From: e.From, Message: e.Message})
	}

	switch {
	case st.canUndo():
		v.Undo.Can = true
		v.Undo.Href = link.Href(st.with(func(q url.Values) {
			q.Set("undo", strconv.Itoa(st.step+1))
			q.Set("step", strconv.Itoa(st.step+1))
		}))
	case st.undo != 0 && st.undo <= st.step:
		v.Undo.Why = "You rolled back at step " + strconv.Itoa(st.undo) + "."
	case st.step >= len(st.frames):
		v.Undo.Why = "This Deployment's timeline ended at step " + strconv.Itoa(len(st.frames)-1) + " (the comparison goes on); go back to it to run kubectl rollout undo."
	default:
		v.Undo.Why = "kubectl rollout undo needs a previous revision: step on until the controller has created the new ReplicaSet."
	}
	if st.undo != 0 {
		v.Undo.At = st.undo
		v.Undo.CancelHref = link.Href(st.with(func(q url.Values) { q.Del("undo") }))
	}
	v.Note = "The course outline describes a rolling update as waves of equal size. The controller has no waves: at each sync it adds as many new pods as maxSurge leaves room for, and removes as many old ones as maxUnavailable and the new pods' availability allow, as the steps here show."
	v.Pic = picture(id, s, st.cfg)
	st.compareView(&v, link)
	return v
}

// counts are the counters under kubectl get deployment.
func counts(s *rollout.Sim, cfg rollout.Config) []templates.RUCount {
	ds, c := s.D.Status, s.Count()
	return []templates.RUCount{
		{Label: "desired", Value: strconv.Itoa(int(cfg.Replicas)), Help: "spec.replicas"},
		{Label: "current", Value: strconv.Itoa(int(ds.Replicas)), Help: "status.replicas: pods of every ReplicaSet, not counting Terminating ones"},
		{Label: "updated", Value: strconv.Itoa(int(ds.UpdatedReplicas)), Help: "status.updatedReplicas: pods of the new ReplicaSet"},
		{Label: "available", Value: strconv.Itoa(int(ds.AvailableReplicas)), Help: "status.availableReplicas"},
		{Label: "old", Value: strconv.Itoa(int(c.Old)), Help: "pods of old ReplicaSets remaining (now)"},
		{Label: "terminating", Value: strconv.Itoa(int(c.Terminating)), Help: "pods Terminating (now)"},
	}
}

// compareView fills the comparison: the form that asks for one, and, when
// there is one, both Deployments drawn compactly side by side.
func (st *State) compareView(v *templates.RollingUpdateView, link templates.Link) {
	cv := &v.Compare
	cv.Dropped = st.cmpDropped
	cv.Action = templ.SafeURL(link.Path)
	cv.Hidden = append(cv.Hidden, v.Form.Hidden...)
	q := st.Query()
	for _, n := range paramNames {
		if x := q.Get(n); x != "" {
			cv.Hidden = append(cv.Hidden, templates.RUHidden{Name: link.FieldName(n), Value: x})
		}
	}
	cv.Fields = []templates.RUField{
		{Key: "compareSurge", Name: link.FieldName("compareSurge"), Label: "maxSurge", Value: st.cmpSurge, Mode: "text",
			Help: "The other Deployment's maxSurge (empty: the same as this one's)."},
		{Key: "compareUnavailable", Name: link.FieldName("compareUnavailable"), Label: "maxUnavailable", Value: st.cmpUnavail, Mode: "text",
			Help: "The other Deployment's maxUnavailable (empty: the same as this one's)."},
	}
	if st.cmp == nil {
		return
	}
	cv.Shown = true
	cv.RemoveHref = link.Href(st.with(func(q url.Values) {
		q.Del("compareSurge")
		q.Del("compareUnavailable")
	}))
	cv.Summary = st.compareSummary()
	for i, side := range []struct {
		cfg    rollout.Config
		frames []frame
	}{{st.cfg, st.frames}, {st.cmpCfg, st.cmp}} {
		key := string(rune('a' + i))
		s := side.frames[min(st.step, len(side.frames)-1)].sim
		line, done, failed := s.RolloutStatus()
		kind := "wait"
		if done {
			kind = "done"
		} else if failed {
			kind = "fail"
		}
		c := s.Count()
		pic := picture(v.ID+"-cmp-"+key, s, side.cfg)
		pic.Title = "With " + st.settingLabel(side.cfg) + ": " + pic.Title
		cv.Panels = append(cv.Panels, templates.RUPanel{Key: key, Label: st.settingLabel(side.cfg), At: atLabel(st.step, side.frames),
			StatusLine: line, StatusKind: kind, GetDeployment: s.GetDeployment(), Counts: counts(s, side.cfg),
			Bounds: fmt.Sprintf("At least %d available, at most %d pods.", c.MinAvail, c.MaxTotal), Pic: pic})
	}
}

func actorLabel(a string) string {
	switch a {
	case "you":
		return "you"
	case "deployment-controller":
		return "the Deployment controller"
	case "replicaset-controller":
		return "the ReplicaSet controller"
	case "kubelet":
		return "the kubelet"
	}
	return a
}

// picture lays out the SVG: a box per ReplicaSet that has pods or wants
// some (and the new one), its pods in a grid, then the number line.
func picture(id string, s *rollout.Sim, cfg rollout.Config) templates.RUPicture {
	const W, perLine, size, gap = 460, 10, 30, 10
	p := templates.RUPicture{ID: id, W: W, Title: "ReplicaSets of Deployment " + cfg.Name + " and their pods"}
	y := 4
	newRS := s.NewRS()
	var desc []string
	for _, rs := range s.RSs {
		pods := s.PodsOf(rs)
		if len(pods) == 0 && rs.Replicas == 0 && rs != newRS {
			continue
		}
		rst := s.Status(rs)
		lines := max(1, (len(pods)+perLine-1)/perLine)
		r := templates.RURow{Y: y, New: rs == newRS, BoxW: W - 8, LabelY: y + 18, CountsY: y + 36,
			Label:  fmt.Sprintf("%s · %s · rev %d", rs.Name, rs.Template.Image, rs.Revision),
			Counts: fmt.Sprintf("spec %d · pods %d · ready %d · available %d", rs.Replicas, rst.Replicas, rst.Ready, rst.Available)}
		if r.New {
			r.Label += " · new"
		}
		for i, pd := range pods {
			cls, state := "starting", "Running 0/1, not Ready"
			switch {
			case pd.Terminating():
				cls, state = "terminating", "Terminating"
			case pd.AvailableAt <= s.Now:
				cls, state = "avail", "Running 1/1, available"
			case pd.ReadyAt <= s.Now:
				cls, state = "ready", "Running 1/1, Ready, not yet available"
			}
			r.Pods = append(r.Pods, templates.RUPod{X: 14 + (i%perLine)*(size+gap), Y: y + 46 + (i/perLine)*(size+gap), S: size, Class: cls, Title: pd.Name + ": " + state})
		}
		r.BoxH = 46 + lines*(size+gap)
		y += r.BoxH + 8
		p.Rows = append(p.Rows, r)
		desc = append(desc, fmt.Sprintf("%s (%s): %d pods, %d available", rs.Name, rs.Template.Image, rst.Replicas, rst.Available))
	}
	c := s.Count()
	n := int(max(c.MaxTotal, c.Pods+c.Terminating, c.Desired)) + 1
	b := templates.RUBand{Y: y + 6, X0: 14, BarH: 22, Recreate: cfg.Strategy == rollout.Recreate}
	b.Unit = (W - 40) / n
	b.BandH = 2*b.BarH + 14
	b.PodsY = b.Y + 4
	b.AvailY = b.PodsY + b.BarH + 6
	b.BandX = b.X0 + int(c.MinAvail)*b.Unit
	b.BandW = int(c.MaxTotal-c.MinAvail) * b.Unit
	b.PodsW = int(c.Pods) * b.Unit
	b.AvailW = int(c.Available) * b.Unit
	b.PodsLabel = fmt.Sprintf("%d pods", c.Pods)
	b.AvLabel = fmt.Sprintf("%d available", c.Available)
	// A label that does not fit on its bar goes after it, in the text colour.
	b.PodsOut, b.AvailOut = b.PodsW < 80, b.AvailW < 100
	b.PodsLabelX, b.AvailLabelX = b.X0+4, b.X0+4
	if b.PodsOut {
		b.PodsLabelX = b.X0 + b.PodsW + 4
	}
	if b.AvailOut {
		b.AvailLabelX = b.X0 + b.AvailW + 4
	}
	every := 1
	if n > 25 {
		every = 5
	}
	for i := 0; i <= n; i += every {
		b.Ticks = append(b.Ticks, templates.RUTick{X: b.X0 + i*b.Unit, Label: strconv.Itoa(i)})
	}
	b.LabelY = b.Y + b.BandH + 38
	if b.Recreate {
		b.BandLabel = fmt.Sprintf("Recreate: at most %d pods; none need stay available.", c.MaxTotal)
	} else {
		b.BandLabel = fmt.Sprintf("Shaded: from %d available to %d pods.", c.MinAvail, c.MaxTotal)
	}
	p.Band = b
	p.H = b.LabelY + 10
	p.Desc = strings.Join(desc, "; ") + fmt.Sprintf(". In all %d pods (%d Terminating besides), %d available; the controller keeps at least %d available and at most %d pods.", c.Pods, c.Terminating, c.Available, c.MinAvail, c.MaxTotal)
	return p
}
