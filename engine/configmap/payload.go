package configmap

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// FileProjection is one file of a volume: its bytes and its mode
// (pkg/volume/util/atomic_writer.go).
type FileProjection struct {
	Data []byte
	Mode int32
}

// ConfigMapPayload is pkg/volume/configmap/configmap.go MakePayload: every
// key of data and binaryData as a file with defaultMode, or, with items,
// only the listed keys at their paths (item mode, else defaultMode). A
// listed key that is missing fails the mount unless the volume is optional.
func ConfigMapPayload(items []corev1.KeyToPath, cm *corev1.ConfigMap, defaultMode *int32, optional bool) (map[string]FileProjection, error) {
	if defaultMode == nil {
		return nil, fmt.Errorf("no defaultMode used, not even the default value for it")
	}
	payload := map[string]FileProjection{}
	if len(items) == 0 {
		for name, data := range cm.Data {
			payload[name] = FileProjection{Data: []byte(data), Mode: *defaultMode}
		}
		for name, data := range cm.BinaryData {
			payload[name] = FileProjection{Data: data, Mode: *defaultMode}
		}
		return payload, nil
	}
	for _, ktp := range items {
		var content []byte
		if s, ok := cm.Data[ktp.Key]; ok {
			content = []byte(s)
		} else if b, ok := cm.BinaryData[ktp.Key]; ok {
			content = b
		} else {
			if optional {
				continue
			}
			return nil, fmt.Errorf("configmap references non-existent config key: %s", ktp.Key)
		}
		mode := *defaultMode
		if ktp.Mode != nil {
			mode = *ktp.Mode
		}
		payload[ktp.Path] = FileProjection{Data: content, Mode: mode}
	}
	return payload, nil
}

// SecretPayload is pkg/volume/secret/secret.go MakePayload: the same rules
// for a Secret's data, which the files hold decoded (the bytes, not the
// base64 of the manifest).
func SecretPayload(items []corev1.KeyToPath, s *corev1.Secret, defaultMode *int32, optional bool) (map[string]FileProjection, error) {
	if defaultMode == nil {
		return nil, fmt.Errorf("no defaultMode used, not even the default value for it")
	}
	payload := map[string]FileProjection{}
	if len(items) == 0 {
		for name, data := range s.Data {
			payload[name] = FileProjection{Data: data, Mode: *defaultMode}
		}
		return payload, nil
	}
	for _, ktp := range items {
		content, ok := s.Data[ktp.Key]
		if !ok {
			if optional {
				continue
			}
			return nil, fmt.Errorf("references non-existent secret key: %s", ktp.Key)
		}
		mode := *defaultMode
		if ktp.Mode != nil {
			mode = *ktp.Mode
		}
		payload[ktp.Path] = FileProjection{Data: content, Mode: mode}
	}
	return payload, nil
}
