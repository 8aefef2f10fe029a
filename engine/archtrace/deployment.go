package archtrace

import (
	"fmt"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	kubenames "github.com/kubeviz/kubeviz/engine/names"
)

// createDeployment traces `kubectl create deployment web --image=nginx:1.25
// --replicas=3`: the Deployment and ReplicaSet controllers sit between the
// API server and the scheduler.
func (b *builder) createDeployment() {
	b.after(5)
	b.emit(Step{From: Kubectl, To: []Component{APIServer}, Kind: KindRequest,
		Title: "POST /apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict",
		Lines: []string{"Content-Type: application/json",
			`body: Deployment{metadata: {name: "web", labels: {app: web}}, spec: {replicas: 3, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: "nginx", image: "nginx:1.25"}]}}}}`,
			"kubectl create does not read first (apply does): it names the container after the image"},
		Narration: "kubectl POSTs a Deployment named web with 3 replicas of nginx:1.25.",
		Source:    srcCreateDep})
	b.after(2)
	b.emit(Step{From: APIServer, To: []Component{APIServer}, Kind: KindLocal,
		Title:     "handler chain and admission",
		Lines:     append(chainLines(Kubectl, "create", "deployments.apps"), "defaults: strategy RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, the template's pod defaults"),
		Narration: "The API server authenticates, authorizes and admits the Deployment, filling in its defaults.",
		Source:    srcChain + "; " + srcCreate})

	if b.cfg.Fault == FaultEtcd {
		b.after(1)
		b.emit(Step{From: APIServer, To: []Component{Etcd1}, Kind: KindEtcd, Stage: StageStorage, Failed: true,
			Title: "Txn /registry/deployments/default/web",
			Lines: []string{"etcd-1 has no leader: raft's node does not take proposals without one, so the Put waits",
				"after etcd's request timeout, 5 s + 2 × the 1 s election timeout = 7 s: etcdserver: request timed out",
				"a Txn is not safe to repeat, so the API server's etcd client does not retry it"},
			Narration: "The API server asks etcd to store the Deployment, but with no leader the proposal waits until etcd answers etcdserver: request timed out.",
			Source:    srcEtcdSrv + "; " + srcRaft})
		b.after(7000)
		b.emit(Step{From: APIServer, To: []Component{Kubectl}, Kind: KindResponse, Failed: true,
			Title: "500 Internal Server Error",
			Lines: []string{statusJSON(metav1.StatusReasonUnknown, "etcdserver: request timed out", nil, 500),
				"a storage error that is not a Status becomes a 500 with no reason (responsewriters ErrorToAPIStatus)"},
			Narration: "The API server passes etcd's error on as 500 Internal Server Error.",
			Source:    "staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go"})
		b.after(1)
		b.print("error: failed to create deployment: etcdserver: request timed out")
		b.emit(Step{From: Kubectl, To: []Component{Kubectl}, Kind: KindPrint, Failed: true,
			Title:     "kubectl prints the error",
			Lines:     []string{`create_deployment.go wraps it: fmt.Errorf("failed to create deployment: %v", err); CheckErr adds "error: "`},
			Narration: "kubectl prints error: failed to create deployment: etcdserver: request timed out; nothing was stored.",
			Source:    srcCreateDep + "; " + srcHelpers})
		return
	}

	rev := b.write("/registry/deployments/default/web", "Deployment")
	b.st.Objects = append(b.st.Objects, Object{Kind: "Deployment", Name: "web", Key: "/registry/deployments/default/web", Summary: "replicas 3"})
	b.after(1)
	b.print("deployment.apps/web created")
	b.emit(Step{From: APIServer, To: []Component{Kubectl}, Kind: KindResponse,
		Title:     "201 Created",
		Lines:     []string{fmt.Sprintf("the Deployment as stored, resourceVersion %d", rev), "kubectl prints: deployment.apps/web created"},
		Narration: "The API server answers 201 Created and kubectl prints deployment.apps/web created; no ReplicaSet or pod exists yet.",
		Source:    srcCreateDep})

	// The Deployment controller.
	tmpl := DeploymentTemplate(Deployment, Image, "nginx")
	hash := ComputeHash(&tmpl, nil)
	rsName := Deployment + "-" + hash
	b.after(2)
	b.emit(Step{From: APIServer, To: []Component{ControllerManager}, Kind: KindWatch,
		Title: "ADDED Deployment default/web",
		Lines: []string{"watch: GET /apis/apps/v1/deployments?watch=true (the deployment controller's informer)",
			"the deployment controller syncs web: it has no ReplicaSet for the current template"},
		Narration: "The Deployment controller in kube-controller-manager sees the new Deployment.",
		Source:    srcWatch + "; " + srcDeploy})
	b.after(3)
	b.emit(Step{From: ControllerManager, To: []Component{APIServer}, Kind: KindRequest,
		Title: "POST /apis/apps/v1/namespaces/default/replicasets",
		Lines: []string{"Content-Type: application/vnd.kubernetes.protobuf",
			fmt.Sprintf("pod-template-hash = ComputeHash(template) = %q: FNV-32a of the template, encoded in the alphabet %q", hash, kubenames.Alphanums),
			fmt.Sprintf(`body: ReplicaSet{metadata: {name: %q, labels: {app: web, pod-template-hash: %s}, ownerReferences: [{kind: Deployment, name: web, controller: true}]}, spec: {replicas: 3, selector: {app: web, pod-template-hash: %s}}}`, rsName, hash, hash),
			"event: Normal  ScalingReplicaSet  deployment-controller  Scaled up replica set " + rsName + " from 0 to 3"},
		Narration: fmt.Sprintf("The Deployment controller creates ReplicaSet %s, named with the pod template's hash, for 3 replicas.", rsName),
		Source:    srcDeploy + " (getNewReplicaSet); pkg/controller/controller_utils.go ComputeHash"})
	b.write("/registry/replicasets/default/"+rsName, "ReplicaSet")
	b.st.Objects = append(b.st.Objects, Object{Kind: "ReplicaSet", Name: rsName, Key: "/registry/replicasets/default/" + rsName, Summary: "replicas 3"})

	b.after(2)
	b.emit(Step{From: APIServer, To: []Component{ControllerManager}, Kind: KindWatch,
		Title: "ADDED ReplicaSet default/" + rsName,
		Lines: []string{"watch: GET /apis/apps/v1/replicasets?watch=true (the replicaset controller's informer)",
			"the replicaset controller: 0 pods match the selector, 3 wanted → create 3"},
		Narration: "The ReplicaSet controller sees the ReplicaSet: it wants 3 pods and has none.",
		Source:    srcRS})

	// slowStartBatch: 1 pod, then 2 (the batch doubles while creates succeed).
	var names []string
	for _, batch := range []int{1, 2} {
		b.after(3)
		var created, lines []string
		lines = append(lines, fmt.Sprintf("slowStartBatch: a batch of %d (batches start at 1 and double while every create succeeds)", batch),
			fmt.Sprintf(`body: Pod{metadata: {generateName: %q, labels: {app: web, pod-template-hash: %s}, ownerReferences: [{kind: ReplicaSet, name: %q, controller: true}]}, spec: the template}`, rsName+"-", hash, rsName))
		denied := b.cfg.Fault == FaultWebhook
		for range batch {
			name := rsName + "-" + kubenames.Suffix(b.rng, 5)
			if denied {
				lines = append(lines, fmt.Sprintf("403: admission webhook %q denied the request: %s", WebhookName, WebhookMessage))
				continue
			}
			created = append(created, name)
			lines = append(lines, "the API server appends 5 random characters to generateName: "+name)
		}
		if denied {
			lines = append(lines, fmt.Sprintf("event: Warning  FailedCreate  replicaset-controller  Error creating: admission webhook %q denied the request: %s", WebhookName, WebhookMessage),
				"the first batch failed, so no second batch: the ReplicaSet controller retries later, with back-off")
			b.emit(Step{From: ControllerManager, To: []Component{APIServer}, Kind: KindRequest, Failed: true,
				Title:     "POST /api/v1/namespaces/default/pods",
				Lines:     lines,
				Narration: "The ReplicaSet controller tries to create a pod, and the policy webhook rejects it; the controller records FailedCreate and will retry.",
				Source:    srcRS + " (slowStartBatch); " + srcWebhook})
			break
		}
		plural := "a pod"
		if batch > 1 {
			plural = fmt.Sprintf("%d pods", batch)
		}
		for _, n := range created {
			lines = append(lines, "event: Normal  SuccessfulCreate  replicaset-controller  Created pod: "+n)
		}
		b.emit(Step{From: ControllerManager, To: []Component{APIServer}, Kind: KindRequest,
			Title:     "POST /api/v1/namespaces/default/pods ×" + fmt.Sprint(batch),
			Lines:     lines,
			Narration: fmt.Sprintf("The ReplicaSet controller creates %s with generateName %s-; the API server completes the names: %s.", plural, rsName, strings.Join(created, ", ")),
			Source:    srcRS + " (slowStartBatch, manageReplicas); staging/src/k8s.io/apiserver/pkg/storage/names/generate.go"})
		for _, n := range created {
			b.write("/registry/pods/default/"+n, "Pod")
			b.st.Pods = append(b.st.Pods, Pod{Name: n, Phase: "Pending", Status: "Pending", CreatedAt: b.t})
			names = append(names, n)
		}
	}
	if b.cfg.Fault == FaultWebhook {
		b.after(30000)
		b.print("", "$ kubectl get pods")
		b.print(GetPods(nil, b.t)...)
		b.print("", "$ kubectl get deployment web")
		b.print(table([][]string{{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"}, {"web", "0/3", "0", "0", age(b.t)}})...)
		b.emit(Step{From: Kubectl, To: []Component{APIServer}, Kind: KindRequest,
			Title:     "GET /api/v1/namespaces/default/pods?limit=500",
			Lines:     []string{"the Deployment and the ReplicaSet exist; every pod create was denied", "kubectl describe replicaset " + rsName + " shows the FailedCreate events"},
			Narration: "kubectl get pods finds no pods: the Deployment and ReplicaSet exist, but the webhook denies every pod, and the Deployment shows 0/3.",
			Source:    srcPrinters})
		return
	}

	// The scheduler, one pod at a time in queue order.
	var bound []string
	for _, n := range names {
		p := b.mustPod(n, kubenames.UID(b.rng), nil, false)
		node, ok := b.schedule(p, false)
		if !ok {
			break
		}
		bound = append(bound, node)
	}
	if len(bound) < len(names) {
		b.getPods(60000)
		return
	}

	// The kubelets.
	b.kubeletsCompact(names, bound)
	if b.deadNode != "" {
		b.nodeNotReady(b.node(b.deadNode))
	}
	b.after(1500)
	running := 0
	for _, p := range b.st.Pods {
		if p.Ready {
			running++
		}
	}
	b.emit(Step{From: ControllerManager, To: []Component{APIServer}, Kind: KindRequest,
		Title: "PUT /apis/apps/v1/namespaces/default/deployments/web/status",
		Lines: []string{fmt.Sprintf("the replicaset controller first updates %s status: replicas 3, readyReplicas %d, availableReplicas %d", rsName, running, running),
			fmt.Sprintf("the deployment controller then: replicas 3, updatedReplicas 3, readyReplicas %d, availableReplicas %d", running, running),
			"conditions: Available, Progressing (NewReplicaSetAvailable once all are available)"},
		Narration: fmt.Sprintf("The controllers write status: the ReplicaSet and the Deployment count %d ready pods.", running),
		Source:    srcRS + "; " + srcDeploy})
	b.write("/registry/deployments/default/web", "status")
	b.getPods(1000)
	avail := fmt.Sprint(running)
	b.print("", "$ kubectl get deployment web")
	b.print(table([][]string{{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"}, {"web", fmt.Sprintf("%d/3", running), "3", avail, age(b.t - 0)}})...)
	last := &b.steps[len(b.steps)-1]
	last.State.Terminal = slices.Clone(b.st.Terminal)
}

// kubeletsCompact is each node's kubelet starting its pods, a step per pod,
// with the four CRI calls as lines. Pods bound to the same node pull the
// image one after the other (serializeImagePulls, on by default), so the
// second one's pull is quick but "including waiting".
func (b *builder) kubeletsCompact(names, nodes []string) {
	var byNode = map[string][]string{}
	var order []string
	for i, n := range names {
		if _, ok := byNode[nodes[i]]; !ok {
			order = append(order, nodes[i])
		}
		byNode[nodes[i]] = append(byNode[nodes[i]], n)
	}
	slices.Sort(order)
	arrive := b.t
	for _, node := range order {
		ni := b.node(node)
		b.after(2)
		if b.deadNode == node {
			b.watchLost(ni, byNode[node])
			continue
		}
		b.emit(Step{From: APIServer, To: []Component{ni.kubelet}, Kind: KindWatch,
			Title: "ADDED " + strings.Join(byNode[node], ", "),
			Lines: []string{"watch: GET /api/v1/pods?fieldSelector=spec.nodeName=" + node + "&watch=true",
				"each pod's worker starts SyncPod; the kubelet first PATCHes each pod's status: Pending, ContainerCreating"},
			Narration: fmt.Sprintf("The kubelet on %s sees %s bound to it.", node, plural(len(byNode[node]), "pod")),
			Source:    srcWatch})
		for _, pn := range byNode[node] {
			b.pod(pn).Status = "ContainerCreating"
		}
	}
	// Each pod: sandbox, image, create, start. Times are per node.
	for _, node := range order {
		if b.deadNode == node {
			continue
		}
		ni := b.node(node)
		queueFree := arrive + 180 // the first pull starts after the sandbox
		for _, pn := range byNode[node] {
			start := arrive + 180
			sandbox := containerID(b.rng)
			ip := fmt.Sprintf("%s.%d", ni.podCIDR, ni.nextIP)
			ni.nextIP++
			var pull string
			var done int
			if ni.pullDone == 0 {
				ni.pullDone = start + ni.pullMs
				pull = fmt.Sprintf("PullImage nginx:1.25 → event Pulled: Successfully pulled image \"nginx:1.25\" in %s (%s including waiting). Image size: %d bytes.", ms(ni.pullMs), ms(ni.pullMs), ImageSize)
				done = ni.pullDone
				queueFree = done
			} else {
				// serialized behind the first pull; the content is then
				// local, so this pull only resolves and unpacks.
				done = queueFree + 98
				queueFree = done
				pull = fmt.Sprintf("PullImage nginx:1.25, queued behind the first pull → event Pulled: Successfully pulled image \"nginx:1.25\" in %s (%s including waiting). Image size: %d bytes.", ms(98), ms(done-start), ImageSize)
			}
			cid := containerID(b.rng)
			b.t = max(b.t, done+60)
			p := b.pod(pn)
			p.IP, p.Started = ip, true
			b.emit(Step{From: ni.kubelet, To: []Component{ni.containerd}, Kind: KindCRI,
				Title: "RunPodSandbox, PullImage, CreateContainer, StartContainer: " + pn,
				Lines: []string{
					fmt.Sprintf("RunPodSandbox{metadata: {name: %q, namespace: default}} → pod_sandbox_id %s…, IP %s", pn, sandbox[:13], ip),
					`ImageStatus{image: "nginx:1.25"}: not present → event Pulling: Pulling image "nginx:1.25"`,
					pull,
					fmt.Sprintf("CreateContainer{pod_sandbox_id: %s…, config: {name: nginx, image: nginx:1.25}} → %s…; event Created: Container created", sandbox[:13], cid[:13]),
					fmt.Sprintf("StartContainer{container_id: %s…}; event Started: Container started", cid[:13]),
				},
				Narration: fmt.Sprintf("The kubelet on %s runs %s: sandbox, image pull, create, start, in SyncPod's order.", node, pn),
				Source:    srcSyncPod + "; " + srcContainer + "; " + srcImages})
		}
	}
	b.after(900)
	var lines []string
	for _, node := range order {
		if b.deadNode == node {
			continue
		}
		for _, pn := range byNode[node] {
			p := b.pod(pn)
			p.Phase, p.Status, p.Ready = "Running", "Running", true
			lines = append(lines, fmt.Sprintf("kubelet@%s: PATCH /api/v1/namespaces/default/pods/%s/status: phase Running, podIP %s, Ready True", node, pn, p.IP))
		}
	}
	if len(lines) == 0 {
		return // every pod is on the stopped node
	}
	from := b.node(order[0]).kubelet
	if b.deadNode == order[0] && len(order) > 1 {
		from = b.node(order[1]).kubelet
	}
	for _, node := range order {
		if b.deadNode == node {
			continue
		}
		for _, pn := range byNode[node] {
			b.st.Etcd.raftRound()
			b.st.Etcd.put("/registry/pods/default/" + pn)
		}
	}
	lines = append(lines, "each PATCH is one etcd Txn and one Raft round (MsgApp, MsgAppResp: 2 of 3)")
	b.emit(Step{From: from, To: []Component{APIServer}, Kind: KindRequest,
		Title:     "PATCH …/pods/…/status (strategic merge patch)",
		Lines:     append([]string{"Content-Type: application/strategic-merge-patch+json"}, lines...),
		Narration: "The kubelets patch each running pod's status: Running and Ready, with its IP.",
		Source:    srcStatus})
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
