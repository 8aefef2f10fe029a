package desiredstate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/reconcile"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.DesiredState(st.viewModel(link))
}

func elementID(link templates.Link) string {
	id := "dsv"
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

// actionText is an action as the learner reads it.
func actionText(a reconcile.Action) string {
	switch a.Kind {
	case "delete":
		return "kubectl delete pod #" + a.Arg
	case "crash":
		return "crash the container of pod #" + a.Arg
	}
	return "kubectl scale --replicas=" + a.Arg
}

func (st *State) viewModel(link templates.Link) templates.DesiredStateView {
	f := st.cur()
	s := f.Sim
	v := templates.DesiredStateView{ID: elementID(link), Upstream: Definition.Upstream, Step: st.step,
		T: fmt.Sprintf("t = %d s", f.At), Actor: actorName(f), Command: f.Command, Said: f.Said, Err: f.Err != "", Did: f.Did,
		Replicas: s.Replicas, Total: len(s.Pods), Active: len(s.Active()), Ready: s.ReadyCount(), DoErrors: st.parseErrs}

	v.Loop = templates.DVLoop{ObserveY: 0, Observe: "watch: waiting for a change", Diff: "", Act: ""}
	if sy := f.Sync; sy != nil {
		v.Loop.On = true
		v.Loop.Observe = fmt.Sprintf("%d pods, %d active", len(sy.Observed), sy.Active)
		v.Loop.Diff = fmt.Sprintf("%d − %d = %d", sy.Active, sy.Replicas, sy.Diff)
		switch {
		case sy.Diff < 0:
			v.Loop.Act = fmt.Sprintf("create %d", len(sy.Created))
		case sy.Diff > 0:
			v.Loop.Act = fmt.Sprintf("delete %d", len(sy.Deleted))
		default:
			v.Loop.Act = "nothing"
		}
		deleted := map[string]bool{}
		for _, d := range sy.Deleted {
			deleted[d] = true
		}
		for _, r := range sy.Ranking {
			v.Ranking = append(v.Ranking, templates.DVRank{Name: r.Name, Why: r.Why, Deleted: deleted[r.Name]})
		}
	}

	at := strconv.Itoa(st.afterApplied())
	for i, p := range s.SortedPods() {
		n := strconv.Itoa(i + 1)
		card := templates.DVPod{Index: i + 1, Name: p.Name, Status: p.Status(s.Now), Restarts: s.Restarts(p), Ready: s.ReadyColumn(p),
			Title: "pod " + n + ": " + p.Name, DeleteValue: n, CrashValue: n,
			CanDelete: !p.Terminating(), CanCrash: !p.Terminating() && p.Started(s.Now) && !p.Crashed()}
		switch {
		case p.Terminating():
			card.Class = "terminating"
		case !p.Started(s.Now):
			card.Class = "creating"
		case p.Ready():
			card.Class = "ready"
		default:
			card.Class = "notready"
		}
		card.DeleteHref = link.Href(st.queryWith(reconcile.Action{Kind: "delete", Arg: n}, at))
		card.CrashHref = link.Href(st.queryWith(reconcile.Action{Kind: "crash", Arg: n}, at))
		v.Pods = append(v.Pods, card)
	}

	v.Form.Action = templ.SafeURL(link.Path)
	for k, vs := range link.Keep {
		for _, x := range vs {
			v.Form.Hidden = append(v.Form.Hidden, templates.DVHidden{Name: k, Value: x})
		}
	}
	v.Form.Hidden = append(v.Form.Hidden,
		templates.DVHidden{Name: link.FieldName("do"), Value: reconcile.FormatActions(st.actions[:st.applied()])},
		templates.DVHidden{Name: link.FieldName("step"), Value: at})
	v.Form.ScaleName = link.FieldName("scale")
	v.Form.Scale = strconv.Itoa(s.Replicas)
	if f.Actor == reconcile.ActorYou && f.Actions > 0 && st.actions[f.Actions-1].Kind == "replicas" {
		v.Form.Scale = st.actions[f.Actions-1].Arg
		if f.Err != "" {
			v.Form.ScaleError = f.Err
		}
	}

	for i, a := range st.actions {
		v.Actions = append(v.Actions, templates.DVActionItem{Text: actionText(a), Done: i < st.applied(), Current: i+1 == st.applied() && f.Actor != "" && st.isYouFrameOf(i+1)})
	}
	v.GetRS = s.GetReplicaSet()
	v.GetPods = s.GetPods()
	v.Events = s.KubectlEvents(8)
	return v
}

// queryWith is the URL state after taking a now: the step is the frame
// where a is taken.
func (st *State) queryWith(a reconcile.Action, step string) map[string][]string {
	return map[string][]string{"do": {st.with(a)}, "step": {step}}
}
