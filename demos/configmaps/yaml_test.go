package configmaps

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// The memo gives sigs.k8s.io/yaml.Marshal's bytes, on a miss and on a hit.
func TestMarshalYAMLIsYAMLMarshal(t *testing.T) {
	cm := &corev1.ConfigMap{Data: map[string]string{"nginx.conf": "server {\n  listen 80;\n}\n", "mode": "blue"}}
	cm.Name = "app-config"
	for i := 0; i < 2; i++ {
		got, err := marshalYAML(cm)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := yaml.Marshal(cm)
		if string(got) != string(want) {
			t.Fatalf("call %d:\n%s\nwant\n%s", i, got, want)
		}
	}
	if _, err := marshalYAML(func() {}); err == nil {
		t.Error("a value JSON cannot encode gave no error")
	}
}
