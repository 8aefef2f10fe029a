package netpol

import (
	"fmt"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// Line is one line of an explanation.
type Line struct {
	Indent int
	Mark   string // "✓", "✗" or ""
	Text   string
}

func (l Line) String() string {
	s := strings.Repeat("  ", l.Indent)
	if l.Mark != "" {
		s += l.Mark + " "
	}
	return s + l.Text
}

func dirWord(d networkingv1.PolicyType) string {
	if d == networkingv1.PolicyTypeIngress {
		return "ingress"
	}
	return "egress"
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// Heading is the side's title: "Egress from frontend".
func (s Side) Heading() string {
	if s.Direction == networkingv1.PolicyTypeIngress {
		return "Ingress to " + s.At.Short()
	}
	return "Egress from " + s.At.Short()
}

// Lines explains the side rule by rule.
func (s Side) Lines() []Line {
	var out []Line
	add := func(indent int, m, format string, a ...any) {
		out = append(out, Line{Indent: indent, Mark: m, Text: fmt.Sprintf(format, a...)})
	}
	d := dirWord(s.Direction)
	if s.Outside {
		add(0, "✓", "%s is outside the cluster: no NetworkPolicy applies at this end.", s.At)
		return out
	}
	pod := s.At.Pod
	if !s.Isolated() {
		if len(s.Selecting) == 0 {
			add(0, "✓", "No NetworkPolicy in %s selects %s, so it is not isolated for %s: allowed.", pod.Namespace, pod.Name, d)
		} else {
			add(0, "✓", "%s %s %s, but not for %s (not in policyTypes), so %s is not isolated for %s: allowed.", strings.Join(s.Selecting, ", "), plural(len(s.Selecting), "selects", "select"), pod.Name, s.Direction, pod.Name, d)
		}
		return out
	}
	add(0, "", "%s is isolated for %s by %s: only what one of %s %s rules allows is let %s.", pod.Name, d, strings.Join(s.Isolating, ", "), plural(len(s.Isolating), "its", "their"), d, inOut(s.Direction))
	if len(s.Rules) == 0 {
		add(1, "✗", "%s no %s rule: nothing is allowed.", plural(len(s.Isolating), "It has", "They have"), d)
	}
	for _, r := range s.Rules {
		add(1, mark(r.Allows), "%s", r.Ref())
		if r.AllPeers {
			add(2, "✓", "no %s: every %s", r.PeerField, map[string]string{"from": "source", "to": "destination"}[r.PeerField])
		}
		for _, p := range r.Peers {
			add(2, mark(p.Match), "%s[%d] %s: %s", r.PeerField, p.Index, p.Text, p.Why)
		}
		if r.AllPorts {
			add(2, "✓", "no ports: every port")
		}
		for _, p := range r.Ports {
			t := fmt.Sprintf("ports[%d] %s", p.Index, p.Text)
			if p.Why != "" {
				t += " (" + p.Why + ")"
			}
			add(2, mark(p.Match), "%s", t)
		}
	}
	if s.Allowed {
		add(0, "✓", "Allowed by %s.", s.Rules[s.By].Ref())
	} else {
		t := fmt.Sprintf("Denied: no %s rule matches %s.", d, s.what())
		if h := s.hint(); h != "" {
			t += " " + h
		}
		add(0, "✗", "%s", t)
	}
	return out
}

func inOut(d networkingv1.PolicyType) string {
	if d == networkingv1.PolicyTypeIngress {
		return "in"
	}
	return "out"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// what is the traffic as the side sees it: "TCP 8080 from frontend".
func (s Side) what() string {
	if s.Direction == networkingv1.PolicyTypeIngress {
		return fmt.Sprintf("%s %d from %s", s.Protocol, s.Port, s.Peer.Short())
	}
	return fmt.Sprintf("%s %d to %s", s.Protocol, s.Port, s.Peer.Short())
}

// hint names the nearest miss: a rule that matched the peer but not the
// port, or the port but not the peer.
func (s Side) hint() string {
	for _, r := range s.Rules {
		if r.PeersMatch && !r.PortsMatch {
			var ports []string
			for _, p := range r.Ports {
				ports = append(ports, p.Text)
			}
			return fmt.Sprintf("(%s matches %s, but only on %s.)", r.Ref(), s.Peer.Short(), strings.Join(ports, ", "))
		}
	}
	for _, r := range s.Rules {
		if r.PortsMatch && !r.PeersMatch {
			var peers []string
			for _, p := range r.Peers {
				peers = append(peers, p.Text)
			}
			return fmt.Sprintf("(%s matches the port, but only %s %s.)", r.Ref(), r.PeerField, strings.Join(peers, " or "))
		}
	}
	return ""
}

// Short is the side in a few words, for a matrix cell's title: "not
// isolated", "api-policy spec.egress[0]", "no rule of default-deny".
func (s Side) Short() string {
	switch {
	case s.Outside:
		return "outside the cluster"
	case !s.Isolated():
		return "not isolated"
	case s.Allowed:
		return s.Rules[s.By].Ref()
	}
	return "no rule of " + strings.Join(s.Isolating, ", ") + " allows it"
}

// Reason is the verdict in one sentence (without a final period).
func (v Verdict) Reason() string {
	c := v.Conn
	switch {
	case v.Self:
		return fmt.Sprintf("%s → itself: allowed, a pod can always reach itself", c.Src.Short())
	case v.Allowed && !v.Egress.Isolated() && !v.Ingress.Isolated():
		return fmt.Sprintf("%s → %s %s %d: allowed, neither end is isolated (no policy selects them), so the default applies: allow", c.Src.Short(), c.Dst.Short(), c.Protocol, c.Port)
	case v.Allowed:
		return fmt.Sprintf("%s → %s %s %d: allowed; egress: %s; ingress: %s", c.Src.Short(), c.Dst.Short(), c.Protocol, c.Port, v.Egress.Short(), v.Ingress.Short())
	}
	var why []string
	if !v.Egress.Allowed {
		why = append(why, fmt.Sprintf("%s is isolated for egress by %s and no egress rule allows it", c.Src.Short(), strings.Join(v.Egress.Isolating, ", ")))
	}
	if !v.Ingress.Allowed {
		why = append(why, fmt.Sprintf("%s is isolated for ingress by %s and no ingress rule allows it", c.Dst.Short(), strings.Join(v.Ingress.Isolating, ", ")))
	}
	return fmt.Sprintf("%s → %s %s %d: denied, %s", c.Src.Short(), c.Dst.Short(), c.Protocol, c.Port, strings.Join(why, "; and "))
}

// Word is "allowed" or "denied".
func (v Verdict) Word() string {
	if v.Allowed {
		return "allowed"
	}
	return "denied"
}

// Lines explains the verdict: egress at the source, ingress at the
// destination, then the result.
func (v Verdict) Lines() []Line {
	var out []Line
	if v.Self {
		return []Line{{Mark: "✓", Text: "A pod can always reach itself: NetworkPolicies do not apply to a pod's traffic to itself."}}
	}
	out = append(out, Line{Text: v.Egress.Heading() + ":"})
	for _, l := range v.Egress.Lines() {
		l.Indent++
		out = append(out, l)
	}
	out = append(out, Line{Text: v.Ingress.Heading() + ":"})
	for _, l := range v.Ingress.Lines() {
		l.Indent++
		out = append(out, l)
	}
	if v.Allowed {
		out = append(out, Line{Mark: "✓", Text: "Both ends allow it: the connection is allowed, and so are its replies."})
	} else {
		out = append(out, Line{Mark: "✗", Text: "One end denies it: the network plugin drops the packet, so a TCP client sees a timeout, not a refusal."})
	}
	return out
}

// Explain is Lines as text.
func (v Verdict) Explain() string {
	var b strings.Builder
	for _, l := range v.Lines() {
		b.WriteString(l.String())
		b.WriteByte('\n')
	}
	return b.String()
}
