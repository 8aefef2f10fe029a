package netpol

import (
	"net/url"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/kubeviz/kubeviz/engine/netpol"
)

// FuzzParse: any text a learner types is read without panicking, and what
// decodes goes through the API server's defaults and validation.
func FuzzParse(f *testing.F) {
	for _, t := range presetYAML {
		f.Add(t)
	}
	f.Add("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  ingress: [{ports: [{port: 1, endPort: 0}], from: [{ipBlock: {cidr: '::/0', except: ['::1/128']}}]}]\n")
	f.Add("a: &x [*x]")
	c := netpol.ExampleCluster()
	f.Fuzz(func(t *testing.T, text string) {
		p := Parse(text)
		if (p.Policy == nil) == (p.Problem == "") {
			t.Fatalf("Parse(%q): policy %v, problem %q", text, p.Policy != nil, p.Problem)
		}
		if p.Policy != nil {
			a := netpol.Admit(c, nil, p.Policy, fileName)
			if a.Stored != nil {
				netpol.BuildMatrix(c, []*networkingv1.NetworkPolicy{a.Stored})
			}
		}
	})
}

// FuzzOpen: any URL opens, and the state it opens reopens from its own URL.
func FuzzOpen(f *testing.F) {
	f.Add("step=3&apply=api-policy,default-deny&cell=api,database:5432/TCP")
	f.Add("scenario=and-or&yaml.metrics-or=kind:%20x&edit=metrics-or")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		st, _ := open(q)
		again, probs := open(st.Query())
		if len(probs) > 0 || again.Text() != st.Text() {
			t.Fatalf("%q: reopening %q: %v", raw, st.Query().Encode(), probs)
		}
	})
}
