package web

import (
	"container/list"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kubeviz/kubeviz/web/templates"
)

// MaxFrameCacheBytes bounds the rendered frames a server keeps.
const MaxFrameCacheBytes = 64 << 20

// frameCache keeps rendered frames, least recently used first out, bounded
// by bytes. A frame is a pure function of its key: engines are
// deterministic and everything a demo shows follows from its Query()
// (demos/all's contract test checks it, after invalid input too), so a
// lecture hall stepping through one demo renders each state once
// (docs/performance.md). What differs between sessions (seq) is appended.
type frameCache struct {
	mu           sync.Mutex
	max, size    int
	m            map[frameKey]*list.Element
	lru          list.List // of *frameEntry, most recent first
	hits, misses atomic.Int64
}

// frameKey is every input of a frame: the state (its demo and query), the
// links' shape, and what the session adds (problems, notice, play).
type frameKey struct {
	demo, query, link, problems, notice, speed string
	playing                                    bool
}

type frameEntry struct {
	key  frameKey
	head []byte // the frame's JSON up to its seq value: never modified
}

func newFrameCache(max int) *frameCache {
	return &frameCache{max: max, m: map[frameKey]*list.Element{}}
}

func linkShape(l templates.Link) string {
	return l.Path + "\x00" + l.Prefix + "\x00" + l.Anchor + "\x00" + l.Keep.Encode()
}

func (e *frameEntry) bytes() int {
	k := e.key
	return len(e.head) + len(k.demo) + len(k.query) + len(k.link) + len(k.problems) + len(k.notice) + len(k.speed) + 160
}

func (c *frameCache) get(k frameKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[k]; ok {
		c.lru.MoveToFront(el)
		c.hits.Add(1)
		return el.Value.(*frameEntry).head, true
	}
	c.misses.Add(1)
	return nil, false
}

func (c *frameCache) put(k frameKey, head []byte) {
	e := &frameEntry{key: k, head: head}
	n := e.bytes()
	if n > c.max/16 {
		return // one frame may not crowd out the rest
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return
	}
	c.m[k] = c.lru.PushFront(e)
	c.size += n
	for c.size > c.max {
		el := c.lru.Back()
		old := c.lru.Remove(el).(*frameEntry)
		delete(c.m, old.key)
		c.size -= old.bytes()
	}
}

func (c *frameCache) bytesUsed() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

func joinProblems(p []string) string { return strings.Join(p, "\x00") }
