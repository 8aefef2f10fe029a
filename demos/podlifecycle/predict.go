package podlifecycle

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/kubelet"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks about the next second where the prose and the page let a
// learner reason it out: when a crashed container restarts, what a liveness
// failure does, what READY shows after a readiness probe that goes against
// the container's current readiness, and what STATUS shows after an init
// container finishes or an image pull fails. The whole timeline is already
// simulated, so the next frame holds every answer.
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step >= st.total() {
		return demos.Prediction{}, false
	}
	cur, next := st.frames[st.step], st.frames[st.step+1]
	for _, ask := range []func(cur, next kubelet.Frame) (demos.Prediction, bool){
		st.predictExit, predictLivenessKill, predictReady, predictPullStatus,
	} {
		if p, ok := ask(cur, next); ok && p.Answer >= 0 && p.Answer < len(p.Choices) {
			return p, true
		}
	}
	return demos.Prediction{}, false
}

// Restart answers, in the order the choices list them.
const (
	restartAtOnce = "At once, in the same second"
	restartNever  = "Never: it stays down"
)

func restartAfter(d int) string { return fmt.Sprintf("After %d s of back-off", d) }

// crashLadder is the crash-loop back-off's marks with the kubelet's
// defaults: 10 s doubling to 300 s (engine/kubelet/backoff.go, from
// pkg/kubelet/kubelet.go initialCrashLoopBackOff and MaxCrashLoopBackOff).
var crashLadder = []int{10, 20, 40, 80, 160, 300}

// happened reports whether frame f has a happening by who whose text
// starts with prefix.
func happened(f kubelet.Frame, who, prefix string) bool {
	for _, h := range f.Happened {
		if h.Who == who && strings.HasPrefix(h.What, prefix) {
			return true
		}
	}
	return false
}

// exitOf finds a program's exit in f: the container's name and exit code.
func exitOf(f kubelet.Frame) (name string, code int, ok bool) {
	for _, h := range f.Happened {
		var c int
		if _, err := fmt.Sscanf(h.What, "The program in "+h.Who+" exited with code %d", &c); err == nil {
			return h.Who, c, true
		}
	}
	return "", 0, false
}

func containerIn(f kubelet.Frame, name string) (kubelet.ContainerView, bool) {
	for _, c := range f.Containers {
		if c.Name == name {
			return c, true
		}
	}
	return kubelet.ContainerView{}, false
}

// restartOutcome is what the kubelet did in f about container name after
// it stopped: one of the restart answers.
func restartOutcome(f kubelet.Frame, name string) string {
	c, _ := containerIn(f, name)
	switch {
	case happened(f, "kubelet", "The kubelet restarted container "+name+":"):
		return restartAtOnce
	case c.RestartAt >= 0:
		return restartAfter(c.RestartAt - f.T)
	}
	return restartNever
}

// predictExit: a program exits in the next second. An init container that
// succeeds moves STATUS on (Init:N/M, PodInitializing); any other exit
// raises the question of when it runs again.
func (st *State) predictExit(cur, next kubelet.Frame) (demos.Prediction, bool) {
	name, code, ok := exitOf(next)
	if !ok {
		return demos.Prediction{}, false
	}
	c, _ := containerIn(cur, name)
	if c.Init && !c.Sidecar && code == 0 {
		return initDoneStatus(cur, next, name)
	}
	got := restartOutcome(next, name)
	p := demos.Prediction{
		Question: fmt.Sprintf("At t=%d s the program in %s exits with code %d (restartPolicy %s, RESTARTS %d). When will the kubelet start %s again?",
			next.T, name, code, st.pod.RestartPolicy, c.Restarts, name),
		Answer: -1,
	}
	// Four marks of the ladder around the answer, with "at once" and "never".
	at := 0
	for i, d := range crashLadder {
		if got == restartAfter(d) {
			at = i
		}
	}
	from := min(max(at-1, 0), len(crashLadder)-4)
	p.Choices = []string{restartAtOnce}
	for _, d := range crashLadder[from : from+4] {
		p.Choices = append(p.Choices, restartAfter(d))
	}
	p.Choices = append(p.Choices, restartNever)
	p.Answer = slices.Index(p.Choices, got)
	// pkg/kubelet/kuberuntime/kuberuntime_manager.go: computePodActions
	// restarts a container only if kubecontainer.ShouldContainerBeRestarted
	// (the restartPolicy) says so, and doBackOff holds it while the crash
	// back-off entry, moved on by every restart (10 s doubling to 300 s,
	// pkg/kubelet/kubelet.go), has not run out since it exited.
	switch got {
	case restartNever:
		p.Why = fmt.Sprintf("With restartPolicy %s the kubelet does not restart a container that exits with code %d (kuberuntime_manager.go computePodActions).", st.pod.RestartPolicy, code)
	case restartAtOnce:
		p.Why = "The kubelet holds a crashed container only while the back-off set at its previous restart lasts, and before the first restart there is none, so it starts again at once (kuberuntime_manager.go doBackOff)."
	default:
		p.Why = fmt.Sprintf("The kubelet waits out the back-off set at the previous restart, counted from the exit: 10 s after the first restart, doubling with each restart up to 300 s, so %s is held %s (kuberuntime_manager.go doBackOff).", name, strings.TrimPrefix(strings.TrimSuffix(got, " of back-off"), "After "))
	}
	return p, true
}

