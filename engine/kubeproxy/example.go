package kubeproxy

import "fmt"

// The course outline's example (kubeadm defaults where it is silent).
const (
	ExampleNamespace     = "default"
	ExampleService       = "web-service"
	ExampleClusterIP     = "10.96.45.12" // inside kubeadm's default service CIDR 10.96.0.0/12
	ExampleNodePort      = 30080         // inside the default NodePort range 30000-32767
	ClusterDomain        = "cluster.local"
	ClusterDNSIP         = "10.96.0.10" // kubeadm: the 10th address of the service CIDR
	ExampleClientPod     = "client"
	ExampleClientIP      = "10.1.0.50"
	ExampleOutsideClient = "192.168.1.50"
	// PodTemplateHash is an example of the hash a Deployment puts in its
	// pods' names (the real one is computed from the pod template).
	PodTemplateHash = "7c5d9f8b4d"
)

// podSuffixes are example five-character suffixes in the alphabet the API
// server draws generated names from ("bcdfghjklmnpqrstvwxz2456789").
var podSuffixes = []string{"x2kqp", "7hnwd", "bq4ts", "m9rzl", "5vfjc", "tw6gx", "k8dps", "zc2nh", "r4lbv", "g7qmw"}

// ExampleSvc is web-service: selector app=web, port 80 to targetPort
// 8080, TCP, unnamed port.
func ExampleSvc(typ string) Service {
	s := Service{Namespace: ExampleNamespace, Name: ExampleService, Protocol: "TCP", Port: 80, TargetPort: 8080, ClusterIP: ExampleClusterIP, Type: typ}
	if typ == TypeNodePort {
		s.NodePort = ExampleNodePort
	}
	return s
}

// ExamplePods are the pods of the web Deployment: pod i (0-based) has IP
// 10.1.0.(2+i), in the order the node's IPAM hands addresses out.
func ExamplePods(n int) []Endpoint {
	var out []Endpoint
	for i := 0; i < n && i < len(podSuffixes); i++ {
		out = append(out, Endpoint{
			Pod:   fmt.Sprintf("web-%s-%s", PodTemplateHash, podSuffixes[i]),
			IP:    fmt.Sprintf("10.1.0.%d", 2+i),
			Port:  8080,
			Ready: true,
		})
	}
	return out
}

// MaxPods is the most pods the example has.
const MaxPods = 10
