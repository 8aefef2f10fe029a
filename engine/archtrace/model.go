package archtrace

import (
	"fmt"
	"strings"
)

// Scenario is the command traced.
type Scenario string

// The scenarios.
const (
	// ScenarioPod is `kubectl apply -f web-server.yaml` for the outline's pod.
	ScenarioPod Scenario = "pod"
	// ScenarioDeployment is `kubectl create deployment web --image=nginx:1.25 --replicas=3`.
	ScenarioDeployment Scenario = "deployment"
)

// Fault is what is broken in the cluster before the command runs.
type Fault string

// The faults.
const (
	FaultNone      Fault = ""
	FaultEtcd      Fault = "etcd"      // etcd-2 and etcd-3 are down: no quorum
	FaultScheduler Fault = "scheduler" // kube-scheduler is stopped
	FaultKubelet   Fault = "kubelet"   // the kubelet on the node the first pod is bound to has stopped
	FaultWebhook   Fault = "webhook"   // a validating admission webhook rejects the pod
)

// Scenarios and Faults list the valid values, in the order a menu shows them.
var (
	Scenarios = []Scenario{ScenarioPod, ScenarioDeployment}
	Faults    = []Fault{FaultNone, FaultEtcd, FaultScheduler, FaultKubelet, FaultWebhook}
)

// Config is everything a trace depends on.
type Config struct {
	Scenario Scenario
	Fault    Fault
	Seed     uint64 // generated names and the scheduler's tie-break
}

// Validate reports a Config that cannot be traced.
func (c Config) Validate() error {
	ok := false
	for _, s := range Scenarios {
		ok = ok || s == c.Scenario
	}
	if !ok {
		return fmt.Errorf("unknown scenario %q", c.Scenario)
	}
	ok = false
	for _, f := range Faults {
		ok = ok || f == c.Fault
	}
	if !ok {
		return fmt.Errorf("unknown fault %q", c.Fault)
	}
	return nil
}

// Component is a box in the picture.
type Component string

// The cluster's components. One control-plane node runs the API server,
// the scheduler and the controller manager; etcd is an external cluster of
// three members; two workers run a kubelet, kube-proxy and containerd each.
const (
	Kubectl           Component = "kubectl"
	APIServer         Component = "kube-apiserver"
	Etcd1             Component = "etcd-1"
	Etcd2             Component = "etcd-2"
	Etcd3             Component = "etcd-3"
	Scheduler         Component = "kube-scheduler"
	ControllerManager Component = "kube-controller-manager"
	Webhook           Component = "pod-policy-webhook"
	Kubelet1          Component = "kubelet@worker-1"
	Containerd1       Component = "containerd@worker-1"
	KubeProxy1        Component = "kube-proxy@worker-1"
	Kubelet2          Component = "kubelet@worker-2"
	Containerd2       Component = "containerd@worker-2"
	KubeProxy2        Component = "kube-proxy@worker-2"
)

// Kind is what sort of message travels.
type Kind string

// Message kinds.
const (
	KindRequest  Kind = "request"  // an HTTP request to the API server (or the webhook)
	KindResponse Kind = "response" // its answer
	KindWatch    Kind = "watch"    // a watch event streamed to a client
	KindEtcd     Kind = "etcd"     // a gRPC call to etcd (KV Range, Txn)
	KindRaft     Kind = "raft"     // a Raft message between etcd members
	KindCRI      Kind = "cri"      // a CRI gRPC call from the kubelet to containerd
	KindLocal    Kind = "local"    // work inside one component
	KindPrint    Kind = "print"    // what kubectl prints
)

// Stage is one stage of the API server's request handling, in upstream's
// order (DefaultBuildHandlerChain, then the REST handler and the store).
type Stage string

// The stages a write goes through.
const (
	StageAuthentication     Stage = "authentication"
	StageAuthorization      Stage = "authorization"
	StageMutatingAdmission  Stage = "mutating admission"
	StageValidation         Stage = "schema validation"
	StageValidatingAdmssion Stage = "validating admission"
	StageStorage            Stage = "storage (etcd)"
)

// Stages in order.
var Stages = []Stage{StageAuthentication, StageAuthorization, StageMutatingAdmission, StageValidation, StageValidatingAdmssion, StageStorage}

// Step is one message and the cluster just after it.
type Step struct {
	From      Component
	To        []Component // several for a broadcast (MsgApp to both followers)
	Kind      Kind
	Title     string   // one line: "POST /api/v1/namespaces/default/pods"
	Lines     []string // the message as text: headers, body summary, result
	Stage     Stage    // the API server stage this step is in, or ""
	Failed    bool     // the message is an error or is not delivered
	Narration string   // one sentence for a screen reader
	Source    string   // the upstream file followed
	At        int      // logical milliseconds since the command ran

	State State
}

// State is the cluster after a step.
type State struct {
	Etcd     EtcdState
	Terminal []string // what kubectl has printed, after the command line
	Pods     []Pod
	Nodes    []Node
	Objects  []Object // API objects other than pods: Deployment, ReplicaSet
	Down     []Component
}

// Pod is a pod as the API server has it.
type Pod struct {
	Name      string
	Node      string // spec.nodeName, "" until bound
	Phase     string // Pending, Running
	Status    string // kubectl's STATUS column
	Ready     bool
	IP        string
	CreatedAt int // ms
	Started   bool
}

// Node is a node as `kubectl get nodes` shows it.
type Node struct {
	Name   string
	Ready  string // "True", "Unknown"
	Taints []string
}

// Object is another API object and where it is stored.
type Object struct {
	Kind, Name, Key string
	Summary         string
}

// Trace is a whole trace: the command, the steps, and step 0's state.
type Trace struct {
	Config  Config
	Command string // "kubectl apply -f web-server.yaml"
	Start   State  // before the command
	Intro   string // what step 0 shows
	Steps   []Step
}

func (s Step) to() string {
	var n []string
	for _, c := range s.To {
		n = append(n, string(c))
	}
	return strings.Join(n, ", ")
}

// Arrow is "kubectl → kube-apiserver".
func (s Step) Arrow() string {
	if len(s.To) == 0 || (len(s.To) == 1 && s.To[0] == s.From) {
		return string(s.From)
	}
	return string(s.From) + " → " + s.to()
}
