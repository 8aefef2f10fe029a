package kyaml

import (
	"fmt"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// Marshal gives sigs.k8s.io/yaml.Marshal's bytes, on a miss and on a hit,
// from many goroutines at once, and past the memo's bound.
func TestMarshalIsYAMLMarshal(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < memoSize+50; i++ {
				cm := &corev1.ConfigMap{Data: map[string]string{"nginx.conf": "server {\n  listen 80;\n}\n", "n": fmt.Sprint(i % (memoSize + 7))}}
				cm.Name = "app-config"
				got, err := Marshal(cm)
				if err != nil {
					t.Error(err)
					return
				}
				want, _ := yaml.Marshal(cm)
				if string(got) != string(want) {
					t.Errorf("%d:\n%s\nwant\n%s", i, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	if _, err := Marshal(func() {}); err == nil {
		t.Error("a value JSON cannot encode gave no error")
	}
}

// The keys given twice, at the later key's line, and nothing for a
// document without any (or one that does not parse: that is another
// error's business).
func TestDuplicateKeys(t *testing.T) {
	text := "a: 1\nb:\n  c: 2\n  c: 3\na: 4\n"
	got := DuplicateKeys([]byte(text))
	want := []Duplicate{{Line: 4, Key: `"c"`}, {Line: 5, Key: `"a"`}}
	if len(got) != len(want) {
		t.Fatalf("DuplicateKeys = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("DuplicateKeys[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	// A block mapping given twice: the line of the second key, not of its
	// first child (where yaml.v2's strict message points).
	if d := DuplicateKeys([]byte("m:\n  x: 1\nm:\n  y: 2\n")); len(d) != 1 || d[0] != (Duplicate{Line: 3, Key: `"m"`}) {
		t.Errorf("block mapping: %+v, want line 3", d)
	}
	if d := DuplicateKeys([]byte("a: 1\nb: 2\n")); d != nil {
		t.Errorf("no duplicates: %+v", d)
	}
	if d := DuplicateKeys([]byte("a: [1\n")); d != nil {
		t.Errorf("a syntax error is not a duplicate: %+v", d)
	}
}
