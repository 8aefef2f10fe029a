package nodelifecycle

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// Age is kubectl's translateTimestampSince: duration.HumanDuration of the
// time from t to now ("5s", "4m10s", "61m", "2d").
func (s *Sim) Age(t Time) string {
	return duration.HumanDuration(time.Duration(s.Now-t) * time.Second)
}

// Timestamp is a time as kubectl describe prints it (time.RFC1123Z).
func Timestamp(t Time) string { return Wall(t).Format(time.RFC1123Z) }

// NodeStatus is the STATUS column of kubectl get nodes
// (printers.go printNode): Ready when the Ready condition is True, else
// NotReady; Unknown prints NotReady too.
func NodeStatus(n *Node) string {
	if n.ReadyStatus() == "True" {
		return "Ready"
	}
	return "NotReady"
}

// GetNodes is kubectl get nodes.
func (s *Sim) GetNodes() string {
	rows := [][]string{{"NAME", "STATUS", "ROLES", "AGE", "VERSION"}}
	for _, n := range s.Nodes {
		rows = append(rows, []string{n.Name, NodeStatus(n), "<none>", s.Age(n.Created), KubeletVersion})
	}
	return kubectl.Table(rows)
}

// PodStatus is the STATUS column of kubectl get pods (printPod): the
// phase, or Terminating once the pod has a deletionTimestamp.
func PodStatus(p *Pod) string {
	switch {
	case p.Terminating():
		return "Terminating"
	case p.Node == "":
		return "Pending"
	case !p.Running:
		return "ContainerCreating"
	}
	return "Running"
}

// PodReadyColumn is the READY column: ready containers / containers, from
// containerStatuses, which only the kubelet writes.
func PodReadyColumn(p *Pod) string {
	if p.ContainerReady {
		return "1/1"
	}
	return "0/1"
}

func orNone(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}

