package rollout

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// syncDeployment is one sync of the Deployment controller
// (pkg/controller/deployment/deployment_controller.go syncDeployment, then
// rolling.go rolloutRolling or recreate.go rolloutRecreate). It reports
// false when the sync changed nothing.
func (s *Sim) syncDeployment() (Happening, bool) {
	before := s.snapshotForCompare()
	h := Happening{At: s.Now, Actor: "deployment-controller"}
	var what []string
	if s.Cfg.Strategy == Recreate {
		what = s.rolloutRecreate(&h)
	} else {
		what = s.rolloutRolling(&h)
	}
	if reflect.DeepEqual(before, s.snapshotForCompare()) {
		return Happening{}, false
	}
	if len(what) == 0 {
		h.What = "The Deployment controller synced: no ReplicaSet to scale; it updated the Deployment's status."
		return h, true
	}
	w := joinSentences(what)
	h.What = "The Deployment controller synced: " + strings.ToLower(w[:1]) + w[1:]
	return h, true
}

type compared struct {
	D   Deployment
	RSs []ReplicaSet
}

func (s *Sim) snapshotForCompare() compared {
	c := compared{D: s.D}
	c.D.Status.Conditions = slices.Clone(s.D.Status.Conditions)
	for _, rs := range s.RSs {
		r := *rs
		r.RevisionHistory = slices.Clone(rs.RevisionHistory)
		c.RSs = append(c.RSs, r)
	}
	return c
}

// getNewReplicaSet is sync.go getNewReplicaSet: find the ReplicaSet whose
// template is the Deployment's; if it has an older revision than the
// newest, it gets maxOldRevision+1 (a rollback keeps the old numbers in
// revision-history); if there is none and create is true, create it with
// NewRSNewReplicas replicas.
func (s *Sim) getNewReplicaSet(create bool, h *Happening) (*ReplicaSet, []string) {
	old := s.OldRSs()
	var maxOld int64
	for _, rs := range old {
		maxOld = max(maxOld, rs.Revision)
	}
	newRevision := maxOld + 1
	if rs := s.NewRS(); rs != nil {
		if rs.Revision < newRevision {
			// SetNewReplicaSetAnnotations: a rollback to this ReplicaSet.
			rs.RevisionHistory = append(rs.RevisionHistory, rs.Revision)
			prev := rs.Revision
			rs.Revision = newRevision
			// The RS was updated: getNewReplicaSet returns it at once, and
			// the Deployment's own revision annotation follows next sync.
			return rs, []string{fmt.Sprintf("It made the existing ReplicaSet %s (revision %d) the new one and gave it revision %d.", rs.Name, prev, newRevision)}
		}
		s.D.Revision = rs.Revision
		return rs, nil
	}
	if !create {
		return nil, nil
	}
	rs := s.newReplicaSet(s.D.Template, newRevision)
	newReplicas, work := s.newRSNewReplicas(rs)
	h.Math = append(h.Math, work...)
	rs.Replicas = newReplicas
	said := ""
	if newReplicas > 0 {
		said = fmt.Sprintf("Scaled up replica set %s from 0 to %d", rs.Name, newReplicas)
		s.event("deployment/"+s.D.Name, "ScalingReplicaSet", "deployment-controller", said)
		said += "."
	}
	s.D.Revision = newRevision
	s.setCondition(Condition{Type: "Progressing", Status: "True", Reason: "NewReplicaSetCreated",
		Message: fmt.Sprintf("Created new replica set %q", rs.Name)})
	return rs, []string{fmt.Sprintf("It created ReplicaSet %s (revision %d) with %s.", rs.Name, newRevision, count(int(newReplicas), "replica")), said}
}

// newRSNewReplicas is deployment_util.go NewRSNewReplicas.
func (s *Sim) newRSNewReplicas(newRS *ReplicaSet) (int32, []string) {
	if s.Cfg.Strategy == Recreate {
		return s.Cfg.Replicas, nil
	}
	replicas := s.Cfg.Replicas
	current := specSum(s.RSs)
	maxTotal := replicas + s.F.Surge
	work := []string{fmt.Sprintf("NewRSNewReplicas: maxTotalPods = replicas %d + maxSurge %d = %d; pods asked for now (sum of spec.replicas) = %d", replicas, s.F.Surge, maxTotal, current)}
	if current >= maxTotal {
		work = append(work, fmt.Sprintf("  %d ≥ %d: cannot scale up; %s stays at %d", current, maxTotal, newRS.Name, newRS.Replicas))
		return newRS.Replicas, work
	}
	up := min(maxTotal-current, replicas-newRS.Replicas)
	work = append(work, fmt.Sprintf("  scale up by min(%d − %d, replicas %d − new %d) = %d → %d", maxTotal, current, replicas, newRS.Replicas, up, newRS.Replicas+up))
	return newRS.Replicas + up, work
}

