package preemption

import (
	"fmt"
	"time"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/disruption"
	"github.com/kubeviz/kubeviz/internal/kyaml"
)

// storyStart is the wall-clock time of second 0, for the timestamps a pod's
// YAML shows.
var storyStart = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

func stamp(sec int) string {
	return storyStart.Add(time.Duration(sec) * time.Second).Format(time.RFC3339)
}

// podExcerpt is the part of `kubectl get pod NAME -o yaml` a graceful
// delete changes: metadata.deletionTimestamp is now + the grace period (the
// time by which the pod should be gone: staging/src/k8s.io/apiserver
// pkg/registry/rest/delete.go BeforeDelete), deletionGracePeriodSeconds,
// and the DisruptionTarget condition the scheduler (executor.go PreemptPod)
// or the Eviction API (eviction.go) added first. kubectl prints the object
// through sigs.k8s.io/yaml, so keys come sorted.
func podExcerpt(p *disruption.Pod, t int) string {
	meta := map[string]any{"name": p.Name, "namespace": p.Namespace}
	if p.DeletedAt != disruption.Never && t >= p.DeletedAt {
		meta["deletionTimestamp"] = stamp(p.DeletedAt + p.Life.Grace)
		meta["deletionGracePeriodSeconds"] = p.Life.Grace
		// A pod is created with metadata.generation 1
		// (pkg/registry/core/pod/strategy.go PrepareForCreate), and the
		// first graceful delete bumps it
		// (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go
		// BeforeDelete: "we need to bump object's Generation (if set)").
		meta["generation"] = 2
	}
	spec := map[string]any{"nodeName": p.Node, "priority": p.Priority, "terminationGracePeriodSeconds": p.Life.Grace}
	if p.Class != "" {
		spec["priorityClassName"] = p.Class
	}
	status := map[string]any{"phase": "Running"}
	if d := p.Disruption; d != nil {
		c := map[string]any{"type": d.Type, "status": d.Status, "reason": d.Reason, "message": d.Message, "lastTransitionTime": stamp(p.DeletedAt)}
		if d.Reason == v1.PodReasonPreemptionByScheduler {
			// The scheduler patches the condition before it deletes the
			// victim, with ObservedGeneration =
			// CalculatePodConditionObservedGeneration(…, victim.Generation, …):
			// the generation before the delete, 1
			// (pkg/scheduler/framework/preemption/executor.go PreemptPod;
			// PodObservedGenerationTracking is GA, on, since v1.35).
			c["observedGeneration"] = 1
		}
		status["conditions"] = []any{c}
	}
	out, err := kyaml.Marshal(map[string]any{"metadata": meta, "spec": spec, "status": status})
	if err != nil {
		return fmt.Sprint(err)
	}
	return string(out)
}
