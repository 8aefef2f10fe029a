// Package dns is the pure model behind the dns demo: the /etc/resolv.conf
// the kubelet writes into a pod, the queries the pod's resolver sends for a
// name in order (glibc's search list and ndots), and what the cluster DNS
// server answers to each one, printed as dig prints it.
//
// It follows:
//   - kubernetes pkg/kubelet/network/dns/dns.go (GetPodDNS,
//     generateSearchesForDNSClusterFirst, defaultDNSOptions "ndots:5"), and
//     containerd's parseDNSOptions for the file's layout; the resolv.conf
//     itself comes from engine/kubeproxy (PodResolvConf), which the services
//     demo shares;
//   - glibc resolv/res_query.c __res_context_search: the order of the names
//     tried (engine/kubeproxy Resolve), and which answers end the search;
//   - CoreDNS plugin/kubernetes (parse.go parseRequest, kubernetes.go
//     Records, findServices, findPods, endpointHostname, handler.go
//     ServeDNS), plugin/backend_lookup.go (A, SRV and its weights,
//     BackendError's SOA), plugin/kubernetes/object/endpoint.go (only ready
//     endpoints), plugin/loadbalance (the shuffle of A records) and
//     plugin/cache (every TTL capped), with kubeadm's Corefile
//     (cmd/kubeadm/app/phases/addons/dns: "pods insecure", "ttl 30",
//     "cache 30", "forward . /etc/resolv.conf", "loadbalance"; its cache
//     block also has "disable success/denial cluster.local", which stops
//     CoreDNS storing cluster answers but not capping their TTL:
//     plugin/cache/cache.go WriteMsg caps every reply before set() checks
//     the exceptions);
//   - BIND 9.18 dig's text format (lib/dns/masterdump.c column rules: TTL
//     at column 24, class 32, type 40, data 48, tab width 8).
//
// No I/O, no clock, no goroutines: query ids and the load balancer's
// shuffle come from a Rand the caller seeds.
package dns
