package kyaml

import (
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Duplicate is a mapping key given twice in a YAML document.
type Duplicate struct {
	Line int    // the later key's line, 1-based
	Key  string // quoted: "name"
}

// DuplicateKeys finds the keys a document gives twice in one mapping, at
// the line of the later key. kubectl does not refuse them: it reads a file
// with k8s.io/apimachinery pkg/util/yaml YAMLToJSONDecoder, that is
// sigs.k8s.io/yaml's non-strict Unmarshal, and go.yaml.in/yaml/v2
// (decode.go setMapIndex) keeps the last value without a word unless
// decoding strictly; the API server receives JSON with no duplicate left
// (kubernetes/kubernetes issues #89303 and #125885). So nothing reports
// them, and a demo that wants the learner to know finds them here. (The
// strict decoder's own message gives the line of the value, which for a
// block mapping or list is the line after the key: the key's line is
// taken from the node tree instead.) A document that does not parse has
// none: that is another error's business.
func DuplicateKeys(text []byte) []Duplicate {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil
	}
	var out []Duplicate
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			seen := map[string]bool{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind != yaml.ScalarNode {
					continue
				}
				if seen[k.Value] {
					out = append(out, Duplicate{Line: k.Line, Key: strconv.Quote(k.Value)})
				}
				seen[k.Value] = true
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	slices.SortStableFunc(out, func(a, b Duplicate) int { return a.Line - b.Line }) // in document order
	return out
}

// DuplicateNote is what a demo says about d: that kubectl sends the last
// value and drops the earlier one without a warning.
func DuplicateNote(d Duplicate) string {
	return "key " + d.Key + " is given twice: kubectl sends this last value and drops the earlier one without a warning"
}
