package rollingupdate

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/rollout"
)

// frame is one step of the timeline: what happened, and the cluster after.
type frame struct {
	h   rollout.Happening
	sim *rollout.Sim
}

// State is the demo's state: the learner's inputs, the step at which they
// ran `kubectl rollout undo` (0 for never), and the step shown. The frames
// are derived: the whole timeline is simulated from the inputs.
type State struct {
	in   inputs
	undo int
	step int

	cfg    rollout.Config
	errs   fieldErrors
	frames []frame

	// The comparison (compare.go): the same update with other maxSurge
	// or maxUnavailable, stepped by the same step. Empty: none.
	cmpSurge, cmpUnavail string
	cmpCfg               rollout.Config
	cmp                  []frame
	cmpDropped           string // why the comparison asked for was dropped
}

// build simulates the timeline: step 0 is the Deployment at nginx:1.25,
// step 1 is `kubectl set image`, and then one happening a step until
// nothing more happens; `kubectl rollout undo` is step st.undo.
func (st *State) build() {
	st.cfg, st.errs = st.in.config()
	st.frames = timeline(st.cfg, st.in.Version == versionBroken, st.undo)
	if st.undo >= len(st.frames) {
		st.undo = 0
	}
	st.buildCompare()
	if st.step > st.last() {
		st.step = st.last()
	}
}

// timeline simulates one Deployment from cfg, with kubectl rollout undo at
// step undo (0: never).
func timeline(cfg rollout.Config, broken bool, undo int) []frame {
	sim, err := rollout.New(cfg)
	if err != nil {
		panic(err) // config() returns a valid Config
	}
	frames := []frame{{h: rollout.Happening{Actor: "you", What: fmt.Sprintf("Deployment %s runs %s: %s, all available.", cfg.Name, OldImage, plural(int(cfg.Replicas), "pod"))}, sim: sim.Clone()}}
	frames = append(frames, frame{h: sim.SetImage(NewImage, broken), sim: sim.Clone()})
	for len(frames) <= MaxSteps {
		if len(frames) == undo {
			frames = append(frames, frame{h: sim.Undo(), sim: sim.Clone()})
			continue
		}
		h, ok := sim.Next()
		if !ok {
			break
		}
		frames = append(frames, frame{h: h, sim: sim.Clone()})
	}
	return frames
}

func (st *State) cur() frame { return st.frames[min(st.step, len(st.frames)-1)] }

