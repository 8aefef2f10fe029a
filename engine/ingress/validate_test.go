package ingress

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Checks the parts of the API server's validation the data-driven DSL
// cannot write: resource backends and labels. Expected messages are
// upstream's text: kubernetes pkg/apis/networking/validation/validation.go
// (validateIngressTypedLocalObjectReference: content.IsPathSegmentName,
// whose messages are "may not be '..'" and "may not contain '/'" in
// apimachinery pkg/api/validate/content/path.go) and
// apivalidation.ValidateObjectMeta (apimachinery
// pkg/api/validation/objectmeta.go: labels, then annotations).
func TestValidateResourceBackendAndMeta(t *testing.T) {
	prefix := networkingv1.PathTypePrefix
	group := "k8s.example.com"
	ing := &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{
			Name: "static", Namespace: "default",
			Labels:      map[string]string{"app": "-web"},
			Annotations: map[string]string{"Bad Key": "x"},
		},
		Spec: networkingv1.IngressSpec{
			DefaultBackend: &networkingv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{APIGroup: &group, Kind: "Storage/Bucket", Name: ".."}},
			Rules: []networkingv1.IngressRule{{IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{Path: "/", PathType: &prefix, Backend: networkingv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{Kind: "StorageBucket", Name: "icons"}}}},
			}}}},
		},
	}
	var got []string
	for _, e := range Validate(ing) {
		got = append(got, e.Error())
	}
	want := []string{
		`metadata.labels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
		`metadata.annotations: Invalid value: "Bad Key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
		`spec.defaultBackend.resource.kind: Invalid value: "Storage/Bucket": may not contain '/'`,
		`spec.defaultBackend.resource.name: Invalid value: "..": may not be '..'`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
}

// A host that netutils.ParseIPSloppy reads as an IPv4 address is refused,
// leading zeros and all (k8s.io/utils forked net parseIPv4: each part up to
// 255, any number of digits); validateIngressRules' message.
func TestValidateHostSloppyIP(t *testing.T) {
	prefix := networkingv1.PathTypePrefix
	for host, isIP := range map[string]bool{"10.0.0.1": true, "010.000.0.01": true, "0010.0.0.1": true, "10.0.0.256": false, "10.0.0": false} {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "default"}, Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
			Paths: []networkingv1.HTTPIngressPath{{Path: "/", PathType: &prefix, Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}}}},
		}}}}}}
		got := false
		for _, e := range Validate(ing) {
			got = got || e.Error() == `spec.rules[0].host: Invalid value: "`+host+`": must be a DNS name, not an IP address`
		}
		if got != isIP {
			t.Errorf("%s: refused as an IP address: %v, want %v", host, got, isIP)
		}
	}
}