// scale is sync.go scaleReplicaSet: set spec.replicas and record
// "Scaled up/down replica set NAME from OLD to NEW".
func (s *Sim) scale(rs *ReplicaSet, to int32) (bool, string) {
	if rs.Replicas == to {
		return false, ""
	}
	from := rs.Replicas
	rs.Replicas = to
	op := "up"
	if to < from {
		op = "down"
	}
	msg := fmt.Sprintf("Scaled %s replica set %s from %d to %d", op, rs.Name, from, to)
	s.event("deployment/"+s.D.Name, "ScalingReplicaSet", "deployment-controller", msg)
	return true, msg + "."
}

// rolloutRolling is rolling.go rolloutRolling.
func (s *Sim) rolloutRolling(h *Happening) []string {
	newRS, what := s.getNewReplicaSet(true, h)
	all := s.RSs

	// Scale up, if we can (reconcileNewReplicaSet).
	if scaled, msg := s.reconcileNewReplicaSet(newRS, h); scaled {
		what = append(what, msg)
		s.syncRolloutStatus(newRS)
		return what
	}
	// Scale down, if we can (reconcileOldReplicaSets).
	var active []*ReplicaSet
	for _, rs := range s.OldRSs() {
		if rs.Replicas > 0 {
			active = append(active, rs) // controller.FilterActiveReplicaSets
		}
	}
	what = append(what, s.reconcileOldReplicaSets(all, active, newRS, h)...)
	s.syncRolloutStatus(newRS)
	return what
}

// reconcileNewReplicaSet is rolling.go reconcileNewReplicaSet.
func (s *Sim) reconcileNewReplicaSet(newRS *ReplicaSet, h *Happening) (bool, string) {
	if newRS.Replicas == s.Cfg.Replicas {
		return false, "" // Scaling not required.
	}
	if newRS.Replicas > s.Cfg.Replicas {
		return s.scale(newRS, s.Cfg.Replicas)
	}
	n, work := s.newRSNewReplicas(newRS)
	h.Math = append(h.Math, work...)
	return s.scale(newRS, n)
}

// reconcileOldReplicaSets is rolling.go reconcileOldReplicaSets.
func (s *Sim) reconcileOldReplicaSets(all, old []*ReplicaSet, newRS *ReplicaSet, h *Happening) []string {
	if specSum(old) == 0 {
		return nil // Can't scale down further
	}
	allPods := specSum(all)
	minAvailable := s.Cfg.Replicas - s.F.Unavailable
	newUnavailable := newRS.Replicas - s.Status(newRS).Available
	maxScaledDown := allPods - minAvailable - newUnavailable
	h.Math = append(h.Math, fmt.Sprintf("reconcileOldReplicaSets: maxScaledDown = all pods %d − minAvailable (%d − maxUnavailable %d = %d) − new RS unavailable (%d − %d available = %d) = %d",
		allPods, s.Cfg.Replicas, s.F.Unavailable, minAvailable, newRS.Replicas, s.Status(newRS).Available, newUnavailable, maxScaledDown))
	if maxScaledDown <= 0 {
		h.Math = append(h.Math, "  ≤ 0: no old pod may go yet")
		return nil
	}
	var what []string
	// Clean up unhealthy replicas first (cleanupUnhealthyReplicas).
	var cleaned int32
	for _, rs := range old { // oldest first: ReplicaSetsByCreationTimestamp
		if cleaned >= maxScaledDown {
			break
		}
		if rs.Replicas == 0 {
			continue
		}
		avail := s.Status(rs).Available
		if rs.Replicas == avail {
			continue // no unhealthy replicas found
		}
		n := min(maxScaledDown-cleaned, rs.Replicas-avail)
		h.Math = append(h.Math, fmt.Sprintf("cleanupUnhealthyReplicas: %s has %d unavailable of %d: scale down by min(%d, %d) = %d", rs.Name, rs.Replicas-avail, rs.Replicas, maxScaledDown-cleaned, rs.Replicas-avail, n))
		if ok, msg := s.scale(rs, rs.Replicas-n); ok {
			what = append(what, msg)
		}
		cleaned += n
	}
	// Scale down old replica sets, checking maxUnavailable
	// (scaleDownOldReplicaSetsForRollingUpdate).
	available := s.availableSum(s.RSs)
	if available <= minAvailable {
		h.Math = append(h.Math, fmt.Sprintf("scaleDownOldReplicaSetsForRollingUpdate: available %d ≤ minAvailable %d: cannot scale down", available, minAvailable))
		return what
	}
	total := available - minAvailable
	h.Math = append(h.Math, fmt.Sprintf("scaleDownOldReplicaSetsForRollingUpdate: available %d − minAvailable %d = %d may go", available, minAvailable, total))
	var done int32
	for _, rs := range old {
		if done >= total {
			break
		}
		if rs.Replicas == 0 {
			continue
		}
		n := min(rs.Replicas, total-done)
		if ok, msg := s.scale(rs, rs.Replicas-n); ok {
			what = append(what, msg)
		}
		done += n
	}
	return what
}

