package pod

// Resource requests and limits: validation.go validateResourceRequirements,
// validateContainerResourceName, validateResourceName,
// ValidateResourceQuantityValue and validatePodResources, with the
// resource-name helpers of pkg/apis/core/helper/helpers.go.

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const (
	hugePagesPrefix         = "hugepages-"
	requestsHugePagesPrefix = "requests.hugepages-"
	defaultNamespacePrefix  = "kubernetes.io/"
	defaultRequestsPrefix   = "requests."
)

var standardContainerResources = sets.New("cpu", "memory", "ephemeral-storage")

var standardResources = sets.New(
	"cpu", "memory", "ephemeral-storage",
	"requests.cpu", "requests.memory", "requests.ephemeral-storage",
	"limits.cpu", "limits.memory", "limits.ephemeral-storage",
	"pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
	"persistentvolumeclaims", "storage", "requests.storage",
	"services.nodeports", "services.loadbalancers")

var integerResources = sets.New(
	"pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
	"persistentvolumeclaims", "services.nodeports", "services.loadbalancers")

func isHugePages(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), hugePagesPrefix)
}

func isStandardResourceName(name corev1.ResourceName) bool {
	s := string(name)
	return standardResources.Has(s) || strings.HasPrefix(s, hugePagesPrefix) || strings.HasPrefix(s, requestsHugePagesPrefix)
}

func isNativeResource(name corev1.ResourceName) bool {
	return !strings.Contains(string(name), "/") || strings.Contains(string(name), defaultNamespacePrefix)
}

func isExtendedResourceName(name corev1.ResourceName) bool {
	if isNativeResource(name) || strings.HasPrefix(string(name), defaultRequestsPrefix) {
		return false
	}
	return len(validation.IsQualifiedName(defaultRequestsPrefix+string(name))) == 0
}

func isOvercommitAllowed(name corev1.ResourceName) bool {
	return isNativeResource(name) && !isHugePages(name)
}

func isIntegerResourceName(name corev1.ResourceName) bool {
	return integerResources.Has(string(name)) || isExtendedResourceName(name)
}

// validateResourceName is validateResourceName.
func validateResourceName(value corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, msg := range validation.IsQualifiedName(string(value)) {
		allErrs = append(allErrs, field.Invalid(fldPath, value, msg))
	}
	if len(allErrs) != 0 {
		return allErrs
	}
	if len(strings.Split(string(value), "/")) == 1 && !isStandardResourceName(value) {
		return append(allErrs, field.Invalid(fldPath, value, "must be a standard resource type or fully qualified"))
	}
	return allErrs
}

// validateContainerResourceName is validateContainerResourceName.
func validateContainerResourceName(value corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	allErrs := validateResourceName(value, fldPath)
	if len(strings.Split(string(value), "/")) == 1 {
		if !standardContainerResources.Has(string(value)) && !isHugePages(value) {
			return append(allErrs, field.Invalid(fldPath, value, "must be a standard resource for containers"))
		}
	} else if !isNativeResource(value) {
		if !isExtendedResourceName(value) {
			return append(allErrs, field.Invalid(fldPath, value, "doesn't follow extended resource name standard"))
		}
	}
	return allErrs
}

// validatePodResourceName is validatePodResourceName.
func validatePodResourceName(name corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	allErrs := validateResourceName(name, fldPath)
	if len(allErrs) != 0 {
		return allErrs
	}
	if !isPodLevelOvercommittable(name) && !isHugePages(name) {
		supported := []corev1.ResourceName{corev1.ResourceCPU, hugePagesPrefix, corev1.ResourceMemory}
		return append(allErrs, field.NotSupported(fldPath, name, supported))
	}
	return allErrs
}

// validateResourceQuantityValue is ValidateResourceQuantityValue.
func validateResourceQuantityValue(name corev1.ResourceName, value resource.Quantity, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if value.Cmp(resource.Quantity{}) < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath, value.String(), isNegativeErrorMsg))
	}
	if isIntegerResourceName(name) && value.MilliValue()%int64(1000) != int64(0) {
		allErrs = append(allErrs, field.Invalid(fldPath, value, isNotIntegerErrorMsg))
	}
	return allErrs
}

// hugePageValueError is validateResourceQuantityHugePageValue.
func hugePageValueError(name corev1.ResourceName, q resource.Quantity) error {
	size, err := resource.ParseQuantity(strings.TrimPrefix(string(name), hugePagesPrefix))
	if err != nil || size.Value() <= 0 || q.Value()%size.Value() != 0 {
		return fmt.Errorf("%s is not positive integer multiple of %s", q.String(), name)
	}
	return nil
}

