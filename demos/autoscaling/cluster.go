package autoscaling

// The Cluster Autoscaler part of the demo (ca=on): the same HPA and load,
// on a node group that engine/clusterautoscaler scales the way
// kubernetes/autoscaler cluster-autoscaler does.

import (
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kubeviz/kubeviz/engine/clusterautoscaler"
	"github.com/kubeviz/kubeviz/engine/hpa"
)

const (
	// ClusterSeconds is how long the cluster timeline runs: long enough for
	// a node added at the spike to be removed after the HPA's 5-minute
	// window and CA's 10-minute --scale-down-unneeded-time.
	ClusterSeconds = 30 * 60
	// MaxGroupNodes is the largest node group the picture draws.
	MaxGroupNodes = 10
	// ProvisionSeconds is how long a new node takes to register Ready in
	// this demo (a cloud's time, not a Kubernetes setting).
	ProvisionSeconds = 60
	// GroupName is the node group's id at the (imaginary) cloud provider.
	GroupName = "pool-1"
	// Image is the Deployment's image.
	Image = "nginx:1.27"
	// ClusterSeed seeds the pods' names and UIDs (engine/names) and the
	// scheduler's tie-breaks. The UIDs decide which of equally ranked pods
	// the ReplicaSet deletes first (LogarithmicScaleDown), so which node
	// empties: with 12 the spike leaves node-2 empty at 7m45s and CA
	// removes it at 18m, the story the page tells (cluster_test.go).
	ClusterSeed = 12
)

// clusterConfig checks the node group's fields as the cluster-autoscaler
// checks its --nodes=MIN:MAX:NAME flag (config/dynamic/node_group_spec.go
// SpecFromString and NodeGroupSpec.Validate, for a cloud provider without
// scale-to-zero) and the node size as the API server parses a quantity
// (resource.ParseQuantity). A bad value is reported beside its control
// and the default is used.
func (in inputs) clusterConfig(h hpa.Config, errs fieldErrors) clusterautoscaler.Config {
	c := clusterautoscaler.Config{HPA: h, Load: in.Load, Image: Image, Group: GroupName, MinNodes: 1, MaxNodes: 5, NodeCPUMilli: 1000,
		ProvisionSeconds: ProvisionSeconds, Seed: ClusterSeed, Options: clusterautoscaler.DefaultOptions()}
	minOK := false
	if n, err := strconv.Atoi(in.GroupMin); err != nil {
		errs["groupmin"] = fmt.Sprintf("failed to set min size: %s, expected integer", in.GroupMin)
	} else if n <= 0 {
		errs["groupmin"] = "invalid node group spec: min size must be >= 1"
	} else if n > MaxGroupNodes {
		errs["groupmin"] = fmt.Sprintf("This demo draws at most %d nodes: the min size must be at most %d.", MaxGroupNodes, MaxGroupNodes)
	} else {
		c.MinNodes, minOK = n, true
	}
	if n, err := strconv.Atoi(in.GroupMax); err != nil {
		errs["groupmax"] = fmt.Sprintf("failed to set max size: %s, expected integer", in.GroupMax)
	} else if minOK && n < c.MinNodes {
		errs["groupmax"] = "invalid node group spec: max size must be greater or equal to min size"
	} else if n < 1 {
		errs["groupmax"] = "invalid node group spec: max size must be greater or equal to min size"
	} else if n > MaxGroupNodes {
		errs["groupmax"] = fmt.Sprintf("This demo draws at most %d nodes: the max size must be at most %d.", MaxGroupNodes, MaxGroupNodes)
	} else {
		c.MaxNodes = n
	}
	if c.MaxNodes < c.MinNodes {
		c.MaxNodes = c.MinNodes
	}
	c.InitialNodes = c.MinNodes
	if q, err := resource.ParseQuantity(in.NodeCPU); err != nil {
		errs["nodecpu"] = err.Error()
	} else if m := q.MilliValue(); m < h.RequestMilli {
		errs["nodecpu"] = fmt.Sprintf("A node must hold at least one pod of Deployment web: allocatable cpu %s is less than the pod's request %dm.", q.String(), h.RequestMilli)
	} else if m > 4000 {
		errs["nodecpu"] = "This demo draws at most 20 pods on a node: allocatable cpu must be at most 4."
	} else {
		c.NodeCPUMilli = m
	}
	return c
}

