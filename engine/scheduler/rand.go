package scheduler

// prng is SplitMix64: tiny, seedable and good enough to shuffle a handful of
// nodes. The engine never touches math/rand's global source.
type prng struct{ s uint64 }

func newPRNG(seed uint64) *prng { return &prng{s: seed} }

func (p *prng) next() uint64 {
	p.s += 0x9e3779b97f4a7c15
	z := p.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (p *prng) intn(n int) int { return int(p.next() % uint64(n)) }

// shuffle is a Fisher–Yates shuffle of n items.
func (p *prng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, p.intn(i+1))
	}
}
