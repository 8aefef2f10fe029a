package scheduler

import (
	"math"
	"strings"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
)

// Plugin names (pkg/scheduler/framework/plugins/names/names.go).
const (
	NodeUnschedulable               = "NodeUnschedulable"
	NodeName                        = "NodeName"
	TaintToleration                 = "TaintToleration"
	NodeAffinity                    = "NodeAffinity"
	NodePorts                       = "NodePorts"
	NodeResourcesFit                = "NodeResourcesFit"
	PodTopologySpread               = "PodTopologySpread"
	InterPodAffinity                = "InterPodAffinity"
	NodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation"
	ImageLocality                   = "ImageLocality"
	DynamicResources                = "DynamicResources"
	DefaultPreemption               = "DefaultPreemption"
	DefaultBinder                   = "DefaultBinder"
)

// Reason strings, word for word from each plugin's source.
const (
	// nodeunschedulable/node_unschedulable.go ErrReasonUnschedulable
	ReasonUnschedulable = "node(s) were unschedulable"
	// nodename/node_name.go ErrReason
	ReasonNodeName = "node(s) didn't match the requested node name"
	// tainttoleration/taint_toleration.go Filter (the taint itself is only
	// logged since the message stopped naming it)
	ReasonUntoleratedTaint = "node(s) had untolerated taint(s)"
	// nodeaffinity/node_affinity.go ErrReasonPod
	ReasonNodeAffinity = "node(s) didn't match Pod's node affinity/selector"
	// nodeports/node_ports.go ErrReason
	ReasonNodePorts = "node(s) didn't have free ports for the requested pod ports"
	// noderesources/fit.go fitsRequest
	ReasonTooManyPods        = "Too many pods"
	ReasonInsufficientCPU    = "Insufficient cpu"
	ReasonInsufficientMemory = "Insufficient memory"
	// dynamicresources/dynamicresources.go PostFilter: a pod without
	// ResourceClaims (state.claims.empty()) gets Unschedulable with this
	// reason. Read in the resource.k8s.io/v1 version of the file (the one
	// with DRAExtendedResource, v1.34 and later); the DynamicResourceAllocation
	// gate is GA since v1.34 and locked on since v1.35 (pkg/features).
	ReasonNoClaimsToDeallocate = "no new claims to deallocate"
)

// FilterPlugins are the default profile's Filter plugins a pod without
// volumes, topology spread constraints, pod affinity or ResourceClaims meets,
// in the order of getDefaultPlugins (apis/config/v1/default_plugins.go). The
// volume plugins, PodTopologySpread, InterPodAffinity and DynamicResources
// run after these; for such a pod they pass every node (DynamicResources'
// PreFilter returns Skip when the pod has no claims).
var FilterPlugins = []string{NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit}

// ScorePlugin is a Score plugin of the default profile with its weight.
type ScorePlugin struct {
	Name   string
	Weight int64
}

// ScorePlugins in framework order with the default weights
// (apis/config/v1/default_plugins.go: TaintToleration 3, NodeAffinity 2,
// NodeResourcesFit 1, PodTopologySpread 2, InterPodAffinity 2,
// NodeResourcesBalancedAllocation 1, ImageLocality 1).
var ScorePlugins = []ScorePlugin{
	{TaintToleration, 3}, {NodeAffinity, 2}, {NodeResourcesFit, 1}, {PodTopologySpread, 2},
	{InterPodAffinity, 2}, {NodeResourcesBalancedAllocation, 1}, {ImageLocality, 1},
}

// MaxNodeScore is framework.MaxNodeScore.
const MaxNodeScore int64 = 100

// runFilter runs one Filter plugin on one node.
func runFilter(name string, pod *v1.Pod, req Resources, ni *NodeInfo) *Status {
	switch name {
	case NodeUnschedulable:
		return filterNodeUnschedulable(pod, ni)
	case NodeName:
		if pod.Spec.NodeName != "" && pod.Spec.NodeName != ni.Node.Name {
			return newStatus(UnschedulableAndUnresolvable, ReasonNodeName)
		}
	case TaintToleration:
		if _, bad := untoleratedTaint(ni.Node.Spec.Taints, pod.Spec.Tolerations); bad {
			return newStatus(UnschedulableAndUnresolvable, ReasonUntoleratedTaint)
		}
	case NodeAffinity:
		if !matchesRequired(pod, ni.Node) {
			return newStatus(UnschedulableAndUnresolvable, ReasonNodeAffinity)
		}
	case NodePorts:
		for _, want := range hostPorts(pod) {
			if portConflict(ni.UsedPorts, want) {
				return newStatus(Unschedulable, ReasonNodePorts)
			}
		}
	case NodeResourcesFit:
		return fitsRequest(req, ni)
	}
	return nil
}

