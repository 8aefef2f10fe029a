// Package daemonset simulates the DaemonSet controller of Kubernetes v1.37
// (pkg/controller/daemon/daemon_controller.go, update.go and
// util/daemonset_util.go) as a pure state machine: nodes join, leave, change
// labels and taints, and each Sync does what one syncDaemonSet does.
//
// No I/O, no clock, no goroutines: time advances only through the steps, and
// pod names come from a local PRNG seeded in the Config.
package daemonset
