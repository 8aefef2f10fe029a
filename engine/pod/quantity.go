package pod

// Quantities as written. By the time a corev1.Pod exists its quantities are
// parsed; a value that does not parse never reaches validation: the API
// server fails to decode the request body. resource.Quantity.UnmarshalJSON
// (k8s.io/apimachinery/pkg/api/resource/quantity.go) trims spaces and calls
// ParseQuantity, whose errors are ErrFormatWrong ("quantities must match the
// regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
// ErrNumeric and ErrSuffix; the create handler wraps the decode error as
// "%s in version %q cannot be handled as a %s: %v" (apiserver
// pkg/endpoints/handlers/rest.go transformDecodeError), a 400 BadRequest.

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateQuantityString returns nil when s parses as a resource.Quantity
// the way the API server decodes one, and otherwise an Invalid error at
// path whose detail is exactly the parse error the API server reports
// (resource.ErrFormatWrong, ErrNumeric or ErrSuffix). The API server itself
// names no field: see QuantityDecodeMessage for its whole message.
func ValidateQuantityString(path *field.Path, s string) *field.Error {
	if _, err := resource.ParseQuantity(strings.TrimSpace(s)); err != nil {
		return field.Invalid(path, s, err.Error())
	}
	return nil
}

// QuantityDecodeMessage is the message of the API server's 400 response to
// a pod whose quantity s does not parse ("" when it parses), e.g.
// `Pod in version "v1" cannot be handled as a Pod: quantities must match
// the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`.
// kubectl prints it after `Error from server (BadRequest): error when
// creating "pod.yaml": `.
func QuantityDecodeMessage(s string) string {
	if _, err := resource.ParseQuantity(strings.TrimSpace(s)); err != nil {
		return fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", "Pod", "v1", "Pod", err)
	}
	return ""
}