// last is the last step: the longer of the two timelines when comparing.
func (st *State) last() int { return max(len(st.frames), len(st.cmp)) - 1 }

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	if ok, err := demos.Move(&st.step, st.last(), a, ""); ok {
		return err
	}
	switch a.Kind {
	case "undo":
		if !st.canUndo() {
			return fmt.Errorf("There is no previous revision to roll back to yet (or you already rolled back): step on until the new ReplicaSet exists.")
		}
		st.undo = st.step + 1
		st.build()
		st.step = st.undo
	case "cancel-undo":
		if st.undo == 0 {
			return fmt.Errorf("There is no undo to take back.")
		}
		st.undo = 0
		st.build()
	case "set":
		p := st.in.get(a.Key)
		if p == nil {
			return fmt.Errorf("There is no setting %q.", a.Key)
		}
		v := strings.TrimSpace(a.Value)
		if (a.Key == "strategy" && v != string(rollout.RollingUpdate) && v != string(rollout.Recreate)) ||
			(a.Key == "version" && v != versionGood && v != versionBroken) {
			return fmt.Errorf("%s cannot be %q.", a.Key, clip(v))
		}
		if len(v) > 40 {
			return fmt.Errorf("That value is too long.")
		}
		if *p == v {
			return nil
		}
		*p = v
		// A different Deployment is a different story: start it again.
		st.undo, st.step = 0, 0
		st.build()
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

// canUndo: `kubectl rollout undo` at this step would find a previous
// revision, and no undo happened before this step.
func (st *State) canUndo() bool {
	if st.undo != 0 && st.undo <= st.step {
		return false
	}
	return st.step >= 1 && st.step < len(st.frames) && st.cur().sim.CanUndo()
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	for _, n := range paramNames {
		if v := *st.in.get(n); v != *defaults.get(n) {
			q.Set(n, v)
		}
	}
	if st.undo != 0 {
		q.Set("undo", strconv.Itoa(st.undo))
	}
	if st.cmpSurge != "" {
		q.Set("compareSurge", st.cmpSurge)
	}
	if st.cmpUnavail != "" {
		q.Set("compareUnavailable", st.cmpUnavail)
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, st.last() }

// Narration implements demos.State: one sentence for the step.
func (st *State) Narration() string {
	f := st.cur()
	line, _, _ := f.sim.RolloutStatus()
	n := fmt.Sprintf("Step %d of %d, at %s: %s kubectl rollout status: %s", st.step, st.last(), clock(f.h.At), f.h.What, line)
	if st.cmp != nil {
		n += " " + st.compareNarration()
	}
	return n
}

// clock shows logical time: "t=0s", "t=1m5s".
func clock(t rollout.Time) string {
	if t < 120 {
		return fmt.Sprintf("t=%ds", t)
	}
	return fmt.Sprintf("t=%dm%ds", t/60, t%60)
}

// Text implements demos.State: the whole state as plain text.
func (st *State) Text() string {
	f := st.cur()
	s := f.sim
	var b strings.Builder
	fmt.Fprintf(&b, "Step %d of %d, %s (Kubernetes v1.37)\n", st.step, st.last(), clock(f.h.At))
	fmt.Fprintf(&b, "Settings: replicas=%d strategy=%s", st.cfg.Replicas, st.cfg.Strategy)
	if st.cfg.Strategy == rollout.RollingUpdate {
		fmt.Fprintf(&b, " maxSurge=%s maxUnavailable=%s", st.cfg.MaxSurge.String(), st.cfg.MaxUnavailable.String())
	}
	fmt.Fprintf(&b, " minReadySeconds=%d progressDeadlineSeconds=%d readySeconds=%d version=%s\n", st.cfg.MinReadySeconds, st.cfg.ProgressDeadlineSeconds, st.cfg.ReadySeconds, st.in.Version)
	for _, n := range paramNames {
		for _, e := range st.errs[n] {
			fmt.Fprintf(&b, "Invalid %s: %s\n", n, e)
		}
	}
	if st.cfg.Strategy == rollout.RollingUpdate {
		fmt.Fprintf(&b, "maxSurge: %s\nmaxUnavailable: %s\n", s.F.SurgeWork, s.F.UnavailWork)
		if s.F.BothZero {
			b.WriteString("Both resolved to 0, so the controller uses maxUnavailable 1.\n")
		}
	}
	c := s.Count()
	fmt.Fprintf(&b, "Bounds: at least %d available, at most %d pods.\n", c.MinAvail, c.MaxTotal)
	if st.undo != 0 {
		fmt.Fprintf(&b, "kubectl rollout undo at step %d.\n", st.undo)
	}
	fmt.Fprintf(&b, "\nWhat happened (%s): %s\n", f.h.Actor, f.h.What)
	for _, m := range f.h.Math {
		fmt.Fprintf(&b, "  %s\n", m)
	}
	for _, l := range f.h.Said {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	fmt.Fprintf(&b, "\nCounts: desired %d, pods %d, updated %d, available %d, old %d, terminating %d\n", c.Desired, c.Pods, c.Updated, c.Available, c.Old, c.Terminating)
	line, _, _ := s.RolloutStatus()
	fmt.Fprintf(&b, "\n$ kubectl get deployment %s\n%s\n", st.cfg.Name, s.GetDeployment())
	fmt.Fprintf(&b, "\n$ kubectl get replicasets\n%s\n", s.GetReplicaSets())
	fmt.Fprintf(&b, "\n$ kubectl get pods\n%s\n", s.GetPods())
	fmt.Fprintf(&b, "\n$ kubectl rollout status deployment/%s\n%s\n", st.cfg.Name, line)
	fmt.Fprintf(&b, "\n$ kubectl describe deployment %s\n%s\n", st.cfg.Name, s.Describe())
	fmt.Fprintf(&b, "\n$ kubectl rollout history deployment/%s\n%s\n", st.cfg.Name, s.HistoryText())
	if st.cmp != nil {
		b.WriteString(st.compareText())
	}
	return b.String()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
