package netpol

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// The scripts in testdata/*.txt are lessons: apply policies to the example
// cluster, send connections and read why each one is allowed or denied.
// The semantics follow staging/src/k8s.io/api/networking/v1/types.go and
// kubernetes-sigs/kube-network-policies pkg/pipeline/networkpolicy.go;
// validation and defaults follow pkg/apis/networking/validation/validation.go
// and pkg/apis/networking/v1/defaults.go; describe follows
// staging/src/k8s.io/kubectl/pkg/describe/describe.go. After every command
// that evaluates traffic, checkInvariants checks the rules of the API on the
// whole matrix.
func TestScripts(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		c := ExampleCluster()
		var applied []*networkingv1.NetworkPolicy
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			arg := func(k, def string) string {
				for _, a := range d.CmdArgs {
					if a.Key == k {
						return strings.Join(a.Vals, ",")
					}
				}
				return def
			}
			switch d.Cmd {
			case "world":
				return c.Describe()
			case "apply":
				// apply NAME... applies presets; with an input, the input is
				// a policy in JSON (the engine reads no YAML).
				var b strings.Builder
				var ins []*networkingv1.NetworkPolicy
				if d.Input != "" {
					var np networkingv1.NetworkPolicy
					if err := json.Unmarshal([]byte(d.Input), &np); err != nil {
						t.Fatalf("bad JSON: %v", err)
					}
					ins = append(ins, &np)
				}
				for _, a := range d.CmdArgs {
					p := Preset(a.Key)
					if p == nil {
						t.Fatalf("no preset %q", a.Key)
					}
					// As written: the demo's YAML has no defaults.
					ins = append(ins, p)
				}
				for _, in := range ins {
					a := Admit(c, applied, in, "policy.yaml")
					for _, df := range a.Defaults {
						fmt.Fprintf(&b, "default %s = %s (%s)\n", df.Path, df.Value, df.Why)
					}
					if a.Refused != "" {
						b.WriteString(a.Refused + "\n")
						continue
					}
					applied = append(applied, a.Stored)
					b.WriteString(a.Output + "\n")
				}
				b.WriteString(isolation(c, applied))
				return b.String()
			case "delete":
				var b strings.Builder
				for _, a := range d.CmdArgs {
					i := slices.IndexFunc(applied, func(np *networkingv1.NetworkPolicy) bool { return np.Name == a.Key })
					if i < 0 {
						t.Fatalf("%s is not applied", a.Key)
					}
					applied = slices.Delete(applied, i, i+1)
					fmt.Fprintf(&b, "networkpolicy.networking.k8s.io %q deleted\n", a.Key)
				}
				b.WriteString(isolation(c, applied))
				return b.String()
			case "connect", "reply":
				from, ok1 := c.Endpoint(arg("from", ""))
				to, ok2 := c.Endpoint(arg("to", ""))
				port, err := strconv.Atoi(arg("port", ""))
				if !ok1 || !ok2 || err != nil {
					t.Fatalf("bad connect: %s", d.Pos)
				}
				conn := Conn{Src: from, Dst: to, Port: int32(port), Protocol: corev1.Protocol(arg("proto", "TCP"))}
				v := Evaluate(c, applied, conn)
				checkInvariants(t, c, applied)
				if d.Cmd == "reply" {
					if v.Allowed {
						return fmt.Sprintf("reply %s → %s: allowed, it belongs to the allowed connection %s (conntrack ESTABLISHED)\n", to.Short(), from.Short(), conn)
					}
					return fmt.Sprintf("reply %s → %s: there is none, the connection %s was never established\n", to.Short(), from.Short(), conn)
				}
				return v.Reason() + "\n" + v.Explain()
			case "matrix":
				m := BuildMatrix(c, applied)
				checkInvariants(t, c, applied)
				return m.String()
			case "describe":
				for _, np := range applied {
					if np.Name == arg("name", "") {
						return Describe(np)
					}
				}
				t.Fatalf("%s is not applied", arg("name", ""))
			}
			t.Fatalf("unknown command %s", d.Cmd)
			return ""
		})
	})
}

// isolation lists, per pod, the policies that isolate it.
func isolation(c *Cluster, applied []*networkingv1.NetworkPolicy) string {
	var b strings.Builder
	for i := range c.Pods {
		p := &c.Pods[i]
		in, out := Isolating(applied, p)
		if len(in)+len(out) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s isolated for ingress by [%s], for egress by [%s]\n", p.Key(), strings.Join(in, " "), strings.Join(out, " "))
	}
	if b.Len() == 0 {
		return "  no pod is isolated: every connection is allowed\n"
	}
	return b.String()
}

// checkInvariants checks, on every cell of the matrix, what the API
// documents:
//   - a direction in which no policy selects the pod is allowed;
//   - a connection is allowed iff both ends allow it (or it is a pod to
//     itself);
//   - an allowed isolated side names the rule that allows it, and that
//     rule's ports and peers match;
//   - the order of the policies does not matter;
//   - policies are additive: removing one policy never allows something
//     unless that policy was what isolated an end.
func checkInvariants(t *testing.T, c *Cluster, applied []*networkingv1.NetworkPolicy) {
	t.Helper()
	rev := slices.Clone(applied)
	slices.Reverse(rev)
	m := BuildMatrix(c, applied)
	mr := BuildMatrix(c, rev)
	for i, row := range m.Cells {
		for j, v := range row {
			for _, s := range []Side{v.Egress, v.Ingress} {
				if !s.Isolated() && !s.Allowed {
					t.Errorf("%s: %s is not isolated but denied", v.Conn, s.Direction)
				}
				if s.Isolated() && s.Allowed {
					if s.By < 0 || !s.Rules[s.By].Allows || !s.Rules[s.By].PortsMatch || !s.Rules[s.By].PeersMatch {
						t.Errorf("%s: %s allowed without a matching rule", v.Conn, s.Direction)
					}
				}
			}
			if !v.Self && v.Allowed != (v.Egress.Allowed && v.Ingress.Allowed) {
				t.Errorf("%s: allowed=%v but egress=%v ingress=%v", v.Conn, v.Allowed, v.Egress.Allowed, v.Ingress.Allowed)
			}
			if mr.Cells[i][j].Allowed != v.Allowed {
				t.Errorf("%s: the order of the policies changes the verdict", v.Conn)
			}
		}
	}
	for k := range applied {
		fewer := slices.Delete(slices.Clone(applied), k, k+1)
		mf := BuildMatrix(c, fewer)
		for i, row := range mf.Cells {
			for j, before := range row {
				after := m.Cells[i][j]
				if !before.Allowed || after.Allowed {
					continue
				}
				newlyIsolated := (!before.Egress.Isolated() && after.Egress.Isolated()) || (!before.Ingress.Isolated() && after.Ingress.Isolated())
				if !newlyIsolated {
					t.Errorf("%s: adding %s denied it without isolating an end", after.Conn, applied[k].Name)
				}
			}
		}
	}
}
