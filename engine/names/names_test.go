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
func TestUID(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	r := rand.New(rand.NewPCG(3, 4))
	variants := map[byte]bool{}
	for i := 0; i < 200; i++ {
		u := UID(r)
		if !v4.MatchString(u) {
			t.Fatalf("UID %q is not a version 4 UUID", u)
		}
		variants[u[19]] = true
	}
	if len(variants) != 4 {
		t.Errorf("variant digits %v, want all of 8, 9, a, b", variants)
	}
}

// A clone draws what the original would, and drawing from it leaves the
// original where it was.
func TestRandClone(t *testing.T) {
	a := NewRand(9, 10)
	Suffix(a.Rand, 5)
	c := a.Clone()
	fromClone := Suffix(c.Rand, 5) + UID(c.Rand)
	fromOriginal := Suffix(a.Rand, 5) + UID(a.Rand)
	if fromClone != fromOriginal {
		t.Errorf("the clone drew %q, the original %q", fromClone, fromOriginal)
	}
	want := Suffix(a.Clone().Rand, 5) // what a draws next
	c2 := a.Clone()
	Suffix(c2.Rand, 5)
	if got := Suffix(a.Rand, 5); got != want {
		t.Errorf("after a clone drew, the original drew %q, want %q", got, want)
	}
}
