package kubeproxy

import "strconv"

// Share is the fraction of new connections endpoint i (in kube-proxy's
// order) receives, from the probabilities the kernel actually stores: rule
// i matches with p_i and is only tried when rules 0..i-1 did not, so the
// share is p_i·(1-p_0)·…·(1-p_{i-1}); the last rule has no statistic match
// (p = 1). With 3 endpoints: 1/3, (2/3)·(1/2), (2/3)·(1/2)·1.
func Share(rs *Ruleset, i int) float64 {
	n := len(rs.Endpoints)
	p := func(k int) float64 {
		if k == n-1 {
			return 1
		}
		w, _ := strconv.ParseFloat(Probability(n-k), 64) // what kube-proxy writes
		return float64(KernelProbability(w)) / 0x80000000
	}
	s := p(i)
	for k := 0; k < i; k++ {
		s *= 1 - p(k)
	}
	return s
}

// Choose is the endpoint (index in kube-proxy's order) a new connection
// gets, drawing the same numbers in the same order as Trace does (the
// client's source port, then one draw per statistic rule tried), without
// building the steps. -1 when there are no endpoints (REJECT).
func (rs *Ruleset) Choose(rnd Rand) int {
	n := len(rs.Endpoints)
	if n == 0 {
		return -1
	}
	rnd.Uint32() // the client's source port
	for i := 0; i < n-1; i++ {
		w, _ := strconv.ParseFloat(Probability(n-i), 64)
		if rnd.Uint32()&0x7FFFFFFF < KernelProbability(w) {
			return i
		}
	}
	return n - 1
}
