package podlifecycle

import (
	"net/url"
	"sync"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/kubelet"
)

// A built scenario is the pod a preset and its settings make, the
// learner's mistakes, and every simulated second. It depends on those
// alone (the kubelet engine is deterministic), so states with the same
// settings share one, read only: opening a URL, or stepping through a
// timeline a lecture hall is also on, does not simulate it again
// (docs/performance.md: Open simulating every second was 90% of this demo's
// frame).
type scenario struct {
	pod    kubelet.Pod
	errs   fieldErrors
	frames []kubelet.Frame
}

// MaxScenarios bounds the scenarios kept; a timeline of the longest preset
// is a few hundred KiB.
const MaxScenarios = 32

var scenarios = struct {
	sync.Mutex
	m map[string]*scenario
}{m: map[string]*scenario{}}

// scenarioKey is the preset and the settings that differ from it.
func (st *State) scenarioKey() string {
	q := url.Values{}
	for k, v := range st.raw {
		q.Set(k, v)
	}
	return st.preset + "?" + q.Encode()
}

// builtScenario returns the state's scenario, simulating it on a miss.
func (st *State) builtScenario() *scenario {
	k := st.scenarioKey()
	scenarios.Lock()
	sc, ok := scenarios.m[k]
	scenarios.Unlock()
	if ok {
		return sc
	}
	sc = &scenario{}
	sc.pod, sc.errs = st.buildPod()
	sc.frames = kubelet.Run(sc.pod, st.total())
	scenarios.Lock()
	if len(scenarios.m) >= MaxScenarios {
		for k := range scenarios.m { // forget one, at random (map order)
			delete(scenarios.m, k)
			break
		}
	}
	scenarios.m[k] = sc
	scenarios.Unlock()
	return sc
}

// presetDefaults are defaultsOf of each preset, computed once: read only.
var presetDefaults sync.Map // preset name → map[string]string

// templateProbes are templateProbe's answers, computed once: read only,
// copied before use.
var templateProbes = sync.OnceValue(func() map[string]*corev1.Probe {
	m := map[string]*corev1.Probe{}
	c := appContainer(kubelet.App{}, true, true, true)
	p := kubelet.Pod{Name: "t", Namespace: "default", Containers: []kubelet.Container{c}}
	d := p.Defaulted().Containers[0]
	for _, k := range probeKinds {
		m[k] = probeOf(&d, k)
	}
	return m
})
