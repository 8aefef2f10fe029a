package configmap

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The names of the story (the course outline's examples).
const (
	Namespace     = "default"
	ConfigMapName = "app-config"
	SecretName    = "app-secret"
	PodName       = "config-pod"
	ContainerName = "app"
	Image         = "my-app:latest"
)

// NginxConf is the outline's multi-line value, indented as nginx.conf
// usually is.
const NginxConf = "server {\n    listen 80;\n    server_name example.com;\n}\n"

// SeedConfigMap is the outline's ConfigMap app-config.
func SeedConfigMap(immutable bool) *corev1.ConfigMap {
	cm := &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: ConfigMapName, Namespace: Namespace, ResourceVersion: "1001"},
		Data: map[string]string{
			"APP_COLOR":  "blue",
			"APP_MODE":   "production",
			"log_level":  "info",
			"nginx.conf": NginxConf,
		},
	}
	if immutable {
		t := true
		cm.Immutable = &t
	}
	return cm
}

// SeedSecret is the outline's Secret app-secret: data is what the outline
// wrote in base64 (czNjcmV0IQ== is s3cret!).
func SeedSecret() *corev1.Secret {
	return &corev1.Secret{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Name: SecretName, Namespace: Namespace, ResourceVersion: "1002"},
		Type:       corev1.SecretTypeOpaque,
		Data: map[string][]byte{
			"DB_PASSWORD": []byte("s3cret!"),
			"API_KEY":     []byte("sk-abc123xyz"),
			"DB_USERNAME": []byte("admin"),
		},
	}
}

// Rejection is the API server's answer to a write it refuses: the HTTP
// status, its reason and the Status message, and for a 422 the Status
// details (kind, name, one cause per field error) that kubectl prints from.
type Rejection struct {
	Code    int    // 400 or 422
	Reason  string // "BadRequest", "Invalid"
	Message string
	Details *metav1.StatusDetails
}

func (r *Rejection) Error() string { return r.Message }

// invalid is the 422 the API server answers (apierrors.NewInvalid).
func invalid(kind, name string, errs field.ErrorList) *Rejection {
	se := apierrors.NewInvalid(schema.GroupKind{Kind: kind}, name, errs)
	return &Rejection{Code: 422, Reason: "Invalid", Message: se.Error(), Details: se.ErrStatus.Details}
}

// Kubectl is what kubectl prints for the rejection (without the trailing
// newline), as staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go checkErr
// does: a 422 Invalid is `The ConfigMap "app-config" is invalid: ` then its
// causes from the Status details, "field: message", on the same line when
// there is one and as "* field: message" lines when there are more
// (MultilineError; statusCausesToAggrError drops repeated causes); any other
// API error is StandardErrorMessage's "Error from server (Reason): message".
func (r *Rejection) Kubectl() string {
	if r.Reason != string(metav1.StatusReasonInvalid) || r.Details == nil {
		return fmt.Sprintf("Error from server (%s): %s", r.Reason, r.Message)
	}
	s := "The request is invalid"
	if r.Details.Kind != "" || r.Details.Name != "" {
		s = fmt.Sprintf("The %s %q is invalid", r.Details.Kind, r.Details.Name)
	}
	var causes []string
	seen := map[string]bool{}
	for _, c := range r.Details.Causes {
		msg := fmt.Sprintf("%s: %s", c.Field, c.Message)
		if !seen[msg] {
			seen[msg] = true
			causes = append(causes, msg)
		}
	}
	switch len(causes) {
	case 0:
		return s
	case 1:
		return s + ": " + causes[0]
	}
	var b strings.Builder
	b.WriteString(s + ": \n") // fmt.Fprintln(buf, prefix): the prefix keeps its space
	for i, c := range causes {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("* " + c)
	}
	return b.String()
}

