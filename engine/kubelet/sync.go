package kubelet

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// syncPod is Kubelet.SyncPod (pkg/kubelet/kubelet.go): generate and store
// the API status, stop if the pod is done, make sure the probe workers
// exist, then let the runtime manager make the containers match the spec.
func (s *Sim) syncPod(t int) {
	s.lastSync = t
	s.status, s.hasStatus = s.generateStatus(t), true
	if p := s.status.Phase; p == corev1.PodSucceeded || p == corev1.PodFailed {
		// The pod worker now terminates the pod: what still runs (a
		// sidecar) is stopped, probing ends, and the final status is written.
		s.terminal = true
		for _, c := range s.ctrs {
			if c.cur != nil && c.cur.running() {
				s.kill(t, c, "")
			}
		}
		s.sandbox = false
		for _, w := range s.workers {
			w.stopped = true
		}
		s.status = s.generateStatus(t)
		s.say("kubelet", "The pod is %s: nothing will be restarted, and the kubelet stops probing it.", p)
		return
	}
	if !s.added {
		s.added = true
		s.addPod(t)
	}
	delay := ResyncInterval
	if !s.syncRuntime(t) {
		delay = SyncBackOffPeriod
	}
	s.nextSync = t + delay
}

type killReq struct {
	c   *ctr
	msg string
}

// syncRuntime is kubeGenericRuntimeManager.SyncPod with computePodActions
// (pkg/kubelet/kuberuntime/kuberuntime_manager.go). It reports whether the
// sync succeeded; a container left in back-off, or an image that would not
// pull, fails it.
func (s *Sim) syncRuntime(t int) bool {
	// What doBackOff will look at is the runtime's pod status as it was when
	// the sync began: a container killed in this sync is still running in it.
	snap := map[*ctr]*instance{}
	for _, c := range s.ctrs {
		snap[c] = c.newestExited()
	}
	var inits, apps []*ctr
	for _, c := range s.ctrs {
		if c.init {
			inits = append(inits, c)
		} else {
			apps = append(apps, c)
		}
	}
	if !s.sandbox {
		if s.everSandbox {
			return true // the pod was stopped; its containers stay down
		}
		s.sandbox, s.everSandbox = true, true
		s.plegDirty = true
		s.say("kubelet", "The kubelet created the pod sandbox (network namespace, pod IP %s).", s.Pod.IP)
		if len(inits) > 0 {
			return s.start(t, inits[0], nil)
		}
		ok := true
		for _, c := range apps {
			ok = s.start(t, c, nil) && ok
		}
		return ok
	}

	var kills []killReq
	var initStarts, appStarts []*ctr
	initialized, killPod := s.initActions(inits, apps, &kills, &initStarts)
	if initialized && !killPod {
		keep := 0
		restart := s.Pod.RestartPolicy != corev1.RestartPolicyNever // shouldRestartOnFailure
		for _, c := range apps {
			if c.cur == nil || !c.cur.running() {
				if s.shouldRestart(c) {
					appStarts = append(appStarts, c)
				}
				continue
			}
			var msg string
			if r, ok := s.get(liveness, c.cur.id); ok && r == failure {
				msg = fmt.Sprintf("Container %s failed liveness probe", c.spec.Name)
			} else if r, ok := s.get(startup, c.cur.id); ok && r == failure {
				msg = fmt.Sprintf("Container %s failed startup probe", c.spec.Name)
			} else {
				keep++
				continue
			}
			if restart {
				msg += ", will be restarted"
				appStarts = append(appStarts, c)
			}
			kills = append(kills, killReq{c, msg})
		}
		if keep == 0 && len(appStarts) == 0 {
			killPod = true
		}
	}
	if killPod {
		// killPodWithSyncResult: every container and the sandbox.
		for _, c := range s.ctrs {
			if c.cur != nil && c.cur.running() {
				s.kill(t, c, "")
			}
		}
		s.sandbox = false
		s.say("kubelet", "Nothing is left to run or restart: the kubelet stops the pod's sandbox.")
		return true
	}
	for _, k := range kills {
		s.kill(t, k.c, k.msg)
	}
	ok := true
	for _, c := range initStarts {
		if !s.start(t, c, snap[c]) {
			ok = false
			if !c.sidecar() {
				return false
			}
		}
	}
	for _, c := range appStarts {
		ok = s.start(t, c, snap[c]) && ok
	}
	return ok
}

