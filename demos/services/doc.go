// Package services is the services demo: a request followed from a client
// pod through kube-proxy's iptables rules (nat PREROUTING → KUBE-SERVICES →
// KUBE-SVC-… → KUBE-SEP-… → DNAT) to a pod, with the rules as iptables-save
// prints them, a histogram of where many requests land, and the DNS names
// of the Service. The model is engine/kubeproxy; this package maps URL
// state to it and draws it.
package services
