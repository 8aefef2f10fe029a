// Package pod is the pure model behind the pod-spec demo: what the API server
// does to a pod on create (defaults, validation, warnings), which QoS class
// the pod gets, and what each field means (kubectl explain text from
// k8s.io/api, and our own explanations). No I/O, no YAML, no clock: it takes
// *corev1.Pod. It matches Kubernetes v1.37 (k8s.io/api v0.37).
//
// Each file follows one upstream file, named at its top:
//
//	defaults.go     pkg/apis/core/v1/defaults.go (SetObjectDefaults_Pod)
//	qos.go          pkg/apis/core/v1/helper/qos/qos.go (ComputePodQOS)
//	validate.go     pkg/apis/core/validation/validation.go (ValidatePodCreate)
//	resources.go    the same, for requests and limits; pkg/apis/core/helper
//	warnings.go     pkg/api/pod/warnings.go
//	quantity.go     apimachinery pkg/api/resource (parse errors), apiserver
//	                pkg/endpoints/handlers (the 400 message)
//	explain.go      kubectl pkg/explain/v2/templates/plaintext.tmpl over the
//	                OpenAPI schema kube-openapi generates from k8s.io/api
//	explanation.go  our own words
//
// zz_generated.openapihints.go holds what reflection cannot see (required
// fields, enum values, a few type descriptions); `go generate` rewrites it
// from the module sources with internal/openapihints.
package pod
