package pod

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A plain pod gets what kube-apiserver's default mutating admission adds
// (plugin/pkg/admission/serviceaccount, defaulttolerationseconds, priority):
// the token volume and its mount, serviceAccountName default, the
// not-ready/unreachable NoExecute tolerations for 300s, priority 0 and
// PreemptLowerPriority.
func TestAdmittedPlainPod(t *testing.T) {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.25"}}}}
	got := map[string]string{}
	var order []string
	for _, d := range Admitted(p) {
		got[d.Field] = d.Value
		order = append(order, d.Field)
	}
	want := map[string]string{
		"spec.serviceAccountName": "default",
		"spec.serviceAccount":     "default",
		"spec.tolerations[0]":     "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
		"spec.tolerations[1]":     "node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
		"spec.priority":           "0",
		"spec.preemptionPolicy":   "PreemptLowerPriority",
	}
	for f, v := range want {
		if got[f] != v {
			t.Errorf("%s = %q, want %q", f, got[f], v)
		}
	}
	vol := got["spec.volumes[0]"]
	if !strings.HasPrefix(vol, "kube-api-access-") || len(strings.Fields(vol)[0]) != len("kube-api-access-")+5 {
		t.Errorf("spec.volumes[0] = %q, want kube-api-access- and 5 characters", vol)
	}
	if m := got["spec.containers[0].volumeMounts[0]"]; !strings.Contains(m, "/var/run/secrets/kubernetes.io/serviceaccount, readOnly") {
		t.Errorf("mount = %q", m)
	}
	if want := []string{"spec.volumes[0]", "spec.containers[0].volumeMounts[0]", "spec.serviceAccountName", "spec.serviceAccount", "spec.tolerations[0]", "spec.tolerations[1]", "spec.priority", "spec.preemptionPolicy"}; !equalStrings(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

// What the pod already says, admission leaves: no token mount with
// automountServiceAccountToken false, no toleration the pod already has
// (an empty key with Exists tolerates both taints), a system class's
// priority.
func TestAdmittedRespectsThePod(t *testing.T) {
	f := false
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.PodSpec{
		ServiceAccountName:           "builder",
		AutomountServiceAccountToken: &f,
		PriorityClassName:            "system-node-critical",
		Tolerations:                  []corev1.Toleration{{Operator: corev1.TolerationOpExists}},
		Containers:                   []corev1.Container{{Name: "c", Image: "x"}},
	}}
	var fields []string
	for _, d := range Admitted(p) {
		fields = append(fields, d.Field+"="+d.Value)
	}
	if want := []string{"spec.priority=2000001000", "spec.preemptionPolicy=PreemptLowerPriority"}; !equalStrings(fields, want) {
		t.Errorf("got %v, want %v", fields, want)
	}
	// One toleration for not-ready only: unreachable is still added, at index 1.
	p.Spec.Tolerations = []corev1.Toleration{{Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute}}
	found := false
	for _, d := range Admitted(p) {
		if strings.HasPrefix(d.Field, "spec.tolerations") {
			if d.Field != "spec.tolerations[1]" || !strings.HasPrefix(d.Value, "node.kubernetes.io/unreachable:") {
				t.Errorf("toleration %s = %s", d.Field, d.Value)
			}
			found = true
		}
	}
	if !found {
		t.Error("no unreachable toleration added")
	}
}
