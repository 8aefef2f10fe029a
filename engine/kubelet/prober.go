package kubelet

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

type probeKind int

const (
	liveness probeKind = iota
	readiness
	startup
)

// String is probeType.String() in pkg/kubelet/prober/prober_manager.go; the
// Unhealthy event says "Liveness probe failed: …".
func (k probeKind) String() string {
	return [...]string{"Liveness", "Readiness", "Startup"}[k]
}

// result is pkg/kubelet/prober/results: Unknown, Success, Failure.
type result int

const (
	unknown result = iota
	success
	failure
)

func (r result) String() string { return [...]string{"Unknown", "Success", "Failure"}[r] }

// ProbeAttempt is one probe the kubelet ran.
type ProbeAttempt struct {
	T         int
	Container string
	Kind      string // Liveness, Readiness, Startup
	OK        bool
	Output    string // the probe's output on failure
	Run       int    // consecutive results like this one (worker.resultRun)
	Threshold int    // the threshold this result counts towards
	Result    string // what the results manager now holds: Success, Failure, Unknown
	Changed   bool   // the result crossed its threshold and changed
}

// worker is pkg/kubelet/prober/worker.go: one per container and probe,
// created when the kubelet first syncs the pod (AddPod). Its ticker fires
// every periodSeconds from then on, whether or not the container restarts;
// a readiness worker can also be triggered at once (manualTriggerCh) by
// UpdatePodStatus, which resets its ticker. The random initial sleep of
// worker.run happens only when the kubelet itself has just started, so it
// does not apply here.
type worker struct {
	ctr         *ctr
	kind        probeKind
	spec        *corev1.Probe
	next        int
	manual      bool
	containerID string
	lastResult  result
	resultRun   int
	onHold      bool
	stopped     bool
	initial     result
}

func newWorker(c *ctr, kind probeKind, spec *corev1.Probe, now int) *worker {
	w := &worker{ctr: c, kind: kind, spec: spec, next: now + int(spec.PeriodSeconds)}
	switch kind {
	case readiness:
		w.initial = failure
	case liveness:
		w.initial = success
	case startup:
		w.initial = unknown
	}
	return w
}

func (w *worker) due(t int) bool { return !w.stopped && (w.manual || t >= w.next) }

// set is results.Manager.Set: it reports whether the result changed, which
// is when the kubelet hears of it.
func (s *Sim) set(kind probeKind, id string, r result) bool {
	old, ok := s.results[kind][id]
	s.results[kind][id] = r
	return !ok || old != r
}

func (s *Sim) get(kind probeKind, id string) (result, bool) {
	r, ok := s.results[kind][id]
	return r, ok
}

