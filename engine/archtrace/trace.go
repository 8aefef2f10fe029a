package archtrace

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	kubenames "github.com/kubeviz/kubeviz/engine/names"
	"github.com/kubeviz/kubeviz/engine/scheduler"
)

// The story's names.
const (
	PodName     = "web-server"
	Namespace   = "default"
	Image       = "nginx:1.25"
	File        = "web-server.yaml"
	Deployment  = "web"
	Replicas    = 3
	WebhookName = "pod-policy.example.com"
	// WebhookMessage is what the example policy webhook answers.
	WebhookMessage = `image "nginx:1.25" is not from registry.example.com`
	// ImageSize is what containerd reports for nginx:1.25 in the kubelet's
	// Pulled event, as recorded from a cluster.
	ImageSize = 71005258
)

// Manifest is the outline's pod, the file `kubectl apply -f` reads.
const Manifest = `apiVersion: v1
kind: Pod
metadata:
  name: web-server
  labels:
    app: web
    tier: frontend
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
    resources:
      requests:
        cpu: 250m
        memory: 128Mi
      limits:
        cpu: 500m
        memory: 256Mi
  restartPolicy: Always`

// Source files, cited in Step.Source.
const (
	srcApply     = "staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go"
	srcCreateDep = "staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go"
	srcHelpers   = "staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go"
	srcChain     = "staging/src/k8s.io/apiserver/pkg/server/config.go"
	srcCreate    = "staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go"
	srcPlugins   = "pkg/kubeapiserver/options/plugins.go"
	srcStore     = "staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go"
	srcEtcd3     = "staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go"
	srcRaft      = "etcd-io/raft raft.go, quorum/majority.go"
	srcWatch     = "staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go"
	srcSchedule  = "pkg/scheduler/schedule_one.go"
	srcBinder    = "pkg/scheduler/framework/plugins/defaultbinder/default_binder.go"
	srcBinding   = "pkg/registry/core/pod/storage/storage.go"
	srcSyncPod   = "pkg/kubelet/kuberuntime/kuberuntime_manager.go"
	srcContainer = "pkg/kubelet/kuberuntime/kuberuntime_container.go"
	srcImages    = "pkg/kubelet/images/image_manager.go"
	srcStatus    = "pkg/kubelet/status/status_manager.go, pkg/util/pod/pod.go"
	srcToken     = "pkg/kubelet/token/token_manager.go"
	srcPrinters  = "pkg/printers/internalversion/printers.go"
	srcWebhook   = "staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/errors/statuserror.go"
	srcDeploy    = "pkg/controller/deployment/sync.go"
	srcRS        = "pkg/controller/replicaset/replica_set.go"
	srcNodeLC    = "pkg/controller/nodelifecycle/node_lifecycle_controller.go"
	srcEtcdSrv   = "etcd-io/etcd server/etcdserver/v3_server.go, client/v3/retry.go"
)

// nodeInfo is a worker as this demo builds it.
type nodeInfo struct {
	name       string
	kubelet    Component
	containerd Component
	ip         string
	podCIDR    string
	nextIP     int
	pullMs     int // how long pulling nginx:1.25 takes on this node
	pullDone   int // when the image is present (0: not pulled, -1: never started)
	pulling    bool
}

type builder struct {
	cfg   Config
	rng   kubenames.Rand // newRand(cfg.Seed)
	t     int
	st    State
	steps []Step
	nodes []*nodeInfo
	// The scheduler's view: pods bound so far.
	bound []*corev1.Pod
	// The node whose kubelet is stopped (FaultKubelet), once known.
	deadNode string
}

// Run traces the scenario of cfg.
func Run(cfg Config) (*Trace, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	b := &builder{cfg: cfg, rng: newRand(cfg.Seed)}
	b.nodes = []*nodeInfo{
		{name: "worker-1", kubelet: Kubelet1, containerd: Containerd1, ip: "192.168.56.11", podCIDR: "10.244.1", nextIP: 2, pullMs: 5214},
		{name: "worker-2", kubelet: Kubelet2, containerd: Containerd2, ip: "192.168.56.12", podCIDR: "10.244.2", nextIP: 2, pullMs: 4871},
	}
	b.st.Etcd = initialEtcd(cfg.Fault == FaultEtcd)
	b.st.Nodes = []Node{{Name: "control-plane", Ready: "True", Taints: []string{"node-role.kubernetes.io/control-plane:NoSchedule"}},
		{Name: "worker-1", Ready: "True"}, {Name: "worker-2", Ready: "True"}}
	switch cfg.Fault {
	case FaultEtcd:
		b.st.Down = []Component{Etcd2, Etcd3}
	case FaultScheduler:
		b.st.Down = []Component{Scheduler}
	}
	tr := &Trace{Config: cfg}
	switch cfg.Scenario {
	case ScenarioPod:
		tr.Command = "kubectl apply -f " + File
		tr.Intro = "You are about to run kubectl apply -f web-server.yaml for the outline's pod; nothing has been sent yet."
	case ScenarioDeployment:
		tr.Command = fmt.Sprintf("kubectl create deployment %s --image=%s --replicas=%d", Deployment, Image, Replicas)
		tr.Intro = "You are about to run kubectl create deployment web --image=nginx:1.25 --replicas=3; nothing has been sent yet."
	}
	switch cfg.Fault {
	case FaultEtcd:
		tr.Intro += " etcd-2 and etcd-3 are down: etcd-1 alone is not a quorum of 3, so it stepped down and there is no leader."
	case FaultScheduler:
		tr.Intro += " kube-scheduler is stopped."
	case FaultKubelet:
		tr.Intro += " The kubelet on one worker (the one the scheduler will pick) posted its last node status 10 s ago and then stopped; the node still shows Ready, because the node lifecycle controller waits 50 s (node-monitor-grace-period) before it marks a node NotReady."
	case FaultWebhook:
		tr.Intro += " A ValidatingWebhookConfiguration sends every Pod create to the webhook " + WebhookName + ", which rejects images that are not from registry.example.com."
	}
	tr.Start = b.st.clone()
	if cfg.Scenario == ScenarioPod {
		b.applyPod()
	} else {
		b.createDeployment()
	}
	tr.Steps = b.steps
	return tr, nil
}

