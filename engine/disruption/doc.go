// Package disruption is a pure, deterministic model of how Kubernetes v1.37
// decides which pods run when the cluster is full, and which may be taken
// away: PriorityClasses and the Priority admission plugin, the scheduler's
// preemption with graceful termination, and PodDisruptionBudgets with the
// Eviction API during `kubectl drain`.
//
// It follows upstream kubernetes/kubernetes and names its source beside the
// code:
//   - pkg/apis/scheduling/types.go and helpers.go: HighestUserDefinablePriority,
//     the system classes system-node-critical and system-cluster-critical
//   - plugin/pkg/admission/priority/admission.go: admitPod, getDefaultPriority
//   - pkg/scheduler/framework/plugins/queuesort/priority_sort.go: the queue order
//   - pkg/scheduler/framework/preemption/executor.go: PreemptPod (the
//     DisruptionTarget condition, the delete, the Preempted event); the
//     scheduling cycle itself comes from engine/scheduler, used read-only
//   - pkg/kubelet/kuberuntime/kuberuntime_container.go: killContainer (preStop,
//     then SIGTERM, SIGKILL when the grace period runs out, a 2 s minimum)
//   - pkg/controller/disruption/disruption.go: getExpectedPodCount,
//     countHealthyPods, updatePdbStatus
//   - pkg/registry/core/pod/storage/eviction.go: checkAndDecrement and its 429
//   - staging/src/k8s.io/kubectl/pkg/drain/drain.go, filters.go and
//     pkg/cmd/drain/drain.go: what `kubectl drain` prints, line by line
//
// The engine does no I/O, reads no clock and starts no goroutine. Time is a
// whole number of seconds that only the timelines advance. Where upstream
// races (kubectl drain evicts every pod from its own goroutine), the order is
// the order of `kubectl get pods` (by name), and the tests say so.
package disruption
