package scheduler

import (
	"fmt"
	"sort"

	v1 "k8s.io/api/core/v1"
)

// Fleet is a lean model of a large cluster for a stream of identical pods:
// N identical nodes, each remembered only by how many of the pods it runs.
// It runs the same cycle as Schedule/Scheduler for such a pod, with the
// default profile, and gives the same node every cycle (TestFleetMatchesScheduler):
//
//   - Filter: only NodeResourcesFit can reject (the pods have no selector,
//     ports or tolerations and the nodes no taints); it checks nodes from
//     nextStartNodeIndex and stops once numFeasibleNodesToFind are feasible
//     (schedule_one.go findNodesThatPassFilters, numFeasibleNodesToFind);
//   - Score: every score depends only on the node's pod count k, so the
//     totals are a table by k, computed once with the plugins' own functions
//     (scoreFit, scoreBalanced; TaintToleration gives every node 100×3,
//     ImageLocality 0, the others skip);
//   - select: the feasible nodes in their (seeded) race order go into the
//     nodeScoreHeap and the top is taken, as selectHost does.
//
// A cycle costs O(nodes checked), not O(nodes + pods), so a stream of
// 10,000 pods over 5,000 nodes takes milliseconds.
type Fleet struct {
	cfg   FleetConfig
	count []int32 // pods per node
	next  int     // nextStartNodeIndex
	cycle int
	maxK  int32   // pods that fit on a node
	total []int64 // total score of a node running k pods, for the next pod
	full  string  // FitError when every node is full
	// scratch, reused every cycle
	feasible []int32
	heap     []fleetEntry
	subMax   []int64
}

// FleetConfig describes the fleet and its pods.
type FleetConfig struct {
	Nodes            int
	NodeCPU, NodeMem int64 // allocatable, millicores and bytes
	NodePods         int64 // allocatable pods
	PodCPU, PodMem   int64 // each pod's requests
	Scoring          Scoring
	Seed             uint64 // cycle i uses Seed+i, as Scheduler does
	StartNodeIndex   int
	NodeNameFormat   string // fmt format of node i+1's name; "node-%d"
}

// FleetCycle is what one cycle of the stream did.
type FleetCycle struct {
	Start, Processed, Feasible, Next int
	NumNodesToFind                   int
	Selected                         int // node index, −1 when the pod did not fit
	TopScore                         int64
	FitMessage                       string // when it did not fit
}

type fleetEntry struct {
	total int64
	node  int32
}

// NewFleet builds an empty fleet.
func NewFleet(cfg FleetConfig) (*Fleet, error) {
	if cfg.Nodes < 1 {
		return nil, fmt.Errorf("a fleet needs at least one node, not %d", cfg.Nodes)
	}
	if cfg.NodePods == 0 {
		cfg.NodePods = 110
	}
	if cfg.NodeNameFormat == "" {
		cfg.NodeNameFormat = "node-%d"
	}
	f := &Fleet{cfg: cfg, count: make([]int32, cfg.Nodes), next: cfg.StartNodeIndex % cfg.Nodes}
	// A node running k pods, as NodeInfo sees it.
	ni := func(k int64) *NodeInfo {
		r := Resources{MilliCPU: k * cfg.PodCPU, Memory: k * cfg.PodMem, Pods: k}
		return &NodeInfo{Allocatable: Resources{MilliCPU: cfg.NodeCPU, Memory: cfg.NodeMem, Pods: cfg.NodePods},
			Requested: r, NonZeroRequested: r, Pods: make([]*v1.Pod, k)}
	}
	req := Resources{MilliCPU: cfg.PodCPU, Memory: cfg.PodMem}
	for k := int64(0); ; k++ {
		n := ni(k)
		if st := fitsRequest(req, n); !st.IsSuccess() {
			f.maxK = int32(k)
			// Every node gives the same reasons: FitError counts each once per node.
			f.full = fmt.Sprintf("0/%d nodes are available: %s", cfg.Nodes, reasonsTimes(st, cfg.Nodes))
			break
		}
		nz := Resources{MilliCPU: cfg.PodCPU, Memory: cfg.PodMem}
		fit := scoreFit(nz, n, cfg.Scoring == MostAllocated)
		bal := scoreBalanced(req, n)
		// TaintToleration 100×3 + NodeResourcesFit×1 + BalancedAllocation×1
		// + ImageLocality 0×1 (apis/config/v1/default_plugins.go weights).
		f.total = append(f.total, 3*MaxNodeScore+fit.Score+bal.Score)
	}
	return f, nil
}

