package kubeproxy

import (
	"strconv"
	"strings"
)

// ResolvConf is the /etc/resolv.conf the kubelet writes into a pod with
// dnsPolicy ClusterFirst (kubernetes pkg/kubelet/network/dns/dns.go): the
// cluster DNS Service's IP, the search path "<ns>.svc.<domain>
// svc.<domain> <domain>" and "options ndots:5".
type ResolvConf struct {
	Nameserver string
	Search     []string
	Ndots      int
}

// PodResolvConf is the resolv.conf of a pod in namespace ns.
func PodResolvConf(ns, clusterDomain, dnsIP string) ResolvConf {
	return ResolvConf{
		Nameserver: dnsIP,
		Search:     []string{ns + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain},
		Ndots:      5,
	}
}

// Text is the file as the pod sees it.
func (rc ResolvConf) Text() string {
	return "search " + strings.Join(rc.Search, " ") + "\nnameserver " + rc.Nameserver + "\noptions ndots:" + strconv.Itoa(rc.Ndots) + "\n"
}

// Query is one question the pod's resolver asks, and the answer.
type Query struct {
	Name   string // fully qualified, with the final dot
	Answer string // the A record's address, "" for NXDOMAIN
}

// Resolve is what glibc's resolver does with a name: a name with fewer
// dots than ndots is tried with each search domain first and then as it
// is; a name with at least ndots dots (or a final dot) is tried as it is
// first. It stops at the first answer. records maps fully qualified names
// (with the final dot) to addresses, as the cluster DNS server (CoreDNS's
// kubernetes plugin) answers them: <service>.<namespace>.svc.<domain> has
// the Service's cluster IP.
func Resolve(rc ResolvConf, name string, records map[string]string) []Query {
	name = strings.TrimSpace(name)
	var tries []string
	if strings.HasSuffix(name, ".") {
		tries = []string{name}
	} else {
		var withSearch []string
		for _, s := range rc.Search {
			withSearch = append(withSearch, name+"."+s+".")
		}
		if strings.Count(name, ".") >= rc.Ndots {
			tries = append([]string{name + "."}, withSearch...)
		} else {
			tries = append(withSearch, name+".")
		}
	}
	var out []Query
	for _, q := range tries {
		a := records[strings.ToLower(q)]
		out = append(out, Query{Name: q, Answer: a})
		if a != "" {
			break
		}
	}
	return out
}

// ServiceFQDN is a Service's DNS name: web-service.default.svc.cluster.local.
func ServiceFQDN(svc Service, clusterDomain string) string {
	return svc.Name + "." + svc.Namespace + ".svc." + clusterDomain + "."
}
