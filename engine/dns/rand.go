package dns

// Rand is a small deterministic generator (splitmix64): the resolver's
// query ids and CoreDNS's loadbalance shuffle draw from it, so the same
// seed gives the same transcript.
type Rand struct{ state uint64 }

// NewRand returns a generator seeded with seed.
func NewRand(seed uint64) *Rand { return &Rand{state: seed} }

// Uint16 is the next 16-bit draw (a DNS message id, like miekg/dns Id()).
func (r *Rand) Uint16() uint16 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return uint16(z >> 48)
}
