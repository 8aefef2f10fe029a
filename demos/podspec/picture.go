package podspec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/web/templates"
)

// The picture: the pod running on a node. Layout is computed here, in SVG
// user units, so the template only draws; the same parts give the text view.

const (
	// NodeName is the example node the picture puts the pod on.
	NodeName = "node-1"
	// PodCIDR is node-1's example pod CIDR (the default cluster CIDR of
	// kubeadm with flannel is 10.244.0.0/16, one /24 per node).
	PodCIDR = "10.244.1.0/24"
	// PodIP is the example address the picture gives the pod.
	PodIP = "10.244.1.5"
)

const (
	picW     = 640
	charW    = 7.3 // width of a character of the picture's 12px monospace text
	chipH    = 20
	chipGap  = 6
	innerX   = 32
	innerW   = picW - 2*innerX
	colGap   = 16
	labelGap = 16 // height of a small section label
)

// part is a part of the picture and the fields that drive it: it is
// highlighted when the selected field is one of them or an ancestor of one.
type part struct {
	templates.PodSpecPart
	short  string // for the text view: "memory limit of nginx"
	drives []string
}

// picture is the laid out pod.
type picture struct {
	parts  []part
	height int
}

// textW is the width of s in the picture's text.
func textW(s string) int { return int(float64(len([]rune(s)))*charW + 0.5) }

// fit shortens s to at most w units, ending it with "…".
func fit(s string, w int) string {
	max := int(float64(w) / charW)
	r := []rune(s)
	if len(r) <= max || max < 2 {
		return s
	}
	return string(r[:max-1]) + "…"
}