func (st *State) clone() State {
	c := *st
	c.Etcd = st.Etcd.clone()
	c.Terminal = slices.Clone(st.Terminal)
	c.Pods = slices.Clone(st.Pods)
	c.Nodes = slices.Clone(st.Nodes)
	for i := range c.Nodes {
		c.Nodes[i].Taints = slices.Clone(st.Nodes[i].Taints)
	}
	c.Objects = slices.Clone(st.Objects)
	c.Down = slices.Clone(st.Down)
	return c
}

func (b *builder) emit(s Step) {
	s.At = b.t
	s.State = b.st.clone()
	b.steps = append(b.steps, s)
}

func (b *builder) after(ms int) { b.t += ms }

func (b *builder) print(lines ...string) { b.st.Terminal = append(b.st.Terminal, lines...) }

func (b *builder) pod(name string) *Pod {
	for i := range b.st.Pods {
		if b.st.Pods[i].Name == name {
			return &b.st.Pods[i]
		}
	}
	return nil
}

func (b *builder) node(name string) *nodeInfo {
	for _, n := range b.nodes {
		if n.name == name {
			return n
		}
	}
	return nil
}

// ---- the API server ----

// filterOrder is the order a request meets the filters of
// DefaultBuildHandlerChain (staging/src/k8s.io/apiserver/pkg/server/config.go,
// read at kubernetes/kubernetes 8921bcdb: config.go builds the chain inside
// out, so a request runs it from the last line up), as a default
// kube-apiserver runs it: WithAuditInit (formerly WithAuditID) is outermost,
// then WithMuxAndDiscoveryComplete and WithLatencyTrackers; WithWarningRecorder
// sits inside the timeout filter; WithAuditAnnotations is gone. WithTracing
// runs right after WithAuthentication since kubernetes PR #127053 (merged for
// v1.33), and the APIServerTracing gate is GA, locked on, since v1.34. Left
// out because they are off by default: WithRoutine (APIServingWithRoutine,
// alpha), WithRetryAfter (--shutdown-send-retry-after),
// WithProbabilisticGoaway (--goaway-chance 0) and
// WithWatchTerminationDuringShutdown (--shutdown-watch-termination-grace-period 0).
var filterOrder = []string{
	"WithAuditInit", "WithPanicRecovery", "WithMuxAndDiscoveryComplete", "WithRequestReceivedTimestamp",
	"WithRequestInfo", "WithLatencyTrackers", "WithHTTPLogging", "WithHSTS", "WithCacheControl",
	"WithWaitGroup", "WithRequestDeadline", "WithTimeoutForNonLongRunningRequests", "WithWarningRecorder",
	"WithCORS", "WithAuthentication", "WithTracing", "WithAudit", "WithImpersonation",
	"WithPriorityAndFairness", "WithAuthorization",
}

// who is the authenticated user of a request from c.
func who(c Component) (user, groups, flow string) {
	switch c {
	case Kubectl:
		// kubeadm's admin.conf: a client certificate with
		// CN=kubernetes-admin, O=kubeadm:cluster-admins.
		return "kubernetes-admin", "[kubeadm:cluster-admins system:authenticated]", "global-default"
	case Scheduler:
		return "system:kube-scheduler", "[system:authenticated]", "kube-scheduler"
	case ControllerManager:
		return "system:kube-controller-manager", "[system:authenticated]", "kube-controller-manager"
	}
	return "system:node:worker-?", "[system:nodes system:authenticated]", "system-nodes"
}

// chainLines is the handler chain of a write in a few lines, for the
// steps that do not show each stage.
func chainLines(from Component, verb, resource string) []string {
	user, groups, flow := who(from)
	return []string{
		fmt.Sprintf("authentication: user %s, groups %s", user, groups),
		fmt.Sprintf("priority and fairness: FlowSchema %s", flow),
		fmt.Sprintf("authorization (Node,RBAC): %s %s allowed", verb, resource),
		"mutating admission, schema validation, validating admission: admitted",
	}
}

// ---- etcd ----

// write stores key with a Raft round, shown as one step.
func (b *builder) write(key, what string) int64 {
	b.after(2)
	idx, raft := b.st.Etcd.raftRound()
	rev := b.st.Etcd.put(key)
	lines := append([]string{fmt.Sprintf("Txn: if mod_revision(%s) … then Put(%s) (%s, protobuf)", key, key, what)}, raft...)
	lines = append(lines, fmt.Sprintf("TxnResponse{succeeded: true, header.revision: %d}: resourceVersion %d", rev, rev))
	b.emit(Step{From: APIServer, To: []Component{Etcd1}, Kind: KindEtcd, Stage: StageStorage,
		Title:     "Txn " + key,
		Lines:     lines,
		Narration: fmt.Sprintf("The API server writes %s to etcd; the leader replicates it as Raft entry %d and commits once 2 of 3 members have it, at revision %d.", key, idx, rev),
		Source:    srcEtcd3 + "; " + srcRaft})
	return rev
}

// ---- the pod scenario ----

func (b *builder) lastApplied() string {
	obj := map[string]any{
		"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"annotations": map[string]any{}, "labels": map[string]any{"app": "web", "tier": "frontend"},
			"name": PodName, "namespace": Namespace},
		"spec": map[string]any{
			"containers": []any{map[string]any{
				"image": Image, "name": "nginx", "ports": []any{map[string]any{"containerPort": 80}},
				"resources": map[string]any{"limits": map[string]any{"cpu": "500m", "memory": "256Mi"},
					"requests": map[string]any{"cpu": "250m", "memory": "128Mi"}},
			}},
			"restartPolicy": "Always",
		},
	}
	return compactJSON(obj) + "\n"
}

