package templates

import (
	"net/url"
	"testing"
)

// Vary's cut links are what Href gives, on a demo page and on the course
// page (prefix, kept parameters, anchor), for values that need escaping, and
// when the placeholder itself appears in the query.
func TestVaryIsHref(t *testing.T) {
	links := []Link{
		{Path: "/demos/network-policies"},
		{Path: "/", Prefix: "network-policies.", Keep: url.Values{"theme": {"dark"}, "pod-spec.field": {"spec"}}, Anchor: "network-policies"},
	}
	qs := []url.Values{
		{},
		{"scenario": {"and-or"}, "step": {"3"}, "cell": {"old"}},
		{"yaml": {"a: KUBEVIZVALUE"}},
	}
	values := []string{"", "grafana,api:9090/TCP", "a b&c=d#e", "spec.containers[0].image", "KUBEVIZVALUE", "ü/ß"}
	for _, l := range links {
		for _, q := range qs {
			vary := l.Vary(q, "cell")
			for _, v := range values {
				w := url.Values{}
				for k, vs := range q {
					w[k] = vs
				}
				w.Set("cell", v)
				if got, want := vary(v), l.Href(w); got != want {
					t.Errorf("%+v %v cell=%q: Vary gives %s, Href %s", l, q, v, got, want)
				}
			}
		}
	}
}
