// Package podspec is the pod-spec demo: a pod's YAML on the left, the pod
// running on a node on the right, and beside them what the selected field
// does, in our words and as `kubectl explain` prints it.
//
// The YAML is read here (package pod takes *corev1.Pod and knows no YAML):
// gopkg.in/yaml.v3 gives every key its line, sigs.k8s.io/yaml and
// sigs.k8s.io/json decode it strictly as the API server does, and
// engine/pod defaults, validates and classifies it with upstream's rules.
// Every problem is shown at the line of its field, in upstream's words.
//
// The state is (preset, text, selected field, mode), all in the URL; the
// tour ("step") walks the fields worth a stop in document order.
package podspec
