package configmap

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// The scripts in testdata/*.txt replay stories step by step. What they
// print follows kubernetes pkg/kubelet/kubelet_pods.go
// (makeEnvironmentVariables), pkg/volume/util/atomic_writer.go (Write),
// pkg/volume/configmap and pkg/volume/secret (MakePayload),
// pkg/kubelet/pod_workers.go (resync jitter),
// pkg/apis/core/validation/validation.go (ValidateConfigMapUpdate,
// ValidateSecret) and staging/src/k8s.io/kubectl/pkg/cmd/create/create_secret.go.
// After every step the invariants are checked (checkInvariants).
func TestScripts(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var s *Sim
		var before snapshot
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			arg := func(k, def string) string {
				for _, a := range d.CmdArgs {
					if a.Key == k {
						if len(a.Vals) == 0 {
							return "true"
						}
						return strings.Join(a.Vals, " ")
					}
				}
				return def
			}
			after := func(h Happening) string {
				checkInvariants(t, before, s)
				before = snap(s)
				return describe(h)
			}
			switch d.Cmd {
			case "new":
				seed, _ := strconv.ParseUint(arg("seed", "1"), 10, 64)
				cfg := Config{Mode: Mode(arg("mode", "volume")), Seed: seed, Immutable: arg("immutable", "") == "true", Break: Break(arg("break", ""))}
				if m := arg("secret-mode", ""); m != "" {
					n, _ := strconv.ParseInt(m, 0, 32)
					n32 := int32(n)
					cfg.SecretDefaultMode = &n32
				}
				var err error
				s, err = New(cfg)
				if err != nil {
					return "error: " + err.Error() + "\n"
				}
				before = snap(s)
				return describe(s.Start())
			case "step":
				n, _ := strconv.Atoi(arg("n", "1"))
				var b strings.Builder
				for range n {
					b.WriteString(after(s.Step()))
				}
				return b.String()
			case "until-written":
				// Step until the next write of a volume has swapped ..data.
				var b strings.Builder
				for range 100 {
					h := s.Step()
					b.WriteString(after(h))
					if h.Kind == "write" && strings.Contains(h.What, "phase 4 of 4") {
						break
					}
				}
				return b.String()
			case "edit-cm":
				v := arg("value", "")
				if d.Input != "" {
					v = d.Input + "\n" // the block of the input is the value
				}
				return after(s.EditConfigMap(arg("key", ""), v))
			case "rm-cm":
				return after(s.RemoveConfigMapKey(arg("key", "")))
			case "edit-secret":
				return after(s.EditSecret(SecretField(arg("field", "stringData")), arg("key", ""), arg("value", "")))
			case "oversize":
				return after(s.OversizeConfigMap())
			case "replace":
				return after(s.ReplacePod())
			case "ls":
				v := s.Volume(arg("volume", "config-volume"))
				if d.HasArg("data") {
					return v.LsLaData()
				}
				return v.LsLa()
			case "cat":
				v := s.Volume(arg("volume", "config-volume"))
				f, ok := v.Resolve(arg("key", ""))
				if !ok {
					return "cat: No such file or directory\n"
				}
				return string(f.Data) + "\n"
			case "subpath":
				sp := s.Sub
				return fmt.Sprintf("%s (from %s, %s): %s\n", sp.MountPath, sp.FromDir, ModeString(sp.Mode), strings.ReplaceAll(string(sp.Data), "\n", `\n`))
			case "env":
				return EnvOutput(s.Container.Env)
			case "describe":
				return s.GetPod() + s.DescribeEvents()
			case "create-secret":
				var lits []string
				for _, l := range strings.Split(d.Input, "\n") {
					if l != "" {
						lits = append(lits, l)
					}
				}
				sec, err := CreateSecretGeneric(arg("name", ""), lits)
				if err != nil {
					return "error: " + err.Error() + "\n"
				}
				var b strings.Builder
				for _, k := range sortedKeys(sec.Data) {
					fmt.Fprintf(&b, "%s: %q\n", k, sec.Data[k])
				}
				return b.String()
			}
			t.Fatalf("unknown command %s", d.Cmd)
			return ""
		})
	})
}

func describe(h Happening) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s\n", h.At.Clock(), h.Actor, h.What)
	for _, l := range h.Lines {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	if h.Reject != nil {
		fmt.Fprintf(&b, "  Error from server (%s): %s\n", h.Reject.Reason, h.Reject.Message)
	}
	return b.String()
}

// snapshot is what must not change behind the learner's back.
type snapshot struct {
	now      Time
	started  Time
	running  bool
	env      string
	sub      string
	subFrom  Time
	uid      string
	lastSync Time
}

func snap(s *Sim) snapshot {
	sn := snapshot{now: s.Now, started: s.Container.StartedAt, running: s.Container.State == "Running", env: EnvOutput(s.Container.Env), uid: s.podUID, lastSync: s.LastSync}
	if s.Sub != nil && s.Sub.Mounted {
		sn.sub = string(s.Sub.Data)
	}
	return sn
}

// checkInvariants: time never goes back; a running container's environment
// and subPath file never change; the next sync is 1m–1m30s after the last;
// ..data always leads to a complete timestamped directory, at most two of
// them exist, and outside a write every visible name is a symlink that
// resolves to a file of ..data.
func checkInvariants(t *testing.T, before snapshot, s *Sim) {
	t.Helper()
	if s.Now < before.now {
		t.Errorf("time went back from %s to %s", before.now.Clock(), s.Now.Clock())
	}
	now := snap(s)
	if before.running && now.running && before.uid == now.uid && before.started == now.started {
		if before.env != now.env {
			t.Errorf("the environment of a running container changed:\n%s\nto\n%s", before.env, now.env)
		}
		if before.sub != now.sub {
			t.Errorf("a subPath file changed while its container ran: %q to %q", before.sub, now.sub)
		}
	}
	if s.Container.State == "Running" && s.NextSync != Never {
		if d := s.NextSync - s.LastSync; d < SyncFrequency || d >= SyncFrequency*3/2 {
			t.Errorf("next sync %s is %dms after the last, want [60s, 90s)", s.NextSync.Clock(), d)
		}
	}
	for _, v := range s.Volumes {
		if !v.Mounted && v.write == nil {
			continue
		}
		if n := len(v.TsDirs()); n < 1 || n > 2 {
			t.Errorf("%s has %d timestamped directories", v.Name, n)
		}
		if v.Entries[v.DataTarget()] == nil {
			t.Errorf("%s: ..data leads to %q, which does not exist", v.Name, v.DataTarget())
		}
		if phase, _ := v.Writing(); phase != 2 && v.Entries[newDataDirName] != nil {
			t.Errorf("%s: ..data_tmp exists outside phase 2 (phase %d)", v.Name, phase)
		}
		if v.write != nil {
			continue
		}
		dir := v.Entries[v.DataTarget()]
		if len(v.Keys()) != len(dir.Files) {
			t.Errorf("%s: visible names %v, but ..data has %d files", v.Name, v.Keys(), len(dir.Files))
		}
		for _, k := range v.Keys() {
			if f, ok := v.Resolve(k); !ok || !bytes.Equal(f.Data, dir.Files[k].Data) {
				t.Errorf("%s: %s does not resolve through ..data", v.Name, k)
			}
		}
	}
}
