package reconcile

import (
	"fmt"
	"strconv"
	"strings"
)

// Action is one thing the learner does: delete the n-th pod of kubectl get
// pods, crash its container, or set spec.replicas. Arg is as typed.
type Action struct {
	Kind string // "delete", "crash", "replicas"
	Arg  string
}

func (a Action) String() string { return a.Kind + ":" + a.Arg }

// ParseActions reads "delete:1,replicas:5,crash:2". A part that is not
// kind:arg is returned as an error sentence and skipped.
func ParseActions(s string) ([]Action, []string) {
	var out []Action
	var errs []string
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || (k != "delete" && k != "crash" && k != "replicas") {
			errs = append(errs, fmt.Sprintf("%q is not an action: write delete:N, crash:N or replicas:N.", part))
			continue
		}
		out = append(out, Action{Kind: k, Arg: v})
	}
	return out, errs
}

// FormatActions is ParseActions' inverse.
func FormatActions(as []Action) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, a.String())
	}
	return strings.Join(parts, ",")
}

// Actors.
const (
	ActorYou        = "you"
	ActorController = "replicaset-controller"
	ActorKubelet    = "kubelet"
	ActorProcess    = "the container"
)

// Frame is one step of the story: who acted and the cluster after.
type Frame struct {
	At      Time
	Actor   string
	Command string // what you typed, or ""
	Said    string // what it printed
	Did     []string
	Sync    *Sync
	Err     string // the action could not be done
	Actions int    // how many of the learner's actions the story has applied
	Sim     *Sim
}

// ScaleError is what kubectl scale says to a --replicas it cannot use
// (pflag's invalid-argument error; ScaleOptions.Validate), or the demo's
// limit; "" when n is fine.
func ScaleError(arg string) (int, string) {
	n, err := strconv.ParseInt(arg, 0, 64)
	if err != nil {
		return 0, fmt.Sprintf("error: invalid argument %q for \"--replicas\" flag: %v", arg, err)
	}
	if n < 0 {
		return 0, "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"
	}
	if n > MaxReplicas {
		return 0, fmt.Sprintf("%d is a valid replica count, but this demo draws at most %d pods.", n, MaxReplicas)
	}
	return int(n), ""
}

