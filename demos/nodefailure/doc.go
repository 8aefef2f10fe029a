// Package nodefailure is the node-failure demo: a node of a three-node
// cluster stops answering, and the learner steps through the simulated
// seconds of engine/nodelifecycle, which follows kubernetes
// pkg/controller/nodelifecycle and pkg/controller/tainteviction.
package nodefailure
