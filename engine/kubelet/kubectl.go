package kubelet

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/duration"
)

// Frame is what can be seen at the end of one simulated second.
type Frame struct {
	T        int
	Status   corev1.PodStatus // the pod's status as the API server has it
	Get      GetPodsRow       // kubectl get pods
	Events   []Event          // kubectl describe pod, Events
	Happened []Happening      // what happened in this second
	Probes   []ProbeAttempt   // the probes run in this second
	Synced   bool             // the kubelet synced the pod in this second
	NextSync int              // when the pod worker syncs next, unless something happens first
	Terminal bool
	// Endpoint: the pod has an IP and is not done, so the EndpointSlice
	// controller lists it for a Service selecting it; Serving: it is listed
	// as ready (the Ready condition), so it gets traffic.
	Endpoint, Serving bool
	Containers        []ContainerView
}

// ContainerView is one container at the end of a second.
type ContainerView struct {
	Name            string
	Init, Sidecar   bool
	Ready, Started  bool
	Restarts        int
	State           string // Running, Waiting, Terminated
	Reason, Message string
	ExitCode        int32
	// BackOff is the crash-loop delay the kubelet holds for the container
	// (0: none); RestartAt is when the back-off lets it restart, -1 if it is
	// not waiting for one.
	BackOff, RestartAt int
	NextProbe          map[string]int // by probe kind: the next tick of its worker
}

// GetPodsRow is one row of `kubectl get pods`.
type GetPodsRow struct{ Name, Ready, Status, Restarts, Age string }

func (s *Sim) frame() Frame {
	t := s.now
	f := Frame{T: t, Status: *s.status.DeepCopy(), Events: s.rec.events(), Happened: s.happen, Synced: s.lastSync == t,
		NextSync: s.nextSync, Terminal: s.terminal}
	for i := len(s.probes) - 1; i >= 0 && s.probes[i].T == t; i-- {
		f.Probes = append([]ProbeAttempt{s.probes[i]}, f.Probes...)
	}
	f.Get = PrintPod(s.Pod, f.Status, t)
	f.Endpoint = f.Status.PodIP != "" && !s.terminal && s.sandbox
	f.Serving = f.Endpoint && podReady(f.Status)
	for _, c := range s.ctrs {
		cs := findStatus(f.Status, c)
		if cs == nil {
			continue
		}
		v := ContainerView{Name: c.spec.Name, Init: c.init, Sidecar: c.sidecar(), Ready: cs.Ready, Restarts: int(cs.RestartCount), RestartAt: -1,
			Started: cs.Started != nil && *cs.Started, NextProbe: map[string]int{}}
		switch {
		case cs.State.Running != nil:
			v.State = "Running"
		case cs.State.Terminated != nil:
			v.State, v.Reason, v.ExitCode = "Terminated", cs.State.Terminated.Reason, cs.State.Terminated.ExitCode
		case cs.State.Waiting != nil:
			v.State, v.Reason, v.Message = "Waiting", cs.State.Waiting.Reason, cs.State.Waiting.Message
		}
		v.BackOff = s.crash.get(c.spec.Name)
		if ex := c.newestExited(); ex != nil && c.cur == ex && s.shouldRestart(c) && !s.terminal && s.crash.inBackOffSince(c.spec.Name, ex.finished, t) {
			v.RestartAt = ex.finished + v.BackOff
		}
		for _, w := range s.workers {
			if w.ctr == c && !w.stopped {
				v.NextProbe[w.kind.String()] = w.next
			}
		}
		f.Containers = append(f.Containers, v)
	}
	return f
}

