package templates

import (
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// The FailedScheduling event the course quotes is the one engine/scheduler
// writes for the same cluster: three nodes whose CPU is taken by pods of
// the same priority, and a pod that fits none of them.
func TestCourseFailedSchedulingIsTheEngines(t *testing.T) {
	var cl scheduler.Cluster
	for i, n := range []string{"node-1", "node-2", "node-3"} {
		nd, err := scheduler.MakeNode(scheduler.NodeSpec{Name: n, CPU: "2", Memory: "4Gi", Pods: 110})
		if err != nil {
			t.Fatal(err)
		}
		cl.Nodes = append(cl.Nodes, nd)
		p, err := scheduler.MakePod(scheduler.PodSpec{Name: "busy-" + n, CPU: "1500m", Memory: "1Gi", NodeName: n, Priority: 10, Start: int64(i + 1)})
		if err != nil {
			t.Fatal(err)
		}
		cl.Pods = append(cl.Pods, p)
	}
	p, err := scheduler.MakePod(scheduler.PodSpec{Name: "web", CPU: "1", Memory: "1Gi", Priority: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := scheduler.Schedule(cl, p, scheduler.Options{Seed: 1}).FailedSchedulingMessage()
	msg, ok := strings.CutPrefix(textFailedScheduling, "Warning  FailedScheduling  default-scheduler  ")
	if !ok || msg != got {
		t.Errorf("the course quotes %q\nthe engine writes %q", textFailedScheduling, got)
	}
}
