package scheduler

import (
	"strings"

	v1 "k8s.io/api/core/v1"
)

// The requests the scheduler assumes for a container that sets none, used
// only for scoring (pkg/scheduler/util/pod_resources.go:
// DefaultMilliCPURequest, DefaultMemoryRequest).
const (
	DefaultMilliCPURequest int64 = 100               // 0.1 core
	DefaultMemoryRequest   int64 = 200 * 1024 * 1024 // 200 MiB
)

// Resources is what a pod requests or a node offers, in upstream's units
// (framework.Resource): millicores, bytes and a pod count.
type Resources struct {
	MilliCPU int64
	Memory   int64
	Pods     int64
}

// PodRequests sums the containers' requests (k8s.io/component-helpers
// resource.PodRequests without pod-level resources, init containers or
// overhead: the pods here have none).
func PodRequests(p *v1.Pod) Resources {
	var r Resources
	for _, c := range p.Spec.Containers {
		if q, ok := c.Resources.Requests[v1.ResourceCPU]; ok {
			r.MilliCPU += q.MilliValue()
		}
		if q, ok := c.Resources.Requests[v1.ResourceMemory]; ok {
			r.Memory += q.Value()
		}
	}
	return r
}

// NonZeroRequests is what scoring counts: a container that sets no CPU
// request counts 100m and one that sets no memory request counts 200Mi
// (framework/types.go getNonMissingContainerRequests). A request written
// as 0 stays 0: only a missing one is replaced.
func NonZeroRequests(p *v1.Pod) Resources {
	var r Resources
	for _, c := range p.Spec.Containers {
		if q, ok := c.Resources.Requests[v1.ResourceCPU]; ok {
			r.MilliCPU += q.MilliValue()
		} else {
			r.MilliCPU += DefaultMilliCPURequest
		}
		if q, ok := c.Resources.Requests[v1.ResourceMemory]; ok {
			r.Memory += q.Value()
		} else {
			r.Memory += DefaultMemoryRequest
		}
	}
	return r
}

// NodeInfo aggregates a node and the pods bound to it (framework.NodeInfo).
type NodeInfo struct {
	Node             *v1.Node
	Pods             []*v1.Pod
	Allocatable      Resources
	Requested        Resources
	NonZeroRequested Resources
	UsedPorts        map[string]bool // "TCP/0.0.0.0/8080"
	Images           map[string]int64
}

func newNodeInfo(n *v1.Node) *NodeInfo {
	ni := &NodeInfo{Node: n, UsedPorts: map[string]bool{}, Images: map[string]int64{}}
	a := n.Status.Allocatable
	ni.Allocatable = Resources{MilliCPU: a.Cpu().MilliValue(), Memory: a.Memory().Value(), Pods: a.Pods().Value()}
	for _, img := range n.Status.Images {
		for _, name := range img.Names {
			ni.Images[normalizedImageName(name)] = img.SizeBytes
		}
	}
	return ni
}

func (ni *NodeInfo) addPod(p *v1.Pod) {
	ni.Pods = append(ni.Pods, p)
	r, nz := PodRequests(p), NonZeroRequests(p)
	ni.Requested.MilliCPU += r.MilliCPU
	ni.Requested.Memory += r.Memory
	ni.NonZeroRequested.MilliCPU += nz.MilliCPU
	ni.NonZeroRequested.Memory += nz.Memory
	for _, k := range hostPorts(p) {
		ni.UsedPorts[k] = true
	}
}

// clone copies the node info so preemption can remove pods from it.
func (ni *NodeInfo) clone() *NodeInfo {
	c := newNodeInfo(ni.Node)
	for _, p := range ni.Pods {
		c.addPod(p)
	}
	return c
}

func (ni *NodeInfo) withoutPods(drop map[*v1.Pod]bool) *NodeInfo {
	c := newNodeInfo(ni.Node)
	for _, p := range ni.Pods {
		if !drop[p] {
			c.addPod(p)
		}
	}
	return c
}

// hostPorts lists a pod's host ports as "protocol/ip/port"
// (framework.HostPortInfo; an empty hostIP is 0.0.0.0, protocol TCP).
func hostPorts(p *v1.Pod) []string {
	var out []string
	for _, c := range p.Spec.Containers {
		for _, port := range c.Ports {
			if port.HostPort <= 0 {
				continue
			}
			proto := string(port.Protocol)
			if proto == "" {
				proto = string(v1.ProtocolTCP)
			}
			ip := port.HostIP
			if ip == "" {
				ip = "0.0.0.0"
			}
			out = append(out, proto+"/"+ip+"/"+itoa(int64(port.HostPort)))
		}
	}
	return out
}

// normalizedImageName adds ":latest" to an image without a tag or digest
// (imagelocality/image_locality.go normalizedImageName).
func normalizedImageName(name string) string {
	if strings.LastIndex(name, ":") <= strings.LastIndex(name, "/") {
		name = name + ":latest"
	}
	return name
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
