package kubeproxy

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"math"
	"strings"
)

// Chain name prefixes, from kubernetes pkg/proxy/iptables/proxier.go.
const (
	ServicePortPolicyClusterChainNamePrefix = "KUBE-SVC-"
	ServiceExternalChainNamePrefix          = "KUBE-EXT-"
	ServicePortEndpointChainNamePrefix      = "KUBE-SEP-"
)

// The fixed chains kube-proxy owns (proxier.go's kube*Chain constants).
const (
	KubeServicesChain         = "KUBE-SERVICES"
	KubeExternalServicesChain = "KUBE-EXTERNAL-SERVICES"
	KubeNodePortsChain        = "KUBE-NODEPORTS"
	KubePostroutingChain      = "KUBE-POSTROUTING"
	KubeMarkMasqChain         = "KUBE-MARK-MASQ"
	KubeForwardChain          = "KUBE-FORWARD"
	KubeProxyFirewallChain    = "KUBE-PROXY-FIREWALL"
	KubeProxyCanaryChain      = "KUBE-PROXY-CANARY"
	KubeletFirewallChain      = "KUBE-FIREWALL"
	KubeletCanaryChain        = "KUBE-KUBELET-CANARY"
)

// The nfacct counters kube-proxy uses (pkg/proxy/metrics).
const (
	LocalhostNodePortAcceptedNFAcctCounter     = "localhost_nps_accepted_pkts"
	IPTablesCTStateInvalidDroppedNFAcctCounter = "ct_state_invalid_dropped_pkts"
)

// ServicePortName is what kube-proxy calls a Service port: namespace, name
// and the port's name. Its String() is "default/web-service" for an unnamed
// port and "default/web-service:http" for a named one (pkg/proxy/types.go,
// fmtPortName).
type ServicePortName struct {
	Namespace, Name, Port string
}

func (s ServicePortName) String() string {
	if s.Port == "" {
		return s.Namespace + "/" + s.Name
	}
	return s.Namespace + "/" + s.Name + ":" + s.Port
}

// portProtoHash is proxier.go's portProtoHash: base32 of the SHA-256 of the
// service port name followed by the lower-case protocol, cut to 16
// characters. Chain names must be at most 28 characters long.
//
// "default/web-service" + "tcp" hashes to SZGXCNNBZLC4E3DM.
func portProtoHash(servicePortName, protocol string) string {
	hash := sha256.Sum256([]byte(servicePortName + protocol))
	encoded := base32.StdEncoding.EncodeToString(hash[:])
	return encoded[:16]
}

// ServicePortPolicyClusterChain is the KUBE-SVC-XXXX chain of a service port
// (proxier.go servicePortPolicyClusterChain). protocol is lower case ("tcp").
func ServicePortPolicyClusterChain(servicePortName, protocol string) string {
	return ServicePortPolicyClusterChainNamePrefix + portProtoHash(servicePortName, protocol)
}

// ServiceExternalChainName is the KUBE-EXT-XXXX chain (proxier.go
// serviceExternalChainName): the same hash as KUBE-SVC-XXXX.
func ServiceExternalChainName(servicePortName, protocol string) string {
	return ServiceExternalChainNamePrefix + portProtoHash(servicePortName, protocol)
}

// ServicePortEndpointChainName is the KUBE-SEP-XXXX chain of one endpoint
// (proxier.go servicePortEndpointChainName): the hash of the service port
// name, the protocol and the endpoint "IP:port".
func ServicePortEndpointChainName(servicePortName, protocol, endpoint string) string {
	hash := sha256.Sum256([]byte(servicePortName + protocol + endpoint))
	encoded := base32.StdEncoding.EncodeToString(hash[:])
	return ServicePortEndpointChainNamePrefix + encoded[:16]
}

// Probability is what kube-proxy writes after --probability for a rule with
// n endpoints still to choose from (proxier.go computeProbability):
// fmt.Sprintf("%0.10f", 1.0/float64(n)). With 3 endpoints the first rule
// gets 0.3333333333, the second 0.5000000000, the last no statistic match.
func Probability(n int) string {
	return fmt.Sprintf("%0.10f", 1.0/float64(n))
}

// KernelProbability is the 31-bit value iptables stores in the kernel for
// --probability p: lround(0x80000000 * p) (iptables
// extensions/libxt_statistic.c statistic_parse).
func KernelProbability(p float64) uint32 {
	return uint32(math.Round(0x80000000 * p))
}

// SavedProbability is how iptables-save prints a stored probability:
// "%.11f" of stored/0x80000000 (libxt_statistic.c print_match). The
// 0.3333333333 kube-proxy writes comes back as 0.33333333349.
func SavedProbability(stored uint32) string {
	return fmt.Sprintf("%.11f", float64(stored)/0x80000000)
}

// lowerProtocol is how kube-proxy spells a protocol in rules and hashes.
func lowerProtocol(p string) string { return strings.ToLower(p) }
