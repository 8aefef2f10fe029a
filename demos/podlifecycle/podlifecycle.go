package podlifecycle

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/kubelet"
)

const defaultPreset = "healthy"

// probeKinds are the app container's probes, as parameter prefixes.
var probeKinds = []string{"startup", "readiness", "liveness"}

// probeFields are the probe fields a learner can set, in form order.
var probeFields = []string{"initialDelaySeconds", "periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold"}

// behaviourParams are the program's script, for the app container.
var behaviourParams = []string{"start", "crashAfter", "exitCode", "healthzFailAfter", "readyFail", "imagePull", "initFailsOnce"}

// paramNames are every setting, in the order of the URL and the form.
var paramNames = func() []string {
	out := []string{"restartPolicy"}
	out = append(out, behaviourParams...)
	for _, k := range probeKinds {
		out = append(out, k)
		for _, f := range probeFields {
			out = append(out, k+"."+f)
		}
	}
	return out
}()

var restartPolicies = []string{string(corev1.RestartPolicyAlways), string(corev1.RestartPolicyOnFailure), string(corev1.RestartPolicyNever)}

// Definition is the pod-lifecycle demo.
var Definition = demos.Definition{
	Name:     "pod-lifecycle",
	Title:    "A pod's life on its node, second by second",
	Summary:  "A simulated kubelet runs one pod: init containers, probes, restarts with back-off, the pod's phase and conditions, and what kubectl get pods and kubectl describe pod show at every second.",
	Section:  "lifecycle",
	Upstream: "Kubernetes v1.37",
	Params:   params(),
	Open:     Open,
}

func params() []demos.Param {
	p := []demos.Param{
		{Name: "preset", Help: "the scenario", Default: defaultPreset, Values: presetNames()},
		{Name: "step", Help: "the simulated second shown (t is accepted too)", Default: "0"},
		{Name: "restartPolicy", Help: "spec.restartPolicy", Values: restartPolicies},
		{Name: "start", Help: "seconds the app takes to start listening"},
		{Name: "crashAfter", Help: "the app exits after this many seconds of running (0: never)"},
		{Name: "exitCode", Help: "the exit code when it exits on its own"},
		{Name: "healthzFailAfter", Help: "/healthz answers 500 after this many seconds of running (0: never)"},
		{Name: "readyFail", Help: "pod seconds FROM-TO in which /ready answers 503 (empty: never)"},
		{Name: "imagePull", Help: "ok, or fails: the image's tag does not exist", Values: []string{"ok", "fails"}},
		{Name: "initFailsOnce", Help: "yes: the first init container fails its first run", Values: []string{"no", "yes"}},
	}
	for _, k := range probeKinds {
		p = append(p, demos.Param{Name: k, Help: "the app container's " + k + "Probe", Values: []string{"on", "off"}})
		for _, f := range probeFields {
			p = append(p, demos.Param{Name: k + "." + f, Help: k + "Probe." + f})
		}
	}
	return p
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	name := defaultPreset
	if v := q.Get("preset"); v != "" {
		if _, ok := presetNamed(v); ok {
			name = v
		} else {
			problems = append(problems, fmt.Sprintf("There is no preset %q; the presets are %s. Showing %s.", clip(v), strings.Join(presetNames(), ", "), defaultPreset))
		}
	}
	st := &State{preset: name, raw: map[string]string{}}
	def := defaultsOf(st.presetDef())
	for _, n := range paramNames {
		if vs, ok := q[n]; ok && len(vs) > 0 {
			v := strings.TrimSpace(vs[0])
			if msg := enumProblem(n, v); msg != "" {
				problems = append(problems, msg+" Showing "+def[n]+".")
				continue
			}
			if v != def[n] {
				st.raw[n] = clip(v)
			}
		}
	}
	st.build()
	stepRaw := q.Get("step")
	if stepRaw == "" {
		stepRaw = q.Get("t")
	}
	if stepRaw != "" {
		n, err := strconv.Atoi(stepRaw)
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number of seconds from 0 to %d, not %q; showing t=0.", st.total(), clip(stepRaw)))
		case n > st.total():
			problems = append(problems, fmt.Sprintf("This timeline ends at t=%d s, so there is no step %d; showing the end.", st.total(), n))
			st.step = st.total()
		default:
			st.step = n
		}
	}
	return st, problems
}

