// Package customsched is a pure, deterministic model of two schedulers
// sharing one cluster in Kubernetes v1.37: the default kube-scheduler
// (profile default-scheduler) and a second kube-scheduler whose
// KubeSchedulerConfiguration names its profile my-scheduler, scores with
// NodeResourcesFit's MostAllocated (or LeastAllocated) strategy and calls an
// HTTP scheduler extender.
//
// It follows upstream kubernetes/kubernetes and names the source beside the
// code:
//   - pkg/scheduler/eventhandlers.go responsibleForPod and
//     pkg/scheduler/profile/profile.go Map.HandlesSchedulerName: a scheduler
//     queues only the pods whose spec.schedulerName is one of its profiles;
//   - pkg/scheduler/profile/profile.go newProfile: each profile's events are
//     recorded under its schedulerName (the "From" of kubectl describe);
//   - pkg/scheduler/schedule_one.go findNodesThatFitPod,
//     findNodesThatPassExtenders, prioritizeNodes, schedulePod,
//     nodeScoreHeap: the extender runs after the plugins' Filter and Score;
//   - pkg/scheduler/extender.go HTTPExtender.Filter, Prioritize, send: the
//     POST <urlPrefix>/<verb> calls and their JSON, whose types are
//     k8s.io/kube-scheduler/extender/v1;
//   - pkg/scheduler/apis/config/validation/validation.go validateExtenders:
//     the weight check and its message.
//
// The plugin part of each cycle is engine/scheduler's (read-only here). The
// engine does no I/O, reads no clock and starts no goroutine; the one random
// choice (extender scores set NodePluginScores.Randomizer = rand.Int(), which
// breaks equal totals) comes from a seeded PRNG.
package customsched
