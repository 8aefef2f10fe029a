package clusterautoscaler

// Data-driven tests of the Cluster Autoscaler with an HPA-scaled Deployment,
// following kubernetes/autoscaler cluster-autoscaler core/static_autoscaler.go
// (RunOnce), core/scaleup/orchestrator/orchestrator.go, core/scaledown/
// (eligibility, unneeded, actuation), processors/status/
// eventing_scale_up_processor.go and config/flags/flags.go; the HPA follows
// kubernetes pkg/controller/podautoscaler (engine/hpa) and the pods are
// placed by engine/scheduler.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/kubeviz/kubeviz/engine/hpa"
)

func testConfig() Config {
	return Config{
		HPA: hpa.Config{Name: "web", MinReplicas: 1, MaxReplicas: 10, TargetUtilization: 50, RequestMilli: 200, InitialReplicas: 2,
			ScaleUp: hpa.DefaultScaleUp(), ScaleDown: hpa.DefaultScaleDown()},
		Load: "spike", Image: "nginx:1.27", Group: "pool-1", MinNodes: 1, MaxNodes: 5, InitialNodes: 1,
		NodeCPUMilli: 1000, ProvisionSeconds: 60, Seed: 1, Options: DefaultOptions(),
	}
}

func TestClusterAutoscaler(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var s *Sim
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "cluster":
				cfg := testConfig()
				for _, a := range d.CmdArgs {
					v := a.Vals[0]
					n, _ := strconv.Atoi(strings.TrimSuffix(v, "m"))
					switch a.Key {
					case "load":
						cfg.Load = v
					case "min":
						cfg.MinNodes, cfg.InitialNodes = n, max(n, 1)
					case "max":
						cfg.MaxNodes = n
					case "nodes":
						cfg.InitialNodes = n
					case "cpu":
						cfg.NodeCPUMilli = int64(n)
					case "maxreplicas":
						cfg.HPA.MaxReplicas = int32(n)
					case "replicas":
						cfg.HPA.InitialReplicas = int32(n)
					case "seed":
						cfg.Seed = uint64(n)
					}
				}
				var err error
				if s, err = New(cfg); err != nil {
					return err.Error()
				}
				return s.Describe()
			case "run":
				// run until=10m: step to that time, one line a moment;
				// quiet=true prints only the moments where something changed.
				until, quiet := 0, false
				for _, a := range d.CmdArgs {
					switch a.Key {
					case "until":
						until = parseDuration(a.Vals[0])
					case "quiet":
						quiet = true
					}
				}
				var out []string
				for s.T < until {
					before := s.Clone()
					m := s.Step()
					if err := invariants(before, s, m); err != nil {
						t.Fatalf("t=%s: %v\n%s", Duration(s.T), err, s.Describe())
					}
					if line := summary(s, m); !quiet || changed(m) {
						out = append(out, line)
					}
				}
				return strings.Join(out, "\n")
			case "step":
				// step: one moment, whatever its time.
				before := s.Clone()
				m := s.Step()
				if err := invariants(before, s, m); err != nil {
					t.Fatalf("t=%s: %v\n%s", Duration(s.T), err, s.Describe())
				}
				return summary(s, m)
			case "describe":
				return s.Describe()
			case "status":
				return s.StatusConfigMap()
			case "log":
				return strings.Join(s.Last.Scan.Log, "\n")
			}
			return "unknown command " + d.Cmd
		})
	})
}

func parseDuration(v string) int {
	total := 0
	for v != "" {
		i := strings.IndexAny(v, "ms")
		n, _ := strconv.Atoi(v[:i])
		if v[i] == 'm' {
			n *= 60
		}
		total += n
		v = v[i+1:]
	}
	return total
}

func changed(m Moment) bool {
	if len(m.Joined)+len(m.Gone)+len(m.Bound)+len(m.Change.Created)+len(m.Change.Deleted) > 0 {
		return true
	}
	if m.HPA != nil && m.HPA.Rescaled {
		return true
	}
	sc := m.Scan
	return sc != nil && (sc.ScaleUp == ScaleUpSuccessful || sc.ScaleUp == ScaleUpInCooldown || sc.ScaleUp == ScaleUpNoOptionsAvailable || len(sc.Removed) > 0)
}

