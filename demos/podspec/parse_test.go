package podspec

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// webWith is the web preset with one line replaced.
func webWith(t *testing.T, old, new string) string {
	t.Helper()
	text := presets["web"].Text
	if !strings.Contains(text, old) {
		t.Fatalf("the web preset has no %q", old)
	}
	return strings.Replace(text, old, new, 1)
}

// lineOfText is the 1-based line of the first line of text containing s.
func lineOfText(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line contains %q", s)
	return 0
}

func TestPresetsAreValid(t *testing.T) {
	for _, n := range presetNames {
		d := presetDoc(n)
		if !d.Valid() {
			t.Errorf("preset %s: %v", n, d.Problems)
		}
		if len(d.Keys) == 0 {
			t.Errorf("preset %s: no keys", n)
		}
	}
}

func TestKeyPaths(t *testing.T) {
	d := presetDoc("sidecar")
	text := presets["sidecar"].Text
	for path, line := range map[string]string{
		"apiVersion":                                  "apiVersion: v1",
		"metadata.name":                               "name: web-server",
		"metadata.labels.tier":                        "tier: frontend",
		"spec.containers[0]":                          "- name: nginx",
		"spec.containers[1]":                          "- name: log-shipper",
		"spec.containers[1].command":                  "command:",
		"spec.containers[0].resources.limits.memory":  "memory: 256Mi",
		"spec.containers[1].volumeMounts[0].readOnly": "readOnly: true",
		"spec.volumes[0].emptyDir":                    "emptyDir: {}",
		"spec.restartPolicy":                          "restartPolicy: Always",
	} {
		k, ok := d.Key(path)
		if !ok {
			t.Errorf("no key %s", path)
			continue
		}
		if want := lineOfText(t, text, line); k.Line != want {
			t.Errorf("%s: line %d, want %d (%q)", path, k.Line, want, line)
		}
	}
	// Upstream's spelling of a map key finds our key.
	if !d.Has("spec.containers[0].resources.limits[memory]") {
		t.Errorf("upstream's spelling limits[memory] not found")
	}
	// Items come before their first key, keys in document order.
	for i := 1; i < len(d.Keys); i++ {
		a, b := d.Keys[i-1], d.Keys[i]
		if a.Line > b.Line || a.Line == b.Line && a.Col > b.Col {
			t.Errorf("keys out of order: %s (%d:%d) before %s (%d:%d)", a.Path, a.Line, a.Col, b.Path, b.Line, b.Col)
		}
	}
}

