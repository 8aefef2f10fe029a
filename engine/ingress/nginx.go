package ingress

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// What ingress-nginx generates for one Ingress and how nginx then routes a
// request, following kubernetes/ingress-nginx:
//
//   - controller.go createServers: a catch-all server "_" whose root location
//     "/" goes to the default backend (nginx answers 404 itself when no
//     --default-backend-service is set); one server per rule host, whose
//     root location goes to the Ingress's spec.defaultBackend if it has one,
//     else to that same 404. spec.defaultBackend configures the catch-all
//     server only for an Ingress without rules.
//   - controller.go getBackendServers: a location per path; the same path
//     with the same pathType is configured once (the first wins), and a path
//     equal to the root replaces the default location. Then locations are
//     sorted by path (descending), then stably by length (longest first).
//   - location.go updateServerLocations: a Prefix path /foo becomes the
//     location /foo/ plus an exact location = /foo, so that nginx's string
//     prefix match behaves element-wise; not for a path with rewrite-target
//     or use-regex.
//   - template.go enforceRegexModifier/buildLocation: if any location of a
//     server has rewrite-target (different from its path) or use-regex,
//     every location of that server becomes a case-insensitive regex
//     ~* "^path", tried in order, the first match wins.
//   - template.go buildProxyPass: rewrite-target adds
//     rewrite "(?i)path" target break; which replaces the whole URI.
//   - template.go buildServerName: *.foo.com becomes ~^(?<subdomain>[\w-]+)\.foo\.com$
//     (one label); nginx tries exact server names before regex ones.
//   - controller.go createServers/extractTLSSecretName and certificate.lua:
//     a server gets the certificate of the spec.tls entry that lists its
//     host; by SNI, nginx serves that certificate, or the controller's
//     default "Kubernetes Ingress Controller Fake Certificate".
//   - ConfigMap defaults ssl-redirect: "true" and http-redirect-code: 308: an
//     http request to a server with a certificate is redirected to https.

const (
	annRewriteTarget    = "nginx.ingress.kubernetes.io/rewrite-target"
	annUseRegex         = "nginx.ingress.kubernetes.io/use-regex"
	annSSLRedirect      = "nginx.ingress.kubernetes.io/ssl-redirect"
	annForceSSLRedirect = "nginx.ingress.kubernetes.io/force-ssl-redirect"

	// FakeCertificate is the subject of ingress-nginx's default certificate.
	FakeCertificate = "O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate"
	// CatchAll is the hostname of ingress-nginx's default server.
	CatchAll = "_"
	// RedirectCode is the ConfigMap default http-redirect-code.
	RedirectCode = 308
)

// NginxLocation is one nginx location block.
type NginxLocation struct {
	Path        string // after ingress-nginx's normalisation
	IngressPath string // the Ingress path it came from, "" for the default root
	PathType    networkingv1.PathType
	Exact       bool     // "location = /v1"
	Regex       bool     // location ~* "^/v1"
	Backend     *Backend // nil: the default backend (404)
	IsDefault   bool     // the server's root location for the default backend
	AddedExact  bool     // the exact location added for a Prefix path
	Rewrite     string   // rewrite-target, when it applies (needsRewrite)
	Rule, Index int      // the source path, -1 for the default root
	re          *regexp.Regexp
	badRegex    string
}

// Directive is the location line as nginx.conf has it.
func (l *NginxLocation) Directive() string {
	switch {
	case l.Regex:
		return fmt.Sprintf(`location ~* "^%s"`, l.Path)
	case l.Exact:
		return "location = " + l.Path
	}
	return "location " + l.Path
}

// Upstream is what the location proxies to.
func (l *NginxLocation) Upstream() string {
	if l.Backend == nil {
		return "upstream-default-backend (404)"
	}
	return l.Backend.String()
}

// NginxServer is one nginx server block.
type NginxServer struct {
	Hostname   string // the rule host, or "_"
	ServerName string // nginx server_name
	Locations  []*NginxLocation
	Cert       string // "" no certificate; else "Secret <name>" or "default"
	Secret     string
	Regex      bool // enforceRegex: every location is a regex
}

// Nginx is the configuration ingress-nginx generates for an Ingress.
type Nginx struct {
	Servers       []*NginxServer // sorted by hostname
	RewriteTarget string
	UseRegex      bool
	SSLRedirect   bool
	ForceRedirect bool
}

