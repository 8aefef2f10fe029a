package statefulsets

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/statefulset"
)

type frame struct {
	h   statefulset.Happening
	sim *statefulset.Sim
}

// State is the demo's state: the inputs, the learner's actions with the
// step of each, and the step shown. The frames are derived.
type State struct {
	replicasRaw string
	policy      statefulset.Policy
	ops         []op
	step        int

	replicasErr string
	dropped     string
	frames      []frame
}

// build simulates the timeline from the inputs and ops.
func (st *State) build() {
	n, bad := st.replicas()
	st.replicasErr = bad
	st.dropped = ""
	cfg := statefulset.DefaultConfig()
	cfg.Replicas, cfg.Policy = n, st.policy
	sim, err := statefulset.New(cfg)
	if err != nil {
		panic(err) // replicas() and open() keep the config valid
	}
	st.frames = []frame{{h: statefulset.Happening{Actor: "you",
		What: fmt.Sprintf("You applied the headless Service %s (clusterIP: None) and StatefulSet %s: %d replicas, podManagementPolicy %s, volumeClaimTemplates %s.", cfg.ServiceName, cfg.Name, n, cfg.Policy, cfg.ClaimName),
		Said: []string{"$ kubectl apply -f web.yaml", "service/nginx created", "statefulset.apps/web created"}}, sim: sim.Clone()}}
	kept := st.ops[:0:0]
	oi := 0
	for len(st.frames) <= MaxSteps {
		if oi < len(st.ops) && st.ops[oi].At == len(st.frames) {
			o := st.ops[oi]
			oi++
			h, err := apply(sim, o)
			if err != nil {
				st.dropped = fmt.Sprintf("ops: %s at step %d: %s; ignoring it and what follows.", o.Kind, o.At, err)
				oi = len(st.ops)
				continue
			}
			kept = append(kept, o)
			st.frames = append(st.frames, frame{h: h, sim: sim.Clone()})
			continue
		}
		h, ok := sim.Next()
		if !ok {
			break
		}
		st.frames = append(st.frames, frame{h: h, sim: sim.Clone()})
	}
	if oi < len(st.ops) && st.dropped == "" {
		st.dropped = fmt.Sprintf("ops: there is no step %d to act at; ignoring it and what follows.", st.ops[oi].At)
	}
	st.ops = kept
	if st.step >= len(st.frames) {
		st.step = len(st.frames) - 1
	}
}

func apply(sim *statefulset.Sim, o op) (statefulset.Happening, error) {
	switch o.Kind {
	case "scale":
		n, err := strconv.Atoi(o.Arg)
		if err != nil {
			return statefulset.Happening{}, fmt.Errorf("replicas must be a whole number, not %q", clip(o.Arg))
		}
		if n > MaxReplicas {
			return statefulset.Happening{}, fmt.Errorf("this demo draws at most %d replicas", MaxReplicas)
		}
		return sim.Scale(n)
	case "delete":
		return sim.DeletePod(o.Arg)
	case "fail":
		return sim.FailNode(o.Arg)
	case "remove":
		return sim.RemoveNode(o.Arg)
	}
	return statefulset.Happening{}, fmt.Errorf("unknown action %q", o.Kind)
}

func (st *State) cur() frame { return st.frames[st.step] }

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	if ok, err := demos.Move(&st.step, len(st.frames)-1, a, "This is the last step: nothing more happens until you act."); ok {
		return err
	}
	switch a.Kind {
	case "scale", "delete", "fail", "remove":
		o := op{At: st.step + 1, Kind: a.Kind, Arg: strings.TrimSpace(a.Value)}
		if len(st.ops) >= MaxOps {
			return fmt.Errorf("At most %d actions in one story: reset to start again.", MaxOps)
		}
		// Try it on this step's cluster first: a refused action is an error
		// and changes nothing.
		if _, err := apply(st.cur().sim.Clone(), o); err != nil {
			return err
		}
		var ops []op
		for _, p := range st.ops {
			if p.At <= st.step {
				ops = append(ops, p)
			}
		}
		st.ops = append(ops, o)
		st.build()
		st.step = o.At
	case "set":
		v := strings.TrimSpace(a.Value)
		if len(v) > 40 {
			return fmt.Errorf("That value is too long.")
		}
		switch a.Key {
		case "replicas":
			if v == st.replicasRaw {
				return nil
			}
			st.replicasRaw = v
		case "policy":
			if v != string(statefulset.OrderedReady) && v != string(statefulset.Parallel) {
				return fmt.Errorf("podManagementPolicy cannot be %q.", clip(v))
			}
			if statefulset.Policy(v) == st.policy {
				return nil
			}
			st.policy = statefulset.Policy(v)
		default:
			return fmt.Errorf("There is no setting %q.", a.Key)
		}
		// A different StatefulSet is a different story: start again.
		st.ops, st.step = nil, 0
		st.build()
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

func (st *State) opsString(ops []op) string {
	var s []string
	for _, o := range ops {
		s = append(s, o.String())
	}
	return strings.Join(s, ",")
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	if st.replicasRaw != "3" {
		q.Set("replicas", st.replicasRaw)
	}
	if st.policy != statefulset.OrderedReady {
		q.Set("policy", string(st.policy))
	}
	if len(st.ops) > 0 {
		q.Set("ops", st.opsString(st.ops))
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// with is the query of this state after action o at this step.
func (st *State) with(o op) url.Values {
	q := st.Query()
	var ops []op
	for _, p := range st.ops {
		if p.At <= st.step {
			ops = append(ops, p)
		}
	}
	o.At = st.step + 1
	q.Set("ops", st.opsString(append(ops, o)))
	q.Set("step", strconv.Itoa(o.At))
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, len(st.frames) - 1 }

// Narration implements demos.State.
func (st *State) Narration() string {
	f := st.cur()
	s := fmt.Sprintf("Step %d of %d: %s StatefulSet web: %d/%d Ready.", st.step, len(st.frames)-1, f.h.What, f.sim.Ready(), f.sim.Replicas)
	if st.step == len(st.frames)-1 {
		s += " Nothing more happens until you act."
	}
	return s
}

// Text implements demos.State.
func (st *State) Text() string {
	f := st.cur()
	var b strings.Builder
	fmt.Fprintf(&b, "Step %d of %d (Kubernetes v1.37)\n", st.step, len(st.frames)-1)
	if st.replicasErr != "" {
		fmt.Fprintf(&b, "Invalid replicas: %s\n", st.replicasErr)
	}
	if len(st.ops) > 0 {
		fmt.Fprintf(&b, "Your actions: %s\n", st.opsString(st.ops))
	}
	fmt.Fprintf(&b, "\nWhat happened (%s): %s\n", f.h.Actor, f.h.What)
	for _, l := range f.h.Said {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	for _, e := range f.h.Events {
		fmt.Fprintf(&b, "  event: %s %s %s\n", e.Type, e.Reason, e.Message)
	}
	fmt.Fprintf(&b, "\n%s", f.sim.Describe())
	return b.String()
}
