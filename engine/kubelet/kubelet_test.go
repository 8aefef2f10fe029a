package kubelet

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	corev1 "k8s.io/api/core/v1"
)

// The lessons in testdata/*.txt run a pod second by second. The kubelet's
// behaviour follows pkg/kubelet (kuberuntime_manager.go computePodActions,
// SyncPod and doBackOff; prober/worker.go; kubelet_pods.go getPhase;
// status/generate.go), client-go util/flowcontrol/backoff.go and
// tools/record/events_cache.go, and the columns printers.go printPod; see
// doc.go. After every second the invariants are checked (checkInvariants).
//
//	pod [restartPolicy=…]                        a new pod named web
//	init name=… [image= run= fail-runs= sidecar start= …probes]
//	container name=… [image= port= start= exit-after= exit-code= fail-runs=
//	          healthz-fail-after= ready-fail=FROM-TO pull-fails
//	          liveness=PATH readiness=PATH startup=PATH
//	          <kind>-delay= <kind>-period= <kind>-failure= <kind>-success=]
//	run until=T [all]     seconds in which something happened (all: every second)
//	describe              the state at the last second run, and the events
func TestLessons(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var p Pod
		var s *Sim
		var last Frame
		var prev *Frame
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "pod":
				p = Pod{Name: "web", Namespace: "default", Node: "node-1", IP: "10.244.1.7"}
				if d.HasArg("restartPolicy") {
					var rp string
					d.ScanArgs(t, "restartPolicy", &rp)
					p.RestartPolicy = corev1.RestartPolicy(rp)
				}
				s, prev = nil, nil
				return ""
			case "init", "container":
				c := parseContainer(t, d)
				if d.Cmd == "init" {
					p.InitContainers = append(p.InitContainers, c)
				} else {
					p.Containers = append(p.Containers, c)
				}
				if errs := p.Validate(); len(errs) > 0 {
					return strings.Join(errs, "\n") + "\n"
				}
				return ""
			case "run":
				if s == nil {
					s = New(p)
				}
				var until int
				d.ScanArgs(t, "until", &until)
				var b strings.Builder
				for s.Now() <= until {
					f := s.Tick()
					checkInvariants(t, s, f, prev)
					if d.HasArg("all") || len(f.Happened) > 0 || len(f.Probes) > 0 && !quiet(f.Probes) || prev == nil || changed(prev, &f) {
						fmt.Fprintf(&b, "t=%-3d %-6s %-26s %-14s", f.T, f.Get.Ready, f.Get.Status, f.Get.Restarts)
						if f.Serving {
							b.WriteString(" serving")
						}
						b.WriteString("\n")
						for _, pa := range f.Probes {
							res := "ok"
							if !pa.OK {
								res = "fail: " + pa.Output
							}
							fmt.Fprintf(&b, "      probe %s %s %d/%d → %s (%s)\n", pa.Container, pa.Kind, pa.Run, pa.Threshold, pa.Result, res)
						}
						for _, h := range f.Happened {
							if h.Who != "prober" {
								fmt.Fprintf(&b, "      %s: %s\n", h.Who, h.What)
							}
						}
					}
					fc := f
					prev, last = &fc, f
				}
				return b.String()
			case "describe":
				return Describe(last) + DescribeEvents(last.Events, last.T)
			}
			t.Fatalf("unknown command %q", d.Cmd)
			return ""
		})
	})
}

// changed: the READY or STATUS column, the restart count or the traffic.
func changed(a, b *Frame) bool {
	ra, _, _ := strings.Cut(a.Get.Restarts, " ")
	rb, _, _ := strings.Cut(b.Get.Restarts, " ")
	return a.Get.Ready != b.Get.Ready || a.Get.Status != b.Get.Status || ra != rb || a.Serving != b.Serving
}

// quiet: only passing probes that change nothing.
func quiet(ps []ProbeAttempt) bool {
	for _, p := range ps {
		if !p.OK || p.Changed {
			return false
		}
	}
	return true
}

