package dns

import (
	"fmt"
	"sort"
	"strings"
)

// ClusterIPNone is spec.clusterIP of a headless Service.
const ClusterIPNone = "None"

// Port is one of a Service's ports. Only a named port gets an SRV record.
type Port struct {
	Name       string // "" for an unnamed port
	Port       int
	TargetPort int
	Protocol   string // "TCP", "UDP"
}

// Endpoint is one endpoint of a Service's EndpointSlice.
type Endpoint struct {
	Pod      string // targetRef.name
	IP       string
	Hostname string // set when the pod's hostname/subdomain match the Service
	Ready    bool   // conditions.ready
}

// Service is a Service with its EndpointSlice's endpoints.
type Service struct {
	Namespace string
	Name      string
	ClusterIP string // "None" for a headless Service
	Ports     []Port
	Endpoints []Endpoint
}

// Headless reports a Service with clusterIP None.
func (s Service) Headless() bool { return s.ClusterIP == ClusterIPNone }

// FQDN is the Service's name: web.shop.svc.cluster.local.
func (s Service) FQDN(domain string) string {
	return s.Name + "." + s.Namespace + ".svc." + domain + "."
}

// Pod is a pod the picture and the record list show.
type Pod struct {
	Namespace string
	Name      string
	IP        string
	Hostname  string // spec.hostname
	Subdomain string // spec.subdomain
	Ready     bool
}

// Cluster is what CoreDNS knows: its zone, the namespaces, Services and
// EndpointSlices it watches, and how kubeadm configures it.
type Cluster struct {
	Domain     string   // kubelet --cluster-domain: cluster.local
	DNSIP      string   // the kube-dns Service's ClusterIP
	TTL        uint32   // kubernetes plugin "ttl 30" (kubeadm's Corefile)
	CacheTTL   uint32   // "cache 30": every answer's TTL is capped at this
	Serial     uint32   // SOA serial: the unix time of the last change CoreDNS saw
	Namespaces []string // namespaces that exist
	Services   []Service
	Pods       []Pod
	// Upstream is what the node's resolver answers for names outside the
	// cluster domain, which CoreDNS forwards ("forward . /etc/resolv.conf").
	// The demo's Internet is one example name; everything else is NXDOMAIN.
	Upstream map[string]string
	// RootSerial is the root zone's SOA serial in an upstream NXDOMAIN
	// (YYYYMMDDnn; an example, the real one changes daily).
	RootSerial uint32
}

// HasNamespace reports whether namespace ns exists (CoreDNS
// filteredNamespaceExists, case-insensitive like its match()).
func (c *Cluster) HasNamespace(ns string) bool {
	for _, n := range c.Namespaces {
		if strings.EqualFold(n, ns) {
			return true
		}
	}
	return false
}

