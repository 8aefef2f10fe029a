// Package deploy holds the Kubernetes manifests that run kubeviz, and a test
// that reads them as the API server would: strictly, into upstream types.
package deploy

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/kubeviz/kubeviz/demos/all"
	"github.com/kubeviz/kubeviz/web"
	"github.com/kubeviz/kubeviz/web/templates"
)

// decodeStrict decodes one YAML manifest into v as the API server's strict
// field validation does: an unknown or duplicate field is an error.
func decodeStrict(t *testing.T, name string, doc []byte, v any) {
	t.Helper()
	j, err := yaml.YAMLToJSON(doc)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	strict, err := sigsjson.UnmarshalStrict(j, v, sigsjson.DisallowUnknownFields)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, e := range strict {
		t.Errorf("%s: %v", name, e)
	}
}

type manifests struct {
	deploy  *appsv1.Deployment
	service *corev1.Service
	ingress *networkingv1.Ingress
	hpa     *autoscalingv2.HorizontalPodAutoscaler
	pdb     *policyv1.PodDisruptionBudget
}

func load(t *testing.T) manifests {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	var m manifests
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range strings.Split(string(b), "\n---\n") {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			name := f
			if i > 0 {
				name += "#" + string(rune('0'+i))
			}
			var tm metav1.TypeMeta
			if err := yaml.Unmarshal([]byte(doc), &tm); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch tm.APIVersion + " " + tm.Kind {
			case "apps/v1 Deployment":
				m.deploy = &appsv1.Deployment{}
				decodeStrict(t, name, []byte(doc), m.deploy)
			case "v1 Service":
				m.service = &corev1.Service{}
				decodeStrict(t, name, []byte(doc), m.service)
			case "networking.k8s.io/v1 Ingress":
				m.ingress = &networkingv1.Ingress{}
				decodeStrict(t, name, []byte(doc), m.ingress)
			case "autoscaling/v2 HorizontalPodAutoscaler":
				m.hpa = &autoscalingv2.HorizontalPodAutoscaler{}
				decodeStrict(t, name, []byte(doc), m.hpa)
			case "policy/v1 PodDisruptionBudget":
				m.pdb = &policyv1.PodDisruptionBudget{}
				decodeStrict(t, name, []byte(doc), m.pdb)
			default:
				t.Errorf("%s: unexpected kind %q %q", name, tm.APIVersion, tm.Kind)
			}
		}
	}
	if m.deploy == nil || m.service == nil || m.ingress == nil || m.hpa == nil || m.pdb == nil {
		t.Fatalf("want a Deployment, Service, Ingress, HPA and PDB; have %+v", m)
	}
	return m
}

func TestManifestsAreValidAndAgree(t *testing.T) {
	m := load(t)
	d := m.deploy
	pod := d.Spec.Template
	sel := d.Spec.Selector.MatchLabels
	if len(sel) == 0 {
		t.Fatal("the Deployment has no selector")
	}
	for k, v := range sel {
		if pod.Labels[k] != v {
			t.Errorf("the pod template lacks the selector's label %s=%s", k, v)
		}
		if m.service.Spec.Selector[k] != v {
			t.Errorf("the Service does not select %s=%s", k, v)
		}
		if m.pdb.Spec.Selector.MatchLabels[k] != v {
			t.Errorf("the PDB does not select %s=%s", k, v)
		}
	}
	if len(pod.Spec.Containers) != 1 {
		t.Fatalf("want one container, have %d", len(pod.Spec.Containers))
	}
	c := pod.Spec.Containers[0]

	// Security: non-root, read-only root, no capabilities, no escalation.
	psc, sc := pod.Spec.SecurityContext, c.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || sc == nil ||
		sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL" {
		t.Errorf("securityContext: want runAsNonRoot, readOnlyRootFilesystem, no privilege escalation, drop ALL; have pod %+v container %+v", psc, sc)
	}
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, lim := c.Resources.Requests[r], c.Resources.Limits[r]
		if req.IsZero() || lim.IsZero() || req.Cmp(lim) > 0 {
			t.Errorf("resources %s: request %v, limit %v", r, req.String(), lim.String())
		}
	}

	// Probes hit the server's own routes, on the container's port.
	ports := map[string]int32{}
	for _, p := range c.Ports {
		ports[p.Name] = p.ContainerPort
	}
	srv, err := web.New(web.Config{Demos: all.Demos(), Sections: templates.CourseSections(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]struct {
		probe *corev1.Probe
		path  string
	}{"liveness": {c.LivenessProbe, "/healthz"}, "readiness": {c.ReadinessProbe, "/readyz"}} {
		p := want.probe
		if p == nil || p.HTTPGet == nil {
			t.Errorf("%s probe: want an httpGet probe", name)
			continue
		}
		if p.HTTPGet.Path != want.path {
			t.Errorf("%s probe path %q, want %q", name, p.HTTPGet.Path, want.path)
		}
		if port := resolvePort(p.HTTPGet.Port, ports); port != 8080 || !hasArg(c.Args, "-addr=:8080") {
			t.Errorf("%s probe port %v (%d): the server listens on -addr=:8080 (args %v)", name, p.HTTPGet.Port.String(), port, c.Args)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", p.HTTPGet.Path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("%s probe: GET %s answers %d", name, p.HTTPGet.Path, rec.Code)
		}
	}

	// The Service targets the container's port; the Ingress the Service's.
	sp := m.service.Spec.Ports[0]
	if resolvePort(sp.TargetPort, ports) != 8080 {
		t.Errorf("Service targetPort %v is not the container's 8080", sp.TargetPort.String())
	}
	for _, r := range m.ingress.Spec.Rules {
		for _, p := range r.HTTP.Paths {
			b := p.Backend.Service
			if b == nil || b.Name != m.service.Name || (b.Port.Name != sp.Name && b.Port.Number != sp.Port) {
				t.Errorf("Ingress path %s does not go to Service %s port %s", p.Path, m.service.Name, sp.Name)
			}
		}
	}
	ann := m.ingress.Annotations
	if ann["nginx.ingress.kubernetes.io/upstream-hash-by"] != "$arg_room" {
		t.Errorf("the Ingress does not pin rooms by their code: upstream-hash-by = %q", ann["nginx.ingress.kubernetes.io/upstream-hash-by"])
	}
	for _, k := range []string{"nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout"} {
		if ann[k] == "" {
			t.Errorf("the Ingress lacks %s (WebSockets idle between clicks)", k)
		}
	}

	// The HPA scales this Deployment; the PDB leaves some up.
	if ref := m.hpa.Spec.ScaleTargetRef; ref.Kind != "Deployment" || ref.Name != d.Name || ref.APIVersion != "apps/v1" {
		t.Errorf("HPA scales %+v, not Deployment %s", ref, d.Name)
	}
	if m.hpa.Spec.MinReplicas == nil || *m.hpa.Spec.MinReplicas < 2 || m.hpa.Spec.MaxReplicas < *m.hpa.Spec.MinReplicas {
		t.Errorf("HPA replicas %v..%d", m.hpa.Spec.MinReplicas, m.hpa.Spec.MaxReplicas)
	}
	if m.pdb.Spec.MaxUnavailable == nil && m.pdb.Spec.MinAvailable == nil {
		t.Error("the PDB sets neither maxUnavailable nor minAvailable")
	}
}

func resolvePort(p intstr.IntOrString, named map[string]int32) int32 {
	if p.Type == intstr.String {
		return named[p.StrVal]
	}
	return p.IntVal
}

func hasArg(args []string, a string) bool {
	for _, x := range args {
		if x == a {
			return true
		}
	}
	return false
}
