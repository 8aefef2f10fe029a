package kubelet

// The kubelet's two back-offs are client-go's flowcontrol.Backoff
// (staging/src/k8s.io/client-go/util/flowcontrol/backoff.go), built without
// jitter by flowcontrol.NewBackOff, in seconds here.
//
// Crash-loop back-off, pkg/kubelet/kubelet.go: newCrashLoopBackOff starts
// from initialCrashLoopBackOff (10 s) and caps at MaxCrashLoopBackOff
// (v1beta1.MaxContainerBackOff, 300 s). In v1.37 two gates can change that:
// ReduceDefaultCrashLoopBackOffDecay (KEP-4603; alpha, off by default: 1 s
// doubling to 60 s) and KubeletCrashLoopBackOffMax (beta, on by default: the
// cap is the kubelet config's crashLoopBackOff.maxContainerRestartPeriod,
// default 300 s, and the first delay drops to it if it is lower). We model
// the defaults: 10 s doubling to 300 s. kubelet.go also sets HasExpiredFunc
// so that an entry resets when the container ran more than 600 s since the
// back-off last moved on.
//
// Image pull back-off: imageBackOffPeriod 10 s doubling to MaxImageBackOff
// 300 s, with flowcontrol's own reset after 2 × 300 s.
const (
	InitialCrashLoopBackOff = 10
	MaxCrashLoopBackOff     = 300
	CrashLoopBackOffReset   = 600
	InitialImageBackOff     = 10
	MaxImageBackOff         = 300
)

type backoffEntry struct {
	backoff    int // the current delay
	lastUpdate int // when Next last moved it
}

type backoff struct {
	initial, max int
	reset        int // an entry expires when eventTime − lastUpdate > reset
	items        map[string]*backoffEntry
}

func newCrashLoopBackOff() *backoff {
	return &backoff{initial: InitialCrashLoopBackOff, max: MaxCrashLoopBackOff, reset: CrashLoopBackOffReset, items: map[string]*backoffEntry{}}
}

func newImageBackOff() *backoff {
	return &backoff{initial: InitialImageBackOff, max: MaxImageBackOff, reset: 2 * MaxImageBackOff, items: map[string]*backoffEntry{}}
}

func (b *backoff) hasExpired(eventTime, lastUpdate int) bool { return eventTime-lastUpdate > b.reset }

// next moves the back-off of id to its next mark (Backoff.Next): the initial
// delay for a new or expired entry, else double, capped at max.
func (b *backoff) next(id string, eventTime, now int) {
	e, ok := b.items[id]
	if !ok || b.hasExpired(eventTime, e.lastUpdate) {
		e = &backoffEntry{backoff: b.initial}
		b.items[id] = e
	} else {
		e.backoff = min(e.backoff*2, b.max)
	}
	e.lastUpdate = now
}

// inBackOffSince is Backoff.IsInBackOffSince: less than the delay has passed
// since eventTime (for a container, when it last exited).
func (b *backoff) inBackOffSince(id string, eventTime, now int) bool {
	e, ok := b.items[id]
	if !ok || b.hasExpired(eventTime, e.lastUpdate) {
		return false
	}
	return now-eventTime < e.backoff
}

// inBackOffSinceUpdate is Backoff.IsInBackOffSinceUpdate: less than the
// delay has passed since the entry last moved (for an image, the failed pull).
func (b *backoff) inBackOffSinceUpdate(id string, eventTime int) bool {
	e, ok := b.items[id]
	if !ok || b.hasExpired(eventTime, e.lastUpdate) {
		return false
	}
	return eventTime-e.lastUpdate < e.backoff
}

// get is Backoff.Get: the current delay, 0 without an entry.
func (b *backoff) get(id string) int {
	if e, ok := b.items[id]; ok {
		return e.backoff
	}
	return 0
}
