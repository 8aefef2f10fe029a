package architecture

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/archtrace"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.Architecture(st.viewModel(link))
}

func elementID(link templates.Link) string {
	id := "arch"
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

func (st *State) with(f func(q url.Values)) url.Values {
	q := st.Query()
	f(q)
	return q
}

var scenarioLabels = map[string]string{
	"pod":        "kubectl apply -f web-server.yaml",
	"deployment": "kubectl create deployment web --image=nginx:1.25 --replicas=3",
}

var faultLabels = map[string]string{
	"none":      "none: a healthy cluster",
	"etcd":      "etcd-2 and etcd-3 down (no quorum)",
	"scheduler": "kube-scheduler stopped",
	"kubelet":   "the chosen node's kubelet stopped",
	"webhook":   "an admission webhook rejects the pod",
}

func (st *State) viewModel(link templates.Link) templates.ArchitectureView {
	id := elementID(link)
	cur := st.cur()
	v := templates.ArchitectureView{ID: id, Step: st.step, Total: len(st.tr.Steps), Command: st.tr.Command}
	v.Clock = "before the command"
	if st.step > 0 {
		v.Clock = "t = " + clock(st.tr.Steps[st.step-1].At)
	}

	// The form: hidden fields keep the other demos' parameters on the course page.
	v.Form.Action = templ.SafeURL(link.Path)
	for k, vs := range link.Keep {
		for _, x := range vs {
			v.Form.Hidden = append(v.Form.Hidden, templates.RUHidden{Name: k, Value: x})
		}
	}
	if link.Anchor != "" {
		v.Form.Action = templ.SafeURL(link.Path + "#" + link.Anchor)
	}
	sel := func(key, label, help string, values []string, labels map[string]string, chosen string) templates.RUSelect {
		s := templates.RUSelect{Key: key, Name: link.FieldName(key), Label: label, Help: help}
		for _, x := range values {
			s.Options = append(s.Options, templates.RUOption{Value: x, Label: labels[x], Selected: x == chosen})
		}
		return s
	}
	v.Form.Selects = []templates.RUSelect{
		sel("scenario", "command", "The command whose messages you follow.", []string{"pod", "deployment"}, scenarioLabels, st.scenario),
		sel("fault", "fault", "What is broken before the command runs.", faultValues, faultLabels, st.fault),
	}
	v.Form.Seed, v.Form.SeedErr, v.Form.SeedKey = st.seed, st.seedErr, link.FieldName("seed")

	var stage archtrace.Stage
	if st.step > 0 {
		s := st.tr.Steps[st.step-1]
		v.Arrow, v.Kind, v.Title, v.Source, v.Failed, v.Lines = s.Arrow(), string(s.Kind), s.Title, s.Source, s.Failed, s.Lines
		stage = s.Stage
	} else {
		v.Intro = st.tr.Intro
		if st.scenario == "pod" {
			v.Manifest = archtrace.Manifest
		}
	}
	passed := stagePassed(st.tr, st.step)
	for _, s := range archtrace.Stages {
		v.Stages = append(v.Stages, templates.ArchStage{Name: string(s), Current: s == stage, Passed: passed[s] && s != stage})
	}

	e := cur.Etcd
	leader := string(e.Leader)
	if leader == "" {
		leader = "none"
	}
	v.EtcdSummary = fmt.Sprintf("Leader %s · revision %d · a write commits when %d of %d members have it.", leader, e.Revision, archtrace.Quorum(len(e.Members)), len(e.Members))
	for _, m := range e.Members {
		state := "up"
		if !m.Up {
			state = "down"
		}
		v.Members = append(v.Members, templates.ArchMember{Name: string(m.Name), State: state, Role: m.Role,
			Term: strconv.FormatUint(m.Term, 10), Last: strconv.FormatUint(m.LastIndex, 10), Commit: strconv.FormatUint(m.Commit, 10)})
	}
	for _, k := range e.Keys {
		v.Keys = append(v.Keys, templates.ArchKey{Key: k.Key, Create: strconv.FormatInt(k.CreateRevision, 10), Mod: strconv.FormatInt(k.ModRevision, 10)})
	}
	v.Terminal = cur.Terminal

	v.Steps = append(v.Steps, templates.ArchStepLink{N: 0, Label: "before the command", Current: st.step == 0,
		Href: link.Href(st.with(func(q url.Values) { q.Del("step") }))})
	for i, s := range st.tr.Steps {
		n := i + 1
		v.Steps = append(v.Steps, templates.ArchStepLink{N: n, Label: s.Arrow() + ": " + s.Title, Current: st.step == n, Failed: s.Failed,
			Href: link.Href(st.with(func(q url.Values) { q.Set("step", strconv.Itoa(n)) }))})
	}
	v.Pic = st.picture(id, cur, stage)
	return v
}

// stagePassed is which API server stages the current request has been
// through: those of the steps since the last request reached the API server.
func stagePassed(tr *archtrace.Trace, step int) map[archtrace.Stage]bool {
	p := map[archtrace.Stage]bool{}
	for i := step - 1; i >= 0; i-- {
		s := tr.Steps[i]
		if s.Stage == "" {
			break
		}
		p[s.Stage] = true
	}
	if step > 0 && tr.Steps[step-1].Stage != "" {
		for _, s := range archtrace.Stages {
			if s == tr.Steps[step-1].Stage {
				break
			}
			p[s] = true
		}
	}
	return p
}

func clock(ms int) string {
	if ms < 1000 {
		return fmt.Sprintf("%d ms", ms)
	}
	return strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64) + " s"
}