// initDoneStatus: an init container exits 0; what STATUS shows then.
func initDoneStatus(cur, next kubelet.Frame, name string) (demos.Prediction, bool) {
	n := 0
	for _, c := range next.Containers {
		if c.Init {
			n++
		}
	}
	p := demos.Prediction{
		Question: fmt.Sprintf("At t=%d s init container %s exits with code 0. What will STATUS show in kubectl get pods?", next.T, name),
	}
	for i := 0; i <= n; i++ {
		p.Choices = append(p.Choices, fmt.Sprintf("Init:%d/%d", i, n))
	}
	p.Choices = append(p.Choices, "PodInitializing", "Completed")
	p.Choices = p.Choices[max(0, len(p.Choices)-6):]
	p.Answer = slices.Index(p.Choices, next.Get.Status)
	if p.Answer < 0 {
		return demos.Prediction{}, false
	}
	// printPod (pkg/printers/internalversion/printers.go) skips init
	// containers that terminated with exit code 0 and shows Init:i/n at the
	// first one that has not; once all have, an app container waiting with
	// reason PodInitializing gives STATUS PodInitializing.
	p.Why = "kubectl skips the init containers that exited 0 and shows Init:i/n at the first one not done; when all are done it shows the app containers' waiting reason, PodInitializing (printers.go printPod)."
	return p, true
}

// Liveness answers.
const (
	liveNothing  = "Nothing yet: the failures in a row are below failureThreshold"
	liveAtOnce   = "The kubelet kills the container and starts it again at once"
	liveBackOff  = "The kubelet kills the container; a crash back-off delays the restart"
	liveEndpoint = "The pod only leaves the Service's endpoints; the container keeps running"
	liveStays    = "The kubelet kills the container, and it stays down"
)

// predictLivenessKill: the liveness (or startup) probe fails in the next
// second, once short of its threshold or reaching it.
func predictLivenessKill(cur, next kubelet.Frame) (demos.Prediction, bool) {
	for _, pa := range next.Probes {
		if pa.OK || pa.Kind == "Readiness" || pa.Run < pa.Threshold-1 {
			continue
		}
		field := strings.ToLower(pa.Kind[:1]) + pa.Kind[1:] + "Probe"
		p := demos.Prediction{
			Question: fmt.Sprintf("At t=%d s the %s probe of %s fails: %s in a row, failureThreshold %d. What does the kubelet do then?",
				next.T, strings.ToLower(pa.Kind), pa.Container, count(pa.Run, "failure", "failures"), pa.Threshold),
			Choices: []string{liveNothing, liveAtOnce, liveBackOff, liveEndpoint, liveStays},
		}
		got := liveNothing
		if happened(next, "kubelet", "The kubelet stopped "+pa.Container+":") {
			switch restartOutcome(next, pa.Container) {
			case restartAtOnce:
				got = liveAtOnce
			case restartNever:
				got = liveStays
			default:
				got = liveBackOff
			}
		}
		p.Answer = slices.Index(p.Choices, got)
		// pkg/kubelet/prober/worker.go doProbe turns the result to Failure
		// only at failureThreshold failures in a row; computePodActions
		// (kuberuntime_manager.go) then kills the container ("failed
		// liveness probe, will be restarted") and the restartPolicy decides.
		if got == liveNothing {
			p.Why = fmt.Sprintf("The prober changes the %s result only at failureThreshold (%d) failures in a row, and this is failure %d, so the kubelet does nothing yet (prober/worker.go doProbe).", field, pa.Threshold, pa.Run)
		} else {
			p.Why = fmt.Sprintf("At failureThreshold (%d) failures in a row the %s result turns to Failure and the kubelet kills the container, then treats it like any exit: the restartPolicy and the crash back-off decide when it runs again (prober/worker.go, kuberuntime_manager.go computePodActions).", pa.Threshold, field)
		}
		return p, true
	}
	return demos.Prediction{}, false
}

