package web

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"time"
)

// Memory of idle sessions (docs/performance.md, "Idle sessions"): a
// connection's buffers are sized for what a session reads and writes, and
// memory freed by parking is given back to the system soon after.
const (
	// ConnReadBuffer and ConnWriteBuffer size a WebSocket connection's
	// bufio buffers (net/http's are 4 KiB each). Actions are JSON of a few
	// dozen bytes; frames (15-50 KB) are larger than either buffer, and
	// bufio writes those straight to the socket.
	ConnReadBuffer  = 512
	ConnWriteBuffer = 1024
	// FreeMemoryDelay is how long after a session parks the server returns
	// freed memory to the system (debug.FreeOSMemory): once for a batch of
	// sessions parking together, at most once per delay. Without it Go's
	// background scavenger returns it slowly, and the resident size of a
	// lecture hall stays at its peak (122 KiB a session, measured).
	FreeMemoryDelay = 10 * time.Second
)

// smallBuffers gives websocket.Accept a hijacked connection with buffers of
// ConnReadBuffer and ConnWriteBuffer bytes instead of net/http's.
type smallBuffers struct{ http.ResponseWriter }

func (w smallBuffers) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if brw.Writer.Buffered() > 0 {
		if err := brw.Writer.Flush(); err != nil {
			c.Close()
			return nil, nil, err
		}
	}
	br := bufio.NewReaderSize(c, ConnReadBuffer)
	if n := brw.Reader.Buffered(); n > 0 {
		// Bytes the client sent after its request: they go first, in the
		// new buffer (websocket.Accept reads what is buffered there, then
		// the connection).
		b, _ := brw.Reader.Peek(n)
		br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(bytes.Clone(b)), c), max(ConnReadBuffer, n))
		if _, err := br.Peek(n); err != nil {
			c.Close()
			return nil, nil, err
		}
	}
	return c, bufio.NewReadWriter(br, bufio.NewWriterSize(c, ConnWriteBuffer)), nil
}

// parked is told by a session that has parked. The first park of a batch
// schedules one FreeOSMemory FreeMemoryDelay later.
func (s *Server) parked() {
	s.parks.Add(1)
	if s.freeScheduled.CompareAndSwap(false, true) {
		time.AfterFunc(FreeMemoryDelay, func() {
			s.freeScheduled.Store(false)
			debug.FreeOSMemory()
			s.memoryReturns.Add(1)
		})
	}
}