// PrintPod is printPod in pkg/printers/internalversion/printers.go: the
// READY, STATUS and RESTARTS columns of `kubectl get pods` at time now.
func PrintPod(p Pod, st corev1.PodStatus, now int) GetPodsRow {
	restarts, sidecarRestarts := 0, 0
	total := len(p.Containers)
	readyN := 0
	lastRestart, lastSidecarRestart := -1, -1
	reason := string(st.Phase)
	if st.Reason != "" {
		reason = st.Reason
	}
	sidecar := map[string]bool{}
	for _, c := range p.InitContainers {
		if c.Sidecar {
			sidecar[c.Name] = true
			total++
		}
	}
	initializing := false
	for i, c := range st.InitContainerStatuses {
		restarts += int(c.RestartCount)
		if lt := c.LastTerminationState.Terminated; lt != nil {
			lastRestart = max(lastRestart, secondsOf(lt.FinishedAt.Time))
		}
		if sidecar[c.Name] {
			sidecarRestarts += int(c.RestartCount)
			if lt := c.LastTerminationState.Terminated; lt != nil {
				lastSidecarRestart = max(lastSidecarRestart, secondsOf(lt.FinishedAt.Time))
			}
		}
		switch {
		case c.State.Terminated != nil && c.State.Terminated.ExitCode == 0:
			continue
		case sidecar[c.Name] && c.Started != nil && *c.Started:
			if c.Ready {
				readyN++
			}
			continue
		case c.State.Terminated != nil:
			if c.State.Terminated.Reason == "" {
				reason = fmt.Sprintf("Init:ExitCode:%d", c.State.Terminated.ExitCode)
			} else {
				reason = "Init:" + c.State.Terminated.Reason
			}
			initializing = true
		case c.State.Waiting != nil && c.State.Waiting.Reason != "" && c.State.Waiting.Reason != PodInitializing:
			reason = "Init:" + c.State.Waiting.Reason
			initializing = true
		default:
			reason = fmt.Sprintf("Init:%d/%d", i, len(p.InitContainers))
			initializing = true
		}
		break
	}
	if !initializing || conditionTrue(st, corev1.PodInitialized) {
		restarts, lastRestart = sidecarRestarts, lastSidecarRestart
		hasRunning := false
		for i := len(st.ContainerStatuses) - 1; i >= 0; i-- {
			c := st.ContainerStatuses[i]
			restarts += int(c.RestartCount)
			if lt := c.LastTerminationState.Terminated; lt != nil {
				lastRestart = max(lastRestart, secondsOf(lt.FinishedAt.Time))
			}
			switch {
			case c.State.Waiting != nil && c.State.Waiting.Reason != "":
				reason = c.State.Waiting.Reason
			case c.State.Terminated != nil && c.State.Terminated.Reason != "":
				reason = c.State.Terminated.Reason
			case c.State.Terminated != nil:
				reason = fmt.Sprintf("ExitCode:%d", c.State.Terminated.ExitCode)
			case c.Ready && c.State.Running != nil:
				hasRunning = true
				readyN++
			}
		}
		if reason == "Completed" && hasRunning {
			if conditionTrue(st, corev1.PodReady) {
				reason = "Running"
			} else {
				reason = "NotReady"
			}
		}
	}
	rs := strconv.Itoa(restarts)
	if restarts != 0 && lastRestart >= 0 {
		rs = fmt.Sprintf("%d (%s ago)", restarts, Ago(now-lastRestart))
	}
	return GetPodsRow{Name: p.Name, Ready: fmt.Sprintf("%d/%d", readyN, total), Status: reason, Restarts: rs, Age: Ago(now)}
}

func secondsOf(t time.Time) int { return int(t.Sub(Epoch.Time).Seconds()) }

func conditionTrue(st corev1.PodStatus, typ corev1.PodConditionType) bool {
	for _, c := range st.Conditions {
		if c.Type == typ {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// Ago is kubectl's translateTimestampSince: duration.HumanDuration.
func Ago(seconds int) string { return duration.HumanDuration(time.Duration(seconds) * time.Second) }

// EventAge is the Age column of `kubectl describe` (describe.go
// DescribeEvents): "12s", or "12s (x4 over 2m)" for a repeated event.
func EventAge(e Event, now int) string {
	if e.Count > 1 {
		return fmt.Sprintf("%s (x%d over %s)", Ago(now-e.Last), e.Count, Ago(now-e.First))
	}
	return Ago(now - e.First)
}

// DescribeMessage is the Message column of `kubectl describe` for an event:
// staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents puts
// the event's involvedObject.fieldPath in front of the message,
// "spec.containers{web}: Container started" (kubernetes/kubernetes PR
// #133627, kubectl v1.35); an event about the pod itself has none.
func DescribeMessage(e Event) string {
	msg := strings.TrimSpace(e.Message)
	if e.FieldPath != "" {
		msg = e.FieldPath + ": " + msg
	}
	return msg
}

// DescribeEvents prints the Events section of `kubectl describe pod`.
func DescribeEvents(events []Event, now int) string {
	if len(events) == 0 {
		return "Events:  <none>\n"
	}
	rows := [][]string{{"Type", "Reason", "Age", "From", "Message"}, {"----", "------", "----", "----", "-------"}}
	for _, e := range events {
		rows = append(rows, []string{e.Type, e.Reason, EventAge(e, now), e.From, DescribeMessage(e)})
	}
	return "Events:\n" + table(rows, "  ", 0, 2)
}

// GetPods prints `kubectl get pods` for the row.
func GetPods(r GetPodsRow) string {
	return table([][]string{{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}, {r.Name, r.Ready, r.Status, r.Restarts, r.Age}}, "", 6, 3)
}

// table aligns columns like the text/tabwriter kubectl uses: for `get`,
// minimum width 6 and padding 3 (cli-runtime printers/tabwriter.go); for
// `describe`, padding 2 (describe.go). Each line is prefixed with indent.
func table(rows [][]string, indent string, minWidth, pad int) string {
	w := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			w[i] = max(w[i], len([]rune(c))+pad, minWidth)
		}
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(indent)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", w[i]-len([]rune(c))))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
