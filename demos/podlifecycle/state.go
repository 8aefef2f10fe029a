package podlifecycle

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/kubelet"
)

// State is the demo's state: the preset, the settings that differ from it
// (as typed), and the second shown. The timeline is derived: the whole of
// it is simulated from those, so any second is a replay.
type State struct {
	preset string
	raw    map[string]string
	step   int

	pod    kubelet.Pod
	errs   fieldErrors
	frames []kubelet.Frame
}

func (st *State) presetDef() preset {
	p, _ := presetNamed(st.preset)
	return p
}

func (st *State) total() int { return st.presetDef().Seconds }

func (st *State) build() {
	sc := st.builtScenario()
	st.pod, st.errs, st.frames = sc.pod, sc.errs, sc.frames
	st.step = min(st.step, st.total())
}

func (st *State) cur() kubelet.Frame { return st.frames[st.step] }

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	switch a.Kind {
	case "step":
		if st.step >= st.total() {
			return fmt.Errorf("This is the end of the timeline (t=%d s).", st.total())
		}
		st.step++
	case "back":
		if st.step == 0 {
			return fmt.Errorf("This is t=0, the start of the timeline.")
		}
		st.step--
	case "reset":
		st.step = 0
	case "goto":
		n, err := strconv.Atoi(strings.TrimSpace(a.Value))
		if err != nil || n < 0 || n > st.total() {
			return fmt.Errorf("There is no second %q: this timeline runs from 0 to %d.", clip(a.Value), st.total())
		}
		st.step = n
	case "set":
		v := strings.TrimSpace(a.Value)
		if len(v) > 40 {
			return fmt.Errorf("That value is too long.")
		}
		if a.Key == "preset" {
			if _, ok := presetNamed(v); !ok {
				return fmt.Errorf("There is no preset %q.", clip(v))
			}
			if v != st.preset {
				st.preset, st.raw, st.step = v, map[string]string{}, 0
				st.build()
			}
			return nil
		}
		known := false
		for _, n := range paramNames {
			known = known || n == a.Key
		}
		if !known {
			return fmt.Errorf("There is no setting %q.", clip(a.Key))
		}
		if msg := enumProblem(a.Key, v); msg != "" {
			return fmt.Errorf("%s", msg)
		}
		if v == defaultsOf(st.presetDef())[a.Key] {
			delete(st.raw, a.Key)
		} else {
			st.raw[a.Key] = v
		}
		st.build() // the same second, in the changed story
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	if st.preset != defaultPreset {
		q.Set("preset", st.preset)
	}
	for _, n := range paramNames {
		if v, ok := st.raw[n]; ok {
			q.Set(n, v)
		}
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// Progress implements demos.State: one step is one simulated second.
func (st *State) Progress() (int, int) { return st.step, st.total() }

// Narration implements demos.State: one sentence for the second.
func (st *State) Narration() string {
	f := st.cur()
	g := f.Get
	what := ""
	for _, h := range f.Happened {
		if h.Who != "prober" || what == "" {
			what = h.What
			if h.Who != "prober" {
				break
			}
		}
	}
	if what == "" && st.step > 0 && f.Synced && st.frames[st.step-1].Get.Status != g.Status {
		what = "The kubelet synced the pod and wrote its new status"
	}
	if what == "" {
		what = quietSentence(f)
	}
	return fmt.Sprintf("t=%d s: %s kubectl get pods: %s %s, %s ready, %s restarts.", f.T, strings.TrimSuffix(what, ".")+".", g.Name, g.Status, g.Ready, g.Restarts)
}

// quietSentence says what is going on in a second in which nothing happened.
func quietSentence(f kubelet.Frame) string {
	for _, c := range f.Containers {
		if c.RestartAt >= 0 {
			return fmt.Sprintf("%s waits out its %d s back-off; it may restart from t=%d s", c.Name, c.BackOff, c.RestartAt)
		}
	}
	if f.Terminal {
		return "The pod is " + string(f.Status.Phase) + "; nothing more happens to it"
	}
	return "Nothing changes this second"
}

// Text implements demos.State: the whole state as plain text.
func (st *State) Text() string {
	f := st.cur()
	p := st.presetDef()
	var b strings.Builder
	fmt.Fprintf(&b, "Pod lifecycle, t=%d s of %d (Kubernetes v1.37)\n", f.T, st.total())
	fmt.Fprintf(&b, "Preset: %s. %s\n", p.Name, p.About)
	fmt.Fprintf(&b, "Settings: restartPolicy=%s", st.pod.RestartPolicy)
	def := defaultsOf(p)
	for _, n := range paramNames[1:] {
		if v, ok := st.raw[n]; ok {
			fmt.Fprintf(&b, " %s=%s", n, v)
		} else if n == "start" || n == "crashAfter" || n == "startup" || n == "readiness" || n == "liveness" {
			fmt.Fprintf(&b, " %s=%s", n, def[n])
		}
	}
	b.WriteString("\n")
	for _, n := range paramNames {
		for _, e := range st.errs[n] {
			fmt.Fprintf(&b, "Invalid %s: %s\n", n, e)
		}
	}
	b.WriteString("\nThis second:\n")
	if len(f.Happened) == 0 {
		fmt.Fprintf(&b, "  %s.\n", quietSentence(f))
	}
	for _, h := range f.Happened {
		fmt.Fprintf(&b, "  %s: %s\n", h.Who, h.What)
	}
	for _, pa := range f.Probes {
		fmt.Fprintf(&b, "  probe: %s\n", probeLine(pa))
	}
	b.WriteString("\n$ kubectl get pods\n")
	b.WriteString(kubelet.GetPods(f.Get))
	b.WriteString("\n")
	b.WriteString(kubelet.Describe(f))
	b.WriteString("\n")
	b.WriteString(kubelet.DescribeEvents(f.Events, f.T))
	return b.String()
}

func probeLine(pa kubelet.ProbeAttempt) string {
	s := fmt.Sprintf("%s %s ", pa.Container, pa.Kind)
	if pa.OK {
		s += "passed"
	} else {
		s += "failed: " + pa.Output
	}
	word := "failures"
	if pa.OK {
		word = "passes"
	}
	s += fmt.Sprintf(" (%d %s in a row, threshold %d; result %s", pa.Run, word, pa.Threshold, pa.Result)
	if pa.Changed {
		s += ", changed"
	}
	return s + ")"
}
