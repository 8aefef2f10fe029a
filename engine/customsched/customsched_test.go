package customsched

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// TestDataDriven replays testdata/*.txt. Each file runs the story with some
// settings and prints steps, cycles and kubectl output; the expected text
// was worked out from upstream (the files cite the source of each number).
// Invariants are checked after every run. Regenerate with -rewrite and
// review the diff.
func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var st *Story
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			args := map[string]string{}
			for _, a := range d.CmdArgs {
				args[a.Key] = strings.Join(a.Vals, ",")
			}
			switch d.Cmd {
			case "run":
				cfg := DefaultConfig()
				if v, ok := args["schedulerName"]; ok {
					cfg.SchedulerName = v
				}
				if v, ok := args["strategy"]; ok {
					cfg.Strategy = scheduler.Scoring(v)
				}
				if v, ok := args["weight"]; ok {
					cfg.Weight = v
				}
				if v, ok := args["reject"]; ok {
					cfg.Reject = nil
					if v != "" {
						cfg.Reject = strings.Split(v, ",")
					}
				}
				st = Run(cfg)
				for _, bad := range Check(st) {
					t.Errorf("%s: invariant broken: %s", d.Pos, bad)
				}
				var b strings.Builder
				for _, p := range [][]string{st.Problems.SchedulerName, st.Problems.Weight, st.Problems.Reject} {
					for _, m := range p {
						fmt.Fprintf(&b, "problem: %s\n", m)
					}
				}
				for i, s := range st.Steps {
					fmt.Fprintf(&b, "%d %s by %s\n", i, s.Kind, s.Actor)
				}
				return b.String()
			case "step":
				i, _ := strconv.Atoi(args["n"])
				return Describe(st, i)
			case "cycle":
				for _, s := range st.Steps {
					if s.Cycle != nil && s.Cycle.Pod == args["pod"] {
						return DescribeCycle(s.Cycle)
					}
				}
				return "no cycle\n"
			case "compare":
				return DescribeCompare(st.Compare)
			case "pods":
				last := st.Steps[len(st.Steps)-1]
				return GetPods(last.Pods) + "\n"
			case "describe":
				last := st.Steps[len(st.Steps)-1]
				return DescribeEvents(last.Events, args["pod"], last.T) + "\n"
			case "config":
				return ConfigYAML(st.Config) + "\n"
			}
			return fmt.Sprintf("unknown command %q", d.Cmd)
		})
	})
}

func TestScaledExtenderScore(t *testing.T) {
	// schedule_one.go prioritizeNodes: score * weight * (MaxNodeScore / MaxExtenderPriority).
	for _, c := range []struct{ score, weight, want int64 }{{9, 2, 180}, {4, 1, 40}, {0, 5, 0}, {10, 1, 100}} {
		if got := ScaledExtenderScore(c.score, c.weight); got != c.want {
			t.Errorf("ScaledExtenderScore(%d, %d) = %d, want %d", c.score, c.weight, got, c.want)
		}
	}
}

func TestValidationMessages(t *testing.T) {
	// apis/config/validation/validation_test.go: "extenders[0].weight: Invalid value: -2: must have a positive weight applied to it"
	if _, errs := ParseWeight("-2"); len(errs) != 1 || errs[0] != "extenders[0].weight: Invalid value: -2: must have a positive weight applied to it" {
		t.Errorf("ParseWeight(-2) = %q", errs)
	}
	errs := ValidateSchedulerName("My_Scheduler")
	if len(errs) != 1 || !strings.HasPrefix(errs[0], `The Pod "batch" is invalid: spec.schedulerName: Invalid value: "My_Scheduler": a lowercase RFC 1123 subdomain must consist of`) {
		t.Errorf("ValidateSchedulerName = %q", errs)
	}
}

// kubectl apply applies every object, then prints the errors it collected
// (staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go Run): the invalid
// batch's error comes after pod/orphan created.
func TestApplyPrintsErrorsLast(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SchedulerName = "My_Scheduler"
	lines := strings.Split(Run(cfg).Steps[0].Output, "\n")
	if len(lines) != 3 || lines[0] != "pod/web created" || lines[1] != "pod/orphan created" || !strings.HasPrefix(lines[2], `The Pod "batch" is invalid: `) {
		t.Errorf("kubectl apply printed %q", lines)
	}
}

// kubectl describe's Events table has an Age column (describe.go
// DescribeEvents: Type Reason Age From Message).
func TestDescribeEventsHasAge(t *testing.T) {
	got := DescribeEvents([]Event{{Object: "pod/web", Type: "Normal", Reason: "Scheduled", From: "default-scheduler", Message: "Successfully assigned default/web to node-1"}}, "web", 5)
	want := "Events:\n" +
		"  Type    Reason     Age   From               Message\n" +
		"  ----    ------     ----  ----               -------\n" +
		"  Normal  Scheduled  5s    default-scheduler  Successfully assigned default/web to node-1"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := DescribeEvents(nil, "orphan", 5); got != "Events:  <none>" {
		t.Errorf("no events: %q", got)
	}
}

// The extender's request body is labelled as abridged wherever it is shown.
func TestRequestBodyIsLabelledAbridged(t *testing.T) {
	for _, s := range Run(DefaultConfig()).Steps {
		if s.Cycle != nil && s.Cycle.FilterCall != nil {
			if !strings.Contains(DescribeCycle(s.Cycle), "request body "+RequestAbridged) {
				t.Errorf("cycle text lacks the abridged label:\n%s", DescribeCycle(s.Cycle))
			}
			return
		}
	}
	t.Fatal("no extender call")
}

// When the extender rejects every node, my-scheduler's FailedScheduling
// message is FitError.Error with the extender's FailedNodes reason, then the
// PostFilter plugins' reasons joined by ", " in profile order
// (runtime/framework.go RunPostFilterPlugins): DynamicResources' "no new
// claims to deallocate" (dynamicresources.go PostFilter, a pod without
// ResourceClaims) and DefaultPreemption's "preemption: …".
func TestRejectAllFailedSchedulingMessage(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Reject = []string{"node-1", "node-2", "node-3"}
	st := Run(cfg)
	want := "0/3 nodes are available: 3 node(s) under maintenance. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
	found := false
	for _, s := range st.Steps {
		if s.Cycle != nil && s.Cycle.Message != "" {
			found = true
			if s.Cycle.Message != want {
				t.Errorf("FailedScheduling = %q\nwant %q", s.Cycle.Message, want)
			}
		}
	}
	if !found {
		t.Fatal("no cycle ended in FailedScheduling")
	}
}