// buildCluster runs the whole cluster timeline once; the steps show it.
func (st *State) buildCluster() {
	sim, err := clusterautoscaler.New(st.ccfg)
	if err != nil {
		panic(err) // clusterConfig returns a valid Config
	}
	st.cframes = []*clusterautoscaler.Sim{sim.Clone()}
	for sim.T < ClusterSeconds {
		sim.Step()
		st.cframes = append(st.cframes, sim.Clone())
	}
}

func (st *State) csim() *clusterautoscaler.Sim { return st.cframes[st.step] }

// clusterNarration is one sentence on what this moment did.
func (st *State) clusterNarration() string {
	s := st.csim()
	m := s.Last
	at := "At " + clusterautoscaler.Duration(s.T)
	if st.step == 0 {
		// The HPA's first sync comes at once, at 0s (the next step): see
		// engine/clusterautoscaler Step and engine/hpa NextSync.
		return fmt.Sprintf("At 0s node group %s has %d Ready %s of %s cpu and Deployment web's %d pods run on it; the HPA, just created, syncs at once and then every 15 s, and the cluster autoscaler scans every 10 s.",
			GroupName, s.CountPhase(clusterautoscaler.Ready), plural(s.CountPhase(clusterautoscaler.Ready), "node"), milli(st.ccfg.NodeCPUMilli), len(s.Pods))
	}
	var parts []string
	for _, n := range m.Joined {
		parts = append(parts, n+" registers Ready")
	}
	if len(m.Joined) > 0 && len(m.Bound) > 0 && m.HPA == nil {
		parts = append(parts, fmt.Sprintf("the scheduler binds %d Pending %s to it", len(m.Bound), plural(len(m.Bound), "pod")))
	}
	for _, n := range m.Gone {
		parts = append(parts, "the cloud provider has deleted "+n)
	}
	if y := m.HPA; y != nil {
		hpaWho := "the HPA"
		if y.T == 0 {
			// kubernetes/kubernetes PR #138294 (v1.37): horizontal.go
			// enqueueHPA queues a new HPA with queue.Add.
			hpaWho = "the HPA's first sync, as soon as it is created,"
		}
		switch {
		case y.Rescaled && y.Desired > y.CurrentReplicas:
			p := fmt.Sprintf("%s scales web %d → %d", hpaWho, y.CurrentReplicas, y.Desired)
			if pend := len(s.Pending()); pend > 0 {
				p += fmt.Sprintf(" and %d %s Pending (no node has room)", pend, plural2(pend, "pod stays", "pods stay"))
			}
			parts = append(parts, p)
		case y.Rescaled:
			parts = append(parts, fmt.Sprintf("%s scales web %d → %d", hpaWho, y.CurrentReplicas, y.Desired))
		case y.NoMetrics:
			// engine/hpa: no Ready pod, no metric (FailedGetResourceMetric,
			// FailedComputeMetricsReplicas), no change.
			parts = append(parts, fmt.Sprintf("%s finds no metric (no pod of web is Running), records the Warnings FailedGetResourceMetric and FailedComputeMetricsReplicas, and keeps %s", hpaWho, replicas(y.CurrentReplicas)))
		case y.Bounded == "" && !y.NoMetrics && y.Stabilized > y.Desired:
			parts = append(parts, fmt.Sprintf("%s keeps %s: it proposes %d, but %s", hpaWho, replicas(y.CurrentReplicas), y.Proposed, y.LimitMessage))
		case y.Unready > 0 && y.UsageRatio > 1:
			parts = append(parts, fmt.Sprintf("%s keeps %s: %d%% of request over the %d Ready pods, but the %d Pending %s as 0%%", hpaWho, replicas(y.CurrentReplicas), y.Utilization, y.Ready, y.Unready, plural2(int(y.Unready), "pod counts", "pods count")))
		case y.Proposed < y.CurrentReplicas && y.Stabilized == y.CurrentReplicas:
			parts = append(parts, fmt.Sprintf("%s keeps %s: %d%% of request proposes %d, but its 5-minute scale-down window holds %d", hpaWho, replicas(y.CurrentReplicas), y.Utilization, y.Proposed, y.WindowMax))
		default:
			parts = append(parts, fmt.Sprintf("%s keeps %s (%d%% of request)", hpaWho, replicas(y.CurrentReplicas), y.Utilization))
		}
	}
	if sc := m.Scan; sc != nil {
		parts = append(parts, scanClause(sc))
	}
	return at + " " + strings.Join(parts, "; ") + "."
}

