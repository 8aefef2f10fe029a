package controller

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/utils/dump"
)

// ComputeHash is kubernetes pkg/controller/controller_utils.go ComputeHash:
// the FNV-32a hash of the pod template as k8s.io/utils/dump.ForHash prints
// it (pkg/util/hash DeepHashObject), then the collision count if any, as a
// decimal number encoded with rand.SafeEncodeString. It is the
// pod-template-hash label and the suffix of a ReplicaSet's name.
//
// The printed form has every field of the Go types, so the hash depends on
// the k8s.io/api version: with v0.37 types and the template the API server
// stores (defaults applied), it is the hash a v1.37 cluster computes.
func ComputeHash(template *corev1.PodTemplateSpec, collisionCount *int32) string {
	hasher := fnv.New32a()
	hasher.Reset()
	fmt.Fprintf(hasher, "%v", dump.ForHash(*template))
	if collisionCount != nil {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint32(b, uint32(*collisionCount))
		hasher.Write(b)
	}
	return utilrand.SafeEncodeString(fmt.Sprint(hasher.Sum32()))
}

// KubectlDeploymentTemplate is the pod template of
// `kubectl create deployment NAME --image=IMAGE` as the API server stores it:
// kubectl's createDeployment (staging/src/k8s.io/kubectl/pkg/cmd/create/
// create_deployment.go: label app=NAME, one container named after the
// image) with the defaults of pkg/apis/core/v1/defaults.go for a pod
// template (SetDefaults_PodSpec, SetDefaults_Container; enableServiceLinks
// is defaulted on Pods only).
func KubectlDeploymentTemplate(name, image, container string) corev1.PodTemplateSpec {
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	pull := corev1.PullIfNotPresent
	if !hasTag(image) {
		pull = corev1.PullAlways
	}
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": name}},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name: container, Image: image,
				TerminationMessagePath:   corev1.TerminationMessagePathDefault,
				TerminationMessagePolicy: corev1.TerminationMessageReadFile,
				ImagePullPolicy:          pull,
			}},
			RestartPolicy:                 corev1.RestartPolicyAlways,
			TerminationGracePeriodSeconds: &grace,
			DNSPolicy:                     corev1.DNSClusterFirst,
			SecurityContext:               &corev1.PodSecurityContext{},
			SchedulerName:                 corev1.DefaultSchedulerName,
		},
	}
}

// hasTag reports whether an image names a tag other than latest (or a
// digest): then imagePullPolicy defaults to IfNotPresent.
func hasTag(image string) bool {
	for i := len(image) - 1; i >= 0; i-- {
		switch image[i] {
		case '@':
			return true
		case ':':
			return image[i+1:] != "latest"
		case '/':
			return false
		}
	}
	return false
}
