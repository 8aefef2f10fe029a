package archtrace

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
)

// namer draws the cluster's random names from a seeded PRNG: generateName
// suffixes, UIDs, container IDs.
type namer struct{ r *rand.Rand }

func newNamer(seed uint64) *namer {
	return &namer{r: rand.New(rand.NewPCG(seed, 0x6b75626576697a))}
}

// alphanums is apimachinery pkg/util/rand's alphabet: no vowels (no words)
// and no 0, 1, 3 (no look-alikes).
const alphanums = "bcdfghjklmnpqrstvwxz2456789"

// String is apimachinery pkg/util/rand.String(n), the suffix the API server
// appends to a generateName (names.SimpleNameGenerator): each character
// takes 5 bits of a 63-bit random number, an index past the alphabet's 27
// letters is skipped, and a fresh number is drawn after 12 characters.
func (n *namer) String(length int) string {
	const idxBits, idxMask, maxPerInt = 5, 1<<5 - 1, 63 / 5
	b := make([]byte, length)
	randomInt63 := n.r.Int64()
	remaining := maxPerInt
	for i := 0; i < length; {
		if remaining == 0 {
			randomInt63, remaining = n.r.Int64(), maxPerInt
		}
		if idx := int(randomInt63 & idxMask); idx < len(alphanums) {
			b[i] = alphanums[idx]
			i++
		}
		randomInt63 >>= idxBits
		remaining--
	}
	return string(b)
}

// UID is a random (version 4) UUID, as the API server gives every object.
func (n *namer) UID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], n.r.Uint64())
	binary.BigEndian.PutUint64(b[8:], n.r.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// ID is a 64-hex-digit ID as containerd gives sandboxes and containers.
func (n *namer) ID() string {
	return fmt.Sprintf("%016x%016x%016x%016x", n.r.Uint64(), n.r.Uint64(), n.r.Uint64(), n.r.Uint64())
}

// ComputeHash follows pkg/controller/controller_utils.go ComputeHash: an
// FNV-32a hash of the pod template, then the collision count if any, encoded
// with rand.SafeEncodeString. This is the pod-template-hash label and the
// ReplicaSet's name suffix. Upstream hashes the template as
// k8s.io/utils/dump.ForHash prints it (go-spew); go-spew is not a dependency
// of this module, so we hash the JSON of the same defaulted template: the
// form and the alphabet are upstream's, the ten letters are not a real
// cluster's.
func ComputeHash(template *corev1.PodTemplateSpec, collisionCount *int32) string {
	h := fnv.New32a()
	h.Reset()
	js, _ := json.Marshal(template) // a PodTemplateSpec always encodes
	h.Write(js)
	if collisionCount != nil {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint32(b, uint32(*collisionCount))
		h.Write(b)
	}
	return utilrand.SafeEncodeString(fmt.Sprint(h.Sum32()))
}

// DeploymentTemplate is the pod template of `kubectl create deployment web
// --image=nginx:1.25` as the Deployment controller sees it: kubectl's
// createDeployment (staging/src/k8s.io/kubectl/pkg/cmd/create/
// create_deployment.go: label app=<name>, one container named after the
// image, "nginx") with the API server's defaults for a pod template
// (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec and SetDefaults_Container;
// enableServiceLinks is defaulted only on a Pod, not in a template).
func DeploymentTemplate(name, image, container string) corev1.PodTemplateSpec {
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": name}},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name: container, Image: image,
				TerminationMessagePath:   corev1.TerminationMessagePathDefault,
				TerminationMessagePolicy: corev1.TerminationMessageReadFile,
				ImagePullPolicy:          corev1.PullIfNotPresent,
			}},
			RestartPolicy:                 corev1.RestartPolicyAlways,
			TerminationGracePeriodSeconds: &grace,
			DNSPolicy:                     corev1.DNSClusterFirst,
			SecurityContext:               &corev1.PodSecurityContext{},
			SchedulerName:                 corev1.DefaultSchedulerName,
		},
	}
}

var _ = appsv1.DefaultDeploymentUniqueLabelKey // "pod-template-hash"