func (b *builder) applyPod() {
	podPath := "/api/v1/namespaces/default/pods/" + PodName
	key := "/registry/pods/default/" + PodName
	// kubectl apply: info.Get() first; only a NotFound leads to a create.
	b.after(5)
	b.emit(Step{From: Kubectl, To: []Component{APIServer}, Kind: KindRequest,
		Title: "GET " + podPath,
		Lines: []string{"Accept: application/json",
			"kubectl apply first reads the live object, to compare it with the file."},
		Narration: "kubectl apply asks the API server whether pod web-server already exists.",
		Source:    srcApply})

	if b.cfg.Fault == FaultEtcd {
		b.etcdReadFails(podPath, key)
		return
	}
	b.after(3)
	b.emit(Step{From: APIServer, To: []Component{Etcd1}, Kind: KindEtcd,
		Title: "Range " + key,
		Lines: []string{"a linearizable read: etcd-1 (leader) confirms its leadership with a heartbeat round to a quorum (ReadIndex) before it answers",
			"RangeResponse{count: 0, header.revision: 1000}: no such key"},
		Narration: "The API server reads the pod's key from etcd, and there is no such key.",
		Source:    srcEtcd3})
	b.after(1)
	b.emit(Step{From: APIServer, To: []Component{Kubectl}, Kind: KindResponse, Failed: true,
		Title: "404 Not Found",
		Lines: []string{statusJSON(metav1.StatusReasonNotFound, `pods "web-server" not found`, &metav1.StatusDetails{Name: PodName, Kind: "pods"}, 404),
			"kubectl treats NotFound as \"create it\"."},
		Narration: "The API server answers 404 NotFound, so kubectl will create the pod.",
		Source:    srcApply})

	ann := b.lastApplied()
	b.after(2)
	b.emit(Step{From: Kubectl, To: []Component{APIServer}, Kind: KindRequest,
		Title: "POST /api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict",
		Lines: []string{"Content-Type: application/json",
			"body: the Pod from web-server.yaml with namespace default and one annotation added:",
			"kubectl.kubernetes.io/last-applied-configuration: " + strings.TrimSuffix(ann, "\n") + `\n`,
			"(the next kubectl apply diffs the file against this annotation to find what to remove)"},
		Narration: "kubectl POSTs the pod, adding the last-applied-configuration annotation that client-side apply keeps.",
		Source:    srcApply})

	b.apiStages(Kubectl, true)
	if b.cfg.Fault == FaultWebhook {
		b.webhookRejects("creating", "pods", PodName)
		return
	}
	uid := kubenames.UID(b.rng)
	b.storePodDetailed(key)
	b.after(1)
	b.emit(Step{From: APIServer, To: []Component{Kubectl}, Kind: KindResponse,
		Title: "201 Created",
		Lines: []string{fmt.Sprintf("the Pod as stored: metadata.uid %s, resourceVersion %d, status.phase Pending, qosClass Burstable", uid, b.st.Etcd.Revision),
			"kubectl prints: pod/web-server created"},
		Narration: "The API server answers 201 Created and kubectl prints pod/web-server created; nothing is running yet.",
		Source:    srcApply})
	b.print("pod/web-server created")

	p := b.mustPod(PodName, uid, corev1.ResourceList{}, true)
	node, ok := b.schedule(p, true)
	if !ok {
		b.getPods(60000)
		return
	}
	b.kubeletDetailed(PodName, uid, node)
	b.getPods(2000)
}