// enumProblem says why v is not a value of an enumerated parameter.
func enumProblem(name, v string) string {
	var allowed []string
	switch {
	case name == "restartPolicy":
		allowed = restartPolicies
	case name == "imagePull":
		allowed = []string{"ok", "fails"}
	case name == "initFailsOnce":
		allowed = []string{"no", "yes"}
	case name == "startup" || name == "readiness" || name == "liveness":
		allowed = []string{"on", "off"}
	default:
		return ""
	}
	for _, a := range allowed {
		if v == a {
			return ""
		}
	}
	if name == "restartPolicy" {
		// The API server's message (pkg/apis/core/validation: validateRestartPolicy).
		return fmt.Sprintf("spec.restartPolicy: Unsupported value: %q: supported values: \"Always\", \"OnFailure\", \"Never\".", clip(v))
	}
	return fmt.Sprintf("%s must be %s, not %q.", name, strings.Join(allowed, " or "), clip(v))
}

// defaultsOf is every setting's value in the preset, as the form shows it.
// It is computed once per preset and shared: read only.
func defaultsOf(p preset) map[string]string {
	if d, ok := presetDefaults.Load(p.Name); ok {
		return d.(map[string]string)
	}
	d := computeDefaults(p)
	presetDefaults.Store(p.Name, d)
	return d
}

func computeDefaults(p preset) map[string]string {
	d := map[string]string{}
	pod := p.Pod.Defaulted()
	app := pod.Containers[0]
	d["restartPolicy"] = string(pod.RestartPolicy)
	d["start"] = strconv.Itoa(app.App.StartSeconds)
	d["crashAfter"] = strconv.Itoa(app.App.ExitAfter)
	d["exitCode"] = strconv.Itoa(int(app.App.ExitCode))
	d["healthzFailAfter"] = strconv.Itoa(app.App.HealthzFailAfter)
	d["readyFail"] = ""
	if app.App.ReadyFailTo > app.App.ReadyFailFrom {
		d["readyFail"] = fmt.Sprintf("%d-%d", app.App.ReadyFailFrom, app.App.ReadyFailTo)
	}
	d["imagePull"] = "ok"
	if app.App.ImagePullFails {
		d["imagePull"] = "fails"
	}
	d["initFailsOnce"] = "no"
	if ic := firstInit(pod); ic != nil && ic.App.FailRuns > 0 {
		d["initFailsOnce"] = "yes"
	}
	for _, k := range probeKinds {
		pr := probeOf(&app, k)
		d[k] = "on"
		if pr == nil {
			d[k] = "off"
			pr = templateProbe(k)
		}
		vals := []int32{pr.InitialDelaySeconds, pr.PeriodSeconds, pr.TimeoutSeconds, pr.SuccessThreshold, pr.FailureThreshold}
		for i, f := range probeFields {
			d[k+"."+f] = strconv.Itoa(int(vals[i]))
		}
	}
	return d
}

// templateProbe is the probe a kind gets when it is turned on, defaulted.
func templateProbe(kind string) *corev1.Probe {
	return templateProbes()[kind].DeepCopy()
}

func probeOf(c *kubelet.Container, kind string) *corev1.Probe {
	switch kind {
	case "startup":
		return c.Startup
	case "readiness":
		return c.Readiness
	}
	return c.Liveness
}

func setProbe(c *kubelet.Container, kind string, p *corev1.Probe) {
	switch kind {
	case "startup":
		c.Startup = p
	case "readiness":
		c.Readiness = p
	default:
		c.Liveness = p
	}
}

func firstInit(p kubelet.Pod) *kubelet.Container {
	for i := range p.InitContainers {
		if !p.InitContainers[i].Sidecar {
			return &p.InitContainers[i]
		}
	}
	return nil
}

// fieldErrors are the learner's mistakes, by parameter, each as upstream
// (or, for the program's script, we) say it.
type fieldErrors map[string][]string

