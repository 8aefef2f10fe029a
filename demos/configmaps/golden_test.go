package configmaps

// Golden replays of the demo's scenarios: a URL and the actions a learner
// takes; the narration after each action and the text view at the end (the
// rendered env and ls -la) are written to testdata/configmaps.golden. They
// follow kubernetes pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables),
// pkg/volume/util/atomic_writer.go and pkg/kubelet/pod_workers.go;
// regenerate with go test ./demos/configmaps/ -update and review the diff.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"

	"github.com/kubeviz/kubeviz/demos"
)

type scenario struct {
	name    string
	query   string
	actions []demos.Action
}

func steps(n int) []demos.Action {
	var out []demos.Action
	for range n {
		out = append(out, demos.Action{Kind: "step"})
	}
	return out
}

func then(a []demos.Action, b ...demos.Action) []demos.Action {
	return append(append([]demos.Action(nil), a...), b...)
}

var scenarios = []scenario{
	{"volume: the story, to the swap and past it", "", steps(16)},
	{"env: the edit never reaches the running container; a new pod sees it", "mode=env", then(steps(12), demos.Action{Kind: "act", Value: "replace"})},
	{"immutable ConfigMap refuses the edit", "immutable=true", steps(3)},
	{"bad base64 in data, then stringData", "do=", []demos.Action{{Kind: "edit", Key: "data", Value: "DB_PASSWORD=s3cret!"}, {Kind: "edit", Key: "stringData", Value: "DB_PASSWORD=n3w-pass"}}},
	{"over 1 MiB", "do=", []demos.Action{{Kind: "act", Value: "cm-big"}}},
	{"a key removed: its symlink goes in phase 4", "do=0:cm-del:APP_MODE", steps(14)},
	{"subPath never changes", "do=0:cm:nginx.conf=server%20%7B%0A%20%20%20%20listen%208080%3B%0A%7D%0A", steps(14)},
	{"env: a missing key, fixed by adding it", "mode=env&break=key&do=", then(steps(2), demos.Action{Kind: "edit", Key: "cm", Value: "log_levle=debug"}, demos.Action{Kind: "step"})},
	{"volume: a missing ConfigMap", "break=configmap&do=", steps(4)},
	{"secret defaultMode 0400", "secretMode=0400&do=", nil},
	{"kubectl create secret generic with a bad key", "literals=DB%20PASSWORD%3Dx", nil},
}

func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, sc := range scenarios {
		q, err := url.ParseQuery(sc.query)
		if err != nil {
			t.Fatal(err)
		}
		st, probs := Open(q)
		if len(probs) > 0 {
			t.Fatalf("%s: %v", sc.name, probs)
		}
		fmt.Fprintf(&b, "=== %s (?%s)\n0. %s\n", sc.name, sc.query, st.Narration())
		for i, a := range sc.actions {
			if err := st.Apply(a); err != nil {
				t.Fatalf("%s: action %d %+v: %v", sc.name, i+1, a, err)
			}
			fmt.Fprintf(&b, "%d. %s\n", i+1, st.Narration())
		}
		fmt.Fprintf(&b, "\n%s\n", st.Text())
	}
	path := "testdata/configmaps.golden"
	golden.Check(t, path, b.String())
}
