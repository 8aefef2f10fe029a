package archtrace

import (
	"fmt"
	"slices"
)

// Member is one etcd member as Raft sees it.
type Member struct {
	Name      Component
	Up        bool
	Role      string // "leader" or "follower"
	Term      uint64
	LastIndex uint64 // the last entry in its log
	Commit    uint64 // the highest entry it knows is committed
}

// KeyRev is one key in etcd's keyspace with its revisions.
type KeyRev struct {
	Key                         string
	CreateRevision, ModRevision int64
	Version                     int64
}

// EtcdState is the etcd cluster: three members and the keyspace.
type EtcdState struct {
	Members  []Member
	Leader   Component // "" when there is none
	Revision int64     // the store's current revision (the resourceVersion clients see)
	Keys     []KeyRev
}

// The etcd cluster before the command. The numbers are this demo's: a real
// cluster's index and revision depend on its history.
func initialEtcd(quorumLost bool) EtcdState {
	e := EtcdState{Leader: Etcd1, Revision: 1000}
	for _, n := range []Component{Etcd1, Etcd2, Etcd3} {
		e.Members = append(e.Members, Member{Name: n, Up: true, Role: "follower", Term: 2, LastIndex: 1200, Commit: 1200})
	}
	e.Members[0].Role = "leader"
	if quorumLost {
		// etcd-io/raft raft.go stepLeader, MsgCheckQuorum: a leader that
		// has not heard from a quorum within an election timeout steps
		// down ("%x stepped down to follower since quorum is not active"),
		// and a lone member cannot win an election: no leader at all.
		e.Members[1].Up, e.Members[2].Up = false, false
		e.Members[0].Role = "follower"
		e.Members[0].Term = 3 // it campaigned once, and lost for want of votes
		e.Leader = ""
	}
	return e
}

func (e *EtcdState) clone() EtcdState {
	c := *e
	c.Members = slices.Clone(e.Members)
	c.Keys = slices.Clone(e.Keys)
	return c
}

// Quorum is the size of a majority of n voters: n/2+1
// (etcd-io/raft quorum/majority.go). Three members need two.
func Quorum(n int) int { return n/2 + 1 }

// CommittedIndex is etcd-io/raft quorum/majority.go
// MajorityConfig.CommittedIndex: sort the voters' match indexes and take the
// one a majority has reached. With matches 1201, 1201, 1200 (the leader,
// the follower that answered, the one that has not yet) the sorted list is
// [1200 1201 1201]; n=3, the position n-(n/2+1) = 1 holds 1201: committed.
func CommittedIndex(match []uint64) uint64 {
	srt := slices.Clone(match)
	slices.Sort(srt)
	return srt[len(srt)-Quorum(len(srt))]
}

func (e *EtcdState) member(n Component) *Member {
	for i := range e.Members {
		if e.Members[i].Name == n {
			return &e.Members[i]
		}
	}
	return nil
}

// put stores a key at the next revision (mvcc: every write in a
// transaction shares one new revision) and returns that revision.
func (e *EtcdState) put(key string) int64 {
	e.Revision++
	for i := range e.Keys {
		if e.Keys[i].Key == key {
			e.Keys[i].ModRevision = e.Revision
			e.Keys[i].Version++
			return e.Revision
		}
	}
	e.Keys = append(e.Keys, KeyRev{Key: key, CreateRevision: e.Revision, ModRevision: e.Revision, Version: 1})
	return e.Revision
}

// raftRound is the Raft round of one proposal with every member up: the
// leader appends the entry, MsgApp carries it to both followers, and the
// first MsgAppResp makes two of three: committed. It returns the new index
// and the arithmetic as lines.
func (e *EtcdState) raftRound() (uint64, []string) {
	l := e.member(Etcd1)
	prev := l.LastIndex
	idx := prev + 1
	l.LastIndex = idx
	f2, f3 := e.member(Etcd2), e.member(Etcd3)
	f2.LastIndex, f3.LastIndex = idx, idx
	commit := CommittedIndex([]uint64{l.LastIndex, f2.LastIndex, prev})
	l.Commit, f2.Commit, f3.Commit = commit, commit, commit
	return idx, []string{
		fmt.Sprintf("raft: etcd-1 (leader, term %d) appends entry %d", l.Term, idx),
		fmt.Sprintf("raft: MsgApp{Term:%d Index:%d LogTerm:%d Entries:[%d] Commit:%d} → etcd-2, etcd-3", l.Term, prev, l.Term, idx, prev),
		fmt.Sprintf("raft: MsgAppResp{Index:%d} from etcd-2: match [etcd-1 %d, etcd-2 %d, etcd-3 %d] → committed %d (quorum %d of 3)", idx, idx, idx, prev, commit, Quorum(3)),
	}
}
