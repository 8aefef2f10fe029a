package ingress

import (
	"fmt"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// Matching as the Ingress API documents it
// (staging/src/k8s.io/api/networking/v1/types.go):
//
//   - IngressRule.Host: a precise host matches a Host header equal to it; a
//     wildcard host "*.foo.com" matches when the header equals its suffix
//     after removing the first label, so exactly one label ("bar.foo.com",
//     not "baz.bar.foo.com" nor "foo.com"); a rule without host matches all
//     traffic.
//   - PathType Exact: "matches the URL path exactly and with case
//     sensitivity". Prefix: "matching is done on a path element by element
//     basis"; "/foo/bar matches /foo/bar/baz, but does not match
//     /foo/barbaz"; "/foo and /foo/ both match requests to /foo and /foo/";
//     "the longest matching path is given priority". The Ingress concept page
//     adds: "If two paths are still equally matched, precedence will be given
//     to paths with an exact path type over prefix path type."
//   - ImplementationSpecific: "matching is up to the IngressClass"; this
//     column treats it as Prefix and says so.
//   - IngressSpec.DefaultBackend: "the backend that should handle requests
//     that don't match any rule"; without one, "the handling … will be up to
//     the Ingress controller".
//
// Where the API is silent this model decides, and says so in Why: a precise
// host beats a wildcard, and a wildcard beats a rule without host (as nginx
// chooses a server, and as the Gateway API specifies for hostnames); paths
// are pooled from the rules of the most specific matching host only; equal
// paths of the same type go to the first listed.

// HostKind is how a rule's host matches.
type HostKind int

const (
	HostAny      HostKind = iota // no host: every request
	HostWildcard                 // "*.example.com"
	HostPrecise                  // "api.example.com"
)

func (k HostKind) String() string {
	return [...]string{"any host", "wildcard", "precise"}[k]
}

func hostKind(h string) HostKind {
	switch {
	case h == "":
		return HostAny
	case strings.HasPrefix(h, "*."):
		return HostWildcard
	}
	return HostPrecise
}

// hostMatches reports whether a rule's host matches the Host header, and why.
func hostMatches(ruleHost, reqHost string) (bool, string) {
	switch hostKind(ruleHost) {
	case HostAny:
		return true, "a rule without host matches every host"
	case HostWildcard:
		suffix := ruleHost[1:] // ".example.com"
		if !strings.HasSuffix(reqHost, suffix) {
			return false, fmt.Sprintf("%s does not end in %s", reqHost, suffix)
		}
		label := strings.TrimSuffix(reqHost, suffix)
		if label == "" || strings.Contains(label, ".") {
			return false, fmt.Sprintf("* matches exactly one label, and %s has %s", reqHost, labelCount(label))
		}
		return true, fmt.Sprintf("* matches the one label %q", label)
	}
	if strings.EqualFold(ruleHost, reqHost) {
		return true, "the Host header equals the host"
	}
	return false, "the Host header is " + reqHost
}

func labelCount(label string) string {
	if label == "" {
		return "none in its place"
	}
	return fmt.Sprintf("%d there", strings.Count(label, ".")+1)
}

// elements splits a path into its elements ("/foo/bar/" → foo, bar).
func elements(p string) []string {
	var out []string
	for _, e := range strings.Split(p, "/") {
		if e != "" {
			out = append(out, e)
		}
	}
	return out
}

// pathMatches reports whether an Ingress path of type t matches the request
// path, and why.
func pathMatches(t networkingv1.PathType, p, req string) (bool, string) {
	switch t {
	case networkingv1.PathTypeExact:
		if p == req {
			return true, "the path is exactly " + p
		}
		if strings.EqualFold(p, req) {
			return false, "Exact is case-sensitive"
		}
		return false, fmt.Sprintf("%s is not exactly %s", req, p)
	default: // Prefix, and ImplementationSpecific treated as Prefix
		pe, re := elements(p), elements(req)
		if len(pe) == 0 {
			return true, "Prefix / matches every path"
		}
		for i := range pe {
			if i >= len(re) {
				return false, fmt.Sprintf("%s has fewer elements than %s", req, p)
			}
			if pe[i] != re[i] {
				if strings.HasPrefix(re[i], pe[i]) {
					return false, fmt.Sprintf("element %q is not %q: Prefix compares whole elements", re[i], pe[i])
				}
				if strings.EqualFold(re[i], pe[i]) {
					return false, fmt.Sprintf("element %q is not %q: matching is case-sensitive", re[i], pe[i])
				}
				return false, fmt.Sprintf("element %q is not %q", re[i], pe[i])
			}
		}
		return true, fmt.Sprintf("its elements /%s are the first of the request's", strings.Join(pe, "/"))
	}
}

// Backend is where a request goes: a Service port or a resource.
type Backend struct {
	Service string // Service name, or "" for a resource backend
	Port    string // "80" or a port name
	Kind    string // resource kind, for a resource backend
	Name    string // resource name
}

func backendOf(b *networkingv1.IngressBackend) *Backend {
	if b == nil {
		return nil
	}
	if b.Service != nil {
		port := b.Service.Port.Name
		if port == "" {
			port = fmt.Sprint(b.Service.Port.Number)
		}
		return &Backend{Service: b.Service.Name, Port: port}
	}
	if b.Resource != nil {
		return &Backend{Kind: b.Resource.Kind, Name: b.Resource.Name}
	}
	return nil
}

func (b *Backend) String() string {
	if b == nil {
		return "none"
	}
	if b.Service == "" {
		return b.Kind + "/" + b.Name
	}
	return "Service " + b.Service + ":" + b.Port
}

// HostCheck is one rule's host tested against the request.
type HostCheck struct {
	Rule   int // index in spec.rules
	Host   string
	Kind   HostKind
	Match  bool
	Chosen bool // its paths are the ones tried
	Why    string
}

// PathCheck is one path of a chosen rule tested against the request.
type PathCheck struct {
	Rule, Index int // spec.rules[Rule].http.paths[Index]
	Path        string
	Type        networkingv1.PathType
	Backend     *Backend
	Match       bool
	Won         bool
	Why         string
}

// Field is the path's field path, spec.rules[0].http.paths[1].
func (p PathCheck) Field() string {
	return fmt.Sprintf("spec.rules[%d].http.paths[%d]", p.Rule, p.Index)
}

// TLSResult is how the controller terminates an https request.
type TLSResult struct {
	HTTPS  bool
	Entry  int    // index in spec.tls whose hosts list the SNI name, -1 if none
	Secret string // that entry's secretName, "" if none or empty
	Why    string
}

// SpecResult is where the Ingress API sends a request.
type SpecResult struct {
	Hosts     []HostCheck
	HostKind  HostKind // the class of the chosen rules
	HostMatch bool     // some rule's host matched
	Paths     []PathCheck
	Winner    int // index in Paths, -1 when no path matched
	WinWhy    string
	Backend   *Backend // nil: nothing matched and there is no defaultBackend
	Default   bool     // Backend is spec.defaultBackend
	TLS       TLSResult
	Outcome   string // one sentence
}

// Match routes r by the Ingress's rules, as the API documents them.
func Match(ing *networkingv1.Ingress, r Request) SpecResult {
	res := SpecResult{Winner: -1}
	res.TLS = specTLS(ing, r)
	best := HostKind(-1)
	for i, rule := range ing.Spec.Rules {
		ok, why := hostMatches(rule.Host, r.Host)
		hc := HostCheck{Rule: i, Host: rule.Host, Kind: hostKind(rule.Host), Match: ok, Why: why}
		res.Hosts = append(res.Hosts, hc)
		if ok && hc.Kind > best {
			best = hc.Kind
		}
	}
	if best >= 0 {
		res.HostMatch = true
		res.HostKind = best
		for i := range res.Hosts {
			h := &res.Hosts[i]
			if !h.Match {
				continue
			}
			if h.Kind == best {
				h.Chosen = true
				continue
			}
			h.Why += fmt.Sprintf("; a %s host matched too, and it is more specific", best)
		}
		for _, h := range res.Hosts {
			if !h.Chosen {
				continue
			}
			http := ing.Spec.Rules[h.Rule].HTTP
			if http == nil {
				continue
			}
			for j, p := range http.Paths {
				t := networkingv1.PathTypePrefix
				if p.PathType != nil {
					t = *p.PathType
				}
				ok, why := pathMatches(t, p.Path, r.Path)
				if t == networkingv1.PathTypeImplementationSpecific {
					why += " (ImplementationSpecific is up to the IngressClass; treated as Prefix here)"
				}
				res.Paths = append(res.Paths, PathCheck{Rule: h.Rule, Index: j, Path: p.Path, Type: t, Backend: backendOf(&ing.Spec.Rules[h.Rule].HTTP.Paths[j].Backend), Match: ok, Why: why})
			}
		}
		res.Winner, res.WinWhy = longest(res.Paths)
	}
	switch {
	case res.Winner >= 0:
		w := &res.Paths[res.Winner]
		w.Won = true
		res.Backend = w.Backend
		res.Outcome = fmt.Sprintf("%s %s (%s) matches: to %s.", w.Type, w.Path, w.Field(), res.Backend)
	case ing.Spec.DefaultBackend != nil:
		res.Backend = backendOf(ing.Spec.DefaultBackend)
		res.Default = true
		if res.HostMatch {
			res.Outcome = fmt.Sprintf("No path matches: to spec.defaultBackend, %s.", res.Backend)
		} else {
			res.Outcome = fmt.Sprintf("No rule's host matches: to spec.defaultBackend, %s.", res.Backend)
		}
	case res.HostMatch:
		res.Outcome = "No path matches and there is no defaultBackend: the API leaves the answer to the controller."
	default:
		res.Outcome = "No rule's host matches and there is no defaultBackend: the API leaves the answer to the controller."
	}
	return res
}

// longest picks the matching path with priority: the longest path, then
// Exact over Prefix, then the first listed.
func longest(paths []PathCheck) (int, string) {
	win := -1
	why := ""
	matched := 0
	for i, p := range paths {
		if !p.Match {
			continue
		}
		matched++
		if win < 0 {
			win = i
			continue
		}
		w := paths[win]
		switch {
		case len(p.Path) > len(w.Path):
			win = i
		case len(p.Path) == len(w.Path) && p.Type == networkingv1.PathTypeExact && w.Type != networkingv1.PathTypeExact:
			win = i
		}
	}
	if win < 0 {
		return -1, ""
	}
	w := paths[win]
	switch {
	case matched == 1:
		why = "the only path that matches"
	default:
		why = fmt.Sprintf("the longest of the %d matching paths (%d characters)", matched, len(w.Path))
		for i, p := range paths {
			if i != win && p.Match && len(p.Path) == len(w.Path) {
				if w.Type == networkingv1.PathTypeExact && p.Type != networkingv1.PathTypeExact {
					why += "; Exact beats Prefix at equal length"
				} else {
					why += "; listed first among equals"
				}
				break
			}
		}
	}
	return win, why
}

// specTLS finds the spec.tls entry for the SNI name. IngressTLS.Hosts:
// "hosts included in the TLS certificate"; an entry without hosts
// "defaults to the wildcard host setting for the loadbalancer controller".
func specTLS(ing *networkingv1.Ingress, r Request) TLSResult {
	t := TLSResult{Entry: -1}
	if r.Scheme != "https" {
		return t
	}
	t.HTTPS = true
	for i, e := range ing.Spec.TLS {
		if len(e.Hosts) == 0 {
			t.Entry, t.Secret = i, e.SecretName
			t.Why = fmt.Sprintf("spec.tls[%d] lists no hosts, so it applies to every host", i)
			break
		}
		for _, h := range e.Hosts {
			if ok, _ := hostMatches(h, r.Host); ok && h != "" {
				t.Entry, t.Secret = i, e.SecretName
				t.Why = fmt.Sprintf("spec.tls[%d] lists %s", i, h)
				break
			}
		}
		if t.Entry >= 0 {
			break
		}
	}
	switch {
	case t.Entry < 0:
		t.Why = "no spec.tls entry lists " + r.Host + ": the controller answers the handshake with a certificate of its own choosing"
	case t.Secret == "":
		t.Why += ", with no secretName: the controller picks the certificate"
	default:
		t.Why += fmt.Sprintf(": TLS ends at the controller with the certificate in Secret %s (keys tls.crt and tls.key); the hop to the backend is plain HTTP", t.Secret)
	}
	return t
}
