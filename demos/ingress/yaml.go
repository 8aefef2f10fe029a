package ingress

import (
	"encoding/json"
	"fmt"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	kjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/kubeviz/kubeviz/engine/ingress"
)

// MaxYAMLBytes bounds the Ingress text; an Ingress a person writes is a
// couple of KiB.
const MaxYAMLBytes = 16 << 10

// fileName is the name kubectl's messages give the text
// (kubectl apply -f ingress.yaml).
const fileName = "ingress.yaml"

// applied is what kubectl apply -f ingress.yaml does with the text.
type applied struct {
	Ing     *networkingv1.Ingress // nil unless the API server accepted it
	Output  string                // kubectl's line: created, or the error
	Errors  []string              // each field error, for the list beside the text
	Summary string                // one sentence
}

// apply decodes and validates the text as kubectl and the API server do:
// YAML to JSON (sigs.k8s.io/yaml, duplicate keys refused), the kind and
// apiVersion (kubectl's REST mapping), strict decoding into the v1 type
// (k8s.io/apimachinery runtime/serializer/json: sigs.k8s.io/json
// UnmarshalStrict, unknown and duplicate fields refused), then
// engine/ingress.Validate (pkg/apis/networking/validation).
func apply(text string) applied {
	if strings.TrimSpace(text) == "" {
		return applied{Output: "error: no objects passed to apply", Summary: "The text is empty."}
	}
	j, err := sigsyaml.YAMLToJSONStrict([]byte(text))
	if err != nil {
		a := applied{Output: fmt.Sprintf("error: error parsing %s: error converting YAML to JSON: %s", fileName, strings.TrimPrefix(err.Error(), "error converting YAML to JSON: ")), Summary: "The YAML does not parse."}
		if strings.Contains(text, "*") && strings.Contains(err.Error(), "did not find expected alphabetic or numeric character") {
			a.Summary += ` In YAML a leading * starts an alias: quote a wildcard host, "*.example.com".`
		}
		return a
	}
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(j, &head); err != nil {
		return applied{Output: fmt.Sprintf("error: error validating %q: error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false", fileName), Summary: "The text is not one object."}
	}
	switch {
	case head.Kind == "":
		return applied{Output: fmt.Sprintf("error: error validating %q: error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false", fileName), Summary: "The object has no kind."}
	case head.Kind != "Ingress":
		return applied{Output: fmt.Sprintf("This demo applies one Ingress, not a %s.", head.Kind), Summary: "The object is not an Ingress."}
	case head.APIVersion != "networking.k8s.io/v1":
		return applied{Output: fmt.Sprintf("error: resource mapping not found for name: %q namespace: \"\" from %q: no matches for kind \"Ingress\" in version %q\nensure CRDs are installed first", head.Metadata.Name, fileName, head.APIVersion), Summary: "Kubernetes v1.37 serves Ingress only as networking.k8s.io/v1."}
	}
	prefix := fmt.Sprintf("Error from server (BadRequest): error when creating %q: Ingress in version \"v1\" cannot be handled as a Ingress: ", fileName)
	var ing networkingv1.Ingress
	strict, err := kjson.UnmarshalStrict(j, &ing, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err != nil {
		return applied{Output: prefix + err.Error(), Summary: "The API server cannot decode the Ingress."}
	}
	if len(strict) > 0 {
		var msgs []string
		for _, e := range strict {
			msgs = append(msgs, e.Error())
		}
		return applied{Output: prefix + "strict decoding error: " + strings.Join(msgs, ", "), Errors: msgs, Summary: "The Ingress has fields the API does not know (strict decoding)."}
	}
	if ing.Namespace == "" {
		ing.Namespace = "default"
	}
	if errs := ingress.Validate(&ing); len(errs) > 0 {
		a := applied{Output: fmt.Sprintf("Error from server (Invalid): error when creating %q: %s", fileName, ingress.InvalidMessage(ing.Name, errs))}
		for _, e := range errs {
			a.Errors = append(a.Errors, e.Error())
		}
		a.Summary = fmt.Sprintf("The API server rejects the Ingress: %d %s.", len(errs), plural(len(errs), "error", "errors"))
		return a
	}
	return applied{Ing: &ing, Output: fmt.Sprintf("ingress.networking.k8s.io/%s created", ing.Name), Summary: "The API server accepts the Ingress."}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
