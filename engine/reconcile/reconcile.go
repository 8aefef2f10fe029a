package reconcile

import (
	"github.com/kubeviz/kubeviz/engine/kubectl"
	"github.com/kubeviz/kubeviz/engine/names"

	"fmt"
	"math"
	"sort"
	"time"

	"k8s.io/apimachinery/pkg/util/duration"
)

// Time is simulated time in whole seconds.
type Time int64

const never Time = math.MaxInt64

// Upstream constants.
const (
	// BurstReplicas is replica_set.go's BurstReplicas: at most this many
	// creates or deletes in one sync.
	BurstReplicas = 500
	// SlowStartInitialBatchSize is controller.SlowStartInitialBatchSize.
	SlowStartInitialBatchSize = 1
	// MaxReplicas is this demo's limit, to keep the picture readable.
	MaxReplicas = 10
	// Image of the pods.
	Image = "nginx:1.27"
	// RSName is the ReplicaSet; its pods are named RSName-<5 characters>
	// (generateName, names.SimpleNameGenerator).
	RSName = "web"
)

// Pod is one pod of the ReplicaSet.
type Pod struct {
	Name, UID string
	Created   Time
	// RunningAt: when the container starts (never, or later than now:
	// ContainerCreating).
	RunningAt Time
	// ReadySince is when the pod last became Ready (never: not Ready).
	ReadySince Time
	Restarts   int
	// LastExit is lastState.terminated.finishedAt: when the container
	// last exited (never: it never has). PrevExit is the exit before that,
	// which lastState shows while the newest exit is still the
	// container's current state (STATUS Error).
	LastExit, PrevExit Time
	// CrashedAt: the container exited and waits to be restarted at
	// RestartAt (never: not crashed).
	CrashedAt, RestartAt Time
	DeletedAt            Time // deletionTimestamp set (never: not deleted)
	goneAt               Time
}

// Terminating is true once the pod is deleted.
func (p *Pod) Terminating() bool { return p.DeletedAt != never }

// Ready is the pod's Ready condition.
func (p *Pod) Ready() bool { return p.ReadySince != never }

// Status is kubectl get pods' STATUS column (printers.go printPod).
func (p *Pod) Status(now Time) string {
	switch {
	case p.Terminating():
		return "Terminating"
	case !p.Started(now):
		return "ContainerCreating"
	case p.CrashedAt != never && now > p.CrashedAt:
		return "CrashLoopBackOff"
	case p.CrashedAt != never:
		return "Error"
	}
	return "Running"
}

// Event is one event with the recorder's repeat count.
type Event struct {
	Object, Type, Reason, From, Message string
	First, Last                         Time
	Count                               int
}

// Sim is the ReplicaSet, its pods and the kubelet that runs them.
type Sim struct {
	Now      Time
	Replicas int // spec.replicas
	Pods     []*Pod
	Events   []Event
	Created  Time // the ReplicaSet's creationTimestamp
	// Status is the ReplicaSet's stored status, which only the
	// controller's sync writes.
	Status RSStatus
	rng    names.Rand
}

// RSStatus is the part of ReplicaSetStatus kubectl get replicaset prints.
type RSStatus struct {
	Replicas      int // status.replicas
	ReadyReplicas int // status.readyReplicas
}

// New is a ReplicaSet that has run replicas Ready pods for an hour.
func New(seed uint64, replicas int) *Sim {
	s := &Sim{Replicas: replicas, Created: -3600, rng: names.NewRand(seed, seed^0x5851f42d4c957f2d)}
	for i := 0; i < replicas; i++ {
		p := s.newPod(-3600)
		p.RunningAt, p.ReadySince = -3598, -3598
	}
	// The controller has synced since: its status counts them all.
	s.Status = RSStatus{Replicas: replicas, ReadyReplicas: replicas}
	return s
}

func (s *Sim) newPod(t Time) *Pod {
	p := &Pod{Name: RSName + "-" + names.Suffix(s.rng, 5), UID: names.UID(s.rng), Created: t, RunningAt: never, ReadySince: never,
		LastExit: never, PrevExit: never, CrashedAt: never, RestartAt: never, DeletedAt: never, goneAt: never}
	s.Pods = append(s.Pods, p)
	return p
}