// layout draws d's pod. d must be valid.
func layout(d *Doc) picture {
	p := d.Defaulted
	var pic picture
	add := func(pt part) { pic.parts = append(pic.parts, pt) }

	// The node and the pod are boxes drawn first; their heights are known at
	// the end, so they are patched then.
	nodeTitle := NodeName
	nodePath := ""
	if p.Spec.NodeName != "" {
		nodeTitle = p.Spec.NodeName
		nodePath = "spec.nodeName"
	}
	add(part{PodSpecPart: templates.PodSpecPart{ID: "node", Kind: "node", Path: nodePath, X: 8, Y: 8, W: picW - 16,
		Title: fmt.Sprintf("Node %s: an example node. The scheduler picks a node for the pod and sets spec.nodeName; the kubelet on that node runs it.", nodeTitle),
		Texts: []templates.PodSpecText{{X: 20, Y: 28, Text: nodeTitle + " (an example node)", Class: "t-title"}}},
		short: "node " + nodeTitle, drives: []string{nodePath}})
	add(part{PodSpecPart: templates.PodSpecPart{ID: "pod", Kind: "pod", Path: "spec", X: 20, Y: 40, W: picW - 40,
		Title: "The pod: one IP, one network namespace and the volumes its containers share. spec describes them."},
		short: "the pod", drives: []string{"spec", "kind", "apiVersion"}})

	y := 48
	name := "Pod " + p.Name
	add(part{PodSpecPart: templates.PodSpecPart{ID: "pod-name", Kind: "label", Path: "metadata.name", X: innerX, Y: y, W: textW(name) + 12, H: 24,
		Title: fmt.Sprintf("metadata.name: %s, the pod's name, unique in its namespace", p.Name),
		Texts: []templates.PodSpecText{{X: innerX + 6, Y: y + 17, Text: name, Class: "t-title"}}},
		short: "the pod's name", drives: []string{"metadata.name"}})
	y += 30

	// Labels as tags.
	if len(p.Labels) > 0 {
		keys := make([]string, 0, len(p.Labels))
		for k := range p.Labels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		x := innerX
		for i, k := range keys {
			txt := fit(k+"="+p.Labels[k], innerW-14)
			w := textW(txt) + 14
			if x+w > innerX+innerW {
				x = innerX
				y += chipH + chipGap
			}
			lp := childPath("metadata.labels", k)
			add(part{PodSpecPart: templates.PodSpecPart{ID: "label-" + strconv.Itoa(i), Kind: "tag", Path: lp, X: x, Y: y, W: w, H: chipH + 2,
				Title: fmt.Sprintf("Label %s=%s (metadata.labels): Services, Deployments and kubectl -l select pods by their labels", k, p.Labels[k]),
				Texts: []templates.PodSpecText{{X: x + 7, Y: y + 15, Text: txt, Class: "t-mono"}}},
				short: "label " + k + "=" + p.Labels[k], drives: []string{lp}})
			x += w + chipGap
		}
		y += chipH + 12
	}

	// The shared network namespace.
	var portPaths []string
	for i, c := range p.Spec.Containers {
		if len(c.Ports) > 0 {
			portPaths = append(portPaths, indexPath("spec.containers", i)+".ports")
		}
	}
	netDrives := append([]string{"spec.hostNetwork"}, portPaths...)
	netTitle := fmt.Sprintf("Shared network namespace: every container of the pod has the pod's IP, %s (an example address from %s's pod CIDR %s), and the containers reach each other on localhost", PodIP, NodeName, PodCIDR)
	if p.Spec.HostNetwork {
		netTitle = "spec.hostNetwork is true: the containers use the node's network namespace and IP"
	}
	add(part{PodSpecPart: templates.PodSpecPart{ID: "net", Kind: "net", Path: "spec.containers", X: innerX, Y: y, W: innerW, H: 44,
		Title: netTitle,
		Texts: []templates.PodSpecText{
			{X: innerX + 10, Y: y + 18, Text: "Shared network namespace · pod IP " + PodIP + " (example)", Class: "t-body"},
			{X: innerX + 10, Y: y + 35, Text: "containers reach each other on localhost", Class: "t-small"},
		}},
		short: "the shared network namespace", drives: netDrives})
	y += 56

	// Init containers, in order, then an arrow to the app containers.
	if n := len(p.Spec.InitContainers); n > 0 {
		add(part{PodSpecPart: templates.PodSpecPart{ID: "init-note", Kind: "note", Path: "spec.initContainers", X: innerX, Y: y, W: innerW, H: 20,
			Title: "spec.initContainers run one at a time, in order; each must exit successfully before the next starts, and all before the containers start",
			Texts: []templates.PodSpecText{{X: innerX, Y: y + 14, Text: "initContainers: one at a time, in order, before the containers", Class: "t-small"}}},
			short: "the init containers' order", drives: []string{"spec.initContainers"}})
		y += 24
		cols := n
		if cols > 3 {
			cols = 3
		}
		h := pic.containerRow(p.Spec.InitContainers, "spec.initContainers", "init", y, cols, 28, nil)
		y += h + 8
		add(part{PodSpecPart: templates.PodSpecPart{ID: "init-arrow", Kind: "arrow", Path: "spec.initContainers", X: picW / 2, Y: y, X2: picW / 2, Y2: y + 18, W: 1, H: 18,
			Title: "When the last init container has succeeded, the kubelet starts the containers"},
			short: "then the containers start", drives: []string{"spec.initContainers"}})
		y += 26
	}

	// The containers.
	var mounts []mountEnd
	if n := len(p.Spec.Containers); n > 0 {
		cols := n
		if cols > 3 {
			cols = 3
		}
		h := pic.containerRow(p.Spec.Containers, "spec.containers", "container", y, cols, colGap, &mounts)
		y += h
	}

	// Volumes, with wires from the mounts that use them.
	if len(p.Spec.Volumes) > 0 {
		y += 40
		n := len(p.Spec.Volumes)
		w := (innerW - (n-1)*colGap) / n
		if w > 220 {
			w = 220
		}
		total := n*w + (n-1)*colGap
		x := innerX + (innerW-total)/2
		for i, v := range p.Spec.Volumes {
			vp := indexPath("spec.volumes", i)
			src := volumeSource(v)
			drives := []string{vp}
			var users []string
			for _, m := range mounts {
				if m.volume == v.Name {
					drives = append(drives, m.path)
					users = append(users, m.container+" at "+m.mountPath)
				}
			}
			title := fmt.Sprintf("Volume %s (%s, spec.volumes[%d]): shared storage of the pod", v.Name, src, i)
			if len(users) > 0 {
				title += ", mounted by " + strings.Join(users, " and ")
			}
			add(part{PodSpecPart: templates.PodSpecPart{ID: "volume-" + strconv.Itoa(i), Kind: "volume", Path: vp, X: x, Y: y, W: w, H: 46,
				Title: title,
				Texts: []templates.PodSpecText{
					{X: x + w/2, Y: y + 19, Text: fit(v.Name, w-12), Class: "t-title t-mid"},
					{X: x + w/2, Y: y + 36, Text: fit(src+" · shared storage", w-12), Class: "t-small t-mid"},
				}},
				short: "volume " + v.Name, drives: drives})
			for _, m := range mounts {
				if m.volume != v.Name {
					continue
				}
				add(part{PodSpecPart: templates.PodSpecPart{ID: "wire-" + m.id, Kind: "wire", Path: m.path, X: m.x, Y: m.y, X2: x + w/2, Y2: y, W: 1, H: 1,
					Title: fmt.Sprintf("%s mounts volume %s at %s", m.container, v.Name, m.mountPath)},
					short: "the mount of " + v.Name + " in " + m.container, drives: []string{m.path, vp}})
			}
			x += w + colGap
		}
		y += 46
	}

	// Restart policy and QoS class.
	y += 16
	rp := "restartPolicy: " + string(p.Spec.RestartPolicy)
	rpw := textW(rp) + 16
	add(part{PodSpecPart: templates.PodSpecPart{ID: "restart", Kind: "badge", Path: "spec.restartPolicy", X: innerX, Y: y, W: rpw, H: 26,
		Title: fmt.Sprintf("spec.restartPolicy: %s. %s", p.Spec.RestartPolicy, restartWhy(p.Spec.RestartPolicy)),
		Texts: []templates.PodSpecText{{X: innerX + 8, Y: y + 18, Text: rp, Class: "t-mono"}}},
		short: "the restart policy", drives: []string{"spec.restartPolicy"}})
	q := "QoS class: " + orNone(string(d.QOS))
	qx := innerX + rpw + 12
	qosPath, qosDrives := qosLink(d)
	add(part{PodSpecPart: templates.PodSpecPart{ID: "qos", Kind: "badge", Path: qosPath, X: qx, Y: y, W: textW(q) + 16, H: 26,
		Title: fmt.Sprintf("QoS class %s (status.qosClass): %s", orNone(string(d.QOS)), d.QOSWhy),
		Texts: []templates.PodSpecText{{X: qx + 8, Y: y + 18, Text: q, Class: "t-mono"}}},
		short: "the QoS class", drives: qosDrives})
	y += 26 + 14

	pic.parts[1].H = y - pic.parts[1].Y
	y += 10
	pic.parts[0].H = y - pic.parts[0].Y
	pic.height = y + 8
	return pic
}

