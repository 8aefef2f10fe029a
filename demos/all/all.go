// Package all lists every demo, in course order. Adding a demo is one line
// here plus its own package under demos/ and its view in web/templates/.
package all

import (
	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/podspec"
)

// Demos returns every demo's Definition.
func Demos() []demos.Definition {
	return []demos.Definition{
		podspec.Definition,
	}
}
