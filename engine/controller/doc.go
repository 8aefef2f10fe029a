// Package controller holds the pieces of kube-controller-manager that more
// than one engine needs (pkg/controller/controller_utils.go): today the
// pod-template-hash that names a Deployment's ReplicaSets and their pods.
package controller
