package pod

// Defaults as k8s.io/kubernetes pkg/apis/core/v1/defaults.go applies them
// (SetObjectDefaults_Pod in zz_generated.defaults.go order), with the image
// tag read as pkg/util/parsers/parsers.go ParseImageName reads it.

import (
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

type fv struct{ field, value string }

func fieldsAndValues(ds []Defaulted) []fv {
	var out []fv
	for _, d := range ds {
		out = append(out, fv{d.Field, d.Value})
	}
	return out
}

func TestWithDefaultsWebPod(t *testing.T) {
	p := webPod()
	before := p.DeepCopy()
	d, defaults := WithDefaults(p)
	want := []fv{
		{"spec.containers[0].ports[0].protocol", "TCP"},
		{"spec.containers[0].terminationMessagePath", "/dev/termination-log"},
		{"spec.containers[0].terminationMessagePolicy", "File"},
		{"spec.containers[0].imagePullPolicy", "IfNotPresent"},
		{"spec.terminationGracePeriodSeconds", "30"},
		{"spec.dnsPolicy", "ClusterFirst"},
		{"spec.securityContext", "{}"},
		{"spec.schedulerName", "default-scheduler"},
		{"spec.enableServiceLinks", "true"},
	}
	if got := fieldsAndValues(defaults); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults:\n got %v\nwant %v", got, want)
	}
	for _, x := range defaults {
		if x.Why == "" || strings.Contains(x.Why, "\n") {
			t.Errorf("%s: Why %q is not one sentence", x.Field, x.Why)
		}
	}
	if !reflect.DeepEqual(p, before) {
		t.Error("WithDefaults changed its argument")
	}
	if d.Spec.ServiceAccountName != "" {
		t.Errorf("serviceAccountName = %q: that is the ServiceAccount admission plugin's, not defaulting", d.Spec.ServiceAccountName)
	}
	if *d.Spec.TerminationGracePeriodSeconds != 30 || d.Spec.SecurityContext == nil || !*d.Spec.EnableServiceLinks {
		t.Errorf("defaulted pod is missing values: %+v", d.Spec)
	}
	if strings.Contains(defaults[3].Why, "1.25") == false {
		t.Errorf("imagePullPolicy why should name the tag: %q", defaults[3].Why)
	}
}

func TestImagePullPolicyByTag(t *testing.T) {
	for _, tc := range []struct {
		image string
		want  corev1.PullPolicy
	}{
		{"nginx:1.25", corev1.PullIfNotPresent},
		{"nginx", corev1.PullAlways},                              // no tag reads as :latest
		{"nginx:latest", corev1.PullAlways},                       // explicit latest
		{"docker.io/library/nginx:latest", corev1.PullAlways},     // fully qualified
		{"registry.example.com:5000/team/app", corev1.PullAlways}, // a port is not a tag
		{"registry.example.com:5000/team/app:v2", corev1.PullIfNotPresent},
		{"nginx@sha256:0e9a2b8f37c6e8e9b1a7a9b6d3c6fdbb2b0aa1f3f2d1c0b9a8e7d6c5b4a39281", corev1.PullIfNotPresent},  // digest, no tag
		{"nginx:latest@sha256:0e9a2b8f37c6e8e9b1a7a9b6d3c6fdbb2b0aa1f3f2d1c0b9a8e7d6c5b4a39281", corev1.PullAlways}, // the tag still counts
		{"Nginx:1.25", corev1.PullIfNotPresent},                                                                     // does not parse: no tag is read
		{"", corev1.PullIfNotPresent},
	} {
		p := webPod()
		p.Spec.Containers[0].Image = tc.image
		d, _ := WithDefaults(p)
		if got := d.Spec.Containers[0].ImagePullPolicy; got != tc.want {
			t.Errorf("image %q: imagePullPolicy %s, want %s", tc.image, got, tc.want)
		}
	}
	// A policy that is set is kept.
	p := webPod()
	p.Spec.Containers[0].ImagePullPolicy = corev1.PullNever
	d, _ := WithDefaults(p)
	if d.Spec.Containers[0].ImagePullPolicy != corev1.PullNever {
		t.Error("an explicit imagePullPolicy was overwritten")
	}
}

