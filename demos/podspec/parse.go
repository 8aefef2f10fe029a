package podspec

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	kjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/kubeviz/kubeviz/engine/pod"
	"github.com/kubeviz/kubeviz/internal/kyaml"
)

// Limits on the YAML a learner can type. A pod a person writes is a few
// hundred bytes, nests about ten levels deep (spec.affinity.nodeAffinity.
// requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].
// matchExpressions[0].values[0] is the deepest common one) and has no
// aliases; these bounds leave room for that many times over while keeping
// every parse well under a millisecond and a few hundred KiB of memory.
// (The API server's own bound is 3 MiB a request body.)
const (
	// MaxYAMLBytes bounds the text (web.MaxMessageBytes is sized for it).
	MaxYAMLBytes = 64 << 10
	// MaxDepth bounds nesting of mappings and sequences.
	MaxDepth = 32
	// MaxNodes bounds the values of the document after aliases are
	// expanded: a "billion laughs" document is a few lines of anchors, each
	// alias doubling or tripling what the next one expands to.
	MaxNodes = 20000
	// MaxAliases bounds alias uses (*name).
	MaxAliases = 64
	// MaxErrorJSON bounds the copy of the object that kubectl quotes in
	// "Object 'Kind' is missing in '…'".
	MaxErrorJSON = 200
)

// fileName is the name the messages give the text, as kubectl names the file
// it was given (kubectl create -f pod.yaml).
const fileName = "pod.yaml"

// Key is one key of the document (or one item of a list of mappings, such as
// a container): the field path it stands for and where it is.
type Key struct {
	Path  string // our spelling, see paths.go
	Line  int    // 1-based
	Col   int    // 1-based, in characters; for an item: the column of its "-"
	Item  bool   // a list item ("- name: nginx" stands for spec.containers[0])
	Raw   string // the key as written ("name"); "-" for an item
	Value string // the value, for a scalar
	Kind  yaml.Kind
	Len   int // entries of a mapping or items of a sequence
	Node  *yaml.Node
}

// Problem is one thing wrong with the text, at its line.
type Problem struct {
	Line int    // 1-based; 0 for the document as a whole
	Path string // the field it is about, our spelling ("" for none)
	Msg  string // exactly as shown
}

// Doc is the text and everything parsing it found.
type Doc struct {
	Text  string
	Lines []string // the text's lines (nil when it is too large to show)
	Keys  []Key    // in document order
	index map[string]int

	// Summary heads the list of problems the way the source of the first
	// one does: kubectl's `The Pod "web-server" is invalid:` for
	// validation, or a sentence of ours.
	Summary  string
	Problems []Problem
	// Warnings are what the API server would send back in Warning headers
	// for a pod it accepts (kubectl prints "Warning: …"), at their lines.
	Warnings []Problem
	// Notes are what kubectl does without a word that a learner should
	// still see: a key given twice, of which only the last value is sent.
	Notes []Problem

	Pod       *corev1.Pod // as written; nil unless it decoded
	Defaulted *corev1.Pod // with the API server's defaults; nil unless it decoded
	Defaults  []pod.Defaulted
	QOS       corev1.PodQOSClass
	QOSWhy    string

	// tour is the stops of the tour in this document (State.tour), found
	// once: a Doc is shared read only (the presets' by every session).
	tourOnce sync.Once
	tour     []string
	// laid out is the picture of a valid pod (layout), made once: read
	// only, like the rest of a Doc.
	layoutOnce sync.Once
	laidOut    picture
	tokensOnce sync.Once
	tokens     [][]token
}

// lineTokens are the highlighted tokens of each line (tokenizeLine), made
// once per document.
func (d *Doc) lineTokens() [][]token {
	d.tokensOnce.Do(func() {
		keys := keysByLine(d.Keys)
		d.tokens = make([][]token, len(d.Lines))
		for i, text := range d.Lines {
			d.tokens[i] = tokenizeLine(text, keys[i+1])
		}
	})
	return d.tokens
}

// picture is layout(d), made once per document.
func (d *Doc) picture() picture {
	d.layoutOnce.Do(func() { d.laidOut = layout(d) })
	return d.laidOut
}

