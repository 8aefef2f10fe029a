package configmaps

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/configmap"
	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (st *State) View(link templates.Link) templ.Component {
	return templates.ConfigMaps(st.viewModel(link))
}

// elementID is unique on a page that shows several demos.
func elementID(link templates.Link) string {
	id := "cms"
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

// keyID is the anchor of a key in an object's YAML.
func keyID(id, obj, key string) string {
	return id + "-" + obj + "-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, key)
}

func (st *State) with(f func(q url.Values)) url.Values {
	q := st.Query()
	f(q)
	return q
}

func hidden(link templates.Link, q url.Values, drop ...string) []templates.CMHidden {
	var out []templates.CMHidden
	for k, vs := range link.Keep {
		for _, v := range vs {
			out = append(out, templates.CMHidden{Name: k, Value: v})
		}
	}
	for _, k := range sortedParams(q) {
		if contains(drop, k) {
			continue
		}
		for _, v := range q[k] {
			out = append(out, templates.CMHidden{Name: link.FieldName(k), Value: v})
		}
	}
	return out
}

func sortedParams(q url.Values) []string {
	var ks []string
	for k := range q {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func (st *State) viewModel(link templates.Link) templates.ConfigMapsView {
	id := elementID(link)
	s, h := st.sim, st.cur()
	v := templates.ConfigMapsView{ID: id, Mode: st.in.Mode, Step: st.step, Clock: h.At.Clock(), Running: s.Container.State == "Running"}
	for _, m := range []struct{ value, label string }{{"env", "As environment variables"}, {"volume", "As files in volumes"}} {
		v.ModeTabs = append(v.ModeTabs, templates.CMTab{Label: m.label, Value: m.value, Current: st.in.Mode == m.value,
			Href: link.Href(st.with(func(q url.Values) {
				q.Del("mode")
				if m.value != defaults.Mode {
					q.Set("mode", m.value)
				}
			}))})
	}

	// Settings form.
	q := st.Query()
	v.Settings.Action = formAction(link)
	v.Settings.Hidden = hidden(link, q, "immutable", "break", "secretMode", "step")
	sel := func(key, label, help string, opts ...[2]string) templates.CMSelect {
		s := templates.CMSelect{Key: key, Name: link.FieldName(key), Label: label, Help: help}
		for _, o := range opts {
			s.Options = append(s.Options, templates.CMOption{Value: o[0], Label: o[1], Selected: *st.in.get(key) == o[0]})
		}
		return s
	}
	v.Settings.Selects = []templates.CMSelect{
		sel("immutable", "app-config immutable", "With immutable: true the API server refuses every change to data, and the kubelet stops watching it.", [2]string{"false", "false"}, [2]string{"true", "true"}),
		sel("break", "A mistake in the pod", "A typo in a reference shows what the kubelet does with it.", [2]string{"none", "none"}, [2]string{"key", "a key that is not there"}, [2]string{"configmap", "a ConfigMap that is not there"}, [2]string{"optional", "an object that is not there, optional: true"}),
	}
	v.Settings.SecretMode = templates.CMField{Key: "secretMode", Name: link.FieldName("secretMode"), Label: "secret-volume defaultMode", Value: st.in.SecretMode,
		Help: "Octal as YAML reads it: 0400 is 256. Empty: the API server sets 420 (0644).", Error: st.modeErr}

	// What happened.
	v.Happened = templates.CMHappened{Actor: actorLabel(h.Actor), What: h.What, Kind: h.Kind, Lines: h.Lines}
	if h.Reject != nil {
		v.Happened.Reject = h.Reject.Kubectl() // as kubectl apply prints it
	}
	v.Timeline = st.timeline(id)

	// The objects, with what the container sees marked.
	stale := st.staleKeys()
	v.ConfigMapYAML = yamlLines(objectYAML(s.ConfigMap()), id, "cm", stale["cm"])
	v.SecretYAML = yamlLines(objectYAML(s.Secret()), id, "sec", stale["sec"])
	v.StringDataYAML = stringDataYAML(s.Secret())
	v.PodYAML = podYAML(st.cfg)
	v.PodNote = "The API server fills in what the manifest leaves out: defaultMode: 420 on each volume (0644 in octal; JSON has no octal numbers) and enableServiceLinks: true."
	if st.cfg.Mode == configmap.EnvMode {
		v.PodNote = "env wins over envFrom: APP_MODE is debug in the container, whatever app-config says. FEATURE_FLAGS is optional and app-config has no feature_flags, so the variable is left out."
	}

	// Edit forms: GET forms that add an action at this step.
	edit := func(op, param, label, help, ph string, multiline bool) templates.CMEditForm {
		f := templates.CMEditForm{Op: op, Param: link.FieldName(param), Label: label, Help: help, Placeholder: ph, Multiline: multiline,
			Action: formAction(link), Hidden: hidden(link, q, param, "cm", "data", "stringData", "act")}
		if a, ok := st.actAt(st.step - 1); h.Reject != nil && ok && a.Op == op {
			f.Error = v.Happened.Reject
		}
		return f
	}
	v.Edits = []templates.CMEditForm{
		edit(opCM, "cm", "Change app-config", "KEY=VALUE; a value may span lines (nginx.conf=server {…}).", "APP_COLOR=green", true),
		edit(opStringData, "stringData", "Change app-secret, stringData", "KEY=VALUE in plain text; the API server stores it base64-encoded in data.", "DB_PASSWORD=n3w-pass", false),
		edit(opData, "data", "Change app-secret, data", "KEY=BASE64: the value must be base64 (bjN3LXBhc3M= is n3w-pass).", "DB_PASSWORD=bjN3LXBhc3M=", false),
	}
	if a, ok := st.actAt(st.step - 1); h.Reject != nil && ok && a.Op == opCMBig {
		v.Edits[0].Error = v.Happened.Reject
	}
	v.ReplaceHref = link.Href(st.with(func(q url.Values) { q.Set("act", opReplace) }))
	v.BigHref = link.Href(st.with(func(q url.Values) { q.Set("act", opCMBig) }))

	// The kubelet.
	v.SyncLines = []string{
		fmt.Sprintf("Last sync of config-pod: %s. Next: %s.", s.LastSync.Clock(), nextText(s)),
		"The kubelet syncs each pod again wait.Jitter(--sync-frequency, 0.5) after its last sync: 1m to 1m30s at the default 1m (pod_workers.go). With configMapAndSecretChangeDetectionStrategy: Watch (the default) its copy of app-config is current within milliseconds of a change, so a mounted file changes at the first sync after the edit: 0 to 90 seconds later.",
	}
	v.GetPod = s.GetPod()
	v.Events = s.DescribeEvents()

	if st.cfg.Mode == configmap.EnvMode {
		st.envView(&v, id)
	} else {
		st.volumeView(&v, id)
	}
	v.Create = templates.CMCreate{Name: configmap.SecretName, Literals: st.literals,
		Command: "kubectl create secret generic app-secret " + literalFlags(st.literals) + " --dry-run=client -o yaml",
		Output:  createSecretText(st.literals), Action: formAction(link), Hidden: hidden(link, q, "literals"), Param: link.FieldName("literals")}
	v.Create.Err = strings.HasPrefix(v.Create.Output, "error:")
	v.Notes = []string{
		"The course outline says a mounted file takes minutes to update. With the kubelet's defaults it is at most a sync period plus its jitter: 0 to 90 seconds after the change reaches the kubelet's watch, as the clock here shows.",
		"Older guides say envFrom skips keys that are not valid variable names, with an InvalidEnvironmentVariableNames event. Since v1.32 (RelaxedEnvironmentVariableValidation, GA in v1.34) any printable ASCII name but '=' is valid: nginx.conf and log_level become variables, and no event is recorded.",
	}
	return v
}

func actorLabel(a string) string {
	switch a {
	case "you":
		return "you"
	case "kubelet":
		return "the kubelet"
	case "clock":
		return "time passes"
	}
	return a
}

// staleKeys are the keys whose value in the API server the container does
// not see: env mode compares the environment the container started with;
// volume mode the files it reads now.
func (st *State) staleKeys() map[string]map[string]bool {
	s := st.sim
	out := map[string]map[string]bool{"cm": {}, "sec": {}}
	if s.Container.State != "Running" {
		return out
	}
	if st.cfg.Mode == configmap.EnvMode {
		for _, e := range s.Container.Env {
			switch e.From.Kind {
			case "ConfigMap":
				if now, ok := s.ConfigMap().Data[e.From.Key]; ok && now != e.Value {
					out["cm"][e.From.Key] = true
				}
			case "Secret":
				if now, ok := s.Secret().Data[e.From.Key]; ok && string(now) != e.Value {
					out["sec"][e.From.Key] = true
				}
			}
		}
		return out
	}
	for _, vol := range s.Volumes {
		obj := "cm"
		cur := func(k string) (string, bool) { v, ok := s.ConfigMap().Data[k]; return v, ok }
		if vol.Kind == "secret" {
			obj = "sec"
			cur = func(k string) (string, bool) { v, ok := s.Secret().Data[k]; return string(v), ok }
		}
		for _, k := range vol.Keys() {
			if f, ok := vol.Resolve(k); ok {
				if now, ok := cur(k); ok && now != string(f.Data) {
					out[obj][k] = true
				}
			}
		}
		if vol.Kind == "configMap" {
			for k := range s.ConfigMap().Data {
				if _, ok := vol.Resolve(k); !ok && vol.Mounted && len(vol.Keys()) > 0 {
					out[obj][k] = true
				}
			}
		}
	}
	return out
}

// yamlLines splits YAML into lines and marks the keys under data: a key's
// first line carries its anchor, and continuation lines (a | block) belong
// to it.
func yamlLines(y, id, obj string, stale map[string]bool) []templates.CMLine {
	var out []templates.CMLine
	inData, key := false, ""
	for _, l := range strings.Split(strings.TrimSuffix(y, "\n"), "\n") {
		line := templates.CMLine{Text: l}
		switch {
		case l == "data:":
			inData, key = true, ""
		case !strings.HasPrefix(l, " "):
			inData, key = false, ""
		case inData && strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   "):
			k, _, _ := strings.Cut(strings.TrimSpace(l), ":")
			key = k
			line.ID, line.Key = keyID(id, obj, k), k
		}
		if key != "" {
			line.InKey, line.Stale = true, stale[key]
			if line.Key == "" {
				line.Key = key
			}
		}
		out = append(out, line)
	}
	return out
}

func (st *State) envView(v *templates.ConfigMapsView, id string) {
	s := st.sim
	if s.Container.State != "Running" {
		return
	}
	v.EnvRaw = configmap.EnvOutput(s.Container.Env)
	now, _ := configmap.MakeEnv(s.Pod(), &s.Pod().Spec.Containers[0], s)
	nowBy := map[string]string{}
	for _, e := range now {
		nowBy[e.Name] = e.Value
	}
	for _, e := range s.Container.Env {
		ev := templates.CMEnvVar{Name: e.Name, Value: e.Value}
		switch e.From.Kind {
		case "ConfigMap":
			ev.Href = "#" + keyID(id, "cm", e.From.Key)
			ev.From = fmt.Sprintf("ConfigMap %s, key %s (%s)", e.From.Object, e.From.Key, e.From.Via)
		case "Secret":
			ev.Href = "#" + keyID(id, "sec", e.From.Key)
			ev.From = fmt.Sprintf("Secret %s, key %s (%s), decoded", e.From.Object, e.From.Key, e.From.Via)
		case "value":
			ev.From = "the pod spec (" + e.From.Via + ")"
		case "service":
			ev.From = "the kubernetes Service (enableServiceLinks)"
		case "image":
			ev.From = "the image"
		default:
			ev.From = "the container runtime"
		}
		if n, ok := nowBy[e.Name]; ok && n != e.Value && (e.From.Kind == "ConfigMap" || e.From.Kind == "Secret") {
			ev.Stale, ev.Now = true, n
			v.EnvStale++
		}
		v.Env = append(v.Env, ev)
	}
}

func (st *State) volumeView(v *templates.ConfigMapsView, id string) {
	s := st.sim
	for _, vol := range s.Volumes {
		cv := templates.CMVolume{Name: vol.Name, MountPath: vol.MountPath, Kind: vol.Kind, Object: vol.Object, Error: vol.Error}
		if vol.Mounted || vol.DataTarget() != "" {
			cv.Ls, cv.LsData = st.listing(vol)
			obj := "cm"
			if vol.Kind == "secret" {
				obj = "sec"
			}
			for _, k := range vol.Keys() {
				f, ok := vol.Resolve(k)
				file := templates.CMFile{Path: vol.MountPath + "/" + k, Href: "#" + keyID(id, obj, k)}
				if !ok {
					file.Value = "(no such file: the symlink's target is gone)"
				} else {
					file.Value, file.Mode = string(f.Data), configmap.ModeString(int32(f.Mode))
					var now string
					var has bool
					if obj == "cm" {
						now, has = s.ConfigMap().Data[k]
					} else {
						var b []byte
						b, has = s.Secret().Data[k]
						now = string(b)
					}
					if has && now != file.Value {
						file.Stale, file.Now = true, now
					}
				}
				cv.Files = append(cv.Files, file)
			}
		}
		v.Volumes = append(v.Volumes, cv)
		if vol.Kind == "configMap" && vol.DataTarget() != "" {
			v.Tree = tree(id, vol)
		}
	}
	if sp := s.Sub; sp != nil && sp.Mounted {
		cs := &templates.CMSub{Path: sp.MountPath, Content: string(sp.Data), From: sp.FromDir}
		nlink := 1
		if vol := s.Volume(sp.Volume); vol == nil || vol.Entries[sp.FromDir] == nil {
			nlink = 0 // the directory was removed; the bind mount keeps the inode
		}
		cs.Ls = fmt.Sprintf("%s %d root root %d %s %s\n", configmap.ModeString(sp.Mode), nlink, len(sp.Data), sp.MTime.Wall().Format("Jan _2 15:04"), sp.MountPath)
		if now := s.ConfigMap().Data[sp.Key]; now != cs.Content {
			cs.Stale, cs.Now = true, now
		}
		v.Sub = cs
	}
}

// tree lays out the SVG of a volume directory.
func tree(id string, vol *configmap.Volume) *templates.CMTree {
	const rowH, nameW, gap = 30, 130, 8
	keys := vol.Keys()
	t := &templates.CMTree{W: 640, Title: "The directory " + vol.MountPath + ": symlinks, ..data, and the timestamped directories",
		Desc: fmt.Sprintf("%s holds %d symlinks (%s), each to ..data/ the same name; ..data leads to %s.", vol.MountPath, len(keys), strings.Join(keys, ", "), vol.DataTarget())}
	y := 30
	for _, k := range keys {
		t.Names = append(t.Names, templates.CMBox{X: 8, Y: y, W: nameW, H: rowH - gap, Label: k, Kind: "name"})
		y += rowH
	}
	dataY := 30 + max(0, (len(keys)*rowH-rowH)/2) - 10
	t.Links = append(t.Links, templates.CMBox{X: 200, Y: dataY, W: 110, H: rowH - gap, Label: "..data", Kind: "data"})
	for _, n := range t.Names {
		t.Arrows = append(t.Arrows, templates.CMArrow{X1: n.X + n.W, Y1: n.Y + n.H/2, X2: 200, Y2: dataY + (rowH-gap)/2, Kind: "to-data"})
	}
	_, newTs := vol.Writing()
	tmp := vol.Entries["..data_tmp"]
	if tmp != nil {
		t.Links = append(t.Links, templates.CMBox{X: 200, Y: dataY + rowH + 20, W: 110, H: rowH - gap, Label: "..data_tmp", Kind: "tmp"})
	}
	dy := 30
	for _, name := range vol.TsDirs() {
		n := vol.Entries[name]
		kind := "old"
		switch name {
		case vol.DataTarget():
			kind = "current"
		case newTs:
			kind = "new"
		}
		d := templates.CMDir{X: 350, Y: dy, W: 282, Name: name, Kind: kind}
		fy := dy + 26
		for _, fname := range sortedNodeKeys(n.Files) {
			val := strings.ReplaceAll(string(n.Files[fname].Data), "\n", "⏎")
			if r := []rune(val); len(r) > 16 {
				val = string(r[:16]) + "…"
			}
			d.Files = append(d.Files, templates.CMBox{X: 360, Y: fy, W: 262, H: 20, Label: fname + " = " + val, Kind: "file"})
			fy += 22
		}
		d.H = fy - dy + 4
		t.Dirs = append(t.Dirs, d)
		if kind == "current" {
			t.Arrows = append(t.Arrows, templates.CMArrow{X1: 310, Y1: dataY + (rowH-gap)/2, X2: 350, Y2: dy + 12, Kind: "to-ts"})
		}
		if tmp != nil && tmp.Target == name {
			t.Arrows = append(t.Arrows, templates.CMArrow{X1: 310, Y1: dataY + rowH + 20 + (rowH-gap)/2, X2: 350, Y2: dy + 12, Kind: "to-tmp"})
		}
		dy += d.H + 12
	}
	t.H = max(y, dy, dataY+2*rowH+30) + 4
	return t
}

func sortedNodeKeys(m map[string]*configmap.Node) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// timeline lays out the time axis: from 05:00:00 to the story's end, with
// what you did, the kubelet's syncs and writes up to now, and the next
// sync.
func (st *State) timeline(id string) templates.CMTimeline {
	const W, x0, x1 = 640, 64, 608
	end := st.frames[len(st.frames)-1].At
	if end <= 0 {
		end = 1
	}
	x := func(t configmap.Time) int { return x0 + int(int64(t)*int64(x1-x0)/int64(end)) }
	tl := templates.CMTimeline{W: W, H: 84, AxisY: 50, Title: "Timeline from 05:00:00 to " + end.Clock(), NowX: x(st.sim.Now)}
	for m := configmap.Time(0); m <= end; m += 60_000 {
		tl.Ticks = append(tl.Ticks, templates.CMTick{X: x(m), Label: m.Wall().Format("15:04")})
	}
	rows := map[string]int{"edit": 22, "rejected": 22, "replace": 22, "sync": 50, "write": 50}
	var desc []string
	for _, m := range st.sim.Marks {
		title := m.At.Clock() + " "
		switch m.Kind {
		case "edit":
			title += "you changed " + m.Note
		case "rejected":
			title += "the API server refused your change"
		case "replace":
			title += "you replaced the pod"
		case "sync":
			title += "the kubelet synced config-pod"
		case "write":
			title += "..data swapped in " + m.Note
		}
		tl.Marks = append(tl.Marks, templates.CMMark{X: x(m.At), Y: rows[m.Kind], Kind: m.Kind, Title: title})
		desc = append(desc, title)
	}
	if n := st.sim.NextSync; n != configmap.Never && n <= end {
		tl.NextX, tl.NextText = x(n), "next sync "+n.Clock()
	}
	tl.Desc = "Now " + st.sim.Now.Clock() + ". " + strings.Join(desc, "; ")
	return tl
}

// formAction is where the GET forms go: this page, at the demo's section.
func formAction(link templates.Link) templ.SafeURL {
	if link.Anchor != "" {
		return templ.SafeURL(link.Path + "#" + link.Anchor)
	}
	return templ.SafeURL(link.Path)
}
