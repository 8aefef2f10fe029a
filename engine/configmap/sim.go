package configmap

import (
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/engine/names"
)

// Time is logical time in milliseconds since Epoch.
type Time int64

// Epoch is when the story starts: the pod starts at 05:00:00 UTC.
var Epoch = time.Date(2026, 11, 26, 5, 0, 0, 0, time.UTC)

// Wall is the wall-clock time t stands for.
func (t Time) Wall() time.Time { return Epoch.Add(time.Duration(t) * time.Millisecond) }

// Clock is "05:01:13".
func (t Time) Clock() string { return t.Wall().Format("15:04:05") }

// Timing the kubelet uses, at its defaults.
const (
	// SyncFrequency is --sync-frequency (KubeletConfiguration
	// syncFrequency), default 1m: the pod workers' resyncInterval.
	SyncFrequency Time = 60_000
	// ResyncJitter is pod_workers.go workerResyncIntervalJitterFactor: a
	// pod is synced again after wait.Jitter(resyncInterval, 0.5), a
	// uniformly random time in [1m, 1m30s).
	ResyncJitter = 0.5
	// BackOffPeriod is kubelet.go backOffPeriod: a pod whose sync failed
	// is retried after wait.Jitter(10s, 0.5).
	BackOffPeriod Time = 10_000
	// Mount retries back off exponentially from 500ms, doubling, up to
	// 2m2s (pkg/util/goroutinemap/exponentialbackoff).
	mountRetryInitial Time = 500
	mountRetryMax     Time = 122_000
	// Tick is how far one step moves the clock when nothing happens
	// sooner.
	Tick Time = 10_000
	// Never is a time that does not come.
	Never Time = 1 << 62
)

// Mode is how the pod consumes the ConfigMap and the Secret.
type Mode string

const (
	EnvMode    Mode = "env"
	VolumeMode Mode = "volume"
)

// Break is a mistake in the pod's references, to see the kubelet's errors.
type Break string

const (
	BreakNone      Break = ""
	BreakKey       Break = "key"       // a key that is not there
	BreakConfigMap Break = "configmap" // a ConfigMap that is not there
	BreakOptional  Break = "optional"  // the same, marked optional: true
)

// Config is a story: how the pod consumes its configuration.
type Config struct {
	Mode      Mode
	Seed      uint64
	Immutable bool // app-config is created with immutable: true
	Break     Break
	// SecretDefaultMode is secret-volume's defaultMode as written; nil
	// leaves it to the API server's defaulting: 0644 (420).
	SecretDefaultMode *int32
}

// Validate checks what the API server would refuse in the pod: a
// defaultMode outside 0–0777 (validation.go validateSecretVolumeSource,
// fileModeErrorMsg).
func (c Config) Validate() field.ErrorList {
	var errs field.ErrorList
	if m := c.SecretDefaultMode; m != nil && (*m > 0o777 || *m < 0) {
		errs = append(errs, field.Invalid(field.NewPath("spec", "volumes").Index(1).Child("secret", "defaultMode"), *m, "must be a number between 0 and 0777 (octal), both inclusive"))
	}
	return errs
}

// Event is one aggregated event of the pod, as kubectl describe shows it.
type Event struct {
	Type, Reason, From, Message string
	// FieldPath is the event's involvedObject.fieldPath: the container,
	// "spec.containers{app}", for an event the kubelet records on the
	// container's reference (kuberuntime_container.go recordContainerEvent,
	// kubecontainer.GenerateContainerRef); empty for one about the pod
	// itself (FailedMount, recorded on the pod by the operation generator).
	FieldPath   string
	First, Last Time
	Count       int
}

// Container is the app container as the kubelet last started it.
type Container struct {
	State     string // "Running" or "Waiting"
	Reason    string // "CreateContainerConfigError", "ContainerCreating"
	Message   string
	StartedAt Time
	// Env is the environment handed to the runtime when the container
	// started, in the kubelet's order (see MakeEnv); it never changes while
	// the container runs.
	Env []EnvVar
}

