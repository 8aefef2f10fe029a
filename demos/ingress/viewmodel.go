package ingress

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	networkingv1 "k8s.io/api/networking/v1"

	engine "github.com/kubeviz/kubeviz/engine/ingress"
	"github.com/kubeviz/kubeviz/web/templates"
)

// with returns the current query with k set to v (deleted when v is "").
func (s *State) with(kv ...string) url.Values {
	q := s.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q
}

func (s *State) viewModel(link templates.Link) templates.IngressView {
	v := templates.IngressView{ID: "ig-" + strings.TrimSuffix(link.Prefix, ".")}
	if v.ID == "ig-" {
		v.ID = "ig"
	}
	for _, p := range presets {
		v.Presets = append(v.Presets, templates.IngressChoice{Label: p.Label, Value: p.Name, Current: p.Name == s.preset,
			Href: link.Href(url.Values{"preset": {p.Name}})})
	}
	// The forms keep the other parameters in hidden inputs.
	hidden := func(skip string) []templates.IngressHidden {
		var hs []templates.IngressHidden
		keys := make([]string, 0, len(link.Keep))
		for k := range link.Keep {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, x := range link.Keep[k] {
				hs = append(hs, templates.IngressHidden{Name: k, Value: x})
			}
		}
		q := s.Query()
		q.Del("step")
		for _, k := range []string{"preset", "yaml", "req"} {
			if k != skip && q.Get(k) != "" {
				hs = append(hs, templates.IngressHidden{Name: link.FieldName(k), Value: q.Get(k)})
			}
		}
		return hs
	}
	action := templatesSafe(link)
	v.YAML = templates.IngressField{Key: "yaml", Name: link.FieldName("yaml"), Label: "Ingress YAML (kubectl apply -f ingress.yaml)",
		Value: s.text, Rows: 22, Button: "Apply", Action: action, Hidden: hidden("yaml"),
		Help: "Edit and apply: the API server validates it as v1.37 does."}
	if e, ok := s.inputErr["yaml"]; ok {
		v.YAML.Error, v.YAML.Value = e, s.inputVal["yaml"]
	}
	v.Applied = templates.IngressApplied{OK: s.doc.Ing != nil, Output: s.doc.Output, Summary: s.doc.Summary, Errors: s.doc.Errors, Notes: s.doc.Notes, Ignored: s.ignored}
	v.Requests = templates.IngressField{Key: "req", Name: link.FieldName("req"), Label: "Example requests: one URL a line (https sends the host as SNI)",
		Value: s.reqText, Rows: 8, Button: "Use these requests", Action: action, Hidden: hidden("req"),
		Help: fmt.Sprintf("At most %d; each Step sends the next.", MaxRequests)}
	if e, ok := s.inputErr["req"]; ok {
		v.Requests.Error, v.Requests.Value = e, s.inputVal["req"]
	}
	for _, l := range s.lines {
		if l.Err != "" {
			v.ReqErrors = append(v.ReqErrors, fmt.Sprintf("Line %d: %s", l.Line, l.Err))
		}
	}
	if s.tooMany > 0 {
		v.ReqErrors = append(v.ReqErrors, fmt.Sprintf("%d more %s ignored: this demo sends at most %d.", s.tooMany, plural(s.tooMany, "request", "requests"), MaxRequests))
	}
	for i, r := range s.routes {
		n := i + 1
		v.ReqList = append(v.ReqList, templates.IngressReq{N: n, URL: r.Req.URL(), Href: link.Href(s.with("step", strconv.Itoa(n))),
			Sent: n <= s.step, Current: n == s.step, Spec: specShort(r), Nginx: nginxShort(r), Differ: differ(r)})
	}
	cur := s.current()
	if cur != nil {
		v.Trace = trace(s.step, *cur)
	}
	v.Conf = s.confLines(cur)
	v.Picture = s.picture(cur)
	return v
}

func templatesSafe(link templates.Link) templSafeURL {
	action := link.Path
	if link.Anchor != "" {
		action += "#" + link.Anchor
	}
	return templSafeURL(action)
}