// initActions is computeInitContainerActions (kuberuntime_container.go):
// walking the init containers from the last, find the next one to start,
// restart sidecars that stopped or failed their probes, and say whether the
// pod has been initialized.
func (s *Sim) initActions(inits, apps []*ctr, kills *[]killReq, starts *[]*ctr) (initialized, killPod bool) {
	if len(inits) == 0 {
		return true, false
	}
	for _, c := range apps {
		if c.cur != nil && c.cur.running() {
			initialized = true
		}
	}
	prevInit := initialized
	restartOnFailure := s.Pod.RestartPolicy != corev1.RestartPolicyNever
	var idx []int
	for i := len(inits) - 1; i >= 0; i-- {
		c := inits[i]
		if c.cur == nil {
			if prevInit && c.sidecar() {
				idx = append(idx, i)
			}
			continue
		}
		if prevInit && !c.sidecar() {
			continue
		}
		func() {
			if c.cur.running() {
				if !c.sidecar() {
					return // wait for it to finish
				}
				if c.spec.Startup != nil {
					r, found := s.get(startup, c.cur.id)
					if !found {
						return
					}
					if r != success {
						if r == failure {
							*kills = append(*kills, killReq{c, fmt.Sprintf("Init container %s failed startup probe", c.spec.Name)})
							idx = append(idx, i)
						}
						return
					}
				}
				if i == len(inits)-1 {
					initialized = true
				} else if !prevInit {
					idx = append(idx, i+1)
				}
				if c.spec.Liveness != nil {
					r, found := s.get(liveness, c.cur.id)
					if found && r == failure {
						*kills = append(*kills, killReq{c, fmt.Sprintf("Init container %s failed liveness probe", c.spec.Name)})
						idx = append(idx, i)
					}
				}
				return
			}
			if c.sidecar() {
				idx = append(idx, i)
				return
			}
			if c.cur.exitCode != 0 {
				if !restartOnFailure {
					killPod = true
					return
				}
				idx = append(idx, i)
				return
			}
			if i == len(inits)-1 {
				initialized = true
			} else {
				idx = append(idx, i+1)
			}
		}()
		if killPod {
			return false, true
		}
		prevInit = true
	}
	if !prevInit {
		idx = append(idx, 0)
	}
	for j := len(idx) - 1; j >= 0; j-- {
		*starts = append(*starts, inits[idx[j]])
	}
	return initialized, false
}

// shouldRestart is kubecontainer.ShouldContainerBeRestarted
// (pkg/kubelet/container/helpers.go): never started, or exited and the
// restart policy wants it back. A sidecar always comes back.
func (s *Sim) shouldRestart(c *ctr) bool {
	if c.cur == nil {
		return true
	}
	if c.cur.running() {
		return false
	}
	if c.sidecar() {
		return true
	}
	switch s.Pod.RestartPolicy {
	case corev1.RestartPolicyNever:
		return false
	case corev1.RestartPolicyOnFailure:
		return c.cur.exitCode != 0
	}
	return true
}

// PodDesc is format.Pod (pkg/kubelet/util/format/pod.go): name_namespace(uid).
func (s *Sim) PodDesc() string {
	return fmt.Sprintf("%s_%s(%s)", s.Pod.Name, s.Pod.Namespace, s.uid)
}

// start is the start closure of SyncPod: doBackOff, then startContainer
// (pull the image, create, start). It reports whether the container runs.
func (s *Sim) start(t int, c *ctr, exited *instance) bool {
	name, fp := c.spec.Name, c.fieldPath()
	if exited != nil {
		// doBackOff: the back-off counts from when the container last exited.
		key := name
		if s.crash.inBackOffSince(key, exited.finished, t) {
			s.event(corev1.EventTypeWarning, ReasonBackOff, fp, fmt.Sprintf("Back-off restarting failed container %s in pod %s", name, s.PodDesc()))
			d := time.Duration(s.crash.get(key)) * time.Second
			s.reasons[name] = reason{"CrashLoopBackOff", fmt.Sprintf("back-off %s restarting failed container=%s pod=%s", d, name, s.PodDesc())}
			s.say("kubelet", "%s exited at t=%ds and is in back-off for %s: no restart before t=%ds.", name, exited.finished, d, exited.finished+s.crash.get(key))
			return false
		}
		s.crash.next(key, exited.finished, t)
	}
	if !s.ensureImage(t, c) {
		return false
	}
	rc := 0
	if c.cur != nil {
		rc = c.cur.restartCount + 1
		if !c.cur.running() {
			c.prev = c.cur
		}
	}
	in := &instance{id: s.containerID(name, c.runs), restartCount: rc, started: t, finished: -1, exitAt: -1}
	a := c.spec.App
	switch {
	case c.runs < a.FailRuns:
		in.exitAt, in.exitCodeOwn = t+max(1, a.ExitAfter), 1
	case a.ExitAfter > 0:
		in.exitAt, in.exitCodeOwn = t+a.ExitAfter, a.ExitCode
	}
	c.cur = in
	c.runs++
	// kuberuntime_container.go startContainer: since kubernetes/kubernetes
	// PR #134043 (v1.35, "Remove container name from messages for container
	// created and started events") the messages are "Container created" and
	// "Container started"; the container is in the event's fieldPath, which
	// kubectl describe prints in front of the message (DescribeMessage).
	s.event(corev1.EventTypeNormal, ReasonCreated, fp, "Container created")
	s.event(corev1.EventTypeNormal, ReasonStarted, fp, "Container started")
	delete(s.reasons, name)
	s.plegDirty = true
	if rc == 0 {
		s.say("kubelet", "The kubelet started container %s.", name)
	} else {
		s.say("kubelet", "The kubelet restarted container %s: restart %d.", name, rc)
	}
	return true
}

