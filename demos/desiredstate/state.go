package desiredstate

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/reconcile"
)

// State is the learner's actions (as typed) and the step shown; the
// frames are the story engine/reconcile plays from them.
type State struct {
	do   string
	step int

	actions   []reconcile.Action
	parseErrs []string
	frames    []reconcile.Frame
}

func (st *State) build() {
	st.do = clipLen(st.do)
	st.actions, st.parseErrs = reconcile.ParseActions(st.do)
	st.frames = reconcile.Run(seed, 3, st.actions)
	if st.step >= len(st.frames) {
		st.step = len(st.frames) - 1
	}
}

func (st *State) cur() reconcile.Frame { return st.frames[st.step] }

// applied is how many actions the story has applied at the step shown.
func (st *State) applied() int { return st.cur().Actions }

// afterApplied is the index of the frame that a new action taken now
// becomes: the frames up to the last one with this many actions applied
// stay as they are.
func (st *State) afterApplied() int {
	k := st.applied()
	n := 0
	for _, f := range st.frames {
		if f.Actions <= k {
			n++
		}
	}
	return n
}

// with is the do string with a taken now: the actions after the step shown
// are dropped, a is appended.
func (st *State) with(a reconcile.Action) string {
	return reconcile.FormatActions(append(append([]reconcile.Action(nil), st.actions[:st.applied()]...), a))
}

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	last := len(st.frames) - 1
	if ok, err := demos.Move(&st.step, last, a, "This is the last step: delete a pod, crash a container or change replicas to go on."); ok {
		return err
	}
	switch a.Kind {
	case "delete", "crash":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 1 || n > len(st.cur().Sim.Pods) {
			return fmt.Errorf("There is no pod %q here.", clip(a.Value))
		}
		at := st.afterApplied()
		st.do = st.with(reconcile.Action{Kind: a.Kind, Arg: a.Value})
		st.build()
		st.step = min(at, len(st.frames)-1)
	case "replicas":
		v := strings.TrimSpace(a.Value)
		if len([]rune(v)) > 20 {
			v = string([]rune(v)[:20])
		}
		f := st.cur()
		k := st.applied()
		if f.Actor == reconcile.ActorYou && k > 0 && k == len(st.actions) && st.actions[k-1].Kind == "replicas" && st.isYouFrameOf(k) {
			// Typing on in the field edits the scale just done.
			acts := append([]reconcile.Action(nil), st.actions[:k-1]...)
			st.do = reconcile.FormatActions(append(acts, reconcile.Action{Kind: "replicas", Arg: v}))
			at := st.step
			st.build()
			st.step = min(at, len(st.frames)-1)
			return nil
		}
		at := st.afterApplied()
		st.do = st.with(reconcile.Action{Kind: "replicas", Arg: v})
		st.build()
		st.step = min(at, len(st.frames)-1)
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

// isYouFrameOf: the step shown is the frame where action k was taken.
func (st *State) isYouFrameOf(k int) bool {
	for i, f := range st.frames {
		if f.Actions == k {
			return i == st.step
		}
	}
	return false
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	if st.do != DefaultDo {
		q.Set("do", st.do)
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, len(st.frames) - 1 }

func actorName(f reconcile.Frame) string {
	if f.Actor == "" {
		return "the cluster"
	}
	return f.Actor
}

// Narration implements demos.State.
func (st *State) Narration() string {
	f := st.cur()
	s := f.Sim
	var what string
	switch {
	case f.Sync != nil:
		sy := f.Sync
		act := "nothing"
		if len(sy.Created) > 0 {
			act = fmt.Sprintf("create %d", len(sy.Created))
		} else if len(sy.Deleted) > 0 {
			act = fmt.Sprintf("delete %d", len(sy.Deleted))
		}
		what = fmt.Sprintf("one sync: observe %d pods (%d active), diff %d - %d = %d, act: %s.", len(sy.Observed), sy.Active, sy.Active, sy.Replicas, sy.Diff, act)
	case f.Err != "":
		what = strings.TrimSuffix(f.Command+": "+f.Err, ".") + "."
	case f.Command != "":
		what = f.Command + ". " + firstSentence(f.Did[0])
	default:
		what = firstSentence(f.Did[0])
	}
	return fmt.Sprintf("Step %d of %d, %s: %s Wanted %d, active %d, ready %d.", st.step, len(st.frames)-1, actorName(f), what, s.Replicas, len(s.Active()), s.ReadyCount())
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// Text implements demos.State.
func (st *State) Text() string {
	f := st.cur()
	s := f.Sim
	var b strings.Builder
	fmt.Fprintf(&b, "Step %d of %d, t=%d s. Kubernetes v1.37.\n", st.step, len(st.frames)-1, f.At)
	fmt.Fprintf(&b, "Your actions: %s\n", orNone(st.do))
	for _, e := range st.parseErrs {
		fmt.Fprintf(&b, "Invalid action: %s\n", e)
	}
	fmt.Fprintf(&b, "Desired: spec.replicas %d. Actual: %d pods, %d active, %d Ready.\n", s.Replicas, len(s.Pods), len(s.Active()), s.ReadyCount())
	fmt.Fprintf(&b, "\nWhat happened (%s):\n", actorName(f))
	if f.Command != "" {
		fmt.Fprintf(&b, "  $ %s\n  %s\n", f.Command, f.Said)
	}
	for _, d := range f.Did {
		fmt.Fprintf(&b, "  %s\n", d)
	}
	if f.Sync != nil && len(f.Sync.Ranking) > 0 {
		fmt.Fprintf(&b, "  getPodsToDelete's ranking:\n")
		for i, r := range f.Sync.Ranking {
			fmt.Fprintf(&b, "    %d. %s (%s)\n", i+1, r.Name, r.Why)
		}
	}
	fmt.Fprintf(&b, "\n$ kubectl get replicaset web\n%s\n", s.GetReplicaSet())
	fmt.Fprintf(&b, "\n$ kubectl get pods\n%s\n", s.GetPods())
	fmt.Fprintf(&b, "\n$ kubectl events (the last 8)\n%s\n", s.KubectlEvents(8))
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
