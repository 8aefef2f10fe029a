package services

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/kubeproxy"
)

// State is the services demo's state, all of it in the URL: the Service, its
// pods, the seed, how many requests were sent, the step of the last one, and
// what a learner typed that could not be used (typed.replicas=abc), so a
// shared link shows the same message beside the same control.
type State struct {
	replicas int
	notReady []string // pod IPs, sorted
	typ      string
	target   string // for NodePort: node-port or cluster-ip
	seed     uint64
	sent     int
	step     int
	rules    string
	dns      string

	// Input a learner typed that could not be used, shown beside its
	// control, and kept in the URL as typed.<key> (typedParam).
	inputErr map[string]string
	inputVal map[string]string

	// derived
	rs    *kubeproxy.Ruleset          // never modified once built: clones share it
	save  map[string][]kubeproxy.Line // kept until the rules change: each table as iptables-save prints it (saved), and the rules part of Text by view, as one line (rulesText)
	trace kubeproxy.Trace
	// The earlier requests' tally, counted on first use (Text, the
	// histogram): a state made only for a link never counts.
	tallied  bool
	count    []int // requests that reached endpoint i (rs.Endpoints order), completed ones
	rejected int

	// A copy made only to find a link's query (after) skips regenerating
	// the rules and tracing the request, which the query does not need;
	// stale says they are out of date, and ensureTrace brings them back
	// where a step count is needed.
	linkOnly, rsStale, traceStale bool
	sendLinks                     map[string]url.Values // after's Send links (viewmodel.go)
}

// typedParam is the query parameter that keeps what a learner typed into
// control key when it could not be used: typed.replicas=abc.
func typedParam(key string) string { return "typed." + key }

// typedKeys are the controls whose unusable input is kept, in URL order.
var typedKeys = []string{"replicas", "type", "seed", "dns"}

// MaxTyped bounds the unusable text kept for a control (and so in the URL).
const MaxTyped = 256

// clone is an independent copy: Apply on it leaves s as it was. The rules
// and the trace are shared (never modified in place; Apply replaces them).
func (s *State) clone() *State {
	cp := *s
	cp.notReady = slices.Clone(s.notReady)
	cp.count = slices.Clone(s.count)
	cp.save, cp.sendLinks = nil, nil // the copy's own: maps are not shared
	if s.inputErr != nil {
		cp.inputErr, cp.inputVal = maps.Clone(s.inputErr), maps.Clone(s.inputVal)
	}
	return &cp
}

var _ demos.State = (*State)(nil)

func (s *State) cfg() kubeproxy.Config { return kubeproxy.DefaultConfig() }

func (s *State) pods() []kubeproxy.Endpoint {
	eps := kubeproxy.ExamplePods(s.replicas)
	for i := range eps {
		if slices.Contains(s.notReady, eps[i].IP) {
			eps[i].Ready = false
		}
	}
	return eps
}

func (s *State) podIndex(ip string) int {
	for i, e := range kubeproxy.ExamplePods(s.replicas) {
		if e.IP == ip {
			return i
		}
	}
	return -1
}

func (s *State) sortNotReady() {
	slices.SortFunc(s.notReady, func(a, b string) int { return s.podIndex(a) - s.podIndex(b) })
}

// build regenerates the rules, as kube-proxy's sync does after a change.
func (s *State) build() {
	// drop notready pods that no longer exist
	var keep []string
	for _, ip := range s.notReady {
		if s.podIndex(ip) >= 0 {
			keep = append(keep, ip)
		}
	}
	s.notReady = keep
	if s.linkOnly {
		s.rsStale = true
		return
	}
	rs, err := kubeproxy.Sync(s.cfg(), kubeproxy.ExampleSvc(s.typ), s.pods())
	if err != nil {
		panic(err) // the example config is valid
	}
	s.rs, s.save = rs, nil
}

// saved is t.Save() for a table of s.rs, kept until the rules change: the
// rules panel and the text both print it, every frame.
func (s *State) saved(t *kubeproxy.Table) []kubeproxy.Line {
	if l, ok := s.save[t.Name]; ok {
		return l
	}
	if s.save == nil {
		s.save = map[string][]kubeproxy.Line{}
	}
	l := t.Save()
	s.save[t.Name] = l
	return l
}

