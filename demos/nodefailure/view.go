package nodefailure

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	nlc "github.com/kubeviz/kubeviz/engine/nodelifecycle"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.NodeFailure(st.viewModel(link))
}

// elementID is unique on a page that shows several demos.
func elementID(link templates.Link) string {
	id := "nfd"
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

// constants are the timings the story runs on, each with its source.
var constants = []templates.NFConst{
	{Name: "Lease renewal", Value: "every 10 s", Source: "kubelet nodeLeaseDurationSeconds 40 × 0.25 (pkg/kubelet/kubelet.go)"},
	{Name: "node status post", Value: "on change, else every 5 min", Source: "kubelet nodeStatusUpdateFrequency 10 s, nodeStatusReportFrequency 5m"},
	{Name: "--node-monitor-period", Value: "5 s", Source: "kube-controller-manager: how often the node lifecycle controller checks"},
	{Name: "--node-monitor-grace-period", Value: "50 s", Source: "40 s before v1.32 (kubernetes PR #126287)"},
	{Name: "tolerationSeconds", Value: "300", Source: "added to every pod by the DefaultTolerationSeconds admission plugin"},
}

// actors of the control plane and the nodes, in the order they act.
var actorOrder = []string{nlc.ActorYou, nlc.ActorNodeController, nlc.ActorTaintEviction, nlc.ActorReplicaSet, nlc.ActorScheduler}

func (st *State) viewModel(link templates.Link) templates.NodeFailureView {
	id := elementID(link)
	f := st.cur()
	s := f.sim
	v := templates.NodeFailureView{ID: id, Upstream: Definition.Upstream, Step: st.step,
		Clock: nlc.Clock(f.step.At), T: fmt.Sprintf("t = %d s", f.step.At), Since: st.since(f.step.At),
		Actor: actorName(f.step), Did: f.step.Did, Quiet: f.step.Quiet, Constants: constants}
	if len(f.step.Quiet) > 0 {
		v.QuietSpan = nlc.Clock(f.step.QuietFrom) + " … " + nlc.Clock(f.step.At-1)
	}

	v.Form.Action = templ.SafeURL(link.Path)
	for k, vs := range link.Keep {
		for _, x := range vs {
			v.Form.Hidden = append(v.Form.Hidden, templates.NFHidden{Name: k, Value: x})
		}
	}
	if st.step != 0 {
		v.Form.Hidden = append(v.Form.Hidden, templates.NFHidden{Name: link.FieldName("step"), Value: strconv.Itoa(st.step)})
	}
	v.Form.NodeName, v.Form.Node, v.Form.Nodes = link.FieldName("node"), st.node, nlc.NodeNames
	v.Form.FailureName, v.Form.Failure = link.FieldName("failure"), string(st.failure)
	v.Form.ReturnName, v.Form.Return, v.Form.ReturnError = link.FieldName("returnAfter"), st.returnAfter, st.returnErr
	v.Form.TolerationName, v.Form.Toleration, v.Form.TolerationError = link.FieldName("tolerationSeconds"), st.tolerationSeconds, st.tolErr

	for _, a := range actorOrder {
		v.Actors = append(v.Actors, templates.NFActor{Name: a, On: f.step.Actor == a})
	}
	kubeletOn := strings.HasPrefix(f.step.Actor, nlc.ActorKubelet) || f.step.Actor == nlc.ActorKubelets
	v.Actors = append(v.Actors, templates.NFActor{Name: "kubelets", On: kubeletOn})

	for i, n := range s.Nodes {
		card := templates.NFNode{Name: n.Name, Status: nlc.NodeStatus(n), Failed: n.Name == st.cfg.Node,
			TitleID: fmt.Sprintf("%s-n%d-t", id, i), DescID: fmt.Sprintf("%s-n%d-d", id, i), NoPodMsg: "no pod"}
		card.Class = "ready"
		if card.Status != "Ready" {
			card.Class = "notready"
		}
		switch {
		case !n.KubeletRunning:
			card.Kubelet = "kubelet stopped"
		case !n.NetworkUp:
			card.Kubelet = "network cut"
		default:
			card.Kubelet = "kubelet running"
		}
		card.Lease = fmt.Sprintf("Lease renewed %s (%s ago)", nlc.Clock(n.RenewTime), human(s.Now-n.RenewTime))
		if s.Now-n.RenewTime <= 0 {
			card.Lease = fmt.Sprintf("Lease renewed %s (just now)", nlc.Clock(n.RenewTime))
		}
		for _, t := range n.Taints {
			card.Taints = append(card.Taints, t.String())
		}
		y := 78
		var descs []string
		for _, p := range s.PodsOn(n.Name) {
			dp := templates.NFPod{Name: p.Name, Y: y}
			switch {
			case p.Terminating():
				dp.State, dp.Class = "Terminating", "terminating"
			case !p.Running:
				dp.State, dp.Class = "starting", "starting"
			case p.Ready:
				dp.State, dp.Class = "Running · Ready", "ready"
			default:
				dp.State, dp.Class = "Running · not Ready", "notready"
			}
			if at, ok := p.EvictAt(); ok {
				dp.State += " · deleted at " + nlc.Clock(at)
			}
			descs = append(descs, fmt.Sprintf("pod %s (%s)", p.Name, dp.State))
			card.Pods = append(card.Pods, dp)
			y += 44
		}
		card.Height = max(y+4, 128)
		if len(descs) == 0 {
			descs = []string{"no pods"}
		}
		card.Desc = fmt.Sprintf("%s is %s, %s, %s. Pods: %s.", n.Name, card.Status, card.Kubelet, card.Lease, strings.Join(descs, ", "))
		v.Nodes = append(v.Nodes, card)
	}
	v.Milestones = st.milestones()
	ready, _, _ := s.DeploymentCounts()
	v.Ready = fmt.Sprintf("%d/%d", ready, nlc.Replicas)

	out := st.printed()
	v.GetNodes = out.nodes
	v.GetDeployment = out.deployment
	v.GetPods = out.pods
	v.DescribeCmd = "kubectl describe node " + st.cfg.Node
	v.DescribeNode = out.describeNode
	v.DescribePodCmd = "kubectl describe pod " + st.victim
	v.DescribePod = out.describePod
	v.Events = out.events
	return v
}

// milestones are the moments of the story up to the step shown.
func (st *State) milestones() []templates.NFMilestone {
	var out []templates.NFMilestone
	seen := map[nlc.Kind]bool{}
	for _, f := range st.frames[:st.step+1] {
		var what string
		switch f.step.Kind {
		case nlc.KindFail:
			what = strings.ToUpper(st.failedWhat()[:1]) + st.failedWhat()[1:]
		case nlc.KindUnknown:
			what = st.cfg.Node + " NotReady (Ready=Unknown), " + human(f.step.At-st.cfg.FailAt) + " after the failure"
		case nlc.KindTaint:
			if f.sim.Node(st.cfg.Node).HasTaint("node.kubernetes.io/unreachable", "NoExecute") {
				what = "Taint node.kubernetes.io/unreachable:NoExecute"
			}
		case nlc.KindEvict:
			what = "Pod deleted by the taint-eviction-controller"
		case nlc.KindCreate:
			what = "ReplicaSet creates a replacement"
		case nlc.KindReturn:
			what = st.cfg.Node + " is back"
		case nlc.KindReachable:
			what = "Taints removed: " + st.cfg.Node + " Ready"
		case nlc.KindEvictCancel:
			what = "Eviction cancelled"
		}
		if what == "" || seen[f.step.Kind] {
			continue
		}
		seen[f.step.Kind] = true
		out = append(out, templates.NFMilestone{Clock: nlc.Clock(f.step.At), What: what})
	}
	return out
}
