package netpol

import (
	"fmt"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// Matrix is every pod's new connection to every target under one set of
// policies: rows are sources, columns targets.
type Matrix struct {
	Sources []Endpoint
	Targets []Target
	Cells   [][]Verdict // [source][target]
}

// BuildMatrix evaluates every pod against every target.
func BuildMatrix(c *Cluster, policies []*networkingv1.NetworkPolicy) Matrix {
	m := Matrix{Targets: c.Targets()}
	for i := range c.Pods {
		p := &c.Pods[i]
		src := Endpoint{Pod: p, IP: p.IP}
		m.Sources = append(m.Sources, src)
		row := make([]Verdict, len(m.Targets))
		for j, t := range m.Targets {
			row[j] = Evaluate(c, policies, Conn{Src: src, Dst: t.To, Port: t.Port, Protocol: t.Protocol})
		}
		m.Cells = append(m.Cells, row)
	}
	return m
}

// Allowed counts the allowed cells.
func (m Matrix) Allowed() (allowed, total int) {
	for _, row := range m.Cells {
		for _, v := range row {
			total++
			if v.Allowed {
				allowed++
			}
		}
	}
	return allowed, total
}

// String prints the matrix as a table: ✓ allowed, ✗ denied, "·" a pod to
// itself.
func (m Matrix) String() string {
	var b strings.Builder
	w := 11
	for _, s := range m.Sources {
		w = max(w, len(s.Short()))
	}
	cols := make([]string, len(m.Targets))
	for j, t := range m.Targets {
		cols[j] = t.String()
	}
	fmt.Fprintf(&b, "%-*s", w, "from \\ to")
	for _, c := range cols {
		fmt.Fprintf(&b, " %s", c)
	}
	b.WriteByte('\n')
	for i, s := range m.Sources {
		fmt.Fprintf(&b, "%-*s", w, s.Short())
		for j, c := range cols {
			v := m.Cells[i][j]
			sym := "✗"
			switch {
			case v.Self:
				sym = "·"
			case v.Allowed:
				sym = "✓"
			}
			pad := len([]rune(c)) - 1
			fmt.Fprintf(&b, " %*s%s", pad/2, "", sym)
			fmt.Fprintf(&b, "%*s", pad-pad/2, "")
		}
		b.WriteByte('\n')
	}
	a, t := m.Allowed()
	fmt.Fprintf(&b, "%d of %d connections allowed\n", a, t)
	return b.String()
}
