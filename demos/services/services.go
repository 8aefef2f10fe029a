package services

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/kubeproxy"
)

// Values of the parameters.
const (
	rulesSave    = "save"
	rulesRestore = "restore"

	targetClusterIP = "cluster-ip"
	targetNodePort  = "node-port"

	// MaxSent bounds the requests a state replays for its histogram.
	MaxSent = 10000

	defaultReplicas = 3
	defaultSeed     = 1
)

// dnsNames are the names the DNS panel offers.
var dnsNames = []string{"web-service", "web-service.default", "web-service.default.svc.cluster.local"}

// Definition is the services demo.
var Definition = demos.Definition{
	Name:     "services",
	Title:    "Services and kube-proxy",
	Summary:  "Send a request to a Service's cluster IP and follow it through the rules kube-proxy writes, from KUBE-SERVICES to the DNAT that picks a pod.",
	Section:  "services",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "replicas", Help: "ready pods behind the Service, 0 to 10", Default: "3"},
		{Name: "notready", Help: "pod IPs whose readiness probe fails, comma-separated, e.g. 10.1.0.3", Default: ""},
		{Name: "type", Help: "the Service's type", Default: kubeproxy.TypeClusterIP, Values: []string{kubeproxy.TypeClusterIP, kubeproxy.TypeNodePort}},
		{Name: "target", Help: "for a NodePort Service: send to the node port from outside, or to the cluster IP from the client pod", Default: targetNodePort, Values: []string{targetNodePort, targetClusterIP}},
		{Name: "seed", Help: "seed of the kernel's random draws, so a traced request is repeatable", Default: "1"},
		{Name: "sent", Help: "requests sent so far (the last one is the one traced)", Default: "1"},
		{Name: "step", Help: "the step of the traced request", Default: "0"},
		{Name: "rules", Help: "show the rules as iptables-save prints them, or as kube-proxy writes them", Default: rulesSave, Values: []string{rulesSave, rulesRestore}},
		{Name: "dns", Help: "the name the client pod resolves", Default: dnsNames[0]},
		{Name: "typed.replicas", Help: "what was typed into Pods (replicas) that could not be used; the message is shown beside it", Default: ""},
		{Name: "typed.type", Help: "a Service type that was asked for and is not supported", Default: ""},
		{Name: "typed.seed", Help: "what was typed into Seed that could not be used", Default: ""},
		{Name: "typed.dns", Help: "what was typed into Name to resolve that could not be used", Default: ""},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) {
	return open(q)
}

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{replicas: defaultReplicas, typ: kubeproxy.TypeClusterIP, target: targetNodePort, seed: defaultSeed, sent: 1, rules: rulesSave, dns: dnsNames[0]}
	if v, ok := param(q, "replicas"); ok {
		if n, msg := parseReplicas(v); msg != "" {
			problems = append(problems, msg+fmt.Sprintf(" Showing %d.", defaultReplicas))
		} else {
			st.replicas = n
		}
	}
	if v, ok := param(q, "type"); ok {
		if v == kubeproxy.TypeClusterIP || v == kubeproxy.TypeNodePort {
			st.typ = v
		} else {
			problems = append(problems, typeMessage(v)+" Showing ClusterIP.")
		}
	}
	if v, ok := param(q, "target"); ok {
		if v == targetNodePort || v == targetClusterIP {
			st.target = v
		} else {
			problems = append(problems, fmt.Sprintf("target must be %s or %s, not %q; sending to the node port.", targetNodePort, targetClusterIP, clip(v)))
		}
	}
	if v, ok := param(q, "seed"); ok {
		if s, msg := parseSeed(v); msg != "" {
			problems = append(problems, msg+" Using seed 1.")
		} else {
			st.seed = s
		}
	}
	if v, ok := param(q, "notready"); ok && v != "" {
		for _, ip := range strings.Split(v, ",") {
			ip = strings.TrimSpace(ip)
			if st.podIndex(ip) < 0 {
				problems = append(problems, fmt.Sprintf("There is no pod with IP %q among the %d pods (10.1.0.2 to 10.1.0.%d); it is left out of notready.", clip(ip), st.replicas, st.replicas+1))
				continue
			}
			if !slices.Contains(st.notReady, ip) {
				st.notReady = append(st.notReady, ip)
			}
		}
		st.sortNotReady()
	}
	if v, ok := param(q, "rules"); ok {
		if v == rulesSave || v == rulesRestore {
			st.rules = v
		} else {
			problems = append(problems, fmt.Sprintf("rules must be save or restore, not %q; showing iptables-save.", clip(v)))
		}
	}
	if v, ok := param(q, "dns"); ok {
		if msg := dnsNameProblem(v); msg != "" {
			problems = append(problems, msg+" Resolving web-service.")
		} else {
			st.dns = strings.TrimSpace(v)
		}
	}
	st.build()
	if v, ok := param(q, "sent"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxSent {
			problems = append(problems, fmt.Sprintf("sent must be a number from 1 to %d, not %q; showing the first request.", MaxSent, clip(v)))
		} else {
			st.sent = n
		}
	}
	st.retrace()
	for _, k := range typedKeys {
		v, ok := param(q, typedParam(k))
		if !ok {
			continue
		}
		if msg := typedProblem(k, v); msg != "" && len(v) <= MaxTyped {
			st.setErr(k, v, msg)
		} else {
			problems = append(problems, fmt.Sprintf("%s=%q is only kept for a value that cannot be used; it is left out.", typedParam(k), clip(v)))
		}
	}
	if v, ok := param(q, "step"); ok {
		_, total := st.Progress()
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > total {
			problems = append(problems, fmt.Sprintf("step must be a number from 0 to %d, not %q; showing step 0.", total, clip(v)))
		} else {
			st.step = n
		}
	}
	return st, problems
}

