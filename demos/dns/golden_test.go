package dns

// Golden replays of the demo's scenarios: each one is a URL and a list of
// actions; the narration after every action and the text view at the end
// are written to testdata/dns.golden. The answers in them follow CoreDNS's
// plugin/kubernetes (kubernetes.go findServices, findPods; parse.go) with
// kubeadm's Corefile, the order of queries glibc's resolv/res_query.c, and
// the resolv.conf pkg/kubelet/network/dns/dns.go; regenerate with
// go test ./demos/dns/ -update and review the diff.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"

	"github.com/kubeviz/kubeviz/demos"
)

type scenario struct {
	name    string
	query   string
	actions []demos.Action
}

func stepAll(n int) []demos.Action {
	var out []demos.Action
	for i := 0; i < n; i++ {
		out = append(out, demos.Action{Kind: "step"})
	}
	return out
}

var scenarios = []scenario{
	{"a Service in the pod's own namespace", "", stepAll(1)},
	{"a Service in another namespace", "name=web.payments", stepAll(2)},
	{"the full name still pays for the search path", "name=web.shop.svc.cluster.local", stepAll(4)},
	{"a final dot: one query", "name=web.shop.svc.cluster.local.", stepAll(1)},
	{"the same short name from payments", "ns=payments", stepAll(1)},
	{"a headless Service", "", append([]demos.Action{{Kind: "preset", Value: "headless"}}, stepAll(1)...)},
	{"a StatefulSet pod's own name", "name=db-0.db", stepAll(1)},
	{"SRV for a headless Service's named port, db-1 not ready", "name=_postgres._tcp.db&type=SRV", append([]demos.Action{{Kind: "ready", Value: "db-1"}}, stepAll(1)...)},
	{"SRV for a ClusterIP Service", "name=_http._tcp.web&type=SRV", stepAll(1)},
	{"a pod A record", "name=10-244-3-8.payments.pod", stepAll(3)},
	{"an external name", "name=api.example.com", stepAll(4)},
	{"a name that does not exist", "name=nosuch", stepAll(4)},
	{"a typo, then a fix", "", []demos.Action{{Kind: "set", Key: "name", Value: "web..payments"}, {Kind: "set", Key: "name", Value: "web.payments"}, {Kind: "step"}, {Kind: "step"}}},
}

func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, sc := range scenarios {
		q, _ := url.ParseQuery(sc.query)
		st, probs := open(q)
		if len(probs) > 0 {
			t.Fatalf("%s: %v", sc.name, probs)
		}
		fmt.Fprintf(&b, "=== %s (?%s)\n", sc.name, sc.query)
		fmt.Fprintf(&b, "0. %s\n", st.Narration())
		for i, a := range sc.actions {
			if err := st.Apply(a); err != nil {
				t.Fatalf("%s: action %d %+v: %v", sc.name, i+1, a, err)
			}
			fmt.Fprintf(&b, "%d. %s %s %s: %s\n", i+1, a.Kind, a.Key, a.Value, st.Narration())
		}
		fmt.Fprintf(&b, "--- query: %s\n%s\n", st.Query().Encode(), st.Text())
	}
	path := "testdata/dns.golden"
	golden.Check(t, path, b.String())
}