// tourStops lists the keys of d that are stops of the tour, in order.
func (d *Doc) tourStops() []string {
	d.tourOnce.Do(func() {
		for _, k := range d.Keys {
			if tourPatterns[wildcard(k.Path)] {
				d.tour = append(d.tour, k.Path)
			}
		}
		d.tour = d.tour[:len(d.tour):len(d.tour)] // an append by a caller copies
	})
	return d.tour
}

// Valid reports whether the pod decoded and passed validation: the API
// server would accept it.
func (d *Doc) Valid() bool { return d.Defaulted != nil && len(d.Problems) == 0 }

// Has reports whether path (any spelling) is a key of the document.
func (d *Doc) Has(path string) bool {
	_, ok := d.index[canonPath(path)]
	return ok
}

// Key returns the key of path.
func (d *Doc) Key(path string) (Key, bool) {
	i, ok := d.index[canonPath(path)]
	if !ok {
		return Key{}, false
	}
	return d.Keys[i], true
}

// pos is the position of path in document order, or -1.
func (d *Doc) pos(path string) int {
	if i, ok := d.index[path]; ok {
		return i
	}
	return -1
}

// nearest is path if it is a key, else its nearest ancestor that is, else "".
func (d *Doc) nearest(path string) string {
	segs, ok := parsePath(path)
	if !ok {
		return ""
	}
	for n := len(segs); n > 0; n-- {
		p := formatPath(segs[:n])
		if _, ok := d.index[p]; ok {
			return p
		}
	}
	return ""
}

// lineOf is the line of path's key or of its nearest ancestor's, or 0.
func (d *Doc) lineOf(path string) int {
	if p := d.nearest(path); p != "" {
		return d.Keys[d.index[p]].Line
	}
	return 0
}

func (d *Doc) add(p Problem) { d.Problems = append(d.Problems, p) }

// problemAt adds msg at the line of path.
func (d *Doc) problemAt(path, msg string) {
	c := canonPath(path)
	d.add(Problem{Line: d.lineOf(c), Path: d.nearest(c), Msg: msg})
}

var yamlLineRE = regexp.MustCompile(`\byaml: line (\d+):`)

// Parse reads text as a pod the way `kubectl create -f pod.yaml` and the API
// server would, in their order, and stops at the first stage that fails as
// they do:
//
//  1. our bounds (size, text not binary, nesting, aliases);
//  2. YAML syntax (gopkg.in/yaml.v3 for positions; the message is
//     sigs.k8s.io/yaml's, which kubectl uses);
//  3. kind and apiVersion (kubectl's messages);
//  4. quantities under resources (pod.ValidateQuantityString, at their path);
//  5. strict decoding into corev1.Pod (sigs.k8s.io/yaml to JSON, then
//     sigs.k8s.io/json.UnmarshalStrict: unknown fields, wrong types), as
//     k8s.io/apimachinery/pkg/runtime/serializer/json does for a request
//     with fieldValidation=Strict (kubectl's default). A key given twice
//     never gets there: kubectl's reader keeps the last value (a Note);
//  6. pod.Validate(pod.WithDefaults(p)), upstream's validation for create
//     (pkg/apis/core/validation/validation.go ValidatePodCreate).
//
// It never panics, and its time and memory are bounded by the limits above.
func Parse(text string) *Doc {
	d := &Doc{Text: text, index: map[string]int{}}
	if len(text) > MaxYAMLBytes {
		d.Summary = "This text is too large to read."
		d.add(Problem{Msg: fmt.Sprintf("The text is %s; this demo reads at most %d bytes (64 KiB). A pod's YAML is usually under 2 KiB.", sizeString(len(text)), MaxYAMLBytes)})
		return d
	}
	d.Lines = splitLines(text)
	if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
		d.Lines = nil // not text: do not draw it
		d.Summary = "This is not text."
		d.add(Problem{Msg: "The text is not valid UTF-8 (it looks like binary data); YAML is plain text."})
		return d
	}
	if strings.TrimSpace(stripComments(text)) == "" {
		d.Summary = "There is no pod yet."
		d.add(Problem{Msg: "The document is empty: a pod needs apiVersion: v1, kind: Pod, metadata.name and spec.containers."})
		return d
	}
	root, ok := d.parseYAML(text)
	if !ok {
		return d
	}
	if !d.checkShape(root) {
		return d
	}
	d.walk(root, "", 0)
	if !d.checkKind(root) {
		return d
	}
	if !d.checkQuantities() {
		return d
	}
	p, ok := d.decode(text)
	if !ok {
		return d
	}
	d.Pod = p
	def, defaults := pod.WithDefaults(p)
	errs := pod.Validate(def)
	for _, e := range errs {
		d.problemAt(e.Field, e.Error())
	}
	if len(errs) > 0 {
		// kubectl prints a 422 Invalid as `The Pod "name" is invalid: ` and
		// then each cause (staging/src/k8s.io/apimachinery/pkg/api/errors
		// NewInvalid).
		d.Summary = fmt.Sprintf("The %s %q is invalid:", "Pod", p.Name)
		return d
	}
	d.Defaulted = def
	// What the API server fills in: defaulting, then its default mutating
	// admission plugins (engine/pod Admitted).
	d.Defaults = append(defaults, pod.Admitted(def)...)
	d.QOS, d.QOSWhy = pod.QOSClass(def)
	for _, w := range pod.Warnings(def) {
		path, _, _ := strings.Cut(w, ": ")
		c := canonPath(path)
		d.Warnings = append(d.Warnings, Problem{Line: d.lineOf(c), Path: d.nearest(c), Msg: w})
	}
	return d
}

