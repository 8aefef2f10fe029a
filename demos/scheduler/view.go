package scheduler

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/a-h/templ"
	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/scheduler"
	"github.com/kubeviz/kubeviz/internal/kyaml"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (s *State) View(link templates.Link) templ.Component {
	if s.large != nil {
		return s.large.view(link)
	}
	return templates.Scheduler(s.viewModel(link))
}

func (s *State) with(f func(q url.Values)) url.Values {
	q := s.Query()
	f(q)
	return q
}

func elementID(link templates.Link) string {
	if link.Prefix == "" {
		return "sched"
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, strings.TrimSuffix(link.Prefix, ".")) + "-sched"
}

var controlLabels = map[string][2]string{
	"cpu":      {"CPU request", "A quantity: 500m, 1, 1.5. Empty: no request (scoring then counts 100m)."},
	"memory":   {"Memory request", "A quantity: 512Mi, 2Gi. Empty: no request (scoring then counts 200Mi)."},
	"selector": {"nodeSelector", "key=value, e.g. disktype=ssd"},
	"require":  {"Required node affinity", "key=value or key=v1|v2 (operator In)"},
	"prefer":   {"Preferred node affinity (weight 50)", "key=value, e.g. topology.kubernetes.io/zone=zone-b"},
	"tolerate": {"Toleration", "key=value:NoSchedule, or key:NoSchedule for Exists"},
	"class":    {"priorityClassName", "sets the pod's priority"},
	"port":     {"hostPort", "a port the pod needs on the node, e.g. 8080"},
}

