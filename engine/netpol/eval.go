package netpol

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Conn is a new connection (the first packet of a TCP handshake, or the
// first UDP datagram of a flow) from Src to Dst's Port.
type Conn struct {
	Src, Dst Endpoint
	Port     int32
	Protocol corev1.Protocol
}

// String is "default/frontend → default/api TCP 8080".
func (c Conn) String() string {
	return fmt.Sprintf("%s → %s %s %d", c.Src, c.Dst, c.Protocol, c.Port)
}

// PortCheck is one item of a rule's ports.
type PortCheck struct {
	Index int
	Text  string // "TCP 8080", "UDP 53", "TCP metrics", "TCP 32000-32768", "every TCP port"
	Match bool
	Why   string // for a named port, what it resolves to
}

// PeerCheck is one item of a rule's from (or to).
type PeerCheck struct {
	Index int
	Text  string // "podSelector app=frontend"
	Match bool
	Why   string
}

// RuleCheck is how one rule of one policy met the connection.
type RuleCheck struct {
	Policy    string // the policy's name
	Namespace string
	Path      string // "spec.ingress[0]"
	PeerField string // "from" or "to"

	AllPorts   bool // ports is empty: every port
	Ports      []PortCheck
	PortsMatch bool

	AllPeers   bool // from/to is empty: every source/destination
	Peers      []PeerCheck
	PeersMatch bool

	Allows bool // ports and peers both match
}

// Ref is "api-policy spec.ingress[0]".
func (r RuleCheck) Ref() string { return r.Policy + " " + r.Path }

// Side is the verdict of one end: egress at the source, or ingress at the
// destination.
type Side struct {
	Direction networkingv1.PolicyType
	At        Endpoint // the pod whose policies decide (source for Egress)
	Peer      Endpoint // the other end
	Outside   bool     // At is not a pod: no NetworkPolicy applies there
	Selecting []string // policies in At's namespace whose podSelector selects it
	Isolating []string // those with Direction in their policyTypes
	Rules     []RuleCheck
	Allowed   bool
	By        int // index in Rules of the first rule that allows, or -1
	Port      int32
	Protocol  corev1.Protocol
}

// Isolated reports whether some policy isolates the pod in this direction.
func (s Side) Isolated() bool { return len(s.Isolating) > 0 }

// Verdict is whether a connection is allowed, and why.
type Verdict struct {
	Conn    Conn
	Self    bool // a pod connecting to itself
	Egress  Side
	Ingress Side
	Allowed bool
}

// Evaluate decides conn under the policies (defaulted and valid, as the
// API server stores them), following the API's documented semantics and
// kubernetes-sigs/kube-network-policies pkg/pipeline/networkpolicy.go:
//
//   - egress is decided at the source pod: if no policy in its namespace
//     selects it with Egress in policyTypes, it is not isolated for egress
//     and everything out is allowed; otherwise the connection must match
//     at least one egress rule of one of those policies (the union);
//   - ingress is decided the same way at the destination pod;
//   - both must allow. An end that is not a pod has no policies.
//
// A pod can always reach itself (concept page: "a pod cannot block access
// to itself").
func Evaluate(c *Cluster, policies []*networkingv1.NetworkPolicy, conn Conn) Verdict {
	v := Verdict{Conn: conn}
	v.Egress = side(c, policies, conn, networkingv1.PolicyTypeEgress)
	v.Ingress = side(c, policies, conn, networkingv1.PolicyTypeIngress)
	if conn.Src.Pod != nil && conn.Dst.Pod != nil && conn.Src.Pod.Key() == conn.Dst.Pod.Key() {
		v.Self = true
		v.Allowed = true
		return v
	}
	v.Allowed = v.Egress.Allowed && v.Ingress.Allowed
	return v
}

// selects reports whether the policy's podSelector selects pod: same
// namespace, and the selector matches its labels (an empty selector
// selects every pod of the namespace).
func selects(np *networkingv1.NetworkPolicy, pod *Pod) bool {
	if pod == nil || np.Namespace != pod.Namespace {
		return false
	}
	s, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
	if err != nil {
		return false // refused by validation
	}
	return s.Matches(labels.Set(pod.Labels))
}

func side(c *Cluster, policies []*networkingv1.NetworkPolicy, conn Conn, dir networkingv1.PolicyType) Side {
	s := Side{Direction: dir, By: -1, At: conn.Src, Peer: conn.Dst, Port: conn.Port, Protocol: conn.Protocol}
	if dir == networkingv1.PolicyTypeIngress {
		s.At, s.Peer = conn.Dst, conn.Src
	}
	if s.At.Pod == nil {
		s.Outside = true
		s.Allowed = true
		return s
	}
	for _, np := range policies {
		if !selects(np, s.At.Pod) {
			continue
		}
		s.Selecting = append(s.Selecting, np.Name)
		if !slices.Contains(np.Spec.PolicyTypes, dir) {
			continue
		}
		s.Isolating = append(s.Isolating, np.Name)
		if dir == networkingv1.PolicyTypeIngress {
			for i, r := range np.Spec.Ingress {
				rc := checkRule(c, np, fmt.Sprintf("spec.ingress[%d]", i), "from", r.Ports, r.From, conn)
				s.Rules = append(s.Rules, rc)
			}
		} else {
			for i, r := range np.Spec.Egress {
				rc := checkRule(c, np, fmt.Sprintf("spec.egress[%d]", i), "to", r.Ports, r.To, conn)
				s.Rules = append(s.Rules, rc)
			}
		}
	}
	if len(s.Isolating) == 0 {
		s.Allowed = true
		return s
	}
	for i, r := range s.Rules {
		if r.Allows {
			s.Allowed = true
			s.By = i
			break
		}
	}
	return s
}

func checkRule(c *Cluster, np *networkingv1.NetworkPolicy, path, peerField string, ports []networkingv1.NetworkPolicyPort, peers []networkingv1.NetworkPolicyPeer, conn Conn) RuleCheck {
	rc := RuleCheck{Policy: np.Name, Namespace: np.Namespace, Path: path, PeerField: peerField}
	// ports: empty matches every port; else at least one item (OR).
	if len(ports) == 0 {
		rc.AllPorts, rc.PortsMatch = true, true
	}
	for i := range ports {
		pc := checkPort(&ports[i], conn)
		pc.Index = i
		rc.Ports = append(rc.Ports, pc)
		if pc.Match {
			rc.PortsMatch = true
		}
	}
	// from/to: empty matches every peer; else at least one item (OR).
	if len(peers) == 0 {
		rc.AllPeers, rc.PeersMatch = true, true
	}
	peer := conn.Dst
	if peerField == "from" {
		peer = conn.Src
	}
	for i := range peers {
		pc := checkPeer(c, np.Namespace, &peers[i], peer)
		pc.Index = i
		rc.Peers = append(rc.Peers, pc)
		if pc.Match {
			rc.PeersMatch = true
		}
	}
	rc.Allows = rc.PortsMatch && rc.PeersMatch
	return rc
}

// checkPort is kube-network-policies' evaluatePorts for one item: the
// protocol must be the same; no port means every port of that protocol; a
// number matches that port, with endPort the range port..endPort; a name
// matches when the destination pod has a container port of that name with
// this number and protocol (so it never matches outside the cluster).
func checkPort(pp *networkingv1.NetworkPolicyPort, conn Conn) PortCheck {
	proto := corev1.ProtocolTCP
	if pp.Protocol != nil {
		proto = *pp.Protocol
	}
	pc := PortCheck{}
	switch {
	case pp.Port == nil:
		pc.Text = "every " + string(proto) + " port"
		pc.Match = proto == conn.Protocol
	case pp.Port.Type == intstr.String:
		name := pp.Port.StrVal
		pc.Text = fmt.Sprintf("%s %s", proto, name)
		if proto != conn.Protocol {
			break
		}
		if conn.Dst.Pod == nil {
			pc.Why = fmt.Sprintf("named port %s: %s is not a pod, it has no named ports", name, conn.Dst.Short())
			break
		}
		var found []string
		for _, cp := range conn.Dst.Pod.Ports {
			if cp.Name != name {
				continue
			}
			found = append(found, fmt.Sprintf("%d/%s", cp.ContainerPort, protocolOf(cp)))
			if cp.ContainerPort == conn.Port && protocolOf(cp) == conn.Protocol {
				pc.Match = true
			}
		}
		if len(found) == 0 {
			pc.Why = fmt.Sprintf("named port %s: %s has no container port called %s", name, conn.Dst.Short(), name)
		} else {
			pc.Why = fmt.Sprintf("named port %s is %s on %s", name, strings.Join(found, ", "), conn.Dst.Short())
		}
	default:
		n := pp.Port.IntVal
		if pp.EndPort != nil {
			pc.Text = fmt.Sprintf("%s %d-%d", proto, n, *pp.EndPort)
			pc.Match = proto == conn.Protocol && conn.Port >= n && conn.Port <= *pp.EndPort
		} else {
			pc.Text = fmt.Sprintf("%s %d", proto, n)
			pc.Match = proto == conn.Protocol && conn.Port == n
		}
	}
	return pc
}

// FormatSelector is a selector as kubectl prints it
// (metav1.FormatLabelSelector), but "{}" for the empty selector, which
// kubectl prints as "<none>" although it selects everything.
func FormatSelector(s *metav1.LabelSelector) string {
	if s == nil {
		return "<nil>"
	}
	if len(s.MatchLabels) == 0 && len(s.MatchExpressions) == 0 {
		return "{}"
	}
	return metav1.FormatLabelSelector(s)
}

// PeerText is a peer as one line: "namespaceSelector X and podSelector Y".
func PeerText(p *networkingv1.NetworkPolicyPeer) string {
	switch {
	case p.IPBlock != nil:
		t := "ipBlock " + p.IPBlock.CIDR
		if len(p.IPBlock.Except) > 0 {
			t += " except " + strings.Join(p.IPBlock.Except, ", ")
		}
		return t
	case p.NamespaceSelector != nil && p.PodSelector != nil:
		return "namespaceSelector " + FormatSelector(p.NamespaceSelector) + " and podSelector " + FormatSelector(p.PodSelector)
	case p.NamespaceSelector != nil:
		return "namespaceSelector " + FormatSelector(p.NamespaceSelector)
	case p.PodSelector != nil:
		return "podSelector " + FormatSelector(p.PodSelector)
	}
	return "{}"
}

// checkPeer is kube-network-policies' evaluateSelectors and
// evaluateIPBlocks: an ipBlock matches the peer's IP (pod or not); the
// selectors match only pods. A podSelector alone selects pods of the
// policy's namespace; with a namespaceSelector, pods of the namespaces it
// selects (AND); a namespaceSelector alone, every pod of those namespaces.
func checkPeer(c *Cluster, policyNS string, p *networkingv1.NetworkPolicyPeer, peer Endpoint) PeerCheck {
	pc := PeerCheck{Text: PeerText(p)}
	if p.IPBlock != nil {
		if !contains(p.IPBlock.CIDR, peer.IP) {
			pc.Why = fmt.Sprintf("%s is not in %s", peer.IP, p.IPBlock.CIDR)
			return pc
		}
		for _, ex := range p.IPBlock.Except {
			if contains(ex, peer.IP) {
				pc.Why = fmt.Sprintf("%s is in %s, but also in the exception %s", peer.IP, p.IPBlock.CIDR, ex)
				return pc
			}
		}
		pc.Match = true
		pc.Why = fmt.Sprintf("%s is in %s", peer.IP, p.IPBlock.CIDR)
		return pc
	}
	if peer.Pod == nil {
		pc.Why = fmt.Sprintf("%s is not a pod: selectors select only pods", peer.Short())
		return pc
	}
	pod := peer.Pod
	ns := c.Namespace(pod.Namespace)
	var nsLabels map[string]string
	if ns != nil {
		nsLabels = ns.Labels
	}
	if p.PodSelector != nil {
		s, err := metav1.LabelSelectorAsSelector(p.PodSelector)
		if err != nil || !s.Matches(labels.Set(pod.Labels)) {
			pc.Why = fmt.Sprintf("%s's labels [%s] do not match podSelector %s", pod.Name, labels.Set(pod.Labels), FormatSelector(p.PodSelector))
			return pc
		}
		if p.NamespaceSelector == nil {
			if pod.Namespace != policyNS {
				pc.Why = fmt.Sprintf("%s matches the podSelector but is in namespace %s: a podSelector alone selects pods in the policy's own namespace, %s", pod.Name, pod.Namespace, policyNS)
				return pc
			}
			pc.Match = true
			pc.Why = fmt.Sprintf("%s is in %s, the policy's namespace, and matches %s", pod.Name, policyNS, FormatSelector(p.PodSelector))
			return pc
		}
	}
	s, err := metav1.LabelSelectorAsSelector(p.NamespaceSelector)
	if err != nil || !s.Matches(labels.Set(nsLabels)) {
		pc.Why = fmt.Sprintf("namespace %s [%s] does not match namespaceSelector %s", pod.Namespace, labels.Set(nsLabels), FormatSelector(p.NamespaceSelector))
		return pc
	}
	pc.Match = true
	if p.PodSelector != nil {
		pc.Why = fmt.Sprintf("namespace %s matches %s and %s matches %s", pod.Namespace, FormatSelector(p.NamespaceSelector), pod.Name, FormatSelector(p.PodSelector))
	} else {
		pc.Why = fmt.Sprintf("namespace %s matches %s: every pod in it", pod.Namespace, FormatSelector(p.NamespaceSelector))
	}
	return pc
}

// Isolating returns the policies that isolate pod for ingress and for
// egress: those in its namespace whose podSelector selects it and whose
// policyTypes name the direction.
func Isolating(policies []*networkingv1.NetworkPolicy, pod *Pod) (ingress, egress []string) {
	for _, np := range policies {
		if !selects(np, pod) {
			continue
		}
		if slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeIngress) {
			ingress = append(ingress, np.Name)
		}
		if slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeEgress) {
			egress = append(egress, np.Name)
		}
	}
	return ingress, egress
}