// parseYAML parses text with yaml.v3 and checks the limits that need the tree.
func (d *Doc) parseYAML(text string) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		d.Summary = "The YAML cannot be parsed."
		d.add(syntaxProblem(text, err))
		return nil, false
	}
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case err == io.EOF:
	case err != nil:
		d.Summary = "The YAML cannot be parsed."
		d.add(syntaxProblem(text, err))
		return nil, false
	default:
		d.Summary = "This is more than one document."
		d.add(Problem{Line: docStartLine(d.Lines, second.Line), Msg: "This demo reads one pod: remove the second document (from the --- line on)."})
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.Summary = "There is no pod yet."
		d.add(Problem{Msg: "The document is empty: a pod needs apiVersion: v1, kind: Pod, metadata.name and spec.containers."})
		return nil, false
	}
	root := doc.Content[0]
	var c counter
	c.count(root, 1)
	if c.err != nil {
		d.Summary = "This YAML is beyond what this demo reads."
		d.add(Problem{Line: c.line, Msg: c.err.Error()})
		return nil, false
	}
	return root, true
}

// syntaxProblem turns a YAML error into a problem at its line. The message is
// the one kubectl would print after `error parsing pod.yaml: error
// converting YAML to JSON: `, from the parser kubectl uses
// (sigs.k8s.io/yaml), when that parser fails too.
func syntaxProblem(text string, v3err error) Problem {
	msg := v3err.Error()
	if _, err := sigsyaml.YAMLToJSON([]byte(text)); err != nil {
		msg = strings.TrimPrefix(err.Error(), "error converting YAML to JSON: ")
	}
	msg = strings.ReplaceAll(msg, "\n ", "")
	p := Problem{Msg: msg}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
	} else if m := yamlLineRE.FindStringSubmatch(v3err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
	}
	return p
}

// docStartLine is the line of the "---" before line n (or n).
func docStartLine(lines []string, n int) int {
	for i := n - 1; i >= 1 && i <= len(lines); i-- {
		if strings.HasPrefix(lines[i-1], "---") {
			return i
		}
	}
	return n
}

// counter measures a tree: its depth, its aliases, and how many values it
// has once aliases are expanded (without expanding them).
type counter struct {
	aliases int
	memo    map[*yaml.Node]int
	busy    map[*yaml.Node]bool
	err     error
	line    int
}

func (c *counter) fail(n *yaml.Node, format string, args ...any) int {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
		c.line = n.Line
	}
	return MaxNodes + 1
}

