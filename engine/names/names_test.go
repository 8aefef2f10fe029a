package names

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

func TestSuffixAndUID(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	suffix := regexp.MustCompile(`^[bcdfghjklmnpqrstvwxz2456789]{5}$`)
	uid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		s, u := Suffix(r, 5), UID(r)
		if !suffix.MatchString(s) || !uid.MatchString(u) {
			t.Fatalf("suffix %q uid %q", s, u)
		}
		seen[s] = true
	}
	if len(seen) < 95 {
		t.Errorf("only %d different suffixes in 100", len(seen))
	}
	a, b := rand.New(rand.NewPCG(7, 7)), rand.New(rand.NewPCG(7, 7))
	if Suffix(a, 5) != Suffix(b, 5) || UID(a) != UID(b) {
		t.Error("the same seed gave different names")
	}
}

// A version 4 UUID as github.com/google/uuid version4.go makes it (what
// k8s.io/apimachinery/pkg/util/uuid.NewUUID returns for the API server's
// FillObjectMetaSystemFields): xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx.
func TestUIDv4(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	r := rand.New(rand.NewPCG(3, 4))
	variants := map[byte]bool{}
	for i := 0; i < 200; i++ {
		u := UIDv4(r)
		if !v4.MatchString(u) {
			t.Fatalf("UIDv4 %q is not a version 4 UUID", u)
		}
		variants[u[19]] = true
	}
	if len(variants) != 4 {
		t.Errorf("variant digits %v, want all of 8, 9, a, b", variants)
	}
	// UID and UIDv4 draw the same values: from the same state they differ
	// only in the version and variant digits and leave r in the same state.
	a, b := rand.New(rand.NewPCG(5, 6)), rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 50; i++ {
		u, w := UID(a), UIDv4(b)
		for j := range u {
			if j != 14 && j != 19 && u[j] != w[j] {
				t.Fatalf("UID %q and UIDv4 %q differ at %d", u, w, j)
			}
		}
		if Suffix(a, 5) != Suffix(b, 5) {
			t.Fatal("UID and UIDv4 leave the generator in different states")
		}
	}
}
