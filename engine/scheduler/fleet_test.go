package scheduler

import (
	"fmt"
	"testing"
)

// The lean Fleet must pick the same node as the full Scheduler, cycle by
// cycle, for both scoring strategies, including the rotation of
// nextStartNodeIndex (schedule_one.go findNodesThatFitPod) and the pods
// that no longer fit once the cluster is full.
func TestFleetMatchesScheduler(t *testing.T) {
	for _, sc := range []Scoring{LeastAllocated, MostAllocated} {
		for _, nodes := range []int{7, 150} {
			t.Run(fmt.Sprintf("%s/%d", sc, nodes), func(t *testing.T) {
				var cl Cluster
				for i := range nodes {
					n, err := MakeNode(NodeSpec{Name: fmt.Sprintf("node-%d", i+1), CPU: "4", Memory: "16Gi"})
					if err != nil {
						t.Fatal(err)
					}
					cl.Nodes = append(cl.Nodes, n)
				}
				opt := Options{Seed: 7, Scoring: sc}
				s := NewScheduler(cl, opt)
				f, err := NewFleet(FleetConfig{Nodes: nodes, NodeCPU: 4000, NodeMem: 16 << 30, PodCPU: 1000, PodMem: 2 << 30, Scoring: sc, Seed: 7})
				if err != nil {
					t.Fatal(err)
				}
				if f.MaxPodsPerNode() != 4 {
					t.Fatalf("max pods per node = %d, want 4 (4 cores / 1 core)", f.MaxPodsPerNode())
				}
				for i := range nodes*4 + 3 { // three more than fit
					pod, _ := MakePod(PodSpec{Name: fmt.Sprintf("p-%d", i), CPU: "1", Memory: "2Gi"})
					c := s.Schedule(pod)
					fc := f.Schedule()
					want := -1
					if c.Selected != "" {
						fmt.Sscanf(c.Selected, "node-%d", &want)
						want--
					}
					if fc.Selected != want || fc.Next != c.NextStartNodeIndex || fc.Processed != c.ProcessedNodes || fc.TopScore != c.TopScore {
						t.Fatalf("pod %d: fleet picked %d (next %d, processed %d, top %d), scheduler %q (next %d, processed %d, top %d)",
							i, fc.Selected, fc.Next, fc.Processed, fc.TopScore, c.Selected, c.NextStartNodeIndex, c.ProcessedNodes, c.TopScore)
					}
					if c.Selected == "" && fc.FitMessage != c.FitMessage {
						t.Fatalf("pod %d: fleet says %q, scheduler %q", i, fc.FitMessage, c.FitMessage)
					}
				}
			})
		}
	}
}

// numFeasibleNodesToFind (schedule_one.go) with the adaptive default
// percentageOfNodesToScore: 50 − nodes/125 percent, at least 5%, at least
// 100 nodes; fewer than 100 nodes are all checked.
func TestNumFeasibleNodesToFind(t *testing.T) {
	for _, tc := range []struct{ nodes, want int }{
		{50, 50}, {99, 99}, {100, 100}, // 50% of 100 = 50 → at least 100
		{200, 100},  // 49% = 98 → 100
		{500, 230},  // 46%
		{1000, 420}, // 42%
		{2000, 680}, // 34%
		{4000, 720}, // 18%
		{5000, 500}, // 10%
		{6250, 312}, // 0% → 5%: 312.5 truncated
	} {
		if got := NumFeasibleNodesToFind(tc.nodes); got != tc.want {
			t.Errorf("NumFeasibleNodesToFind(%d) = %d, want %d", tc.nodes, got, tc.want)
		}
	}
}

// heapRoot must name the entry container/heap's Init+Pop returns for
// nodeScoreHeap (schedule_one.go selectHost), ties included.
func TestHeapRootIsContainerHeap(t *testing.T) {
	rng := newPRNG(3)
	for trial := range 2000 {
		n := 1 + rng.intn(40)
		h := make([]fleetEntry, n)
		ref := make(nodeScoreHeap, n)
		for i := range h {
			v := int64(rng.intn(1 + trial%5)) // few distinct values: many ties
			h[i] = fleetEntry{total: v, node: int32(i)}
			ref[i] = NodeTotal{Node: fmt.Sprint(i), Total: v}
		}
		var scratch []int64
		got := heapRoot(h, &scratch)
		c := &Cycle{Totals: ref}
		c.selectHost()
		if fmt.Sprint(got) != c.Selected {
			t.Fatalf("trial %d %v: heapRoot %d, container/heap %s", trial, h, got, c.Selected)
		}
	}
}
