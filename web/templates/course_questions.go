package templates

// sectionQuestions holds the check-yourself questions of each course
// section, keyed by Section.ID; CourseSections attaches them. Question IDs
// key the learner's saved progress, so keep them stable. Facts follow
// upstream Kubernetes v1.37, not the outline.
var sectionQuestions = map[string][]Question{
	"what-is-kubernetes": {
		{
			ID:   "desired-state",
			Text: "What does it mean that Kubernetes works from desired state?",
			Choices: []string{
				"You list the commands to run, and Kubernetes runs them once, in order",
				"You record the result you want, and controllers keep working to make the cluster match it",
				"You snapshot a running cluster, and Kubernetes restores that snapshot at every boot",
			},
			Answer: 1,
			Why:    "Every object is a record of intent. Controllers compare it with what is really running and act on any difference, again and again, so the cluster repairs itself without anyone re-running a command.",
		},
		{
			ID:   "declarative-request",
			Text: "Which request matches the way Kubernetes is meant to be used?",
			Choices: []string{
				"Start this container on node 4 right now",
				"Log in to every node and run the image there",
				"Keep three copies of this image running, each with half a CPU",
				"Copy this container from node 2 to node 3",
			},
			Answer: 2,
			Why:    "You describe the outcome (how many copies, how much CPU) and leave the how and where to Kubernetes. Choosing machines is the scheduler's job, and keeping the count right is a controller's.",
		},
		{
			ID:   "reconcile-noop",
			Text: "A controller checks its objects and finds that the actual state already matches the desired state. What does it do?",
			Choices: []string{
				"Nothing for now; it keeps watching and acts when the two drift apart",
				"Recreates the objects anyway, to be sure they are fresh",
				"Marks the objects as done and stops watching them",
			},
			Answer: 0,
			Why:    "A control loop never finishes: like a thermostat in a warm room it simply waits. The moment something changes, such as a crash or an edit, the difference reappears and it acts again.",
		},
	},
	"cluster": {
		{
			ID:   "scheduler-role",
			Text: "Which component chooses the node a new Pod will run on?",
			Choices: []string{
				"The kubelet",
				"kube-controller-manager",
				"kube-proxy",
				"kube-scheduler",
			},
			Answer: 3,
			Why:    "The scheduler assigns a node to each Pod that has none. Controllers create the Pods but do not place them, and the kubelet only runs what has already been bound to its own node.",
		},
		{
			ID:   "kubelet-watch",
			Text: "How does the kubelet on a worker node find out that a Pod has been assigned to it?",
			Choices: []string{
				"It watches the API server for Pods bound to its node",
				"The scheduler opens a connection to the kubelet and pushes the Pod",
				"It reads new Pods straight from etcd",
				"kube-proxy forwards the Pod spec to it",
			},
			Answer: 0,
			Why:    "Every component talks only to the API server. The scheduler records its choice there, and the kubelet, watching Pods for its node, sees the change and starts the containers.",
		},
		{
			ID:   "node-failure",
			Text: "A worker node dies, taking with it one Pod of a Deployment that wants four replicas. What produces the replacement?",
			Choices: []string{
				"The kubelet on the dead node moves its Pods away before it stops",
				"The scheduler rebinds the same Pod object to a healthy node",
				"kube-proxy restarts the Pod on whichever node receives its traffic",
				"The ReplicaSet controller sees too few Pods and creates a new one, which the scheduler then places",
			},
			Answer: 3,
			Why:    "A Pod is never moved once bound. When the lost Pod is evicted, its ReplicaSet counts fewer Pods than wanted and creates a brand-new one, with a new name and IP, that goes through scheduling like any other.",
		},
	},
	"pods": {
		{
			ID:   "shared-ip",
			Text: "A Pod has two containers, and container A listens on port 8080. How does container B reach it?",
			Choices: []string{
				"On localhost:8080, because the containers share one network namespace",
				"Through a Service, because each container has its own IP",
				"On container A's IP, which differs from B's",
				"It cannot; containers in one Pod are isolated from each other",
			},
			Answer: 0,
			Why:    "All containers of a Pod share one IP address and one set of ports. That is also why two containers in the same Pod cannot both listen on the same port.",
		},
		{
			ID:   "qos-guaranteed",
			Text: "Which of these Pods is given the Guaranteed QoS class?",
			Choices: []string{
				"One container requesting cpu 500m and memory 256Mi, with a memory limit of 256Mi and no CPU limit",
				"Two containers, one with CPU and memory requests equal to its limits, the other with no resources set",
				"Two containers, each with CPU and memory limits equal to its requests",
				"One container with requests of cpu 1 and memory 1Gi and no limits",
			},
			Answer: 2,
			Why:    "Guaranteed needs every container to have both a CPU and a memory limit, with requests equal to them. Anything less, but with at least one request or limit somewhere, is Burstable; BestEffort means none at all.",
		},
		{
			ID:   "limits-only",
			Text: "A container sets limits of cpu 1 and memory 512Mi but no requests. How much does the scheduler reserve for it?",
			Choices: []string{
				"cpu 1 and memory 512Mi, because a missing request defaults to the limit",
				"Nothing, since no requests were given",
				"Half of each limit",
				"Whatever the container is using at the moment",
			},
			Answer: 0,
			Why:    "When only a limit is set, Kubernetes fills in an equal request, so the scheduler reserves the full amount. If this is the Pod's only container, the Pod is even Guaranteed.",
		},
		{
			ID:   "cpu-vs-memory-limit",
			Text: "A container tries to use more than its limit. What happens for CPU and for memory?",
			Choices: []string{
				"Both are throttled: the process simply runs slower",
				"Both get the container killed and restarted",
				"CPU is throttled; going over the memory limit gets the container OOM-killed",
				"CPU gets the container killed; memory is swapped to disk",
			},
			Answer: 2,
			Why:    "CPU time can be held back, so the kernel just slows the container down. Memory cannot be taken back, so the kernel kills the process and you see the reason OOMKilled.",
		},
	},
	"lifecycle": {
		{
			ID:   "readiness-fail",
			Text: "A container's readinessProbe starts failing while its livenessProbe still passes. What happens?",
			Choices: []string{
				"The kubelet restarts the container",
				"The Pod is deleted and its Deployment creates a new one",
				"Nothing, until the liveness probe fails as well",
				"The Pod is marked not ready and Services stop sending it traffic; the container keeps running",
			},
			Answer: 3,
			Why:    "Readiness only decides whether the Pod receives traffic: it is dropped from the Service's ready endpoints and added back when the probe passes again. Restarts are the liveness probe's business.",
		},
		{
			ID:   "liveness-fail",
			Text: "A livenessProbe fails failureThreshold times in a row in a Pod with restartPolicy: Always. What happens?",
			Choices: []string{
				"The kubelet kills that container and starts it again inside the same Pod",
				"The Pod is rescheduled onto another node",
				"The Pod moves to phase Failed and stays there",
				"Traffic stops, but the container keeps running",
			},
			Answer: 0,
			Why:    "The restart happens in place: same Pod, same node, same IP, with the container's restart count going up. If it keeps failing, the kubelet waits longer and longer between restarts.",
		},
		{
			ID:   "crashloop-reason",
			Text: "kubectl get pods shows a Pod with STATUS CrashLoopBackOff. What is that?",
			Choices: []string{
				"A Pod phase between Running and Failed",
				"A scheduling failure: no node can take the Pod",
				"An error pulling the container image",
				"A waiting reason: the container keeps exiting and the kubelet pauses longer before each restart",
			},
			Answer: 3,
			Why:    "The only phases are Pending, Running, Succeeded, Failed and Unknown. CrashLoopBackOff is the reason a container is Waiting, so look at its logs (kubectl logs --previous) to see why it exits.",
		},
	},
	"init-containers": {
		{
			ID:   "strict-order",
			Text: "initContainers lists wait-for-db, then migrate, and wait-for-db is still looping. What is running in the Pod?",
			Choices: []string{
				"wait-for-db and migrate side by side, while the app waits",
				"Only wait-for-db; migrate and the app containers wait for it to exit with status 0",
				"All three, since init containers only have to start first",
			},
			Answer: 1,
			Why:    "Regular init containers run one at a time in list order, and each must succeed before the next starts. That is why the wait has to come before the migration.",
		},
		{
			ID:   "sidecar-restart-always",
			Text: "What does restartPolicy: Always on an entry in initContainers do?",
			Choices: []string{
				"It restarts the whole Pod whenever that init container fails",
				"Nothing new: every init container is retried until it exits 0 anyway",
				"It is rejected, because restartPolicy is only valid for the whole Pod",
				"It makes a sidecar: started in its turn, kept running beside the app, and stopped after it",
			},
			Answer: 3,
			Why:    "The kubelet does not wait for a sidecar to exit: the next init container starts once the sidecar has started (and passed its startup probe, if it has one). It is restarted if it crashes and shut down after the app containers.",
		},
		{
			ID:   "init-fail-never",
			Text: "An init container exits with status 1 in a Pod whose restartPolicy is Never. What happens?",
			Choices: []string{
				"The Pod is marked Failed and nothing is retried",
				"The kubelet retries that init container with back-off",
				"The app containers start anyway",
				"The Pod is recreated on another node",
			},
			Answer: 0,
			Why:    "With Always or OnFailure the kubelet retries just the failed init container, in place. With Never there is no retry, so the whole Pod fails.",
		},
	},
	"scheduling": {
		{
			ID:   "filter-then-score",
			Text: "How does the scheduler choose among the nodes for a Pod?",
			Choices: []string{
				"It filters out nodes that cannot run the Pod, then scores the rest and takes the highest",
				"It scores every node, then drops the lower-scoring half",
				"It tries nodes in turn, round-robin, until one accepts",
				"It picks the node with the most free memory, then checks that it fits",
			},
			Answer: 0,
			Why:    "A single failing Filter plugin rules a node out. Only the survivors are scored: each plugin's 0 to 100 score is weighted and summed, and a tie is settled at random.",
		},
		{
			ID:   "requests-not-usage",
			Text: "A node has 4 allocatable CPUs. Its Pods request 3.5 CPUs in total but use only 0.5. Can a new Pod requesting 1 CPU go there?",
			Choices: []string{
				"Yes, because 3.5 CPUs are idle",
				"Yes, as long as the new Pod has no CPU limit",
				"No, because the scheduler counts requests, not usage, and only 0.5 CPU is unrequested",
			},
			Answer: 2,
			Why:    "NodeResourcesFit adds up the requests of the Pods on the node, not what they happen to be using. Requests are reservations, so the idle capacity is still spoken for.",
		},
		{
			ID:   "taint-toleration",
			Text: "GPU nodes carry the taint gpu=true:NoSchedule and a Pod tolerates it. Where can the Pod land?",
			Choices: []string{
				"Only on the GPU nodes",
				"On the GPU nodes first, and elsewhere only when they are full",
				"On a GPU node or any untainted node; pinning it to GPU nodes also needs node affinity or a nodeSelector",
				"Nowhere, until the taint is removed",
			},
			Answer: 2,
			Why:    "A taint keeps out Pods that do not tolerate it; a toleration only lifts that ban and does not attract the Pod. To dedicate nodes, combine the taint with node affinity on the Pods that belong there.",
		},
		{
			ID:   "failed-scheduling",
			Text: "A Pending Pod's events say: 0/3 nodes are available: 3 Insufficient cpu. What does that mean?",
			Choices: []string{
				"The nodes are busy right now; the Pod will start when their CPU usage drops",
				"On all three nodes, the CPU already requested plus this Pod's request exceeds what is allocatable",
				"Three of the Pod's containers ask for more CPU than they are allowed",
			},
			Answer: 1,
			Why:    "The message counts nodes per Filter reason, and here all three failed NodeResourcesFit. Lower the Pod's CPU request, free up requested CPU or add a node; the scheduler retries the Pod when the cluster changes.",
		},
	},
	"daemonsets-statefulsets": {
		{
			ID:   "daemonset-new-node",
			Text: "A DaemonSet runs a log collector, and a new node joins the cluster. What happens?",
			Choices: []string{
				"Nothing, until you raise the DaemonSet's replica count",
				"One of the existing collector Pods moves to the new node",
				"The DaemonSet controller creates a collector Pod for the new node, if the node is eligible",
			},
			Answer: 2,
			Why:    "A DaemonSet has no replica count: it wants one Pod on each eligible node, so every node added or removed changes the set of Pods. Eligibility comes from the node selector or affinity in its template.",
		},
		{
			ID:   "statefulset-identity",
			Text: "Pod db-1 of a StatefulSet is deleted. What replaces it?",
			Choices: []string{
				"A Pod with a random name and a new, empty volume",
				"db-3, because ordinals are never reused",
				"Nothing, until you recreate it by hand",
				"A Pod again named db-1, bound to the same claim data-db-1",
			},
			Answer: 3,
			Why:    "A StatefulSet's Pods keep their identity: the replacement has the same name, the same DNS name under the headless Service and the same PersistentVolumeClaim, wherever it is scheduled.",
		},
		{
			ID:   "pvc-retention",
			Text: "You scale a StatefulSet from 3 replicas down to 1. By default, what happens to the claims data-db-1 and data-db-2?",
			Choices: []string{
				"They are kept, so scaling back up reattaches the same data",
				"They are deleted together with their Pods",
				"They are merged into data-db-0",
			},
			Answer: 0,
			Why:    "Both whenScaled and whenDeleted default to Retain in persistentVolumeClaimRetentionPolicy, so data is never dropped by accident. You delete unwanted claims yourself, or set the policy to Delete.",
		},
	},
	"services": {
		{
			ID:   "clusterip-dnat",
			Text: "What actually answers connections to a Service's ClusterIP?",
			Choices: []string{
				"A kube-proxy process on a control plane node, which relays every request",
				"The first selected Pod, which owns the address",
				"CoreDNS, which forwards the connection to a Pod",
				"No process: rules written by kube-proxy on each node rewrite the packets to a ready Pod's IP and port",
			},
			Answer: 3,
			Why:    "The ClusterIP is virtual. kube-proxy follows Services and EndpointSlices and programs the kernel on every node to DNAT traffic for it, so the packet leaves the client's node already addressed to a Pod.",
		},
		{
			ID:   "iptables-probabilities",
			Text: "A Service has four ready endpoints and kube-proxy runs in iptables mode. What probabilities do its first three endpoint rules carry?",
			Choices: []string{
				"0.25, 0.25 and 0.25; the fourth rule takes the rest",
				"0.25, 0.333 and 0.5; the fourth rule takes the rest",
				"1.0 each, used in round-robin order",
			},
			Answer: 1,
			Why:    "Each rule only sees the connections that earlier rules passed on: a quarter of all, then a third of the remaining three quarters, then half of the remaining half. Every endpoint ends up with one quarter.",
		},
		{
			ID:   "per-connection",
			Text: "A client keeps one HTTP/2 connection open to a Service with three Pods and sends 300 requests over it. How are the requests spread?",
			Choices: []string{
				"About 100 to each Pod",
				"Round-robin, one request per Pod in turn",
				"All to one Pod, because the backend is picked once per connection",
			},
			Answer: 2,
			Why:    "kube-proxy balances connections, not requests: the random pick happens on the first packet and conntrack sends the rest of the connection to the same Pod. Spreading requests needs several connections or an L7 proxy.",
		},
		{
			ID:   "port-targetport",
			Text: "A Service has port: 80 and targetPort: 8080. What does that mean?",
			Choices: []string{
				"Clients connect to the ClusterIP on port 80 and are sent to the Pods on port 8080",
				"The Pods must listen on both 80 and 8080",
				"The Service listens on 8080 and forwards to port 80 in the Pods",
				"Port 8080 is opened on every node",
			},
			Answer: 0,
			Why:    "port is what clients of the Service use, and targetPort is what the containers listen on; the DNAT rule translates between them. Opening a port on every node is what type NodePort adds.",
		},
	},
	"dns": {
		{
			ID:   "cross-namespace",
			Text: "A Pod in namespace shop needs the Service web in namespace payments. Which short name reaches it?",
			Choices: []string{
				"web",
				"web.payments",
				"payments.web",
			},
			Answer: 1,
			Why:    "The Pod's search list includes svc.cluster.local, so web.payments expands to web.payments.svc.cluster.local. A bare web would expand with shop.svc.cluster.local first and find the web Service in shop.",
		},
		{
			ID:   "ndots",
			Text: "With options ndots:5 in resolv.conf, what happens when a Pod looks up api.example.com?",
			Choices: []string{
				"It goes straight to the upstream server because the name contains dots",
				"It fails, because external names need a trailing dot",
				"The search suffixes are tried first, since the name has fewer than five dots, and the name as written comes last",
			},
			Answer: 2,
			Why:    "Names with fewer than five dots are treated as relative, so each search domain is tried before the real query. Writing api.example.com. with a trailing dot marks it as absolute and saves those failed lookups.",
		},
		{
			ID:   "headless-lookup",
			Text: "What does a DNS lookup of a headless Service (clusterIP: None) return?",
			Choices: []string{
				"Its ClusterIP",
				"The IP addresses of its ready Pods",
				"Nothing, because headless Services have no DNS records",
				"A CNAME pointing to another host name",
			},
			Answer: 1,
			Why:    "With no virtual IP to return, the DNS server answers with the ready Pods' own addresses. StatefulSet Pods also get per-Pod names such as db-0.db.shop.svc.cluster.local under it.",
		},
	},
	"ingress": {
		{
			ID:   "prefix-match",
			Text: "An Ingress path is /api with pathType: Prefix. Which request path does it match?",
			Choices: []string{
				"/apiary",
				"/API/cart",
				"/v1/api",
				"/api/cart",
			},
			Answer: 3,
			Why:    "Prefix compares whole path elements split at /, and it is case-sensitive. /apiary shares characters but not the element api, and /API is a different element.",
		},
		{
			ID:   "longest-path",
			Text: "An Ingress lists / (Prefix, to web) before /api (Prefix, to api). Where does a request for /api/cart go?",
			Choices: []string{
				"To api, because the longest matching path wins",
				"To web, because the first matching path wins",
				"Half to each backend",
				"Nowhere: overlapping paths are rejected",
			},
			Answer: 0,
			Why:    "Order in the list does not matter: when several paths match, the longest one takes precedence. If two are equally long, an Exact path beats a Prefix path.",
		},
		{
			ID:   "no-controller",
			Text: "You create an Ingress in a cluster where no Ingress controller is running. What happens?",
			Choices: []string{
				"The API server rejects the object",
				"kube-proxy applies the routing rules instead",
				"A default controller is started automatically",
				"The object is stored, but nothing routes any traffic for it",
			},
			Answer: 3,
			Why:    "An Ingress is only a description of routing rules. A controller, chosen through ingressClassName, has to watch it and configure a proxy; Kubernetes ships none by default.",
		},
	},
	"network-policies": {
		{
			ID:   "default-allow",
			Text: "A namespace contains no NetworkPolicies. Which traffic can reach its Pods?",
			Choices: []string{
				"Only traffic from Pods in the same namespace",
				"None, until a policy allows some",
				"All of it, from any Pod in any namespace",
			},
			Answer: 2,
			Why:    "Pods are open until a policy selects them. Only once some policy selects a Pod for a direction does everything not allowed in that direction get dropped.",
		},
		{
			ID:   "additive-policies",
			Text: "Policy A selects app=api and allows ingress from app=web; policy B also selects app=api and allows ingress from app=admin. What can reach the api Pods?",
			Choices: []string{
				"Only web, because the first policy wins",
				"Only what both policies allow, which is nothing",
				"Everything, because conflicting policies cancel out",
				"Both the web and the admin Pods",
			},
			Answer: 3,
			Why:    "Policies have no deny rules and cannot conflict: a selected Pod accepts the union of what all policies selecting it allow. Order of creation does not matter.",
		},
		{
			ID:   "cni-enforcement",
			Text: "You apply a default-deny NetworkPolicy, yet every connection still works. What is the most likely cause?",
			Choices: []string{
				"The cluster's network plugin does not enforce NetworkPolicy",
				"Policies only take effect after the Pods are restarted",
				"The API server has not yet approved the policy",
			},
			Answer: 0,
			Why:    "The API server only stores policies; the CNI plugin enforces them. With a plugin that provides connectivity alone, the objects are accepted and silently do nothing, so always test with a real connection.",
		},
	},
	"deployments": {
		{
			ID:   "surge-rounding",
			Text: "A Deployment has replicas: 10 with maxSurge and maxUnavailable both 25%. What are the bounds during a rolling update?",
			Choices: []string{
				"At most 12 Pods, at least 8 available",
				"At most 13 Pods, at least 7 available",
				"At most 12 Pods, at least 7 available",
				"At most 13 Pods, at least 8 available",
			},
			Answer: 3,
			Why:    "25% of 10 is 2.5. maxSurge rounds up to 3, allowing 13 Pods; maxUnavailable rounds down to 2, keeping at least 8 available.",
		},
		{
			ID:   "new-revision",
			Text: "Which change makes a Deployment create a new ReplicaSet, that is a new revision?",
			Choices: []string{
				"Scaling from 10 to 20 replicas",
				"Changing maxSurge",
				"Changing the container image in the Pod template",
				"Running kubectl rollout status",
			},
			Answer: 2,
			Why:    "Only edits to the Pod template produce a revision. Scaling just changes the replica count of the current ReplicaSet, and strategy settings only affect how a rollout moves.",
		},
		{
			ID:   "stuck-rollout",
			Text: "A new image never becomes ready. What does the Deployment do?",
			Choices: []string{
				"It rolls back by itself after 10 minutes",
				"It replaces all the old Pods anyway",
				"It stops at its bounds with old Pods still serving, and reports the rollout as failed after progressDeadlineSeconds",
			},
			Answer: 2,
			Why:    "The surge and unavailable bounds keep enough old Pods running, so the service stays up. After the deadline (600 s by default) the Deployment reports the rollout as failed, but rolling back is left to you.",
		},
		{
			ID:   "rollback-mechanics",
			Text: "What does kubectl rollout undo deployment/web actually do?",
			Choices: []string{
				"It restores the previous state from an etcd snapshot",
				"It puts the previous Pod template back, and the controller scales that revision's old ReplicaSet up again",
				"It deletes every Pod and recreates them from the previous manifest",
			},
			Answer: 1,
			Why:    "Old ReplicaSets are kept at zero replicas (ten by default, revisionHistoryLimit). Undo reuses one of them with the same rolling process, so a rollback is just another rollout.",
		},
	},
	"configmaps-secrets": {
		{
			ID:   "env-vs-volume",
			Text: "A running Pod uses a ConfigMap both through envFrom and as a mounted volume (no subPath). You edit the ConfigMap. What does the app see?",
			Choices: []string{
				"The files update after a short delay; the variables keep their old values until the container starts again",
				"Both the variables and the files change within seconds",
				"Neither changes until the Pod is recreated",
				"The variables change; the files stay the same",
			},
			Answer: 0,
			Why:    "Environment variables are set once, when the container starts. Files in a ConfigMap volume are refreshed in place by the kubelet after its sync period and cache delay.",
		},
		{
			ID:   "base64-not-encryption",
			Text: "A Secret's data field holds DB_USER: c2hvcA==. Who can read the real value?",
			Choices: []string{
				"Only the kubelet, which holds the decryption key",
				"Only Pods that mount the Secret",
				"Anyone who may read the Secret through the API, or who can read etcd without encryption at rest",
			},
			Answer: 2,
			Why:    "Base64 is an encoding that anyone can reverse in one command, not encryption. Protect Secrets with tight RBAC and encryption at rest, since by default they are stored in etcd unencrypted.",
		},
		{
			ID:   "subpath-frozen",
			Text: "One key of a ConfigMap is mounted as a single file using subPath. You update the ConfigMap. What happens to that file?",
			Choices: []string{
				"It never changes: subPath mounts do not receive updates",
				"It updates after the kubelet's sync period, like any mounted key",
				"The Pod is restarted automatically so that it picks up the change",
			},
			Answer: 0,
			Why:    "A subPath mount is fixed to the file as it was when the container started, so later updates never reach it. Restart the container to pick up the change, or mount the whole volume instead.",
		},
	},
	"control-plane": {
		{
			ID:   "etcd-access",
			Text: "Which component reads and writes etcd directly?",
			Choices: []string{
				"Only kube-apiserver",
				"The scheduler and the controllers, to save a hop",
				"Every kubelet, to report node status",
				"kube-proxy, to read Services",
			},
			Answer: 0,
			Why:    "The API server is the only etcd client. Everything else reads and writes through its API, where each request is authenticated, authorized, admitted and validated first.",
		},
		{
			ID:   "raft-quorum",
			Text: "How many members can a three-member etcd cluster lose and still commit writes?",
			Choices: []string{
				"None",
				"One",
				"Two",
			},
			Answer: 1,
			Why:    "A write is committed once a majority has it, and the majority of 3 is 2. A fourth member does not help: the majority of 4 is 3, so it still survives only one failure, which is why etcd clusters have odd sizes.",
		},
		{
			ID:   "quorum-lost",
			Text: "Two of three etcd members fail. What happens to the workloads already running?",
			Choices: []string{
				"Every container stops at once",
				"The API server keeps accepting changes and syncs them to etcd later",
				"The containers keep running, but the cluster cannot change: no new Pods, scaling or rescheduling",
			},
			Answer: 2,
			Why:    "Without a majority, etcd cannot commit anything, so the API server cannot store changes. Kubelets keep the containers they already run, but nothing new can be decided until quorum is back.",
		},
	},
	"custom-schedulers": {
		{
			ID:   "unknown-scheduler",
			Text: "A Pod sets schedulerName: bin-packing, but no scheduler with that name is running. What happens?",
			Choices: []string{
				"It stays Pending, because every scheduler ignores Pods that name another one",
				"The default scheduler takes it over after a timeout",
				"The API server rejects the Pod",
			},
			Answer: 0,
			Why:    "A scheduler only takes Pods whose schedulerName matches one of its profiles. Pods that name none get default-scheduler, filled in by the API server.",
		},
		{
			ID:   "profiles",
			Text: "How do you offer a second scheduler name without deploying another program?",
			Choices: []string{
				"Start kube-scheduler with --scheduler-name=bin-packing",
				"Add a profile with that schedulerName to the KubeSchedulerConfiguration of the existing kube-scheduler",
				"Put an annotation with the name on the nodes it should use",
			},
			Answer: 1,
			Why:    "One kube-scheduler can serve several profiles, each with its own name and plugin settings, from the file passed with --config. kube-scheduler has no --scheduler-name flag.",
		},
		{
			ID:   "most-allocated",
			Text: "A profile sets NodeResourcesFit's scoring strategy to MostAllocated. Among the nodes that fit, which does it favor?",
			Choices: []string{
				"The emptiest node",
				"The node running the fewest Pods, whatever they request",
				"The fullest node that still fits",
			},
			Answer: 2,
			Why:    "MostAllocated scores a node higher the larger the share of its allocatable resources that would be requested, so Pods are packed tightly. That leaves whole nodes empty for the cluster autoscaler to remove.",
		},
	},
	"priority-preemption": {
		{
			ID:   "pdb-best-effort",
			Text: "A high-priority Pod can only be placed by evicting Pods that a PodDisruptionBudget protects. What does the scheduler do?",
			Choices: []string{
				"It preempts them anyway: PDBs are respected only on a best-effort basis during preemption",
				"It gives up, because the budget blocks preemption",
				"It waits until the budget allows another disruption",
			},
			Answer: 0,
			Why:    "The scheduler prefers victims that keep every budget intact, but if none exist it evicts regardless. Strict PDB enforcement applies to the Eviction API, as used by kubectl drain.",
		},
		{
			ID:   "preemption-never",
			Text: "A PriorityClass has preemptionPolicy: Never. What do its Pods get?",
			Choices: []string{
				"A place ahead of lower-priority Pods in the scheduling queue, but they never evict anyone",
				"Protection from ever being preempted by other Pods",
				"Nothing: with that policy the priority value is ignored",
			},
			Answer: 0,
			Why:    "preemptionPolicy controls whether these Pods may preempt others, not whether others may preempt them. They still jump the queue and wait for room to free up on its own.",
		},
		{
			ID:   "victims-graceful",
			Text: "The scheduler has chosen victims on a node for a waiting Pod. How are the victims removed?",
			Choices: []string{
				"They are killed at once with SIGKILL so the waiting Pod can start",
				"The scheduler moves them to other nodes",
				"They are deleted gracefully with their termination grace period, while the waiting Pod records the node in nominatedNodeName",
			},
			Answer: 2,
			Why:    "Victims get their normal graceful shutdown. The waiting Pod is nominated for that node, not bound to it, so it may still land elsewhere if room appears there first.",
		},
	},
	"autoscaling": {
		{
			ID:   "hpa-formula",
			Text: "An HPA targets 50% average CPU utilization. Its 3 replicas average 70%. How many replicas does it ask for?",
			Choices: []string{
				"3",
				"4",
				"5",
				"6",
			},
			Answer: 2,
			Why:    "desiredReplicas = ceil(3 × 70 / 50) = ceil(4.2) = 5. The ratio 1.4 is well outside the 10% tolerance, and scaling up has no stabilization window by default.",
		},
		{
			ID:   "hpa-tolerance",
			Text: "An HPA targets 60% CPU, and its 4 replicas average 63%. What does it do?",
			Choices: []string{
				"Scales to 5, since ceil(4 × 63 / 60) = 5",
				"Nothing, because 63 / 60 = 1.05 is within the default 10% tolerance",
				"Scales to 5, but only after waiting 300 seconds",
			},
			Answer: 1,
			Why:    "When the ratio of current to target is within 0.1 of 1.0, the HPA leaves the replica count alone. That keeps small metric wobbles from adding and removing Pods.",
		},
		{
			ID:   "scale-down-window",
			Text: "Load drops sharply and the HPA's recommendation falls from 10 replicas to 4. With default behavior, when does it scale down?",
			Choices: []string{
				"At once, as it does when scaling up",
				"After a fixed 3-minute cooldown",
				"Never; an HPA only scales up",
				"Once the highest recommendation of the last 300 seconds is 4, about five minutes after the drop",
			},
			Answer: 3,
			Why:    "For scaling down, the HPA uses the highest recommendation within a 300-second stabilization window, so load must stay low for five minutes before Pods are removed. There is no separate cooldown setting in autoscaling/v2.",
		},
	},
}