// count returns the number of values under n, aliases expanded, and checks
// the limits. depth is n's nesting level.
func (c *counter) count(n *yaml.Node, depth int) int {
	if c.err != nil {
		return MaxNodes + 1
	}
	if depth > MaxDepth {
		return c.fail(n, "The YAML nests more than %d levels deep at line %d; a pod needs about 10.", MaxDepth, n.Line)
	}
	if c.memo == nil {
		c.memo = map[*yaml.Node]int{}
		c.busy = map[*yaml.Node]bool{}
	}
	if v, ok := c.memo[n]; ok {
		return v
	}
	if c.busy[n] {
		return c.fail(n, "The YAML refers to itself through an alias at line %d.", n.Line)
	}
	c.busy[n] = true
	defer delete(c.busy, n)
	total := 1
	switch n.Kind {
	case yaml.AliasNode:
		c.aliases++
		if c.aliases > MaxAliases {
			return c.fail(n, "The YAML uses more than %d aliases (*name); this demo reads at most %d.", MaxAliases, MaxAliases)
		}
		if n.Alias == nil {
			return 1
		}
		total = c.count(n.Alias, depth)
	default:
		for _, ch := range n.Content {
			total += c.count(ch, depth+1)
			if total > MaxNodes {
				return c.fail(n, "The YAML expands to more than %d values (aliases repeat what their anchors hold); a pod has a few dozen.", MaxNodes)
			}
		}
	}
	c.memo[n] = total
	return total
}

// checkShape requires a mapping at the top.
func (d *Doc) checkShape(root *yaml.Node) bool {
	if root.Kind == yaml.MappingNode {
		return true
	}
	what := map[yaml.Kind]string{
		yaml.SequenceNode: "a list",
		yaml.ScalarNode:   "a single value",
		yaml.AliasNode:    "an alias",
	}[root.Kind]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		d.Summary = "There is no pod yet."
		d.add(Problem{Msg: "The document is empty: a pod needs apiVersion: v1, kind: Pod, metadata.name and spec.containers."})
		return false
	}
	if what == "" {
		what = "not a mapping"
	}
	d.Summary = "This is not a pod."
	d.add(Problem{Line: root.Line, Msg: fmt.Sprintf("A pod is a mapping of keys to values at the top (apiVersion: v1, kind: Pod, metadata: …, spec: …); this document is %s.", what)})
	return false
}

// walk records every key under n (a value at path) in document order.
func (d *Doc) walk(n *yaml.Node, path string, depth int) {
	switch n.Kind {
	case yaml.MappingNode:
		// A key given twice: kubectl sends the last value only (decode),
		// so the earlier ones, and all under them, are not fields of the
		// pod: they are not recorded, and their tokens link nowhere.
		last := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode {
				last[k.Value] = i
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				continue // a complex key; sigs.k8s.io/yaml rejects it below
			}
			if last[k.Value] != i {
				continue
			}
			p := childPath(path, k.Value)
			d.record(Key{Path: p, Line: k.Line, Col: k.Column, Raw: k.Value}, v)
			d.walk(v, p, depth+1)
		}
	case yaml.SequenceNode:
		for i, v := range n.Content {
			if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
				continue // only items that are mappings stand for a field
			}
			p := indexPath(path, i)
			d.record(Key{Path: p, Line: v.Line, Col: v.Column, Item: true, Raw: "-"}, v)
			d.walk(v, p, depth+1)
		}
	}
}

func (d *Doc) record(k Key, v *yaml.Node) {
	if _, dup := d.index[k.Path]; dup {
		return // two spellings of one path: the first is the one we link to
	}
	k.Node = v
	k.Kind = v.Kind
	switch v.Kind {
	case yaml.ScalarNode:
		k.Value = v.Value
	case yaml.MappingNode:
		k.Len = len(v.Content) / 2
	case yaml.SequenceNode:
		k.Len = len(v.Content)
	case yaml.AliasNode:
		if v.Alias != nil {
			k.Kind = v.Alias.Kind
			k.Value = v.Alias.Value
		}
	}
	d.index[k.Path] = len(d.Keys)
	d.Keys = append(d.Keys, k)
}

