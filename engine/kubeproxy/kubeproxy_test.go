package kubeproxy

// Data-driven tests: testdata/*.txt read like a lesson. The expected
// output follows kubernetes pkg/proxy/iptables/proxier.go and the
// iptables-restore text its tests expect (proxier_test.go
// TestOverallIPTablesRules), and iptables-save's own formatting.
// Regenerate with: go test ./engine/kubeproxy/ -rewrite

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

type env struct {
	cfg  Config
	svc  Service
	eps  []Endpoint
	rs   *Ruleset
	seed uint64
	n    int
}

func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		e := &env{cfg: DefaultConfig(), svc: ExampleSvc(TypeClusterIP), eps: ExamplePods(3), seed: 1}
		datadriven.RunTest(t, path, func(t *testing.T, td *datadriven.TestData) string {
			out := e.run(t, td)
			if e.rs != nil {
				checkInvariants(t, e.rs)
			}
			return out
		})
	})
}

func (e *env) sync(t *testing.T) {
	t.Helper()
	rs, err := Sync(e.cfg, e.svc, e.eps)
	if err != nil {
		t.Fatal(err)
	}
	e.rs = rs
}

func (e *env) run(t *testing.T, td *datadriven.TestData) string {
	switch td.Cmd {
	case "service":
		typ := TypeClusterIP
		td.MaybeScanArgs(t, "type", &typ)
		e.svc = ExampleSvc(typ)
		e.sync(t)
		return fmt.Sprintf("%s %s %s:%d/%s -> targetPort %d, nodePort %d\n", e.svc.PortNameOf(), e.svc.Type, e.svc.ClusterIP, e.svc.Port, e.svc.Protocol, e.svc.TargetPort, e.svc.NodePort)
	case "pods":
		n := 3
		td.MaybeScanArgs(t, "replicas", &n)
		e.eps = ExamplePods(n)
		var notReady []string
		td.MaybeScanArgs(t, "notready", &notReady)
		for _, ip := range notReady {
			for i := range e.eps {
				if e.eps[i].IP == ip {
					e.eps[i].Ready = false
				}
			}
		}
		e.sync(t)
		var b strings.Builder
		for _, ep := range SortEndpoints(e.eps) {
			fmt.Fprintf(&b, "%s %s ready=%t\n", ep.Pod, ep.String(), ep.Ready)
		}
		return b.String()
	case "chains":
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n", e.rs.SvcChain)
		if e.rs.ExtChain != "" {
			fmt.Fprintf(&b, "%s\n", e.rs.ExtChain)
		}
		for _, ep := range e.rs.Endpoints {
			fmt.Fprintf(&b, "%s %s\n", e.rs.SEPChain[ep.String()], ep.String())
		}
		return b.String()
	case "restore":
		return e.rs.RestoreInput()
	case "save":
		table := "nat"
		td.MaybeScanArgs(t, "table", &table)
		return e.rs.Table(table).SaveText()
	case "grep":
		// grep the iptables-save output of both tables for a string.
		var b strings.Builder
		for _, tb := range []*Table{&e.rs.Filter, &e.rs.NAT} {
			for _, l := range tb.Save() {
				if strings.Contains(l.Text, strings.TrimSpace(td.Input)) {
					b.WriteString(l.Text + "\n")
				}
			}
		}
		return b.String()
	case "seed":
		td.ScanArgs(t, "n", &e.seed)
		return ""
	case "send":
		from := "client"
		td.MaybeScanArgs(t, "from", &from)
		e.n++
		tr := e.trace(from, e.n)
		var b strings.Builder
		for i, s := range tr.Steps {
			fmt.Fprintf(&b, "%2d %s\n", i, describeStep(s))
		}
		fmt.Fprintf(&b, "outcome: %s %s %s %s\n", tr.Outcome.Kind, tr.Outcome.Pod, tr.Outcome.Endpoint, tr.Outcome.Comment)
		return b.String()
	case "histogram":
		var n int
		td.ScanArgs(t, "n", &n)
		counts := map[string]int{}
		for i := 1; i <= n; i++ {
			if k := e.rs.Choose(RequestRand(e.seed, i)); k >= 0 {
				counts[e.rs.Endpoints[k].String()]++
			}
		}
		var b strings.Builder
		for i, ep := range e.rs.Endpoints {
			fmt.Fprintf(&b, "%s %5d  expected %.4f%%\n", ep.String(), counts[ep.String()], 100*Share(e.rs, i))
		}
		return b.String()
	case "resolve":
		var name string
		td.ScanArgs(t, "name", &name)
		rc := PodResolvConf("default", ClusterDomain, ClusterDNSIP)
		recs := map[string]string{ServiceFQDN(e.svc, ClusterDomain): e.svc.ClusterIP}
		var b strings.Builder
		for _, q := range Resolve(rc, name, recs) {
			if q.Answer == "" {
				fmt.Fprintf(&b, "%s NXDOMAIN\n", q.Name)
			} else {
				fmt.Fprintf(&b, "%s A %s\n", q.Name, q.Answer)
			}
		}
		return b.String()
	case "resolv.conf":
		return PodResolvConf("default", ClusterDomain, ClusterDNSIP).Text()
	}
	t.Fatalf("unknown command %q", td.Cmd)
	return ""
}

