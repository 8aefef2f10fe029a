package ingress

import (
	"fmt"
	"strings"

	engine "github.com/kubeviz/kubeviz/engine/ingress"
)

// specShort is where the Ingress API sends a request, in a few words.
func specShort(r routed) string {
	if r.Spec == nil {
		return "no Ingress (rejected)"
	}
	if r.Spec.Backend == nil {
		return "up to the controller"
	}
	if r.Spec.Default {
		return r.Spec.Backend.String() + " (defaultBackend)"
	}
	return r.Spec.Backend.String()
}

// nginxShort is what ingress-nginx answers, in a few words.
func nginxShort(r routed) string {
	n := r.Nginx
	switch {
	case n.Status == engine.RedirectCode:
		return fmt.Sprintf("%d redirect to https", n.Status)
	case n.Status == 404:
		return "404 Not Found"
	case n.Rewritten:
		return n.Backend.String() + ", path " + n.URI
	}
	return n.Backend.String()
}

// differ reports whether ingress-nginx's answer is not the API's: a
// redirect, a rewritten path, or another backend.
func differ(r routed) bool {
	if r.Spec == nil {
		return false
	}
	n := r.Nginx
	if n.Status == engine.RedirectCode || n.Rewritten {
		return true
	}
	spec, ngx := "", ""
	if r.Spec.Backend != nil {
		spec = r.Spec.Backend.String()
	}
	if n.Backend != nil {
		ngx = n.Backend.String()
	}
	return spec != ngx
}

func (s *State) counts() (hosts, paths int) {
	ing := s.doc.Ing
	seen := map[string]bool{}
	for _, r := range ing.Spec.Rules {
		if !seen[r.Host] {
			seen[r.Host] = true
			hosts++
		}
		if r.HTTP != nil {
			paths += len(r.HTTP.Paths)
		}
	}
	return
}

// Narration implements demos.State.
func (s *State) Narration() string {
	_, total := s.Progress()
	r := s.current()
	if r == nil {
		next := fmt.Sprintf("press Step to send request 1 of %d", total)
		if total == 0 {
			next = "add a request to send"
		}
		if s.doc.Ing == nil {
			return fmt.Sprintf("%s Nothing routes by it, so only the controller's default server answers; %s.", s.doc.Summary, next)
		}
		h, p := s.counts()
		return fmt.Sprintf("kubectl apply created Ingress %s: %d %s and %d %s; %s.", s.doc.Ing.Name, h, plural(h, "host", "hosts"), p, plural(p, "path", "paths"), next)
	}
	head := fmt.Sprintf("Request %d of %d, %s: ", s.step, total, r.Req.URL())
	if r.Spec == nil {
		return head + "the Ingress was rejected, so ingress-nginx answers " + nginxShort(*r) + "."
	}
	if r.Spec.Backend == nil {
		return head + "by the Ingress API nothing matches and there is no defaultBackend, so the controller decides: ingress-nginx answers " + nginxShort(*r) + "."
	}
	spec := "by the Ingress API it goes to " + specShort(*r)
	if r.Spec.Winner >= 0 {
		w := r.Spec.Paths[r.Spec.Winner]
		spec = fmt.Sprintf("by the Ingress API %s %s sends it to %s", w.Type, w.Path, r.Spec.Backend)
	}
	if n := r.Nginx; n.Rewritten && n.Backend.String() == r.Spec.Backend.String() {
		return head + spec + "; ingress-nginx picks the same Service, but its rewrite-target hands it the path " + n.URI + " instead of " + r.Req.URI() + "."
	}
	if s.ignored != "" {
		return head + spec + ", but ingress-nginx does not route an Ingress of another IngressClass, so it answers " + nginxShort(*r) + "."
	}
	if differ(*r) {
		return head + spec + ", but ingress-nginx answers " + nginxShort(*r) + "."
	}
	return head + spec + ", and ingress-nginx agrees."
}

// Text implements demos.State: the whole state as plain text.
func (s *State) Text() string {
	var b strings.Builder
	_, total := s.Progress()
	fmt.Fprintf(&b, "Ingress (preset %s): %s\n%s\n", s.preset, s.doc.Summary, s.doc.Output)
	if s.ignored != "" {
		fmt.Fprintf(&b, "ingress-nginx does not route it (IngressClass nginx only): %s\n", s.ignored)
	}
	fmt.Fprintf(&b, "\nRequests (%d sent of %d):\n", s.step, total)
	n := 0
	for _, l := range s.lines {
		if l.Err != "" {
			fmt.Fprintf(&b, "   line %d: %s\n", l.Line, l.Err)
			continue
		}
		n++
		r := s.routes[n-1]
		m := " "
		if n == s.step {
			m = "▶"
		}
		if n <= s.step {
			fmt.Fprintf(&b, " %s %d. %s → API: %s | ingress-nginx: %s\n", m, n, r.Req.URL(), specShort(r), nginxShort(r))
		} else {
			fmt.Fprintf(&b, "   %d. %s (not sent yet)\n", n, r.Req.URL())
		}
	}
	if s.tooMany > 0 {
		fmt.Fprintf(&b, "   (%d more ignored: at most %d requests)\n", s.tooMany, MaxRequests)
	}
	if r := s.current(); r != nil {
		fmt.Fprintf(&b, "\nRequest %d: GET %s\n", s.step, r.Req.URL())
		if r.Spec != nil {
			b.WriteString("By the Ingress API:\n")
			b.WriteString(indent(engine.DescribeSpec(*r.Spec)))
		}
		b.WriteString("By ingress-nginx:\n")
		b.WriteString(indent(engine.DescribeNginx(r.Nginx)))
	}
	b.WriteString("\ningress-nginx's nginx.conf (server_name and location lines):\n")
	b.WriteString(indent(s.ngx.DescribeConfig()))
	return b.String()
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}
