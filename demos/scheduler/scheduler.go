package scheduler

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// Definition is the scheduler demo.
var Definition = demos.Definition{
	Name:     "scheduler",
	Title:    "The scheduler: filter, score, bind",
	Summary:  "Follow one pod through kube-scheduler's default profile, plugin by plugin: which nodes pass Filter and why not, how each Score plugin ranks the rest, which node wins, and the exact event when none fits.",
	Section:  "scheduling",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "preset", Help: "the cluster and the pod to start from; large is the large-cluster heat map", Default: presets[0].Name, Values: append(presetNames(), largePreset)},
		{Name: "size", Help: fmt.Sprintf("preset large: the number of nodes, %d to %d", largeMin, largeMax), Default: strconv.Itoa(largeDefault)},
		{Name: "scoring", Help: "preset large: NodeResourcesFit's scoringStrategy", Default: string(scheduler.LeastAllocated), Values: largeStrategies},
		{Name: "cpu", Help: "the pod's CPU request, a quantity such as 500m or 1.5; empty for none"},
		{Name: "memory", Help: "the pod's memory request, a quantity such as 512Mi or 2Gi; empty for none"},
		{Name: "selector", Help: "a nodeSelector label, key=value"},
		{Name: "require", Help: "required node affinity: key=value or key=value1|value2 (operator In)"},
		{Name: "prefer", Help: "preferred node affinity, weight 50: key=value"},
		{Name: "tolerate", Help: "a toleration: key=value:Effect or key:Effect"},
		{Name: "class", Help: "the pod's priorityClassName", Values: append([]string{""}, classNames()...)},
		{Name: "port", Help: "a hostPort the pod asks for"},
		{Name: "pdb", Help: "preset pdb: the minAvailable of the PodDisruptionBudget over app=db, a whole number; empty removes the budget"},
		{Name: "nodes", Help: fmt.Sprintf("how many nodes, 1 to %d: fewer drops the last ones, more adds node-N with cpu %s and memory %s", maxNodes, newNodeCPU, newNodeMemory)},
		{Name: "label", Help: "node labels as kubectl label writes them, node:key=value,key- (repeat per node), e.g. node-1:disktype=ssd"},
		{Name: "taint", Help: "node taints as kubectl taint writes them, node:key=value:Effect,key:Effect- (repeat per node), e.g. node-2:dedicated=gpu:NoSchedule"},
		{Name: "capacity", Help: "a node's allocatable cpu, memory and pods, node:cpu=8,memory=16Gi,pods=20 (repeat per node)"},
		{Name: "cordon", Help: "nodes cordoned (spec.unschedulable), comma separated"},
		{Name: "seed", Help: "decides the order in which nodes pass Filter, which breaks ties", Default: "1"},
		{Name: "step", Help: "the step of the scheduling cycle shown", Default: "0"},
	},
	Open: Open,
}

func classNames() []string {
	var out []string
	for _, c := range priorityClasses {
		out = append(out, c.Name)
	}
	return out
}

// maxInput bounds a typed value.
const maxInput = 100

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) {
	var problems []string
	st := &State{seed: 1}
	st.preset = presets[0].Name
	if q.Get("preset") == largePreset {
		return openLarge(q)
	}
	if v := q.Get("preset"); v != "" {
		if _, ok := presetByName(v); ok {
			st.preset = v
		} else {
			problems = append(problems, fmt.Sprintf("There is no preset %q (the presets are %s); showing %s.", clip(v), strings.Join(append(presetNames(), largePreset), ", "), presets[0].Name))
		}
	}
	p, _ := presetByName(st.preset)
	st.in = p.Pod
	if p.PDB != nil {
		st.pdb = p.PDB.MinAvailable
	}
	if vs, ok := q["pdb"]; ok && len(vs) > 0 {
		v := strings.TrimSpace(vs[0])
		switch {
		case p.PDB == nil:
			problems = append(problems, fmt.Sprintf("The preset %s has no PodDisruptionBudget; pdb=%q is ignored (the preset pdb has one).", st.preset, clip(v)))
		case len(v) > maxInput:
			problems = append(problems, fmt.Sprintf("The pdb value is longer than %d characters; it was cut.", maxInput))
			st.pdb = v[:maxInput]
		default:
			st.pdb = v
		}
	}
	for _, f := range inputFields {
		if vs, ok := q[f]; ok && len(vs) > 0 {
			v := vs[0]
			if len(v) > maxInput {
				problems = append(problems, fmt.Sprintf("The %s value is longer than %d characters; it was cut.", f, maxInput))
				v = v[:maxInput]
			}
			*st.field(f) = v
		}
	}
	problems = append(problems, st.openEdits(q)...)
	if v := q.Get("cordon"); v != "" {
		for _, n := range strings.Split(v, ",") {
			if st.hasNode(n) {
				st.cordon = append(st.cordon, n)
			} else {
				problems = append(problems, fmt.Sprintf("There is no node %q to cordon (the nodes are %s).", clip(n), strings.Join(st.nodeNames(), ", ")))
			}
		}
		sort.Strings(st.cordon)
	}
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			problems = append(problems, fmt.Sprintf("seed must be a whole number from 0 to 4294967295, not %q; using 1.", clip(v)))
		} else {
			st.seed = n
		}
	}
	st.run()
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		_, total := st.Progress()
		if err != nil || n < 0 || n > total {
			problems = append(problems, fmt.Sprintf("step must be a number from 0 to %d, not %q; showing step 0.", total, clip(v)))
		} else {
			st.step = n
		}
	}
	return st, problems
}

