package ingress

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"
)

// controllerClass is the IngressClass the demo's ingress-nginx handles:
// its deploy manifests create IngressClass nginx (controller
// k8s.io/ingress-nginx), not marked as the cluster's default, and the
// controller runs without --watch-ingress-without-class.
const controllerClass = "nginx"

// ignoredBy is why ingress-nginx skips an Ingress the API server stored,
// as its store.go logs it ("Ignoring ingress because of error while
// validating ingress class" … error=…), or "" when it takes it. It takes
// an Ingress whose spec.ingressClassName is its class, or, with no
// ingressClassName, whose deprecated kubernetes.io/ingress.class
// annotation names it (the API server already refuses the two when they
// disagree). Any other class is a key its IngressClass informer does not
// have; no class at all, with no default IngressClass, is not a valid one.
func ignoredBy(ing *networkingv1.Ingress) string {
	class := ""
	switch {
	case ing.Spec.IngressClassName != nil:
		class = *ing.Spec.IngressClassName
	case ing.Annotations[annotationIngressClass] != "":
		class = ing.Annotations[annotationIngressClass]
	default:
		return "ingress does not contain a valid IngressClass"
	}
	if class == controllerClass {
		return ""
	}
	return fmt.Sprintf("no object matching key %q in local store", class)
}

// annotationIngressClass is the deprecated annotation that named the
// class before spec.ingressClassName.
const annotationIngressClass = "kubernetes.io/ingress.class"

// ignoredLog is the controller's log line for an Ingress it skips.
func ignoredLog(ing *networkingv1.Ingress, why string) string {
	return fmt.Sprintf(`"Ignoring ingress because of error while validating ingress class" ingress=%q error=%q`, ing.Namespace+"/"+ing.Name, why)
}
