package disruption

import "fmt"

// Check returns the first broken invariant of a timeline, or "":
//   - time never goes backwards, and output lines appear in time order;
//   - on every node, the cpu requested by the pods bound there (terminating
//     ones included: they hold their resources until they are gone) fits
//     its allocatable cpu;
//   - a terminating pod exists only between its deletion and GoneAt;
//   - a pod with a nominated node is not bound;
//   - a budget never allows a negative number of disruptions, and an
//     eviction is granted exactly when the budget it saw allowed one.
func Check(tl *Timeline) string {
	last := -1 << 31
	for i, f := range tl.Frames {
		if f.T < last {
			return fmt.Sprintf("frame %d: time goes back from %d to %d", i, last, f.T)
		}
		last = f.T
		prev := -1 << 31
		for _, l := range f.Output {
			if l.At < prev || l.At > f.T {
				return fmt.Sprintf("frame %d: output line %q at %ds out of order", i, l.Text, l.At)
			}
			prev = l.At
		}
		used := map[string]int64{}
		for _, p := range f.Pods {
			if !p.Exists(f.T) {
				return fmt.Sprintf("frame %d: %s is listed but does not exist at %ds", i, p.Name, f.T)
			}
			if p.Terminating(f.T) && p.GoneAt != Never && p.GoneAt <= f.T {
				return fmt.Sprintf("frame %d: %s is terminating after it is gone", i, p.Name)
			}
			if p.Nominated != "" && p.BoundAt != Never && f.T >= p.BoundAt {
				return fmt.Sprintf("frame %d: %s is bound and still nominated", i, p.Name)
			}
			if p.BoundAt != Never && f.T >= p.BoundAt {
				used[p.Node] += p.MilliCPU
			}
		}
		for _, n := range tl.Nodes {
			if used[n.Name] > n.MilliCPU {
				return fmt.Sprintf("frame %d: %s has %dm requested of %dm", i, n.Name, used[n.Name], n.MilliCPU)
			}
		}
		if f.PDB != nil && f.PDB.DisruptionsAllowed < 0 {
			return fmt.Sprintf("frame %d: disruptionsAllowed %d", i, f.PDB.DisruptionsAllowed)
		}
		for _, a := range f.Attempts {
			if a.Result.Allowed != (a.Before > 0) {
				return fmt.Sprintf("frame %d: eviction of %s answered %d with disruptionsAllowed %d", i, a.Pod, a.Result.Code, a.Before)
			}
		}
	}
	return ""
}
