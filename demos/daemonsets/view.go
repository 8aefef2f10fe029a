package daemonsets

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/daemonset"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.DaemonSets(st.viewModel(link))
}

// elementID is unique on a page that shows several demos.
func elementID(link templates.Link) string {
	id := "dsd"
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

// startNames are the nodes of the story, to say which one left.
var startNames = []string{"control-plane", "node-1", "node-2", "node-3"}

func (st *State) viewModel(link templates.Link) templates.DaemonSetsView {
	id := elementID(link)
	f := st.cur()
	s := f.sim
	v := templates.DaemonSetsView{ID: id, Upstream: Definition.Upstream, Step: st.step,
		Clock: fmt.Sprintf("%s after kubectl apply", daemonset.Age(f.At)), Actor: f.Actor, Command: f.Command, Said: f.Said, Did: f.Did}

	v.Form.Action = templ.SafeURL(link.Path)
	for k, vs := range link.Keep {
		for _, x := range vs {
			v.Form.Hidden = append(v.Form.Hidden, templates.DSHidden{Name: k, Value: x})
		}
	}
	if st.step != 0 {
		v.Form.Hidden = append(v.Form.Hidden, templates.DSHidden{Name: link.FieldName("step"), Value: strconv.Itoa(st.step)})
	}
	v.Form.SelectorName, v.Form.Selector, v.Form.SelectorErrors = link.FieldName("nodeSelector"), st.selector, st.selErrs
	v.Form.TolerateName, v.Form.Tolerate = link.FieldName("tolerateControlPlane"), st.tolerate
	for _, t := range s.Tolerations() {
		v.Tolerations = append(v.Tolerations, fmt.Sprintf("%s %s %s", t.Key, t.Operator, t.Effect))
	}

	present := map[string]bool{}
	for i, n := range s.Nodes {
		present[n.Name] = true
		d := s.ShouldRun(n)
		dn := templates.DSNode{Name: n.Name, Labels: "labels: " + daemonset.NodeLabels(n), Taints: "taints: " + daemonset.NodeTaints(n), Why: d.Why,
			TitleID: fmt.Sprintf("%s-n%d-t", id, i), DescID: fmt.Sprintf("%s-n%d-d", id, i)}
		switch {
		case d.ShouldRun:
			dn.Verdict, dn.Kind, dn.NoPodMsg = "should run a pod", "run", "no pod yet"
		case d.ShouldContinueRunning:
			dn.Verdict, dn.Kind, dn.NoPodMsg = "no new pod", "keep", "no daemon pod"
		default:
			dn.Verdict, dn.Kind, dn.NoPodMsg = "no pod", "skip", "no daemon pod"
		}
		y := 38
		var descs []string
		for _, p := range s.Pods {
			if p.Node != n.Name {
				continue
			}
			dp := templates.DSPod{Name: p.Name, Image: strings.TrimPrefix(p.Image, "fluent/fluentd:"), Y: y}
			switch {
			case p.Terminating:
				dp.State, dp.Class = "Terminating", "terminating"
			case p.Ready:
				dp.State, dp.Class = "Ready", "ready"
			default:
				dp.State, dp.Class = "starting", "starting"
			}
			descs = append(descs, fmt.Sprintf("pod %s (%s, %s)", p.Name, p.Image, dp.State))
			dn.Pods = append(dn.Pods, dp)
			y += 44
		}
		if len(descs) == 0 {
			descs = []string{dn.NoPodMsg}
		}
		dn.Desc = strings.Join(descs, ", ") + "."
		v.Nodes = append(v.Nodes, dn)
	}
	for _, n := range startNames[:3] {
		if !present[n] {
			v.Gone = n + " has left the cluster."
			for _, p := range s.Orphans() {
				if p.Node == n {
					v.Gone += " Its pod " + p.Name + " stays until the pod garbage collector deletes it."
				}
			}
		}
	}

	stat := s.Status()
	v.Counts = []templates.DSCount{
		{Label: "DESIRED", Value: strconv.Itoa(stat.Desired), Help: "status.desiredNumberScheduled: nodes that should run the pod"},
		{Label: "CURRENT", Value: strconv.Itoa(stat.Current), Help: "status.currentNumberScheduled: of those, nodes that run it"},
		{Label: "READY", Value: strconv.Itoa(stat.Ready), Help: "status.numberReady"},
		{Label: "UP-TO-DATE", Value: strconv.Itoa(stat.UpToDate), Help: "status.updatedNumberScheduled: running the current template"},
		{Label: "AVAILABLE", Value: strconv.Itoa(stat.Available), Help: "status.numberAvailable: Ready for minReadySeconds (0)"},
	}
	v.GetDS = s.GetDaemonSet()
	v.GetPods = s.GetPods()
	v.GetPodsWide = s.GetPodsWide()
	v.PodsCmd = "kubectl get pods -l name=fluentd -o custom-columns=" + daemonset.PodColumns
	if f.rollout {
		v.Rollout, v.RolloutDone = s.RolloutStatus()
	}
	for _, e := range s.Events {
		v.Events = append(v.Events, templates.DSEvent{Type: e.Type, Reason: e.Reason, Age: daemonset.Age(s.Now - e.At), From: e.From, Message: e.Message})
	}
	return v
}
