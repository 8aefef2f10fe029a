package pod

// Admission: what kube-apiserver's default mutating admission plugins add
// to a pod on create, after defaulting (defaults.go) and before validation.
// These are not defaults.go, but `kubectl get pod -o yaml` shows them on
// every pod a plain cluster creates, so the demo lists them with the
// defaults, naming the plugin that adds each.
//
// Followed (kubernetes/kubernetes, master as stored, with the workload
// priority code of v1.36+):
//   - plugin/pkg/admission/serviceaccount/admission.go (Admit,
//     mountServiceAccountToken, TokenVolumeSource): serviceAccountName
//     "default"; unless automountServiceAccountToken is false, a projected
//     volume "kube-api-access-" + 5 random characters (token for 3607s,
//     kube-root-ca.crt's ca.crt, the namespace) mounted read-only at
//     /var/run/secrets/kubernetes.io/serviceaccount in every container that
//     has no mount there, init containers first;
//   - plugin/pkg/admission/priority/admission.go (admitPod,
//     getDefaultPriority): with no priorityClassName and no global-default
//     PriorityClass (a new cluster has none), priority 0 and preemptionPolicy
//     PreemptLowerPriority; the system classes resolve to their values;
//   - plugin/pkg/admission/defaulttolerationseconds/admission.go (Admit):
//     tolerations for node.kubernetes.io/not-ready and
//     node.kubernetes.io/unreachable, NoExecute, Exists, 300 seconds
//     (--default-not-ready-toleration-seconds and
//     --default-unreachable-toleration-seconds), each unless the pod already
//     tolerates that taint;
//   - pkg/apis/core/v1/conversion.go: the deprecated spec.serviceAccount is
//     written as a copy of serviceAccountName.
//
// The namespace is taken to have its "default" ServiceAccount as the
// ServiceAccount controller creates it (automountServiceAccountToken unset).

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const (
	// serviceaccount.DefaultAPITokenMountPath.
	apiTokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount"
	// ServiceAccountVolumeName, the prefix of the token volume's name.
	apiAccessVolumePrefix = "kube-api-access-"
	// serviceaccount.WarnOnlyBoundTokenExpirationSeconds: the token the
	// kubelet asks for lives 1h plus 7s, the mark of an admission-made volume.
	warnOnlyBoundTokenExpirationSeconds = 3607
	// The DefaultTolerationSeconds flags' defaults.
	defaultTolerationSeconds = 300
)

// systemPriorityClasses are the classes the API server creates itself
// (pkg/apis/scheduling SystemPriorityClasses).
var systemPriorityClasses = map[string]int32{
	"system-node-critical":    2000001000,
	"system-cluster-critical": 2000000000,
}

