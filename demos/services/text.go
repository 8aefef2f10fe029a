package services

import (
	"fmt"
	"strings"

	"github.com/kubeviz/kubeviz/engine/kubeproxy"
)

// modeText names the proxy mode the demo shows. With no mode configured,
// kube-proxy on Linux uses iptables in v1.37 (cmd/kube-proxy/app/server_linux.go
// platformApplyDefaults: Mode "" becomes ProxyModeIPTables); nftables mode
// (GA since v1.33) and ipvs are chosen with --proxy-mode.
const modeText = "iptables (the default on Linux; nftables mode is chosen with --proxy-mode=nftables)"

// Narration implements demos.State: what the current step shows.
func (s *State) Narration() string {
	st := s.trace.Steps[s.step]
	_, total := s.Progress()
	return fmt.Sprintf("Request %d, step %d of %d: %s", s.sent, s.step, total, stepSentence(st))
}

// stepSentence is a step's explanation, with the rule's chain named.
func stepSentence(st kubeproxy.Step) string {
	if st.Kind == kubeproxy.StepRule {
		return fmt.Sprintf("%s table, chain %s: %s", st.Table, st.Chain, st.Why)
	}
	return st.Why
}

// Text implements demos.State: the whole state as plain text.
func (s *State) Text() string {
	var b strings.Builder
	svc := s.rs.Service
	cfg := s.cfg()
	fmt.Fprintf(&b, "Service %s/%s: type %s, cluster IP %s, port %d/%s -> targetPort %d", svc.Namespace, svc.Name, svc.Type, svc.ClusterIP, svc.Port, svc.Protocol, svc.TargetPort)
	if svc.Type == kubeproxy.TypeNodePort {
		fmt.Fprintf(&b, ", nodePort %d", svc.NodePort)
	}
	fmt.Fprintf(&b, ", selector app=web\n")
	fmt.Fprintf(&b, "Node %s (%s), kube-proxy mode %s, cluster CIDR %s\n", cfg.NodeName, cfg.NodeIP, modeText, cfg.ClusterCIDR)
	fmt.Fprintf(&b, "Pods (%d):\n", s.replicas)
	for _, p := range s.pods() {
		r := "ready"
		if !p.Ready {
			r = "not ready: not an endpoint"
		}
		fmt.Fprintf(&b, "  %s %s %s\n", p.Pod, p.IP, r)
	}
	_, total := s.Progress()
	c, dst, port := s.route()
	fmt.Fprintf(&b, "\nRequest %d (seed %d): %s %s -> %s:%d, step %d of %d\n", s.sent, s.seed, c.Name, c.IP, dst, port, s.step, total)
	for i, st := range s.trace.Steps[:s.step+1] {
		mark := " "
		if i == s.step {
			mark = ">"
		}
		fmt.Fprintf(&b, "%s %2d %s\n", mark, i, stepText(st))
	}
	if s.done() {
		fmt.Fprintf(&b, "Result: %s\n", outcomeText(s.trace.Outcome))
	}
	counts, rej := s.counts()
	fmt.Fprintf(&b, "\nRequests counted: %d\n", s.completed())
	for i, ep := range s.rs.Endpoints {
		fmt.Fprintf(&b, "  %s %s: %d, expected share %.3f%%\n", ep.Pod, ep.String(), counts[i], 100*kubeproxy.Share(s.rs, i))
	}
	if rej > 0 || len(s.rs.Endpoints) == 0 {
		fmt.Fprintf(&b, "  rejected: %d\n", rej)
	}
	fmt.Fprintf(&b, "\nDNS from pod client (namespace default):\n")
	for _, q := range s.resolve() {
		if q.Answer == "" {
			fmt.Fprintf(&b, "  %s A? NXDOMAIN\n", q.Name)
		} else {
			fmt.Fprintf(&b, "  %s A? %s\n", q.Name, q.Answer)
		}
	}
	b.WriteString(s.rulesText())
	return b.String()
}

// rulesText is the rules part of Text, kept until the rules or the view
// of them change (it is most of the text, and the same at every step).
func (s *State) rulesText() string {
	if t, ok := s.save[s.rules+" text"]; ok && len(t) == 1 {
		return t[0].Text
	}
	var b strings.Builder
	if s.rules == rulesRestore {
		fmt.Fprintf(&b, "\nRules as kube-proxy writes them:\n")
		for _, t := range []*kubeproxy.Table{&s.rs.Filter, &s.rs.NAT} {
			for _, l := range t.Restore() {
				fmt.Fprintf(&b, "%s\n", l.Text)
			}
		}
	} else {
		fmt.Fprintf(&b, "\niptables-save -t nat; iptables-save -t filter:\n")
		for _, t := range []*kubeproxy.Table{&s.rs.NAT, &s.rs.Filter} {
			for _, l := range s.saved(t) { // t.SaveText(), kept
				b.WriteString(l.Text)
				b.WriteByte('\n')
			}
		}
	}
	if s.save == nil {
		s.save = map[string][]kubeproxy.Line{}
	}
	s.save[s.rules+" text"] = []kubeproxy.Line{{Text: b.String()}}
	return b.String()
}

func stepText(st kubeproxy.Step) string {
	if st.Kind == kubeproxy.StepRule {
		m := "no match"
		if st.Matched {
			m = "match"
		}
		return fmt.Sprintf("[%s %s, %s] %s -- %s", st.Table, st.Chain, m, st.Rule, st.Why)
	}
	return fmt.Sprintf("[%s] %s", st.Kind, st.Why)
}

func outcomeText(o kubeproxy.Outcome) string {
	switch o.Kind {
	case "delivered":
		if o.Pod != "" {
			return fmt.Sprintf("answered by pod %s at %s", o.Pod, o.Endpoint)
		}
		return "delivered to " + o.Endpoint
	case "rejected":
		return fmt.Sprintf("rejected by the rule with comment %q (connection refused)", o.Comment)
	}
	return o.Kind
}

func (s *State) resolve() []kubeproxy.Query {
	rc := kubeproxy.PodResolvConf("default", kubeproxy.ClusterDomain, kubeproxy.ClusterDNSIP)
	recs := map[string]string{kubeproxy.ServiceFQDN(s.rs.Service, kubeproxy.ClusterDomain): s.rs.Service.ClusterIP}
	return kubeproxy.Resolve(rc, s.dns, recs)
}
