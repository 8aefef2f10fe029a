package podspec

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/engine/pod"
	"github.com/kubeviz/kubeviz/web/templates"
)

// StaleNote is what the picture says while the text is invalid.
const StaleNote = "Showing the last valid pod; fix the errors on the left."

// View implements demos.State.
func (s *State) View(link templates.Link) templ.Component {
	return templates.PodSpec(s.viewModel(link))
}

// with is the state's query changed by f.
func (s *State) with(f func(q url.Values)) url.Values {
	q := s.Query()
	f(q)
	return q
}

// MaxLinkYAMLBytes bounds the edited text that every link carries. Each key
// and each part of the picture is a link to its state, and the state holds
// the edited text: past this size (a few times a typical pod) links would
// make the page and every WebSocket fragment grow as keys × text. Then the
// links only move to the key's line; with JavaScript (the usual case)
// clicks go over the WebSocket and select the field all the same.
const MaxLinkYAMLBytes = 2 << 10

// linksCarryState reports whether links can hold the whole state.
func (s *State) linksCarryState() bool {
	return len(s.text) <= MaxLinkYAMLBytes || s.text == presets[s.preset].Text
}

// selectHref is the link that selects field p.
func (s *State) selectHref(link templates.Link, id, p string) templ.SafeURL {
	if !s.linksCarryState() {
		if k, ok := s.doc.Key(p); ok {
			return templ.SafeURL(fmt.Sprintf("#%s-L%d", id, k.Line))
		}
		return templ.SafeURL("#" + id)
	}
	if fl := s.fieldLinks; fl != nil {
		return fl(p)
	}
	return link.Href(s.with(func(q url.Values) { q.Set("field", p) }))
}

