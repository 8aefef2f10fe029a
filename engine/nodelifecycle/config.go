package nodelifecycle

import (
	"fmt"
	"time"
)

// Time is simulated time in whole seconds since the story starts; Wall
// turns it into the timestamp kubectl prints.
type Time int64

// never is a time that does not come.
const never Time = 1 << 62

// Epoch is the wall-clock time of t=0.
var Epoch = time.Date(2026, time.June, 1, 10, 0, 0, 0, time.UTC)

// Wall is t as a time.Time.
func Wall(t Time) time.Time { return Epoch.Add(time.Duration(t) * time.Second) }

// Clock is t as the page's clock shows it: "10:01:10".
func Clock(t Time) string { return Wall(t).Format("15:04:05") }

// The defaults this simulation runs with, each from its upstream source.
const (
	// NodeLeaseDurationSeconds is the kubelet's nodeLeaseDurationSeconds
	// (pkg/kubelet/apis/config/v1beta1/defaults.go: 40).
	NodeLeaseDurationSeconds = 40
	// LeaseRenewInterval is pkg/kubelet/kubelet.go: leaseDuration ×
	// nodeLeaseRenewIntervalFraction (0.25) = 40 s × 0.25 = 10 s.
	LeaseRenewInterval Time = NodeLeaseDurationSeconds / 4
	// NodeStatusUpdateFrequency is the kubelet's nodeStatusUpdateFrequency
	// (defaults.go: 10 s): how often it computes its status and posts it if
	// anything changed.
	NodeStatusUpdateFrequency Time = 10
	// NodeStatusReportFrequency is nodeStatusReportFrequency (defaults.go:
	// 5 min): how often it posts an unchanged status.
	NodeStatusReportFrequency Time = 5 * 60
	// NodeMonitorPeriod is kube-controller-manager's --node-monitor-period
	// (5 s): how often monitorNodeHealth runs.
	NodeMonitorPeriod Time = 5
	// NodeMonitorGracePeriod is --node-monitor-grace-period: 50 s since
	// v1.32 (kubernetes PR #126287, "The default value for
	// node-monitor-grace-period has been increased to 50s (earlier 40s)";
	// pkg/controller/nodelifecycle/config/v1alpha1/defaults.go). It must be
	// more than the HTTP/2 health check's 30 s + 15 s.
	NodeMonitorGracePeriod Time = 50
	// DefaultTolerationSeconds is the DefaultTolerationSeconds admission
	// plugin's --default-unreachable-toleration-seconds and
	// --default-not-ready-toleration-seconds (300).
	DefaultTolerationSeconds = 300
	// TerminationGracePeriodSeconds is the pod's default (30): the deleted
	// pod's deletionTimestamp is now + 30 s.
	TerminationGracePeriodSeconds Time = 30
	// Replicas of the Deployment.
	Replicas = 3
)

// Failure is what goes wrong on the node.
type Failure string

const (
	// KubeletStopped: `systemctl stop kubelet`. The containers keep
	// running (they belong to containerd), but nothing reports on them.
	KubeletStopped Failure = "kubelet"
	// NetworkCut: the node loses its network. The kubelet and the
	// containers run on, but nothing the kubelet sends arrives.
	NetworkCut Failure = "network"
)

// Config is one story.
type Config struct {
	Seed uint64
	// Node is the node that fails: "node-1", "node-2" or "node-3".
	Node    string
	Failure Failure
	// FailAt is when it fails.
	FailAt Time
	// ReturnAfter is how long after FailAt the kubelet runs again (or the
	// network is back); negative: never.
	ReturnAfter Time
	// TolerationSeconds is the pod template's tolerationSeconds for
	// node.kubernetes.io/unreachable:NoExecute; nil: the template has none,
	// so the DefaultTolerationSeconds admission plugin adds 300.
	TolerationSeconds *int64
}

// NodeNames are the cluster's nodes.
var NodeNames = []string{"node-1", "node-2", "node-3"}

// DefaultConfig is the story the page opens with.
func DefaultConfig() Config {
	return Config{Seed: 7, Node: "node-3", Failure: KubeletStopped, FailAt: 17, ReturnAfter: 600}
}

// Validate reports what cannot be simulated.
func (c Config) Validate() error {
	ok := false
	for _, n := range NodeNames {
		ok = ok || n == c.Node
	}
	if !ok {
		return fmt.Errorf("node %q is not in the cluster (node-1, node-2, node-3)", c.Node)
	}
	if c.Failure != KubeletStopped && c.Failure != NetworkCut {
		return fmt.Errorf("failure %q is neither %q nor %q", c.Failure, KubeletStopped, NetworkCut)
	}
	if c.FailAt < 1 || c.FailAt > 600 {
		return fmt.Errorf("failAt %d is outside 1…600 s", c.FailAt)
	}
	if c.ReturnAfter > 3600 {
		return fmt.Errorf("returnAfter %d is more than an hour", c.ReturnAfter)
	}
	if c.TolerationSeconds != nil && (*c.TolerationSeconds < -3600 || *c.TolerationSeconds > 3600) {
		return fmt.Errorf("tolerationSeconds %d is outside -3600…3600", *c.TolerationSeconds)
	}
	return nil
}
