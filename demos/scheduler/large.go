package scheduler

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/scheduler"
	"github.com/kubeviz/kubeviz/web/templates"
)

// The large-cluster view (preset=large): a fleet of identical nodes and a
// stream of identical pods, scheduled one cycle at a time by the default
// profile with LeastAllocated (spreading) or MostAllocated (bin-packing),
// drawn as a heat map of the nodes' CPU requested. It runs on
// scheduler.Fleet, the engine's lean model, which picks the same node as
// the full cycle (engine/scheduler TestFleetMatchesScheduler).
const (
	largePreset  = "large"
	largeDefault = 1000
	largeMin     = 100
	largeMax     = 5000
	largeSteps   = 10 // batches; the stream is 2 pods per node, size/5 pods a batch

	// Each node: 4 cores, 16Gi, 110 pods; each pod requests 1 core and
	// 2Gi, so 4 fit on a node (CPU runs out first) and the whole stream
	// (2 per node) fills half the cluster's CPU.
	largeNodeCPU, largeNodeMem = 4000, 16 << 30
	largePodCPU, largePodMem   = 1000, 2 << 30
)

var largeStrategies = []string{string(scheduler.LeastAllocated), string(scheduler.MostAllocated)}

// largeState is the large-cluster view's whole state: the typed size and
// strategy (bad input is kept and shown beside its control), the seed and
// the step. The fleet and its snapshot per step are computed from them.
type largeState struct {
	sizeIn, scoringIn string // as typed; "" is the default
	seed              uint64
	step              int

	size        int
	scoring     scheduler.Scoring
	problems    map[string]string
	fleet       *scheduler.Fleet
	snaps       []scheduler.FleetSnapshot // snaps[k]: after k batches
	batches     []largeBatch              // batches[k-1]: what batch k did
	pendingPods int
}

// largeBatch is what one batch of the stream did.
type largeBatch struct {
	Pods, Scheduled, Pending int
	Last                     scheduler.FleetCycle // the batch's last cycle
	FitMessage               string
}

func newLarge(sizeIn, scoringIn string, seed uint64) *largeState {
	l := &largeState{sizeIn: sizeIn, scoringIn: scoringIn, seed: seed}
	l.build()
	return l
}

// build validates the inputs and starts the fleet at step 0.
func (l *largeState) build() {
	l.problems = map[string]string{}
	l.size = largeDefault
	if l.sizeIn != "" {
		n, err := strconv.Atoi(l.sizeIn)
		if err != nil || n < largeMin || n > largeMax {
			l.problems["size"] = fmt.Sprintf("The number of nodes must be a whole number from %d to %d, not %q; showing %d.", largeMin, largeMax, clip(l.sizeIn), largeDefault)
		} else {
			l.size = n
		}
	}
	l.scoring = scheduler.LeastAllocated
	switch l.scoringIn {
	case "", string(scheduler.LeastAllocated):
	case string(scheduler.MostAllocated):
		l.scoring = scheduler.MostAllocated
	default:
		// apis/config/validation ValidateNodeResourcesFitArgs: the
		// scoringStrategy type must be one of the supported ones.
		l.problems["scoring"] = fmt.Sprintf("scoringStrategy.type: Unsupported value: %q: supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\" (this view draws the first two); showing LeastAllocated.", clip(l.scoringIn))
	}
	f, err := scheduler.NewFleet(scheduler.FleetConfig{Nodes: l.size, NodeCPU: largeNodeCPU, NodeMem: largeNodeMem, NodePods: 110,
		PodCPU: largePodCPU, PodMem: largePodMem, Scoring: l.scoring, Seed: l.seed})
	if err != nil {
		panic(err) // size was checked
	}
	l.fleet = f
	l.snaps = []scheduler.FleetSnapshot{f.Snapshot()}
	l.batches = nil
	l.step = 0
}

func (l *largeState) batchSize() int { return l.size / 5 }

// goTo moves to step k, running the batches not yet run.
func (l *largeState) goTo(k int) {
	for len(l.snaps) <= k {
		l.fleet.Restore(l.snaps[len(l.snaps)-1])
		b := largeBatch{Pods: l.batchSize()}
		for range b.Pods {
			c := l.fleet.Schedule()
			if c.Selected < 0 {
				b.Pending++
				b.FitMessage = c.FitMessage
			} else {
				b.Scheduled++
			}
			b.Last = c
		}
		l.batches = append(l.batches, b)
		l.snaps = append(l.snaps, l.fleet.Snapshot())
	}
	l.step = k
}

func (l *largeState) counts() []int32 { return l.snaps[l.step].Counts }