// admitted is Admitted.
func admitted(p *corev1.Pod) []Defaulted {
	if p == nil {
		return nil
	}
	spec := field.NewPath("spec")
	var out []Defaulted
	add := func(path *field.Path, value, why string) {
		out = append(out, Defaulted{Field: path.String(), Value: value, Why: why})
	}

	// ServiceAccount.
	sa := p.Spec.ServiceAccountName
	if sa == "" {
		sa = "default"
	}
	automount := p.Spec.AutomountServiceAccountToken == nil || *p.Spec.AutomountServiceAccountToken
	if automount {
		volName, hasVolume := "", false
		for _, v := range p.Spec.Volumes {
			if strings.HasPrefix(v.Name, apiAccessVolumePrefix) {
				volName, hasVolume = v.Name, true
				break
			}
		}
		if volName == "" {
			volName = apiAccessVolumePrefix + randomSuffix(p.Namespace+"/"+p.Name)
		}
		var mounts []Defaulted
		needsVolume := false
		for _, group := range []struct {
			cs   []corev1.Container
			path *field.Path
		}{{p.Spec.InitContainers, spec.Child("initContainers")}, {p.Spec.Containers, spec.Child("containers")}} {
			for i, c := range group.cs {
				mounted := false
				for _, m := range c.VolumeMounts {
					if m.MountPath == apiTokenMountPath {
						mounted = true
						break
					}
				}
				if mounted {
					continue
				}
				needsVolume = true
				mounts = append(mounts, Defaulted{
					Field: group.path.Index(i).Child("volumeMounts").Index(len(c.VolumeMounts)).String(),
					Value: fmt.Sprintf("%s at %s, readOnly", volName, apiTokenMountPath),
					Why:   fmt.Sprintf("ServiceAccount admission mounts the service account's token, the cluster's CA certificate and the namespace into container %s, read-only, so it can call the API server", c.Name),
				})
			}
		}
		if needsVolume && !hasVolume {
			add(spec.Child("volumes").Index(len(p.Spec.Volumes)), volName+" (projected)",
				fmt.Sprintf("ServiceAccount admission adds a projected volume named kube-api-access- and 5 random characters: a token of ServiceAccount %s for %d seconds, ca.crt from ConfigMap kube-root-ca.crt, and the pod's namespace", sa, warnOnlyBoundTokenExpirationSeconds))
		}
		out = append(out, mounts...)
	}
	if p.Spec.ServiceAccountName == "" {
		add(spec.Child("serviceAccountName"), "default", "ServiceAccount admission: a pod that names no service account runs as the namespace's ServiceAccount default")
		add(spec.Child("serviceAccount"), "default", "the deprecated twin of serviceAccountName, which the API writes as a copy of it")
	}

	// DefaultTolerationSeconds.
	notReady, unreachable := false, false
	for _, t := range p.Spec.Tolerations {
		noExecute := t.Effect == corev1.TaintEffectNoExecute || t.Effect == ""
		if (t.Key == corev1.TaintNodeNotReady || t.Key == "") && noExecute {
			notReady = true
		}
		if (t.Key == corev1.TaintNodeUnreachable || t.Key == "") && noExecute {
			unreachable = true
		}
	}
	n := len(p.Spec.Tolerations)
	for _, tt := range []struct {
		key  string
		seen bool
		what string
	}{{corev1.TaintNodeNotReady, notReady, "not ready"}, {corev1.TaintNodeUnreachable, unreachable, "unreachable"}} {
		if tt.seen {
			continue
		}
		add(spec.Child("tolerations").Index(n), fmt.Sprintf("%s:NoExecute op=Exists for %ds", tt.key, defaultTolerationSeconds),
			fmt.Sprintf("DefaultTolerationSeconds admission: if the node becomes %s, the pod stays bound to it for %d seconds before it is evicted", tt.what, defaultTolerationSeconds))
		n++
	}

	// Priority.
	if p.Spec.Priority == nil {
		switch v, ok := systemPriorityClasses[p.Spec.PriorityClassName]; {
		case p.Spec.PriorityClassName == "":
			add(spec.Child("priority"), "0", "Priority admission: the pod names no PriorityClass and the cluster has no global default one, so its priority is 0")
		case ok:
			add(spec.Child("priority"), strconv.Itoa(int(v)), fmt.Sprintf("Priority admission: the value of PriorityClass %s", p.Spec.PriorityClassName))
		}
	}
	if p.Spec.PreemptionPolicy == nil {
		if _, ok := systemPriorityClasses[p.Spec.PriorityClassName]; ok || p.Spec.PriorityClassName == "" {
			add(spec.Child("preemptionPolicy"), string(corev1.PreemptLowerPriority), "Priority admission: the pod may preempt pods of lower priority to get a node")
		}
	}
	return out
}

// randomSuffix stands for names.SimpleNameGenerator's 5 random characters
// (apiserver/pkg/storage/names: utilrand.String(5), from
// "bcdfghjklmnpqrstvwxz2456789"), drawn from a hash of the pod's name so the
// demo shows the same name every time.
func randomSuffix(seed string) string {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	h := fnv.New64a()
	h.Write([]byte(seed))
	x := h.Sum64()
	b := make([]byte, 5)
	for i := range b {
		b[i] = alphabet[x%uint64(len(alphabet))]
		x /= uint64(len(alphabet))
	}
	return string(b)
}