func TestRequestsFromLimits(t *testing.T) {
	p := initPod()
	p.Spec.Containers[0].Resources = corev1.ResourceRequirements{Limits: rl("cpu", "500m", "memory", "256Mi")}
	p.Spec.InitContainers[0].Resources = corev1.ResourceRequirements{
		Requests: rl("cpu", "100m"),
		Limits:   rl("cpu", "200m", "memory", "64Mi"),
	}
	d, defaults := WithDefaults(p)
	got := map[string]string{}
	for _, x := range defaults {
		if strings.Contains(x.Field, "resources.requests") {
			got[x.Field] = x.Value
		}
	}
	want := map[string]string{
		"spec.initContainers[0].resources.requests[memory]": "64Mi",
		"spec.containers[0].resources.requests[cpu]":        "500m",
		"spec.containers[0].resources.requests[memory]":     "256Mi",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requests copied from limits:\n got %v\nwant %v", got, want)
	}
	// The request that was set is kept.
	if q := d.Spec.InitContainers[0].Resources.Requests[corev1.ResourceCPU]; q.String() != "100m" {
		t.Errorf("init cpu request = %s, want 100m", q.String())
	}
	// In field order: init containers before containers.
	var order []string
	for _, x := range defaults {
		if strings.Contains(x.Field, "resources.requests") {
			order = append(order, x.Field)
		}
	}
	if order[0] != "spec.initContainers[0].resources.requests[memory]" {
		t.Errorf("order = %v", order)
	}
}

func TestVolumeAndProbeDefaults(t *testing.T) {
	p := webPod()
	p.Spec.Volumes = []corev1.Volume{
		{Name: "scratch"}, // no source at all
		{Name: "cfg", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "web"}}}},
	}
	p.Spec.Containers[0].LivenessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(80)}}}
	_, defaults := WithDefaults(p)
	got := fieldsAndValues(defaults)
	wantPrefix := []fv{
		{"spec.volumes[0].emptyDir", "{}"},
		{"spec.volumes[1].configMap.defaultMode", "420"},
		{"spec.containers[0].ports[0].protocol", "TCP"},
		{"spec.containers[0].livenessProbe.httpGet.path", "/"},
		{"spec.containers[0].livenessProbe.httpGet.scheme", "HTTP"},
		{"spec.containers[0].livenessProbe.timeoutSeconds", "1"},
		{"spec.containers[0].livenessProbe.periodSeconds", "10"},
		{"spec.containers[0].livenessProbe.successThreshold", "1"},
		{"spec.containers[0].livenessProbe.failureThreshold", "3"},
	}
	if !reflect.DeepEqual(got[:len(wantPrefix)], wantPrefix) {
		t.Errorf("defaults:\n got %v\nwant prefix %v", got, wantPrefix)
	}
}

func TestHostNetworkPortsAndRounding(t *testing.T) {
	p := webPod()
	p.Spec.HostNetwork = true
	p.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU] = resource.MustParse("0.0001")
	d, defaults := WithDefaults(p)
	if hp := d.Spec.Containers[0].Ports[0].HostPort; hp != 80 {
		t.Errorf("hostPort = %d, want 80 (defaultHostNetworkPorts)", hp)
	}
	if q := d.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU]; q.String() != "1m" {
		t.Errorf("cpu request = %s, want 1m (SetDefaults_ResourceList rounds up to milli)", q.String())
	}
	found := map[string]string{}
	for _, x := range defaults {
		found[x.Field] = x.Value
	}
	if found["spec.containers[0].ports[0].hostPort"] != "80" || found["spec.containers[0].resources.requests[cpu]"] != "1m" {
		t.Errorf("defaults = %v", defaults)
	}
}

func TestPodLevelResourceDefaults(t *testing.T) {
	p := webPod()
	p.Spec.Resources = &corev1.ResourceRequirements{Limits: rl("cpu", "2", "memory", "1Gi")}
	d, _ := WithDefaults(p)
	// defaultPodRequests: pod-level requests become the containers' total.
	if q := d.Spec.Resources.Requests[corev1.ResourceCPU]; q.String() != "250m" {
		t.Errorf("pod-level cpu request = %s, want 250m", q.String())
	}
	if q := d.Spec.Resources.Requests[corev1.ResourceMemory]; q.String() != "128Mi" {
		t.Errorf("pod-level memory request = %s, want 128Mi", q.String())
	}
	if WithDefaults(nil); true {
		if got, ds := WithDefaults(nil); got != nil || ds != nil {
			t.Error("WithDefaults(nil) should be nil")
		}
	}
}
