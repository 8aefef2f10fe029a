package main

import (
	"encoding/json"
	"math/rand/v2"
)

// action is one WebSocket message, as the page's app.js sends it.
type action struct {
	Kind  string `json:"a"`
	Key   string `json:"k,omitempty"`
	Value string `json:"v,omitempty"`
}

type weighted struct {
	weight int
	acts   []action // one of these, picked at random
}

// mixes is what a learner does on each demo page, by weight: mostly step
// forward, sometimes back, now and then change a setting or start again.
// Actions that do not apply in the current state (a step past the last one)
// are realistic too: the server answers them with a notice in the frame.
var mixes = map[string][]weighted{
	"pod-spec": {
		{40, []action{{Kind: "step"}}},
		{15, []action{{Kind: "back"}}},
		{25, []action{
			{Kind: "click", Value: "spec.restartPolicy"},
			{Kind: "click", Value: "spec.containers[0].image"},
			{Kind: "click", Value: "spec.containers[0].resources.limits.memory"},
			{Kind: "click", Value: "metadata.labels"},
		}},
		{5, []action{{Kind: "set", Key: "preset", Value: "web"}, {Kind: "set", Key: "preset", Value: "sidecar"}, {Kind: "set", Key: "preset", Value: "init"}}},
		{5, []action{{Kind: "set", Key: "mode", Value: "edit"}, {Kind: "set", Key: "mode", Value: "view"}}},
		{5, []action{{Kind: "edit", Value: editedPod}}},
		{5, []action{{Kind: "reset"}}},
	},
	"scheduler": {
		{45, []action{{Kind: "step"}}},
		{20, []action{{Kind: "back"}}},
		{15, []action{
			{Kind: "set", Key: "cpu", Value: "500m"}, {Kind: "set", Key: "cpu", Value: "2"},
			{Kind: "set", Key: "cpu", Value: "3500m"}, {Kind: "set", Key: "memory", Value: "4Gi"},
		}},
		{5, []action{{Kind: "cordon", Value: "node-1"}, {Kind: "cordon", Value: "node-2"}}},
		{5, []action{{Kind: "set", Key: "seed", Value: "7"}, {Kind: "set", Key: "seed", Value: "1"}}},
		{10, []action{{Kind: "reset"}}},
	},
	"services": {
		{45, []action{{Kind: "step"}}},
		{15, []action{{Kind: "back"}}},
		{10, []action{{Kind: "send", Value: "1"}}},
		{5, []action{{Kind: "ready", Value: "10.1.0.3"}}},
		{10, []action{{Kind: "set", Key: "replicas", Value: "2"}, {Kind: "set", Key: "replicas", Value: "5"}}},
		{5, []action{{Kind: "set", Key: "type", Value: "NodePort"}, {Kind: "set", Key: "type", Value: "ClusterIP"}}},
		{10, []action{{Kind: "reset"}, {Kind: "clear"}}},
	},
	"rolling-update": {
		{50, []action{{Kind: "step"}}},
		{20, []action{{Kind: "back"}}},
		{10, []action{
			{Kind: "set", Key: "replicas", Value: "10"}, {Kind: "set", Key: "replicas", Value: "4"},
			{Kind: "set", Key: "maxSurge", Value: "25%"}, {Kind: "set", Key: "maxSurge", Value: "1"},
		}},
		{10, []action{{Kind: "reset"}}},
		{5, []action{{Kind: "undo"}}},
	},
}

// defaultMix serves a demo this tool does not know: the shared control bar.
var defaultMix = []weighted{
	{60, []action{{Kind: "step"}}},
	{30, []action{{Kind: "back"}}},
	{10, []action{{Kind: "reset"}}},
}

const editedPod = `apiVersion: v1
kind: Pod
metadata:
  name: load-test
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
  restartPolicy: OnFailure
`

// pick draws one action of the demo's mix, already encoded.
func pick(r *rand.Rand, demo string) []byte {
	m, ok := mixes[demo]
	if !ok {
		m = defaultMix
	}
	total := 0
	for _, w := range m {
		total += w.weight
	}
	n := r.IntN(total)
	for _, w := range m {
		if n < w.weight {
			b, _ := json.Marshal(w.acts[r.IntN(len(w.acts))])
			return b
		}
		n -= w.weight
	}
	panic("unreachable")
}
