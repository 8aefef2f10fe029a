// Package all lists every demo, in course order. Adding a demo is one line
// here plus its own package under demos/ and its view in web/templates/.
package all

import (
	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/architecture"
	"github.com/kubeviz/kubeviz/demos/autoscaling"
	"github.com/kubeviz/kubeviz/demos/configmaps"
	"github.com/kubeviz/kubeviz/demos/customsched"
	"github.com/kubeviz/kubeviz/demos/daemonsets"
	"github.com/kubeviz/kubeviz/demos/desiredstate"
	"github.com/kubeviz/kubeviz/demos/dns"
	"github.com/kubeviz/kubeviz/demos/ingress"
	"github.com/kubeviz/kubeviz/demos/netpol"
	"github.com/kubeviz/kubeviz/demos/nodefailure"
	"github.com/kubeviz/kubeviz/demos/podlifecycle"
	"github.com/kubeviz/kubeviz/demos/podspec"
	"github.com/kubeviz/kubeviz/demos/preemption"
	"github.com/kubeviz/kubeviz/demos/rollingupdate"
	"github.com/kubeviz/kubeviz/demos/scheduler"
	"github.com/kubeviz/kubeviz/demos/services"
	"github.com/kubeviz/kubeviz/demos/statefulsets"
)

// Demos returns every demo's Definition.
func Demos() []demos.Definition {
	return []demos.Definition{
		desiredstate.Definition,
		nodefailure.Definition,
		podspec.Definition,
		podlifecycle.Definition,
		scheduler.Definition,
		services.Definition,
		dns.Definition,
		ingress.Definition,
		netpol.Definition,
		rollingupdate.Definition,
		daemonsets.Definition,
		configmaps.Definition,
		architecture.Definition,
		statefulsets.Definition,
		autoscaling.Definition,
		preemption.Definition,
		customsched.Definition,
	}
}
