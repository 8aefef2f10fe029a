package autoscaling

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/clusterautoscaler"
	"github.com/kubeviz/kubeviz/engine/hpa"
)

// frame is one step: the sync that ran (none at step 0) and the HPA after.
type frame struct {
	sync *hpa.Sync
	sim  *hpa.Sim
	load int64
}

// State is the learner's inputs and the step shown; the frames are derived.
type State struct {
	in   inputs
	step int

	cfg    hpa.Config
	errs   fieldErrors
	frames []frame

	ccfg    clusterautoscaler.Config
	cframes []*clusterautoscaler.Sim // ca=on: the cluster at each moment
}

func (st *State) caOn() bool { return st.in.CA == "on" }

// total is the number of steps: HPA syncs, or moments of the cluster timeline.
func (st *State) total() int {
	if st.caOn() {
		return len(st.cframes) - 1
	}
	return Syncs
}

func (st *State) build() {
	st.cfg, st.errs = st.in.config()
	st.ccfg = st.in.clusterConfig(st.cfg, st.errs) // its fields are checked in both modes
	st.frames, st.cframes = nil, nil
	if st.caOn() {
		st.buildCluster()
		return
	}
	sim, err := hpa.New(st.cfg)
	if err != nil {
		panic(err) // config() returns a valid Config
	}
	st.frames = []frame{{sim: sim.Clone(), load: hpa.Load(st.in.Load, 1)}}
	for n := 1; n <= Syncs; n++ {
		load := hpa.Load(st.in.Load, n)
		sy := sim.Sync(load)
		st.frames = append(st.frames, frame{sync: &sy, sim: sim.Clone(), load: load})
	}
}

func (st *State) cur() frame { return st.frames[st.step] }

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	switch a.Kind {
	case "step":
		if st.step >= st.total() {
			return fmt.Errorf("This is the last step of the timeline.")
		}
		st.step++
	case "back":
		if st.step == 0 {
			return fmt.Errorf("This is the first step.")
		}
		st.step--
	case "reset":
		st.step = 0
	case "goto":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 || n > st.total() {
			return fmt.Errorf("There is no step %q: the steps are 0 to %d.", a.Value, st.total())
		}
		st.step = n
	case "set":
		p := st.in.get(a.Key)
		if p == nil {
			return fmt.Errorf("There is no setting %q.", a.Key)
		}
		v := strings.TrimSpace(a.Value)
		if a.Key == "load" && !contains(hpa.Presets, v) {
			return fmt.Errorf("load cannot be %q.", clip(v))
		}
		if a.Key == "ca" && !contains(caModes, v) {
			return fmt.Errorf("ca is on or off, not %q.", clip(v))
		}
		if len(v) > 12 {
			return fmt.Errorf("That value is too long.")
		}
		if *p == v {
			return nil
		}
		*p = v
		st.build() // keep the step: the same moment of another story
		st.step = min(st.step, st.total())
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	for _, n := range paramNames {
		if v := *st.in.get(n); v != *defaults.get(n) {
			q.Set(n, v)
		}
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, st.total() }

// Narration implements demos.State.
func (st *State) Narration() string {
	if st.caOn() {
		return st.clusterNarration()
	}
	f := st.cur()
	s := f.sim
	if f.sync == nil {
		return fmt.Sprintf("The HPA web is created for Deployment web with %d pods; it has no metric yet, so kubectl shows %s.", s.Replicas, s.Targets())
	}
	y := f.sync
	at := fmt.Sprintf("Sync at %s", hpa.HumanDuration(y.T))
	if y.Bounded != "" {
		return fmt.Sprintf("%s: %s, so the HPA sets %d replicas without reading the metric.", at, y.Bounded, y.Desired)
	}
	head := fmt.Sprintf("%s: %s over %d pods is %d%% of request, ratio %.2f", at, milli(y.LoadMilli), y.CurrentReplicas, y.Utilization, y.UsageRatio)
	switch {
	case y.WithinTolerance && !y.Rescaled:
		return head + fmt.Sprintf(", within the 0.1 tolerance: %d replicas stay.", y.CurrentReplicas)
	case y.Rescaled && y.Desired != y.Stabilized:
		return head + fmt.Sprintf("; it proposes %d but scales only %d → %d: %s.", y.Proposed, y.CurrentReplicas, y.Desired, y.LimitMessage)
	case y.Rescaled:
		return head + fmt.Sprintf("; it scales %d → %d.", y.CurrentReplicas, y.Desired)
	case y.Proposed < y.CurrentReplicas && y.Stabilized == y.CurrentReplicas:
		return head + fmt.Sprintf("; it proposes %d, but the 5-minute scale-down window holds a recommendation of %d, so %d replicas stay.", y.Proposed, y.WindowMax, y.CurrentReplicas)
	case y.Desired != y.Stabilized:
		return head + fmt.Sprintf("; it proposes %d, but %s, so %d replicas stay.", y.Proposed, y.LimitMessage, y.CurrentReplicas)
	default:
		return head + fmt.Sprintf("; it proposes %d, and %d replicas stay.", y.Proposed, y.CurrentReplicas)
	}
}

func milli(m int64) string { return strconv.FormatInt(m, 10) + "m" }

// Text implements demos.State.
func (st *State) Text() string {
	if st.caOn() {
		return st.clusterText()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "load=%s minReplicas=%d maxReplicas=%d target=%d%% step=%d/%d\n", st.in.Load, st.cfg.MinReplicas, st.cfg.MaxReplicas, st.cfg.TargetUtilization, st.step, Syncs)
	for _, k := range paramNames {
		if e, ok := st.errs[k]; ok {
			fmt.Fprintf(&b, "invalid %s: %s\n", k, e)
		}
	}
	b.WriteString(st.Narration() + "\n")
	b.WriteString(st.cur().sim.Describe())
	return b.String()
}
