package dns

import (
	"strings"

	"github.com/kubeviz/kubeviz/engine/kubeproxy"
)

// ResolvConf is the pod's /etc/resolv.conf. The kubelet builds it
// (pkg/kubelet/network/dns/dns.go GetPodDNS): for dnsPolicy ClusterFirst
// the only nameserver is the cluster DNS Service, the search path is
// "<ns>.svc.<domain> svc.<domain> <domain>" followed by the node's own
// search domains (none on the demo's node), and the options are
// defaultDNSOptions, "ndots:5". The type and its text are shared with the
// services demo (engine/kubeproxy).
type ResolvConf = kubeproxy.ResolvConf

// PodResolvConf is the resolv.conf of a pod in namespace ns.
func PodResolvConf(ns string, c *Cluster) ResolvConf {
	return kubeproxy.PodResolvConf(ns, c.Domain, c.DNSIP)
}

// Candidates are the names glibc's resolver tries for name, in order
// (resolv/res_query.c __res_context_search): a name with a final dot is
// tried only as it is; one with at least ndots dots is tried as it is
// first, then with each search domain; one with fewer dots is tried with
// each search domain first, then as it is. The order is kubeproxy.Resolve's,
// asked with no records so that it lists every name.
func Candidates(rc ResolvConf, name string) []string {
	var out []string
	for _, q := range kubeproxy.Resolve(rc, name, nil) {
		out = append(out, q.Name)
	}
	return out
}

// Dots counts the dots in name as glibc does (a final dot counts too, but
// a final dot makes the name absolute anyway).
func Dots(name string) int { return strings.Count(strings.TrimSpace(name), ".") }

// Exchange is one query the resolver sent and the answer it got.
type Exchange struct {
	Response
	Try int // 1-based position in Candidates
}

// Lookup is the whole resolution: the queries the resolver sends for name
// with type qtype (A for getaddrinfo, SRV for res_search), in order, each
// with the server's answer. glibc stops at the first answer with records;
// NXDOMAIN and NOERROR-without-records (NO_DATA) send it on to the next
// name; after a final dot it never tries another name. seed draws the
// query ids and the shuffles.
func Lookup(c *Cluster, rc ResolvConf, name, qtype string, seed uint64) []Exchange {
	rnd := NewRand(seed)
	var out []Exchange
	for i, q := range Candidates(rc, name) {
		resp := c.Serve(rnd.Uint16(), q, qtype, rnd)
		out = append(out, Exchange{Response: resp, Try: i + 1})
		if resp.Found() {
			break
		}
	}
	return out
}

// Outcome is what the program that asked gets at the end.
type Outcome struct {
	Found   bool
	Name    string   // the name that answered (fully qualified)
	Records []RR     // its answer records
	Queries int      // queries sent
	Wasted  int      // queries that found nothing
	Last    Response // the last answer
}

// Result sums up a lookup.
func Result(xs []Exchange) Outcome {
	var o Outcome
	o.Queries = len(xs)
	for _, x := range xs {
		if x.Found() {
			o.Found, o.Name, o.Records = true, x.Name, x.Answer
		} else {
			o.Wasted++
		}
		o.Last = x.Response
	}
	return o
}