// mountEnd is where a mount's wire starts.
type mountEnd struct {
	id, path, volume, container, mountPath string
	x, y                                   int
}

// containerRow lays out containers (or init containers) in rows of cols and
// returns the height used. For app containers, it collects mount ends.
func (pic *picture) containerRow(cs []corev1.Container, listPath, kind string, y0, cols, gap int, mounts *[]mountEnd) int {
	w := (innerW - (cols-1)*gap) / cols
	y := y0
	for row := 0; row*cols < len(cs); row++ {
		rowH := 0
		start := len(pic.parts)
		for col := 0; col < cols && row*cols+col < len(cs); col++ {
			i := row*cols + col
			x := innerX + col*(w+gap)
			h := pic.container(cs[i], i, listPath, kind, x, y, w, mounts)
			if h > rowH {
				rowH = h
			}
			if kind == "init" && i+1 < len(cs) && col+1 < cols {
				// An arrow to the next init container: they run in order.
				pic.parts = append(pic.parts, part{PodSpecPart: templates.PodSpecPart{ID: fmt.Sprintf("init-%d-next", i), Kind: "arrow", Path: listPath,
					X: x + w + 3, Y: y + 22, X2: x + w + gap - 3, Y2: y + 22, W: 1, H: 1,
					Title: fmt.Sprintf("%s runs after %s has succeeded", cs[i+1].Name, cs[i].Name)},
					short: "then " + cs[i+1].Name, drives: []string{listPath}})
			}
		}
		// Boxes of a row share its height.
		for j := start; j < len(pic.parts); j++ {
			if pic.parts[j].Kind == "container" || pic.parts[j].Kind == "init" {
				pic.parts[j].H = rowH
			}
		}
		y += rowH + 16
	}
	return y - y0 - 16
}

