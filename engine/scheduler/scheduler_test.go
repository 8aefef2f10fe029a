package scheduler

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	v1 "k8s.io/api/core/v1"
)

// TestDataDriven replays testdata/*.txt: each file builds a small cluster
// and schedules pods, printing the whole cycle. The expected outputs were
// worked out from upstream's code (the files name the source of each
// number); regenerate with -rewrite and review the diff.
func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var cl Cluster
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			args := map[string]string{}
			flags := map[string]bool{}
			for _, a := range d.CmdArgs {
				if len(a.Vals) == 0 {
					flags[a.Key] = true
				} else {
					args[a.Key] = strings.Join(a.Vals, ",")
				}
			}
			switch d.Cmd {
			case "node":
				n, err := MakeNode(NodeSpec{Name: args["name"], CPU: args["cpu"], Memory: args["memory"],
					Pods: atoi(args["pods"]), Labels: kv(args["labels"]), Taints: taints(args["taints"]),
					Unschedulable: flags["cordon"], Images: images(args["images"])})
				if err != nil {
					return err.Error()
				}
				cl.Nodes = append(cl.Nodes, n)
				return ""
			case "pod":
				p, err := MakePod(podSpec(args, flags))
				if err != nil {
					return err.Error()
				}
				cl.Pods = append(cl.Pods, p)
				return ""
			case "schedule":
				p, err := MakePod(podSpec(args, flags))
				if err != nil {
					return err.Error()
				}
				opt := Options{Seed: uint64(atoi(args["seed"])), Scoring: Scoring(args["scoring"])}
				c := Schedule(cl, p, opt)
				checkInvariants(t, c)
				return Describe(c)
			case "pdb":
				var disrupted []string
				if d := args["disrupted"]; d != "" {
					disrupted = strings.Split(d, ",")
				}
				cl.PDBs = append(cl.PDBs, MakePDB(PDBSpec{Name: args["name"], Selector: kv(args["selector"]),
					MinAvailable: args["minAvailable"], DisruptionsAllowed: int32(atoi(args["allowed"])), DisruptedPods: disrupted}))
				return ""
			case "reset":
				cl = Cluster{}
				return ""
			}
			return fmt.Sprintf("unknown command %q", d.Cmd)
		})
	})
}

// checkInvariants holds after every cycle.
func checkInvariants(t *testing.T, c *Cycle) {
	t.Helper()
	var scheduled, failed int
	for _, e := range c.Events {
		switch e.Reason {
		case "Scheduled":
			scheduled++
		case "FailedScheduling":
			failed++
		}
	}
	if scheduled+failed != 1 {
		t.Errorf("a cycle ends with one Scheduled or one FailedScheduling event, got %d and %d", scheduled, failed)
	}
	if c.Selected != "" {
		for _, nf := range c.Filter {
			if nf.Node == c.Selected && nf.Status != nil {
				t.Errorf("the chosen node %s failed %s", c.Selected, nf.Status.Plugin)
			}
		}
	} else if !strings.HasPrefix(c.FitMessage, fmt.Sprintf("0/%d nodes are available", c.NumAllNodes)) {
		t.Errorf("FitError message %q", c.FitMessage)
	}
	if pf := c.PostFilter; pf != nil && pf.Nominated != "" {
		// preemption.go pickOneNodeForPreemption: no candidate has fewer
		// PDB violations than the nominated one; victims are of lower
		// priority, and the violating ones are counted.
		for _, cand := range pf.Candidates {
			if cand.NumPDBViolations < pf.NumPDBViolations {
				t.Errorf("candidate %s has %d PDB violations, fewer than the nominated %s (%d)", cand.Node, cand.NumPDBViolations, pf.Nominated, pf.NumPDBViolations)
			}
			n := 0
			for _, v := range cand.Victims {
				if v.Priority >= c.Priority {
					t.Errorf("victim %s has priority %d, not below the pod's %d", v.Pod, v.Priority, c.Priority)
				}
				if v.ViolatesPDB {
					n++
				}
			}
			if n != cand.NumPDBViolations {
				t.Errorf("candidate %s: %d victims violate a PDB, NumPDBViolations %d", cand.Node, n, cand.NumPDBViolations)
			}
		}
	}
	for i, tot := range c.Totals {
		var sum int64
		for _, ps := range c.Scores {
			if ps.Skipped {
				continue
			}
			if ps.Normalized[i] < 0 || ps.Normalized[i] > MaxNodeScore {
				t.Errorf("%s scored %s %d, outside 0–100", ps.Plugin, tot.Node, ps.Normalized[i])
			}
			sum += ps.Weighted[i]
		}
		if sum != tot.Total {
			t.Errorf("total of %s is %d, the weighted scores sum to %d", tot.Node, tot.Total, sum)
		}
		if c.Selected != "" && len(c.Totals) > 0 && tot.Total > c.TopScore {
			t.Errorf("%s (%d) beats the selected %s (%d)", tot.Node, tot.Total, c.Selected, c.TopScore)
		}
	}
}

