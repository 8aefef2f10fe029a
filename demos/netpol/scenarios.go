package netpol

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/engine/netpol"
)

// request is one step: a new connection, or the reply on the connection
// From → To (Reply: the packet goes To → From).
type request struct {
	From, To string
	Port     int32
	Proto    corev1.Protocol
	Reply    bool
	Note     string // why a learner sends it, a short sentence
}

// scenario is a story: the policies applied at the start and the requests
// stepped through. A learner can apply and remove policies at any step;
// every request is evaluated against what is applied now.
type scenario struct {
	Name     string
	Title    string
	Intro    string
	Apply    []string
	Requests []request
}

const (
	tcp = corev1.ProtocolTCP
	udp = corev1.ProtocolUDP
)

var scenarios = []scenario{
	{
		Name:  "outline",
		Title: "The outline's api-policy",
		Intro: "The outline's api-policy is applied in namespace default: it isolates api for ingress and egress; every other pod is still open.",
		Apply: []string{netpol.APIPolicy},
		Requests: []request{
			{From: "frontend", To: "api", Port: 8080, Proto: tcp, Note: "The front end calls the API."},
			{From: "api", To: "database", Port: 5432, Proto: tcp, Note: "The API queries its database."},
			{From: "api", To: "database", Port: 5432, Proto: tcp, Reply: true, Note: "The database answers on that connection."},
			{From: "database", To: "api", Port: 8080, Proto: tcp, Note: "The database opens a connection of its own to the API."},
			{From: "api", To: "coredns", Port: 53, Proto: udp, Note: "The API looks up a name over UDP."},
			{From: "api", To: "coredns", Port: 53, Proto: tcp, Note: "The answer is too large for UDP, so the resolver retries over TCP."},
			{From: "prometheus", To: "api", Port: 9090, Proto: tcp, Note: "Prometheus scrapes the API's metrics port."},
			{From: "api", To: netpol.ExampleOutsideName, Port: 443, Proto: tcp, Note: "The API calls a service on the internet."},
			{From: "frontend", To: "database", Port: 5432, Proto: tcp, Note: "The front end goes straight to the database."},
		},
	},
	{
		Name:  "default-allow",
		Title: "No policy: default allow",
		Intro: "No policy is applied: no pod is isolated, so every pod reaches every pod in every namespace, and the internet.",
		Apply: []string{},
		Requests: []request{
			{From: "frontend", To: "api", Port: 8080, Proto: tcp, Note: "The front end calls the API."},
			{From: "grafana", To: "database", Port: 5432, Proto: tcp, Note: "Grafana, in another namespace, connects to the database."},
			{From: "database", To: netpol.ExampleOutsideName, Port: 443, Proto: tcp, Note: "The database connects to the internet."},
			{From: "coredns", To: "api", Port: 9090, Proto: tcp, Note: "CoreDNS connects to the API's metrics port."},
		},
	},
	{
		Name:  "zero-trust",
		Title: "Default deny, then allow",
		Intro: "default-deny isolates every pod of default in both directions; allow-dns, api-policy and frontend-egress allow back what the application needs.",
		Apply: []string{netpol.APIPolicy, netpol.DefaultDeny, netpol.AllowDNS, netpol.AllowFrontend},
		Requests: []request{
			{From: "frontend", To: "coredns", Port: 53, Proto: udp, Note: "The front end looks up api's name."},
			{From: "frontend", To: "api", Port: 8080, Proto: tcp, Note: "The front end calls the API."},
			{From: "api", To: "database", Port: 5432, Proto: tcp, Note: "The API queries its database."},
			{From: "api", To: "coredns", Port: 53, Proto: tcp, Note: "The API retries a lookup over TCP."},
			{From: "prometheus", To: "frontend", Port: 80, Proto: tcp, Note: "Prometheus probes the front end."},
			{From: "frontend", To: netpol.ExampleOutsideName, Port: 443, Proto: tcp, Note: "The front end calls a service on the internet."},
		},
	},
	{
		Name:  "and-or",
		Title: "One from entry or two",
		Intro: "metrics-and lets Prometheus scrape api: namespaceSelector and podSelector in one from entry must both match. Swap it for metrics-or, the same selectors in two entries, and step again.",
		Apply: []string{netpol.MetricsAnd},
		Requests: []request{
			{From: "prometheus", To: "api", Port: 9090, Proto: tcp, Note: "Prometheus scrapes the API's port named metrics."},
			{From: "grafana", To: "api", Port: 9090, Proto: tcp, Note: "Grafana, in the same namespace as Prometheus, tries the same port."},
			{From: "prometheus", To: "api", Port: 8080, Proto: tcp, Note: "Prometheus tries the API's other port."},
			{From: "frontend", To: "api", Port: 9090, Proto: tcp, Note: "The front end tries the metrics port."},
		},
	},
}

func scenarioNames() []string {
	var out []string
	for _, s := range scenarios {
		out = append(out, s.Name)
	}
	return out
}

func findScenario(name string) *scenario {
	for i := range scenarios {
		if scenarios[i].Name == name {
			return &scenarios[i]
		}
	}
	return nil
}
