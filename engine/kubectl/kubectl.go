// Package kubectl prints text the way kubectl prints it: the tables of
// kubectl get, the tables of kubectl describe and kubectl events. It is
// pure: no I/O, no clock; ages come in already formatted by the engines.
package kubectl

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// NewTabWriter is kubectl get's tabwriter: cli-runtime's GetNewTabWriter
// (staging/src/k8s.io/cli-runtime/pkg/printers/tabwriter.go:
// tabwriterMinWidth 6, tabwriterWidth 4, tabwriterPadding 3,
// tabwriterPadChar ' '). Upstream uses github.com/liggitt/tabwriter with
// the RememberWidths flag, which only matters across several Flush calls
// (kubectl get --watch); for one Flush the standard library's tabwriter
// with flags 0 prints the same bytes.
func NewTabWriter(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 6, 4, 3, ' ', 0)
}

// NewDescribeWriter is kubectl describe's tabwriter
// (staging/src/k8s.io/kubectl/pkg/describe/describe.go tabbedString:
// tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)).
func NewDescribeWriter(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
}

// Table prints rows as kubectl get does, one line a row, the cells
// aligned by NewTabWriter (staging/src/k8s.io/cli-runtime/pkg/printers/
// tabwriter.go GetNewTabWriter), without the final newline.
func Table(rows [][]string) string { return render(NewTabWriter, rows) }

// DescribeTable prints rows as kubectl describe's tables, aligned by
// NewDescribeWriter (staging/src/k8s.io/kubectl/pkg/describe/describe.go
// tabbedString), without the final newline. An indented row (describe's
// LEVEL_1) has its indent in its first cell: "  Type".
func DescribeTable(rows [][]string) string { return render(NewDescribeWriter, rows) }

func render(newWriter func(io.Writer) *tabwriter.Writer, rows [][]string) string {
	var b strings.Builder
	w := newWriter(&b)
	for _, r := range rows {
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
	w.Flush()
	return strings.TrimRight(b.String(), "\n")
}

// EventRow is one event as kubectl events prints it. The engines keep
// their own Event types and convert.
type EventRow struct {
	Last     int64  // when it was last seen: the sort key
	LastAge  string // translateTimestampSince(lastTimestamp): "5s"
	FirstAge string // translateTimestampSince(firstTimestamp)
	Count    int
	Type     string
	Reason   string
	Object   string // Kind/name: see EventObject
	Message  string
}

// Events is `kubectl events` in namespace ns (staging/src/k8s.io/kubectl/
// pkg/cmd/events/events.go Run: "No events found in %s namespace." when
// there are none, otherwise sort.Sort(SortableEvents) by last seen, oldest
// first, printed through printers.GetNewTabWriter; event_printer.go
// printHeadings "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE" and
// printOneEvent/getInterval: "LAST (xCOUNT over FIRST)" for a repeated
// event). Rows with the same Last keep their order. Only the last n rows
// are printed, as `kubectl events | tail` would.
func Events(ns string, rows []EventRow, n int) string {
	evs := append([]EventRow(nil), rows...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Last < evs[j].Last })
	if len(evs) > n {
		evs = evs[len(evs)-n:]
	}
	if len(evs) == 0 {
		return fmt.Sprintf("No events found in %s namespace.", ns)
	}
	table := [][]string{{"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"}}
	for _, e := range evs {
		seen := e.LastAge
		if e.Count > 1 {
			seen = fmt.Sprintf("%s (x%d over %s)", e.LastAge, e.Count, e.FirstAge)
		}
		table = append(table, []string{seen, e.Type, e.Reason, e.Object, e.Message})
	}
	return Table(table)
}

// EventObject is kubectl events' OBJECT column for an involved object
// written resource/name ("pod/web-1"): its Kind and name ("Pod/web-1",
// "ReplicaSet/web", "Node/node-3"), not the resource/name form of kubectl
// get events (staging/src/k8s.io/kubectl/pkg/cmd/events/event_printer.go
// printOneEvent: "%s/%s", e.InvolvedObject.Kind, e.InvolvedObject.Name).
// A resource it does not know, or a string without "/", is returned as is.
func EventObject(obj string) string {
	res, name, ok := strings.Cut(obj, "/")
	if !ok {
		return obj
	}
	kind, known := map[string]string{"pod": "Pod", "node": "Node", "replicaset": "ReplicaSet", "deployment": "Deployment"}[res]
	if !known {
		return obj
	}
	return kind + "/" + name
}
