package kubelet

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Condition reasons, pkg/kubelet/status/generate.go.
const (
	ContainersNotReady       = "ContainersNotReady"
	ContainersNotInitialized = "ContainersNotInitialized"
	PodCompleted             = "PodCompleted"
	PodFailed                = "PodFailed"
	// Waiting reasons of containers not created yet, pkg/kubelet/kubelet_pods.go.
	ContainerCreating = "ContainerCreating"
	PodInitializing   = "PodInitializing"
)

func at(t int) metav1.Time { return metav1.NewTime(Epoch.Add(time.Duration(t) * time.Second)) }

// generateStatus is Kubelet.generateAPIPodStatus (pkg/kubelet/kubelet_pods.go):
// the container statuses from the runtime and the reason cache, the phase
// (getPhase), then the probe manager's Started and Ready (UpdatePodStatus),
// then the kubelet's conditions (status/generate.go).
func (s *Sim) generateStatus(t int) corev1.PodStatus {
	var st corev1.PodStatus
	if s.everSandbox {
		st.PodIP = s.Pod.IP
		st.PodIPs = []corev1.PodIP{{IP: s.Pod.IP}}
	}
	st.HostIP = "10.0.0.11"
	st.StartTime = &metav1.Time{Time: Epoch.Time}
	st.QOSClass = corev1.PodQOSBestEffort
	for _, c := range s.ctrs {
		cs := s.convertStatus(c)
		if c.init {
			st.InitContainerStatuses = append(st.InitContainerStatuses, cs)
		} else {
			st.ContainerStatuses = append(st.ContainerStatuses, cs)
		}
	}
	st.Phase = s.getPhase(st, s.terminal)
	if s.hasStatus && (s.status.Phase == corev1.PodSucceeded || s.status.Phase == corev1.PodFailed) {
		st.Phase = s.status.Phase // pods do not leave a terminal phase
	}
	s.updatePodStatus(&st)

	all := append(append([]corev1.ContainerStatus{}, st.InitContainerStatuses...), st.ContainerStatuses...)
	// PodReadyToStartContainers (gate PodReadyToStartContainersCondition,
	// beta and on): True once the sandbox with its network exists.
	ready := corev1.ConditionFalse
	if s.sandbox {
		ready = corev1.ConditionTrue
	}
	st.Conditions = append(st.Conditions, corev1.PodCondition{Type: corev1.PodReadyToStartContainers, Status: ready})
	st.Conditions = append(st.Conditions, s.initializedCondition(all, st.Phase))
	cr := s.containersReadyCondition(all, st.Phase)
	pr := cr
	pr.Type = corev1.PodReady
	st.Conditions = append(st.Conditions, pr, cr)
	st.Conditions = append(st.Conditions, corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionTrue})
	for i := range st.Conditions {
		st.Conditions[i].LastTransitionTime = s.transition(st.Conditions[i], t)
	}
	return st
}

// transition keeps a condition's lastTransitionTime while its status stays
// (the status manager, pkg/kubelet/status/status_manager.go).
func (s *Sim) transition(c corev1.PodCondition, t int) metav1.Time {
	for _, old := range s.status.Conditions {
		if old.Type == c.Type && old.Status == c.Status {
			return old.LastTransitionTime
		}
	}
	return at(t)
}

// convertStatus is convertToAPIContainerStatuses for one container: the
// default Waiting state (PodInitializing if the pod has init containers,
// else ContainerCreating), the runtime's newest instance and the one before
// as lastState, then the reason cache for a container that should be
// (re)started: its last sync failed with that reason (CrashLoopBackOff,
// ErrImagePull, ImagePullBackOff).
func (s *Sim) convertStatus(c *ctr) corev1.ContainerStatus {
	cs := corev1.ContainerStatus{Name: c.spec.Name, Image: c.spec.Image, Started: new(bool)}
	def := ContainerCreating
	if len(s.Pod.InitContainers) > 0 {
		def = PodInitializing
	}
	cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: def}
	if c.cur != nil {
		cs.ContainerID = c.cur.id
		cs.ImageID = c.spec.Image
		cs.RestartCount = int32(c.cur.restartCount)
		cs.State = stateOf(c.cur)
		if c.prev != nil {
			cs.LastTerminationState = stateOf(c.prev)
		}
	}
	if r, ok := s.reasons[c.spec.Name]; ok && s.shouldRestart(c) && !(c.init && !c.sidecar() && c.cur != nil && !c.cur.running() && c.cur.exitCode == 0) {
		if cs.State.Terminated != nil {
			cs.LastTerminationState = cs.State
		}
		cs.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: r.err, Message: r.msg}}
	}
	return cs
}

