package scheduler

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// Node edits. Each kind is a query parameter whose value is
// "<node>:<edit>", one per node (repeatable across nodes), written as
// kubectl writes the same change:
//
//	label=node-1:disktype=ssd,gpu-            kubectl label node node-1 disktype=ssd gpu-
//	taint=node-2:dedicated=gpu:NoSchedule     kubectl taint node node-2 dedicated=gpu:NoSchedule
//	taint=node-3:spot-                        (removes every taint with key spot)
//	capacity=node-3:cpu=8,memory=16Gi,pods=20 (status.allocatable)
//
// nodes=N keeps the preset's first N nodes or adds node-N with
// newNodeCPU and newNodeMemory.
var editKinds = []string{"label", "taint", "capacity"}

const (
	maxNodes      = 8
	newNodeCPU    = "4"
	newNodeMemory = "8Gi"
)

// nodeEdits is what the learner changed on the nodes, as typed.
type nodeEdits struct {
	count int                          // 0: the preset's nodes
	edits map[string]map[string]string // kind → node → edit
}

func (e *nodeEdits) get(kind, node string) string { return e.edits[kind][node] }

func (e *nodeEdits) put(kind, node, edit string) {
	if e.edits == nil {
		e.edits = map[string]map[string]string{}
	}
	if e.edits[kind] == nil {
		e.edits[kind] = map[string]string{}
	}
	if edit == "" {
		delete(e.edits[kind], node)
		return
	}
	e.edits[kind][node] = edit
}

// prune drops the edits of nodes that are gone.
func (s *State) prune() {
	for _, kind := range editKinds {
		for n := range s.nodes.edits[kind] {
			if !s.hasNode(n) {
				delete(s.nodes.edits[kind], n)
			}
		}
	}
	var keep []string
	for _, c := range s.cordon {
		if s.hasNode(c) {
			keep = append(keep, c)
		}
	}
	s.cordon = keep
}

// editQuery adds the node edits to q, sorted by node.
func (s *State) editQuery(q url.Values) {
	if s.nodes.count != 0 {
		q.Set("nodes", strconv.Itoa(s.nodes.count))
	}
	for _, kind := range editKinds {
		var nodes []string
		for n := range s.nodes.edits[kind] {
			nodes = append(nodes, n)
		}
		sortNodes(nodes)
		for _, n := range nodes {
			q.Add(kind, n+":"+s.nodes.edits[kind][n])
		}
	}
}

// sortNodes orders node-2 before node-10.
func sortNodes(ns []string) {
	sort.Slice(ns, func(i, j int) bool {
		if len(ns[i]) != len(ns[j]) {
			return len(ns[i]) < len(ns[j])
		}
		return ns[i] < ns[j]
	})
}

// openEdits reads nodes, label, taint and capacity from a URL.
func (s *State) openEdits(q url.Values) []string {
	var problems []string
	if v := q.Get("nodes"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxNodes {
			problems = append(problems, fmt.Sprintf("nodes must be a number from 1 to %d, not %q; showing the preset's nodes.", maxNodes, clip(v)))
		} else if n != len(s.presetNodes()) {
			s.nodes.count = n
		}
	}
	for _, kind := range editKinds {
		for _, v := range q[kind] {
			if len(v) > maxInput {
				problems = append(problems, fmt.Sprintf("The %s value is longer than %d characters; it was cut.", kind, maxInput))
				v = v[:maxInput]
			}
			node, edit, ok := strings.Cut(v, ":")
			edit = strings.TrimSpace(edit)
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("Write %s as node:edit, e.g. %s, not %q.", kind, editExample(kind), clip(v)))
			case !s.hasNode(node):
				problems = append(problems, fmt.Sprintf("There is no node %q to %s (the nodes are %s).", clip(node), kind, strings.Join(s.nodeNames(), ", ")))
			case edit != "":
				if old := s.nodes.get(kind, node); old != "" {
					edit = old + "," + edit
				}
				s.nodes.put(kind, node, edit)
			}
		}
	}
	return problems
}

func editExample(kind string) string {
	switch kind {
	case "label":
		return "node-1:disktype=ssd"
	case "taint":
		return "node-2:dedicated=gpu:NoSchedule"
	}
	return "node-3:cpu=8,memory=16Gi"
}

// setEdit applies a "set" of nodes, label, taint or capacity.
func (s *State) setEdit(key, value string) error {
	if key == "nodes" {
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > maxNodes {
			return fmt.Errorf("nodes must be a number from 1 to %d, not %q", maxNodes, clip(value))
		}
		s.nodes.count = n
		if n == len(s.presetNodes()) {
			s.nodes.count = 0
		}
		s.prune()
		return nil
	}
	node, edit, ok := strings.Cut(value, ":")
	if !ok {
		return fmt.Errorf("write %s as node:edit, e.g. %s", key, editExample(key))
	}
	if !s.hasNode(node) {
		return fmt.Errorf("there is no node %q (the nodes are %s)", clip(node), strings.Join(s.nodeNames(), ", "))
	}
	s.nodes.put(key, node, strings.TrimSpace(edit))
	return nil
}

func isEditKey(k string) bool {
	return k == "nodes" || k == "label" || k == "taint" || k == "capacity"
}

// presetNodes are the preset's nodes.
func (s *State) presetNodes() []scheduler.NodeSpec {
	p, _ := presetByName(s.preset)
	return p.Nodes
}