// container lays out one container box and returns its height.
func (pic *picture) container(c corev1.Container, i int, listPath, kind string, x, y, w int, mounts *[]mountEnd) int {
	cp := indexPath(listPath, i)
	id := kind + "-" + strconv.Itoa(i)
	what := "Container"
	heading := c.Name
	if kind == "init" {
		what = "Init container"
		heading = fmt.Sprintf("%d. %s", i+1, c.Name)
	}
	box := len(pic.parts)
	pic.parts = append(pic.parts, part{PodSpecPart: templates.PodSpecPart{ID: id, Kind: kind, Path: cp, X: x, Y: y, W: w,
		Title: fmt.Sprintf("%s %s (%s): a process the kubelet starts from image %s, in the pod's namespaces", what, c.Name, cp, c.Image),
		Texts: []templates.PodSpecText{{X: x + 10, Y: y + 20, Text: fit(heading, w-20), Class: "t-title"}}},
		short: strings.ToLower(what[:1]) + what[1:] + " " + c.Name, drives: []string{cp, cp + ".name"}})
	cy := y + 28
	img := fit(c.Image, w-28)
	ip := cp + ".image"
	pic.parts = append(pic.parts, part{PodSpecPart: templates.PodSpecPart{ID: id + "-image", Kind: "chip", Path: ip, X: x + 8, Y: cy, W: textW(img) + 12, H: chipH,
		Title: fmt.Sprintf("Image %s (%s); the kubelet pulls it with imagePullPolicy %s", c.Image, ip, c.ImagePullPolicy),
		Texts: []templates.PodSpecText{{X: x + 14, Y: cy + 14, Text: img, Class: "t-mono"}}},
		short: "image of " + c.Name, drives: []string{ip}})
	cy += chipH + 6

	// section adds a small label and a row of chips.
	section := func(label string, chips []part) {
		if len(chips) == 0 {
			return
		}
		// A label is no link, but it sits on its container: it is marked
		// with it, so its text keeps its contrast on the highlight.
		pic.parts = append(pic.parts, part{PodSpecPart: templates.PodSpecPart{ID: id + "-" + label, Kind: "text", X: x + 10, Y: cy, W: w - 20, H: labelGap,
			Texts: []templates.PodSpecText{{X: x + 10, Y: cy + 12, Text: label, Class: "t-small"}}}, drives: []string{cp, cp + ".name"}})
		cy += labelGap
		cx := x + 8
		for _, ch := range chips {
			txt := fit(ch.Texts[0].Text, w-28)
			cw := textW(txt) + 12
			if cx+cw > x+w-8 && cx > x+8 {
				cx = x + 8
				cy += chipH + 4
			}
			ch.X, ch.Y, ch.W, ch.H = cx, cy, cw, chipH
			ch.Texts = []templates.PodSpecText{{X: cx + 6, Y: cy + 14, Text: txt, Class: "t-mono"}}
			pic.parts = append(pic.parts, ch)
			cx += cw + 4
		}
		cy += chipH + 6
	}
	chip := func(id, path, text, title, short string) part {
		return part{PodSpecPart: templates.PodSpecPart{ID: id, Kind: "chip", Path: path, Title: title, Texts: []templates.PodSpecText{{Text: text}}}, short: short, drives: []string{path}}
	}

	if len(c.Command) > 0 || len(c.Args) > 0 {
		cmd := strings.Join(append(append([]string{}, c.Command...), c.Args...), " ")
		path := cp + ".command"
		if len(c.Command) == 0 {
			path = cp + ".args"
		}
		section("command", []part{chip(id+"-command", path, cmd, fmt.Sprintf("Command (%s): %s", path, cmd), "command of "+c.Name)})
	}
	var ports []part
	for j, pt := range c.Ports {
		pp := indexPath(cp+".ports", j)
		txt := fmt.Sprintf("%d/%s", pt.ContainerPort, pt.Protocol)
		if pt.Name != "" {
			txt = pt.Name + " " + txt
		}
		ports = append(ports, chip(fmt.Sprintf("%s-port-%d", id, j), pp, txt,
			fmt.Sprintf("Port %d/%s (%s): the container listens on it in the pod's network namespace, at %s:%d", pt.ContainerPort, pt.Protocol, pp, PodIP, pt.ContainerPort),
			fmt.Sprintf("port %d of %s", pt.ContainerPort, c.Name)))
	}
	section("ports", ports)
	for _, rk := range []struct {
		label, field string
		list         corev1.ResourceList
	}{{"requests", "requests", c.Resources.Requests}, {"limits", "limits", c.Resources.Limits}} {
		var chips []part
		for _, name := range resourceNames(rk.list) {
			q := rk.list[name]
			rp := childPath(cp+".resources."+rk.field, string(name))
			word := map[string]string{"requests": "request", "limits": "limit"}[rk.label]
			title := fmt.Sprintf("%s %s: %s (%s)", name, word, q.String(), rp)
			if rk.label == "requests" {
				title += "; the scheduler places the pod on a node with this much unreserved"
			} else {
				title += "; " + limitWhat(string(name))
			}
			chips = append(chips, chip(fmt.Sprintf("%s-%s-%s", id, rk.label[:3], name), rp, fmt.Sprintf("%s %s", name, q.String()), title,
				fmt.Sprintf("%s %s of %s", name, word, c.Name)))
		}
		section(rk.label, chips)
	}
	if len(c.Resources.Requests) == 0 && len(c.Resources.Limits) == 0 {
		pic.parts = append(pic.parts, part{PodSpecPart: templates.PodSpecPart{ID: id + "-nores", Kind: "text", X: x + 10, Y: cy, W: w - 20, H: labelGap,
			Texts: []templates.PodSpecText{{X: x + 10, Y: cy + 12, Text: "no requests or limits", Class: "t-small"}}}, drives: []string{cp, cp + ".name"}})
		cy += labelGap + 4
	}
	var ms []part
	for j, m := range c.VolumeMounts {
		mp := indexPath(cp+".volumeMounts", j)
		txt := m.MountPath + " ← " + m.Name
		ro := ""
		if m.ReadOnly {
			txt += " (ro)"
			ro = ", read-only"
		}
		ms = append(ms, chip(fmt.Sprintf("%s-mount-%d", id, j), mp, txt,
			fmt.Sprintf("Volume mount (%s): volume %s at %s%s", mp, m.Name, m.MountPath, ro),
			fmt.Sprintf("the mount of %s in %s", m.Name, c.Name)))
	}
	firstMount := len(pic.parts)
	section("mounts", ms)
	if mounts != nil {
		j := 0
		for k := firstMount; k < len(pic.parts); k++ {
			pt := pic.parts[k]
			if pt.Kind != "chip" {
				continue
			}
			m := c.VolumeMounts[j]
			*mounts = append(*mounts, mountEnd{id: fmt.Sprintf("%d-%d", i, j), path: pt.Path, volume: m.Name, container: c.Name, mountPath: m.MountPath,
				x: pt.X + pt.W/2, y: pt.Y + pt.H})
			j++
		}
	}
	h := cy - y + 4
	pic.parts[box].H = h
	return h
}

