package scheduler

import (
	"math"
	"sort"

	v1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
)

// podPriority is corev1helpers.PodPriority: spec.priority, or 0.
func podPriority(p *v1.Pod) int32 {
	if p.Spec.Priority != nil {
		return *p.Spec.Priority
	}
	return 0
}

// moreImportant is util.MoreImportantPod: higher priority first, then the
// pod that started earlier. Bound pods here carry their start order in
// CreationTimestamp.
func moreImportant(a, b *v1.Pod) bool {
	pa, pb := podPriority(a), podPriority(b)
	if pa != pb {
		return pa > pb
	}
	return a.CreationTimestamp.Before(&b.CreationTimestamp)
}

// preempt is DefaultPreemption.PostFilter → Evaluator.Preempt
// (defaultpreemption/default_preemption.go, preemption/preemption.go), with
// the cluster's PodDisruptionBudgets (getPodDisruptionBudgets lists them all).
func preempt(cl Cluster, infos []*NodeInfo, byName map[string]*NodeInfo, pod *v1.Pod, c *Cycle, statuses map[string]*Status) *PostFilter {
	pf := &PostFilter{Eligible: true, PDBs: len(cl.PDBs)}
	// 1) PodEligibleToPreemptOthers.
	if pod.Spec.PreemptionPolicy != nil && *pod.Spec.PreemptionPolicy == v1.PreemptNever {
		pf.Eligible = false
		pf.Status = newStatus(Unschedulable, "not eligible due to preemptionPolicy=Never.")
		pf.Message = "preemption: " + pf.Status.Message()
		return pf
	}
	// 2) findCandidates: only nodes whose Filter said Unschedulable (not
	// UnschedulableAndUnresolvable) could be helped by evicting pods.
	dry := map[string]*Status{}
	// DryRunPreemption returns the candidates that violate no PDB first,
	// then the ones that do (preemption.go: nonViolatingCandidates,
	// violatingCandidates).
	var violatingCands []Candidate
	for _, ni := range infos {
		st, ok := statuses[ni.Node.Name]
		if !ok || st.Code != Unschedulable {
			continue
		}
		victims, numViolating, vst := selectVictimsOnNodePDB(pod, c.Requests, ni, cl.PDBs)
		if !vst.IsSuccess() {
			dry[ni.Node.Name] = vst
			pf.PerNode = append(pf.PerNode, PluginResult{Plugin: ni.Node.Name, Status: vst})
			continue
		}
		cand := Candidate{Node: ni.Node.Name, NumPDBViolations: numViolating}
		for _, v := range victims {
			cand.Victims = append(cand.Victims, Victim{Pod: v.Pod.Name, Priority: podPriority(v.Pod), ViolatesPDB: v.violates, PDBs: PDBsMatching(v.Pod, cl.PDBs)})
		}
		pf.PerNode = append(pf.PerNode, PluginResult{Plugin: ni.Node.Name, Note: "fits if its victims are evicted"})
		if numViolating == 0 {
			pf.Candidates = append(pf.Candidates, cand)
		} else {
			violatingCands = append(violatingCands, cand)
		}
	}
	pf.Candidates = append(pf.Candidates, violatingCands...)
	if len(pf.Candidates) == 0 {
		// "Return a FitError only when there are no candidates that fit the pod."
		msg := fitErrorMessage(len(infos), dry, newStatus(UnschedulableAndUnresolvable, "Preemption is not helpful for scheduling"))
		pf.Status = newStatus(Unschedulable, msg)
		pf.Message = "preemption: " + msg
		return pf
	}
	// 4) SelectCandidate → pickOneNodeForPreemption.
	best, decided, tied := pickOneNodeForPreemptionBy(pf.Candidates, cl)
	pf.DecidedBy, pf.Tied = decided, tied
	pf.Nominated = best.Node
	pf.Victims = best.Victims
	pf.NumPDBViolations = best.NumPDBViolations
	pf.Status = newStatus(Success)
	for _, v := range best.Victims {
		c.Events = append(c.Events, Event{Type: v1.EventTypeNormal, Reason: "Preempted", From: "default-scheduler", Object: "pod/" + v.Pod,
			// preemption.go PreemptPod: "Preempted by pod %v on node %v" with the preemptor's UID.
			Message: "Preempted by pod " + string(pod.UID) + " on node " + best.Node})
	}
	return pf
}

type victimPod struct {
	Pod      *v1.Pod
	violates bool
}

// selectVictimsOnNodePDB is DefaultPreemption.SelectVictimsOnNode
// (defaultpreemption/default_preemption.go): remove every lower-priority
// pod; if the pod still does not fit, the node cannot help. Otherwise sort
// the potential victims most important first, split them with
// filterPodsWithPDBViolation, and reprieve (add back while the pod still
// fits) the PDB-violating ones first, then the others, each group from the
// most important. Those that cannot come back are the victims; the
// violating ones among them are counted (numViolatingVictim). When both
// groups were non-empty the victims are sorted by importance again.
func selectVictimsOnNodePDB(pod *v1.Pod, req Resources, ni *NodeInfo, pdbs []*policyv1.PodDisruptionBudget) ([]victimPod, int, *Status) {
	prio := podPriority(pod)
	var potential []*v1.Pod
	for _, p := range ni.Pods {
		if podPriority(p) < prio {
			potential = append(potential, p)
		}
	}
	if len(potential) == 0 {
		return nil, 0, newStatus(UnschedulableAndUnresolvable, "No preemption victims found for incoming pod")
	}
	drop := map[*v1.Pod]bool{}
	for _, p := range potential {
		drop[p] = true
	}
	if st := runAllFilters(pod, req, ni.withoutPods(drop)); !st.IsSuccess() {
		return nil, 0, st
	}
	sort.SliceStable(potential, func(i, j int) bool { return moreImportant(potential[i], potential[j]) })
	violating, nonViolating := filterPodsWithPDBViolation(potential, pdbs)
	var victims []victimPod
	numViolating := 0
	reprieve := func(p *v1.Pod, violates bool) bool {
		delete(drop, p)
		if st := runAllFilters(pod, req, ni.withoutPods(drop)); !st.IsSuccess() {
			drop[p] = true
			victims = append(victims, victimPod{Pod: p, violates: violates})
			return false
		}
		return true
	}
	for _, p := range violating {
		if !reprieve(p, true) {
			numViolating++
		}
	}
	for _, p := range nonViolating {
		reprieve(p, false)
	}
	if len(violating) != 0 && len(nonViolating) != 0 {
		sort.SliceStable(victims, func(i, j int) bool { return moreImportant(victims[i].Pod, victims[j].Pod) })
	}
	return victims, numViolating, nil
}

