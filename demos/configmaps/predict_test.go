package configmaps

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/configmap"
)

// Every checkpoint's answer is what the next step shows, in every scenario
// of the golden replays (their actions, then stepping to the end), and
// asking never changes the state. The rules are kubernetes
// pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables at container
// start; makeMounts for subPath), pkg/volume/util/atomic_writer.go (Write:
// a new timestamped directory, then rename over ..data) and
// pkg/kubelet/kuberuntime/kuberuntime_container.go (a container that
// failed CreateContainerConfigError is tried again at each sync).
func TestPredictionsAreTheNextStep(t *testing.T) {
	// What each scenario asks. Nothing to predict: the immutable and the
	// 1 MiB edits are refused, so the objects never differ from what the
	// container sees; defaultMode 0400 changes nothing; with a missing
	// ConfigMap the pod never starts, and only the volume manager's mount
	// retries (not pod syncs) come next.
	want := map[string][]string{
		"volume: the story, to the swap and past it":                           {qSync, qSwap},
		"env: the edit never reaches the running container; a new pod sees it": {qEnv},
		"immutable ConfigMap refuses the edit":                                 nil,
		"bad base64 in data, then stringData":                                  {qSync, qSwap},
		"over 1 MiB":                                                           nil,
		"a key removed: its symlink goes in phase 4":                           {qSync, qSwap},
		"subPath never changes":                                                {qSync, qSwap},
		"env: a missing key, fixed by adding it":                               {qStart},
		"volume: a missing ConfigMap":                                          nil,
		"secret defaultMode 0400":                                              nil,
		"kubectl create secret generic with a bad key":                         {qSync, qSwap},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			w, known := want[sc.name]
			if !known {
				t.Fatalf("scenario %q: say what it asks", sc.name)
			}
			q, _ := url.ParseQuery(sc.query)
			st, _ := open(q)
			asked := map[string]int{}
			actions := append(append([]demos.Action(nil), sc.actions...), steps(maxFrames)...)
			for _, a := range actions {
				query, text := st.Query().Encode(), st.Text()
				p, ok := st.Prediction()
				if st.Query().Encode() != query || st.Text() != text {
					t.Fatalf("step %d: Prediction changed the state", st.step)
				}
				before := st.sim
				if err := st.Apply(a); err != nil {
					if a.Kind == "step" {
						break // the end of the story
					}
					t.Fatal(err)
				}
				if !ok || a.Kind != "step" {
					continue
				}
				checkShape(t, st.step, p)
				after := st.sim
				var got string
				switch {
				case strings.HasPrefix(p.Question, qEnv):
					asked[qEnv]++
					name := strings.Fields(strings.TrimPrefix(p.Question, qEnv))[0]
					v, set := envValue(after.Container.Env, name)
					got = envText(name, v, set)
					if p.Answer != 0 {
						t.Errorf("step %d: a sync changed a running container's environment", st.step)
					}
				case strings.HasPrefix(p.Question, qSync):
					asked[qSync]++
					got = cSyncNothing
					for _, v := range after.Volumes {
						if _, ts := v.Writing(); ts != "" {
							got = cSyncWrite
						}
					}
				case strings.HasPrefix(p.Question, qSwap):
					asked[qSwap]++
					path := strings.TrimSuffix(strings.TrimPrefix(p.Question, qSwap+" "), " after it?")
					path, _, _ = strings.Cut(path, " (a subPath mount")
					old, oldOK := read(before, path)
					now, nowOK := read(after, path)
					api, apiOK := apiContent(before, path)
					switch {
					case nowOK == oldOK && bytes.Equal(now, old):
						got = p.Choices[0]
					case nowOK == apiOK && bytes.Equal(now, api):
						got = p.Choices[1]
					default:
						t.Fatalf("step %d: %s reads %q, neither the old %q nor the object's %q", st.step, path, now, old, api)
					}
				case strings.HasPrefix(p.Question, qStart):
					asked[qStart]++
					got = cStartNo + before.Container.Reason
					if after.Container.State == "Running" {
						got = cStartYes
					}
				default:
					t.Fatalf("step %d: unknown checkpoint %q", st.step, p.Question)
				}
				if p.Choices[p.Answer] != got {
					t.Errorf("step %d: %q predicted %q, the step shows %q", st.step, p.Question, p.Choices[p.Answer], got)
				}
			}
			for _, q := range w {
				if asked[q] == 0 {
					t.Errorf("never asked %q (asked %v)", q, asked)
				}
			}
			if len(w) == 0 && len(asked) > 0 {
				t.Errorf("asked %v", asked)
			}
		})
	}
}

// read is what `cat path` prints in the container: a subPath mount's
// bind-mounted file, or a volume's file through its symlinks.
func read(s *configmap.Sim, path string) ([]byte, bool) {
	if path == configmap.SubPathMount {
		if s.Sub == nil || !s.Sub.Mounted {
			return nil, false
		}
		return s.Sub.Data, true
	}
	for _, v := range s.Volumes {
		if key, ok := strings.CutPrefix(path, v.MountPath+"/"); ok {
			if f, ok := v.Resolve(key); ok {
				return f.Data, true
			}
		}
	}
	return nil, false
}

// apiContent is what the API server's object holds for the file at path.
func apiContent(s *configmap.Sim, path string) ([]byte, bool) {
	key := ""
	switch {
	case path == configmap.SubPathMount:
		key = s.Sub.Key
	case strings.HasPrefix(path, configmap.ConfigMount+"/"):
		key = strings.TrimPrefix(path, configmap.ConfigMount+"/")
	case strings.HasPrefix(path, configmap.SecretMount+"/"):
		b, ok := s.Secret().Data[strings.TrimPrefix(path, configmap.SecretMount+"/")]
		return b, ok
	}
	v, ok := s.ConfigMap().Data[key]
	return []byte(v), ok
}

func checkShape(t *testing.T, step int, p demos.Prediction) {
	t.Helper()
	if len(p.Choices) < 2 || len(p.Choices) > 6 || p.Answer < 0 || p.Answer >= len(p.Choices) || p.Why == "" || p.Question == "" {
		t.Fatalf("step %d: malformed checkpoint %+v", step, p)
	}
	seen := map[string]bool{}
	for _, c := range p.Choices {
		if seen[c] {
			t.Fatalf("step %d: choice %q twice", step, c)
		}
		seen[c] = true
	}
}

// The default story asks at step 9 (before the sync at 05:01:25) and at
// step 12 (before the swap): the answer there is green.
func TestDefaultStoryCheckpoints(t *testing.T) {
	st, _ := open(url.Values{"step": {"12"}})
	p, ok := st.Prediction()
	if !ok || p.Question != qSwap+" /etc/config/APP_COLOR after it?" || p.Choices[p.Answer] != "green" {
		t.Fatalf("%+v %v", p, ok)
	}
	st, _ = open(url.Values{"step": {"9"}})
	if p, ok := st.Prediction(); !ok || p.Choices[p.Answer] != cSyncWrite {
		t.Fatalf("%+v %v", p, ok)
	}
}
