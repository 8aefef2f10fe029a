package kubectl

import "testing"

// Table follows cli-runtime pkg/printers/tabwriter.go GetNewTabWriter
// (minwidth 6, padding 3): a column is as wide as its widest cell plus 3,
// but at least 6; the last column is not padded.
func TestTableShortAndLongColumn(t *testing.T) {
	got := Table([][]string{
		{"A", "NAME", "X"},
		{"b", "a-much-longer-name", "y"},
	})
	want := "A     NAME                 X\n" +
		"b     a-much-longer-name   y"
	if got != want {
		t.Errorf("Table:\n%q\nwant\n%q", got, want)
	}
}

// DescribeTable follows kubectl/pkg/describe/describe.go tabbedString
// (minwidth 0, padding 2).
func TestDescribeTable(t *testing.T) {
	got := DescribeTable([][]string{
		{"  Type", "Status"},
		{"  ----", "------"},
		{"  Ready", "True"},
		{"  A", "False"},
	})
	want := "  Type   Status\n" +
		"  ----   ------\n" +
		"  Ready  True\n" +
		"  A      False"
	if got != want {
		t.Errorf("DescribeTable:\n%q\nwant\n%q", got, want)
	}
}

func TestEventsSortCutAndEmpty(t *testing.T) {
	rows := []EventRow{
		{Last: 30, LastAge: "10s", Type: "Normal", Reason: "Late", Object: "Pod/p", Message: "third"},
		{Last: 10, LastAge: "30s", Type: "Normal", Reason: "Early", Object: "Pod/p", Message: "first"},
		{Last: 20, LastAge: "20s", FirstAge: "2m", Count: 3, Type: "Warning", Reason: "BackOff", Object: "Pod/p", Message: "second"},
		{Last: 30, LastAge: "10s", Type: "Normal", Reason: "Tie", Object: "Node/n", Message: "fourth"},
	}
	got := Events("default", rows, 3)
	want := "LAST SEEN          TYPE      REASON    OBJECT   MESSAGE\n" +
		"20s (x3 over 2m)   Warning   BackOff   Pod/p    second\n" +
		"10s                Normal    Late      Pod/p    third\n" +
		"10s                Normal    Tie       Node/n   fourth"
	if got != want {
		t.Errorf("Events:\n%s\nwant\n%s", got, want)
	}
	if rows[0].Reason != "Late" {
		t.Errorf("Events sorted its argument in place: rows[0] = %+v", rows[0])
	}
	if got, want := Events("default", nil, 5), "No events found in default namespace."; got != want {
		t.Errorf("no events: %q, want %q", got, want)
	}
	if got, want := Events("kube-system", rows, 0), "No events found in kube-system namespace."; got != want {
		t.Errorf("n=0: %q, want %q", got, want)
	}
}

func TestEventObject(t *testing.T) {
	for in, want := range map[string]string{
		"pod/web-7d4b9-x2x":   "Pod/web-7d4b9-x2x",
		"node/node-3":         "Node/node-3",
		"replicaset/web-7d4b": "ReplicaSet/web-7d4b",
		"deployment/web":      "Deployment/web",
		"service/web":         "service/web",
		"no-slash":            "no-slash",
	} {
		if got := EventObject(in); got != want {
			t.Errorf("EventObject(%q) = %q, want %q", in, got, want)
		}
	}
}