// Apply implements demos.State for the view (the State delegates).
func (l *largeState) Apply(a demos.Action) error {
	switch a.Kind {
	case "step":
		if l.step >= largeSteps {
			return fmt.Errorf("this is the last step")
		}
		l.goTo(l.step + 1)
	case "back":
		if l.step <= 0 {
			return fmt.Errorf("this is the first step")
		}
		l.step--
	case "reset":
		l.step = 0
	case "goto":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 || n > largeSteps {
			return fmt.Errorf("step must be a number from 0 to %d, not %q", largeSteps, clip(a.Value))
		}
		l.goTo(n)
	case "set":
		if len(a.Value) > maxInput {
			return fmt.Errorf("%s can be at most %d characters", a.Key, maxInput)
		}
		v := strings.TrimSpace(a.Value)
		switch a.Key {
		case "size":
			l.sizeIn = v
		case "scoring":
			l.scoringIn = v
		case "seed":
			n, err := strconv.ParseUint(v, 10, 32)
			if err != nil {
				return fmt.Errorf("seed must be a whole number from 0 to 4294967295, not %q", clip(v))
			}
			l.seed = n
		default:
			return fmt.Errorf("the large-cluster view has no setting %q", clip(a.Key))
		}
		step := l.step
		l.build()
		l.goTo(step) // a new cluster, replayed to the same step
	default:
		return fmt.Errorf("the scheduler demo does not understand the action %q", clip(a.Kind))
	}
	return nil
}

// query is the view's readable URL state.
func (l *largeState) query() url.Values {
	q := url.Values{"preset": {largePreset}}
	if l.sizeIn != "" && l.sizeIn != strconv.Itoa(largeDefault) {
		q.Set("size", l.sizeIn)
	}
	if l.scoringIn != "" && l.scoringIn != string(scheduler.LeastAllocated) {
		q.Set("scoring", l.scoringIn)
	}
	if l.seed != 1 {
		q.Set("seed", strconv.FormatUint(l.seed, 10))
	}
	if l.step != 0 {
		q.Set("step", strconv.Itoa(l.step))
	}
	return q
}

// Utilisation buckets: the share of the node's CPU requested. With 4 pods
// to a node they are exactly 0, 25, 50, 75 and 100%.
var largeBuckets = []string{"0%", "25%", "50%", "75%", "100%"}

func (l *largeState) bucketCounts() []int {
	out := make([]int, len(largeBuckets))
	for _, k := range l.counts() {
		out[l.bucket(k)]++
	}
	return out
}

func (l *largeState) bucket(k int32) int {
	max := l.fleet.MaxPodsPerNode()
	return int(k) * (len(largeBuckets) - 1) / max
}

func (l *largeState) podsSoFar() (scheduled, pending int) {
	for _, b := range l.batches[:l.step] {
		scheduled += b.Scheduled
		pending += b.Pending
	}
	return
}

// toFindText explains numFeasibleNodesToFind for this size
// (schedule_one.go, adaptive percentageOfNodesToScore).
func (l *largeState) toFindText() string {
	n := l.size
	find := scheduler.NumFeasibleNodesToFind(n)
	pct := 50 - n/125
	clamp := ""
	if pct < 5 {
		pct, clamp = 5, " (at least 5%)"
	}
	raw := n * pct / 100
	if raw < 100 {
		return fmt.Sprintf("%d nodes: percentageOfNodesToScore is 0 (adaptive), so 50 − %d/125 = %d%%%s of %d is %d, below the minimum of 100: each cycle stops once %d nodes are feasible.", n, n, pct, clamp, n, raw, find)
	}
	return fmt.Sprintf("%d nodes: percentageOfNodesToScore is 0 (adaptive), so 50 − %d/125 = %d%%%s of %d: each cycle stops once %d nodes are feasible and scores only those.", n, n, pct, clamp, n, find)
}

func (l *largeState) narration() string {
	sched, pending := l.podsSoFar()
	total := largeSteps * l.batchSize()
	if l.step == 0 {
		return fmt.Sprintf("%d empty nodes; %d pods (1 CPU, 2Gi each) will arrive in %d batches and be scheduled with %s, scoring %d nodes per cycle.",
			l.size, total, largeSteps, l.scoring, scheduler.NumFeasibleNodesToFind(l.size))
	}
	bc := l.bucketCounts()
	s := fmt.Sprintf("After %d of %d pods with %s: %d nodes empty, %d full; the last cycle checked %d nodes from node index %d and the next starts at %d.",
		sched+pending, total, l.scoring, bc[0], bc[len(bc)-1], l.batches[l.step-1].Last.Processed, l.batches[l.step-1].Last.Start, l.batches[l.step-1].Last.Next)
	if pending > 0 {
		s += fmt.Sprintf(" %d pods did not fit.", pending)
	}
	return s
}

