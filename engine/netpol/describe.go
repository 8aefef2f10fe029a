package netpol

import (
	"bytes"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// Describe is what `kubectl describe networkpolicy NAME` prints for np,
// following staging/src/k8s.io/kubectl/pkg/describe/describe.go
// (describeNetworkPolicy, describeNetworkPolicySpec,
// printNetworkPolicySpecIngressFrom, printNetworkPolicySpecEgressTo) and its
// tabwriter settings (tabbedString: minwidth 0, tabwidth 8, padding 2). The
// "Created on:" line, which shows the creation time, is left out: this
// simulation has no clock. kubectl apply's last-applied-configuration
// annotation is skipped by describe, as upstream does.
func Describe(np *networkingv1.NetworkPolicy) string {
	var buf bytes.Buffer
	tw := kubectl.NewDescribeWriter(&buf)
	w := func(level int, format string, a ...any) {
		fmt.Fprintf(tw, strings.Repeat("  ", level)+format, a...)
	}
	w(0, "Name:\t%s\n", np.Name)
	w(0, "Namespace:\t%s\n", np.Namespace)
	printMap(w, "Labels", np.Labels)
	ann := map[string]string{}
	for k, v := range np.Annotations {
		if k != corev1.LastAppliedConfigAnnotation {
			ann[k] = v
		}
	}
	printMap(w, "Annotations", ann)
	nps := np.Spec
	w(0, "Spec:\n")
	w(1, "PodSelector: ")
	if len(nps.PodSelector.MatchLabels) == 0 && len(nps.PodSelector.MatchExpressions) == 0 {
		w(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
	} else {
		w(2, "%s\n", metav1.FormatLabelSelector(&nps.PodSelector))
	}
	ingress, egress := false, false
	for _, pt := range nps.PolicyTypes {
		switch pt {
		case networkingv1.PolicyTypeIngress:
			ingress = true
		case networkingv1.PolicyTypeEgress:
			egress = true
		}
	}
	if ingress {
		w(1, "Allowing ingress traffic:\n")
		var rules []rule
		for _, r := range nps.Ingress {
			rules = append(rules, rule{r.Ports, r.From})
		}
		printRules(w, rules, "From", "source", "ingress")
	} else {
		w(1, "Not affecting ingress traffic\n")
	}
	if egress {
		w(1, "Allowing egress traffic:\n")
		var rules []rule
		for _, r := range nps.Egress {
			rules = append(rules, rule{r.Ports, r.To})
		}
		printRules(w, rules, "To", "destination", "egress")
	} else {
		w(1, "Not affecting egress traffic\n")
	}
	var pts []string
	for _, p := range nps.PolicyTypes {
		pts = append(pts, string(p))
	}
	s := strings.Join(pts, ", ")
	if s == "" {
		s = "<none>"
	}
	w(1, "Policy Types: %v\n", s)
	tw.Flush()
	return buf.String()
}

type rule struct {
	ports []networkingv1.NetworkPolicyPort
	peers []networkingv1.NetworkPolicyPeer
}

// printMap is printLabelsMultiline / printAnnotationsMultiline for short
// values.
func printMap(w func(int, string, ...any), title string, m map[string]string) {
	w(0, "%s:\t", title)
	if len(m) == 0 {
		w(0, "<none>\n")
		return
	}
	for i, k := range sortedKeys(m) {
		if i != 0 {
			w(0, "\t")
		}
		w(0, "%s=%s\n", k, m[k])
	}
}

func printRules(w func(int, string, ...any), rules []rule, peerWord, restricted, dir string) {
	const indent = "    "
	if len(rules) == 0 {
		w(0, "%s%s\n", indent, "<none> (Selected pods are isolated for "+dir+" connectivity)")
		return
	}
	for i, r := range rules {
		if len(r.ports) == 0 {
			w(0, "%s%s\n", indent, "To Port: <any> (traffic allowed to all ports)")
		} else {
			for _, port := range r.ports {
				proto := corev1.ProtocolTCP
				if port.Protocol != nil {
					proto = *port.Protocol
				}
				if port.EndPort == nil {
					w(0, "%s%s: %s/%s\n", indent, "To Port", port.Port, proto)
				} else {
					w(0, "%s%s: %s-%d/%s\n", indent, "To Port Range", port.Port, *port.EndPort, proto)
				}
			}
		}
		if len(r.peers) == 0 {
			w(0, "%s%s: <any> (traffic not restricted by %s)\n", indent, peerWord, restricted)
		} else {
			for _, p := range r.peers {
				w(0, "%s%s:\n", indent, peerWord)
				switch {
				case p.PodSelector != nil && p.NamespaceSelector != nil:
					w(1, "%s%s: %s\n", indent, "NamespaceSelector", metav1.FormatLabelSelector(p.NamespaceSelector))
					w(1, "%s%s: %s\n", indent, "PodSelector", metav1.FormatLabelSelector(p.PodSelector))
				case p.PodSelector != nil:
					w(1, "%s%s: %s\n", indent, "PodSelector", metav1.FormatLabelSelector(p.PodSelector))
				case p.NamespaceSelector != nil:
					w(1, "%s%s: %s\n", indent, "NamespaceSelector", metav1.FormatLabelSelector(p.NamespaceSelector))
				case p.IPBlock != nil:
					w(1, "%sIPBlock:\n", indent)
					w(2, "%sCIDR: %s\n", indent, p.IPBlock.CIDR)
					w(2, "%sExcept: %v\n", indent, strings.Join(p.IPBlock.Except, ", "))
				}
			}
		}
		if i != len(rules)-1 {
			w(0, "%s%s\n", indent, "----------")
		}
	}
}
