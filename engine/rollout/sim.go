package rollout

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/engine/controller"
	kubenames "github.com/kubeviz/kubeviz/engine/names"
)

// Time is logical time in whole seconds; 0 is when the learner starts.
type Time int64

// never is a time that does not come.
const never Time = math.MaxInt64

// Template is the part of the pod template the simulation varies.
type Template struct {
	Image string
	// Broken: the pods of this template never pass their readiness probe.
	Broken bool
}

// Pod is one pod of a ReplicaSet.
type Pod struct {
	Name, UID   string
	RS          string // owning ReplicaSet
	Created     Time
	ReadyAt     Time // never: not (yet) Ready
	AvailableAt Time // ReadyAt + minReadySeconds
	DeletedAt   Time // never: not being deleted
	GoneAt      Time // DeletedAt + TerminationSeconds
}

// Terminating is true once the pod has a deletionTimestamp.
func (p *Pod) Terminating() bool { return p.DeletedAt != never }

// ReplicaSet is one ReplicaSet owned by the Deployment.
type ReplicaSet struct {
	Name     string // "web-" + pod-template-hash
	Hash     string
	Template Template
	Created  Time
	Replicas int32 // spec.replicas
	Revision int64 // annotation deployment.kubernetes.io/revision
	// RevisionHistory is deployment.kubernetes.io/revision-history: the
	// revisions this ReplicaSet had before a rollback made it new again.
	RevisionHistory []int64
}

// RSStatus is what the ReplicaSet controller reports in status.
type RSStatus struct {
	Replicas, Ready, Available, Terminating int32
}

// Condition is a Deployment condition.
type Condition struct {
	Type, Status, Reason, Message string
	LastUpdate, LastTransition    Time
}

// DeploymentStatus is the Deployment's status as the controller last wrote it.
type DeploymentStatus struct {
	ObservedGeneration  int64
	Replicas            int32
	UpdatedReplicas     int32
	ReadyReplicas       int32
	AvailableReplicas   int32
	UnavailableReplicas int32
	TerminatingReplicas int32
	Conditions          []Condition
}

// Deployment is the Deployment object.
type Deployment struct {
	Name       string
	Created    Time
	Generation int64
	Revision   int64 // annotation deployment.kubernetes.io/revision
	Template   Template
	Status     DeploymentStatus
}

// Event is an event as `kubectl describe` lists it.
type Event struct {
	Type, Reason, From, Message string
	Object                      string // "deployment/web", "replicaset/web-…"
	First, Last                 Time
	Count                       int
}

// Happening is what one step did.
type Happening struct {
	At    Time
	Actor string   // "you", "deployment-controller", "replicaset-controller", "kubelet"
	What  string   // one sentence
	Math  []string // the controller's arithmetic, one line each
	Said  []string // what a command printed
}

// Sim is the cluster: one Deployment, its ReplicaSets and pods.
type Sim struct {
	Cfg    Config
	F      Fenceposts
	Now    Time
	D      Deployment
	RSs    []*ReplicaSet // in creation order
	Pods   []*Pod        // in creation order; gone pods are removed
	Events []Event       // every event, in order of first occurrence

	dirty bool // the Deployment is queued for a sync
	rng   kubenames.Rand
}

// New starts a simulation: the Deployment was created ten minutes ago and
// is fully rolled out at cfg.Image. It returns the validation errors of a
// bad Config instead.
func New(cfg Config) (*Sim, error) {
	if errs := cfg.Validate(); len(errs) > 0 {
		return nil, fmt.Errorf("The Deployment %q is invalid: %s", cfg.Name, errs.ToAggregate().Error())
	}
	s := &Sim{Cfg: cfg, F: cfg.Resolve(), rng: kubenames.NewRand(cfg.Seed, 0x6b756265)}
	const ago = -600
	s.Now = ago
	s.D = Deployment{Name: cfg.Name, Created: ago, Generation: 1, Template: Template{Image: cfg.Image}}
	rs := s.newReplicaSet(s.D.Template, 1)
	rs.Replicas = cfg.Replicas
	s.event("deployment/"+cfg.Name, "ScalingReplicaSet", "deployment-controller",
		fmt.Sprintf("Scaled up replica set %s from 0 to %d", rs.Name, cfg.Replicas))
	s.createPods(rs, int(cfg.Replicas))
	for _, p := range s.Pods {
		p.ReadyAt = ago + Time(cfg.ReadySeconds)
		p.AvailableAt = p.ReadyAt + Time(cfg.MinReadySeconds)
	}
	s.Now = 0
	s.D.Revision = 1
	st := s.calculateStatus(rs)
	st.Conditions = []Condition{
		{Type: "Available", Status: "True", Reason: "MinimumReplicasAvailable", Message: "Deployment has minimum availability.", LastUpdate: ago, LastTransition: ago},
		{Type: "Progressing", Status: "True", Reason: "NewReplicaSetAvailable", Message: fmt.Sprintf("ReplicaSet %q has successfully progressed.", rs.Name), LastUpdate: ago, LastTransition: ago},
	}
	s.D.Status = st
	return s, nil
}

