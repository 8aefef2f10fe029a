package configmaps

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/configmap"
)

var _ demos.Predictor = (*State)(nil)

// The checkpoints' questions begin with these, so a test can tell them
// apart.
const (
	qEnv   = "The kubelet syncs config-pod next. What will container app's environment hold for"
	qSync  = "The kubelet syncs config-pod next, and"
	qSwap  = "The atomic writer renames ..data_tmp to ..data next. What will the app read from"
	qStart = "The kubelet tries container app again at its next sync of config-pod. Will it start?"
)

// Choices of the sync checkpoint, and of the start checkpoint.
const (
	cSyncWrite   = "It starts an atomic write: the new files go into a new timestamped directory, then ..data is swapped to it"
	cSyncInPlace = "It overwrites the changed files in place"
	cSyncNothing = "Nothing: mounted files change only when the pod is re-created"
	cStartYes    = "Yes: container app starts"
	cStartNo     = "No: container app stays in "
)

// Prediction asks, where the page shows everything needed, what the next
// step will do to what the container sees: an environment variable at a
// pod sync (env mode), a volume's files at a pod sync and at the atomic
// swap, a subPath file at the swap, and a container that could not start
// after you changed its ConfigMap. The answer is the next step itself,
// replayed by engine/configmap (st.run), which follows kubernetes
// pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables, makeMounts),
// pkg/volume/util/atomic_writer.go and pkg/kubelet/pod_workers.go.
func (st *State) Prediction() (demos.Prediction, bool) {
	if st.step+1 >= len(st.frames) {
		return demos.Prediction{}, false
	}
	cur, nextH := st.sim, st.frames[st.step+1]
	if nextH.Actor != "kubelet" {
		return demos.Prediction{}, false
	}
	next := st.nextSim()
	if cur.Container.State != "Running" {
		if (nextH.Kind == "sync" || nextH.Kind == "start") && st.editedSinceSync() {
			return startPrediction(cur, next)
		}
		return demos.Prediction{}, false
	}
	switch {
	case nextH.Kind == "sync" && st.cfg.Mode == configmap.EnvMode:
		return envPrediction(cur, next)
	case nextH.Kind == "sync" && !cur.Busy():
		return syncPrediction(cur, next)
	case nextH.Kind == "write":
		return swapPrediction(cur, next)
	}
	return demos.Prediction{}, false
}

// editedSinceSync: you changed the ConfigMap or the Secret after the
// kubelet's last try.
func (st *State) editedSinceSync() bool {
	for i := st.step; i > 0; i-- {
		switch st.frames[i].Kind {
		case "edit":
			return true
		case "sync", "start", "replace":
			return false
		}
	}
	return false
}

// envPrediction: kubelet_pods.go makeEnvironmentVariables runs when the
// kubelet starts a container (kuberuntime_container.go startContainer →
// generateContainerConfig); a running container's environment is the
// process's own and no sync touches it.
func envPrediction(cur, next *configmap.Sim) (demos.Prediction, bool) {
	pod := cur.Pod()
	fresh, err := configmap.MakeEnv(pod, &pod.Spec.Containers[0], cur)
	if err != nil {
		return demos.Prediction{}, false
	}
	sort.Slice(fresh, func(i, j int) bool { return fresh[i].Name < fresh[j].Name })
	for _, v := range fresh {
		old, had := envValue(cur.Container.Env, v.Name)
		if had && old == v.Value {
			continue
		}
		p := demos.Prediction{
			Question: fmt.Sprintf("%s %s after it? (%s now has %s)", qEnv, v.Name, v.From.Object, envText(v.Name, v.Value, true)),
			Choices:  []string{envText(v.Name, old, had), envText(v.Name, v.Value, true)},
			Answer:   -1,
			Why:      "The kubelet builds a container's environment variables once, when it starts the container, so a pod sync never changes them: only a container started after the edit sees the new value.",
		}
		got, has := envValue(next.Container.Env, v.Name)
		for i, c := range p.Choices {
			if c == envText(v.Name, got, has) {
				p.Answer = i
			}
		}
		if p.Answer < 0 || p.Choices[0] == p.Choices[1] {
			return demos.Prediction{}, false
		}
		return p, true
	}
	return demos.Prediction{}, false
}

func envValue(env []configmap.EnvVar, name string) (string, bool) {
	for _, v := range env {
		if v.Name == name {
			return v.Value, true
		}
	}
	return "", false
}

