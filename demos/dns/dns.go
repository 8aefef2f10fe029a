package dns

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	kdns "github.com/kubeviz/kubeviz/engine/dns"
)

// Defaults and limits.
const (
	defaultNS   = "shop"
	defaultName = "web"
	defaultSeed = 1
	maxSeed     = 1<<31 - 1
)

// clientNamespaces are the namespaces the client pod can run in.
var clientNamespaces = []string{"shop", "payments", "default"}

// statefulPods are the pods whose readiness the learner can toggle: the db
// StatefulSet behind the headless Service.
var statefulPods = []string{"db-0", "db-1", "db-2"}

// Preset is a name worth looking up, with what it teaches.
type Preset struct {
	ID, Name, Type, Label string
}

// Presets are offered as one-click lookups.
var Presets = []Preset{
	{"short", "web", kdns.TypeA, "web"},
	{"other-ns", "web.payments", kdns.TypeA, "web.payments"},
	{"full", "web.shop.svc.cluster.local", kdns.TypeA, "web.shop.svc.cluster.local"},
	{"absolute", "web.shop.svc.cluster.local.", kdns.TypeA, "web.shop.svc.cluster.local."},
	{"headless", "db", kdns.TypeA, "db (headless)"},
	{"pod", "db-0.db", kdns.TypeA, "db-0.db (StatefulSet pod)"},
	{"srv-headless", "_postgres._tcp.db", kdns.TypeSRV, "_postgres._tcp.db SRV"},
	{"srv", "_http._tcp.web", kdns.TypeSRV, "_http._tcp.web SRV"},
	{"pod-ip", "10-244-3-8.payments.pod", kdns.TypeA, "10-244-3-8.payments.pod"},
	{"external", "api.example.com", kdns.TypeA, "api.example.com"},
	{"missing", "nosuch", kdns.TypeA, "nosuch"},
}

// Definition is the dns demo.
var Definition = demos.Definition{
	Name:     "dns",
	Title:    "Cluster DNS",
	Summary:  "Look a name up from a pod: see its resolv.conf, every query the resolver sends in order because of the search path and ndots:5, and what CoreDNS answers to each.",
	Section:  "dns",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "ns", Help: "the namespace of the client pod", Default: defaultNS, Values: clientNamespaces},
		{Name: "name", Help: "the name the client pod looks up, e.g. web.payments", Default: defaultName},
		{Name: "type", Help: "the query type: A (getaddrinfo) or SRV (res_search)", Default: kdns.TypeA, Values: []string{kdns.TypeA, kdns.TypeSRV}},
		{Name: "notready", Help: "db pods whose readiness probe fails, comma-separated, e.g. db-1", Default: ""},
		{Name: "seed", Help: "seed of the query ids and of CoreDNS's shuffle of addresses", Default: "1"},
		{Name: "step", Help: "queries sent so far", Default: "0"},
		{Name: "typed", Help: "a name the learner typed that is not a valid name; it is shown with its error beside the field", Default: ""},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) {
	return open(q)
}

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{ns: defaultNS, name: defaultName, qtype: kdns.TypeA, seed: defaultSeed}
	if v, ok := param(q, "ns"); ok {
		if slices.Contains(clientNamespaces, v) {
			st.ns = v
		} else {
			problems = append(problems, fmt.Sprintf("The client pod can run in %s, not %q; it runs in shop.", strings.Join(clientNamespaces, ", "), clip(v)))
		}
	}
	if v, ok := param(q, "name"); ok {
		if msg := NameProblem(v); msg != "" {
			problems = append(problems, msg+" Looking up web.")
			st.badName, st.nameErr = v, msg // and beside the field, as typed
		} else {
			st.name = strings.TrimSpace(v)
		}
	}
	if v, ok := param(q, "type"); ok {
		if t, ok := queryType(v); ok {
			st.qtype = t
		} else {
			problems = append(problems, fmt.Sprintf("type must be A or SRV, not %q; asking for A.", clip(v)))
		}
	}
	if v, ok := param(q, "notready"); ok && v != "" {
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimSpace(p)
			if !slices.Contains(statefulPods, p) {
				problems = append(problems, fmt.Sprintf("There is no db pod %q (the pods are db-0, db-1 and db-2); it is left out of notready.", clip(p)))
				continue
			}
			if !slices.Contains(st.notReady, p) {
				st.notReady = append(st.notReady, p)
			}
		}
		slices.Sort(st.notReady)
	}
	if v, ok := param(q, "seed"); ok {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n < 1 || n > maxSeed {
			problems = append(problems, fmt.Sprintf("seed must be a whole number from 1 to %d, not %q; using seed 1.", maxSeed, clip(v)))
		} else {
			st.seed = n
		}
	}
	if v, ok := param(q, "typed"); ok {
		// Invalid input is state: it stays in the field with its error,
		// and the lookup keeps the last valid name.
		if msg := NameProblem(v); msg != "" {
			st.badName, st.nameErr = v, msg
		}
	}
	st.build()
	if v, ok := param(q, "step"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > len(st.xs) {
			problems = append(problems, fmt.Sprintf("step must be a number from 0 to %d for this lookup, not %q; showing step 0.", len(st.xs), clip(v)))
		} else {
			st.step = n
		}
	}
	return st, problems
}

func param(q url.Values, k string) (string, bool) {
	if _, ok := q[k]; !ok {
		return "", false
	}
	return q.Get(k), true
}

func queryType(v string) (string, bool) {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case kdns.TypeA:
		return kdns.TypeA, true
	case kdns.TypeSRV:
		return kdns.TypeSRV, true
	}
	return "", false
}

// NameProblem says why v cannot be looked up, or "". The limits are DNS's
// (RFC 1035: labels of 1 to 63 octets, 253 characters in all); the
// characters are those of host names plus '_' for SRV labels.
func NameProblem(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "Type a name to look up."
	case v == ".":
		return "\".\" is the root of the DNS, not a name to look up."
	case len(strings.TrimSuffix(v, ".")) > 253:
		return "A DNS name is at most 253 characters long."
	}
	for _, label := range strings.Split(strings.TrimSuffix(v, "."), ".") {
		if label == "" || len(label) > 63 {
			return fmt.Sprintf("%q is not a valid DNS name: each label between dots has 1 to 63 characters.", clip(v))
		}
		for _, c := range label {
			if !(c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return fmt.Sprintf("%q is not a valid DNS name: use letters, digits, '-', '_' and '.'.", clip(v))
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
