package nodefailure

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	nlc "github.com/kubeviz/kubeviz/engine/nodelifecycle"
)

// frame is one step of the story and the cluster after it.
type frame struct {
	step nlc.Step
	sim  *nlc.Sim
}

// printed is the kubectl output of one step, which the view and the text
// both show: printed once per step shown (text/tabwriter is the largest
// cost of a frame), and only for the step shown, so that a step's first
// frame costs what it costs.
type printed struct {
	step                                                       int
	nodes, deployment, pods, describeNode, describePod, events string
}

// printed is the current step's kubectl output.
func (st *State) printed() *printed {
	if st.out == nil || st.out.step != st.step {
		s := st.cur().sim
		st.out = &printed{step: st.step, nodes: s.GetNodes(), deployment: s.GetDeployment(), pods: s.GetPodsWide(),
			describeNode: s.DescribeNode(st.cfg.Node), describePod: s.DescribePod(st.victim), events: s.KubectlEvents(eventsShown)}
	}
	return st.out
}

// State is the learner's settings (as typed) and the step shown; the
// frames are the story simulated from the settings.
type State struct {
	node              string
	failure           nlc.Failure
	returnAfter       string // as typed
	tolerationSeconds string // as typed; "" for none
	step              int

	returnErr, tolErr string
	cfg               nlc.Config
	frames            []frame
	victim            string // the pod that ran on the failed node
	out               *printed
}

const maxFrames = 200

func (st *State) build() {
	st.out = nil
	cfg := nlc.DefaultConfig()
	cfg.Node, cfg.Failure = st.node, st.failure
	cfg.ReturnAfter, st.returnErr = ParseReturnAfter(st.returnAfter)
	cfg.TolerationSeconds, st.tolErr = ParseTolerationSeconds(st.tolerationSeconds)
	st.cfg = cfg
	s, err := nlc.New(cfg)
	if err != nil {
		panic(err) // every field was validated above
	}
	st.victim = s.PodsOn(cfg.Node)[0].Name
	st.frames = []frame{{step: nlc.Step{Kind: "start", Did: []string{
		fmt.Sprintf("The cluster is healthy: Deployment web runs %d pods, one on each node, and every kubelet renews its Lease every %d s.", nlc.Replicas, nlc.LeaseRenewInterval)}}, sim: s.Clone()}}
	st.frames = append(st.frames, frame{step: s.Heartbeats(10), sim: s.Clone()})
	for len(st.frames) < maxFrames {
		step, ok := s.Next()
		if !ok {
			break
		}
		st.frames = append(st.frames, frame{step: step, sim: s.Clone()})
	}
	if st.step >= len(st.frames) {
		st.step = len(st.frames) - 1
	}
}

func (st *State) cur() frame { return st.frames[st.step] }

