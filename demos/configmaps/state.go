package configmaps

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/configmap"
)

const (
	// maxFrames bounds a timeline.
	maxFrames = 300
	// minEnd and after: the timeline runs at least to 05:03:00, and two
	// minutes past the last thing you did, long enough for a sync
	// (at most 1m30s away) to show its effect.
	minEnd   configmap.Time = 180_000
	afterAct configmap.Time = 120_000
	// maxValue bounds a value typed in a form.
	maxValue = 2000
)

// State is the demo's state: the settings, what the learner did and when,
// and the step shown. The timeline is derived: replayed from the start.
type State struct {
	in       settings
	acts     []timed
	step     int
	literals string

	cfg     configmap.Config
	modeErr string
	frames  []configmap.Happening
	sim     *configmap.Sim // the cluster at st.step
	simStep int            // the step sim is at
	// next is the cluster at step nextStep (st.step+1 when Prediction
	// asked for it), kept so that a step forward does not replay the story
	// again. Both are dropped when the story changes (build).
	next     *configmap.Sim
	nextStep int
	// ls is `ls -la` of each volume of sim and of its ..data, which the
	// view and the text both show: listed once per step.
	ls    map[*configmap.Volume][2]string
	lsFor *configmap.Sim
}

// run replays the story up to step `to` (or to its end when to < 0) and
// returns the simulation there and the happenings of every step.
func (st *State) run(to int) (*configmap.Sim, []configmap.Happening) {
	sim, err := configmap.New(st.cfg)
	if err != nil {
		panic(err) // config() leaves only valid Configs
	}
	hs := []configmap.Happening{sim.Start()}
	end := minEnd
	next := 0
	for i := 0; to < 0 || i < to; i++ {
		if a, ok := st.actAt(i); ok {
			hs = append(hs, apply(sim, a))
			end = max(end, sim.Now+afterAct)
			next++
			continue
		}
		if to < 0 && (len(hs) >= maxFrames || (sim.Now >= end && !sim.Busy() && next >= len(st.acts))) {
			break
		}
		hs = append(hs, sim.Step())
	}
	return sim, hs
}

func apply(sim *configmap.Sim, a act) configmap.Happening {
	switch a.Op {
	case opCM:
		return sim.EditConfigMap(a.Key, a.Value)
	case opCMDelete:
		return sim.RemoveConfigMapKey(a.Key)
	case opCMBig:
		return sim.OversizeConfigMap()
	case opData:
		return sim.EditSecret(configmap.Data, a.Key, a.Value)
	case opStringData:
		return sim.EditSecret(configmap.StringData, a.Key, a.Value)
	default:
		return sim.ReplacePod()
	}
}

// build derives the timeline and the cluster at the current step.
func (st *State) build() {
	st.cfg, st.modeErr = st.in.config()
	_, st.frames = st.run(-1)
	if st.step >= len(st.frames) {
		st.step = len(st.frames) - 1
	}
	st.sim, st.next = nil, nil
	st.moveTo(st.step)
}

// actAt is the act taken at step i, if the learner took one there.
func (st *State) actAt(i int) (act, bool) {
	for _, t := range st.acts {
		if t.Step == i {
			return t.Act, true
		}
	}
	return act{}, false
}

// after is the cluster one step after sim, which is at step i: a copy of
// it (configmap.Sim.Clone) that takes step i, the act taken there or the
// clock's next tick, as run does.
func (st *State) after(sim *configmap.Sim, i int) *configmap.Sim {
	n := sim.Clone()
	if a, ok := st.actAt(i); ok {
		apply(n, a)
	} else {
		n.Step()
	}
	return n
}

// moveTo sets st.sim to the cluster at step k: the one kept for the
// current or the next step, the current one a step on, or the story
// replayed to k. A Sim kept here is never changed afterwards.
func (st *State) moveTo(k int) {
	switch {
	case st.sim != nil && st.simStep == k:
	case st.next != nil && st.nextStep == k:
		st.sim, st.simStep = st.next, k
	case st.sim != nil && st.simStep == k-1:
		st.sim, st.simStep = st.after(st.sim, k-1), k
	default:
		st.sim, _ = st.run(k)
		st.simStep = k
	}
}

