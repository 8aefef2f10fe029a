// Package web is kubeviz's live layer: one route table, page and embed
// handlers that render a demo's state from its URL, and the WebSocket
// sessions that own a demo's state and answer each action with the HTML
// fragment the same templ components render.
//
// A session is a goroutine per connection; it alone touches its demo State
// (the engine's shell in etcd-io/raft's sense). Because a demo's state is its
// URL, a dropped connection or a restarted server loses nothing: the client
// reconnects with the URL it has and the session is rebuilt exactly.
package web
