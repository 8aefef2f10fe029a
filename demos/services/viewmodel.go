package services

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/kubeproxy"
	"github.com/kubeviz/kubeviz/web/templates"
)

// elementID is the prefix of the demo's element ids, unique on a page that
// shows several demos.
func elementID(link templates.Link) string {
	id := "svc"
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

// after is the URL state after action a (the no-JavaScript links): the
// action applied to a copy, which is what Open(s.Query()) would give (the
// URL is the state) without rebuilding the rules.
func (s *State) after(a demos.Action) url.Values {
	if a.Kind == "send" {
		// Sending does not depend on the step, and finding the new step
		// count traces the new request: kept while the rest of the state
		// is the same (stepping through a request, its Send links stay).
		q := s.Query()
		q.Del("step")
		k := q.Encode() + "&" + a.Value
		if v, ok := s.sendLinks[k]; ok {
			return v
		}
		v := s.afterOnCopy(a)
		if len(s.sendLinks) >= 8 {
			clear(s.sendLinks)
		}
		if s.sendLinks == nil {
			s.sendLinks = map[string]url.Values{}
		}
		s.sendLinks[k] = v
		return v
	}
	return s.afterOnCopy(a)
}

func (s *State) afterOnCopy(a demos.Action) url.Values {
	cp := s.clone()
	cp.linkOnly = true
	if err := cp.Apply(a); err != nil {
		return s.Query()
	}
	return cp.Query()
}

func (s *State) viewModel(link templates.Link) templates.ServicesView {
	v := templates.ServicesView{ID: elementID(link)}
	v.Controls = s.controls(link)
	v.Picture = s.picture(link)
	v.Steps = s.steps(link)
	if s.done() {
		v.Outcome = capitalize(outcomeText(s.trace.Outcome)) + "."
	}
	v.Rules = s.rulesPanel(link)
	v.Histogram = s.histogram()
	v.DNS = s.dnsPanel(link)
	return v
}

// field builds a GET form for one setting: it carries the rest of the state
// (without sent and step, which a change resets) in hidden inputs.
func (s *State) field(link templates.Link, key string) templates.ServicesField {
	f := templates.ServicesField{Key: key, Name: link.FieldName(key)}
	action := link.Path
	if link.Anchor != "" {
		action += "#" + link.Anchor
	}
	f.Action = templ.SafeURL(action)
	for _, k := range sortedKeys(link.Keep) {
		for _, val := range link.Keep[k] {
			f.Hidden = append(f.Hidden, templates.ServicesHidden{Name: k, Value: val})
		}
	}
	q := s.Query()
	for _, k := range sortedKeys(q) {
		if k == key || k == typedParam(key) || k == "sent" || k == "step" {
			continue
		}
		f.Hidden = append(f.Hidden, templates.ServicesHidden{Name: link.FieldName(k), Value: q.Get(k)})
	}
	if msg, ok := s.inputErr[key]; ok {
		f.Error, f.Value = msg, s.inputVal[key]
	}
	return f
}

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *State) controls(link templates.Link) templates.ServicesControls {
	c := templates.ServicesControls{Sent: s.sent, Max: MaxSent}
	c.Replicas = s.field(link, "replicas")
	c.Replicas.Label, c.Replicas.Type, c.Replicas.Min, c.Replicas.Max = "Pods (replicas)", "number", "0", "10"
	c.Replicas.Help = "0 to 10 pods with label app=web"
	if c.Replicas.Error == "" {
		c.Replicas.Value = strconv.Itoa(s.replicas)
	}
	c.Seed = s.field(link, "seed")
	c.Seed.Label, c.Seed.Type, c.Seed.Min = "Seed of the random draws", "number", "0"
	c.Seed.Help = "the same seed draws the same numbers"
	if c.Seed.Error == "" {
		c.Seed.Value = strconv.FormatUint(s.seed, 10)
	}
	for _, t := range []string{kubeproxy.TypeClusterIP, kubeproxy.TypeNodePort} {
		c.Types = append(c.Types, templates.ServicesChoice{Label: t, Value: t, Current: t == s.typ,
			Href: link.Href(s.after(demos.Action{Kind: "set", Key: "type", Value: t}))})
	}
	if s.typ == kubeproxy.TypeNodePort {
		for _, t := range []struct{ v, l string }{
			{targetNodePort, fmt.Sprintf("From a laptop to %s:%d", s.cfg().NodeIP, kubeproxy.ExampleNodePort)},
			{targetClusterIP, fmt.Sprintf("From pod client to %s:80", kubeproxy.ExampleClusterIP)},
		} {
			c.Targets = append(c.Targets, templates.ServicesChoice{Label: t.l, Value: t.v, Current: t.v == s.target,
				Href: link.Href(s.after(demos.Action{Kind: "set", Key: "target", Value: t.v}))})
		}
	}
	for _, n := range []struct{ v, l string }{{"1", "Send request"}, {"100", "Send 100"}, {"1000", "Send 1000"}} {
		ch := templates.ServicesChoice{Label: n.l, Value: n.v}
		if s.sent+atoi(n.v) <= MaxSent {
			ch.Href = link.Href(s.after(demos.Action{Kind: "send", Value: n.v}))
		}
		c.Send = append(c.Send, ch)
	}
	c.Clear = link.Href(s.after(demos.Action{Kind: "clear"}))
	for _, p := range s.pods() {
		sp := templates.ServicesPod{Name: p.Pod, IP: p.IP, Ready: p.Ready,
			ToggleHref: link.Href(s.after(demos.Action{Kind: "ready", Value: p.IP}))}
		if p.Ready {
			sp.ToggleLabel = "Fail readiness"
		} else {
			sp.ToggleLabel = "Make ready"
		}
		c.Pods = append(c.Pods, sp)
	}
	return c
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// stageOf is the picture box a step belongs to.
func stageOf(st kubeproxy.Step) string {
	switch st.Kind {
	case kubeproxy.StepSend:
		return "client"
	case kubeproxy.StepRoute:
		return "routing"
	case kubeproxy.StepDeliver, kubeproxy.StepReply:
		return "pod"
	case kubeproxy.StepReject:
		if st.Hook == "" {
			return "reject"
		}
	}
	if st.Table == "filter" {
		return "filter " + st.Hook
	}
	switch {
	case st.Hook == "POSTROUTING":
		return "POSTROUTING"
	case st.Chain == "PREROUTING":
		return "PREROUTING"
	case st.Chain == kubeproxy.KubeMarkMasqChain:
		return "" // drawn as part of the chain that jumped to it
	case strings.HasPrefix(st.Chain, "KUBE-SVC-"):
		return "KUBE-SVC"
	case strings.HasPrefix(st.Chain, "KUBE-SEP-"):
		return "KUBE-SEP"
	case strings.HasPrefix(st.Chain, "KUBE-EXT-"):
		return "KUBE-EXT"
	}
	return st.Chain
}

func (s *State) picture(link templates.Link) templates.ServicesPicture {
	c, dst, port := s.route()
	p := templates.ServicesPicture{Height: 340}
	p.ClientLabel = "pod " + c.Name
	if !c.Pod {
		p.ClientLabel = c.Name
	}
	p.ClientIP = c.IP
	cfg := s.cfg()
	p.NodeLabel = fmt.Sprintf("%s %s · kube-proxy (iptables mode)", cfg.NodeName, cfg.NodeIP)
	p.ServiceLabel = fmt.Sprintf("Service web-service → %s:%d", dst, port)
	if dst == kubeproxy.ExampleClusterIP {
		p.ServiceSub = "web-service.default.svc.cluster.local"
	} else {
		p.ServiceSub = fmt.Sprintf("nodePort %d on every node", kubeproxy.ExampleNodePort)
	}

	// Which stages the request has passed so far.
	passed := map[string]bool{}
	cur := ""
	for i, st := range s.trace.Steps[:s.step+1] {
		g := stageOf(st)
		if g == "" {
			continue
		}
		passed[g] = true
		cur = g
		_ = i
	}
	short := func(ch string) string {
		if len(ch) > 14 {
			return ch[:13] + "…"
		}
		return ch
	}
	sepTitle, sepLabel := "KUBE-SEP-… (one per endpoint)", "KUBE-SEP-…"
	for _, st := range s.trace.Steps[:s.step+1] {
		if strings.HasPrefix(st.Chain, "KUBE-SEP-") {
			sepTitle, sepLabel = st.Chain, short(st.Chain)
		}
	}
	type box struct{ key, label, title, table string }
	row1 := []box{{"PREROUTING", "PREROUTING", "nat table, PREROUTING hook", "nat"}, {kubeproxy.KubeServicesChain, "KUBE-SERVICES", "KUBE-SERVICES (nat)", "nat"}}
	if s.typ == kubeproxy.TypeNodePort && s.target == targetNodePort {
		row1 = append(row1, box{kubeproxy.KubeNodePortsChain, "KUBE-NODEPORTS", "KUBE-NODEPORTS (nat)", "nat"})
		ext := kubeproxy.ServiceExternalChainName("default/web-service", "tcp")
		row1 = append(row1, box{"KUBE-EXT", short(ext), ext, "nat"})
	}
	svc := kubeproxy.ServicePortPolicyClusterChain("default/web-service", "tcp")
	row1 = append(row1, box{"KUBE-SVC", short(svc), svc, "nat"}, box{"KUBE-SEP", sepLabel, sepTitle, "nat"})
	hook := "FORWARD"
	for _, st := range s.trace.Steps {
		if st.Table == "filter" {
			hook = st.Hook
			break
		}
	}
	row2 := []box{{"routing", "routing", "the routing decision", ""}, {"filter " + hook, hook, "filter table, " + hook + " hook", "filter"}, {"POSTROUTING", "POSTROUTING", "nat table, POSTROUTING hook (KUBE-POSTROUTING)", "nat"}}
	if s.trace.Outcome.Kind == "rejected" {
		row2 = row2[:2]
	}
	const x0, w, gap = 140, 120, 16
	place := func(bs []box, y int) {
		for i, b := range bs {
			p.Stages = append(p.Stages, templates.ServicesStage{X: x0 + i*(w+gap), Y: y, W: w, H: 40, Label: b.label, Title: b.title, Table: b.table, Passed: passed[b.key], Current: cur == b.key})
		}
	}
	place(row1, 130)
	place(row2, 240)
	rowW := len(row1)*(w+gap) - gap
	p.NodeW = rowW + 36
	p.PodX = 122 + p.NodeW + 28
	p.Width = p.PodX + 170
	for i := 1; i < len(p.Stages); i++ {
		a, b := p.Stages[i-1], p.Stages[i]
		if a.Y == b.Y {
			p.Arrows = append(p.Arrows, templates.ServicesArrow{Points: fmt.Sprintf("%d,%d %d,%d", a.X+a.W, a.Y+20, b.X, b.Y+20), Passed: b.Passed})
		} else { // from the last box of row 1 down and back to the first of row 2
			p.Arrows = append(p.Arrows, templates.ServicesArrow{Points: fmt.Sprintf("%d,%d %d,%d %d,%d %d,%d", a.X+a.W/2, a.Y+40, a.X+a.W/2, 205, b.X+b.W/2, 205, b.X+b.W/2, b.Y), Passed: b.Passed})
		}
	}
	// client → first stage
	p.Arrows = append(p.Arrows, templates.ServicesArrow{Points: fmt.Sprintf("%d,%d %d,%d", 110, 150, x0, 150), Passed: true})

	// Pods on the right.
	pods := s.pods()
	if len(pods) == 0 {
		p.NoPods = "No pods match app=web"
	}
	for i, pd := range pods {
		sp := templates.ServicesPod{Name: pd.Pod, IP: pd.IP, Ready: pd.Ready, Y: 44 + i*29}
		if passed["pod"] && s.trace.Outcome.Pod == pd.Pod {
			sp.Chosen = true
			last := p.Stages[len(p.Stages)-1]
			p.PodArrow = &templates.ServicesArrow{Points: fmt.Sprintf("%d,%d %d,%d", last.X+last.W, last.Y+20, p.PodX, sp.Y+13), Passed: true}
		}
		p.Pods = append(p.Pods, sp)
	}
	p.Rejected = s.done() && s.trace.Outcome.Kind == "rejected"
	st := s.trace.Steps[s.step]
	p.PacketLabel = st.Packet.String()
	if st.Mark != 0 {
		p.PacketLabel += fmt.Sprintf(" mark %#x", st.Mark)
	}
	p.Title = fmt.Sprintf("Request %d from %s to %s:%d", s.sent, c.IP, dst, port)
	p.Desc = fmt.Sprintf("The client on the left, node %s in the middle with the chains the packet goes through, and the %d pods on the right. At this step the packet is %s.", cfg.NodeName, len(pods), p.PacketLabel)
	_ = link
	return p
}

func (s *State) steps(link templates.Link) []templates.ServicesStep {
	var out []templates.ServicesStep
	q := s.Query()
	q.Del("step")
	first := link.Href(q)
	stepHref := stepLinks(link, q)
	for i, st := range s.trace.Steps[:s.step+1] {
		ss := templates.ServicesStep{N: i, Why: st.Why, Current: i == s.step, IsRule: st.Kind == kubeproxy.StepRule, Matched: st.Matched, Rule: st.Rule}
		ss.Href = first
		if i > 0 {
			ss.Href = stepHref(i)
		}
		switch st.Kind {
		case kubeproxy.StepRule:
			m := "no match"
			if st.Matched {
				m = "match"
			}
			ss.Title = fmt.Sprintf("%s %s, rule %s: %s", st.Table, st.Chain, ruleNum(st.RuleID), m)
		case kubeproxy.StepReturn:
			ss.Title = fmt.Sprintf("%s %s: end of chain", st.Table, st.Chain)
		case kubeproxy.StepPolicy:
			ss.Title = fmt.Sprintf("%s %s: policy ACCEPT", st.Table, st.Chain)
		default:
			ss.Title = capitalize(st.Kind)
		}
		out = append(out, ss)
	}
	return out
}

// stepLinks returns the link to step i of the state q (q without step),
// cut from one Link.Href (templates.Link.Vary; TestStepLinksAreLinkHref).
func stepLinks(link templates.Link, q url.Values) func(i int) templ.SafeURL {
	vary := link.Vary(q, "step")
	return func(i int) templ.SafeURL { return vary(strconv.Itoa(i)) }
}

func ruleNum(id string) string {
	if i := strings.LastIndexByte(id, ' '); i >= 0 {
		return id[i+1:]
	}
	return id
}

func (s *State) rulesPanel(link templates.Link) templates.ServicesRules {
	r := templates.ServicesRules{Save: s.rules == rulesSave}
	for _, v := range []struct{ v, l string }{{rulesSave, "iptables-save"}, {rulesRestore, "as kube-proxy writes them"}} {
		r.Views = append(r.Views, templates.ServicesChoice{Label: v.l, Value: v.v, Current: v.v == s.rules,
			Href: link.Href(s.after(demos.Action{Kind: "set", Key: "rules", Value: v.v}))})
	}
	// The mode: see modeText (text.go).
	r.Mode = "kube-proxy runs in iptables mode, its default on Linux in Kubernetes v1.37 (nftables mode, GA since v1.33, is chosen with --proxy-mode=nftables and writes nftables rules instead)."
	if r.Save {
		r.Note = "What iptables-save -t nat and -t filter print on the node for this Service (the “# Generated by” and “# Completed” date lines left out; counters shown as [0:0]). Rules the request met are marked: ✓ matched, ✗ did not match, ▶ this step."
	} else {
		r.Note = "What kube-proxy writes: the jumps from the built-in chains one by one with iptables -I, then one iptables-restore --noflush input per table. iptables-save prints the same rules normalized: addresses with /32, -p before the matches, marks as --set-xmark 0x4000/…, and each probability as the 31-bit value the kernel stored (0.3333333333 comes back as 0.33333333349)."
	}
	seen := map[string]int{}
	matched := map[string]bool{}
	curID := ""
	for i, st := range s.trace.Steps[:s.step+1] {
		if st.Kind == kubeproxy.StepRule {
			seen[st.RuleID] = i
			matched[st.RuleID] = st.Matched
			if i == s.step {
				curID = st.RuleID
			}
		}
	}
	for _, t := range []*kubeproxy.Table{&s.rs.NAT, &s.rs.Filter} {
		rt := templates.ServicesRuleTable{Name: t.Name}
		lines := s.saved(t)
		if r.Save {
			rt.Caption = "iptables-save -t " + t.Name
		} else {
			lines = t.Restore()
			rt.Caption = t.Name + " table, as kube-proxy writes it"
		}
		for _, l := range lines {
			rl := templates.ServicesRuleLine{Text: l.Text, ID: l.ID}
			if i, ok := seen[l.ID]; ok && l.ID != "" {
				rl.Step = i
				rl.State = "miss"
				if matched[l.ID] {
					rl.State = "match"
				}
				rl.Current = l.ID == curID
			}
			rt.Lines = append(rt.Lines, rl)
		}
		r.Tables = append(r.Tables, rt)
	}
	return r
}

func (s *State) histogram() templates.ServicesHistogram {
	counts, rej := s.counts()
	h := templates.ServicesHistogram{Total: s.completed(), Rejected: rej}
	max := 1
	for _, c := range counts {
		if c > max {
			max = c
		}
	}
	for i, ep := range s.rs.Endpoints {
		share := kubeproxy.Share(s.rs, i)
		b := templates.ServicesBar{Pod: ep.Pod, Endpoint: ep.String(), Count: counts[i], Expected: fmt.Sprintf("%.1f%%", 100*share)}
		if h.Total > 0 {
			b.Percent = fmt.Sprintf("%.1f%%", 100*float64(counts[i])/float64(h.Total))
			b.W = int(200 * float64(counts[i]) / float64(h.Total))
			b.EW = int(200 * share)
		} else {
			b.Percent = "–"
			b.EW = int(200 * share)
		}
		h.Bars = append(h.Bars, b)
	}
	switch {
	case len(s.rs.Endpoints) == 0:
		h.Note = "No ready endpoints: every request is rejected."
	case h.Total == 0:
		h.Note = "No request has arrived yet: step to the end, or send more."
	default:
		h.Note = fmt.Sprintf("Each bar is a pod's share of the %d requests; the mark is the share the rules' probabilities give it.", h.Total)
	}
	return h
}

func (s *State) dnsPanel(link templates.Link) templates.ServicesDNS {
	d := templates.ServicesDNS{ResolvConf: kubeproxy.PodResolvConf("default", kubeproxy.ClusterDomain, kubeproxy.ClusterDNSIP).Text()}
	for _, n := range dnsNames {
		d.Names = append(d.Names, templates.ServicesChoice{Label: n, Value: n, Current: n == s.dns,
			Href: link.Href(s.after(demos.Action{Kind: "set", Key: "dns", Value: n}))})
	}
	d.Field = s.field(link, "dns")
	d.Field.Label, d.Field.Type = "Name to resolve", "text"
	if d.Field.Error == "" {
		d.Field.Value = s.dns
	}
	qs := s.resolve()
	for _, q := range qs {
		sq := templates.ServicesQuery{Name: q.Name, Answer: "NXDOMAIN"}
		if q.Answer != "" {
			sq.Found = true
			// CoreDNS answers with the TTL of kubeadm's Corefile ("ttl 30").
			sq.Answer = fmt.Sprintf("%s 30 IN A %s", q.Name, q.Answer)
		}
		d.Queries = append(d.Queries, sq)
	}
	last := qs[len(qs)-1]
	if last.Answer != "" {
		d.Summary = fmt.Sprintf("%s resolves to %s after %d %s.", s.dns, last.Answer, len(qs), plural(len(qs), "query", "queries"))
	} else {
		d.Summary = fmt.Sprintf("%s does not resolve: every query got NXDOMAIN.", s.dns)
	}
	return d
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
