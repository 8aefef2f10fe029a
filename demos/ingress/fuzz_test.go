package ingress

import (
	"net/url"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

// FuzzOpen feeds arbitrary Ingress text and requests through Open and the
// socket's set action: nothing panics, and the URL still reproduces the
// state. Run with go test ./demos/ingress/ -fuzz FuzzOpen.
func FuzzOpen(f *testing.F) {
	f.Add(presets[0].YAML, presets[0].Requests, "3")
	f.Add(missingPathType, "https://a.example.com/\nftp://x", "1")
	f.Add("a: &a [*a, *a]\nb: *a", "GET https://[::1]/%zz", "0")
	f.Add("kind: Ingress\napiVersion: networking.k8s.io/v1\nspec: {rules: [{host: '*.x.io', http: {paths: [{path: /(, pathType: ImplementationSpecific, backend: {service: {name: s, port: {number: 1}}}}]}}]}\nmetadata: {name: x, annotations: {nginx.ingress.kubernetes.io/use-regex: 'true'}}", "https://a.x.io/((", "1")
	f.Fuzz(func(t *testing.T, yaml, req, step string) {
		st, _ := open(url.Values{"yaml": {yaml}, "req": {req}, "step": {step}})
		_ = st.Text()
		_ = st.Narration()
		again, probs := open(st.Query())
		if len(probs) > 0 || again.Text() != st.Text() {
			t.Fatalf("Open(Query()) does not reproduce: %v", probs)
		}
		st.Apply(demos.Action{Kind: "set", Key: "yaml", Value: yaml})
		st.Apply(demos.Action{Kind: "set", Key: "req", Value: req})
		st.Apply(demos.Action{Kind: "step"})
		_ = st.Text()
	})
}
