package netpol

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
	networkingv1 "k8s.io/api/networking/v1"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	kjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/kubeviz/kubeviz/internal/kyaml"
)

// Limits on the YAML a learner types. A NetworkPolicy is well under 2 KiB
// and nests about ten levels (spec.ingress[0].from[0].podSelector.
// matchExpressions[0].values[0]); these bounds leave room many times over
// and keep every parse cheap.
const (
	MaxYAMLBytes = 16 << 10
	MaxDepth     = 24
)

// fileName is the name kubectl quotes: kubectl apply -f policy.yaml.
const fileName = "policy.yaml"

// decodePrefix is how kubectl shows the API server's refusal to decode the
// object: AddSourceToErr and StandardErrorMessage
// (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go) around the API
// server's transformDecodeError
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go: `%s in
// version %q cannot be handled as a %s: %v`).
const decodePrefix = `Error from server (BadRequest): error when creating "policy.yaml": NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: `

// Parsed is a policy's text read the way kubectl apply and the API server
// read it, up to decoding; Admit (engine/netpol) does the rest.
type Parsed struct {
	Policy  *networkingv1.NetworkPolicy // as written; nil when it did not decode
	Problem string                      // why it did not, in kubectl's words where it has some
	// Notes are what kubectl does without a word: a key given twice, of
	// which only the last value is sent (kyaml.DuplicateKeys).
	Notes []string
}

// Parse reads text as one NetworkPolicy, in the order kubectl and the API
// server do, stopping at the first stage that fails:
//
//  1. our bounds (size, UTF-8, one document, no aliases, depth);
//  2. YAML syntax (kubectl's parser, sigs.k8s.io/yaml);
//  3. kind and apiVersion (kubectl's messages);
//  4. strict decoding into networkingv1.NetworkPolicy (sigs.k8s.io/json
//     UnmarshalStrict: unknown fields, wrong types), as the API server does
//     for kubectl's default --validate=strict. A duplicate key never gets
//     there: kubectl's YAML reader keeps the last value.
func Parse(text string) Parsed {
	if len(text) > MaxYAMLBytes {
		return Parsed{Problem: fmt.Sprintf("The text is %d bytes; this editor reads at most %d (16 KiB). A NetworkPolicy is usually under 2 KiB.", len(text), MaxYAMLBytes)}
	}
	if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
		return Parsed{Problem: "The text is not valid UTF-8; YAML is plain text."}
	}
	if strings.TrimSpace(stripComments(text)) == "" {
		return Parsed{Problem: "The document is empty: write apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata.name and spec."}
	}
	if msg := checkShape(text); msg != "" {
		return Parsed{Problem: msg}
	}
	// kubectl reads the file with k8s.io/apimachinery/pkg/util/yaml
	// YAMLToJSONDecoder, i.e. sigs.k8s.io/yaml's non-strict Unmarshal: a
	// key given twice keeps its last value without a word (go.yaml.in/yaml/v2
	// decode.go setMapIndex complains only when strict), and the API server
	// receives JSON that has no duplicate left (kubernetes issues #89303,
	// #125885). The editor says so (Notes).
	j, err := sigsyaml.YAMLToJSON([]byte(text))
	if err != nil {
		return syntaxProblem(err)
	}
	var top map[string]any
	if err := json.Unmarshal(j, &top); err != nil || top == nil {
		return Parsed{Problem: "A NetworkPolicy is a mapping at the top (apiVersion: …, kind: …, metadata: …, spec: …)."}
	}
	if msg := kindProblem(top); msg != "" {
		return Parsed{Problem: msg}
	}
	kind, _ := top["kind"].(string)
	version, _ := top["apiVersion"].(string)
	name := ""
	if md, ok := top["metadata"].(map[string]any); ok {
		name, _ = md["name"].(string)
	}
	if kind != "NetworkPolicy" {
		return Parsed{Problem: fmt.Sprintf("kind is %q: this editor applies NetworkPolicies (kind: NetworkPolicy, apiVersion: networking.k8s.io/v1).", kind)}
	}
	if version != "networking.k8s.io/v1" {
		// k8s.io/cli-runtime/pkg/resource/mapper.go infoForData.
		return Parsed{Problem: fmt.Sprintf("error: resource mapping not found for name: %q namespace: %q from %q: no matches for kind %q in version %q\nensure CRDs are installed first", name, "", fileName, kind, version)}
	}
	var np networkingv1.NetworkPolicy
	strict, err := kjson.UnmarshalStrict(j, &np, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err != nil {
		return Parsed{Problem: decodePrefix + err.Error()}
	}
	if len(strict) > 0 {
		var msgs []string
		for _, e := range strict {
			msgs = append(msgs, e.Error())
		}
		return Parsed{Problem: decodePrefix + "strict decoding error: " + strings.Join(msgs, ", ")}
	}
	p := Parsed{Policy: &np}
	for _, d := range kyaml.DuplicateKeys([]byte(text)) {
		p.Notes = append(p.Notes, fmt.Sprintf("Line %d: %s.", d.Line, kyaml.DuplicateNote(d)))
	}
	return p
}