// ensureImage is imageManager.EnsureImageExists
// (pkg/kubelet/images/image_manager.go) with pull policy IfNotPresent: the
// image is on the node, or it cannot be pulled. With the gate
// KubeletEnsureSecretPulledImages (beta, on) the message says the pod may
// use it. The pull error text is containerd's for a tag that does not exist.
func (s *Sim) ensureImage(t int, c *ctr) bool {
	name, img, fp := c.spec.Name, c.spec.Image, c.fieldPath()
	if !c.spec.App.ImagePullFails {
		s.event(corev1.EventTypeNormal, ReasonPulled, fp, fmt.Sprintf("Container image %q already present on machine and can be accessed by the pod", img))
		return true
	}
	key := s.uid + "_" + img
	if s.image.inBackOffSinceUpdate(key, t) {
		msg := fmt.Sprintf("Back-off pulling image %q", img)
		s.event(corev1.EventTypeNormal, ReasonBackOff, fp, msg)
		if prev, ok := s.pullErr[key]; ok {
			msg += ": " + prev
		}
		// startContainer: "Error: %v" with the error's name.
		s.event(corev1.EventTypeWarning, ReasonFailed, fp, "Error: ImagePullBackOff")
		s.reasons[name] = reason{"ImagePullBackOff", msg}
		s.say("kubelet", "The image of %s failed to pull; it is in back-off until t=%ds.", name, s.image.items[key].lastUpdate+s.image.get(key))
		return false
	}
	delete(s.pullErr, key)
	s.event(corev1.EventTypeNormal, ReasonPulling, fp, fmt.Sprintf("Pulling image %q", img))
	errText := pullError(img)
	s.event(corev1.EventTypeWarning, ReasonFailed, fp, fmt.Sprintf("Failed to pull image %q: %s", img, errText))
	s.image.next(key, t, t)
	s.pullErr[key] = "ErrImagePull: " + errText
	s.event(corev1.EventTypeWarning, ReasonFailed, fp, "Error: ErrImagePull")
	s.reasons[name] = reason{"ErrImagePull", errText}
	s.say("kubelet", "The kubelet tried to pull %s and failed; the next try waits %ds.", img, s.image.get(key))
	return false
}

// pullError is the CRI error containerd returns for a tag that does not exist.
func pullError(img string) string {
	ref := img
	switch {
	case hasRegistry(img):
	case strings.Contains(img, "/"):
		ref = "docker.io/" + img
	default:
		ref = "docker.io/library/" + img
	}
	return fmt.Sprintf("rpc error: code = NotFound desc = failed to pull and unpack image %q: failed to resolve reference %q: %s: not found", ref, ref, ref)
}

func hasRegistry(img string) bool {
	for i := 0; i < len(img); i++ {
		if img[i] == '/' {
			first := img[:i]
			for j := 0; j < len(first); j++ {
				if first[j] == '.' || first[j] == ':' {
					return true
				}
			}
			return first == "localhost"
		}
	}
	return false
}

// kill is killContainer: the Killing event ("Stopping container x" unless
// the caller says why), then the stop. The program does not handle
// SIGTERM, so it ends at once with 143.
func (s *Sim) kill(t int, c *ctr, msg string) {
	if msg == "" {
		msg = fmt.Sprintf("Stopping container %s", c.spec.Name)
	}
	s.event(corev1.EventTypeNormal, ReasonKilling, c.fieldPath(), msg)
	c.cur.finished, c.cur.exitCode, c.cur.reason = t, SIGTERMExitCode, terminatedReason(SIGTERMExitCode)
	s.plegDirty = true
	s.say("kubelet", "The kubelet stopped %s: %s.", c.spec.Name, msg)
}