// Apply implements demos.State.
func (st *State) Apply(a demos.Action) error {
	last := len(st.frames) - 1
	if ok, err := demos.Move(&st.step, last, a, ""); ok {
		return err
	}
	switch a.Kind {
	case "set":
		v := strings.TrimSpace(a.Value)
		switch a.Key {
		case "node":
			if !isNode(v) {
				return fmt.Errorf("There is no node %q.", clip(v))
			}
			st.node = v
		case "failure":
			if v != string(nlc.KubeletStopped) && v != string(nlc.NetworkCut) {
				return fmt.Errorf("failure cannot be %q.", clip(v))
			}
			st.failure = nlc.Failure(v)
		case "returnAfter":
			st.returnAfter = clipLen(v)
		case "tolerationSeconds":
			st.tolerationSeconds = clipLen(v)
		default:
			return fmt.Errorf("There is no setting %q.", clip(a.Key))
		}
		st.build()
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

// Query implements demos.State.
func (st *State) Query() url.Values {
	q := url.Values{}
	if st.node != "node-3" {
		q.Set("node", st.node)
	}
	if st.failure != nlc.KubeletStopped {
		q.Set("failure", string(st.failure))
	}
	if st.returnAfter != "600" {
		q.Set("returnAfter", st.returnAfter)
	}
	if st.tolerationSeconds != "" {
		q.Set("tolerationSeconds", st.tolerationSeconds)
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, len(st.frames) - 1 }

// failedWhat is "the kubelet on node-3 stopped" or "node-3 lost its network".
func (st *State) failedWhat() string {
	if st.cfg.Failure == nlc.KubeletStopped {
		return "the kubelet on " + st.cfg.Node + " stopped"
	}
	return st.cfg.Node + " lost its network"
}

// since says how long after the failure t is.
func (st *State) since(t nlc.Time) string {
	switch d := t - st.cfg.FailAt; {
	case d < 0:
		return fmt.Sprintf("%d s before %s", -d, st.failedWhat())
	case d == 0:
		return "the moment " + st.failedWhat()
	default:
		return fmt.Sprintf("%s after %s", human(d), st.failedWhat())
	}
}

// human is a duration in seconds as "53 s" or "5 min 58 s".
func human(d nlc.Time) string {
	if d < 60 {
		return fmt.Sprintf("%d s", d)
	}
	if d%60 == 0 {
		return fmt.Sprintf("%d min", d/60)
	}
	return fmt.Sprintf("%d min %d s", d/60, d%60)
}

// actorName is the step's actor for people.
func actorName(s nlc.Step) string {
	switch s.Actor {
	case "":
		return "the cluster"
	case nlc.ActorYou:
		return "you"
	}
	return s.Actor
}

// Narration implements demos.State.
func (st *State) Narration() string {
	f := st.cur()
	s := f.sim
	ready, _, _ := s.DeploymentCounts()
	failed := s.Node(st.cfg.Node)
	return fmt.Sprintf("Step %d of %d, %s, %s: %s %s is %s; web has %d of %d pods ready.",
		st.step, len(st.frames)-1, nlc.Clock(f.step.At), actorName(f.step), firstSentence(f.step.Did[0]), failed.Name, nlc.NodeStatus(failed), ready, nlc.Replicas)
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// settingsLine is the settings as text.
func (st *State) settingsLine() string {
	tol := st.tolerationSeconds
	if tol == "" {
		tol = "(none: the DefaultTolerationSeconds admission plugin adds 300)"
	}
	return fmt.Sprintf("node=%s failure=%s returnAfter=%s tolerationSeconds=%s", st.node, st.failure, st.returnAfter, tol)
}

// Text implements demos.State.
func (st *State) Text() string {
	f := st.cur()
	var b strings.Builder
	fmt.Fprintf(&b, "Step %d of %d, %s (t=%d s, %s). Kubernetes v1.37.\n", st.step, len(st.frames)-1, nlc.Clock(f.step.At), f.step.At, st.since(f.step.At))
	fmt.Fprintf(&b, "Settings: %s\n", st.settingsLine())
	for _, e := range []string{st.returnErr, st.tolErr} {
		if e != "" {
			fmt.Fprintf(&b, "Invalid setting: %s\n", e)
		}
	}
	if len(f.step.Quiet) > 0 {
		fmt.Fprintf(&b, "\nSkipped %s … %s (only routine work):\n", nlc.Clock(f.step.QuietFrom), nlc.Clock(f.step.At-1))
		for _, q := range f.step.Quiet {
			fmt.Fprintf(&b, "  %s\n", q)
		}
	}
	fmt.Fprintf(&b, "\nWhat happened (%s):\n", actorName(f.step))
	for _, d := range f.step.Did {
		fmt.Fprintf(&b, "  %s\n", d)
	}
	out := st.printed()
	fmt.Fprintf(&b, "\n$ kubectl get nodes\n%s\n", out.nodes)
	fmt.Fprintf(&b, "\n$ kubectl get deployment web\n%s\n", out.deployment)
	fmt.Fprintf(&b, "\n$ kubectl get pods -o wide\n%s\n", out.pods)
	fmt.Fprintf(&b, "\n$ kubectl describe node %s\n%s\n", st.cfg.Node, out.describeNode)
	fmt.Fprintf(&b, "\n$ kubectl describe pod %s\n%s\n", st.victim, out.describePod)
	fmt.Fprintf(&b, "\n$ kubectl events (the last %d)\n%s\n", eventsShown, out.events)
	return b.String()
}

const eventsShown = 12