// typedProblem is the message for a value typed into control key, "" if the
// value can be used. It is what set shows beside the control.
func typedProblem(key, v string) string {
	switch key {
	case "replicas":
		_, msg := parseReplicas(v)
		return msg
	case "type":
		if v != kubeproxy.TypeClusterIP && v != kubeproxy.TypeNodePort {
			return typeMessage(v)
		}
	case "seed":
		_, msg := parseSeed(v)
		return msg
	case "dns":
		return dnsNameProblem(v)
	}
	return ""
}

func param(q url.Values, k string) (string, bool) {
	vs, ok := q[k]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// parseReplicas reads the replicas field. The message for a negative
// number is the API server's for a Deployment's spec.replicas
// (apimachinery ValidateNonnegativeField: "must be greater than or equal
// to 0"); 10 is this demo's own limit.
func parseReplicas(v string) (int, string) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil:
		return 0, fmt.Sprintf("replicas must be a whole number, not %q.", clip(v))
	case n < 0:
		return 0, fmt.Sprintf("spec.replicas: Invalid value: %d: must be greater than or equal to 0.", n)
	case n > kubeproxy.MaxPods:
		return 0, fmt.Sprintf("This demo draws at most %d pods, not %d.", kubeproxy.MaxPods, n)
	}
	return n, ""
}

// typeMessage is the API server's message for an unsupported Service type
// (pkg/apis/core/validation: field.NotSupported), for the two types this
// demo models.
func typeMessage(v string) string {
	return fmt.Sprintf("spec.type: Unsupported value: %q: supported values: \"ClusterIP\", \"NodePort\".", clip(v))
}

func parseSeed(v string) (uint64, string) {
	s, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, fmt.Sprintf("seed must be a whole number from 0 to 18446744073709551615, not %q.", clip(v))
	}
	return s, ""
}

// dnsNameProblem checks a name typed into the DNS panel.
func dnsNameProblem(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "Type a name to resolve."
	case len(v) > 253:
		return "A DNS name is at most 253 characters long."
	}
	for _, label := range strings.Split(strings.TrimSuffix(v, "."), ".") {
		if label == "" || len(label) > 63 {
			return fmt.Sprintf("%q is not a valid DNS name: each label between dots has 1 to 63 characters.", clip(v))
		}
		for _, c := range label {
			if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return fmt.Sprintf("%q is not a valid DNS name: use letters, digits, '-' and '.'.", clip(v))
			}
		}
	}
	return ""
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
