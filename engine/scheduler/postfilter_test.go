package scheduler

import (
	"strings"
	"testing"
)

// The FailedScheduling message after every node failed Filter, as a v1.37
// kube-scheduler writes it. The default profile has two PostFilter plugins:
// DynamicResources (default since DRA went GA in v1.34, placed before
// DefaultPreemption in apis/config/v1/default_plugins.go) and
// DefaultPreemption. runtime/framework.go RunPostFilterPlugins joins the
// reasons of the plugins that return Unschedulable with ", ", and returns at
// once, with no message, when one succeeds; framework/types.go
// FitError.Error appends that after a space. DynamicResources' PostFilter
// (plugins/dynamicresources/dynamicresources.go, the resource.k8s.io/v1
// version) says "no new claims to deallocate" for a pod without
// ResourceClaims. The wanted strings are written out by hand, in the form
// real v1.35+ clusters print (e.g. "0/3 nodes are available: … no new
// claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is
// not helpful for scheduling.").
func TestFailedSchedulingPostFilterMessage(t *testing.T) {
	node := func(name string) NodeSpec { return NodeSpec{Name: name, CPU: "2", Memory: "4Gi", Pods: 110} }
	build := func(t *testing.T, pods ...PodSpec) Cluster {
		t.Helper()
		var cl Cluster
		for _, n := range []string{"node-1", "node-2"} {
			nd, err := MakeNode(node(n))
			if err != nil {
				t.Fatal(err)
			}
			cl.Nodes = append(cl.Nodes, nd)
		}
		for _, s := range pods {
			p, err := MakePod(s)
			if err != nil {
				t.Fatal(err)
			}
			cl.Pods = append(cl.Pods, p)
		}
		return cl
	}
	busy := []PodSpec{
		{Name: "a", CPU: "1500m", Memory: "1Gi", NodeName: "node-1", Priority: 10, Start: 1},
		{Name: "b", CPU: "1500m", Memory: "1Gi", NodeName: "node-2", Priority: 10, Start: 2},
	}
	cases := []struct {
		name string
		pod  PodSpec
		want string
	}{
		{"no victims", PodSpec{Name: "web", CPU: "1", Memory: "1Gi", Priority: 10},
			"0/2 nodes are available: 2 Insufficient cpu. no new claims to deallocate, preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."},
		{"preemptionPolicy Never", PodSpec{Name: "web", CPU: "1", Memory: "1Gi", Priority: 1000, Never: true},
			"0/2 nodes are available: 2 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."},
		{"nothing helps", PodSpec{Name: "web", CPU: "3", Memory: "1Gi", Priority: 1000},
			"0/2 nodes are available: 2 Insufficient cpu. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."},
		// DefaultPreemption nominates a node: PostFilter succeeded, so the
		// message is FitError's first part alone.
		{"preemption succeeds", PodSpec{Name: "web", CPU: "1", Memory: "1Gi", Priority: 1000},
			"0/2 nodes are available: 2 Insufficient cpu."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := MakePod(tc.pod)
			if err != nil {
				t.Fatal(err)
			}
			c := Schedule(build(t, busy...), p, Options{Seed: 1})
			if got := c.FailedSchedulingMessage(); got != tc.want {
				t.Errorf("FailedScheduling = %q\nwant %q", got, tc.want)
			}
			if pf := c.PostFilter; pf == nil || pf.DynamicResources == nil || pf.DynamicResources.Plugin != "DynamicResources" ||
				pf.DynamicResources.Code != Unschedulable || pf.DynamicResources.Message() != "no new claims to deallocate" {
				t.Errorf("DynamicResources PostFilter status = %+v", c.PostFilter)
			}
			if d := Describe(c); !strings.Contains(d, "PostFilter DynamicResources: Unschedulable: no new claims to deallocate\nPostFilter DefaultPreemption:") {
				t.Errorf("Describe does not show DynamicResources' PostFilter before DefaultPreemption's:\n%s", d)
			}
		})
	}
}
