package netpol

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	netutils "k8s.io/utils/net"
)

// Defaulted is one default the API server filled in.
type Defaulted struct {
	Path  string // "spec.policyTypes"
	Value string // what it was set to
	Why   string
}

// WithDefaults returns a copy of np with the defaults the API server sets
// (pkg/apis/networking/v1/defaults.go): a port without protocol gets TCP
// (SetDefaults_NetworkPolicyPort); a policy without policyTypes gets
// ["Ingress"], plus "Egress" when it has egress rules
// (SetDefaults_NetworkPolicy).
func WithDefaults(in *networkingv1.NetworkPolicy) (*networkingv1.NetworkPolicy, []Defaulted) {
	np := in.DeepCopy()
	var out []Defaulted
	tcpDefault := func(ports []networkingv1.NetworkPolicyPort, path string) {
		for i := range ports {
			if ports[i].Protocol == nil {
				p := corev1.ProtocolTCP
				ports[i].Protocol = &p
				out = append(out, Defaulted{Path: fmt.Sprintf("%s.ports[%d].protocol", path, i), Value: "TCP", Why: "a port without protocol means TCP"})
			}
		}
	}
	for i := range np.Spec.Ingress {
		tcpDefault(np.Spec.Ingress[i].Ports, fmt.Sprintf("spec.ingress[%d]", i))
	}
	for i := range np.Spec.Egress {
		tcpDefault(np.Spec.Egress[i].Ports, fmt.Sprintf("spec.egress[%d]", i))
	}
	if len(np.Spec.PolicyTypes) == 0 {
		// Any policy that does not specify policyTypes implies at least
		// "Ingress".
		np.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
		why := "no policyTypes: every policy affects Ingress"
		if len(np.Spec.Egress) != 0 {
			np.Spec.PolicyTypes = append(np.Spec.PolicyTypes, networkingv1.PolicyTypeEgress)
			why += ", and this one has egress rules, so Egress too"
		} else {
			why += "; Egress only with egress rules, and this one has none"
		}
		out = append(out, Defaulted{Path: "spec.policyTypes", Value: policyTypesString(np.Spec.PolicyTypes), Why: why})
	}
	return np, out
}

func policyTypesString(pts []networkingv1.PolicyType) string {
	var s []string
	for _, p := range pts {
		s = append(s, string(p))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// Validate is the API server's validation of a NetworkPolicy on create,
// pkg/apis/networking/validation/validation.go ValidateNetworkPolicy, with
// the options of a create (ValidationOptionsForNetworking(new, nil):
// AllowInvalidLabelValueInSelector false) and the messages of apimachinery's
// field package. Call it on WithDefaults' result, as the API server
// validates the defaulted object.
func Validate(np *networkingv1.NetworkPolicy) field.ErrorList {
	allErrs := apimachineryvalidation.ValidateObjectMeta(&np.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	allErrs = append(allErrs, validateSpec(&np.Spec, field.NewPath("spec"))...)
	return allErrs
}

var selectorOpts = metav1validation.LabelSelectorValidationOptions{AllowInvalidLabelValueInSelector: false}

// validatePort is ValidateNetworkPolicyPort.
func validatePort(port *networkingv1.NetworkPolicyPort, portPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if port.Protocol != nil && *port.Protocol != corev1.ProtocolTCP && *port.Protocol != corev1.ProtocolUDP && *port.Protocol != corev1.ProtocolSCTP {
		allErrs = append(allErrs, field.NotSupported(portPath.Child("protocol"), *port.Protocol, []string{string(corev1.ProtocolTCP), string(corev1.ProtocolUDP), string(corev1.ProtocolSCTP)}))
	}
	if port.Port != nil {
		if port.Port.Type == intstr.Int {
			for _, msg := range validation.IsValidPortNum(int(port.Port.IntVal)) {
				allErrs = append(allErrs, field.Invalid(portPath.Child("port"), port.Port.IntVal, msg))
			}
			if port.EndPort != nil {
				if *port.EndPort < port.Port.IntVal {
					// The bad value is endPort since kubernetes PR #137960
					// (merged March 2026, before v1.37); older releases
					// reported port.Port.IntVal here.
					allErrs = append(allErrs, field.Invalid(portPath.Child("endPort"), *port.EndPort, "must be greater than or equal to `port`"))
				}
				for _, msg := range validation.IsValidPortNum(int(*port.EndPort)) {
					allErrs = append(allErrs, field.Invalid(portPath.Child("endPort"), *port.EndPort, msg))
				}
			}
		} else {
			if port.EndPort != nil {
				allErrs = append(allErrs, field.Invalid(portPath.Child("endPort"), *port.EndPort, "may not be specified when `port` is non-numeric"))
			}
			for _, msg := range validation.IsValidPortName(port.Port.StrVal) {
				allErrs = append(allErrs, field.Invalid(portPath.Child("port"), port.Port.StrVal, msg))
			}
		}
	} else if port.EndPort != nil {
		allErrs = append(allErrs, field.Invalid(portPath.Child("endPort"), *port.EndPort, "may not be specified when `port` is not specified"))
	}
	return allErrs
}

// validatePeer is ValidateNetworkPolicyPeer.
func validatePeer(peer *networkingv1.NetworkPolicyPeer, peerPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	numPeers := 0
	if peer.PodSelector != nil {
		numPeers++
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(peer.PodSelector, selectorOpts, peerPath.Child("podSelector"))...)
	}
	if peer.NamespaceSelector != nil {
		numPeers++
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(peer.NamespaceSelector, selectorOpts, peerPath.Child("namespaceSelector"))...)
	}
	if peer.IPBlock != nil {
		numPeers++
		allErrs = append(allErrs, validateIPBlock(peer.IPBlock, peerPath.Child("ipBlock"))...)
	}
	if numPeers == 0 {
		allErrs = append(allErrs, field.Required(peerPath, "must specify a peer"))
	} else if numPeers > 1 && peer.IPBlock != nil {
		allErrs = append(allErrs, field.Forbidden(peerPath, "may not specify both ipBlock and another peer"))
	}
	return allErrs
}

// validateSpec is ValidateNetworkPolicySpec.
func validateSpec(spec *networkingv1.NetworkPolicySpec, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	allErrs = append(allErrs, metav1validation.ValidateLabelSelector(&spec.PodSelector, selectorOpts, fldPath.Child("podSelector"))...)
	for i, ingress := range spec.Ingress {
		ingressPath := fldPath.Child("ingress").Index(i)
		for i, port := range ingress.Ports {
			allErrs = append(allErrs, validatePort(&port, ingressPath.Child("ports").Index(i))...)
		}
		for i, from := range ingress.From {
			allErrs = append(allErrs, validatePeer(&from, ingressPath.Child("from").Index(i))...)
		}
	}
	for i, egress := range spec.Egress {
		egressPath := fldPath.Child("egress").Index(i)
		for i, port := range egress.Ports {
			allErrs = append(allErrs, validatePort(&port, egressPath.Child("ports").Index(i))...)
		}
		for i, to := range egress.To {
			allErrs = append(allErrs, validatePeer(&to, egressPath.Child("to").Index(i))...)
		}
	}
	allowed := []string{string(networkingv1.PolicyTypeIngress), string(networkingv1.PolicyTypeEgress)}
	if len(spec.PolicyTypes) > len(allowed) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("policyTypes"), &spec.PolicyTypes, "may not specify more than two policyTypes"))
		return allErrs
	}
	for i, pType := range spec.PolicyTypes {
		if !slices.Contains(allowed, string(pType)) {
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("policyTypes").Index(i), pType, allowed))
		}
	}
	return allErrs
}

