// Package pod is the pure model behind the pod-spec demo: what the API server
// does to a pod on create (defaults, validation), which QoS class the kubelet
// gives it, and what each field means (kubectl explain text from k8s.io/api,
// and our own explanations). No I/O, no YAML: it takes *corev1.Pod.
package pod
