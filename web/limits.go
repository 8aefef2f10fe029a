package web

import "time"

// Limits on everything a client can send or hold, named so that the code,
// the tests and the page (which is told MaxMessageBytes in a data attribute)
// agree on one number.
const (
	// MaxMessageBytes is the largest WebSocket message a client may send.
	// The largest legitimate one is a demo's edited YAML (64 KiB at most,
	// see demos/podspec.MaxYAMLBytes) wrapped in JSON.
	MaxMessageBytes = 128 << 10
	// MaxQueryBytes bounds a page's or socket's query string.
	MaxQueryBytes = 96 << 10
	// ActionsPerSecond and ActionBurst bound how fast one session may act:
	// a person holding down → produces about 30 a second.
	ActionsPerSecond = 40
	ActionBurst      = 80
	// MaxDroppedActions closes a session that keeps flooding after being
	// told to slow down.
	MaxDroppedActions = 400
	// MaxSessions bounds concurrent WebSocket sessions per server.
	MaxSessions = 20000
	// WriteTimeout bounds how long a frame may wait on a client that does
	// not read; past it the session is closed and the client, if alive,
	// reconnects and rebuilds its state from its URL.
	WriteTimeout = 5 * time.Second
	// PingInterval keeps idle connections alive through proxies.
	PingInterval = 30 * time.Second
	// MinPlayInterval bounds the play ticker (60 steps a second at most).
	MinPlayInterval = time.Second / 60
)
