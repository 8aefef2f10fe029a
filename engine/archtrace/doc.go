// Package archtrace traces one `kubectl` command through a Kubernetes v1.37
// cluster, message by message: kubectl's HTTP requests, the API server's
// handler chain and admission, the etcd write and its Raft round, the watch
// events, the scheduler's Binding, the controllers, the kubelet's CRI calls
// and status updates, and what `kubectl get` prints at the end.
//
// Trace is a pure function of a Config (scenario, fault, seed): no I/O, no
// clock (time is logical milliseconds since the command was run), no
// goroutines; randomness (generated names, a scheduler tie) comes from a PRNG
// seeded by Config.Seed. The same Config gives the same steps, byte for byte.
//
// Each message follows the upstream source named beside the code that makes
// it (Step.Source names it too):
//
//	staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go        GET, then POST with the last-applied annotation
//	staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go       AddSourceToErr, StandardErrorMessage
//	staging/src/k8s.io/apiserver/pkg/server/config.go        DefaultBuildHandlerChain (filter order)
//	staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go  mutating admission, then Create
//	staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go  validation, validating admission, storage
//	pkg/kubeapiserver/options/plugins.go                     AllOrderedPlugins, the default-on set
//	etcd-io/raft raft.go, quorum/majority.go                 MsgApp, MsgAppResp, CommittedIndex
//	pkg/registry/core/pod/storage/storage.go                 the binding subresource
//	pkg/scheduler/schedule_one.go (through engine/scheduler) the node choice and the Scheduled event
//	pkg/controller/deployment, pkg/controller/replicaset     ComputeHash, slowStartBatch, generateName
//	pkg/kubelet/kuberuntime/kuberuntime_manager.go SyncPod   RunPodSandbox, PullImage, CreateContainer, StartContainer
//	pkg/util/pod/pod.go PatchPodStatus                       the status PATCH
//	pkg/printers/internalversion/printers.go                 kubectl get pods / deployments columns
package archtrace
