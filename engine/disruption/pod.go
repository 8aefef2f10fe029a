package disruption

import (
	"fmt"
	"math"
	"sort"
	"time"

	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// Lifecycle is how a pod's container stops: its terminationGracePeriodSeconds,
// a preStop hook that sleeps, and what the process does on SIGTERM.
type Lifecycle struct {
	Grace         int  // spec.terminationGracePeriodSeconds
	PreStop       int  // seconds the preStop hook runs (0: no hook)
	IgnoreSIGTERM bool // the process ignores SIGTERM and runs until SIGKILL
	ExitAfter     int  // seconds from SIGTERM to exit when it does not ignore it
}

// Never marks a time that has not come (yet).
const Never = math.MinInt32

// Pod is one pod through its life, in seconds of the timeline (negative
// before the story starts). A field holding a time is Never until it is known.
type Pod struct {
	Name      string
	Namespace string
	UID       string
	Owner     string // "ReplicaSet/checkout-7c9d8f6b5d", "DaemonSet/kube-proxy" or ""
	Labels    map[string]string
	Container string
	Class     string
	Priority  int32
	MilliCPU  int64
	Life      Lifecycle

	Created   int
	Node      string
	Nominated string
	IP        string
	BoundAt   int
	RunningAt int
	ReadyAt   int

	// Termination, set by Delete (kubelet killContainer).
	DeletedAt   int
	SIGTERMAt   int
	SIGKILLAt   int // when the kubelet would send SIGKILL
	ExitAt      int // the container stopped
	Killed      bool
	GoneAt      int // the API object is gone
	Disruption  *Condition
	KillMessage string
}

// Condition is a pod condition (only DisruptionTarget here).
type Condition struct{ Type, Status, Reason, Message string }

// NewPod is a pod created at second t, not yet scheduled.
func NewPod(name string, t int) *Pod {
	return &Pod{Name: name, Namespace: "default", Container: "app", Created: t, BoundAt: Never, RunningAt: Never, ReadyAt: Never,
		DeletedAt: Never, SIGTERMAt: Never, SIGKILLAt: Never, ExitAt: Never, GoneAt: Never}
}

// Clone copies the pod.
func (p *Pod) Clone() *Pod {
	c := *p
	if p.Disruption != nil {
		d := *p.Disruption
		c.Disruption = &d
	}
	return &c
}

// Exists reports whether the API object still exists at second t.
func (p *Pod) Exists(t int) bool { return t >= p.Created && (p.GoneAt == Never || t < p.GoneAt) }

// Terminating reports a set deletionTimestamp.
func (p *Pod) Terminating(t int) bool { return p.DeletedAt != Never && t >= p.DeletedAt }

// IsReady is podutil.IsPodReady: the Ready condition, true from ReadyAt
// until the container stops.
func (p *Pod) IsReady(t int) bool {
	return p.ReadyAt != Never && t >= p.ReadyAt && (p.ExitAt == Never || t < p.ExitAt)
}

// Bind puts the pod on node at second t; the kubelet starts its container
// 2 s later and its readiness probe passes 2 s after that (this model's
// timing: image already present, initialDelaySeconds 2).
func (p *Pod) Bind(node string, t int, ip string) {
	p.Node, p.BoundAt, p.RunningAt, p.ReadyAt, p.IP = node, t, t+2, t+4, ip
	// ClearingNominatedNodeNameAfterBinding (beta, on by default since
	// v1.35): the API server clears status.nominatedNodeName on bind
	// (pkg/registry/core/pod/storage/storage.go).
	p.Nominated = ""
}

// Delete is a graceful delete at second t with the pod's own grace period
// (what both the scheduler's util.DeletePod and the Eviction API send), and
// what the kubelet then does (kuberuntime_container.go killContainer): it
// records the Killing event, runs the preStop hook for at most the grace
// period, subtracts the time the hook took, keeps at least
// minimumGracePeriodInSeconds = 2, sends SIGTERM, and SIGKILL when that
// window ends. The pod object goes away a second after the container stops
// (the status manager's final delete).
//
// Worked example: grace 30, preStop 5, a process that ignores SIGTERM:
// SIGTERM at +5, SIGKILL at +30 (5 + 25), the object is gone at +31.
func (p *Pod) Delete(t int) {
	p.DeletedAt = t
	if p.BoundAt == Never || p.Life.Grace == 0 {
		// strategy.go CheckGracefulDelete: an unscheduled pod, or a grace
		// period of 0, is removed at once.
		p.ExitAt, p.GoneAt = t, t
		return
	}
	used := 0
	if p.Life.PreStop > 0 {
		used = min(p.Life.PreStop, p.Life.Grace)
	}
	p.SIGTERMAt = t + used
	window := max(p.Life.Grace-used, 2)
	p.SIGKILLAt = p.SIGTERMAt + window
	if !p.Life.IgnoreSIGTERM && p.Life.ExitAfter < window {
		p.ExitAt = p.SIGTERMAt + p.Life.ExitAfter
	} else {
		p.ExitAt, p.Killed = p.SIGKILLAt, true
	}
	p.GoneAt = p.ExitAt + 1
}

// Status is the STATUS column of kubectl get pods (printers.go printPod):
// Terminating once deletionTimestamp is set, else the phase or the
// container's waiting reason.
func (p *Pod) Status(t int) string {
	switch {
	case p.Terminating(t):
		return "Terminating"
	case p.BoundAt == Never || t < p.BoundAt:
		return "Pending"
	case t < p.RunningAt:
		return "ContainerCreating"
	}
	return "Running"
}

// ReadyColumn is READY: ready containers / containers.
func (p *Pod) ReadyColumn(t int) string {
	if p.IsReady(t) {
		return "1/1"
	}
	return "0/1"
}

// Phase is what the container is doing at t, for the lesson.
func (p *Pod) Phase(t int) string {
	switch {
	case !p.Exists(t):
		return "gone"
	case p.Terminating(t) && p.ExitAt != Never && t >= p.ExitAt:
		if p.Killed {
			return "SIGKILL: exited 137"
		}
		return "exited 0 after SIGTERM"
	case p.Terminating(t) && t >= p.SIGTERMAt:
		return fmt.Sprintf("SIGTERM sent; SIGKILL at %ds", p.SIGKILLAt)
	case p.Terminating(t):
		return fmt.Sprintf("preStop hook running; SIGTERM at %ds", p.SIGTERMAt)
	case p.BoundAt == Never:
		if p.Nominated != "" {
			return "Pending, nominated to " + p.Nominated
		}
		return "Pending"
	case t < p.RunningAt:
		return "ContainerCreating"
	case !p.IsReady(t):
		return "Running, not Ready yet"
	}
	return "Running, Ready"
}

// Event is an event as kubectl describe and kubectl get events show it.
type Event struct {
	At      int
	Type    string
	Reason  string
	Object  string // "pod/report-3"
	From    string
	Message string
}

// Age is kubectl's age column (apimachinery util/duration.HumanDuration).
func Age(sec int) string { return duration.HumanDuration(time.Duration(sec) * time.Second) }

// GetPodsWide is `kubectl get pods -o wide` at second t (printers.go
// podColumnDefinitions: NAME, READY, STATUS, RESTARTS, AGE, IP, NODE,
// NOMINATED NODE, READINESS GATES), pods sorted by name as the API lists
// them, in the default namespace. Pods created before the story began have
// negative Created.
func GetPodsWide(pods []*Pod, t int) string {
	ps := append([]*Pod(nil), pods...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	rows := [][]string{{"NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"}}
	for _, p := range ps {
		if !p.Exists(t) || p.Namespace != "default" {
			continue
		}
		ip, node, nom := none(p.IP), none(p.Node), none(p.Nominated)
		if p.BoundAt == Never || t < p.BoundAt {
			ip, node = "<none>", "<none>"
		} else if t < p.RunningAt {
			ip = "<none>"
		}
		rows = append(rows, []string{p.Name, p.ReadyColumn(t), p.Status(t), "0", Age(t - p.Created), ip, node, nom, "<none>"})
	}
	return kubectl.Table(rows)
}

func none(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}

// GetEvents is `kubectl get events --sort-by=.lastTimestamp` at second t
// (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE).
func GetEvents(evs []Event, t int) string {
	rows := [][]string{{"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"}}
	for _, e := range evs {
		if e.At > t {
			continue
		}
		rows = append(rows, []string{Age(t - e.At), e.Type, e.Reason, e.Object, e.Message})
	}
	return kubectl.Table(rows)
}