func parseContainer(t *testing.T, d *datadriven.TestData) Container {
	c := Container{Image: "ghcr.io/kubeviz/shop:1.4.2", Port: 8080}
	probes := map[string]*[5]int32{}
	paths := map[string]string{}
	for _, a := range d.CmdArgs {
		v := ""
		if len(a.Vals) > 0 {
			v = a.Vals[0]
		}
		n, _ := strconv.Atoi(v)
		switch a.Key {
		case "name":
			c.Name = v
		case "image":
			c.Image = v
		case "port":
			c.Port = int32(n)
		case "sidecar":
			c.Sidecar = true
		case "start":
			c.App.StartSeconds = n
		case "run", "exit-after":
			c.App.ExitAfter = n
		case "exit-code":
			c.App.ExitCode = int32(n)
		case "fail-runs":
			c.App.FailRuns = n
		case "healthz-fail-after":
			c.App.HealthzFailAfter = n
		case "ready-fail":
			from, to, _ := strings.Cut(v, "-")
			c.App.ReadyFailFrom, _ = strconv.Atoi(from)
			c.App.ReadyFailTo, _ = strconv.Atoi(to)
		case "pull-fails":
			c.App.ImagePullFails = true
		case "liveness", "readiness", "startup":
			paths[a.Key] = v
		default:
			kind, field, ok := strings.Cut(a.Key, "-")
			idx := map[string]int{"delay": 0, "period": 1, "timeout": 2, "success": 3, "failure": 4}[field]
			if !ok || (field != "delay" && idx == 0) {
				t.Fatalf("unknown argument %s", a.Key)
			}
			if probes[kind] == nil {
				probes[kind] = &[5]int32{}
			}
			probes[kind][idx] = int32(n)
		}
	}
	mk := func(kind string) *corev1.Probe {
		path, ok := paths[kind]
		if !ok {
			return nil
		}
		f := probes[kind]
		if f == nil {
			f = &[5]int32{}
		}
		return HTTPProbe(path, c.Port, f[0], f[1], f[2], f[3], f[4])
	}
	c.Liveness, c.Readiness, c.Startup = mk("liveness"), mk("readiness"), mk("startup")
	return c
}

// checkInvariants: what must hold at every second.
func checkInvariants(t *testing.T, s *Sim, f Frame, prev *Frame) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("t=%d: "+format+"\n%s", append([]any{f.T}, append(args, Describe(f))...)...)
	}
	all := append(append([]corev1.ContainerStatus{}, f.Status.InitContainerStatuses...), f.Status.ContainerStatuses...)
	allReady := true
	for i, cs := range all {
		v := f.Containers[i]
		if cs.Ready && cs.State.Running == nil && !(v.Init && !v.Sidecar) {
			fail("container %s is Ready but not Running", cs.Name)
		}
		if cs.Ready && !v.Init && (cs.Started == nil || !*cs.Started) {
			fail("container %s is Ready but not Started", cs.Name)
		}
		if !(v.Init && !v.Sidecar) && !cs.Ready {
			allReady = false
		}
		if prev != nil && cs.RestartCount < int32(prev.Containers[i].Restarts) {
			fail("the restart count of %s went down", cs.Name)
		}
		if v.BackOff != 0 && (v.BackOff < InitialCrashLoopBackOff || v.BackOff > MaxCrashLoopBackOff) {
			fail("back-off %d of %s is outside [10, 300]", v.BackOff, cs.Name)
		}
	}
	// In the runtime: regular init containers run one at a time, in order,
	// and never together with an app container.
	running := 0
	for _, c := range s.ctrs {
		if c.init && !c.sidecar() && c.cur != nil && c.cur.running() {
			running++
			for _, o := range s.ctrs {
				if !o.init && o.cur != nil && o.cur.running() {
					fail("init container %s runs together with %s", c.spec.Name, o.spec.Name)
				}
			}
		}
	}
	if running > 1 {
		fail("%d init containers run at once", running)
	}
	if podReady(f.Status) && !allReady {
		fail("the pod is Ready but a container is not")
	}
	if f.Serving && !podReady(f.Status) {
		fail("the pod gets traffic but is not Ready")
	}
}

// TestContainerEventMessages checks the v1.37 wording of the kubelet's
// Created and Started events (kuberuntime_container.go startContainer,
// kubernetes/kubernetes PR #134043: no container name in the message) and
// kubectl describe's Message column, which puts the event's fieldPath in
// front (staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents,
// PR #133627).
func TestContainerEventMessages(t *testing.T) {
	want := map[string]string{
		"Created": "spec.containers{web}: Container created",
		"Started": "spec.containers{web}: Container started",
	}
	got := map[string]string{}
	s := New(Pod{Name: "web", Namespace: "default", Node: "node-1", IP: "10.244.1.7",
		Containers: []Container{{Name: "web", Image: "nginx:1.27"}}})
	for i := 0; i < 5; i++ {
		f := s.Tick()
		for _, e := range f.Events {
			if _, ok := want[e.Reason]; ok {
				got[e.Reason] = DescribeMessage(e)
			}
		}
	}
	for r, w := range want {
		if got[r] != w {
			t.Errorf("%s event: kubectl describe shows %q, want %q", r, got[r], w)
		}
	}
	if m := DescribeMessage(Event{Message: " Successfully assigned default/web to node-1 "}); m != "Successfully assigned default/web to node-1" {
		t.Errorf("an event about the pod itself has no fieldPath prefix, got %q", m)
	}
}