// ---- the cluster's objects ----

// podTemplateHash is the pod-template-hash label: controller_utils.go
// ComputeHash of the Deployment's stored pod template (engine/controller),
// here the template `kubectl create deployment` makes, with the image of
// this revision. It is exact for that template with v1.37's types.
func (s *Sim) podTemplateHash(t Template) string {
	tmpl := controller.KubectlDeploymentTemplate(s.Cfg.Name, t.Image, s.Cfg.Container)
	return controller.ComputeHash(&tmpl, nil)
}

func (s *Sim) newReplicaSet(t Template, revision int64) *ReplicaSet {
	hash := s.podTemplateHash(t)
	rs := &ReplicaSet{Name: s.D.Name + "-" + hash, Hash: hash, Template: t, Created: s.Now, Revision: revision}
	s.RSs = append(s.RSs, rs)
	return rs
}

func (s *Sim) createPods(rs *ReplicaSet, n int) []string {
	var names []string
	for range n {
		p := &Pod{Name: rs.Name + "-" + kubenames.Suffix(s.rng, 5), UID: kubenames.UID(s.rng), RS: rs.Name, Created: s.Now,
			ReadyAt: never, AvailableAt: never, DeletedAt: never, GoneAt: never}
		if !rs.Template.Broken {
			p.ReadyAt = s.Now + Time(s.Cfg.ReadySeconds)
			p.AvailableAt = p.ReadyAt + Time(s.Cfg.MinReadySeconds)
		}
		s.Pods = append(s.Pods, p)
		names = append(names, p.Name)
		s.event("replicaset/"+rs.Name, "SuccessfulCreate", "replicaset-controller", "Created pod: "+p.Name)
	}
	return names
}

// event records an event, aggregating a repeat of the same message as the
// event recorder does (count, first and last seen).
func (s *Sim) event(obj, reason, from, msg string) {
	for i := range s.Events {
		e := &s.Events[i]
		if e.Object == obj && e.Reason == reason && e.Message == msg {
			e.Count++
			e.Last = s.Now
			return
		}
	}
	s.Events = append(s.Events, Event{Type: "Normal", Reason: reason, From: from, Message: msg, Object: obj, First: s.Now, Last: s.Now, Count: 1})
}

// PodsOf lists the pods of a ReplicaSet, including terminating ones.
func (s *Sim) PodsOf(rs *ReplicaSet) []*Pod {
	var out []*Pod
	for _, p := range s.Pods {
		if p.RS == rs.Name {
			out = append(out, p)
		}
	}
	return out
}

// Status is the ReplicaSet's status as the ReplicaSet controller computes
// it (replica_set_utils.go calculateStatus): terminating pods are not
// counted as replicas; they are counted in terminatingReplicas.
func (s *Sim) Status(rs *ReplicaSet) RSStatus {
	var st RSStatus
	for _, p := range s.PodsOf(rs) {
		if p.Terminating() {
			st.Terminating++
			continue
		}
		st.Replicas++
		if p.ReadyAt <= s.Now {
			st.Ready++
		}
		if p.AvailableAt <= s.Now {
			st.Available++
		}
	}
	return st
}

// NewRS is the ReplicaSet whose template is the Deployment's, or nil.
func (s *Sim) NewRS() *ReplicaSet {
	for _, rs := range s.RSs {
		if rs.Template == s.D.Template {
			return rs
		}
	}
	return nil
}

