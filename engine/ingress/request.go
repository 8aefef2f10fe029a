package ingress

import (
	"fmt"
	"net/url"
	"strings"
)

// Request is one HTTP request sent to the Ingress controller's address.
// For https the client's TLS handshake carries Host as its SNI server name,
// as curl and browsers do.
type Request struct {
	Scheme   string // "http" or "https"
	Host     string // the Host header, lowercased, without a port
	Path     string // the request path, normalised as nginx does
	RawQuery string // the query string without '?', "" if none
}

// MaxRequestLen bounds one request line.
const MaxRequestLen = 300

// URL is the request as a URL.
func (r Request) URL() string {
	s := r.Scheme + "://" + r.Host + r.Path
	if r.RawQuery != "" {
		s += "?" + r.RawQuery
	}
	return s
}

// URI is the request-URI of the request line (path and query).
func (r Request) URI() string {
	if r.RawQuery != "" {
		return r.Path + "?" + r.RawQuery
	}
	return r.Path
}

// ParseRequest reads one request: a URL such as
// https://api.example.com/v1/users, optionally after "GET " or "curl ".
// The controller listens on port 80 for http and 443 for https only
// (IngressRule.Host: "the port of an Ingress is implicitly :80 for http and
// :443 for https").
func ParseRequest(line string) (Request, error) {
	s := strings.TrimSpace(line)
	if len(s) > MaxRequestLen {
		return Request{}, fmt.Errorf("a request is at most %d characters", MaxRequestLen)
	}
	for _, p := range []string{"GET ", "curl "} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
		}
	}
	if s == "" {
		return Request{}, fmt.Errorf("write a URL such as https://api.example.com/v1/users")
	}
	u, err := url.Parse(s)
	if err != nil {
		return Request{}, fmt.Errorf("%q is not a URL", s)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return Request{}, fmt.Errorf("%q: start with http:// or https://", s)
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return Request{}, fmt.Errorf("%q has no host name", s)
	}
	if p := u.Port(); p != "" {
		want := map[string]string{"http": "80", "https": "443"}[scheme]
		if p != want {
			return Request{}, fmt.Errorf("%q: an Ingress listens on port 80 for http and 443 for https only", s)
		}
	}
	if u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return Request{}, fmt.Errorf("%q: write scheme://host/path, with no user or #fragment", s)
	}
	return Request{Scheme: scheme, Host: host, Path: NormalizePath(u.Path), RawQuery: u.RawQuery}, nil
}

// NormalizePath is the URI nginx matches locations against: percent-decoded
// (url.Parse has done that), adjacent slashes merged (merge_slashes on, the
// default) and "." and ".." segments resolved; a trailing slash is kept.
// The Ingress API says nothing of this; both columns of the demo match the
// normalised path.
func NormalizePath(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	var out []string
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		last := i == len(segs)-1
		switch seg {
		case "", ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 && out[len(out)-1] == "" {
				out = out[:len(out)-1]
			}
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, seg)
		}
	}
	return "/" + strings.Join(out, "/")
}