// doProbe is worker.doProbe at time t. It reports whether the kubelet's
// sync loop hears of a change (a liveness failure; any readiness or startup
// change) and so syncs the pod.
func (w *worker) doProbe(s *Sim, t int) bool {
	w.manual = false
	w.next = t + int(w.spec.PeriodSeconds)
	if !s.hasStatus {
		return false // "No status for pod"
	}
	cs := findStatus(s.status, w.ctr)
	if cs == nil || cs.ContainerID == "" {
		return false // "Probe target container not found": wait
	}
	changed := false
	if w.containerID != cs.ContainerID {
		w.containerID = cs.ContainerID
		changed = s.set(w.kind, w.containerID, w.initial) && w.notifies(w.initial)
		w.onHold = false // a new container: resume probing
	}
	if w.onHold {
		return changed
	}
	if cs.State.Running == nil {
		// "Non-running container probed": the result is Failure, and the
		// worker ends if the container will not be restarted.
		if s.set(w.kind, w.containerID, failure) && w.notifies(failure) {
			changed = true
		}
		if cs.State.Terminated != nil && s.Pod.RestartPolicy == corev1.RestartPolicyNever {
			w.stopped = true
		}
		return changed
	}
	started := int(cs.State.Running.StartedAt.Sub(Epoch.Time).Seconds())
	if t-started < int(w.spec.InitialDelaySeconds) {
		return changed // probe disabled for initialDelaySeconds
	}
	if cs.Started != nil && *cs.Started {
		if w.kind == startup {
			return changed // stop probing for startup once the container has started
		}
	} else if w.kind != startup {
		return changed // other probes wait until the container has started
	}
	// The status may lag behind the runtime: a program that has just
	// exited refuses the connection.
	alive := w.ctr.cur != nil && w.ctr.cur.running() && w.ctr.cur.id == w.containerID
	ok, output := w.ctr.answer(w.kind, w.spec, s.Pod.IP, t, t-started, alive)
	r := success
	if !ok {
		r = failure
		// prober.go: every failed probe is an Unhealthy event, before the
		// threshold is reached.
		s.event(corev1.EventTypeWarning, ReasonUnhealthy, w.ctr.fieldPath(), fmt.Sprintf("%s probe failed: %s", w.kind, output))
	}
	if w.lastResult == r {
		w.resultRun++
	} else {
		w.lastResult, w.resultRun = r, 1
	}
	att := ProbeAttempt{T: t, Container: w.ctr.spec.Name, Kind: w.kind.String(), OK: ok, Output: output, Run: w.resultRun}
	if ok {
		att.Threshold = int(w.spec.SuccessThreshold)
	} else {
		att.Threshold = int(w.spec.FailureThreshold)
	}
	defer func() {
		cur, _ := s.get(w.kind, w.containerID)
		att.Result = cur.String()
		s.probes = append(s.probes, att)
	}()
	if (r == failure && w.resultRun < int(w.spec.FailureThreshold)) || (r == success && w.resultRun < int(w.spec.SuccessThreshold)) {
		s.say("prober", "%s probe of %s %s (%d of %d in a row); the result stays as it was.", w.kind, w.ctr.spec.Name, passFail(ok), w.resultRun, att.Threshold)
		return changed
	}
	if s.set(w.kind, w.containerID, r) {
		att.Changed = true
		s.say("prober", "%s probe of %s %s (%d of %d in a row): the result is now %s.", w.kind, w.ctr.spec.Name, passFail(ok), w.resultRun, att.Threshold, r)
		if w.notifies(r) {
			changed = true
		}
	}
	if (w.kind == liveness && r == failure) || w.kind == startup {
		// Stop probing until there is a new container (#21751, #117153).
		w.onHold = true
		w.resultRun = 0
	}
	return changed
}

// notifies: the kubelet's sync loop acts on every readiness and startup
// update, and on liveness updates that are failures.
func (w *worker) notifies(r result) bool { return w.kind != liveness || r == failure }

func passFail(ok bool) string {
	if ok {
		return "passed"
	}
	return "failed"
}

// answer is what the program says to an httpGet probe at pod time t, after
// running for run seconds; output is pkg/probe/http/http.go's failure text.
func (c *ctr) answer(kind probeKind, p *corev1.Probe, ip string, t, run int, alive bool) (bool, string) {
	path, port := "/", c.spec.Port
	if p.HTTPGet != nil {
		path = p.HTTPGet.Path
		if p.HTTPGet.Port.IntVal != 0 {
			port = p.HTTPGet.Port.IntVal
		}
	}
	a := c.spec.App
	if !alive || run < a.StartSeconds {
		// Nothing listens yet: the HTTP client's error.
		return false, fmt.Sprintf("Get \"http://%s:%d%s\": dial tcp %s:%d: connect: connection refused", ip, port, path, ip, port)
	}
	switch {
	case kind == readiness && a.ReadyFailTo > a.ReadyFailFrom && t >= a.ReadyFailFrom && t < a.ReadyFailTo:
		return false, "HTTP probe failed with statuscode: 503"
	case kind != readiness && a.HealthzFailAfter > 0 && run >= a.HealthzFailAfter:
		return false, "HTTP probe failed with statuscode: 500"
	}
	return true, ""
}

// findStatus finds the API status of a container.
func findStatus(st corev1.PodStatus, c *ctr) *corev1.ContainerStatus {
	list := st.ContainerStatuses
	if c.init {
		list = st.InitContainerStatuses
	}
	for i := range list {
		if list[i].Name == c.spec.Name {
			return &list[i]
		}
	}
	return nil
}

// addPod is prober_manager.AddPod: a worker for every probe of every
// container (probes on regular init containers are rejected by validation).
func (s *Sim) addPod(t int) {
	for _, c := range s.ctrs {
		if c.init && !c.sidecar() {
			continue
		}
		for _, kp := range []struct {
			k probeKind
			p *corev1.Probe
		}{{startup, c.spec.Startup}, {readiness, c.spec.Readiness}, {liveness, c.spec.Liveness}} {
			if kp.p != nil {
				s.workers = append(s.workers, newWorker(c, kp.k, kp.p, t))
			}
		}
	}
}