// resourceNames orders cpu, memory, then the rest by name.
func resourceNames(l corev1.ResourceList) []corev1.ResourceName {
	names := make([]corev1.ResourceName, 0, len(l))
	for n := range l {
		names = append(names, n)
	}
	rank := func(n corev1.ResourceName) string {
		switch n {
		case corev1.ResourceCPU:
			return "0"
		case corev1.ResourceMemory:
			return "1"
		}
		return "2" + string(n)
	}
	sort.Slice(names, func(i, j int) bool { return rank(names[i]) < rank(names[j]) })
	return names
}

// limitWhat says what the kubelet and the kernel do at a limit.
func limitWhat(name string) string {
	switch name {
	case "cpu":
		return "above it the kernel throttles the container (CFS quota)"
	case "memory":
		return "above it the kernel kills the container (OOMKilled)"
	}
	return "the container may not use more"
}

// restartWhy says what the kubelet does for a restart policy.
func restartWhy(p corev1.RestartPolicy) string {
	switch p {
	case corev1.RestartPolicyAlways:
		return "The kubelet restarts any container that exits, with back-off."
	case corev1.RestartPolicyOnFailure:
		return "The kubelet restarts a container that exits with an error."
	case corev1.RestartPolicyNever:
		return "The kubelet never restarts a container that exits."
	}
	return ""
}

