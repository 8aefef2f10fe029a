// Package scheduler is a pure, deterministic model of one kube-scheduler
// scheduling cycle with the default profile of Kubernetes v1.37: PreFilter,
// Filter, PostFilter (DynamicResources, then DefaultPreemption), PreScore,
// Score, NormalizeScore, the weighted total, the choice of node, and Bind.
//
// It follows upstream kubernetes/kubernetes closely and names its source
// beside the code:
//   - pkg/scheduler/apis/config/v1/default_plugins.go: plugins, order, weights
//   - pkg/scheduler/schedule_one.go: schedulePod, findNodesThatPassFilters,
//     numFeasibleNodesToFind, prioritizeNodes, sortedNodeScores, bind events
//   - pkg/scheduler/framework/types.go: FitError.Error, the message format
//   - pkg/scheduler/framework/runtime/framework.go: RunFilterPlugins stops at
//     the first plugin that rejects; RunScorePlugins normalizes and weights
//   - pkg/scheduler/framework/plugins/*: each plugin's reason and formula
//   - pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go
//     and pkg/scheduler/framework/preemption/preemption.go: preemption, with
//     PodDisruptionBudgets (filterPodsWithPDBViolation, the reprieve order,
//     numViolatingVictim, pickOneNodeForPreemption's criteria)
//
// For streams of pods, Scheduler keeps its snapshot and nextStartNodeIndex
// between cycles as kube-scheduler does, and Fleet is a lean model of many
// identical nodes and pods that picks the same node as the full cycle at a
// fraction of the cost (the large-cluster view replays 10,000 cycles on it).
//
// The engine does no I/O, reads no clock and starts no goroutine. Where the
// real scheduler's outcome depends on a race (Filter runs on 16 goroutines,
// and the order in which nodes pass decides a tie), the order is drawn from
// a seeded PRNG, so the same input and seed give the same cycle, byte for byte.
package scheduler
