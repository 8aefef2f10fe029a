package pod

// `kubectl explain` output, rendered as kubectl v1.37's
// staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl renders
// it, compared with golden files in testdata/ (regenerate with
// `go test ./engine/pod/ -run TestExplainGolden -update` and review the diff).

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"
)

func TestExplainGolden(t *testing.T) {
	for _, tc := range []struct {
		path, golden string
		ok           bool
	}{
		{"spec.restartPolicy", "explain-spec.restartPolicy.golden", true},
		{"spec.containers[0].resources.limits", "explain-spec.containers.resources.limits.golden", true},
		{"metadata.labels", "explain-metadata.labels.golden", true},
		{"spec.containers", "explain-spec.containers.golden", true},
		{"spec.nonsense.field", "explain-unknown.golden", false},
	} {
		t.Run(tc.path, func(t *testing.T) {
			got, ok := Explain(tc.path)
			if ok != tc.ok {
				t.Fatalf("Explain(%q) ok = %v, want %v", tc.path, ok, tc.ok)
			}
			file := filepath.Join("testdata", tc.golden)
			golden.Check(t, file, got)
		})
	}
}

// Shapes of the template that do not need a golden file.
func TestExplainShapes(t *testing.T) {
	for _, tc := range []struct {
		path string
		has  []string
		ok   bool
	}{
		{"", []string{"KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    Pod is a collection of containers", "FIELDS:\n  apiVersion\t<string>\n", "  spec\t<PodSpec>\n"}, true},
		{"pods.spec", []string{"FIELD: spec <PodSpec>\n\n\nDESCRIPTION:", "  containers\t<[]Container> -required-\n", "  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n", "  dnsPolicy\t<string>\n  enum: ClusterFirst, ClusterFirstWithHostNet, Default, None\n"}, true},
		{"spec.containers.ports", []string{"FIELD: ports <[]ContainerPort>\n", "  containerPort\t<integer> -required-\n", "  protocol\t<string>\n  enum: SCTP, TCP, UDP\n"}, true},
		{"spec.containers[3].resources.requests", []string{"FIELD: requests <map[string]Quantity>\n"}, true},
		{"spec.initContainers.volumeMounts.mountPath", []string{"FIELD: mountPath <string>\n\n\nDESCRIPTION:\n    Path within the container at which the volume should be mounted."}, true},
		{"metadata.creationTimestamp", []string{"FIELD: creationTimestamp <string>\n", "Time is a wrapper around time.Time"}, true},
		{"spec.volumes.emptyDir", []string{"FIELD: emptyDir <EmptyDirVolumeSource>\n", "  sizeLimit\t<Quantity>\n"}, true},
		{"spec.terminationGracePeriodSeconds", []string{"FIELD: terminationGracePeriodSeconds <integer>\n"}, true},
		// Like kubectl, a map key is not a field.
		{"spec.containers[0].resources.limits.memory", []string{`error: field "memory" does not exist`}, false},
		{"metadata.labels.app", []string{`error: field "app" does not exist`}, false},
		{"spec.containers.image.tag", []string{`error: field "tag" does not exist`}, false},
	} {
		got, ok := Explain(tc.path)
		if ok != tc.ok {
			t.Errorf("Explain(%q) ok = %v, want %v:\n%s", tc.path, ok, tc.ok, got)
			continue
		}
		for _, h := range tc.has {
			if !strings.Contains(got, h) {
				t.Errorf("Explain(%q) lacks %q:\n%s", tc.path, h, got)
			}
		}
	}
}

func TestSplitExplainPath(t *testing.T) {
	for in, want := range map[string]string{
		"spec.containers[0].resources.limits":        "spec/containers/resources/limits",
		"pods.spec.containers":                       "spec/containers",
		"metadata.labels[app.kubernetes.io/name]":    "metadata/labels/app.kubernetes.io/name",
		"spec.containers[*].ports[12].containerPort": "spec/containers/ports/containerPort",
		"": "",
	} {
		if got := strings.Join(splitExplainPath(in), "/"); got != want {
			t.Errorf("splitExplainPath(%q) = %q, want %q", in, got, want)
		}
	}
}
