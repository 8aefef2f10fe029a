// Package hpa simulates the HorizontalPodAutoscaler controller of
// Kubernetes v1.37 for one autoscaling/v2 HPA with one CPU Utilization
// metric, one sync at a time. It follows
// kubernetes/pkg/controller/podautoscaler/horizontal.go (reconcileAutoscaler,
// normalizeDesiredReplicasWithBehaviors, stabilizeRecommendationWithBehaviors,
// convertDesiredReplicasWithBehaviorRate, calculateScale{Up,Down}Limit…,
// storeScaleEvent) and replica_calculator.go (GetResourceReplicas, the
// Tolerances), with the API defaults of pkg/apis/autoscaling/v2/defaults.go.
//
// Simplifications, said on the page: every pod is Running and Ready and has
// a metric at every sync (pods added by a sync are ready by the next one,
// 15 s later), and the load is spread evenly over the pods.
package hpa

import (
	"fmt"
	"math"
)

// SyncPeriodSeconds is --horizontal-pod-autoscaler-sync-period (15s).
const SyncPeriodSeconds = 15

// DownscaleStabilizationSeconds is --horizontal-pod-autoscaler-downscale-stabilization
// (5m), which fills behavior.scaleDown.stabilizationWindowSeconds when the
// API default leaves it nil (horizontal.go maybeInitScaleDownStabilizationWindow).
const DownscaleStabilizationSeconds = 300

// Tolerance is --horizontal-pod-autoscaler-tolerance (0.1), used for both
// directions (replica_calculator.go Tolerances.isWithin).
const Tolerance = 0.1

// NoResourceMetrics is the error of metrics/client.go GetResourceMetric
// when the resource metrics API returns no PodMetrics for the selector.
const NoResourceMetrics = "no metrics returned from resource metrics API"

// MetricName is the name computeStatusForResourceMetric gives a resource
// Utilization metric: "%s resource utilization (percentage of request)".
const MetricName = "cpu resource utilization (percentage of request)"

// Policy is an HPAScalingPolicy.
type Policy struct {
	Type          string // "Pods" or "Percent"
	Value         int32
	PeriodSeconds int32
}

// Rules is an HPAScalingRules.
type Rules struct {
	StabilizationWindowSeconds int32
	SelectPolicy               string // "Max", "Min" or "Disabled"
	Policies                   []Policy
}

// DefaultScaleUp is the autoscaling/v2 default behavior.scaleUp
// (pkg/apis/autoscaling/v2/defaults.go GenerateHPAScaleUpRules).
func DefaultScaleUp() Rules {
	return Rules{StabilizationWindowSeconds: 0, SelectPolicy: "Max", Policies: []Policy{
		{Type: "Pods", Value: 4, PeriodSeconds: 15},
		{Type: "Percent", Value: 100, PeriodSeconds: 15},
	}}
}

// DefaultScaleDown is the autoscaling/v2 default behavior.scaleDown
// (GenerateHPAScaleDownRules) with a 300 s window (the demo's HPA sets it;
// left nil, the controller fills in the same 300 s).
func DefaultScaleDown() Rules {
	return Rules{StabilizationWindowSeconds: DownscaleStabilizationSeconds, SelectPolicy: "Max", Policies: []Policy{
		{Type: "Percent", Value: 100, PeriodSeconds: 15},
	}}
}

// Config is the HPA, its Deployment and the load. The HPA has a
// spec.behavior (so the API server fills in its defaults and the controller
// takes normalizeDesiredReplicasWithBehaviors); an HPA without one takes
// the older normalizeDesiredReplicas path, which this engine does not model.
type Config struct {
	Name              string // HPA and Deployment name
	MinReplicas       int32
	MaxReplicas       int32
	TargetUtilization int32 // spec.metrics[0].resource.target.averageUtilization
	RequestMilli      int64 // each pod's resources.requests.cpu in millicores
	InitialReplicas   int32 // the Deployment's spec.replicas when the HPA is created
	ScaleUp           Rules
	ScaleDown         Rules
}

// Validate rejects a Config the simulation cannot run.
func (c Config) Validate() error {
	switch {
	case c.MinReplicas < 1 || c.MaxReplicas < c.MinReplicas:
		return fmt.Errorf("hpa: need 1 <= minReplicas <= maxReplicas, got %d and %d", c.MinReplicas, c.MaxReplicas)
	case c.TargetUtilization < 1:
		return fmt.Errorf("hpa: target utilization must be at least 1, got %d", c.TargetUtilization)
	case c.RequestMilli < 1 || c.InitialReplicas < 1:
		return fmt.Errorf("hpa: request and initial replicas must be positive")
	}
	return nil
}

