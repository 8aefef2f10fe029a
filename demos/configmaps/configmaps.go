package configmaps

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/configmap"
)

// defaultStory is the timeline when the URL has no do parameter: at step 2
// (05:00:20) the learner changes APP_COLOR from blue to green.
var defaultStory = []timed{{Step: 2, Act: act{Op: opCM, Key: "APP_COLOR", Value: "green"}}}

// Ops of the timeline, as written in the do parameter.
const (
	opCM         = "cm"         // cm:KEY=VALUE   kubectl apply app-config with KEY
	opCMDelete   = "cm-del"     // cm-del:KEY     … without KEY
	opCMBig      = "cm-big"     // cm-big         … with 1 MiB more
	opData       = "data"       // data:KEY=B64   kubectl apply app-secret, data
	opStringData = "stringData" // stringData:KEY=VALUE
	opReplace    = "replace"    // replace        delete and re-create the pod
)

// act is one thing the learner did.
type act struct{ Op, Key, Value string }

// timed is an act at a step: the act taken at step k is step k+1.
type timed struct {
	Step int
	Act  act
}

func (a act) String() string {
	switch a.Op {
	case opCMBig, opReplace:
		return a.Op
	case opCMDelete:
		return a.Op + ":" + a.Key
	}
	return a.Op + ":" + a.Key + "=" + a.Value
}

// parseAct reads "cm:APP_COLOR=green" (without the step).
func parseAct(s string) (act, error) {
	op, rest, _ := strings.Cut(s, ":")
	switch op {
	case opCMBig, opReplace:
		return act{Op: op}, nil
	case opCMDelete:
		if rest == "" {
			return act{}, fmt.Errorf("cm-del needs a key: cm-del:KEY")
		}
		return act{Op: op, Key: rest}, nil
	case opCM, opData, opStringData:
		k, v, ok := strings.Cut(rest, "=")
		if !ok || k == "" {
			return act{}, fmt.Errorf("write the change as KEY=VALUE, as kubectl's --from-literal takes it")
		}
		return act{Op: op, Key: k, Value: v}, nil
	}
	return act{}, fmt.Errorf("%q is not an action (cm, cm-del, cm-big, data, stringData, replace)", clip(op))
}

// settings are the story's choices, as typed (a bad defaultMode is kept and
// shown beside its control).
type settings struct {
	Mode, Immutable, Break, SecretMode, Seed string
}

var defaults = settings{Mode: "volume", Immutable: "false", Break: "none", SecretMode: "", Seed: "1"}

const defaultLiterals = "DB_PASSWORD=s3cret!\nAPI_KEY=sk-abc123xyz"

// Definition is the configmaps-secrets demo.
var Definition = demos.Definition{
	Name:     "configmaps-secrets",
	Title:    "ConfigMaps and Secrets, as variables and as files",
	Summary:  "Change a value in a ConfigMap or a Secret and step through time: environment variables keep their old value until the pod is replaced, while mounted files change at the kubelet's next sync, through the atomic writer's symlink swap.",
	Section:  "configmaps-secrets",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "mode", Help: "how config-pod consumes app-config and app-secret: env (envFrom, valueFrom) or volume (configMap and secret volumes, subPath)", Default: defaults.Mode, Values: []string{"env", "volume"}},
		{Name: "immutable", Help: "app-config has immutable: true", Default: defaults.Immutable, Values: []string{"false", "true"}},
		{Name: "break", Help: "a mistake in the pod: a missing key, a missing ConfigMap, or a missing object marked optional", Default: defaults.Break, Values: []string{"none", "key", "configmap", "optional"}},
		{Name: "secretMode", Help: "secret-volume's defaultMode, octal as in YAML (0400); empty: the default 0644 (420)", Default: ""},
		{Name: "seed", Help: "seed of the sync jitter and the directory names", Default: defaults.Seed},
		{Name: "do", Help: "what you did, one per parameter: STEP:cm:KEY=VALUE, STEP:cm-del:KEY, STEP:cm-big, STEP:data:KEY=BASE64, STEP:stringData:KEY=VALUE, STEP:replace; absent: the story (2:cm:APP_COLOR=green); empty: nothing", Default: ""},
		{Name: "literals", Help: "the --from-literal values of kubectl create secret generic, one per line", Default: defaultLiterals},
		{Name: "cm", Help: "KEY=VALUE: apply app-config with it at this step (a form; becomes do)", Default: ""},
		{Name: "stringData", Help: "KEY=VALUE: apply app-secret with it under stringData at this step", Default: ""},
		{Name: "data", Help: "KEY=BASE64: apply app-secret with it under data at this step", Default: ""},
		{Name: "act", Help: "replace (delete and re-create config-pod) or cm-big (a ConfigMap over 1 MiB) at this step", Default: "", Values: []string{"replace", "cm-big"}},
		{Name: "step", Help: "the step shown", Default: "0"},
	},
	Open: Open,
}

var settingNames = []string{"mode", "immutable", "break", "secretMode", "seed"}

