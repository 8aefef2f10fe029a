package disruption

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// The scripts in testdata/ are lessons with their worked examples. Their
// numbers and strings follow upstream kubernetes:
//   - priority.txt: plugin/pkg/admission/priority/admission.go and
//     pkg/apis/scheduling/helpers.go; queuesort/priority_sort.go
//   - pdb.txt: pkg/controller/disruption/disruption.go (getExpectedPodCount,
//     rounding up) and pkg/registry/core/pod/storage/eviction.go (the 429)
//   - preemption.txt: engine/scheduler's DefaultPreemption,
//     pkg/scheduler/framework/preemption/executor.go PreemptPod and
//     pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer
//   - drain.txt: staging/src/k8s.io/kubectl/pkg/drain/drain.go and
//     pkg/cmd/drain/drain.go, line by line
//
// After every command that builds a timeline, Check's invariants hold.
// Regenerate with -rewrite and review the diff.
func TestScripts(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var tl *Timeline
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			args := map[string]string{}
			for _, a := range d.CmdArgs {
				args[a.Key] = strings.Join(a.Vals, ",")
			}
			out := run(t, d, args, &tl)
			if tl != nil {
				if bad := Check(tl); bad != "" {
					t.Fatalf("%s: invariant broken: %s", d.Pos, bad)
				}
			}
			return out
		})
	})
}

func atoi(t *testing.T, s string, def int) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func life(t *testing.T, args map[string]string) Lifecycle {
	return Lifecycle{Grace: atoi(t, args["grace"], 30), PreStop: atoi(t, args["prestop"], 0),
		IgnoreSIGTERM: args["sigterm"] == "ignore", ExitAfter: atoi(t, args["exit"], 1)}
}

func frameAt(t *testing.T, tl *Timeline, sec int) Frame {
	for i := len(tl.Frames) - 1; i >= 0; i-- {
		if tl.Frames[i].T == sec {
			return tl.Frames[i]
		}
	}
	t.Fatalf("no frame at %ds", sec)
	return Frame{}
}

func run(t *testing.T, d *datadriven.TestData, args map[string]string, tlp **Timeline) string {
	switch d.Cmd {
	case "classes":
		return GetPriorityClasses(StoryClasses()) + "\n"
	case "admit":
		classes := StoryClasses()
		if _, ok := args["nodefault"]; ok {
			for i := range classes {
				classes[i].GlobalDefault = false
			}
		}
		a := Admit(classes, "checkout", args["class"])
		if a.Rejected {
			return "Error from server (Forbidden): error when creating \"checkout.yaml\": " + a.Error + "\n"
		}
		return fmt.Sprintf("priorityClassName: %s\npriority: %d\npreemptionPolicy: %s\n(%s)\n", a.ClassName, a.Priority, a.PreemptionPolicy, a.Why)
	case "queue":
		var ps []QueuedPod
		for _, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
			f := strings.Fields(line)
			p, _ := strconv.Atoi(f[1])
			c, _ := strconv.Atoi(f[2])
			ps = append(ps, QueuedPod{Name: f[0], Priority: int32(p), Created: c})
		}
		var b strings.Builder
		for i, p := range QueueOrder(ps) {
			fmt.Fprintf(&b, "%d. %s (priority %d, queued at %ds)\n", i+1, p.Name, p.Priority, p.Created)
		}
		return b.String()
	case "budget":
		b, errs := ParseBudget("checkout", args["field"], args["value"])
		if len(errs) > 0 {
			return strings.Join(errs, "\n") + "\n"
		}
		var pods []PodHealth
		ready, term, notReady := atoi(t, args["ready"], 0), atoi(t, args["terminating"], 0), atoi(t, args["notready"], 0)
		for i := 0; i < ready; i++ {
			pods = append(pods, PodHealth{Name: fmt.Sprintf("r%d", i), Ready: true})
		}
		for i := 0; i < term; i++ {
			pods = append(pods, PodHealth{Name: fmt.Sprintf("t%d", i), Ready: true, Terminating: true})
		}
		for i := 0; i < notReady; i++ {
			pods = append(pods, PodHealth{Name: fmt.Sprintf("n%d", i)})
		}
		st := ComputeStatus(b, int32(atoi(t, args["replicas"], 0)), pods)
		out := fmt.Sprintf("expectedPods=%d currentHealthy=%d desiredHealthy=%d disruptionsAllowed=%d (%s)\n%s\n",
			st.ExpectedPods, st.CurrentHealthy, st.DesiredHealthy, st.DisruptionsAllowed, st.Reason, st.Why)
		if _, ok := args["evict"]; ok {
			for i := 0; i < 2; i++ {
				ev := Evict(&st, "checkout", fmt.Sprintf("r%d", i))
				out += fmt.Sprintf("evict r%d: %d %s", i, ev.Code, ev.Message)
				if ev.Cause != "" {
					out += " (" + ev.Cause + ")"
				}
				out += "\n"
			}
		}
		return out
	case "preempt":
		tl, _, err := RunPreemption(PreemptConfig{Classes: StoryClasses(), Class: args["class"], CPU: args["cpu"], Life: life(t, args), ReportsMinAvailable: atoi(t, args["reports"], 0)})
		if err != nil {
			*tlp = nil
			return err.Error() + "\n"
		}
		*tlp = tl
		return summary(tl)
	case "drain":
		b, errs := ParseBudget("checkout", args["field"], args["value"])
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		tl := RunDrain(DrainConfig{Replicas: atoi(t, args["replicas"], 4), Budget: b, Life: life(t, args), Seed: 1, Limit: atoi(t, args["limit"], 0)})
		*tlp = tl
		return summary(tl)
	case "output":
		var b strings.Builder
		for _, l := range (*tlp).Frames[len((*tlp).Frames)-1].Output {
			fmt.Fprintf(&b, "%3ds  %s\n", l.At, l.Text)
		}
		return b.String()
	case "pods":
		f := frameAt(t, *tlp, atoi(t, args["t"], 0))
		return GetPodsWide(f.Pods, f.T) + "\n"
	case "events":
		f := frameAt(t, *tlp, atoi(t, args["t"], 0))
		return GetEvents(f.Events, f.T) + "\n"
	case "pdb":
		f := frameAt(t, *tlp, atoi(t, args["t"], 0))
		return fmt.Sprintf("expectedPods=%d currentHealthy=%d desiredHealthy=%d disruptionsAllowed=%d\n", f.PDB.ExpectedPods, f.PDB.CurrentHealthy, f.PDB.DesiredHealthy, f.PDB.DisruptionsAllowed)
	}
	t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
	return ""
}

