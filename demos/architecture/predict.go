package architecture

import (
	"fmt"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/archtrace"
)

var _ demos.Predictor = (*State)(nil)

// The checkpoints' questions begin with these, so a test can tell them
// apart.
const (
	qWatch    = "The API server sends the watch event"
	qStage    = "Authorization allowed the request. Which stage does the API server run next?"
	qResponse = "What will the API server answer to kubectl's"
)

// watchers are the components that hold watches in this cluster, as
// choices.
var watchers = []archtrace.Component{archtrace.Scheduler, archtrace.ControllerManager, archtrace.Kubelet1, archtrace.Kubelet2}

// stageChoices are the stages that can follow authorization.
var stageChoices = []archtrace.Stage{archtrace.StageMutatingAdmission, archtrace.StageValidation, archtrace.StageValidatingAdmssion, archtrace.StageStorage}

// statusChoices are the answers kubectl could get; the real one is added
// when it is not among them.
var statusChoices = []string{"200 OK", "201 Created", "202 Accepted", "403 Forbidden", "404 Not Found"}

// Prediction asks about the next message of the trace (engine/archtrace
// computed the whole trace; the next step holds the answer): which
// component a watch event goes to (when it is not the one the last event
// went to), which stage follows authorization, and what the API server
// answers kubectl.
func (st *State) Prediction() (demos.Prediction, bool) {
	steps := st.tr.Steps
	if st.step >= len(steps) {
		return demos.Prediction{}, false
	}
	next := steps[st.step]
	switch {
	case next.Kind == archtrace.KindWatch && len(next.To) == 1 && !next.Failed:
		return watchPrediction(steps[:st.step], next)
	case next.Stage == archtrace.StageMutatingAdmission && st.step > 0 && steps[st.step-1].Stage == archtrace.StageAuthorization:
		return stagePrediction(next)
	case next.Kind == archtrace.KindResponse && len(next.To) == 1 && next.To[0] == archtrace.Kubectl:
		return responsePrediction(steps[:st.step], next)
	}
	return demos.Prediction{}, false
}

// watchPrediction: the API server's watch cache sends an event to the
// watchers whose selector matches the object (cacher.go), and the question
// is who acts on it. The scheduler queues pods with no spec.nodeName
// (pkg/scheduler/eventhandlers.go addAllEventHandlers: !assignedPod); a
// kubelet lists and watches only pods with spec.nodeName=<its node>
// (pkg/kubelet/config/apiserver.go NewSourceApiserver); the Deployment
// and ReplicaSet controllers in kube-controller-manager watch their kinds
// (pkg/controller/deployment/deployment_controller.go,
// pkg/controller/replicaset/replica_set.go).
func watchPrediction(done []archtrace.Step, next archtrace.Step) (demos.Prediction, bool) {
	to := next.To[0]
	for i := len(done) - 1; i >= 0; i-- {
		if done[i].Kind == archtrace.KindWatch {
			if len(done[i].To) == 1 && done[i].To[0] == to {
				return demos.Prediction{}, false // the same watcher again: nothing new to reason out
			}
			break
		}
	}
	p := demos.Prediction{Question: fmt.Sprintf("%s %q next. Which component acts on it?", qWatch, next.Title), Answer: -1}
	for i, c := range watchers {
		p.Choices = append(p.Choices, string(c))
		if c == to {
			p.Answer = i
		}
	}
	switch {
	case p.Answer < 0:
		return demos.Prediction{}, false
	case to == archtrace.Scheduler:
		p.Why = "The scheduler puts every pod whose spec.nodeName is empty into its queue, while a kubelet watches only pods bound to its own node, so a pod no one has bound yet is the scheduler's to act on."
	case to == archtrace.ControllerManager:
		p.Why = "The Deployment and ReplicaSet controllers run inside kube-controller-manager and watch Deployments and ReplicaSets; no scheduler or kubelet watches those kinds."
	default:
		node := strings.TrimPrefix(string(to), "kubelet@")
		p.Why = fmt.Sprintf("A kubelet watches only pods whose spec.nodeName is its own node, so the pod reaches the kubelet on %s once the Binding has set spec.nodeName to %s.", node, node)
	}
	return p, true
}

