package controller

import (
	"strings"
	"testing"
)

// ComputeHash follows pkg/controller/controller_utils.go; its output is
// deterministic, in rand.SafeEncodeString's alphabet, and changes with the
// template and the collision count.
func TestComputeHash(t *testing.T) {
	a := KubectlDeploymentTemplate("web", "nginx:1.25", "nginx")
	b := KubectlDeploymentTemplate("web", "nginx:1.26", "nginx")
	ha, hb := ComputeHash(&a, nil), ComputeHash(&b, nil)
	if ha != ComputeHash(&a, nil) {
		t.Fatal("not deterministic")
	}
	if ha == hb {
		t.Errorf("nginx:1.25 and nginx:1.26 hash alike: %s", ha)
	}
	one := int32(1)
	if ComputeHash(&a, &one) == ha {
		t.Error("the collision count does not change the hash")
	}
	for _, h := range []string{ha, hb} {
		if strings.Trim(h, "bcdfghjklmnpqrstvwxz2456789") != "" || len(h) < 6 || len(h) > 10 {
			t.Errorf("hash %q is not a SafeEncodeString of a uint32", h)
		}
	}
}

func TestKubectlDeploymentTemplatePullPolicy(t *testing.T) {
	for image, want := range map[string]string{"nginx:1.25": "IfNotPresent", "nginx": "Always", "nginx:latest": "Always",
		"registry:5000/nginx": "Always", "registry:5000/nginx:1.25": "IfNotPresent", "nginx@sha256:abc": "IfNotPresent"} {
		tm := KubectlDeploymentTemplate("web", image, "nginx")
		if got := string(tm.Spec.Containers[0].ImagePullPolicy); got != want {
			t.Errorf("%s: %s, want %s", image, got, want)
		}
	}
}
