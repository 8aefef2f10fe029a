package kubeproxy

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
)

// Service types the demo models.
const (
	TypeClusterIP = "ClusterIP"
	TypeNodePort  = "NodePort"
)

// Service is the one Service port kube-proxy programs here.
type Service struct {
	Namespace  string
	Name       string
	PortName   string // "" for an unnamed port
	Protocol   string // "TCP"
	Port       int    // spec.ports[0].port
	TargetPort int    // spec.ports[0].targetPort
	ClusterIP  string
	Type       string // ClusterIP or NodePort
	NodePort   int    // when Type is NodePort
}

// PortNameOf is the ServicePortName of the Service's port.
func (s Service) PortNameOf() ServicePortName {
	return ServicePortName{Namespace: s.Namespace, Name: s.Name, Port: s.PortName}
}

// Endpoint is one endpoint of the Service, as the EndpointSlice lists it.
type Endpoint struct {
	Pod   string // targetRef name, for the picture
	IP    string
	Port  int
	Ready bool // conditions.ready: a pod that fails its readiness probe is false
}

// String is the endpoint's "IP:port", as kube-proxy's BaseEndpointInfo
// prints it (net.JoinHostPort).
func (e Endpoint) String() string { return e.IP + ":" + strconv.Itoa(e.Port) }

// Config is the part of kube-proxy's configuration and node that the rules
// depend on. Defaults are kube-proxy's (and kubeadm's) defaults.
type Config struct {
	NodeName string
	NodeIP   string
	// ClusterCIDR is kube-proxy's --cluster-cidr: with detectLocalMode
	// ClusterCIDR, traffic from outside it is masqueraded.
	ClusterCIDR string
	// MasqueradeBit is iptables.masqueradeBit, 14 by default: mark 0x4000.
	MasqueradeBit int
	// LocalhostNodePorts is iptables.localhostNodePorts (default true):
	// NodePorts answer on 127.0.0.1 too.
	LocalhostNodePorts bool
	// NFAcct: the kernel has nfnetlink_acct, so kube-proxy adds its
	// nfacct counters to two rules.
	NFAcct bool
	// RandomFully: iptables supports MASQUERADE --random-fully (1.6.2+).
	RandomFully bool
}

// DefaultConfig is the node the demo runs on.
func DefaultConfig() Config {
	return Config{
		NodeName:           "node-1",
		NodeIP:             "192.168.1.10",
		ClusterCIDR:        "10.1.0.0/16",
		MasqueradeBit:      14,
		LocalhostNodePorts: true,
		NFAcct:             true,
		RandomFully:        true,
	}
}

// MasqueradeMark is the mark string kube-proxy builds in NewProxier:
// fmt.Sprintf("%#08x", 1<<masqueradeBit), which Go prints as "0x00004000"
// for bit 14. iptables-save prints the same mark as 0x4000.
func (c Config) MasqueradeMark() string {
	return fmt.Sprintf("%#08x", 1<<uint(c.MasqueradeBit))
}

// validate reports input the engine cannot use.
func (c Config) validate() error {
	if _, err := netip.ParseAddr(c.NodeIP); err != nil {
		return fmt.Errorf("node IP %q: %v", c.NodeIP, err)
	}
	if _, err := netip.ParsePrefix(c.ClusterCIDR); err != nil {
		return fmt.Errorf("cluster CIDR %q: %v", c.ClusterCIDR, err)
	}
	return nil
}

// SortEndpoints orders endpoints as kube-proxy's EndpointSliceCache does:
// by their "IP:port" string (pkg/proxy/endpointslicecache.go byEndpoint).
// It is a string sort, so 10.1.0.10:8080 comes before 10.1.0.2:8080.
func SortEndpoints(eps []Endpoint) []Endpoint {
	out := append([]Endpoint(nil), eps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// ReadyEndpoints are the endpoints traffic goes to: the ready ones (pkg/proxy
// topology.go CategorizeEndpoints; a pod that is not ready is neither ready
// nor serving, so the terminating fallback does not apply), in kube-proxy's
// order.
func ReadyEndpoints(eps []Endpoint) []Endpoint {
	var out []Endpoint
	for _, e := range SortEndpoints(eps) {
		if e.Ready {
			out = append(out, e)
		}
	}
	return out
}