// apiStages shows the API server's stages for a create, one step each.
func (b *builder) apiStages(from Component, pod bool) {
	user, groups, flow := who(from)
	b.after(1)
	b.emit(Step{From: APIServer, To: []Component{APIServer}, Kind: KindLocal, Stage: StageAuthentication,
		Title: "authentication",
		Lines: []string{"filters, in the order the request meets them: " + strings.Join(filterOrder, ", "),
			"WithAuthentication: x509 client certificate CN=kubernetes-admin, O=kubeadm:cluster-admins",
			fmt.Sprintf("→ user %s, groups %s", user, groups)},
		Narration: "The API server authenticates the request from kubectl's client certificate: user kubernetes-admin.",
		Source:    srcChain})
	b.after(1)
	b.emit(Step{From: APIServer, To: []Component{APIServer}, Kind: KindLocal, Stage: StageAuthorization,
		Title: "authorization",
		Lines: []string{"WithAudit: the audit event is started",
			"WithImpersonation: no Impersonate-* headers",
			fmt.Sprintf("WithPriorityAndFairness: FlowSchema %s → priority level %s", flow, flow),
			"WithAuthorization: Node authorizer: no opinion (not a node); RBAC:",
			`RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"`},
		Narration: "RBAC allows the create: the ClusterRoleBinding kubeadm:cluster-admins gives kubectl's group cluster-admin.",
		Source:    srcChain + "; plugin/pkg/auth/authorizer/rbac/rbac.go"})
	b.after(1)
	if pod {
		b.emit(Step{From: APIServer, To: []Component{APIServer}, Kind: KindLocal, Stage: StageMutatingAdmission,
			Title: "mutating admission",
			Lines: []string{
				"decoding already applied the defaults (dnsPolicy ClusterFirst, schedulerName default-scheduler, terminationGracePeriodSeconds 30, imagePullPolicy IfNotPresent, enableServiceLinks true, …)",
				// NamespaceLifecycle implements only Admit, so it runs in
				// this phase, first of the default-on plugins
				// (staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go).
				"NamespaceLifecycle: namespace default exists and is Active",
				"LimitRanger: no LimitRange in namespace default: unchanged",
				"ServiceAccount: spec.serviceAccountName: default; adds volume kube-api-access-" + kubenames.Suffix(b.rng, 5) + " (projected: a token for 3607 s, kube-root-ca.crt, the namespace) mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount",
				"Priority: no priorityClassName and no default PriorityClass: spec.priority 0, preemptionPolicy PreemptLowerPriority",
				"DefaultTolerationSeconds: tolerations node.kubernetes.io/not-ready:NoExecute and node.kubernetes.io/unreachable:NoExecute, Exists, for 300 s",
				"RuntimeClass: no runtimeClassName: unchanged",
				// MutatingAdmissionPolicy is on by default since v1.36
				// (kubernetes PR #136039, GA) and runs just before
				// MutatingAdmissionWebhook (pkg/kubeapiserver/options/plugins.go
				// AllOrderedPlugins).
				"MutatingAdmissionPolicy: no MutatingAdmissionPolicyBinding matches",
				"MutatingAdmissionWebhook: no MutatingWebhookConfiguration matches",
			},
			Narration: "Mutating admission runs in upstream's order: ServiceAccount mounts a token volume, Priority sets priority 0, DefaultTolerationSeconds adds two 300-second tolerations.",
			Source:    srcCreate + "; " + srcPlugins})
		b.after(1)
		b.emit(Step{From: APIServer, To: []Component{APIServer}, Kind: KindLocal, Stage: StageValidation,
			Title: "schema validation",
			Lines: []string{"fieldValidation=Strict: every field of the body is a Pod field",
				"the pod strategy's Validate (pkg/apis/core/validation ValidatePodCreate): name, labels, container, ports, requests ≤ limits: valid"},
			Narration: "The Pod passes validation: every field is known and requests do not exceed limits.",
			Source:    srcStore + "; pkg/apis/core/validation/validation.go"})
		b.after(1)
		// The validating plugins in AllOrderedPlugins' order
		// (pkg/kubeapiserver/options/plugins.go): PodSecurity comes after
		// ServiceAccount and before Priority and RuntimeClass.
		lines := []string{
			"LimitRanger, ServiceAccount: consistent",
			"PodSecurity: namespace default has no pod-security.kubernetes.io labels; the default level is privileged: allowed",
			"Priority, RuntimeClass: consistent",
			"ValidatingAdmissionPolicy: no policy binds",
		}
		if b.cfg.Fault == FaultWebhook {
			lines = append(lines, "ValidatingAdmissionWebhook: "+WebhookName+" matches CREATE pods: calling it")
		} else {
			lines = append(lines, "ValidatingAdmissionWebhook: no ValidatingWebhookConfiguration matches",
				"ResourceQuota: no ResourceQuota in namespace default")
		}
		b.emit(Step{From: APIServer, To: []Component{APIServer}, Kind: KindLocal, Stage: StageValidatingAdmssion,
			Title:     "validating admission",
			Lines:     lines,
			Narration: "Validating admission checks the final object: PodSecurity allows it, and no policy or webhook objects" + map[bool]string{true: ", except the policy webhook, which the API server now calls.", false: "."}[b.cfg.Fault == FaultWebhook],
			Source:    srcStore + "; " + srcPlugins})
	}
}

// storePodDetailed is the pod's etcd write with the Raft round shown
// message by message.
func (b *builder) storePodDetailed(key string) {
	e := &b.st.Etcd
	l := e.member(Etcd1)
	prev := l.LastIndex
	idx := prev + 1
	b.after(1)
	l.LastIndex = idx
	b.emit(Step{From: APIServer, To: []Component{Etcd1}, Kind: KindEtcd, Stage: StageStorage,
		Title: "Txn " + key,
		Lines: []string{fmt.Sprintf("Txn{compare: [mod_revision(%s) = 0], success: [Put(%s, <Pod, protobuf with the k8s\\x00 prefix>)]}", key, key),
			"create only if absent: the compare makes a second create fail with AlreadyExists",
			fmt.Sprintf("etcd-1 is the leader (term %d): it appends the proposal as entry %d of its log", l.Term, idx)},
		Narration: fmt.Sprintf("The API server sends etcd a transaction that creates %s only if it is absent; the leader etcd-1 appends it as log entry %d.", key, idx),
		Source:    srcEtcd3})
	b.after(1)
	b.emit(Step{From: Etcd1, To: []Component{Etcd2, Etcd3}, Kind: KindRaft, Stage: StageStorage,
		Title: "MsgApp",
		Lines: []string{fmt.Sprintf("MsgApp{Term:%d Index:%d LogTerm:%d Entries:[%d] Commit:%d}", l.Term, prev, l.Term, idx, l.Commit),
			"Index and LogTerm name the entry before the new one: a follower accepts only if its log matches there"},
		Narration: fmt.Sprintf("The leader sends MsgApp with entry %d to etcd-2 and etcd-3.", idx),
		Source:    srcRaft})
	b.after(1)
	f2 := e.member(Etcd2)
	f2.LastIndex = idx
	commit := CommittedIndex([]uint64{l.LastIndex, f2.LastIndex, e.member(Etcd3).LastIndex})
	l.Commit = commit
	rev := e.put(key)
	b.st.Pods = append(b.st.Pods, Pod{Name: PodName, Phase: "Pending", Status: "Pending", CreatedAt: b.t})
	b.emit(Step{From: Etcd2, To: []Component{Etcd1}, Kind: KindRaft, Stage: StageStorage,
		Title: "MsgAppResp",
		Lines: []string{fmt.Sprintf("MsgAppResp{Term:%d Index:%d} from etcd-2", l.Term, idx),
			fmt.Sprintf("match indexes: etcd-1 %d, etcd-2 %d, etcd-3 %d (its answer is still on the way)", idx, idx, prev),
			fmt.Sprintf("quorum of 3 = 3/2+1 = %d; sorted [%d %d %d], position 3-2 = 1 → committed index %d", Quorum(3), prev, idx, idx, commit),
			fmt.Sprintf("etcd-1 applies entry %d: the key is written at revision %d", idx, rev)},
		Narration: fmt.Sprintf("etcd-2 acknowledges entry %d; with the leader that is 2 of 3, a quorum, so the entry commits and is applied at revision %d.", idx, rev),
		Source:    srcRaft})
	b.after(1)
	f3 := e.member(Etcd3)
	f3.LastIndex = idx
	f2.Commit, f3.Commit = commit, commit
	b.emit(Step{From: Etcd1, To: []Component{APIServer}, Kind: KindEtcd, Stage: StageStorage,
		Title: "TxnResponse",
		Lines: []string{fmt.Sprintf("TxnResponse{succeeded: true, header.revision: %d}", rev),
			fmt.Sprintf("the revision becomes the object's metadata.resourceVersion: \"%d\"", rev),
			"etcd-3's MsgAppResp arrives too; the next MsgApp or heartbeat tells both followers the commit index"},
		Narration: fmt.Sprintf("etcd answers the API server: the transaction succeeded at revision %d, the pod's resourceVersion.", rev),
		Source:    srcEtcd3})
}