func envText(name, value string, set bool) string {
	if !set {
		return name + " is not set"
	}
	return name + "=" + short(value)
}

// syncPrediction: at every sync of a running pod the volume manager
// remounts configMap and secret volumes (they require remount), and
// atomic_writer.go Write, when the payload differs from ..data, writes a
// new timestamped directory and renames a new symlink over ..data.
func syncPrediction(cur, next *configmap.Sim) (demos.Prediction, bool) {
	stale := staleFiles(cur)
	if len(stale) == 0 {
		return demos.Prediction{}, false
	}
	f := stale[0]
	p := demos.Prediction{
		Question: fmt.Sprintf("%s %s %s no longer matches %s/%s. What will the sync do?", qSync, f.vol.Kind, f.vol.Object, f.vol.MountPath, f.path),
		Choices:  []string{cSyncWrite, cSyncInPlace, cSyncNothing},
		Answer:   2,
		Why:      "At every sync of a running pod the kubelet remounts its configMap and secret volumes, and when the data differs the atomic writer puts the new files in a new timestamped directory and renames a new ..data symlink over the old one.",
	}
	if v := next.Volume(f.vol.Name); v != nil {
		if _, ts := v.Writing(); ts != "" {
			p.Answer = 0
		} else if got, ok := v.Resolve(f.path); ok == f.newOK && (!ok || bytes.Equal(got.Data, f.new)) {
			p.Answer = 1
		}
	}
	return p, true
}

// swapPrediction asks before phase 3 of a write, the rename(2) of
// ..data_tmp over ..data (atomic_writer.go Write, step 9). A subPath mount
// of a changed key is asked about rather than the volume's own file: the
// kubelet bind-mounted the file it resolved when the container started
// (kubelet_pods.go makeMounts, pkg/volume/util/subpath), so the swap does
// not reach it.
func swapPrediction(cur, next *configmap.Sim) (demos.Prediction, bool) {
	var v *configmap.Volume
	for _, x := range cur.Volumes {
		if phase, ts := x.Writing(); ts != "" && phase == 2 {
			v = x
		}
	}
	if v == nil {
		return demos.Prediction{}, false
	}
	var f *staleFile
	for _, s := range staleFiles(cur) {
		if s.vol == v {
			f = &s
			break
		}
	}
	if f == nil {
		return demos.Prediction{}, false
	}
	path, old, oldOK, nw, newOK := v.MountPath+"/"+f.path, f.old, f.oldOK, f.new, f.newOK
	why := "Renaming ..data_tmp over ..data is one rename(2), atomic: from that instant every file read through the per-key symlinks comes from the new directory, all keys at once."
	var got func() ([]byte, bool)
	if sp := cur.Sub; sp != nil && sp.Mounted && sp.Volume == v.Name {
		for _, s := range staleFiles(cur) {
			if s.vol == v && s.path == sp.Key && !bytes.Equal(sp.Data, s.new) {
				path, old, oldOK, nw, newOK = sp.MountPath+" (a subPath mount of "+sp.Key+")", sp.Data, true, s.new, s.newOK
				why = "A subPath mount is a bind mount of the file the kubelet found when the container started, so the atomic writer's new directory and symlink swap never reach it: only a new container sees the new content."
				got = func() ([]byte, bool) {
					if next.Sub == nil || !next.Sub.Mounted {
						return nil, false
					}
					return next.Sub.Data, true
				}
			}
		}
	}
	if got == nil {
		got = func() ([]byte, bool) {
			nv := next.Volume(v.Name)
			if nv == nil {
				return nil, false
			}
			n, ok := nv.Resolve(f.path)
			if !ok {
				return nil, false
			}
			return n.Data, true
		}
	}
	a, b := fileTexts(old, oldOK, nw, newOK)
	if a == b {
		return demos.Prediction{}, false
	}
	p := demos.Prediction{
		Question: fmt.Sprintf("%s %s after it?", qSwap, path),
		Choices:  []string{a, b},
		Answer:   -1,
		Why:      why,
	}
	data, ok := got()
	switch {
	case ok == oldOK && (!ok || bytes.Equal(data, old)):
		p.Answer = 0
	case ok == newOK && (!ok || bytes.Equal(data, nw)):
		p.Answer = 1
	default:
		return demos.Prediction{}, false
	}
	return p, true
}

