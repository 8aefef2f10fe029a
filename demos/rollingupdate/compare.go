package rollingupdate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kubeviz/kubeviz/engine/rollout"
)

// compareParams names, by the field they replace, the query parameters of
// the comparison: the same update with another maxSurge or maxUnavailable.
var compareParams = map[string]string{"maxSurge": "compareSurge", "maxUnavailable": "compareUnavailable"}

// buildCompare simulates the comparison, if one is asked for and it can
// be drawn; otherwise it says why in cmpDropped and forgets it, so that
// Query and Open agree.
func (st *State) buildCompare() {
	st.cmp, st.cmpDropped = nil, ""
	if st.cmpSurge == "" && st.cmpUnavail == "" {
		return
	}
	drop := func(why string) {
		if !strings.HasSuffix(why, ".") {
			why += "."
		}
		st.cmpDropped = why + " No comparison is shown."
		st.cmpSurge, st.cmpUnavail = "", ""
	}
	if st.cfg.Strategy != rollout.RollingUpdate {
		drop("compareSurge and compareUnavailable compare two RollingUpdate settings, and strategy is Recreate.")
		return
	}
	in := st.in
	if st.cmpSurge != "" {
		in.MaxSurge = st.cmpSurge
	}
	if st.cmpUnavail != "" {
		in.MaxUnavailable = st.cmpUnavail
	}
	cfg, errs := in.config()
	for _, k := range []string{"maxSurge", "maxUnavailable"} {
		for _, e := range errs[k] {
			if !slices.Contains(st.errs[k], e) {
				// Name the parameter the learner gave: a combination
				// error may be reported on the other field.
				p, v := compareParams[k], *in.get(k)
				if (k == "maxSurge" && st.cmpSurge == "") || (k == "maxUnavailable" && st.cmpUnavail == "") {
					p, v = "compareSurge", st.cmpSurge
					if v == "" {
						p, v = "compareUnavailable", st.cmpUnavail
					}
				}
				drop(fmt.Sprintf("%s=%s cannot be used: %s", p, clip(v), e))
				return
			}
		}
	}
	if cfg.MaxSurge == st.cfg.MaxSurge && cfg.MaxUnavailable == st.cfg.MaxUnavailable {
		drop(fmt.Sprintf("The comparison (maxSurge %s, maxUnavailable %s) is the Deployment's own setting, so there is nothing to compare.", cfg.MaxSurge.String(), cfg.MaxUnavailable.String()))
		return
	}
	st.cmpCfg = cfg
	st.cmp = timeline(cfg, st.in.Version == versionBroken, 0)
}

// settingLabel names a setting by the fields the comparison changes:
// "maxSurge 0", or "maxSurge 0, maxUnavailable 1".
func (st *State) settingLabel(cfg rollout.Config) string {
	var parts []string
	surge := st.cmpSurge != "" && st.cmpCfg.MaxSurge != st.cfg.MaxSurge
	unavail := st.cmpUnavail != "" && st.cmpCfg.MaxUnavailable != st.cfg.MaxUnavailable
	if surge || !unavail {
		parts = append(parts, "maxSurge "+cfg.MaxSurge.String())
	}
	if unavail {
		parts = append(parts, "maxUnavailable "+cfg.MaxUnavailable.String())
	}
	return strings.Join(parts, ", ")
}

// cmpCur is the comparison's frame at the shared step: once its rollout
// has ended it stays at its end.
func (st *State) cmpCur() frame { return st.cmp[min(st.step, len(st.cmp)-1)] }

// outcome says how a timeline ends: the first step at which kubectl
// rollout status says it rolled out, or that the deadline passed.
func outcome(frames []frame) string {
	for i, f := range frames {
		if i < 2 {
			continue
		}
		line, done, failed := f.sim.RolloutStatus()
		switch {
		case done:
			return fmt.Sprintf("finishes at step %d", i)
		case failed:
			if strings.Contains(line, "exceeded its progress deadline") {
				return fmt.Sprintf("exceeds its progress deadline at step %d", i)
			}
			return fmt.Sprintf("fails at step %d", i)
		}
	}
	return fmt.Sprintf("has not finished by step %d", len(frames)-1)
}

// compareSummary is the one-line comparison:
// "maxSurge 0 finishes at step 18; maxSurge 2 finishes at step 11."
func (st *State) compareSummary() string {
	a, b := st.settingLabel(st.cfg), st.settingLabel(st.cmpCfg)
	if st.undo != 0 {
		a += fmt.Sprintf(" (rolled back at step %d)", st.undo)
	}
	s := fmt.Sprintf("%s %s; %s %s.", a, outcome(st.frames), b, outcome(st.cmp))
	if st.undo != 0 {
		s += " (The comparison runs without your kubectl rollout undo.)"
	}
	return s
}

// compareNarration is the comparison's part of the narration.
func (st *State) compareNarration() string {
	line, _, _ := st.cmpCur().sim.RolloutStatus()
	return fmt.Sprintf("Beside it, with %s: %s", st.settingLabel(st.cmpCfg), line)
}

// atLabel says which of its own steps a timeline shows at the shared step.
func atLabel(step int, frames []frame) string {
	if step >= len(frames)-1 {
		return fmt.Sprintf("step %d, its last", len(frames)-1)
	}
	return fmt.Sprintf("step %d", step)
}

// compareText is the comparison's part of Text.
func (st *State) compareText() string {
	var b strings.Builder
	s := st.cmpCur().sim
	c := s.Count()
	line, _, _ := s.RolloutStatus()
	fmt.Fprintf(&b, "\nComparison, stepped together: %s beside %s\n", st.settingLabel(st.cmpCfg), st.settingLabel(st.cfg))
	fmt.Fprintf(&b, "%s\n", st.compareSummary())
	fmt.Fprintf(&b, "With %s, at %s:\n", st.settingLabel(st.cmpCfg), atLabel(st.step, st.cmp))
	fmt.Fprintf(&b, "maxSurge: %s\nmaxUnavailable: %s\n", s.F.SurgeWork, s.F.UnavailWork)
	if s.F.BothZero {
		b.WriteString("Both resolved to 0, so the controller uses maxUnavailable 1.\n")
	}
	fmt.Fprintf(&b, "Bounds: at least %d available, at most %d pods.\n", c.MinAvail, c.MaxTotal)
	fmt.Fprintf(&b, "Counts: desired %d, pods %d, updated %d, available %d, old %d, terminating %d\n", c.Desired, c.Pods, c.Updated, c.Available, c.Old, c.Terminating)
	fmt.Fprintf(&b, "$ kubectl get deployment %s\n%s\n", st.cmpCfg.Name, s.GetDeployment())
	fmt.Fprintf(&b, "$ kubectl rollout status deployment/%s\n%s\n", st.cmpCfg.Name, line)
	return b.String()
}
