package kubelet

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Run simulates p from t=0 to t=until and returns a frame per second.
func Run(p Pod, until int) []Frame {
	s := New(p)
	out := make([]Frame, 0, until+1)
	for s.Now() <= until {
		out = append(out, s.Tick())
	}
	return out
}

// StateLine is a container state as `kubectl describe pod` prints it, in
// one line: "Waiting (CrashLoopBackOff)", "Terminated (Error, exit code 1)".
func StateLine(st corev1.ContainerState) string {
	switch {
	case st.Running != nil:
		return fmt.Sprintf("Running (started t=%ds)", secondsOf(st.Running.StartedAt.Time))
	case st.Terminated != nil:
		return fmt.Sprintf("Terminated (%s, exit code %d, t=%ds–%ds)", st.Terminated.Reason, st.Terminated.ExitCode,
			secondsOf(st.Terminated.StartedAt.Time), secondsOf(st.Terminated.FinishedAt.Time))
	case st.Waiting != nil:
		return "Waiting (" + st.Waiting.Reason + ")"
	}
	return "-"
}

// Describe is the state of the pod at f as text: kubectl get pods, each
// container, the conditions, the endpoints and kubectl describe's events.
func Describe(f Frame) string {
	var b strings.Builder
	fmt.Fprintf(&b, "t=%ds phase=%s\n", f.T, f.Status.Phase)
	b.WriteString(GetPods(f.Get))
	all := append(append([]corev1.ContainerStatus{}, f.Status.InitContainerStatuses...), f.Status.ContainerStatuses...)
	for i, cs := range all {
		v := f.Containers[i]
		kind := "container"
		if v.Sidecar {
			kind = "sidecar"
		} else if v.Init {
			kind = "init container"
		}
		started := "false"
		if cs.Started != nil && *cs.Started {
			started = "true"
		}
		fmt.Fprintf(&b, "%s %s: %s ready=%t started=%s restarts=%d", kind, cs.Name, StateLine(cs.State), cs.Ready, started, cs.RestartCount)
		if cs.LastTerminationState.Terminated != nil {
			fmt.Fprintf(&b, " last=%s", StateLine(cs.LastTerminationState))
		}
		if cs.State.Waiting != nil && cs.State.Waiting.Message != "" {
			fmt.Fprintf(&b, "\n  message: %s", cs.State.Waiting.Message)
		}
		if v.RestartAt >= 0 {
			fmt.Fprintf(&b, "\n  back-off %ds: may restart from t=%ds", v.BackOff, v.RestartAt)
		}
		b.WriteString("\n")
	}
	var conds []string
	for _, c := range f.Status.Conditions {
		conds = append(conds, fmt.Sprintf("%s=%s", c.Type, c.Status))
	}
	fmt.Fprintf(&b, "conditions: %s\n", strings.Join(conds, " "))
	switch {
	case f.Serving:
		b.WriteString("endpoints: ready (gets Service traffic)\n")
	case f.Endpoint:
		b.WriteString("endpoints: not ready (no Service traffic)\n")
	default:
		b.WriteString("endpoints: none\n")
	}
	return b.String()
}