// Condition is an HorizontalPodAutoscalerCondition.
type Condition struct {
	Type, Status, Reason, Message string
}

// Event is an event the controller records on the HPA.
type Event struct {
	T       int // seconds since the HPA was created
	Type    string
	Reason  string
	Message string
}

type timestamped struct {
	value int32
	t     int
}

type scaleEvent struct {
	change   int32
	t        int
	outdated bool
}

// Sync is what one reconcileAutoscaler did.
type Sync struct {
	T               int
	LoadMilli       int64
	CurrentReplicas int32
	Utilization     int32 // current averageUtilization, percent of request
	UsageRatio      float64
	Ready, Unready  int32   // pods with a metric, Pending pods (0 when every pod is ready)
	UnreadyRatio    float64 // the ratio with the unready pods at 0%, when recomputed
	NoMetrics       bool    // no pod was ready: no metric, no change
	WithinTolerance bool
	Bounded         string  // "" or the reason the replicas were outside min/max
	Proposed        int32   // from the metric (replica_calculator.go)
	Stabilized      int32   // after the stabilization windows
	Desired         int32   // after the scaling policies and min/max
	Window          []int32 // recommendations inside the scale-down window
	WindowMax       int32   // the highest of Window and Proposed
	Limit           string  // ScalingLimited reason, "" when not computed
	LimitMessage    string
	Rescaled        bool
	Reason          string // rescaleReason
}

// Sim is the controller's memory for one HPA plus the cluster it scales.
type Sim struct {
	cfg        Config
	T          int
	Replicas   int32 // the Deployment's spec.replicas (all ready)
	Synced     bool
	Status     Status
	Conditions []Condition
	Events     []Event
	recs       []timestamped
	ups, downs []scaleEvent
	Last       *Sync
}

// Status is the HPA's status.
type Status struct {
	CurrentReplicas, DesiredReplicas int32
	CurrentUtilization               *int32
	LastScaleTime                    int // -1: never
}

// New creates the HPA at t=0, before its first sync.
func New(cfg Config) (*Sim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Sim{cfg: cfg, Replicas: cfg.InitialReplicas, Status: Status{LastScaleTime: -1}}, nil
}

// Config returns the configuration.
func (s *Sim) Config() Config { return s.cfg }

// Clone returns a deep copy.
func (s *Sim) Clone() *Sim {
	c := *s
	c.Conditions = append([]Condition(nil), s.Conditions...)
	c.Events = append([]Event(nil), s.Events...)
	c.recs = append([]timestamped(nil), s.recs...)
	c.ups = append([]scaleEvent(nil), s.ups...)
	c.downs = append([]scaleEvent(nil), s.downs...)
	if s.Status.CurrentUtilization != nil {
		u := *s.Status.CurrentUtilization
		c.Status.CurrentUtilization = &u
	}
	if s.Last != nil {
		l := *s.Last
		l.Window = append([]int32(nil), s.Last.Window...)
		c.Last = &l
	}
	return &c
}

// setCondition is horizontal.go setConditionInList: replace in place, or
// append a new type at the end.
func (s *Sim) setCondition(typ, status, reason, msg string) {
	for i := range s.Conditions {
		if s.Conditions[i].Type == typ {
			s.Conditions[i] = Condition{typ, status, reason, msg}
			return
		}
	}
	s.Conditions = append(s.Conditions, Condition{typ, status, reason, msg})
}

// Utilization is metrics.GetResourceUtilizationRatio: the ratio of sums,
// with the percentage truncated to an integer before dividing by the target.
func Utilization(loadMilli, requestMilli int64, pods, target int32) (int32, float64) {
	u := int32(loadMilli * 100 / (requestMilli * int64(pods)))
	return u, float64(u) / float64(target)
}

// Sync runs the next reconcileAutoscaler with loadMilli millicores of CPU
// used across the pods, every pod Running and Ready, at NextSync.
func (s *Sim) Sync(loadMilli int64) Sync {
	return s.SyncPodsAt(s.NextSync(), loadMilli, s.Replicas, 0)
}

