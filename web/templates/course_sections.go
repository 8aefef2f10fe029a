package templates

// CourseSections returns the sections of the course page in the order of the
// outline (../shared/seed/kubernetes-orchestration-guide.txt). The IDs are
// link anchors: keep them stable. The prose is our own; where the outline
// disagrees with Kubernetes v1.37 the section body says so in an
// <aside class="upstream-note">.
func CourseSections() []Section {
	s := []Section{
		{ID: "what-is-kubernetes", Title: "What Kubernetes is", Demo: "desired-state", Body: sectionWhatIsKubernetes()},
		{ID: "cluster", Title: "The cluster", Demo: "node-failure", Body: sectionCluster()},
		{ID: "pods", Title: "Pods", Demo: "pod-spec", Body: sectionPods()},
		{ID: "lifecycle", Title: "Container lifecycle and probes", Demo: "pod-lifecycle", Body: sectionLifecycle()},
		{ID: "init-containers", Title: "Init containers", Planned: "pod-lifecycle", TryQuery: "preset=init", Body: sectionInitContainers()},
		{ID: "scheduling", Title: "Scheduling", Demo: "scheduler", Body: sectionScheduling()},
		{ID: "daemonsets-statefulsets", Title: "DaemonSets and StatefulSets", Demo: "daemonsets", Body: sectionDaemonSetsStatefulSets()},
		{ID: "services", Title: "Services and kube-proxy", Demo: "services", Body: sectionServices()},
		{ID: "dns", Title: "Cluster DNS", Demo: "dns", Body: sectionDNS()},
		{ID: "ingress", Title: "Ingress", Demo: "ingress", Body: sectionIngress()},
		{ID: "network-policies", Title: "Network policies", Demo: "network-policies", Body: sectionNetworkPolicies()},
		{ID: "deployments", Title: "Deployments and rolling updates", Demo: "rolling-update", Body: sectionDeployments()},
		{ID: "configmaps-secrets", Title: "ConfigMaps and Secrets", Demo: "configmaps-secrets", Body: sectionConfigMapsSecrets()},
		{ID: "control-plane", Title: "The control plane", Demo: "architecture", Body: sectionControlPlane()},
		{ID: "custom-schedulers", Title: "Custom schedulers", Demo: "custom-schedulers", Body: sectionCustomSchedulers()},
		{ID: "priority-preemption", Title: "Priority and preemption", Demo: "priority-preemption", Body: sectionPriorityPreemption()},
		{ID: "autoscaling", Title: "Autoscaling", Demo: "autoscaling", Body: sectionAutoscaling()},
	}
	for i := range s {
		s[i].Questions = sectionQuestions[s[i].ID]
	}
	return s
}

// The examples below are Go strings rendered inside <pre><code> so that their
// indentation survives exactly and braces need no templ escaping.

const yamlPod = `apiVersion: v1
kind: Pod
metadata:
  name: shop-frontend
  labels:
    app: shop
    role: frontend
spec:
  restartPolicy: Always
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
      limits:
        memory: 128Mi`

const yamlProbes = `spec:
  containers:
  - name: api
    image: example.com/shop/api:2.3.0
    startupProbe:          # gives a slow start up to 30 x 2s = 60s
      httpGet: { path: /healthz, port: 8080 }
      periodSeconds: 2
      failureThreshold: 30
    livenessProbe:         # failing => the kubelet restarts this container
      httpGet: { path: /healthz, port: 8080 }
      periodSeconds: 10
    readinessProbe:        # failing => no Service traffic, no restart
      httpGet: { path: /ready, port: 8080 }
      periodSeconds: 5`

const yamlInitContainers = `spec:
  initContainers:
  - name: wait-for-db            # 1st: block until the database answers
    image: busybox:1.36
    command: ["sh", "-c", "until nc -z orders-db 5432; do sleep 2; done"]
  - name: migrate                # 2nd: runs only after wait-for-db exits 0
    image: example.com/shop/orders-migrate:4.1.0
    command: ["/migrate", "up"]
  - name: log-shipper            # a sidecar: started here, keeps running
    image: fluent/fluent-bit:3.0
    restartPolicy: Always
  containers:
  - name: orders
    image: example.com/shop/orders:4.1.0`

// textFailedScheduling is the event as a v1.37 scheduler writes it: the
// PostFilter plugins' reasons in profile order after the Filter summary
// (pkg/scheduler/framework/runtime/framework.go RunPostFilterPlugins);
// DynamicResources, GA since v1.34, comes before DefaultPreemption and
// says "no new claims to deallocate" for a pod without ResourceClaims
// (engine/scheduler has the same message, TestFailedSchedulingPostFilterMessage).
const textFailedScheduling = `Warning  FailedScheduling  default-scheduler  0/3 nodes are available: 3 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.`

