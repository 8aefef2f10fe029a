package configmap

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
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
		fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(h.Reject.Kubectl(), "\n", "\n  "))
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

// kubectl prints a 422 from the Status details, not from its message
// (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go checkErr,
// MultilineError, statusCausesToAggrError): one cause on the heading's line,
// several as "* " lines under a heading that keeps its trailing space, a
// repeated cause once. Other errors are "Error from server (Reason): …".
func TestRejectionAsKubectlPrintsIt(t *testing.T) {
	one := invalid("ConfigMap", "app-config", field.ErrorList{field.Forbidden(field.NewPath("data"), "field is immutable when `immutable` is set")})
	if got, want := one.Kubectl(), "The ConfigMap \"app-config\" is invalid: data: Forbidden: field is immutable when `immutable` is set"; got != want {
		t.Errorf("one cause:\n got %q\nwant %q", got, want)
	}
	dup := field.TooLong(field.NewPath("metadata", "annotations"), "", 262144)
	two := invalid("ConfigMap", "app-config", field.ErrorList{dup, dup, field.TooLong(field.NewPath(""), "", 1048576)})
	want := "The ConfigMap \"app-config\" is invalid: \n* metadata.annotations: Too long: may not be more than 262144 bytes\n* []: Too long: may not be more than 1048576 bytes"
	if got := two.Kubectl(); got != want {
		t.Errorf("two causes:\n got %q\nwant %q", got, want)
	}
	bad := &Rejection{Code: 400, Reason: "BadRequest", Message: "x"}
	if got := bad.Kubectl(); got != "Error from server (BadRequest): x" {
		t.Errorf("BadRequest: got %q", got)
	}
}

// `kubectl apply` sends the last-applied-configuration annotation, so a
// value of 1 MiB breaks the 256 KiB annotations limit before the 1 MiB data
// limit (ValidateObjectMeta runs first in ValidateConfigMap); a small edit
// carries a small annotation that passes.
func TestApplyCarriesLastAppliedAnnotation(t *testing.T) {
	s, err := New(Config{Mode: VolumeMode, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	h := s.OversizeConfigMap()
	if h.Reject == nil || h.Reject.Details == nil || len(h.Reject.Details.Causes) != 2 {
		t.Fatalf("oversize: want 2 causes, got %+v", h.Reject)
	}
	if c := h.Reject.Details.Causes[0]; c.Field != "metadata.annotations" {
		t.Errorf("first cause %q, want metadata.annotations", c.Field)
	}
	if h := s.EditConfigMap("APP_COLOR", "green"); h.Reject != nil {
		t.Fatalf("small edit refused: %s", h.Reject.Kubectl())
	}
	if a := s.ConfigMap().Annotations[corev1.LastAppliedConfigAnnotation]; !strings.Contains(a, `"APP_COLOR":"green"`) {
		t.Errorf("last-applied-configuration = %q", a)
	}
}

// The Failed event is recorded on the container's reference, so kubectl
// describe (v1.35+, PR #133627) shows its fieldPath before the message;
// FailedMount is about the pod and has none.
func TestDescribeShowsContainerFieldPath(t *testing.T) {
	s, _ := New(Config{Mode: EnvMode, Seed: 2, Break: BreakKey})
	if out := s.DescribeEvents(); !strings.Contains(out, "kubelet  spec.containers{app}: Error: couldn't find key log_levle in ConfigMap default/app-config\n") {
		t.Errorf("env break:\n%s", out)
	}
	s, _ = New(Config{Mode: VolumeMode, Seed: 2, Break: BreakConfigMap})
	if out := s.DescribeEvents(); !strings.Contains(out, "kubelet  MountVolume.SetUp failed for volume \"config-volume\" : configmap \"app-confg\" not found\n") {
		t.Errorf("volume break:\n%s", out)
	}
}

// A data value that is not base64 fails `kubectl apply` of the existing
// Secret while the API server converts the patched map to a v1.Secret
// (apiserver handlers/patch.go applyPatchToObject: a 422 on field "patch"
// with no kind or name), so kubectl says "The request is invalid".
func TestBadBase64IsAnInvalidPatch(t *testing.T) {
	s, _ := New(Config{Mode: VolumeMode, Seed: 1})
	h := s.EditSecret(Data, "DB_PASSWORD", "s3cret!")
	if h.Reject == nil {
		t.Fatal("not refused")
	}
	got := h.Reject.Kubectl()
	for _, want := range []string{
		`The request is invalid: patch: Invalid value: "map[data:map[DB_PASSWORD:s3cret!] metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:{\"apiVersion\":\"v1\",\"data\":{`,
		`\"metadata\":{\"annotations\":{},\"name\":\"app-secret\",\"namespace\":\"default\"},\"type\":\"Opaque\"}\n]]]": `,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %s\n got %s", want, got)
		}
	}
	if !strings.HasSuffix(got, ": error decoding from json: illegal base64 data at input byte 6") {
		t.Errorf("got %s", got)
	}
	if h.Reject.Code != 422 || s.Secret().ResourceVersion != "1002" {
		t.Errorf("code %d, resourceVersion %s: want 422 and the Secret unchanged", h.Reject.Code, s.Secret().ResourceVersion)
	}
}