// topScalar is the value of a top-level key that is a scalar.
func topScalar(root *yaml.Node, key string) (v string, line int, present bool) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			val := root.Content[i+1]
			if val.Kind == yaml.AliasNode && val.Alias != nil {
				val = val.Alias
			}
			if val.Kind != yaml.ScalarNode || val.Tag == "!!null" {
				return "", k.Line, true
			}
			return val.Value, k.Line, true
		}
	}
	return "", 0, false
}

// checkKind checks kind and apiVersion as kubectl does before it sends
// anything: the object must name its kind (runtime.NewMissingKindErr,
// k8s.io/apimachinery/pkg/runtime/error.go), and kind and version must map to
// a resource the cluster serves (meta.NoKindMatchError,
// k8s.io/apimachinery/pkg/api/meta/errors.go; kubectl's "resource mapping
// not found" from staging/src/k8s.io/cli-runtime/pkg/resource/mapper.go).
func (d *Doc) checkKind(root *yaml.Node) bool {
	kind, kindLine, hasKind := topScalar(root, "kind")
	version, versionLine, _ := topScalar(root, "apiVersion")
	name := ""
	if k, ok := d.Key("metadata.name"); ok && k.Kind == yaml.ScalarNode {
		name = k.Value
	}
	if !hasKind || kind == "" {
		j, err := sigsyaml.YAMLToJSON([]byte(d.Text))
		data := string(j)
		if err != nil {
			data = "<unreadable>"
		}
		if len(data) > MaxErrorJSON {
			data = data[:MaxErrorJSON] + " …"
		}
		d.Summary = "kubectl cannot tell what this is."
		d.add(Problem{Line: kindLine, Path: "kind", Msg: fmt.Sprintf("error: unable to decode %q: Object 'Kind' is missing in '%s'", fileName, data)})
		return false
	}
	if kind != "Pod" {
		d.Summary = "This is not a pod."
		d.add(Problem{Line: kindLine, Path: "kind", Msg: fmt.Sprintf("kind is %q: this demo explains Pods, so it reads kind: Pod with apiVersion: v1.", kind)})
		return false
	}
	if version != "v1" {
		line := versionLine
		if line == 0 {
			line = kindLine
		}
		d.Summary = "kubectl cannot find this kind of object."
		d.add(Problem{Line: line, Path: "apiVersion", Msg: fmt.Sprintf("error: resource mapping not found for name: %q namespace: \"\" from %q: no matches for kind %q in version %q", name, fileName, kind, version)})
		return false
	}
	return true
}

// quantityRE matches the paths whose values are resource.Quantity.
var quantityRE = regexp.MustCompile(`^spec\.(?:(?:containers|initContainers|ephemeralContainers)\[\d+\]\.)?resources\.(?:requests|limits)(?:\.[A-Za-z0-9_-]+|\[[^\]]+\])$|^spec\.overhead(?:\.[A-Za-z0-9_-]+|\[[^\]]+\])$`)

// checkQuantities checks each quantity at its path before decoding, where
// resource.Quantity's UnmarshalJSON would fail with no path at all.
func (d *Doc) checkQuantities() bool {
	ok := true
	for _, k := range d.Keys {
		if !quantityRE.MatchString(k.Path) {
			continue
		}
		fp := fieldPath(k.Path)
		var fe *field.Error
		if k.Kind != yaml.ScalarNode {
			fe = field.Invalid(fp, k.Raw, "must be a quantity such as 250m or 128Mi")
		} else {
			fe = validateQuantity(fp, k.Value)
		}
		if fe != nil {
			ok = false
			d.add(Problem{Line: k.Line, Path: k.Path, Msg: fe.Error()})
		}
	}
	if !ok {
		d.Summary = "The API server cannot decode these quantities:"
	}
	return ok
}

// fieldPath builds upstream's field.Path for one of our paths, keeping map
// keys as children (the spelling the quantities are shown with).
func fieldPath(p string) *field.Path {
	segs, _ := parsePath(p)
	var fp *field.Path
	for _, s := range segs {
		switch {
		case fp == nil:
			fp = field.NewPath(s.name)
		case s.isIdx:
			fp = fp.Index(s.index)
		default:
			fp = fp.Child(s.name)
		}
	}
	return fp
}

