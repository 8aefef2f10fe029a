package archtrace

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/kubeviz/kubeviz/engine/kubectl"
)

// table prints rows as kubectl get does (kubectl.Table: cli-runtime
// pkg/printers/tabwriter.go GetNewTabWriter), one string a line.
func table(rows [][]string) []string {
	return strings.Split(kubectl.Table(rows), "\n")
}

// age is kubectl's AGE column (apimachinery pkg/util/duration.HumanDuration).
func age(ms int) string { return duration.HumanDuration(time.Duration(ms) * time.Millisecond) }

// GetPods is `kubectl get pods` at time now (ms): NAME READY STATUS
// RESTARTS AGE, the columns of pkg/printers/internalversion/printers.go
// printPod (without -o wide). The rows are in the order the API server
// lists the pods: by name, the order of their etcd keys
// /registry/pods/default/NAME (staging/src/k8s.io/apiserver/pkg/storage/
// etcd3/store.go GetList reads the key range; the watch cache keeps the
// same key order), which kubectl keeps without --sort-by. The
// generateName suffixes are random, so that is not creation order.
func GetPods(pods []Pod, now int) []string {
	if len(pods) == 0 {
		return []string{"No resources found in default namespace."}
	}
	pods = slices.Clone(pods)
	slices.SortFunc(pods, func(a, b Pod) int { return strings.Compare(a.Name, b.Name) })
	rows := [][]string{{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}}
	for _, p := range pods {
		ready := "0/1"
		if p.Ready {
			ready = "1/1"
		}
		rows = append(rows, []string{p.Name, ready, p.Status, "0", age(now - p.CreatedAt)})
	}
	return table(rows)
}

// ms is a duration as the kubelet's events print it: Go's Duration
// String, truncated to milliseconds ("5.214s", "98ms").
func ms(n int) string { return (time.Duration(n) * time.Millisecond).String() }

// compactJSON encodes v with sorted keys and no spaces, as kubectl writes
// its last-applied-configuration annotation (an unstructured map encoded by
// encoding/json).
func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, strings and numbers are encoded here
	}
	return string(b)
}

// statusJSON is a failure Status body as the API server writes it: the
// metav1.Status struct encoded by encoding/json, so its keys come in the
// struct's field order (kind, apiVersion, metadata, status, message,
// reason, details, code), not sorted (k8s.io/apimachinery
// pkg/apis/meta/v1/types.go Status, StatusDetails;
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go
// ErrorToAPIStatus).
func statusJSON(reason metav1.StatusReason, message string, details *metav1.StatusDetails, code int32) string {
	st := metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusFailure,
		Message: message, Reason: reason, Details: details, Code: code}
	b, err := json.Marshal(&st)
	if err != nil {
		panic(err) // a Status always encodes
	}
	return string(b)
}