func runAllFilters(pod *v1.Pod, req Resources, ni *NodeInfo) *Status {
	for _, pl := range FilterPlugins {
		if st := runFilter(pl, pod, req, ni); !st.IsSuccess() {
			st.Plugin = pl
			return st
		}
	}
	return nil
}

// PickCriteria name pickOneNodeForPreemption's criteria in order; the
// last is the tie-break when all five tie. SelectCandidate takes a lone
// candidate without scoring ("only candidate").
var PickCriteria = []string{
	"fewest PDB violations",
	"lowest highest-priority victim",
	"smallest sum of victim priorities",
	"fewest victims",
	"latest start of the highest-priority victims",
	"tie-break: every criterion tied, and upstream takes the first node of a map's iteration order, effectively random",
}

// pickOneNodeForPreemptionBy is pickOneNodeForPreemption
// (preemption/preemption.go): the fewest PDB
// violations, then the lowest highest-priority victim, the smallest sum of
// priorities (each plus MaxInt32+1), the fewest victims, the latest start of
// the highest-priority victims, then the first candidate. Upstream's "first"
// is the first of a map's iteration order; here it is the first in
// DryRunPreemption's order (non-violating candidates, then violating, each
// in node order).
// It also says which criterion decided, and, when none did, the candidates
// that tied on all of them.
func pickOneNodeForPreemptionBy(cands []Candidate, cl Cluster) (Candidate, string, []string) {
	if len(cands) == 1 {
		return cands[0], "only candidate", nil
	}
	start := map[string]int64{}
	for _, p := range cl.Pods {
		start[p.Name] = p.CreationTimestamp.Unix()
	}
	funcs := []func(Candidate) int64{
		func(c Candidate) int64 { return -int64(c.NumPDBViolations) },
		func(c Candidate) int64 { return -int64(c.Victims[0].Priority) },
		func(c Candidate) int64 {
			var sum int64
			for _, v := range c.Victims {
				sum += int64(v.Priority) + int64(math.MaxInt32+1)
			}
			return -sum
		},
		func(c Candidate) int64 { return -int64(len(c.Victims)) },
		func(c Candidate) int64 {
			// util.GetEarliestPodStartTime: the earliest start among the
			// highest-priority victims; the later it is, the better.
			earliest := int64(math.MaxInt64)
			for _, v := range c.Victims {
				if v.Priority == c.Victims[0].Priority && start[v.Pod] < earliest {
					earliest = start[v.Pod]
				}
			}
			return earliest
		},
	}
	all := cands
	for k, f := range funcs {
		var sel []Candidate
		best := int64(math.MinInt64)
		for _, c := range all {
			s := f(c)
			if s > best {
				best, sel = s, nil
			}
			if s == best {
				sel = append(sel, c)
			}
		}
		if len(sel) == 1 {
			return sel[0], PickCriteria[k], nil
		}
		all = sel
	}
	var tied []string
	for _, c := range all {
		tied = append(tied, c.Node)
	}
	return all[0], PickCriteria[len(PickCriteria)-1], tied
}

// CandidateScores are the values pickOneNodeForPreemption compares for a
// candidate, in PickCriteria order: PDB violations, the highest victim
// priority, the sum of victim priorities (as printed: without the
// MaxInt32+1 each adds upstream, which changes no comparison between equal
// counts), the number of victims, and the earliest start (Unix seconds)
// among the highest-priority victims.
func CandidateScores(c Candidate, cl Cluster) (pdb int, highest int32, sum int64, n int, earliest int64) {
	start := map[string]int64{}
	for _, p := range cl.Pods {
		start[p.Name] = p.CreationTimestamp.Unix()
	}
	earliest = math.MaxInt64
	for i, v := range c.Victims {
		if i == 0 || v.Priority > highest {
			highest = v.Priority
		}
		sum += int64(v.Priority)
	}
	for _, v := range c.Victims {
		if v.Priority == highest && start[v.Pod] < earliest {
			earliest = start[v.Pod]
		}
	}
	return c.NumPDBViolations, highest, sum, len(c.Victims), earliest
}

// TiedCandidates are the candidates' nodes that tie with the nominated one
// on all five of pickOneNodeForPreemption's criteria (the nominated node
// among them), or nil when a criterion decided: PostFilter.Tied. Upstream
// then returns "the first such node (sort of randomly)": the candidates come
// from ranging over a map (nodesToVictims), and DryRunPreemption starts at a
// random offset (pkg/scheduler/framework/preemption/preemption.go
// pickOneNodeForPreemption, GetOffsetAndNumCandidates), so any of them may be
// nominated; this engine shows one of them.
func TiedCandidates(pf *PostFilter, _ Cluster) []string {
	if pf == nil {
		return nil
	}
	return pf.Tied
}