func (s *State) viewModel(link templates.Link) templates.SchedView {
	c := s.cycle
	v := templates.SchedView{ID: elementID(link), Upstream: Definition.Upstream, Stage: s.stage()}
	for _, p := range presets {
		q := url.Values{}
		if p.Name != presets[0].Name {
			q.Set("preset", p.Name)
		}
		v.Presets = append(v.Presets, templates.SchedChoice{Label: p.Label, Href: link.Href(q), Action: "set", Key: "preset", Value: p.Name, Current: p.Name == s.preset})
	}
	for i, st := range s.stages() {
		q := s.with(func(q url.Values) {
			q.Del("step")
			if i > 0 {
				q.Set("step", strconv.Itoa(i))
			}
		})
		v.Stages = append(v.Stages, templates.SchedChoice{Label: fmt.Sprintf("%d. %s", i, stageTitles[st]), Href: link.Href(q), Current: i == s.step})
	}
	s.form(&v, link)
	s.picture(&v, link)
	v.PodLines = podLines(s.pod)

	if s.reached(stPreFilter) {
		for _, r := range c.PreFilter {
			v.PreFilter = append(v.PreFilter, templates.SchedRow{Name: r.Plugin, Result: resultText(r.Status), Note: r.Note, Class: resultClass(r.Status)})
		}
	}
	if s.reached(stFilter) {
		v.ShowFilter = true
		v.FilterCols = scheduler.FilterPlugins
		v.FilterNote = fmt.Sprintf("Each row runs the plugins left to right and stops at the first rejection (— did not run). Fewer than 100 nodes: all %d are checked (numFeasibleNodesToFind). Then come the volume plugins, PodTopologySpread, InterPodAffinity and DynamicResources (default_plugins.go order), which pass every node for this pod (DynamicResources' PreFilter skips a pod without ResourceClaims).", c.NumAllNodes)
		for _, nf := range c.Filter {
			row := templates.SchedFilterRow{Node: nf.Node, Feasible: nf.Status == nil}
			for i := range scheduler.FilterPlugins {
				if i < len(nf.Results) {
					r := nf.Results[i]
					row.Cells = append(row.Cells, templates.SchedRow{Result: cellText(r.Status), Class: resultClass(r.Status)})
				} else {
					row.Cells = append(row.Cells, templates.SchedRow{Result: "—", Class: "sc-notrun"})
				}
			}
			v.FilterRows = append(v.FilterRows, row)
		}
	}
	if s.reached(stScore) {
		v.ShowScore = true
		v.ShowNormalize = s.reached(stNormalize)
		v.ScoreCols = c.Feasible
		v.ScoreNote = "Each Score plugin gives each feasible node a raw score; columns are in the order the nodes passed Filter."
		if v.ShowNormalize {
			v.ScoreNote = "raw → normalized × weight = weighted; the total adds the weighted scores (framework.go RunScorePlugins). Weights from the default profile."
		}
		for _, ps := range c.Scores {
			row := templates.SchedScoreRow{Plugin: ps.Plugin, Weight: strconv.FormatInt(ps.Weight, 10), Skipped: ps.Skipped, SkipReason: ps.SkipReason, Normalize: ps.Normalize}
			for i := range c.Feasible {
				if ps.Skipped {
					break
				}
				cell := templates.SchedScoreCell{Raw: strconv.FormatInt(ps.Raw[i], 10), Normalized: strconv.FormatInt(ps.Normalized[i], 10), Weighted: strconv.FormatInt(ps.Weighted[i], 10)}
				switch {
				case ps.Fit != nil:
					f := ps.Fit[i]
					cell.Detail = fmt.Sprintf("cpu (%s−%s)/%s → %d, memory (%s−%s)/%s → %d, mean %d",
						scheduler.MilliCPU(f.CPUAllocatable), scheduler.MilliCPU(f.CPURequested), scheduler.MilliCPU(f.CPUAllocatable), f.CPUScore,
						scheduler.Bytes(f.MemAllocatable), scheduler.Bytes(f.MemRequested), scheduler.Bytes(f.MemAllocatable), f.MemScore, f.Score)
				case ps.Balance != nil:
					b := ps.Balance[i]
					cell.Detail = fmt.Sprintf("balance %d with the pod (cpu %.3f, memory %.3f used; std %.4f), %d without it: 50 + (50 + %d − %d)/2", b.WithPod, b.CPUFraction, b.MemFraction, b.Std, b.WithoutPod, b.WithPod, b.WithoutPod)
				}
				row.Cells = append(row.Cells, cell)
			}
			v.ScoreRows = append(v.ScoreRows, row)
		}
		for _, t := range c.Totals {
			tied := false
			for _, x := range c.Tied {
				tied = tied || x == t.Node
			}
			v.Totals = append(v.Totals, templates.SchedTotal{Node: t.Node, Total: strconv.FormatInt(t.Total, 10), Selected: t.Node == c.Selected, Tied: tied})
		}
	}
	if s.reached(stSelect) {
		v.ShowSelect = true
		switch {
		case len(c.Feasible) == 1:
			v.SelectText = fmt.Sprintf("%s is the only node that passed Filter, so kube-scheduler takes it without scoring (schedule_one.go schedulePod).", c.Selected)
		case len(c.Tied) > 1:
			v.SelectText = fmt.Sprintf("%s tie at %d. kube-scheduler picks %s.", strings.Join(c.Tied, ", "), c.TopScore, c.Selected)
			v.TieText = "How: the scored nodes go into a heap ordered by total, then by a Randomizer that only scheduler extenders set; without extenders it is 0, so the heap hands back the tied node that came first in the feasible list. That list is filled in the order the parallel Filter goroutines finish: a race. This page draws the race from its seed."
			for _, seed := range []uint64{1, 2, 3, 4} {
				q := s.with(func(q url.Values) {
					q.Del("seed")
					if seed != 1 {
						q.Set("seed", strconv.FormatUint(seed, 10))
					}
				})
				v.SeedLinks = append(v.SeedLinks, templates.SchedChoice{Label: fmt.Sprintf("seed %d", seed), Href: link.Href(q), Action: "set", Key: "seed", Value: strconv.FormatUint(seed, 10), Current: seed == s.seed})
			}
		default:
			v.SelectText = fmt.Sprintf("%s has the highest total, %d.", c.Selected, c.TopScore)
		}
	}
	if s.reached(stBind) {
		v.ShowBind = true
		if y, err := kyaml.Marshal(c.Binding); err == nil {
			v.Binding = strings.TrimSpace(strings.Replace(string(y), "creationTimestamp: null\n", "", 1))
		}
		v.Events = describeEvents(c.Events, "web")
	}
	if s.reached(stPostFilter) {
		v.ShowPostFilter = true
		pf := c.PostFilter
		switch {
		case !pf.Eligible:
			v.PostText = "The pod's PriorityClass sets preemptionPolicy: Never, so DefaultPreemption does not look for victims: “" + pf.Status.Message() + "”"
		case pf.Nominated != "" && pf.PDBs > 0:
			v.PostText = fmt.Sprintf("Evicting %s on %s makes room. pickOneNodeForPreemption compares the candidates below criterion by criterion, and %s decided. A PodDisruptionBudget is honoured only where it can be: a node whose victims violate one loses to a node whose victims do not, but it is still used when no other node can help. The pod gets status.nominatedNodeName: %s.", victimNames(pf.Victims), pf.Nominated, pf.DecidedBy, pf.Nominated)
		case pf.Nominated != "":
			v.PostText = fmt.Sprintf("Evicting %s on %s makes room. The pod gets status.nominatedNodeName: %s and is scheduled in a later cycle, once the victims are gone. The FailedScheduling event of this cycle has no PostFilter part (neither “no new claims to deallocate” nor “preemption:”) because preemption succeeded: RunPostFilterPlugins returns the first success without the other plugins' reasons.", victimNames(pf.Victims), pf.Nominated, pf.Nominated)
		case len(pf.PerNode) == 0:
			v.PostText = "Every node rejected the pod with UnschedulableAndUnresolvable, which evicting pods cannot change, so no node is even tried."
		default:
			v.PostText = "Only nodes whose Filter said Unschedulable (not UnschedulableAndUnresolvable) are tried: remove every lower-priority pod and run Filter again."
		}
		if pf.DynamicResources != nil {
			// default_plugins.go: DynamicResources precedes DefaultPreemption;
			// dynamicresources.go PostFilter: "no new claims to deallocate".
			v.PostText = "DynamicResources' PostFilter runs first: the pod has no ResourceClaims, so it answers " + pf.DynamicResources.Code.String() + ": “" + pf.DynamicResources.Message() + "”, and DefaultPreemption runs next. " + v.PostText
		}
		if len(pf.Candidates) > 0 {
			v.PickCols = []string{"1. PDB violations", "2. highest priority", "3. sum of priorities", "4. victims", "5. earliest start"}
			v.DecidedBy = pf.DecidedBy
			for _, cand := range pf.Candidates {
				pdbs, highest, sum, n, earliest := scheduler.CandidateScores(cand, s.cl)
				sc := templates.SchedCandidate{Node: cand.Node, Nominated: cand.Node == pf.Nominated,
					Values: []string{strconv.Itoa(pdbs), strconv.Itoa(int(highest)), strconv.FormatInt(sum, 10), strconv.Itoa(n), fmt.Sprintf("t=%ds", earliest)}}
				for _, vic := range cand.Victims {
					sv := templates.SchedVictim{Name: vic.Pod, Priority: strconv.Itoa(int(vic.Priority)), Violates: vic.ViolatesPDB}
					if len(vic.PDBs) > 0 {
						sv.PDB = strings.Join(vic.PDBs, ", ")
					}
					sc.Victims = append(sc.Victims, sv)
				}
				v.Candidates = append(v.Candidates, sc)
			}
		}
		for _, r := range pf.PerNode {
			res := r.Note
			if !r.Status.IsSuccess() {
				res = r.Status.Message()
			}
			v.PostFilter = append(v.PostFilter, templates.SchedRow{Name: r.Plugin, Result: res, Class: resultClass(r.Status)})
		}
	}
	if s.reached(stFailed) {
		v.ShowFailed = true
		v.FailedMessage = c.FailedSchedulingMessage()
		v.Describe = describeEvents(c.Events, "web")
		if s.preset == "outline" {
			v.OutlineNote = "The course outline quotes “0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.” Today kube-scheduler appends what its PostFilter plugins found: DynamicResources' “no new claims to deallocate” (DRA is on by default since v1.34), then DefaultPreemption's result after “preemption:”; the outline's predicates are today's Filter plugins (NodeResourcesFit here) and its priorities are Score plugins."
		}
	}
	return v
}

