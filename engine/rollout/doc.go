// Package rollout simulates the Deployment controller and the ReplicaSet
// controller of Kubernetes v1.37 as they roll a Deployment from one pod
// template to another, one happening at a time.
//
// It follows, and cites beside the code:
//   - kubernetes pkg/controller/deployment/rolling.go (rolloutRolling,
//     reconcileNewReplicaSet, reconcileOldReplicaSets,
//     cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate),
//     recreate.go (rolloutRecreate), sync.go (getNewReplicaSet,
//     scaleReplicaSet, calculateStatus) and progress.go (syncRolloutStatus,
//     requeueStuckDeployment);
//   - pkg/controller/deployment/util/deployment_util.go (ResolveFenceposts,
//     MaxSurge, MaxUnavailable, NewRSNewReplicas, DeploymentComplete,
//     DeploymentProgressing, DeploymentTimedOut);
//   - pkg/controller/replicaset/replica_set.go (manageReplicas,
//     getPodsToDelete) and pkg/controller/controller_utils.go
//     (ActivePodsWithRanks, ComputeHash);
//   - pkg/apis/apps/validation/validation.go for bad input;
//   - staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go,
//     rollback.go and history.go, and pkg/describe/describe.go, for what
//     kubectl prints.
//
// The engine is pure: no I/O, no clock, no goroutines. Time is logical
// (whole seconds); randomness (pod name suffixes, UIDs) comes from the seed
// in Config. Same Config and inputs give the same states, byte for byte.
package rollout
