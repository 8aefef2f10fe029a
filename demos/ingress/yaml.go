package ingress

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	kjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/kubeviz/kubeviz/engine/ingress"
	"github.com/kubeviz/kubeviz/internal/kyaml"
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
	Notes   []string              // what kubectl does without a word (a key given twice)
}

// apply decodes and validates the text as kubectl and the API server do:
// YAML to JSON as kubectl reads a file (apimachinery pkg/util/yaml
// YAMLToJSONDecoder: sigs.k8s.io/yaml's non-strict Unmarshal, so of two
// equal keys the last one wins and nothing is reported, as in
// kubernetes/kubernetes issues #89303 and #125885), the kind and
// apiVersion (kubectl's REST mapping), strict decoding into the v1 type
// (k8s.io/apimachinery runtime/serializer/json: sigs.k8s.io/json
// UnmarshalStrict, unknown and duplicate fields refused), then
// engine/ingress.Validate (pkg/apis/networking/validation).
func apply(text string) applied {
	if strings.TrimSpace(text) == "" {
		return applied{Output: "error: no objects passed to apply", Summary: "The text is empty."}
	}
	j, err := sigsyaml.YAMLToJSON([]byte(text))
	if err != nil {
		a := applied{Output: fmt.Sprintf("error: error parsing %s: error converting YAML to JSON: %s", fileName, strings.TrimPrefix(err.Error(), "error converting YAML to JSON: ")), Summary: "The YAML does not parse."}
		if strings.Contains(text, "*") && strings.Contains(err.Error(), "did not find expected alphabetic or numeric character") {
			a.Summary += ` In YAML a leading * starts an alias: quote a wildcard host, "*.example.com".`
		}
		return a
	}
	// kubectl skips an empty document (resource.StreamVisitor: raw "null"),
	// so a text of comments only applies nothing.
	if string(j) == "null" {
		return applied{Output: "error: no objects passed to apply", Summary: "The text has no object, only comments."}
	}
	// Before anything reaches the API server, kubectl's validator
	// (staging/src/k8s.io/kubectl/pkg/validation/schema.go
	// paramVerifyingSchema.ValidateBytes) reads the object's kind with
	// kubectl/pkg/util/openapi/validation GetObjectKind: its messages,
	// aggregated (utilerrors.NewAggregate: one message alone, several as
	// "[a, b]"), wrapped by resource.ValidateSchema and the visitor.
	var obj interface{}
	if err := json.Unmarshal(j, &obj); err != nil {
		return applied{Output: fmt.Sprintf("error: error parsing %s: %v", fileName, err), Summary: "The YAML does not parse."}
	}
	fields, _ := obj.(map[string]interface{})
	var kindErrs []error
	apiVersion, _ := fields["apiVersion"].(string)
	kind, _ := fields["kind"].(string)
	switch {
	case fields == nil:
		kindErrs = append(kindErrs, errors.New("invalid object to validate"))
	default:
		switch v := fields["apiVersion"]; {
		case v == nil:
			kindErrs = append(kindErrs, errors.New("apiVersion not set"))
		case apiVersion == "" && v != "":
			kindErrs = append(kindErrs, errors.New("apiVersion isn't string type"))
		default:
			if _, err := schema.ParseGroupVersion(apiVersion); err != nil {
				kindErrs = append(kindErrs, err)
			}
		}
		switch v := fields["kind"]; {
		case v == nil:
			kindErrs = append(kindErrs, errors.New("kind not set"))
		case kind == "" && v != "":
			kindErrs = append(kindErrs, errors.New("kind isn't string type"))
		}
	}
	if len(kindErrs) > 0 {
		return applied{Output: fmt.Sprintf("error: error validating %q: error validating data: %v; if you choose to ignore these errors, turn validation off with --validate=false", fileName, utilerrors.NewAggregate(kindErrs)), Summary: "kubectl cannot tell what kind of object the text is."}
	}
	var head struct {
		Metadata struct {
			Name         string `json:"name"`
			GenerateName string `json:"generateName"`
			Namespace    string `json:"namespace"`
		} `json:"metadata"`
	}
	_ = json.Unmarshal(j, &head) // a field of the wrong type is left empty here; strict decoding below reports it
	switch {
	case kind != "Ingress":
		return applied{Output: fmt.Sprintf("This demo applies one Ingress, not a %s.", kind), Summary: "The object is not an Ingress."}
	case apiVersion != "networking.k8s.io/v1":
		// kubectl's REST mapping (cli-runtime resource.Mapper infoForData).
		return applied{Output: fmt.Sprintf("error: resource mapping not found for name: %q namespace: %q from %q: no matches for kind \"Ingress\" in version %q\nensure CRDs are installed first", head.Metadata.Name, head.Metadata.Namespace, fileName, apiVersion), Summary: "Kubernetes v1.37 serves Ingress only as networking.k8s.io/v1."}
	}
	// kubectl apply finds the live object by name before it sends
	// anything (kubernetes staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go
	// applyOneObject): generateName is refused outright, and an empty name
	// fails the GET in client-go's request builder ("resource name may not
	// be empty"), wrapped by cmdutil.AddSourceToErr around resource.Info's
	// String(). The API server never sees the object, so these come before
	// its decoding and validation.
	if head.Metadata.Name == "" {
		if head.Metadata.GenerateName != "" {
			return applied{Output: fmt.Sprintf("error: from %s: cannot use generate name with apply", head.Metadata.GenerateName), Summary: "kubectl apply finds an object by its name, so it refuses generateName: give metadata.name."}
		}
		ns := head.Metadata.Namespace
		if ns == "" {
			ns = "default"
		}
		return applied{Output: fmt.Sprintf("error: error when retrieving current configuration of:\nResource: \"networking.k8s.io/v1, Resource=ingresses\", GroupVersionKind: \"networking.k8s.io/v1, Kind=Ingress\"\nName: \"\", Namespace: %q\nfrom server for: %q: resource name may not be empty", ns, fileName), Summary: "The Ingress has no metadata.name, and kubectl apply looks the object up by name before it sends it."}
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
	a := applied{Ing: &ing, Output: fmt.Sprintf("ingress.networking.k8s.io/%s created", ing.Name), Summary: "The API server accepts the Ingress."}
	for _, d := range kyaml.DuplicateKeys([]byte(text)) {
		a.Notes = append(a.Notes, fmt.Sprintf("Line %d: %s.", d.Line, kyaml.DuplicateNote(d)))
	}
	return a
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
