package podspec

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Text implements demos.State: the state as plain text, stable from run to
// run (the goldens in testdata/ are made of it).
func (s *State) Text() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	edited := "as the preset has it"
	if s.text != presets[s.preset].Text {
		edited = "edited"
	}
	w("Pod spec explorer (%s): preset %s, YAML %s.", Definition.Upstream, s.preset, edited)
	if s.field == "" {
		w("Selected: nothing.")
	} else {
		k, _ := s.fieldDoc().Key(s.field)
		step, total := s.Progress()
		where := "not a stop of the tour"
		if step > 0 {
			where = fmt.Sprintf("step %d of %d", step, total)
		}
		w("Selected: %s = %s (line %d; %s).", s.field, valueOf(k), k.Line, where)
	}

	d := s.doc
	for _, nt := range d.Notes {
		w("Note, line %d: %s.", nt.Line, nt.Msg)
	}
	if d.Valid() {
		w("YAML: valid; the API server would accept this pod.")
		for _, p := range d.Warnings {
			w("  Warning: %s", p.Msg)
		}
	} else {
		w("YAML: %s. %s", plural(len(d.Problems), "error"), d.Summary)
		for _, p := range sortedProblems(d.Problems) {
			if p.Line > 0 {
				w("  line %d: %s", p.Line, p.Msg)
			} else {
				w("  %s", p.Msg)
			}
		}
	}

	b.WriteString("\n")
	bp := s.buildPicture()
	if bp.shown == nil {
		w("Picture: no valid pod to show yet.")
		return b.String()
	}
	if !d.Valid() {
		w("Picture (%s):", StaleNote)
	} else {
		w("Picture:")
	}
	p := bp.shown.Defaulted
	w("  node %s (an example node)", NodeName)
	w("    pod %s, IP %s (an example address from %s's pod CIDR %s)", p.Name, PodIP, NodeName, PodCIDR)
	if len(p.Labels) > 0 {
		var ls []string
		for _, k := range sortedMapKeys(p.Labels) {
			ls = append(ls, k+"="+p.Labels[k])
		}
		w("      labels: %s", strings.Join(ls, ", "))
	}
	if p.Spec.HostNetwork {
		w("      network: the node's (hostNetwork)")
	} else {
		w("      shared network namespace: the containers reach each other on localhost")
	}
	for i, c := range p.Spec.InitContainers {
		w("      init container %d of %d, %s", i+1, len(p.Spec.InitContainers), containerText(c))
	}
	for _, c := range p.Spec.Containers {
		w("      container %s", containerText(c))
	}
	for _, v := range p.Spec.Volumes {
		var users []string
		for _, cs := range [][]corev1.Container{p.Spec.InitContainers, p.Spec.Containers} {
			for _, c := range cs {
				for _, m := range c.VolumeMounts {
					if m.Name == v.Name {
						ro := ""
						if m.ReadOnly {
							ro = " (read-only)"
						}
						users = append(users, fmt.Sprintf("%s at %s%s", c.Name, m.MountPath, ro))
					}
				}
			}
		}
		line := fmt.Sprintf("      volume %s (%s, shared storage)", v.Name, volumeSource(v))
		if len(users) > 0 {
			line += ", mounted by " + strings.Join(users, ", ")
		}
		w("%s", line)
	}
	w("      restartPolicy: %s. %s", p.Spec.RestartPolicy, restartWhy(p.Spec.RestartPolicy))
	w("      QoS class: %s", qosSentence(string(bp.shown.QOS), bp.shown.QOSWhy))
	var lit []string
	for i, pt := range bp.parts {
		if bp.hl[i] && pt.short != "" {
			lit = append(lit, pt.short)
		}
	}
	if len(lit) > 0 {
		w("  highlighted: %s", strings.Join(lit, "; "))
	}

	if len(bp.shown.Defaults) > 0 {
		b.WriteString("\n")
		w("Filled in by the API server:")
		for _, df := range bp.shown.Defaults {
			w("  %s: %s — %s", df.Field, df.Value, df.Why)
		}
	}
	return b.String()
}

func containerText(c corev1.Container) string {
	parts := []string{c.Name + ": image " + c.Image}
	if len(c.Command)+len(c.Args) > 0 {
		parts = append(parts, "runs "+strings.Join(append(append([]string{}, c.Command...), c.Args...), " "))
	}
	if len(c.Ports) > 0 {
		var ps []string
		for _, p := range c.Ports {
			ps = append(ps, fmt.Sprintf("%d/%s", p.ContainerPort, p.Protocol))
		}
		parts = append(parts, "ports "+strings.Join(ps, ", "))
	}
	for _, r := range []struct {
		name string
		l    corev1.ResourceList
	}{{"requests", c.Resources.Requests}, {"limits", c.Resources.Limits}} {
		if len(r.l) == 0 {
			continue
		}
		var qs []string
		for _, n := range resourceNames(r.l) {
			q := r.l[n]
			qs = append(qs, fmt.Sprintf("%s %s", n, q.String()))
		}
		parts = append(parts, r.name+" "+strings.Join(qs, ", "))
	}
	if len(c.Resources.Requests)+len(c.Resources.Limits) == 0 {
		parts = append(parts, "no requests or limits")
	}
	return strings.Join(parts, "; ")
}

func sortedMapKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// qosSentence is the class and why, without saying the class twice when the
// why begins with it ("Burstable: container nginx requests …").
func qosSentence(class, why string) string {
	switch {
	case why == "":
		return orNone(class)
	case strings.HasPrefix(why, class+":") || strings.HasPrefix(why, class+" "):
		return why
	}
	return orNone(class) + ". " + why
}
