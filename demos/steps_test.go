package demos

import (
	"strings"
	"testing"
)

func TestMove(t *testing.T) {
	step := 0
	for _, c := range []struct {
		a       Action
		want    int
		handled bool
		err     string
	}{
		{Action{Kind: "back"}, 0, true, "This is the first step."},
		{Action{Kind: "step"}, 1, true, ""},
		{Action{Kind: "step"}, 2, true, ""},
		{Action{Kind: "step"}, 2, true, "This is the last step: nothing more happens."},
		{Action{Kind: "goto", Value: "1"}, 1, true, ""},
		{Action{Kind: "goto", Value: "3"}, 1, true, `There is no step "3": the steps are 0 to 2.`},
		{Action{Kind: "goto", Value: strings.Repeat("x", 100)}, 1, true, "…"},
		{Action{Kind: "set", Key: "x"}, 1, false, ""},
		{Action{Kind: "reset"}, 0, true, ""},
	} {
		handled, err := Move(&step, 2, c.a, "")
		got := ""
		if err != nil {
			got = err.Error()
		}
		if handled != c.handled || step != c.want || (c.err == "") != (got == "") || !strings.Contains(got, c.err) {
			t.Errorf("%+v: step %d handled %v err %q; want %d %v %q", c.a, step, handled, got, c.want, c.handled, c.err)
		}
	}
	if _, err := Move(&step, 0, Action{Kind: "step"}, "Act to go on."); err == nil || err.Error() != "Act to go on." {
		t.Errorf("atEnd: %v", err)
	}
}