func scanClause(sc *clusterautoscaler.Scan) string {
	switch sc.ScaleUp {
	case clusterautoscaler.ScaleUpSuccessful:
		return fmt.Sprintf("the cluster autoscaler sees %d unschedulable %s and scales %s %d → %d nodes", len(sc.Helped), plural(len(sc.Helped), "pod"), GroupName, sc.From, sc.To)
	case clusterautoscaler.ScaleUpInCooldown:
		return "the cluster autoscaler sees unschedulable pods less than 2 s old and waits one scan for more"
	case clusterautoscaler.ScaleUpNoOptionsAvailable:
		return fmt.Sprintf("the cluster autoscaler cannot help the %d Pending %s: the node group is at its max size", len(sc.Unschedulable), plural(len(sc.Unschedulable), "pod"))
	}
	if len(sc.FitUpcoming) > 0 {
		return fmt.Sprintf("the cluster autoscaler counts the %d Pending %s on the node being provisioned and adds none", len(sc.FitUpcoming), plural(len(sc.FitUpcoming), "pod"))
	}
	if len(sc.Removed) > 0 {
		if len(sc.Drained) > 0 {
			return fmt.Sprintf("the cluster autoscaler removes %s, unneeded for more than 10 minutes, and evicts its %s to other nodes", strings.Join(sc.Removed, ", "), plural(len(sc.Drained), "pod"))
		}
		return fmt.Sprintf("the cluster autoscaler removes the empty %s, unneeded for more than 10 minutes", strings.Join(sc.Removed, ", "))
	}
	var unneeded []string
	for _, u := range sc.Nodes {
		if u.Verdict == "Unneeded" {
			unneeded = append(unneeded, fmt.Sprintf("%s unneeded for %s", u.Name, clusterautoscaler.Duration(u.UnneededFor)))
		}
	}
	if len(unneeded) > 0 {
		out := "the cluster autoscaler finds " + strings.Join(unneeded, " and ")
		if sc.CooldownUntil > 0 {
			out += fmt.Sprintf(" (scale-down waits until %s, 10m after the last scale-up)", clusterautoscaler.Duration(sc.CooldownUntil))
		}
		return out
	}
	return "the cluster autoscaler has nothing to do"
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func plural2(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// clusterText is the whole state as text.
func (st *State) clusterText() string {
	var b strings.Builder
	s := st.csim()
	fmt.Fprintf(&b, "load=%s minReplicas=%d maxReplicas=%d target=%d%% ca=on nodes=%d:%d:%s node-cpu=%s step=%d/%d t=%s\n",
		st.in.Load, st.cfg.MinReplicas, st.cfg.MaxReplicas, st.cfg.TargetUtilization, st.ccfg.MinNodes, st.ccfg.MaxNodes, GroupName,
		milli(st.ccfg.NodeCPUMilli), st.step, st.total(), clusterautoscaler.Duration(s.T))
	for _, k := range paramNames {
		if e, ok := st.errs[k]; ok {
			fmt.Fprintf(&b, "invalid %s: %s\n", k, e)
		}
	}
	b.WriteString(st.Narration() + "\n")
	b.WriteString(s.Describe())
	b.WriteString(s.HPA.GetHPAAt(s.T) + "\n")
	return b.String()
}

func replicas(n int32) string { return fmt.Sprintf("%d %s", n, plural(int(n), "replica")) }
