package customsched

import (
	"fmt"

	"github.com/kubeviz/kubeviz/demos"
	engine "github.com/kubeviz/kubeviz/engine/customsched"
)

var _ demos.Predictor = (*State)(nil)

// NobodyChoice is the answer for a pod no running scheduler takes.
const NobodyChoice = "Nobody: batch stays Pending"

// Prediction asks two questions, each answered by the next step of the
// simulated story: before the informers deliver the pods, which scheduler
// takes batch (eventhandlers.go responsibleForPod); and before my-scheduler
// scores, which node wins once the extender's scores are added
// (schedule_one.go prioritizeNodes).
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step+1 >= len(st.story.Steps) {
		return demos.Prediction{}, false
	}
	next := st.story.Steps[st.step+1]
	switch next.Kind {
	case "queues":
		b := podOf(next.Pods, engine.PodBatch)
		if b == nil || !b.Created {
			return demos.Prediction{}, false
		}
		p := demos.Prediction{
			Question: fmt.Sprintf("batch names schedulerName %s. Which scheduler will take it into its queue?", b.SchedulerName),
			Choices:  []string{engine.DefaultScheduler, engine.MyScheduler, NobodyChoice},
			Answer:   2,
			Why:      "A scheduler queues a pod only when spec.schedulerName is one of its running profiles; for any other name every scheduler ignores it.",
		}
		for _, q := range next.Queues {
			for _, n := range q.Pods {
				if n == engine.PodBatch {
					if q.Scheduler == engine.DefaultScheduler {
						p.Answer = 0
					} else {
						p.Answer = 1
					}
				}
			}
		}
		return p, true
	case "prioritize":
		c := next.Cycle
		if c == nil || len(c.AfterExtenders) < 2 {
			return demos.Prediction{}, false
		}
		p := demos.Prediction{
			Question: fmt.Sprintf("my-scheduler scores %s with its plugins (NodeResourcesFit %s), then adds the extender's scores × weight %d × 10. Which node wins?", orNone(c.AfterExtenders), c.Strategy, c.Extender.Weight),
			Choices:  append([]string(nil), c.AfterExtenders...),
		}
		for i, n := range c.AfterExtenders {
			if n == c.Selected {
				p.Answer = i
			}
		}
		var top engine.NodeScore
		for _, s := range c.Scores {
			if s.Node == c.Selected {
				top = s
			}
		}
		p.Why = fmt.Sprintf("%s: plugins %d + extender %d × %d × 10 = %d, the highest total.", top.Node, top.Plugins, top.ExtenderRaw, c.Extender.Weight, top.Total)
		return p, true
	}
	return demos.Prediction{}, false
}
