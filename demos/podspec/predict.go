package podspec

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/pod"
)

var _ demos.Predictor = (*State)(nil)

// Prediction asks, before the tour stops at a field, what the API server
// will make of the pod there: the default it fills in beside that field
// (an image's imagePullPolicy, a port's protocol, a probe's timings, the
// requests a limit implies), or, at the first resources stop, the pod's
// QoS class. The answers are the engine's own (engine/pod WithDefaults and
// QOSClass, which the picture and the "Filled in by the API server" list
// show), read from the parsed pod, never written here.
func (s *State) Prediction() (demos.Prediction, bool) {
	d := s.doc
	if !d.Valid() || s.fieldDoc() != d {
		return demos.Prediction{}, false
	}
	next := s.nextInTour()
	if next == "" {
		return demos.Prediction{}, false
	}
	w := wildcard(next)
	if s.firstQoSStop() == next {
		if p, ok := s.predictQoS(next); ok {
			return p, true
		}
	}
	var field string
	switch {
	case strings.HasSuffix(w, "].image"):
		field = s.defaulted(parentPath(next) + ".imagePullPolicy")
	case strings.HasSuffix(w, "].ports"):
		field = s.defaulted(next+"[", ".protocol")
	case strings.HasSuffix(w, "].livenessProbe") || strings.HasSuffix(w, "].readinessProbe"):
		for _, f := range []string{".periodSeconds", ".timeoutSeconds", ".failureThreshold", ".successThreshold"} {
			if field = s.defaulted(next + f); field != "" {
				break
			}
		}
	case strings.HasSuffix(w, "].resources.limits"):
		field = s.defaulted(parentPath(next) + ".requests[")
	}
	if field == "" {
		return demos.Prediction{}, false
	}
	return s.predictDefault(next, field)
}

// defaulted is the first field the API server filled in whose path starts
// with prefix (and ends with suffix), or "".
func (s *State) defaulted(prefix string, suffix ...string) string {
	for _, df := range s.doc.Defaults {
		if strings.HasPrefix(df.Field, prefix) && (len(suffix) == 0 || strings.HasSuffix(df.Field, suffix[0])) {
			return df.Field
		}
	}
	return ""
}

// firstQoSStop is where the tour asks for the QoS class: its first stop in
// a container's resources, or, for a pod with none, its first container.
func (s *State) firstQoSStop() string {
	tour := s.tour()
	for _, p := range tour {
		if strings.Contains(wildcard(p), "].resources.") {
			return p
		}
	}
	for _, p := range tour {
		if wildcard(p) == "spec.containers[*]" {
			return p
		}
	}
	return ""
}

func (s *State) predictQoS(next string) (demos.Prediction, bool) {
	d := s.doc
	p := demos.Prediction{
		Question: fmt.Sprintf("Next stop: %s. Looking at every container's requests and limits, which QoS class will the pod get?", next),
		Choices:  []string{string(corev1.PodQOSGuaranteed), string(corev1.PodQOSBurstable), string(corev1.PodQOSBestEffort)},
		Answer:   -1,
	}
	p.Answer = slices.Index(p.Choices, string(d.QOS))
	if p.Answer < 0 {
		return demos.Prediction{}, false
	}
	// pkg/apis/core/v1/helper/qos/qos.go GetPodQOS (engine/pod QOSClass):
	// no requests or limits anywhere is BestEffort; Guaranteed needs cpu
	// and memory limits on every container, with requests equal to them;
	// anything else is Burstable.
	why := strings.TrimSuffix(strings.TrimPrefix(d.QOSWhy, string(d.QOS)+": "), ".")
	p.Why = fmt.Sprintf("Guaranteed needs cpu and memory limits on every container with requests equal to them, no requests or limits at all is BestEffort, and anything between is Burstable; here %s.", why)
	return p, true
}

// defaultChoices are the values a learner might expect for a defaulted
// field, by its last segment; the API server's value is added if missing.
var defaultChoices = map[string][]string{
	"imagePullPolicy":  {string(corev1.PullAlways), string(corev1.PullIfNotPresent), string(corev1.PullNever)},
	"protocol":         {string(corev1.ProtocolTCP), string(corev1.ProtocolUDP), string(corev1.ProtocolSCTP)},
	"periodSeconds":    {"1", "5", "10", "30"},
	"timeoutSeconds":   {"1", "5", "10", "30"},
	"failureThreshold": {"1", "3", "5", "10"},
	"successThreshold": {"1", "3", "5"},
}

// The rule behind each default, one clause, from pkg/apis/core/v1/defaults.go:
// SetDefaults_Container (imagePullPolicy from the image's tag),
// SetDefaults_ContainerPort (TCP), SetDefaults_Probe (timeoutSeconds 1,
// periodSeconds 10, successThreshold 1, failureThreshold 3), and
// SetDefaults_Pod (a container's limits become its requests where it sets
// none).
var defaultRules = map[string]string{
	"imagePullPolicy":  "the API server sets Always when the image's tag is latest (or it names neither tag nor digest) and IfNotPresent otherwise",
	"protocol":         "a container port that names no protocol gets TCP",
	"periodSeconds":    "a probe gets periodSeconds 10, timeoutSeconds 1, successThreshold 1 and failureThreshold 3 where it sets none",
	"timeoutSeconds":   "a probe gets periodSeconds 10, timeoutSeconds 1, successThreshold 1 and failureThreshold 3 where it sets none",
	"failureThreshold": "a probe gets periodSeconds 10, timeoutSeconds 1, successThreshold 1 and failureThreshold 3 where it sets none",
	"successThreshold": "a probe gets periodSeconds 10, timeoutSeconds 1, successThreshold 1 and failureThreshold 3 where it sets none",
	"requests":         "a container that sets a limit but no request for a resource gets a request equal to the limit",
}

func (s *State) predictDefault(next, field string) (demos.Prediction, bool) {
	var df pod.Defaulted
	for _, x := range s.doc.Defaults {
		if x.Field == field {
			df = x
		}
	}
	last := field[strings.LastIndexAny(field, ".")+1:]
	key := last
	if strings.Contains(field, ".resources.requests[") {
		key = "requests"
	}
	rule := defaultRules[key]
	if df.Field == "" || rule == "" {
		return demos.Prediction{}, false
	}
	p := demos.Prediction{
		Question: fmt.Sprintf("Next stop: %s. The YAML does not set %s: what will the API server fill in?", next, field),
	}
	if key == "requests" {
		// The limit it copies, a zero, or nothing at all.
		p.Choices = []string{df.Value, "0", "nothing: the request stays unset"}
	} else {
		p.Choices = slices.Clone(defaultChoices[key])
		if !slices.Contains(p.Choices, df.Value) {
			p.Choices = append(p.Choices, df.Value)
		}
	}
	p.Answer = slices.Index(p.Choices, df.Value)
	if p.Answer < 0 || len(p.Choices) < 2 {
		return demos.Prediction{}, false
	}
	p.Why = fmt.Sprintf("On create %s, so %s gets %s.", rule, field, df.Value)
	return p, true
}