// volumeSource names a volume's type as it is written in the spec.
func volumeSource(v corev1.Volume) string {
	s := v.VolumeSource
	switch {
	case s.EmptyDir != nil:
		return "emptyDir"
	case s.ConfigMap != nil:
		return "configMap"
	case s.Secret != nil:
		return "secret"
	case s.HostPath != nil:
		return "hostPath"
	case s.PersistentVolumeClaim != nil:
		return "persistentVolumeClaim"
	case s.Projected != nil:
		return "projected"
	case s.DownwardAPI != nil:
		return "downwardAPI"
	case s.NFS != nil:
		return "nfs"
	case s.CSI != nil:
		return "csi"
	case s.Ephemeral != nil:
		return "ephemeral"
	case s.Image != nil:
		return "image"
	}
	return "volume"
}

// qosLink is what the QoS badge links to (the class is status.qosClass, not a
// field one writes; it follows from every container's resources, so the
// badge selects the first container's) and the fields that drive it.
func qosLink(d *Doc) (string, []string) {
	var drives []string
	link := ""
	for _, k := range d.Keys {
		w := wildcard(k.Path)
		if strings.HasPrefix(w, "spec.containers[*].resources") || strings.HasPrefix(w, "spec.initContainers[*].resources") || strings.HasPrefix(w, "spec.resources") {
			drives = append(drives, k.Path)
			if link == "" {
				link = k.Path
			}
		}
	}
	if link == "" {
		link = "spec.containers[0]"
		drives = append(drives, "spec.containers[0].resources", "spec.containers[0]")
	}
	return link, drives
}

// highlight marks the parts the selected field drives: those with a driving
// field at or under the selection; if none, those driven by the selection's
// nearest ancestor that drives anything (spec.containers[0].command has no
// part of its own, so its container is marked).
func highlight(parts []part, sel string) []bool {
	hl := make([]bool, len(parts))
	if sel == "" {
		return hl
	}
	any := false
	for i, pt := range parts {
		for _, d := range pt.drives {
			if isUnder(d, sel) {
				hl[i] = true
				any = true
				break
			}
		}
	}
	if any {
		return hl
	}
	for a := parentPath(sel); a != ""; a = parentPath(a) {
		for i, pt := range parts {
			for _, d := range pt.drives {
				if d == a {
					hl[i] = true
					any = true
				}
			}
		}
		if any {
			break
		}
	}
	return hl
}
