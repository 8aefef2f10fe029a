package podspec

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"
	"gopkg.in/yaml.v3"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/pod"
)

// State is the pod-spec demo's state: a preset, the text (the preset's or
// the learner's), the selected field, the mode, and, while the text does not
// parse, the last valid pod the picture keeps showing. The URL holds all of
// it: yaml= the text, last= the last valid text (only while yaml= is
// invalid and the last valid pod is not the preset's).
type State struct {
	preset   string
	mode     string
	field    string // our spelling, "" for none
	text     string
	doc      *Doc   // Parse(text)
	last     *Doc   // the last valid pod: doc while doc is valid
	lastText string // the text last was parsed from

	fieldLinks func(field string) templ.SafeURL // while View builds its links (view.go)
}

// MaxLastBytes bounds the text and the last valid text together while the
// text is invalid, so that a link holding both stays under the server's
// query limit (96 KiB, URL-encoded). Past it the picture falls back to the
// preset's pod, exactly as a link without last= shows it.
const MaxLastBytes = 24 << 10

var _ demos.State = (*State)(nil)

// setText replaces the text. Windows line ends (a textarea submits "\r\n")
// become "\n", so a form and a WebSocket edit give the same state.
func (s *State) setText(t string) {
	t = strings.ReplaceAll(t, "\r\n", "\n")
	s.text = t
	if p := presets[s.preset]; t == p.Text {
		s.doc = p.doc
	} else {
		s.doc = Parse(t)
	}
	if s.doc.Valid() {
		s.last, s.lastText = s.doc, t
	} else if len(t)+len(s.lastText) > MaxLastBytes {
		s.keepPresetAsLast()
	}
}

// keepPresetAsLast makes the preset's pod the last valid one.
func (s *State) keepPresetAsLast() {
	p := presets[s.preset]
	s.last, s.lastText = p.doc, p.Text
}

// fieldDoc is the document whose keys can be selected: the text's, or, while
// the text cannot be parsed at all, the last valid pod's.
func (s *State) fieldDoc() *Doc {
	if len(s.doc.Keys) > 0 || s.last == nil {
		return s.doc
	}
	return s.last
}

// shown is the pod the picture draws.
func (s *State) shown() *Doc {
	if s.doc.Valid() {
		return s.doc
	}
	return s.last
}

// keepField moves the selection to the nearest field that still exists.
func (s *State) keepField() {
	if s.field != "" {
		s.field = s.fieldDoc().nearest(s.field)
	}
}

// Apply implements demos.State.
func (s *State) Apply(a demos.Action) error {
	switch a.Kind {
	case "click":
		f := canonPath(a.Value)
		if f == "" || !s.fieldDoc().Has(f) {
			return fmt.Errorf("the field %q is not in this pod's YAML", clip(a.Value))
		}
		s.field = f
	case "edit":
		s.setText(a.Value)
		s.keepField()
	case "set":
		switch a.Key {
		case "preset":
			p, ok := presets[a.Value]
			if !ok {
				return fmt.Errorf("there is no preset %q (the presets are %s)", clip(a.Value), strings.Join(presetNames, ", "))
			}
			s.preset = p.Name
			s.keepPresetAsLast()
			s.setText(p.Text)
			s.keepField()
		case "mode":
			if a.Value != modeView && a.Value != modeEdit {
				return fmt.Errorf("mode must be view or edit, not %q", clip(a.Value))
			}
			s.mode = a.Value
		default:
			return fmt.Errorf("pod-spec has no setting %q (it has preset and mode)", clip(a.Key))
		}
	case "step":
		next := s.nextInTour()
		if next == "" {
			return fmt.Errorf("this is the last field of the tour")
		}
		s.field = next
	case "back":
		if s.field == "" {
			return fmt.Errorf("this is the start of the tour")
		}
		s.field = s.prevInTour()
	case "reset":
		s.field = ""
	case "goto":
		tour := s.tour()
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 || n > len(tour) {
			return fmt.Errorf("step must be a number from 0 to %d, not %q", len(tour), clip(a.Value))
		}
		if n == 0 {
			s.field = ""
		} else {
			s.field = tour[n-1]
		}
	default:
		return fmt.Errorf("pod-spec does not understand the action %q", clip(a.Kind))
	}
	return nil
}

// Query implements demos.State: defaults are left out.
func (s *State) Query() url.Values {
	q := url.Values{}
	if s.preset != presetNames[0] {
		q.Set("preset", s.preset)
	}
	if s.field != "" {
		q.Set("field", s.field)
	}
	if s.text != presets[s.preset].Text {
		q.Set("yaml", s.text)
	}
	if !s.doc.Valid() && s.lastText != presets[s.preset].Text {
		q.Set("last", s.lastText)
	}
	if s.mode != modeView {
		q.Set("mode", s.mode)
	}
	return q
}