// NextSync is the second of the next reconcileAutoscaler. The first one
// runs when the HPA is created (t=0), the next ones every sync period:
// since kubernetes/kubernetes PR #138294 (v1.37) horizontal.go enqueueHPA
// adds a new HPA with queue.Add, so it is reconciled at once, and
// processNextWorkItem requeues it with AddRateLimited, which the
// FixedItemIntervalRateLimiter of NewDefaultHPARateLimiter delays by
// --horizontal-pod-autoscaler-sync-period (15 s).
func (s *Sim) NextSync() int {
	if !s.Synced {
		return 0
	}
	return s.T + SyncPeriodSeconds
}

// SyncPodsAt runs one reconcileAutoscaler at second now (not before the
// previous sync; Sync and engine/clusterautoscaler pass NextSync) when only
// ready of the Deployment's pods are Running and Ready and unready more are
// Pending (not yet scheduled, or on a node not yet Ready): the load is
// spread over the ready pods, and the Pending ones have no metric.
// replica_calculator.go groupPods puts a Pending pod in unreadyPods;
// GetResourceReplicas then computes the ratio over the ready pods only and,
// when that ratio asks for a scale-up, counts every unready pod as using 0%
// of its request (so a scale-up is not repeated for pods that merely have
// not started yet).
func (s *Sim) SyncPodsAt(now int, loadMilli int64, ready, unready int32) Sync {
	s.T = max(now, s.T)
	s.Synced = true
	now = s.T
	cfg := s.cfg
	sy := Sync{T: now, LoadMilli: loadMilli}
	s.setCondition("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale")
	current := s.Replicas
	sy.CurrentReplicas = current
	// recordInitialRecommendation
	if s.recs == nil {
		s.recs = []timestamped{{current, now}}
	}
	var desired int32
	var metricOK bool
	switch {
	case current > cfg.MaxReplicas:
		sy.Bounded = "Current number of replicas above Spec.MaxReplicas"
		sy.Reason, desired = sy.Bounded, cfg.MaxReplicas
	case current < cfg.MinReplicas:
		sy.Bounded = "Current number of replicas below Spec.MinReplicas"
		sy.Reason, desired = sy.Bounded, cfg.MinReplicas
	default:
		if ready < 1 {
			// No pod is Running: metrics-server has no PodMetrics for any
			// of them, so metrics/client.go GetResourceMetric fails with
			// "no metrics returned from resource metrics API", which
			// replica_calculator.go GetResourceReplicas wraps as "unable
			// to get metrics for resource cpu: %w" and
			// computeStatusForResourceMetricGeneric as "failed to get cpu
			// utilization: %w". computeStatusForResourceMetric records it
			// as a FailedGetResourceMetric event with ScalingActive False
			// (getUnableComputeReplicaCountCondition);
			// computeReplicasForMetric wraps it again ("failed to get cpu
			// resource metric value: %w") and computeReplicasForMetrics
			// ("invalid metrics (1 invalid out of 1), first error is:
			// %w"), which reconcileAutoscaler records as
			// FailedComputeMetricsReplicas before it returns: no scaling,
			// status.currentMetrics holds an empty entry (TARGETS
			// <unknown>) and status.desiredReplicas keeps its value
			// (setCurrentReplicasAndMetricsInStatus). Read in
			// pkg/controller/podautoscaler/{horizontal.go,
			// replica_calculator.go,metrics/client.go} of
			// github.com/omerap12/kubernetes a769d5884497 (a fork of
			// master after v1.36, with PR #138294); the same two event
			// texts are in kubectl output of a v1.37 cluster.
			sy.NoMetrics = true
			sy.Reason = ""
			desired = current
			err := "failed to get cpu utilization: unable to get metrics for resource cpu: " + NoResourceMetrics
			s.setCondition("ScalingActive", "False", "FailedGetResourceMetric", "the HPA was unable to compute the replica count: "+err)
			s.Events = append(s.Events, Event{T: now, Type: "Warning", Reason: "FailedGetResourceMetric", Message: err},
				Event{T: now, Type: "Warning", Reason: "FailedComputeMetricsReplicas", Message: "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: " + err})
			s.Status.CurrentReplicas, s.Status.CurrentUtilization = current, nil
			sy.Desired = current
			s.Last = &sy
			return sy
		}
		metricOK = true
		sy.Ready, sy.Unready = ready, unready
		// replica_calculator.go GetResourceReplicas.
		u, ratio := Utilization(loadMilli, cfg.RequestMilli, ready, cfg.TargetUtilization)
		sy.Utilization, sy.UsageRatio = u, ratio
		if unready > 0 && ratio > 1.0 {
			// scaleUpWithUnready: the unready pods get a metric of 0.
			_, nr := Utilization(loadMilli, cfg.RequestMilli, ready+unready, cfg.TargetUtilization)
			sy.UnreadyRatio = nr
			switch {
			case (1.0-Tolerance) <= nr && nr <= (1.0+Tolerance):
				sy.WithinTolerance = true
				sy.Proposed = current
			case nr < 1.0: // the direction flipped: no change
				sy.Proposed = current
			default:
				sy.Proposed = max(int32(math.Ceil(nr*float64(ready+unready))), current)
			}
		} else if (1.0-Tolerance) <= ratio && ratio <= (1.0+Tolerance) {
			sy.WithinTolerance = true
			sy.Proposed = current
		} else {
			sy.Proposed = int32(math.Ceil(ratio * float64(ready)))
		}
		s.setCondition("ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count from "+MetricName)
		desired = sy.Proposed
		if desired > current {
			sy.Reason = MetricName + " above target"
		}
		if desired < current {
			sy.Reason = "All metrics below target"
		}
		desired = s.normalize(&sy, current, desired)
	}
	sy.Desired = desired
	if metricOK {
		u := sy.Utilization
		s.Status.CurrentUtilization = &u
	} else {
		// Outside min/max the controller reads no metric: setStatus
		// writes status.currentMetrics empty, and TARGETS shows <unknown>.
		s.Status.CurrentUtilization = nil
	}
	if desired != current {
		sy.Rescaled = true
		s.setCondition("AbleToScale", "True", "SucceededRescale", fmt.Sprintf("the HPA controller was able to update the target scale to %d", desired))
		s.Events = append(s.Events, Event{T: now, Type: "Normal", Reason: "SuccessfulRescale", Message: fmt.Sprintf("New size: %d; reason: %s", desired, sy.Reason)})
		s.storeScaleEvent(now, current, desired)
		s.Replicas = desired
		s.Status.LastScaleTime = now
	} else {
		desired = current
	}
	// setStatus: currentReplicas is the count this sync started from.
	s.Status.CurrentReplicas, s.Status.DesiredReplicas = current, desired
	s.Last = &sy
	return sy
}