// OldRSs are the other ReplicaSets, oldest first.
func (s *Sim) OldRSs() []*ReplicaSet {
	var out []*ReplicaSet
	for _, rs := range s.RSs {
		if rs.Template != s.D.Template {
			out = append(out, rs)
		}
	}
	return out
}

func specSum(rss []*ReplicaSet) int32 {
	var n int32
	for _, rs := range rss {
		if rs != nil {
			n += rs.Replicas
		}
	}
	return n
}

func (s *Sim) availableSum(rss []*ReplicaSet) int32 {
	var n int32
	for _, rs := range rss {
		if rs != nil {
			n += s.Status(rs).Available
		}
	}
	return n
}

// ---- inputs ----

// SetImage is `kubectl set image deployment/web nginx=IMAGE`: a new pod
// template, so a new generation. broken makes the new pods never ready.
func (s *Sim) SetImage(image string, broken bool) Happening {
	s.D.Template = Template{Image: image, Broken: broken}
	s.D.Generation++
	s.dirty = true
	what := fmt.Sprintf("You changed the pod template's image to %s; the Deployment's generation is now %d.", image, s.D.Generation)
	if broken {
		what = fmt.Sprintf("You changed the pod template's image to %s, a version whose pods will never pass their readiness probe; the Deployment's generation is now %d.", image, s.D.Generation)
	}
	return Happening{At: s.Now, Actor: "you", What: what,
		Said: []string{fmt.Sprintf("$ kubectl set image deployment/%s %s=%s", s.D.Name, s.Cfg.Container, image),
			fmt.Sprintf("deployment.apps/%s image updated", s.D.Name)}}
}

// CanUndo reports whether `kubectl rollout undo` would find a previous
// revision (rollback.go deploymentRevision).
func (s *Sim) CanUndo() bool { return s.previousRevision() != nil }

// previousRevision is the ReplicaSet with the second highest revision.
func (s *Sim) previousRevision() *ReplicaSet {
	var latest, previous *ReplicaSet
	latestRev, previousRev := int64(-1), int64(-1)
	for _, rs := range s.RSs {
		v := rs.Revision
		if latestRev < v {
			previousRev, previous = latestRev, latest
			latestRev, latest = v, rs
		} else if previousRev < v {
			previousRev, previous = v, rs
		}
	}
	return previous
}

// Undo is `kubectl rollout undo deployment/web`
// (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go): kubectl
// finds the ReplicaSet of the previous revision and writes its template
// into the Deployment. The controller then treats that old ReplicaSet as the
// new one and gives it the next revision number.
func (s *Sim) Undo() Happening {
	cmd := fmt.Sprintf("$ kubectl rollout undo deployment/%s", s.D.Name)
	prev := s.previousRevision()
	if prev == nil {
		return Happening{At: s.Now, Actor: "you", What: "You asked to undo the rollout, but there is no previous revision.",
			Said: []string{cmd, fmt.Sprintf("error: no rollout history found for deployment %q", s.D.Name)}}
	}
	if prev.Template == s.D.Template {
		// rollback.go DeploymentRollbacker.Rollback prints toRevision, the
		// --to-revision flag, which is 0 for a plain `rollout undo`
		// (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go).
		const toRevision = 0
		return Happening{At: s.Now, Actor: "you", What: fmt.Sprintf("The Deployment's template already matches the previous revision (%d).", prev.Revision),
			Said: []string{cmd, fmt.Sprintf("deployment.apps/%s skipped rollback (current template already matches revision %d)", s.D.Name, toRevision)}}
	}
	s.D.Template = prev.Template
	s.D.Generation++
	s.dirty = true
	return Happening{At: s.Now, Actor: "you",
		What: fmt.Sprintf("You rolled back: kubectl copied the template of revision %d (%s) back into the Deployment; its generation is now %d.", prev.Revision, prev.Template.Image, s.D.Generation),
		Said: []string{cmd, fmt.Sprintf("deployment.apps/%s rolled back", s.D.Name)}}
}

// ---- time ----

