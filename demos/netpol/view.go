package netpol

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/netpol"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (s *State) View(link templates.Link) templ.Component {
	return templates.Netpol(s.viewModel(link))
}

// elementID is the prefix of the demo's element ids, unique on a page that
// shows several demos.
func elementID(link templates.Link) string {
	id := "np"
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

// after is the URL state after action a (the no-JavaScript links).
//
// Only the URL is needed, so the copy skips rebuilding its policies and
// matrix (lazy): a page has about seventy such links.
func (s *State) after(a demos.Action) url.Values {
	cp := *s
	cp.applied = slices.Clone(s.applied)
	cp.texts = maps.Clone(s.texts)
	cp.lazy = true
	if err := cp.Apply(a); err != nil {
		return s.Query()
	}
	return cp.Query()
}

func (s *State) viewModel(link templates.Link) templates.NetpolView {
	v := templates.NetpolView{ID: elementID(link)}
	for _, sc := range scenarios {
		v.Scenarios = append(v.Scenarios, templates.NetpolChoice{Label: sc.Title, Value: sc.Name, Current: sc.Name == s.sc.Name,
			Href: link.Href(s.after(demos.Action{Kind: "set", Key: "scenario", Value: sc.Name}))})
	}
	for _, name := range netpol.PresetNames {
		p := templates.NetpolPolicy{Name: name, Title: presetTitle[name], Applied: s.isApplied(name), Editing: name == s.edit,
			ToggleHref: link.Href(s.after(demos.Action{Kind: "toggle", Value: name})),
			EditHref:   link.Href(s.after(demos.Action{Kind: "set", Key: "edit", Value: name}))}
		_, p.Edited = s.texts[name]
		p.Refused = p.Applied && s.problem(name) != ""
		p.ToggleLabel = "Apply"
		if p.Applied {
			p.ToggleLabel = "Remove"
		}
		v.Policies = append(v.Policies, p)
	}
	v.Editor = s.editor(link)
	v.Picture = s.picture(false)
	v.PictureTall = s.picture(true)
	v.World = s.frozen.world
	v.Matrix = s.matrixView(link)
	if r := s.current(); r != nil {
		v.Request = s.explainRequest(*r)
	}
	if ij := s.cellIndex(s.cell); ij != nil {
		vd := s.matrix.Cells[ij[0]][ij[1]]
		e := explain(vd)
		e.Heading = "Selected cell: " + s.matrix.Sources[ij[0]].Short() + " → " + s.matrix.Targets[ij[1]].String()
		e.ClearHref = link.Href(s.after(demos.Action{Kind: "set", Key: "cell", Value: ""}))
		v.Cell = &e
	}
	stepHref := link.Vary(s.Query(), "step")
	v.Steps = make([]templates.NetpolStep, len(s.sc.Requests))
	for i, r := range s.sc.Requests {
		n := strconv.Itoa(i + 1)
		// A reply is allowed exactly when its connection was (outcome).
		v.Steps[i] = templates.NetpolStep{N: n, Text: s.frozen.steps[i], Current: i+1 == s.step, Reached: i+1 <= s.step,
			Allowed: s.verdict(r).Allowed, Href: stepHref(n)}
	}
	return v
}

func lines(ls []netpol.Line) []templates.NetpolLine {
	var out []templates.NetpolLine
	for _, l := range ls {
		out = append(out, templates.NetpolLine{Indent: l.Indent, Mark: l.Mark, Text: l.Text})
	}
	return out
}

func explain(v netpol.Verdict) templates.NetpolExplain {
	return templates.NetpolExplain{Summary: v.Reason() + ".", Allowed: v.Allowed, Lines: lines(v.Lines())}
}

func (s *State) explainRequest(r request) *templates.NetpolExplain {
	allowed, sentence := s.outcome(r)
	e := templates.NetpolExplain{Heading: fmt.Sprintf("Request %d of %d: %s", s.step, len(s.sc.Requests), requestLine(r)), Note: r.Note, Summary: sentence + ".", Allowed: allowed}
	v := s.verdict(r)
	if r.Reply {
		e.Lines = append(e.Lines, templates.NetpolLine{Text: fmt.Sprintf("The connection it belongs to, %s → %s %s %d:", r.From, r.To, r.Proto, r.Port)})
		for _, l := range v.Lines() {
			e.Lines = append(e.Lines, templates.NetpolLine{Indent: l.Indent + 1, Mark: l.Mark, Text: l.Text})
		}
		return &e
	}
	e.Lines = lines(v.Lines())
	return &e
}

// editor builds the YAML form: a GET form that carries the rest of the
// state in hidden inputs.
func (s *State) editor(link templates.Link) templates.NetpolEditor {
	name := s.edit
	key := "yaml." + name
	e := templates.NetpolEditor{Name: name, FieldName: link.FieldName(key), Text: s.text(name), Applied: s.isApplied(name),
		RevertHref: link.Href(s.after(demos.Action{Kind: "revert", Value: name})),
		ToggleHref: link.Href(s.after(demos.Action{Kind: "toggle", Value: name}))}
	_, e.Edited = s.texts[name]
	e.ToggleLabel = "Apply " + name
	if e.Applied {
		e.ToggleLabel = "Remove " + name
	}
	e.Rows = min(max(strings.Count(e.Text, "\n")+2, 8), 40)
	action := link.Path
	if link.Anchor != "" {
		action += "#" + link.Anchor
	}
	e.Action = templ.SafeURL(action)
	for _, k := range sortedKeys(link.Keep) {
		for _, val := range link.Keep[k] {
			e.Hidden = append(e.Hidden, templates.NetpolHidden{Name: k, Value: val})
		}
	}
	q := s.Query()
	q.Set("edit", name) // the form always names the policy it edits
	for _, k := range sortedKeys(q) {
		if k == key {
			continue
		}
		e.Hidden = append(e.Hidden, templates.NetpolHidden{Name: link.FieldName(k), Value: q.Get(k)})
	}
	e.Problem = s.problem(name)
	e.Notes = s.parsed[name].Notes
	a := s.adm[name]
	if e.Problem == "" && a.Stored != nil {
		for _, d := range a.Defaults {
			e.Defaults = append(e.Defaults, fmt.Sprintf("%s: %s (%s)", d.Path, d.Value, d.Why))
		}
		// kubectl looks the name up in the context's namespace: a policy
		// stored elsewhere needs -n (kubectl describe's --namespace flag).
		cmd := "$ kubectl describe networkpolicy " + a.Stored.Name
		if a.Stored.Namespace != netpol.ContextNamespace {
			cmd += " -n " + a.Stored.Namespace
		}
		e.Describe = cmd + "\n" + netpol.Describe(a.Stored)
		if e.Applied {
			e.Output = "$ kubectl apply -f " + fileName + "\n" + a.Output
		}
	}
	return e
}

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Layout of the picture. The wide one puts the namespaces side by side;
// the tall one, shown on phones instead, stacks them, so that the text
// keeps its size on a narrow screen.
const podH = 58

type box struct{ x, y, w, h int }

func (s *State) layout(tall bool) (map[string]box, []templates.NetpolNS, int, int) {
	pos := map[string]box{}
	var nss []templates.NetpolNS
	type group struct {
		name    string
		outside bool
		members []string
	}
	var groups []group
	for _, ns := range s.cluster.Namespaces {
		g := group{name: ns.Name}
		for i := range s.cluster.Pods {
			if s.cluster.Pods[i].Namespace == ns.Name {
				g.members = append(g.members, s.cluster.Pods[i].Name)
			}
		}
		groups = append(groups, g)
	}
	g := group{name: "internet", outside: true}
	for _, o := range s.cluster.Outside {
		g.members = append(g.members, o.Name)
	}
	groups = append(groups, g)
	if tall {
		const w, podW = 360, 250
		y := 8
		for _, g := range groups {
			h := 44 + len(g.members)*(podH+10)
			nss = append(nss, templates.NetpolNS{X: 8, Y: y, W: podW + 24, H: h, Name: g.name, Outside: g.outside})
			py := y + 40
			for _, m := range g.members {
				pos[m] = box{20, py, podW, podH}
				py += podH + 10
			}
			y += h + 12
		}
		return pos, nss, w, y + 28
	}
	widths := []int{220, 150, 150, 150}
	x := 8
	for i, g := range groups {
		w := widths[min(i, len(widths)-1)]
		nss = append(nss, templates.NetpolNS{X: x, Y: 8, W: w, H: 258, Name: g.name, Outside: g.outside})
		y := 48
		for _, m := range g.members {
			pos[m] = box{x + 8, y, w - 16, podH}
			y += podH + 14
		}
		x += w + 12
	}
	return pos, nss, x - 4, 290
}

// framePicture is a picture as rebuild draws it, without a request: the
// policies decide everything in it but the roles and the arrow.
type framePicture struct {
	templates.NetpolPicture
	pos map[string]box
}

func (s *State) basePicture(tall bool) framePicture {
	pos, nss, w, h := s.layout(tall)
	p := templates.NetpolPicture{Width: w, Height: h, Namespaces: nss, Tall: tall}
	isoIn, isoOut := map[string]bool{}, map[string]bool{}
	for _, iso := range s.isolations() {
		isoIn[iso.Pod.Name] = len(iso.Ingress) > 0
		isoOut[iso.Pod.Name] = len(iso.Egress) > 0
	}
	for i := range s.cluster.Pods {
		pd := &s.cluster.Pods[i]
		b := pos[pd.Name]
		p.Pods = append(p.Pods, templates.NetpolPod{X: b.x, Y: b.y, W: b.w, H: b.h, Name: pd.Name, Sub: labels.Set(pd.Labels).String(), IP: pd.IP, IngressIso: isoIn[pd.Name], EgressIso: isoOut[pd.Name]})
	}
	for _, o := range s.cluster.Outside {
		b := pos[o.Name]
		p.Pods = append(p.Pods, templates.NetpolPod{X: b.x, Y: b.y, W: b.w, H: b.h, Name: o.Name, Sub: o.IP, IP: o.IP, Outside: true})
	}
	var iso []string
	for _, i := range s.isolations() {
		if len(i.Ingress)+len(i.Egress) > 0 {
			iso = append(iso, fmt.Sprintf("%s (%s)", i.Pod.Name, isoWords(len(i.Ingress) > 0, len(i.Egress) > 0)))
		}
	}
	p.Desc = "No pod is isolated."
	if len(iso) > 0 {
		p.Desc = "Isolated: " + strings.Join(iso, ", ") + "."
	}
	p.Title = "The cluster: namespaces default, monitoring and kube-system, and example.com outside"
	return framePicture{NetpolPicture: p, pos: pos}
}

// picture is the frozen picture with the current request drawn on it.
func (s *State) picture(tall bool) templates.NetpolPicture {
	base := s.frozen.pictures[0]
	if tall {
		base = s.frozen.pictures[1]
	}
	p := base.NetpolPicture
	r := s.current()
	if r == nil {
		return p
	}
	p.Pods = slices.Clone(p.Pods)
	for i := range p.Pods {
		p.Pods[i].Role = role(r, p.Pods[i].Name)
	}
	allowed := s.verdict(*r).Allowed
	from, to := base.pos[r.From], base.pos[r.To]
	word := "denied"
	if allowed {
		word = "allowed"
	}
	if r.Reply {
		from, to = to, from
	}
	line := s.frozen.steps[s.step-1]
	p.Arrow = &templates.NetpolArrow{D: arrowPath(from, to), Allowed: allowed, Reply: r.Reply, X: 12, Y: p.Height - 10, Label: fmt.Sprintf("request %d, %s: %s", s.step, line, word)}
	p.Desc += fmt.Sprintf(" The arrow is request %d, %s: %s.", s.step, line, word)
	return p
}

func role(r *request, name string) string {
	if r == nil {
		return ""
	}
	from, to := r.From, r.To
	if r.Reply {
		from, to = to, from
	}
	switch name {
	case from:
		return "src"
	case to:
		return "dst"
	}
	return ""
}

func isoWords(in, out bool) string {
	switch {
	case in && out:
		return "ingress and egress"
	case in:
		return "ingress"
	}
	return "egress"
}

// arrowPath joins two boxes: straight between facing sides, or a curve on
// the right when they are in the same column, bulging more the further
// apart they are.
func arrowPath(a, b box) string {
	ay, by := a.y+a.h/2, b.y+b.h/2
	switch {
	case b.x > a.x:
		return fmt.Sprintf("M%d,%d L%d,%d", a.x+a.w, ay, b.x, by)
	case b.x < a.x:
		return fmt.Sprintf("M%d,%d L%d,%d", a.x, ay, b.x+b.w, by)
	}
	x := a.x + a.w
	bulge := min(max(abs(by-ay)/3, 30), 80)
	return fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x, ay, x+bulge, ay, x+bulge, by, x, by)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func (s *State) world() []templates.NetpolNamespace {
	var out []templates.NetpolNamespace
	isos := map[string]string{}
	for _, i := range s.isolations() {
		in, eg := "open", "open"
		if len(i.Ingress) > 0 {
			in = "isolated by " + strings.Join(i.Ingress, ", ")
		}
		if len(i.Egress) > 0 {
			eg = "isolated by " + strings.Join(i.Egress, ", ")
		}
		isos[i.Pod.Key()] = fmt.Sprintf("ingress %s; egress %s", in, eg)
	}
	for _, ns := range s.cluster.Namespaces {
		n := templates.NetpolNamespace{Name: ns.Name, Labels: labels.Set(ns.Labels).String()}
		for i := range s.cluster.Pods {
			p := &s.cluster.Pods[i]
			if p.Namespace != ns.Name {
				continue
			}
			var ports []string
			for _, cp := range p.Ports {
				proto := cp.Protocol
				if proto == "" {
					proto = corev1.ProtocolTCP
				}
				ports = append(ports, fmt.Sprintf("%s %d/%s", cp.Name, cp.ContainerPort, proto))
			}
			n.Pods = append(n.Pods, templates.NetpolWorldPod{Name: p.Name, IP: p.IP, Labels: labels.Set(p.Labels).String(), Ports: strings.Join(ports, ", "), Isolation: isos[p.Key()]})
		}
		out = append(out, n)
	}
	return out
}

// baseMatrix is the matrix as rebuild draws it: every cell's verdict,
// key and sentence, which only the policies change.
func (s *State) baseMatrix() templates.NetpolMatrix {
	m := templates.NetpolMatrix{}
	for _, t := range s.matrix.Targets {
		m.Targets = append(m.Targets, templates.NetpolTarget{Label: t.To.Short(), Port: fmt.Sprintf("%d/%s", t.Port, t.Protocol), Name: t.PortName})
	}
	cells := make([]templates.NetpolCell, len(s.matrix.Sources)*len(s.matrix.Targets))
	for i, src := range s.matrix.Sources {
		row := templates.NetpolRow{Source: src.Short(), Cells: cells[:len(s.matrix.Targets):len(s.matrix.Targets)]}
		cells = cells[len(s.matrix.Targets):]
		for j, t := range s.matrix.Targets {
			v := s.matrix.Cells[i][j]
			row.Cells[j] = templates.NetpolCell{Allowed: v.Allowed, Self: v.Self, Key: cellKey(src, t), Label: v.Reason()}
		}
		m.Rows = append(m.Rows, row)
	}
	a, t := s.matrix.Allowed()
	m.Summary = fmt.Sprintf("%d of %d new connections allowed.", a, t)
	return m
}

// matrixView is the frozen matrix with this state's links, the current
// request's cell and the selected one.
func (s *State) matrixView(link templates.Link) templates.NetpolMatrix {
	m := s.frozen.matrix
	cur := ""
	if r := s.current(); r != nil && !r.Reply {
		cur = fmt.Sprintf("%s,%s:%d/%s", r.From, r.To, r.Port, r.Proto)
	}
	// Each cell links to this state with the cell selected: what
	// Apply(set cell=key) gives for a key of the matrix, built without
	// copying the state or encoding the query for each of the cells.
	cellHref := link.Vary(s.Query(), "cell")
	m.Rows = slices.Clone(m.Rows)
	n := 0
	for _, row := range m.Rows {
		n += len(row.Cells)
	}
	cells := make([]templates.NetpolCell, 0, n)
	for i, row := range m.Rows {
		k := len(cells)
		for _, c := range row.Cells {
			c.Current, c.Selected, c.Href = c.Key == cur, c.Key == s.cell, cellHref(c.Key)
			cells = append(cells, c)
		}
		m.Rows[i].Cells = cells[k:len(cells):len(cells)]
	}
	return m
}
