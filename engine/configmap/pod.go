package configmap

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Mount paths of the volume story.
const (
	ConfigMount  = "/etc/config"
	SecretMount  = "/etc/secret"
	SubPathMount = "/etc/nginx/nginx.conf"
)

// The names a Break puts in the pod (typos of the real ones).
const (
	TypoKey       = "log_levle"
	TypoSecretKey = "DB_PASSWRD"
	TypoConfigMap = "app-confg"
	TypoSecret    = "app-secrt"
)

// Manifest is config-pod as the learner writes it, for the mode and the
// mistake of cfg.
//
// Env mode: envFrom app-config and app-secret; env APP_MODE (a value that
// wins over envFrom's APP_MODE), LOG_LEVEL and DB_PASS from single keys,
// FEATURE_FLAGS from a key that is not there, marked optional.
//
// Volume mode: app-config at /etc/config, app-secret at /etc/secret, and
// app-config's nginx.conf alone at /etc/nginx/nginx.conf with subPath.
func Manifest(cfg Config) *corev1.Pod {
	t := true
	c := corev1.Container{Name: ContainerName, Image: Image}
	var vols []corev1.Volume
	if cfg.Mode == EnvMode {
		cmRef := corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: ConfigMapName}}
		logKey := "log_level"
		switch cfg.Break {
		case BreakConfigMap:
			cmRef.Name = TypoConfigMap
		case BreakOptional:
			cmRef.Name, cmRef.Optional = TypoConfigMap, &t
		case BreakKey:
			logKey = TypoKey
		}
		c.EnvFrom = []corev1.EnvFromSource{
			{ConfigMapRef: &cmRef},
			{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: SecretName}}},
		}
		c.Env = []corev1.EnvVar{
			{Name: "APP_MODE", Value: "debug"},
			{Name: "LOG_LEVEL", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: ConfigMapName}, Key: logKey}}},
			{Name: "DB_PASS", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: SecretName}, Key: "DB_PASSWORD"}}},
			{Name: "FEATURE_FLAGS", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: ConfigMapName}, Key: "feature_flags", Optional: &t}}},
		}
	} else {
		c.VolumeMounts = []corev1.VolumeMount{
			{Name: "config-volume", MountPath: ConfigMount},
			{Name: "secret-volume", MountPath: SecretMount, ReadOnly: true},
			{Name: "config-volume", MountPath: SubPathMount, SubPath: "nginx.conf"},
		}
		cmSrc := &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: ConfigMapName}}
		secSrc := &corev1.SecretVolumeSource{SecretName: SecretName, DefaultMode: cfg.SecretDefaultMode}
		switch cfg.Break {
		case BreakConfigMap:
			cmSrc.Name = TypoConfigMap
		case BreakOptional:
			secSrc.SecretName, secSrc.Optional = TypoSecret, &t
		case BreakKey:
			secSrc.Items = []corev1.KeyToPath{{Key: "DB_PASSWORD", Path: "db-password"}, {Key: TypoSecretKey, Path: "db-password-next"}}
		}
		vols = []corev1.Volume{
			{Name: "config-volume", VolumeSource: corev1.VolumeSource{ConfigMap: cmSrc}},
			{Name: "secret-volume", VolumeSource: corev1.VolumeSource{Secret: secSrc}},
		}
	}
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: PodName, Namespace: Namespace},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{c}, Volumes: vols},
	}
}

// PodFor is the manifest as the API server stores it, with the defaults
// that matter here (pkg/apis/core/v1/defaults.go): defaultMode 0644 (420)
// on configMap and secret volumes, enableServiceLinks true.
func PodFor(cfg Config) *corev1.Pod {
	p := Manifest(cfg)
	for i := range p.Spec.Volumes {
		v := &p.Spec.Volumes[i]
		if v.ConfigMap != nil && v.ConfigMap.DefaultMode == nil {
			m := corev1.ConfigMapVolumeSourceDefaultMode
			v.ConfigMap.DefaultMode = &m
		}
		if v.Secret != nil && v.Secret.DefaultMode == nil {
			m := corev1.SecretVolumeSourceDefaultMode
			v.Secret.DefaultMode = &m
		}
	}
	t := true
	p.Spec.EnableServiceLinks = &t
	return p
}