// rolloutRecreate is recreate.go rolloutRecreate: scale every old
// ReplicaSet to 0, wait until none of their pods is left (terminating pods
// count), and only then create the new ReplicaSet at full size.
func (s *Sim) rolloutRecreate(h *Happening) []string {
	newRS, what := s.getNewReplicaSet(false, h)
	scaledDown := false
	for _, rs := range s.OldRSs() {
		if rs.Replicas > 0 { // scaleDownOldReplicaSetsForRecreate
			_, msg := s.scale(rs, 0)
			what = append(what, msg)
			scaledDown = true
		}
	}
	if scaledDown {
		s.syncRolloutStatus(newRS)
		return what
	}
	// Do not process a deployment when it has old pods running.
	if n := s.oldPodsRunning(newRS); n > 0 {
		h.Math = append(h.Math, fmt.Sprintf("oldPodsRunning: %s of the old ReplicaSets still exist (Terminating ones count): wait", count(n, "pod")))
		s.syncRolloutStatus(newRS)
		return what
	}
	if newRS == nil {
		var w []string
		newRS, w = s.getNewReplicaSet(true, h)
		what = append(what, w...)
	}
	// scaleUpNewReplicaSetForRecreate
	if ok, msg := s.scale(newRS, s.Cfg.Replicas); ok {
		what = append(what, msg)
	}
	s.syncRolloutStatus(newRS)
	return what
}

// oldPodsRunning counts the pods of old ReplicaSets that still exist.
func (s *Sim) oldPodsRunning(newRS *ReplicaSet) int {
	n := 0
	for _, p := range s.Pods {
		if newRS == nil || p.RS != newRS.Name {
			n++
		}
	}
	return n
}

// calculateStatus is sync.go calculateStatus.
func (s *Sim) calculateStatus(newRS *ReplicaSet) DeploymentStatus {
	var st DeploymentStatus
	st.ObservedGeneration = s.D.Generation
	for _, rs := range s.RSs {
		rst := s.Status(rs)
		st.Replicas += rst.Replicas
		st.ReadyReplicas += rst.Ready
		st.AvailableReplicas += rst.Available
		st.TerminatingReplicas += rst.Terminating
	}
	if newRS != nil {
		st.UpdatedReplicas = s.Status(newRS).Replicas
	}
	st.UnavailableReplicas = max(0, specSum(s.RSs)-st.AvailableReplicas)
	st.Conditions = slices.Clone(s.D.Status.Conditions)
	return st
}

// maxUnavailable is deployment_util.go MaxUnavailable (0 for Recreate).
func (s *Sim) maxUnavailable() int32 {
	if s.Cfg.Strategy != RollingUpdate {
		return 0
	}
	return s.F.Unavailable
}

// complete is deployment_util.go DeploymentComplete: every desired replica
// updated and available, no old pod left (upstream
// pkg/controller/deployment/util/deployment_util.go; it has compared
// availableReplicas with spec.replicas, not with replicas − maxUnavailable,
// since long before v1.37).
func (s *Sim) complete(st DeploymentStatus) bool {
	return st.UpdatedReplicas == s.Cfg.Replicas && st.Replicas == s.Cfg.Replicas &&
		st.AvailableReplicas == s.Cfg.Replicas && st.ObservedGeneration >= s.D.Generation
}