// validateResourceRequirements is validateResourceRequirements (the
// claims are not modelled). Keys are visited in sorted order.
func validateResourceRequirements(req *corev1.ResourceRequirements, nameFn func(corev1.ResourceName, *field.Path) field.ErrorList, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	limPath := fldPath.Child("limits")
	reqPath := fldPath.Child("requests")
	var limCPUOrMem, reqCPUOrMem, limHuge, reqHuge bool
	for _, name := range sortedResourceNames(req.Limits) {
		q := req.Limits[name]
		p := limPath.Key(string(name))
		allErrs = append(allErrs, nameFn(name, p)...)
		allErrs = append(allErrs, validateResourceQuantityValue(name, q, p)...)
		if isHugePages(name) {
			limHuge = true
			if err := hugePageValueError(name, q); err != nil {
				allErrs = append(allErrs, field.Invalid(p, q.String(), err.Error()))
			}
		}
		if supportedResizeResources.Has(name) {
			limCPUOrMem = true
		}
	}
	for _, name := range sortedResourceNames(req.Requests) {
		q := req.Requests[name]
		p := reqPath.Key(string(name))
		allErrs = append(allErrs, nameFn(name, p)...)
		allErrs = append(allErrs, validateResourceQuantityValue(name, q, p)...)
		if lim, ok := req.Limits[name]; ok {
			// "For non overcommitable resources, not only requests can't
			// exceed limits, they also can't be lower, i.e. must be equal."
			if q.Cmp(lim) != 0 && !isOvercommitAllowed(name) {
				allErrs = append(allErrs, field.Invalid(reqPath, q.String(), fmt.Sprintf("must be equal to %s limit of %s", name, lim.String())))
			} else if q.Cmp(lim) > 0 {
				allErrs = append(allErrs, field.Invalid(reqPath, q.String(), fmt.Sprintf("must be less than or equal to %s limit of %s", name, lim.String())))
			}
		} else if !isOvercommitAllowed(name) {
			allErrs = append(allErrs, field.Required(limPath, "Limit must be set for non overcommitable resources"))
		}
		if isHugePages(name) {
			reqHuge = true
			if err := hugePageValueError(name, q); err != nil {
				allErrs = append(allErrs, field.Invalid(fldPath, q.String(), err.Error()))
			}
		}
		if supportedResizeResources.Has(name) {
			reqCPUOrMem = true
		}
	}
	if !limCPUOrMem && !reqCPUOrMem && (reqHuge || limHuge) {
		allErrs = append(allErrs, field.Forbidden(fldPath, "HugePages require cpu or memory"))
	}
	return allErrs
}

// validatePodResources is validatePodResources (spec.resources, feature
// PodLevelResources): the pod-level requirements themselves, then
// validatePodResourceConsistency.
func validatePodResources(spec *corev1.PodSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if spec.Resources.Claims != nil {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("claims"), "claims cannot be set for Resources at pod-level"))
	}
	allErrs = append(allErrs, validateResourceRequirements(spec.Resources, validatePodResourceName, fldPath)...)

	pod := &corev1.Pod{Spec: *spec}
	aggr := aggregateContainerResources(pod, func(c *corev1.Container) corev1.ResourceList { return c.Resources.Requests })
	reqPath := fldPath.Child("requests")
	for _, name := range sortedResourceNames(aggr) {
		ctrReqs := aggr[name]
		podReqs := spec.Resources.Requests[name]
		if ctrReqs.Cmp(podReqs) > 0 {
			allErrs = append(allErrs, field.Invalid(reqPath.Key(string(name)), podReqs.String(),
				fmt.Sprintf("must be greater than or equal to aggregate container requests of %s", ctrReqs.String())))
		}
	}
	for i, c := range spec.Containers {
		for _, name := range sortedResourceNames(c.Resources.Limits) {
			podLim, ok := spec.Resources.Limits[name]
			if !ok {
				continue
			}
			ctrLim := c.Resources.Limits[name]
			if ctrLim.Cmp(podLim) > 0 {
				// Upstream's path, as written: resources.containers[i][name].limits.
				p := fldPath.Child("containers").Index(i).Key(string(name)).Child("limits")
				allErrs = append(allErrs, field.Invalid(p, ctrLim.String(), fmt.Sprintf("must be less than or equal to pod limits of %s", podLim.String())))
			}
		}
	}
	return allErrs
}