// SortedPods are the pods by name, as kubectl lists them.
func (s *Sim) SortedPods() []*Pod {
	ps := append([]*Pod(nil), s.Pods...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}

// GetPodsWide is kubectl get pods -o wide.
func (s *Sim) GetPodsWide() string {
	rows := [][]string{{"NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"}}
	for _, p := range s.SortedPods() {
		rows = append(rows, []string{p.Name, PodReadyColumn(p), PodStatus(p), "0", s.Age(p.Created), orNone(p.IP), orNone(p.Node), "<none>", "<none>"})
	}
	return kubectl.Table(rows)
}

// DeploymentCounts are status.readyReplicas, updatedReplicas and
// availableReplicas: the ReplicaSet's active pods, and of those the ones
// whose Ready condition is True (minReadySeconds 0).
func (s *Sim) DeploymentCounts() (ready, updated, available int) {
	for _, p := range s.Active() {
		updated++
		if p.Ready {
			ready++
			available++
		}
	}
	return
}

// GetDeployment is kubectl get deployment web.
func (s *Sim) GetDeployment() string {
	ready, updated, available := s.DeploymentCounts()
	return kubectl.Table([][]string{
		{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"},
		{DeploymentName, fmt.Sprintf("%d/%d", ready, Replicas), fmt.Sprint(updated), fmt.Sprint(available), s.Age(s.DeploymentCreated)},
	})
}

// DescribeNode is the part of kubectl describe node that changes:
// Taints, Lease, Conditions and Events (describe.go describeNode).
func (s *Sim) DescribeNode(name string) string {
	n := s.Node(name)
	var b strings.Builder
	fmt.Fprintf(&b, "Name:               %s\n", n.Name)
	fmt.Fprintf(&b, "Roles:              <none>\n")
	if len(n.Taints) == 0 {
		fmt.Fprintf(&b, "Taints:             <none>\n")
	}
	// staging/src/k8s.io/kubectl/pkg/describe/describe.go
	// printTaintsMultilineWithIndent sorts the taints by
	// string(taint.Effect) + "," + taint.Key.
	taints := append([]Taint(nil), n.Taints...)
	sort.Slice(taints, func(i, j int) bool {
		return taints[i].Effect+","+taints[i].Key < taints[j].Effect+","+taints[j].Key
	})
	for i, t := range taints {
		if i == 0 {
			fmt.Fprintf(&b, "Taints:             %s\n", t)
		} else {
			fmt.Fprintf(&b, "                    %s\n", t)
		}
	}
	fmt.Fprintf(&b, "Unschedulable:      false\n")
	fmt.Fprintf(&b, "Lease:\n  HolderIdentity:  %s\n  AcquireTime:     <unset>\n  RenewTime:       %s\n", n.Name, Timestamp(n.RenewTime))
	rows := [][]string{{"  Type", "Status", "LastHeartbeatTime", "LastTransitionTime", "Reason", "Message"},
		{"  ----", "------", "-----------------", "------------------", "------", "-------"}}
	// describe.go describeNode writes each condition as
	// "%v \t%v \t%s \t%s \t%v \t%v\n": every cell but the last ends in a
	// space, which the tabwriter counts (the header and dashes do not).
	for _, c := range n.Conditions {
		rows = append(rows, []string{"  " + c.Type + " ", c.Status + " ", Timestamp(c.LastHeartbeat) + " ", Timestamp(c.LastTransition) + " ", c.Reason + " ", c.Message})
	}
	fmt.Fprintf(&b, "Conditions:\n%s\n", kubectl.DescribeTable(rows))
	evs := s.EventsOf("node/" + name)
	if len(evs) == 0 {
		fmt.Fprintf(&b, "Events:             <none>")
		return b.String()
	}
	rows = [][]string{{"  Type", "Reason", "Age", "From", "Message"}, {"  ----", "------", "----", "----", "-------"}}
	for _, e := range evs {
		rows = append(rows, []string{"  " + e.Type, e.Reason, s.EventAge(e), e.From, e.Message})
	}
	fmt.Fprintf(&b, "Events:\n%s", kubectl.DescribeTable(rows))
	return b.String()
}

// EventAge is the Age column of describe's events: "5m" or, for a repeated
// event, "12s (x3 over 2m)".
func (s *Sim) EventAge(e Event) string {
	if e.Count > 1 {
		return fmt.Sprintf("%s (x%d over %s)", s.Age(e.Last), e.Count, s.Age(e.First))
	}
	return s.Age(e.Last)
}

// EventsOf are the events about obj ("node/node-3"), oldest first.
func (s *Sim) EventsOf(obj string) []Event {
	var out []Event
	for _, e := range s.Events {
		if e.Object == obj {
			out = append(out, e)
		}
	}
	return out
}

// KubectlEvents is kubectl events (LAST SEEN, TYPE, REASON, OBJECT,
// MESSAGE), sorted by last seen, the newest last; at most the last n
// (kubectl.Events: staging/src/k8s.io/kubectl/pkg/cmd/events/
// event_printer.go).
func (s *Sim) KubectlEvents(n int) string {
	rows := make([]kubectl.EventRow, 0, len(s.Events))
	for _, e := range s.Events {
		rows = append(rows, kubectl.EventRow{Last: int64(e.Last), LastAge: s.Age(e.Last), FirstAge: s.Age(e.First), Count: e.Count,
			Type: e.Type, Reason: e.Reason, Object: kubectl.EventObject(e.Object), Message: e.Message})
	}
	return kubectl.Events("default", rows, n)
}

// Describe is the whole state as text.
func (s *Sim) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "t=%ds (%s)\n", s.Now, Clock(s.Now))
	fmt.Fprintf(&b, "$ kubectl get nodes\n%s\n", s.GetNodes())
	fmt.Fprintf(&b, "$ kubectl get deployment %s\n%s\n", DeploymentName, s.GetDeployment())
	fmt.Fprintf(&b, "$ kubectl get pods -o wide\n%s\n", s.GetPodsWide())
	return b.String()
}