func (l *largeState) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kube-scheduler, default profile (%s). Large cluster: %d nodes (4 CPU, 16Gi, 110 pods each), NodeResourcesFit scoringStrategy %s, seed %d.\n",
		Definition.Upstream, l.size, l.scoring, l.seed)
	fmt.Fprintf(&b, "Step %d of %d. %s\n", l.step, largeSteps, l.narration())
	for _, k := range []string{"size", "scoring"} {
		if p := l.problems[k]; p != "" {
			fmt.Fprintf(&b, "  %s rejected: %s\n", k, p)
		}
	}
	fmt.Fprintf(&b, "Nodes scored per cycle: %s\n", l.toFindText())
	sched, pending := l.podsSoFar()
	fmt.Fprintf(&b, "Pods: %d scheduled, %d pending, of %d in the stream (%d per batch).\n", sched, pending, largeSteps*l.batchSize(), l.batchSize())
	b.WriteString("CPU requested per node:\n")
	for i, n := range l.bucketCounts() {
		fmt.Fprintf(&b, "  %4s: %d nodes\n", largeBuckets[i], n)
	}
	if l.step > 0 {
		c := l.batches[l.step-1].Last
		fmt.Fprintf(&b, "Last cycle: Filter started at %s (index %d), checked %d nodes, %d feasible; nextStartNodeIndex = (%d + %d) %% %d = %d.\n",
			l.fleet.NodeName(c.Start), c.Start, c.Processed, c.Feasible, c.Start, c.Processed, l.size, c.Next)
		if m := l.batches[l.step-1].FitMessage; m != "" {
			fmt.Fprintf(&b, "FailedScheduling: %s\n", m)
		}
	}
	return b.String()
}

// Heat map layout: cells in node order, row-major, so the window each
// cycle checks (from nextStartNodeIndex on) is a band.
const largeCell = 1

func (l *largeState) grid() (cols, rows int) {
	// About twice as wide as tall: 5000 nodes are 100 × 50, 1000 are 45 × 23.
	cols = int(math.Round(math.Sqrt(float64(2 * l.size))))
	rows = (l.size + cols - 1) / cols
	return
}

func (l *largeState) view(link templates.Link) templ.Component {
	return templates.SchedLarge(l.viewModel(link))
}

