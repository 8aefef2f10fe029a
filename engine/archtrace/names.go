package archtrace

import (
	"fmt"

	"github.com/kubeviz/kubeviz/engine/controller"
	kubenames "github.com/kubeviz/kubeviz/engine/names"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// newRand is the trace's seeded generator: the generateName suffixes and
// UIDs (engine/names, the API server's SimpleNameGenerator and
// FillObjectMetaSystemFields), containerd's IDs and the scheduler's
// tie-break seed all come from it.
func newRand(seed uint64) kubenames.Rand {
	return kubenames.NewRand(seed, 0x6b75626576697a)
}

// containerID is a 64-hex-digit ID as containerd gives sandboxes and
// containers.
func containerID(r kubenames.Rand) string {
	return fmt.Sprintf("%016x%016x%016x%016x", r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64())
}

// ComputeHash is the pod-template-hash (engine/controller.ComputeHash,
// pkg/controller/controller_utils.go).
func ComputeHash(template *corev1.PodTemplateSpec, collisionCount *int32) string {
	return controller.ComputeHash(template, collisionCount)
}

// DeploymentTemplate is the stored pod template of `kubectl create
// deployment` (engine/controller.KubectlDeploymentTemplate).
func DeploymentTemplate(name, image, container string) corev1.PodTemplateSpec {
	return controller.KubectlDeploymentTemplate(name, image, container)
}

var _ = appsv1.DefaultDeploymentUniqueLabelKey // "pod-template-hash"
