package dns

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	kdns "github.com/kubeviz/kubeviz/engine/dns"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (s *State) View(link templates.Link) templ.Component {
	return templates.DNS(s.viewModel(link))
}

// with is the state's query changed by f; a change of the lookup starts
// it again at step 0.
func (s *State) with(f func(q url.Values)) url.Values {
	q := s.Query()
	f(q)
	return q
}

func setOrDel(q url.Values, k, v, def string) {
	if v == def {
		q.Del(k)
	} else {
		q.Set(k, v)
	}
}

// elementID is the prefix of the demo's element ids, unique on the page.
func elementID(link templates.Link) string {
	id := "dns"
	if link.Prefix != "" {
		id = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return '-'
		}, strings.TrimSuffix(link.Prefix, ".")) + "-" + id
	}
	return id
}

func (s *State) viewModel(link templates.Link) templates.DNSView {
	v := templates.DNSView{
		ID:         elementID(link),
		ResolvConf: s.rc.Text(),
		Client:     fmt.Sprintf("Pod %s in namespace %s, IP %s", kdns.ExampleClient, s.ns, kdns.ExampleClientIP),
		Plan:       s.plan() + ".",
	}
	v.Controls = s.controls(link)
	for i, c := range s.cands {
		t := templates.DNSTry{N: i + 1, Name: c, Current: i == s.step-1}
		t.Href = link.Href(s.with(func(q url.Values) { setOrDel(q, "step", strconv.Itoa(i+1), "0") }))
		switch {
		case i < s.step:
			t.State, t.Answer = "sent-"+status(s.xs[i].Response), answerShort(s.xs[i].Response)
		case i < len(s.xs):
			t.State, t.Answer = "pending", "not sent yet"
		default:
			t.State, t.Answer = "unneeded", "not needed: an earlier name answered"
		}
		v.Tries = append(v.Tries, t)
	}
	v.Picture = templates.DNSPicture{ClientNS: s.ns, ClientIP: kdns.ExampleClientIP, DNSIP: s.cluster.DNSIP}
	v.Picture.Title = "Pod client asks kube-dns; nothing sent yet."
	if s.step > 0 {
		x := s.xs[s.step-1]
		v.Picture.Question = x.Name + " " + x.Type + "?"
		v.Picture.Answer = answerShort(x.Response)
		v.Picture.Status = status(x.Response)
		v.Picture.Forwarded = x.By == kdns.ByForward
		v.Picture.Title = fmt.Sprintf("Query %d: pod client asks kube-dns at %s for %s %s; the answer is %s.", s.step, s.cluster.DNSIP, x.Name, x.Type, answerShort(x.Response))
		if v.Picture.Forwarded {
			v.Picture.Title += " CoreDNS forwarded the question to the node's resolver."
		}
		v.Current = &templates.DNSQuery{
			N: s.step, Of: len(s.xs),
			Command: digCommand(s.cluster.DNSIP, x.Name, x.Type),
			Dig:     kdns.Dig(x.Response, s.cluster.DNSIP),
			By:      x.By,
			Why:     x.Why,
			Status:  status(x.Response),
		}
	}
	if s.done() {
		o := kdns.Result(s.xs)
		v.Result = &templates.DNSResult{
			Found:    o.Found,
			Summary:  s.result(),
			Command:  "nslookup " + typeFlag(s.qtype) + s.name,
			Nslookup: kdns.Nslookup(o, s.name, s.qtype, s.cluster.DNSIP),
		}
	}
	for _, r := range s.cluster.Records() {
		v.Records = append(v.Records, templates.DNSRecord{Name: r.Name, Type: r.Type, Data: r.Data, Why: r.Why})
	}
	return v
}

func status(r kdns.Response) string {
	switch {
	case r.Found():
		return "found"
	case r.NoData():
		return "nodata"
	}
	return "nx"
}

func (s *State) controls(link templates.Link) templates.DNSControls {
	c := templates.DNSControls{NameField: link.FieldName("name"), NameValue: s.name}
	if s.nameErr != "" {
		c.NameValue, c.NameError = s.badName, s.nameErr
	}
	action := link.Path
	if link.Anchor != "" {
		action += "#" + link.Anchor
	}
	c.Action = templ.SafeURL(action)
	keys := make([]string, 0, len(link.Keep))
	for k := range link.Keep {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, val := range link.Keep[k] {
			c.Hidden = append(c.Hidden, templates.DNSHidden{Name: k, Value: val})
		}
	}
	q := s.Query()
	qk := make([]string, 0, len(q))
	for k := range q {
		qk = append(qk, k)
	}
	sort.Strings(qk)
	for _, k := range qk {
		if k == "name" || k == "step" || k == "typed" {
			continue
		}
		c.Hidden = append(c.Hidden, templates.DNSHidden{Name: link.FieldName(k), Value: q.Get(k)})
	}
	for _, ns := range clientNamespaces {
		c.Namespaces = append(c.Namespaces, templates.DNSChoice{
			Label: ns, Action: "set", Key: "ns", Value: ns, Current: ns == s.ns,
			Href: link.Href(s.with(func(q url.Values) { setOrDel(q, "ns", ns, defaultNS); q.Del("step") })),
		})
	}
	for _, t := range []string{kdns.TypeA, kdns.TypeSRV} {
		c.Types = append(c.Types, templates.DNSChoice{
			Label: t, Action: "set", Key: "type", Value: t, Current: t == s.qtype,
			Href: link.Href(s.with(func(q url.Values) { setOrDel(q, "type", t, kdns.TypeA); q.Del("step") })),
		})
	}
	for _, p := range Presets {
		c.Presets = append(c.Presets, templates.DNSChoice{
			Label: p.Label, Action: "preset", Value: p.ID, Current: p.Name == s.name && p.Type == s.qtype,
			Href: link.Href(s.with(func(q url.Values) {
				setOrDel(q, "name", p.Name, defaultName)
				setOrDel(q, "type", p.Type, kdns.TypeA)
				q.Del("step")
			})),
		})
	}
	for _, name := range statefulPods {
		ready := !slices.Contains(s.notReady, name)
		var ip string
		for _, p := range s.cluster.Pods {
			if p.Name == name {
				ip = p.IP
			}
		}
		next := slices.Clone(s.notReady)
		label := "Fail its readiness probe"
		if ready {
			next = append(next, name)
			slices.Sort(next)
		} else {
			next = slices.DeleteFunc(next, func(n string) bool { return n == name })
			label = "Make it ready again"
		}
		c.Pods = append(c.Pods, templates.DNSPod{Name: name, IP: ip, Ready: ready, Toggle: templates.DNSChoice{
			Label: label, Action: "ready", Value: name,
			Href: link.Href(s.with(func(q url.Values) { setOrDel(q, "notready", strings.Join(next, ","), ""); q.Del("step") })),
		}})
	}
	return c
}
