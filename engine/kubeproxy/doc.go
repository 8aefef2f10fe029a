// Package kubeproxy is the pure model behind the services demo: the
// iptables rules kube-proxy writes for a Service and its endpoints, what
// iptables-save prints for them, and the walk of one packet through those
// rules to a pod.
//
// It follows kubernetes pkg/proxy/iptables/proxier.go (syncProxyRules,
// writeServiceToEndpointRules, the chain-name hashes and probability()),
// pkg/proxy/endpointslicecache.go (endpoints sorted by "IP:port" string),
// and, for what iptables-save prints and how the kernel draws, the iptables
// extensions (libxt_statistic.c, libxt_MARK.c, libxt_nfacct.c,
// xtables_save_string) and the kernel's net/netfilter/xt_statistic.c.
//
// No I/O, no clock, no goroutines: randomness (the statistic match's draw)
// comes from a Rand the caller seeds.
package kubeproxy
