// Package configmaps is the configmaps-secrets demo: the outline's
// ConfigMap app-config and Secret app-secret consumed by config-pod as
// environment variables or as files, with edits, kubelet syncs and the
// atomic writer's symlink swap stepped through in logical time
// (engine/configmap).
package configmaps