func stateOf(in *instance) corev1.ContainerState {
	if in.running() {
		return corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(in.started)}}
	}
	return corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: in.exitCode, Reason: in.reason,
		StartedAt: at(in.started), FinishedAt: at(in.finished), ContainerID: in.id}}
}

// updatePodStatus is the probe manager's UpdatePodStatus
// (pkg/kubelet/prober/prober_manager.go): Started is Running and past the
// startup probe; Ready is Started and past the readiness probe (or has
// none). A started container that is not ready yet triggers its readiness
// worker at once. A regular init container is Ready once it exited 0.
func (s *Sim) updatePodStatus(st *corev1.PodStatus) {
	for _, c := range s.ctrs {
		cs := findStatus(*st, c)
		started := cs.State.Running != nil
		if started && c.spec.Startup != nil {
			r, ok := s.get(startup, cs.ContainerID)
			started = ok && r == success
		}
		*cs.Started = started
		if c.init && !c.sidecar() {
			cs.Ready = cs.State.Terminated != nil && cs.State.Terminated.ExitCode == 0
			continue
		}
		if !started || s.terminal {
			continue
		}
		if r, ok := s.get(readiness, cs.ContainerID); ok && r == success {
			cs.Ready = true
			continue
		}
		w := s.worker(c, readiness)
		cs.Ready = w == nil // no readinessProbe: always ready
		if w != nil {
			w.manual = true // runs in the next second
		}
	}
}

func (s *Sim) worker(c *ctr, k probeKind) *worker {
	for _, w := range s.workers {
		if w.ctr == c && w.kind == k && !w.stopped {
			return w
		}
	}
	return nil
}

// getPhase is getPhase in pkg/kubelet/kubelet_pods.go.
func (s *Sim) getPhase(st corev1.PodStatus, podIsTerminal bool) corev1.PodPhase {
	pendingInit, failedInit := 0, 0
	var unknown, running, waiting, stopped, succeeded int
	for _, c := range s.ctrs {
		if !c.init || c.sidecar() {
			continue
		}
		cs := findStatus(st, c)
		switch {
		case cs.State.Running != nil:
			pendingInit++
		case cs.State.Terminated != nil:
			if cs.State.Terminated.ExitCode != 0 {
				failedInit++
			}
		case cs.State.Waiting != nil:
			if cs.LastTerminationState.Terminated != nil {
				if cs.LastTerminationState.Terminated.ExitCode != 0 {
					failedInit++
				}
			} else {
				pendingInit++
			}
		}
	}
	for _, c := range s.ctrs {
		if !c.sidecar() {
			continue
		}
		cs := findStatus(st, c)
		switch {
		case cs.State.Running != nil:
			// Started is not set yet when getPhase runs (UpdatePodStatus
			// comes after it), so a running sidecar counts as pending
			// initialization until a regular container has started.
			pendingInit++
			running++
		case cs.State.Terminated != nil:
		case cs.State.Waiting != nil:
			if cs.LastTerminationState.Terminated == nil {
				pendingInit++
				waiting++
			}
		}
	}
	regularStarted := false
	for _, c := range s.ctrs {
		if c.init {
			continue
		}
		cs := findStatus(st, c)
		if cs.State.Running != nil || cs.State.Terminated != nil {
			regularStarted = true // HasAnyRegularContainerStarted
		}
		switch {
		case cs.State.Running != nil:
			running++
		case cs.State.Terminated != nil:
			stopped++
			if cs.State.Terminated.ExitCode == 0 {
				succeeded++
			}
		case cs.State.Waiting != nil:
			if cs.LastTerminationState.Terminated != nil {
				stopped++
			} else {
				waiting++
			}
		}
	}
	rp := s.Pod.RestartPolicy
	if failedInit > 0 && rp == corev1.RestartPolicyNever {
		return corev1.PodFailed
	}
	switch {
	case pendingInit > 0 && !regularStarted, waiting > 0:
		return corev1.PodPending
	case running > 0 && unknown == 0:
		return corev1.PodRunning
	case running == 0 && stopped > 0 && unknown == 0:
		if podIsTerminal {
			if stopped == succeeded {
				return corev1.PodSucceeded
			}
			return corev1.PodFailed
		}
		if rp == corev1.RestartPolicyAlways {
			return corev1.PodRunning
		}
		if stopped == succeeded {
			return corev1.PodSucceeded
		}
		if rp == corev1.RestartPolicyNever {
			return corev1.PodFailed
		}
		return corev1.PodRunning
	}
	return corev1.PodPending
}

