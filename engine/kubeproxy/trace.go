package kubeproxy

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Rand is the source of the kernel's random numbers: the statistic match's
// draw (xt_statistic.c: prandom_u32() & 0x7FFFFFFF) and MASQUERADE
// --random-fully's source port. The caller seeds it; Trace never reads a
// global one.
type Rand interface {
	Uint32() uint32
}

// Packet is the first packet of a TCP connection (a SYN).
type Packet struct {
	Src, Dst         netip.Addr
	SrcPort, DstPort int
	Mark             uint32
}

func (p Packet) String() string {
	return fmt.Sprintf("%s:%d → %s:%d", p.Src, p.SrcPort, p.Dst, p.DstPort)
}

// Step kinds.
const (
	StepSend    = "send"    // the packet leaves the client
	StepRule    = "rule"    // one rule was evaluated
	StepReturn  = "return"  // end of a user chain: back to the caller
	StepPolicy  = "policy"  // end of a built-in chain: its policy
	StepRoute   = "route"   // the routing decision
	StepDeliver = "deliver" // the packet reached its destination
	StepReject  = "reject"  // a REJECT rule answered
	StepReply   = "reply"   // the reply, through conntrack
)

// Step is one thing that happened to the packet.
type Step struct {
	Kind    string
	Hook    string // PREROUTING, FORWARD, POSTROUTING, INPUT ("" for send/route/reply)
	Table   string
	Chain   string
	RuleID  string // for rule steps
	Rule    string // the rule as iptables-save prints it
	Matched bool
	Why     string // one sentence: why it matched or not, what it did
	Packet  Packet // the packet after this step
	Mark    uint32
}

// Outcome is how the request ended.
type Outcome struct {
	Kind     string // "delivered", "rejected", "dropped"
	Endpoint string // "10.1.0.3:8080" when delivered to a pod
	Pod      string
	Comment  string // the REJECT rule's comment
}

// Trace is one request followed through the node.
type Trace struct {
	Steps   []Step
	Outcome Outcome
	Draws   int // random numbers the kernel drew
}

// Client is where a request starts.
type Client struct {
	Name string // "client" pod, or "laptop" outside the cluster
	IP   string
	Pod  bool // a pod on this node (its packets arrive through its veth)
}

// localAddrs are the node's own addresses: its IP, loopback, and the
// cni0 bridge's address on the pod network (the first address of the
// node's pod range, as the bridge CNI plugin assigns it).
func (rs *Ruleset) localAddr(a netip.Addr) bool {
	if a == mustAddr(rs.Config.NodeIP) || a == rs.bridgeAddr() {
		return true
	}
	return netip.MustParsePrefix("127.0.0.0/8").Contains(a)
}

// BridgeAddr is the node's address on the pod network (cni0).
func (rs *Ruleset) BridgeAddr() string { return rs.bridgeAddr().String() }

