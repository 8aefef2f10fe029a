// Package names makes the names and UIDs the API server gives new objects,
// drawn from an engine's seeded generator so that a demo's names are the
// same on every replay. It is the one place for both: every engine that
// creates pods (rollout, reconcile, nodelifecycle, archtrace, daemonset,
// clusterautoscaler, disruption) draws its names here.
package names

import "math/rand/v2"

// Alphanums is k8s.io/apimachinery/pkg/util/rand's alphabet (rand.go,
// v0.37.2): no vowels (no words) and no 0, 1, 3 (no look-alikes). String
// draws from it, and SafeEncodeString (the pod-template-hash) encodes in it.
const Alphanums = "bcdfghjklmnpqrstvwxz2456789"

// Suffix is a generateName suffix of n characters of that alphabet, as
// SimpleNameGenerator.GenerateName appends (kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/storage/names/generate.go:
// utilrand.String(5)). Each character is one uniform draw from r: the same
// distribution as utilrand.String's 5-bit slices of an Int63 with
// out-of-range slices skipped (a real API server's names come from a
// time-seeded generator, so only the alphabet and the length can be
// matched, not the values).
func Suffix(r Draws, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = Alphanums[r.IntN(len(Alphanums))]
	}
	return string(b)
}

// UID is a random (version 4) UUID as the API server sets metadata.uid:
// kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/registry/rest/meta.go
// FillObjectMetaSystemFields calls k8s.io/apimachinery/pkg/util/uuid.NewUUID
// (v0.37.2 uuid.go: uuid.New().String()), and github.com/google/uuid
// version4.go ReadRandom sets uuid[6] = uuid[6]&0x0f | 0x40 (version 4) and
// uuid[8] = uuid[8]&0x3f | 0x80 (variant 10): the 13th hex digit is always
// 4 and the 17th one of 8, 9, a, b.
func UID(r Draws) string { return uid(r) }

// uid draws one value in [0, 16) for each of the 32 hex digits, the two
// fixed-bit digits of a version 4 UUID included (their draws are then
// masked as google/uuid masks the random bytes).
func uid(r Draws) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 36)
	for i := range b {
		switch i {
		case 8, 13, 18, 23:
			b[i] = '-'
			continue
		}
		d := r.IntN(16)
		switch i {
		case 14: // uuid[6]'s high nibble: the version
			d = 4
		case 19: // uuid[8]'s high nibble: the variant, 0b10xx
			d = 8 | d&3
		}
		b[i] = hex[d]
	}
	return string(b)
}

// Draws is what a name or a UID is drawn from: a *rand.Rand or a Rand.
type Draws interface{ IntN(n int) int }

// Rand is an engine's seeded generator that a deep copy of the engine can
// copy. A rand.Rand holds its Source by pointer, so copying the Rand would
// share the generator: the copy's draws (a look-ahead on a clone) would
// move the original's names on. Clone copies the PCG's state instead.
type Rand struct {
	*rand.Rand
	pcg *rand.PCG
}

// NewRand is a PCG generator seeded with seed1 and seed2.
func NewRand(seed1, seed2 uint64) Rand {
	p := rand.NewPCG(seed1, seed2)
	return Rand{rand.New(p), p}
}

// Clone is an independent generator in r's state: it draws what r would.
func (r Rand) Clone() Rand {
	p := *r.pcg
	return Rand{rand.New(&p), &p}
}
