package configmap

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apimachinery/pkg/util/validation"
)

// CreateSecretGeneric is `kubectl create secret generic NAME
// --from-literal=K=V …` up to the object it sends (or prints with
// --dry-run=client -o yaml), following
// staging/src/k8s.io/kubectl/pkg/cmd/create/create_secret.go: no namespace
// unless one is given, no type unless --type is given (the API server then
// defaults it to Opaque), each literal split at its first '=' and checked
// with IsConfigMapKey. The error is what kubectl prints after "error: ".
func CreateSecretGeneric(name string, literals []string) (*corev1.Secret, error) {
	if name == "" {
		return nil, fmt.Errorf("name must be specified")
	}
	s := &corev1.Secret{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Data:       map[string][]byte{},
	}
	for _, lit := range literals {
		// util.ParseLiteralSource: a leading '=' or no '=' is invalid.
		if strings.Index(lit, "=") == 0 {
			return nil, fmt.Errorf("invalid literal source %v, expected key=value", lit)
		}
		items := strings.SplitN(lit, "=", 2)
		if len(items) != 2 {
			return nil, fmt.Errorf("invalid literal source %v, expected key=value", lit)
		}
		key, value := items[0], items[1]
		if errs := validation.IsConfigMapKey(key); len(errs) != 0 {
			return nil, fmt.Errorf("%q is not valid key name for a Secret %s", key, strings.Join(errs, ";"))
		}
		if _, exists := s.Data[key]; exists {
			return nil, fmt.Errorf("cannot add key %s, another key by that name already exists", key)
		}
		s.Data[key] = []byte(value)
	}
	return s, nil
}

// EnvOutput is what `kubectl exec config-pod -- env` prints: NAME=value
// lines in the order the process has them; a value with newlines runs over
// several lines, as env prints it.
func EnvOutput(env []EnvVar) string {
	var b strings.Builder
	for _, e := range env {
		fmt.Fprintf(&b, "%s=%s\n", e.Name, e.Value)
	}
	return b.String()
}

// GetPod is `kubectl get pod config-pod`.
func (s *Sim) GetPod() string {
	ready, status := "0/1", s.Container.Reason
	if s.Container.State == "Running" {
		ready, status = "1/1", "Running"
	}
	age := duration.HumanDuration(s.Now.Wall().Sub(s.PodStart.Wall()))
	return table([][]string{{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}, {PodName, ready, status, "0", age}})
}

// table lays out columns as kubectl's printers do (tabwriter, padding 3).
func table(rows [][]string) string {
	w := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			w[i] = max(w[i], len(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i == len(r)-1 {
				b.WriteString(c)
			} else {
				fmt.Fprintf(&b, "%-*s   ", w[i], c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// DescribeEvents is the Events part of `kubectl describe pod config-pod`
// for the warnings the demo models (Failed, FailedMount), with kubectl's
// "Age" column: "12s (x5 over 40s)" for repeats, and the Message prefixed
// with the event's involvedObject.fieldPath when it has one
// (staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents,
// since kubernetes/kubernetes PR #133627, kubectl v1.35):
// "spec.containers{app}: Error: couldn't find key …".
func (s *Sim) DescribeEvents() string {
	if len(s.Events) == 0 {
		return "Events:  <none> (of the warnings this demo models)\n"
	}
	rows := [][]string{{"Type", "Reason", "Age", "From", "Message"}, {"----", "------", "----", "----", "-------"}}
	for _, e := range s.Events {
		age := duration.HumanDuration(s.Now.Wall().Sub(e.Last.Wall()))
		if e.Count > 1 {
			age = fmt.Sprintf("%s (x%d over %s)", age, e.Count, duration.HumanDuration(s.Now.Wall().Sub(e.First.Wall())))
		}
		rows = append(rows, []string{e.Type, e.Reason, age, e.From, DescribeMessage(e)})
	}
	w := make([]int, 4)
	for _, r := range rows {
		for i := range w {
			w[i] = max(w[i], len(r[i]))
		}
	}
	var b strings.Builder
	b.WriteString("Events:\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-*s  %-*s  %-*s  %-*s  %s\n", w[0], r[0], w[1], r[1], w[2], r[2], w[3], r[3], r[4])
	}
	return b.String()
}

// DescribeMessage is the Message column of kubectl describe for e: its
// involvedObject.fieldPath, if any, then ": " and the trimmed message
// (describe.go DescribeEvents, PR #133627).
func DescribeMessage(e *Event) string {
	msg := strings.TrimSpace(e.Message)
	if e.FieldPath != "" {
		msg = e.FieldPath + ": " + msg
	}
	return msg
}
