package preemption

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/kubeviz/kubeviz/demos"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks, before the step that answers it, what the engine is
// about to do; the answer is the next frame of the timeline:
//   - PriorityClasses: the spec.priority admission will write;
//   - preemption: the node DefaultPreemption will nominate;
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

// classValues are the classes' values, highest first.
func (st *State) classValues() []int32 {
	var out []int32
	for _, c := range st.classes {
		out = append(out, c.Value)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] > out[j] })
	return out
}
