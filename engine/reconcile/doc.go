// Package reconcile is the control loop at its smallest: a ReplicaSet's
// spec.replicas against the pods that exist, one sync at a time, as
// kubernetes pkg/controller/replicaset/replica_set.go does it:
//
//   - observe: the pods the informer's cache holds that the ReplicaSet
//     owns, and of those the active ones (controller.FilterActivePods: not
//     Terminating, not Succeeded or Failed);
//   - diff: manageReplicas' diff := len(filteredPods) - int(*(rs.Spec.Replicas)),
//     capped at burstReplicas (500);
//   - act: below zero, create -diff pods in slowStartBatch batches of 1, 2,
//     4, … (event SuccessfulCreate "Created pod: …"); above zero, delete the
//     first diff pods of getPodsToDelete's ranking (controller_utils.go
//     ActivePodsWithRanks; event SuccessfulDelete "Deleted pod: …").
//
// The kubelet's side is what the controller does not see: a container that
// crashes is restarted in place (restartPolicy Always, RESTARTS +1, with
// the kubelet's crash back-off of 10 s doubling to 5 min), the pod stays.
//
// Pure: no clock, no I/O; pod name suffixes and UIDs from the seed.
package reconcile
