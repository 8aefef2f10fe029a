// Package desiredstate is the desired-state demo, the course's first: a
// ReplicaSet's spec.replicas against the pods that exist, the control loop
// of engine/reconcile (kubernetes pkg/controller/replicaset/replica_set.go)
// one sync at a time, while the learner deletes pods, crashes containers
// and changes replicas.
package desiredstate
