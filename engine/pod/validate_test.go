package pod

// Validation messages as the API server returns them for a create
// (k8s.io/kubernetes pkg/apis/core/validation/validation.go
// ValidatePodCreate), each cause as err.Error() prints it and as
// `kubectl create` lists it after `The Pod "x" is invalid: `.

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func TestValidate(t *testing.T) {
	restart := func(s string) *corev1.ContainerRestartPolicy {
		r := corev1.ContainerRestartPolicy(s)
		return &r
	}
	for _, tc := range []struct {
		name   string
		mutate func(p *corev1.Pod)
		want   []string
	}{
		{"valid", func(p *corev1.Pod) {}, nil},
		{"name missing", func(p *corev1.Pod) { p.Name = "" }, []string{
			"metadata.name: Required value: name or generateName is required",
		}},
		{"generateName is expanded before validation", func(p *corev1.Pod) { p.Name, p.GenerateName = "", "web-" }, nil},
		{"namespace defaults to the request's", func(p *corev1.Pod) { p.Namespace = "" }, nil},
		{"name not a DNS subdomain", func(p *corev1.Pod) { p.Name = "Web_Server" }, []string{
			`metadata.name: Invalid value: "Web_Server": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
		{"namespace not a DNS label", func(p *corev1.Pod) { p.Namespace = "My.Team" }, []string{
			`metadata.namespace: Invalid value: "My.Team": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		}},
		{"label key and value", func(p *corev1.Pod) { p.Labels = map[string]string{"bad key!": "x", "tier": "front end"} }, []string{
			`metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
			`metadata.labels: Invalid value: "front end": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
		}},
		{"no containers", func(p *corev1.Pod) { p.Spec.Containers = nil }, []string{
			"spec.containers: Required value",
		}},
		{"container name and image missing", func(p *corev1.Pod) { p.Spec.Containers[0].Name, p.Spec.Containers[0].Image = "", "" }, []string{
			"spec.containers[0].name: Required value",
			"spec.containers[0].image: Required value",
		}},
		{"container name not a DNS label", func(p *corev1.Pod) { p.Spec.Containers[0].Name = "log_shipper" }, []string{
			`spec.containers[0].name: Invalid value: "log_shipper": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		}},
		{"duplicate container names", func(p *corev1.Pod) {
			p.Spec.Containers = append(p.Spec.Containers, *p.Spec.Containers[0].DeepCopy())
			p.Spec.Containers[1].Ports = nil
			p.Spec.InitContainers = []corev1.Container{{Name: "nginx", Image: "busybox:1.36", TerminationMessagePolicy: "File", ImagePullPolicy: "IfNotPresent"}}
		}, []string{
			`spec.containers[1].name: Duplicate value: "nginx"`,
			`spec.initContainers[0].name: Duplicate value: "nginx"`,
		}},
		{"image with spaces", func(p *corev1.Pod) { p.Spec.Containers[0].Image = " nginx:1.25" }, []string{
			`spec.containers[0].image: Invalid value: " nginx:1.25": must not have leading or trailing whitespace`,
		}},
		{"ports", func(p *corev1.Pod) {
			p.Spec.Containers[0].Ports = []corev1.ContainerPort{
				{Name: "Web_Port", ContainerPort: 70000, Protocol: "HTTP"},
				{Name: "http", Protocol: "TCP"},
				{Name: "http", ContainerPort: 81, Protocol: "TCP"},
			}
		}, []string{
			`spec.containers[0].ports[0].name: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
			`spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
			`spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
			`spec.containers[0].ports[1].containerPort: Required value`,
			`spec.containers[0].ports[2].name: Duplicate value: "http"`,
		}},
		{"host ports clash across containers", func(p *corev1.Pod) {
			p.Spec.Containers[0].Ports[0].HostPort = 8080
			side := *p.Spec.Containers[0].DeepCopy()
			side.Name = "other"
			side.Ports[0].ContainerPort = 81
			p.Spec.Containers = append(p.Spec.Containers, side)
		}, []string{
			`spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"`,
		}},
		{"request above limit", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU] = resource.MustParse("1")
		}, []string{
			`spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`,
		}},
		{"resource names and negative quantities", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Requests["gpu"] = resource.MustParse("1")
			p.Spec.Containers[0].Resources.Requests[corev1.ResourceMemory] = resource.MustParse("-1Mi")
			p.Spec.Containers[0].Resources.Limits["pods"] = resource.MustParse("1")
		}, []string{
			`spec.containers[0].resources.limits[pods]: Invalid value: "pods": must be a standard resource for containers`,
			`spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
			`spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
			`spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0`,
		}},
		{"extended resource needs equal request and limit", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Requests["example.com/gpu"] = resource.MustParse("1")
		}, []string{
			`spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources`,
		}},
		{"volumes", func(p *corev1.Pod) {
			ed := corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
			p.Spec.Volumes = []corev1.Volume{
				{Name: "data", VolumeSource: ed},
				{Name: "data", VolumeSource: ed},
				{Name: "Cache", VolumeSource: ed},
				{Name: "both", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}, HostPath: &corev1.HostPathVolumeSource{Path: "/var/log"}}},
				{Name: "cfg", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{}}},
			}
		}, []string{
			`spec.volumes[1].name: Duplicate value: "data"`,
			`spec.volumes[2].name: Invalid value: "Cache": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
			`spec.volumes[3].hostPath: Forbidden: may not specify more than 1 volume type`,
			`spec.volumes[4].configMap.name: Required value`,
		}},
		{"volume with no source, not defaulted", func(p *corev1.Pod) {
			p.Spec.Volumes = []corev1.Volume{{Name: "data"}}
		}, []string{
			`spec.volumes[0]: Required value: must specify a volume type`,
		}},
		{"volume mounts", func(p *corev1.Pod) {
			p.Spec.Volumes = []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
			p.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{
				{Name: "logs", MountPath: "/var/log/nginx"},
				{Name: "data", MountPath: "/var/log/nginx"},
				{Name: "data"},
			}
		}, []string{
			`spec.containers[0].volumeMounts[0].name: Not found: "logs"`,
			`spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/var/log/nginx": must be unique`,
			`spec.containers[0].volumeMounts[2].mountPath: Required value`,
		}},
		{"restart policy", func(p *corev1.Pod) { p.Spec.RestartPolicy = "Sometimes" }, []string{
			`spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`,
		}},
		{"container restart policies", func(p *corev1.Pod) {
			p.Spec.Containers[0].RestartPolicy = restart("Always")
			p.Spec.InitContainers = []corev1.Container{
				{Name: "sidecar", Image: "busybox:1.36", TerminationMessagePolicy: "File", ImagePullPolicy: "IfNotPresent", RestartPolicy: restart("Always")},
				{Name: "once", Image: "busybox:1.36", TerminationMessagePolicy: "File", ImagePullPolicy: "IfNotPresent", RestartPolicy: restart("OnFailure")},
			}
		}, []string{
			`spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers`,
			`spec.initContainers[1].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`,
		}},
		{"probes on an init container", func(p *corev1.Pod) {
			p.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox:1.36", TerminationMessagePolicy: "File", ImagePullPolicy: "IfNotPresent",
				ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"true"}}}}}}
		}, []string{
			`spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
		}},
		{"dns policy", func(p *corev1.Pod) { p.Spec.DNSPolicy = "Cluster" }, []string{
			`spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"`,
		}},
		{"image pull policy", func(p *corev1.Pod) { p.Spec.Containers[0].ImagePullPolicy = "Sometimes" }, []string{
			`spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`,
		}},
		{"negative grace period is allowed (a warning, treated as 1)", func(p *corev1.Pod) {
			v := int64(-1)
			p.Spec.TerminationGracePeriodSeconds = &v
		}, nil},
		{"ephemeral containers on create", func(p *corev1.Pod) {
			p.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug", Image: "busybox:1.36"}}}
		}, []string{
			`spec.ephemeralContainers: Forbidden: cannot be set on create`,
		}},
		{"node name", func(p *corev1.Pod) { p.Spec.NodeName = "Node_1" }, []string{
			`spec.nodeName: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := WithDefaults(webPod())
			tc.mutate(p)
			want := tc.want
			if want == nil {
				want = []string{}
			}
			got := errStrings(Validate(p))
			if !equalStrings(got, want) {
				t.Errorf("Validate:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestValidateNil(t *testing.T) {
	if errs := Validate(nil); len(errs) != 1 {
		t.Errorf("Validate(nil) = %v", errs)
	}
}

func TestWarnings(t *testing.T) {
	p, _ := WithDefaults(webPod())
	v := int64(-1)
	p.Spec.TerminationGracePeriodSeconds = &v
	p.Spec.Containers[0].Resources.Requests[corev1.ResourceMemory] = resource.MustParse("0.5")
	p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "A", Value: "1"}, {Name: "A", Value: "2"}}
	got := Warnings(p)
	want := []string{
		`spec.containers[0].resources.requests[memory]: fractional byte value "500m" is invalid, must be an integer`,
		`spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply`,
		`spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1`,
	}
	if !equalStrings(got, want) {
		t.Errorf("Warnings:\n got %q\nwant %q", got, want)
	}
}

func TestValidateQuantityString(t *testing.T) {
	path := field.NewPath("spec", "containers").Index(0).Child("resources", "limits").Key("cpu")
	for _, tc := range []struct{ in, want string }{
		{"500m", ""},
		{" 250m ", ""},
		{"0.5", ""},
		{"1Gi", ""},
		{"1e3", ""},
		{"500x", `spec.containers[0].resources.limits[cpu]: Invalid value: "500x": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`},
		{"1GB", `spec.containers[0].resources.limits[cpu]: Invalid value: "1GB": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`},
		{"1mm", `spec.containers[0].resources.limits[cpu]: Invalid value: "1mm": unable to parse quantity's suffix`},
		{"", `spec.containers[0].resources.limits[cpu]: Invalid value: "": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`},
	} {
		err := ValidateQuantityString(path, tc.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("ValidateQuantityString(%q):\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	if got, want := QuantityDecodeMessage("500x"), `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`; got != want {
		t.Errorf("QuantityDecodeMessage = %q, want %q", got, want)
	}
	if got := QuantityDecodeMessage("500m"); got != "" {
		t.Errorf("QuantityDecodeMessage(500m) = %q", got)
	}
}
