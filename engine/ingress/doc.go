// Package ingress models how an Ingress (networking.k8s.io/v1) routes an
// HTTP request: the API server's validation of the object, the matching
// rules the API itself documents (host, then path: Exact and Prefix,
// longest match, defaultBackend), TLS termination by SNI with the Secret
// named in spec.tls, and, beside them, what ingress-nginx does with the
// same object, where its behaviour is its own.
//
// Upstream sources followed:
//   - kubernetes pkg/apis/networking/validation/validation.go
//     (ValidateIngressCreate, validateIngressRules, validateHTTPIngressPath,
//     validateIngressBackend, validateIngressTLS): every validation message.
//   - kubernetes staging/src/k8s.io/api/networking/v1/types.go (IngressRule.Host,
//     PathType, IngressSpec.DefaultBackend, IngressTLS): the matching
//     semantics, as the API documents them.
//   - kubernetes/ingress-nginx internal/ingress/controller/controller.go
//     (createServers, getBackendServers), location.go (updateServerLocations,
//     normalizePrefixPath, needsRewrite) and template/template.go
//     (buildLocation, buildProxyPass, buildServerName, enforceRegexModifier):
//     the nginx servers and locations the controller generates.
//
// The package is pure: no I/O, no clock, no randomness. Validate, Match and
// Nginx are functions of their inputs; Describe… print results as stable text.
package ingress
