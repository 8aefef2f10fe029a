// Package daemonsets is the daemonsets demo: nodes join and leave, labels
// and taints change, and the DaemonSet controller (engine/daemonset) keeps
// one pod per eligible node, then rolls out a new image.
package daemonsets