// filterNodeUnschedulable: a cordoned node (spec.unschedulable) rejects a
// pod unless it tolerates node.kubernetes.io/unschedulable:NoSchedule
// (nodeunschedulable/node_unschedulable.go).
func filterNodeUnschedulable(pod *v1.Pod, ni *NodeInfo) *Status {
	if !ni.Node.Spec.Unschedulable {
		return nil
	}
	t := v1.Taint{Key: v1.TaintNodeUnschedulable, Effect: v1.TaintEffectNoSchedule}
	for i := range pod.Spec.Tolerations {
		if tolerates(&pod.Spec.Tolerations[i], &t) {
			return nil
		}
	}
	return newStatus(UnschedulableAndUnresolvable, ReasonUnschedulable)
}

// untoleratedTaint finds the first NoSchedule or NoExecute taint no
// toleration tolerates (v1helper.FindMatchingUntoleratedTaint with
// helper.DoNotScheduleTaintsFilterFunc).
func untoleratedTaint(taints []v1.Taint, tols []v1.Toleration) (v1.Taint, bool) {
	for _, t := range taints {
		if t.Effect != v1.TaintEffectNoSchedule && t.Effect != v1.TaintEffectNoExecute {
			continue
		}
		if !tolerated(&t, tols) {
			return t, true
		}
	}
	return v1.Taint{}, false
}

func tolerated(t *v1.Taint, tols []v1.Toleration) bool {
	for i := range tols {
		if tolerates(&tols[i], t) {
			return true
		}
	}
	return false
}

// tolerates is k8s.io/api/core/v1/toleration.go ToleratesTaint without the
// alpha numeric operators (Gt, Lt): an empty effect or key matches any, and
// Exists ignores the value.
func tolerates(t *v1.Toleration, taint *v1.Taint) bool {
	if t.Effect != "" && t.Effect != taint.Effect {
		return false
	}
	if t.Key != "" && t.Key != taint.Key {
		return false
	}
	switch t.Operator {
	case "", v1.TolerationOpEqual:
		return t.Value == taint.Value
	case v1.TolerationOpExists:
		return true
	}
	return false
}

// portConflict is HostPortInfo.CheckConflict: the same protocol and port,
// and the same IP or either one 0.0.0.0.
func portConflict(used map[string]bool, want string) bool {
	parts := strings.SplitN(want, "/", 3)
	proto, ip, port := parts[0], parts[1], parts[2]
	for k := range used {
		p := strings.SplitN(k, "/", 3)
		if p[0] != proto || p[2] != port {
			continue
		}
		if p[1] == ip || p[1] == "0.0.0.0" || ip == "0.0.0.0" {
			return true
		}
	}
	return false
}

// fitsRequest is noderesources/fit.go fitsRequest for pods, cpu and memory.
// Every shortfall is a reason; the status is UnschedulableAndUnresolvable
// when the request exceeds the node's whole allocatable (no preemption could
// help), else Unschedulable.
func fitsRequest(req Resources, ni *NodeInfo) *Status {
	var reasons []string
	code := Unschedulable
	if int64(len(ni.Pods))+1 > ni.Allocatable.Pods {
		reasons = append(reasons, ReasonTooManyPods)
	}
	if req.MilliCPU == 0 && req.Memory == 0 {
		if len(reasons) == 0 {
			return nil
		}
		return newStatus(code, reasons...)
	}
	if req.MilliCPU > 0 && req.MilliCPU > ni.Allocatable.MilliCPU-ni.Requested.MilliCPU {
		reasons = append(reasons, ReasonInsufficientCPU)
		if req.MilliCPU > ni.Allocatable.MilliCPU {
			code = UnschedulableAndUnresolvable
		}
	}
	if req.Memory > 0 && req.Memory > ni.Allocatable.Memory-ni.Requested.Memory {
		reasons = append(reasons, ReasonInsufficientMemory)
		if req.Memory > ni.Allocatable.Memory {
			code = UnschedulableAndUnresolvable
		}
	}
	if len(reasons) == 0 {
		return nil
	}
	return newStatus(code, reasons...)
}

// matchesRequired is nodeaffinity's Filter: the nodeSelector and the
// required node affinity terms (ORed; expressions in a term ANDed) must match
// (k8s.io/component-helpers/scheduling/corev1/nodeaffinity).
func matchesRequired(pod *v1.Pod, n *v1.Node) bool {
	if len(pod.Spec.NodeSelector) > 0 {
		if !labels.SelectorFromSet(pod.Spec.NodeSelector).Matches(labels.Set(n.Labels)) {
			return false
		}
	}
	a := pod.Spec.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return true
	}
	for _, term := range a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms {
		if termMatches(term, n) {
			return true
		}
	}
	return false
}

