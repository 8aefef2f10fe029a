package pod

// This file declares the API of package pod that demos/podspec builds on.
// The signatures are the contract; the work is in the files named beside
// each function.

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Defaulted is one field the API server would fill in on create.
type Defaulted struct {
	Field string // upstream field path, "spec.restartPolicy"; map keys as "resources.requests[cpu]"
	Value string // the value it gets, "Always"
	Why   string // one sentence: why that value (e.g. "the image has tag 1.25, so IfNotPresent")
}

// WithDefaults returns a deep copy of p with the defaults the API server
// applies on create (k8s.io/kubernetes pkg/apis/core/v1/defaults.go), and the
// list of fields it filled in, in field order. Admission plugins' additions
// (serviceAccountName "default" from ServiceAccount, tolerations, priority)
// are not defaults and are not applied (defaults.go); Admitted lists them.
func WithDefaults(p *corev1.Pod) (*corev1.Pod, []Defaulted) { return withDefaults(p) }

// Admitted lists what kube-apiserver's default mutating admission plugins
// (ServiceAccount, DefaultTolerationSeconds, Priority) add to the defaulted
// pod p on create, in field order, each Why naming the plugin
// (admission.go). p is not changed.
func Admitted(p *corev1.Pod) []Defaulted { return admitted(p) }

// QOSClass is the pod's QoS class by upstream's rules
// (pkg/apis/core/v1/helper/qos/qos.go), with one sentence saying why.
// Pass the defaulted pod, as the API server computes it after defaulting:
// a limit without a request has by then been copied into the request (qos.go).
func QOSClass(p *corev1.Pod) (class corev1.PodQOSClass, why string) { return qosClass(p) }

// Validate validates a pod for create with upstream's rules, paths and
// messages (pkg/apis/core/validation/validation.go ValidatePodCreate): the
// subset that a hand-written pod can trip over (validate.go). An empty
// namespace is taken as "default" and a generateName is expanded first, as
// the API server does before validating.
func Validate(p *corev1.Pod) field.ErrorList { return validatePod(p) }

// Explain is what `kubectl explain pods.<path>` prints for a field path such
// as "spec.containers[0].resources.limits" (indices are ignored),
// built from k8s.io/api's SwaggerDoc (explain.go). ok is false for an
// unknown path; text is then kubectl's error, `error: field "x" does not
// exist`. Like kubectl, a key inside a map (limits.memory, labels.app) is
// not a field.
func Explain(path string) (text string, ok bool) { return explain(path) }

// Explanation is a short explanation, in our own words, of what the field
// does at run time ("" when we have none for it) (explanation.go).
func Explanation(path string) string { return explanation(path) }
