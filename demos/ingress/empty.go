package ingress

import networkingv1 "k8s.io/api/networking/v1"

// emptyIngress stands for "no Ingress": ingress-nginx then has only its
// default server.
var emptyIngress = networkingv1.Ingress{}