// normalize is normalizeDesiredReplicasWithBehaviors.
func (s *Sim) normalize(sy *Sync, current, proposed int32) int32 {
	stab, reason, msg := s.stabilize(sy, current, proposed)
	sy.Stabilized = stab
	if stab != proposed {
		s.setCondition("AbleToScale", "True", reason, msg)
	} else {
		s.setCondition("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size")
	}
	desired, reason, msg := s.rate(current, stab)
	sy.Limit, sy.LimitMessage = reason, msg
	if desired == stab {
		s.setCondition("ScalingLimited", "False", reason, msg)
	} else {
		s.setCondition("ScalingLimited", "True", reason, msg)
	}
	return desired
}

// stabilize is stabilizeRecommendationWithBehaviors.
func (s *Sim) stabilize(sy *Sync, current, desired int32) (int32, string, string) {
	now := s.T
	up, down := desired, desired
	upCutoff := now - int(s.cfg.ScaleUp.StabilizationWindowSeconds)
	downCutoff := now - int(s.cfg.ScaleDown.StabilizationWindowSeconds)
	found, oldIdx := false, 0
	for i, r := range s.recs {
		if r.t > upCutoff {
			up = min(r.value, up)
		}
		if r.t > downCutoff {
			down = max(r.value, down)
			sy.Window = append(sy.Window, r.value)
		}
		if r.t < upCutoff && r.t < downCutoff {
			found, oldIdx = true, i
		}
	}
	sy.WindowMax = down
	rec := current
	if rec < up {
		rec = up
	}
	if rec > down {
		rec = down
	}
	if found {
		s.recs[oldIdx] = timestamped{desired, now}
	} else {
		s.recs = append(s.recs, timestamped{desired, now})
	}
	if desired >= current {
		return rec, "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation"
	}
	return rec, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"
}

// changeInPeriod is getReplicasChangePerPeriod.
func changeInPeriod(now int, period int32, evs []scaleEvent) int32 {
	cutoff := now - int(period)
	var n int32
	for _, e := range evs {
		if e.t > cutoff {
			n += e.change
		}
	}
	return n
}

