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

// State is the dns demo's state. Everything but the learner's invalid
// input is in the URL; that input is shown beside its field until it is
// fixed, while the lookup keeps the last valid name.
type State struct {
	ns       string
	name     string
	qtype    string
	notReady []string
	seed     uint64
	step     int

	badName string // what the learner typed, when it is not a name (in the URL as typed)
	nameErr string
	cluster *kdns.Cluster
	rc      kdns.ResolvConf
	cands   []string
	xs      []kdns.Exchange
}

var _ demos.State = (*State)(nil)

// build runs the lookup: every query and answer, computed once.
func (s *State) build() {
	s.cluster = kdns.ExampleCluster(s.notReady...)
	s.rc = kdns.PodResolvConf(s.ns, s.cluster)
	s.cands = kdns.Candidates(s.rc, s.name)
	s.xs = kdns.Lookup(s.cluster, s.rc, s.name, s.qtype, s.seed)
}

// changed rebuilds after a setting changed; the new lookup starts again.
func (s *State) changed() {
	s.build()
	s.step = 0
}

// Apply implements demos.State.
func (s *State) Apply(a demos.Action) error {
	switch a.Kind {
	case "step":
		if s.step >= len(s.xs) {
			return fmt.Errorf("every query of this lookup has been sent")
		}
		s.step++
	case "back":
		if s.step == 0 {
			return fmt.Errorf("no query has been sent yet")
		}
		s.step--
	case "reset":
		s.step = 0
	case "goto":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 || n > len(s.xs) {
			return fmt.Errorf("step must be a number from 0 to %d, not %q", len(s.xs), clip(a.Value))
		}
		s.step = n
	case "preset":
		// A preset replaces whatever was typed.
		for _, p := range Presets {
			if p.ID == a.Value {
				s.name, s.qtype, s.badName, s.nameErr = p.Name, p.Type, "", ""
				s.changed()
				return nil
			}
		}
		return fmt.Errorf("there is no preset %q", clip(a.Value))
	case "ready":
		if !slices.Contains(statefulPods, a.Value) {
			return fmt.Errorf("there is no db pod %q", clip(a.Value))
		}
		if i := slices.Index(s.notReady, a.Value); i >= 0 {
			s.notReady = slices.Delete(slices.Clone(s.notReady), i, i+1)
		} else {
			s.notReady = append(slices.Clone(s.notReady), a.Value)
			slices.Sort(s.notReady)
		}
		s.changed()
	case "set":
		return s.set(a.Key, a.Value)
	default:
		return fmt.Errorf("dns does not understand the action %q", clip(a.Kind))
	}
	return nil
}

func (s *State) set(key, v string) error {
	switch key {
	case "name":
		if msg := NameProblem(v); msg != "" {
			s.badName, s.nameErr = v, msg
			return nil
		}
		s.badName, s.nameErr = "", ""
		if n := strings.TrimSpace(v); n != s.name {
			s.name = n
			s.changed()
		}
	case "type":
		t, ok := queryType(v)
		if !ok {
			return fmt.Errorf("type must be A or SRV, not %q", clip(v))
		}
		if t != s.qtype {
			s.qtype = t
			s.changed()
		}
	case "ns":
		if !slices.Contains(clientNamespaces, v) {
			return fmt.Errorf("the client pod can run in %s, not %q", strings.Join(clientNamespaces, ", "), clip(v))
		}
		if v != s.ns {
			s.ns = v
			s.changed()
		}
	case "seed":
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 1 || n > maxSeed {
			return fmt.Errorf("seed must be a whole number from 1 to %d, not %q", maxSeed, clip(v))
		}
		if n != s.seed {
			s.seed = n
			s.changed()
		}
	default:
		return fmt.Errorf("dns has no setting %q (it has name, type, ns and seed)", clip(key))
	}
	return nil
}

// Query implements demos.State: defaults are left out.
func (s *State) Query() url.Values {
	q := url.Values{}
	if s.ns != defaultNS {
		q.Set("ns", s.ns)
	}
	if s.name != defaultName {
		q.Set("name", s.name)
	}
	if s.qtype != kdns.TypeA {
		q.Set("type", s.qtype)
	}
	if len(s.notReady) > 0 {
		q.Set("notready", strings.Join(s.notReady, ","))
	}
	if s.seed != defaultSeed {
		q.Set("seed", strconv.FormatUint(s.seed, 10))
	}
	if s.step != 0 {
		q.Set("step", strconv.Itoa(s.step))
	}
	if s.nameErr != "" {
		q.Set("typed", s.badName)
	}
	return q
}

// Progress implements demos.State: one step per query.
func (s *State) Progress() (int, int) { return s.step, len(s.xs) }

// done reports that every query has been sent.
func (s *State) done() bool { return s.step == len(s.xs) }

// plan says in words which names come first and why.
func (s *State) plan() string {
	dots := kdns.Dots(s.name)
	n := len(s.rc.Search)
	switch {
	case strings.HasSuffix(s.name, "."):
		return fmt.Sprintf("%s ends with a dot, so it is absolute: the resolver sends it as it is and nothing else", s.name)
	case dots >= s.rc.Ndots:
		return fmt.Sprintf("%s has %d dots, at least ndots:%d, so the resolver tries it as it is first, then with the %d search domains", s.name, dots, s.rc.Ndots, n)
	}
	return fmt.Sprintf("%s has %s, fewer than ndots:%d, so the resolver tries the %d search domains first, then %s. as it is", s.name, plural(dots, "dot"), s.rc.Ndots, n, s.name)
}