func termMatches(term v1.NodeSelectorTerm, n *v1.Node) bool {
	if len(term.MatchExpressions) == 0 && len(term.MatchFields) == 0 {
		return false // an empty term matches no objects
	}
	for _, e := range term.MatchExpressions {
		op, ok := map[v1.NodeSelectorOperator]selection.Operator{
			v1.NodeSelectorOpIn: selection.In, v1.NodeSelectorOpNotIn: selection.NotIn,
			v1.NodeSelectorOpExists: selection.Exists, v1.NodeSelectorOpDoesNotExist: selection.DoesNotExist,
			v1.NodeSelectorOpGt: selection.GreaterThan, v1.NodeSelectorOpLt: selection.LessThan,
		}[e.Operator]
		if !ok {
			return false
		}
		r, err := labels.NewRequirement(e.Key, op, e.Values)
		if err != nil || !r.Matches(labels.Set(n.Labels)) {
			return false
		}
	}
	for _, f := range term.MatchFields {
		if f.Key != "metadata.name" {
			return false
		}
		in := false
		for _, v := range f.Values {
			in = in || v == n.Name
		}
		if (f.Operator == v1.NodeSelectorOpIn) != in {
			return false
		}
	}
	return true
}

// preferredTerms returns the pod's preferred node affinity terms.
func preferredTerms(pod *v1.Pod) []v1.PreferredSchedulingTerm {
	a := pod.Spec.Affinity
	if a == nil || a.NodeAffinity == nil {
		return nil
	}
	return a.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution
}

// scoreNodeAffinity sums the weights of the preferred terms the node
// matches (nodeaffinity/node_affinity.go Score).
func scoreNodeAffinity(pod *v1.Pod, n *v1.Node) int64 {
	var s int64
	for _, t := range preferredTerms(pod) {
		if t.Weight != 0 && termMatches(t.Preference, n) {
			s += int64(t.Weight)
		}
	}
	return s
}

// scoreTaintToleration counts the node's PreferNoSchedule taints the pod
// does not tolerate (tainttoleration Score: countIntolerableTaintsPreferNoSchedule,
// with the tolerations whose effect is PreferNoSchedule or empty).
func scoreTaintToleration(pod *v1.Pod, n *v1.Node) int64 {
	var tols []v1.Toleration
	for _, t := range pod.Spec.Tolerations {
		if t.Effect == "" || t.Effect == v1.TaintEffectPreferNoSchedule {
			tols = append(tols, t)
		}
	}
	var c int64
	for _, t := range n.Spec.Taints {
		if t.Effect == v1.TaintEffectPreferNoSchedule && !tolerated(&t, tols) {
			c++
		}
	}
	return c
}

// leastRequestedScore is noderesources/least_allocated.go: the share of the
// node left free after this pod, on 0–100, in integer arithmetic.
func leastRequestedScore(requested, capacity int64) int64 {
	if capacity == 0 {
		return 0
	}
	if requested > capacity {
		return 0
	}
	return ((capacity - requested) * MaxNodeScore) / capacity
}

// mostRequestedScore is noderesources/most_allocated.go.
func mostRequestedScore(requested, capacity int64) int64 {
	if capacity == 0 {
		return 0
	}
	if requested > capacity {
		requested = capacity
	}
	return (requested * MaxNodeScore) / capacity
}

// ResourceScore explains NodeResourcesFit's score for one node: what it
// counts for cpu and memory (non-zero requests of the pods there plus this
// pod's), the per-resource scores, and their weighted mean (weights cpu 1,
// memory 1: the default scoringStrategy in apis/config/v1/defaults.go).
type ResourceScore struct {
	CPURequested, CPUAllocatable int64
	MemRequested, MemAllocatable int64
	CPUScore, MemScore           int64
	Score                        int64
}

func scoreFit(nz Resources, ni *NodeInfo, most bool) ResourceScore {
	rs := ResourceScore{
		CPURequested: ni.NonZeroRequested.MilliCPU + nz.MilliCPU, CPUAllocatable: ni.Allocatable.MilliCPU,
		MemRequested: ni.NonZeroRequested.Memory + nz.Memory, MemAllocatable: ni.Allocatable.Memory,
	}
	f := leastRequestedScore
	if most {
		f = mostRequestedScore
	}
	var sum, weights int64
	if rs.CPUAllocatable != 0 {
		rs.CPUScore = f(rs.CPURequested, rs.CPUAllocatable)
		sum += rs.CPUScore
		weights++
	}
	if rs.MemAllocatable != 0 {
		rs.MemScore = f(rs.MemRequested, rs.MemAllocatable)
		sum += rs.MemScore
		weights++
	}
	if weights > 0 {
		rs.Score = sum / weights
	}
	return rs
}