// pod builds the scenario from the preset and the settings. A value that
// cannot be used is reported beside its control and the preset's is used.
func (st *State) buildPod() (kubelet.Pod, fieldErrors) {
	p := st.presetDef()
	def := defaultsOf(p)
	errs := fieldErrors{}
	val := func(n string) string {
		if v, ok := st.raw[n]; ok {
			return v
		}
		return def[n]
	}
	pod := p.Pod.Defaulted()
	pod.InitContainers = append([]kubelet.Container(nil), pod.InitContainers...)
	pod.Containers = append([]kubelet.Container(nil), pod.Containers...)
	app := &pod.Containers[0]
	pod.RestartPolicy = corev1.RestartPolicy(val("restartPolicy"))
	seconds := func(n string, dst *int) {
		v := val(n)
		x, err := strconv.Atoi(v)
		switch {
		case err != nil:
			errs[n] = append(errs[n], fmt.Sprintf("%s must be a whole number of seconds, not %q.", labelOf(n), clip(v)))
		case x < 0 || x > 3600:
			errs[n] = append(errs[n], fmt.Sprintf("%s must be from 0 to 3600 seconds, not %d.", labelOf(n), x))
		default:
			*dst = x
		}
	}
	seconds("start", &app.App.StartSeconds)
	seconds("crashAfter", &app.App.ExitAfter)
	seconds("healthzFailAfter", &app.App.HealthzFailAfter)
	if v := val("exitCode"); v != "" {
		x, err := strconv.Atoi(v)
		if err != nil || x < 0 || x > 255 {
			errs["exitCode"] = append(errs["exitCode"], fmt.Sprintf("An exit code is a whole number from 0 to 255, not %q.", clip(v)))
		} else {
			app.App.ExitCode = int32(x)
		}
	}
	app.App.ReadyFailFrom, app.App.ReadyFailTo = 0, 0
	if v := val("readyFail"); v != "" {
		a, b, ok := strings.Cut(v, "-")
		from, err1 := strconv.Atoi(strings.TrimSpace(a))
		to, err2 := strconv.Atoi(strings.TrimSpace(b))
		if !ok || err1 != nil || err2 != nil || from < 0 || to <= from {
			errs["readyFail"] = append(errs["readyFail"], fmt.Sprintf("Write the window as FROM-TO in seconds, such as 40-70, not %q.", clip(v)))
		} else {
			app.App.ReadyFailFrom, app.App.ReadyFailTo = from, to
		}
	}
	app.App.ImagePullFails = val("imagePull") == "fails"
	app.Image = appImage
	if app.App.ImagePullFails {
		app.Image = missingImage
	}
	if ic := firstInit(pod); ic != nil {
		ic.App.FailRuns = 0
		if val("initFailsOnce") == "yes" {
			ic.App.FailRuns = 1
		}
	}
	for _, k := range probeKinds {
		if val(k) == "off" {
			setProbe(app, k, nil)
			continue
		}
		pr := templateProbe(k)
		if cur := probeOf(app, k); cur != nil {
			pr = cur.DeepCopy()
		}
		dst := []*int32{&pr.InitialDelaySeconds, &pr.PeriodSeconds, &pr.TimeoutSeconds, &pr.SuccessThreshold, &pr.FailureThreshold}
		for i, f := range probeFields {
			n := k + "." + f
			v := val(n)
			x, err := strconv.ParseInt(v, 10, 32)
			if err != nil {
				// What the API server's decoder says for a non-number.
				errs[n] = append(errs[n], fmt.Sprintf("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Probe.spec.containers.%sProbe.%s of type int32", k, f))
				continue
			}
			*dst[i] = int32(x)
		}
		setProbe(app, k, pr)
	}
	// The API server's checks (engine/pod, after validation.go). A probe
	// field it rejects goes back to the preset's value.
	for _, e := range pod.Validate() {
		n := paramOfField(e)
		if n == "" {
			continue
		}
		errs[n] = append(errs[n], e)
		kind, f, _ := strings.Cut(n, ".")
		if pr := probeOf(app, kind); pr != nil {
			d, _ := strconv.Atoi(def[n])
			dst := map[string]*int32{"initialDelaySeconds": &pr.InitialDelaySeconds, "periodSeconds": &pr.PeriodSeconds, "timeoutSeconds": &pr.TimeoutSeconds, "successThreshold": &pr.SuccessThreshold, "failureThreshold": &pr.FailureThreshold}[f]
			if dst != nil {
				*dst = int32(d)
			}
		}
	}
	return pod, errs
}

// paramOfField maps "spec.containers[0].livenessProbe.periodSeconds: …" to
// the parameter "liveness.periodSeconds".
func paramOfField(msg string) string {
	const pre = "spec.containers[0]."
	if !strings.HasPrefix(msg, pre) {
		return ""
	}
	path, _, _ := strings.Cut(msg[len(pre):], ":")
	kind, f, ok := strings.Cut(path, "Probe.")
	if !ok {
		return ""
	}
	for _, k := range probeKinds {
		if k == kind {
			for _, pf := range probeFields {
				if pf == f {
					return k + "." + f
				}
			}
		}
	}
	return ""
}

// labelOf is a setting's name in sentences.
func labelOf(n string) string {
	switch n {
	case "start":
		return "Start-up time"
	case "crashAfter":
		return "Exit after"
	case "healthzFailAfter":
		return "/healthz fails after"
	}
	return n
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
