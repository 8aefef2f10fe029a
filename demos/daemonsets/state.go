package daemonsets

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/daemonset"
)

// frame is one step: who acted, the command they typed (if any), what
// happened, and the cluster after.
type frame struct {
	Actor   string
	Command string
	Said    string // what the command printed
	Did     []string
	At      int
	sim     *daemonset.Sim
	rollout bool // after kubectl set image: show rollout status
}

// State is the learner's settings and the step shown; the frames are the
// story simulated from the settings.
type State struct {
	selector string // as typed
	tolerate bool
	step     int

	selErrs []string
	frames  []frame
}

// Actors, as the learner should search for them.
const (
	actorYou     = "you"
	actorDS      = "DaemonSet controller"
	actorKubelet = "kubelet"
	actorPodGC   = "pod garbage collector"
)

func (st *State) build() {
	sel, errs := ParseNodeSelector(st.selector)
	st.selErrs = errs
	cfg := daemonset.Config{Name: DSName, Image: OldImage, NodeSelector: sel, TolerateControlPlane: st.tolerate, Seed: 12}
	s := daemonset.New(cfg, startNodes())
	st.frames = nil
	rollout := false
	add := func(actor, cmd, said string, did []string) {
		st.frames = append(st.frames, frame{Actor: actor, Command: cmd, Said: said, Did: did, At: s.Now, sim: s.Clone(), rollout: rollout})
	}
	// settle lets the controllers run until nothing more happens: a sync
	// when the DaemonSet controller has work, else the kubelet.
	settle := func() {
		n := 0
		for ; !s.Settled() && n < 40; n++ {
			s.Tick(1)
			if did := s.Sync(); len(did) > 0 {
				add(actorDS, "", "", did)
				continue
			}
			s.Tick(4)
			add(actorKubelet, "", "", s.Kubelet())
		}
		if n == 0 {
			s.Tick(1)
			add(actorDS, "", "", []string{"synced: nothing to create or delete; every node that should run a pod runs one."})
		}
	}
	add(actorYou, "kubectl apply -f fluentd.yaml", "daemonset.apps/fluentd created", []string{"DaemonSet fluentd exists; it has no pods yet."})
	settle()

	s.Tick(20)
	must(s.AddNode(node("node-3", map[string]string{"disktype": "ssd"})))
	// The first line of kubeadm's joinWorkerNodeDoneMsg
	// (cmd/kubeadm/app/cmd/join.go), colon included.
	add(actorYou, "kubeadm join … (on node-3)", "This node has joined the cluster:", []string{"node-3 registers with the API server and is Ready."})
	settle()

	s.Tick(20)
	must(s.Label("node-1", "disktype", "hdd"))
	add(actorYou, "kubectl label node node-1 disktype=hdd --overwrite", "node/node-1 labeled", []string{"node-1 now has disktype=hdd."})
	settle()

	s.Tick(20)
	must(s.Taint("node-3", v1.Taint{Key: "dedicated", Value: "gpu", Effect: v1.TaintEffectNoSchedule}))
	add(actorYou, "kubectl taint node node-3 dedicated=gpu:NoSchedule", "node/node-3 tainted", []string{"node-3 has a NoSchedule taint that fluentd does not tolerate."})
	settle()

	s.Tick(20)
	deletedAt := s.Now
	must(s.DeleteNode("node-2"))
	left := []string{"node-2 leaves the cluster."}
	for _, p := range s.Orphans() {
		left = append(left, fmt.Sprintf("Its pod %s stays, Running as far as the API knows: the DaemonSet controller looks only at the nodes that exist, so it neither counts nor deletes it.", p.Name))
	}
	add(actorYou, "kubectl delete node node-2", `node "node-2" deleted`, left)
	settle()
	// The pod garbage collector deletes a deleted node's pods after its
	// quarantine (pkg/controller/podgc/gc_controller.go: quarantineTime
	// 40 s, gcCheckPeriod 20 s): at the earliest 40 s after the deletion.
	if len(s.Orphans()) > 0 {
		s.Tick(deletedAt + daemonset.PodGCQuarantine - s.Now)
		add(actorPodGC, "", "", append(s.GCOrphaned(), fmt.Sprintf("That is %d s after node-2 was deleted: the pod garbage collector waits %d s (quarantineTime) before it deletes a pod whose node is missing, and runs every %d s, so it can be up to %d s later.", daemonset.PodGCQuarantine, daemonset.PodGCQuarantine, daemonset.PodGCCheckPeriod, daemonset.PodGCQuarantine+2*daemonset.PodGCCheckPeriod)))
	}

	s.Tick(20)
	s.SetImage(NewImage)
	rollout = true
	add(actorYou, "kubectl set image daemonset/fluentd fluentd="+NewImage, "daemonset.apps/fluentd image updated", []string{"The pod template changes: a new revision, so every pod is out of date."})
	settle()
	if st.step >= len(st.frames) {
		st.step = len(st.frames) - 1
	}
}