// elementID is the prefix of the demo's element ids, unique on a page that
// shows several demos ("podspec", or "pod-spec-podspec" with a prefix).
func elementID(link templates.Link) string {
	id := "podspec"
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

func (s *State) viewModel(link templates.Link) templates.PodSpecView {
	id := elementID(link)
	if s.linksCarryState() {
		// A frame has a link for every key of the YAML and part of the
		// picture; building each with Link.Href was a fifth of a frame's
		// allocations (docs/performance.md, TestSelectHrefIsLinkHref).
		s.fieldLinks = link.Vary(s.Query(), "field")
		defer func() { s.fieldLinks = nil }()
	}
	v := templates.PodSpecView{ID: id, Field: s.field, Upstream: Definition.Upstream}
	v.Editor = s.editor(link, id)
	v.Picture, v.Explain = s.pictureAndExplain(link, id)
	return v
}

func (s *State) editor(link templates.Link, id string) templates.PodSpecEditor {
	e := templates.PodSpecEditor{Preset: s.preset, Editing: s.mode == modeEdit, Text: s.text, YAMLName: link.FieldName("yaml")}
	for _, n := range presetNames {
		q := url.Values{}
		if n != presetNames[0] {
			q.Set("preset", n)
		}
		if s.mode != modeView {
			q.Set("mode", s.mode)
		}
		e.Presets = append(e.Presets, templates.PodSpecChoice{Value: n, Label: presets[n].Label, Href: link.Href(q), Current: n == s.preset})
	}
	if e.Editing {
		e.ToggleValue, e.ToggleLabel = modeView, "Done editing"
	} else {
		e.ToggleValue, e.ToggleLabel = modeEdit, "Edit YAML"
	}
	e.ToggleHref = link.Href(s.with(func(q url.Values) {
		q.Del("mode")
		if e.ToggleValue != modeView {
			q.Set("mode", e.ToggleValue)
		}
	}))
	e.Edited = s.text != presets[s.preset].Text
	if !s.linksCarryState() {
		e.LinkNote = fmt.Sprintf("This text is over %d KiB, too long to put in every link: without JavaScript, a key only moves to its line. Apply a shorter text, or use a browser with JavaScript, to select fields.", MaxLinkYAMLBytes>>10)
	}
	e.ResetHref = link.Href(s.with(func(q url.Values) {
		q.Del("yaml")
		if !presetDoc(s.preset).Has(s.field) {
			q.Del("field")
		}
	}))

	d := s.doc
	byLine := problemsByLine(d.Problems)
	if d.Lines != nil {
		lines := d.lineTokens()
		selLine := 0
		if k, ok := d.Key(s.field); ok && s.field != "" {
			selLine = k.Line
		}
		// One allocation for the lines and one for all their tokens.
		e.Lines = make([]templates.PodSpecLine, 0, len(d.Lines))
		ntok := 0
		for _, ts := range lines {
			ntok += len(ts)
		}
		toks := make([]templates.PodSpecToken, 0, ntok)
		for i := range d.Lines {
			n := i + 1
			ln := templates.PodSpecLine{N: n, ID: fmt.Sprintf("%s-L%d", id, n), Selected: n == selLine}
			first := len(toks)
			for _, t := range lines[i] {
				tok := templates.PodSpecToken{Class: t.Class, Text: t.Text, Path: t.Path}
				if t.Path != "" {
					tok.Href = s.selectHref(link, id, t.Path)
					tok.Selected = t.Path == s.field
				}
				toks = append(toks, tok)
			}
			ln.Tokens = toks[first:len(toks):len(toks)]
			ln.Errors = problemMsgs(byLine[n])
			for _, w := range d.Warnings {
				if w.Line == n {
					ln.Warnings = append(ln.Warnings, "Warning: "+w.Msg)
				}
			}
			for _, nt := range d.Notes {
				if nt.Line == n {
					ln.Notes = append(ln.Notes, "Note: "+nt.Msg)
				}
			}
			if n == len(d.Lines) { // errors past the end (an unclosed quote) go on the last line
				for l, ps := range byLine {
					if l > n {
						ln.Errors = append(ln.Errors, problemMsgs(ps)...)
					}
				}
			}
			e.Lines = append(e.Lines, ln)
		}
		e.DocErrors = problemMsgs(byLine[0])
	} else {
		e.NoLines = "The text is not shown here."
		for _, p := range d.Problems {
			e.DocErrors = append(e.DocErrors, p.Msg)
		}
	}
	for _, p := range sortedProblems(d.Problems) {
		pe := templates.PodSpecError{Line: p.Line, Msg: p.Msg}
		if p.Line > 0 && d.Lines != nil {
			l := p.Line
			if l > len(d.Lines) {
				l = len(d.Lines)
			}
			pe.Line = l
			pe.Href = templ.SafeURL(fmt.Sprintf("#%s-L%d", id, l))
		}
		e.Errors = append(e.Errors, pe)
	}
	for _, w := range d.Warnings {
		e.Warnings = append(e.Warnings, "Warning: "+w.Msg)
	}
	for _, nt := range d.Notes {
		e.Notes = append(e.Notes, fmt.Sprintf("Note, line %d: %s", nt.Line, nt.Msg))
	}
	e.Valid = d.Valid()
	e.Summary = d.Summary
	if e.Valid {
		e.Status = "Valid: the API server would accept this pod."
	} else {
		e.Status = fmt.Sprintf("%s: the API server would reject this pod.", capitalize(plural(len(d.Problems), "error")))
	}

	// The no-JavaScript form: GET this page with the text and the rest of
	// the state in hidden inputs.
	action := link.Path
	if link.Anchor != "" {
		action += "#" + link.Anchor
	}
	e.FormAction = templ.SafeURL(action)
	for _, k := range sortedKeys(link.Keep) {
		for _, val := range link.Keep[k] {
			e.Hidden = append(e.Hidden, templates.PodSpecHidden{Name: k, Value: val})
		}
	}
	if s.preset != presetNames[0] {
		e.Hidden = append(e.Hidden, templates.PodSpecHidden{Name: link.FieldName("preset"), Value: s.preset})
	}
	if s.field != "" {
		e.Hidden = append(e.Hidden, templates.PodSpecHidden{Name: link.FieldName("field"), Value: s.field})
	}
	e.Hidden = append(e.Hidden, templates.PodSpecHidden{Name: link.FieldName("mode"), Value: modeEdit})
	e.Rows = len(d.Lines) + 2
	if e.Rows < 12 {
		e.Rows = 12
	}
	if e.Rows > 40 {
		e.Rows = 40
	}
	return e
}

func problemMsgs(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Msg)
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// builtPicture is the laid out picture of the shown pod with the selection's
// highlights; nil parts when there is no valid pod to show.
type builtPicture struct {
	shown *Doc
	parts []part
	hl    []bool
	h     int
}

func (s *State) buildPicture() builtPicture {
	d := s.shown()
	if d == nil || !d.Valid() {
		return builtPicture{}
	}
	pic := d.picture()
	return builtPicture{shown: d, parts: pic.parts, hl: highlight(pic.parts, s.field), h: pic.height}
}

func (s *State) pictureAndExplain(link templates.Link, id string) (templates.PodSpecPicture, templates.PodSpecExplain) {
	b := s.buildPicture()
	fd := s.fieldDoc()
	pic := templates.PodSpecPicture{Width: picW, Height: b.h, Stale: !s.doc.Valid()}
	if pic.Stale {
		pic.StaleNote = StaleNote
	}
	ex := templates.PodSpecExplain{Field: s.field, Stale: pic.Stale}
	if b.shown == nil {
		pic.Title = "No valid pod to show yet"
		pic.Desc = "Fix the errors in the YAML to see the pod."
		pic.Height = 60
	} else {
		p := b.shown.Defaulted
		pic.Title = fmt.Sprintf("Pod %s running on %s", p.Name, NodeName)
		pic.Desc = fmt.Sprintf("Pod %s with IP %s (an example address), %s and %s, QoS class %s. Each part is a link that selects the field that drives it.",
			p.Name, PodIP, plural(len(p.Spec.Containers), "container"), plural(len(p.Spec.Volumes), "volume"), orNone(string(b.shown.QOS)))
		for i, pt := range b.parts {
			vp := pt.PodSpecPart
			vp.HL = b.hl[i]
			vp.Label = partLabel(vp)
			if vp.Path != "" && fd.Has(vp.Path) {
				vp.Linked = true
				vp.Href = s.selectHref(link, id, vp.Path)
			}
			if vp.ID == "qos" {
				ex.QoSHL = vp.HL
			}
			pic.Parts = append(pic.Parts, vp)
		}
		for _, df := range b.shown.Defaults {
			ex.Defaults = append(ex.Defaults, templates.PodSpecDefault{Field: df.Field, Value: df.Value, Why: df.Why})
		}
		ex.QoS, ex.QoSWhy = string(b.shown.QOS), b.shown.QOSWhy
	}
	if s.field == "" {
		ex.Hint = "Select a key in the YAML, or a part of the picture, to see what it does in the running pod."
		return pic, ex
	}
	if k, ok := fd.Key(s.field); ok {
		ex.Value = valueOf(k)
	}
	ex.Ours = pod.Explanation(s.field)
	ex.Command, ex.Output, ex.Note = explain(s.field)
	return pic, ex
}

// explain is `kubectl explain pods.<path>` for the field, or for its nearest
// ancestor that kubectl explain knows (it knows fields, not map keys such as
// a label's name or "memory" under limits).
func explain(field string) (cmd, out, note string) {
	explained.Lock()
	e, ok := explained.m[field]
	explained.Unlock()
	if ok {
		return e[0], e[1], e[2]
	}
	cmd, out, note = explainUncached(field)
	explained.Lock()
	if len(explained.m) >= maxExplained {
		clear(explained.m)
	}
	explained.m[field] = [3]string{cmd, out, note}
	explained.Unlock()
	return cmd, out, note
}

// explained keeps explain's answers, a pure function of the field: the
// selected field's kubectl explain was a sixth of a frame's allocations.
var explained = struct {
	sync.Mutex
	m map[string][3]string
}{m: map[string][3]string{}}

// maxExplained bounds it (fields come from learners' YAML too).
const maxExplained = 4096

func explainUncached(field string) (cmd, out, note string) {
	for p := field; p != ""; p = parentPath(p) {
		if text, ok := pod.Explain(p); ok {
			cmd = "kubectl explain pods." + withoutIndices(p)
			if withoutIndices(p) != withoutIndices(field) {
				note = fmt.Sprintf("kubectl explain describes fields, not the keys of a map: %s is a key of %s.", lastSegment(field), withoutIndices(p))
			}
			return cmd, text, note
		}
	}
	return "kubectl explain pods." + withoutIndices(field), "", "kubectl explain has no entry for this field."
}

func lastSegment(p string) string {
	segs, ok := parsePath(p)
	if !ok || len(segs) == 0 {
		return p
	}
	last := segs[len(segs)-1]
	if last.isIdx {
		return fmt.Sprintf("[%d]", last.index)
	}
	return last.name
}

// partLabel is a part's accessible name: what it shows, then what it is, so
// the name a speech user says (the visible text) is in it (WCAG 2.5.3).
func partLabel(p templates.PodSpecPart) string {
	var shown []string
	for _, t := range p.Texts {
		shown = append(shown, t.Text)
	}
	v := strings.Join(shown, " ")
	switch {
	case v == "":
		return p.Title
	case p.Title == "":
		return v
	}
	return v + " — " + p.Title
}
