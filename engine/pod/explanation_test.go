package pod

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Every field the pod-spec demo lets a learner click has an explanation of
// two to four sentences, and any index or map-key spelling finds it.
func TestExplanationCoverage(t *testing.T) {
	for _, path := range []string{
		"apiVersion", "kind",
		"metadata.name", "metadata.labels", "metadata.namespace",
		"spec.containers", "spec.containers[0].name", "spec.containers[0].image",
		"spec.containers[0].ports", "spec.containers[0].ports[0].containerPort",
		"spec.containers[0].resources", "spec.containers[0].resources.requests",
		"spec.containers[0].resources.requests.cpu", "spec.containers[0].resources.requests.memory",
		"spec.containers[0].resources.limits", "spec.containers[0].resources.limits.cpu",
		"spec.containers[0].resources.limits.memory",
		"spec.containers[0].volumeMounts", "spec.containers[0].volumeMounts[0].mountPath",
		"spec.containers[0].command", "spec.containers[0].args", "spec.containers[0].env",
		"spec.initContainers", "spec.volumes", "spec.volumes[0].emptyDir",
		"spec.restartPolicy", "spec.terminationGracePeriodSeconds", "spec.nodeName",
	} {
		e := Explanation(path)
		if e == "" {
			t.Errorf("Explanation(%q) is empty", path)
			continue
		}
		if n := sentences(e); n < 1 || n > 4 {
			t.Errorf("Explanation(%q) has %d sentences, want 1 to 4: %q", path, n, e)
		}
		if !utf8.ValidString(e) || strings.Contains(e, "\n") {
			t.Errorf("Explanation(%q) should be one plain paragraph", path)
		}
	}
	// Same shape, any index, any spelling of a map key, init containers too.
	same := [][]string{
		{"spec.containers[0].resources.limits.memory", "spec.containers[7].resources.limits[memory]", "spec.containers[*].resources.limits.memory", "spec.initContainers[1].resources.limits.memory", "pods.spec.containers.resources.limits.memory"},
		{"spec.volumes[0].emptyDir", "spec.volumes[3].emptyDir"},
	}
	for _, group := range same {
		for _, p := range group[1:] {
			if Explanation(p) != Explanation(group[0]) {
				t.Errorf("Explanation(%q) differs from Explanation(%q)", p, group[0])
			}
		}
	}
	if Explanation("spec.containers[0].resources.limits.cpu") == Explanation("spec.containers[0].resources.limits.memory") {
		t.Error("cpu and memory limits need their own explanations")
	}
	if got := Explanation("spec.no.such.field"); got != "" {
		t.Errorf("unknown field: %q", got)
	}
}

// sentences counts sentence ends: a '.', '!' or '?' followed by a space
// and a capital letter, or the end of the text.
func sentences(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '.' && s[i] != '!' && s[i] != '?' {
			continue
		}
		if i == len(s)-1 || (i+2 < len(s) && s[i+1] == ' ' && s[i+2] >= 'A' && s[i+2] <= 'Z') {
			n++
		}
	}
	return n
}
