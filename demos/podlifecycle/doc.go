// Package podlifecycle is the pod-lifecycle demo: a simulated kubelet
// (engine/kubelet) runs one pod on a timeline of simulated seconds; the
// step is the second. The learner picks a preset, changes the restart
// policy, the program's behaviour and the probes, and scrubs through time.
package podlifecycle