// client and destination of the traced requests.
func (s *State) route() (kubeproxy.Client, string, int) {
	if s.typ == kubeproxy.TypeNodePort && s.target == targetNodePort {
		return kubeproxy.Client{Name: "a laptop", IP: kubeproxy.ExampleOutsideClient}, s.cfg().NodeIP, kubeproxy.ExampleNodePort
	}
	return kubeproxy.Client{Name: kubeproxy.ExampleClientPod, IP: kubeproxy.ExampleClientIP, Pod: true}, kubeproxy.ExampleClusterIP, 80
}

// retrace follows the last request and counts where the others went.
func (s *State) retrace() {
	if s.linkOnly {
		s.traceStale, s.step = true, 0
		s.tallied, s.count, s.rejected = false, nil, 0
		return
	}
	c, dst, port := s.route()
	s.trace = s.rs.Trace(c, dst, port, kubeproxy.RequestRand(s.seed, s.sent))
	s.tallied, s.count, s.rejected = false, nil, 0
	s.step = 0
}

// tallyEarlier counts where the requests before the traced one went, once.
func (s *State) tallyEarlier() {
	if s.tallied {
		return
	}
	s.count = make([]int, len(s.rs.Endpoints))
	s.rejected = 0
	for i := 1; i < s.sent; i++ {
		s.tally(s.rs.Choose(kubeproxy.RequestRand(s.seed, i)))
	}
	s.tallied = true
}

func (s *State) tally(k int) {
	if k < 0 {
		s.rejected++
	} else {
		s.count[k]++
	}
}

// completed is how many requests the histogram counts: every earlier one,
// and the traced one once it has arrived.
func (s *State) completed() int {
	n := s.sent - 1
	if s.done() {
		n++
	}
	return n
}

func (s *State) done() bool {
	_, total := s.Progress()
	return s.step == total
}

// counts are the histogram's counts, with the traced request once done.
func (s *State) counts() ([]int, int) {
	s.tallyEarlier()
	c := append([]int(nil), s.count...)
	rej := s.rejected
	if s.done() {
		k := -1
		for i, ep := range s.rs.Endpoints {
			if ep.String() == s.trace.Outcome.Endpoint {
				k = i
			}
		}
		if k < 0 {
			rej++
		} else {
			c[k]++
		}
	}
	return c, rej
}

func (s *State) setErr(key, val, msg string) {
	if s.inputErr == nil {
		s.inputErr, s.inputVal = map[string]string{}, map[string]string{}
	}
	s.inputErr[key], s.inputVal[key] = msg, val
}

func (s *State) clearErr(key string) {
	delete(s.inputErr, key)
	delete(s.inputVal, key)
}

// changed is called after the Service or its pods change: kube-proxy
// regenerates the rules, and the requests start again from one.
func (s *State) changed() {
	s.build()
	s.sent = 1
	s.retrace()
}

// Apply implements demos.State.
func (s *State) Apply(a demos.Action) error {
	_, total := s.Progress()
	switch a.Kind {
	case "step":
		if s.step >= total {
			return fmt.Errorf("the request has arrived: send another one")
		}
		s.step++
	case "back":
		if s.step <= 0 {
			return fmt.Errorf("this is the start of the request")
		}
		s.step--
	case "reset":
		s.step = 0
	case "goto":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 || n > total {
			return fmt.Errorf("step must be a number from 0 to %d, not %q", total, clip(a.Value))
		}
		s.step = n
	case "send":
		n, err := strconv.Atoi(a.Value)
		if err != nil || (n != 1 && n != 100 && n != 1000) {
			return fmt.Errorf("send 1, 100 or 1000 requests, not %q", clip(a.Value))
		}
		if s.sent+n > MaxSent {
			return fmt.Errorf("this demo replays at most %d requests; press Reset counts to start again", MaxSent)
		}
		s.sent += n // the request traced so far now counts among the earlier ones
		s.retrace()
		if n > 1 {
			_, t := s.Progress()
			s.step = t
		}
	case "clear":
		s.sent = 1
		s.retrace()
	case "ready":
		i := s.podIndex(a.Value)
		if i < 0 {
			return fmt.Errorf("there is no pod with IP %q", clip(a.Value))
		}
		if j := slices.Index(s.notReady, a.Value); j >= 0 {
			s.notReady = slices.Delete(s.notReady, j, j+1)
		} else {
			s.notReady = append(s.notReady, a.Value)
			s.sortNotReady()
		}
		s.changed()
	case "set":
		return s.set(a.Key, a.Value)
	default:
		return fmt.Errorf("services does not understand the action %q", clip(a.Kind))
	}
	return nil
}