// NginxConfig builds ingress-nginx's servers and locations for ing (which
// the API server accepted).
func NginxConfig(ing *networkingv1.Ingress) *Nginx {
	a := ing.Annotations
	n := &Nginx{RewriteTarget: a[annRewriteTarget], UseRegex: a[annUseRegex] == "true",
		SSLRedirect: a[annSSLRedirect] != "false", ForceRedirect: a[annForceSSLRedirect] == "true"}
	servers := map[string]*NginxServer{}
	root := func(b *Backend) *NginxLocation {
		return &NginxLocation{Path: "/", PathType: networkingv1.PathTypePrefix, Backend: b, IsDefault: true, Rule: -1, Index: -1}
	}
	var def *Backend
	if ing.Spec.DefaultBackend != nil && ing.Spec.DefaultBackend.Service != nil {
		def = backendOf(ing.Spec.DefaultBackend)
	}
	catchAll := root(nil)
	if def != nil && len(ing.Spec.Rules) == 0 {
		catchAll.Backend = def
		catchAll.IsDefault = false
	}
	servers[CatchAll] = &NginxServer{Hostname: CatchAll, ServerName: CatchAll, Locations: []*NginxLocation{catchAll}}
	for i, rule := range ing.Spec.Rules {
		host := rule.Host
		if host == "" {
			host = CatchAll
		}
		s := servers[host]
		if s == nil {
			s = &NginxServer{Hostname: host, ServerName: buildServerName(host), Locations: []*NginxLocation{root(def)}}
			servers[host] = s
		}
		if rule.HTTP == nil {
			continue
		}
		for j, p := range rule.HTTP.Paths {
			if p.Backend.Service == nil {
				continue // "skip non-service backends": the default backend answers
			}
			nginxPath := "/"
			if p.Path != "" {
				nginxPath = p.Path
			}
			t := networkingv1.PathTypePrefix
			if p.PathType != nil {
				t = *p.PathType
			}
			add := true
			for _, loc := range s.Locations {
				if loc.Path != nginxPath {
					continue
				}
				if loc.PathType != t {
					break // same path, different type: allowed
				}
				add = false
				if loc.IsDefault {
					loc.Backend, loc.IsDefault, loc.IngressPath, loc.Rule, loc.Index = backendOf(&p.Backend), false, p.Path, i, j
				}
				break
			}
			if add {
				s.Locations = append(s.Locations, &NginxLocation{Path: nginxPath, IngressPath: p.Path, PathType: t, Backend: backendOf(&p.Backend), Rule: i, Index: j})
			}
		}
	}
	// TLS: the secret of the spec.tls entry listing the server's host.
	for host, s := range servers {
		if host == CatchAll {
			continue
		}
		for _, e := range ing.Spec.TLS {
			for _, h := range e.Hosts {
				if strings.EqualFold(h, host) && s.Cert == "" {
					s.Secret = e.SecretName
					s.Cert = "Secret " + e.SecretName
					if e.SecretName == "" {
						s.Cert = "default"
					}
				}
			}
		}
	}
	for _, s := range servers {
		for _, l := range s.Locations {
			if n.RewriteTarget != "" && n.RewriteTarget != l.Path {
				l.Rewrite = n.RewriteTarget
			}
		}
		s.Locations = updateServerLocations(s.Locations, n.UseRegex)
		for _, l := range s.Locations {
			if l.Rewrite != "" || n.UseRegex {
				s.Regex = true
			}
		}
		sort.SliceStable(s.Locations, func(i, j int) bool { return s.Locations[i].Path > s.Locations[j].Path })
		sort.SliceStable(s.Locations, func(i, j int) bool { return len(s.Locations[i].Path) > len(s.Locations[j].Path) })
		if s.Regex {
			for _, l := range s.Locations {
				l.Regex, l.Exact = true, false
				re, err := regexp.Compile("(?i)^" + l.Path)
				if err != nil {
					l.badRegex = err.Error()
				}
				l.re = re
			}
		}
		n.Servers = append(n.Servers, s)
	}
	sort.SliceStable(n.Servers, func(i, j int) bool { return n.Servers[i].Hostname < n.Servers[j].Hostname })
	return n
}

