package pod

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// zz_generated.openapihints.go must match the k8s.io modules in go.mod:
// regenerate it and compare (skipped with -short; it runs the go tool).
func TestOpenAPIHintsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs `go run ./internal/openapihints`")
	}
	out := filepath.Join(t.TempDir(), "hints.go")
	cmd := exec.Command("go", "run", "./internal/openapihints", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/openapihints: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("zz_generated.openapihints.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("zz_generated.openapihints.go is stale: run `go generate ./engine/pod/`")
	}
}

// A few facts of the generated tables, from k8s.io/api core/v1 types.go.
func TestOpenAPIHints(t *testing.T) {
	if got := openAPIEnums["k8s.io/api/core/v1.RestartPolicy"].Values; !reflect.DeepEqual(got, []string{"Always", "Never", "OnFailure"}) {
		t.Errorf("RestartPolicy enum = %v", got)
	}
	for typ, name := range map[string]string{
		"k8s.io/api/core/v1.Container":     "name",
		"k8s.io/api/core/v1.PodSpec":       "containers",
		"k8s.io/api/core/v1.ContainerPort": "containerPort",
		"k8s.io/api/core/v1.VolumeMount":   "mountPath",
	} {
		found := false
		for _, n := range openAPIRequired[typ] {
			found = found || n == name
		}
		if !found {
			t.Errorf("%s.%s should be required, have %v", typ, name, openAPIRequired[typ])
		}
	}
	if d := openAPITypeDocs["k8s.io/apimachinery/pkg/api/resource.Quantity"]; len(d) < 100 {
		t.Errorf("Quantity description = %q", d)
	}
}
