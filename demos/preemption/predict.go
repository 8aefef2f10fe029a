package preemption

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/disruption"
	"github.com/kubeviz/kubeviz/engine/scheduler"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks, before the step that answers it, what the engine is
// about to do; the answer is the next frame of the timeline:
//   - PriorityClasses: the spec.priority admission will write;
//   - preemption: the node DefaultPreemption will nominate (when nodes tie
//     on every criterion, what the tied nodes agree on: see tiePrediction);
//   - drain: whether the Eviction API will grant the next eviction.
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step+1 > st.last() {
		return demos.Prediction{}, false
	}
	next := st.tl.Frames[st.step+1]
	switch st.in.Story {
	case StoryClasses:
		if st.step != 0 {
			break
		}
		p := demos.Prediction{Question: fmt.Sprintf("checkout names priorityClassName %q. What will the Priority admission plugin do?", st.in.Class)}
		seen := map[int32]bool{}
		answer := -1
		for _, c := range st.classValues() {
			if seen[c] {
				continue
			}
			seen[c] = true
			if !st.adm.Rejected && st.adm.Priority == c {
				answer = len(p.Choices)
			}
			p.Choices = append(p.Choices, "set spec.priority: "+strconv.Itoa(int(c)))
		}
		if st.adm.Rejected {
			answer = len(p.Choices)
		}
		p.Choices = append(p.Choices, "reject the pod")
		if answer < 0 || len(p.Choices) > 6 {
			break
		}
		p.Answer = answer
		p.Why = st.adm.Why + "."
		return p, true
	case StoryPreemption:
		c := next.Cycle
		if c == nil || c.PostFilter == nil || st.cur().Cycle != nil {
			break
		}
		if len(next.Tied) > 0 {
			return tiePrediction(c.PostFilter, next.Tied), true
		}
		p := demos.Prediction{Question: "No node has room for checkout. Which node will DefaultPreemption nominate?"}
		for _, n := range st.tl.Nodes {
			if n.Name == c.PostFilter.Nominated {
				p.Answer = len(p.Choices)
			}
			p.Choices = append(p.Choices, n.Name)
		}
		if c.PostFilter.Nominated == "" {
			p.Answer = len(p.Choices)
		}
		p.Choices = append(p.Choices, "none: nobody is preempted")
		if c.PostFilter.Nominated != "" {
			p.Why = fmt.Sprintf("pickOneNodeForPreemption compares the candidates by the fewest PDB violations, the lowest highest-priority victim, the smallest sum of priorities, the fewest victims and the latest start; %s wins (decided by: %s).", c.PostFilter.Nominated, c.PostFilter.DecidedBy)
		} else {
			p.Why = "PostFilter: " + c.PostFilter.Message
		}
		return p, true
	case StoryDrain:
		if len(next.Attempts) == 0 {
			break
		}
		a := next.Attempts[0]
		p := demos.Prediction{Question: fmt.Sprintf("kubectl drain now asks the Eviction API to evict %s. Will it be allowed?", a.Pod),
			Choices: []string{"Yes: 201, the pod is deleted gracefully", "No: 429 Too Many Requests, kubectl retries in 5 s"}}
		if !a.Result.Allowed {
			p.Answer = 1
		}
		p.Why = fmt.Sprintf("The request sees disruptionsAllowed %d in the budget's status.", a.Before)
		return p, true
	}
	return demos.Prediction{}, false
}

// tiePrediction asks, when candidates tie on every criterion of
// pickOneNodeForPreemption, what the tied nodes agree on instead of which
// node: upstream picks "the first such node (sort of randomly)", the first
// of a map's iteration (pkg/scheduler/framework/preemption/preemption.go),
// so "which node?" would have several right answers. With a budget, it asks
// whether the victims violate it; otherwise how many pods are evicted.
func tiePrediction(pf *scheduler.PostFilter, tied []string) demos.Prediction {
	why := disruption.TieSentence(tied, pf.Nominated)
	if pf.PDBs > 0 {
		p := demos.Prediction{Question: "No node has room for checkout, and PodDisruptionBudget reports guards the report pods. Will the pods DefaultPreemption evicts violate the budget?",
			Choices: []string{"No: it evicts only pods the budget can spare", "Yes: it has to evict pods the budget protects"}}
		if pf.NumPDBViolations > 0 {
			p.Answer = 1
			p.Why = fmt.Sprintf("Every candidate violates the budget, so the fewest violations (%d) win. %s", pf.NumPDBViolations, why)
		} else {
			p.Why = "pickOneNodeForPreemption's first criterion is the fewest PDB violations, and a candidate with none exists. " + why
		}
		return p
	}
	p := demos.Prediction{Question: "No node has room for checkout. How many pods will DefaultPreemption evict?",
		Choices: []string{"1 pod", "2 pods", "3 pods", "4 or more pods"}}
	p.Answer = min(len(pf.Victims), 4) - 1
	p.Why = fmt.Sprintf("The nominated node's victims: %d. %s", len(pf.Victims), why)
	return p
}

// classValues are the classes' values, highest first.
func (st *State) classValues() []int32 {
	var out []int32
	for _, c := range st.classes {
		out = append(out, c.Value)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] > out[j] })
	return out
}
