package configmaps

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeviz/kubeviz/engine/configmap"
	"github.com/kubeviz/kubeviz/internal/kyaml"
)

// objectYAML prints a ConfigMap or Secret as kubectl get -o yaml does
// (JSON field names, keys sorted, multi-line values as | blocks), without
// the server fields the story does not need: namespace, resourceVersion
// and, for a Secret, type stay.
func objectYAML(obj any) string {
	switch o := obj.(type) {
	case *corev1.ConfigMap:
		c := o.DeepCopy()
		c.ObjectMeta = trimMeta(c.ObjectMeta.Name, c.Namespace, c.ResourceVersion)
		obj = c
	case *corev1.Secret:
		c := o.DeepCopy()
		c.ObjectMeta = trimMeta(c.ObjectMeta.Name, c.Namespace, c.ResourceVersion)
		obj = c
	}
	b, err := kyaml.Marshal(obj)
	if err != nil {
		return err.Error() + "\n"
	}
	return string(b)
}

// podYAML is config-pod as written (the manifest), kubectl's key order.
func podYAML(cfg configmap.Config) string {
	b, err := kyaml.Marshal(configmap.Manifest(cfg))
	if err != nil {
		return err.Error() + "\n"
	}
	s := strings.Replace(string(b), "status: {}\n", "", 1)
	return strings.Replace(s, "    resources: {}\n", "", 1)
}

// stringDataYAML is app-secret written with stringData: plain values the
// API server encodes into data.
func stringDataYAML(s *corev1.Secret) string {
	c := &corev1.Secret{TypeMeta: s.TypeMeta, Type: s.Type, StringData: map[string]string{}}
	c.Name = s.Name
	for k, v := range s.Data {
		c.StringData[k] = string(v)
	}
	b, _ := kyaml.Marshal(c)
	return string(b)
}

// createSecretText is what kubectl create secret generic … --dry-run=client
// -o yaml prints, or its error.
func createSecretText(lits string) string {
	s, err := configmap.CreateSecretGeneric(configmap.SecretName, splitLines(lits))
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	b, _ := kyaml.Marshal(s)
	return string(b)
}

func trimMeta(name, ns, rv string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: ns, ResourceVersion: rv}
}
