// Package netpol evaluates Kubernetes NetworkPolicies the way the API
// documents them, for a small cluster of labelled pods in labelled
// namespaces: which connections are allowed, and which policy and rule
// allows each one or why it is denied.
//
// It follows, for Kubernetes v1.37 (k8s.io/api v0.37):
//   - the semantics in the field documentation of
//     staging/src/k8s.io/api/networking/v1/types.go (NetworkPolicySpec,
//     NetworkPolicyIngressRule, NetworkPolicyEgressRule, NetworkPolicyPeer,
//     NetworkPolicyPort) and the concept page
//     kubernetes/website content/en/docs/concepts/services-networking/network-policies.md
//     (isolation per direction, the union of rules, a pod can always reach
//     itself, replies of allowed connections are allowed);
//   - the reference implementation used by Kubernetes' own e2e tests,
//     kubernetes-sigs/kube-network-policies pkg/pipeline/networkpolicy.go
//     (evaluatePolicyDirection, evaluateSelectors, evaluatePorts,
//     evaluateIPBlocks): egress is checked on the source pod, ingress on the
//     destination pod, and both must allow;
//   - the API server's defaulting and validation:
//     pkg/apis/networking/v1/defaults.go and
//     pkg/apis/networking/validation/validation.go (ValidateNetworkPolicy);
//   - kubectl describe networkpolicy:
//     staging/src/k8s.io/kubectl/pkg/describe/describe.go
//     (describeNetworkPolicySpec).
//
// Label selectors are apimachinery's (metav1.LabelSelectorAsSelector), as in
// every implementation.
//
// The package is pure: no I/O, no clock, no randomness.
package netpol
