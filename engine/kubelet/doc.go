// Package kubelet is the pure model behind the pod-lifecycle demo: a
// simulated kubelet that runs one pod on a timeline of simulated seconds. It
// matches Kubernetes v1.37. No I/O, no clock (time is an int of seconds since
// the pod was bound to its node), no goroutines, no randomness: the same Pod
// gives the same timeline, byte for byte, so stepping back is a replay.
//
// Each file follows the upstream files named at its top:
//
//	backoff.go   client-go util/flowcontrol/backoff.go, and how
//	             pkg/kubelet/kubelet.go configures the crash-loop and image
//	             back-offs (newCrashLoopBackOff, HasExpiredFunc)
//	prober.go    pkg/kubelet/prober/worker.go (doProbe), prober.go (the
//	             Unhealthy events), prober_manager.go (UpdatePodStatus),
//	             pkg/probe/http/http.go (the probe output)
//	sync.go      pkg/kubelet/kuberuntime/kuberuntime_manager.go
//	             (computePodActions, SyncPod, doBackOff),
//	             kuberuntime_container.go (startContainer, killContainer,
//	             computeInitContainerActions), pkg/kubelet/images/image_manager.go,
//	             pkg/kubelet/container/helpers.go (ShouldContainerBeRestarted),
//	             pkg/kubelet/pod_workers.go (when the next sync happens)
//	status.go    pkg/kubelet/kubelet_pods.go (generateAPIPodStatus, getPhase,
//	             convertToAPIContainerStatuses), pkg/kubelet/status/generate.go
//	events.go    client-go tools/record/events_cache.go (the EventCorrelator:
//	             counts and the per-object spam filter), pkg/kubelet/events/event.go
//	kubectl.go   pkg/printers/internalversion/printers.go (printPod: the READY,
//	             STATUS and RESTARTS columns) and kubectl's describe.go
//	             (DescribeEvents)
//
// What is left out, and why, is said beside the code: the jitter upstream adds
// to its retry periods (random, so a replay could not be exact), the 1 s PLEG
// relist (a change is seen in the same second, or the next when the kubelet
// caused it), and container runtimes' own delays.
package kubelet
