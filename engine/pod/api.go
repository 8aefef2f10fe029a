package pod

// This file declares the API of package pod that demos/podspec builds on.
// The bodies are being written (see the other files of this package); the
// signatures are the contract.

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Defaulted is one field the API server would fill in on create.
type Defaulted struct {
	Field string // upstream field path, "spec.restartPolicy"
	Value string // the value it gets, "Always"
	Why   string // one sentence: why that value (e.g. "the image has tag 1.25, so IfNotPresent")
}

// WithDefaults returns a deep copy of p with the defaults the API server
// applies on create (k8s.io/kubernetes pkg/apis/core/v1/defaults.go), and the
// list of fields it filled in, in field order.
func WithDefaults(p *corev1.Pod) (*corev1.Pod, []Defaulted) { return p.DeepCopy(), nil }

// QOSClass is the pod's QoS class by upstream's rules
// (pkg/apis/core/v1/helper/qos/qos.go), with one sentence saying why.
func QOSClass(p *corev1.Pod) (class corev1.PodQOSClass, why string) { return "", "" }

// Validate validates a pod for create with upstream's rules, paths and
// messages (pkg/apis/core/validation/validation.go ValidatePodCreate): the
// subset that a hand-written pod can trip over.
func Validate(p *corev1.Pod) field.ErrorList { return nil }

// Explain is what `kubectl explain pods.<path>` prints for a field path such
// as "spec.containers[0].resources.limits.memory" (indices are ignored),
// built from k8s.io/api's SwaggerDoc. ok is false for an unknown path.
func Explain(path string) (text string, ok bool) { return "", false }

// Explanation is a short explanation, in our own words, of what the field
// does at run time ("" when we have none for it).
func Explanation(path string) string { return "" }