func trace(n int, r routed) *templates.IngressTrace {
	t := &templates.IngressTrace{N: n, URL: r.Req.URL(), Differ: differ(r)}
	if r.Spec == nil {
		t.Rejected = true
	} else {
		sp := r.Spec
		if sp.TLS.HTTPS {
			t.SpecTLS = "TLS: " + sp.TLS.Why + "."
		} else {
			t.SpecTLS = "Plain http: no TLS."
		}
		for _, h := range sp.Hosts {
			host := h.Host
			if host == "" {
				host = "(no host)"
			}
			t.SpecHosts = append(t.SpecHosts, templates.IngressCheck{Label: fmt.Sprintf("rules[%d] %s", h.Rule, host), Why: h.Kind.String() + ": " + h.Why, Match: h.Match && h.Chosen, Won: h.Chosen})
		}
		for _, p := range sp.Paths {
			why := p.Why
			if p.Won {
				why += "; " + sp.WinWhy
			}
			t.SpecPaths = append(t.SpecPaths, templates.IngressCheck{Label: fmt.Sprintf("%s %s → %s", p.Type, p.Path, p.Backend), Why: why, Match: p.Match, Won: p.Won})
		}
		t.SpecOutcome = sp.Outcome
	}
	nr := r.Nginx
	if nr.Cert != "" {
		t.NginxTLS = "TLS: " + nr.Cert + ": " + nr.CertWhy + "."
	} else {
		t.NginxTLS = "Plain http: no TLS."
	}
	t.NginxServer = "Server " + nr.Server.Hostname + ": " + nr.ServerWhy + "."
	t.NginxLocWhy = capitalize(nr.LocWhy) + "."
	for _, c := range nr.Checks {
		t.NginxLocs = append(t.NginxLocs, templates.IngressCheck{Label: c.Loc.Directive() + " → " + c.Loc.Upstream(), Why: c.Why, Match: c.Match, Won: c.Won})
	}
	t.NginxOutcome = nr.Outcome
	return t
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (s *State) confLines(cur *routed) []templates.IngressConfLine {
	var out []templates.IngressConfLine
	for _, l := range s.ngx.ConfLines() {
		c := templates.IngressConfLine{Text: l.Text, Server: l.Location == nil}
		if cur != nil && cur.Nginx.Server.Hostname == l.Server {
			c.Current = l.Location == nil || l.Location == cur.Nginx.Location
		}
		out = append(out, c)
	}
	return out
}

// Picture geometry.
const (
	picW     = 760
	rowH     = 24
	colRules = 330
	rulesW   = 250
	colBack  = 600
	backW    = 152
)

func (s *State) picture(cur *routed) templates.IngressPicture {
	p := templates.IngressPicture{W: picW, Title: "The route of the current request"}
	ing := s.doc.Ing
	if ing == nil {
		ing = &emptyIngress
	}
	// Backends column: every Service named, then the controller's 404.
	var backs []string
	seen := map[string]bool{}
	addBack := func(b *engine.Backend) {
		if b == nil {
			return
		}
		if k := b.String(); !seen[k] {
			seen[k] = true
			backs = append(backs, k)
		}
	}
	for _, r := range ing.Spec.Rules {
		if r.HTTP != nil {
			for i := range r.HTTP.Paths {
				addBack(backendRef(&r.HTTP.Paths[i].Backend))
			}
		}
	}
	addBack(backendRef(ing.Spec.DefaultBackend))
	backs = append(backs, "404 Not Found")

	specBack, ngxBack := "", ""
	specRule, specPath, specDefault := -1, -1, false
	ngxRule, ngxPath := -1, -1
	if cur != nil {
		if sp := cur.Spec; sp != nil && sp.Backend != nil {
			specBack = sp.Backend.String()
			specDefault = sp.Default
			if sp.Winner >= 0 {
				specRule, specPath = sp.Paths[sp.Winner].Rule, sp.Paths[sp.Winner].Index
			}
		}
		switch {
		case cur.Nginx.Status == engine.RedirectCode:
			ngxBack = ""
		case cur.Nginx.Backend == nil:
			ngxBack = "404 Not Found"
		default:
			ngxBack = cur.Nginx.Backend.String()
			ngxRule, ngxPath = cur.Nginx.Location.Rule, cur.Nginx.Location.Index
		}
	}

	y := 10
	rowY := map[[2]int]int{} // (rule, path) → y of the row's middle
	defaultY := -1
	for i, r := range ing.Spec.Rules {
		host := r.Host
		if host == "" {
			host = "(any host)"
		}
		hb := templates.IngressBox{X: colRules, Y: y, W: rulesW, H: rowH, Lines: []string{"host " + host}, Class: "host", Title: fmt.Sprintf("spec.rules[%d].host", i)}
		if cur != nil && cur.Spec != nil {
			for _, h := range cur.Spec.Hosts {
				if h.Rule == i && h.Chosen {
					hb.Class += " chosen"
				}
			}
		}
		p.Rows = append(p.Rows, hb)
		y += rowH + 2
		if r.HTTP != nil {
			for j, pa := range r.HTTP.Paths {
				t := "?"
				if pa.PathType != nil {
					t = string(*pa.PathType)
				}
				b := templates.IngressBox{X: colRules + 14, Y: y, W: rulesW - 14, H: rowH - 2, Lines: []string{clipTo(t+" "+pa.Path, 30)}, Class: "path",
					Title: fmt.Sprintf("spec.rules[%d].http.paths[%d] → %s", i, j, backendRef(&pa.Backend))}
				if i == specRule && j == specPath {
					b.Class += " spec"
				}
				if i == ngxRule && j == ngxPath {
					b.Class += " nginx"
				}
				p.Rows = append(p.Rows, b)
				rowY[[2]int{i, j}] = y + (rowH-2)/2
				y += rowH
			}
		}
		y += 6
	}
	if ing.Spec.DefaultBackend != nil {
		b := templates.IngressBox{X: colRules, Y: y, W: rulesW, H: rowH, Lines: []string{"defaultBackend"}, Class: "host", Title: "spec.defaultBackend → " + backendRef(ing.Spec.DefaultBackend).String()}
		if specDefault {
			b.Class += " spec"
		}
		p.Rows = append(p.Rows, b)
		defaultY = y + rowH/2
		y += rowH + 6
	}
	if len(ing.Spec.Rules) == 0 && ing.Spec.DefaultBackend == nil {
		p.Rows = append(p.Rows, templates.IngressBox{X: colRules, Y: y, W: rulesW, H: rowH, Lines: []string{"no Ingress accepted"}, Class: "host"})
		y += rowH + 6
	}
	backY := map[string]int{}
	by := 10
	for _, name := range backs {
		b := templates.IngressBox{X: colBack, Y: by, W: backW, H: 38, Lines: backLines(name), Class: "backend", Title: name}
		if name == "404 Not Found" {
			b.Class += " notfound"
		}
		if name == specBack {
			b.Class += " spec"
		}
		if name == ngxBack {
			b.Class += " nginx"
		}
		p.Backends = append(p.Backends, b)
		backY[name] = by + 19
		by += 46
	}
	h := max(y, by, 150)
	midY := 40
	p.Client = templates.IngressBox{X: 8, Y: midY - 20, W: 150, H: 92, Lines: []string{"client"}, Class: "client"}
	p.Ctrl = templates.IngressBox{X: 178, Y: midY - 20, W: 130, H: 92, Lines: []string{"ingress-nginx", "controller"}, Class: "ctrl"}
	if cur != nil {
		r := cur.Req
		p.Client.Lines = append(p.Client.Lines, r.Scheme+"://", clipTo(r.Host, 19), clipTo(r.URI(), 19))
		p.Client.Class += " active"
		p.Client.Title = "GET " + r.URL()
		switch {
		case r.Scheme != "https":
			p.Ctrl.Lines = append(p.Ctrl.Lines, "plain http")
		case cur.Spec != nil && cur.Spec.TLS.Secret != "":
			p.Ctrl.Lines = append(p.Ctrl.Lines, "TLS: Secret", clipTo(cur.Spec.TLS.Secret, 16))
		default:
			p.Ctrl.Lines = append(p.Ctrl.Lines, "TLS: fake cert")
		}
		if cur.Nginx.Status == engine.RedirectCode {
			p.Ctrl.Lines = append(p.Ctrl.Lines[:2], "308 → https")
			p.Ctrl.Class += " redirect"
		}
		p.Ctrl.Title = cur.Nginx.CertWhy
		p.Arrows = append(p.Arrows, templates.IngressArrow{Points: fmt.Sprintf("158,%d 176,%d", midY+20, midY+20), Class: "spec"})
		// the API's route
		if specBack != "" {
			ry := defaultY
			if specRule >= 0 {
				ry = rowY[[2]int{specRule, specPath}]
			}
			if ry >= 0 {
				p.Arrows = append(p.Arrows,
					templates.IngressArrow{Points: fmt.Sprintf("308,%d 320,%d 320,%d %d,%d", midY+14, midY+14, ry, colRules+10, ry), Class: "spec"},
					templates.IngressArrow{Points: fmt.Sprintf("%d,%d %d,%d %d,%d", colRules+rulesW, ry, colBack-14, ry, colBack-2, backY[specBack]), Class: "spec"})
			}
		}
		// ingress-nginx's route, straight to its backend
		if ngxBack != "" {
			ny := backY[ngxBack] + 6
			if ry, ok := rowY[[2]int{ngxRule, ngxPath}]; ok && ngxRule >= 0 {
				ry += 4
				p.Arrows = append(p.Arrows,
					templates.IngressArrow{Points: fmt.Sprintf("308,%d 314,%d 314,%d %d,%d", midY+30, midY+30, ry, colRules+10, ry), Class: "nginx"},
					templates.IngressArrow{Points: fmt.Sprintf("%d,%d %d,%d %d,%d", colRules+rulesW, ry, colBack-20, ry, colBack-2, ny), Class: "nginx"})
			} else {
				// the server's default location: straight to its answer,
				// below the rules
				p.Arrows = append(p.Arrows, templates.IngressArrow{Points: fmt.Sprintf("308,%d 314,%d 314,%d %d,%d %d,%d", midY+30, midY+30, h+8, colBack-20, h+8, colBack-2, ny), Class: "nginx"})
			}
		}
		p.Desc = "Request " + r.URL() + ". " + cur.Nginx.Outcome
		if cur.Spec != nil {
			p.Desc = "Request " + r.URL() + ". Ingress API: " + cur.Spec.Outcome + " ingress-nginx: " + cur.Nginx.Outcome
		}
	} else {
		p.Client.Lines = append(p.Client.Lines, "no request yet")
		p.Desc = "The Ingress's hosts and paths and the Services they route to; no request has been sent yet."
	}
	p.H = h + 44
	p.LegendY = h + 30
	return p
}

func backLines(name string) []string {
	if rest, ok := strings.CutPrefix(name, "Service "); ok {
		return []string{"Service", clipTo(rest, 18)}
	}
	if name == "404 Not Found" {
		return []string{"404 Not Found", "(controller)"}
	}
	return []string{clipTo(name, 18)}
}

func backendRef(b *networkingv1.IngressBackend) *engine.Backend {
	if b == nil {
		return nil
	}
	if b.Service != nil {
		port := b.Service.Port.Name
		if port == "" {
			port = strconv.Itoa(int(b.Service.Port.Number))
		}
		return &engine.Backend{Service: b.Service.Name, Port: port}
	}
	if b.Resource != nil {
		return &engine.Backend{Kind: b.Resource.Kind, Name: b.Resource.Name}
	}
	return nil
}

func clipTo(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

type templSafeURL = templ.SafeURL
