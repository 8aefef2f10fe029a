package preemption

import (
	"fmt"
	"time"

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
	}
	spec := map[string]any{"nodeName": p.Node, "priority": p.Priority, "terminationGracePeriodSeconds": p.Life.Grace}
	if p.Class != "" {
		spec["priorityClassName"] = p.Class
	}
	status := map[string]any{"phase": "Running"}
	if d := p.Disruption; d != nil {
		status["conditions"] = []any{map[string]any{"type": d.Type, "status": d.Status, "reason": d.Reason, "message": d.Message, "lastTransitionTime": stamp(p.DeletedAt)}}
	}
	out, err := kyaml.Marshal(map[string]any{"metadata": meta, "spec": spec, "status": status})
	if err != nil {
		return fmt.Sprint(err)
	}
	return string(out)
}
