package kubeproxy

import "testing"

// The chain names kubernetes pkg/proxy/iptables/proxier_test.go expects
// (TestOverallIPTablesRules): ns1/svc1:p80 over TCP is KUBE-SVC-XPGD46QRK7WJZT7O,
// and its endpoint 10.180.0.1:80 is KUBE-SEP-SXIVWICOYRO3J4NJ.
func TestChainNamesMatchUpstreamTests(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{ServicePortPolicyClusterChain("ns1/svc1:p80", "tcp"), "KUBE-SVC-XPGD46QRK7WJZT7O"},
		{ServiceExternalChainName("ns1/svc1:p80", "tcp"), "KUBE-EXT-XPGD46QRK7WJZT7O"},
		{ServicePortPolicyClusterChain("ns2/svc2:p80", "tcp"), "KUBE-SVC-GNZBNJ2PO5MGZ6GT"},
		{ServicePortEndpointChainName("ns1/svc1:p80", "tcp", "10.180.0.1:80"), "KUBE-SEP-SXIVWICOYRO3J4NJ"},
		{ServicePortEndpointChainName("ns1/svc1:p80", "tcp", "10.180.0.2:80"), "KUBE-SEP-LXVODXWDISEETFEF"},
		{ServicePortEndpointChainName("ns2/svc2:p80", "tcp", "10.180.0.2:80"), "KUBE-SEP-RS4RBKLTHTF2IUXJ"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %s, want %s", tt.got, tt.want)
		}
	}
}

// Probabilities as kube-proxy writes them (proxier.go computeProbability,
// "%0.10f") and as iptables-save prints them back (libxt_statistic.c,
// "%.11f" of lround(p·2³¹)/2³¹), as seen on real nodes.
func TestProbabilityFormats(t *testing.T) {
	for _, tt := range []struct {
		n             int
		written, save string
	}{
		{2, "0.5000000000", "0.50000000000"},
		{3, "0.3333333333", "0.33333333349"},
		{4, "0.2500000000", "0.25000000000"},
		{10, "0.1000000000", "0.10000000009"},
	} {
		if got := Probability(tt.n); got != tt.written {
			t.Errorf("Probability(%d) = %s, want %s", tt.n, got, tt.written)
		}
		r := newRule("nat", "X", "-m", "statistic", "--mode", "random", "--probability", Probability(tt.n), "-j", "Y")
		want := "-A X -m statistic --mode random --probability " + tt.save + " -j Y"
		if got := r.SaveLine(); got != want {
			t.Errorf("save line %q, want %q", got, want)
		}
	}
}

// kube-proxy's mark is fmt.Sprintf("%#08x", 1<<14) (NewProxier), which Go
// prints as 0x00004000; iptables-save prints MARK rules as --set-xmark.
func TestMasqueradeMark(t *testing.T) {
	if got := DefaultConfig().MasqueradeMark(); got != "0x00004000" {
		t.Errorf("mark %q", got)
	}
	or := newRule("nat", KubeMarkMasqChain, "-j", "MARK", "--or-mark", "0x00004000")
	if got := or.SaveLine(); got != "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000" {
		t.Errorf("%s", got)
	}
}

// Choose draws exactly as Trace does, so a histogram built with Choose
// shows the pods the traced requests reach.
func TestChooseAgreesWithTrace(t *testing.T) {
	for _, typ := range []string{TypeClusterIP, TypeNodePort} {
		for n := 0; n <= MaxPods; n++ {
			rs, err := Sync(DefaultConfig(), ExampleSvc(typ), ExamplePods(n))
			if err != nil {
				t.Fatal(err)
			}
			c, dst, port := Client{Name: "client", IP: ExampleClientIP, Pod: true}, ExampleClusterIP, 80
			if typ == TypeNodePort {
				c, dst, port = Client{Name: "laptop", IP: ExampleOutsideClient}, DefaultConfig().NodeIP, ExampleNodePort
			}
			for i := 1; i <= 50; i++ {
				tr := rs.Trace(c, dst, port, RequestRand(7, i))
				got := rs.Choose(RequestRand(7, i))
				want := -1
				for k, ep := range rs.Endpoints {
					if ep.String() == tr.Outcome.Endpoint {
						want = k
					}
				}
				if got != want {
					t.Fatalf("%s n=%d request %d: Choose %d, Trace %d (%s)", typ, n, i, got, want, tr.Outcome.Endpoint)
				}
			}
		}
	}
}

// A chi-squared test: over 20000 requests the pods' counts fit the
// rules' probabilities (1/n each). The threshold is the 0.999 quantile for
// n-1 degrees of freedom; the seed is fixed, so the test is repeatable.
func TestStatisticMatchesProbabilities(t *testing.T) {
	crit := map[int]float64{1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52, 6: 22.46, 7: 24.32, 8: 26.12, 9: 27.88}
	for n := 2; n <= MaxPods; n++ {
		rs, _ := Sync(DefaultConfig(), ExampleSvc(TypeClusterIP), ExamplePods(n))
		const total = 20000
		counts := make([]int, n)
		for i := 1; i <= total; i++ {
			counts[rs.Choose(RequestRand(42, i))]++
		}
		chi := 0.0
		for i, c := range counts {
			e := total * Share(rs, i)
			chi += (float64(c) - e) * (float64(c) - e) / e
		}
		if chi > crit[n-1] {
			t.Errorf("n=%d: chi² %.2f > %.2f, counts %v", n, chi, crit[n-1], counts)
		}
	}
}