// inputFields are the pod's controls, in the order the form shows them.
var inputFields = []string{"cpu", "memory", "selector", "require", "prefer", "tolerate", "class", "port"}

func (s *State) field(name string) *string {
	switch name {
	case "cpu":
		return &s.in.CPU
	case "memory":
		return &s.in.Memory
	case "selector":
		return &s.in.Selector
	case "require":
		return &s.in.Require
	case "prefer":
		return &s.in.Prefer
	case "tolerate":
		return &s.in.Tolerate
	case "class":
		return &s.in.Class
	case "port":
		return &s.in.Port
	}
	return nil
}

func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	return s[:60] + "…"
}

// cluster builds the preset's cluster with the learner's node edits.
func (s *State) cluster() scheduler.Cluster {
	p, _ := presetByName(s.preset)
	var cl scheduler.Cluster
	cl.PriorityClasses = priorityClasses
	specs, probs := s.nodeSpecs()
	s.nodeProblems = probs
	for _, ns := range specs {
		ns.Unschedulable = s.cordoned(ns.Name)
		n, err := scheduler.MakeNode(ns)
		if err != nil {
			panic(err) // presets are constants
		}
		cl.Nodes = append(cl.Nodes, n)
	}
	for _, r := range p.Running {
		if !s.hasNode(r.Node) {
			continue // the learner removed its node
		}
		spec := scheduler.PodSpec{Name: r.Name, NodeName: r.Node, CPU: r.CPU, Memory: r.Memory, Start: r.Start, UID: "uid-" + r.Name, Labels: r.Labels}
		if c, ok := classByName(r.Class); ok {
			spec.ClassName, spec.Priority = c.Name, c.Value
			spec.Never = c.PreemptionPolicy == v1.PreemptNever
		}
		pod, err := scheduler.MakePod(spec)
		if err != nil {
			panic(err)
		}
		cl.Pods = append(cl.Pods, pod)
	}
	pdb, st, problem := buildPDB(p.PDB, s.pdb, cl.Pods)
	s.pdbState, s.pdbProblem = st, problem
	if pdb != nil {
		cl.PDBs = append(cl.PDBs, pdb)
	}
	return cl
}

func (s *State) cordoned(n string) bool {
	for _, c := range s.cordon {
		if c == n {
			return true
		}
	}
	return false
}

func (s *State) nodeNames() []string {
	base := s.presetNodes()
	n := len(base)
	if s.nodes.count != 0 {
		n = s.nodes.count
	}
	var out []string
	for i := 0; i < n; i++ {
		if i < len(base) {
			out = append(out, base[i].Name)
		} else {
			out = append(out, fmt.Sprintf("node-%d", i+1))
		}
	}
	return out
}

func (s *State) hasNode(n string) bool {
	for _, x := range s.nodeNames() {
		if x == n {
			return true
		}
	}
	return false
}

// openLarge builds the large-cluster view from its URL: size and scoring
// as typed (a bad value stays, and is reported beside its control), seed
// and step.
func openLarge(q url.Values) (demos.State, []string) {
	var problems []string
	seed := uint64(1)
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			problems = append(problems, fmt.Sprintf("seed must be a whole number from 0 to 4294967295, not %q; using 1.", clip(v)))
		} else {
			seed = n
		}
	}
	cut := func(name string) string {
		v := strings.TrimSpace(q.Get(name))
		if len(v) > maxInput {
			problems = append(problems, fmt.Sprintf("The %s value is longer than %d characters; it was cut.", name, maxInput))
			v = v[:maxInput]
		}
		return v
	}
	// A bad size or scoring is state: the view shows it beside its control.
	l := newLarge(cut("size"), cut("scoring"), seed)
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > largeSteps {
			problems = append(problems, fmt.Sprintf("step must be a number from 0 to %d, not %q; showing step 0.", largeSteps, clip(v)))
		} else {
			l.goTo(n)
		}
	}
	return &State{seed: seed, large: l}, problems
}
