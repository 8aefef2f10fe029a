package netpol

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	netutils "k8s.io/utils/net"
)

// Namespace is a namespace and its labels.
type Namespace struct {
	Name   string
	Labels map[string]string
}

// Pod is a running pod: where it is, its labels, its IP and the ports its
// containers declare (their names are what a named port in a policy
// refers to).
type Pod struct {
	Namespace string
	Name      string
	IP        string
	Labels    map[string]string
	Ports     []corev1.ContainerPort
}

// Key is "namespace/name".
func (p *Pod) Key() string { return p.Namespace + "/" + p.Name }

// Outside is an address outside the cluster.
type Outside struct {
	Name string // what it is, for people: "example.com"
	IP   string
}

// Cluster is the world the policies apply to.
type Cluster struct {
	Namespaces []Namespace
	Pods       []Pod
	Outside    []Outside
	PodCIDR    string // where pod IPs come from, for the text
}

// Namespace returns the namespace called name, or nil.
func (c *Cluster) Namespace(name string) *Namespace {
	for i := range c.Namespaces {
		if c.Namespaces[i].Name == name {
			return &c.Namespaces[i]
		}
	}
	return nil
}

// Pod returns the pod "namespace/name" (or just "name" when it is unique),
// or nil.
func (c *Cluster) Pod(key string) *Pod {
	var found *Pod
	for i := range c.Pods {
		p := &c.Pods[i]
		if p.Key() == key {
			return p
		}
		if p.Name == key {
			if found != nil {
				return nil
			}
			found = p
		}
	}
	return found
}

// Endpoint returns the pod or outside address called name.
func (c *Cluster) Endpoint(name string) (Endpoint, bool) {
	if p := c.Pod(name); p != nil {
		return Endpoint{Pod: p, IP: p.IP}, true
	}
	for _, o := range c.Outside {
		if o.Name == name || o.IP == name {
			return Endpoint{IP: o.IP, Name: o.Name}, true
		}
	}
	return Endpoint{}, false
}

// Endpoint is one end of a connection: a pod, or an address outside the
// cluster (Pod nil).
type Endpoint struct {
	Pod  *Pod
	IP   string
	Name string // for an outside address
}

// String names the endpoint as the text shows it: "default/api" or
// "example.com (203.0.113.10)".
func (e Endpoint) String() string {
	if e.Pod != nil {
		return e.Pod.Key()
	}
	if e.Name != "" {
		return fmt.Sprintf("%s (%s)", e.Name, e.IP)
	}
	return e.IP
}

// Short is the pod's name or the outside name.
func (e Endpoint) Short() string {
	if e.Pod != nil {
		return e.Pod.Name
	}
	if e.Name != "" {
		return e.Name
	}
	return e.IP
}

// The example cluster's names. The namespaces carry the label the API
// server sets on every namespace, kubernetes.io/metadata.name (the
// NamespaceDefaultLabelName feature, GA since v1.22), which is how a
// policy selects a namespace by name.
const (
	LabelNamespaceName = "kubernetes.io/metadata.name"

	ExampleOutsideName = "example.com"
	ExampleOutsideIP   = "203.0.113.10" // TEST-NET-3 (RFC 5737)
)

func tcp(name string, port int32) corev1.ContainerPort {
	return corev1.ContainerPort{Name: name, ContainerPort: port, Protocol: corev1.ProtocolTCP}
}

func udp(name string, port int32) corev1.ContainerPort {
	return corev1.ContainerPort{Name: name, ContainerPort: port, Protocol: corev1.ProtocolUDP}
}

