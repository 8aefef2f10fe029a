// Package architecture is the architecture demo: `kubectl apply` (or
// `kubectl create deployment`) followed message by message through the API
// server, etcd and its Raft round, the scheduler, the controllers and the
// kubelet to a running container, by the engine in engine/archtrace, with
// faults that change what happens next.
package architecture