func (l *largeState) viewModel(link templates.Link) templates.SchedLargeView {
	v := templates.SchedLargeView{ID: elementIDLarge(link), Upstream: Definition.Upstream, ToFind: l.toFindText()}
	for _, p := range presets {
		q := url.Values{}
		if p.Name != presets[0].Name {
			q.Set("preset", p.Name)
		}
		v.Presets = append(v.Presets, templates.SchedChoice{Label: p.Label, Href: link.Href(q), Action: "set", Key: "preset", Value: p.Name})
	}
	v.Presets = append(v.Presets, templates.SchedChoice{Label: "A large cluster", Href: link.Href(url.Values{"preset": {largePreset}}), Action: "set", Key: "preset", Value: largePreset, Current: true})

	// The form: size and strategy; everything else rides along.
	action := link.Path
	if link.Anchor != "" {
		action += "#" + link.Anchor
	}
	v.Form.Action = templ.SafeURL(action)
	for _, k := range sortedKeysValues(link.Keep) {
		for _, val := range link.Keep[k] {
			v.Form.Hidden = append(v.Form.Hidden, templates.SchedHidden{Name: k, Value: val})
		}
	}
	q := l.query()
	for _, k := range []string{"preset", "seed", "step"} {
		for _, val := range q[k] {
			v.Form.Hidden = append(v.Form.Hidden, templates.SchedHidden{Name: link.FieldName(k), Value: val})
		}
	}
	sizeVal := l.sizeIn
	if sizeVal == "" {
		sizeVal = strconv.Itoa(largeDefault)
	}
	v.Form.Controls = []templates.SchedControl{
		{ID: v.ID + "-size", Name: link.FieldName("size"), Key: "size", Label: "Nodes", Help: fmt.Sprintf("%d to %d, each 4 CPU and 16Gi", largeMin, largeMax),
			Value: sizeVal, Number: true, Min: strconv.Itoa(largeMin), Max: strconv.Itoa(largeMax), Problem: l.problems["size"], TestID: "size"},
		{ID: v.ID + "-scoring", Name: link.FieldName("scoring"), Key: "scoring", Label: "NodeResourcesFit scoringStrategy", Help: "LeastAllocated spreads (the default); MostAllocated packs",
			Value: string(l.scoring), Problem: l.problems["scoring"], TestID: "scoring"},
	}
	sc := &v.Form.Controls[1]
	for _, s := range largeStrategies {
		sc.Options = append(sc.Options, templates.SchedOption{Value: s, Label: s, Selected: s == string(l.scoring) && l.problems["scoring"] == ""})
	}
	if l.problems["scoring"] != "" {
		sc.Options = append(sc.Options, templates.SchedOption{Value: l.scoringIn, Label: clip(l.scoringIn) + " (not supported)", Selected: true})
	}

	// The heat map: one path per bucket, a rectangle per run of
	// same-bucket nodes in a row.
	cols, rows := l.grid()
	v.Map = templates.SchedHeatMap{Width: cols * largeCell, Height: rows * largeCell,
		Title: fmt.Sprintf("Heat map of %d nodes, CPU requested", l.size)}
	counts := l.counts()
	paths := make([]strings.Builder, len(largeBuckets))
	for r := 0; r < rows; r++ {
		for c0 := 0; c0 < cols; {
			i := r*cols + c0
			if i >= l.size {
				break
			}
			bk := l.bucket(counts[i])
			c1 := c0 + 1
			for c1 < cols && r*cols+c1 < l.size && l.bucket(counts[r*cols+c1]) == bk {
				c1++
			}
			w := (c1 - c0) * largeCell
			fmt.Fprintf(&paths[bk], "M%d %dh%dv%dh-%dz", c0*largeCell, r*largeCell, w, largeCell, w)
			c0 = c1
		}
	}
	bc := l.bucketCounts()
	for i, name := range largeBuckets {
		v.Map.Layers = append(v.Map.Layers, templates.SchedLayer{Class: fmt.Sprintf("sc-heat-%d", i), D: paths[i].String()})
		v.Buckets = append(v.Buckets, templates.SchedBucket{Label: name, Class: fmt.Sprintf("sc-heat-%d", i), Nodes: strconv.Itoa(bc[i]),
			Share: fmt.Sprintf("%.1f%%", 100*float64(bc[i])/float64(l.size))})
	}
	var desc []string
	for i, name := range largeBuckets {
		desc = append(desc, fmt.Sprintf("%d nodes at %s", bc[i], name))
	}
	v.Map.Desc = "Nodes in index order, left to right and top to bottom: " + strings.Join(desc, ", ") + "."
	if l.step > 0 {
		c := l.batches[l.step-1].Last
		// The window the last cycle checked, as cells outlined.
		v.Map.Window = l.windowPath(c.Start, c.Processed, cols)
		v.Map.NextX, v.Map.NextY = (c.Next%cols)*largeCell, (c.Next/cols)*largeCell
		v.Map.ShowNext = true
		v.LastCycle = fmt.Sprintf("Last cycle: Filter started at %s (index %d) and checked %d nodes, %d of them feasible, then stopped; the next cycle starts at index (%d + %d) %% %d = %d (schedule_one.go nextStartNodeIndex).",
			l.fleet.NodeName(c.Start), c.Start, c.Processed, c.Feasible, c.Start, c.Processed, l.size, c.Next)
		if m := l.batches[l.step-1].FitMessage; m != "" {
			v.Failed = m
		}
	}
	sched, pending := l.podsSoFar()
	v.Pods = fmt.Sprintf("%d scheduled, %d pending, of %d pods in %d batches of %d.", sched, pending, largeSteps*l.batchSize(), largeSteps, l.batchSize())
	v.Problems = l.problems
	return v
}

// windowPath outlines the cells start … start+n−1 (wrapping past the last
// node to the first): each linear run is one closed outline around the rows
// it covers, so the window reads as one band.
func (l *largeState) windowPath(start, n, cols int) string {
	var b strings.Builder
	for n > 0 {
		end := min(start+n, l.size) // [start, end)
		outline(&b, start, end, cols)
		n -= end - start
		start = 0
	}
	return b.String()
}

// outline draws the border of cells [a, b) of a row-major grid.
func outline(b *strings.Builder, a, e, cols int) {
	r1, c1 := a/cols, a%cols
	last := e - 1
	r2, c2 := last/cols, last%cols+1 // c2: the column after the last cell
	if r1 == r2 {
		fmt.Fprintf(b, "M%d %dH%dV%dH%dZ", c1, r1, c2, r1+1, c1)
		return
	}
	// Top-left corner of the first cell, along the first row to the right
	// edge, down to the last row, back along it, down one, left to the edge,
	// up to under the first row, and back to the start.
	fmt.Fprintf(b, "M%d %dH%dV%dH%dV%dH0V%dH%dZ", c1, r1, cols, r2, c2, r2+1, r1+1, c1)
}

func elementIDLarge(link templates.Link) string { return elementID(link) + "-large" }

func sortedKeysValues(m url.Values) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
