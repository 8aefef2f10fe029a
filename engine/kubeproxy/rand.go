package kubeproxy

import "github.com/kubeviz/kubeviz/engine/names"

// RequestRand is the random source for request number n (1-based) under
// seed: a PCG generator of its own, so a request's draws do not depend on
// how many requests came before it, and a link with a seed replays the same
// draws.
func RequestRand(seed uint64, n int) Rand {
	return names.NewRand(seed, uint64(n))
}
