package scheduler

import (
	"fmt"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// runningPod is a pod already bound to a node.
type runningPod struct {
	Name, Node, CPU, Memory, Class string
	Start                          int64
	Labels                         map[string]string
}

// presetPDB is a PodDisruptionBudget of a preset: a selector and a
// minAvailable the learner can change.
type presetPDB struct {
	Name         string
	Selector     map[string]string
	MinAvailable string // the default of the "pdb" control
}

// preset is a cluster and the pod's starting values.
type preset struct {
	Name, Label string
	Nodes       []scheduler.NodeSpec
	Running     []runningPod
	Pod         podInput // the defaults of the pod's controls
	PDB         *presetPDB
}

// podInput is what the learner sets on the incoming pod, as typed.
type podInput struct {
	CPU, Memory string
	Selector    string // nodeSelector "key=value"
	Require     string // required node affinity "key=v1|v2"
	Prefer      string // preferred node affinity "key=value" (weight 50)
	Tolerate    string // "key=value:Effect" or "key:Effect"
	Class       string // priorityClassName
	Port        string // hostPort
}

// PriorityClasses the demo's cluster has (scheduling.k8s.io/v1); a pod
// without a class gets priority 0 (no globalDefault class).
var priorityClasses = []scheduler.PriorityClass{
	{Name: "high-priority", Value: 1000},
	{Name: "high-priority-nonpreempting", Value: 1000, PreemptionPolicy: v1.PreemptNever},
	{Name: "batch-low", Value: 10},
}

func classByName(name string) (scheduler.PriorityClass, bool) {
	for _, c := range priorityClasses {
		if c.Name == name {
			return c, true
		}
	}
	return scheduler.PriorityClass{}, false
}

func gib(n int) string { return fmt.Sprintf("%dGi", n) }

var presets = []preset{
	{
		Name: "fits", Label: "A pod that fits",
		Nodes: []scheduler.NodeSpec{
			{Name: "node-1", CPU: "4", Memory: gib(8), Labels: map[string]string{"topology.kubernetes.io/zone": "zone-a", "disktype": "ssd"}},
			{Name: "node-2", CPU: "4", Memory: gib(8), Labels: map[string]string{"topology.kubernetes.io/zone": "zone-b", "disktype": "hdd"}},
			{Name: "node-3", CPU: "8", Memory: gib(16), Labels: map[string]string{"topology.kubernetes.io/zone": "zone-b", "disktype": "ssd"},
				Images: []v1.ContainerImage{{Names: []string{"nginx:1.27"}, SizeBytes: 180 * 1024 * 1024}}},
		},
		Running: []runningPod{
			{Name: "api-7d9f", Node: "node-1", CPU: "2", Memory: gib(2), Start: 100},
			{Name: "batch-x2k", Node: "node-2", CPU: "1", Memory: gib(6), Class: "batch-low", Start: 200},
			{Name: "cache-0", Node: "node-3", CPU: "3", Memory: gib(4), Start: 300},
		},
		Pod: podInput{CPU: "1", Memory: "1Gi"},
	},
	{
		Name: "outline", Label: "The outline's 0/3 example",
		Nodes: []scheduler.NodeSpec{
			{Name: "node-1", CPU: "2", Memory: gib(4)},
			{Name: "node-2", CPU: "4", Memory: gib(8)},
			{Name: "node-3", CPU: "4", Memory: gib(8)},
		},
		Running: []runningPod{
			{Name: "cache-0", Node: "node-1", CPU: "1", Memory: gib(1), Start: 100},
			{Name: "db-0", Node: "node-2", CPU: "1", Memory: gib(7), Start: 200},
			{Name: "db-1", Node: "node-3", CPU: "1", Memory: gib(7), Start: 300},
		},
		Pod: podInput{CPU: "1500m", Memory: "2Gi"},
	},
	{
		Name: "taints", Label: "Cordon, taint, labels",
		Nodes: []scheduler.NodeSpec{
			{Name: "node-1", CPU: "4", Memory: gib(8), Labels: map[string]string{"disktype": "hdd"}},
			{Name: "node-2", CPU: "4", Memory: gib(8), Labels: map[string]string{"disktype": "ssd", "gpu": "true"},
				Taints: []v1.Taint{{Key: "dedicated", Value: "gpu", Effect: v1.TaintEffectNoSchedule}}},
			{Name: "node-3", CPU: "4", Memory: gib(8), Labels: map[string]string{"disktype": "ssd"},
				Taints: []v1.Taint{{Key: "spot", Value: "true", Effect: v1.TaintEffectPreferNoSchedule}}},
		},
		Running: []runningPod{
			{Name: "web-0", Node: "node-1", CPU: "1", Memory: gib(1), Start: 100},
			{Name: "train-0", Node: "node-2", CPU: "2", Memory: gib(4), Start: 200},
		},
		Pod: podInput{CPU: "500m", Memory: "512Mi", Selector: "disktype=ssd"},
	},
	{
		Name: "preemption", Label: "Priority and preemption",
		Nodes: []scheduler.NodeSpec{
			{Name: "node-1", CPU: "2", Memory: gib(4)},
			{Name: "node-2", CPU: "2", Memory: gib(4)},
			{Name: "node-3", CPU: "2", Memory: gib(4)},
		},
		Running: []runningPod{
			{Name: "checkout-0", Node: "node-1", CPU: "1500m", Memory: gib(1), Class: "high-priority", Start: 100},
			{Name: "report-a", Node: "node-2", CPU: "1", Memory: gib(1), Class: "batch-low", Start: 200},
			{Name: "report-b", Node: "node-2", CPU: "500m", Memory: gib(1), Class: "batch-low", Start: 300},
			{Name: "web-0", Node: "node-3", CPU: "1", Memory: gib(1), Start: 400},
			{Name: "report-c", Node: "node-3", CPU: "500m", Memory: gib(1), Class: "batch-low", Start: 500},
		},
		Pod: podInput{CPU: "1", Memory: "1Gi", Class: "high-priority"},
	},
	{
		// Without the budget DefaultPreemption would evict db-0 (priority
		// 0) on node-1; with minAvailable 2 over both db pods the budget
		// allows no disruption, node-1's candidate violates it, and node-2
		// (evicting report-b, priority 10) is nominated instead
		// (preemption.go pickOneNodeForPreemption: fewest PDB violations first).
		Name: "pdb", Label: "A PodDisruptionBudget",
		Nodes: []scheduler.NodeSpec{
			{Name: "node-1", CPU: "2", Memory: gib(4)},
			{Name: "node-2", CPU: "2", Memory: gib(4)},
			{Name: "node-3", CPU: "2", Memory: gib(4)},
		},
		Running: []runningPod{
			{Name: "db-0", Node: "node-1", CPU: "1500m", Memory: gib(2), Start: 100, Labels: map[string]string{"app": "db"}},
			{Name: "report-a", Node: "node-2", CPU: "1", Memory: gib(1), Class: "batch-low", Start: 200},
			{Name: "report-b", Node: "node-2", CPU: "500m", Memory: gib(1), Class: "batch-low", Start: 300},
			{Name: "checkout-0", Node: "node-3", CPU: "1500m", Memory: gib(1), Class: "high-priority", Start: 400},
			{Name: "db-1", Node: "node-3", CPU: "500m", Memory: gib(1), Start: 500, Labels: map[string]string{"app": "db"}},
		},
		Pod: podInput{CPU: "1", Memory: "1Gi", Class: "high-priority"},
		PDB: &presetPDB{Name: "db-pdb", Selector: map[string]string{"app": "db"}, MinAvailable: "2"},
	},
}

func presetByName(name string) (*preset, bool) {
	for i := range presets {
		if presets[i].Name == name {
			return &presets[i], true
		}
	}
	return nil, false
}

func presetNames() []string {
	var out []string
	for _, p := range presets {
		out = append(out, p.Name)
	}
	return out
}