// listing is `ls -la` of volume v of st.sim and of its ..data directory.
func (st *State) listing(v *configmap.Volume) (dir, data string) {
	if st.lsFor != st.sim {
		st.ls, st.lsFor = map[*configmap.Volume][2]string{}, st.sim
	}
	l, ok := st.ls[v]
	if !ok {
		l = [2]string{v.LsLa(), v.LsLaData()}
		st.ls[v] = l
	}
	return l[0], l[1]
}

// nextSim is the cluster at the step after this one.
func (st *State) nextSim() *configmap.Sim {
	if st.next == nil || st.nextStep != st.step+1 {
		st.next, st.nextStep = st.after(st.sim, st.step), st.step+1
	}
	return st.next
}

func (st *State) cur() configmap.Happening { return st.frames[st.step] }

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	switch a.Kind {
	case "step":
		if st.step >= len(st.frames)-1 {
			return fmt.Errorf("This is the last step of the story: do something (edit a value, replace the pod) to go on.")
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
		if err != nil || n < 0 || n >= len(st.frames) {
			return fmt.Errorf("There is no step %q: the steps are 0 to %d.", a.Value, len(st.frames)-1)
		}
		st.step = n
	case "set":
		if a.Key == "literals" {
			if len(a.Value) > maxValue {
				return fmt.Errorf("That is too long for this demo (at most %d characters).", maxValue)
			}
			st.literals = strings.ReplaceAll(a.Value, "\r\n", "\n")
			return nil
		}
		p := st.in.get(a.Key)
		if p == nil {
			return fmt.Errorf("There is no setting %q.", a.Key)
		}
		v := strings.TrimSpace(a.Value)
		allowed := map[string][]string{"mode": {"env", "volume"}, "immutable": {"false", "true"}, "break": {"none", "key", "configmap", "optional"}}
		if vals, ok := allowed[a.Key]; ok && !contains(vals, v) {
			return fmt.Errorf("%s cannot be %q.", a.Key, clip(v))
		}
		if a.Key == "seed" {
			if _, err := strconv.ParseUint(v, 10, 64); err != nil {
				return fmt.Errorf("The seed is a whole number, not %q.", clip(v))
			}
		}
		if len(v) > 40 {
			return fmt.Errorf("That value is too long.")
		}
		*p = v
		st.build()
	case "edit":
		if len(a.Value) > maxValue {
			return fmt.Errorf("That value is too long for this demo (at most %d characters).", maxValue)
		}
		x, err := parseAct(a.Key + ":" + strings.ReplaceAll(a.Value, "\r\n", "\n"))
		if err != nil {
			return err
		}
		st.do(x)
	case "act":
		switch a.Value {
		case opReplace, opCMBig:
			st.do(act{Op: a.Value})
		default:
			return fmt.Errorf("%q is not something you can do here (replace or cm-big).", clip(a.Value))
		}
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	st.moveTo(st.step)
	return nil
}

// do takes an act at the current step: what came after it is undone (the
// story branches here), and the act is the next step.
func (st *State) do(x act) {
	var keep []timed
	for _, t := range st.acts {
		if t.Step < st.step {
			keep = append(keep, t)
		}
	}
	st.acts = append(keep, timed{Step: st.step, Act: x})
	st.step++
	st.build()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	for _, n := range settingNames {
		if v := *st.in.get(n); v != *defaults.get(n) {
			q.Set(n, v)
		}
	}
	if !sameActs(st.acts, defaultStory) {
		if len(st.acts) == 0 {
			q["do"] = []string{""}
		}
		for _, t := range st.acts {
			q.Add("do", strconv.Itoa(t.Step)+":"+t.Act.String())
		}
	}
	if st.literals != defaultLiterals {
		q.Set("literals", st.literals)
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

func sameActs(a, b []timed) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, len(st.frames) - 1 }

// Narration implements demos.State: one sentence for the step.
func (st *State) Narration() string {
	h := st.cur()
	s := fmt.Sprintf("Step %d of %d, %s: %s", st.step, len(st.frames)-1, h.At.Clock(), h.What)
	if h.Reject != nil {
		s += " " + strings.ReplaceAll(h.Reject.Kubectl(), "\n", " ")
	}
	return s
}

// Text implements demos.State: the whole state as plain text.
func (st *State) Text() string {
	s, h := st.sim, st.cur()
	var b strings.Builder
	b.Grow(4 << 10) // about 3.6 KB for the default story: one allocation
	fmt.Fprintf(&b, "Step %d of %d, %s UTC (Kubernetes v1.37)\n", st.step, len(st.frames)-1, h.At.Wall().Format("2006-01-02 15:04:05"))
	fmt.Fprintf(&b, "Settings: mode=%s immutable=%s break=%s secret defaultMode=%s seed=%s\n", st.in.Mode, st.in.Immutable, st.in.Break, modeText(st.cfg.SecretDefaultMode), st.in.Seed)
	if st.modeErr != "" {
		fmt.Fprintf(&b, "Invalid secretMode: %s\n", st.modeErr)
	}
	fmt.Fprintf(&b, "\nWhat happened (%s): %s\n", h.Actor, h.What)
	for _, l := range h.Lines {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	if h.Reject != nil {
		// What kubectl apply prints (kubectl cmd/util/helpers.go checkErr).
		fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(h.Reject.Kubectl(), "\n", "\n  "))
	}
	fmt.Fprintf(&b, "\nkubelet: last sync of config-pod %s, next %s (--sync-frequency 1m, jitter 0.5; configMapAndSecretChangeDetectionStrategy Watch).\n", s.LastSync.Clock(), nextText(s))
	fmt.Fprintf(&b, "\n$ kubectl get configmap app-config -o yaml\n%s", objectYAML(s.ConfigMap()))
	fmt.Fprintf(&b, "\n$ kubectl get secret app-secret -o yaml\n%s", objectYAML(s.Secret()))
	fmt.Fprintf(&b, "\n$ kubectl get pod config-pod\n%s", s.GetPod())
	if s.Container.State == "Running" {
		if st.cfg.Mode == configmap.EnvMode {
			fmt.Fprintf(&b, "\n$ kubectl exec config-pod -- env\n%s", configmap.EnvOutput(s.Container.Env))
		} else {
			for _, v := range s.Volumes {
				dir, data := st.listing(v)
				fmt.Fprintf(&b, "\n$ kubectl exec config-pod -- ls -la %s\n%s", v.MountPath, dir)
				fmt.Fprintf(&b, "\n$ kubectl exec config-pod -- ls -la %s/..data/\n%s", v.MountPath, data)
				for _, k := range v.Keys() {
					if f, ok := v.Resolve(k); ok {
						fmt.Fprintf(&b, "%s/%s: %q\n", v.MountPath, k, f.Data)
					}
				}
			}
			if sp := s.Sub; sp != nil && sp.Mounted {
				fmt.Fprintf(&b, "\n$ kubectl exec config-pod -- cat %s\n%s", sp.MountPath, sp.Data)
			}
		}
	}
	fmt.Fprintf(&b, "\n$ kubectl describe pod config-pod (events)\n%s", s.DescribeEvents())
	fmt.Fprintf(&b, "\n$ kubectl create secret generic app-secret %s --dry-run=client -o yaml\n%s", literalFlags(st.literals), createSecretText(st.literals))
	return b.String()
}

func nextText(s *configmap.Sim) string {
	if s.NextSync == configmap.Never {
		return "when its volumes mount"
	}
	return s.NextSync.Clock()
}

func modeText(m *int32) string {
	if m == nil {
		return "0644 (420, the default)"
	}
	return fmt.Sprintf("%#o (%d)", *m, *m)
}

// literalFlags is the command line the literals stand for.
func literalFlags(lits string) string {
	var fl []string
	for _, l := range splitLines(lits) {
		fl = append(fl, "--from-literal="+shellQuote(l))
	}
	return strings.Join(fl, " ")
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// shellQuote quotes like the outline does: KEY='value'.
func shellQuote(l string) string {
	k, v, ok := strings.Cut(l, "=")
	if !ok {
		return "'" + strings.ReplaceAll(l, "'", `'\''`) + "'"
	}
	return k + "='" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