// service finds namespace/name, case-insensitively.
func (c *Cluster) service(ns, name string) (Service, bool) {
	for _, s := range c.Services {
		if strings.EqualFold(s.Namespace, ns) && strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Service{}, false
}

// Example cluster addresses: kubeadm's defaults (service CIDR 10.96.0.0/12,
// the DNS Service at its 10th address, the API server's Service at the
// 1st) and a pod CIDR of 10.244.0.0/16, one /24 per node.
const (
	ExampleDomain   = "cluster.local"
	ExampleDNSIP    = "10.96.0.10"
	ExampleClientIP = "10.244.1.9"
	ExampleClient   = "client"
	// ExampleSerial is 2026-01-01T00:00:00Z: CoreDNS's SOA serial is the
	// unix time of the last change it saw (kubernetes.go Serial).
	ExampleSerial = 1767225600
)

// ExampleCluster is the course's shop: a web Deployment behind a ClusterIP
// Service, a db StatefulSet behind the headless Service that governs it,
// another web Service in namespace payments, and kube-dns itself.
// notReady lists pod names whose readiness probe fails.
func ExampleCluster(notReady ...string) *Cluster {
	nr := map[string]bool{}
	for _, p := range notReady {
		nr[p] = true
	}
	pods := []Pod{
		{Namespace: "shop", Name: "web-7c5d9f8b4d-x2kqp", IP: "10.244.1.6"},
		{Namespace: "shop", Name: "web-7c5d9f8b4d-7hnwd", IP: "10.244.2.4"},
		{Namespace: "shop", Name: "db-0", IP: "10.244.1.5", Hostname: "db-0", Subdomain: "db"},
		{Namespace: "shop", Name: "db-1", IP: "10.244.2.7", Hostname: "db-1", Subdomain: "db"},
		{Namespace: "shop", Name: "db-2", IP: "10.244.3.4", Hostname: "db-2", Subdomain: "db"},
		{Namespace: "payments", Name: "web-5f7b9c6d8e-q4wzt", IP: "10.244.3.8"},
		{Namespace: "kube-system", Name: "coredns-674b8bbfcf-8hd2k", IP: "10.244.0.2"},
		{Namespace: "kube-system", Name: "coredns-674b8bbfcf-tlx6v", IP: "10.244.0.3"},
	}
	for i := range pods {
		pods[i].Ready = !nr[pods[i].Name]
	}
	c := &Cluster{
		Domain:     ExampleDomain,
		DNSIP:      ExampleDNSIP,
		TTL:        30,
		CacheTTL:   30,
		Serial:     ExampleSerial,
		Namespaces: []string{"default", "kube-node-lease", "kube-public", "kube-system", "payments", "shop"},
		Pods:       pods,
		Upstream:   map[string]string{"api.example.com.": "203.0.113.10"},
		RootSerial: 2026010100,
	}
	c.Services = []Service{
		c.withEndpoints(Service{Namespace: "default", Name: "kubernetes", ClusterIP: "10.96.0.1", Ports: []Port{{Name: "https", Port: 443, TargetPort: 6443, Protocol: "TCP"}}}, "app=apiserver"),
		c.withEndpoints(Service{Namespace: "kube-system", Name: "kube-dns", ClusterIP: ExampleDNSIP, Ports: []Port{
			{Name: "dns", Port: 53, TargetPort: 53, Protocol: "UDP"},
			{Name: "dns-tcp", Port: 53, TargetPort: 53, Protocol: "TCP"},
			{Name: "metrics", Port: 9153, TargetPort: 9153, Protocol: "TCP"},
		}}, "coredns-"),
		c.withEndpoints(Service{Namespace: "payments", Name: "web", ClusterIP: "10.96.201.7", Ports: []Port{{Name: "http", Port: 80, TargetPort: 8080, Protocol: "TCP"}}}, "web-"),
		c.withEndpoints(Service{Namespace: "shop", Name: "db", ClusterIP: ClusterIPNone, Ports: []Port{{Name: "postgres", Port: 5432, TargetPort: 5432, Protocol: "TCP"}}}, "db-"),
		c.withEndpoints(Service{Namespace: "shop", Name: "web", ClusterIP: "10.96.112.40", Ports: []Port{{Name: "http", Port: 80, TargetPort: 8080, Protocol: "TCP"}}}, "web-"),
	}
	return c
}

// withEndpoints fills s's EndpointSlice with the pods of its namespace
// whose name starts with prefix (the example's stand-in for the selector),
// as the EndpointSlice controller builds it (pkg/controller/endpointslice,
// podToEndpoint): hostname is set only when the pod's spec.hostname is set
// and its spec.subdomain names this Service (endpointutil.ShouldSetHostname).
// The API server's endpoint is the node's address, not a pod.
func (c *Cluster) withEndpoints(s Service, prefix string) Service {
	if prefix == "app=apiserver" {
		s.Endpoints = []Endpoint{{IP: "192.168.1.10", Ready: true}}
		return s
	}
	for _, p := range c.Pods {
		if p.Namespace != s.Namespace || !strings.HasPrefix(p.Name, prefix) {
			continue
		}
		e := Endpoint{Pod: p.Name, IP: p.IP, Ready: p.Ready}
		if p.Hostname != "" && p.Subdomain == s.Name {
			e.Hostname = p.Hostname
		}
		s.Endpoints = append(s.Endpoints, e)
	}
	return s
}

// Record is one record CoreDNS would serve, for the learner's list.
type Record struct {
	Name string // owner name, fully qualified
	Type string // A or SRV
	Data string // "10.96.112.40", "0 100 80 web.shop.svc.cluster.local."
	Why  string
}

// Records lists the names CoreDNS answers for the cluster's objects (not the
// pod A records, which exist for any IP in "pods insecure" mode), in the
// order of the Services (namespace, name).
func (c *Cluster) Records() []Record {
	var out []Record
	svcs := append([]Service(nil), c.Services...)
	sort.SliceStable(svcs, func(i, j int) bool {
		if svcs[i].Namespace != svcs[j].Namespace {
			return svcs[i].Namespace < svcs[j].Namespace
		}
		return svcs[i].Name < svcs[j].Name
	})
	for _, s := range svcs {
		fq := s.FQDN(c.Domain)
		if !s.Headless() {
			out = append(out, Record{Name: fq, Type: "A", Data: s.ClusterIP, Why: "the ClusterIP of Service " + s.Namespace + "/" + s.Name})
			for _, p := range s.Ports {
				if p.Name == "" {
					continue
				}
				out = append(out, Record{Name: srvName(p) + fq, Type: "SRV", Data: fmt.Sprintf("0 100 %d %s", p.Port, fq), Why: fmt.Sprintf("named port %s (%d/%s)", p.Name, p.Port, p.Protocol)})
			}
			continue
		}
		ready := readyEndpoints(s)
		for _, e := range ready {
			out = append(out, Record{Name: fq, Type: "A", Data: e.IP, Why: "ready endpoint " + e.Pod + " of headless Service " + s.Namespace + "/" + s.Name})
		}
		for _, e := range ready {
			out = append(out, Record{Name: endpointHostname(e) + "." + fq, Type: "A", Data: e.IP, Why: hostnameWhy(e)})
		}
		for _, p := range s.Ports {
			if p.Name == "" || len(ready) == 0 {
				continue
			}
			for _, e := range ready {
				out = append(out, Record{Name: srvName(p) + fq, Type: "SRV", Data: fmt.Sprintf("0 %d %d %s", srvWeight(len(ready)), p.TargetPort, endpointHostname(e)+"."+fq), Why: fmt.Sprintf("named port %s, one record per ready endpoint", p.Name)})
			}
		}
	}
	return out
}

func hostnameWhy(e Endpoint) string {
	if e.Hostname != "" {
		return "pod " + e.Pod + ": spec.hostname " + e.Hostname + ", spec.subdomain the Service's name"
	}
	return "pod " + e.Pod + ": no hostname, so its IP with dashes"
}

func srvName(p Port) string {
	return "_" + strings.ToLower(p.Name) + "._" + strings.ToLower(p.Protocol) + "."
}

// readyEndpoints are the endpoints CoreDNS keeps: those whose ready
// condition is true (plugin/kubernetes/object/endpoint.go
// EndpointSliceToEndpoints skips the others).
func readyEndpoints(s Service) []Endpoint {
	var out []Endpoint
	for _, e := range s.Endpoints {
		if e.Ready {
			out = append(out, e)
		}
	}
	return out
}

// endpointHostname is the endpoint's label under its Service: its hostname,
// or its IP with dashes (CoreDNS kubernetes.go endpointHostname).
func endpointHostname(e Endpoint) string {
	if e.Hostname != "" {
		return e.Hostname
	}
	if strings.Contains(e.IP, ".") {
		return strings.ReplaceAll(e.IP, ".", "-")
	}
	return strings.ReplaceAll(e.IP, ":", "-")
}

// srvWeight is the weight CoreDNS gives each of n SRV records of the same
// priority (backend_lookup.go SRV): every record counts as weight 100, so
// each gets floor(100/(100n) * 100) = floor(100/n), at least 1.
func srvWeight(n int) int {
	w := int(100.0 / float64(100*n) * 100)
	if w == 0 {
		w = 1
	}
	return w
}