// SubPath is a subPath mount: the kubelet bind-mounts the file the
// symlink leads to when the container starts (makeMounts,
// PrepareSafeSubpath), so later writes, which make a new file in a new
// directory, never reach it.
type SubPath struct {
	MountPath string // "/etc/nginx/nginx.conf"
	Volume    string
	Key       string
	Data      []byte
	Mode      int32
	MTime     Time
	FromDir   string // the timestamped directory the file was in
	Mounted   bool
}

// Mark is a point on the timeline.
type Mark struct {
	At   Time
	Kind string // "edit", "rejected", "sync", "write", "replace"
	Note string
}

// Happening is what one step did.
type Happening struct {
	At     Time
	Actor  string // "you", "kube-apiserver", "kubelet", "clock"
	What   string
	Lines  []string
	Reject *Rejection
	Kind   string // "edit", "rejected", "sync", "write", "replace", "tick", "start"
}

// Sim is the cluster of the story: the API server's ConfigMap and
// Secret, and the kubelet running config-pod.
type Sim struct {
	cfg    Config
	rng    names.Rand
	Now    Time
	cm     *corev1.ConfigMap
	secret *corev1.Secret

	pod       *corev1.Pod
	podUID    string
	PodStart  Time
	Container Container
	Volumes   []*Volume
	Sub       *SubPath

	LastSync, NextSync Time
	mountRetry         Time // next mount retry, 0 when none
	mountBackoff       Time

	Marks  []Mark
	Events []*Event
}

// New starts the story: the ConfigMap and Secret exist, and config-pod is
// created at 05:00:00 on a node whose kubelet starts it at once.
func New(cfg Config) (*Sim, error) {
	if errs := cfg.Validate(); len(errs) > 0 {
		return nil, errs.ToAggregate()
	}
	s := &Sim{cfg: cfg, rng: names.NewRand(cfg.Seed, 0x6b756265766977), cm: SeedConfigMap(cfg.Immutable), secret: SeedSecret()}
	s.startPod()
	return s, nil
}

// Config is the story's configuration.
func (s *Sim) Config() Config { return s.cfg }

// ConfigMap is app-config as the API server has it now.
func (s *Sim) ConfigMap() *corev1.ConfigMap { return s.cm }

// Secret is app-secret as the API server has it now.
func (s *Sim) Secret() *corev1.Secret { return s.secret }

// Pod is config-pod as the API server defaulted it.
func (s *Sim) Pod() *corev1.Pod { return s.pod }

// PodUID is the running pod's uid.
func (s *Sim) PodUID() string { return s.podUID }

// GetConfigMap implements Store: the kubelet's watch-based
// configMapManager. With the Watch strategy its cache follows the API
// server within the latency of a watch event (milliseconds), which the
// demo rounds to the same instant.
func (s *Sim) GetConfigMap(ns, name string) (*corev1.ConfigMap, error) {
	if ns == s.cm.Namespace && name == s.cm.Name {
		return s.cm, nil
	}
	return nil, notFound(configMapResource, name)
}

// GetSecret implements Store: the kubelet's secretManager.
func (s *Sim) GetSecret(ns, name string) (*corev1.Secret, error) {
	if ns == s.secret.Namespace && name == s.secret.Name {
		return s.secret, nil
	}
	return nil, notFound(secretResource, name)
}

// jitter is wait.Jitter(d, f): d + rand.Float64()*f*d, in whole ms.
func (s *Sim) jitter(d Time, f float64) Time { return d + Time(s.rng.Float64()*f*float64(d)) }

// uid is metadata.uid as the API server sets it (engine/names.UID).
func (s *Sim) uid() string { return names.UID(s.rng) }

