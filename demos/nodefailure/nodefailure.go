package nodefailure

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	nlc "github.com/kubeviz/kubeviz/engine/nodelifecycle"
)

// Definition is the node-failure demo.
var Definition = demos.Definition{
	Name:     "node-failure",
	Title:    "When a node dies",
	Summary:  "Stop a node's kubelet or cut its network and step through the seconds: missed Lease renewals, NotReady after the 50 s grace period, the unreachable taint, eviction after tolerationSeconds 300, and replacement pods on the healthy nodes.",
	Section:  "cluster",
	Upstream: "Kubernetes v1.37",
	Params: []demos.Param{
		{Name: "node", Help: "the node that fails", Default: "node-3", Values: nlc.NodeNames},
		{Name: "failure", Help: "kubelet: systemctl stop kubelet; network: the node's network is cut", Default: string(nlc.KubeletStopped), Values: []string{string(nlc.KubeletStopped), string(nlc.NetworkCut)}},
		{Name: "returnAfter", Help: "seconds after the failure when the node is back (1…3600), or never", Default: "600"},
		{Name: "tolerationSeconds", Help: "the pod template's tolerationSeconds for node.kubernetes.io/unreachable:NoExecute (-3600…3600); empty: none, so the DefaultTolerationSeconds admission plugin adds 300", Default: ""},
		{Name: "step", Help: "the step shown", Default: "0"},
	},
	Open: Open,
}

// Open builds the state a URL describes; see demos.Definition.Open.
func Open(q url.Values) (demos.State, []string) { return open(q) }

func open(q url.Values) (*State, []string) {
	var problems []string
	st := &State{node: "node-3", failure: nlc.KubeletStopped, returnAfter: "600"}
	if v, ok := q["node"]; ok && len(v) > 0 {
		if isNode(v[0]) {
			st.node = v[0]
		} else {
			problems = append(problems, fmt.Sprintf("node must be node-1, node-2 or node-3, not %q; showing node-3.", clip(v[0])))
		}
	}
	if v, ok := q["failure"]; ok && len(v) > 0 {
		switch nlc.Failure(v[0]) {
		case nlc.KubeletStopped, nlc.NetworkCut:
			st.failure = nlc.Failure(v[0])
		default:
			problems = append(problems, fmt.Sprintf("failure must be kubelet or network, not %q; showing kubelet.", clip(v[0])))
		}
	}
	if v, ok := q["returnAfter"]; ok && len(v) > 0 {
		st.returnAfter = clipLen(strings.TrimSpace(v[0]))
	}
	if v, ok := q["tolerationSeconds"]; ok && len(v) > 0 {
		st.tolerationSeconds = clipLen(strings.TrimSpace(v[0]))
	}
	st.build()
	if v := q.Get("step"); v != "" {
		n, err := strconv.Atoi(v)
		last := len(st.frames) - 1
		switch {
		case err != nil || n < 0:
			problems = append(problems, fmt.Sprintf("step must be a whole number from 0 to %d, not %q; showing step 0.", last, clip(v)))
		case n > last:
			problems = append(problems, fmt.Sprintf("This story has %d steps, so there is no step %d; showing the last.", last, n))
			st.step = last
		default:
			st.step = n
		}
	}
	return st, problems
}

func isNode(s string) bool {
	for _, n := range nlc.NodeNames {
		if n == s {
			return true
		}
	}
	return false
}

// ParseReturnAfter reads the returnAfter field: "never" or whole seconds
// from 1 to 3600. A bad value is reported in a sentence and the default
// (600) is simulated.
func ParseReturnAfter(s string) (nlc.Time, string) {
	if s == "never" {
		return -1, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 3600 {
		return 600, fmt.Sprintf("returnAfter must be never or a whole number of seconds from 1 to 3600, not %q; simulating 600.", clip(s))
	}
	return nlc.Time(n), ""
}

// ParseTolerationSeconds reads the tolerationSeconds field: empty (the
// template has no toleration, so the admission plugin adds 300) or whole
// seconds. The API takes any int64 (a value ≤ 0 means evict at once:
// taint_eviction.go getMinTolerationTime); this demo simulates up to an
// hour.
func ParseTolerationSeconds(s string) (*int64, string) {
	if s == "" {
		return nil, ""
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, fmt.Sprintf("tolerationSeconds is an int64, a whole number of seconds: %q is not one; simulating none (the admission plugin's 300).", clip(s))
	}
	if n < -3600 || n > 3600 {
		return nil, fmt.Sprintf("tolerationSeconds %d is valid, but this demo simulates at most an hour (-3600 to 3600); simulating none (the admission plugin's 300).", n)
	}
	return &n, ""
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// clipLen bounds what a URL can make the state hold.
func clipLen(s string) string {
	if r := []rune(s); len(r) > 60 {
		return strings.TrimSpace(string(r[:60]))
	}
	return s
}