// decodePrefix is how the API server introduces a decoding error
// (transformDecodeError, staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go):
// `%s in version %q cannot be handled as a %s: %v`.
const decodePrefix = `Pod in version "v1" cannot be handled as a Pod: `

var (
	strictFieldRE = regexp.MustCompile(`^(?:unknown|duplicate) field "(.*)"$`)
	typeFieldRE   = regexp.MustCompile(`into Go struct field [A-Za-z0-9_]+\.(\S+) of type`)
)

// decode converts the YAML to JSON as kubectl reads a file and decodes it
// strictly into a Pod, as the API server does for a request with
// fieldValidation=Strict (k8s.io/apimachinery/pkg/runtime/serializer/json/
// json.go unmarshal: kjson.UnmarshalStrict).
//
// kubectl reads the file with apimachinery's pkg/util/yaml
// YAMLToJSONDecoder, which is sigs.k8s.io/yaml's non-strict Unmarshal: a
// key given twice keeps its last value without a word (go.yaml.in/yaml/v2
// decode.go setMapIndex complains only when strict), and the JSON the API
// server receives has no duplicate left (kubernetes issues #89303,
// #125885). kyaml.DuplicateKeys finds them, for the Notes.
func (d *Doc) decode(text string) (*corev1.Pod, bool) {
	for _, dup := range kyaml.DuplicateKeys([]byte(text)) {
		d.Notes = append(d.Notes, Problem{Line: dup.Line, Msg: kyaml.DuplicateNote(dup)})
	}
	j, err := sigsyaml.YAMLToJSON([]byte(text))
	if err != nil {
		d.Summary = "The YAML cannot be converted to JSON."
		d.add(syntaxProblem(text, err))
		return nil, false
	}
	var p corev1.Pod
	strict, err := kjson.UnmarshalStrict(j, &p, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err != nil {
		d.Summary = "The API server cannot decode this pod:"
		msg := err.Error()
		line := 0
		path := ""
		if m := typeFieldRE.FindStringSubmatch(msg); m != nil {
			for _, k := range d.Keys {
				if withoutIndices(k.Path) == m[1] {
					line, path = k.Line, k.Path
					break
				}
			}
		}
		d.add(Problem{Line: line, Path: path, Msg: decodePrefix + msg})
		return nil, false
	}
	if len(strict) > 0 {
		d.Summary = "The API server rejects fields a Pod does not have (strict decoding):"
		for _, e := range strict {
			msg := decodePrefix + "strict decoding error: " + e.Error()
			if m := strictFieldRE.FindStringSubmatch(e.Error()); m != nil {
				d.problemAt(m[1], msg)
			} else {
				d.add(Problem{Msg: msg})
			}
		}
		return nil, false
	}
	return &p, true
}

// splitLines splits text into lines at the line breaks YAML knows ("\n",
// "\r\n", a lone "\r", and NEL, LS and PS, as yaml.v3's scanner does), so
// line n here is the parser's line n.
func splitLines(text string) []string {
	if text == "" {
		return nil
	}
	var lines []string
	start := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '\n', '\u0085', '\u2028', '\u2029':
			lines = append(lines, text[start:i])
			i += n
			start = i
		case '\r':
			lines = append(lines, text[start:i])
			i += n
			if i < len(text) && text[i] == '\n' {
				i++
			}
			start = i
		default:
			i += n
		}
	}
	if start < len(text) {
		lines = append(lines, text[start:])
	}
	return lines
}

// stripComments drops "#" comment lines, to tell an empty document.
func stripComments(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") && t != "---" && t != "..." {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// sizeString is n bytes for people: "3.1 MiB", "70 KiB".
func sizeString(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// problemsByLine groups problems by line, in line order; line 0 first.
func problemsByLine(ps []Problem) map[int][]Problem {
	m := map[int][]Problem{}
	for _, p := range ps {
		m[p.Line] = append(m[p.Line], p)
	}
	return m
}

// sortedProblems is ps ordered by line, keeping the order within a line.
func sortedProblems(ps []Problem) []Problem {
	out := append([]Problem(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

var errNoField = errors.New("no such field")