// The tour: the fields worth a stop, in the order they appear in the
// document. Patterns use "[*]" for any index.
var tourPatterns = map[string]bool{
	"metadata.name":                         true,
	"metadata.labels":                       true,
	"spec.initContainers":                   true,
	"spec.initContainers[*]":                true,
	"spec.initContainers[*].image":          true,
	"spec.initContainers[*].command":        true,
	"spec.initContainers[*].volumeMounts":   true,
	"spec.containers[*]":                    true,
	"spec.containers[*].image":              true,
	"spec.containers[*].command":            true,
	"spec.containers[*].ports":              true,
	"spec.containers[*].resources.requests": true,
	"spec.containers[*].resources.limits":   true,
	"spec.containers[*].volumeMounts":       true,
	"spec.containers[*].livenessProbe":      true,
	"spec.containers[*].readinessProbe":     true,
	"spec.containers[*].env":                true,
	"spec.volumes":                          true,
	"spec.volumes[*]":                       true,
	"spec.restartPolicy":                    true,
	"spec.nodeSelector":                     true,
	"spec.terminationGracePeriodSeconds":    true,
}

// tour lists the stops present in the selectable document.
func (s *State) tour() []string {
	return s.fieldDoc().tourStops()
}

// nextInTour is the first stop after the selection in document order.
func (s *State) nextInTour() string {
	d := s.fieldDoc()
	at := -1
	if s.field != "" {
		at = d.pos(s.field)
	}
	for _, p := range s.tour() {
		if d.pos(p) > at {
			return p
		}
	}
	return ""
}

// prevInTour is the last stop before the selection ("" for the start).
func (s *State) prevInTour() string {
	d := s.fieldDoc()
	at := d.pos(s.field)
	prev := ""
	for _, p := range s.tour() {
		if d.pos(p) >= at {
			break
		}
		prev = p
	}
	return prev
}

// Progress implements demos.State.
func (s *State) Progress() (step, total int) {
	tour := s.tour()
	for i, p := range tour {
		if p == s.field {
			return i + 1, len(tour)
		}
	}
	return 0, len(tour)
}

// valueOf summarises the value of a key as a person would say it.
func valueOf(k Key) string {
	switch k.Kind {
	case yaml.ScalarNode:
		if k.Value == "" {
			return `""`
		}
		return k.Value
	case yaml.MappingNode:
		n := k.Node
		if n != nil && n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if n == nil {
			return ""
		}
		if k.Item {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "name" && n.Content[i+1].Kind == yaml.ScalarNode {
					return "the one named " + n.Content[i+1].Value
				}
			}
		}
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := n.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				return plural(k.Len, "field")
			}
			parts = append(parts, n.Content[i].Value+": "+v.Value)
		}
		if len(parts) == 0 {
			return "{}"
		}
		if len(parts) > 4 {
			parts = append(parts[:4], "…")
		}
		return strings.Join(parts, ", ")
	case yaml.SequenceNode:
		return plural(k.Len, "item")
	}
	return ""
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

var sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)

// firstSentence is the first sentence of s, its first letter in lower case
// (unless the word is an acronym such as "QoS"), to follow a dash.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if loc := sentenceEnd.FindStringIndex(s); loc != nil {
		s = s[:loc[0]+1]
	}
	r, n := utf8.DecodeRuneInString(s)
	if n > 0 && unicode.IsUpper(r) {
		r2, _ := utf8.DecodeRuneInString(s[n:])
		if !unicode.IsUpper(r2) {
			s = string(unicode.ToLower(r)) + s[n:]
		}
	}
	return s
}

// Narration implements demos.State.
func (s *State) Narration() string {
	if !s.doc.Valid() {
		first := ""
		if ps := sortedProblems(s.doc.Problems); len(ps) > 0 {
			first = ps[0].Msg
			if ps[0].Line > 0 {
				first = fmt.Sprintf("line %d: %s", ps[0].Line, first)
			}
		}
		return fmt.Sprintf("The YAML has %s (%s); the picture shows the last valid pod.", plural(len(s.doc.Problems), "error"), clip(first))
	}
	if s.field == "" {
		d := s.doc
		return fmt.Sprintf("Pod %s: %s, QoS class %s; select a field to see what it controls.", d.Defaulted.Name, plural(len(d.Defaulted.Spec.Containers), "container"), orNone(string(d.QOS)))
	}
	k, _ := s.fieldDoc().Key(s.field)
	msg := fmt.Sprintf("Selected %s: %s", s.field, valueOf(k))
	if e := pod.Explanation(s.field); e != "" {
		return msg + " — " + firstSentence(e)
	}
	return msg + "."
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
