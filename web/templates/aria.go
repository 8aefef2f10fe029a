package templates

// ariaBool spells a boolean ARIA state. A boolean attribute written with
// templ's attr?={…} renders as aria-x="" when true, which assistive
// technology reads as false: ARIA states need the words "true" and "false".
func ariaBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
