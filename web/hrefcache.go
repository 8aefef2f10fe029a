package web

import (
	"net/url"
	"sync"
)

// MaxLinkCacheEntries bounds the links kept by linkCache.
const MaxLinkCacheEntries = 50000

// linkCache keeps the query one action away from a state: what hrefAfter
// finds by opening the state's query and applying the action, three times a
// frame (Back, Step, Reset) for the no-JavaScript links. Engines are
// deterministic, so the answer for (demo, query, action) never changes, and
// a lecture hall stepping through one demo computes each link once
// (docs/performance.md: the links were 37% of an uncached frame).
//
// Keys use the demo's name: in one process a name means one Definition.
var links = &linkCache{m: map[linkKey]url.Values{}}

type linkKey struct{ demo, query, kind string }

type linkCache struct {
	mu sync.Mutex
	m  map[linkKey]url.Values // never modified once stored
}

// after returns the query after action kind from query, computing it with
// compute on a miss.
func (c *linkCache) after(demo, query, kind string, compute func() url.Values) url.Values {
	k := linkKey{demo, query, kind}
	c.mu.Lock()
	q, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		linkCacheHits.Add(1)
		return q
	}
	linkCacheMisses.Add(1)
	q = compute()
	c.mu.Lock()
	if len(c.m) >= MaxLinkCacheEntries {
		for k := range c.m { // forget about a tenth, at random (map order)
			delete(c.m, k)
			if len(c.m) < MaxLinkCacheEntries*9/10 {
				break
			}
		}
	}
	c.m[k] = q
	c.mu.Unlock()
	return q
}