// updateConfigMap is what the API server does with a new version of the
// ConfigMap: ValidateConfigMapUpdate, then ValidateConfigMap, as in
// pkg/apis/core/validation/validation.go. The messages are apimachinery's
// (field.Forbidden, field.Invalid with IsConfigMapKey, field.TooLong) wrapped
// by apierrors.NewInvalid, so they read exactly as a real API server's:
//
//	ConfigMap "app-config" is invalid: data: Forbidden: field is immutable when `immutable` is set
func updateConfigMap(old, next *corev1.ConfigMap) *Rejection {
	var errs field.ErrorList
	if old.Immutable != nil && *old.Immutable {
		if next.Immutable == nil || !*next.Immutable {
			errs = append(errs, field.Forbidden(field.NewPath("immutable"), "field is immutable when `immutable` is set"))
		}
		if !reflect.DeepEqual(next.Data, old.Data) {
			errs = append(errs, field.Forbidden(field.NewPath("data"), "field is immutable when `immutable` is set"))
		}
		if !reflect.DeepEqual(next.BinaryData, old.BinaryData) {
			errs = append(errs, field.Forbidden(field.NewPath("binaryData"), "field is immutable when `immutable` is set"))
		}
	}
	errs = append(errs, validateConfigMap(next)...)
	if len(errs) == 0 {
		return nil
	}
	return invalid("ConfigMap", next.Name, errs)
}

// validateConfigMap follows ValidateConfigMap: every key is a valid config
// key, and data and binaryData together hold at most corev1.MaxSecretSize
// (1 MiB) bytes. Keys are visited in sorted order so the message is stable
// (the API server ranges over a map).
func validateConfigMap(cm *corev1.ConfigMap) field.ErrorList {
	// ValidateObjectMeta comes first; of it only the annotations can fail
	// here (apimachinery api/validation ValidateAnnotations: 256 KiB in all).
	errs := apivalidation.ValidateAnnotations(cm.Annotations, field.NewPath("metadata", "annotations"))
	total := 0
	for _, k := range sortedKeys(cm.Data) {
		for _, msg := range validation.IsConfigMapKey(k) {
			errs = append(errs, field.Invalid(field.NewPath("data").Key(k), k, msg))
		}
		if _, dup := cm.BinaryData[k]; dup {
			errs = append(errs, field.Invalid(field.NewPath("data").Key(k), k, "duplicate of key present in binaryData"))
		}
		total += len(cm.Data[k])
	}
	for _, v := range cm.BinaryData {
		total += len(v)
	}
	if total > corev1.MaxSecretSize {
		// "pass back "" to indicate that the error refers to the whole object."
		errs = append(errs, field.TooLong(field.NewPath(""), "", corev1.MaxSecretSize))
	}
	return errs
}

// SecretField is where a Secret value is written: data (base64 in the
// manifest) or stringData (plain text, which the API server merges into
// data).
type SecretField string

const (
	Data       SecretField = "data"
	StringData SecretField = "stringData"
)

// decodeSecretValue decodes a value written under data: the API server
// reads a []byte field from JSON as encoding/base64's StdEncoding. A value
// that is not base64 fails the whole `kubectl apply` before validation
// (badSecretPatch says how).
func decodeSecretValue(f SecretField, v string) ([]byte, error) {
	if f == StringData {
		return []byte(v), nil
	}
	return base64.StdEncoding.DecodeString(v)
}

// badSecretPatch is the API server's answer when `kubectl apply` of
// app-secret carries a data value that is not base64. The Secret exists, so
// kubectl sends a strategic merge patch: the changed key and the new
// last-applied-configuration (kubectl pkg/util/apply.go). The API server
// applies it to the stored object as a map and converts the map to a
// v1.Secret; the converter decodes the []byte through JSON
// (apimachinery pkg/runtime/converter.go sliceFromUnstructured: "error
// decoding from json: …"), and the patch handler answers a 422 with no kind
// or name (apiserver pkg/endpoints/handlers/patch.go applyPatchToObject):
//
//	field.Invalid(field.NewPath("patch"), fmt.Sprintf("%+v", patchMap), err.Error())
//
// which kubectl prints as `The request is invalid: patch: Invalid value:
// "map[data:map[…] metadata:map[…]]": error decoding from json: illegal
// base64 data at input byte 6`. The manifest is taken to be the object as
// the demo shows it: apiVersion, kind, name, namespace, type and data.
func badSecretPatch(cur *corev1.Secret, key, value string, decodeErr error) *Rejection {
	data := map[string]any{}
	for k, v := range cur.Data {
		data[k] = base64.StdEncoding.EncodeToString(v)
	}
	data[key] = value
	manifest := map[string]any{
		"apiVersion": "v1",
		"kind":       "Secret",
		// GetModifiedConfiguration sets the annotations it emptied: {}.
		"metadata": map[string]any{"annotations": map[string]any{}, "name": cur.Name, "namespace": cur.Namespace},
		"type":     string(cur.Type),
		"data":     data,
	}
	var lastApplied bytes.Buffer
	_ = json.NewEncoder(&lastApplied).Encode(manifest) // unstructured.UnstructuredJSONScheme: sorted keys, a newline
	patch := map[string]any{
		"data":     map[string]any{key: value},
		"metadata": map[string]any{"annotations": map[string]any{corev1.LastAppliedConfigAnnotation: lastApplied.String()}},
	}
	// The patched object, as a map, through apimachinery's own converter.
	convErr := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(map[string]any{"data": data}, &corev1.Secret{}, true)
	if convErr == nil {
		convErr = fmt.Errorf("error decoding from json: %v", decodeErr)
	}
	errs := field.ErrorList{field.Invalid(field.NewPath("patch"), fmt.Sprintf("%+v", patch), convErr.Error())}
	return invalid("", "", errs)
}

