package podspec

import "github.com/kubeviz/kubeviz/engine/pod"

// validateQuantity checks a quantity as written, at its path
// (resource.ParseQuantity as resource.Quantity.UnmarshalJSON calls it,
// k8s.io/apimachinery/pkg/api/resource/quantity.go).
var validateQuantity = pod.ValidateQuantityString
