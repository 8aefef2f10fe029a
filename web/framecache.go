package web

import (
	"strconv"
	"strings"
	"sync"

	"github.com/kubeviz/kubeviz/web/templates"
)

// MaxFrameCacheBytes bounds the rendered frames kept for reuse.
const MaxFrameCacheBytes = 32 << 20

// frameCache keeps rendered frames by everything that goes into one: the
// demo, its state's query, the page's link, the problems and notice shown,
// and play and speed (every argument of live). Engines are deterministic and
// the URL is the state, so a frame rendered once for a state is the frame of
// that state for every session: a lecture hall stepping through the same
// demo renders each step once. Only seq differs, and it is the frame's last
// field, so the cache keeps the encoded frame up to `"seq":`.
//
// docs/performance.md has the numbers: an action that hits costs the
// engine's Apply and Query and a copy; a miss costs View, the render and
// three Opens for the no-JavaScript links.
type frameCache struct {
	mu     sync.Mutex
	m      map[string][]byte
	size   int
	max    int
	hits   func() // metrics
	misses func()
}

func newFrameCache(max int, m *metrics) *frameCache {
	c := &frameCache{m: map[string][]byte{}, max: max, hits: func() {}, misses: func() {}}
	if m != nil {
		h, mi := m.frameCache.WithLabelValues("hit"), m.frameCache.WithLabelValues("miss")
		c.hits, c.misses = h.Inc, mi.Inc
	}
	return c
}

// frameKey is the cache key of a frame: every input of live, in order.
func frameKey(demo, query string, link templates.Link, problems []string, notice string, playing bool, speed string) string {
	var b strings.Builder
	for _, s := range []string{demo, query, link.Path, link.Prefix, link.Keep.Encode(), link.Anchor, notice, speed, strconv.FormatBool(playing)} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	for _, p := range problems {
		b.WriteString(p)
		b.WriteByte(1)
	}
	return b.String()
}

func (c *frameCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	head, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		c.hits()
	} else {
		c.misses()
	}
	return head, ok
}

// put keeps head (which the cache now owns and never changes). Over the
// budget it forgets entries at random (map order) until the new one fits.
func (c *frameCache) put(key string, head []byte) {
	n := len(key) + len(head)
	if n > c.max/16 {
		return // a frame this large (an edited YAML near its limit) is not shared
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[key]; ok {
		c.size -= len(key) + len(old)
	}
	for k, v := range c.m {
		if c.size+n <= c.max {
			break
		}
		delete(c.m, k)
		c.size -= len(k) + len(v)
	}
	c.m[key] = head
	c.size += n
}
