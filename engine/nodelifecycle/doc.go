// Package nodelifecycle simulates what a Kubernetes v1.37 cluster does when
// a node stops answering: a three-node cluster runs a 3-replica Deployment,
// one node's kubelet stops (or its network is cut), and the simulation
// steps through whole seconds.
//
// It follows, upstream (kubernetes/kubernetes):
//   - pkg/kubelet/kubelet.go and pkg/kubelet/nodelease: the Lease in
//     kube-node-lease renewed every nodeLeaseDurationSeconds × 0.25 = 10 s;
//     pkg/kubelet/kubelet_node_status.go and nodestatus/setters.go: the node
//     status posted every nodeStatusUpdateFrequency (10 s) when it changed,
//     else every nodeStatusReportFrequency (5 min), and the kubelet's
//     NodeReady/NodeHasSufficientMemory… events;
//   - pkg/controller/nodelifecycle/node_lifecycle_controller.go:
//     monitorNodeHealth every node-monitor-period (5 s), tryUpdateNodeHealth
//     (Ready=Unknown with reason NodeStatusUnknown, "Kubelet stopped posting
//     node status." once nothing was heard for node-monitor-grace-period,
//     50 s since v1.32), MarkPodsNotReady, doNoScheduleTaintingPass and
//     doNoExecuteTaintingPass (node.kubernetes.io/unreachable), and
//     markNodeAsReachable;
//   - plugin/pkg/admission/defaulttolerationseconds: tolerationSeconds 300
//     for not-ready and unreachable on every pod;
//   - pkg/controller/tainteviction/taint_eviction.go: the eviction timer,
//     the DisruptionTarget condition (DeletionByTaintManager) and the
//     TaintManagerEviction events;
//   - pkg/controller/replicaset/replica_set.go manageReplicas and the
//     scheduler's TaintToleration filter and selectHost, for the
//     replacement pod.
//
// The engine is pure: no clock, no I/O, randomness (pod name suffixes, the
// scheduler's tie break) from the seed in Config.
package nodelifecycle