func must(err error) {
	if err != nil {
		panic(err)
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
		case "nodeSelector":
			if len(v) > 200 {
				return fmt.Errorf("That nodeSelector is too long.")
			}
			st.selector = v
		case "tolerateControlPlane":
			if v != "true" && v != "false" {
				return fmt.Errorf("tolerateControlPlane cannot be %q.", clip(v))
			}
			st.tolerate = v == "true"
		default:
			return fmt.Errorf("There is no setting %q.", a.Key)
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
	if st.selector != "" {
		q.Set("nodeSelector", st.selector)
	}
	if st.tolerate {
		q.Set("tolerateControlPlane", "true")
	}
	if st.step != 0 {
		q.Set("step", strconv.Itoa(st.step))
	}
	return q
}

// Progress implements demos.State.
func (st *State) Progress() (int, int) { return st.step, len(st.frames) - 1 }

// Narration implements demos.State.
func (st *State) Narration() string {
	f := st.cur()
	s := f.sim.Status()
	what := strings.Join(f.Did, "; ")
	if f.Command != "" {
		what = f.Command + ": " + what
	}
	return fmt.Sprintf("Step %d of %d, %s: %s Desired %d, current %d, ready %d, up-to-date %d.", st.step, len(st.frames)-1, f.Actor, sentence(what), s.Desired, s.Current, s.Ready, s.UpToDate)
}

func sentence(s string) string {
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// Text implements demos.State.
func (st *State) Text() string {
	f := st.cur()
	s := f.sim
	var b strings.Builder
	fmt.Fprintf(&b, "Step %d of %d, %ds after kubectl apply (Kubernetes v1.37)\n", st.step, len(st.frames)-1, f.At)
	fmt.Fprintf(&b, "Settings: nodeSelector=%s tolerateControlPlane=%t\n", s.NodeSelectorColumn(), st.tolerate)
	for _, e := range st.selErrs {
		fmt.Fprintf(&b, "Invalid nodeSelector: %s\n", e)
	}
	fmt.Fprintf(&b, "\nWhat happened (%s):\n", f.Actor)
	if f.Command != "" {
		fmt.Fprintf(&b, "  $ %s\n  %s\n", f.Command, f.Said)
	}
	for _, d := range f.Did {
		fmt.Fprintf(&b, "  %s\n", d)
	}
	fmt.Fprintf(&b, "\nWhere the pod should run (NodeShouldRunDaemonPod):\n%s\n", s.Placement())
	// Not a kubectl command: -o custom-columns with .spec.taints would print
	// the raw list ("[map[effect:NoSchedule key:…]]": staging/src/k8s.io/
	// kubectl/pkg/cmd/get/customcolumn.go printOneObject prints each value
	// with fmt.Sprint). The taints are written as kubectl describe node
	// writes them (key=value:effect).
	fmt.Fprintf(&b, "\nThe nodes (labels without kubernetes.io/hostname; taints as kubectl describe node prints them):\n%s\n", s.GetNodes())
	fmt.Fprintf(&b, "\n$ kubectl get daemonset %s\n%s\n", DSName, s.GetDaemonSet())
	fmt.Fprintf(&b, "\n$ kubectl get pods -l name=%s\n%s\n", DSName, s.GetPods())
	fmt.Fprintf(&b, "\n$ kubectl get pods -l name=%s -o custom-columns=%s\n%s\n", DSName, daemonset.PodColumns, s.GetPodsWide())
	if f.rollout {
		line, _ := s.RolloutStatus()
		fmt.Fprintf(&b, "\n$ kubectl rollout status daemonset/%s\n%s\n", DSName, line)
	}
	fmt.Fprintf(&b, "\n$ kubectl describe daemonset %s (Events)\n%s\n", DSName, s.DescribeEvents())
	return b.String()
}
