package configmap

import (
	"encoding/base64"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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
// status and the Status message kubectl prints after "Error from server".
type Rejection struct {
	Code    int    // 400 or 422
	Reason  string // "BadRequest", "Invalid"
	Message string
}

func (r *Rejection) Error() string { return r.Message }

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
	return &Rejection{Code: 422, Reason: "Invalid", Message: apierrors.NewInvalid(schema.GroupKind{Kind: "ConfigMap"}, next.Name, errs).Error()}
}

// validateConfigMap follows ValidateConfigMap: every key is a valid config
// key, and data and binaryData together hold at most corev1.MaxSecretSize
// (1 MiB) bytes. Keys are visited in sorted order so the message is stable
// (the API server ranges over a map).
func validateConfigMap(cm *corev1.ConfigMap) field.ErrorList {
	var errs field.ErrorList
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

// decodeSecretValue decodes a value written under data. The API server's
// JSON decoder decodes []byte fields with encoding/base64's StdEncoding, and
// a bad value fails the whole request before validation, with the
// serializer's message (k8s.io/apimachinery/pkg/runtime/serializer):
//
//	Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4
func decodeSecretValue(f SecretField, v string) ([]byte, *Rejection) {
	if f == StringData {
		return []byte(v), nil
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return nil, &Rejection{Code: 400, Reason: "BadRequest", Message: fmt.Sprintf("Secret in version %q cannot be handled as a Secret: %v", "v1", err)}
	}
	return b, nil
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
	return &Rejection{Code: 422, Reason: "Invalid", Message: apierrors.NewInvalid(schema.GroupKind{Kind: "Secret"}, next.Name, errs).Error()}
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