// Run plays the story: the ReplicaSet at rest, then each action followed
// by the controller's syncs and the kubelet's work until the desired state
// holds again.
func Run(seed uint64, replicas int, actions []Action) []Frame {
	s := New(seed, replicas)
	frames := []Frame{{At: s.Now, Actor: "", Did: []string{fmt.Sprintf("ReplicaSet web wants spec.replicas %d, and %d pods run: desired state and actual state agree.", replicas, replicas)}, Sim: s.Clone()}}
	add := func(f Frame) {
		f.At, f.Sim = s.Now, s.Clone()
		frames = append(frames, f)
	}
	for i, a := range actions {
		s.Tick(10)
		f := Frame{Actor: ActorYou, Actions: i + 1}
		ok := true
		switch a.Kind {
		case "replicas":
			f.Command = "kubectl scale replicaset web --replicas=" + a.Arg
			n, e := ScaleError(a.Arg)
			if e != "" {
				f.Err, f.Said, ok = e, e, false
				break
			}
			f.Said = "replicaset.apps/web scaled"
			f.Did = []string{fmt.Sprintf("spec.replicas changes from %d to %d. That is all kubectl does: it writes the desired state.", s.Replicas, n)}
			s.Scale(n)
		case "delete", "crash":
			pods := s.SortedPods()
			k, err := strconv.Atoi(a.Arg)
			if err != nil || k < 1 || k > len(pods) {
				f.Err = fmt.Sprintf("There is no pod %s: kubectl get pods lists %d, numbered from 1.", a.Arg, len(pods))
				if a.Kind == "delete" {
					f.Command = "kubectl delete pod …"
				}
				f.Said, ok = f.Err, false
				break
			}
			p := pods[k-1]
			if a.Kind == "delete" {
				f.Command = "kubectl delete pod " + p.Name
				if p.Terminating() {
					f.Said = deleted(p.Name)
					f.Did = []string{p.Name + " is already Terminating."}
					break
				}
				s.Delete(p.Name)
				f.Said = deleted(p.Name)
				f.Did = []string{fmt.Sprintf("%s gets a deletionTimestamp: it is Terminating while its kubelet stops it. Nobody told the ReplicaSet anything.", p.Name)}
				break
			}
			f.Actor = ActorProcess
			if err := s.Crash(p.Name); err != nil {
				f.Err, ok = err.Error(), false
				f.Did = []string{f.Err}
				break
			}
			f.Did = []string{fmt.Sprintf("The nginx process in %s crashes (exit code 1). The pod is not Ready, but it still exists.", p.Name)}
		}
		if f.Err != "" && f.Did == nil {
			f.Did = []string{"Nothing changes: the request never reached the API server."}
		}
		add(f)
		if !ok {
			continue
		}
		sy := s.Sync()
		add(Frame{Actor: ActorController, Sync: &sy, Actions: i + 1, Did: syncLines(sy)})
		lastIdle := sy.Diff == 0
		for guard := 0; guard < 50; guard++ {
			did, more := s.KubeletStep()
			if !more {
				break
			}
			add(Frame{Actor: ActorKubelet, Did: did, Actions: i + 1})
			lastIdle = false
			sy := s.Sync()
			if sy.Diff != 0 {
				add(Frame{Actor: ActorController, Sync: &sy, Actions: i + 1, Did: syncLines(sy)})
			}
		}
		if !lastIdle {
			sy := s.Sync()
			add(Frame{Actor: ActorController, Sync: &sy, Actions: i + 1, Did: syncLines(sy)})
		}
	}
	return frames
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// syncLines say what a sync did, in words.
func syncLines(sy Sync) []string {
	var out []string
	term := len(sy.Observed) - sy.Active
	obs := fmt.Sprintf("Observe: the informer's cache holds %s of web", plural(len(sy.Observed), "pod"))
	if term > 0 {
		obs += fmt.Sprintf(", %d Terminating, so %d active", term, sy.Active)
	}
	out = append(out, obs+fmt.Sprintf("; spec.replicas is %d.", sy.Replicas))
	out = append(out, fmt.Sprintf("Diff: len(filteredPods) - replicas = %d - %d = %d.", sy.Active, sy.Replicas, sy.Diff))
	switch {
	case sy.Diff < 0:
		var bs []string
		for _, b := range sy.Batches {
			bs = append(bs, strconv.Itoa(b))
		}
		out = append(out, fmt.Sprintf("Act: create %d (at most burstReplicas 500), in slow-start batches of %s: %s. Event SuccessfulCreate for each.", sy.Capped, strings.Join(bs, ", "), strings.Join(sy.Created, ", ")))
	case sy.Diff > 0:
		out = append(out, fmt.Sprintf("Act: delete %d, the first of getPodsToDelete's ranking: %s. Event SuccessfulDelete for each.", sy.Capped, strings.Join(sy.Deleted, ", ")))
	default:
		out = append(out, "Act: nothing. Desired and actual state agree.")
	}
	if sy.Diff != 0 {
		// replica_set.go syncReplicaSet: calculateStatus(rs, filteredPods, …)
		// counts the pods listed before manageReplicas acted.
		out = append(out, fmt.Sprintf("Status: it writes status.replicas %d and readyReplicas %d, counted before it acted; kubectl get replicaset shows the change after its next sync.", sy.Status.Replicas, sy.Status.ReadyReplicas))
	}
	return out
}

// deleted is what kubectl delete pod prints: the namespace follows a
// namespaced object's name (staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go
// PrintObj: if info.Namespaced(), operation = "%s from %s namespace").
func deleted(pod string) string {
	return fmt.Sprintf("pod %q deleted from %s namespace", pod, "default")
}