func (e *env) trace(from string, n int) Trace {
	c := Client{Name: ExampleClientPod, IP: ExampleClientIP, Pod: true}
	dst, port := e.svc.ClusterIP, e.svc.Port
	if from == "outside" {
		c = Client{Name: "a laptop", IP: ExampleOutsideClient}
		dst, port = e.cfg.NodeIP, e.svc.NodePort
	}
	return e.rs.Trace(c, dst, port, RequestRand(e.seed, n))
}

func describeStep(s Step) string {
	switch s.Kind {
	case StepRule:
		m := "-"
		if s.Matched {
			m = "+"
		}
		return fmt.Sprintf("%s %s\n     %s", m, s.Rule, s.Why)
	default:
		return fmt.Sprintf("[%s] %s", s.Kind, s.Why)
	}
}

// checkInvariants holds after every step: every jump targets a chain that
// exists, every KUBE-SVC/SEP/EXT chain kube-proxy declares is jumped to,
// the statistic shares add up to 1, and there is one KUBE-SEP chain per
// ready endpoint.
func checkInvariants(t *testing.T, rs *Ruleset) {
	t.Helper()
	builtinTargets := map[string]bool{"ACCEPT": true, "DROP": true, "REJECT": true, "RETURN": true, "MARK": true, "DNAT": true, "MASQUERADE": true}
	for _, tb := range []*Table{&rs.Filter, &rs.NAT} {
		referenced := map[string]bool{}
		for _, r := range append(append([]Rule(nil), tb.Jumps...), tb.Rules...) {
			if !tb.HasChain(r.Chain) {
				t.Errorf("%s: rule in undeclared chain %s: %s", tb.Name, r.Chain, r.SaveLine())
			}
			tgt := r.Target()
			if builtinTargets[tgt] {
				continue
			}
			if !tb.HasChain(tgt) {
				t.Errorf("%s: jump to undefined chain %s: %s", tb.Name, tgt, r.SaveLine())
			}
			referenced[tgt] = true
		}
		for _, c := range tb.Chains {
			if strings.HasPrefix(c, "KUBE-SVC-") || strings.HasPrefix(c, "KUBE-SEP-") || strings.HasPrefix(c, "KUBE-EXT-") {
				if !referenced[c] {
					t.Errorf("%s: chain %s is never jumped to", tb.Name, c)
				}
			}
		}
	}
	if n := len(rs.SEPChain); n != len(rs.Endpoints) {
		t.Errorf("%d KUBE-SEP chains for %d ready endpoints", n, len(rs.Endpoints))
	}
	if len(rs.Endpoints) > 0 {
		sum := 0.0
		for i := range rs.Endpoints {
			sum += Share(rs, i)
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("shares add up to %v", sum)
		}
	}
}
