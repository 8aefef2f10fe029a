package clusterautoscaler

// Options are the cluster-autoscaler flags this model reads, in seconds
// (cluster-autoscaler/config/flags/flags.go and config/const.go).
type Options struct {
	ScanInterval                  int     // --scan-interval, DefaultScanInterval 10s
	ScaleDownUnneededTime         int     // --scale-down-unneeded-time, DefaultScaleDownUnneededTime 10m
	ScaleDownDelayAfterAdd        int     // --scale-down-delay-after-add, 10m
	ScaleDownDelayAfterDelete     int     // --scale-down-delay-after-delete, 0
	ScaleDownUtilizationThreshold float64 // --scale-down-utilization-threshold, DefaultScaleDownUtilizationThreshold 0.5
	MaxNodeProvisionTime          int     // --max-node-provision-time, 15m
	NodeDeleteDelayAfterTaint     int     // --node-delete-delay-after-taint, 5s
	Expander                      string  // --expander, expander.LeastWasteExpanderName
}

// DefaultOptions are the flag defaults.
func DefaultOptions() Options {
	return Options{
		ScanInterval:                  10,
		ScaleDownUnneededTime:         600,
		ScaleDownDelayAfterAdd:        600,
		ScaleDownDelayAfterDelete:     0,
		ScaleDownUtilizationThreshold: 0.5,
		MaxNodeProvisionTime:          900,
		NodeDeleteDelayAfterTaint:     5,
		Expander:                      "least-waste",
	}
}

// UnschedulablePodTimeBuffer is static_autoscaler.go
// unschedulablePodTimeBuffer: when every unschedulable pod is younger than
// 2 s, RunOnce waits one iteration for more ("Unschedulable pods are very
// new, waiting one iteration for more") and skips scale-down in that loop.
const UnschedulablePodTimeBuffer = 2

// UnremovableNodeRecheckTimeout is --unremovable-node-recheck-timeout (5m).
const UnremovableNodeRecheckTimeout = 300

// Taint keys of cluster-autoscaler/utils/taints/taints.go.
const (
	// ToBeDeletedTaint (NoSchedule) marks a node CA is deleting.
	ToBeDeletedTaint = "ToBeDeletedByClusterAutoscaler"
	// DeletionCandidateTaint (PreferNoSchedule) marks an unneeded node
	// (the "soft taint", --max-bulk-soft-taint-count 10).
	DeletionCandidateTaint = "DeletionCandidateOfClusterAutoscaler"
)

// StatusConfigMap is --status-config-map-name in --namespace kube-system.
const StatusConfigMap = "cluster-autoscaler-status"

// Epoch is the Unix time of t=0 in this simulation (2026-01-01T00:00:00Z):
// the value CA writes into its taints is a Unix timestamp.
const Epoch = 1767225600