type rect struct{ x, y, w, h int }

func (r rect) center() (float64, float64) {
	return float64(r.x) + float64(r.w)/2, float64(r.y) + float64(r.h)/2
}

// The layout of the picture, in viewBox units (1000 × 560).
var boxes = map[archtrace.Component]rect{
	archtrace.Kubectl:           {20, 40, 140, 56},
	archtrace.Webhook:           {20, 196, 140, 56},
	archtrace.APIServer:         {250, 20, 250, 248},
	archtrace.Etcd1:             {576, 76, 142, 56},
	archtrace.Etcd2:             {828, 44, 142, 56},
	archtrace.Etcd3:             {828, 108, 142, 56},
	archtrace.Scheduler:         {560, 200, 190, 56},
	archtrace.ControllerManager: {770, 200, 210, 56},
	archtrace.Kubelet1:          {40, 336, 130, 50},
	archtrace.KubeProxy1:        {185, 336, 130, 50},
	archtrace.Containerd1:       {330, 336, 140, 50},
	archtrace.Kubelet2:          {530, 336, 130, 50},
	archtrace.KubeProxy2:        {675, 336, 130, 50},
	archtrace.Containerd2:       {820, 336, 140, 50},
}

var order = []archtrace.Component{archtrace.Kubectl, archtrace.Webhook, archtrace.APIServer, archtrace.Etcd1, archtrace.Etcd2, archtrace.Etcd3,
	archtrace.Scheduler, archtrace.ControllerManager, archtrace.Kubelet1, archtrace.KubeProxy1, archtrace.Containerd1,
	archtrace.Kubelet2, archtrace.KubeProxy2, archtrace.Containerd2}

func label(c archtrace.Component) string {
	s := string(c)
	if i := strings.Index(s, "@"); i > 0 {
		return s[:i]
	}
	return s
}

