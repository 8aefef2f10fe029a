package demos

import (
	"fmt"
	"strconv"
)

// Move applies the control bar's own actions to a stepped demo's step
// counter, 0 to last: "step", "back", "reset" and "goto" (Value is the step).
// It reports whether a was one of them; err is the sentence the page shows
// when it cannot apply (the counter is then unchanged). atEnd is what a step
// past the last says ("" for the plain sentence), for demos where the
// learner can act to go on.
func Move(step *int, last int, a Action, atEnd string) (handled bool, err error) {
	switch a.Kind {
	case "step":
		if *step >= last {
			if atEnd == "" {
				atEnd = "This is the last step: nothing more happens."
			}
			return true, fmt.Errorf("%s", atEnd)
		}
		*step++
	case "back":
		if *step <= 0 {
			return true, fmt.Errorf("This is the first step.")
		}
		*step--
	case "reset":
		*step = 0
	case "goto":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 || n > last {
			v := a.Value
			if len(v) > 40 {
				v = v[:40] + "…"
			}
			return true, fmt.Errorf("There is no step %q: the steps are 0 to %d.", v, last)
		}
		*step = n
	default:
		return false, nil
	}
	return true, nil
}