// set changes one control. Input that cannot be used is kept beside its
// control with the reason, and the demo goes on with the last good value.
func (s *State) set(key, v string) error {
	if len(v) > MaxTyped && slices.Contains(typedKeys, key) {
		return fmt.Errorf("%s: type at most %d characters", key, MaxTyped)
	}
	switch key {
	case "replicas":
		n, msg := parseReplicas(v)
		if msg != "" {
			s.setErr(key, v, msg)
			return nil
		}
		s.clearErr(key)
		if n != s.replicas {
			s.replicas = n
			s.changed()
		}
	case "type":
		if v != kubeproxy.TypeClusterIP && v != kubeproxy.TypeNodePort {
			s.setErr(key, v, typeMessage(v))
			return nil
		}
		s.clearErr(key)
		if v != s.typ {
			s.typ = v
			s.target = targetNodePort
			s.changed()
		}
	case "target":
		if v != targetNodePort && v != targetClusterIP {
			return fmt.Errorf("target must be %s or %s, not %q", targetNodePort, targetClusterIP, clip(v))
		}
		if s.typ != kubeproxy.TypeNodePort {
			// The URL keeps target only for a NodePort Service, so a
			// ClusterIP one has no target to set (Open(Query()) is the state).
			return fmt.Errorf("target is for a NodePort Service; this one is %s", s.typ)
		}
		if v != s.target {
			s.target = v
			s.sent = 1
			s.retrace()
		}
	case "seed":
		n, msg := parseSeed(v)
		if msg != "" {
			s.setErr(key, v, msg)
			return nil
		}
		s.clearErr(key)
		if n != s.seed {
			s.seed = n
			s.sent = 1
			s.retrace()
		}
	case "rules":
		if v != rulesSave && v != rulesRestore {
			return fmt.Errorf("rules must be save or restore, not %q", clip(v))
		}
		s.rules = v
	case "dns":
		if msg := dnsNameProblem(v); msg != "" {
			s.setErr(key, v, msg)
			return nil
		}
		s.clearErr(key)
		s.dns = trimSpace(v)
	default:
		return fmt.Errorf("services has no setting %q", clip(key))
	}
	return nil
}

// Query implements demos.State: defaults are left out.
func (s *State) Query() url.Values {
	q := url.Values{}
	if s.replicas != defaultReplicas {
		q.Set("replicas", strconv.Itoa(s.replicas))
	}
	if len(s.notReady) > 0 {
		q.Set("notready", join(s.notReady))
	}
	if s.typ != kubeproxy.TypeClusterIP {
		q.Set("type", s.typ)
		if s.target != targetNodePort {
			q.Set("target", s.target)
		}
	}
	if s.seed != defaultSeed {
		q.Set("seed", strconv.FormatUint(s.seed, 10))
	}
	if s.sent != 1 {
		q.Set("sent", strconv.Itoa(s.sent))
	}
	if s.step != 0 {
		q.Set("step", strconv.Itoa(s.step))
	}
	if s.rules != rulesSave {
		q.Set("rules", s.rules)
	}
	if s.dns != dnsNames[0] {
		q.Set("dns", s.dns)
	}
	for _, k := range typedKeys {
		if _, ok := s.inputErr[k]; ok {
			q.Set(typedParam(k), s.inputVal[k])
		}
	}
	return q
}

// Progress implements demos.State: the steps of the traced request.
func (s *State) Progress() (int, int) {
	s.ensureTrace()
	return s.step, len(s.trace.Steps) - 1
}

// ensureTrace brings a link's copy's rules and trace up to date.
func (s *State) ensureTrace() {
	if !s.rsStale && !s.traceStale {
		return
	}
	s.linkOnly = false
	if s.rsStale {
		s.build()
	}
	step := s.step
	s.retrace()
	s.step = step
	s.linkOnly, s.rsStale, s.traceStale = true, false, false
}