// startPod creates config-pod now and lets the kubelet run it: mount the
// volumes, then build the environment and start the container.
func (s *Sim) startPod() {
	s.pod = PodFor(s.cfg)
	s.podUID = s.uid()
	s.PodStart = s.Now
	s.Container = Container{State: "Waiting", Reason: "ContainerCreating"}
	s.Volumes, s.Sub = nil, nil
	s.mountRetry, s.mountBackoff = 0, 0
	c := &s.pod.Spec.Containers[0]
	for _, vol := range s.pod.Spec.Volumes {
		v := &Volume{Name: vol.Name, Entries: map[string]*Node{}, EtcMTime: s.Now}
		for _, m := range c.VolumeMounts {
			if m.Name == vol.Name && m.SubPath == "" {
				v.MountPath = m.MountPath
			}
		}
		if vol.ConfigMap != nil {
			v.Kind, v.Object = "configMap", vol.ConfigMap.Name
		} else {
			v.Kind, v.Object, v.Tmpfs = "secret", vol.Secret.SecretName, true
		}
		s.Volumes = append(s.Volumes, v)
	}
	for _, m := range c.VolumeMounts {
		if m.SubPath != "" {
			s.Sub = &SubPath{MountPath: m.MountPath, Volume: m.Name, Key: m.SubPath}
		}
	}
	s.tryStart()
	s.LastSync = s.Now
	switch {
	case s.Container.State == "Running":
		s.NextSync = s.Now + s.jitter(SyncFrequency, ResyncJitter)
	case s.mountRetry != 0:
		// The pod worker waits in WaitForAttachAndMount; the volume
		// manager's retries, not pod syncs, move things on.
		s.NextSync = Never
	default:
		s.NextSync = s.Now + s.jitter(BackOffPeriod, ResyncJitter)
	}
}

// tryStart mounts what is not mounted, and starts the container when every
// volume is mounted. It reports whether the container started.
func (s *Sim) tryStart() bool {
	allMounted := true
	for _, v := range s.Volumes {
		if v.Mounted {
			continue
		}
		payload, err := s.payload(v)
		if err != nil {
			v.Error = err.Error()
			s.event("Warning", "FailedMount", fmt.Sprintf("MountVolume.SetUp failed for volume %q : %v", v.Name, err))
			allMounted = false
			continue
		}
		v.Error = ""
		v.RootMTime = s.Now
		v.writeAll(v.plan(payload, s.Now, s.rng.Uint32()), s.Now)
	}
	if !allMounted {
		if s.mountRetry == 0 {
			s.mountBackoff = mountRetryInitial
		} else {
			s.mountBackoff = min(2*s.mountBackoff, mountRetryMax)
		}
		s.mountRetry = s.Now + s.mountBackoff
		return false
	}
	s.mountRetry = 0
	env, err := MakeEnv(s.pod, &s.pod.Spec.Containers[0], s)
	if err != nil {
		s.Container = Container{State: "Waiting", Reason: "CreateContainerConfigError", Message: err.Error()}
		// kuberuntime_container.go startContainer: "Error: %v".
		s.containerEvent("Warning", "Failed", "Error: "+err.Error())
		return false
	}
	if s.Sub != nil {
		for _, v := range s.Volumes {
			if v.Name == s.Sub.Volume {
				if f, ok := v.Resolve(s.Sub.Key); ok {
					s.Sub.Data, s.Sub.Mode, s.Sub.MTime, s.Sub.FromDir, s.Sub.Mounted = f.Data, int32(f.Mode), f.MTime, v.DataTarget(), true
				}
			}
		}
	}
	s.Container = Container{State: "Running", StartedAt: s.Now, Env: s.order(env)}
	return true
}

