// Package kyaml prints API objects as YAML the way kubectl -o yaml does
// (sigs.k8s.io/yaml: JSON field names, then JSON to YAML), remembering the
// YAML of JSON it has seen: demos print the same few objects on every frame,
// and the JSON-to-YAML round trip was up to half of a frame's cost.
package kyaml

import (
	"encoding/json"
	"fmt"
	"sync"

	"sigs.k8s.io/yaml"
)

// memoSize bounds the memo; when full it forgets everything.
const memoSize = 1024

var memo = struct {
	sync.Mutex
	m map[string][]byte
}{m: map[string][]byte{}}

// Marshal is sigs.k8s.io/yaml.Marshal (json.Marshal, then JSONToYAML), with
// JSONToYAML's result remembered by its JSON. The bytes returned are shared:
// callers must not change them.
func Marshal(obj any) ([]byte, error) {
	j, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("error marshaling into JSON: %w", err)
	}
	memo.Lock()
	y, ok := memo.m[string(j)]
	memo.Unlock()
	if ok {
		return y, nil
	}
	y, err = yaml.JSONToYAML(j)
	if err != nil {
		return nil, err
	}
	memo.Lock()
	if len(memo.m) >= memoSize {
		clear(memo.m)
	}
	memo.m[string(j)] = y
	memo.Unlock()
	return y, nil
}