// etcdReadFails is kubectl apply's GET with no etcd leader.
func (b *builder) etcdReadFails(podPath, key string) {
	b.after(3)
	b.emit(Step{From: APIServer, To: []Component{Etcd1}, Kind: KindEtcd, Failed: true,
		Title: "Range " + key,
		Lines: []string{"a linearizable read needs the leader to confirm the commit index (ReadIndex)",
			"raft: etcd-1 no leader at term 3; dropping index reading msg",
			"etcd-2 and etcd-3 are down: 1 of 3 members cannot elect a leader (a quorum is 2)"},
		Narration: "The API server asks etcd-1 for the pod's key, but etcd has no leader, so the read cannot be served.",
		Source:    srcEtcdSrv + "; " + srcRaft})
	b.after(7000)
	b.emit(Step{From: Etcd1, To: []Component{APIServer}, Kind: KindEtcd, Failed: true,
		Title: "etcdserver: request timed out",
		Lines: []string{"after etcd's request timeout, 5 s + 2 × the 1 s election timeout = 7 s",
			"the error's gRPC code is Unavailable, and a Range is safe to repeat: the API server's etcd client retries it",
			"…and again, every 7 s, until the request's 60 s deadline (kube-apiserver --request-timeout=1m0s)"},
		Narration: "After 7 seconds etcd-1 answers etcdserver: request timed out, and the API server's etcd client retries the read until the request's deadline.",
		Source:    srcEtcdSrv})
	b.t = 60000 + 5
	msg := "Timeout: request did not complete within requested timeout - context deadline exceeded"
	b.emit(Step{From: APIServer, To: []Component{Kubectl}, Kind: KindResponse, Failed: true,
		Title:     "504 Gateway Timeout",
		Lines:     []string{statusJSON(metav1.StatusReasonTimeout, msg, &metav1.StatusDetails{}, 504)},
		Narration: "At the 60-second deadline the API server gives up and answers 504 Timeout.",
		Source:    "staging/src/k8s.io/apiserver/pkg/server/filters/timeout.go"})
	b.after(1)
	b.print(
		"Error from server (Timeout): error when retrieving current configuration of:",
		`Resource: "/v1, Resource=pods", GroupVersionKind: "/v1, Kind=Pod"`,
		`Name: "web-server", Namespace: "default"`,
		`from server for: "web-server.yaml": `+msg)
	b.emit(Step{From: Kubectl, To: []Component{Kubectl}, Kind: KindPrint, Failed: true,
		Title: "kubectl prints the error",
		Lines: []string{"AddSourceToErr(\"retrieving current configuration of:…from server for:\") and StandardErrorMessage: \"Error from server (Timeout): …\"",
			"nothing was written: without a quorum etcd can neither read linearizably nor commit a write"},
		Narration: "kubectl prints Error from server (Timeout): nothing was created, because etcd without a quorum can neither serve the read nor commit a write.",
		Source:    srcApply + "; " + srcHelpers})
}

// webhookRejects is the validating webhook's denial of a pod create.
func (b *builder) webhookRejects(verb, resource, name string) {
	b.after(2)
	b.emit(Step{From: APIServer, To: []Component{Webhook}, Kind: KindRequest, Stage: StageValidatingAdmssion,
		Title: "POST https://pod-policy.policy-system.svc:443/validate?timeout=10s",
		Lines: []string{"Content-Type: application/json",
			`body: AdmissionReview{apiVersion: admission.k8s.io/v1, request: {uid, kind: Pod, resource: pods, operation: CREATE, namespace: default, object: the mutated Pod, userInfo: kubernetes-admin}}`},
		Narration: "The API server sends the webhook an AdmissionReview with the pod it is about to store.",
		Source:    "staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/validating/dispatcher.go"})
	b.after(8)
	b.emit(Step{From: Webhook, To: []Component{APIServer}, Kind: KindResponse, Stage: StageValidatingAdmssion, Failed: true,
		Title: "200 OK: allowed: false",
		Lines: []string{`AdmissionReview{response: {uid, allowed: false, status: {code: 403, reason: "Forbidden", message: "` + strings.ReplaceAll(WebhookMessage, `"`, `\"`) + `"}}}`,
			"(controller-runtime's admission.Denied answers with code 403 and reason Forbidden)"},
		Narration: "The webhook answers allowed: false with its reason.",
		Source:    srcWebhook})
	msg := fmt.Sprintf("admission webhook %q denied the request: %s", WebhookName, WebhookMessage)
	b.after(1)
	b.emit(Step{From: APIServer, To: []Component{Kubectl}, Kind: KindResponse, Failed: true,
		Title: "403 Forbidden",
		Lines: []string{statusJSON(metav1.StatusReasonForbidden, msg, nil, 403),
			"ToStatusErr: \"admission webhook %q denied the request: \" + the webhook's message; nothing reaches etcd"},
		Narration: "The API server rejects the create with 403 Forbidden and the webhook's message; nothing is written to etcd.",
		Source:    srcWebhook})
	b.after(1)
	b.print(fmt.Sprintf("Error from server (Forbidden): error when %s %q: %s", verb, File, msg))
	b.emit(Step{From: Kubectl, To: []Component{Kubectl}, Kind: KindPrint, Failed: true,
		Title:     "kubectl prints the error",
		Lines:     []string{"AddSourceToErr(\"creating\", \"web-server.yaml\", err), then StandardErrorMessage: the reason goes in brackets"},
		Narration: "kubectl prints Error from server (Forbidden) with the webhook's message; there is no pod.",
		Source:    srcApply + "; " + srcHelpers})
}

