package archtrace

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"

	"github.com/kubeviz/kubeviz/engine/controller"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
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