// Next performs the next thing that happens, and reports it. ok is false
// when nothing more will happen.
//
// Within one instant the ReplicaSet controller goes first (it creates and
// deletes the pods the last scale asked for), then the Deployment controller
// syncs; when neither has work, time jumps to the next timed thing: a pod
// becoming ready or available, a terminating pod going away, or the
// Deployment's progress-deadline check.
func (s *Sim) Next() (h Happening, ok bool) {
	for {
		if h, ok := s.syncReplicaSets(); ok {
			return h, true
		}
		if s.dirty {
			s.dirty = false
			if h, ok := s.syncDeployment(); ok {
				return h, true
			}
			continue
		}
		return s.advance()
	}
}

// syncReplicaSets is the ReplicaSet controller's manageReplicas
// (pkg/controller/replicaset/replica_set.go) for the first ReplicaSet whose
// pods do not match spec.replicas.
func (s *Sim) syncReplicaSets() (Happening, bool) {
	for _, rs := range s.RSs {
		st := s.Status(rs)
		diff := int(st.Replicas) - int(rs.Replicas)
		if diff == 0 {
			continue
		}
		h := Happening{At: s.Now, Actor: "replicaset-controller"}
		if diff < 0 {
			names := s.createPods(rs, -diff)
			h.What = fmt.Sprintf("The ReplicaSet controller created %s for %s (spec.replicas %d, it had %d).", count(len(names), "pod"), rs.Name, rs.Replicas, st.Replicas)
			for _, n := range names {
				h.Said = append(h.Said, "Created pod: "+n)
			}
		} else {
			victims := s.podsToDelete(rs, diff)
			for _, p := range victims {
				p.DeletedAt = s.Now
				p.GoneAt = s.Now + Time(s.Cfg.TerminationSeconds)
				s.event("replicaset/"+rs.Name, "SuccessfulDelete", "replicaset-controller", "Deleted pod: "+p.Name)
				h.Said = append(h.Said, "Deleted pod: "+p.Name)
			}
			h.What = fmt.Sprintf("The ReplicaSet controller deleted %s of %s (spec.replicas %d, it had %d); the deleted pods are Terminating.", count(diff, "pod"), rs.Name, rs.Replicas, st.Replicas)
			h.Math = []string{"getPodsToDelete: not-ready pods go first, then the pods Ready for the shortest time (log2 buckets of age, ties by UID), then the newest."}
		}
		s.dirty = true // the ReplicaSet's status changed: the Deployment is queued
		return h, true
	}
	return Happening{}, false
}

// podsToDelete is replica_set.go getPodsToDelete: the active pods sorted by
// controller.ActivePodsWithRanks (LogarithmicScaleDown on, as by default),
// the first diff of them. Every pod here is scheduled and Running on nodes
// with the same number of related pods, and none has restarted or a
// deletion cost, so the criteria that decide are: not ready before ready;
// the more recently Ready first (compared in log2 buckets of age, ties
// broken by UID); the more recently created first (the same way).
func (s *Sim) podsToDelete(rs *ReplicaSet, diff int) []*Pod {
	var active []*Pod
	for _, p := range s.PodsOf(rs) {
		if !p.Terminating() {
			active = append(active, p)
		}
	}
	now := s.Now
	rank := func(t Time) int {
		d := float64(now-t) * 1e9 // nanoseconds, as time.Duration
		if d > 0 {
			return int(math.Log2(d))
		}
		return -1
	}
	sort.SliceStable(active, func(i, j int) bool {
		a, b := active[i], active[j]
		ra, rb := a.ReadyAt <= now, b.ReadyAt <= now
		if ra != rb {
			return !ra
		}
		if ra && rb && a.ReadyAt != b.ReadyAt {
			if d := rank(a.ReadyAt) - rank(b.ReadyAt); d != 0 {
				return d < 0
			}
			return a.UID < b.UID
		}
		if a.Created != b.Created {
			if d := rank(a.Created) - rank(b.Created); d != 0 {
				return d < 0
			}
			return a.UID < b.UID
		}
		return false
	})
	if diff > len(active) {
		diff = len(active)
	}
	return active[:diff]
}

