package ingress

import (
	"fmt"
	"slices"

	"github.com/kubeviz/kubeviz/demos"
	networkingv1 "k8s.io/api/networking/v1"

	engine "github.com/kubeviz/kubeviz/engine/ingress"
)

var _ demos.Predictor = (*State)(nil)

// The answers that are not a Service; their words begin the demo's own
// summary of ingress-nginx's answer (nginxShort), so the step shows them.
const (
	answer404      = "404 Not Found"
	answerRedirect = "308 redirect to https"
)

// Prediction asks, before a request is sent, where ingress-nginx will send
// it: one of the Ingress's Services, its own 404, or a redirect to https.
// The engine has already routed every request (engine/ingress Nginx.Route),
// so the next request's result is the answer.
func (s *State) Prediction() (demos.Prediction, bool) {
	if s.step >= len(s.routes) || s.doc.Ing == nil {
		return demos.Prediction{}, false
	}
	r := s.routes[s.step]
	got := ngxAnswer(r.Nginx)
	// The Services the Ingress names, in its order (engine/ingress
	// backendOf's words: "Service api-v1-service:80").
	var services []string
	add := func(b *networkingv1.IngressBackend) {
		if b == nil || b.Service == nil {
			return
		}
		port := b.Service.Port.Name
		if port == "" {
			port = fmt.Sprint(b.Service.Port.Number)
		}
		if c := (&engine.Backend{Service: b.Service.Name, Port: port}).String(); !slices.Contains(services, c) {
			services = append(services, c)
		}
	}
	ing := s.doc.Ing
	for _, rule := range ing.Spec.Rules {
		if rule.HTTP == nil {
			continue
		}
		for i := range rule.HTTP.Paths {
			add(&rule.HTTP.Paths[i].Backend)
		}
	}
	add(ing.Spec.DefaultBackend)
	// At most six choices: the Services in the order the Ingress names
	// them, 404 and the redirect; the answer is always kept.
	p := demos.Prediction{Question: fmt.Sprintf("Request %d: GET %s. Where will ingress-nginx send it?", s.step+1, r.Req.URL())}
	all := append(services, answer404, answerRedirect)
	if !slices.Contains(all, got) {
		all = append(all, got)
	}
	for _, c := range all {
		if c == got || len(p.Choices) < 5 || len(p.Choices) == 5 && slices.Contains(p.Choices, got) {
			p.Choices = append(p.Choices, c)
		}
		if len(p.Choices) == 6 {
			break
		}
	}
	p.Answer = slices.Index(p.Choices, got)
	if p.Answer < 0 || len(p.Choices) < 2 {
		return demos.Prediction{}, false
	}
	// ingress-nginx (internal/ingress/controller/template/template.go,
	// nginx.tmpl) writes one server per host and one location per path;
	// nginx takes the server by Host (exact names before wildcards, else
	// the default server), then the location (= exact, then regex in
	// order, then the longest prefix); a host with TLS redirects http with
	// 308 because ssl-redirect defaults to true.
	p.Why = fmt.Sprintf("nginx picks the server by the Host header, then a location in it: here %s, and %s.", r.Nginx.ServerWhy, r.Nginx.LocWhy)
	if got == answerRedirect {
		p.Why = fmt.Sprintf("nginx picks the server by the Host header (here %s), and a server with a TLS certificate redirects plain http to https with %d, since ssl-redirect is on by default.", r.Nginx.ServerWhy, engine.RedirectCode)
	}
	return p, true
}

// ngxAnswer is ingress-nginx's answer as a choice.
func ngxAnswer(n engine.NginxResult) string {
	switch {
	case n.Status == engine.RedirectCode:
		return answerRedirect
	case n.Status == 404 || n.Backend == nil:
		return answer404
	}
	return n.Backend.String()
}
