package web

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Reasons a client's message or connection is refused, the label values of
// kubeviz_rejected_messages_total.
const (
	rejectRate        = "rate_limited"      // over ActionsPerSecond: dropped, with a notice
	rejectFlood       = "flood_closed"      // over MaxDroppedActions: the session was closed
	rejectBinary      = "not_text"          // a binary message
	rejectMalformed   = "malformed"         // not one JSON action
	rejectTooBig      = "too_big"           // over MaxMessageBytes: the session was closed
	rejectTooMany     = "too_many_sessions" // over MaxSessions: the upgrade was refused
	rejectBadPage     = "bad_page"          // a ?page= that does not show this demo
	rejectUnknownDemo = "unknown_demo"
)

// metrics are the server's Prometheus metrics, in a registry of its own
// (tests make many servers in one process).
type metrics struct {
	reg      *prometheus.Registry
	actions  *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	rejected *prometheus.CounterVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		actions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeviz_actions_total",
			Help: "Actions taken in WebSocket sessions, by demo.",
		}, []string{"demo"}),
		// From an action read off the socket to its frame written: the
		// engine's step, the render and the write: 0.3 to 4 ms on an idle
		// core, depending on the demo (docs/performance.md).
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kubeviz_action_duration_seconds",
			Help:    "Time from an action read to its frame written, by demo.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}, []string{"demo"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeviz_rejected_messages_total",
			Help: "Client messages and connections refused, by reason.",
		}, []string{"reason"}),
	}
	m.reg.MustRegister(m.actions, m.latency, m.rejected,
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "kubeviz_link_cache_total",
			Help:        "No-JavaScript links found in the process's link cache (hit) or computed (miss).",
			ConstLabels: prometheus.Labels{"result": "hit"},
		}, func() float64 { return float64(linkCacheHits.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "kubeviz_link_cache_total",
			Help:        "No-JavaScript links found in the process's link cache (hit) or computed (miss).",
			ConstLabels: prometheus.Labels{"result": "miss"},
		}, func() float64 { return float64(linkCacheMisses.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "kubeviz_frame_cache_total",
			Help:        "Session frames found in the server's frame cache (hit) or rendered (miss).",
			ConstLabels: prometheus.Labels{"result": "hit"},
		}, func() float64 { return float64(s.frames.hits.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "kubeviz_frame_cache_total",
			Help:        "Session frames found in the server's frame cache (hit) or rendered (miss).",
			ConstLabels: prometheus.Labels{"result": "miss"},
		}, func() float64 { return float64(s.frames.misses.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kubeviz_frame_cache_bytes",
			Help: "Bytes held by the frame cache (bounded by MaxFrameCacheBytes).",
		}, func() float64 { return float64(s.frames.bytesUsed()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "kubeviz_sessions_parked_total",
			Help: "Idle sessions that let their engine state go, keeping only its query.",
		}, func() float64 { return float64(s.parks.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "kubeviz_memory_returns_total",
			Help: "Times the server returned freed memory to the system after sessions parked.",
		}, func() float64 { return float64(s.memoryReturns.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kubeviz_sessions",
			Help: "Open WebSocket sessions.",
		}, func() float64 { return float64(s.nsessions.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kubeviz_rooms",
			Help: "Open classroom rooms.",
		}, func() float64 {
			s.roomsMu.Lock()
			defer s.roomsMu.Unlock()
			return float64(len(s.rooms))
		}),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	for _, r := range []string{rejectRate, rejectFlood, rejectBinary, rejectMalformed, rejectTooBig, rejectTooMany, rejectBadPage, rejectUnknownDemo} {
		m.rejected.WithLabelValues(r) // show every reason, at 0, from the start
	}
	for _, d := range s.order {
		m.actions.WithLabelValues(d.Name)
	}
	return m
}

// The link cache is the process's (hrefcache.go), and so are its counts.
var linkCacheHits, linkCacheMisses atomic.Int64

func (m *metrics) handler() http.Handler {
	// The server's gzip wrapper compresses; promhttp need not.
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{DisableCompression: true})
}

func (m *metrics) action(demo string, d time.Duration) {
	m.actions.WithLabelValues(demo).Inc()
	m.latency.WithLabelValues(demo).Observe(d.Seconds())
}

func (m *metrics) reject(reason string) {
	m.rejected.WithLabelValues(reason).Inc()
}
