package scheduler

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
)

// MilliCPU formats millicores as a quantity: 1500 → "1500m", 2000 → "2".
func MilliCPU(m int64) string { return resource.NewMilliQuantity(m, resource.DecimalSI).String() }

// Bytes formats bytes as a binary quantity: 2147483648 → "2Gi".
func Bytes(b int64) string { return resource.NewQuantity(b, resource.BinarySI).String() }

// StatusText is a status as one line: "ok", or "Code: reason, reason".
func StatusText(s *Status) string {
	switch {
	case s.IsSuccess():
		return "ok"
	case s.IsSkip():
		return "Skip"
	}
	return s.Code.String() + ": " + s.Message()
}

// Describe prints a cycle as stable text, the form the tests and the
// page's text view use.
func Describe(c *Cycle) string {
	var b strings.Builder
	p := c.Pod
	fmt.Fprintf(&b, "pod %s/%s, priority %d: requests cpu %s, memory %s; scoring counts cpu %s, memory %s\n",
		p.Namespace, p.Name, c.Priority, MilliCPU(c.Requests.MilliCPU), Bytes(c.Requests.Memory),
		MilliCPU(c.NonZero.MilliCPU), Bytes(c.NonZero.Memory))
	fmt.Fprintf(&b, "nodes: %d, to find: %d\n", c.NumAllNodes, c.NumNodesToFind)
	b.WriteString("PreFilter:\n")
	for _, r := range c.PreFilter {
		fmt.Fprintf(&b, "  %s: %s (%s)\n", r.Plugin, StatusText(r.Status), r.Note)
	}
	b.WriteString("Filter:\n")
	for _, nf := range c.Filter {
		var parts []string
		for _, r := range nf.Results {
			parts = append(parts, r.Plugin+" "+StatusText(r.Status))
		}
		verdict := "feasible"
		if nf.Status != nil {
			verdict = "rejected by " + nf.Status.Plugin
		}
		fmt.Fprintf(&b, "  %s: %s | %s\n", nf.Node, verdict, strings.Join(parts, "; "))
	}
	if len(c.Feasible) > 0 {
		fmt.Fprintf(&b, "feasible, in the order Filter found them: %s\n", strings.Join(c.Feasible, ", "))
	}
	if len(c.Scores) > 0 {
		b.WriteString("Score (raw → normalized × weight = weighted):\n")
		for _, ps := range c.Scores {
			if ps.Skipped {
				fmt.Fprintf(&b, "  %s: skipped (%s)\n", ps.Plugin, ps.SkipReason)
				continue
			}
			var parts []string
			for i, n := range c.Feasible {
				parts = append(parts, fmt.Sprintf("%s %d→%d×%d=%d", n, ps.Raw[i], ps.Normalized[i], ps.Weight, ps.Weighted[i]))
			}
			fmt.Fprintf(&b, "  %s: %s\n", ps.Plugin, strings.Join(parts, ", "))
		}
		var tot []string
		for _, t := range c.Totals {
			tot = append(tot, fmt.Sprintf("%s %d", t.Node, t.Total))
		}
		fmt.Fprintf(&b, "total: %s\n", strings.Join(tot, ", "))
	}
	if c.Selected != "" {
		fmt.Fprintf(&b, "selected: %s", c.Selected)
		if len(c.Tied) > 1 {
			fmt.Fprintf(&b, " (tied at %d: %s; the first in Filter order wins)", c.TopScore, strings.Join(c.Tied, ", "))
		} else if len(c.Feasible) == 1 {
			b.WriteString(" (the only feasible node: not scored)")
		}
		b.WriteString("\n")
	} else {
		fmt.Fprintf(&b, "unschedulable: %s\n", c.FitMessage)
	}
	if pf := c.PostFilter; pf != nil {
		if pf.DynamicResources != nil {
			fmt.Fprintf(&b, "PostFilter DynamicResources: %s\n", StatusText(pf.DynamicResources))
		}
		b.WriteString("PostFilter DefaultPreemption:\n")
		for _, r := range pf.PerNode {
			if r.Status.IsSuccess() {
				fmt.Fprintf(&b, "  %s: %s\n", r.Plugin, r.Note)
			} else {
				fmt.Fprintf(&b, "  %s: %s\n", r.Plugin, StatusText(r.Status))
			}
		}
		if pf.PDBs > 0 {
			// With budgets in play, every candidate and its count matter
			// to pickOneNodeForPreemption: print them in its order.
			for _, cand := range pf.Candidates {
				fmt.Fprintf(&b, "  candidate %s: %d PDB violation(s); victims %s\n", cand.Node, cand.NumPDBViolations, victimList(cand.Victims))
			}
		}
		if pf.Nominated != "" {
			var vs []string
			for _, v := range pf.Victims {
				vs = append(vs, fmt.Sprintf("%s (priority %d)", v.Pod, v.Priority))
			}
			fmt.Fprintf(&b, "  nominated %s, evicting %s\n", pf.Nominated, strings.Join(vs, ", "))
		} else {
			fmt.Fprintf(&b, "  %s\n", pf.Status.Message())
		}
	}
	b.WriteString("events:\n")
	for _, e := range c.Events {
		fmt.Fprintf(&b, "  %s %s %s %s: %s\n", e.Object, e.Type, e.Reason, e.From, e.Message)
	}
	return b.String()
}

// victimList prints victims with their priority and, where a budget
// selects them, the budget and whether evicting them violates it.
func victimList(vs []Victim) string {
	var out []string
	for _, v := range vs {
		s := fmt.Sprintf("%s (priority %d", v.Pod, v.Priority)
		if len(v.PDBs) > 0 {
			if v.ViolatesPDB {
				s += ", violates PDB " + strings.Join(v.PDBs, ", ")
			} else {
				s += ", within PDB " + strings.Join(v.PDBs, ", ")
			}
		}
		out = append(out, s+")")
	}
	return strings.Join(out, ", ")
}
