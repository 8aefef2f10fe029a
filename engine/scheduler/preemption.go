package scheduler

import (
	"math"
	"sort"

	v1 "k8s.io/api/core/v1"
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
// (defaultpreemption/default_preemption.go, preemption/preemption.go),
// without PodDisruptionBudgets.
func preempt(cl Cluster, infos []*NodeInfo, byName map[string]*NodeInfo, pod *v1.Pod, c *Cycle, statuses map[string]*Status) *PostFilter {
	pf := &PostFilter{Eligible: true}
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
	for _, ni := range infos {
		st, ok := statuses[ni.Node.Name]
		if !ok || st.Code != Unschedulable {
			continue
		}
		victims, vst := selectVictimsOnNode(pod, c.Requests, ni)
		if !vst.IsSuccess() {
			dry[ni.Node.Name] = vst
			pf.PerNode = append(pf.PerNode, PluginResult{Plugin: ni.Node.Name, Status: vst})
			continue
		}
		cand := Candidate{Node: ni.Node.Name}
		for _, v := range victims {
			cand.Victims = append(cand.Victims, Victim{Pod: v.Name, Priority: podPriority(v)})
		}
		pf.PerNode = append(pf.PerNode, PluginResult{Plugin: ni.Node.Name, Note: "fits if its victims are evicted"})
		pf.Candidates = append(pf.Candidates, cand)
	}
	if len(pf.Candidates) == 0 {
		// "Return a FitError only when there are no candidates that fit the pod."
		msg := fitErrorMessage(len(infos), dry, newStatus(UnschedulableAndUnresolvable, "Preemption is not helpful for scheduling"))
		pf.Status = newStatus(Unschedulable, msg)
		pf.Message = "preemption: " + msg
		return pf
	}
	// 4) SelectCandidate → pickOneNodeForPreemption.
	best := pickOneNodeForPreemption(pf.Candidates, cl, byName)
	pf.Nominated = best.Node
	pf.Victims = best.Victims
	pf.Status = newStatus(Success)
	for _, v := range best.Victims {
		c.Events = append(c.Events, Event{Type: v1.EventTypeNormal, Reason: "Preempted", From: "default-scheduler", Object: "pod/" + v.Pod,
			// preemption.go PreemptPod: "Preempted by pod %v on node %v" with the preemptor's UID.
			Message: "Preempted by pod " + string(pod.UID) + " on node " + best.Node})
	}
	return pf
}

// selectVictimsOnNode is DefaultPreemption.SelectVictimsOnNode: remove every
// lower-priority pod; if the pod still does not fit, the node cannot help;
// otherwise add pods back, most important first, while the pod still fits.
// The ones that cannot come back are the victims.
func selectVictimsOnNode(pod *v1.Pod, req Resources, ni *NodeInfo) ([]*v1.Pod, *Status) {
	prio := podPriority(pod)
	var potential []*v1.Pod
	for _, p := range ni.Pods {
		if podPriority(p) < prio {
			potential = append(potential, p)
		}
	}
	if len(potential) == 0 {
		return nil, newStatus(UnschedulableAndUnresolvable, "No preemption victims found for incoming pod")
	}
	drop := map[*v1.Pod]bool{}
	for _, p := range potential {
		drop[p] = true
	}
	if st := runAllFilters(pod, req, ni.withoutPods(drop)); !st.IsSuccess() {
		return nil, st
	}
	sort.SliceStable(potential, func(i, j int) bool { return moreImportant(potential[i], potential[j]) })
	var victims []*v1.Pod
	for _, p := range potential {
		delete(drop, p)
		if st := runAllFilters(pod, req, ni.withoutPods(drop)); !st.IsSuccess() {
			drop[p] = true
			victims = append(victims, p)
		}
	}
	return victims, nil
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

// pickOneNodeForPreemption (preemption.go): fewest PDB violations (none
// here), then the lowest highest-priority victim, the smallest sum of
// priorities, the fewest victims, the latest start of the highest-priority
// victims, then the first candidate.
func pickOneNodeForPreemption(cands []Candidate, cl Cluster, byName map[string]*NodeInfo) Candidate {
	start := map[string]int64{}
	for _, p := range cl.Pods {
		start[p.Name] = p.CreationTimestamp.Unix()
	}
	funcs := []func(Candidate) int64{
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
	for _, f := range funcs {
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
			return sel[0]
		}
		all = sel
	}
	return all[0]
}