// order is the environment as the runtime gets it: containerd puts its
// default PATH (replaced by the image's) first and HOSTNAME next, then
// the kubelet's variables, whose order is Go map order (random at each
// start: here from the seed), then the service variables (also a map),
// and runc adds HOME.
func (s *Sim) order(env []EnvVar) []EnvVar {
	out := []EnvVar{
		{Name: "PATH", Value: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", From: Source{Kind: "image"}},
		{Name: "HOSTNAME", Value: PodName, From: Source{Kind: "runtime"}},
	}
	seen := map[string]bool{}
	for _, i := range s.rng.Perm(len(env)) {
		out = append(out, env[i])
		seen[env[i].Name] = true
	}
	svc := ServiceEnv()
	for _, i := range s.rng.Perm(len(svc)) {
		if !seen[svc[i].Name] {
			out = append(out, svc[i])
		}
	}
	return append(out, EnvVar{Name: "HOME", Value: "/root", From: Source{Kind: "runtime"}})
}

func (s *Sim) payload(v *Volume) (map[string]FileProjection, error) {
	for _, vol := range s.pod.Spec.Volumes {
		if vol.Name != v.Name {
			continue
		}
		if src := vol.ConfigMap; src != nil {
			optional := src.Optional != nil && *src.Optional
			cm, err := s.GetConfigMap(s.pod.Namespace, src.Name)
			if err != nil {
				if !optional {
					return nil, err
				}
				cm = &corev1.ConfigMap{}
			}
			return ConfigMapPayload(src.Items, cm, src.DefaultMode, optional)
		}
		src := vol.Secret
		optional := src.Optional != nil && *src.Optional
		sec, err := s.GetSecret(s.pod.Namespace, src.SecretName)
		if err != nil {
			if !optional {
				return nil, err
			}
			sec = &corev1.Secret{}
		}
		return SecretPayload(src.Items, sec, src.DefaultMode, optional)
	}
	return nil, fmt.Errorf("no volume %q", v.Name)
}

// event records an event about the pod, aggregated as the event recorder
// does for the same object, reason and message.
func (s *Sim) event(typ, reason, msg string) { s.record(typ, reason, msg, "") }

// containerEvent records an event about container app.
func (s *Sim) containerEvent(typ, reason, msg string) {
	s.record(typ, reason, msg, "spec.containers{"+ContainerName+"}")
}

func (s *Sim) record(typ, reason, msg, fieldPath string) {
	for _, e := range s.Events {
		if e.Reason == reason && e.Message == msg && e.FieldPath == fieldPath {
			e.Count++
			e.Last = s.Now
			return
		}
	}
	s.Events = append(s.Events, &Event{Type: typ, Reason: reason, From: "kubelet", Message: msg, FieldPath: fieldPath, First: s.Now, Last: s.Now, Count: 1})
}

func (s *Sim) writing() *Volume {
	for _, v := range s.Volumes {
		if v.write != nil {
			return v
		}
	}
	return nil
}

// Busy reports whether a write is in progress.
func (s *Sim) Busy() bool { return s.writing() != nil }

// Step moves the story on by one step: the next phase of a write in
// progress, else the clock to the kubelet's next sync of the pod or 10s on,
// whichever comes first.
func (s *Sim) Step() Happening {
	if v := s.writing(); v != nil {
		ph := v.write.Phase + 1
		what := v.step(s.Now)
		h := Happening{At: s.Now, Actor: "kubelet", Kind: "write", What: fmt.Sprintf("Atomic write of %s (%s), phase %d of 4: %s", v.Name, v.MountPath, ph, what)}
		if ph == 3 {
			s.Marks = append(s.Marks, Mark{At: s.Now, Kind: "write", Note: v.Name})
		}
		return h
	}
	tick := (s.Now/Tick + 1) * Tick
	next := min(tick, s.NextSync)
	// Mount retries come 0.5s, 1s, 2s, 4s… apart (the volume manager's
	// exponential back-off): those due by the next step run on the way,
	// and one that succeeds is a step of its own.
	for s.mountRetry != 0 && s.mountRetry <= next {
		s.Now = s.mountRetry
		if s.tryStart() {
			s.LastSync = s.Now
			s.NextSync = s.Now + s.jitter(SyncFrequency, ResyncJitter)
			return Happening{At: s.Now, Actor: "kubelet", Kind: "start", What: "A mount retry succeeded: the kubelet wrote the volumes and started container app."}
		}
	}
	s.Now = next
	if next != s.NextSync {
		return Happening{At: s.Now, Actor: "clock", Kind: "tick", What: s.waitingWhat()}
	}
	return s.sync()
}

func (s *Sim) waitingWhat() string {
	if s.mountRetry != 0 {
		return fmt.Sprintf("Container app is still ContainerCreating: a volume cannot be mounted. The volume manager retries at %s (its back-off doubles from 0.5s up to 2m2s).", s.mountRetry.Clock())
	}
	if s.Container.State != "Running" {
		return fmt.Sprintf("Container app is still %s; the kubelet keeps retrying.", s.Container.Reason)
	}
	return fmt.Sprintf("Nothing on the node changed. The kubelet's next sync of %s is at %s.", PodName, s.NextSync.Clock())
}

// sync is one sync of the pod by its pod worker (kubelet.go SyncPod): the
// volume manager remounts configMap and secret volumes (they require
// remount), which rewrites a volume whose payload changed; a container that
// could not start is tried again.
func (s *Sim) sync() Happening {
	prev := s.LastSync
	s.LastSync = s.Now
	h := Happening{At: s.Now, Actor: "kubelet", Kind: "sync"}
	s.Marks = append(s.Marks, Mark{At: s.Now, Kind: "sync"})
	if s.Container.State != "Running" {
		if s.tryStart() {
			s.NextSync = s.Now + s.jitter(SyncFrequency, ResyncJitter)
			h.What = fmt.Sprintf("The kubelet synced %s again and this time started container app.", PodName)
			h.Kind = "start"
			return h
		}
		s.NextSync = s.Now + s.jitter(BackOffPeriod, ResyncJitter)
		h.What = fmt.Sprintf("The kubelet synced %s again; container app is still %s: %s", PodName, s.Container.Reason, s.Container.Message)
		h.Lines = append(h.Lines, fmt.Sprintf("The sync failed, so the pod worker retries after wait.Jitter(10s, 0.5): at %s.", s.NextSync.Clock()))
		return h
	}
	s.NextSync = s.Now + s.jitter(SyncFrequency, ResyncJitter)
	h.Lines = append(h.Lines, fmt.Sprintf("Last sync %s + wait.Jitter(1m, 0.5) = %s. Next: %s + wait.Jitter(1m, 0.5) = %s.", prev.Clock(), s.Now.Clock(), s.Now.Clock(), s.NextSync.Clock()))
	if len(s.Volumes) == 0 {
		h.What = fmt.Sprintf("Periodic sync of %s: the container runs, nothing to do. Its environment was fixed when it started at %s; a sync never changes it.", PodName, s.Container.StartedAt.Clock())
		return h
	}
	var said []string
	for _, v := range s.Volumes {
		payload, err := s.payload(v)
		if err != nil {
			s.event("Warning", "FailedMount", fmt.Sprintf("MountVolume.SetUp failed for volume %q : %v", v.Name, err))
			said = append(said, fmt.Sprintf("%s: %v", v.Name, err))
			continue
		}
		w := v.plan(payload, s.Now, s.rng.Uint32())
		if w == nil {
			said = append(said, fmt.Sprintf("%s: the files match %s %s, write not required", v.Name, v.Kind, v.Object))
			continue
		}
		v.write = w
		what := "changed " + strings.Join(w.Changed, ", ")
		if len(w.Changed) == 0 {
			what = "removed " + strings.Join(w.Remove, ", ")
		} else if len(w.Remove) > 0 {
			what += "; removed " + strings.Join(w.Remove, ", ")
		}
		said = append(said, fmt.Sprintf("%s: %s %s %s since the last write, so the atomic writer starts a new version", v.Name, v.Kind, v.Object, what))
	}
	h.What = fmt.Sprintf("Periodic sync of %s: the volume manager remounts its configMap and secret volumes. %s.", PodName, strings.Join(said, "; "))
	if s.Sub != nil && s.Sub.Mounted {
		h.Lines = append(h.Lines, fmt.Sprintf("The subPath mount %s is not a volume mount: syncs never touch it.", s.Sub.MountPath))
	}
	return h
}

// EditConfigMap is `kubectl apply` of app-config with key set to value.
func (s *Sim) EditConfigMap(key, value string) Happening {
	next := copyConfigMap(s.cm)
	next.Data[key] = value
	return s.applyConfigMap(next, fmt.Sprintf("with %s=%s", key, short(value)))
}

// RemoveConfigMapKey is `kubectl apply` of app-config without key.
func (s *Sim) RemoveConfigMapKey(key string) Happening {
	next := copyConfigMap(s.cm)
	if _, ok := next.Data[key]; !ok {
		return Happening{At: s.Now, Actor: "you", Kind: "edit", What: fmt.Sprintf("app-config has no key %s: configmap/app-config unchanged.", key)}
	}
	delete(next.Data, key)
	return s.applyConfigMap(next, "without "+key)
}

func (s *Sim) applyConfigMap(next *corev1.ConfigMap, what string) Happening {
	h := Happening{At: s.Now, Actor: "you", Kind: "edit"}
	withLastApplied(next, configMapManifest(next))
	if rej := updateConfigMap(s.cm, next); rej != nil {
		h.Kind, h.Reject = "rejected", rej
		h.What = fmt.Sprintf("You applied app-config %s. The API server refused it: nothing changed.", what)
		s.Marks = append(s.Marks, Mark{At: s.Now, Kind: "rejected"})
		return h
	}
	if equalStrings(next.Data, s.cm.Data) {
		h.What = "You applied app-config unchanged: configmap/app-config unchanged."
		return h
	}
	next.ResourceVersion = bumpRV(s.cm.ResourceVersion)
	s.cm = next
	s.Marks = append(s.Marks, Mark{At: s.Now, Kind: "edit", Note: strings.TrimPrefix(what, "with ")})
	h.What = fmt.Sprintf("You applied app-config %s: configmap/app-config configured (resourceVersion %s).", what, next.ResourceVersion)
	h.Lines = s.afterEdit()
	return h
}

// EditSecret is `kubectl apply` of app-secret with key set under data
// (value is base64) or stringData (value is plain text).
func (s *Sim) EditSecret(f SecretField, key, value string) Happening {
	h := Happening{At: s.Now, Actor: "you", Kind: "edit"}
	what := fmt.Sprintf("%s.%s=%s", f, key, short(value))
	b, err := decodeSecretValue(f, value)
	var rej *Rejection
	if err != nil {
		rej = badSecretPatch(s.secret, key, value, err)
	} else {
		next := copySecret(s.secret)
		next.Data[key] = b
		withLastApplied(next, secretManifest(next))
		if rej = updateSecret(s.secret, next); rej == nil {
			if string(s.secret.Data[key]) == string(b) && len(next.Data) == len(s.secret.Data) {
				h.What = "You applied app-secret unchanged: secret/app-secret unchanged."
				return h
			}
			next.ResourceVersion = bumpRV(s.secret.ResourceVersion)
			s.secret = next
			s.Marks = append(s.Marks, Mark{At: s.Now, Kind: "edit", Note: what})
			h.What = fmt.Sprintf("You applied app-secret with %s: secret/app-secret configured (resourceVersion %s).", what, next.ResourceVersion)
			h.Lines = s.afterEdit()
			return h
		}
	}
	h.Kind, h.Reject = "rejected", rej
	h.What = fmt.Sprintf("You applied app-secret with %s. The API server refused it: nothing changed.", what)
	s.Marks = append(s.Marks, Mark{At: s.Now, Kind: "rejected"})
	return h
}

// OversizeConfigMap applies app-config with one more key holding 1 MiB.
func (s *Sim) OversizeConfigMap() Happening {
	next := copyConfigMap(s.cm)
	next.Data["big.txt"] = strings.Repeat("x", corev1.MaxSecretSize)
	return s.applyConfigMap(next, "with big.txt=<1048576 bytes>")
}

func (s *Sim) afterEdit() []string {
	out := []string{"The kubelet's watch (configMapAndSecretChangeDetectionStrategy: Watch) receives the MODIFIED event within milliseconds: its cache is current."}
	switch {
	case s.Container.State != "Running":
		if s.mountRetry != 0 {
			out = append(out, fmt.Sprintf("The volume manager tries the mount again at %s.", s.mountRetry.Clock()))
		} else {
			out = append(out, fmt.Sprintf("The kubelet tries container app again at its next sync, %s.", s.NextSync.Clock()))
		}
	case len(s.Volumes) == 0:
		out = append(out, fmt.Sprintf("The container's environment stays as it was at %s: only a new container reads it again.", s.Container.StartedAt.Clock()))
	default:
		out = append(out, fmt.Sprintf("The files change only when the kubelet next syncs %s, at %s.", PodName, s.NextSync.Clock()))
	}
	return out
}

// ReplacePod is `kubectl delete pod config-pod` then `kubectl apply -f
// config-pod.yaml`: a new pod (a new uid) whose container reads its
// environment and its volumes afresh. The app exits on SIGTERM at once, so
// the demo does not wait out the 30s grace period.
func (s *Sim) ReplacePod() Happening {
	old := s.podUID
	s.Events = nil
	s.startPod()
	s.Marks = append(s.Marks, Mark{At: s.Now, Kind: "replace"})
	h := Happening{At: s.Now, Actor: "you", Kind: "replace",
		What: fmt.Sprintf("You deleted %s (uid %s…) and created it again (uid %s…). The new container reads the current ConfigMap and Secret.", PodName, old[:8], s.podUID[:8])}
	if s.Container.State != "Running" {
		h.What = fmt.Sprintf("You deleted %s and created it again (uid %s…); container app is %s.", PodName, s.podUID[:8], s.Container.Reason)
	}
	return h
}

// Start is the first happening: the pod started.
func (s *Sim) Start() Happening {
	h := Happening{At: 0, Actor: "kubelet", Kind: "start"}
	if s.Container.State == "Running" {
		h.What = fmt.Sprintf("config-pod runs: the kubelet mounted its volumes and started container app at %s; its next sync is at %s.", s.PodStart.Clock(), s.NextSync.Clock())
		if len(s.Volumes) == 0 {
			h.What = fmt.Sprintf("config-pod runs: the kubelet built container app's environment from app-config and app-secret and started it at %s.", s.PodStart.Clock())
		}
	} else {
		h.What = fmt.Sprintf("config-pod cannot start: %s.", s.Container.Reason)
		for _, v := range s.Volumes {
			if v.Error != "" {
				h.What = fmt.Sprintf("config-pod is stuck in ContainerCreating: MountVolume.SetUp failed for volume %q : %s", v.Name, v.Error)
			}
		}
		if s.Container.Message != "" {
			h.What = fmt.Sprintf("config-pod cannot start: %s: %s", s.Container.Reason, s.Container.Message)
		}
	}
	return h
}

// Volume returns the volume mounted at path, or nil.
func (s *Sim) Volume(name string) *Volume {
	for _, v := range s.Volumes {
		if v.Name == name {
			return v
		}
	}
	return nil
}

func equalStrings(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func short(v string) string {
	v = strings.ReplaceAll(v, "\n", `\n`)
	if r := []rune(v); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return v
}

// Clone is an independent copy of the simulation in the same state, its
// generator included: stepping the clone draws and changes what stepping
// s would, and leaves s as it was. A demo steps a clone to look one step
// ahead instead of replaying the story from the start.
func (s *Sim) Clone() *Sim {
	c := *s
	c.rng = s.rng.Clone()
	c.cm, c.secret, c.pod = s.cm.DeepCopy(), s.secret.DeepCopy(), s.pod.DeepCopy()
	if s.cfg.SecretDefaultMode != nil {
		m := *s.cfg.SecretDefaultMode
		c.cfg.SecretDefaultMode = &m
	}
	c.Container.Env = slices.Clone(s.Container.Env)
	if s.Volumes != nil {
		c.Volumes = make([]*Volume, len(s.Volumes))
		for i, v := range s.Volumes {
			c.Volumes[i] = v.clone()
		}
	}
	if s.Sub != nil {
		sub := *s.Sub
		sub.Data = slices.Clone(s.Sub.Data)
		c.Sub = &sub
	}
	c.Marks = slices.Clone(s.Marks)
	if s.Events != nil {
		c.Events = make([]*Event, len(s.Events))
		for i, e := range s.Events {
			ev := *e
			c.Events[i] = &ev
		}
	}
	return &c
}
