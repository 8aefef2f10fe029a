package kubelet

import "sort"

// Event reasons, pkg/kubelet/events/event.go.
const (
	ReasonCreated   = "Created"   // CreatedContainer
	ReasonStarted   = "Started"   // StartedContainer
	ReasonFailed    = "Failed"    // FailedToCreateContainer, FailedToPullImage
	ReasonKilling   = "Killing"   // KillingContainer
	ReasonBackOff   = "BackOff"   // BackOffStartContainer, BackOffPullImage
	ReasonPulling   = "Pulling"   // PullingImage
	ReasonPulled    = "Pulled"    // PulledImage
	ReasonUnhealthy = "Unhealthy" // ContainerUnhealthy
	// ReasonScheduled is the scheduler's (pkg/scheduler/schedule_one.go).
	ReasonScheduled = "Scheduled"
)

// Event is one event about the pod as the API server holds it, and as
// `kubectl describe pod` lists it.
type Event struct {
	Type, Reason, From, Message string
	// FieldPath is the container the event is about, "spec.containers{web}",
	// or "" for the pod.
	FieldPath   string
	First, Last int // when it was first and last seen by the API server
	Count       int
	seq         int
}

// The EventCorrelator of client-go's record package
// (staging/src/k8s.io/client-go/tools/record/events_cache.go), with its
// defaults, as the kubelet's recorder uses it:
//   - eventObserve: an event equal to an earlier one (same source, object,
//     fieldPath, type, reason and message; getEventKey) is not a new event:
//     its count goes up and its last timestamp moves.
//   - EventSourceObjectSpamFilter: per source and object (getSpamKey: not
//     the reason), a token bucket of defaultSpamBurst 25 that refills at
//     defaultSpamQPS 1/300 s. An event that finds no token is dropped; its
//     count still went up in the recorder's cache, so the next one that gets
//     through carries the higher count.
//
// The aggregation of 10 similar events with different messages into
// "(combined from similar events)" is left out: a pod here never has ten
// distinct messages of one reason within ten minutes.
const (
	spamBurst  = 25
	spamRefill = 300 // seconds per token
)

type observed struct{ count, first int }

type bucket struct {
	tokens float64
	last   int
}

type recorder struct {
	cache   map[string]*observed
	api     map[string]*Event
	buckets map[string]*bucket
	seq     int
}

func newRecorder() *recorder {
	return &recorder{cache: map[string]*observed{}, api: map[string]*Event{}, buckets: map[string]*bucket{}}
}

// record reports whether the event reached the API server.
func (r *recorder) record(now int, from, typ, reason, fieldPath, msg string) bool {
	key := from + "\x00" + fieldPath + "\x00" + typ + "\x00" + reason + "\x00" + msg
	o, ok := r.cache[key]
	if ok {
		o.count++
	} else {
		o = &observed{count: 1, first: now}
		r.cache[key] = o
	}
	b, ok := r.buckets[from]
	if !ok {
		b = &bucket{tokens: spamBurst, last: now}
		r.buckets[from] = b
	}
	b.tokens = min(float64(spamBurst), b.tokens+float64(now-b.last)/spamRefill)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	e, ok := r.api[key]
	if !ok {
		r.seq++
		e = &Event{Type: typ, Reason: reason, From: from, Message: msg, FieldPath: fieldPath, First: o.first, seq: r.seq}
		r.api[key] = e
	}
	e.Count, e.Last = o.count, now
	return true
}

// events is the pod's events as `kubectl describe` orders them: by last
// timestamp (kubectl pkg/util/event SortableEvents), then as created.
func (r *recorder) events() []Event {
	out := make([]Event, 0, len(r.api))
	for _, e := range r.api {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Last != out[j].Last {
			return out[i].Last < out[j].Last
		}
		return out[i].seq < out[j].seq
	})
	return out
}