// advance jumps to the next timed happening and applies everything due then.
func (s *Sim) advance() (Happening, bool) {
	next := never
	for _, p := range s.Pods {
		for _, t := range []Time{p.ReadyAt, p.AvailableAt, p.GoneAt} {
			if t > s.Now && t < next {
				if t == p.ReadyAt || t == p.AvailableAt {
					if p.Terminating() {
						continue
					}
				}
				next = t
			}
		}
	}
	deadline := s.deadlineCheck()
	if deadline < next {
		next = deadline
	}
	if next == never {
		return Happening{}, false
	}
	s.Now = next
	var ready, avail, gone []string
	keep := s.Pods[:0]
	for _, p := range s.Pods {
		if p.GoneAt == next {
			gone = append(gone, p.Name)
			continue
		}
		keep = append(keep, p)
		if p.Terminating() {
			continue
		}
		if p.ReadyAt == next {
			ready = append(ready, p.Name)
		}
		if p.AvailableAt == next && s.Cfg.MinReadySeconds > 0 {
			avail = append(avail, p.Name)
		}
	}
	s.Pods = keep
	h := Happening{At: next, Actor: "kubelet"}
	var parts []string
	if len(ready) > 0 {
		if s.Cfg.MinReadySeconds == 0 {
			parts = append(parts, fmt.Sprintf("%s passed %s readiness probe: Ready, and so available (minReadySeconds is 0)", names(ready), its(len(ready))))
		} else {
			parts = append(parts, fmt.Sprintf("%s passed %s readiness probe: Ready, not yet available", names(ready), its(len(ready))))
		}
	}
	if len(avail) > 0 {
		parts = append(parts, fmt.Sprintf("%s %s been Ready for minReadySeconds (%ds): available", names(avail), hasHave(len(avail)), s.Cfg.MinReadySeconds))
	}
	if len(gone) > 0 {
		parts = append(parts, fmt.Sprintf("%s finished terminating and %s gone", names(gone), isAre(len(gone))))
	}
	if len(parts) == 0 {
		h.Actor = "deployment-controller"
		h.What = fmt.Sprintf("%ds after its last progress the Deployment is requeued to check its progress deadline.", s.Cfg.ProgressDeadlineSeconds+1)
		if hh, ok := s.syncDeployment(); ok {
			hh.What = h.What + " " + hh.What
			return hh, true
		}
		return s.Next()
	}
	h.What = upper(strings.Join(parts, "; ")) + "."
	s.dirty = true
	return h, true
}

// deadlineCheck is when requeueStuckDeployment (progress.go) has the
// Deployment synced again to see if it timed out: one second after the
// Progressing condition's lastUpdateTime plus progressDeadlineSeconds, if
// the rollout is neither complete nor already timed out.
func (s *Sim) deadlineCheck() Time {
	c := s.cond("Progressing")
	// A NewReplicaSetAvailable condition never times out (DeploymentTimedOut).
	if c == nil || c.Reason == "ProgressDeadlineExceeded" || c.Reason == "NewReplicaSetAvailable" || s.complete(s.D.Status) {
		return never
	}
	t := c.LastUpdate + Time(s.Cfg.ProgressDeadlineSeconds) + 1
	if t <= s.Now {
		return never
	}
	return t
}

func (s *Sim) cond(typ string) *Condition {
	for i := range s.D.Status.Conditions {
		if s.D.Status.Conditions[i].Type == typ {
			return &s.D.Status.Conditions[i]
		}
	}
	return nil
}

// ---- small words ----

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func its(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func names(ns []string) string {
	switch len(ns) {
	case 1:
		return "Pod " + ns[0]
	case 2:
		return "Pods " + ns[0] + " and " + ns[1]
	}
	return "Pods " + strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Clone is a deep copy, for keeping every step of a timeline.
func (s *Sim) Clone() *Sim {
	c := *s
	c.D.Status.Conditions = append([]Condition(nil), s.D.Status.Conditions...)
	c.RSs = make([]*ReplicaSet, len(s.RSs))
	for i, rs := range s.RSs {
		r := *rs
		r.RevisionHistory = append([]int64(nil), rs.RevisionHistory...)
		c.RSs[i] = &r
	}
	c.Pods = make([]*Pod, len(s.Pods))
	for i, p := range s.Pods {
		q := *p
		c.Pods[i] = &q
	}
	c.Events = append([]Event(nil), s.Events...)
	c.rng = kubenames.Rand{} // a clone is for reading; only the original steps on
	return &c
}
