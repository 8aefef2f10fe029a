// Package scheduler is the "scheduler" demo: one pod's scheduling cycle
// through kube-scheduler's default profile (Kubernetes v1.37), step by step:
// the queue, PreFilter, Filter (node × plugin), Score and NormalizeScore with
// the weights, the choice of node, and Bind, or, when nothing fits,
// PostFilter (preemption) and the FailedScheduling event. The engine is
// engine/scheduler; this package maps URLs to its inputs and draws it with
// web/templates/scheduler.templ.
package scheduler