// ExampleCluster is the world of the demo: the outline's three tiers in
// namespace default, Prometheus and Grafana in monitoring, and CoreDNS in
// kube-system with the labels and ports of kubeadm's CoreDNS Deployment
// (cmd/kubeadm/app/phases/addons/dns/manifests.go: k8s-app: kube-dns, ports
// dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP).
func ExampleCluster() *Cluster {
	ns := func(name string, extra ...string) Namespace {
		l := map[string]string{LabelNamespaceName: name}
		for i := 0; i+1 < len(extra); i += 2 {
			l[extra[i]] = extra[i+1]
		}
		return Namespace{Name: name, Labels: l}
	}
	return &Cluster{
		PodCIDR: "10.244.0.0/16",
		Namespaces: []Namespace{
			ns("default"),
			ns("monitoring", "team", "observability"),
			ns("kube-system"),
		},
		Pods: []Pod{
			{Namespace: "default", Name: "frontend", IP: "10.244.1.10", Labels: map[string]string{"app": "frontend"}, Ports: []corev1.ContainerPort{tcp("http", 80)}},
			{Namespace: "default", Name: "api", IP: "10.244.1.11", Labels: map[string]string{"app": "api"}, Ports: []corev1.ContainerPort{tcp("http", 8080), tcp("metrics", 9090)}},
			{Namespace: "default", Name: "database", IP: "10.244.1.12", Labels: map[string]string{"app": "database"}, Ports: []corev1.ContainerPort{tcp("postgres", 5432)}},
			{Namespace: "monitoring", Name: "prometheus", IP: "10.244.2.20", Labels: map[string]string{"app": "prometheus"}, Ports: []corev1.ContainerPort{tcp("web", 9090)}},
			{Namespace: "monitoring", Name: "grafana", IP: "10.244.2.21", Labels: map[string]string{"app": "grafana"}, Ports: []corev1.ContainerPort{tcp("http", 3000)}},
			{Namespace: "kube-system", Name: "coredns", IP: "10.244.0.2", Labels: map[string]string{"k8s-app": "kube-dns"}, Ports: []corev1.ContainerPort{udp("dns", 53), tcp("dns-tcp", 53), tcp("metrics", 9153)}},
		},
		Outside: []Outside{{Name: ExampleOutsideName, IP: ExampleOutsideIP}},
	}
}

// Target is a column of the matrix: a destination and a port on it.
type Target struct {
	To       Endpoint
	Port     int32
	Protocol corev1.Protocol
	PortName string // the container port's name, "" outside the cluster
}

// String is "api:8080/TCP".
func (t Target) String() string {
	return fmt.Sprintf("%s:%d/%s", t.To.Short(), t.Port, t.Protocol)
}

// Targets are the matrix's columns: every port a pod declares (but the
// metrics ports of CoreDNS, to keep the matrix small), then each outside
// address on HTTPS.
func (c *Cluster) Targets() []Target {
	var out []Target
	for i := range c.Pods {
		p := &c.Pods[i]
		for _, cp := range p.Ports {
			if p.Labels["k8s-app"] == "kube-dns" && cp.Name == "metrics" {
				continue
			}
			if p.Labels["app"] == "prometheus" || p.Labels["app"] == "grafana" {
				continue // clients in this story; nobody connects to them
			}
			out = append(out, Target{To: Endpoint{Pod: p, IP: p.IP}, Port: cp.ContainerPort, Protocol: protocolOf(cp), PortName: cp.Name})
		}
	}
	for _, o := range c.Outside {
		out = append(out, Target{To: Endpoint{IP: o.IP, Name: o.Name}, Port: 443, Protocol: corev1.ProtocolTCP})
	}
	return out
}

// protocolOf is a container port's protocol; the API server defaults an
// empty one to TCP (pkg/apis/core/v1/defaults.go SetDefaults_ContainerPort).
func protocolOf(cp corev1.ContainerPort) corev1.Protocol {
	if cp.Protocol == "" {
		return corev1.ProtocolTCP
	}
	return cp.Protocol
}

// Describe prints the cluster as text: namespaces with their labels, pods
// with theirs, their IPs and ports.
func (c *Cluster) Describe() string {
	var b strings.Builder
	for _, ns := range c.Namespaces {
		fmt.Fprintf(&b, "namespace %s [%s]\n", ns.Name, labels.Set(ns.Labels).String())
		for i := range c.Pods {
			p := &c.Pods[i]
			if p.Namespace != ns.Name {
				continue
			}
			var ports []string
			for _, cp := range p.Ports {
				ports = append(ports, fmt.Sprintf("%s %d/%s", cp.Name, cp.ContainerPort, protocolOf(cp)))
			}
			fmt.Fprintf(&b, "  pod %s %s [%s] ports: %s\n", p.Name, p.IP, labels.Set(p.Labels).String(), strings.Join(ports, ", "))
		}
	}
	for _, o := range c.Outside {
		fmt.Fprintf(&b, "outside %s %s\n", o.Name, o.IP)
	}
	return b.String()
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// contains reports whether cidr contains ip, both parsed as the API server
// and kube-network-policies parse them (k8s.io/utils/net ParseCIDRSloppy:
// net.ParseCIDR that also takes IPv4 octets with leading zeros). Validation
// with StrictIPCIDRValidation (on in v1.37, see validateIPBlock) refuses
// leading zeros and "ifaddr" forms such as 10.0.0.1/8, so only a policy
// stored before the gate was on could still hold one; it means its network,
// 10.0.0.0/8.
func contains(cidr, ip string) bool {
	_, n, err := netutils.ParseCIDRSloppy(cidr)
	if err != nil {
		return false
	}
	a := netutils.ParseIPSloppy(ip)
	return a != nil && n.Contains(a)
}