// TestParseErrors checks each stage's message and line. Upstream sources:
//   - quantities: k8s.io/apimachinery/pkg/api/resource/quantity.go
//     (ErrFormatWrong), at the path pod.ValidateQuantityString gives it;
//   - strict decoding: k8s.io/apimachinery/pkg/runtime/serializer/json/json.go
//     and runtime/error.go ("strict decoding error: "), sigs.k8s.io/json
//     (`unknown field "…"`), prefixed as
//     staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go
//     transformDecodeError does;
//   - kind and apiVersion: kubectl (runtime.NewMissingKindErr,
//     meta.NoKindMatchError).
func TestParseErrors(t *testing.T) {
	const quantityRegexp = `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`
	tests := []struct {
		name string
		text string
		line string // text of the line the first error is at ("" for none)
		msg  string // the first error, exactly
	}{
		{
			name: "cpu abc",
			text: webWith(t, "cpu: 250m", "cpu: abc"),
			line: "cpu: abc",
			msg:  `spec.containers[0].resources.requests.cpu: Invalid value: "abc": ` + quantityRegexp,
		},
		{
			name: "unknown field",
			text: webWith(t, "image: nginx:1.25", "imagee: nginx:1.25"),
			line: "imagee: nginx:1.25",
			msg:  `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"`,
		},
		{
			name: "wrong type",
			text: webWith(t, "containerPort: 80", "containerPort: eighty"),
			line: "containerPort: eighty",
			msg:  `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32`,
		},
		{
			name: "kind not Pod",
			text: webWith(t, "kind: Pod", "kind: Deployment"),
			line: "kind: Deployment",
			msg:  `kind is "Deployment": this demo explains Pods, so it reads kind: Pod with apiVersion: v1.`,
		},
		{
			name: "apiVersion not v1",
			text: webWith(t, "apiVersion: v1", "apiVersion: apps/v1"),
			line: "apiVersion: apps/v1",
			msg:  `error: resource mapping not found for name: "web-server" namespace: "" from "pod.yaml": no matches for kind "Pod" in version "apps/v1"`,
		},
		{
			name: "no kind",
			text: "apiVersion: v1\nmetadata:\n  name: x\n",
			msg:  `error: unable to decode "pod.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`,
		},
		{
			name: "syntax",
			text: webWith(t, "app: web", "app: web: frontend"),
			msg:  "yaml: line 8: mapping values are not allowed in this context",
			line: "app: web: frontend",
		},
		{
			name: "a list",
			text: "- a\n- b\n",
			line: "- a",
			msg:  "A pod is a mapping of keys to values at the top (apiVersion: v1, kind: Pod, metadata: …, spec: …); this document is a list.",
		},
		{
			name: "a scalar",
			text: "hello",
			line: "hello",
			msg:  "A pod is a mapping of keys to values at the top (apiVersion: v1, kind: Pod, metadata: …, spec: …); this document is a single value.",
		},
		{
			name: "empty",
			text: "# nothing here\n",
			msg:  "The document is empty: a pod needs apiVersion: v1, kind: Pod, metadata.name and spec.containers.",
		},
		{
			name: "two documents",
			text: presets["web"].Text + "---\nkind: Pod\n",
			line: "---",
			msg:  "This demo reads one pod: remove the second document (from the --- line on).",
		},
		{
			name: "binary",
			text: "apiVersion: v1\n\x00\xff\xfe",
			msg:  "The text is not valid UTF-8 (it looks like binary data); YAML is plain text.",
		},
		{
			name: "too large",
			text: strings.Repeat("# padding\n", MaxYAMLBytes/10+1),
			msg:  "The text is 64 KiB; this demo reads at most 65536 bytes (64 KiB). A pod's YAML is usually under 2 KiB.",
		},
		{
			name: "deep",
			text: "a: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n",
			line: "a: [",
			msg:  "The YAML nests more than 32 levels deep at line 1; a pod needs about 10.",
		},
		{
			name: "billion laughs",
			text: billionLaughs,
			line: "e: &e",
			msg:  "The YAML expands to more than 20000 values (aliases repeat what their anchors hold); a pod has a few dozen.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse(tt.text)
			if d.Valid() || len(d.Problems) == 0 {
				t.Fatalf("valid; want %q", tt.msg)
			}
			p := sortedProblems(d.Problems)[0]
			if p.Msg != tt.msg {
				t.Errorf("message\n got: %s\nwant: %s", p.Msg, tt.msg)
			}
			want := 0
			if tt.line != "" {
				want = lineOfText(t, tt.text, tt.line)
			}
			if p.Line != want {
				t.Errorf("line %d, want %d", p.Line, want)
			}
		})
	}
}