// updateServerLocations is location.go's: a Prefix path other than / gets a
// trailing slash and an exact twin, unless it is rewritten or a regex, or an
// Exact location of that path exists.
func updateServerLocations(locs []*NginxLocation, useRegex bool) []*NginxLocation {
	exact := map[string]bool{}
	for _, l := range locs {
		if l.PathType == networkingv1.PathTypeExact {
			exact[l.Path] = true
			l.Exact = true
		}
	}
	var out []*NginxLocation
	for _, l := range locs {
		if l.Path == "/" || l.PathType != networkingv1.PathTypePrefix || l.Rewrite != "" || useRegex {
			out = append(out, l)
			continue
		}
		if exact[l.Path] {
			l.Path = normalizePrefixPath(l.Path)
			out = append(out, l)
			continue
		}
		el := *l
		l.Path = normalizePrefixPath(l.Path)
		out = append(out, l)
		el.PathType = networkingv1.PathTypeExact
		el.Exact = true
		el.AddedExact = true
		out = append(out, &el)
	}
	return out
}

func normalizePrefixPath(p string) string {
	if p == "/" || strings.HasSuffix(p, "/") {
		return p
	}
	return p + "/"
}

// buildServerName is template.go's.
func buildServerName(hostname string) string {
	if !strings.HasPrefix(hostname, "*") {
		return hostname
	}
	hostname = strings.Replace(hostname, "*.", "", 1)
	parts := strings.Split(hostname, ".")
	return `~^(?<subdomain>[\w-]+)\.` + strings.Join(parts, "\\.") + `$`
}

var wildcardLabel = regexp.MustCompile(`^[\w-]+$`)

// LocationCheck is one location tested against the request's URI.
type LocationCheck struct {
	Loc   *NginxLocation
	Match bool
	Won   bool
	Why   string
}

// NginxResult is what ingress-nginx answers.
type NginxResult struct {
	Server    *NginxServer
	ServerWhy string
	Cert      string // the certificate served for https, "" for http
	CertWhy   string
	Checks    []LocationCheck // the chosen server's locations, in order
	Location  *NginxLocation
	LocWhy    string
	Status    int    // 308, 404 or 0 when proxied
	Redirect  string // Location header of a redirect
	Backend   *Backend
	URI       string // the URI the backend receives
	Rewritten bool
	Outcome   string
}

// Route is what nginx does with r.
func (n *Nginx) Route(r Request) NginxResult {
	var res NginxResult
	res.Server, res.ServerWhy = n.server(r.Host)
	s := res.Server
	if r.Scheme == "https" {
		res.Cert, res.CertWhy = n.cert(r.Host)
	}
	res.Location, res.LocWhy, res.Checks = s.location(r.Path)
	loc := res.Location
	redirect := r.Scheme == "http" && ((n.SSLRedirect && s.Cert != "") || n.ForceRedirect)
	switch {
	case redirect:
		res.Status = RedirectCode
		res.Redirect = "https://" + r.Host + r.URI()
		res.Outcome = fmt.Sprintf("%d Permanent Redirect to %s: the server %s has a TLS certificate and ssl-redirect is on by default.", RedirectCode, res.Redirect, s.Hostname)
	case loc.Backend == nil:
		res.Status = 404
		res.Outcome = fmt.Sprintf("404 Not Found from nginx itself: %s goes to the default backend.", loc.Directive())
	default:
		res.Backend = loc.Backend
		res.URI = r.URI()
		if loc.Rewrite != "" {
			if u, ok := rewrite(loc, r); ok {
				res.URI, res.Rewritten = u, true
			}
		}
		res.Outcome = fmt.Sprintf("Proxied to %s by %s, which receives %s.", res.Backend, loc.Directive(), res.URI)
		if res.Rewritten {
			res.Outcome = fmt.Sprintf("Proxied to %s by %s; rewrite-target %s turns %s into %s.", res.Backend, loc.Directive(), loc.Rewrite, r.URI(), res.URI)
		}
	}
	return res
}

// server chooses the server block by the Host header: an exact server_name,
// then the regex ones in order, then the default server.
func (n *Nginx) server(host string) (*NginxServer, string) {
	for _, s := range n.Servers {
		if s.Hostname == host {
			return s, "server_name " + s.ServerName + " is the Host header exactly"
		}
	}
	for _, s := range n.Servers {
		if strings.HasPrefix(s.Hostname, "*.") {
			suffix := s.Hostname[1:]
			if strings.HasSuffix(host, suffix) && wildcardLabel.MatchString(strings.TrimSuffix(host, suffix)) {
				return s, "no server_name equals " + host + "; the regex " + s.ServerName + " matches it"
			}
		}
	}
	for _, s := range n.Servers {
		if s.Hostname == CatchAll {
			return s, "no server_name matches " + host + ": the default server _ answers"
		}
	}
	return nil, ""
}

