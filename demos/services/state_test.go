package services

// Tests of the services demo's state: URL parameters, actions, and the
// upstream numbers it shows (kubernetes pkg/proxy/iptables/proxier.go).

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

func mustOpen(t *testing.T, q url.Values) *State {
	t.Helper()
	st, problems := open(q)
	if len(problems) > 0 {
		t.Fatalf("Open(%v): %v", q, problems)
	}
	return st
}

func apply(t *testing.T, st *State, kind, key, value string) {
	t.Helper()
	if err := st.Apply(demos.Action{Kind: kind, Key: key, Value: value}); err != nil {
		t.Fatalf("Apply(%s %s %q): %v", kind, key, value, err)
	}
}

// Every state a learner reaches by stepping reopens from its URL.
func TestURLIsTheState(t *testing.T) {
	st := mustOpen(t, nil)
	check := func() {
		t.Helper()
		again := mustOpen(t, st.Query())
		if again.Text() != st.Text() {
			t.Fatalf("Open(%q) differs", st.Query().Encode())
		}
		var buf bytes.Buffer
		if err := st.View(templates.Link{Path: "/demos/services"}).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
	}
	check()
	apply(t, st, "step", "", "")
	check()
	apply(t, st, "send", "", "100")
	check()
	apply(t, st, "set", "replicas", "10")
	check()
	apply(t, st, "ready", "", "10.1.0.3")
	check()
	apply(t, st, "set", "type", "NodePort")
	check()
	apply(t, st, "goto", "", "7")
	check()
	apply(t, st, "set", "target", "cluster-ip")
	check()
	apply(t, st, "set", "seed", "7")
	check()
	apply(t, st, "set", "rules", "restore")
	check()
	apply(t, st, "set", "dns", "web-service.default")
	check()
	apply(t, st, "set", "replicas", "0")
	check()
	if q := st.Query().Encode(); q != "dns=web-service.default&replicas=0&rules=restore&seed=7&target=cluster-ip&type=NodePort" {
		t.Errorf("query %s", q)
	}
}

func TestOpenProblems(t *testing.T) {
	for _, tt := range []struct {
		q       string
		problem string
	}{
		{"replicas=11", "This demo draws at most 10 pods, not 11. Showing 3."},
		{"replicas=-1", "spec.replicas: Invalid value: -1: must be greater than or equal to 0. Showing 3."},
		{"replicas=abc", `replicas must be a whole number, not "abc". Showing 3.`},
		{"type=LoadBalancer", `spec.type: Unsupported value: "LoadBalancer": supported values: "ClusterIP", "NodePort". Showing ClusterIP.`},
		{"notready=10.1.0.9", `There is no pod with IP "10.1.0.9" among the 3 pods (10.1.0.2 to 10.1.0.4); it is left out of notready.`},
		{"step=99", `step must be a number from 0 to 24, not "99"; showing step 0.`},
		{"dns=a..b", `"a..b" is not a valid DNS name: each label between dots has 1 to 63 characters. Resolving web-service.`},
	} {
		q, _ := url.ParseQuery(tt.q)
		_, problems := open(q)
		if len(problems) != 1 || problems[0] != tt.problem {
			t.Errorf("Open(%s) = %q, want %q", tt.q, problems, tt.problem)
		}
	}
}

// Invalid input is state: it is shown beside its control and the demo goes
// on with the last good value.
func TestBadInputStaysBesideItsControl(t *testing.T) {
	st := mustOpen(t, nil)
	apply(t, st, "set", "replicas", "12")
	if st.replicas != 3 || st.inputErr["replicas"] != "This demo draws at most 10 pods, not 12." {
		t.Fatalf("replicas %d, err %q", st.replicas, st.inputErr["replicas"])
	}
	var buf bytes.Buffer
	st.View(templates.Link{Path: "/demos/services"}).Render(context.Background(), &buf)
	if !strings.Contains(buf.String(), `data-testid="error-replicas"`) || !strings.Contains(buf.String(), `value="12"`) {
		t.Errorf("the error is not shown beside the field")
	}
	apply(t, st, "set", "replicas", "4")
	if st.replicas != 4 || st.inputErr["replicas"] != "" {
		t.Errorf("a good value did not clear the error")
	}
}

func TestApplyErrors(t *testing.T) {
	st := mustOpen(t, nil)
	before := st.Text()
	for _, a := range []demos.Action{
		{Kind: "back"},
		{Kind: "goto", Value: "99"},
		{Kind: "send", Value: "7"},
		{Kind: "ready", Value: "10.9.9.9"},
		{Kind: "set", Key: "colour", Value: "red"},
		{Kind: "set", Key: "rules", Value: "json"},
		{Kind: "dance"},
	} {
		if err := st.Apply(a); err == nil {
			t.Errorf("Apply(%+v): no error", a)
		}
	}
	if st.Text() != before {
		t.Errorf("a refused action changed the state")
	}
}

// The prediction's answer is where the traced request really goes.
func TestPredictionIsTheTracedPod(t *testing.T) {
	st := mustOpen(t, nil)
	p, ok := st.Prediction()
	if !ok || len(p.Choices) != 3 {
		t.Fatalf("prediction %v %+v", ok, p)
	}
	if want := st.trace.Outcome.Endpoint; !strings.Contains(p.Choices[p.Answer], strings.TrimSuffix(want, ":8080")) {
		t.Errorf("answer %q, the request goes to %s", p.Choices[p.Answer], want)
	}
	apply(t, st, "step", "", "")
	if _, ok := st.Prediction(); ok {
		t.Error("asked again in the middle of the request")
	}
}

// The page names the proxy mode whose rules it shows: iptables, kube-proxy's
// default on Linux in v1.37 (cmd/kube-proxy/app/server_linux.go
// platformApplyDefaults), and the rules are iptables rules.
func TestPageNamesTheProxyMode(t *testing.T) {
	st := mustOpen(t, nil)
	var buf bytes.Buffer
	st.View(templates.Link{Path: "/demos/services"}).Render(context.Background(), &buf)
	page := buf.String()
	if !strings.Contains(page, `data-testid="proxy-mode">kube-proxy runs in iptables mode, its default on Linux in Kubernetes v1.37`) {
		t.Errorf("the rules panel does not say which proxy mode wrote the rules")
	}
	if !strings.Contains(page, "-A KUBE-SERVICES") || strings.Contains(page, "add rule ip kube-proxy") {
		t.Errorf("the page does not show iptables rules")
	}
	if !strings.Contains(st.Text(), "kube-proxy mode iptables (the default on Linux;") {
		t.Errorf("Text does not name the mode")
	}
}