// syncRolloutStatus is progress.go syncRolloutStatus: the new status, the
// Available condition (calculateStatus) and the Progressing condition.
func (s *Sim) syncRolloutStatus(newRS *ReplicaSet) {
	old := s.D.Status
	st := s.calculateStatus(newRS)
	if st.AvailableReplicas >= s.Cfg.Replicas-s.maxUnavailable() {
		setCondition(&st, Condition{Type: "Available", Status: "True", Reason: "MinimumReplicasAvailable", Message: "Deployment has minimum availability."}, s.Now)
	} else {
		setCondition(&st, Condition{Type: "Available", Status: "False", Reason: "MinimumReplicasUnavailable", Message: "Deployment does not have minimum availability."}, s.Now)
	}
	cur := s.cond("Progressing")
	isComplete := st.Replicas == st.UpdatedReplicas && cur != nil && cur.Reason == "NewReplicaSetAvailable"
	name := func(f string) string {
		if newRS != nil {
			return fmt.Sprintf("ReplicaSet %q "+f, newRS.Name)
		}
		return fmt.Sprintf("Deployment %q "+f, s.D.Name)
	}
	if !isComplete {
		switch {
		case s.complete(st):
			setCondition(&st, Condition{Type: "Progressing", Status: "True", Reason: "NewReplicaSetAvailable", Message: name("has successfully progressed.")}, s.Now)
		case progressing(old, st):
			c := Condition{Type: "Progressing", Status: "True", Reason: "ReplicaSetUpdated", Message: name("is progressing."), LastUpdate: s.Now, LastTransition: s.Now}
			if cur != nil {
				if cur.Status == "True" {
					c.LastTransition = cur.LastTransition
				}
				st.Conditions = slices.DeleteFunc(st.Conditions, func(c Condition) bool { return c.Type == "Progressing" })
			}
			st.Conditions = append(st.Conditions, c)
		case s.timedOut(st):
			setCondition(&st, Condition{Type: "Progressing", Status: "False", Reason: "ProgressDeadlineExceeded", Message: name("has timed out progressing.")}, s.Now)
		}
	}
	s.D.Status = st
}

// progressing is deployment_util.go DeploymentProgressing: new pods scaled
// up, old pods scaled down, or more pods Ready or available than the last
// status said (upstream pkg/controller/deployment/util/deployment_util.go
// counts readyReplicas too, so a pod that turns Ready during
// minReadySeconds is progress).
func progressing(old, st DeploymentStatus) bool {
	return st.UpdatedReplicas > old.UpdatedReplicas ||
		st.Replicas-st.UpdatedReplicas < old.Replicas-old.UpdatedReplicas ||
		st.ReadyReplicas > old.ReadyReplicas ||
		st.AvailableReplicas > old.AvailableReplicas
}

// timedOut is deployment_util.go DeploymentTimedOut: the Progressing
// condition's lastUpdateTime plus progressDeadlineSeconds is before now.
// (Progressing is the condition in the new status, carried over.)
func (s *Sim) timedOut(st DeploymentStatus) bool {
	for _, c := range st.Conditions {
		if c.Type == "Progressing" {
			// A successful rollout's condition is never timed out: the
			// new ReplicaSet's creation may be synced before the cache
			// has the condition that says it was created.
			if c.Reason == "NewReplicaSetAvailable" {
				return false
			}
			if c.Reason == "ProgressDeadlineExceeded" {
				return true
			}
			return c.LastUpdate+Time(s.Cfg.ProgressDeadlineSeconds) < s.Now
		}
	}
	return false
}

// setCondition is deployment_util.go SetDeploymentCondition on the live
// status.
func (s *Sim) setCondition(c Condition) { setCondition(&s.D.Status, c, s.Now) }

// setCondition: a condition with the same status and reason is left alone;
// one with the same status keeps its lastTransitionTime; it moves to the end.
func setCondition(st *DeploymentStatus, c Condition, now Time) {
	c.LastUpdate, c.LastTransition = now, now
	for _, cur := range st.Conditions {
		if cur.Type != c.Type {
			continue
		}
		if cur.Status == c.Status && cur.Reason == c.Reason {
			return
		}
		if cur.Status == c.Status {
			c.LastTransition = cur.LastTransition
		}
	}
	st.Conditions = slices.DeleteFunc(st.Conditions, func(x Condition) bool { return x.Type == c.Type })
	st.Conditions = append(st.Conditions, c)
}

func joinSentences(ss []string) string {
	out := ""
	for _, s := range ss {
		if s == "" {
			continue
		}
		if out != "" {
			out += " "
		}
		out += s
	}
	return out
}
