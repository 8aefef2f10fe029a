package pod

// Our own short explanations of what a field does at run time, written for
// this course (not copied from the course outline or the API reference).
// They are keyed by the field's shape: list indices and map keys in
// brackets are dropped or turned into children, so
// "spec.containers[1].resources.limits.memory" and
// "spec.initContainers[0].resources.limits[memory]" both find
// "containers.resources.limits.memory".

import "strings"

var explanations = map[string]string{
	"apiVersion": "Says which API group and version the object is written in. A Pod is in the core group, so it is plain v1. " +
		"The API server reads apiVersion and kind first to know which schema the rest of the document must follow.",
	"kind": "Says what type of object this is: Pod. Together with apiVersion it picks the schema the API server checks the rest of the document against.",
	"metadata": "Identifies the object: its name, namespace, labels and annotations. " +
		"The API server adds more here on create, such as uid, resourceVersion and creationTimestamp.",
	"metadata.name": "The pod's name, unique among the pods of its namespace. " +
		"It must be a DNS subdomain: lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit. " +
		"It cannot be changed later, and the pod's hostname is taken from it unless spec.hostname says otherwise.",
	"metadata.namespace": "The namespace the pod lives in; a name only has to be unique inside its namespace. " +
		"Left out, kubectl sends the pod to the namespace of the current context, usually default. " +
		"ConfigMaps, Secrets and claims the pod refers to by name are looked up in this same namespace.",
	"metadata.labels": "Key-value tags that other objects use to find the pod: a Service sends traffic to the ready pods its selector matches, and a ReplicaSet counts the pods its selector matches. " +
		"Changing a label can therefore take a pod out of a Service or away from its ReplicaSet. Labels do not change how the containers run.",
	"spec": "The desired state of the pod: its containers, volumes and the rules for running them. " +
		"Most of it cannot be changed once the pod exists; to change it you replace the pod.",
	"spec.containers": "The app containers of the pod; there must be at least one. " +
		"They are started together on one node once the init containers are done, share the pod's IP address and ports, and can mount the same volumes. " +
		"Containers cannot be added or removed after creation.",
	"spec.initContainers": "Containers that run one after another, to completion, before the app containers start; each must exit with status 0 before the next one starts. " +
		"A failing init container is retried as the pod's restartPolicy allows, and the app containers wait. " +
		"An init container with restartPolicy: Always is a sidecar: it is started in order but keeps running beside the app containers.",
	"containers.name": "The container's name inside the pod: a DNS label (lowercase letters, digits and '-', at most 63 characters), unique among all the pod's containers and init containers. " +
		"kubectl logs -c, kubectl exec -c, events and the pod's status all use it.",
	"containers.image": "The image the container runs, such as nginx:1.25. The kubelet asks the container runtime to pull it from the registry in its name (Docker Hub when there is none). " +
		"No tag means :latest, which also makes the default imagePullPolicy Always.",
	"containers.imagePullPolicy": "When the kubelet pulls the image: Always checks the registry at every container start, IfNotPresent only when the node lacks the image, Never never pulls. " +
		"Left out, it is Always for :latest (or no tag) and IfNotPresent otherwise.",
	"containers.ports": "A list of the ports the container listens on, mostly as documentation. " +
		"Leaving a port out does not block it: any port a process listens on is reachable at the pod's IP. " +
		"A named port can be used by name in a Service's targetPort and in probes.",
	"containers.ports.containerPort": "The port number, 1 to 65535, the process in the container listens on. " +
		"Other pods reach it at the pod's IP and this port, and a Service forwards its traffic here through targetPort.",
	"containers.ports.protocol": "TCP, UDP or SCTP; TCP when left out. A Service port forwards only the protocol it names.",
	"containers.resources": "What the container asks for (requests) and may use at most (limits) of CPU, memory and other resources. " +
		"The scheduler places the pod by its requests, the kubelet enforces the limits, and the two together give the pod its QoS class.",
	"containers.resources.requests": "The resources reserved for the container. The scheduler only chooses a node whose allocatable capacity, minus what pods there already request, covers the pod's total requests. " +
		"A request left out for a resource that has a limit is copied from that limit when the pod is created.",
	"containers.resources.requests.cpu": "CPU reserved for the container, in cores or millicores (250m is a quarter of a core). " +
		"When the node's CPU is contended, containers get time in proportion to their requests; the request itself is not a ceiling.",
	"containers.resources.requests.memory": "Memory reserved for the container, in bytes with suffixes such as Mi or Gi. " +
		"It does not cap usage, but when the node runs short of memory the kubelet evicts pods that use more than they requested first.",
	"containers.resources.limits": "The most the container may use. The kubelet writes the limits into the container's cgroup: " +
		"CPU use above the limit is throttled, and memory use above it gets the container killed.",
	"containers.resources.limits.cpu":    "The container's CPU ceiling. Once it has used its share of a scheduling period (100ms by default), the kernel pauses it until the next period: it runs slower, it is not killed.",
	"containers.resources.limits.memory": "The container's memory ceiling. A container that goes over it is killed by the kernel's OOM killer, shows the reason OOMKilled, and is restarted as the restartPolicy says.",
	"containers.volumeMounts": "Where this container sees the pod's volumes. Each entry names a volume from spec.volumes and the directory to mount it at. " +
		"Containers that mount the same volume see the same files.",
	"containers.volumeMounts.name": "The name of the volume to mount; it must match the name of an entry in spec.volumes.",
	"containers.volumeMounts.mountPath": "The directory inside the container where the volume appears. Whatever the image had at that path is hidden while the volume is mounted there. " +
		"A container can use each path only once.",
	"containers.command": "Replaces the image's ENTRYPOINT with this program and its first arguments. Left out, the image's ENTRYPOINT runs. " +
		"It is not run in a shell, so write sh -c ... to use shell syntax; $(NAME) is replaced with the container's environment variable NAME.",
	"containers.args": "Replaces the image's CMD, the arguments given to the entrypoint. " +
		"If command is set and args is not, the image's CMD is dropped too.",
	"containers.env": "Environment variables for the container, each a name with a value or with a value taken from a ConfigMap, a Secret or a field of the pod. " +
		"They are read when the container starts; changing a ConfigMap later does not change a running container's environment.",
	"spec.volumes": "The volumes of the pod, declared once and mounted by containers through volumeMounts. " +
		"A volume keeps its files when a container restarts; whether it outlives the pod depends on its type.",
	"spec.volumes.name": "The volume's name, which volumeMounts refer to. It must be a DNS label and unique within the pod.",
	"spec.volumes.emptyDir": "An empty directory created when the pod starts on a node and deleted when the pod leaves that node. " +
		"All containers of the pod can mount it, which makes it the usual way for a container and its sidecar to share files. It survives container restarts.",
	"spec.restartPolicy": "What the kubelet does when a container exits: Always restarts it, OnFailure restarts it only after a non-zero exit code, Never leaves it stopped. " +
		"A container that keeps failing is restarted after longer and longer delays, shown as CrashLoopBackOff.",
	"spec.terminationGracePeriodSeconds": "How long a pod being deleted gets to shut down. The kubelet runs any preStop hooks and sends SIGTERM, " +
		"then kills whatever is still running once this many seconds have passed. It is 30 when left out.",
	"spec.nodeName": "The node the pod runs on. Usually left empty: the scheduler chooses a node and binds the pod to it by setting this field. " +
		"Set by hand, it bypasses the scheduler and the kubelet of that node tries to run the pod.",
	"spec.dnsPolicy":     "How the containers resolve names: ClusterFirst (the default) asks the cluster DNS first, so Service names resolve; Default uses the node's resolver; None uses only spec.dnsConfig.",
	"spec.schedulerName": "Which scheduler places the pod; default-scheduler unless another one is named. A pod naming a scheduler that is not running stays Pending.",
}

// explanationKey reduces a field path to the shape explanations are keyed by.
func explanationKey(path string) string {
	segs := splitExplainPath(path)
	if len(segs) >= 2 && segs[0] == "spec" {
		switch segs[1] {
		case "containers", "initContainers", "ephemeralContainers":
			if len(segs) > 2 {
				return "containers." + strings.Join(segs[2:], ".")
			}
		}
	}
	return strings.Join(segs, ".")
}

// explanation is Explanation.
func explanation(path string) string {
	return explanations[explanationKey(path)]
}
