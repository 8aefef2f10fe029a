package web

import (
	"bytes"
	"fmt"
	"testing"
)

// The frame cache keeps what fits in its byte budget, forgets the least
// recently used first, and never keeps one frame larger than a sixteenth
// of it.
func TestFrameCacheIsBoundedByBytes(t *testing.T) {
	c := newFrameCache(16 << 10)
	frame := bytes.Repeat([]byte("x"), 700) // 700 + 160 + key bytes: about 870 each
	key := func(i int) frameKey { return frameKey{demo: "d", query: fmt.Sprintf("step=%d", i)} }
	for i := range 40 {
		c.put(key(i), frame)
		if i == 30 {
			c.get(key(15)) // used again: kept
		}
	}
	if n := c.bytesUsed(); n > 16<<10 {
		t.Fatalf("%d bytes kept, over the 16 KiB budget", n)
	}
	if _, ok := c.get(key(15)); !ok {
		t.Error("a frame used recently was evicted")
	}
	if _, ok := c.get(key(16)); ok {
		t.Error("a frame not used since before it was kept")
	}
	if _, ok := c.get(key(39)); !ok {
		t.Error("the newest frame was evicted")
	}
	c.put(frameKey{demo: "big"}, make([]byte, 2<<10))
	if _, ok := c.get(frameKey{demo: "big"}); ok {
		t.Error("a frame over a sixteenth of the budget was kept")
	}
	if c.hits.Load() == 0 || c.misses.Load() == 0 {
		t.Error("hits and misses are not counted")
	}
}