// nodeSpecs are the nodes with the learner's edits; problems has a message
// per "kind:node" whose edit was refused (and left out).
func (s *State) nodeSpecs() ([]scheduler.NodeSpec, map[string]string) {
	base := s.presetNodes()
	n := len(base)
	if s.nodes.count != 0 {
		n = s.nodes.count
	}
	probs := map[string]string{}
	var out []scheduler.NodeSpec
	for i := 0; i < n; i++ {
		var ns scheduler.NodeSpec
		if i < len(base) {
			ns = base[i]
		} else {
			ns = scheduler.NodeSpec{Name: fmt.Sprintf("node-%d", i+1), CPU: newNodeCPU, Memory: newNodeMemory}
		}
		labels := map[string]string{}
		for k, v := range ns.Labels {
			labels[k] = v
		}
		ns.Labels = labels
		ns.Taints = append([]v1.Taint(nil), ns.Taints...)
		if e := s.nodes.get("label", ns.Name); e != "" {
			if p := applyLabels(ns.Labels, e); p != "" {
				probs["label:"+ns.Name] = p
			}
		}
		if e := s.nodes.get("taint", ns.Name); e != "" {
			t, p := applyTaints(ns.Taints, e)
			if p != "" {
				probs["taint:"+ns.Name] = p
			} else {
				ns.Taints = t
			}
		}
		if e := s.nodes.get("capacity", ns.Name); e != "" {
			if p := applyCapacity(&ns, e); p != "" {
				probs["capacity:"+ns.Name] = p
			}
		}
		out = append(out, ns)
	}
	return out, probs
}

func items(edit string) []string {
	var out []string
	for _, it := range strings.Split(edit, ",") {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// applyLabels applies "key=value" and "key-" items, all or none, with the
// API server's messages (apimachinery ValidateLabels).
func applyLabels(labels map[string]string, edit string) string {
	path := field.NewPath("metadata", "labels")
	set := map[string]string{}
	var del []string
	for _, it := range items(edit) {
		if k, ok := strings.CutSuffix(it, "-"); ok && !strings.Contains(it, "=") {
			if errs := validation.IsQualifiedName(k); len(errs) > 0 {
				return field.Invalid(path, k, strings.Join(errs, "; ")).Error()
			}
			del = append(del, k)
			continue
		}
		k, v, ok := strings.Cut(it, "=")
		if !ok {
			return field.Invalid(path, it, "write key=value to set a label or key- to remove it").Error()
		}
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			return field.Invalid(path, k, strings.Join(errs, "; ")).Error()
		}
		if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
			return field.Invalid(path.Key(k), v, strings.Join(errs, "; ")).Error()
		}
		set[k] = v
	}
	for _, k := range del {
		delete(labels, k)
	}
	for k, v := range set {
		labels[k] = v
	}
	return ""
}

var taintEffects = []v1.TaintEffect{v1.TaintEffectNoSchedule, v1.TaintEffectPreferNoSchedule, v1.TaintEffectNoExecute}

// applyTaints applies kubectl taint's items: key=value:Effect, key:Effect
// (add or replace), key:Effect- and key- (remove), all or none, with the
// API server's messages (pkg/apis/core/validation validateNodeTaints).
func applyTaints(taints []v1.Taint, edit string) ([]v1.Taint, string) {
	for i, it := range items(edit) {
		path := field.NewPath("spec", "taints").Index(i)
		remove := strings.HasSuffix(it, "-")
		it = strings.TrimSuffix(it, "-")
		kv, eff, hasEff := strings.Cut(it, ":")
		k, v, _ := strings.Cut(kv, "=")
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			return nil, field.Invalid(path.Child("key"), k, strings.Join(errs, "; ")).Error()
		}
		if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
			return nil, field.Invalid(path.Child("value"), v, strings.Join(errs, "; ")).Error()
		}
		e := v1.TaintEffect(eff)
		if hasEff || !remove {
			if e == "" {
				return nil, field.Required(path.Child("effect"), "").Error()
			}
			ok := false
			for _, x := range taintEffects {
				ok = ok || x == e
			}
			if !ok {
				return nil, field.NotSupported(path.Child("effect"), eff, taintEffects).Error()
			}
		}
		var kept []v1.Taint
		for _, t := range taints {
			if t.Key == k && (e == "" || t.Effect == e) {
				continue
			}
			kept = append(kept, t)
		}
		taints = kept
		if !remove {
			taints = append(taints, v1.Taint{Key: k, Value: v, Effect: e})
		}
	}
	return taints, ""
}

// applyCapacity sets cpu, memory and pods of status.allocatable, all or
// none (pkg/apis/core/validation ValidateResourceQuantityValue).
func applyCapacity(ns *scheduler.NodeSpec, edit string) string {
	path := field.NewPath("status", "allocatable")
	c := *ns
	for _, it := range items(edit) {
		name, val, ok := strings.Cut(it, "=")
		if !ok {
			return field.Invalid(path, it, "write resource=quantity, e.g. cpu=8 or memory=16Gi").Error()
		}
		if name != "cpu" && name != "memory" && name != "pods" {
			return field.NotSupported(path, name, []string{"cpu", "memory", "pods"}).Error()
		}
		q, err := resource.ParseQuantity(val)
		if err != nil {
			return field.Invalid(path.Key(name), val, err.Error()).Error()
		}
		if q.Sign() < 0 {
			return field.Invalid(path.Key(name), val, "must be greater than or equal to 0").Error()
		}
		switch name {
		case "cpu":
			c.CPU = val
		case "memory":
			c.Memory = val
		case "pods":
			if q.MilliValue()%1000 != 0 {
				return field.Invalid(path.Key(name), val, "must be an integer").Error()
			}
			c.Pods = q.Value()
			if c.Pods == 0 {
				return field.Invalid(path.Key(name), val, "must be at least 1 here (0 means the kubelet default, 110)").Error()
			}
		}
	}
	*ns = c
	return ""
}