// summary is one line per moment: what each controller did.
func summary(s *Sim, m Moment) string {
	var parts []string
	for _, n := range m.Joined {
		parts = append(parts, n+" Ready")
	}
	for _, n := range m.Gone {
		parts = append(parts, n+" gone")
	}
	if y := m.HPA; y != nil {
		p := fmt.Sprintf("hpa load=%dm util=%d%%", m.Load, y.Utilization)
		if y.Unready > 0 {
			p += fmt.Sprintf(" (%d pending)", y.Unready)
		}
		p += fmt.Sprintf(" %d->%d", y.CurrentReplicas, s.HPA.Replicas)
		parts = append(parts, p)
	}
	if c := m.Change; len(c.Created) > 0 {
		parts = append(parts, fmt.Sprintf("rs +%d", len(c.Created)))
	} else if len(c.Deleted) > 0 {
		parts = append(parts, fmt.Sprintf("rs -%d", len(c.Deleted)))
	}
	if len(m.Bound) > 0 {
		parts = append(parts, fmt.Sprintf("bound %d", len(m.Bound)))
	}
	if sc := m.Scan; sc != nil {
		p := "ca " + strings.TrimPrefix(sc.ScaleUp, "ScaleUp")
		if sc.ScaleUp == ScaleUpSuccessful {
			p += fmt.Sprintf(" %d->%d", sc.From, sc.To)
		}
		p += " / " + strings.TrimPrefix(sc.ScaleDown, "ScaleDown")
		for _, u := range sc.Nodes {
			if u.Verdict == "Unneeded" {
				p += fmt.Sprintf(" %s unneeded %s", u.Name, Duration(u.UnneededFor))
			}
		}
		if len(sc.Removed) > 0 {
			p += " removing " + strings.Join(sc.Removed, ",")
		}
		parts = append(parts, p)
	}
	var nodes []string
	for _, n := range s.Nodes {
		switch n.Phase {
		case Ready:
			nodes = append(nodes, fmt.Sprintf("%s %d%%", n.Name, s.Requested(n.Name)*100/s.cfg.NodeCPUMilli))
		default:
			nodes = append(nodes, n.Name+" "+n.Phase)
		}
	}
	return fmt.Sprintf("t=%s %s | pods %d pending %d | %s", Duration(s.T), strings.Join(parts, "; "), len(s.Pods), len(s.Pending()), strings.Join(nodes, ", "))
}

// invariants hold after every moment.
func invariants(before, s *Sim, m Moment) error {
	c := s.cfg
	if int(s.HPA.Replicas) != len(s.Pods) {
		return fmt.Errorf("the ReplicaSet has %d pods for %d replicas", len(s.Pods), s.HPA.Replicas)
	}
	if ts := s.TargetSize(); ts < c.MinNodes || ts > c.MaxNodes {
		return fmt.Errorf("target size %d outside [%d,%d]", ts, c.MinNodes, c.MaxNodes)
	}
	for _, n := range s.Nodes {
		if r := s.Requested(n.Name); r > c.NodeCPUMilli {
			return fmt.Errorf("%s holds %dm of %dm", n.Name, r, c.NodeCPUMilli)
		}
		if n.Phase != Ready && len(s.PodsOn(n.Name)) > 0 {
			return fmt.Errorf("%s is %s and holds pods", n.Name, n.Phase)
		}
	}
	for _, p := range s.Pods {
		if p.Node != "" && s.node(p.Node) == nil {
			return fmt.Errorf("%s is bound to a node that is gone", p.Name)
		}
		if p.Node == "" && p.Failed == "" {
			return fmt.Errorf("%s is Pending without a FailedScheduling message", p.Name)
		}
	}
	if sc := m.Scan; sc != nil {
		for _, name := range sc.Removed {
			// unneeded/nodes.go: removable only when since + unneeded time
			// is before now.
			since := before.unneededSince(name)
			if since < 0 || since+c.Options.ScaleDownUnneededTime >= s.T {
				return fmt.Errorf("%s removed after being unneeded since %d", name, since)
			}
			if before.lastScaleUp >= 0 && before.lastScaleUp+c.Options.ScaleDownDelayAfterAdd > s.T {
				return fmt.Errorf("%s removed within scale-down-delay-after-add", name)
			}
		}
		if sc.ScaleUp == ScaleUpSuccessful && (sc.To <= sc.From || sc.To > c.MaxNodes) {
			return fmt.Errorf("scale-up %d->%d", sc.From, sc.To)
		}
	}
	for _, n := range before.Nodes {
		if n.Phase == Provisioning && n.ReadyAt <= s.T && s.node(n.Name).Phase != Ready {
			return fmt.Errorf("%s should be Ready", n.Name)
		}
	}
	return nil
}

func TestNextMoment(t *testing.T) {
	var got []int
	for m := 0; m < 60; m = NextMoment(m) {
		got = append(got, m)
	}
	if fmt.Sprint(got) != "[0 10 15 20 30 40 45 50]" {
		t.Errorf("moments = %v", got)
	}
}

func TestCloneIsIndependent(t *testing.T) {
	s, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	for s.T < 120 {
		s.Step()
	}
	c := s.Clone()
	want := c.Describe()
	for s.T < 300 {
		s.Step()
	}
	if c.Describe() != want {
		t.Error("stepping the original changed the clone")
	}
}