// describeEvents is the Events block of kubectl describe pod
// (staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents) for
// the events of one pod. Ages are shown as 1s: the demo has no clock.
func describeEvents(evs []scheduler.Event, pod string) string {
	var b strings.Builder
	b.WriteString("Events:\n")
	w := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	fmt.Fprintf(w, "  Type\tReason\tAge\tFrom\tMessage\n")
	fmt.Fprintf(w, "  ----\t------\t----\t----\t-------\n")
	for _, e := range evs {
		if e.Object != "pod/"+pod {
			continue
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\t%s\n", e.Type, e.Reason, "1s", e.From, strings.TrimSpace(e.Message))
	}
	w.Flush()
	return strings.TrimRight(b.String(), "\n")
}

func resultText(st *scheduler.Status) string {
	switch {
	case st.IsSkip():
		return "Skip"
	case st.IsSuccess():
		return "Success"
	}
	return st.Code.String() + ": " + st.Message()
}

func cellText(st *scheduler.Status) string {
	switch {
	case st.IsSkip():
		return "skip"
	case st.IsSuccess():
		return "pass"
	}
	return st.Message()
}

func resultClass(st *scheduler.Status) string {
	switch {
	case st.IsSkip():
		return "sc-skip"
	case st.IsSuccess():
		return "sc-ok"
	}
	return "sc-err"
}

// podLines summarises the incoming pod as YAML-ish lines.
func podLines(p *v1.Pod) []string {
	out := []string{"metadata: {name: web, namespace: default}", "spec:"}
	if p.Spec.PriorityClassName != "" {
		out = append(out, fmt.Sprintf("  priorityClassName: %s   # priority %d", p.Spec.PriorityClassName, *p.Spec.Priority))
	}
	if len(p.Spec.NodeSelector) > 0 {
		for k, val := range p.Spec.NodeSelector {
			out = append(out, fmt.Sprintf("  nodeSelector: {%s: %s}", k, val))
		}
	}
	if a := p.Spec.Affinity; a != nil && a.NodeAffinity != nil {
		if r := a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution; r != nil {
			e := r.NodeSelectorTerms[0].MatchExpressions[0]
			out = append(out, fmt.Sprintf("  affinity.nodeAffinity.required…: %s In [%s]", e.Key, strings.Join(e.Values, ", ")))
		}
		for _, t := range a.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution {
			e := t.Preference.MatchExpressions[0]
			out = append(out, fmt.Sprintf("  affinity.nodeAffinity.preferred…: weight %d, %s In [%s]", t.Weight, e.Key, strings.Join(e.Values, ", ")))
		}
	}
	for _, t := range p.Spec.Tolerations {
		val := ""
		if t.Value != "" {
			val = ", value: " + t.Value
		}
		eff := ""
		if t.Effect != "" {
			eff = ", effect: " + string(t.Effect)
		}
		out = append(out, fmt.Sprintf("  tolerations: [{key: %s, operator: %s%s%s}]", t.Key, t.Operator, val, eff))
	}
	c := p.Spec.Containers[0]
	out = append(out, "  containers:", "  - name: app", "    image: "+c.Image)
	if len(c.Ports) > 0 {
		out = append(out, fmt.Sprintf("    ports: [{containerPort: %d, hostPort: %d}]", c.Ports[0].ContainerPort, c.Ports[0].HostPort))
	}
	if len(c.Resources.Requests) == 0 {
		out = append(out, "    resources: {}        # best effort")
	} else {
		var parts []string
		keys := make([]string, 0, 2)
		for k := range c.Resources.Requests {
			keys = append(keys, string(k))
		}
		sort.Strings(keys)
		for _, k := range keys {
			q := c.Resources.Requests[v1.ResourceName(k)]
			parts = append(parts, k+": "+q.String())
		}
		out = append(out, "    resources:", "      requests: {"+strings.Join(parts, ", ")+"}")
	}
	return out
}

func (s *State) form(v *templates.SchedView, link templates.Link) {
	action := link.Path
	if link.Anchor != "" {
		action += "#" + link.Anchor
	}
	v.Form.Action = templ.SafeURL(action)
	keys := make([]string, 0, len(link.Keep))
	for k := range link.Keep {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, val := range link.Keep[k] {
			v.Form.Hidden = append(v.Form.Hidden, templates.SchedHidden{Name: k, Value: val})
		}
	}
	q := s.Query()
	for _, k := range []string{"preset", "nodes", "label", "taint", "capacity", "cordon", "seed", "step"} {
		for _, val := range q[k] {
			v.Form.Hidden = append(v.Form.Hidden, templates.SchedHidden{Name: link.FieldName(k), Value: val})
		}
	}
	for _, f := range inputFields {
		c := templates.SchedControl{ID: v.ID + "-" + f, Name: link.FieldName(f), Key: f, Label: controlLabels[f][0], Help: controlLabels[f][1],
			Value: *s.field(f), Problem: s.problems[f]}
		if f == "class" {
			c.Options = append(c.Options, templates.SchedOption{Value: "", Label: "(none: priority 0)", Selected: s.in.Class == ""})
			known := false
			for _, pc := range priorityClasses {
				label := fmt.Sprintf("%s (%d)", pc.Name, pc.Value)
				if pc.PreemptionPolicy == v1.PreemptNever {
					label = fmt.Sprintf("%s (%d, preemptionPolicy Never)", pc.Name, pc.Value)
				}
				c.Options = append(c.Options, templates.SchedOption{Value: pc.Name, Label: label, Selected: s.in.Class == pc.Name})
				known = known || s.in.Class == pc.Name
			}
			if !known && s.in.Class != "" {
				c.Options = append(c.Options, templates.SchedOption{Value: s.in.Class, Label: s.in.Class + " (does not exist)", Selected: true})
			}
		}
		v.Form.Controls = append(v.Form.Controls, c)
	}
	if p, _ := presetByName(s.preset); p.PDB != nil {
		pdb := &templates.SchedPDB{Control: templates.SchedControl{ID: v.ID + "-pdb", Name: link.FieldName("pdb"), Key: "pdb",
			Label: "PodDisruptionBudget minAvailable", Help: "db-pdb selects app=db (db-0, db-1). A whole number; empty removes the budget.",
			Value: s.pdb, Problem: s.pdbProblem}}
		switch {
		case s.pdbState != nil:
			pdb.Line = fmt.Sprintf("db-pdb: %d healthy of %d expected, minAvailable %d → status.disruptionsAllowed %d (disruption controller: currentHealthy − desiredHealthy, never below 0).",
				s.pdbState.CurrentHealthy, s.pdbState.ExpectedPods, s.pdbState.MinAvailable, s.pdbState.DisruptionsAllowed)
		case s.pdbProblem == "":
			pdb.Line = "No PodDisruptionBudget: preemption may evict the db pods like any other lower-priority pod."
		}
		v.PDB = pdb
	}
}

// Picture layout.
const (
	nodeW   = 230
	nodeGap = 16
)

func (s *State) picture(v *templates.SchedView, link templates.Link) {
	c := s.cycle
	n := len(s.cl.Nodes)
	maxLines := 0
	for _, node := range s.cl.Nodes {
		maxLines = max(maxLines, min(len(nodeLabels(node))+len(node.Spec.Taints), 5))
	}
	h := 130 + 16*maxLines + 44
	pic := templates.SchedPicture{Width: n*nodeW + (n+1)*nodeGap, Height: h + 2*nodeGap}
	pic.Title = fmt.Sprintf("%d nodes", n)
	var desc []string
	verdicts := map[string]*scheduler.NodeFilter{}
	for i := range c.Filter {
		verdicts[c.Filter[i].Node] = &c.Filter[i]
	}
	totals := map[string]int64{}
	for _, t := range c.Totals {
		totals[t.Node] = t.Total
	}
	showAdd := s.reached(stSelect)
	for i, node := range s.cl.Nodes {
		x := nodeGap + i*(nodeW+nodeGap)
		nb := templates.SchedNode{Name: node.Name, X: x, Y: nodeGap, W: nodeW, H: h, Cordoned: node.Spec.Unschedulable}
		var cpu, mem int64
		for _, p := range s.cl.Pods {
			if p.Spec.NodeName == node.Name {
				r := scheduler.PodRequests(p)
				cpu += r.MilliCPU
				mem += r.Memory
				nb.Pods = append(nb.Pods, p.Name)
			}
		}
		a := node.Status.Allocatable
		acpu, amem := a.Cpu().MilliValue(), a.Memory().Value()
		addCPU, addMem := int64(0), int64(0)
		if showAdd && node.Name == c.Selected {
			addCPU, addMem = c.Requests.MilliCPU, c.Requests.Memory
			nb.Selected = true
		}
		if c.PostFilter != nil && c.PostFilter.Nominated == node.Name && s.reached(stPostFilter) {
			nb.Nominated = true
		}
		nb.CPU = bar(fmt.Sprintf("cpu %s of %s requested", scheduler.MilliCPU(cpu+addCPU), scheduler.MilliCPU(acpu)), cpu, addCPU, acpu, nodeW-20)
		nb.Mem = bar(fmt.Sprintf("memory %s of %s", scheduler.Bytes(mem+addMem), scheduler.Bytes(amem)), mem, addMem, amem, nodeW-20)
		nb.PodsText = fmt.Sprintf("%d of %d pods", len(nb.Pods), a.Pods().Value())
		for _, l := range nodeLabels(node) {
			nb.Lines = append(nb.Lines, shorten(l, 30))
		}
		for _, t := range node.Spec.Taints {
			nb.Lines = append(nb.Lines, shorten("taint "+taintString(t), 30))
		}
		if len(nb.Lines) > 5 {
			nb.Lines = nb.Lines[:5]
		}
		if nf := verdicts[node.Name]; nf != nil && s.reached(stFilter) {
			if nf.Status == nil {
				nb.Verdict, nb.VerdictClass = "✓ passes Filter", "sc-ok"
			} else {
				nb.Verdict, nb.VerdictClass = shorten("✗ "+nf.Status.Reasons[0], 32), "sc-err"
			}
		}
		if t, ok := totals[node.Name]; ok && s.reached(stNormalize) {
			nb.Total = fmt.Sprintf("total score %d", t)
		}
		if nb.Selected {
			nb.Total = "→ pod web goes here"
		}
		if nb.Nominated {
			nb.Total = "nominated (victims evicted)"
		}
		nb.CordonLabel = "Cordon " + node.Name
		if node.Spec.Unschedulable {
			nb.CordonLabel = "Uncordon " + node.Name
		}
		nb.CordonHref = link.Href(s.with(func(q url.Values) {
			q.Del("cordon")
			if l := toggled(s.cordon, node.Name); len(l) > 0 {
				q.Set("cordon", strings.Join(l, ","))
			}
		}))
		for _, kind := range editKinds {
			nb.Edits = append(nb.Edits, s.editForm(v.ID, link, kind, node.Name))
		}
		pic.Nodes = append(pic.Nodes, nb)
		d := nodeSummaries(scheduler.Cluster{Nodes: s.cl.Nodes[i : i+1], Pods: s.cl.Pods})[0]
		if nf := verdicts[node.Name]; nf != nil && s.reached(stFilter) {
			if nf.Status == nil {
				d += " (passes Filter)"
			} else {
				d += " (rejected by " + nf.Status.Plugin + ": " + nf.Status.Message() + ")"
			}
		}
		desc = append(desc, d)
	}
	pic.Desc = strings.Join(desc, ". ")
	pic.NodesForm = s.editForm(v.ID, link, "nodes", "")
	v.Picture = pic
}

var editLabels = map[string][2]string{
	"nodes":    {"Nodes", "1 to %d; new nodes get cpu " + newNodeCPU + ", memory " + newNodeMemory},
	"label":    {"Labels", "as kubectl label: %s:key=value,key- (removes)"},
	"taint":    {"Taints", "as kubectl taint: %s:key=value:NoSchedule, key:Effect- or key- (removes)"},
	"capacity": {"Capacity", "allocatable: %s:cpu=8,memory=16Gi,pods=20"},
}

// editForm is a GET form that changes one node edit (or the node count):
// every other part of the state rides along in hidden fields, and the step
// goes back to 0 because the cycle starts again.
func (s *State) editForm(id string, link templates.Link, kind, node string) templates.SchedForm {
	action := link.Path
	if link.Anchor != "" {
		action += "#" + link.Anchor
	}
	f := templates.SchedForm{Action: templ.SafeURL(action)}
	keys := make([]string, 0, len(link.Keep))
	for k := range link.Keep {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, val := range link.Keep[k] {
			f.Hidden = append(f.Hidden, templates.SchedHidden{Name: k, Value: val})
		}
	}
	q := s.Query()
	q.Del("step")
	qk := make([]string, 0, len(q))
	for k := range q {
		qk = append(qk, k)
	}
	sort.Strings(qk)
	for _, k := range qk {
		if k == kind && kind == "nodes" {
			continue
		}
		for _, val := range q[k] {
			if k == kind && strings.HasPrefix(val, node+":") {
				continue
			}
			f.Hidden = append(f.Hidden, templates.SchedHidden{Name: link.FieldName(k), Value: val})
		}
	}
	c := templates.SchedControl{Name: link.FieldName(kind), Key: kind, Label: editLabels[kind][0]}
	if kind == "nodes" {
		c.ID = id + "-nodes"
		c.Value = strconv.Itoa(len(s.nodeNames()))
		c.Help = fmt.Sprintf(editLabels[kind][1], maxNodes)
		c.Number, c.Min, c.Max = true, "1", strconv.Itoa(maxNodes)
	} else {
		c.ID = id + "-" + kind + "-" + node
		c.Label += " of " + node
		c.Value = node + ":" + s.nodes.get(kind, node)
		c.Help = fmt.Sprintf(editLabels[kind][1], node)
		c.Problem = s.nodeProblems[kind+":"+node]
		c.TestID = kind + "-" + node
	}
	if c.TestID == "" {
		c.TestID = kind
	}
	f.Controls = []templates.SchedControl{c}
	return f
}

func bar(label string, used, add, total int64, w int) templates.SchedBar {
	b := templates.SchedBar{Label: label}
	if total <= 0 {
		return b
	}
	b.UsedW = int(min(used, total) * int64(w) / total)
	if add > 0 {
		room := int64(w - b.UsedW)
		aw := add * int64(w) / total
		if aw > room {
			aw, b.Over = room, true
		}
		b.AddW = int(max(aw, 2))
	}
	return b
}

func shorten(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
