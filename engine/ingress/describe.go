package ingress

import (
	"fmt"
	"strings"
)

// ConfLine is one line of the nginx configuration excerpt.
type ConfLine struct {
	Text     string
	Server   string         // the server's hostname
	Location *NginxLocation // nil for a server line
}

// ConfLines are the server_name and location lines ingress-nginx writes,
// in nginx.conf order, with what each proxies to as a comment.
func (n *Nginx) ConfLines() []ConfLine {
	var out []ConfLine
	for _, s := range n.Servers {
		line := "server_name " + s.ServerName + ";"
		switch {
		case s.Hostname == CatchAll:
			line += "  # listen 80 default_server; 443 with the default certificate"
		case s.Cert != "":
			line += "  # listen 80 and 443, certificate: " + s.Cert
		default:
			line += "  # listen 80 and 443 (no certificate of its own)"
		}
		out = append(out, ConfLine{Text: line, Server: s.Hostname})
		for _, l := range s.Locations {
			t := "  " + l.Directive() + " { "
			if l.Rewrite != "" {
				t += fmt.Sprintf(`rewrite "(?i)%s" %s break; `, l.Path, l.Rewrite)
			}
			t += "→ " + l.Upstream() + " }"
			out = append(out, ConfLine{Text: t, Server: s.Hostname, Location: l})
		}
	}
	return out
}

// DescribeConfig prints ConfLines.
func (n *Nginx) DescribeConfig() string {
	var b strings.Builder
	for _, l := range n.ConfLines() {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// DescribeSpec prints how the Ingress API routes a request.
func DescribeSpec(r SpecResult) string {
	var b strings.Builder
	if r.TLS.HTTPS {
		fmt.Fprintf(&b, "TLS: %s\n", r.TLS.Why)
	}
	for _, h := range r.Hosts {
		host := h.Host
		if host == "" {
			host = "(no host)"
		}
		fmt.Fprintf(&b, "host %s spec.rules[%d].host %s (%s): %s\n", mark(h.Match && h.Chosen), h.Rule, host, h.Kind, h.Why)
	}
	for _, p := range r.Paths {
		w := ""
		if p.Won {
			w = " ← " + r.WinWhy
		}
		fmt.Fprintf(&b, "path %s %s %s %s → %s: %s%s\n", mark(p.Match), p.Field(), p.Type, p.Path, p.Backend, p.Why, w)
	}
	fmt.Fprintf(&b, "spec: %s\n", r.Outcome)
	return b.String()
}

// DescribeNginx prints what ingress-nginx does with a request.
func DescribeNginx(r NginxResult) string {
	var b strings.Builder
	if r.Cert != "" {
		fmt.Fprintf(&b, "TLS: %s: %s\n", r.Cert, r.CertWhy)
	}
	fmt.Fprintf(&b, "server %s: %s\n", r.Server.Hostname, r.ServerWhy)
	for _, c := range r.Checks {
		w := ""
		if c.Won {
			w = " ←"
		}
		fmt.Fprintf(&b, "  %s %s: %s%s\n", mark(c.Match), c.Loc.Directive(), c.Why, w)
	}
	fmt.Fprintf(&b, "ingress-nginx: %s\n", r.Outcome)
	return b.String()
}
