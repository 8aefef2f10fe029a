package kubelet

import (
	"crypto/sha256"
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// Timing of the kubelet's pod worker (pkg/kubelet/pod_workers.go
// completeWork): after a sync that failed (a container in back-off, an image
// that would not pull) the pod is synced again after backOffPeriod, 10 s;
// after a good sync, after the resync interval (syncFrequency, 1 min).
// Upstream adds jitter to both (up to +50 %); we leave it out so that a
// replay is exact. Besides these, a pod is synced whenever the PLEG sees one
// of its containers start or exit, and whenever a probe result changes
// (kubelet.go syncLoopIteration, handleProbeSync).
const (
	SyncBackOffPeriod = 10
	ResyncInterval    = 60
)

// SIGTERMExitCode is how the simulated programs end when the kubelet stops
// them: they do not handle SIGTERM, so the runtime reports 128+15.
const SIGTERMExitCode = 143

// instance is one run of a container in the runtime.
type instance struct {
	id           string // containerd://…
	restartCount int
	started      int
	finished     int // -1 while running
	exitCode     int32
	reason       string // Completed, Error
	exitAt       int    // when the program will exit on its own (-1: never)
	exitCodeOwn  int32
}

func (in *instance) running() bool { return in.finished < 0 }

// ctr is the runtime's and the kubelet's view of one container.
type ctr struct {
	spec Container
	init bool
	idx  int       // index in InitContainers or Containers
	cur  *instance // the newest instance, nil before the first start
	prev *instance // the newest exited instance before cur
	runs int
}

func (c *ctr) sidecar() bool { return c.init && c.spec.Sidecar }

func (c *ctr) fieldPath() string {
	if c.init {
		return "spec.initContainers{" + c.spec.Name + "}"
	}
	return "spec.containers{" + c.spec.Name + "}"
}

// newestExited is what doBackOff finds in the runtime's pod status: the
// newest instance of the container that has exited.
func (c *ctr) newestExited() *instance {
	if c.cur != nil && !c.cur.running() {
		return c.cur
	}
	return c.prev
}

type reason struct{ err, msg string }

// Happening is one thing that happened in a second, for the narration.
type Happening struct {
	Who  string // "kubelet", "prober", "web" (a program), "scheduler"
	What string
}

// Sim is the simulated kubelet with its one pod. It is advanced one second
// at a time by Tick; Frames records what could be seen at each second.
type Sim struct {
	Pod  Pod // defaulted
	uid  string
	now  int
	ctrs []*ctr

	sandbox     bool
	everSandbox bool
	terminal    bool
	added       bool // the probe manager has the pod (AddPod)

	crash, image *backoff
	reasons      map[string]reason // the kubelet's reasonCache, by container name
	pullErr      map[string]string // image_manager's prevPullErrMsg
	workers      []*worker
	results      map[probeKind]map[string]result // results managers, by container ID

	status    corev1.PodStatus // the status manager's copy
	hasStatus bool
	lastSync  int
	nextSync  int
	plegDirty bool // the kubelet changed containers in the last sync

	rec    *recorder
	probes []ProbeAttempt
	happen []Happening
}

// New returns the simulation of p before t=0.
func New(p Pod) *Sim {
	d := p.Defaulted()
	s := &Sim{Pod: d, uid: string(p.UID()), crash: newCrashLoopBackOff(), image: newImageBackOff(),
		reasons: map[string]reason{}, pullErr: map[string]string{}, rec: newRecorder(),
		results: map[probeKind]map[string]result{liveness: {}, readiness: {}, startup: {}}, lastSync: -1}
	for i, c := range d.InitContainers {
		s.ctrs = append(s.ctrs, &ctr{spec: c, init: true, idx: i})
	}
	for i, c := range d.Containers {
		s.ctrs = append(s.ctrs, &ctr{spec: c, idx: i})
	}
	return s
}

// Now is the next second Tick will simulate.
func (s *Sim) Now() int { return s.now }

func (s *Sim) say(who, format string, args ...any) {
	s.happen = append(s.happen, Happening{Who: who, What: fmt.Sprintf(format, args...)})
}

func (s *Sim) event(typ, reason, fieldPath, msg string) {
	s.rec.record(s.now, "kubelet", typ, reason, fieldPath, msg)
}

// Tick simulates second s.Now() and returns what could be seen at its end.
//
// Within a second: programs exit; the PLEG sees what changed (the exits, and
// what the last sync started or stopped); probe workers whose period is due
// probe; and if anything changed, or the pod worker's timer is due, the
// kubelet syncs the pod (syncPod: status first, then the runtime).
func (s *Sim) Tick() Frame {
	t := s.now
	s.happen = nil
	if t == 0 {
		s.rec.record(0, "default-scheduler", corev1.EventTypeNormal, ReasonScheduled, "",
			fmt.Sprintf("Successfully assigned %s/%s to %s", s.Pod.Namespace, s.Pod.Name, s.Pod.Node))
		s.say("scheduler", "The scheduler bound pod %s to %s; the kubelet there sees it.", s.Pod.Name, s.Pod.Node)
	}
	sync := t == 0 || s.plegDirty
	s.plegDirty = false
	for _, c := range s.ctrs {
		if in := c.cur; in != nil && in.running() && in.exitAt == t {
			in.finished, in.exitCode = t, in.exitCodeOwn
			in.reason = terminatedReason(in.exitCode)
			s.say(c.spec.Name, "The program in %s exited with code %d (%s).", c.spec.Name, in.exitCode, in.reason)
			sync = true
		}
	}
	if !s.terminal {
		for _, w := range s.workers {
			if w.due(t) && w.doProbe(s, t) {
				sync = true
			}
		}
	}
	if !s.terminal && (sync || t >= s.nextSync) {
		s.syncPod(t)
	}
	f := s.frame()
	s.now++
	return f
}

func terminatedReason(code int32) string {
	if code == 0 {
		return "Completed"
	}
	return "Error"
}

// containerID is a stable, made-up ID for run n of a container.
func (s *Sim) containerID(name string, run int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s/%s/%d", s.uid, name, run)))
	return fmt.Sprintf("containerd://%x", h)
}

func (s *Sim) find(name string) *ctr {
	for _, c := range s.ctrs {
		if c.spec.Name == name {
			return c
		}
	}
	return nil
}