// mustPod is the pod as the scheduler engine takes it.
func (b *builder) mustPod(name, uid string, _ corev1.ResourceList, requests bool) *corev1.Pod {
	spec := scheduler.PodSpec{Name: name, Namespace: Namespace, UID: uid, Image: Image, Labels: map[string]string{"app": "web"},
		Tolerations: []corev1.Toleration{
			{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute},
			{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute},
		}}
	if requests {
		spec.CPU, spec.Memory = "250m", "128Mi"
	}
	p, err := scheduler.MakePod(spec)
	if err != nil {
		panic(err) // constant quantities
	}
	return p
}

func (b *builder) cluster() scheduler.Cluster {
	var nodes []*corev1.Node
	for _, ns := range []scheduler.NodeSpec{
		{Name: "control-plane", CPU: "2", Memory: "4Gi", Taints: []corev1.Taint{{Key: "node-role.kubernetes.io/control-plane", Effect: corev1.TaintEffectNoSchedule}}},
		{Name: "worker-1", CPU: "2", Memory: "4Gi"},
		{Name: "worker-2", CPU: "2", Memory: "4Gi"},
	} {
		n, err := scheduler.MakeNode(ns)
		if err != nil {
			panic(err)
		}
		nodes = append(nodes, n)
	}
	return scheduler.Cluster{Nodes: nodes, Pods: b.bound}
}

// schedule is the watch event to the scheduler, its cycle, the Binding and
// its write. It returns the node, or false when the pod stays unbound.
func (b *builder) schedule(p *corev1.Pod, detailed bool) (string, bool) {
	name := p.Name
	b.after(2)
	if b.cfg.Fault == FaultScheduler {
		b.emit(Step{From: APIServer, To: []Component{Scheduler}, Kind: KindWatch, Failed: true,
			Title: "ADDED Pod " + Namespace + "/" + name,
			Lines: []string{"the event would go to kube-scheduler's watch of unbound pods, but kube-scheduler is stopped: no one is watching",
				"nothing else assigns a node: the pod stays Pending with no spec.nodeName, and no event is recorded"},
			Narration: "The API server has the new pod, but no scheduler is watching, so nothing assigns it a node.",
			Source:    srcWatch})
		return "", false
	}
	b.emit(Step{From: APIServer, To: []Component{Scheduler}, Kind: KindWatch,
		Title: "ADDED Pod " + Namespace + "/" + name,
		Lines: []string{`watch: GET /api/v1/pods?fieldSelector=status.phase!=Succeeded,status.phase!=Failed&watch=true`,
			fmt.Sprintf(`{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":%q,"resourceVersion":"%d"},"spec":{"nodeName":""}}}`, name, b.st.Etcd.Revision),
			"the scheduler's informer puts the unbound pod in its scheduling queue"},
		Narration: "The scheduler's watch delivers an ADDED event for " + name + ", a pod with no node.",
		Source:    srcWatch})
	cyc := scheduler.Schedule(b.cluster(), p, scheduler.Options{Seed: b.rng.Uint64()})
	var lines []string
	for _, f := range cyc.Filter {
		if f.Status != nil {
			lines = append(lines, fmt.Sprintf("Filter %s: rejected by %s: %s", f.Node, f.Status.Plugin, f.Status.Message()))
		} else {
			lines = append(lines, fmt.Sprintf("Filter %s: passes", f.Node))
		}
	}
	for _, t := range cyc.Totals {
		lines = append(lines, fmt.Sprintf("Score %s: %d", t.Node, t.Total))
	}
	if len(cyc.Tied) > 1 {
		lines = append(lines, fmt.Sprintf("tie between %s: the scheduler picks one at random", strings.Join(cyc.Tied, " and ")))
	}
	lines = append(lines, "selected: "+cyc.Selected)
	node := cyc.Selected
	b.after(4)
	b.emit(Step{From: Scheduler, To: []Component{Scheduler}, Kind: KindLocal,
		Title:     "scheduling cycle: " + name + " → " + node,
		Lines:     lines,
		Narration: fmt.Sprintf("The scheduler filters and scores the nodes for %s and picks %s.", name, node),
		Source:    srcSchedule + " (engine/scheduler)"})
	b.after(2)
	b.emit(Step{From: Scheduler, To: []Component{APIServer}, Kind: KindRequest,
		Title: "POST /api/v1/namespaces/default/pods/" + name + "/binding",
		Lines: []string{"Content-Type: application/vnd.kubernetes.protobuf",
			fmt.Sprintf(`body: Binding{metadata: {name: %q, namespace: "default", uid}, target: {kind: "Node", name: %q}}`, name, node),
			"the binding subresource sets spec.nodeName and the PodScheduled condition in one update"},
		Narration: fmt.Sprintf("The scheduler POSTs a Binding of %s to %s.", name, node),
		Source:    srcBinder + "; " + srcBinding})
	b.write("/registry/pods/default/"+name, "spec.nodeName: "+node)
	b.pod(name).Node = node
	bp := p.DeepCopy()
	bp.Spec.NodeName = node
	b.bound = append(b.bound, bp)
	b.after(1)
	b.emit(Step{From: APIServer, To: []Component{Scheduler}, Kind: KindResponse,
		Title: "201 Created",
		Lines: []string{`{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}`,
			"the scheduler then records the event: Normal  Scheduled  default-scheduler  " + cyc.Events[len(cyc.Events)-1].Message},
		Narration: fmt.Sprintf("The binding succeeds; the scheduler records the event Successfully assigned default/%s to %s.", name, node),
		Source:    srcSchedule})
	if b.cfg.Fault == FaultKubelet && b.deadNode == "" {
		b.deadNode = node
	}
	return node, true
}

