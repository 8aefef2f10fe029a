package architecture

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/archtrace"
)

// State is the demo's state: the settings as typed and the step shown. The
// trace is derived from the settings (archtrace.Run is a pure function).
type State struct {
	scenario, fault, seed string
	step                  int

	seedErr string
	tr      *archtrace.Trace
}

func (st *State) config() archtrace.Config {
	seed, e := parseSeed(st.seed)
	st.seedErr = e
	f := archtrace.Fault(st.fault)
	if st.fault == "none" {
		f = archtrace.FaultNone
	}
	return archtrace.Config{Scenario: archtrace.Scenario(st.scenario), Fault: f, Seed: seed}
}

func (st *State) build() {
	tr, err := archtrace.Run(st.config())
	if err != nil {
		panic(err) // open and Apply only let valid values through
	}
	st.tr = tr
	if st.step > len(tr.Steps) {
		st.step = len(tr.Steps)
	}
}

// cur is the state shown: before the command at step 0.
func (st *State) cur() archtrace.State {
	if st.step == 0 {
		return st.tr.Start
	}
	return st.tr.Steps[st.step-1].State
}

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	n := len(st.tr.Steps)
	if ok, err := demos.Move(&st.step, n, a, ""); ok {
		return err
	}
	switch a.Kind {
	case "set":
		v := strings.TrimSpace(a.Value)
		switch a.Key {
		case "scenario":
			if v != "pod" && v != "deployment" {
				return fmt.Errorf("scenario cannot be %q.", clip(v))
			}
			st.scenario = v
		case "fault":
			if !validFault(v) {
				return fmt.Errorf("fault cannot be %q.", clip(v))
			}
			st.fault = v
		case "seed":
			if len(v) > 40 {
				return fmt.Errorf("That value is too long.")
			}
			st.seed = v
		default:
			return fmt.Errorf("There is no setting %q.", clip(a.Key))
		}
		st.step = 0
		st.build()
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	if st.scenario != defaultScenario {
		q.Set("scenario", st.scenario)
	}
	if st.fault != defaultFault {
		q.Set("fault", st.fault)
	}
	if st.seed != defaultSeed {
		q.Set("seed", st.seed)
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, len(st.tr.Steps) }

// Narration implements demos.State.
func (st *State) Narration() string {
	if st.step == 0 {
		return st.tr.Intro
	}
	return fmt.Sprintf("Step %d of %d: %s", st.step, len(st.tr.Steps), st.tr.Steps[st.step-1].Narration)
}

// Text implements demos.State: the whole state as plain text.
func (st *State) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "$ %s (Kubernetes v1.37)\n", st.tr.Command)
	fmt.Fprintf(&b, "scenario=%s fault=%s seed=%s\n", st.scenario, st.fault, st.seed)
	if st.seedErr != "" {
		fmt.Fprintf(&b, "Invalid seed: %s\n", st.seedErr)
	}
	fmt.Fprintf(&b, "Step %d of %d\n\n", st.step, len(st.tr.Steps))
	if st.step == 0 {
		b.WriteString(st.tr.Intro + "\n\n")
		if st.scenario == "pod" {
			b.WriteString(archtrace.File + ":\n" + archtrace.Manifest + "\n\n")
		}
		b.WriteString(archtrace.DescribeState(st.cur(), 0))
		return b.String()
	}
	s := st.tr.Steps[st.step-1]
	b.WriteString(archtrace.DescribeStep(st.step, s))
	b.WriteString("\n" + archtrace.DescribeState(s.State, s.At))
	b.WriteString("\nTerminal:\n$ " + st.tr.Command + "\n")
	for _, l := range s.State.Terminal {
		b.WriteString(l + "\n")
	}
	return b.String()
}
