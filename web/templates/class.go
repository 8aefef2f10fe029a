package templates

import (
	"sync"

	"github.com/a-h/templ"
)

// Class is the attribute class="names" for spreading, { Class(names)... },
// where names comes from a fixed set the code knows (a syntax token's kind,
// a picture part's kind), not from input. templ turns every class={ … }
// expression into a cssProcessor (two maps and a slice for each element),
// the largest cost of frames with many highlighted tokens; a spread
// attribute is written from a slice made once per distinct names.
func Class(names string) templ.Attributer {
	if a, ok := classAttrs.Load(names); ok {
		return a.(templ.OrderedAttributes)
	}
	a := templ.OrderedAttributes{{Key: "class", Value: names}}
	classAttrs.Store(names, a)
	return a
}

var classAttrs sync.Map // names → templ.OrderedAttributes
