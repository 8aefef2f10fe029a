package scheduler

import (
	"fmt"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// fieldError is a message in the API server's form:
// `spec.containers[0].resources.requests[cpu]: Invalid value: "abc": …`
// (apimachinery field.Error.Error()).
func fieldError(path, value, detail string) string {
	return fmt.Sprintf("%s: Invalid value: %q: %s", path, value, detail)
}

// checkQuantity validates a request as the API server does
// (pkg/apis/core/validation ValidateResourceQuantityValue): it must parse
// (resource.ParseQuantity's own message) and be ≥ 0. Empty means unset.
func checkQuantity(name, s string) string {
	if s == "" {
		return ""
	}
	path := "spec.containers[0].resources.requests[" + name + "]"
	q, err := resource.ParseQuantity(s)
	if err != nil {
		return fieldError(path, s, err.Error())
	}
	if q.Sign() < 0 {
		return fieldError(path, s, "must be greater than or equal to 0")
	}
	return ""
}

// parseLabel reads "key=value" and validates both with apimachinery's
// label rules (the messages the API server gives for spec.nodeSelector).
func parseLabel(path, s string) (k, v, problem string) {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return "", "", fieldError(path, s, "write it as key=value, e.g. disktype=ssd")
	}
	if errs := validation.IsQualifiedName(k); len(errs) > 0 {
		return "", "", fieldError(path, k, strings.Join(errs, "; "))
	}
	if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
		return "", "", fieldError(path, v, strings.Join(errs, "; "))
	}
	return k, v, ""
}

// inputProblems holds a message per control that has bad input.
type inputProblems map[string]string

// buildPod makes the incoming pod from the controls. A control with bad
// input is reported and left out (its default is not guessed).
func buildPod(in podInput) (*v1.Pod, inputProblems) {
	probs := inputProblems{}
	spec := scheduler.PodSpec{Name: "web", Namespace: "default", UID: "6a1f0c2e-9b7d-4e55-8f3a-2c4d5e6f7a8b", Image: "nginx:1.27"}
	if p := checkQuantity("cpu", in.CPU); p != "" {
		probs["cpu"] = p
	} else {
		spec.CPU = in.CPU
	}
	if p := checkQuantity("memory", in.Memory); p != "" {
		probs["memory"] = p
	} else {
		spec.Memory = in.Memory
	}
	if in.Selector != "" {
		k, v, p := parseLabel("spec.nodeSelector", in.Selector)
		if p != "" {
			probs["selector"] = p
		} else {
			spec.NodeSelector = map[string]string{k: v}
		}
	}
	if in.Require != "" {
		k, vals, ok := strings.Cut(in.Require, "=")
		path := "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]"
		switch {
		case !ok || vals == "":
			probs["require"] = fieldError(path, in.Require, "write it as key=value or key=value1|value2")
		case len(validation.IsQualifiedName(k)) > 0:
			probs["require"] = fieldError(path+".key", k, strings.Join(validation.IsQualifiedName(k), "; "))
		default:
			values := strings.Split(vals, "|")
			bad := ""
			for _, v := range values {
				if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
					bad = fieldError(path+".values", v, strings.Join(errs, "; "))
				}
			}
			if bad != "" {
				probs["require"] = bad
			} else {
				spec.Required = []v1.NodeSelectorRequirement{{Key: k, Operator: v1.NodeSelectorOpIn, Values: values}}
			}
		}
	}
	if in.Prefer != "" {
		k, v, p := parseLabel("spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference", in.Prefer)
		if p != "" {
			probs["prefer"] = p
		} else {
			spec.Preferred = []v1.PreferredSchedulingTerm{{Weight: preferWeight, Preference: v1.NodeSelectorTerm{
				MatchExpressions: []v1.NodeSelectorRequirement{{Key: k, Operator: v1.NodeSelectorOpIn, Values: []string{v}}}}}}
		}
	}
	if in.Tolerate != "" {
		t, p := parseToleration(in.Tolerate)
		if p != "" {
			probs["tolerate"] = p
		} else {
			spec.Tolerations = []v1.Toleration{t}
		}
	}
	if in.Class != "" {
		c, ok := classByName(in.Class)
		if !ok {
			// admission/priority: the API server refuses the pod.
			probs["class"] = fmt.Sprintf("pods %q is forbidden: no PriorityClass with name %s was found", spec.Name, in.Class)
		} else {
			spec.ClassName, spec.Priority = c.Name, c.Value
			spec.Never = c.PreemptionPolicy == v1.PreemptNever
		}
	}
	if in.Port != "" {
		n, err := strconv.Atoi(in.Port)
		if err != nil || n < 1 || n > 65535 {
			// validation.IsValidPortNum's message
			msg := strings.Join(validation.IsValidPortNum(n), "; ")
			if err != nil {
				msg = "must be a whole number between 1 and 65535, inclusive"
			}
			probs["port"] = fieldError("spec.containers[0].ports[0].hostPort", in.Port, msg)
		} else {
			spec.HostPort = int32(n)
		}
	}
	pod, err := scheduler.MakePod(spec)
	if err != nil { // cannot happen: quantities were checked
		panic(err)
	}
	return pod, probs
}

// preferWeight is the weight of the preferred term the demo writes.
const preferWeight = 50

// parseToleration reads "key=value:Effect" (operator Equal) or
// "key:Effect" (operator Exists); an empty effect matches every effect.
func parseToleration(s string) (v1.Toleration, string) {
	path := "spec.tolerations[0]"
	kv, eff, _ := strings.Cut(s, ":")
	k, v, hasV := strings.Cut(kv, "=")
	t := v1.Toleration{Key: k, Operator: v1.TolerationOpExists, Effect: v1.TaintEffect(eff)}
	if hasV {
		t.Operator, t.Value = v1.TolerationOpEqual, v
	}
	switch t.Effect {
	case "", v1.TaintEffectNoSchedule, v1.TaintEffectPreferNoSchedule, v1.TaintEffectNoExecute:
	default:
		// pkg/apis/core/validation validateTaintEffect: field.NotSupported
		return t, fmt.Sprintf("%s.effect: Unsupported value: %q: supported values: \"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\"", path, eff)
	}
	if k != "" {
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			return t, fieldError(path+".key", k, strings.Join(errs, "; "))
		}
	}
	if hasV {
		if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
			return t, fieldError(path+".value", v, strings.Join(errs, "; "))
		}
	}
	return t, ""
}
