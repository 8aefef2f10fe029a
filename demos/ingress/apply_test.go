package ingress

import (
	"strings"
	"testing"
)

// kubectl apply -f ingress.yaml without metadata.name: kubectl looks the
// object up by name before it sends it (kubernetes
// staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go applyOneObject, client-go
// rest.Request.Name: "resource name may not be empty"), and refuses
// generateName. The expected text is kubectl's, as printed for any kind
// (cli-runtime resource.Info String, cmdutil.AddSourceToErr).
func TestApplyWithoutName(t *testing.T) {
	noName := strings.Replace(presets[0].YAML, "  name: api-ingress\n", "", 1)
	if noName == presets[0].YAML {
		t.Fatal("the preset's name line was not found")
	}
	got := apply(noName)
	want := "error: error when retrieving current configuration of:\n" +
		`Resource: "networking.k8s.io/v1, Resource=ingresses", GroupVersionKind: "networking.k8s.io/v1, Kind=Ingress"` + "\n" +
		`Name: "", Namespace: "default"` + "\n" +
		`from server for: "ingress.yaml": resource name may not be empty`
	if got.Output != want || got.Ing != nil {
		t.Errorf("no name:\n got %q\nwant %q", got.Output, want)
	}

	gen := strings.Replace(presets[0].YAML, "  name: api-ingress\n", "  generateName: api-\n", 1)
	if got := apply(gen); got.Output != "error: from api-: cannot use generate name with apply" || got.Ing != nil {
		t.Errorf("generateName: %q", got.Output)
	}
}

// A resource backend's kind and name must be path segment names
// (kubernetes pkg/apis/networking/validation/validation.go
// validateIngressTypedLocalObjectReference, content.IsPathSegmentName).
func TestApplyResourceBackend(t *testing.T) {
	y := strings.Replace(presets[0].YAML, `          service:
            name: admin-service
            port:
              number: 80
`, `          resource:
            apiGroup: k8s.example.com
            kind: StorageBucket
            name: icons/2026
`, 1)
	got := apply(y)
	want := `Error from server (Invalid): error when creating "ingress.yaml": Ingress.networking.k8s.io "api-ingress" is invalid: spec.rules[1].http.paths[0].backend.resource.name: Invalid value: "icons/2026": may not contain '/'`
	if got.Output != want {
		t.Errorf("got  %q\nwant %q", got.Output, want)
	}
}

// What kubectl says before it can send anything: GetObjectKind's messages
// (staging/src/k8s.io/kubectl/pkg/util/openapi/validation, called by
// kubectl/pkg/validation/schema.go paramVerifyingSchema.ValidateBytes),
// aggregated by apimachinery's utilerrors ("[a, b]" for more than one),
// and an empty document skipped (cli-runtime resource.StreamVisitor).
func TestApplyKindChecks(t *testing.T) {
	const pre = `error: error validating "ingress.yaml": error validating data: `
	const post = `; if you choose to ignore these errors, turn validation off with --validate=false`
	body := strings.SplitN(presets[0].YAML, "\n", 3)[2] // without apiVersion and kind
	for _, c := range []struct{ name, text, want string }{
		{"comments only", "# an Ingress, some day\n", "error: no objects passed to apply"},
		{"a list", "- a\n- b\n", pre + "invalid object to validate" + post},
		{"no apiVersion", "kind: Ingress\n" + body, pre + "apiVersion not set" + post},
		{"neither", body, pre + "[apiVersion not set, kind not set]" + post},
		{"kind a number", "apiVersion: networking.k8s.io/v1\nkind: 7\n" + body, pre + "kind isn't string type" + post},
		{"bad group/version", "apiVersion: a/b/c\nkind: Ingress\n" + body, pre + "unexpected GroupVersion string: a/b/c" + post},
		{"old version, own namespace", "apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\n" + strings.Replace(body, "  name: api-ingress\n", "  name: api-ingress\n  namespace: shop\n", 1),
			"error: resource mapping not found for name: \"api-ingress\" namespace: \"shop\" from \"ingress.yaml\": no matches for kind \"Ingress\" in version \"networking.k8s.io/v1beta1\"\nensure CRDs are installed first"},
	} {
		if got := apply(c.text); got.Output != c.want || got.Ing != nil {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got.Output, c.want)
		}
	}
}