// initializedCondition is GeneratePodInitializedCondition: every init
// container done (a sidecar: started), or any regular container started.
func (s *Sim) initializedCondition(all []corev1.ContainerStatus, phase corev1.PodPhase) corev1.PodCondition {
	var incomplete []string
	for _, c := range s.ctrs {
		if !c.init {
			continue
		}
		cs := statusByName(all, c.spec.Name)
		if c.sidecar() {
			if cs.Started == nil || !*cs.Started {
				incomplete = append(incomplete, c.spec.Name)
			}
		} else if !cs.Ready {
			incomplete = append(incomplete, c.spec.Name)
		}
	}
	cond := corev1.PodCondition{Type: corev1.PodInitialized, Status: corev1.ConditionTrue}
	if phase == corev1.PodSucceeded {
		cond.Reason = PodCompleted
		return cond
	}
	for _, c := range s.ctrs {
		if cs := statusByName(all, c.spec.Name); !c.init && (cs.State.Running != nil || cs.State.Terminated != nil) {
			return cond // HasAnyRegularContainerStarted
		}
	}
	if len(incomplete) > 0 {
		cond.Status, cond.Reason = corev1.ConditionFalse, ContainersNotInitialized
		cond.Message = fmt.Sprintf("containers with incomplete status: [%s]", strings.Join(incomplete, " "))
	}
	return cond
}

// containersReadyCondition is GenerateContainersReadyCondition: sidecars and
// regular containers all Ready. The Ready condition copies it (the pod has
// no readiness gates).
func (s *Sim) containersReadyCondition(all []corev1.ContainerStatus, phase corev1.PodPhase) corev1.PodCondition {
	cond := corev1.PodCondition{Type: corev1.ContainersReady, Status: corev1.ConditionFalse}
	switch phase {
	case corev1.PodSucceeded:
		cond.Reason = PodCompleted
		return cond
	case corev1.PodFailed:
		cond.Reason = PodFailed
		return cond
	}
	var unready []string
	for _, c := range s.ctrs {
		if c.init && !c.sidecar() {
			continue
		}
		if cs := statusByName(all, c.spec.Name); !cs.Ready {
			unready = append(unready, c.spec.Name)
		}
	}
	if len(unready) > 0 {
		cond.Reason = ContainersNotReady
		cond.Message = fmt.Sprintf("containers with unready status: [%s]", strings.Join(unready, " "))
		return cond
	}
	cond.Status = corev1.ConditionTrue
	return cond
}

func statusByName(all []corev1.ContainerStatus, name string) corev1.ContainerStatus {
	for _, cs := range all {
		if cs.Name == name {
			return cs
		}
	}
	return corev1.ContainerStatus{}
}

// podReady is podutil.IsPodReady: what the EndpointSlice controller uses.
func podReady(st corev1.PodStatus) bool {
	for _, c := range st.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
