package netpol

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"
)

// ContextNamespace is the namespace kubectl sends an object without
// metadata.namespace to: the current context's, "default" unless set.
const ContextNamespace = "default"

// Admission is what `kubectl apply -f policy.yaml` did with one policy.
type Admission struct {
	Stored   *networkingv1.NetworkPolicy // as stored, with defaults; nil if refused
	Defaults []Defaulted
	Refused  string // kubectl's error output, "" when stored
	Output   string // kubectl's output when stored
}

// Admit runs one policy through kubectl and the API server: kubectl fills
// in the context's namespace, the namespace must exist (else the API
// server's NotFound for the namespace), the API server sets defaults and
// validates (ValidateNetworkPolicy). stored are the policies already
// applied: a second policy of the same namespace and name is refused here
// (a real kubectl apply would replace the first; the demo keeps them
// apart). file is the name kubectl quotes ("policy.yaml").
func Admit(c *Cluster, stored []*networkingv1.NetworkPolicy, in *networkingv1.NetworkPolicy, file string) Admission {
	np := in.DeepCopy()
	var a Admission
	if np.Namespace == "" {
		np.Namespace = ContextNamespace
		a.Defaults = append(a.Defaults, Defaulted{Path: "metadata.namespace", Value: ContextNamespace, Why: "none written: kubectl sends the policy to the context's namespace"})
	}
	if np.Name == "" {
		// kubectl apply first GETs the object by name and stops before the
		// API server sees it (staging/src/k8s.io/kubectl/pkg/cmd/apply
		// and cmd/util/helpers.go AddSourceToErr; the client's "resource
		// name may not be empty").
		a.Refused = fmt.Sprintf("error: error when retrieving current configuration of:\nResource: \"networking.k8s.io/v1, Resource=networkpolicies\", GroupVersionKind: \"networking.k8s.io/v1, Kind=NetworkPolicy\"\nName: \"\", Namespace: %q\nfrom server for: %q: resource name may not be empty", np.Namespace, file)
		return a
	}
	if c.Namespace(np.Namespace) == nil {
		// staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go AddSourceToErr
		// and StandardErrorMessage around the API server's NotFound.
		a.Refused = fmt.Sprintf("Error from server (NotFound): error when creating %q: namespaces %q not found", file, np.Namespace)
		return a
	}
	def, defaults := WithDefaults(np)
	a.Defaults = append(a.Defaults, defaults...)
	if errs := Validate(def); len(errs) > 0 {
		a.Refused = InvalidMessage(def.Name, errs)
		return a
	}
	for _, o := range stored {
		if o.Namespace == def.Namespace && o.Name == def.Name {
			a.Refused = fmt.Sprintf("Another applied policy is already called %s/%s; in a cluster this apply would replace it. Give this one its own metadata.name.", def.Namespace, def.Name)
			return a
		}
	}
	a.Stored = def
	a.Output = Created(def.Name)
	return a
}
