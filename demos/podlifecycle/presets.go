package podlifecycle

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/kubelet"
)

// A preset is a scenario: the pod, and how long its timeline is.
type preset struct {
	Name, Label, About string
	Seconds            int
	Pod                kubelet.Pod
}

const (
	appImage     = "ghcr.io/kubeviz/shop:1.4.2"
	missingImage = "ghcr.io/kubeviz/shop:1.4.20" // a tag that was never pushed
	appPort      = 8080
)

func appContainer(a kubelet.App, liveness, readiness, startup bool) kubelet.Container {
	c := kubelet.Container{Name: "app", Image: appImage, Port: appPort, App: a}
	if liveness {
		c.Liveness = kubelet.HTTPProbe("/healthz", appPort, 0, 0, 0, 0, 0)
	}
	if readiness {
		c.Readiness = kubelet.HTTPProbe("/ready", appPort, 0, 5, 0, 0, 0)
	}
	if startup {
		c.Startup = kubelet.HTTPProbe("/healthz", appPort, 0, 5, 0, 0, 12)
	}
	return c
}

func basePod(rp corev1.RestartPolicy, cs ...kubelet.Container) kubelet.Pod {
	return kubelet.Pod{Name: "web", Namespace: "default", Node: "node-1", IP: "10.244.1.7", RestartPolicy: rp, Containers: cs}
}

var presets = []preset{
	{Name: "healthy", Label: "A healthy web app", Seconds: 90,
		About: "The app takes 5 s to start listening. Its readiness probe decides when it gets Service traffic; its liveness probe passes.",
		Pod:   basePod(corev1.RestartPolicyAlways, appContainer(kubelet.App{StartSeconds: 5}, true, true, false))},
	{Name: "slow-start", Label: "Slow start, guarded by a startup probe", Seconds: 120,
		About: "The app takes 35 s to start. The startup probe (every 5 s, up to 12 failures: 60 s) holds the liveness probe back until it passes. Turn the startup probe off to see the liveness probe kill the app before it is up.",
		Pod:   basePod(corev1.RestartPolicyAlways, appContainer(kubelet.App{StartSeconds: 35}, true, true, true))},
	{Name: "crashloop", Label: "Crash loop", Seconds: 900,
		About: "The app exits with code 1 after 30 s, every time. Watch the restart back-off double from 10 s to its 5-minute cap.",
		Pod:   basePod(corev1.RestartPolicyAlways, appContainer(kubelet.App{StartSeconds: 5, ExitAfter: 30, ExitCode: 1}, true, true, false))},
	{Name: "liveness", Label: "Liveness probe restarts", Seconds: 600,
		About: "After 60 s of running the app answers /healthz with 500. Three liveness failures in a row and the kubelet restarts the container.",
		Pod:   basePod(corev1.RestartPolicyAlways, appContainer(kubelet.App{StartSeconds: 5, HealthzFailAfter: 60}, true, true, false))},
	{Name: "readiness", Label: "Readiness: out of the Service and back", Seconds: 100,
		About: "Between t=40 s and t=70 s /ready answers 503 (a database the app needs is down). The pod leaves the Service's ready endpoints; nothing restarts.",
		Pod:   basePod(corev1.RestartPolicyAlways, appContainer(kubelet.App{StartSeconds: 5, ReadyFailFrom: 40, ReadyFailTo: 70}, true, true, false))},
	{Name: "init", Label: "Init containers", Seconds: 45,
		About: "Two init containers run one after the other before the app. The first fails once.",
		Pod: func() kubelet.Pod {
			p := basePod(corev1.RestartPolicyAlways, appContainer(kubelet.App{StartSeconds: 3}, true, true, false))
			p.InitContainers = []kubelet.Container{
				{Name: "wait-for-db", Image: "busybox:1.36", App: kubelet.App{ExitAfter: 6, FailRuns: 1}},
				{Name: "migrate", Image: "ghcr.io/kubeviz/shop-migrate:1.4.2", App: kubelet.App{ExitAfter: 8}},
			}
			return p
		}()},
	{Name: "sidecar", Label: "A native sidecar", Seconds: 45,
		About: "log-shipper is an init container with restartPolicy: Always: a sidecar. Once its startup probe passes the next init container runs, and it keeps running beside the app.",
		Pod: func() kubelet.Pod {
			p := basePod(corev1.RestartPolicyAlways, appContainer(kubelet.App{StartSeconds: 3}, true, true, false))
			p.InitContainers = []kubelet.Container{
				{Name: "log-shipper", Image: "fluent/fluent-bit:3.0", Port: 2020, Sidecar: true, App: kubelet.App{StartSeconds: 3},
					Startup: kubelet.HTTPProbe("/api/v1/health", 2020, 0, 2, 0, 0, 10)},
				{Name: "migrate", Image: "ghcr.io/kubeviz/shop-migrate:1.4.2", App: kubelet.App{ExitAfter: 6}},
			}
			return p
		}()},
	{Name: "image-pull", Label: "An image that cannot be pulled", Seconds: 400,
		About: "The tag 1.4.20 was never pushed. The kubelet retries the pull with its own back-off: ErrImagePull, then ImagePullBackOff.",
		Pod: func() kubelet.Pod {
			c := appContainer(kubelet.App{StartSeconds: 5, ImagePullFails: true}, true, true, false)
			c.Image = missingImage
			return basePod(corev1.RestartPolicyAlways, c)
		}()},
	{Name: "job", Label: "A one-off task (restartPolicy Never)", Seconds: 60,
		About: "The container runs a task that fails after 20 s with exit code 1. With Never it stays down and the pod Fails; try OnFailure and Always.",
		Pod:   basePod(corev1.RestartPolicyNever, appContainer(kubelet.App{StartSeconds: 2, ExitAfter: 20, ExitCode: 1}, false, false, false))},
}

func presetNamed(name string) (preset, bool) {
	for _, p := range presets {
		if p.Name == name {
			return p, true
		}
	}
	return preset{}, false
}

func presetNames() []string {
	var out []string
	for _, p := range presets {
		out = append(out, p.Name)
	}
	return out
}
