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
