package kyaml

import (
	"regexp"
	"strconv"

	"sigs.k8s.io/yaml"
)

// Duplicate is a mapping key given twice in a YAML document.
type Duplicate struct {
	Line int    // the later key's line, 1-based
	Key  string // quoted, as the YAML decoder writes it: "name"
}

// DuplicateKeys finds the keys a document gives twice in one mapping.
// kubectl does not refuse them: it reads a file with k8s.io/apimachinery
// pkg/util/yaml YAMLToJSONDecoder, that is sigs.k8s.io/yaml's non-strict
// Unmarshal, and go.yaml.in/yaml/v2 (decode.go setMapIndex) keeps the last
// value without a word unless decoding strictly; the API server receives
// JSON with no duplicate left (kubernetes/kubernetes issues #89303 and
// #125885). So nothing reports them, and a demo that wants the learner to
// know finds them here, with the strict decoder's own message.
func DuplicateKeys(text []byte) []Duplicate {
	_, err := yaml.YAMLToJSONStrict(text)
	if err == nil {
		return nil
	}
	var out []Duplicate
	for _, m := range dupRE.FindAllStringSubmatch(err.Error(), -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, Duplicate{Line: n, Key: m[2]})
	}
	return out
}

// DuplicateNote is what a demo says about d: that kubectl sends the last
// value and drops the earlier one without a warning.
func DuplicateNote(d Duplicate) string {
	return "key " + d.Key + " is given twice: kubectl sends this last value and drops the earlier one without a warning"
}

var dupRE = regexp.MustCompile(`line (\d+): key (".*?") already set in map`)
