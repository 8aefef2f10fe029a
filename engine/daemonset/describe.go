package daemonset

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// Age is how kubectl prints an age (apimachinery util/duration.HumanDuration).
func Age(sec int) string { return duration.HumanDuration(time.Duration(sec) * time.Second) }

// NodeSelectorColumn is the NODE SELECTOR column of `kubectl get
// daemonset` (pkg/printers/internalversion/printers.go
// printDaemonSet: labels.FormatLabels, "<none>" when empty).
func (s *Sim) NodeSelectorColumn() string { return labels.FormatLabels(s.Cfg.NodeSelector) }

// GetDaemonSet is `kubectl get daemonset NAME` (printers.go
// daemonSetColumnDefinitions).
func (s *Sim) GetDaemonSet() string {
	st := s.Status()
	return kubectl.Table([][]string{
		{"NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"},
		{s.Cfg.Name, itoa(st.Desired), itoa(st.Current), itoa(st.Ready), itoa(st.UpToDate), itoa(st.Available), s.NodeSelectorColumn(), Age(s.Now)},
	})
}

// PodColumns is the custom-columns spec GetPodsWide prints.
const PodColumns = "NAME:.metadata.name,NODE:.spec.nodeName,IMAGE:.spec.containers[0].image"

// GetPods is `kubectl get pods -l name=NAME` (printers.go printPod: READY
// ready/total containers; STATUS ContainerCreating while the container
// starts, Terminating once deletionTimestamp is set).
func (s *Sim) GetPods() string {
	if len(s.Pods) == 0 {
		return "No resources found in default namespace."
	}
	rows := [][]string{{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}}
	for _, p := range s.sortedPods() {
		ready, status := "0/1", "ContainerCreating"
		if p.Ready {
			ready, status = "1/1", "Running"
		}
		if p.Terminating {
			// printPod: deletionTimestamp set → Terminating; READY still
			// counts the container until the kubelet has stopped it.
			status = "Terminating"
		}
		rows = append(rows, []string{p.Name, ready, status, "0", Age(s.Now - p.Created)})
	}
	return kubectl.Table(rows)
}

// GetPodsWide is `kubectl get pods -l name=NAME -o custom-columns=PodColumns`.
func (s *Sim) GetPodsWide() string {
	if len(s.Pods) == 0 {
		return "No resources found in default namespace."
	}
	rows := [][]string{{"NAME", "NODE", "IMAGE"}}
	for _, p := range s.sortedPods() {
		rows = append(rows, []string{p.Name, p.Node, p.Image})
	}
	return kubectl.Table(rows)
}

func (s *Sim) sortedPods() []Pod {
	ps := append([]Pod(nil), s.Pods...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}

// GetNodes is `kubectl get nodes` reduced to what decides placement:
// custom-columns NAME, TAINTS and the labels the demo uses.
func (s *Sim) GetNodes() string {
	rows := [][]string{{"NAME", "LABELS", "TAINTS"}}
	for _, n := range s.Nodes {
		rows = append(rows, []string{n.Name, NodeLabels(n), NodeTaints(n)})
	}
	return kubectl.Table(rows)
}

// NodeLabels are the node's labels without kubernetes.io/hostname.
func NodeLabels(n Node) string {
	m := map[string]string{}
	for k, v := range n.Labels {
		if k != "kubernetes.io/hostname" {
			m[k] = v
		}
	}
	return labels.FormatLabels(m)
}

// NodeTaints are the node's taints as `kubectl describe node` lists them.
func NodeTaints(n Node) string {
	if len(n.Taints) == 0 {
		return "<none>"
	}
	var ts []string
	for _, t := range n.Taints {
		ts = append(ts, t.ToString())
	}
	return strings.Join(ts, ",")
}

// DescribeEvents is the Events part of `kubectl describe daemonset`
// (kubectl pkg/describe/describe.go DescribeEvents, written through its
// tabwriter: minwidth 0, tabwidth 8, padding 2), oldest first.
func (s *Sim) DescribeEvents() string {
	if len(s.Events) == 0 {
		return "Events:  <none>"
	}
	rows := [][]string{{"  Type", "Reason", "Age", "From", "Message"}, {"  ----", "------", "----", "----", "-------"}}
	for _, e := range s.Events {
		rows = append(rows, []string{"  " + e.Type, e.Reason, Age(s.Now - e.At), e.From, e.Message})
	}
	return "Events:\n" + kubectl.DescribeTable(rows)
}

// Placement is one line per node: should it run the pod, and why.
func (s *Sim) Placement() string {
	var b strings.Builder
	for _, n := range s.Nodes {
		d := s.ShouldRun(n)
		fmt.Fprintf(&b, "%s: shouldRun=%t shouldContinueRunning=%t (%s)\n", n.Name, d.ShouldRun, d.ShouldContinueRunning, d.Why)
	}
	return strings.TrimRight(b.String(), "\n")
}

func itoa(n int) string { return fmt.Sprint(n) }

// RolloutStatus is `kubectl rollout status daemonset/NAME` after a template
// change (kubectl polymorphichelpers/rollout_status.go
// DaemonSetStatusViewer.Status), and whether it is done.
func (s *Sim) RolloutStatus() (string, bool) {
	st := s.Status()
	switch {
	case st.UpToDate < st.Desired:
		return fmt.Sprintf("Waiting for daemon set %q rollout to finish: %d out of %d new pods have been updated...", s.Cfg.Name, st.UpToDate, st.Desired), false
	case st.Available < st.Desired:
		return fmt.Sprintf("Waiting for daemon set %q rollout to finish: %d of %d updated pods are available...", s.Cfg.Name, st.Available, st.Desired), false
	}
	return fmt.Sprintf("daemon set %q successfully rolled out", s.Cfg.Name), true
}
