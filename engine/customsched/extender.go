package customsched

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	extenderv1 "k8s.io/kube-scheduler/extender/v1"
)

// MaxExtenderPriority is extenderv1.MaxExtenderPriority: an extender scores
// 0–10.
const MaxExtenderPriority = extenderv1.MaxExtenderPriority

// HTTPCall is one POST kube-scheduler sends to the extender and the reply,
// as JSON (pretty-printed here; on the wire it is compact).
type HTTPCall struct {
	Method, URL string
	Request     string
	Response    string
}

// url is HTTPExtender.send: strings.TrimRight(extenderURL, "/") + "/" + verb.
func url(prefix, verb string) string { return strings.TrimRight(prefix, "/") + "/" + verb }

// args is what HTTPExtender.Filter and Prioritize send: with
// nodeCacheCapable the node names, otherwise whole Node objects.
func args(pod *v1.Pod, nodes []string) *extenderv1.ExtenderArgs {
	names := append([]string{}, nodes...)
	return &extenderv1.ExtenderArgs{Pod: wirePod(pod), NodeNames: &names}
}

// RequestAbridged labels the request body wherever it is shown: wirePod
// carries only the fields this model tracks, while the Pod the scheduler
// sends is the whole object from its cache, with the API server's defaults
// (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec: restartPolicy Always,
// dnsPolicy ClusterFirst, …), the DefaultTolerationSeconds admission
// plugin's tolerations and status.qosClass.
const RequestAbridged = "(abridged: the fields this demo models; the real Pod also carries restartPolicy, dnsPolicy, tolerations, status.qosClass …)"

// wirePod is the pod as the scheduler's informer holds it: no apiVersion
// and kind (informers strip TypeMeta), and without the fields this model
// does not track (the API server's other defaults).
func wirePod(p *v1.Pod) *v1.Pod {
	c := p.DeepCopy()
	c.TypeMeta = metav1.TypeMeta{}
	c.CreationTimestamp = Created
	c.Status.Phase = v1.PodPending
	return c
}

// Created is the story's creationTimestamp for the pods you apply.
var Created = metav1.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

// extenderFilter is HTTPExtender.Filter against this example extender: it
// removes the nodes under maintenance and names them in FailedNodes.
func extenderFilter(ext *Extender, pod *v1.Pod, nodes []string) (*HTTPCall, []string, map[string]string) {
	call := &HTTPCall{Method: "POST", URL: url(ext.URLPrefix, ext.FilterVerb), Request: pretty(args(pod, nodes))}
	kept := []string{}
	failed := extenderv1.FailedNodesMap{}
	for _, n := range nodes {
		if ext.Reject[n] {
			failed[n] = MaintenanceReason
		} else {
			kept = append(kept, n)
		}
	}
	res := extenderv1.ExtenderFilterResult{NodeNames: &kept, FailedNodes: failed, FailedAndUnresolvableNodes: extenderv1.FailedNodesMap{}}
	call.Response = pretty(res)
	return call, kept, failed
}

// extenderPrioritize is HTTPExtender.Prioritize: the reply is a
// HostPriorityList, one 0–10 score per node.
func extenderPrioritize(ext *Extender, pod *v1.Pod, nodes []string) (*HTTPCall, extenderv1.HostPriorityList) {
	call := &HTTPCall{Method: "POST", URL: url(ext.URLPrefix, ext.PrioritizeVerb), Request: pretty(args(pod, nodes))}
	var list extenderv1.HostPriorityList
	for _, n := range nodes {
		for _, x := range Nodes {
			if x.Name == n {
				list = append(list, extenderv1.HostPriority{Host: n, Score: x.ExtScore})
			}
		}
	}
	call.Response = pretty(list)
	return call, list
}

// pretty is json.Marshal (what HTTPExtender.send sends) indented for reading.
func pretty(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		panic(err)
	}
	return b.String()
}
