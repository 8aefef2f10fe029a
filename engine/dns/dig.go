package dns

import (
	"fmt"
	"strconv"
	"strings"
)

// dig's columns (BIND 9.18 lib/dns/masterdump.c, the style dig uses): the
// TTL starts at column 24, the class at 32, the type at 40, the data at 48,
// with tabs 8 wide; a field that is already past its column gets one space.
const (
	ttlColumn   = 24
	classColumn = 32
	typeColumn  = 40
	dataColumn  = 48
	tabWidth    = 8
)

// indent is masterdump.c's indent(): tabs (or, short of a tab stop,
// spaces) from column *cur to column to, and at least one character.
func indent(b *strings.Builder, cur *int, to int) {
	from := *cur
	if to < from+1 {
		to = from + 1
	}
	ntabs := to/tabWidth - from/tabWidth
	nspaces := to - from
	if ntabs > 0 {
		nspaces = to % tabWidth
	} else {
		ntabs = 0
	}
	b.WriteString(strings.Repeat("\t", ntabs))
	b.WriteString(strings.Repeat(" ", nspaces))
	*cur = to
}

// rrLine is one record as dig prints it:
// "web.shop.svc.cluster.local. 30\tIN\tA\t10.96.112.40".
func rrLine(rr RR) string {
	var b strings.Builder
	col := 0
	field := func(s string) { b.WriteString(s); col += len(s) }
	field(rr.Name)
	indent(&b, &col, ttlColumn)
	field(strconv.FormatUint(uint64(rr.TTL), 10))
	indent(&b, &col, classColumn)
	field("IN")
	indent(&b, &col, typeColumn)
	field(rr.Type)
	indent(&b, &col, dataColumn)
	field(rr.Data)
	return b.String()
}

// questionLine is the question as dig prints it: ";" then the name, the
// class at column 32 and the type at 40, counted without the ";".
func questionLine(name, qtype string) string {
	var b strings.Builder
	b.WriteString(";")
	col := 0
	b.WriteString(name)
	col += len(name)
	indent(&b, &col, classColumn)
	b.WriteString("IN")
	col += 2
	indent(&b, &col, typeColumn)
	b.WriteString(qtype)
	return b.String()
}

// Dig is the answer as `dig +noedns @<server> <name> <type>` prints it: a
// query without EDNS, like glibc's (plain dig would send EDNS and print an
// OPT PSEUDOSECTION), from the header to the SERVER line:
// dig's banner, the mDNS warning it adds for .local names, and the timing
// and size lines are left out.
func Dig(r Response, server string) string {
	var b strings.Builder
	fmt.Fprintf(&b, ";; ->>HEADER<<- opcode: QUERY, status: %s, id: %d\n", r.Rcode, r.ID)
	flags := []string{"qr"}
	if r.AA {
		flags = append(flags, "aa")
	}
	flags = append(flags, "rd") // glibc sets RD; the reply copies it
	if r.RA {
		flags = append(flags, "ra")
	}
	fmt.Fprintf(&b, ";; flags: %s; QUERY: 1, ANSWER: %d, AUTHORITY: %d, ADDITIONAL: %d\n", strings.Join(flags, " "), len(r.Answer), len(r.Authority), len(r.Additional))
	if !r.RA {
		b.WriteString(";; WARNING: recursion requested but not available\n")
	}
	b.WriteString("\n;; QUESTION SECTION:\n")
	b.WriteString(questionLine(r.Name, r.Type) + "\n\n")
	for _, sec := range []struct {
		title string
		rrs   []RR
	}{{"ANSWER", r.Answer}, {"AUTHORITY", r.Authority}, {"ADDITIONAL", r.Additional}} {
		if len(sec.rrs) == 0 {
			continue
		}
		fmt.Fprintf(&b, ";; %s SECTION:\n", sec.title)
		for _, rr := range sec.rrs {
			b.WriteString(rrLine(rr) + "\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, ";; SERVER: %s#53(%s) (UDP)\n", server, server)
	return b.String()
}

// Nslookup is what BIND 9.18's nslookup prints once the lookup is over:
// the server, then each address of the name that answered (A), each SRV
// record as "service = priority weight port target" (SRV), or why none.
// typed is the name as the learner typed it.
func Nslookup(o Outcome, typed, qtype, server string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Server:\t\t%s\nAddress:\t%s#53\n\n", server, server)
	if !o.Found {
		if o.Last.NoData() {
			fmt.Fprintf(&b, "*** Can't find %s: No answer\n", strings.TrimSpace(typed))
		} else {
			fmt.Fprintf(&b, "** server can't find %s: %s\n", strings.TrimSpace(typed), o.Last.Rcode)
		}
		b.WriteString("\n")
		return b.String()
	}
	if !o.Last.AA {
		b.WriteString("Non-authoritative answer:\n")
	}
	for _, rr := range o.Records {
		switch rr.Type {
		case TypeA:
			fmt.Fprintf(&b, "Name:\t%s\nAddress: %s\n", strings.TrimSuffix(rr.Name, "."), rr.Data)
		case TypeSRV:
			fmt.Fprintf(&b, "%s\tservice = %s\n", strings.TrimSuffix(rr.Name, "."), rr.Data)
		}
	}
	b.WriteString("\n")
	return b.String()
}