// ScaleUpLimit is calculateScaleUpLimitWithScalingRules.
func (s *Sim) ScaleUpLimit(current int32) int32 {
	r := s.cfg.ScaleUp
	if r.SelectPolicy == "Disabled" {
		return current
	}
	var result int32 = math.MinInt32
	pick := func(a, b int32) int32 { return max(a, b) }
	if r.SelectPolicy == "Min" {
		result = math.MaxInt32
		pick = func(a, b int32) int32 { return min(a, b) }
	}
	for _, p := range r.Policies {
		start := current - changeInPeriod(s.T, p.PeriodSeconds, s.ups) + changeInPeriod(s.T, p.PeriodSeconds, s.downs)
		var proposed int32
		if p.Type == "Pods" {
			proposed = start + p.Value
		} else {
			proposed = int32(math.Ceil(float64(start) * (1 + float64(p.Value)/100)))
		}
		result = pick(result, proposed)
	}
	return result
}

// ScaleDownLimit is calculateScaleDownLimitWithBehaviors.
func (s *Sim) ScaleDownLimit(current int32) int32 {
	r := s.cfg.ScaleDown
	if r.SelectPolicy == "Disabled" {
		return current
	}
	var result int32 = math.MaxInt32
	pick := func(a, b int32) int32 { return min(a, b) }
	if r.SelectPolicy == "Min" {
		result = math.MinInt32
		pick = func(a, b int32) int32 { return max(a, b) }
	}
	for _, p := range r.Policies {
		start := current - changeInPeriod(s.T, p.PeriodSeconds, s.ups) + changeInPeriod(s.T, p.PeriodSeconds, s.downs)
		var proposed int32
		if p.Type == "Pods" {
			proposed = start - p.Value
		} else {
			proposed = int32(float64(start) * (1 - float64(p.Value)/100))
		}
		result = pick(result, proposed)
	}
	return result
}

// rate is convertDesiredReplicasWithBehaviorRate.
func (s *Sim) rate(current, desired int32) (int32, string, string) {
	if desired > current {
		limit := s.ScaleUpLimit(current)
		if limit < current {
			limit = current
		}
		maxAllowed := s.cfg.MaxReplicas
		reason, msg := "TooManyReplicas", "the desired replica count is more than the maximum replica count"
		if maxAllowed > limit {
			maxAllowed = limit
			reason, msg = "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"
		}
		if desired > maxAllowed {
			return maxAllowed, reason, msg
		}
	} else if desired < current {
		limit := s.ScaleDownLimit(current)
		if limit > current {
			limit = current
		}
		minAllowed := s.cfg.MinReplicas
		reason, msg := "TooFewReplicas", "the desired replica count is less than the minimum replica count"
		if minAllowed < limit {
			minAllowed = limit
			reason, msg = "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"
		}
		if desired < minAllowed {
			return minAllowed, reason, msg
		}
	}
	return desired, "DesiredWithinRange", "the desired count is within the acceptable range"
}

func longestPeriod(r Rules) int32 {
	var p int32
	for _, x := range r.Policies {
		p = max(p, x.PeriodSeconds)
	}
	return p
}

// storeScaleEvent keeps the scale events the policies count, reusing an
// outdated slot (horizontal.go storeScaleEvent, markScaleEventsOutdated).
func (s *Sim) storeScaleEvent(now int, prev, next int32) {
	store := func(evs []scaleEvent, period int32, change int32) []scaleEvent {
		cutoff := now - int(period)
		found, idx := false, 0
		for i := range evs {
			if evs[i].t < cutoff {
				evs[i].outdated = true
			}
			if evs[i].outdated {
				found, idx = true, i
			}
		}
		e := scaleEvent{change, now, false}
		if found {
			evs[idx] = e
			return evs
		}
		return append(evs, e)
	}
	if next > prev {
		s.ups = store(s.ups, longestPeriod(s.cfg.ScaleUp), next-prev)
	} else {
		s.downs = store(s.downs, longestPeriod(s.cfg.ScaleDown), prev-next)
	}
}

// Recommendations returns the recommendation history the stabilization
// window reads, as (seconds since creation, replicas).
func (s *Sim) Recommendations() [][2]int {
	out := make([][2]int, len(s.recs))
	for i, r := range s.recs {
		out[i] = [2]int{r.t, int(r.value)}
	}
	return out
}