// kindProblem is kubectl's own check of apiVersion and kind, made before
// anything is sent: with the default --validate=strict, the resource
// builder validates each document (staging/src/k8s.io/cli-runtime/pkg/
// resource/visitor.go ValidateSchema: "error validating data: %v; " +
// stopValidateMessage, wrapped as "error validating %q: %v"), and the
// schema's first step is getObjectKind (staging/src/k8s.io/kubectl/pkg/
// validation/schema.go): "apiVersion not set", "kind not set", or both as
// an aggregate "[apiVersion not set, kind not set]". kubernetes' own
// test/cmd checks for "error validating data: kind not set". "" when both
// are there.
func kindProblem(top map[string]any) string {
	var errs []error
	switch v, ok := top["apiVersion"]; {
	case !ok || v == nil:
		errs = append(errs, errors.New("apiVersion not set"))
	default:
		if _, isString := v.(string); !isString {
			errs = append(errs, errors.New("apiVersion isn't string type"))
		}
	}
	switch v, ok := top["kind"]; {
	case !ok || v == nil:
		errs = append(errs, errors.New("kind not set"))
	default:
		if _, isString := v.(string); !isString {
			errs = append(errs, errors.New("kind isn't string type"))
		}
	}
	if len(errs) == 0 {
		return ""
	}
	return fmt.Sprintf("error: error validating %q: error validating data: %v; if you choose to ignore these errors, turn validation off with --validate=false", fileName, utilerrors.NewAggregate(errs))
}

// syntaxProblem is kubectl's message for YAML it cannot read: its decoder
// (k8s.io/apimachinery/pkg/util/yaml, through sigs.k8s.io/yaml.Unmarshal)
// says "error converting YAML to JSON: …", and the resource builder adds
// "error parsing <file>: ".
func syntaxProblem(err error) Parsed {
	msg := strings.TrimPrefix(err.Error(), "error converting YAML to JSON: ")
	return Parsed{Problem: fmt.Sprintf("error: error parsing %s: error converting YAML to JSON: %s", fileName, msg)}
}

// checkShape parses with yaml.v3 to bound what the other parsers see: one
// document, no aliases, bounded depth.
func checkShape(text string) string {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return "The document is empty."
		}
		return "" // the syntax error is reported by sigs.k8s.io/yaml, as kubectl would
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		return fmt.Sprintf("This editor applies one policy: remove the second document (from the --- before line %d).", second.Line)
	}
	var walk func(n *yaml.Node, depth int) string
	walk = func(n *yaml.Node, depth int) string {
		if depth > MaxDepth {
			return fmt.Sprintf("The YAML nests more than %d levels deep at line %d; a NetworkPolicy needs about 10.", MaxDepth, n.Line)
		}
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			return fmt.Sprintf("Line %d uses a YAML anchor or alias; write the policy out in full.", n.Line)
		}
		for _, c := range n.Content {
			if m := walk(c, depth+1); m != "" {
				return m
			}
		}
		return ""
	}
	return walk(&doc, 0)
}

func stripComments(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(text, "\n") {
		if i := strings.Index(l, "#"); i >= 0 {
			l = l[:i]
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
