// Package preemption is the priority-preemption demo: PriorityClasses and
// the Priority admission plugin, the scheduler's preemption with graceful
// termination second by second, and `kubectl drain` against a
// PodDisruptionBudget. The mechanics are engine/disruption's (with
// engine/scheduler's scheduling cycle); this package maps URLs to settings,
// settings to a timeline, and a step of the timeline to a view.
package preemption
