// Package clusterautoscaler simulates the Cluster Autoscaler
// (kubernetes/autoscaler cluster-autoscaler, the release that goes with
// Kubernetes v1.37) for one node group, together with the workload it
// serves: one Deployment scaled by a HorizontalPodAutoscaler (engine/hpa),
// its ReplicaSet's pods placed by the default scheduler (engine/scheduler,
// used read-only), and nodes that take time to join and leave.
//
// One timeline in simulated seconds. Each controller runs on its own period:
// the HPA syncs when it is created, at 0s (kubernetes/kubernetes PR #138294,
// v1.37: horizontal.go enqueueHPA adds a new HPA with queue.Add), then every
// 15 s (--horizontal-pod-autoscaler-sync-period); the Cluster Autoscaler
// scans every 10 s (--scan-interval), the first at 10s. A Moment is one
// instant at which at least one of them runs; the first is the HPA's sync
// at 0s, and at 30 s, 60 s … both run, the HPA first.
//
// What each part follows, cited again beside the code:
//   - cluster-autoscaler/core/static_autoscaler.go RunOnce: upcoming nodes
//     injected into the snapshot, the pod list processors, shouldScaleUp
//     (allPodsAreNew, unschedulablePodTimeBuffer 2 s), scaleDown,
//     isScaleDownInCooldown.
//   - core/scaleup/orchestrator/orchestrator.go ScaleUp and executor.go:
//     the binpacking estimate, the max-size cap, the ScaledUpGroup event.
//   - processors/status/eventing_scale_up_processor.go: TriggeredScaleUp and
//     NotTriggerScaleUp, with skippedreasons.go "max node group size reached"
//     and nodegroupset ScaleUpInfo.String "{group 1->2 (max: 5)}".
//   - processors/nodes/pre_filtering_processor.go: no scale-down candidates
//     in a node group at its min size.
//   - core/scaledown/eligibility/eligibility.go and
//     simulator/utilization/info.go: utilization = sum of requests /
//     allocatable, at or under --scale-down-utilization-threshold
//     (isNodeAtOrBelowUtilizationThreshold).
//   - core/scaledown/unneeded/nodes.go: the unneeded-since timestamps, a
//     node removable once since + --scale-down-unneeded-time is before now,
//     and verifyMinSize.
//   - core/scaledown/actuation/actuator.go and drain.go: the
//     ToBeDeletedByClusterAutoscaler taint, ScaleDownEmpty / ScaleDown
//     events, "deleting pod for node scale down".
//   - clusterstate/clusterstate.go and clusterstate/api/types.go: the
//     cluster-autoscaler-status ConfigMap.
//   - config/flags/flags.go and config/const.go: the flag defaults.
//
// Simplifications, which the demo states: the node group has one machine
// type and the workload is one Deployment whose pods request only CPU; a
// new node registers already Ready after a fixed provisioning delay; pods
// start (and are Ready) as soon as they are bound, and terminate at once
// when evicted; a deleted node disappears 5 s (--node-delete-delay-after-taint)
// after it is tainted. The expander (default least-waste) has one node group
// to choose from, so it always picks it.
//
// The engine does no I/O, reads no clock, starts no goroutine; names and
// UIDs (engine/names) and the scheduler's tie-break seeds come from a PCG
// seeded by the Config.
package clusterautoscaler
