package pod

// Warnings: what the API server sends back in Warning headers on create
// (kubectl prints each as "Warning: ..."), from k8s.io/kubernetes
// pkg/api/pod/warnings.go warningsForPodSpecAndMeta, for the parts a
// hand-written pod can trip over. They do not stop the create.

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Warnings returns the API server's warnings for creating p (call it on the
// defaulted pod, as the server does), in upstream's order: deprecated
// volume plugins, duplicate imagePullSecrets, fractional byte quantities
// and duplicate env names per container, port clashes, then a negative
// terminationGracePeriodSeconds (which validation lets through: the
// kubelet treats it as 1).
func Warnings(p *corev1.Pod) []string {
	if p == nil {
		return nil
	}
	var warnings []string
	spec := field.NewPath("spec")
	for i, v := range p.Spec.Volumes {
		vp := spec.Child("volumes").Index(i)
		switch {
		case v.GitRepo != nil:
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.11", vp.Child("gitRepo")))
		case v.CephFS != nil:
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.28, non-functional in v1.31+", vp.Child("cephfs")))
		case v.RBD != nil:
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.28, non-functional in v1.31+", vp.Child("rbd")))
		}
	}
	if len(p.Spec.ImagePullSecrets) > 1 {
		seen := sets.New[string]()
		for i, s := range p.Spec.ImagePullSecrets {
			if seen.Has(s.Name) {
				warnings = append(warnings, fmt.Sprintf("%s: duplicate name %q", spec.Child("imagePullSecrets").Index(i).Child("name"), s.Name))
			} else {
				seen.Insert(s.Name)
			}
		}
	}
	for i, s := range p.Spec.ImagePullSecrets {
		if len(s.Name) == 0 {
			warnings = append(warnings, fmt.Sprintf("%s: invalid empty name %q", spec.Child("imagePullSecrets").Index(i).Child("name"), s.Name))
		}
	}
	visit := func(f func(c *corev1.Container, p *field.Path)) {
		// pods.VisitContainersWithPath: init containers, then containers.
		for i := range p.Spec.InitContainers {
			f(&p.Spec.InitContainers[i], spec.Child("initContainers").Index(i))
		}
		for i := range p.Spec.Containers {
			f(&p.Spec.Containers[i], spec.Child("containers").Index(i))
		}
	}
	visit(func(c *corev1.Container, cp *field.Path) {
		frac := func(rl corev1.ResourceList, kind string, name corev1.ResourceName) {
			if q, ok := rl[name]; ok && q.MilliValue()%int64(1000) != int64(0) {
				warnings = append(warnings, fmt.Sprintf("%s: fractional byte value %q is invalid, must be an integer", cp.Child("resources", kind).Key(string(name)), q.String()))
			}
		}
		frac(c.Resources.Limits, "limits", corev1.ResourceMemory)
		frac(c.Resources.Requests, "requests", corev1.ResourceMemory)
		frac(c.Resources.Limits, "limits", corev1.ResourceEphemeralStorage)
		frac(c.Resources.Requests, "requests", corev1.ResourceEphemeralStorage)
		if len(c.Env) > 1 {
			seen := sets.New[string]()
			for i, e := range c.Env {
				if !seen.Has(e.Name) {
					seen.Insert(e.Name)
					continue
				}
				ref := fmt.Sprintf("$(%s)", e.Name)
				if e.ValueFrom != nil || e.Value == ref || !strings.Contains(e.Value, ref) {
					warnings = append(warnings, fmt.Sprintf("%s: hides previous definition of %q, which may be dropped when using apply", cp.Child("env").Index(i), e.Name))
				}
			}
		}
	})
	type portBlock struct {
		field *field.Path
		port  corev1.ContainerPort
	}
	allPorts := map[string][]portBlock{}
	visit(func(c *corev1.Container, cp *field.Path) {
		for i, port := range c.Ports {
			pp := cp.Child("ports").Index(i)
			if port.HostIP != "" && port.HostPort == 0 {
				warnings = append(warnings, fmt.Sprintf("%s: hostIP set without hostPort: %+v", pp, port))
			}
			k := fmt.Sprintf("%d/%s", port.ContainerPort, port.Protocol)
			for _, other := range allPorts[k] {
				switch {
				case port.HostIP == other.port.HostIP && port.HostPort == other.port.HostPort:
					warnings = append(warnings, fmt.Sprintf("%s: duplicate port definition with %s", pp, other.field))
				case port.HostPort == 0 || other.port.HostPort == 0:
					warnings = append(warnings, fmt.Sprintf("%s: overlapping port definition with %s", pp, other.field))
				case port.HostPort == other.port.HostPort && (port.HostIP == "") != (other.port.HostIP == ""):
					warnings = append(warnings, fmt.Sprintf("%s: dangerously ambiguous port definition with %s", pp, other.field))
				}
			}
			allPorts[k] = append(allPorts[k], portBlock{pp, port})
		}
	})
	if t := p.Spec.TerminationGracePeriodSeconds; t != nil && *t < 0 {
		warnings = append(warnings, fmt.Sprintf("%s: must be >= 0; negative values are invalid and will be treated as 1", spec.Child("terminationGracePeriodSeconds")))
	}
	return warnings
}
