package scheduler

import "testing"

// NodeResourcesBalancedAllocation scores the change the pod makes to the
// node's balance (kubernetes/kubernetes PR #135573,
// noderesources/balanced_allocation.go balancedResourceScorer):
// 50 + (50 + withPod - withoutPod)/2. The expected numbers are worked out
// by hand from that formula.
func TestBalancedAllocationScoresTheChange(t *testing.T) {
	const gi = 1 << 30
	node := func(cpu, mem int64) *NodeInfo {
		return &NodeInfo{Allocatable: Resources{MilliCPU: 4000, Memory: 8 * gi}, Requested: Resources{MilliCPU: cpu, Memory: mem}}
	}
	for _, tc := range []struct {
		name                 string
		ni                   *NodeInfo
		pod                  Resources
		with, without, score int64
	}{
		// cpu 0.25, memory 0.5 used: std 0.125, 87. The pod brings cpu to
		// 0.5: std 0, 100. 50 + (50 + 100 - 87)/2 = 50 + 63/2 = 81.
		{"evens it out", node(1000, 4*gi), Resources{MilliCPU: 1000}, 100, 87, 81},
		// From balanced (0.25, 0.25: 100) to 0.5, 0.25 (std 0.125, 87):
		// 50 + (50 + 87 - 100)/2 = 50 + 37/2 = 68.
		{"unbalances it", node(1000, 2*gi), Resources{MilliCPU: 1000}, 87, 100, 68},
		// An empty node and a pod of cpu 0.25, memory 0.25: balanced both
		// times: 50 + 50/2 = 75.
		{"no change", node(0, 0), Resources{MilliCPU: 1000, Memory: 2 * gi}, 100, 100, 75},
	} {
		b := scoreBalanced(tc.pod, tc.ni)
		if b.WithPod != tc.with || b.WithoutPod != tc.without || b.Score != tc.score {
			t.Errorf("%s: with %d, without %d, score %d; want %d, %d, %d", tc.name, b.WithPod, b.WithoutPod, b.Score, tc.with, tc.without, tc.score)
		}
	}
}
