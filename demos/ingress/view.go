package ingress

import (
	"github.com/a-h/templ"

	"github.com/kubeviz/kubeviz/web/templates"
)

// View implements demos.State.
func (s *State) View(link templates.Link) templ.Component {
	return templates.Ingress(s.viewModel(link))
}