func (rs *Ruleset) bridgeAddr() netip.Addr {
	p := netip.MustParsePrefix(rs.Config.ClusterCIDR).Masked()
	return p.Addr().Next()
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// Trace follows the first packet of a connection from client to dst:port
// through the node's netfilter hooks: nat PREROUTING, the routing decision,
// filter FORWARD (or INPUT for the node's own addresses), nat POSTROUTING,
// and then the reply, which conntrack rewrites without consulting the nat
// table again.
func (rs *Ruleset) Trace(c Client, dst string, dport int, rnd Rand) Trace {
	t := &tracer{rs: rs, rnd: rnd, steps: make([]Step, 0, 32)} // a request takes 15-40 steps
	p := Packet{Src: mustAddr(c.IP), Dst: mustAddr(dst), DstPort: dport, SrcPort: 32768 + int(t.draw()%28232)}
	orig := p
	from := "pod " + c.Name + " (" + c.IP + ")"
	via := "It enters the node's network stack from the pod's veth, so the first hook is PREROUTING."
	if !c.Pod {
		from = c.Name + " outside the cluster (" + c.IP + ")"
		via = "It arrives on the node's interface, so the first hook is PREROUTING."
	}
	t.add(Step{Kind: StepSend, Packet: p, Why: fmt.Sprintf("A TCP SYN leaves %s for %s:%d (source port %d, picked by the client's kernel). %s", from, dst, dport, p.SrcPort, via)})

	v, p := t.hook("PREROUTING", "nat", p)
	_ = v // nat only rewrites; its verdict is always ACCEPT here
	local := rs.localAddr(p.Dst)
	if local {
		t.add(Step{Kind: StepRoute, Packet: p, Why: fmt.Sprintf("Routing: %s is one of the node's own addresses, so the packet goes up to the INPUT hook.", p.Dst)})
		v, p = t.hook("INPUT", "filter", p)
	} else {
		why := fmt.Sprintf("Routing: %s is not an address of this node, so the packet is forwarded (the FORWARD hook).", p.Dst)
		if p.Dst != orig.Dst {
			why = fmt.Sprintf("Routing decides on the new destination: %s is a pod on this node, reached through the cni0 bridge, so the packet is forwarded (the FORWARD hook).", p.Dst)
		}
		t.add(Step{Kind: StepRoute, Packet: p, Why: why})
		v, p = t.hook("FORWARD", "filter", p)
	}
	switch v {
	case "REJECT":
		t.out = Outcome{Kind: "rejected", Comment: t.lastComment}
		t.add(Step{Kind: StepReject, Packet: p, Why: "REJECT answers the SYN with an ICMP port unreachable (--reject-with icmp-port-unreachable); the client's connect() fails at once with “connection refused”."})
		return t.result()
	case "DROP":
		t.out = Outcome{Kind: "dropped"}
		t.add(Step{Kind: StepReject, Packet: p, Why: "The packet is dropped; the client hears nothing and retries until it times out."})
		return t.result()
	}
	if local {
		t.out = Outcome{Kind: "delivered", Endpoint: fmt.Sprintf("%s:%d", p.Dst, p.DstPort)}
		t.add(Step{Kind: StepDeliver, Packet: p, Why: fmt.Sprintf("The packet is delivered to the node itself at %s:%d.", p.Dst, p.DstPort)})
		return t.result()
	}
	_, p = t.hook("POSTROUTING", "nat", p)
	ep := fmt.Sprintf("%s:%d", p.Dst, p.DstPort)
	pod := ""
	for _, e := range rs.Endpoints {
		if e.String() == ep {
			pod = e.Pod
		}
	}
	t.out = Outcome{Kind: "delivered", Endpoint: ep, Pod: pod}
	t.add(Step{Kind: StepDeliver, Packet: p, Why: fmt.Sprintf("The SYN arrives at pod %s on %s, from %s:%d.", pod, ep, p.Src, p.SrcPort)})
	reply := fmt.Sprintf("The pod answers %s:%d. Conntrack remembers the connection and rewrites the reply back: its source becomes %s:%d again", p.Src, p.SrcPort, orig.Dst, orig.DstPort)
	if p.Src != orig.Src {
		reply += fmt.Sprintf(" and its destination %s:%d", orig.Src, orig.SrcPort)
	}
	reply += ". The nat table is only consulted for a connection's first packet; every later packet, both ways, follows the conntrack entry."
	t.add(Step{Kind: StepReply, Packet: Packet{Src: orig.Dst, SrcPort: orig.DstPort, Dst: orig.Src, DstPort: orig.SrcPort}, Why: reply})
	return t.result()
}

type tracer struct {
	rs          *Ruleset
	rnd         Rand
	steps       []Step
	out         Outcome
	draws       int
	mark        uint32
	dnat        bool // the packet was DNATed (conntrack's virtual DNAT state)
	lastComment string
}

func (t *tracer) draw() uint32 {
	t.draws++
	return t.rnd.Uint32()
}

func (t *tracer) add(s Step) {
	s.Mark = t.mark
	t.steps = append(t.steps, s)
}

func (t *tracer) result() Trace {
	return Trace{Steps: t.steps, Outcome: t.out, Draws: t.draws}
}

// hook runs a table's built-in chain and returns the verdict: ACCEPT,
// DROP or REJECT.
func (t *tracer) hook(hook, table string, p Packet) (string, Packet) {
	verdict, p := t.chain(hook, table, hook, p, 0)
	if verdict == "" {
		verdict = "ACCEPT"
		t.add(Step{Kind: StepPolicy, Hook: hook, Table: table, Chain: hook, Packet: p,
			Why: fmt.Sprintf("End of the %s table's %s chain: its policy ACCEPT lets the packet go on.", table, hook)})
	}
	return verdict, p
}

// chain evaluates a chain's rules in order. It returns a verdict ("" when
// the chain ran out, or RETURN).
func (t *tracer) chain(hook, table, chain string, p Packet, depth int) (string, Packet) {
	tbl := t.rs.Table(table)
	for i, r := range tbl.ChainRules(chain) {
		s := Step{Kind: StepRule, Hook: hook, Table: table, Chain: chain, RuleID: RuleID(table, chain, i+1), Rule: r.SaveLine()}
		ok, why := t.matches(r, p)
		s.Matched = ok
		if !ok {
			s.Why = why
			s.Packet = p
			t.add(s)
			continue
		}
		tgt := r.p.target
		switch {
		case tbl.HasChain(tgt) && indexOf(tbl.Builtin, tgt) == len(tbl.Builtin):
			s.Why = why + " → jump to " + tgt + "."
			s.Packet = p
			t.add(s)
			v, np := t.chain(hook, table, tgt, p, depth+1)
			p = np
			if v != "" {
				return v, p
			}
			continue
		case tgt == "RETURN":
			s.Why = why + " → RETURN: back to the chain that jumped here."
			s.Packet = p
			t.add(s)
			return "", p
		case tgt == "MARK":
			old := t.mark
			for _, o := range r.p.targetOpts {
				v, _ := markValueMask(o.value)
				switch o.name {
				case "--or-mark":
					t.mark |= v
				case "--xor-mark":
					t.mark ^= v
				}
			}
			p.Mark = t.mark
			s.Why = fmt.Sprintf("%s → MARK: the packet's mark goes from %#x to %#x, and the chain goes on.", why, old, t.mark)
			s.Packet = p
			t.add(s)
			continue
		case tgt == "DNAT":
			to := r.p.targetOpts[0].value
			host, port, _ := strings.Cut(to, ":")
			p.Dst = mustAddr(host)
			p.DstPort, _ = strconv.Atoi(port)
			t.dnat = true
			s.Why = fmt.Sprintf("%s → DNAT: the destination becomes %s. Conntrack records the translation; the nat table is done with this packet.", why, to)
			s.Packet = p
			t.add(s)
			return "ACCEPT", p
		case tgt == "MASQUERADE":
			old := fmt.Sprintf("%s:%d", p.Src, p.SrcPort)
			p.Src = t.rs.bridgeAddr()
			p.SrcPort = 1024 + int(t.draw()%64512)
			s.Why = fmt.Sprintf("%s → MASQUERADE: the source %s becomes %s:%d, the node's address on the interface towards the pod (cni0); --random-fully picks the port at random.", why, old, p.Src, p.SrcPort)
			s.Packet = p
			t.add(s)
			return "ACCEPT", p
		case tgt == "ACCEPT":
			s.Why = why + " → ACCEPT: the filter table lets the packet through."
			s.Packet = p
			t.add(s)
			return "ACCEPT", p
		case tgt == "DROP", tgt == "REJECT":
			t.lastComment = r.Comment()
			s.Why = why + " → " + tgt + "."
			s.Packet = p
			t.add(s)
			return tgt, p
		default:
			panic("target not modelled: " + tgt)
		}
	}
	if depth > 0 {
		t.add(Step{Kind: StepReturn, Hook: hook, Table: table, Chain: chain, Packet: p,
			Why: fmt.Sprintf("End of %s: no rule took the packet, so it returns to the chain that jumped here.", chain)})
	}
	return "", p
}

// matches checks a rule's conditions in the kernel's order (the IP header
// first, then each match) and says why it matched, or which condition
// failed.
func (t *tracer) matches(r Rule, p Packet) (bool, string) {
	var yes []string
	addr := func(what string, a addrMatch, ip netip.Addr) (bool, string) {
		in := a.prefix.Contains(ip)
		switch {
		case !a.invert && in:
			return true, fmt.Sprintf("the %s is %s", what, prefixWords(a.prefix))
		case !a.invert:
			return false, fmt.Sprintf("No match: the %s %s is not %s.", what, ip, prefixWords(a.prefix))
		case !in:
			return true, fmt.Sprintf("the %s %s is outside %s", what, ip, a.prefix)
		default:
			return false, fmt.Sprintf("No match: the rule is for %ss outside %s, and %s is inside it.", what, a.prefix, ip)
		}
	}
	if r.p.src.set {
		ok, why := addr("source", r.p.src, p.Src)
		if !ok {
			return false, why
		}
		yes = append(yes, why)
	}
	if r.p.dst.set {
		ok, why := addr("destination", r.p.dst, p.Dst)
		if !ok {
			return false, why
		}
		yes = append(yes, why)
	}
	for _, m := range r.p.matches {
		for _, o := range m.opts {
			switch {
			case m.name == "comment", m.name == "nfacct":
			case o.name == "--dport":
				want, _ := strconv.Atoi(o.value)
				if p.DstPort != want {
					return false, fmt.Sprintf("No match: the destination port is %d, not %d.", p.DstPort, want)
				}
				yes = append(yes, fmt.Sprintf("port %d", want))
			case m.name == "addrtype":
				ip, what := p.Dst, "destination"
				if o.name == "--src-type" {
					ip, what = p.Src, "source"
				}
				if !t.rs.localAddr(ip) {
					return false, fmt.Sprintf("No match: the %s %s is not an address of this node (addrtype LOCAL).", what, ip)
				}
				yes = append(yes, fmt.Sprintf("%s %s is an address of this node", what, ip))
			case m.name == "mark":
				v, mask := markValueMask(o.value)
				has := t.mark&mask == v
				if has == o.invert {
					if o.invert {
						return false, fmt.Sprintf("No match: the rule is for packets without mark %#x, and this one has it.", v)
					}
					return false, fmt.Sprintf("No match: the packet's mark is %#x, it does not have %#x.", t.mark, v)
				}
				if o.invert {
					yes = append(yes, fmt.Sprintf("the packet does not have mark %#x", v))
				} else {
					yes = append(yes, fmt.Sprintf("the packet has mark %#x", v))
				}
			case m.name == "conntrack" && o.name == "--ctstate":
				states := strings.Split(o.value, ",")
				in := false
				for _, s := range states {
					if s == "NEW" || s == "DNAT" && t.dnat {
						in = true
					}
				}
				if in == o.invert {
					if o.invert {
						return false, fmt.Sprintf("No match: the connection is in state %s.", ctState(t.dnat))
					}
					return false, fmt.Sprintf("No match: the connection is NEW (a first packet), not %s.", o.value)
				}
				yes = append(yes, "the connection is NEW")
			case m.name == "statistic" && o.name == "--probability":
				pf, _ := strconv.ParseFloat(o.value, 64)
				stored := KernelProbability(pf)
				r := t.draw() & 0x7FFFFFFF
				drew := fmt.Sprintf("%.11f", float64(r)/0x80000000)
				if r >= stored {
					return false, fmt.Sprintf("No match: the kernel drew %s, not below %s.", drew, SavedProbability(stored))
				}
				yes = append(yes, fmt.Sprintf("the kernel drew %s, below %s", drew, SavedProbability(stored)))
			}
		}
	}
	if len(yes) == 0 {
		return true, "Match: the rule has no condition"
	}
	return true, "Match: " + strings.Join(yes, "; ")
}

func ctState(dnat bool) string {
	if dnat {
		return "NEW with DNAT"
	}
	return "NEW"
}

func prefixWords(p netip.Prefix) string {
	if p.Bits() == p.Addr().BitLen() {
		return p.Addr().String()
	}
	return "in " + p.String()
}
