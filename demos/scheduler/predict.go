package scheduler

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks about the next stage before the learner steps into it,
// and the cycle the engine already ran holds the answer: how many nodes
// pass Filter (before Filter), and which node wins (before Select host,
// when more than one node is feasible).
func (s *State) Prediction() (demos.Prediction, bool) {
	if s.large != nil {
		return demos.Prediction{}, false
	}
	c := s.cycle
	stages := s.stages()
	if s.step+1 >= len(stages) {
		return demos.Prediction{}, false
	}
	switch stages[s.step+1] {
	case stFilter:
		p := demos.Prediction{Question: fmt.Sprintf("How many of the %d nodes will pass every Filter plugin?", c.NumAllNodes)}
		for n := 0; n <= c.NumAllNodes; n++ {
			p.Choices = append(p.Choices, strconv.Itoa(n))
		}
		p.Answer = len(c.Feasible)
		if len(c.Feasible) == 0 {
			p.Why = "None: " + c.FitMessage
		} else {
			p.Why = fmt.Sprintf("%s pass; on every other node the first plugin that rejects the pod gives the reason.", strings.Join(c.Feasible, ", "))
		}
		return p, true
	case stSelect:
		if len(c.Feasible) < 2 {
			return demos.Prediction{}, false
		}
		p := demos.Prediction{Question: "Which node will the pod be bound to?", Choices: append([]string(nil), c.Feasible...), Answer: -1}
		for i, n := range c.Feasible {
			if n == c.Selected {
				p.Answer = i
			}
		}
		if p.Answer < 0 {
			return demos.Prediction{}, false
		}
		if len(c.Tied) > 1 {
			p.Why = fmt.Sprintf("%s tie at %d; %s passed Filter first, and the scheduler takes the first of the highest.", strings.Join(c.Tied, ", "), c.TopScore, c.Selected)
		} else {
			p.Why = fmt.Sprintf("%s has the highest weighted total, %d.", c.Selected, c.TopScore)
		}
		return p, true
	}
	return demos.Prediction{}, false
}
