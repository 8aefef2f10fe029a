package statefulsets

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/statefulset"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.StatefulSets(st.viewModel(link))
}

func elementID(link templates.Link) string {
	id := "sts"
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

func (st *State) viewModel(link templates.Link) templates.StatefulSetsView {
	id := elementID(link)
	f := st.cur()
	s := f.sim
	v := templates.StatefulSetsView{ID: id, Upstream: Definition.Upstream, Step: st.step, Actor: f.h.Actor, What: f.h.What, Said: f.h.Said,
		GetSTS: s.GetStatefulSet(), GetPods: s.GetPods(), GetPVC: s.GetPVC(), DNS: s.DNS(), Waiting: s.Waiting()}
	for _, e := range f.h.Events {
		v.Events = append(v.Events, templates.STSEvent(e))
	}
	for _, e := range s.Events {
		v.AllEvent = append(v.AllEvent, templates.STSEvent(e))
	}
	v.Form.Action = templ.SafeURL(link.Path)
	for k, vs := range link.Keep {
		for _, x := range vs {
			v.Form.Hidden = append(v.Form.Hidden, templates.STSHidden{Name: k, Value: x})
		}
	}
	v.Form.ReplicasName, v.Form.Replicas, v.Form.ReplicasErr = link.FieldName("replicas"), st.replicasRaw, st.replicasErr
	v.Form.PolicyName = link.FieldName("policy")
	for _, p := range []statefulset.Policy{statefulset.OrderedReady, statefulset.Parallel} {
		v.Form.Policies = append(v.Form.Policies, templates.STSOption{Value: string(p), Label: string(p), Selected: st.policy == p})
	}

	act := func(kind, value, label string) templates.STSAct {
		return templates.STSAct{Kind: kind, Value: value, Label: label, Href: link.Href(st.with(op{Kind: kind, Arg: value}))}
	}
	scale := templates.STSActGroup{Title: "Scale", Help: "kubectl scale statefulset web --replicas=N"}
	for n := 0; n <= MaxReplicas; n++ {
		a := act("scale", strconv.Itoa(n), strconv.Itoa(n))
		a.Current = n == s.Replicas
		scale.Acts = append(scale.Acts, a)
	}
	del := templates.STSActGroup{Title: "Delete a pod", Help: "kubectl delete pod", Empty: "No pod to delete now."}
	for _, p := range s.Pods {
		if !p.Terminating {
			del.Acts = append(del.Acts, act("delete", p.Name, p.Name))
		}
	}
	fail := templates.STSActGroup{Title: "Fail a node", Help: "The machine stops; its kubelet stops posting status.", Empty: "Only one node is left."}
	remove := templates.STSActGroup{Title: "Delete a failed node", Help: "kubectl delete node: the node is gone for good.", Empty: "No node has failed."}
	up := 0
	for _, n := range s.Nodes {
		if n.Ready && !n.Deleted {
			up++
		}
	}
	for _, n := range s.Nodes {
		switch {
		case n.Deleted:
		case n.Ready && up >= 2:
			fail.Acts = append(fail.Acts, act("fail", n.Name, n.Name))
		case !n.Ready:
			remove.Acts = append(remove.Acts, act("remove", n.Name, n.Name))
		}
	}
	v.Acts = []templates.STSActGroup{scale, del, fail, remove}
	v.Note = "Each pod's claim data-web-N is made once, from volumeClaimTemplates, and kept when the pod is deleted or the set scaled down (persistentVolumeClaimRetentionPolicy: Retain, Retain). Here the scheduler picks the Ready node with fewest pods, and every volume can attach to every node; a zonal disk would tie its pod to its zone."
	v.Pic = picture(id, s)
	return v
}

func picture(id string, s *statefulset.Sim) templates.STSPicture {
	const W, colGap, podH, podGap = 600, 10, 60, 8
	colW := (W - 8 - colGap*(len(s.Nodes)-1)) / len(s.Nodes)
	p := templates.STSPicture{ID: id, W: W, Title: "StatefulSet web: its pods on the nodes, each with its claim",
		SvcLabel: fmt.Sprintf("Service %s · clusterIP: None (headless) · %s", s.Cfg.ServiceName, strings.TrimPrefix(s.GetStatefulSet(), "NAME   READY\n"))}
	maxPods := 1
	for _, n := range s.Nodes {
		c := 0
		for _, pd := range s.Pods {
			if pd.Node == n.Name {
				c++
			}
		}
		maxPods = max(maxPods, c)
	}
	nodeY := 44
	nodeH := 32 + maxPods*(podH+podGap)
	var desc []string
	pending := 0
	for i, n := range s.Nodes {
		x := 4 + i*(colW+colGap)
		nd := templates.STSNode{X: x, Y: nodeY, W: colW, H: nodeH, Label: n.Name + " · Ready", Class: "ready"}
		if n.Deleted {
			nd.Label, nd.Class = n.Name+" · deleted", "deleted"
		} else if !n.Ready {
			nd.Label, nd.Class = n.Name+" · NotReady", "notready"
		}
		k := 0
		var names []string
		for _, pd := range s.Pods {
			if pd.Node != n.Name {
				continue
			}
			nd.Pods = append(nd.Pods, podBox(s, pd, x+8, nodeY+30+k*(podH+podGap), colW-16))
			names = append(names, pd.Name+" "+pd.Status())
			k++
		}
		desc = append(desc, fmt.Sprintf("%s (%s): %s", n.Name, strings.TrimPrefix(nd.Label, n.Name+" · "), listOr(names, "no pod")))
		p.Nodes = append(p.Nodes, nd)
	}
	y := nodeY + nodeH
	// Pods not yet scheduled.
	var unsched []string
	for _, pd := range s.Pods {
		if pd.Node == "" {
			unsched = append(unsched, pd.Name)
			pending++
		}
	}
	var loose []string
	for _, c := range s.Claims {
		if s.Pod(c.Pod) == nil || s.Pod(c.Pod).Node == "" {
			loose = append(loose, c.Name)
		}
	}
	if len(unsched) > 0 || len(loose) > 0 {
		y += 24
		p.LooseY = y
		var parts []string
		if len(unsched) > 0 {
			parts = append(parts, "Pending, not scheduled: "+strings.Join(unsched, ", "))
		}
		if len(loose) > 0 {
			parts = append(parts, "claims used by no running pod:")
		}
		p.LooseLabel = strings.Join(parts, " · ")
		for i, c := range loose {
			p.Loose = append(p.Loose, templates.STSClaim{X: 10 + (i%4)*145, Y: y + 10 + (i/4)*34, Label: c})
		}
		y += 10 + ((len(loose)+3)/4)*34
		desc = append(desc, p.LooseLabel+" "+strings.Join(loose, ", "))
	}
	p.H = y + 8
	p.Desc = strings.Join(desc, "; ") + "."
	return p
}

func podBox(s *statefulset.Sim, pd *statefulset.Pod, x, y, w int) templates.STSPod {
	cls := "running"
	switch {
	case pd.Terminating || (pd.Running && !pd.Ready):
		cls = "terminating"
	case !pd.Running:
		cls = "starting"
	}
	claim := "claim " + s.ClaimName(pd.Ordinal)
	return templates.STSPod{X: x, Y: y, W: w, H: 60, Name: pd.Name, Status: pd.Status(), Claim: claim, Class: cls,
		Title: fmt.Sprintf("%s: %s, claim %s, DNS %s", pd.Name, pd.Status(), s.ClaimName(pd.Ordinal), s.DNSName(pd))}
}

func listOr(xs []string, none string) string {
	if len(xs) == 0 {
		return none
	}
	return strings.Join(xs, ", ")
}
