package disruption

import (
	"fmt"
	"sort"
	"strconv"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// Priority values from pkg/apis/scheduling/types.go.
const (
	// DefaultPriorityWhenNoDefaultClassExists is a pod's priority when it
	// names no class and no class is globalDefault.
	DefaultPriorityWhenNoDefaultClassExists int32 = 0
	// HighestUserDefinablePriority: "Priority values larger than 1 billion
	// are reserved for Kubernetes system use."
	HighestUserDefinablePriority int32 = 1000000000
	// SystemCriticalPriority is 2 × HighestUserDefinablePriority.
	SystemCriticalPriority = 2 * HighestUserDefinablePriority
	// SystemClusterCritical and SystemNodeCritical are the built-in classes.
	SystemClusterCritical = "system-cluster-critical"
	SystemNodeCritical    = "system-node-critical"
)

// PriorityClass is a scheduling.k8s.io/v1 PriorityClass.
type PriorityClass struct {
	Name             string
	Value            int32
	GlobalDefault    bool
	PreemptionPolicy v1.PreemptionPolicy // defaulted to PreemptLowerPriority
	Description      string
	Age              int // seconds since it was created, for kubectl get
}

// SystemPriorityClasses are the classes the API server creates at bootstrap
// (pkg/apis/scheduling/helpers.go systemPriorityClasses).
func SystemPriorityClasses() []PriorityClass {
	return []PriorityClass{
		{Name: SystemNodeCritical, Value: SystemCriticalPriority + 1000, PreemptionPolicy: v1.PreemptLowerPriority,
			Description: "Used for system critical pods that must not be moved from their current node."},
		{Name: SystemClusterCritical, Value: SystemCriticalPriority, PreemptionPolicy: v1.PreemptLowerPriority,
			Description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."},
	}
}

// Admission is what the Priority admission plugin did to a new pod.
type Admission struct {
	Requested        string // spec.priorityClassName as written ("" for none)
	ClassName        string // after admission (the global default's name when none was given)
	Priority         int32
	PreemptionPolicy v1.PreemptionPolicy
	Why              string // which rule applied
	Rejected         bool
	Error            string // the API server's message, e.g. `pods "checkout" is forbidden: …`
}

// Admit is plugin/pkg/admission/priority/admission.go admitPod on CREATE:
// a named class must exist (else Forbidden "no PriorityClass with name %v
// was found"); no name takes the globalDefault class (the one with the
// lowest value if several), or priority 0 and PreemptLowerPriority
// (getDefaultPriority). The class's value and preemptionPolicy are copied
// into spec.priority and spec.preemptionPolicy.
func Admit(classes []PriorityClass, podName, className string) Admission {
	a := Admission{Requested: className}
	if className == "" {
		var def *PriorityClass
		for i := range classes {
			c := &classes[i]
			if c.GlobalDefault && (def == nil || def.Value > c.Value) {
				def = c
			}
		}
		if def == nil {
			a.Priority, a.PreemptionPolicy = DefaultPriorityWhenNoDefaultClassExists, v1.PreemptLowerPriority
			a.Why = "no priorityClassName and no class has globalDefault: true, so priority 0 (DefaultPriorityWhenNoDefaultClassExists)"
			return a
		}
		a.ClassName, a.Priority, a.PreemptionPolicy = def.Name, def.Value, policyOf(*def)
		a.Why = fmt.Sprintf("no priorityClassName: the globalDefault class %s fills it in, value %d", def.Name, def.Value)
		return a
	}
	for _, c := range classes {
		if c.Name == className {
			a.ClassName, a.Priority, a.PreemptionPolicy = c.Name, c.Value, policyOf(c)
			a.Why = fmt.Sprintf("PriorityClass %s has value %d and preemptionPolicy %s", c.Name, c.Value, policyOf(c))
			return a
		}
	}
	a.Rejected = true
	// admission.NewForbidden → apierrors.NewForbidden(pods, name, err).
	a.Error = fmt.Sprintf("pods %q is forbidden: no PriorityClass with name %v was found", podName, className)
	a.Why = "the Priority admission plugin rejects the pod: the class does not exist"
	return a
}

func policyOf(c PriorityClass) v1.PreemptionPolicy {
	if c.PreemptionPolicy == "" {
		return v1.PreemptLowerPriority // SetDefaults_PriorityClass
	}
	return c.PreemptionPolicy
}

// GetPriorityClasses is `kubectl get priorityclasses`
// (pkg/printers/internalversion/printers.go priorityClassColumnDefinitions:
// NAME, VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY), sorted by name.
func GetPriorityClasses(classes []PriorityClass) string {
	cs := append([]PriorityClass(nil), classes...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	rows := [][]string{{"NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"}}
	for _, c := range cs {
		rows = append(rows, []string{c.Name, strconv.Itoa(int(c.Value)), strconv.FormatBool(c.GlobalDefault), Age(c.Age), string(policyOf(c))})
	}
	return kubectl.Table(rows)
}

// QueuedPod is a pod waiting in the scheduling queue.
type QueuedPod struct {
	Name     string
	Priority int32
	Created  int // seconds; earlier first among equals
}

// QueueOrder is the PrioritySort plugin's Less
// (pkg/scheduler/framework/plugins/queuesort/priority_sort.go): higher
// priority first; equal priorities by the time they entered the queue.
func QueueOrder(pods []QueuedPod) []QueuedPod {
	out := append([]QueuedPod(nil), pods...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Priority != out[j].Priority {
			return out[i].Priority > out[j].Priority
		}
		return out[i].Created < out[j].Created
	})
	return out
}