// fileTexts are the two contents as choices: the value when it is one
// short line, else the first line that differs.
func fileTexts(old []byte, oldOK bool, nw []byte, newOK bool) (string, string) {
	if !oldOK || !newOK {
		return fileText(old, oldOK, "the old content"), fileText(nw, newOK, "the new content")
	}
	if !bytes.Contains(old, []byte("\n")) && !bytes.Contains(nw, []byte("\n")) {
		return short(string(old)), short(string(nw))
	}
	ol, nl := strings.Split(string(old), "\n"), strings.Split(string(nw), "\n")
	for i := 0; i < max(len(ol), len(nl)); i++ {
		var a, b string
		if i < len(ol) {
			a = ol[i]
		}
		if i < len(nl) {
			b = nl[i]
		}
		if a != b {
			return fmt.Sprintf("The old content (%s)", short(strings.TrimSpace(a))), fmt.Sprintf("The new content (%s)", short(strings.TrimSpace(b)))
		}
	}
	return "", ""
}

func fileText(data []byte, ok bool, what string) string {
	if !ok {
		return "No such file or directory"
	}
	if !bytes.Contains(data, []byte("\n")) {
		return short(string(data))
	}
	return what
}

// staleFile is a file of a mounted volume whose content differs from the
// ConfigMap or Secret it projects.
type staleFile struct {
	vol          *configmap.Volume
	path         string
	old, new     []byte
	oldOK, newOK bool
}

// staleFiles compares each mounted volume, read through ..data as the app
// reads it, with the payload its object gives now
// (pkg/volume/configmap/configmap.go and pkg/volume/secret/secret.go
// MakePayload).
func staleFiles(s *configmap.Sim) []staleFile {
	var out []staleFile
	for _, vol := range s.Pod().Spec.Volumes {
		v := s.Volume(vol.Name)
		if v == nil || !v.Mounted {
			continue
		}
		var payload map[string]configmap.FileProjection
		var err error
		switch {
		case vol.ConfigMap != nil && vol.ConfigMap.Name == s.ConfigMap().Name:
			src := vol.ConfigMap
			payload, err = configmap.ConfigMapPayload(src.Items, s.ConfigMap(), src.DefaultMode, src.Optional != nil && *src.Optional)
		case vol.Secret != nil && vol.Secret.SecretName == s.Secret().Name:
			src := vol.Secret
			payload, err = configmap.SecretPayload(src.Items, s.Secret(), src.DefaultMode, src.Optional != nil && *src.Optional)
		default:
			continue
		}
		if err != nil {
			continue
		}
		paths := map[string]bool{}
		for p := range payload {
			paths[p] = true
		}
		for _, k := range v.Keys() {
			paths[k] = true
		}
		var sorted []string
		for p := range paths {
			sorted = append(sorted, p)
		}
		sort.Strings(sorted)
		for _, p := range sorted {
			f, oldOK := v.Resolve(p)
			n, newOK := payload[p]
			var old []byte
			if oldOK {
				old = f.Data
			}
			if oldOK != newOK || !bytes.Equal(old, n.Data) {
				out = append(out, staleFile{vol: v, path: p, old: old, new: n.Data, oldOK: oldOK, newOK: newOK})
			}
		}
	}
	return out
}

// startPrediction: a container that could not start is tried again at
// every sync of its pod, and each try builds its environment from the
// objects as they are then (kuberuntime_container.go startContainer,
// kubelet_pods.go makeEnvironmentVariables).
func startPrediction(cur, next *configmap.Sim) (demos.Prediction, bool) {
	if cur.Container.Reason != "CreateContainerConfigError" {
		return demos.Prediction{}, false
	}
	p := demos.Prediction{
		Question: qStart + " (it is in CreateContainerConfigError: " + cur.Container.Message + ")",
		Choices:  []string{cStartYes, cStartNo + cur.Container.Reason},
		Answer:   1,
		Why:      "A container that could not start is tried again at every sync of its pod, and each try reads the ConfigMap and Secret as they are then, so it starts as soon as what it references exists.",
	}
	if next.Container.State == "Running" {
		p.Answer = 0
	}
	return p, true
}

// short is a value as a choice: one line, at most 40 characters.
func short(v string) string {
	v = strings.ReplaceAll(v, "\n", `\n`)
	if r := []rune(v); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return v
}
