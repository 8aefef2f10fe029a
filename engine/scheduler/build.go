package scheduler

import (
	"fmt"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// NodeSpec describes a node in a few fields; MakeNode turns it into a v1.Node.
type NodeSpec struct {
	Name          string
	CPU, Memory   string // allocatable, as quantities
	Pods          int64  // allocatable pods; 0 means the kubelet default, 110
	Labels        map[string]string
	Taints        []v1.Taint
	Unschedulable bool // cordoned
	Images        []v1.ContainerImage
}

// MakeNode builds the node. It fails on a quantity that does not parse.
func MakeNode(s NodeSpec) (*v1.Node, error) {
	cpu, err := resource.ParseQuantity(s.CPU)
	if err != nil {
		return nil, fmt.Errorf("node %s cpu %q: %w", s.Name, s.CPU, err)
	}
	mem, err := resource.ParseQuantity(s.Memory)
	if err != nil {
		return nil, fmt.Errorf("node %s memory %q: %w", s.Name, s.Memory, err)
	}
	pods := s.Pods
	if pods == 0 {
		pods = 110
	}
	labels := map[string]string{v1.LabelHostname: s.Name}
	for k, v := range s.Labels {
		labels[k] = v
	}
	alloc := v1.ResourceList{v1.ResourceCPU: cpu, v1.ResourceMemory: mem, v1.ResourcePods: *resource.NewQuantity(pods, resource.DecimalSI)}
	return &v1.Node{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Node"},
		ObjectMeta: metav1.ObjectMeta{Name: s.Name, Labels: labels},
		Spec:       v1.NodeSpec{Taints: s.Taints, Unschedulable: s.Unschedulable},
		Status:     v1.NodeStatus{Capacity: alloc.DeepCopy(), Allocatable: alloc, Images: s.Images},
	}, nil
}

// PodSpec describes a pod in a few fields; MakePod turns it into a v1.Pod
// with one container.
type PodSpec struct {
	Name, Namespace string
	UID             string
	Image           string
	CPU, Memory     string // requests; "" leaves the request unset
	NodeName        string // bound pods
	Priority        int32
	ClassName       string
	Never           bool // preemptionPolicy: Never
	NodeSelector    map[string]string
	Required        []v1.NodeSelectorRequirement
	Preferred       []v1.PreferredSchedulingTerm
	Tolerations     []v1.Toleration
	HostPort        int32
	Start           int64 // seconds; orders pods of equal priority for preemption
	Labels          map[string]string
}

// MakePod builds the pod. It fails on a quantity that does not parse.
func MakePod(s PodSpec) (*v1.Pod, error) {
	ns := s.Namespace
	if ns == "" {
		ns = metav1.NamespaceDefault
	}
	img := s.Image
	if img == "" {
		img = "nginx:1.27"
	}
	req := v1.ResourceList{}
	if s.CPU != "" {
		q, err := resource.ParseQuantity(s.CPU)
		if err != nil {
			return nil, fmt.Errorf("pod %s cpu %q: %w", s.Name, s.CPU, err)
		}
		req[v1.ResourceCPU] = q
	}
	if s.Memory != "" {
		q, err := resource.ParseQuantity(s.Memory)
		if err != nil {
			return nil, fmt.Errorf("pod %s memory %q: %w", s.Name, s.Memory, err)
		}
		req[v1.ResourceMemory] = q
	}
	c := v1.Container{Name: "app", Image: img}
	if len(req) > 0 {
		c.Resources.Requests = req
	}
	if s.HostPort > 0 {
		c.Ports = []v1.ContainerPort{{ContainerPort: s.HostPort, HostPort: s.HostPort, Protocol: v1.ProtocolTCP}}
	}
	prio := s.Priority
	p := &v1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: s.Name, Namespace: ns, UID: types.UID(s.UID), Labels: s.Labels,
			CreationTimestamp: metav1.Unix(s.Start, 0)},
		Spec: v1.PodSpec{
			Containers: []v1.Container{c}, NodeName: s.NodeName, NodeSelector: s.NodeSelector,
			Tolerations: s.Tolerations, Priority: &prio, PriorityClassName: s.ClassName,
			SchedulerName: v1.DefaultSchedulerName,
		},
	}
	if s.Never {
		never := v1.PreemptNever
		p.Spec.PreemptionPolicy = &never
	} else {
		lower := v1.PreemptLowerPriority
		p.Spec.PreemptionPolicy = &lower
	}
	if len(s.Required) > 0 || len(s.Preferred) > 0 {
		na := &v1.NodeAffinity{PreferredDuringSchedulingIgnoredDuringExecution: s.Preferred}
		if len(s.Required) > 0 {
			na.RequiredDuringSchedulingIgnoredDuringExecution = &v1.NodeSelector{
				NodeSelectorTerms: []v1.NodeSelectorTerm{{MatchExpressions: s.Required}},
			}
		}
		p.Spec.Affinity = &v1.Affinity{NodeAffinity: na}
	}
	return p, nil
}