// summary prints one line per step that changed something (quiet seconds
// are counted, not printed).
func summary(tl *Timeline) string {
	var b strings.Builder
	quiet := 0
	for _, f := range tl.Frames {
		if len(f.Did) == 1 && (strings.HasPrefix(f.Did[0], "Still Terminating") || strings.HasPrefix(f.Did[0], "Waiting") || strings.HasPrefix(f.Did[0], "Nothing")) {
			quiet++
			continue
		}
		if quiet > 0 {
			fmt.Fprintf(&b, "      (%d quiet seconds)\n", quiet)
			quiet = 0
		}
		for i, d := range f.Did {
			if i == 0 {
				fmt.Fprintf(&b, "%3ds  %s: %s\n", f.T, f.Actor, d)
			} else {
				fmt.Fprintf(&b, "      %s\n", d)
			}
		}
	}
	fmt.Fprintf(&b, "%d steps\n", len(tl.Frames)-1)
	return b.String()
}

// The drain story's pods are named by the API server from their
// generateName (engine/names.Suffix: staging/src/k8s.io/apiserver/pkg/
// storage/names/generate.go, utilrand.String(5)): kube-proxy- (the
// DaemonSet) and the ReplicaSet's name plus 5 characters of utilrand's
// alphabet, the same for the same seed and different for another.
func TestDrainPodNames(t *testing.T) {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789" // apimachinery pkg/util/rand/rand.go alphanums
	names := func(seed uint64) []string {
		tl := RunDrain(DrainConfig{Replicas: 4, Seed: seed})
		var out []string
		for _, p := range tl.Frames[0].Pods {
			out = append(out, p.Name)
		}
		return out
	}
	a := names(1)
	if len(a) != 7 {
		t.Fatalf("%d pods, want 3 kube-proxy and 4 checkout: %v", len(a), a)
	}
	for _, n := range a {
		prefix := "kube-proxy-"
		if !strings.HasPrefix(n, prefix) {
			prefix = ReplicaSet + "-"
		}
		suffix, ok := strings.CutPrefix(n, prefix)
		if !ok || len(suffix) != 5 || strings.Trim(suffix, alphabet) != "" {
			t.Errorf("pod %q is not kube-proxy- or %s- and 5 characters of %q", n, ReplicaSet, alphabet)
		}
	}
	if fmt.Sprint(names(1)) != fmt.Sprint(a) {
		t.Error("the same seed gave different names")
	}
	if fmt.Sprint(names(2)) == fmt.Sprint(a) {
		t.Error("another seed gave the same names")
	}
}