const yamlStatefulSet = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None          # headless: gives each Pod its own DNS name
  selector:
    app: db
  ports:
  - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:17
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:      # one PVC per Pod: data-db-0, data-db-1, ...
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 20Gi`

const yamlService = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: ClusterIP
  selector:
    app: shop
  ports:
  - protocol: TCP
    port: 80          # what clients connect to
    targetPort: 8080  # what the containers listen on`

// Abridged from the form kube-proxy's iptables mode writes
// (pkg/proxy/iptables/proxier.go); hashes replaced by placeholders.
const textIptables = `-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -m comment --comment "shop/web cluster IP" -m tcp -p tcp -d 10.96.14.20 --dport 80 -j KUBE-SVC-<hash>
-A KUBE-SVC-<hash> -m comment --comment "shop/web -> 10.244.1.7:8080" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-<a>
-A KUBE-SVC-<hash> -m comment --comment "shop/web -> 10.244.2.4:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-<b>
-A KUBE-SVC-<hash> -m comment --comment "shop/web -> 10.244.3.9:8080" -j KUBE-SEP-<c>
-A KUBE-SEP-<a> -m comment --comment shop/web -m tcp -p tcp -j DNAT --to-destination 10.244.1.7:8080`

const textResolvConf = `nameserver 10.96.0.10
search shop.svc.cluster.local svc.cluster.local cluster.local
options ndots:5`

const yamlIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  ingressClassName: example-controller
  tls:
  - hosts: ["shop.example.com"]
    secretName: shop-example-tls     # type kubernetes.io/tls: tls.crt + tls.key
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              number: 8080
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80`

const yamlNetworkPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}            # every Pod in the namespace
  policyTypes: ["Ingress", "Egress"]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-from-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: ["Ingress"]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: shop
    ports:
    - protocol: TCP
      port: 8080`

const yamlDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 10
  revisionHistoryLimit: 10     # old ReplicaSets kept for rollback
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%            # 2.5 rounds up:   at most 13 Pods
      maxUnavailable: 25%      # 2.5 rounds down: at least 8 available
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27`

const textRollout = `kubectl set image deployment/web web=nginx:1.28
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout undo deployment/web                  # back to the previous revision
kubectl rollout undo deployment/web --to-revision=3`

const yamlConfigSecret = `apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
data:
  LOG_LEVEL: info
  FEATURE_CART_V2: "true"
  app.properties: |
    currency=EUR
    page.size=25
---
apiVersion: v1
kind: Secret
metadata:
  name: shop-db
type: Opaque
data:
  DB_USER: c2hvcA==          # base64 of "shop": encoded, NOT encrypted
stringData:
  DB_PASSWORD: correct-horse # plain text; the API server encodes it for you`

const yamlConsume = `spec:
  containers:
  - name: api
    image: example.com/shop/api:2.3.0
    envFrom:                       # every key becomes an env variable
    - configMapRef:
        name: shop-config
    - secretRef:
        name: shop-db
    volumeMounts:
    - name: config
      mountPath: /etc/shop         # app.properties appears as a file here
      readOnly: true
  volumes:
  - name: config
    configMap:
      name: shop-config`

const textEtcdSnapshot = `etcdctl snapshot save /var/backups/etcd-$(date +%F).db \
  --endpoints=https://127.0.0.1:2379 \
  --cacert=/etc/kubernetes/pki/etcd/ca.crt \
  --cert=/etc/kubernetes/pki/etcd/server.crt \
  --key=/etc/kubernetes/pki/etcd/server.key`

const yamlSchedulerConfig = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packing           # pods opt in with spec.schedulerName
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated            # prefer the fullest node that fits
        resources:
        - name: cpu
          weight: 1
        - name: memory
          weight: 1`

const yamlSchedulerName = `apiVersion: v1
kind: Pod
metadata:
  name: batch-worker
spec:
  schedulerName: bin-packing
  containers:
  - name: worker
    image: example.com/batch/worker:1.0`

const yamlPriority = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: checkout-critical
value: 100000
globalDefault: false
description: "Customer-facing checkout path."
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: batch-low
value: 100
preemptionPolicy: Never      # waits in the queue, never evicts anyone
description: "Reports and other work that can wait."
---
apiVersion: v1
kind: Pod
metadata:
  name: checkout
spec:
  priorityClassName: checkout-critical
  containers:
  - name: checkout
    image: example.com/shop/checkout:5.0`

const yamlPDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: checkout`

const yamlHPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 20
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 60   # percent of the Pods' CPU *requests*
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300   # the default, written out`