// updateSecret follows ValidateSecretUpdate and ValidateSecret: keys are
// config keys, and data holds at most 1 MiB.
func updateSecret(old, next *corev1.Secret) *Rejection {
	var errs field.ErrorList
	if old.Immutable != nil && *old.Immutable {
		if !reflect.DeepEqual(next.Data, old.Data) {
			errs = append(errs, field.Forbidden(field.NewPath("data"), "field is immutable when `immutable` is set"))
		}
	}
	// ValidateSecret: ValidateObjectMeta (here, the annotations) first.
	errs = append(errs, apivalidation.ValidateAnnotations(next.Annotations, field.NewPath("metadata", "annotations"))...)
	dataPath := field.NewPath("data")
	total := 0
	for _, k := range sortedKeys(next.Data) {
		for _, msg := range validation.IsConfigMapKey(k) {
			errs = append(errs, field.Invalid(dataPath.Key(k), k, msg))
		}
		total += len(next.Data[k])
	}
	if total > corev1.MaxSecretSize {
		errs = append(errs, field.TooLong(dataPath, "", corev1.MaxSecretSize))
	}
	if len(errs) == 0 {
		return nil
	}
	return invalid("Secret", next.Name, errs)
}

// withLastApplied sets the annotation `kubectl apply` (client-side, its
// default) sends with every object: kubectl.kubernetes.io/last-applied-configuration
// holding the applied manifest as JSON, written without that annotation
// (staging/src/k8s.io/kubectl/pkg/util/apply.go GetModifiedConfiguration).
// The manifest here is the object's name, namespace, immutable and data; so
// a value over 256 KiB breaks the annotations limit as well.
func withLastApplied(obj metav1.Object, manifest any) {
	b, _ := json.Marshal(manifest)
	a := map[string]string{}
	for k, v := range obj.GetAnnotations() {
		a[k] = v
	}
	a[corev1.LastAppliedConfigAnnotation] = string(b) + "\n" // runtime.Encode's JSON ends in a newline
	obj.SetAnnotations(a)
}

func configMapManifest(cm *corev1.ConfigMap) *corev1.ConfigMap {
	return &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: cm.Name, Namespace: cm.Namespace}, Immutable: cm.Immutable, Data: cm.Data, BinaryData: cm.BinaryData}
}

func secretManifest(s *corev1.Secret) *corev1.Secret {
	return &corev1.Secret{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Name: s.Name, Namespace: s.Namespace}, Immutable: s.Immutable, Type: s.Type, Data: s.Data}
}

func copyConfigMap(cm *corev1.ConfigMap) *corev1.ConfigMap {
	c := cm.DeepCopy()
	if c.Data == nil {
		c.Data = map[string]string{}
	}
	return c
}

func copySecret(s *corev1.Secret) *corev1.Secret {
	c := s.DeepCopy()
	if c.Data == nil {
		c.Data = map[string][]byte{}
	}
	return c
}

func bumpRV(rv string) string {
	n, _ := strconv.Atoi(rv)
	return strconv.Itoa(n + 1)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
