// Package names makes the names and UIDs the API server gives new objects,
// drawn from an engine's seeded generator so that a demo's names are the
// same on every replay.
package names

import "math/rand/v2"

// alphanums is k8s.io/apimachinery/pkg/util/rand's alphabet: no vowels (no
// words) and no 0, 1, 3 (no look-alikes).
const alphanums = "bcdfghjklmnpqrstvwxz2456789"

// Suffix is a generateName suffix of n characters of that alphabet, as
// names.SimpleNameGenerator appends (utilrand.String(5)); each character is
// one draw from r.
func Suffix(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphanums[r.IntN(len(alphanums))]
	}
	return string(b)
}

// UID is a random version-4-shaped UID (8-4-4-4-12 hex digits), as the API
// server sets metadata.uid.
func UID(r *rand.Rand) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 36)
	for i := range b {
		switch i {
		case 8, 13, 18, 23:
			b[i] = '-'
		default:
			b[i] = hex[r.IntN(16)]
		}
	}
	return string(b)
}
