package netpol

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The preset policies, by name. The demo writes each one as YAML; its
// tests check that the YAML decodes to exactly these values.
const (
	// APIPolicy is the outline's api-policy: api accepts frontend on 8080
	// and may reach database on 5432 and CoreDNS on UDP 53 (only UDP).
	APIPolicy = "api-policy"
	// DefaultDeny selects every pod of namespace default for both
	// directions and allows nothing: the usual starting point.
	DefaultDeny = "default-deny"
	// AllowDNS lets every pod of default reach CoreDNS on UDP and TCP 53.
	AllowDNS = "allow-dns"
	// MetricsAnd lets Prometheus scrape api's named port metrics: one from
	// entry with namespaceSelector AND podSelector.
	MetricsAnd = "metrics-and"
	// MetricsOr is the same selectors in two from entries: namespace
	// monitoring OR app=prometheus in default.
	MetricsOr = "metrics-or"
	// AllowFrontend lets frontend reach api on 8080 once egress is denied.
	AllowFrontend = "frontend-egress"
)

// PresetNames lists the presets in the order the demo shows them.
var PresetNames = []string{APIPolicy, DefaultDeny, AllowDNS, AllowFrontend, MetricsAnd, MetricsOr}

func sel(kv ...string) *metav1.LabelSelector {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return &metav1.LabelSelector{MatchLabels: m}
}

func port(proto corev1.Protocol, p intstr.IntOrString) networkingv1.NetworkPolicyPort {
	return networkingv1.NetworkPolicyPort{Protocol: &proto, Port: &p}
}

// Preset returns the preset policy called name as the API server stores it
// (with its defaults: protocol TCP where none is written; policyTypes as
// written), or nil.
func Preset(name string) *networkingv1.NetworkPolicy {
	np := &networkingv1.NetworkPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default"},
	}
	both := []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress}
	switch name {
	case APIPolicy:
		// ../shared/seed: the outline's policy, its indentation restored.
		// It has no metadata.namespace: kubectl apply sends it to the
		// context's namespace, default. Its DNS peer is one entry with
		// namespaceSelector: {} and podSelector k8s-app=kube-dns (CoreDNS
		// "in any namespace", as the outline says).
		np.Spec = networkingv1.NetworkPolicySpec{
			PodSelector: *sel("app", "api"),
			PolicyTypes: both,
			Ingress: []networkingv1.NetworkPolicyIngressRule{{
				From:  []networkingv1.NetworkPolicyPeer{{PodSelector: sel("app", "frontend")}},
				Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, intstr.FromInt32(8080))},
			}},
			Egress: []networkingv1.NetworkPolicyEgressRule{
				{
					To:    []networkingv1.NetworkPolicyPeer{{PodSelector: sel("app", "database")}},
					Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, intstr.FromInt32(5432))},
				},
				{
					To:    []networkingv1.NetworkPolicyPeer{{NamespaceSelector: &metav1.LabelSelector{}, PodSelector: sel("k8s-app", "kube-dns")}},
					Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolUDP, intstr.FromInt32(53))},
				},
			},
		}
	case DefaultDeny:
		np.Spec = networkingv1.NetworkPolicySpec{PodSelector: metav1.LabelSelector{}, PolicyTypes: both}
	case AllowDNS:
		np.Spec = networkingv1.NetworkPolicySpec{
			PodSelector: metav1.LabelSelector{},
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeEgress},
			Egress: []networkingv1.NetworkPolicyEgressRule{{
				To: []networkingv1.NetworkPolicyPeer{{
					NamespaceSelector: sel(LabelNamespaceName, "kube-system"),
					PodSelector:       sel("k8s-app", "kube-dns"),
				}},
				Ports: []networkingv1.NetworkPolicyPort{
					port(corev1.ProtocolUDP, intstr.FromInt32(53)),
					port(corev1.ProtocolTCP, intstr.FromInt32(53)),
				},
			}},
		}
	case AllowFrontend:
		np.Spec = networkingv1.NetworkPolicySpec{
			PodSelector: *sel("app", "frontend"),
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeEgress},
			Egress: []networkingv1.NetworkPolicyEgressRule{{
				To:    []networkingv1.NetworkPolicyPeer{{PodSelector: sel("app", "api")}},
				Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, intstr.FromString("http"))},
			}},
		}
	case MetricsAnd, MetricsOr:
		peers := []networkingv1.NetworkPolicyPeer{{
			NamespaceSelector: sel(LabelNamespaceName, "monitoring"),
			PodSelector:       sel("app", "prometheus"),
		}}
		if name == MetricsOr {
			peers = []networkingv1.NetworkPolicyPeer{
				{NamespaceSelector: sel(LabelNamespaceName, "monitoring")},
				{PodSelector: sel("app", "prometheus")},
			}
		}
		np.Spec = networkingv1.NetworkPolicySpec{
			PodSelector: *sel("app", "api"),
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
			Ingress: []networkingv1.NetworkPolicyIngressRule{{
				From:  peers,
				Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, intstr.FromString("metrics"))},
			}},
		}
	default:
		return nil
	}
	return np
}