// A clone has its own copy of the generator: from the same state (before
// the spike's scale-up at 75s) it makes the same pods (names, UIDs, nodes)
// as the original, whichever steps first.
func TestCloneDrawsItsOwnNames(t *testing.T) {
	s, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	for s.T < 60 {
		s.Step()
	}
	c := s.Clone()
	for s.T < 300 {
		s.Step()
	}
	for c.T < 300 {
		c.Step()
	}
	if len(s.Pods) <= 2 || fmt.Sprint(c.Pods) != fmt.Sprint(s.Pods) {
		t.Errorf("the clone stepped to 300s differs from the original:\n%v\n%v", c.Pods, s.Pods)
	}
}

// New pods get the API server's names and UIDs (engine/names):
// generateName RSNAME- plus 5 characters of utilrand's alphabet
// (staging/src/k8s.io/apiserver/pkg/storage/names/generate.go) and a
// version 4 UUID (staging/src/k8s.io/apiserver/pkg/registry/rest/meta.go,
// apimachinery pkg/util/uuid).
func TestPodNamesAndUIDs(t *testing.T) {
	s, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	for s.T < 180 {
		s.Step()
	}
	name := regexp.MustCompile(`^` + s.RSName + `-[bcdfghjklmnpqrstvwxz2456789]{5}$`)
	uid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if len(s.Pods) < 6 {
		t.Fatalf("%d pods after the spike, want at least 6", len(s.Pods))
	}
	seen := map[string]bool{}
	for _, p := range s.Pods {
		if !name.MatchString(p.Name) || !uid.MatchString(p.UID) || seen[p.UID] {
			t.Errorf("pod %s uid %s", p.Name, p.UID)
		}
		seen[p.UID] = true
	}
}

// Every load curve on several node groups keeps the invariants for 30
// minutes, and every node CA adds for a spike is gone again by the end.
func TestInvariantsEverywhere(t *testing.T) {
	for _, load := range hpa.Presets {
		for _, cpu := range []int64{200, 700, 1000, 1800, 4000} {
			for _, mx := range []int{1, 2, 5} {
				cfg := testConfig()
				cfg.Load, cfg.NodeCPUMilli, cfg.MaxNodes = load, cpu, mx
				s, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				for s.T < 1800 {
					before := s.Clone()
					m := s.Step()
					if err := invariants(before, s, m); err != nil {
						t.Fatalf("%s cpu=%dm max=%d t=%s: %v\n%s", load, cpu, mx, Duration(s.T), err, s.Describe())
					}
				}
				if load == "spike" && s.TargetSize() != cfg.MinNodes && cpu >= 1000 {
					t.Errorf("%s cpu=%dm max=%d: %d nodes at 30m, want the min %d", load, cpu, mx, s.TargetSize(), cfg.MinNodes)
				}
			}
		}
	}
}

// When the cloud provider has deleted a node, CA records the node event
// ScaleDown "nodes removed by cluster autoscaler" and, on its status
// ConfigMap, ScaleDown "Scale-down: node %s removed with drain" or
// ScaleDownEmpty "Scale-down: empty node %s removed"
// (core/scaledown/actuation/delete_in_batch.go
// RegisterAndRecordSuccessfulScaleDownEvent).
func TestRemovedNodeEvents(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func(*Config)
	}{
		{"spike", func(*Config) {}},
		{"drain", func(c *Config) { c.NodeCPUMilli, c.MaxNodes = 1800, 2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			tc.cfg(&cfg)
			s, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			drained := map[string]bool{}
			gone := 0
			for s.T < 40*60 {
				m := s.Step()
				for _, n := range s.Nodes {
					if n.Phase == Deleting {
						drained[n.Name] = n.Drained
					}
				}
				for _, name := range m.Gone {
					gone++
					want := []string{
						"node/" + name + " ScaleDown nodes removed by cluster autoscaler",
						"configmap/" + StatusConfigMap + " ScaleDownEmpty Scale-down: empty node " + name + " removed",
					}
					if drained[name] {
						want[1] = "configmap/" + StatusConfigMap + " ScaleDown Scale-down: node " + name + " removed with drain"
					}
					got := map[string]bool{}
					for _, e := range s.MomentEvents() {
						got[e.Object+" "+e.Reason+" "+e.Message] = true
					}
					for _, w := range want {
						if !got[w] {
							t.Errorf("t=%s %s gone without event %q", Duration(s.T), name, w)
						}
					}
				}
			}
			withDrain := 0
			for _, d := range drained {
				if d {
					withDrain++
				}
			}
			if gone == 0 || (tc.name == "drain") != (withDrain > 0) {
				t.Fatalf("%d nodes removed, %d of them with drain", gone, withDrain)
			}
		})
	}
}

