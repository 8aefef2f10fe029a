// Package ingress is the Ingress demo: the course outline's Ingress as
// networking.k8s.io/v1, validated as the API server does, and a list of
// example requests sent one per step, each routed by the rules the Ingress
// API documents and by what ingress-nginx generates from the same object
// (engine/ingress).
package ingress