// CheckInvariants are what must hold after every step:
//   - the ReplicaSet never has more than spec.replicas active pods;
//   - no pod is bound to a node while that node has an untolerated
//     NoSchedule taint it got before the pod was created;
//   - a node is Unknown only if the controller heard nothing from it for
//     more than node-monitor-grace-period before the transition;
//   - a pod deleted by the taint-eviction-controller is deleted no sooner
//     than its tolerationSeconds after the NoExecute taint was added;
//   - a connected kubelet's Lease is at most 10 s old;
//   - a pod is Ready only if its container runs.
func (s *Sim) CheckInvariants() []string {
	var bad []string
	if n := len(s.Active()); n > Replicas {
		bad = append(bad, fmt.Sprintf("%d active pods for %d replicas", n, Replicas))
	}
	for _, n := range s.Nodes {
		if n.Connected() && s.Now-max(n.RenewTime, n.backAt) > LeaseRenewInterval {
			bad = append(bad, fmt.Sprintf("%s is connected but its Lease is %d s old", n.Name, s.Now-n.RenewTime))
		}
		r := n.Cond("Ready")
		if r.Status == "Unknown" && r.LastTransition-s.health[n.Name].probe <= NodeMonitorGracePeriod && r.LastTransition >= s.health[n.Name].probe {
			bad = append(bad, fmt.Sprintf("%s went Unknown %d s after it was last heard from", n.Name, r.LastTransition-s.health[n.Name].probe))
		}
		for _, p := range s.PodsOn(n.Name) {
			if t, ok := n.Taint("node.kubernetes.io/unreachable", "NoSchedule"); ok && p.Created > t.TimeAdded {
				bad = append(bad, fmt.Sprintf("%s was bound to %s despite its NoSchedule taint", p.Name, n.Name))
			}
		}
	}
	for _, p := range s.Pods {
		if p.Ready && !p.Running {
			bad = append(bad, p.Name+" is Ready without a running container")
		}
		if p.DisruptionTarget {
			sec := int64(DefaultTolerationSeconds)
			if s.Cfg.TolerationSeconds != nil {
				sec = *s.Cfg.TolerationSeconds
			}
			if t, ok := s.taintTimeOf(p.Node); ok && p.DeletedAt < t+Time(sec) {
				bad = append(bad, fmt.Sprintf("%s deleted at %d, before %d + %d", p.Name, p.DeletedAt, t, sec))
			}
		}
	}
	return bad
}

// taintTimeOf is when node got its unreachable NoExecute taint, if it
// has it now.
func (s *Sim) taintTimeOf(node string) (Time, bool) {
	n := s.Node(node)
	if n == nil {
		return 0, false
	}
	t, ok := n.Taint("node.kubernetes.io/unreachable", "NoExecute")
	return t.TimeAdded, ok
}

// NodeIP is the node's InternalIP.
func NodeIP(node string) string {
	for i, n := range NodeNames {
		if n == node {
			return fmt.Sprintf("192.168.0.%d", 11+i)
		}
	}
	return ""
}

// DescribePod is the part of kubectl describe pod this story changes:
// Status (describe.go: "Terminating (lasts …)" once deleted, measured from
// the deletionTimestamp, which lies 30 s ahead at first: <invalid>),
// Conditions and Tolerations.
func (s *Sim) DescribePod(name string) string {
	p := s.Pod(name)
	if p == nil {
		return fmt.Sprintf("Error from server (NotFound): pods %q not found", name)
	}
	var b strings.Builder
	rows := [][]string{{"Name:", p.Name}, {"Namespace:", Namespace}, {"Node:", p.Node + "/" + NodeIP(p.Node)}}
	if p.Terminating() {
		rows = append(rows, []string{"Status:", "Terminating (lasts " + s.Age(p.DeletedAt+TerminationGracePeriodSeconds) + ")"},
			[]string{"Termination Grace Period:", fmt.Sprintf("%ds", TerminationGracePeriodSeconds)})
	} else {
		rows = append(rows, []string{"Status:", PodStatus(p)})
	}
	rows = append(rows, []string{"IP:", orNone(p.IP)})
	b.WriteString(kubectl.DescribeTable(rows))
	b.WriteString("\nConditions:\n")
	tf := func(ok bool) string {
		if ok {
			return "True "
		}
		return "False "
	}
	// describe.go describePod writes each condition as "%v \t%v \n": the
	// type and the status both end in a space.
	conds := [][]string{{"  Type", "Status"},
		{"  PodReadyToStartContainers ", tf(p.Running || p.Terminating())},
		{"  Initialized ", "True "},
		{"  Ready ", tf(p.Ready)},
		{"  ContainersReady ", tf(p.ContainerReady)},
		{"  PodScheduled ", tf(p.Node != "")}}
	if p.DisruptionTarget {
		conds = append(conds, []string{"  DisruptionTarget ", "True "})
	}
	b.WriteString(kubectl.DescribeTable(conds))
	b.WriteString("\n")
	var tols [][]string
	for i, t := range p.Tolerations {
		k := ""
		if i == 0 {
			k = "Tolerations:"
		}
		tols = append(tols, []string{k, t.String()})
	}
	b.WriteString(kubectl.DescribeTable(tols))
	return b.String()
}