// A node whose utilization equals --scale-down-utilization-threshold is a
// scale-down candidate: the newest eligibility.go
// isNodeAtOrBelowUtilizationThreshold rejects only utilization > threshold.
func TestUtilizationAtThresholdIsUnderutilized(t *testing.T) {
	cfg := testConfig()
	// Two nodes of 800m, four pods of 200m spread two a node: 50% each.
	cfg.Load, cfg.NodeCPUMilli, cfg.InitialNodes, cfg.HPA.InitialReplicas = "steady", 800, 2, 4
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for s.T < 60 {
		m := s.Step()
		if m.Scan == nil {
			continue
		}
		for _, u := range m.Scan.Nodes {
			if u.Util == cfg.Options.ScaleDownUtilizationThreshold && u.Verdict == "NotUnderutilized" {
				t.Fatalf("t=%s %s at exactly %v utilization is NotUnderutilized", Duration(s.T), u.Name, u.Util)
			}
			if u.Util == cfg.Options.ScaleDownUtilizationThreshold {
				return
			}
		}
	}
	t.Fatal("no node sat at exactly the threshold")
}

// TestHPAFirstSyncAtCreation: the HPA is created with the cluster at 0s and
// horizontal.go enqueueHPA adds a new HPA with queue.Add
// (kubernetes/kubernetes PR #138294, v1.37; read in
// pkg/controller/podautoscaler/horizontal.go of omerap12/kubernetes
// a769d5884497), so its first sync is the first moment, at 0s, before CA's
// first scan (10s); processNextWorkItem requeues it with AddRateLimited,
// one --horizontal-pod-autoscaler-sync-period (15 s) later.
func TestHPAFirstSyncAtCreation(t *testing.T) {
	s, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	var syncs, scans []int
	for s.T < 60 {
		m := s.Step()
		if m.HPA != nil {
			syncs = append(syncs, m.T)
			if m.HPA.T != m.T {
				t.Errorf("the HPA synced at %ds in the moment of %ds", m.HPA.T, m.T)
			}
		}
		if m.Scan != nil {
			scans = append(scans, m.T)
		}
		if len(syncs) == 1 && len(scans) == 0 && m.T == 0 {
			// After the first sync kubectl get hpa shows the metric:
			// 150m over 2 pods of 200m is 37%.
			if got := s.HPA.GetHPAAt(s.T); !strings.Contains(got, "cpu: 37%/50%") || !strings.HasSuffix(got, " 0s") {
				t.Errorf("kubectl get hpa after the first sync:\n%s", got)
			}
		}
	}
	if fmt.Sprint(syncs) != "[0 15 30 45 60]" || fmt.Sprint(scans) != "[10 20 30 40 50 60]" {
		t.Errorf("HPA syncs at %v, CA scans at %v; want [0 15 30 45 60] and [10 20 30 40 50 60]", syncs, scans)
	}
}

// TestNoMetricEvents: when no pod of the Deployment is Running, the HPA
// finds no metric (metrics/client.go GetResourceMetric: "no metrics returned
// from resource metrics API") and records two Warnings on the HPA
// (pkg/controller/podautoscaler/horizontal.go computeStatusForResourceMetric
// and reconcileAutoscaler); the cluster's event list has them, in that
// order, with the controller's messages.
func TestNoMetricEvents(t *testing.T) {
	s, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	s.Step() // the first sync, at 0s
	// Take every pod off its node (a model of pods that never started):
	// the next sync finds no Ready pod.
	for i := range s.Pods {
		s.Pods[i].Node, s.Pods[i].Failed = "", "not started"
	}
	for s.T < 15 {
		s.Step()
	}
	if y := s.Last.HPA; y == nil || !y.NoMetrics {
		t.Fatalf("the sync at 15s found a metric: %+v", s.Last.HPA)
	}
	const noMetric = "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API"
	want := []string{
		"horizontalpodautoscaler/web Warning FailedGetResourceMetric horizontal-pod-autoscaler: " + noMetric,
		"horizontalpodautoscaler/web Warning FailedComputeMetricsReplicas horizontal-pod-autoscaler: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: " + noMetric,
	}
	var got []string
	for _, e := range s.MomentEvents() {
		if e.T != 15 {
			t.Errorf("event at %ds in the moment of 15s: %+v", e.T, e)
		}
		got = append(got, fmt.Sprintf("%s %s %s %s: %s", e.Object, e.Type, e.Reason, e.From, e.Message))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events of the sync at 15s:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(s.HPA.GetHPAAt(s.T), "cpu: <unknown>/50%") {
		t.Errorf("TARGETS after a sync without metrics:\n%s", s.HPA.GetHPAAt(s.T))
	}
}
