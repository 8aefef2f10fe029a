package pod

// The scenarios of demos/podspec/scenarios (web.yaml, sidecar.yaml,
// init.yaml), built in Go, and the invariant every preset must keep:
// Validate(WithDefaults(p)) is empty, as a real v1.37 API server accepts
// them.

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func rl(kv ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

func webPod() *corev1.Pod {
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "web-server", Labels: map[string]string{"app": "web", "tier": "frontend"}},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name:  "nginx",
				Image: "nginx:1.25",
				Ports: []corev1.ContainerPort{{ContainerPort: 80}},
				Resources: corev1.ResourceRequirements{
					Requests: rl("cpu", "250m", "memory", "128Mi"),
					Limits:   rl("cpu", "500m", "memory", "256Mi"),
				},
			}},
			RestartPolicy: corev1.RestartPolicyAlways,
		},
	}
}

func sidecarPod() *corev1.Pod {
	p := webPod()
	p.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "logs", MountPath: "/var/log/nginx"}}
	p.Spec.Containers = append(p.Spec.Containers, corev1.Container{
		Name:    "log-shipper",
		Image:   "busybox:1.36",
		Command: []string{"sh", "-c", "tail -n+1 -F /logs/access.log"},
		Resources: corev1.ResourceRequirements{
			Requests: rl("cpu", "50m", "memory", "32Mi"),
			Limits:   rl("cpu", "100m", "memory", "64Mi"),
		},
		VolumeMounts: []corev1.VolumeMount{{Name: "logs", MountPath: "/logs", ReadOnly: true}},
	})
	p.Spec.Volumes = []corev1.Volume{{Name: "logs", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
	return p
}

func initPod() *corev1.Pod {
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "my-app", Labels: map[string]string{"app": "my-app"}},
		Spec: corev1.PodSpec{
			InitContainers: []corev1.Container{
				{Name: "migrate", Image: "my-app-migrate:1.4.2", Command: []string{"node", "migrations/run.js"}},
				{Name: "wait-for-db", Image: "busybox:1.36", Command: []string{"sh", "-c", "until nc -z db-service 5432; do sleep 1; done"}},
			},
			Containers: []corev1.Container{{
				Name:  "app",
				Image: "my-app:1.4.2",
				Ports: []corev1.ContainerPort{{ContainerPort: 8080}},
				Resources: corev1.ResourceRequirements{
					Requests: rl("cpu", "100m", "memory", "128Mi"),
					Limits:   rl("cpu", "500m", "memory", "256Mi"),
				},
			}},
			RestartPolicy: corev1.RestartPolicyAlways,
		},
	}
}

var presets = map[string]func() *corev1.Pod{
	"web":     webPod,
	"sidecar": sidecarPod,
	"init":    initPod,
}

func TestPresetsAreValidOnceDefaulted(t *testing.T) {
	for name, build := range presets {
		t.Run(name, func(t *testing.T) {
			p := build()
			d, defaults := WithDefaults(p)
			if errs := Validate(d); len(errs) != 0 {
				t.Fatalf("Validate(WithDefaults(%s)) = %v, want none", name, errs)
			}
			if len(defaults) == 0 {
				t.Fatalf("WithDefaults(%s) filled in nothing", name)
			}
			if w := Warnings(d); len(w) != 0 {
				t.Errorf("Warnings(%s) = %q, want none", name, w)
			}
			// The invariant holds again after a second defaulting: defaults
			// are idempotent.
			d2, again := WithDefaults(d)
			if len(again) != 0 {
				t.Errorf("defaulting twice filled in %v", again)
			}
			if errs := Validate(d2); len(errs) != 0 {
				t.Errorf("second round: %v", errs)
			}
		})
	}
}

// Without defaulting, upstream validation refuses a hand-written pod: the
// fields defaulting fills in are required (validation.go validatePullPolicy,
// validateRestartPolicy, ...). This keeps the invariant above meaningful.
func TestUndefaultedPresetIsRefused(t *testing.T) {
	errs := Validate(webPod())
	want := []string{
		"spec.terminationGracePeriodSeconds: Required value",
		"spec.containers[0].terminationMessagePolicy: Required value",
		"spec.containers[0].ports[0].protocol: Required value",
		"spec.containers[0].imagePullPolicy: Required value",
		"spec.dnsPolicy: Required value",
	}
	if got := errStrings(errs); !equalStrings(got, want) {
		t.Fatalf("Validate(web, undefaulted):\n got %q\nwant %q", got, want)
	}
}
