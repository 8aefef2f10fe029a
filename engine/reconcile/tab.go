package reconcile

import (
	"io"
	"text/tabwriter"
)

// newTab is kubectl's printers.GetNewTabWriter: minwidth 6, tabwidth 4,
// padding 3.
func newTab(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 6, 4, 3, ' ', 0) }