func (s *settings) get(name string) *string {
	switch name {
	case "mode":
		return &s.Mode
	case "immutable":
		return &s.Immutable
	case "break":
		return &s.Break
	case "secretMode":
		return &s.SecretMode
	case "seed":
		return &s.Seed
	}
	return nil
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{in: defaults, literals: defaultLiterals}
	for _, n := range settingNames {
		if v, ok := q[n]; ok && len(v) > 0 {
			*st.in.get(n) = strings.TrimSpace(v[0])
		}
	}
	enum := func(name string, allowed ...string) {
		p := st.in.get(name)
		for _, a := range allowed {
			if *p == a {
				return
			}
		}
		problems = append(problems, fmt.Sprintf("%s must be %s, not %q; showing %s.", name, strings.Join(allowed, " or "), clip(*p), *defaults.get(name)))
		*p = *defaults.get(name)
	}
	enum("mode", "env", "volume")
	enum("immutable", "false", "true")
	enum("break", "none", "key", "configmap", "optional")
	if _, err := strconv.ParseUint(st.in.Seed, 10, 64); err != nil {
		problems = append(problems, fmt.Sprintf("seed must be a whole number, not %q; showing seed 1.", clip(st.in.Seed)))
		st.in.Seed = defaults.Seed
	}
	if v, ok := q["literals"]; ok && len(v) > 0 {
		st.literals = strings.ReplaceAll(v[0], "\r\n", "\n")
	}
	if vs, ok := q["do"]; ok {
		st.acts = []timed{}
		for _, v := range vs {
			if v == "" {
				continue
			}
			n, rest, _ := strings.Cut(v, ":")
			k, err := strconv.Atoi(n)
			if err != nil || k < 0 {
				problems = append(problems, fmt.Sprintf("do=%s does not start with a step number (STEP:cm:KEY=VALUE); left out.", clip(v)))
				continue
			}
			a, err := parseAct(rest)
			if err != nil {
				problems = append(problems, fmt.Sprintf("do=%s: %v; left out.", clip(v), err))
				continue
			}
			if len(st.acts) > 0 && k <= st.acts[len(st.acts)-1].Step {
				problems = append(problems, fmt.Sprintf("do=%s: steps must increase; left out.", clip(v)))
				continue
			}
			st.acts = append(st.acts, timed{Step: k, Act: a})
		}
	} else {
		st.acts = append([]timed(nil), defaultStory...)
	}
	st.build()
	// Acts past the end of the timeline cannot have happened.
	for i, t := range st.acts {
		if t.Step >= len(st.frames) {
			problems = append(problems, fmt.Sprintf("do=%d:%s is after the last step (%d); left out.", t.Step, t.Act, len(st.frames)-1))
			st.acts = st.acts[:i]
			st.build()
			break
		}
	}
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", len(st.frames)-1, clip(v)))
		case n > len(st.frames)-1:
			problems = append(problems, fmt.Sprintf("This story has %d steps, so there is no step %d; showing the last.", len(st.frames)-1, n))
			st.step = len(st.frames) - 1
		default:
			st.step = n
		}
	}
	st.moveTo(st.step)
	// One-shot actions from the no-JavaScript forms: taken at this step.
	for _, p := range []struct{ param, op string }{{"cm", opCM}, {"stringData", opStringData}, {"data", opData}} {
		if v := q.Get(p.param); v != "" {
			if err := st.Apply(demos.Action{Kind: "edit", Key: p.op, Value: v}); err != nil {
				problems = append(problems, fmt.Sprintf("%s=%s: %v", p.param, clip(v), err))
			}
		}
	}
	if v := q.Get("act"); v != "" {
		if err := st.Apply(demos.Action{Kind: "act", Value: v}); err != nil {
			problems = append(problems, fmt.Sprintf("act=%s: %v", clip(v), err))
		}
	}
	return st, problems
}

// config turns the settings into an engine Config; a bad defaultMode is
// reported beside its control and left unset.
func (s settings) config() (configmap.Config, string) {
	seed, _ := strconv.ParseUint(s.Seed, 10, 64)
	cfg := configmap.Config{Mode: configmap.Mode(s.Mode), Seed: seed, Immutable: s.Immutable == "true"}
	if s.Break != "none" {
		cfg.Break = configmap.Break(s.Break)
	}
	if s.SecretMode == "" {
		return cfg, ""
	}
	// YAML 1.1, which the API server's YAML decoder speaks: a leading 0 is
	// octal (0400 is 256); otherwise decimal (400 is 0620!).
	m, err := strconv.ParseInt(s.SecretMode, 0, 32)
	if err != nil || strings.HasPrefix(s.SecretMode, "0x") || strings.HasPrefix(s.SecretMode, "0b") {
		return cfg, fmt.Sprintf("spec.volumes[1].secret.defaultMode must be a number (0400 in YAML is octal), not %q.", clip(s.SecretMode))
	}
	m32 := int32(m)
	cfg.SecretDefaultMode = &m32
	if errs := cfg.Validate(); len(errs) > 0 {
		cfg.SecretDefaultMode = nil
		return cfg, errs[0].Error()
	}
	return cfg, ""
}

func clip(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
