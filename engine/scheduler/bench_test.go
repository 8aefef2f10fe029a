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

// A stream of 1,000 pods onto 5,000 nodes, each bound before the next.
func BenchmarkStream1000PodsOn5000Nodes(b *testing.B) {
	base := bigCluster(b, 5000)
	for b.Loop() {
		cl := Cluster{Nodes: base.Nodes}
		for i := range 1000 {
			pod, _ := MakePod(PodSpec{Name: fmt.Sprintf("p-%d", i), CPU: "500m", Memory: "1Gi"})
			c := Schedule(cl, pod, Options{Seed: uint64(i)})
			if c.Selected == "" {
				b.Fatalf("pod %d unschedulable", i)
			}
			pod.Spec.NodeName = c.Selected
			cl.Pods = append(cl.Pods, pod)
		}
	}
}
