package dns

import (
	"fmt"
	"net/netip"
	"strings"
)

// Query types the demo sends.
const (
	TypeA   = "A"
	TypeSRV = "SRV"
)

// Response codes, as dig prints them.
const (
	NoError  = "NOERROR"
	NXDomain = "NXDOMAIN"
)

// Who answered a query.
const (
	ByKubernetes = "kubernetes" // CoreDNS's kubernetes plugin, authoritative for the cluster domain
	ByForward    = "forward"    // CoreDNS's forward plugin: the node's resolver answered
)

// RR is one resource record, in presentation form.
type RR struct {
	Name string // fully qualified, with the final dot
	TTL  uint32
	Type string // A, SRV, SOA
	Data string // "10.96.112.40", "0 33 5432 db-0.db.shop.svc.cluster.local."
}

// Response is the DNS server's answer to one question.
type Response struct {
	ID         uint16
	Name       string // the question's name, fully qualified
	Type       string // the question's type
	Rcode      string // NOERROR or NXDOMAIN
	AA         bool   // authoritative answer: CoreDNS answers the cluster domain itself
	RA         bool   // recursion available: set by the upstream resolver CoreDNS forwarded to
	Answer     []RR
	Authority  []RR
	Additional []RR
	By         string // ByKubernetes or ByForward
	Why        string // one sentence: why the answer is what it is
}

// NoData is NOERROR with no answer: the name exists but has no record of
// the type asked (glibc's NO_DATA, and it keeps searching).
func (r Response) NoData() bool { return r.Rcode == NoError && len(r.Answer) == 0 }

// Found is an answer with records: glibc's search stops at it.
func (r Response) Found() bool { return r.Rcode == NoError && len(r.Answer) > 0 }

// request is CoreDNS's recordRequest (plugin/kubernetes/parse.go).
type request struct {
	port, protocol, endpoint, service, namespace, podOrSvc string
}

// errInvalid and errNoItems are CoreDNS's errInvalidRequest and errNoItems
// (and errNsNotExposed): each is a name error, NXDOMAIN.
type nameError string

// parseRequest is CoreDNS's parseRequest without multicluster and zonal
// names (off in kubeadm's Corefile): base is the query name without the
// zone. Possible shapes: _port._protocol.service.namespace.svc,
// endpoint.service.namespace.svc, service.namespace.svc|pod.
func parseRequest(base string) (request, *nameError) {
	var r request
	if base == "" || base == "svc" || base == "pod" {
		return r, nil // the apex: NODATA
	}
	segs := strings.Split(base, ".")
	last := len(segs) - 1
	r.podOrSvc = strings.ToLower(segs[last])
	if r.podOrSvc != "pod" && r.podOrSvc != "svc" {
		e := nameError(fmt.Sprintf("%q is neither svc nor pod, so the name is no Kubernetes name (errInvalidRequest)", segs[last]))
		return r, &e
	}
	last--
	if last < 0 {
		return r, nil
	}
	r.namespace = segs[last]
	last--
	if last < 0 {
		return r, nil
	}
	r.service = segs[last]
	last--
	if last < 0 {
		return r, nil
	}
	switch last {
	case 0:
		r.endpoint = segs[0]
	case 1:
		r.protocol = strings.TrimPrefix(segs[1], "_")
		r.port = strings.TrimPrefix(segs[0], "_")
	default:
		e := nameError(fmt.Sprintf("it has %d labels before %s.%s.%s, more than any Kubernetes name (errInvalidRequest)", last+1, r.service, r.namespace, r.podOrSvc))
		return r, &e
	}
	return r, nil
}

// answer is one msg.Service CoreDNS's backend returns: an address, the
// port, and the key that names it.
type answer struct {
	host   string // IP
	port   int
	target string // the name an SRV record points to
}

