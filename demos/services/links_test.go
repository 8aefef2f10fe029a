package services

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// after finds a link's query on a copy that skips the rules and the trace
// where it can; it must be what the slow way (open the query, apply the
// action) gives, in every state a learner can reach.
func TestAfterIsOpenThenApply(t *testing.T) {
	acts := []demos.Action{
		{Kind: "step"}, {Kind: "back"}, {Kind: "reset"}, {Kind: "goto", Value: "3"},
		{Kind: "send", Value: "1"}, {Kind: "send", Value: "100"}, {Kind: "send", Value: "1000"}, {Kind: "clear"},
		{Kind: "ready", Value: "10.1.0.3"}, {Kind: "ready", Value: "10.1.0.2"},
		{Kind: "set", Key: "type", Value: "NodePort"}, {Kind: "set", Key: "type", Value: "ClusterIP"}, {Kind: "set", Key: "type", Value: "LoadBalancer"},
		{Kind: "set", Key: "target", Value: "cluster-ip"}, {Kind: "set", Key: "replicas", Value: "0"}, {Kind: "set", Key: "replicas", Value: "5"},
		{Kind: "set", Key: "replicas", Value: "abc"}, {Kind: "set", Key: "seed", Value: "7"}, {Kind: "set", Key: "rules", Value: "restore"},
		{Kind: "set", Key: "dns", Value: "web-service.default"}, {Kind: "set", Key: "dns", Value: "a..b"},
	}
	st := mustOpen(t, nil)
	for i := range 150 {
		for _, a := range acts {
			want := func() string {
				cp, _ := open(st.Query())
				if cp.Apply(a) != nil {
					return st.Query().Encode()
				}
				return cp.Query().Encode()
			}()
			if got := st.after(a).Encode(); got != want {
				t.Fatalf("in %q, after %+v: %q, want %q", st.Query().Encode(), a, got, want)
			}
		}
		st.Apply(acts[(i*7+i/5)%len(acts)])
	}
}

// The step links are cut from one Link.Href; they must be what Link.Href
// gives for each step.
func TestStepLinksAreLinkHref(t *testing.T) {
	for _, link := range []templates.Link{
		{Path: "/demos/services"},
		{Path: "/", Prefix: "services.", Keep: url.Values{"theme": {"dark"}, "pod-spec.field": {"spec"}}, Anchor: "services"},
	} {
		for _, qs := range []string{"", "replicas=5&typed.dns=STEPNUMBER", "seed=7&sent=100"} {
			q, _ := url.ParseQuery(qs)
			href := stepLinks(link, q)
			for i := 1; i < 30; i++ {
				want := url.Values{}
				for k, v := range q {
					want[k] = v
				}
				want.Set("step", strconv.Itoa(i))
				if got := href(i); got != link.Href(want) {
					t.Errorf("%q step %d: %q, want %q", qs, i, got, link.Href(want))
				}
			}
		}
	}
}