// strictIPCIDRValidation is the StrictIPCIDRValidation feature gate of
// kube-apiserver in v1.37: Beta and on by default since v1.36 (kubernetes
// PR #137053, KEP-4858; pkg/features/kube_features.go; "No change for 1.37.
// Planned to be GA in 1.38" on kubernetes/enhancements#4858).
const strictIPCIDRValidation = true

// validateIPBlock is ValidateIPBlock. The CIDRs are checked by
// apivalidation.IsValidCIDRForLegacyField (pkg/apis/core/validation), which
// passes the StrictIPCIDRValidation feature gate on to apimachinery's
// validation.IsValidCIDRForLegacyField (staging/src/k8s.io/apimachinery/pkg/
// util/validation/ip.go parseCIDR). With the gate on, as in v1.37, a CIDR
// with bits set beyond the prefix length (10.0.0.1/8), leading zeros
// (010.0.0.0/8) or an IPv4-mapped IPv6 address is refused. A new policy has
// no old CIDRs to ratchet against (validOldCIDRs nil).
func validateIPBlock(ipb *networkingv1.IPBlock, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if ipb.CIDR == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("cidr"), ""))
		return allErrs
	}
	allErrs = append(allErrs, validation.IsValidCIDRForLegacyField(fldPath.Child("cidr"), ipb.CIDR, strictIPCIDRValidation, nil)...)
	_, cidrIPNet, err := netutils.ParseCIDRSloppy(ipb.CIDR)
	if err != nil {
		return allErrs
	}
	for i, exceptCIDRStr := range ipb.Except {
		exceptPath := fldPath.Child("except").Index(i)
		allErrs = append(allErrs, validation.IsValidCIDRForLegacyField(exceptPath, exceptCIDRStr, strictIPCIDRValidation, nil)...)
		_, exceptCIDR, err := netutils.ParseCIDRSloppy(exceptCIDRStr)
		if err != nil {
			continue
		}
		cidrMaskLen, _ := cidrIPNet.Mask.Size()
		exceptMaskLen, _ := exceptCIDR.Mask.Size()
		if !cidrIPNet.Contains(exceptCIDR.IP) || cidrMaskLen >= exceptMaskLen {
			allErrs = append(allErrs, field.Invalid(exceptPath, exceptCIDRStr, "must be a strict subset of `cidr`"))
		}
	}
	return allErrs
}

// InvalidMessage is what kubectl prints when the API server refuses a
// policy as invalid: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go
// checkErr (`The %s %q is invalid`, then MultilineError: one cause on the
// same line, several as "* " lines; duplicate causes are dropped by
// statusCausesToAggrError).
func InvalidMessage(name string, errs field.ErrorList) string {
	prefix := fmt.Sprintf("The %s %q is invalid: ", "NetworkPolicy", name)
	var msgs []string
	seen := map[string]bool{}
	for _, e := range errs {
		m := e.Error()
		if !seen[m] {
			seen[m] = true
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 1 {
		return prefix + msgs[0]
	}
	var b strings.Builder
	b.WriteString(prefix)
	for _, m := range msgs {
		b.WriteString("\n* " + m)
	}
	return b.String()
}

// Created is kubectl apply's line for a new policy
// (staging/src/k8s.io/kubectl/pkg/cmd/apply: "<resource>.<group>/<name>
// created").
func Created(name string) string {
	return "networkpolicy.networking.k8s.io/" + name + " created"
}
