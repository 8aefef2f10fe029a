package ingress

// The presets. "outline" is the course outline's Ingress
// (../shared/seed/kubernetes-orchestration-guide.txt): api-ingress with its
// hosts, paths, backends and rewrite-target annotation, plus the outline's
// TLS example (api.example.com, Secret api-tls-secret, / → api-service)
// folded into the same object. "matching" keeps the outline's hosts and
// Services and adds what the outline lacks (marked in comments): an Exact
// path, a wildcard host, a defaultBackend, and no rewrite-target.

type preset struct {
	Name     string
	Label    string
	YAML     string
	Requests string
}

var presets = []preset{
	{Name: "outline", Label: "The outline's Ingress", YAML: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
  tls:
  - hosts:
    - api.example.com
    secretName: api-tls-secret
  rules:
  - host: api.example.com
    http:
      paths:
      - path: /v1
        pathType: Prefix
        backend:
          service:
            name: api-v1-service
            port:
              number: 80
      - path: /v2
        pathType: Prefix
        backend:
          service:
            name: api-v2-service
            port:
              number: 80
      - path: /
        pathType: Prefix
        backend:
          service:
            name: api-service
            port:
              number: 80
  - host: admin.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: admin-service
            port:
              number: 80
`, Requests: `https://api.example.com/v1/users
https://api.example.com/v2
https://api.example.com/v1abc
https://api.example.com/V1/users
https://api.example.com/docs
http://api.example.com/v1/users
https://admin.example.com/settings
http://shop.example.com/
`},
	{Name: "matching", Label: "Exact, wildcard and defaultBackend", YAML: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api-ingress
spec:
  ingressClassName: nginx
  defaultBackend:          # not in the outline
    service:
      name: admin-service
      port:
        number: 80
  tls:
  - hosts:
    - api.example.com
    - "*.example.com"      # not in the outline
    secretName: api-tls-secret
  rules:
  - host: api.example.com
    http:
      paths:
      - path: /v1
        pathType: Prefix
        backend:
          service:
            name: api-v1-service
            port:
              number: 80
      - path: /v1/status   # not in the outline
        pathType: Exact
        backend:
          service:
            name: api-v2-service
            port:
              number: 80
      - path: /v1/status   # not in the outline
        pathType: Prefix
        backend:
          service:
            name: api-v1-service
            port:
              number: 80
  - host: "*.example.com"  # not in the outline
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: api-service
            port:
              number: 80
`, Requests: `https://api.example.com/v1
https://api.example.com/v1abc
https://api.example.com/v1/status
https://api.example.com/v1/status/
https://admin.example.com/
https://a.b.example.com/
https://example.com/
`},
}

func presetByName(name string) *preset {
	for i := range presets {
		if presets[i].Name == name {
			return &presets[i]
		}
	}
	return nil
}
