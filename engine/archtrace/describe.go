package archtrace

import (
	"fmt"
	"strings"
)

// DescribeEtcd is the etcd cluster as text.
func DescribeEtcd(e EtcdState) string {
	var b strings.Builder
	leader := string(e.Leader)
	if leader == "" {
		leader = "none"
	}
	fmt.Fprintf(&b, "etcd: leader %s, revision %d, quorum %d of %d\n", leader, e.Revision, Quorum(len(e.Members)), len(e.Members))
	for _, m := range e.Members {
		up := "up"
		if !m.Up {
			up = "down"
		}
		fmt.Fprintf(&b, "  %s  %-4s  %-8s  term %d  last index %d  commit %d\n", m.Name, up, m.Role, m.Term, m.LastIndex, m.Commit)
	}
	for _, k := range e.Keys {
		fmt.Fprintf(&b, "  %s  create_revision %d  mod_revision %d  version %d\n", k.Key, k.CreateRevision, k.ModRevision, k.Version)
	}
	return b.String()
}

// DescribeStep is one step as text: the message, then the cluster.
func DescribeStep(i int, s Step) string {
	var b strings.Builder
	fmt.Fprintf(&b, "step %d at %s: %s [%s] %s\n", i, ms(s.At), s.Arrow(), s.Kind, s.Title)
	if s.Stage != "" {
		fmt.Fprintf(&b, "API server stage: %s\n", s.Stage)
	}
	if s.Failed {
		b.WriteString("(an error, or not delivered)\n")
	}
	for _, l := range s.Lines {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	fmt.Fprintf(&b, "upstream: %s\n", s.Source)
	return b.String()
}

// DescribeState is the cluster after a step as text.
func DescribeState(st State, at int) string {
	var b strings.Builder
	b.WriteString(DescribeEtcd(st.Etcd))
	for _, o := range st.Objects {
		fmt.Fprintf(&b, "%s %s (%s)\n", o.Kind, o.Name, o.Summary)
	}
	b.WriteString("pods as stored:\n")
	if len(st.Pods) == 0 {
		b.WriteString("  none\n")
	}
	for _, p := range st.Pods {
		node := p.Node
		if node == "" {
			node = "<none>"
		}
		ip := p.IP
		if ip == "" {
			ip = "<none>"
		}
		fmt.Fprintf(&b, "  %s  node %s  phase %s  ip %s  ready %t\n", p.Name, node, p.Phase, ip, p.Ready)
	}
	for _, n := range st.Nodes {
		if n.Ready != "True" {
			fmt.Fprintf(&b, "node %s: Ready %s, taints %s\n", n.Name, n.Ready, strings.Join(n.Taints, ", "))
		}
	}
	return b.String()
}

// CheckInvariants reports what a step's state breaks of what etcd and the
// cluster always keep: no member's commit index is past its log, a leader's
// commit index is what a quorum of match indexes gives, a bound pod's
// node exists, a Running pod is bound and has an IP.
func CheckInvariants(prev, cur State) []string {
	var bad []string
	e := cur.Etcd
	for i, m := range e.Members {
		if m.Commit > m.LastIndex {
			bad = append(bad, fmt.Sprintf("%s commit %d past its last index %d", m.Name, m.Commit, m.LastIndex))
		}
		if i < len(prev.Etcd.Members) && m.Commit < prev.Etcd.Members[i].Commit {
			bad = append(bad, fmt.Sprintf("%s commit went back", m.Name))
		}
	}
	if e.Revision < prev.Etcd.Revision {
		bad = append(bad, "the etcd revision went back")
	}
	if e.Leader != "" {
		var match []uint64
		var leader Member
		for _, m := range e.Members {
			match = append(match, m.LastIndex)
			if m.Name == e.Leader {
				leader = m
			}
		}
		if leader.Commit > CommittedIndex(match) {
			bad = append(bad, fmt.Sprintf("leader commit %d is more than a quorum has (%d)", leader.Commit, CommittedIndex(match)))
		}
	} else if e.Revision != prev.Etcd.Revision {
		bad = append(bad, "a write committed with no leader")
	}
	seen := map[string]bool{}
	for _, k := range e.Keys {
		if seen[k.Key] {
			bad = append(bad, "key twice: "+k.Key)
		}
		seen[k.Key] = true
		if k.ModRevision > e.Revision || k.CreateRevision > k.ModRevision {
			bad = append(bad, "bad revisions on "+k.Key)
		}
	}
	for _, p := range cur.Pods {
		if p.Phase == "Running" && (p.Node == "" || p.IP == "") {
			bad = append(bad, p.Name+" Running without a node or an IP")
		}
		if !seen["/registry/pods/default/"+p.Name] {
			bad = append(bad, p.Name+" is not in etcd")
		}
	}
	return bad
}