// billionLaughs is the classic alias bomb, kept small: each level holds the
// previous one ten times, so *g would be ten million values.
const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`

// TestProblemAtUpstreamPath: a validation error at upstream's path lands on
// the line of our key, or of its nearest existing parent. The paths are the
// ones pkg/apis/core/validation/validation.go builds (field.Path.Key for map
// keys, Index for list items).
func TestProblemAtUpstreamPath(t *testing.T) {
	text := presets["web"].Text
	d := Parse(text)
	for _, tt := range []struct {
		path *field.Path
		line string
	}{
		{field.NewPath("spec", "containers").Index(0).Child("resources", "requests").Key("cpu"), "cpu: 250m"},
		{field.NewPath("spec", "containers").Index(0).Child("resources", "requests"), "requests:"},
		{field.NewPath("metadata", "labels"), "labels:"},
		{field.NewPath("spec", "containers").Index(0).Child("ports").Index(0).Child("containerPort"), "containerPort: 80"},
		// Not in the document: the nearest parent that is.
		{field.NewPath("spec", "containers").Index(0).Child("imagePullPolicy"), "- name: nginx"},
		{field.NewPath("spec", "dnsPolicy"), "spec:"},
	} {
		got := d.lineOf(canonPath(tt.path.String()))
		if want := lineOfText(t, text, tt.line); got != want {
			t.Errorf("%s: line %d, want %d (%q)", tt.path, got, want, tt.line)
		}
	}
}

// TestParseBounded: hostile input is refused quickly (a generous bound, so
// this never flakes; it catches exponential blow-up, not slowness).
func TestParseBounded(t *testing.T) {
	for name, text := range map[string]string{
		"billion laughs": billionLaughs + "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n",
		"deep flow":      strings.Repeat("[", 20000),
		"deep block":     deepBlock(5000),
		"many aliases":   "a: &a x\nb: [" + strings.Repeat("*a,", 5000) + "*a]\n",
		"huge":           strings.Repeat("a", 4<<20),
	} {
		start := time.Now()
		d := Parse(text)
		if d.Valid() {
			t.Errorf("%s: valid", name)
		}
		if el := time.Since(start); el > 5*time.Second {
			t.Errorf("%s: took %v", name, el)
		}
	}
}

func deepBlock(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("a:\n")
	}
	return b.String()
}

func TestCanonPath(t *testing.T) {
	for in, want := range map[string]string{
		"spec.containers[0].resources.requests[cpu]": "spec.containers[0].resources.requests.cpu",
		"spec.containers[0].resources.requests.cpu":  "spec.containers[0].resources.requests.cpu",
		"metadata.labels[app.kubernetes.io/name]":    "metadata.labels[app.kubernetes.io/name]",
		"metadata.labels.app":                        "metadata.labels.app",
		"spec.containers[12]":                        "spec.containers[12]",
		"spec.containers[0]":                         "spec.containers[0]",
		// Digits with a leading zero are a map key, not an index (an index
		// never has one): the fuzzer's metadata.labels key "000000".
		"metadata.labels[000000]": "metadata.labels[000000]",
		"spec..containers":        "",
		"[0]":                     "",
		"spec.containers[":        "",
		"":                        "",
	} {
		if got := canonPath(in); got != want {
			t.Errorf("canonPath(%q) = %q, want %q", in, got, want)
		}
	}
	if got := wildcard("spec.containers[3].ports[0].containerPort"); got != "spec.containers[*].ports[*].containerPort" {
		t.Errorf("wildcard: %q", got)
	}
	if got := withoutIndices("spec.containers[3].ports[0].containerPort"); got != "spec.containers.ports.containerPort" {
		t.Errorf("withoutIndices: %q", got)
	}
}

// TestValidationAtLines: pod.Validate's errors (upstream's
// pkg/apis/core/validation/validation.go: ValidateObjectMeta, ValidateLabels,
// validateContainers, ValidateResourceRequirements, validateVolumeMounts,
// validateRestartPolicy) land at the line of their field, with kubectl's
// heading for a 422 (`The Pod "web-server" is invalid:`).
func TestValidationAtLines(t *testing.T) {
	web, side := presets["web"].Text, presets["sidecar"].Text
	for _, tt := range []struct {
		text, line, msg string
	}{
		{strings.Replace(web, "restartPolicy: Always", "restartPolicy: Sometimes", 1), "restartPolicy: Sometimes",
			`spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`},
		{strings.Replace(web, "cpu: 250m", "cpu: 750m", 1), "requests:",
			`spec.containers[0].resources.requests: Invalid value: "750m": must be less than or equal to cpu limit of 500m`},
		{strings.Replace(side, "name: log-shipper", "name: nginx", 1), "- name: nginx\n    image: busybox",
			`spec.containers[1].name: Duplicate value: "nginx"`},
		{strings.Replace(side, "    - name: logs\n      mountPath: /logs", "    - name: log\n      mountPath: /logs", 1), "- name: log\n",
			`spec.containers[1].volumeMounts[0].name: Not found: "log"`},
	} {
		d := Parse(tt.text)
		if len(d.Problems) != 1 {
			t.Errorf("%s: %d problems: %v", tt.msg, len(d.Problems), d.Problems)
			continue
		}
		p := d.Problems[0]
		if p.Msg != tt.msg {
			t.Errorf("message\n got: %s\nwant: %s", p.Msg, tt.msg)
		}
		// The line is found by its text (with the next line when given).
		want := strings.Count(tt.text[:strings.Index(tt.text, tt.line)], "\n") + 1
		if p.Line != want {
			t.Errorf("%s: line %d, want %d", tt.msg, p.Line, want)
		}
		if !strings.HasPrefix(d.Summary, "The Pod ") || !strings.HasSuffix(d.Summary, " is invalid:") {
			t.Errorf("summary %q", d.Summary)
		}
	}
}

// TestWarningsAtLines: the API server's warnings for an accepted pod
// (pkg/api/pod/warnings.go) are kept with their line.
func TestWarningsAtLines(t *testing.T) {
	text := strings.Replace(presets["web"].Text, "memory: 128Mi", "memory: 128.5", 1)
	d := Parse(text)
	if !d.Valid() || len(d.Warnings) != 1 {
		t.Fatalf("valid %v, warnings %v, problems %v", d.Valid(), d.Warnings, d.Problems)
	}
	w := d.Warnings[0]
	if want := `spec.containers[0].resources.requests[memory]: fractional byte value "128500m" is invalid, must be an integer`; w.Msg != want {
		t.Errorf("warning %q", w.Msg)
	}
	if want := lineOfText(t, text, "memory: 128.5"); w.Line != want {
		t.Errorf("warning at line %d, want %d", w.Line, want)
	}
}

// A key given twice is not an error: kubectl's reader (apimachinery
// pkg/util/yaml YAMLToJSONDecoder, sigs.k8s.io/yaml non-strict) keeps the
// last value and says nothing, so the pod is valid with that value; the
// demo says so in a note at the line, and the field links to that line.
func TestDuplicateKeyLastWins(t *testing.T) {
	text := webWith(t, "  name: web-server\n", "  name: web-server\n  name: other\n")
	d := Parse(text)
	if !d.Valid() {
		t.Fatalf("problems %v", d.Problems)
	}
	if got := d.Pod.Name; got != "other" {
		t.Errorf("pod name %q, want the last value, other", got)
	}
	line := 0
	for i, l := range d.Lines {
		if strings.TrimSpace(l) == "name: other" {
			line = i + 1
		}
	}
	if len(d.Notes) != 1 || d.Notes[0].Line != line || !strings.Contains(d.Notes[0].Msg, `key "name" is given twice: kubectl sends this last value`) {
		t.Errorf("notes %+v, want one at line %d", d.Notes, line)
	}
	if k, ok := d.Key("metadata.name"); !ok || k.Line != line {
		t.Errorf("metadata.name is the key at line %d, want the last one, %d", k.Line, line)
	}
}

// Of a mapping given twice, the earlier copy and everything under it are
// dropped by kubectl: none of its keys is a field of the document.
func TestDuplicateMappingDropsTheEarlierCopy(t *testing.T) {
	text := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    app: x\nmetadata:\n  name: b\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n"
	d := Parse(text)
	if !d.Valid() {
		t.Fatalf("problems %v", d.Problems)
	}
	if d.Pod.Name != "b" || len(d.Pod.Labels) != 0 {
		t.Errorf("pod name %q labels %v, want b and none", d.Pod.Name, d.Pod.Labels)
	}
	if d.Has("metadata.labels") {
		t.Error("metadata.labels, under the dropped copy, is still a key of the document")
	}
	if k, ok := d.Key("metadata.name"); !ok || k.Line != 8 {
		t.Errorf("metadata.name at line %d, want 8", k.Line)
	}
	n := 0
	for _, k := range d.Keys {
		if k.Path == "metadata.name" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d keys metadata.name, want 1", n)
	}
	if len(d.Notes) != 1 || d.Notes[0].Line != 7 {
		t.Errorf("notes %+v, want one at line 7, the second metadata:", d.Notes)
	}
}