// predictReady: a readiness probe in the next second goes against the
// container's current readiness (a failure while ready, a pass while not).
func predictReady(cur, next kubelet.Frame) (demos.Prediction, bool) {
	for _, pa := range next.Probes {
		if pa.Kind != "Readiness" {
			continue
		}
		c, ok := containerIn(cur, pa.Container)
		if !ok || c.State != "Running" || pa.OK == c.Ready {
			continue
		}
		var ready, total int
		if _, err := fmt.Sscanf(cur.Get.Ready, "%d/%d", &ready, &total); err != nil {
			return demos.Prediction{}, false
		}
		res, word := "passes", count(pa.Run, "success", "successes")
		if !pa.OK {
			res, word = "fails ("+pa.Output+")", count(pa.Run, "failure", "failures")
		}
		p := demos.Prediction{
			Question: fmt.Sprintf("At t=%d s the readiness probe of %s %s: %s in a row, threshold %d. What will READY show in kubectl get pods?",
				next.T, pa.Container, res, word, pa.Threshold),
		}
		for k := 0; k <= total; k++ {
			p.Choices = append(p.Choices, fmt.Sprintf("%d/%d", k, total))
		}
		p.Choices = p.Choices[max(0, len(p.Choices)-6):]
		p.Answer = slices.Index(p.Choices, next.Get.Ready)
		// pkg/kubelet/prober/worker.go doProbe: the result changes only
		// after failureThreshold failures (successThreshold successes) in a
		// row; the status manager sets the container's ready from it, and
		// printPod counts ready containers in READY.
		thr, many := "failureThreshold", "failures"
		if pa.OK {
			thr, many = "successThreshold", "successes"
		}
		verdict := "the container keeps its readiness"
		if pa.Changed {
			verdict = "the container's readiness flips"
		}
		p.Why = fmt.Sprintf("The prober changes a readiness result only after %s (%d) %s in a row, so after %d %s, and READY counts the ready containers (prober/worker.go doProbe).", thr, pa.Threshold, many, pa.Run, verdict)
		return p, true
	}
	return demos.Prediction{}, false
}

// predictPullStatus: the first failed image pull; what STATUS shows next.
func predictPullStatus(cur, next kubelet.Frame) (demos.Prediction, bool) {
	pull := func(s string) bool { return s == "ErrImagePull" || s == "ImagePullBackOff" }
	if pull(cur.Get.Status) || !pull(next.Get.Status) {
		return demos.Prediction{}, false
	}
	p := demos.Prediction{
		Question: fmt.Sprintf("The kubelet could not pull the image (its tag does not exist). What will STATUS show at t=%d s?", next.T),
		Choices:  []string{cur.Get.Status, "ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "Error"},
	}
	p.Choices = distinct(p.Choices)
	p.Answer = slices.Index(p.Choices, next.Get.Status)
	// pkg/kubelet/images/image_manager.go EnsureImageExists: a failed pull
	// returns ErrImagePull; while the image back-off holds the next try it
	// returns ImagePullBackOff. The container waits with that reason and
	// printPod shows a waiting reason as STATUS.
	p.Why = "A failed pull leaves the container waiting with reason ErrImagePull, and only while the image back-off holds the next try is the reason ImagePullBackOff; kubectl shows the waiting reason as STATUS (images/image_manager.go, printers.go printPod)."
	return p, true
}

// distinct keeps the first of equal choices.
func distinct(in []string) []string {
	var out []string
	for _, s := range in {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
