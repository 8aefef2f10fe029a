package dns

// Data-driven tests: testdata/*.txt read like a lesson. The resolv.conf
// follows kubernetes pkg/kubelet/network/dns/dns.go, the order of queries
// glibc resolv/res_query.c __res_context_search, and each answer CoreDNS's
// plugin/kubernetes (parse.go, kubernetes.go findServices/findPods) with
// kubeadm's Corefile. Regenerate with: go test ./engine/dns/ -rewrite

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		c := ExampleCluster()
		ns := "shop"
		datadriven.RunTest(t, path, func(t *testing.T, td *datadriven.TestData) string {
			switch td.Cmd {
			case "client":
				td.ScanArgs(t, "ns", &ns)
				return PodResolvConf(ns, c).Text()
			case "notready":
				var pods []string
				for _, a := range td.CmdArgs {
					pods = append(pods, a.Key)
				}
				c = ExampleCluster(pods...)
				return fmt.Sprintf("not ready: %s\n", strings.Join(pods, ", "))
			case "records":
				var b strings.Builder
				for _, r := range c.Records() {
					fmt.Fprintf(&b, "%s %s %s\n", r.Name, r.Type, r.Data)
				}
				return b.String()
			case "lookup", "dig":
				var name string
				qtype, seed := TypeA, uint64(1)
				td.ScanArgs(t, "name", &name)
				td.MaybeScanArgs(t, "type", &qtype)
				td.MaybeScanArgs(t, "seed", &seed)
				rc := PodResolvConf(ns, c)
				xs := Lookup(c, rc, name, qtype, seed)
				checkLookup(t, c, rc, name, xs)
				var b strings.Builder
				for _, x := range xs {
					if td.Cmd == "dig" {
						fmt.Fprintf(&b, "query %d of %d\n%s\n", x.Try, len(xs), Dig(x.Response, c.DNSIP))
						continue
					}
					fmt.Fprintf(&b, "%d. %s %s -> %s", x.Try, x.Name, x.Type, x.Rcode)
					for _, rr := range x.Answer {
						fmt.Fprintf(&b, " | %s", rr.Data)
					}
					fmt.Fprintf(&b, "\n   %s\n", x.Why)
				}
				if td.Cmd == "lookup" {
					o := Result(xs)
					fmt.Fprintf(&b, "nslookup:\n%s", Nslookup(o, name, qtype, c.DNSIP))
				}
				return b.String()
			}
			t.Fatalf("unknown command %q", td.Cmd)
			return ""
		})
	})
}

// checkLookup checks what holds for every lookup: the queries are the
// resolver's candidates in order, only the last can have records, every
// NXDOMAIN carries the zone's SOA and no answer, every answer from the
// kubernetes plugin is authoritative with TTL 30, and a headless Service's
// name has one address per ready endpoint.
func checkLookup(t *testing.T, c *Cluster, rc ResolvConf, name string, xs []Exchange) {
	t.Helper()
	cands := Candidates(rc, name)
	if len(xs) == 0 || len(xs) > len(cands) {
		t.Fatalf("%d queries for %d candidates", len(xs), len(cands))
	}
	if strings.HasSuffix(name, ".") && len(cands) != 1 {
		t.Errorf("a name with a final dot has %d candidates", len(cands))
	}
	for i, x := range xs {
		if x.Name != cands[i] {
			t.Errorf("query %d is %s, the resolver's candidate is %s", i+1, x.Name, cands[i])
		}
		if x.Found() && i != len(xs)-1 {
			t.Errorf("query %d had records but the resolver went on", i+1)
		}
		if x.Rcode == NXDomain && (len(x.Answer) != 0 || len(x.Authority) != 1 || x.Authority[0].Type != "SOA") {
			t.Errorf("query %d: NXDOMAIN without exactly one SOA: %+v", i+1, x.Response)
		}
		if x.By == ByKubernetes && !x.AA {
			t.Errorf("query %d: the kubernetes plugin's answer is not authoritative", i+1)
		}
		for _, rr := range append(append(append([]RR(nil), x.Answer...), x.Authority...), x.Additional...) {
			if rr.TTL != 30 {
				t.Errorf("query %d: %s has TTL %d, kubeadm's Corefile gives 30", i+1, rr.Name, rr.TTL)
			}
		}
		for _, rr := range x.Answer {
			if rr.Name != x.Name || rr.Type != x.Type {
				t.Errorf("query %d: answer %s %s does not match the question %s %s", i+1, rr.Name, rr.Type, x.Name, x.Type)
			}
		}
		for _, s := range c.Services {
			if s.Headless() && strings.EqualFold(x.Name, s.FQDN(c.Domain)) && x.Type == TypeA && x.Found() && len(x.Answer) != len(readyEndpoints(s)) {
				t.Errorf("headless %s: %d addresses for %d ready endpoints", s.Name, len(x.Answer), len(readyEndpoints(s)))
			}
		}
	}
	if last := xs[len(xs)-1]; !last.Found() && len(xs) != len(cands) {
		t.Errorf("the resolver stopped after %d of %d names without an answer", len(xs), len(cands))
	}
}
