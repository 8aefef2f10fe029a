package kubeproxy

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Rule is one iptables rule: its table and chain and the arguments after
// "-A CHAIN" exactly as kube-proxy writes them.
type Rule struct {
	Table string // "nat" or "filter"
	Chain string
	Args  []string
	// Ensured is true for the jumps from the built-in chains (PREROUTING
	// -> KUBE-SERVICES ...), which kube-proxy adds one by one with
	// "iptables -I" (EnsureRule Prepend) instead of iptables-restore.
	Ensured bool
	// Owner is who writes the rule: "kube-proxy", or "kubelet" for the
	// kubelet's own copy of the KUBE-FIREWALL jumps.
	Owner string

	p    parsed
	save string // SaveLine, made once: a trace and every frame's rules print it
}

// parsed is a rule read the way iptables reads it.
type parsed struct {
	src, dst   addrMatch
	proto      string
	matches    []match
	target     string
	targetOpts []opt
}

type addrMatch struct {
	set    bool
	invert bool
	prefix netip.Prefix
}

type match struct {
	name string
	opts []opt
}

type opt struct {
	name   string // "--dport"
	value  string // "80" (quotes removed)
	invert bool
	quoted bool // written with quotes by kube-proxy
}

func newRule(table, chain string, args ...string) Rule {
	r := Rule{Table: table, Chain: chain, Args: args, Owner: "kube-proxy"}
	r.p = parse(args)
	r.save = r.saveLine()
	return r
}

// parse reads iptables arguments: "!" inverts what follows, -s/-d/-p are the
// IP header matches, "-m name" starts a match that takes the "--options"
// after it, and "-j target" takes the rest.
func parse(args []string) parsed {
	var p parsed
	invert := false
	var cur *match
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "!":
			invert = true
			continue
		case a == "-s" || a == "-d":
			pre := mustPrefix(args[i+1])
			am := addrMatch{set: true, invert: invert, prefix: pre}
			if a == "-s" {
				p.src = am
			} else {
				p.dst = am
			}
			i++
		case a == "-p":
			p.proto = args[i+1]
			i++
		case a == "-m":
			p.matches = append(p.matches, match{name: args[i+1]})
			cur = &p.matches[len(p.matches)-1]
			i++
		case a == "-j":
			p.target = args[i+1]
			for j := i + 2; j < len(args); j++ {
				o := opt{name: args[j]}
				if j+1 < len(args) && !strings.HasPrefix(args[j+1], "--") {
					o.value, o.quoted = unquote(args[j+1])
					j++
				}
				p.targetOpts = append(p.targetOpts, o)
			}
			return p
		case strings.HasPrefix(a, "--"):
			o := opt{name: a, invert: invert}
			if i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				o.value, o.quoted = unquote(args[i+1])
				i++
			}
			if cur == nil {
				panic("option " + a + " outside a match")
			}
			cur.opts = append(cur.opts, o)
		default:
			panic("cannot read iptables argument " + a)
		}
		invert = false
	}
	return p
}

func unquote(s string) (string, bool) {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1], true
	}
	return s, false
}

func mustPrefix(s string) netip.Prefix {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			panic(err)
		}
		return p
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		panic(err)
	}
	return netip.PrefixFrom(a, a.BitLen())
}

// RestoreLine is the rule as kube-proxy writes it into iptables-restore's
// input: "-A KUBE-SVC-… -m comment --comment … -j KUBE-SEP-…".
func (r Rule) RestoreLine() string {
	return "-A " + r.Chain + " " + strings.Join(r.Args, " ")
}

// Target is the rule's -j target.
func (r Rule) Target() string { return r.p.target }

// Comment is the rule's comment without quotes, or "".
func (r Rule) Comment() string {
	for _, m := range r.p.matches {
		if m.name == "comment" {
			return m.opts[0].value
		}
	}
	return ""
}

// SaveLine is the rule as iptables-save prints it from the kernel: the IP
// header matches first (-s, -d with their mask, -p), then each match in
// order with its options as the extension's save function prints them, then
// the target with its options.
func (r Rule) SaveLine() string {
	if r.save != "" {
		return r.save
	}
	return r.saveLine()
}

