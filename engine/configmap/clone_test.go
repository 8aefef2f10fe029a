package configmap

import (
	"fmt"
	"testing"

	"github.com/davecgh/go-spew/spew"
)

// dump is the whole simulation as text, every field and what its pointers
// lead to: two simulations in the same state dump the same, whatever they
// share.
var dumper = spew.ConfigState{Indent: " ", DisablePointerAddresses: true, DisableCapacities: true, SortKeys: true, DisableMethods: true}

// A clone is the same state as the simulation, steps as it does (the same
// draws of the generator, the same writes) and leaves it untouched: for
// each mode and break, through a story of edits, writes, a pod
// replacement and a refused edit, every operation is done to a clone
// first and then to the original.
func TestCloneStepsLikeTheOriginal(t *testing.T) {
	type op struct {
		name string
		do   func(*Sim)
	}
	// A kubelet sync comes every 60–90 s and each Step is one tick of the
	// story, so an edit is followed by enough steps for the sync and the
	// atomic writer's phases to happen.
	steps := func(n int) []op {
		var ops []op
		for range n {
			ops = append(ops, op{"step", func(s *Sim) { s.Step() }})
		}
		return ops
	}
	var ops []op
	ops = append(ops, steps(2)...)
	ops = append(ops, op{"edit APP_COLOR", func(s *Sim) { s.EditConfigMap("APP_COLOR", "green") }})
	ops = append(ops, steps(14)...)
	ops = append(ops, op{"edit the secret", func(s *Sim) { s.EditSecret(StringData, "DB_PASSWORD", "n3w") }})
	ops = append(ops, steps(14)...)
	ops = append(ops, op{"remove a key", func(s *Sim) { s.RemoveConfigMapKey("log_level") }})
	ops = append(ops, steps(14)...)
	ops = append(ops, op{"too big", func(s *Sim) { s.OversizeConfigMap() }}, op{"replace the pod", func(s *Sim) { s.ReplacePod() }})
	ops = append(ops, steps(14)...)
	for _, mode := range []Mode{EnvMode, VolumeMode} {
		for _, brk := range []Break{BreakNone, BreakKey, BreakConfigMap} {
			for _, immutable := range []bool{false, true} {
				name := fmt.Sprintf("%s/%s/immutable=%v", mode, brk, immutable)
				s, err := New(Config{Mode: mode, Break: brk, Immutable: immutable, Seed: 7})
				if err != nil {
					t.Fatal(err)
				}
				kinds := map[string]bool{}
				for i, op := range ops {
					before := dumper.Sdump(s)
					c := s.Clone()
					if dumper.Sdump(c) != before {
						t.Fatalf("%s: op %d: the clone differs from the original", name, i)
					}
					op.do(c)
					if len(c.Marks) > 0 {
						kinds[c.Marks[len(c.Marks)-1].Kind] = true
					}
					if dumper.Sdump(s) != before {
						t.Fatalf("%s: op %d (%s) on the clone changed the original", name, i, op.name)
					}
					op.do(s)
					if dumper.Sdump(s) != dumper.Sdump(c) {
						t.Fatalf("%s: op %d (%s): the clone and the original went different ways", name, i, op.name)
					}
				}
				if mode == VolumeMode && brk == BreakNone && (!kinds["sync"] || !kinds["write"]) {
					t.Errorf("%s: the story never reached a sync and a write (%v): it tests too little", name, kinds)
				}
			}
		}
	}
}
