package pod

// QoS class, as k8s.io/kubernetes pkg/apis/core/v1/helper/qos/qos.go
// ComputePodQOS computes it (the pod strategy stores it in status.qosClass
// on create, pkg/registry/core/pod/strategy.go PrepareForCreate, after
// defaulting — so requests copied from limits count):
//
//   - with pod-level resources (spec.resources, feature PodLevelResources)
//     only those decide;
//   - otherwise each container, init containers included, gets a class from
//     its own cpu and memory (resourceQOS): no requests and no limits at all
//     → BestEffort; cpu and memory requests equal to limits and set →
//     Guaranteed; anything else → Burstable. Only cpu and memory count
//     (supportedQoSComputeResources); a container that asks only for
//     ephemeral-storage is still BestEffort by this rule.
//   - the pod is Burstable as soon as one container is Burstable or two
//     containers disagree; otherwise it has their common class.

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var qosResources = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}

// resourceQOS is qos.go resourceQOS, with the reason.
func resourceQOS(r *corev1.ResourceRequirements) (corev1.PodQOSClass, string) {
	if len(r.Requests) == 0 && len(r.Limits) == 0 {
		return corev1.PodQOSBestEffort, "sets no requests and no limits"
	}
	var qos corev1.PodQOSClass
	var set, unset []string
	for _, res := range qosResources {
		req := r.Requests[res]
		lim := r.Limits[res]
		if !req.Equal(lim) {
			_, hasReq := r.Requests[res]
			_, hasLim := r.Limits[res]
			switch {
			case !hasLim:
				return corev1.PodQOSBurstable, fmt.Sprintf("requests %s %s but sets no %s limit", req.String(), res, res)
			case !hasReq:
				return corev1.PodQOSBurstable, fmt.Sprintf("sets a %s limit of %s but no %s request", res, lim.String(), res)
			default:
				return corev1.PodQOSBurstable, fmt.Sprintf("requests %s %s, less than its %s limit of %s", req.String(), res, res, lim.String())
			}
		}
		bestEffort := req.IsZero() && lim.IsZero()
		if bestEffort {
			unset = append(unset, string(res))
		} else {
			set = append(set, fmt.Sprintf("%s %s", res, req.String()))
		}
		if qos == "" {
			if bestEffort {
				qos = corev1.PodQOSBestEffort
			} else {
				qos = corev1.PodQOSGuaranteed
			}
		} else if bestEffort != (qos == corev1.PodQOSBestEffort) {
			return corev1.PodQOSBurstable, fmt.Sprintf("sets %s with requests equal to limits but nothing for %s", strings.Join(set, ", "), strings.Join(unset, ", "))
		}
	}
	if qos == corev1.PodQOSBestEffort {
		return qos, "sets no cpu or memory requests or limits (only other resources)"
	}
	return qos, fmt.Sprintf("has requests equal to limits for cpu and memory (%s)", strings.Join(set, ", "))
}

// qosClass is QOSClass: ComputePodQOS with one sentence why.
func qosClass(p *corev1.Pod) (corev1.PodQOSClass, string) {
	if p == nil {
		return "", ""
	}
	if p.Spec.Resources != nil {
		q, why := resourceQOS(p.Spec.Resources)
		return q, fmt.Sprintf("%s: pod-level resources decide, and the pod %s.", q, why)
	}
	type verdict struct {
		name string
		qos  corev1.PodQOSClass
		why  string
	}
	var all []verdict
	// podutil.ContainerIter(&pod.Spec, InitContainers|Containers): init
	// containers first.
	for _, c := range p.Spec.InitContainers {
		q, why := resourceQOS(&c.Resources)
		all = append(all, verdict{"init container " + c.Name, q, why})
	}
	for _, c := range p.Spec.Containers {
		q, why := resourceQOS(&c.Resources)
		all = append(all, verdict{"container " + c.Name, q, why})
	}
	if len(all) == 0 {
		// "This should only happen in tests".
		return corev1.PodQOSBestEffort, "BestEffort: the pod has no containers."
	}
	var podQOS corev1.PodQOSClass
	var first verdict
	for _, v := range all {
		switch {
		case v.qos == corev1.PodQOSBurstable:
			return corev1.PodQOSBurstable, fmt.Sprintf("Burstable: %s %s.", v.name, v.why)
		case podQOS == "":
			podQOS, first = v.qos, v
		case podQOS != v.qos:
			g, b := first, v
			if g.qos != corev1.PodQOSGuaranteed {
				g, b = b, g
			}
			return corev1.PodQOSBurstable, fmt.Sprintf("Burstable: %s %s, but %s %s.", g.name, g.why, b.name, b.why)
		}
	}
	if podQOS == corev1.PodQOSGuaranteed {
		return podQOS, "Guaranteed: every container, init containers included, has cpu and memory requests equal to its limits (requests left out are copied from the limits on create)."
	}
	return podQOS, "BestEffort: no container, init containers included, sets a cpu or memory request or limit."
}
