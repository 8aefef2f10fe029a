package kubelet

import (
	"crypto/sha256"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kubeviz/kubeviz/engine/pod"
)

// Pod is a scenario: the pod the kubelet runs, and how the programs in its
// containers behave. Probes are HTTP GETs; the App decides their answers.
type Pod struct {
	Name, Namespace string
	Node            string
	IP              string // the pod IP the sandbox gets, e.g. 10.244.1.7
	RestartPolicy   corev1.RestartPolicy
	InitContainers  []Container // in order; RestartPolicy Always makes a native sidecar
	Containers      []Container
}

// Container is one container of the pod and its program.
type Container struct {
	Name, Image string
	Port        int32
	// Sidecar: an init container with restartPolicy: Always (a native
	// sidecar). It starts in order with the init containers and keeps running.
	Sidecar                      bool
	Liveness, Readiness, Startup *corev1.Probe
	App                          App
}

// App is the script of the program in a container. Times are seconds since
// this run of the container started, except the /ready window, which is in
// pod time (an outage of something the app depends on).
type App struct {
	StartSeconds int // the program listens (probes can pass) after this long
	// ExitAfter: the program exits on its own after this long (0: never),
	// with ExitCode.
	ExitAfter int
	ExitCode  int32
	// FailRuns: the first FailRuns runs exit with code 1 after ExitAfter
	// (or 1 s) instead ("the init container fails once": 1).
	FailRuns int
	// HealthzFailAfter: /healthz answers 500 after this long (0: never).
	HealthzFailAfter int
	// /ready answers 503 while the pod time is in [ReadyFailFrom, ReadyFailTo).
	ReadyFailFrom, ReadyFailTo int
	// ImagePullFails: the image does not exist in its registry.
	ImagePullFails bool
}

// Epoch is the wall-clock time of t=0, so that timestamps print like a real
// cluster's. It is a constant: the engine reads no clock.
var Epoch = metav1.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// UID is the pod's UID, derived from its namespace and name.
func (p *Pod) UID() types.UID {
	h := sha256.Sum256([]byte(p.Namespace + "/" + p.Name))
	return types.UID(fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16]))
}

// HTTPProbe is an httpGet probe on path and port with the given fields; zero
// fields are left for the API server's defaults.
func HTTPProbe(path string, port int32, initialDelay, period, timeout, success, failure int32) *corev1.Probe {
	return &corev1.Probe{
		ProbeHandler:        corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: path, Port: intstr.FromInt32(port)}},
		InitialDelaySeconds: initialDelay, PeriodSeconds: period, TimeoutSeconds: timeout,
		SuccessThreshold: success, FailureThreshold: failure,
	}
}

// API is the pod as `kubectl get pod -o yaml` would show its spec, before
// the API server's defaults.
func (p *Pod) API() *corev1.Pod {
	out := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: p.Namespace, UID: p.UID(), Labels: map[string]string{"app": p.Name}},
		Spec:       corev1.PodSpec{RestartPolicy: p.RestartPolicy, NodeName: p.Node},
	}
	conv := func(c Container) corev1.Container {
		k := corev1.Container{Name: c.Name, Image: c.Image, LivenessProbe: c.Liveness.DeepCopy(), ReadinessProbe: c.Readiness.DeepCopy(), StartupProbe: c.Startup.DeepCopy()}
		if c.Port != 0 {
			k.Ports = []corev1.ContainerPort{{ContainerPort: c.Port}}
		}
		if c.Sidecar {
			always := corev1.ContainerRestartPolicyAlways
			k.RestartPolicy = &always
		}
		return k
	}
	for _, c := range p.InitContainers {
		out.Spec.InitContainers = append(out.Spec.InitContainers, conv(c))
	}
	for _, c := range p.Containers {
		out.Spec.Containers = append(out.Spec.Containers, conv(c))
	}
	return out
}

// Defaulted returns the pod with the API server's defaults applied to its
// probes and restart policy (engine/pod, after pkg/apis/core/v1/defaults.go
// SetDefaults_Probe: timeoutSeconds 1, periodSeconds 10, successThreshold 1,
// failureThreshold 3; SetDefaults_PodSpec: restartPolicy Always).
func (p *Pod) Defaulted() Pod {
	d, _ := pod.WithDefaults(p.API())
	out := *p
	out.RestartPolicy = d.Spec.RestartPolicy
	copyProbes := func(dst []Container, src []corev1.Container) []Container {
		res := make([]Container, len(dst))
		for i := range dst {
			res[i] = dst[i]
			res[i].Liveness, res[i].Readiness, res[i].Startup = src[i].LivenessProbe, src[i].ReadinessProbe, src[i].StartupProbe
		}
		return res
	}
	out.InitContainers = copyProbes(p.InitContainers, d.Spec.InitContainers)
	out.Containers = copyProbes(p.Containers, d.Spec.Containers)
	return out
}

// Validate is what the API server says about the pod on create
// (engine/pod, after pkg/apis/core/validation/validation.go), one message
// per problem.
func (p *Pod) Validate() []string {
	d, _ := pod.WithDefaults(p.API())
	var out []string
	for _, e := range pod.Validate(d) {
		out = append(out, e.Error())
	}
	return out
}
