package configmap

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Source says where an environment variable came from, so the page can link
// a value back to its key.
type Source struct {
	Kind   string // "ConfigMap", "Secret", "value", "service", "image", "runtime"
	Object string // "app-config"
	Key    string // "APP_COLOR"
	Via    string // "envFrom[0].configMapRef", "env[1].valueFrom.secretKeyRef"
}

// EnvVar is one variable of the container's environment.
type EnvVar struct {
	Name, Value string
	From        Source
}

// Store is where the kubelet reads ConfigMaps and Secrets: its
// configMapManager and secretManager (pkg/kubelet/configmap,
// pkg/kubelet/secret). A missing object is apierrors.NewNotFound with the
// group resource "configmap" or "secret": `configmap "app-confg" not found`.
type Store interface {
	GetConfigMap(namespace, name string) (*corev1.ConfigMap, error)
	GetSecret(namespace, name string) (*corev1.Secret, error)
}

var (
	configMapResource = schema.GroupResource{Resource: "configmap"} // corev1.Resource("configmap") in configmap_manager.go
	secretResource    = schema.GroupResource{Resource: "secret"}
)

// MakeEnv builds a container's variables from its envFrom and env, as
// kubelet_pods.go makeEnvironmentVariables does:
//
//  1. envFrom, in order: every key of the ConfigMap or Secret, with the
//     prefix, overwriting earlier ones. A missing object fails the
//     container unless optional. Since v1.32 no key is skipped: any key is a
//     valid (relaxed) variable name.
//  2. env, in order, replacing what envFrom set: a value, or a
//     configMapKeyRef/secretKeyRef. A missing key fails with
//     "couldn't find key K in ConfigMap NS/NAME" unless optional, when the
//     variable is left out.
//
// The kubelet keeps the result in a Go map (tmpEnv), so the order in which
// it hands the variables to the runtime is random at every container start;
// MakeEnv returns them sorted by name and the caller shuffles them.
func MakeEnv(pod *corev1.Pod, c *corev1.Container, store Store) ([]EnvVar, error) {
	tmp := map[string]EnvVar{}
	configMaps := map[string]*corev1.ConfigMap{}
	secrets := map[string]*corev1.Secret{}
	ns := pod.Namespace
	// Env will override EnvFrom variables: process EnvFrom first.
	for i, ef := range c.EnvFrom {
		switch {
		case ef.ConfigMapRef != nil:
			name := ef.ConfigMapRef.Name
			cm, ok := configMaps[name]
			if !ok {
				optional := ef.ConfigMapRef.Optional != nil && *ef.ConfigMapRef.Optional
				var err error
				cm, err = store.GetConfigMap(ns, name)
				if err != nil {
					if apierrors.IsNotFound(err) && optional {
						continue // ignore error when marked optional
					}
					return nil, err
				}
				configMaps[name] = cm
			}
			for k, v := range cm.Data {
				tmp[ef.Prefix+k] = EnvVar{Name: ef.Prefix + k, Value: v, From: Source{Kind: "ConfigMap", Object: name, Key: k, Via: fmt.Sprintf("envFrom[%d].configMapRef", i)}}
			}
		case ef.SecretRef != nil:
			name := ef.SecretRef.Name
			s, ok := secrets[name]
			if !ok {
				optional := ef.SecretRef.Optional != nil && *ef.SecretRef.Optional
				var err error
				s, err = store.GetSecret(ns, name)
				if err != nil {
					if apierrors.IsNotFound(err) && optional {
						continue
					}
					return nil, err
				}
				secrets[name] = s
			}
			for k, v := range s.Data {
				tmp[ef.Prefix+k] = EnvVar{Name: ef.Prefix + k, Value: string(v), From: Source{Kind: "Secret", Object: name, Key: k, Via: fmt.Sprintf("envFrom[%d].secretRef", i)}}
			}
		}
	}
	for i, e := range c.Env {
		v := EnvVar{Name: e.Name, Value: e.Value, From: Source{Kind: "value", Via: fmt.Sprintf("env[%d].value", i)}}
		if e.Value == "" && e.ValueFrom != nil {
			switch {
			case e.ValueFrom.ConfigMapKeyRef != nil:
				ref := e.ValueFrom.ConfigMapKeyRef
				optional := ref.Optional != nil && *ref.Optional
				cm, ok := configMaps[ref.Name]
				if !ok {
					var err error
					cm, err = store.GetConfigMap(ns, ref.Name)
					if err != nil {
						if apierrors.IsNotFound(err) && optional {
							continue
						}
						return nil, err
					}
					configMaps[ref.Name] = cm
				}
				val, ok := cm.Data[ref.Key]
				if !ok {
					if optional {
						continue
					}
					return nil, fmt.Errorf("couldn't find key %v in ConfigMap %v/%v", ref.Key, ns, ref.Name)
				}
				v.Value, v.From = val, Source{Kind: "ConfigMap", Object: ref.Name, Key: ref.Key, Via: fmt.Sprintf("env[%d].valueFrom.configMapKeyRef", i)}
			case e.ValueFrom.SecretKeyRef != nil:
				ref := e.ValueFrom.SecretKeyRef
				optional := ref.Optional != nil && *ref.Optional
				s, ok := secrets[ref.Name]
				if !ok {
					var err error
					s, err = store.GetSecret(ns, ref.Name)
					if err != nil {
						if apierrors.IsNotFound(err) && optional {
							continue
						}
						return nil, err
					}
					secrets[ref.Name] = s
				}
				val, ok := s.Data[ref.Key]
				if !ok {
					if optional {
						continue
					}
					return nil, fmt.Errorf("couldn't find key %v in Secret %v/%v", ref.Key, ns, ref.Name)
				}
				v.Value, v.From = string(val), Source{Kind: "Secret", Object: ref.Name, Key: ref.Key, Via: fmt.Sprintf("env[%d].valueFrom.secretKeyRef", i)}
			}
		}
		tmp[e.Name] = v
	}
	out := make([]EnvVar, 0, len(tmp))
	for _, k := range sortedKeys(tmp) {
		out = append(out, tmp[k])
	}
	return out, nil
}

// ServiceEnv is what envvars.FromServices makes of the default/kubernetes
// Service (ClusterIP 10.96.0.1, port https 443/TCP: kubeadm's defaults),
// which every pod gets (pkg/kubelet/envvars/envvars.go), sorted by name.
func ServiceEnv() []EnvVar {
	src := Source{Kind: "service", Object: "kubernetes"}
	vars := []EnvVar{
		{Name: "KUBERNETES_PORT", Value: "tcp://10.96.0.1:443"},
		{Name: "KUBERNETES_PORT_443_TCP", Value: "tcp://10.96.0.1:443"},
		{Name: "KUBERNETES_PORT_443_TCP_ADDR", Value: "10.96.0.1"},
		{Name: "KUBERNETES_PORT_443_TCP_PORT", Value: "443"},
		{Name: "KUBERNETES_PORT_443_TCP_PROTO", Value: "tcp"},
		{Name: "KUBERNETES_SERVICE_HOST", Value: "10.96.0.1"},
		{Name: "KUBERNETES_SERVICE_PORT", Value: "443"},
		{Name: "KUBERNETES_SERVICE_PORT_HTTPS", Value: "443"},
	}
	for i := range vars {
		vars[i].From = src
	}
	return vars
}

func notFound(gr schema.GroupResource, name string) error { return apierrors.NewNotFound(gr, name) }
