package ingress

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"

	engine "github.com/kubeviz/kubeviz/engine/ingress"
)

// controllerClass is the IngressClass the demo's ingress-nginx handles:
// its deploy manifests create IngressClass nginx (controller
// k8s.io/ingress-nginx), not marked as the cluster's default, and the
// controller runs without --watch-ingress-without-class.
const controllerClass = "nginx"

// ignoredBy is why ingress-nginx skips an Ingress the API server stored,
// as its store.go logs it ("Ignoring ingress because of error while
// validating ingress class" … error=…), or "" when it takes it. It
// follows ingress-nginx internal/ingress/controller/store/store.go
// GetIngressClass: spec.ingressClassName first, looked up in the
// controller's IngressClass informer, which holds only classes of its own
// controller (here nginx: any other name is "no object matching key");
// then the deprecated kubernetes.io/ingress.class annotation, when present
// even empty, compared with the controller's --ingress-class (nginx);
// then, with neither, no valid class (the controller does not watch
// Ingresses without a class).
func ignoredBy(ing *networkingv1.Ingress) string {
	if c := ing.Spec.IngressClassName; c != nil {
		if *c == controllerClass {
			return ""
		}
		return fmt.Sprintf("no object matching key %q in local store", *c)
	}
	if v, ok := ing.Annotations[engine.AnnotationIngressClass]; ok {
		if v == controllerClass {
			return ""
		}
		return "ingress class annotation is not equal to the expected by Ingress Controller"
	}
	return "ingress does not contain a valid IngressClass"
}

// ignoredLog is the controller's log line for an Ingress it skips.
func ignoredLog(ing *networkingv1.Ingress, why string) string {
	return fmt.Sprintf(`"Ignoring ingress because of error while validating ingress class" ingress=%q error=%q`, ing.Namespace+"/"+ing.Name, why)
}