// kubeletDetailed is the kubelet's side for the pod scenario, a message a step.
func (b *builder) kubeletDetailed(name, uid, node string) {
	ni := b.node(node)
	b.after(2)
	if b.deadNode == node {
		b.watchLost(ni, []string{name})
		b.nodeNotReady(ni)
		return
	}
	b.emit(Step{From: APIServer, To: []Component{ni.kubelet}, Kind: KindWatch,
		Title: "ADDED Pod " + Namespace + "/" + name,
		Lines: []string{"watch: GET /api/v1/pods?fieldSelector=spec.nodeName=" + node + "&watch=true",
			"the pod now matches the kubelet's field selector, so to the kubelet it is ADDED (the scheduler's watch sees MODIFIED)"},
		Narration: "The kubelet on " + node + " sees the pod appear in its watch, now that spec.nodeName is " + node + ".",
		Source:    srcWatch + "; pkg/kubelet/config/apiserver.go"})
	// pkg/kubelet/kubelet.go SyncPod first hands the generated status to
	// the status manager (SetPodStatus, which wakes its sync goroutine to
	// PATCH it), then waits for the volumes (WaitForAttachAndMount: the
	// volume reconciler mounts kube-api-access, which requests the token),
	// and only then calls the runtime's SyncPod.
	b.after(2)
	p := b.pod(name)
	p.Status = "ContainerCreating"
	b.emit(Step{From: ni.kubelet, To: []Component{APIServer}, Kind: KindRequest,
		Title: "PATCH /api/v1/namespaces/default/pods/" + name + "/status",
		Lines: []string{"Content-Type: application/strategic-merge-patch+json",
			"status: phase Pending, hostIP " + ni.ip + ", conditions PodReadyToStartContainers False, Initialized True, Ready False, ContainersReady False, PodScheduled True",
			"containerStatuses: nginx waiting, reason ContainerCreating"},
		Narration: "The kubelet reports the pod as Pending with its container ContainerCreating.",
		Source:    srcStatus + "; pkg/kubelet/kubelet.go SyncPod (SetPodStatus)"})
	b.after(3)
	b.emit(Step{From: ni.kubelet, To: []Component{APIServer}, Kind: KindRequest,
		Title: "POST /api/v1/namespaces/default/serviceaccounts/default/token",
		Lines: []string{`body: TokenRequest{spec: {audiences: [], expirationSeconds: 3607, boundObjectRef: {kind: Pod, name: "web-server", uid: "` + uid + `"}}}`,
			"the token for the kube-api-access volume that the ServiceAccount admission plugin added, bound to this pod"},
		Narration: "Mounting the pod's volumes, the kubelet requests a service account token bound to this pod.",
		Source:    srcToken + "; pkg/kubelet/kubelet.go SyncPod (WaitForAttachAndMount)"})
	sandbox := containerID(b.rng)
	ip := fmt.Sprintf("%s.%d", ni.podCIDR, ni.nextIP)
	ni.nextIP++
	b.after(180)
	b.emit(Step{From: ni.kubelet, To: []Component{ni.containerd}, Kind: KindCRI,
		Title: "RunPodSandbox",
		Lines: []string{fmt.Sprintf(`RunPodSandboxRequest{config: {metadata: {name: "web-server", uid: %q, namespace: "default", attempt: 0}, hostname: "web-server", log_directory: "/var/log/pods/default_web-server_%s", dns_config: {servers: [10.96.0.10], searches: [default.svc.cluster.local svc.cluster.local cluster.local], options: [ndots:5]}, linux: {cgroup_parent: kubepods-burstable-pod….slice}}}`, uid, uid),
			"containerd starts the pause container and calls the CNI plugin for the pod's network namespace",
			fmt.Sprintf("RunPodSandboxResponse{pod_sandbox_id: %q}; PodSandboxStatus: network.ip %s", sandbox[:13]+"…", ip)},
		Narration: fmt.Sprintf("The kubelet asks containerd for the pod sandbox; the CNI plugin gives it the IP %s.", ip),
		Source:    srcSyncPod + " (SyncPod step 4, createPodSandbox); k8s.io/cri-api"})
	p.IP = ip
	start := b.t
	b.after(2)
	b.emit(Step{From: ni.kubelet, To: []Component{ni.containerd}, Kind: KindCRI,
		Title: "PullImage nginx:1.25",
		Lines: []string{`ImageStatus{image: "nginx:1.25"}: not present; imagePullPolicy IfNotPresent → pull`,
			"event: Normal  Pulling  kubelet  Pulling image \"nginx:1.25\"",
			`PullImageRequest{image: {image: "nginx:1.25"}, sandbox_config: …}: containerd resolves docker.io/library/nginx:1.25`},
		Narration: "The kubelet checks for the image, does not find it, and asks containerd to pull nginx:1.25.",
		Source:    srcImages + "; " + srcContainer + " (startContainer step 1)"})
	b.after(ni.pullMs)
	ni.pullDone = b.t
	cid := containerID(b.rng)
	b.emit(Step{From: ni.kubelet, To: []Component{ni.containerd}, Kind: KindCRI,
		Title: "CreateContainer nginx",
		Lines: []string{fmt.Sprintf("PullImageResponse after %s; event: Normal  Pulled  kubelet  Successfully pulled image \"nginx:1.25\" in %s (%s including waiting). Image size: %d bytes.", ms(ni.pullMs), ms(ni.pullMs), ms(b.t-start), ImageSize),
			fmt.Sprintf(`CreateContainerRequest{pod_sandbox_id: %q, config: {metadata: {name: "nginx", attempt: 0}, image: "nginx:1.25", log_path: "nginx/0.log", mounts: [/var/run/secrets/kubernetes.io/serviceaccount (ro), /etc/hosts, /dev/termination-log], linux: {resources: {cpu_shares: 256, cpu_quota: 50000, cpu_period: 100000, memory_limit_in_bytes: 268435456}}}}`, sandbox[:13]+"…"),
			"cpu 250m request → 250×1024/1000 = 256 shares; cpu 500m limit → 50000 µs per 100000 µs period; memory 256Mi = 268435456 bytes",
			fmt.Sprintf("CreateContainerResponse{container_id: %q}; event: Normal  Created  kubelet  Container created", cid[:13]+"…")},
		Narration: "With the image pulled, the kubelet asks containerd to create the nginx container with the pod's resources as cgroup limits.",
		Source:    srcContainer + " (startContainer step 2)"})
	b.after(60)
	p.Started = true
	b.emit(Step{From: ni.kubelet, To: []Component{ni.containerd}, Kind: KindCRI,
		Title: "StartContainer nginx",
		Lines: []string{fmt.Sprintf("StartContainerRequest{container_id: %q}", cid[:13]+"…"),
			"event: Normal  Started  kubelet  Container started",
			"PLEG relists the runtime and sees the container running"},
		Narration: "The kubelet starts the container: nginx is running.",
		Source:    srcContainer + " (startContainer step 3)"})
	b.after(900)
	p.Phase, p.Status, p.Ready = "Running", "Running", true
	b.emit(Step{From: ni.kubelet, To: []Component{APIServer}, Kind: KindRequest,
		Title: "PATCH /api/v1/namespaces/default/pods/" + name + "/status",
		Lines: []string{"Content-Type: application/strategic-merge-patch+json",
			fmt.Sprintf("status: phase Running, podIP %s, podIPs [%s], conditions PodReadyToStartContainers True, Ready True, ContainersReady True", ip, ip),
			"containerStatuses: nginx ready true, started true, state running, restartCount 0"},
		Narration: "The kubelet patches the pod's status: Running and Ready, with its IP.",
		Source:    srcStatus})
	b.write("/registry/pods/default/"+name, "status")
}

