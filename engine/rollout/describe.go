package rollout

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// Age is kubectl's translateTimestampSince: duration.HumanDuration of the
// time since t ("5s", "2m10s", "10m").
func (s *Sim) Age(t Time) string {
	return duration.HumanDuration(time.Duration(s.Now-t) * time.Second)
}

// GetDeployment is `kubectl get deployment web`
// (pkg/printers/internalversion/printers.go printDeployment).
func (s *Sim) GetDeployment() string {
	st := s.D.Status
	return kubectl.Table([][]string{
		{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"},
		{s.D.Name, fmt.Sprintf("%d/%d", st.ReadyReplicas, s.Cfg.Replicas), fmt.Sprint(st.UpdatedReplicas), fmt.Sprint(st.AvailableReplicas), s.Age(s.D.Created)},
	})
}

// GetReplicaSets is `kubectl get replicasets` (printReplicaSet: DESIRED is
// spec.replicas, CURRENT status.replicas, READY status.readyReplicas).
func (s *Sim) GetReplicaSets() string {
	rows := [][]string{{"NAME", "DESIRED", "CURRENT", "READY", "AGE"}}
	for _, rs := range s.RSs {
		st := s.Status(rs)
		rows = append(rows, []string{rs.Name, fmt.Sprint(rs.Replicas), fmt.Sprint(st.Replicas), fmt.Sprint(st.Ready), s.Age(rs.Created)})
	}
	return kubectl.Table(rows)
}

// PodStatus is the STATUS column of `kubectl get pods` for p.
func (s *Sim) PodStatus(p *Pod) string {
	if p.Terminating() {
		return "Terminating"
	}
	return "Running"
}

// PodReady is the READY column: ready containers / containers.
func (s *Sim) PodReady(p *Pod) string {
	if !p.Terminating() && p.ReadyAt <= s.Now {
		return "1/1"
	}
	return "0/1"
}

// GetPods is `kubectl get pods`, sorted by name as kubectl lists them.
func (s *Sim) GetPods() string {
	pods := append([]*Pod(nil), s.Pods...)
	sort.Slice(pods, func(i, j int) bool { return pods[i].Name < pods[j].Name })
	rows := [][]string{{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}}
	for _, p := range pods {
		rows = append(rows, []string{p.Name, s.PodReady(p), s.PodStatus(p), "0", s.Age(p.Created)})
	}
	return kubectl.Table(rows)
}

// RolloutStatus is the line `kubectl rollout status deployment/web` prints
// for the Deployment as it is now
// (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go
// DeploymentStatusViewer.Status). done is true when the rollout is
// finished; failed when kubectl exits with an error.
func (s *Sim) RolloutStatus() (line string, done, failed bool) {
	d, st := s.D, s.D.Status
	if d.Generation <= st.ObservedGeneration {
		if c := s.cond("Progressing"); c != nil && c.Reason == "ProgressDeadlineExceeded" {
			return fmt.Sprintf("error: deployment %q exceeded its progress deadline", d.Name), false, true
		}
		if st.UpdatedReplicas < s.Cfg.Replicas {
			return fmt.Sprintf("Waiting for deployment %q rollout to finish: %d out of %d new replicas have been updated...", d.Name, st.UpdatedReplicas, s.Cfg.Replicas), false, false
		}
		if st.Replicas > st.UpdatedReplicas {
			return fmt.Sprintf("Waiting for deployment %q rollout to finish: %d old replicas are pending termination...", d.Name, st.Replicas-st.UpdatedReplicas), false, false
		}
		if st.AvailableReplicas < st.UpdatedReplicas {
			return fmt.Sprintf("Waiting for deployment %q rollout to finish: %d of %d updated replicas are available...", d.Name, st.AvailableReplicas, st.UpdatedReplicas), false, false
		}
		return fmt.Sprintf("deployment %q successfully rolled out", d.Name), true, false
	}
	return "Waiting for deployment spec update to be observed...", false, false
}

// EventRow is one row of the Events table of `kubectl describe`.
type EventRow struct{ Type, Reason, Age, From, Message string }

// DeploymentEvents are the events `kubectl describe deployment` lists, by
// last timestamp (describe.go DescribeEvents).
func (s *Sim) DeploymentEvents() []EventRow {
	var evs []Event
	for _, e := range s.Events {
		if e.Object == "deployment/"+s.D.Name {
			evs = append(evs, e)
		}
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Last < evs[j].Last })
	var rows []EventRow
	for _, e := range evs {
		age := s.Age(e.First)
		if e.Count > 1 {
			age = fmt.Sprintf("%s (x%d over %s)", s.Age(e.Last), e.Count, s.Age(e.First))
		}
		rows = append(rows, EventRow{e.Type, e.Reason, age, e.From, e.Message})
	}
	return rows
}

