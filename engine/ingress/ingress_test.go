package ingress

// Data-driven tests: testdata/*.txt read like a lesson. Validation messages
// follow kubernetes pkg/apis/networking/validation/validation.go; matching
// follows the Ingress API's documentation (staging/src/k8s.io/api/
// networking/v1/types.go) and, for the ingress-nginx column,
// kubernetes/ingress-nginx internal/ingress/controller/{controller.go,
// location.go,template/template.go}. Regenerate with:
// go test ./engine/ingress/ -rewrite

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var ing *networkingv1.Ingress
		var ngx *Nginx
		datadriven.RunTest(t, path, func(t *testing.T, td *datadriven.TestData) string {
			switch td.Cmd {
			case "ingress":
				ing = parseDSL(t, td.Input)
				if errs := Validate(ing); len(errs) > 0 {
					ngx = nil
					return "Error from server (Invalid): error when creating \"ingress.yaml\": " + InvalidMessage(ing.Name, errs) + "\n"
				}
				ngx = NginxConfig(ing)
				checkConfig(t, ngx)
				return fmt.Sprintf("ingress.networking.k8s.io/%s created\n%s", ing.Name, ngx.DescribeConfig())
			case "request":
				if ngx == nil {
					t.Fatal("request without an accepted ingress")
				}
				var b strings.Builder
				for _, line := range strings.Split(strings.TrimSpace(td.Input), "\n") {
					r, err := ParseRequest(line)
					if err != nil {
						fmt.Fprintf(&b, "%s: %v\n", line, err)
						continue
					}
					sp := Match(ing, r)
					nr := ngx.Route(r)
					checkSpec(t, ing, sp)
					checkNginx(t, nr)
					fmt.Fprintf(&b, "GET %s\n%s%s", r.URL(), indent(DescribeSpec(sp)), indent(DescribeNginx(nr)))
				}
				return b.String()
			case "parse":
				var b strings.Builder
				for _, line := range strings.Split(strings.TrimSpace(td.Input), "\n") {
					r, err := ParseRequest(line)
					if err != nil {
						fmt.Fprintf(&b, "%s: %v\n", line, err)
						continue
					}
					fmt.Fprintf(&b, "%s → %s host=%s path=%s\n", line, r.Scheme, r.Host, r.URI())
				}
				return b.String()
			}
			t.Fatalf("unknown command %q", td.Cmd)
			return ""
		})
	})
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}

// parseDSL reads a compact Ingress:
//
//	name api-ingress
//	annotation nginx.ingress.kubernetes.io/rewrite-target=/
//	class nginx
//	tls api.example.com,www.example.com secret=api-tls-secret
//	default admin-service:80
//	rule api.example.com            (rule - for no host)
//	path /v1 Prefix api-v1-service:80   (pathType - for none, path '' for empty)
func parseDSL(t *testing.T, in string) *networkingv1.Ingress {
	t.Helper()
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "default"}}
	backend := func(s string) networkingv1.IngressBackend {
		name, port, _ := strings.Cut(s, ":")
		b := networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name}}
		var n int32
		if _, err := fmt.Sscan(port, &n); err == nil {
			b.Service.Port.Number = n
		} else {
			b.Service.Port.Name = port
		}
		return b
	}
	for _, line := range strings.Split(in, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "name":
			ing.Name = f[1]
		case "annotation":
			k, v, _ := strings.Cut(f[1], "=")
			if ing.Annotations == nil {
				ing.Annotations = map[string]string{}
			}
			ing.Annotations[k] = v
		case "class":
			c := f[1]
			ing.Spec.IngressClassName = &c
		case "tls":
			e := networkingv1.IngressTLS{}
			for _, a := range f[1:] {
				if s, ok := strings.CutPrefix(a, "secret="); ok {
					e.SecretName = s
				} else if a != "-" {
					e.Hosts = strings.Split(a, ",")
				}
			}
			ing.Spec.TLS = append(ing.Spec.TLS, e)
		case "default":
			b := backend(f[1])
			ing.Spec.DefaultBackend = &b
		case "rule":
			h := f[1]
			if h == "-" {
				h = ""
			}
			ing.Spec.Rules = append(ing.Spec.Rules, networkingv1.IngressRule{Host: h, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}})
		case "path":
			r := &ing.Spec.Rules[len(ing.Spec.Rules)-1]
			p := networkingv1.HTTPIngressPath{Path: f[1], Backend: backend(f[3])}
			if p.Path == "''" {
				p.Path = ""
			}
			if f[2] != "-" {
				pt := networkingv1.PathType(f[2])
				p.PathType = &pt
			}
			r.HTTP.Paths = append(r.HTTP.Paths, p)
		default:
			t.Fatalf("unknown line %q", line)
		}
	}
	return ing
}

// Invariants of ingress-nginx's configuration: every server has a root
// location; a Prefix path's exact twin exists only outside regex mode.
func checkConfig(t *testing.T, n *Nginx) {
	t.Helper()
	catchAll := 0
	for i, s := range n.Servers {
		if s.Hostname == CatchAll {
			catchAll++
		}
		if i > 0 && n.Servers[i-1].Hostname >= s.Hostname {
			t.Errorf("servers not sorted by hostname: %s before %s", n.Servers[i-1].Hostname, s.Hostname)
		}
	}
	if catchAll != 1 {
		t.Fatalf("%d catch-all servers", catchAll)
	}
	for _, s := range n.Servers {
		root := false
		for _, l := range s.Locations {
			root = root || l.Path == "/"
			if l.AddedExact && s.Regex {
				t.Errorf("server %s: an exact twin in regex mode", s.Hostname)
			}
		}
		if !root {
			t.Errorf("server %s has no root location", s.Hostname)
		}
	}
}

// Invariants of the API's matching: the winner matches and no matching
// path is longer, nor of equal length and Exact when the winner is not.
func checkSpec(t *testing.T, ing *networkingv1.Ingress, r SpecResult) {
	t.Helper()
	if r.Winner >= 0 {
		w := r.Paths[r.Winner]
		if !w.Match || !w.Won {
			t.Errorf("winner %+v does not match", w)
		}
		for _, p := range r.Paths {
			if p.Match && (len(p.Path) > len(w.Path) || len(p.Path) == len(w.Path) && p.Type == networkingv1.PathTypeExact && w.Type != networkingv1.PathTypeExact) {
				t.Errorf("%s %s beats the winner %s %s", p.Type, p.Path, w.Type, w.Path)
			}
		}
	} else {
		for _, p := range r.Paths {
			if p.Match {
				t.Errorf("no winner although %s matches", p.Path)
			}
		}
		if (r.Backend != nil) != (ing.Spec.DefaultBackend != nil) || r.Backend != nil && !r.Default {
			t.Errorf("no path matched: backend %v, default %v", r.Backend, r.Default)
		}
	}
}

// Invariants of nginx's answer: exactly one location wins, and a 404
// comes from a location without a backend.
func checkNginx(t *testing.T, r NginxResult) {
	t.Helper()
	won := 0
	for _, c := range r.Checks {
		if c.Won {
			won++
			if !c.Match || c.Loc != r.Location {
				t.Errorf("the winning location %s does not match", c.Loc.Directive())
			}
		}
	}
	if won != 1 {
		t.Errorf("%d winning locations", won)
	}
	if r.Status == 404 && r.Location.Backend != nil || r.Status == 0 && r.Backend == nil {
		t.Errorf("status %d with backend %v", r.Status, r.Backend)
	}
}