// reasonsTimes is FitError's histogram when every node gives st's reasons.
func reasonsTimes(st *Status, n int) string {
	s := ""
	rs := append([]string(nil), st.Reasons...)
	sort.Strings(rs)
	for i, r := range rs {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%d %s", n, r)
	}
	return s + "."
}

// NodeName is node i's name.
func (f *Fleet) NodeName(i int) string { return fmt.Sprintf(f.cfg.NodeNameFormat, i+1) }

// Counts is the number of pods on each node (read-only).
func (f *Fleet) Counts() []int32 { return f.count }

// MaxPodsPerNode is how many of the pods fit on one node.
func (f *Fleet) MaxPodsPerNode() int { return int(f.maxK) }

// NextStartNodeIndex is where the next cycle's Filter starts.
func (f *Fleet) NextStartNodeIndex() int { return f.next }

// Schedule runs one cycle for the next pod and binds it.
func (f *Fleet) Schedule() FleetCycle {
	n := f.cfg.Nodes
	toFind := NumFeasibleNodesToFind(n)
	c := FleetCycle{Start: f.next, Selected: -1, NumNodesToFind: toFind}
	seed := f.cfg.Seed + uint64(f.cycle)
	f.cycle++
	f.feasible = f.feasible[:0]
	processed := 0
	for node := c.Start; processed < n && len(f.feasible) < toFind; node++ {
		if node == n {
			node = 0 // nodes[(nextStartNodeIndex+i)%numAllNodes]
		}
		processed++
		if f.count[node] < f.maxK {
			f.feasible = append(f.feasible, int32(node))
		}
	}
	c.Processed, c.Feasible = processed, len(f.feasible)
	f.next = (c.Start + processed) % n
	c.Next = f.next
	if len(f.feasible) == 0 {
		c.FitMessage = f.full
		return c
	}
	// The Filter race: the same seeded shuffle Schedule draws.
	rng := newPRNG(seed)
	fs := f.feasible
	rng.shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
	var sel int32
	if len(fs) == 1 {
		sel = fs[0] // one feasible node: no scoring
		c.TopScore = 0
	} else {
		h := f.heap[:0]
		for _, node := range fs {
			h = append(h, fleetEntry{total: f.total[f.count[node]], node: node})
		}
		// container/heap Init with nodeScoreHeap's Less (higher total
		// first; Randomizer 0 for all); Pop returns the root.
		w := heapRoot(h, &f.subMax)
		sel, c.TopScore = h[w].node, h[w].total
		f.heap = h
	}
	f.count[sel]++
	c.Selected = int(sel)
	return c
}

// heapRoot is the index (in h as given) of the entry that container/heap's
// Init leaves at the root of a max-heap on total, without moving anything.
// Init heapifies bottom-up: down(i) swaps h[i] with the larger child root
// (the left one on a tie) only when that child is strictly greater. So the
// root of subtree i ends up being h[i] itself when h[i] equals the
// subtree's maximum, else the root of the left subtree when its maximum is
// at least the right's, else the right one's. One bottom-up pass for the
// subtree maxima and one walk down: the same answer as Init then Pop
// (TestHeapRootIsContainerHeap), at a third of the cost.
func heapRoot(h []fleetEntry, scratch *[]int64) int {
	n := len(h)
	m := (*scratch)[:0]
	if cap(m) < n {
		m = make([]int64, n)
	}
	m = m[:n]
	*scratch = m
	for i := n - 1; i >= 0; i-- {
		v := h[i].total
		if l := 2*i + 1; l < n && m[l] > v {
			v = m[l]
		}
		if r := 2*i + 2; r < n && m[r] > v {
			v = m[r]
		}
		m[i] = v
	}
	i := 0
	for {
		if h[i].total == m[i] {
			return i
		}
		l, r := 2*i+1, 2*i+2
		if r >= n || m[l] >= m[r] {
			i = l
		} else {
			i = r
		}
	}
}

// FleetSnapshot is a fleet's state between cycles.
type FleetSnapshot struct {
	Counts []int32
	Next   int
	Cycle  int
}

// Snapshot copies the fleet's state.
func (f *Fleet) Snapshot() FleetSnapshot {
	return FleetSnapshot{Counts: append([]int32(nil), f.count...), Next: f.next, Cycle: f.cycle}
}

// Restore puts the fleet back to a snapshot it took.
func (f *Fleet) Restore(s FleetSnapshot) {
	copy(f.count, s.Counts)
	f.next, f.cycle = s.Next, s.Cycle
}

// Cycles is how many cycles (pods) the fleet has run.
func (f *Fleet) Cycles() int { return f.cycle }
