// Package configmap simulates how the kubelet of Kubernetes v1.37 hands a
// ConfigMap and a Secret to a container: as environment variables, fixed
// when the container starts, and as files in configMap and secret volumes,
// rewritten by the kubelet's atomic writer at its periodic pod syncs.
//
// It follows, and cites beside the code:
//   - kubernetes pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables:
//     envFrom first, then env, which wins; optional references; the
//     "couldn't find key … in ConfigMap …" errors);
//   - pkg/volume/configmap/configmap.go and pkg/volume/secret/secret.go
//     (MakePayload: every key, or only items; defaultMode; optional);
//   - pkg/volume/util/atomic_writer.go (the timestamped directory, the
//     ..data symlink, the ..data_tmp rename, the per-key symlinks);
//   - pkg/volume/emptydir/empty_dir.go (the volume directory, 0777; a
//     secret volume is a tmpfs);
//   - pkg/kubelet/pod_workers.go (a pod is synced again after
//     wait.Jitter(resyncInterval, 0.5)) with the kubelet defaults
//     --sync-frequency=1m and configMapAndSecretChangeDetectionStrategy:
//     Watch (pkg/kubelet/apis/config/v1beta1/defaults.go);
//   - pkg/kubelet/kubelet_pods.go makeMounts (a subPath is bind-mounted
//     once, when the container starts);
//   - pkg/apis/core/validation/validation.go (ValidateConfigMap,
//     ValidateConfigMapUpdate, ValidateSecret) with apimachinery's
//     IsConfigMapKey and field errors;
//   - staging/src/k8s.io/kubectl/pkg/cmd/create/create_secret.go.
//
// In v1.37 the kubelet no longer drops envFrom keys that are not C
// identifiers: RelaxedEnvironmentVariableValidation is GA (KEP-4369, on by
// default since v1.32), so a key like nginx.conf becomes an environment
// variable named nginx.conf, and the InvalidEnvironmentVariableNames event
// of older kubelets is gone (kubernetes/kubernetes#130099).
//
// The engine is pure: no I/O, no clock, no goroutines. Time is logical, in
// milliseconds from 2026-11-26 05:00:00 UTC; the jitter of the pod syncs and
// the random suffix of the timestamped directories come from a PRNG seeded
// by Config.Seed.
package configmap