func (st *State) picture(id string, cur archtrace.State, stage archtrace.Stage) templates.ArchPicture {
	p := templates.ArchPicture{ID: id, Title: "The cluster: kubectl, the control plane, etcd and two worker nodes"}
	frame := func(x, y, w, h int, l, class string) templates.ArchBox {
		return templates.ArchBox{X: x, Y: y, W: w, H: h, Label: l, Class: class, LabelX: x + 12, LabelY: y + 22}
	}
	p.Frames = []templates.ArchBox{
		frame(560, 20, 420, 160, "etcd cluster", "etcd"),
		frame(20, 300, 470, 190, "worker-1", nodeClass(cur, "worker-1")),
		frame(510, 300, 470, 190, "worker-2", nodeClass(cur, "worker-2")),
	}
	down := map[archtrace.Component]bool{}
	for _, c := range cur.Down {
		down[c] = true
	}
	var msg *archtrace.Step
	if st.step > 0 {
		msg = &st.tr.Steps[st.step-1]
	}
	involved := map[archtrace.Component]bool{}
	if msg != nil {
		involved[msg.From] = true
		for _, c := range msg.To {
			involved[c] = true
		}
	}
	var desc []string
	for _, c := range order {
		if c == archtrace.Webhook && st.fault != "webhook" {
			continue
		}
		r := boxes[c]
		b := templates.ArchBox{X: r.x, Y: r.y, W: r.w, H: r.h, Label: label(c), LabelX: r.x + 10, LabelY: r.y + 24, SubY: r.y + 44}
		var cls []string
		switch {
		case down[c]:
			cls = append(cls, "down")
			b.Sub = "down"
			if c == archtrace.Scheduler {
				b.Sub = "stopped"
			}
		case c == archtrace.Etcd1 || c == archtrace.Etcd2 || c == archtrace.Etcd3:
			for _, m := range cur.Etcd.Members {
				if m.Name == c {
					b.Sub = fmt.Sprintf("%s · log %d", m.Role, m.LastIndex)
					if m.Role == "leader" {
						cls = append(cls, "leader")
					}
				}
			}
		case c == archtrace.Webhook:
			b.Sub = "pod-policy.example.com"
		case c == archtrace.APIServer:
			b.LabelY = r.y + 26
		}
		if st.tr.Config.Fault == archtrace.FaultKubelet && st.deadKubelet(c) {
			cls = append(cls, "down")
			b.Sub = "stopped"
		}
		if involved[c] {
			cls = append(cls, "active")
		}
		b.Class = strings.Join(cls, " ")
		p.Boxes = append(p.Boxes, b)
		if b.Sub != "" {
			desc = append(desc, label(c)+" ("+b.Sub+")")
		}
	}
	// The API server's stages, inside its box.
	api := boxes[archtrace.APIServer]
	passed := stagePassed(st.tr, st.step)
	for i, s := range archtrace.Stages {
		y := api.y + 42 + i*33
		cls := ""
		if s == stage {
			cls = "current"
		} else if passed[s] {
			cls = "passed"
		}
		p.Stages = append(p.Stages, templates.ArchStageRow{X: api.x + 12, Y: y, W: api.w - 24, H: 27, TextY: y + 19, Label: fmt.Sprintf("%d %s", i+1, s), Class: cls})
	}
	// Pods, on their nodes, once bound (an unbound pod has no place yet).
	slot := map[string]int{}
	for _, pd := range cur.Pods {
		if pd.Node == "" {
			continue
		}
		x0 := 40
		if pd.Node == "worker-2" {
			x0 = 530
		}
		i := slot[pd.Node]
		slot[pd.Node]++
		x, y := x0+(i%2)*220, 412+(i/2)*64
		name := pd.Name
		if len(name) > 20 {
			name = "…" + name[len(name)-14:]
		}
		sub := pd.Status
		if pd.IP != "" {
			sub += " · " + pd.IP
		}
		p.Pods = append(p.Pods, templates.ArchBox{X: x, Y: y, W: 210, H: 54, Label: name, Sub: sub, Class: strings.ToLower(pd.Status), LabelX: x + 10, LabelY: y + 22, SubY: y + 42})
		desc = append(desc, fmt.Sprintf("pod %s on %s: %s", pd.Name, pd.Node, pd.Status))
	}
	// The message in flight.
	if msg != nil {
		cls := string(msg.Kind)
		if msg.Failed {
			cls += " failed"
		}
		from := boxes[msg.From]
		for i, to := range msg.To {
			if to == msg.From {
				continue
			}
			x1, y1, x2, y2 := clipLine(from, boxes[to])
			p.Arrows = append(p.Arrows, templates.ArchArrow{Key: fmt.Sprintf("%s-msg-%d-%d", id, st.step, i), X1: x1, Y1: y1, X2: x2, Y2: y2, Class: cls})
		}
		desc = append([]string{"Message: " + msg.Arrow() + ": " + msg.Title}, desc...)
	}
	p.Desc = strings.Join(desc, "; ") + "."
	return p
}

func (st *State) deadKubelet(c archtrace.Component) bool {
	for _, s := range st.tr.Steps {
		if s.Failed && s.Kind == archtrace.KindWatch && len(s.To) == 1 && s.To[0] == c {
			return true
		}
	}
	return false
}

func nodeClass(cur archtrace.State, name string) string {
	for _, n := range cur.Nodes {
		if n.Name == name && n.Ready != "True" {
			return "notready"
		}
	}
	return ""
}

// clipLine is the segment between the centres of two boxes, cut at their
// edges (with a small gap), so the arrow starts and ends on the borders.
func clipLine(a, b rect) (int, int, int, int) {
	ax, ay := a.center()
	bx, by := b.center()
	dx, dy := bx-ax, by-ay
	cut := func(r rect, dx, dy float64) float64 {
		// the fraction of (dx, dy) from r's centre to its border
		t := math.Inf(1)
		if dx != 0 {
			t = math.Min(t, (float64(r.w)/2+4)/math.Abs(dx))
		}
		if dy != 0 {
			t = math.Min(t, (float64(r.h)/2+4)/math.Abs(dy))
		}
		return t
	}
	t1 := cut(a, dx, dy)
	t2 := 1 - cut(b, dx, dy)
	return int(math.Round(ax + dx*t1)), int(math.Round(ay + dy*t1)), int(math.Round(ax + dx*t2)), int(math.Round(ay + dy*t2))
}
