package daemonsets

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/daemonset"
)

// The story's names.
const (
	DSName   = "fluentd"
	OldImage = "fluent/fluentd:v1.16-1"
	NewImage = "fluent/fluentd:v1.17-1"
)

// Definition is the daemonsets demo.
var Definition = demos.Definition{
	Name:     "daemonsets",
	Title:    "A DaemonSet: one pod per node",
	Summary:  "Nodes join, leave, change labels and get taints; step through what the DaemonSet controller does about it, then roll out a new image with maxUnavailable 1.",
	Section:  "daemonsets-statefulsets",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "nodeSelector", Help: "spec.template.spec.nodeSelector, as key=value[,key=value]", Default: ""},
		{Name: "tolerateControlPlane", Help: "whether the pod template tolerates node-role.kubernetes.io/control-plane:NoSchedule", Default: "false", Values: []string{"false", "true"}},
		{Name: "step", Help: "the step shown", Default: "0"},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{selector: strings.TrimSpace(q.Get("nodeSelector")), tolerate: false}
	if v, ok := q["tolerateControlPlane"]; ok && len(v) > 0 {
		switch v[0] {
		case "true":
			st.tolerate = true
		case "false":
		default:
			problems = append(problems, fmt.Sprintf("tolerateControlPlane must be true or false, not %q; showing false.", clip(v[0])))
		}
	}
	if len(st.selector) > 200 {
		problems = append(problems, "nodeSelector is too long for this demo; showing none.")
		st.selector = ""
	}
	st.build()
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		last := len(st.frames) - 1
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", last, clip(v)))
		case n > last:
			problems = append(problems, fmt.Sprintf("This story has %d steps, so there is no step %d; showing the last.", last, n))
			st.step = last
		default:
			st.step = n
		}
	}
	return st, problems
}

// ParseNodeSelector reads "key=value,key=value" and validates it as the API
// server validates spec.template.spec.nodeSelector (core validation
// ValidatePodSpec → metav1validation.ValidateLabels), with its messages.
func ParseNodeSelector(s string) (map[string]string, []string) {
	if s == "" {
		return nil, nil
	}
	path := field.NewPath("spec", "template", "spec", "nodeSelector")
	m := map[string]string{}
	var errs []string
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			errs = append(errs, fmt.Sprintf("%q is not key=value: a nodeSelector is a map of labels the node must have.", clip(part)))
			continue
		}
		m[k] = v
	}
	for _, e := range metavalidation.ValidateLabels(m, path) {
		errs = append(errs, e.Error())
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return m, nil
}

// FormatSelector is the selector as the form shows it, keys sorted.
func FormatSelector(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}

func node(name string, labels map[string]string, taints ...v1.Taint) daemonset.Node {
	l := map[string]string{"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
	for k, v := range labels {
		l[k] = v
	}
	return daemonset.Node{Name: name, Labels: l, Taints: taints}
}

// startNodes is a kubeadm cluster: the control-plane node carries kubeadm's
// label and taint (cmd/kubeadm/app/constants LabelNodeRoleControlPlane).
func startNodes() []daemonset.Node {
	return []daemonset.Node{
		node("control-plane", map[string]string{daemonset.ControlPlaneTaintKey: "", "disktype": "ssd"},
			v1.Taint{Key: daemonset.ControlPlaneTaintKey, Effect: v1.TaintEffectNoSchedule}),
		node("node-1", map[string]string{"disktype": "ssd"}),
		node("node-2", map[string]string{"disktype": "ssd"}),
	}
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
