package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// stepsDemo is a tiny stepped demo that exercises the live pipeline without
// depending on any real demo: its state is a step number in 0..total.
var stepsDemo = demos.Definition{
	Name:     "steps",
	Title:    "Steps",
	Summary:  "Counts steps.",
	Section:  "pods",
	Upstream: "nothing",
	Params:   []demos.Param{{Name: "step", Default: "0"}, {Name: "pad", Default: "0"}},
	Open: func(q url.Values) (demos.State, []string) {
		st := &stepsState{total: 9}
		st.pad, _ = strconv.Atoi(q.Get("pad"))
		var probs []string
		if v := q.Get("step"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > st.total {
				probs = append(probs, fmt.Sprintf("step %q is not a step of this demo (0 to %d); showing step 0.", v, st.total))
			} else {
				st.step = n
			}
		}
		return st, probs
	},
}

// pad makes every frame that many bytes larger (to fill socket buffers).
type stepsState struct{ step, total, pad int }

func (s *stepsState) Apply(a demos.Action) error {
	switch a.Kind {
	case "step":
		if s.step >= s.total {
			return fmt.Errorf("already at the last step")
		}
		s.step++
	case "back":
		if s.step == 0 {
			return fmt.Errorf("already at the first step")
		}
		s.step--
	case "reset":
		s.step = 0
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

func (s *stepsState) Query() url.Values {
	q := url.Values{}
	if s.step != 0 {
		q.Set("step", strconv.Itoa(s.step))
	}
	if s.pad != 0 {
		q.Set("pad", strconv.Itoa(s.pad))
	}
	return q
}

func (s *stepsState) View(link templates.Link) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := fmt.Fprintf(w, `<p data-testid="value">value %d</p><a href="%s">next</a>`, s.step,
			html.EscapeString(link.String(url.Values{"step": {strconv.Itoa(s.step + 1)}})))
		if err == nil && s.pad > 0 {
			_, err = io.WriteString(w, "<!--"+strings.Repeat("x", s.pad)+"-->")
		}
		return err
	})
}

func (s *stepsState) Narration() string    { return fmt.Sprintf("At step %d.", s.step) }
func (s *stepsState) Text() string         { return fmt.Sprintf("step %d of %d", s.step, s.total) }
func (s *stepsState) Progress() (int, int) { return s.step, s.total }

var testSections = []templates.Section{
	{ID: "intro", Title: "Intro"},
	{ID: "pods", Title: "Pods", Demo: "steps"},
	{ID: "later", Title: "Later", Planned: "scheduler"},
}

// Prediction makes the test demo a demos.Predictor: the engine answers.
func (s *stepsState) Prediction() (demos.Prediction, bool) {
	if s.step >= s.total {
		return demos.Prediction{}, false
	}
	return demos.Prediction{Question: "What value comes next?",
		Choices: []string{strconv.Itoa(s.step), strconv.Itoa(s.step + 1), strconv.Itoa(s.step + 2)}, Answer: 1,
		Why: "Each step adds one."}, true
}
