package pod

// QoS classes by k8s.io/kubernetes pkg/apis/core/v1/helper/qos/qos.go
// ComputePodQOS, on the defaulted pod (requests copied from limits first,
// as the pod strategy computes status.qosClass after defaulting).

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestQOSClass(t *testing.T) {
	guaranteed := corev1.ResourceRequirements{Requests: rl("cpu", "500m", "memory", "256Mi"), Limits: rl("cpu", "500m", "memory", "256Mi")}
	for _, tc := range []struct {
		name      string
		mutate    func(p *corev1.Pod)
		want      corev1.PodQOSClass
		whyHas    string
		defaulted bool // run on WithDefaults(p)
	}{
		{"requests below limits", func(p *corev1.Pod) {}, corev1.PodQOSBurstable, "less than its cpu limit", true},
		{"no resources at all", func(p *corev1.Pod) { p.Spec.Containers[0].Resources = corev1.ResourceRequirements{} }, corev1.PodQOSBestEffort, "", true},
		{"requests equal limits", func(p *corev1.Pod) { p.Spec.Containers[0].Resources = guaranteed }, corev1.PodQOSGuaranteed, "", true},
		{"limits only, defaulted", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources = corev1.ResourceRequirements{Limits: rl("cpu", "500m", "memory", "256Mi")}
		}, corev1.PodQOSGuaranteed, "copied from the limits", true},
		{"limits only, not defaulted", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources = corev1.ResourceRequirements{Limits: rl("cpu", "500m", "memory", "256Mi")}
		}, corev1.PodQOSBurstable, "no cpu request", false},
		{"cpu only", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources = corev1.ResourceRequirements{Limits: rl("cpu", "500m")}
		}, corev1.PodQOSBurstable, "nothing for memory", true},
		{"only ephemeral-storage counts for nothing", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources = corev1.ResourceRequirements{Requests: rl("ephemeral-storage", "1Gi")}
		}, corev1.PodQOSBestEffort, "", true},
		{"init container without resources breaks Guaranteed", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources = guaranteed
			p.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox:1.36"}}
		}, corev1.PodQOSBurstable, "init container init", true},
		{"init container Guaranteed too", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources = guaranteed
			p.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox:1.36", Resources: corev1.ResourceRequirements{Limits: rl("cpu", "100m", "memory", "64Mi")}}}
		}, corev1.PodQOSGuaranteed, "init containers included", true},
		{"init container with requests only", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources = corev1.ResourceRequirements{}
			p.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox:1.36", Resources: corev1.ResourceRequirements{Requests: rl("memory", "64Mi")}}}
		}, corev1.PodQOSBurstable, "init container init", true},
		{"pod-level resources decide", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources = corev1.ResourceRequirements{}
			p.Spec.Resources = &corev1.ResourceRequirements{Limits: rl("cpu", "1", "memory", "1Gi")}
		}, corev1.PodQOSGuaranteed, "pod-level", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := webPod()
			tc.mutate(p)
			if tc.defaulted {
				p, _ = WithDefaults(p)
			}
			got, why := QOSClass(p)
			if got != tc.want {
				t.Fatalf("QOSClass = %s (%s), want %s", got, why, tc.want)
			}
			if !strings.HasPrefix(why, string(tc.want)+":") || !strings.HasSuffix(why, ".") {
				t.Errorf("why %q should start with the class and be one sentence", why)
			}
			if !strings.Contains(why, tc.whyHas) {
				t.Errorf("why %q should mention %q", why, tc.whyHas)
			}
		})
	}
	if c, w := QOSClass(nil); c != "" || w != "" {
		t.Errorf("QOSClass(nil) = %q, %q", c, w)
	}
}

func TestPresetQOS(t *testing.T) {
	for name, want := range map[string]corev1.PodQOSClass{"web": corev1.PodQOSBurstable, "sidecar": corev1.PodQOSBurstable, "init": corev1.PodQOSBurstable} {
		d, _ := WithDefaults(presets[name]())
		if got, why := QOSClass(d); got != want {
			t.Errorf("%s: %s (%s), want %s", name, got, why, want)
		}
	}
}