// Serve answers one question as CoreDNS configured by kubeadm does: the
// kubernetes plugin for the cluster domain (handler.go ServeDNS), forward
// for the rest. rnd draws the loadbalance plugin's shuffle.
func (c *Cluster) Serve(id uint16, name, qtype string, rnd *Rand) Response {
	resp := Response{ID: id, Name: name, Type: qtype}
	zone := c.Domain + "."
	lname := strings.ToLower(name)
	if lname != zone && !strings.HasSuffix(lname, "."+zone) {
		return c.forward(resp)
	}
	resp.AA, resp.By, resp.Rcode = true, ByKubernetes, NoError
	zoneInName := name[len(name)-len(zone):] // CoreDNS keeps the query's case
	base := strings.TrimSuffix(strings.TrimSuffix(name, zoneInName), ".")

	// isDefaultNS: ns.dns.<zone> is CoreDNS's own name (kubernetes.go
	// Services), answered with the kube-dns Service's ClusterIP.
	if strings.EqualFold(base, "ns.dns") {
		if qtype != TypeA {
			return c.nodata(resp, zoneInName, "ns.dns."+zone+" is CoreDNS's own name and has only an A record.")
		}
		resp.Answer = []RR{{Name: name, TTL: c.ttl(), Type: TypeA, Data: c.DNSIP}}
		resp.Why = "CoreDNS's own name, ns.dns." + zone + ": the kube-dns Service's ClusterIP."
		return resp
	}
	r, perr := parseRequest(base)
	if perr != nil {
		return c.nxdomain(resp, zoneInName, string(*perr)+".")
	}
	if r.podOrSvc == "" {
		return c.nodata(resp, zoneInName, strings.TrimPrefix(name, ".")+" is a branch of the zone, not a Service or pod.")
	}
	if !c.HasNamespace(r.namespace) {
		return c.nxdomain(resp, zoneInName, fmt.Sprintf("there is no namespace %q (errNsNotExposed).", r.namespace))
	}
	var found []answer
	var why string
	if r.podOrSvc == "pod" {
		if r.service == "" {
			return c.nodata(resp, zoneInName, r.namespace+".pod."+zone+" exists but names no pod.")
		}
		a, ok, w := c.findPod(r)
		if !ok {
			return c.nxdomain(resp, zoneInName, w)
		}
		found, why = []answer{a}, w
	} else {
		if r.service == "" {
			return c.nodata(resp, zoneInName, "namespace "+r.namespace+" exists, but the name names no Service.")
		}
		var ok bool
		found, ok, why = c.findServices(r, zone)
		if !ok {
			return c.nxdomain(resp, zoneInName, why)
		}
	}
	switch qtype {
	case TypeA:
		seen := map[string]bool{}
		for _, a := range found {
			if seen[a.host] {
				continue // backend_lookup.go A: one record per address
			}
			seen[a.host] = true
			resp.Answer = append(resp.Answer, RR{Name: name, TTL: c.ttl(), Type: TypeA, Data: a.host})
		}
		shuffle(resp.Answer, rnd)
	case TypeSRV:
		// backend_lookup.go SRV: a record per (target, port), the address
		// in the additional section; port -1 (no ports) gets none.
		w := srvWeight(len(found))
		seenSRV, seenA := map[string]bool{}, map[string]bool{}
		for _, a := range found {
			if a.port < 0 {
				continue
			}
			k := fmt.Sprintf("%s:%d", a.target, a.port)
			if !seenSRV[k] {
				seenSRV[k] = true
				resp.Answer = append(resp.Answer, RR{Name: name, TTL: c.ttl(), Type: TypeSRV, Data: fmt.Sprintf("0 %d %d %s", w, a.port, a.target)})
			}
			if k := a.target + " " + a.host; !seenA[k] {
				seenA[k] = true
				resp.Additional = append(resp.Additional, RR{Name: a.target, TTL: c.ttl(), Type: TypeA, Data: a.host})
			}
		}
		shuffle(resp.Additional, rnd)
		if len(resp.Answer) == 0 {
			return c.nodata(resp, zoneInName, why+", but it has no ports, so no SRV record.")
		}
	}
	resp.Why = sentence(why)
	return resp
}