func podSpec(args map[string]string, flags map[string]bool) PodSpec {
	s := PodSpec{Name: args["name"], UID: args["uid"], CPU: args["cpu"], Memory: args["memory"], NodeName: args["node"],
		Priority: int32(atoi(args["priority"])), Never: flags["never"], NodeSelector: kv(args["selector"]),
		Tolerations: tolerations(args["tolerate"]), HostPort: int32(atoi(args["port"])), Start: int64(atoi(args["start"])),
		Image: args["image"], Labels: kv(args["labels"])}
	if s.UID == "" {
		s.UID = "uid-" + s.Name
	}
	if r := args["require"]; r != "" {
		k, vals, _ := strings.Cut(r, "=")
		s.Required = []v1.NodeSelectorRequirement{{Key: k, Operator: v1.NodeSelectorOpIn, Values: strings.Split(vals, "|")}}
	}
	if pr := args["prefer"]; pr != "" {
		for _, one := range strings.Split(pr, ",") {
			w, rest, _ := strings.Cut(one, ":")
			k, v, _ := strings.Cut(rest, "=")
			s.Preferred = append(s.Preferred, v1.PreferredSchedulingTerm{Weight: int32(atoi(w)),
				Preference: v1.NodeSelectorTerm{MatchExpressions: []v1.NodeSelectorRequirement{{Key: k, Operator: v1.NodeSelectorOpIn, Values: []string{v}}}}})
		}
	}
	return s
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func kv(s string) map[string]string {
	if s == "" {
		return nil
	}
	m := map[string]string{}
	for _, p := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(p, "=")
		m[k] = v
	}
	return m
}

// taints parses "key=value:Effect,key:Effect".
func taints(s string) []v1.Taint {
	var out []v1.Taint
	for _, p := range strings.Split(s, ",") {
		if p == "" {
			continue
		}
		kv, eff, _ := strings.Cut(p, ":")
		k, v, _ := strings.Cut(kv, "=")
		out = append(out, v1.Taint{Key: k, Value: v, Effect: v1.TaintEffect(eff)})
	}
	return out
}

// tolerations parses "key=value:Effect" (Equal) and "key:Effect" (Exists).
func tolerations(s string) []v1.Toleration {
	var out []v1.Toleration
	for _, p := range strings.Split(s, ",") {
		if p == "" {
			continue
		}
		kv, eff, _ := strings.Cut(p, ":")
		k, v, hasV := strings.Cut(kv, "=")
		t := v1.Toleration{Key: k, Effect: v1.TaintEffect(eff), Operator: v1.TolerationOpExists}
		if hasV {
			t.Operator, t.Value = v1.TolerationOpEqual, v
		}
		out = append(out, t)
	}
	return out
}

// images parses "name@sizeMiB,…".
func images(s string) []v1.ContainerImage {
	var out []v1.ContainerImage
	for _, p := range strings.Split(s, ",") {
		if p == "" {
			continue
		}
		name, size, _ := strings.Cut(p, "@")
		out = append(out, v1.ContainerImage{Names: []string{name}, SizeBytes: atoi(size) * 1024 * 1024})
	}
	return out
}