// cert is the certificate nginx serves for the SNI name (certificate.lua:
// the name, then its wildcard, then the default certificate).
func (n *Nginx) cert(sni string) (string, string) {
	wild := ""
	if i := strings.Index(sni, "."); i > 0 {
		wild = "*" + sni[i:]
	}
	for _, name := range []string{sni, wild} {
		for _, s := range n.Servers {
			if name != "" && s.Hostname == name && s.Cert != "" {
				if s.Cert == "default" {
					return "the default certificate (" + FakeCertificate + ")", fmt.Sprintf("spec.tls lists %s without a secretName", name)
				}
				return "Secret " + s.Secret + " (tls.crt, tls.key)", fmt.Sprintf("spec.tls lists %s with secretName %s", name, s.Secret)
			}
		}
	}
	// curl prints "curl: (60) …": the exit code of
	// CURLE_PEER_FAILED_VERIFICATION, then libcurl's "SSL certificate
	// problem: %s" with OpenSSL 3's text for a self-signed certificate.
	return "the default certificate (" + FakeCertificate + ")", "no spec.tls entry lists " + sni + ": clients that verify certificates refuse it (curl: (60) SSL certificate problem: self-signed certificate)"
}

// location is nginx's location choice for uri.
func (s *NginxServer) location(uri string) (*NginxLocation, string, []LocationCheck) {
	checks := make([]LocationCheck, len(s.Locations))
	win := -1
	why := ""
	if s.Regex {
		for i, l := range s.Locations {
			checks[i].Loc = l
			switch {
			case l.re == nil:
				checks[i].Why = "not a valid regex: " + l.badRegex
			case l.re.MatchString(uri):
				checks[i].Match = true
				if win < 0 {
					win = i
					checks[i].Why = "the first regex that matches (case-insensitive)"
				} else {
					checks[i].Why = "matches, but an earlier regex won"
				}
			default:
				checks[i].Why = "does not match"
			}
		}
		why = "regex locations are tried in order; the first match wins"
	} else {
		for i, l := range s.Locations {
			checks[i].Loc = l
			if l.Exact {
				if uri == l.Path {
					checks[i].Match = true
					checks[i].Why = "exact match: nginx stops here"
					win = i
				} else {
					checks[i].Why = "not exactly " + l.Path
				}
			}
		}
		if win >= 0 {
			why = "an exact (=) location matches"
			for i, l := range s.Locations {
				if !l.Exact {
					checks[i].Why = "not tried: an exact location matched"
				}
			}
		} else {
			for i, l := range s.Locations {
				if l.Exact {
					continue
				}
				if strings.HasPrefix(uri, l.Path) {
					checks[i].Match = true
					if win < 0 || len(l.Path) > len(s.Locations[win].Path) {
						win = i
					}
				} else {
					checks[i].Why = "not a prefix of the URI"
				}
			}
			for i := range checks {
				if checks[i].Match && !s.Locations[i].Exact {
					if i == win {
						checks[i].Why = "the longest matching prefix"
					} else {
						checks[i].Why = "a prefix, but a longer one matches"
					}
				}
			}
			why = "no exact location matches; the longest matching prefix wins"
		}
	}
	if win < 0 { // cannot happen: every server has a root location
		return s.Locations[0], why, checks
	}
	checks[win].Won = true
	return s.Locations[win], why, checks
}

var dollarRef = regexp.MustCompile(`\$(\d)`)

// rewrite applies rewrite "(?i)path" target break;: if the regex matches
// the URI anywhere, the URI becomes the target with $1… filled in; nginx
// appends the original arguments when the target has none.
func rewrite(l *NginxLocation, r Request) (string, bool) {
	re, err := regexp.Compile("(?i)" + l.Path)
	if err != nil {
		return "", false
	}
	m := re.FindStringSubmatchIndex(r.Path)
	if m == nil {
		return "", false
	}
	tmpl := dollarRef.ReplaceAllString(l.Rewrite, "$${$1}")
	out := string(re.ExpandString(nil, tmpl, r.Path, m))
	if r.RawQuery != "" && !strings.Contains(out, "?") {
		out += "?" + r.RawQuery
	}
	return out, true
}
