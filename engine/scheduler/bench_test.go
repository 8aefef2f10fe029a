package scheduler

import (
	"fmt"
	"testing"
)

func bigCluster(b *testing.B, n int) Cluster {
	var cl Cluster
	for i := range n {
		node, err := MakeNode(NodeSpec{Name: fmt.Sprintf("node-%d", i+1), CPU: "8", Memory: "32Gi"})
		if err != nil {
			b.Fatal(err)
		}
		cl.Nodes = append(cl.Nodes, node)
	}
	return cl
}

// One cycle over 5,000 nodes: Filter stops after 500 feasible nodes
// (numFeasibleNodesToFind: 50 − 5000/125 = 10%), which are scored.
func BenchmarkScheduleOne5000Nodes(b *testing.B) {
	cl := bigCluster(b, 5000)
	pod, _ := MakePod(PodSpec{Name: "web", CPU: "500m", Memory: "1Gi"})
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Schedule(cl, pod, Options{Seed: uint64(i)})
	}
}

// A stream of 10,000 pods onto 5,000 nodes with the full engine, each
// cycle a whole Cycle (Filter table, every Score plugin) as the small demo
// shows it. The Scheduler keeps its snapshot between cycles (as
// kube-scheduler's cache does) instead of rebuilding 5,000 NodeInfos from
// every bound pod each cycle, and Filter stops after numFeasibleNodesToFind
// (500) feasible nodes, starting where the previous cycle stopped.
func BenchmarkStream10000PodsOn5000Nodes(b *testing.B) {
	base := bigCluster(b, 5000)
	pods := make([]PodSpec, 10000)
	for i := range pods {
		pods[i] = PodSpec{Name: fmt.Sprintf("p-%d", i), CPU: "500m", Memory: "1Gi"}
	}
	b.ResetTimer()
	for b.Loop() {
		s := NewScheduler(Cluster{Nodes: base.Nodes}, Options{Seed: 1})
		for i := range pods {
			pod, _ := MakePod(pods[i])
			if c := s.Schedule(pod); c.Selected == "" {
				b.Fatalf("pod %d unschedulable", i)
			}
		}
	}
}

// The same stream on the lean Fleet the large-cluster view replays.
func BenchmarkFleetStream10000PodsOn5000Nodes(b *testing.B) {
	for b.Loop() {
		f, err := NewFleet(FleetConfig{Nodes: 5000, NodeCPU: 8000, NodeMem: 32 << 30, PodCPU: 500, PodMem: 1 << 30, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 10000 {
			if c := f.Schedule(); c.Selected < 0 {
				b.Fatalf("pod %d unschedulable", i)
			}
		}
	}
}