// Balance explains NodeResourcesBalancedAllocation for one node. Since
// kubernetes/kubernetes PR #135573 (merged 2026, before v1.37) the plugin
// scores the change the pod makes to the node's balance, not the balance
// with the pod alone (noderesources/balanced_allocation.go
// balancedResourceScorer): balancedResourceScore, int64((1-std)*100) of the
// cpu and memory fractions (real requests, no defaults, capped at 1), is
// taken with the pod (WithPod) and without it (WithoutPod), both in 50…100,
// and the score is 50 + (50 + WithPod - WithoutPod)/2: 75 when the pod
// leaves the balance as it was, towards 100 when it improves it, towards
// 50 when it worsens it.
type Balance struct {
	CPUFraction, MemFraction float64 // with the pod
	Std                      float64
	WithPod                  int64
	CPUBefore, MemBefore     float64 // without the pod
	StdBefore                float64
	WithoutPod               int64
	Score                    int64
}

func scoreBalanced(req Resources, ni *NodeInfo) Balance {
	var b Balance
	b.CPUFraction, b.MemFraction, b.Std, b.WithPod = balancedResourceScore(ni.Requested.MilliCPU+req.MilliCPU, ni.Requested.Memory+req.Memory, ni)
	b.CPUBefore, b.MemBefore, b.StdBefore, b.WithoutPod = balancedResourceScore(ni.Requested.MilliCPU, ni.Requested.Memory, ni)
	b.Score = MaxNodeScore/2 + (MaxNodeScore/2+b.WithPod-b.WithoutPod)/2
	return b
}

// balancedResourceScore is upstream's function of the same name for cpu
// and memory: the requested fraction of each (capped at 1), their
// standard deviation (half their difference for two) and
// int64((1-std)*MaxNodeScore).
func balancedResourceScore(cpu, mem int64, ni *NodeInfo) (cpuFr, memFr, std float64, score int64) {
	var fr []float64
	if a := ni.Allocatable.MilliCPU; a != 0 {
		cpuFr = math.Min(float64(cpu)/float64(a), 1)
		fr = append(fr, cpuFr)
	}
	if a := ni.Allocatable.Memory; a != 0 {
		memFr = math.Min(float64(mem)/float64(a), 1)
		fr = append(fr, memFr)
	}
	if len(fr) == 2 {
		std = math.Abs((fr[0] - fr[1]) / 2)
	}
	return cpuFr, memFr, std, int64((1 - std) * float64(MaxNodeScore))
}

// imageLocality constants (imagelocality/image_locality.go).
const (
	mb                    int64 = 1024 * 1024
	minThreshold          int64 = 23 * mb
	maxContainerThreshold int64 = 1000 * mb
)

// scoreImageLocality: for each container image already on the node, its
// size scaled by the share of nodes that have it; clamped to 23MB…1000MB per
// container and mapped to 0–100.
func scoreImageLocality(pod *v1.Pod, ni *NodeInfo, spread map[string]int, totalNodes int) int64 {
	var sum int64
	for _, c := range pod.Spec.Containers {
		name := normalizedImageName(c.Image)
		if size, ok := ni.Images[name]; ok {
			sum += int64(float64(size) * float64(spread[name]) / float64(totalNodes))
		}
	}
	maxThreshold := maxContainerThreshold * int64(len(pod.Spec.Containers))
	if sum < minThreshold {
		sum = minThreshold
	} else if sum > maxThreshold {
		sum = maxThreshold
	}
	return MaxNodeScore * (sum - minThreshold) / (maxThreshold - minThreshold)
}

// DefaultNormalizeScore scales scores so the highest becomes maxPriority,
// and with reverse turns them around (plugins/helper/normalize_score.go).
func DefaultNormalizeScore(maxPriority int64, reverse bool, scores []int64) []int64 {
	out := append([]int64(nil), scores...)
	var maxCount int64
	for _, s := range out {
		if s > maxCount {
			maxCount = s
		}
	}
	if maxCount == 0 {
		if reverse {
			for i := range out {
				out[i] = maxPriority
			}
		}
		return out
	}
	for i, s := range out {
		s = maxPriority * s / maxCount
		if reverse {
			s = maxPriority - s
		}
		out[i] = s
	}
	return out
}