func queries(n int) string {
	if n == 1 {
		return "1 query"
	}
	return fmt.Sprintf("%d queries", n)
}

func plural(n int, w string) string {
	if n == 1 {
		return "1 " + w
	}
	return fmt.Sprintf("%d %ss", n, w)
}

// Narration implements demos.State.
func (s *State) Narration() string {
	if s.step == 0 {
		return fmt.Sprintf("Pod client in %s looks up %s (%s): %s. Step to send the first query.", s.ns, s.name, s.qtype, s.plan())
	}
	x := s.xs[s.step-1]
	head := fmt.Sprintf("Query %d of %d: %s %s → %s.", s.step, len(s.xs), x.Name, x.Type, answerShort(x.Response))
	switch {
	case x.Found():
		return head + " " + x.Why + " The resolver stops here" + wasted(s.step-1) + "."
	case s.step < len(s.xs):
		return head + " " + x.Why + " The resolver tries the next name."
	}
	return head + " " + x.Why + " That was the last name to try: the lookup fails."
}

func wasted(n int) string {
	if n == 0 {
		return ", at the first try"
	}
	return fmt.Sprintf(", after %s that found nothing", queries(n))
}

// answerShort is the answer in a few words: "NXDOMAIN", "NOERROR, no
// records", "10.96.112.40", "3 addresses", "3 SRV records".
func answerShort(r kdns.Response) string {
	switch {
	case r.Rcode != kdns.NoError:
		return r.Rcode
	case len(r.Answer) == 0:
		return "NOERROR, no records"
	case len(r.Answer) == 1 && r.Answer[0].Type == kdns.TypeA:
		return r.Answer[0].Data
	case r.Answer[0].Type == kdns.TypeA:
		return fmt.Sprintf("%d addresses", len(r.Answer))
	case len(r.Answer) == 1:
		return "1 SRV record"
	}
	return fmt.Sprintf("%d SRV records", len(r.Answer))
}

// Text implements demos.State: the whole state as plain text.
func (s *State) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Pod %s in namespace %s (%s), its /etc/resolv.conf:\n%s\n", kdns.ExampleClient, s.ns, kdns.ExampleClientIP, s.rc.Text())
	if len(s.notReady) > 0 {
		fmt.Fprintf(&b, "Not ready: %s\n", strings.Join(s.notReady, ", "))
	}
	if s.nameErr != "" {
		fmt.Fprintf(&b, "Typed %q: %s\n", s.badName, s.nameErr)
	}
	fmt.Fprintf(&b, "Lookup: %s %s\n%s.\n\nNames the resolver tries, in order:\n", s.name, s.qtype, s.plan())
	for i, c := range s.cands {
		state := "not sent"
		switch {
		case i < s.step:
			state = answerShort(s.xs[i].Response)
		case i >= len(s.xs):
			state = "not needed"
		}
		fmt.Fprintf(&b, "%d. %s %s: %s\n", i+1, c, s.qtype, state)
	}
	if s.step > 0 {
		x := s.xs[s.step-1]
		fmt.Fprintf(&b, "\nQuery %d of %d, answered by CoreDNS's %s plugin. %s\n$ %s\n%s", s.step, len(s.xs), x.By, x.Why, digCommand(s.cluster.DNSIP, x.Name, x.Type), kdns.Dig(x.Response, s.cluster.DNSIP))
	}
	if s.done() {
		fmt.Fprintf(&b, "\n%s\n$ nslookup %s%s\n%s", s.result(), typeFlag(s.qtype), s.name, kdns.Nslookup(kdns.Result(s.xs), s.name, s.qtype, s.cluster.DNSIP))
	}
	return b.String()
}

// digCommand is the dig command whose output kdns.Dig prints. +noedns:
// glibc's stub resolver sends its queries without EDNS (resolv/res_query.c
// __res_context_query adds an OPT record only under "options edns0", which
// the pod's resolv.conf lacks), and without it dig (BIND 9.18) would
// add an OPT record and print an OPT PSEUDOSECTION and ADDITIONAL: 1,
// which kdns.Dig does not show.
func digCommand(server, name, qtype string) string {
	return fmt.Sprintf("dig +noedns @%s %s %s", server, name, qtype)
}

func typeFlag(t string) string {
	if t == kdns.TypeA {
		return ""
	}
	return "-type=" + t + " "
}

// result says what the program gets, once the lookup is over.
func (s *State) result() string {
	o := kdns.Result(s.xs)
	if !o.Found {
		return fmt.Sprintf("Result: no name answered; after %s the lookup fails.", queries(o.Queries))
	}
	var data []string
	for _, rr := range o.Records {
		data = append(data, rr.Data)
	}
	if o.Wasted == 0 {
		return fmt.Sprintf("Result: %s answered with %s, at the first query.", o.Name, strings.Join(data, ", "))
	}
	return fmt.Sprintf("Result: %s answered with %s, after %s that found nothing.", o.Name, strings.Join(data, ", "), queries(o.Wasted))
}