// watchLost is FaultKubelet: the pods bound to the node are never seen.
func (b *builder) watchLost(ni *nodeInfo, pods []string) {
	b.emit(Step{From: APIServer, To: []Component{ni.kubelet}, Kind: KindWatch, Failed: true,
		Title: "ADDED Pod " + strings.Join(pods, ", "),
		Lines: []string{"the event is for the kubelet's watch (fieldSelector=spec.nodeName=" + ni.name + "), but that kubelet is stopped: nothing starts the pod",
			"the node still shows Ready: its last status was posted 10 s before the command ran"},
		Narration: "The pod is bound to " + ni.name + ", but that node's kubelet is stopped, so no one starts it.",
		Source:    srcWatch})
}

// nodeNotReady is the node lifecycle controller noticing the silent node:
// node-monitor-grace-period (50 s) after its last status, 40 s after the
// command.
func (b *builder) nodeNotReady(ni *nodeInfo) {
	b.t = max(b.t, 40000)
	for i := range b.st.Nodes {
		if b.st.Nodes[i].Name == ni.name {
			b.st.Nodes[i].Ready = "Unknown"
			b.st.Nodes[i].Taints = []string{"node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"}
		}
	}
	b.emit(Step{From: ControllerManager, To: []Component{APIServer}, Kind: KindRequest,
		Title: "PUT /api/v1/nodes/" + ni.name + "/status",
		Lines: []string{"node lifecycle controller: no status from " + ni.name + " for node-monitor-grace-period (50 s)",
			"conditions Ready, MemoryPressure, DiskPressure, PIDPressure: status Unknown, reason NodeStatusUnknown, message \"Kubelet stopped posting node status.\"",
			"then PATCH /api/v1/nodes/" + ni.name + ": taints node.kubernetes.io/unreachable:NoSchedule and :NoExecute",
			"the pod tolerates unreachable:NoExecute for 300 s (DefaultTolerationSeconds); after that the taint eviction controller deletes it"},
		Narration: "50 seconds after its last status, the node lifecycle controller marks " + ni.name + " NotReady and taints it unreachable.",
		Source:    srcNodeLC})
	b.write("/registry/minions/"+ni.name, "Node status")
}

// getPods is `kubectl get pods` some time later.
func (b *builder) getPods(later int) {
	b.after(later)
	b.print("", "$ kubectl get pods")
	b.print(GetPods(b.st.Pods, b.t)...)
	lines := []string{"Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
		"the API server builds the table itself (server-side printing) from the watch cache"}
	if b.deadNode != "" {
		rows := [][]string{{"NAME", "STATUS", "ROLES", "AGE", "VERSION"}}
		for _, n := range b.st.Nodes {
			st, role := "Ready", "<none>"
			if n.Ready != "True" {
				st = "NotReady"
			}
			if n.Name == "control-plane" {
				role = "control-plane"
			}
			rows = append(rows, []string{n.Name, st, role, "10d", "v1.37.0"})
		}
		b.print("", "$ kubectl get nodes")
		b.print(table(rows)...)
	}
	b.emit(Step{From: Kubectl, To: []Component{APIServer}, Kind: KindRequest,
		Title:     "GET /api/v1/namespaces/default/pods?limit=500",
		Lines:     lines,
		Narration: b.endNarration(),
		Source:    srcPrinters})
}

func (b *builder) endNarration() string {
	running := 0
	for _, p := range b.st.Pods {
		if p.Ready {
			running++
		}
	}
	switch {
	case b.cfg.Fault == FaultScheduler:
		return "A minute later kubectl get pods still shows Pending: with no scheduler, no pod gets a node."
	case b.deadNode != "" && running == 0:
		return "kubectl get pods shows Pending: the pod is bound to " + b.deadNode + ", which is NotReady, and its containers never started."
	case b.deadNode != "":
		return fmt.Sprintf("kubectl get pods: %d of %d pods Running; those bound to %s stay Pending, and the node shows NotReady.", running, len(b.st.Pods), b.deadNode)
	case len(b.st.Pods) == 1:
		return "kubectl get pods shows web-server 1/1 Running."
	}
	return fmt.Sprintf("kubectl get pods shows all %d pods Running, and the Deployment %d/%d ready.", running, running, len(b.st.Pods))
}
