package netpol

import "github.com/kubeviz/kubeviz/engine/netpol"

// presetYAML is each preset policy as a learner would write it. api-policy
// is the outline's (../shared/seed/kubernetes-orchestration-guide.txt) with
// its indentation restored; like the outline it has no metadata.namespace,
// so kubectl sends it to the context's namespace, default. The tests check
// that each one decodes to engine/netpol's Preset of the same name.
var presetYAML = map[string]string{
	netpol.APIPolicy: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-policy
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: frontend
    ports:
    - protocol: TCP
      port: 8080
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: database
    ports:
    - protocol: TCP
      port: 5432
  - to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
`,
	netpol.DefaultDeny: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: default
spec:
  podSelector: {}        # every pod in the namespace
  policyTypes:
  - Ingress
  - Egress
`,
	netpol.AllowDNS: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: default
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
    - protocol: TCP      # answers too large for UDP
      port: 53
`,
	netpol.AllowFrontend: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: frontend-egress
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: frontend
  policyTypes:
  - Egress
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: api
    ports:
    - protocol: TCP
      port: http         # api's container port named http
`,
	netpol.MetricsAnd: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: metrics-and
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
  - Ingress
  ingress:
  - from:
    - namespaceSelector:   # one entry: namespace AND pod
        matchLabels:
          kubernetes.io/metadata.name: monitoring
      podSelector:
        matchLabels:
          app: prometheus
    ports:
    - protocol: TCP
      port: metrics
`,
	netpol.MetricsOr: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: metrics-or
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
  - Ingress
  ingress:
  - from:
    - namespaceSelector:   # two entries: namespace OR pod
        matchLabels:
          kubernetes.io/metadata.name: monitoring
    - podSelector:
        matchLabels:
          app: prometheus
    ports:
    - protocol: TCP
      port: metrics
`,
}

// presetTitle says in a few words what each preset does.
var presetTitle = map[string]string{
	netpol.APIPolicy:     "the outline's policy: api accepts frontend, reaches database and DNS (UDP only)",
	netpol.DefaultDeny:   "every pod of default isolated, both directions, nothing allowed",
	netpol.AllowDNS:      "every pod of default may reach CoreDNS on UDP and TCP 53",
	netpol.AllowFrontend: "frontend may reach api on its named port http",
	netpol.MetricsAnd:    "Prometheus may scrape api: namespace AND pod in one entry",
	netpol.MetricsOr:     "the same selectors in two entries: namespace OR pod",
}