func (s *Sim) event(obj, typ, reason, from, msg string) {
	for i := range s.Events {
		e := &s.Events[i]
		if e.Object == obj && e.Reason == reason && e.Message == msg {
			e.Count++
			e.Last = s.Now
			return
		}
	}
	s.Events = append(s.Events, Event{Object: obj, Type: typ, Reason: reason, From: from, Message: msg, First: s.Now, Last: s.Now, Count: 1})
}

// SortedPods are the pods by name, as kubectl lists them.
func (s *Sim) SortedPods() []*Pod {
	ps := append([]*Pod(nil), s.Pods...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}

// Pod is the pod called name.
func (s *Sim) Pod(name string) *Pod {
	for _, p := range s.Pods {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Active are the pods controller.FilterActivePods keeps: not Terminating
// (none here has Succeeded or Failed).
func (s *Sim) Active() []*Pod {
	var out []*Pod
	for _, p := range s.SortedPods() {
		if !p.Terminating() {
			out = append(out, p)
		}
	}
	return out
}

// Delete is kubectl delete pod: the API server sets the deletionTimestamp
// (now + terminationGracePeriodSeconds 30); the pod is Terminating until
// its kubelet has stopped it.
func (s *Sim) Delete(name string) error {
	p := s.Pod(name)
	if p == nil {
		return fmt.Errorf("pods %q not found", name) // kubectl's NotFound message
	}
	if p.Terminating() {
		return nil
	}
	p.DeletedAt = s.Now
	// The pod stays Ready until the kubelet has stopped its container: the
	// kubelet computes readiness the same way for a pod being deleted
	// (pkg/kubelet/prober/prober_manager.go UpdatePodStatus; documented by
	// kubernetes/website PR #49476). FilterActivePods leaves it out anyway.
	p.goneAt = s.Now + 1 // the container stops at once (no open connections); the kubelet confirms
	return nil
}

// Scale is kubectl scale replicaset web --replicas=n.
func (s *Sim) Scale(n int) { s.Replicas = n }

// Crash makes the pod's container exit with code 1. The kubelet restarts
// it (restartPolicy Always): at once the first time, then after its
// crash back-off (10 s, doubling, at most 5 min; pkg/kubelet/kubelet.go
// backOffPeriod and MaxContainerBackOff).
func (s *Sim) Crash(name string) error {
	p := s.Pod(name)
	if p == nil {
		return fmt.Errorf("pods %q not found", name)
	}
	if p.Terminating() || p.RunningAt == never || p.CrashedAt != never {
		return fmt.Errorf("%s has no running container to crash", name)
	}
	p.CrashedAt = s.Now
	p.PrevExit, p.LastExit = p.LastExit, s.Now
	p.ReadySince = never
	delay := Time(0)
	if p.Restarts > 0 {
		delay = Time(min(10*math.Pow(2, float64(p.Restarts-1)), 300))
	}
	p.RestartAt = s.Now + max(delay, 1)
	if p.Restarts > 0 {
		// kuberuntime_manager.go doBackOff.
		s.event("pod/"+p.Name, "Warning", "BackOff", "kubelet", "Back-off restarting failed container nginx in pod "+p.Name+"_default("+p.UID+")")
	}
	return nil
}

// Sync is one ReplicaSet controller sync (syncReplicaSet → manageReplicas).
type Sync struct {
	At       Time
	Observed []Observed // the informer's view of the owned pods
	Active   int        // len(filteredPods)
	Replicas int
	Diff     int // len(filteredPods) - replicas
	Capped   int // |diff| after burstReplicas
	Batches  []int
	Created  []string
	Deleted  []string
	Ranking  []Ranked // the deletion order, when deleting
	// Status is what the sync writes to the ReplicaSet's status, counted
	// from the pods it observed before acting.
	Status RSStatus
}

// Observed is one pod as the controller sees it.
type Observed struct {
	Name, Status string
	Active       bool
	Ready        bool
	Restarts     int
}

// Ranked is a pod in getPodsToDelete's order and why it is there.
type Ranked struct{ Name, Why string }

// Sync runs manageReplicas once.
func (s *Sim) Sync() Sync {
	sy := Sync{At: s.Now, Replicas: s.Replicas}
	for _, p := range s.SortedPods() {
		sy.Observed = append(sy.Observed, Observed{Name: p.Name, Status: p.Status(s.Now), Active: !p.Terminating(), Ready: p.Ready(), Restarts: p.Restarts})
	}
	active := s.Active()
	// syncReplicaSet computes the new status from filteredPods, listed
	// before manageReplicas creates or deletes anything
	// (pkg/controller/replicaset/replica_set.go syncReplicaSet:
	// calculateStatus(rs, filteredPods, manageReplicasErr); replicas =
	// len(filteredPods), readyReplicas = those podutil.IsPodReady). The
	// pods this sync creates or deletes show in the next sync's status.
	st := RSStatus{Replicas: len(active)}
	for _, p := range active {
		if p.Ready() {
			st.ReadyReplicas++
		}
	}
	sy.Status = st
	defer func() { s.Status = st }()
	sy.Active = len(active)
	sy.Diff = len(active) - s.Replicas
	switch {
	case sy.Diff < 0:
		n := min(-sy.Diff, BurstReplicas)
		sy.Capped = n
		sy.Batches = slowStartBatches(n)
		for range n {
			p := s.newPod(s.Now)
			p.RunningAt = s.Now + 2 // image present, created, started
			s.event("replicaset/"+RSName, "Normal", "SuccessfulCreate", "replicaset-controller", "Created pod: "+p.Name)
			// The scheduler binds it within the same second.
			s.event("pod/"+p.Name, "Normal", "Scheduled", "default-scheduler", "Successfully assigned default/"+p.Name+" to node-1")
			sy.Created = append(sy.Created, p.Name)
		}
	case sy.Diff > 0:
		n := min(sy.Diff, BurstReplicas)
		sy.Capped = n
		ranked := s.rankForDeletion(active)
		for i, r := range ranked {
			sy.Ranking = append(sy.Ranking, r)
			if i < n {
				p := s.Pod(r.Name)
				s.Delete(p.Name)
				s.event("replicaset/"+RSName, "Normal", "SuccessfulDelete", "replicaset-controller", "Deleted pod: "+p.Name)
				sy.Deleted = append(sy.Deleted, p.Name)
			}
		}
	}
	return sy
}

// slowStartBatches is slowStartBatch's batch sizes for n creations: 1, 2,
// 4, … (controller.SlowStartInitialBatchSize 1), the last one what is left.
func slowStartBatches(n int) []int {
	var out []int
	for b := SlowStartInitialBatchSize; n > 0; b *= 2 {
		k := min(b, n)
		out = append(out, k)
		n -= k
	}
	return out
}

// rankForDeletion is getPodsToDelete's order (controller_utils.go
// ActivePodsWithRanks.Less with LogarithmicScaleDown, on by default):
// Pending before Running; not Ready before Ready; (no pod-deletion-cost
// here; all pods share one node's rank, so "doubled up" never decides);
// Ready for less time first, compared in powers of two of the duration
// (ties by UID); more container restarts first; newer first, in powers of
// two (ties by UID).
func (s *Sim) rankForDeletion(active []*Pod) []Ranked {
	ps := append([]*Pod(nil), active...)
	now := s.Now
	lg := func(t Time) int {
		d := float64(now-t) * float64(time.Second)
		if d > 0 {
			return int(math.Log2(d))
		}
		return -1
	}
	why := map[string]string{}
	// Two pods created or made Ready in the same second of this
	// simulation were milliseconds apart in a cluster: different times in
	// the same power of two, so the UID decides.
	less := func(a, b *Pod) (bool, string) {
		ra, rb := a.RunningAt <= now, b.RunningAt <= now
		if ra != rb {
			return !ra, "Pending before Running"
		}
		if a.Ready() != b.Ready() {
			return !a.Ready(), "not Ready before Ready"
		}
		if a.Ready() && b.Ready() {
			if d := lg(a.ReadySince) - lg(b.ReadySince); d != 0 {
				return d < 0, "Ready for less time (in powers of two) first"
			}
			return a.UID < b.UID, "Ready for about as long (the same power of two), so by UID"
		}
		if a.Restarts != b.Restarts {
			return a.Restarts > b.Restarts, "more restarts first"
		}
		if d := lg(a.Created) - lg(b.Created); d != 0 {
			return d < 0, "newer (in powers of two) first"
		}
		return a.UID < b.UID, "created about as long ago (the same power of two), so by UID"
	}
	sort.SliceStable(ps, func(i, j int) bool {
		l, _ := less(ps[i], ps[j])
		return l
	})
	out := make([]Ranked, len(ps))
	for i, p := range ps {
		w := "first: nothing ranks above it"
		if i > 0 {
			_, w = less(ps[i-1], p)
			w = "after " + ps[i-1].Name + ": " + w
		}
		why[p.Name] = w
		out[i] = Ranked{Name: p.Name, Why: w}
	}
	return out
}

// KubeletStep is what the kubelets do next: start created pods, finish
// deleted ones, restart crashed containers. It advances the clock to the
// next such moment and says what happened; false if nothing is pending.
func (s *Sim) KubeletStep() ([]string, bool) {
	next := never
	for _, p := range s.Pods {
		for _, t := range []Time{p.goneAt, p.RestartAt} {
			if t < next {
				next = t
			}
		}
		if p.RunningAt > s.Now && p.RunningAt < next && !p.Terminating() {
			next = p.RunningAt
		}
	}
	if next == never {
		return nil, false
	}
	s.Now = next
	var did []string
	for _, p := range s.SortedPods() {
		switch {
		case p.goneAt == s.Now:
			s.event("pod/"+p.Name, "Normal", "Killing", "kubelet", "Stopping container nginx")
			s.remove(p)
			did = append(did, fmt.Sprintf("The kubelet stops %s's container (event Killing \"Stopping container nginx\"); the pod object is removed.", p.Name))
		case p.RunningAt == s.Now && !p.Terminating():
			p.ReadySince = s.Now
			// kuberuntime_container.go startContainer: "Container created" and
			// "Container started" since kubernetes/kubernetes PR #134043 (v1.35);
			// the container's name is in the event's fieldPath, not the message.
			s.event("pod/"+p.Name, "Normal", "Pulled", "kubelet", fmt.Sprintf("Container image %q already present on machine and can be accessed by the pod", Image))
			s.event("pod/"+p.Name, "Normal", "Created", "kubelet", "Container created")
			s.event("pod/"+p.Name, "Normal", "Started", "kubelet", "Container started")
			did = append(did, fmt.Sprintf("The kubelet starts %s's container: Running and Ready.", p.Name))
		case p.RestartAt == s.Now:
			p.Restarts++
			p.CrashedAt, p.RestartAt = never, never
			p.ReadySince = s.Now
			// Every container start, a restart too, goes through
			// startContainer's EnsureImageExists (pkg/kubelet/kuberuntime/
			// kuberuntime_container.go, pkg/kubelet/images/image_manager.go):
			// Pulled "already present on machine", then Created and Started.
			s.event("pod/"+p.Name, "Normal", "Pulled", "kubelet", fmt.Sprintf("Container image %q already present on machine and can be accessed by the pod", Image))
			s.event("pod/"+p.Name, "Normal", "Created", "kubelet", "Container created")
			s.event("pod/"+p.Name, "Normal", "Started", "kubelet", "Container started")
			did = append(did, fmt.Sprintf("The kubelet restarts the crashed container in the same pod %s (restartPolicy Always): RESTARTS %d. The pod's name, UID and IP stay.", p.Name, p.Restarts))
		}
	}
	return did, true
}

func (s *Sim) remove(p *Pod) {
	for i, q := range s.Pods {
		if q == p {
			s.Pods = append(s.Pods[:i], s.Pods[i+1:]...)
			return
		}
	}
}

// Tick advances the clock.
func (s *Sim) Tick(d Time) { s.Now += d }

// Age is kubectl's translateTimestampSince.
func (s *Sim) Age(t Time) string { return duration.HumanDuration(time.Duration(s.Now-t) * time.Second) }

// Restarts is the RESTARTS column: "1 (5s ago)" after a restart, the
// time since lastState.terminated.finishedAt, when the container last
// exited (pkg/printers/internalversion/printers.go printPod:
// lastRestartDate = LastTerminationState.Terminated.FinishedAt; "%d (%s
// ago)" when restarts != 0). While the newest exit is the current state
// (STATUS Error), lastState still holds the exit before it.
func (s *Sim) Restarts(p *Pod) string {
	last := p.LastExit
	if p.CrashedAt == s.Now {
		last = p.PrevExit
	}
	if p.Restarts == 0 || last == never {
		return fmt.Sprint(p.Restarts)
	}
	return fmt.Sprintf("%d (%s ago)", p.Restarts, s.Age(last))
}

// ReadyColumn is the READY column: ready containers (printers.go printPod
// counts containerStatuses[].ready), a Terminating pod's included.
func (s *Sim) ReadyColumn(p *Pod) string {
	if p.Ready() {
		return "1/1"
	}
	return "0/1"
}

// GetPods is kubectl get pods.
func (s *Sim) GetPods() string {
	rows := [][]string{{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}}
	for _, p := range s.SortedPods() {
		rows = append(rows, []string{p.Name, s.ReadyColumn(p), p.Status(s.Now), s.Restarts(p), s.Age(p.Created)})
	}
	if len(rows) == 1 {
		return "No resources found in default namespace."
	}
	return kubectl.Table(rows)
}

// ReadyCount is status.readyReplicas: active pods that are Ready.
func (s *Sim) ReadyCount() int {
	n := 0
	for _, p := range s.Active() {
		if p.Ready() {
			n++
		}
	}
	return n
}

// GetReplicaSet is kubectl get replicaset web (printers.go
// printReplicaSet: DESIRED spec.replicas, CURRENT status.replicas, READY
// status.readyReplicas): the status the controller's last sync stored,
// not a live count.
func (s *Sim) GetReplicaSet() string {
	return kubectl.Table([][]string{{"NAME", "DESIRED", "CURRENT", "READY", "AGE"},
		{RSName, fmt.Sprint(s.Replicas), fmt.Sprint(s.Status.Replicas), fmt.Sprint(s.Status.ReadyReplicas), s.Age(s.Created)}})
}

// KubectlEvents is kubectl events, the last n (kubectl.Events:
// staging/src/k8s.io/kubectl/pkg/cmd/events/event_printer.go).
func (s *Sim) KubectlEvents(n int) string {
	rows := make([]kubectl.EventRow, 0, len(s.Events))
	for _, e := range s.Events {
		rows = append(rows, kubectl.EventRow{Last: int64(e.Last), LastAge: s.Age(e.Last), FirstAge: s.Age(e.First), Count: e.Count,
			Type: e.Type, Reason: e.Reason, Object: kubectl.EventObject(e.Object), Message: e.Message})
	}
	return kubectl.Events("default", rows, n)
}

// CheckInvariants: the controller never has more active pods than it
// wants after it has acted, unless they are being deleted; a Ready pod's
// container runs; a Terminating pod is not active.
func (s *Sim) CheckInvariants(after *Sync) []string {
	var bad []string
	if after != nil && len(s.Active()) != s.Replicas {
		bad = append(bad, fmt.Sprintf("after the sync %d active pods, want %d", len(s.Active()), s.Replicas))
	}
	for _, p := range s.Pods {
		if p.Ready() && (p.RunningAt > s.Now || p.CrashedAt != never) {
			bad = append(bad, p.Name+" is Ready without a running container")
		}
	}
	return bad
}

// Clone is a deep copy.
func (s *Sim) Clone() *Sim {
	c := *s
	c.rng = s.rng.Clone()
	c.Pods = nil
	for _, p := range s.Pods {
		q := *p
		c.Pods = append(c.Pods, &q)
	}
	c.Events = append([]Event(nil), s.Events...)
	return &c
}

// Crashed is true while the container waits to be restarted.
func (p *Pod) Crashed() bool { return p.CrashedAt != never }

// Started is true once the container has started.
func (p *Pod) Started(now Time) bool { return p.RunningAt <= now }