// findPod is findPods in "pods insecure" mode (kubeadm's Corefile): the
// label a-b-c-d is turned back into the IP a.b.c.d and answered without
// checking that such a pod exists.
func (c *Cluster) findPod(r request) (answer, bool, string) {
	label := r.service
	var ip string
	if strings.Count(label, "-") == 3 && !strings.Contains(label, "--") {
		ip = strings.ReplaceAll(label, "-", ".")
	} else {
		ip = strings.ReplaceAll(label, "-", ":")
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return answer{}, false, fmt.Sprintf("%q does not turn back into an IP address (%s).", label, ip)
	}
	why := fmt.Sprintf("pods insecure: %s is the IP %s written with dashes, answered without checking a pod has it", label, addr)
	for _, p := range c.Pods {
		if p.IP == addr.String() && strings.EqualFold(p.Namespace, r.namespace) {
			why = fmt.Sprintf("the IP %s written with dashes; it is pod %s/%s today, but the name follows the IP, not the pod", addr, p.Namespace, p.Name)
		}
	}
	return answer{host: addr.String(), port: -1}, true, why + "."
}

// findServices is CoreDNS's findServices: a ClusterIP Service answers with
// its ClusterIP; a headless Service, or any name with an endpoint label,
// answers with the matching ready endpoints. Port and protocol, when the
// name has them (an SRV name), must match a port's name and protocol.
func (c *Cluster) findServices(r request, zone string) ([]answer, bool, string) {
	s, ok := c.service(r.namespace, r.service)
	if !ok {
		return nil, false, fmt.Sprintf("there is no Service %q in namespace %s.", r.service, r.namespace)
	}
	fq := s.FQDN(c.Domain)
	portOK := func(p Port) bool {
		return (r.port == "" || strings.EqualFold(r.port, p.Name)) && (r.protocol == "" || strings.EqualFold(r.protocol, p.Protocol))
	}
	var out []answer
	if s.Headless() || r.endpoint != "" {
		ready := readyEndpoints(s)
		for _, e := range ready {
			if r.endpoint != "" && !strings.EqualFold(r.endpoint, endpointHostname(e)) {
				continue
			}
			ports := s.Ports
			if len(ports) == 0 {
				ports = []Port{{TargetPort: -1}} // the "no ports" sentinel
			}
			for _, p := range ports {
				if !portOK(p) {
					continue
				}
				out = append(out, answer{host: e.IP, port: p.TargetPort, target: endpointHostname(e) + "." + fq})
			}
		}
		if len(out) == 0 {
			switch {
			case r.endpoint != "":
				return nil, false, fmt.Sprintf("Service %s/%s has no ready endpoint named %q.", s.Namespace, s.Name, r.endpoint)
			case r.port != "" || r.protocol != "":
				return nil, false, fmt.Sprintf("Service %s/%s has no port named %q with protocol %s among its ready endpoints.", s.Namespace, s.Name, r.port, strings.ToUpper(r.protocol))
			}
			return nil, false, fmt.Sprintf("headless Service %s/%s has no ready endpoints, so its name does not exist.", s.Namespace, s.Name)
		}
		var why string
		switch {
		case r.endpoint != "":
			why = fmt.Sprintf("the ready endpoint %s of Service %s/%s (pod %s)", r.endpoint, s.Namespace, s.Name, podOf(ready, r.endpoint))
		case r.port != "":
			why = fmt.Sprintf("named port %s of headless Service %s/%s, one target per ready endpoint", r.port, s.Namespace, s.Name)
		default:
			why = fmt.Sprintf("headless Service %s/%s: one address per ready endpoint (%d of %d ready)", s.Namespace, s.Name, len(ready), len(s.Endpoints))
		}
		return out, true, why
	}
	for _, p := range s.Ports {
		if !portOK(p) {
			continue
		}
		out = append(out, answer{host: s.ClusterIP, port: p.Port, target: fq})
	}
	if len(out) == 0 {
		return nil, false, fmt.Sprintf("Service %s/%s has no port named %q with protocol %s.", s.Namespace, s.Name, r.port, strings.ToUpper(r.protocol))
	}
	if r.port != "" {
		return out, true, fmt.Sprintf("named port %s of Service %s/%s, pointing at the Service's own name", r.port, s.Namespace, s.Name)
	}
	return out, true, fmt.Sprintf("the ClusterIP of Service %s/%s", s.Namespace, s.Name)
}

