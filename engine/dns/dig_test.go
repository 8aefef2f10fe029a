package dns

import "testing"

// The expected lines were printed by BIND 9.18's dig and nslookup
// (bind9-dnsutils 1:9.18.49) against a test server giving these answers:
// the tabs and spaces are dig's column rules (lib/dns/masterdump.c).
func TestDigColumns(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{rrLine(RR{Name: "web.shop.svc.cluster.local.", TTL: 30, Type: "A", Data: "10.96.112.40"}), "web.shop.svc.cluster.local. 30\tIN\tA\t10.96.112.40"},
		{rrLine(RR{Name: "cluster.local.", TTL: 30, Type: "SOA", Data: "ns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200 1800 86400 30"}), "cluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200 1800 86400 30"},
		{rrLine(RR{Name: "_http._tcp.web.shop.svc.cluster.local.", TTL: 30, Type: "SRV", Data: "0 100 80 web.shop.svc.cluster.local."}), "_http._tcp.web.shop.svc.cluster.local. 30 IN SRV 0 100 80 web.shop.svc.cluster.local."},
		{rrLine(RR{Name: "api.example.com.", TTL: 30, Type: "A", Data: "203.0.113.10"}), "api.example.com.\t30\tIN\tA\t203.0.113.10"},
		{rrLine(RR{Name: "xeb.payments.svc.cluster.local.", TTL: 30, Type: "A", Data: "10.96.201.7"}), "xeb.payments.svc.cluster.local.\t30 IN\tA\t10.96.201.7"},
		{rrLine(RR{Name: "xb.payments.svc.cluster.local.", TTL: 30, Type: "A", Data: "10.96.201.7"}), "xb.payments.svc.cluster.local. 30 IN\tA\t10.96.201.7"},
		{rrLine(RR{Name: "xeeeeeeeb.payments.svc.cluster.local.", TTL: 30, Type: "A", Data: "10.96.201.7"}), "xeeeeeeeb.payments.svc.cluster.local. 30 IN A\t10.96.201.7"},
		{questionLine("xeeb.payments.svc.cluster.local.", "A"), ";xeeb.payments.svc.cluster.local. IN\tA"},
		{questionLine("xeeeeeeeb.payments.svc.cluster.local.", "A"), ";xeeeeeeeb.payments.svc.cluster.local. IN A"},
		{questionLine("web.shop.svc.cluster.local.", "A"), ";web.shop.svc.cluster.local.\tIN\tA"},
		{questionLine("shop.svc.cluster.local.", "A"), ";shop.svc.cluster.local.\t\tIN\tA"},
		{questionLine("api.example.com.", "A"), ";api.example.com.\t\tIN\tA"},
		{questionLine("_http._tcp.web.shop.svc.cluster.local.", "SRV"), ";_http._tcp.web.shop.svc.cluster.local. IN SRV"},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
	}
}

func TestDigNXDOMAIN(t *testing.T) {
	c := ExampleCluster()
	r := c.Serve(4446, "nosuch.shop.svc.cluster.local.", TypeA, nil)
	want := ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4446\n" +
		";; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 0\n" +
		";; WARNING: recursion requested but not available\n" +
		"\n" +
		";; QUESTION SECTION:\n" +
		";nosuch.shop.svc.cluster.local.\tIN\tA\n" +
		"\n" +
		";; AUTHORITY SECTION:\n" +
		"cluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200 1800 86400 30\n" +
		"\n" +
		";; SERVER: 127.0.0.1#53(127.0.0.1) (UDP)\n"
	if got := Dig(r, "127.0.0.1"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNslookup(t *testing.T) {
	found := Outcome{Found: true, Records: []RR{{Name: "web.shop.svc.cluster.local.", TTL: 30, Type: "A", Data: "10.96.112.40"}}, Last: Response{AA: true, Rcode: NoError}}
	if got, want := Nslookup(found, "web", TypeA, "127.0.0.1"), "Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\nName:\tweb.shop.svc.cluster.local\nAddress: 10.96.112.40\n\n"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	ext := Outcome{Found: true, Records: []RR{{Name: "api.example.com.", TTL: 30, Type: "A", Data: "203.0.113.10"}}, Last: Response{Rcode: NoError, RA: true}}
	if got, want := Nslookup(ext, "api.example.com", TypeA, "127.0.0.1"), "Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\nNon-authoritative answer:\nName:\tapi.example.com\nAddress: 203.0.113.10\n\n"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	srv := Outcome{Found: true, Records: []RR{{Name: "_http._tcp.web.shop.svc.cluster.local.", TTL: 30, Type: "SRV", Data: "0 100 80 web.shop.svc.cluster.local."}}, Last: Response{AA: true, Rcode: NoError}}
	if got, want := Nslookup(srv, "_http._tcp.web", TypeSRV, "127.0.0.1"), "Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\n_http._tcp.web.shop.svc.cluster.local\tservice = 0 100 80 web.shop.svc.cluster.local.\n\n"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	nx := Outcome{Last: Response{Rcode: NXDomain}}
	if got, want := Nslookup(nx, "nosuch", TypeA, "127.0.0.1"), "Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\n** server can't find nosuch: NXDOMAIN\n\n"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