// stagePrediction: create.go runs mutating admission (admit) before it
// calls the store; store.go Create validates the object
// (rest.BeforeCreate) and then runs validating admission
// (createValidation) before it writes to etcd.
func stagePrediction(next archtrace.Step) (demos.Prediction, bool) {
	p := demos.Prediction{Question: qStage, Answer: -1,
		Why: "After authentication and authorization the create handler runs mutating admission first, then validates the object, then runs validating admission, and only then writes to etcd: mutation comes before validation so that what is validated is what is stored."}
	for i, s := range stageChoices {
		p.Choices = append(p.Choices, string(s))
		if s == next.Stage {
			p.Answer = i
		}
	}
	if p.Answer < 0 {
		return demos.Prediction{}, false
	}
	return p, true
}

// responsePrediction asks for the status line of the API server's answer
// to kubectl's last request.
func responsePrediction(done []archtrace.Step, next archtrace.Step) (demos.Prediction, bool) {
	var req string
	for i := len(done) - 1; i >= 0; i-- {
		if done[i].Kind == archtrace.KindRequest && done[i].From == archtrace.Kubectl {
			req, _, _ = strings.Cut(done[i].Title, "?")
			break
		}
	}
	status := statusLine(next.Title)
	why := statusWhy(status)
	if req == "" || why == "" {
		return demos.Prediction{}, false
	}
	p := demos.Prediction{Question: fmt.Sprintf("%s %s?", qResponse, req), Choices: append([]string(nil), statusChoices...), Answer: -1, Why: why}
	for i, c := range p.Choices {
		if c == status {
			p.Answer = i
		}
	}
	if p.Answer < 0 {
		p.Choices = append(p.Choices, status)
		p.Answer = len(p.Choices) - 1
	}
	return p, true
}

// statusLine is "404 Not Found" of a response's title.
func statusLine(title string) string {
	s, _, _ := strings.Cut(title, ":")
	return strings.TrimSpace(s)
}

// statusWhy states the rule behind each answer the traces give.
func statusWhy(status string) string {
	switch status {
	case "404 Not Found":
		// registry/generic/registry/store.go Get: storage.IsNotFound →
		// errors.NewNotFound; kubectl apply.go then creates the object.
		return "The API server answers 404 Not Found when etcd holds nothing under the object's key; that is how kubectl apply learns it must create the object rather than patch it."
	case "201 Created":
		// endpoints/handlers/create.go: transformResponseObject with
		// http.StatusCreated once the store's Create has returned.
		return "The API server answers 201 Created as soon as the object is committed to etcd; all that follows from it (a ReplicaSet, pods, scheduling, containers) is done afterwards by the components that watch it."
	case "403 Forbidden":
		// admission/plugin/webhook/errors/statuserror.go ToStatusErr: the
		// webhook's status (code 403) is returned, and nothing is stored.
		return "A validating admission webhook that answers allowed: false makes the API server refuse the request with the webhook's status, here 403 Forbidden, and nothing is written to etcd."
	case "504 Gateway Timeout":
		// server/filters/timeout.go: apierrors.NewTimeoutError (504) when
		// the handler has not finished by the request's deadline.
		return "The API server keeps retrying a read etcd cannot serve until the request's deadline (--request-timeout, 1 minute), and then its timeout filter answers 504 Gateway Timeout."
	case "500 Internal Server Error":
		// endpoints/handlers/responsewriters/status.go ErrorToAPIStatus:
		// an error that is not an API status becomes 500.
		return "A write that etcd times out is not retried, and an error the API server has no status for reaches kubectl as 500 Internal Server Error with etcd's message."
	}
	return ""
}
