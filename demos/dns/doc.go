// Package dns is the dns demo: a pod's /etc/resolv.conf, the names its
// resolver tries for a lookup (search path and ndots:5), and CoreDNS's
// answer to each query in turn, one query per step, as dig prints it.
//
// The state is (client namespace, name, query type, pods not ready, seed,
// step), all in the URL. The simulation is engine/dns, which follows the
// kubelet (pkg/kubelet/network/dns/dns.go), glibc's res_query.c and
// CoreDNS's plugin/kubernetes with kubeadm's Corefile.
package dns