func (r Rule) saveLine() string {
	var b strings.Builder
	b.WriteString("-A ")
	b.WriteString(r.Chain)
	addr := func(flag string, a addrMatch) {
		if !a.set {
			return
		}
		if a.invert {
			b.WriteString(" !")
		}
		b.WriteString(" " + flag + " " + a.prefix.String())
	}
	addr("-s", r.p.src)
	addr("-d", r.p.dst)
	if r.p.proto != "" {
		b.WriteString(" -p " + r.p.proto)
	}
	for _, m := range r.p.matches {
		b.WriteString(" -m " + m.name)
		for _, o := range m.opts {
			b.WriteString(saveMatchOpt(m.name, o))
		}
	}
	if r.p.target != "" {
		b.WriteString(" -j " + r.p.target)
		b.WriteString(saveTargetOpts(r.p.target, r.p.targetOpts))
	}
	return b.String()
}

func inv(o opt) string {
	if o.invert {
		return " !"
	}
	return ""
}

// saveMatchOpt prints one match option as iptables-save does.
func saveMatchOpt(m string, o opt) string {
	switch {
	case m == "comment":
		// libxt_comment.c comment_save: " --comment" + xtables_save_string.
		return " --comment" + saveString(o.value)
	case m == "statistic" && o.name == "--probability":
		p, err := strconv.ParseFloat(o.value, 64)
		if err != nil {
			panic(err)
		}
		return " --probability " + SavedProbability(KernelProbability(p))
	case m == "mark" && o.name == "--mark":
		// libxt_mark.c mark_mt_save: "[!] --mark 0x%x/0x%x" (mask omitted
		// when it is 0xffffffff).
		v, mask := markValueMask(o.value)
		if mask == 0xffffffff {
			return inv(o) + fmt.Sprintf(" --mark 0x%x", v)
		}
		return inv(o) + fmt.Sprintf(" --mark 0x%x/0x%x", v, mask)
	case m == "nfacct":
		// libxt_nfacct.c: printf(" --nfacct-name ") then
		// xtables_save_string, which adds its own space: two spaces.
		return " --nfacct-name " + saveString(o.value)
	}
	s := inv(o) + " " + o.name
	if o.value != "" {
		s += " " + o.value
	}
	return s
}

// saveTargetOpts prints a target's options as iptables-save does.
func saveTargetOpts(target string, opts []opt) string {
	switch target {
	case "MARK":
		// libxt_MARK.c mark_tg_save: every MARK rule is saved as
		// --set-xmark value/mask. --or-mark V is value V, mask V;
		// --xor-mark V is value V, mask 0.
		for _, o := range opts {
			v, _ := markValueMask(o.value)
			switch o.name {
			case "--or-mark":
				return fmt.Sprintf(" --set-xmark 0x%x/0x%x", v, v)
			case "--xor-mark":
				return fmt.Sprintf(" --set-xmark 0x%x/0x0", v)
			}
		}
	case "REJECT":
		// libipt_REJECT.c: the default reply is printed.
		if len(opts) == 0 {
			return " --reject-with icmp-port-unreachable"
		}
	}
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(" " + o.name)
		if o.value != "" {
			b.WriteString(" " + o.value)
		}
	}
	return b.String()
}

// markValueMask reads "0x00004000/0x00004000" or "0x00004000".
func markValueMask(s string) (v, mask uint32) {
	vs, ms, ok := strings.Cut(s, "/")
	v = parseHex(vs)
	mask = 0xffffffff
	if ok {
		mask = parseHex(ms)
	}
	return v, mask
}

func parseHex(s string) uint32 {
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 32)
	if err != nil {
		panic(err)
	}
	return uint32(n)
}

// saveString is iptables' xtables_save_string: a leading space, and double
// quotes unless the value is only letters, digits, '_' and '-'.
func saveString(v string) string {
	plain := v != ""
	for _, c := range v {
		if !(c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return " " + v
	}
	return ` "` + saveQuoter.Replace(v) + `"`
}

var saveQuoter = strings.NewReplacer(`"`, `\"`, `\`, `\\`, `'`, `\'`)