func podOf(eps []Endpoint, label string) string {
	for _, e := range eps {
		if strings.EqualFold(endpointHostname(e), label) {
			return e.Pod
		}
	}
	return ""
}

// ttl is every record's TTL: the plugin's ttl, capped by the cache plugin
// (cache.go WriteMsg sets every record's TTL to the capped duration).
func (c *Cluster) ttl() uint32 {
	if c.CacheTTL > 0 && c.CacheTTL < c.TTL {
		return c.CacheTTL
	}
	return c.TTL
}

// soa is the SOA record BackendError puts in the authority section
// (backend_lookup.go SOA): TTL min(300, ttl), mbox hostmaster.<zone>, ns
// ns.dns.<zone>, refresh 7200, retry 1800, expire 86400, minimum ttl.
func (c *Cluster) soa(zone string) RR {
	ttl := c.TTL
	if ttl > 300 {
		ttl = 300
	}
	if c.CacheTTL > 0 && c.CacheTTL < ttl {
		ttl = c.CacheTTL
	}
	return RR{Name: zone, TTL: ttl, Type: "SOA", Data: fmt.Sprintf("ns.dns.%s hostmaster.%s %d 7200 1800 86400 %d", zone, zone, c.Serial, c.TTL)}
}

func (c *Cluster) nxdomain(resp Response, zone, why string) Response {
	resp.Rcode = NXDomain
	resp.Authority = []RR{c.soa(zone)}
	resp.Why = sentence(why)
	return resp
}

func (c *Cluster) nodata(resp Response, zone, why string) Response {
	resp.Rcode = NoError
	resp.Answer = nil
	resp.Additional = nil
	resp.Authority = []RR{c.soa(zone)}
	resp.Why = sentence(why)
	return resp
}

// forward is CoreDNS's forward plugin sending the question to the node's
// resolver; its answer comes back as it is (recursion available, not
// authoritative), with TTLs capped by the cache plugin.
func (c *Cluster) forward(resp Response) Response {
	resp.By, resp.RA = ByForward, true
	if ip, ok := c.Upstream[strings.ToLower(resp.Name)]; ok && resp.Type == TypeA {
		resp.Rcode = NoError
		resp.Answer = []RR{{Name: resp.Name, TTL: c.ttl(), Type: TypeA, Data: ip}}
		resp.Why = "Outside " + c.Domain + ", so CoreDNS forwarded it to the node's resolver, which answered (an example address)."
		return resp
	}
	resp.Rcode = NXDomain
	// The root zone's SOA: refresh 1800, retry 900, expire 604800, minimum
	// 86400; the cache caps its TTL.
	resp.Authority = []RR{{Name: ".", TTL: c.ttl(), Type: "SOA", Data: fmt.Sprintf("a.root-servers.net. nstld.verisign-grs.com. %d 1800 900 604800 86400", c.RootSerial)}}
	resp.Why = "Outside " + c.Domain + ", so CoreDNS forwarded it to the node's resolver; the Internet has no such name."
	return resp
}

// shuffle is the loadbalance plugin's roundRobinShuffle on A records, with
// dns.Id() drawn from rnd.
func shuffle(rrs []RR, rnd *Rand) {
	if rnd == nil {
		return
	}
	switch l := len(rrs); l {
	case 0, 1:
	case 2:
		if rnd.Uint16()%2 == 0 {
			rrs[0], rrs[1] = rrs[1], rrs[0]
		}
	default:
		for j := 0; j < l; j++ {
			p := j + int(rnd.Uint16())%(l-j)
			if j == p {
				continue
			}
			rrs[j], rrs[p] = rrs[p], rrs[j]
		}
	}
}

// sentence capitalizes s and ends it with a period.
func sentence(s string) string {
	if s == "" {
		return s
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		s = string(c-'a'+'A') + s[1:]
	}
	return s
}