// kubectl reads the file with sigs.k8s.io/yaml's non-strict Unmarshal
// (apimachinery pkg/util/yaml YAMLToJSONDecoder): of two equal keys the
// last wins, silently, and the API server never sees the first
// (kubernetes/kubernetes #89303, #125885).
func TestApplyDuplicateKeyLastWins(t *testing.T) {
	y := strings.Replace(presets[0].YAML, "  ingressClassName: nginx\n", "  ingressClassName: nginx\n  ingressClassName: traefik\n", 1)
	got := apply(y)
	if got.Output != "ingress.networking.k8s.io/api-ingress created" || got.Ing == nil {
		t.Fatalf("duplicate key: %q", got.Output)
	}
	if c := got.Ing.Spec.IngressClassName; c == nil || *c != "traefik" {
		t.Errorf("ingressClassName %v, want the last one, traefik", c)
	}
	if len(got.Notes) != 1 || !strings.Contains(got.Notes[0], `key "ingressClassName" is given twice: kubectl sends this last value`) {
		t.Errorf("notes %q, want one about ingressClassName", got.Notes)
	}
}

// ingress-nginx routes only Ingresses of its IngressClass, nginx: one
// that names another class, or none (no default IngressClass), is stored
// by the API server and skipped by the controller, whose store.go logs
// why; its default server answers, while the Ingress API's answer stands.
func TestIngressOfAnotherClassIsIgnored(t *testing.T) {
	base := presets[0].YAML
	for _, tc := range []struct {
		name, yaml, why string
	}{
		{"another class", strings.Replace(base, "ingressClassName: nginx", "ingressClassName: traefik", 1), `error="no object matching key \"traefik\" in local store"`},
		{"no class", strings.Replace(base, "  ingressClassName: nginx\n", "", 1), `error="ingress does not contain a valid IngressClass"`},
		{"the annotation", strings.Replace(strings.Replace(base, "  ingressClassName: nginx\n", "", 1), "  annotations:\n", "  annotations:\n    kubernetes.io/ingress.class: nginx\n", 1), ""},
		{"another class by annotation", strings.Replace(strings.Replace(base, "  ingressClassName: nginx\n", "", 1), "  annotations:\n", "  annotations:\n    kubernetes.io/ingress.class: traefik\n", 1), `error="ingress class annotation is not equal to the expected by Ingress Controller"`},
		{"an empty annotation", strings.Replace(strings.Replace(base, "  ingressClassName: nginx\n", "", 1), "  annotations:\n", "  annotations:\n    kubernetes.io/ingress.class: \"\"\n", 1), `error="ingress class annotation is not equal to the expected by Ingress Controller"`},
		{"its class", base, ""},
	} {
		st := &State{preset: presets[0].Name, text: tc.yaml, reqText: "https://api.example.com/v1/users"}
		st.build()
		if st.doc.Ing == nil {
			t.Fatalf("%s: the API server refused it: %s", tc.name, st.doc.Output)
		}
		if tc.why == "" {
			if st.ignored != "" {
				t.Errorf("%s: ignored: %s", tc.name, st.ignored)
			}
			continue
		}
		want := `"Ignoring ingress because of error while validating ingress class" ingress="default/api-ingress" ` + tc.why
		if st.ignored != want {
			t.Errorf("%s: log %s\nwant %s", tc.name, st.ignored, want)
		}
		r := st.routes[0]
		if r.Spec == nil || r.Spec.Backend == nil {
			t.Errorf("%s: the Ingress API's answer is gone", tc.name)
		}
		if r.Nginx.Backend != nil {
			t.Errorf("%s: ingress-nginx routed it to %v", tc.name, r.Nginx.Backend)
		}
	}
}
