package kubeproxy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Table is one iptables table as kube-proxy leaves it.
type Table struct {
	Name string // "nat" or "filter"
	// Builtin are the table's built-in chains in the order iptables-save
	// prints them.
	Builtin []string
	// Chains are the chain lines kube-proxy writes (":KUBE-SERVICES - [0:0]"),
	// in its order; Others are chains other components own that exist on
	// every node (the canary chains).
	Chains []string
	Others []string
	// Rules are the rules kube-proxy writes with iptables-restore, in the
	// order it writes them.
	Rules []Rule
	// Jumps are the rules in the built-in chains, in the kernel's order.
	Jumps []Rule
}

// Ruleset is what kube-proxy programs for one Service on one node.
type Ruleset struct {
	Config    Config
	Service   Service
	Endpoints []Endpoint // ready endpoints, in kube-proxy's order
	Filter    Table
	NAT       Table

	SvcChain string            // KUBE-SVC-…
	ExtChain string            // KUBE-EXT-… ("" when not used)
	SEPChain map[string]string // endpoint "IP:port" -> KUBE-SEP-…
}

// Sync builds the rules kube-proxy's syncProxyRules writes for svc and its
// endpoints (kubernetes pkg/proxy/iptables/proxier.go), for a Service with
// the default Cluster traffic policies, no session affinity, no external
// IPs or load balancer, IPv4, on a cluster under 1000 endpoints (so rules
// keep their comments).
func Sync(cfg Config, svc Service, endpoints []Endpoint) (*Ruleset, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if svc.Type != TypeClusterIP && svc.Type != TypeNodePort {
		return nil, fmt.Errorf("service type %q is not modelled (ClusterIP or NodePort)", svc.Type)
	}
	protocol := lowerProtocol(svc.Protocol)
	name := svc.PortNameOf().String()
	rs := &Ruleset{Config: cfg, Service: svc, SEPChain: map[string]string{}}
	rs.Endpoints = ReadyEndpoints(endpoints)
	rs.SvcChain = ServicePortPolicyClusterChain(name, protocol)
	mark := cfg.MasqueradeMark()
	hasEndpoints := len(rs.Endpoints) > 0
	nodePort := svc.Type == TypeNodePort && svc.NodePort != 0
	port := strconv.Itoa(svc.Port)

	f := &rs.Filter
	n := &rs.NAT
	f.Name, n.Name = "filter", "nat"
	f.Builtin = []string{"INPUT", "FORWARD", "OUTPUT"}
	n.Builtin = []string{"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"}
	f.Others = []string{KubeletCanaryChain, KubeProxyCanaryChain}
	n.Others = []string{KubeletCanaryChain, KubeProxyCanaryChain}
	fr := func(chain string, args ...string) { f.Rules = append(f.Rules, newRule("filter", chain, args...)) }
	nr := func(chain string, args ...string) { n.Rules = append(n.Rules, newRule("nat", chain, args...)) }

	// "Write chain lines for all the top-level chains we'll be filling in."
	f.Chains = []string{KubeServicesChain, KubeExternalServicesChain, KubeForwardChain, KubeNodePortsChain, KubeProxyFirewallChain}
	n.Chains = []string{KubeServicesChain, KubeNodePortsChain, KubePostroutingChain, KubeMarkMasqChain}

	// The kubernetes-specific postrouting rules and the masquerade mark.
	nr(KubePostroutingChain, "-m", "mark", "!", "--mark", mark+"/"+mark, "-j", "RETURN")
	nr(KubePostroutingChain, "-j", "MARK", "--xor-mark", mark)
	masq := []string{"-m", "comment", "--comment", `"kubernetes service traffic requiring SNAT"`, "-j", "MASQUERADE"}
	if cfg.RandomFully {
		masq = append(masq, "--random-fully")
	}
	nr(KubePostroutingChain, masq...)
	nr(KubeMarkMasqChain, "-j", "MARK", "--or-mark", mark)

	if cfg.LocalhostNodePorts {
		f.Chains = append(f.Chains, KubeletFirewallChain)
		fr(KubeletFirewallChain, "-m", "comment", "--comment", `"block incoming localnet connections"`,
			"-d", "127.0.0.0/8", "!", "-s", "127.0.0.0/8",
			"-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-j", "DROP")
	}

	// Capture the clusterIP.
	if hasEndpoints {
		nr(KubeServicesChain, "-m", "comment", "--comment", fmt.Sprintf(`"%s cluster IP"`, name),
			"-m", protocol, "-p", protocol, "-d", svc.ClusterIP, "--dport", port, "-j", rs.SvcChain)
	} else {
		fr(KubeServicesChain, "-m", "comment", "--comment", fmt.Sprintf(`"%s has no endpoints"`, name),
			"-m", protocol, "-p", protocol, "-d", svc.ClusterIP, "--dport", port, "-j", "REJECT")
	}
	// Capture nodeports.
	ext := ServiceExternalChainName(name, protocol)
	if nodePort {
		np := strconv.Itoa(svc.NodePort)
		if hasEndpoints {
			if cfg.LocalhostNodePorts && cfg.NFAcct {
				nr(KubeNodePortsChain, "-m", "comment", "--comment", name, "-m", protocol, "-p", protocol,
					"-d", "127.0.0.0/8", "--dport", np,
					"-m", "nfacct", "--nfacct-name", LocalhostNodePortAcceptedNFAcctCounter, "-j", ext)
			}
			nr(KubeNodePortsChain, "-m", "comment", "--comment", name, "-m", protocol, "-p", protocol,
				"--dport", np, "-j", ext)
		} else {
			fr(KubeExternalServicesChain, "-m", "comment", "--comment", fmt.Sprintf(`"%s has no endpoints"`, name),
				"-m", "addrtype", "--dst-type", "LOCAL", "-m", protocol, "-p", protocol, "--dport", np, "-j", "REJECT")
		}
	}
	// Set up internal traffic handling: masquerade off-cluster traffic to
	// the cluster IP (detect-local-mode ClusterCIDR: "! -s <cluster CIDR>").
	if hasEndpoints {
		nr(rs.SvcChain, "-m", "comment", "--comment", fmt.Sprintf(`"%s cluster IP"`, name),
			"-m", protocol, "-p", protocol, "-d", svc.ClusterIP, "--dport", port,
			"!", "-s", cfg.ClusterCIDR, "-j", KubeMarkMasqChain)
	}
	// External traffic (a NodePort): the KUBE-EXT chain marks it for
	// masquerade (externalTrafficPolicy Cluster) and goes on to KUBE-SVC.
	if hasEndpoints && nodePort {
		rs.ExtChain = ext
		n.Chains = append(n.Chains, ext)
		nr(ext, "-m", "comment", "--comment", fmt.Sprintf(`"masquerade traffic for %s external destinations"`, name), "-j", KubeMarkMasqChain)
		nr(ext, "-j", rs.SvcChain)
	}
	// The service chain: one rule per endpoint, each a random match with
	// probability 1/(endpoints left), the last one certain
	// (writeServiceToEndpointRules).
	if hasEndpoints {
		n.Chains = append(n.Chains, rs.SvcChain)
		num := len(rs.Endpoints)
		for i, ep := range rs.Endpoints {
			sep := ServicePortEndpointChainName(name, protocol, ep.String())
			rs.SEPChain[ep.String()] = sep
			args := []string{"-m", "comment", "--comment", fmt.Sprintf(`"%s -> %s"`, name, ep.String())}
			if i < num-1 {
				args = append(args, "-m", "statistic", "--mode", "random", "--probability", Probability(num-i))
			}
			nr(rs.SvcChain, append(args, "-j", sep)...)
		}
	}
	// The per-endpoint chains: masquerade hairpin traffic (a pod reaching
	// itself through the Service), then DNAT.
	for _, ep := range rs.Endpoints {
		sep := rs.SEPChain[ep.String()]
		n.Chains = append(n.Chains, sep)
		nr(sep, "-m", "comment", "--comment", name, "-s", ep.IP, "-j", KubeMarkMasqChain)
		nr(sep, "-m", "comment", "--comment", name, "-m", protocol, "-p", protocol, "-j", "DNAT", "--to-destination", ep.String())
	}
	// Finally, tail-call to the nodePorts chain (nodePortAddresses empty:
	// every local address; localhost NodePorts allowed, so no "! -d
	// 127.0.0.0/8").
	nodeports := []string{"-m", "comment", "--comment", `"kubernetes service nodeports; NOTE: this must be the last rule in this chain"`,
		"-m", "addrtype", "--dst-type", "LOCAL"}
	if !cfg.LocalhostNodePorts {
		nodeports = append(nodeports, "!", "-d", "127.0.0.0/8")
	}
	nr(KubeServicesChain, append(nodeports, "-j", KubeNodePortsChain)...)

	invalid := []string{"-m", "conntrack", "--ctstate", "INVALID"}
	if cfg.NFAcct {
		invalid = append(invalid, "-m", "nfacct", "--nfacct-name", IPTablesCTStateInvalidDroppedNFAcctCounter)
	}
	fr(KubeForwardChain, append(invalid, "-j", "DROP")...)
	fr(KubeForwardChain, "-m", "comment", "--comment", `"kubernetes forwarding rules"`, "-m", "mark", "--mark", mark+"/"+mark, "-j", "ACCEPT")
	fr(KubeForwardChain, "-m", "comment", "--comment", `"kubernetes forwarding conntrack rule"`, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT")

	rs.jumps()
	return rs, nil
}

// jumps are iptablesJumpChains: kube-proxy "EnsureRule(Prepend)"s each in
// list order, so within a built-in chain the last one listed ends up first.
// The kubelet has already put "-j KUBE-FIREWALL" at the top of INPUT and
// OUTPUT before kube-proxy starts (pkg/kubelet/kubelet_network_linux.go), so
// kube-proxy's prepends go above it and its own copy is a no-op.
func (rs *Ruleset) jumps() {
	type jump struct {
		table, dst, src, comment string
		extra                    []string
	}
	list := []jump{
		{"filter", KubeExternalServicesChain, "INPUT", "kubernetes externally-visible service portals", []string{"-m", "conntrack", "--ctstate", "NEW"}},
		{"filter", KubeExternalServicesChain, "FORWARD", "kubernetes externally-visible service portals", []string{"-m", "conntrack", "--ctstate", "NEW"}},
		{"filter", KubeNodePortsChain, "INPUT", "kubernetes health check service ports", nil},
		{"filter", KubeServicesChain, "FORWARD", "kubernetes service portals", []string{"-m", "conntrack", "--ctstate", "NEW"}},
		{"filter", KubeServicesChain, "OUTPUT", "kubernetes service portals", []string{"-m", "conntrack", "--ctstate", "NEW"}},
		{"filter", KubeForwardChain, "FORWARD", "kubernetes forwarding rules", nil},
		{"filter", KubeProxyFirewallChain, "INPUT", "kubernetes load balancer firewall", []string{"-m", "conntrack", "--ctstate", "NEW"}},
		{"filter", KubeProxyFirewallChain, "OUTPUT", "kubernetes load balancer firewall", []string{"-m", "conntrack", "--ctstate", "NEW"}},
		{"filter", KubeProxyFirewallChain, "FORWARD", "kubernetes load balancer firewall", []string{"-m", "conntrack", "--ctstate", "NEW"}},
		{"nat", KubeServicesChain, "OUTPUT", "kubernetes service portals", nil},
		{"nat", KubeServicesChain, "PREROUTING", "kubernetes service portals", nil},
		{"nat", KubePostroutingChain, "POSTROUTING", "kubernetes postrouting rules", nil},
	}
	kubelet := func(chain string) Rule {
		r := newRule("filter", chain, "-j", KubeletFirewallChain)
		r.Ensured, r.Owner = true, "kubelet"
		return r
	}
	rs.Filter.Jumps = []Rule{kubelet("INPUT"), kubelet("OUTPUT")}
	for _, j := range list {
		args := append(append([]string(nil), j.extra...), "-m", "comment", "--comment", quoteArg(j.comment), "-j", j.dst)
		r := newRule(j.table, j.src, args...)
		r.Ensured = true
		t := &rs.Filter
		if j.table == "nat" {
			t = &rs.NAT
		}
		t.Jumps = append([]Rule{r}, t.Jumps...)
	}
	for _, t := range []*Table{&rs.Filter, &rs.NAT} {
		sort.SliceStable(t.Jumps, func(a, b int) bool {
			return indexOf(t.Builtin, t.Jumps[a].Chain) < indexOf(t.Builtin, t.Jumps[b].Chain)
		})
	}
}

// quoteArg quotes a comment with spaces, as it would be typed in a shell.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " ;") {
		return `"` + s + `"`
	}
	return s
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return len(list)
}

// Table returns the table by name.
func (rs *Ruleset) Table(name string) *Table {
	if name == "filter" {
		return &rs.Filter
	}
	return &rs.NAT
}

// ChainRules are the rules of one chain in the kernel's order.
func (t *Table) ChainRules(chain string) []Rule {
	n := 0
	for i := range t.Jumps {
		if t.Jumps[i].Chain == chain {
			n++
		}
	}
	for i := range t.Rules {
		if t.Rules[i].Chain == chain {
			n++
		}
	}
	out := make([]Rule, 0, n)
	for _, r := range t.Jumps {
		if r.Chain == chain {
			out = append(out, r)
		}
	}
	for _, r := range t.Rules {
		if r.Chain == chain {
			out = append(out, r)
		}
	}
	return out
}

// HasChain reports whether the chain exists in the table.
func (t *Table) HasChain(chain string) bool {
	return indexOf(t.Builtin, chain) < len(t.Builtin) || indexOf(t.Chains, chain) < len(t.Chains) || indexOf(t.Others, chain) < len(t.Others)
}