// ReplicaSetEvents are the events of the ReplicaSet controller (what
// `kubectl describe rs` lists under each ReplicaSet), newest last.
func (s *Sim) ReplicaSetEvents() []Event {
	var evs []Event
	for _, e := range s.Events {
		if strings.HasPrefix(e.Object, "replicaset/") {
			evs = append(evs, e)
		}
	}
	return evs
}

// rsList is describe.go printReplicaSetsByLabels.
func (s *Sim) rsList(rss []*ReplicaSet) string {
	var list []string
	for _, rs := range rss {
		list = append(list, fmt.Sprintf("%s (%d/%d replicas created)", rs.Name, s.Status(rs).Replicas, rs.Replicas))
	}
	if len(list) == 0 {
		return "<none>"
	}
	return strings.Join(list, ", ")
}

// Describe is the part of `kubectl describe deployment web` this
// simulation models (staging/src/k8s.io/kubectl/pkg/describe/describe.go
// DeploymentDescriber).
func (s *Sim) Describe() string {
	var b bytes.Buffer
	w := kubectl.NewDescribeWriter(&b)
	st := s.D.Status
	fmt.Fprintf(w, "Name:\t%s\n", s.D.Name)
	fmt.Fprintf(w, "Annotations:\tdeployment.kubernetes.io/revision: %d\n", s.D.Revision)
	fmt.Fprintf(w, "Replicas:\t%d desired | %d updated | %d total | %d available | %d unavailable\n", s.Cfg.Replicas, st.UpdatedReplicas, st.Replicas, st.AvailableReplicas, st.UnavailableReplicas)
	fmt.Fprintf(w, "StrategyType:\t%s\n", s.Cfg.Strategy)
	fmt.Fprintf(w, "MinReadySeconds:\t%d\n", s.Cfg.MinReadySeconds)
	if s.Cfg.Strategy == RollingUpdate {
		fmt.Fprintf(w, "RollingUpdateStrategy:\t%s max unavailable, %s max surge\n", s.Cfg.MaxUnavailable.String(), s.Cfg.MaxSurge.String())
	}
	fmt.Fprintf(w, "Pod Template:\t\n")
	fmt.Fprintf(w, "  Containers:\t\n")
	fmt.Fprintf(w, "   %s:\t\n", s.Cfg.Container)
	fmt.Fprintf(w, "    Image:\t%s\n", s.D.Template.Image)
	w.Flush()
	var c bytes.Buffer
	cw := kubectl.NewDescribeWriter(&c)
	if len(st.Conditions) > 0 {
		fmt.Fprintf(cw, "Conditions:\n  Type\tStatus\tReason\n")
		fmt.Fprintf(cw, "  ----\t------\t------\n")
		for _, cond := range st.Conditions {
			fmt.Fprintf(cw, "  %v \t%v\t%v\n", cond.Type, cond.Status, cond.Reason)
		}
	}
	var old []*ReplicaSet
	for _, rs := range s.OldRSs() {
		if rs.Replicas != 0 {
			old = append(old, rs)
		}
	}
	var newRSs []*ReplicaSet
	if n := s.NewRS(); n != nil {
		newRSs = append(newRSs, n)
	}
	fmt.Fprintf(cw, "OldReplicaSets:\t%s\n", s.rsList(old))
	fmt.Fprintf(cw, "NewReplicaSet:\t%s\n", s.rsList(newRSs))
	cw.Flush()
	var e bytes.Buffer
	ew := kubectl.NewDescribeWriter(&e)
	rows := s.DeploymentEvents()
	if len(rows) == 0 {
		fmt.Fprintf(ew, "Events:\t<none>\n")
	} else {
		fmt.Fprintf(ew, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
		fmt.Fprintf(ew, "  ----\t------\t----\t----\t-------\n")
		for _, r := range rows {
			fmt.Fprintf(ew, "  %v\t%v\t%s\t%v\t%v\n", r.Type, r.Reason, r.Age, r.From, r.Message)
		}
	}
	ew.Flush()
	return strings.TrimRight(b.String()+c.String()+e.String(), "\n")
}

// Revision is one row of `kubectl rollout history`.
type Revision struct {
	Number      int64
	Image       string
	ReplicaSet  string
	ChangeCause string
}

// History lists the revisions as `kubectl rollout history deployment/web`
// numbers them (history.go DeploymentHistoryViewer.ViewHistory): one per
// ReplicaSet, by its revision annotation, ascending. A rollback moves a
// ReplicaSet to a new number, so its old number disappears.
func (s *Sim) History() []Revision {
	var out []Revision
	for _, rs := range s.RSs {
		if rs.Revision > 0 {
			out = append(out, Revision{Number: rs.Revision, Image: rs.Template.Image, ReplicaSet: rs.Name, ChangeCause: "<none>"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// HistoryText is what `kubectl rollout history deployment/web` prints
// (without its final blank line). rollout_history.go passes "\n" + the
// table as the name printer's operation, and the name printer
// (staging/src/k8s.io/cli-runtime/pkg/printers/name.go printObj) puts a
// space before the operation: so the first line is "deployment.apps/web "
// with a trailing space.
func (s *Sim) HistoryText() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "deployment.apps/%s \n", s.D.Name)
	// staging/src/k8s.io/kubectl/pkg/polymorphichelpers/history.go
	// tabbedString: tabwriter (0, 8, 2, ' ', 0), describe's.
	w := kubectl.NewDescribeWriter(&b)
	fmt.Fprintf(w, "REVISION\tCHANGE-CAUSE\n")
	for _, r := range s.History() {
		fmt.Fprintf(w, "%d\t%s\n", r.Number, r.ChangeCause)
	}
	w.Flush()
	return strings.TrimRight(b.String(), "\n")
}

// Counts are the numbers the picture and the bounds are drawn from.
type Counts struct {
	Desired     int32 // spec.replicas
	SpecTotal   int32 // sum of the ReplicaSets' spec.replicas
	Pods        int32 // pods that exist and are not terminating
	Terminating int32
	Updated     int32 // non-terminating pods of the new ReplicaSet
	Available   int32 // available pods (all ReplicaSets)
	Old         int32 // non-terminating pods of old ReplicaSets
	MinAvail    int32 // replicas − maxUnavailable
	MaxTotal    int32 // replicas + maxSurge
}

// Count counts the cluster as it is now (not as the Deployment's status
// last said).
func (s *Sim) Count() Counts {
	c := Counts{Desired: s.Cfg.Replicas, SpecTotal: specSum(s.RSs)}
	newRS := s.NewRS()
	for _, rs := range s.RSs {
		st := s.Status(rs)
		c.Pods += st.Replicas
		c.Terminating += st.Terminating
		c.Available += st.Available
		if rs == newRS {
			c.Updated += st.Replicas
		} else {
			c.Old += st.Replicas
		}
	}
	c.MinAvail = s.Cfg.Replicas - s.maxUnavailable()
	c.MaxTotal = s.Cfg.Replicas + s.F.Surge
	if s.Cfg.Strategy == Recreate {
		c.MinAvail = 0
		c.MaxTotal = s.Cfg.Replicas
	}
	return c
}

// CheckInvariants returns what the controller promises and the cluster
// now breaks: at most replicas + maxSurge pods asked for and existing (not
// counting terminating ones), and, for RollingUpdate, at least
// replicas − maxUnavailable available.
func (s *Sim) CheckInvariants() []string {
	c := s.Count()
	var bad []string
	if c.SpecTotal > c.MaxTotal {
		bad = append(bad, fmt.Sprintf("sum of spec.replicas %d > %d", c.SpecTotal, c.MaxTotal))
	}
	if c.Pods > c.MaxTotal {
		bad = append(bad, fmt.Sprintf("%d pods > %d", c.Pods, c.MaxTotal))
	}
	if s.Cfg.Strategy == RollingUpdate && c.Available < c.MinAvail {
		bad = append(bad, fmt.Sprintf("%d available < %d", c.Available, c.MinAvail))
	}
	for _, rs := range s.RSs {
		if rs.Replicas < 0 {
			bad = append(bad, rs.Name+" has negative replicas")
		}
	}
	return bad
}
