package pod

// Defaulting: what the API server fills in when a pod is created.
//
// Followed: k8s.io/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_Pod,
// SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Volume,
// SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_*VolumeSource,
// SetDefaults_ObjectFieldSelector, SetDefaults_ServiceAccountTokenProjection,
// SetDefaults_ResourceList) in the order pkg/apis/core/v1/zz_generated.defaults.go
// SetObjectDefaults_Pod calls them, and the declarative `+default="TCP"` on
// ContainerPort.Protocol (k8s.io/api core/v1 types.go), applied there too.
// The image tag is read as pkg/util/parsers/parsers.go ParseImageName reads
// it, with the same parser (github.com/distribution/reference).
//
// Not here, on purpose: what admission plugins add after defaulting
// (serviceAccountName "default" and the kube-api-access-xxxxx projected
// volume from the ServiceAccount plugin, the not-ready/unreachable
// tolerations from DefaultTolerationSeconds, priority 0 and
// preemptionPolicy from Priority), and what the pod strategy sets
// (status.phase Pending, status.qosClass). Those are not defaults.go; the
// admission plugins' additions are listed by Admitted (admission.go).

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"

	dockerref "github.com/distribution/reference"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// defaulter records what it fills in, keyed by upstream field path.
type defaulter struct {
	filled map[string]Defaulted
}

func (d *defaulter) set(p *field.Path, value, why string) {
	k := p.String()
	d.filled[k] = Defaulted{Field: k, Value: value, Why: why}
}

// withDefaults is WithDefaults: SetObjectDefaults_Pod on a deep copy, then
// the filled-in fields in the order they are declared in the Go types.
func withDefaults(in *corev1.Pod) (*corev1.Pod, []Defaulted) {
	if in == nil {
		return nil, nil
	}
	p := in.DeepCopy()
	d := &defaulter{filled: map[string]Defaulted{}}
	spec := field.NewPath("spec")

	d.setDefaultsPod(p, spec)
	d.setDefaultsPodSpec(&p.Spec, spec)
	for i := range p.Spec.Volumes {
		d.setDefaultsVolume(&p.Spec.Volumes[i], spec.Child("volumes").Index(i))
	}
	for i := range p.Spec.InitContainers {
		d.setDefaultsContainer(&p.Spec.InitContainers[i], spec.Child("initContainers").Index(i))
	}
	for i := range p.Spec.Containers {
		d.setDefaultsContainer(&p.Spec.Containers[i], spec.Child("containers").Index(i))
	}
	for i := range p.Spec.EphemeralContainers {
		c := (*corev1.Container)(&p.Spec.EphemeralContainers[i].EphemeralContainerCommon)
		d.setDefaultsContainer(c, spec.Child("ephemeralContainers").Index(i))
	}
	d.setDefaultsResourceList(p.Spec.Overhead, spec.Child("overhead"))
	return p, d.ordered(p)
}

// setDefaultsPod is SetDefaults_Pod.
func (d *defaulter) setDefaultsPod(p *corev1.Pod, spec *field.Path) {
	// "If limits are specified, but requests are not, default requests to
	// limits" — for containers and init containers, and only for a Pod, not
	// a PodTemplate (which is why it is not in SetDefaults_PodSpec).
	requestsFromLimits := func(c *corev1.Container, cp *field.Path) {
		if c.Resources.Limits == nil {
			return
		}
		if c.Resources.Requests == nil {
			c.Resources.Requests = corev1.ResourceList{}
		}
		for _, name := range sortedResourceNames(c.Resources.Limits) {
			if _, ok := c.Resources.Requests[name]; ok {
				continue
			}
			lim := c.Resources.Limits[name]
			c.Resources.Requests[name] = lim.DeepCopy()
			d.set(cp.Child("resources", "requests").Key(string(name)), lim.String(),
				fmt.Sprintf("the container has a %s limit of %s and no %s request, so the request is copied from the limit", name, lim.String(), name))
		}
	}
	for i := range p.Spec.Containers {
		requestsFromLimits(&p.Spec.Containers[i], spec.Child("containers").Index(i))
	}
	for i := range p.Spec.InitContainers {
		requestsFromLimits(&p.Spec.InitContainers[i], spec.Child("initContainers").Index(i))
	}

	// Pod-level resources (feature gate PodLevelResources, on by default
	// since v1.34): after the container defaults.
	d.defaultPodRequests(p, spec.Child("resources"))
	d.defaultPodLimits(p, spec.Child("resources"))

	if p.Spec.EnableServiceLinks == nil {
		v := corev1.DefaultEnableServiceLinks
		p.Spec.EnableServiceLinks = &v
		d.set(spec.Child("enableServiceLinks"), "true",
			"the kubelet puts environment variables for every Service in the namespace into the containers unless the pod turns that off")
	}
	if p.Spec.HostNetwork {
		hostPorts := func(cs []corev1.Container, cp *field.Path) {
			for i := range cs {
				for j := range cs[i].Ports {
					port := &cs[i].Ports[j]
					if port.HostPort == 0 {
						port.HostPort = port.ContainerPort
						d.set(cp.Index(i).Child("ports").Index(j).Child("hostPort"), strconv.Itoa(int(port.ContainerPort)),
							"with hostNetwork the container listens on the node itself, so its host port is its container port")
					}
				}
			}
		}
		hostPorts(p.Spec.Containers, spec.Child("containers"))
		hostPorts(p.Spec.InitContainers, spec.Child("initContainers"))
	}
}

// defaultPodRequests is defaults.go defaultPodRequests, for the resources
// component-helpers/resource IsSupportedPodLevelResource supports that can
// be overcommitted (cpu, memory; hugepages are not modelled here).
func (d *defaulter) defaultPodRequests(p *corev1.Pod, rp *field.Path) {
	if p.Spec.Resources == nil || len(p.Spec.Resources.Limits) == 0 {
		return
	}
	reqs := p.Spec.Resources.Requests
	if reqs == nil {
		reqs = corev1.ResourceList{}
	}
	aggr := aggregateContainerResources(p, func(c *corev1.Container) corev1.ResourceList { return c.Resources.Requests })
	for _, name := range sortedResourceNames(aggr) {
		if _, ok := reqs[name]; !ok && isPodLevelOvercommittable(name) {
			q := aggr[name]
			reqs[name] = q.DeepCopy()
			d.set(rp.Child("requests").Key(string(name)), q.String(),
				fmt.Sprintf("the pod sets pod-level limits but no pod-level %s request, so it gets the sum of its containers' %s requests", name, name))
		}
	}
	for _, name := range sortedResourceNames(p.Spec.Resources.Limits) {
		if _, ok := reqs[name]; !ok && isPodLevelOvercommittable(name) {
			q := p.Spec.Resources.Limits[name]
			reqs[name] = q.DeepCopy()
			d.set(rp.Child("requests").Key(string(name)), q.String(),
				fmt.Sprintf("no container requests %s, so the pod-level %s request is copied from the pod-level limit", name, name))
		}
	}
	if len(reqs) > 0 {
		p.Spec.Resources.Requests = reqs
	}
}

// defaultPodLimits is defaults.go defaultPodLimits.
func (d *defaulter) defaultPodLimits(p *corev1.Pod, rp *field.Path) {
	if p.Spec.Resources == nil || len(p.Spec.Resources.Requests) == 0 || hasSupportedPodLevel(p.Spec.Resources.Limits) {
		return
	}
	if !hasSupportedPodLevel(p.Spec.Resources.Requests) {
		return
	}
	lims := p.Spec.Resources.Limits
	if lims == nil {
		lims = corev1.ResourceList{}
	}
	aggr := aggregateContainerResources(p, func(c *corev1.Container) corev1.ResourceList { return c.Resources.Limits })
	for _, name := range sortedResourceNames(aggr) {
		if _, ok := lims[name]; ok || !isPodLevelOvercommittable(name) || !allContainersHaveLimit(p, name) {
			continue
		}
		q := aggr[name]
		lims[name] = q.DeepCopy()
		d.set(rp.Child("limits").Key(string(name)), q.String(),
			fmt.Sprintf("the pod sets pod-level requests and every container has a %s limit, so the pod-level %s limit is their total", name, name))
	}
	if len(lims) > 0 {
		p.Spec.Resources.Limits = lims
	}
}

func isPodLevelOvercommittable(name corev1.ResourceName) bool {
	return name == corev1.ResourceCPU || name == corev1.ResourceMemory
}

func hasSupportedPodLevel(rl corev1.ResourceList) bool {
	for name := range rl {
		if isPodLevelOvercommittable(name) || isHugePages(name) {
			return true
		}
	}
	return false
}

func allContainersHaveLimit(p *corev1.Pod, name corev1.ResourceName) bool {
	for _, cs := range [][]corev1.Container{p.Spec.InitContainers, p.Spec.Containers} {
		for _, c := range cs {
			if _, ok := c.Resources.Limits[name]; !ok {
				return false
			}
		}
	}
	return true
}

// aggregateContainerResources is component-helpers/resource
// aggregateContainerResourcesByFn on the spec: the regular containers and
// the sidecars (restartable init containers) add up; an ordinary init
// container runs alone next to the sidecars started before it; the pod
// needs the larger of the two.
func aggregateContainerResources(p *corev1.Pod, get func(*corev1.Container) corev1.ResourceList) corev1.ResourceList {
	result := corev1.ResourceList{}
	for i := range p.Spec.Containers {
		addResourceList(result, get(&p.Spec.Containers[i]))
	}
	sidecars := corev1.ResourceList{}
	initMax := corev1.ResourceList{}
	for i := range p.Spec.InitContainers {
		c := &p.Spec.InitContainers[i]
		var use corev1.ResourceList
		if isRestartable(c) {
			addResourceList(result, get(c))
			addResourceList(sidecars, get(c))
			use = sidecars
		} else {
			use = corev1.ResourceList{}
			addResourceList(use, get(c))
			addResourceList(use, sidecars)
		}
		maxResourceList(initMax, use)
	}
	maxResourceList(result, initMax)
	return result
}

func addResourceList(into, add corev1.ResourceList) {
	for name, q := range add {
		if cur, ok := into[name]; ok {
			cur.Add(q)
			into[name] = cur
		} else {
			into[name] = q.DeepCopy()
		}
	}
}

func maxResourceList(into, other corev1.ResourceList) {
	for name, q := range other {
		if cur, ok := into[name]; !ok || q.Cmp(cur) > 0 {
			into[name] = q.DeepCopy()
		}
	}
}

func isRestartable(c *corev1.Container) bool {
	return c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// setDefaultsPodSpec is SetDefaults_PodSpec.
func (d *defaulter) setDefaultsPodSpec(s *corev1.PodSpec, spec *field.Path) {
	if s.DNSPolicy == "" {
		s.DNSPolicy = corev1.DNSClusterFirst
		d.set(spec.Child("dnsPolicy"), string(s.DNSPolicy),
			"ClusterFirst sends the containers' DNS lookups to the cluster DNS service, so Service names resolve")
	}
	if s.RestartPolicy == "" {
		s.RestartPolicy = corev1.RestartPolicyAlways
		d.set(spec.Child("restartPolicy"), string(s.RestartPolicy),
			"a pod that names no restart policy has its containers restarted whenever they exit")
	}
	if s.SecurityContext == nil {
		s.SecurityContext = &corev1.PodSecurityContext{}
		d.set(spec.Child("securityContext"), "{}",
			"an empty pod security context is filled in; it changes nothing, so containers run as their image says")
	}
	if s.TerminationGracePeriodSeconds == nil {
		v := int64(corev1.DefaultTerminationGracePeriodSeconds)
		s.TerminationGracePeriodSeconds = &v
		d.set(spec.Child("terminationGracePeriodSeconds"), strconv.FormatInt(v, 10),
			"when the pod is deleted the kubelet sends SIGTERM and waits up to 30 seconds before it kills what is still running")
	}
	if s.SchedulerName == "" {
		s.SchedulerName = corev1.DefaultSchedulerName
		d.set(spec.Child("schedulerName"), s.SchedulerName,
			"the pod names no scheduler, so the cluster's default scheduler picks its node")
	}
}

// setDefaultsVolume is SetDefaults_Volume and the volume-source defaulters
// SetObjectDefaults_Pod calls after it.
func (d *defaulter) setDefaultsVolume(v *corev1.Volume, vp *field.Path) {
	if allPtrFieldsNil(&v.VolumeSource) {
		v.VolumeSource = corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
		d.set(vp.Child("emptyDir"), "{}",
			"the volume names no source, so it becomes an empty directory that lives as long as the pod")
	}
	// Feature gate ImageVolume.
	if v.Image != nil && v.Image.PullPolicy == "" {
		tag := imageTag(v.Image.Reference)
		if tag == "latest" {
			v.Image.PullPolicy = corev1.PullAlways
		} else {
			v.Image.PullPolicy = corev1.PullIfNotPresent
		}
		d.set(vp.Child("image", "pullPolicy"), string(v.Image.PullPolicy), pullPolicyWhy(v.Image.Reference, tag, v.Image.PullPolicy))
	}
	if v.HostPath != nil && v.HostPath.Type == nil {
		t := corev1.HostPathUnset
		v.HostPath.Type = &t
		d.set(vp.Child("hostPath", "type"), `""`, "an empty type means no check is made of what is at the path before it is mounted")
	}
	mode := func(m **int32, p *field.Path, what string) {
		if *m == nil {
			v := int32(0644)
			*m = &v
			d.set(p, "420", fmt.Sprintf("files from the %s get mode 0644 (420 in decimal, as the API stores it): readable by all, writable by the owner", what))
		}
	}
	if v.Secret != nil {
		mode(&v.Secret.DefaultMode, vp.Child("secret", "defaultMode"), "Secret")
	}
	if v.DownwardAPI != nil {
		mode(&v.DownwardAPI.DefaultMode, vp.Child("downwardAPI", "defaultMode"), "downward API")
		for j := range v.DownwardAPI.Items {
			if fr := v.DownwardAPI.Items[j].FieldRef; fr != nil {
				d.setDefaultsObjectFieldSelector(fr, vp.Child("downwardAPI", "items").Index(j).Child("fieldRef"))
			}
		}
	}
	if v.ConfigMap != nil {
		mode(&v.ConfigMap.DefaultMode, vp.Child("configMap", "defaultMode"), "ConfigMap")
	}
	if v.Projected != nil {
		mode(&v.Projected.DefaultMode, vp.Child("projected", "defaultMode"), "projected sources")
		for j := range v.Projected.Sources {
			src := &v.Projected.Sources[j]
			sp := vp.Child("projected", "sources").Index(j)
			if src.DownwardAPI != nil {
				for k := range src.DownwardAPI.Items {
					if fr := src.DownwardAPI.Items[k].FieldRef; fr != nil {
						d.setDefaultsObjectFieldSelector(fr, sp.Child("downwardAPI", "items").Index(k).Child("fieldRef"))
					}
				}
			}
			if t := src.ServiceAccountToken; t != nil && t.ExpirationSeconds == nil {
				h := int64(3600)
				t.ExpirationSeconds = &h
				d.set(sp.Child("serviceAccountToken", "expirationSeconds"), "3600", "a projected token asks for a lifetime of one hour unless it says otherwise")
			}
		}
	}
	if e := v.Ephemeral; e != nil && e.VolumeClaimTemplate != nil {
		s := &e.VolumeClaimTemplate.Spec
		if s.VolumeMode == nil {
			m := corev1.PersistentVolumeFilesystem
			s.VolumeMode = &m
			d.set(vp.Child("ephemeral", "volumeClaimTemplate", "spec", "volumeMode"), string(m), "the claimed volume is mounted as a filesystem unless Block is asked for")
		}
		d.setDefaultsResourceList(s.Resources.Limits, vp.Child("ephemeral", "volumeClaimTemplate", "spec", "resources", "limits"))
		d.setDefaultsResourceList(s.Resources.Requests, vp.Child("ephemeral", "volumeClaimTemplate", "spec", "resources", "requests"))
	}
}

// allPtrFieldsNil is k8s.io/utils/ptr.AllPtrFieldsNil: true when every
// pointer field of the struct is nil.
func allPtrFieldsNil(obj any) bool {
	v := reflect.ValueOf(obj).Elem()
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Kind() == reflect.Pointer && !f.IsNil() {
			return false
		}
	}
	return true
}

// setDefaultsContainer is SetDefaults_Container, then the rest of what
// SetObjectDefaults_Pod does per container.
func (d *defaulter) setDefaultsContainer(c *corev1.Container, cp *field.Path) {
	if c.ImagePullPolicy == "" {
		tag := imageTag(c.Image)
		if tag == "latest" {
			c.ImagePullPolicy = corev1.PullAlways
		} else {
			c.ImagePullPolicy = corev1.PullIfNotPresent
		}
		d.set(cp.Child("imagePullPolicy"), string(c.ImagePullPolicy), pullPolicyWhy(c.Image, tag, c.ImagePullPolicy))
	}
	if c.TerminationMessagePath == "" {
		c.TerminationMessagePath = corev1.TerminationMessagePathDefault
		d.set(cp.Child("terminationMessagePath"), c.TerminationMessagePath,
			"when the container stops, the kubelet reads its last words from this file and shows them in the pod's status")
	}
	if c.TerminationMessagePolicy == "" {
		c.TerminationMessagePolicy = corev1.TerminationMessageReadFile
		d.set(cp.Child("terminationMessagePolicy"), string(c.TerminationMessagePolicy),
			"File means the termination message comes only from that file, never from the container's log")
	}
	for j := range c.Ports {
		if c.Ports[j].Protocol == "" {
			c.Ports[j].Protocol = corev1.ProtocolTCP
			d.set(cp.Child("ports").Index(j).Child("protocol"), "TCP", "a port that names no protocol is a TCP port")
		}
	}
	for j := range c.Env {
		if vf := c.Env[j].ValueFrom; vf != nil && vf.FieldRef != nil {
			d.setDefaultsObjectFieldSelector(vf.FieldRef, cp.Child("env").Index(j).Child("valueFrom", "fieldRef"))
		}
	}
	d.setDefaultsResourceList(c.Resources.Limits, cp.Child("resources", "limits"))
	d.setDefaultsResourceList(c.Resources.Requests, cp.Child("resources", "requests"))
	probes := []struct {
		p    *corev1.Probe
		name string
	}{{c.LivenessProbe, "livenessProbe"}, {c.ReadinessProbe, "readinessProbe"}, {c.StartupProbe, "startupProbe"}}
	for _, pr := range probes {
		if pr.p != nil {
			d.setDefaultsProbe(pr.p, cp.Child(pr.name))
		}
	}
	if lc := c.Lifecycle; lc != nil {
		if lc.PostStart != nil && lc.PostStart.HTTPGet != nil {
			d.setDefaultsHTTPGet(lc.PostStart.HTTPGet, cp.Child("lifecycle", "postStart", "httpGet"))
		}
		if lc.PreStop != nil && lc.PreStop.HTTPGet != nil {
			d.setDefaultsHTTPGet(lc.PreStop.HTTPGet, cp.Child("lifecycle", "preStop", "httpGet"))
		}
	}
}

// setDefaultsProbe is SetDefaults_Probe and SetDefaults_HTTPGetAction.
func (d *defaulter) setDefaultsProbe(p *corev1.Probe, pp *field.Path) {
	if p.TimeoutSeconds == 0 {
		p.TimeoutSeconds = 1
		d.set(pp.Child("timeoutSeconds"), "1", "each check fails if it takes longer than one second")
	}
	if p.PeriodSeconds == 0 {
		p.PeriodSeconds = 10
		d.set(pp.Child("periodSeconds"), "10", "the kubelet runs the check every ten seconds")
	}
	if p.SuccessThreshold == 0 {
		p.SuccessThreshold = 1
		d.set(pp.Child("successThreshold"), "1", "one passing check is enough to count as success")
	}
	if p.FailureThreshold == 0 {
		p.FailureThreshold = 3
		d.set(pp.Child("failureThreshold"), "3", "three failed checks in a row count as failure")
	}
	if p.HTTPGet != nil {
		d.setDefaultsHTTPGet(p.HTTPGet, pp.Child("httpGet"))
	}
}

func (d *defaulter) setDefaultsHTTPGet(h *corev1.HTTPGetAction, hp *field.Path) {
	if h.Path == "" {
		h.Path = "/"
		d.set(hp.Child("path"), "/", "a request that names no path asks for /")
	}
	if h.Scheme == "" {
		h.Scheme = corev1.URISchemeHTTP
		d.set(hp.Child("scheme"), "HTTP", "the request is plain HTTP unless HTTPS is asked for")
	}
}

// setDefaultsObjectFieldSelector is SetDefaults_ObjectFieldSelector.
func (d *defaulter) setDefaultsObjectFieldSelector(fs *corev1.ObjectFieldSelector, fp *field.Path) {
	if fs.APIVersion == "" {
		fs.APIVersion = "v1"
		d.set(fp.Child("apiVersion"), "v1", "the field path is read in the pod's own API version, v1")
	}
}

// setDefaultsResourceList is SetDefaults_ResourceList: "We round up
// resource values to milli scale to maintain API compatibility."
func (d *defaulter) setDefaultsResourceList(rl corev1.ResourceList, rp *field.Path) {
	for _, name := range sortedResourceNames(rl) {
		before := rl[name]
		after := before.DeepCopy()
		after.RoundUp(-3)
		if after.Cmp(before) != 0 {
			d.set(rp.Key(string(name)), after.String(),
				fmt.Sprintf("quantities are kept to thousandths (milli units), so %s is rounded up to %s", before.String(), after.String()))
		}
		rl[name] = after
	}
}

// imageTag is the tag pkg/util/parsers ParseImageName returns: no tag and
// no digest reads as "latest"; a digest alone has no tag; a reference that
// does not parse has no tag (SetDefaults_Container ignores the error).
func imageTag(image string) string {
	named, err := dockerref.ParseNormalizedNamed(image)
	if err != nil {
		return ""
	}
	var tag, digest string
	if t, ok := named.(dockerref.Tagged); ok {
		tag = t.Tag()
	}
	if dg, ok := named.(dockerref.Digested); ok {
		digest = dg.Digest().String()
	}
	if tag == "" && digest == "" {
		tag = "latest"
	}
	return tag
}

func pullPolicyWhy(image, tag string, policy corev1.PullPolicy) string {
	_, err := dockerref.ParseNormalizedNamed(image)
	switch {
	case image == "":
		return fmt.Sprintf("there is no image, so no tag is read and the policy is %s", policy)
	case err != nil:
		return fmt.Sprintf("the image %q does not parse as a reference, so no tag is read and the policy is %s", image, policy)
	case tag == "latest":
		if t, _ := dockerref.ParseNormalizedNamed(image); t != nil {
			if _, tagged := t.(dockerref.Tagged); !tagged {
				return fmt.Sprintf("the image %q has no tag, which means :latest, so %s: the kubelet checks the registry every time it starts the container", image, policy)
			}
		}
		return fmt.Sprintf("the image %q has tag latest, so %s: the kubelet checks the registry every time it starts the container", image, policy)
	case tag == "":
		return fmt.Sprintf("the image %q is pinned by digest and has no tag, so %s", image, policy)
	default:
		return fmt.Sprintf("the image %q has tag %s, so %s: it is pulled only if the node does not have it", image, tag, policy)
	}
}

// ordered returns the recorded defaults in the order their fields are
// declared in the Go types (the order of the API's JSON), with map keys
// sorted.
func (d *defaulter) ordered(p *corev1.Pod) []Defaulted {
	if len(d.filled) == 0 {
		return nil
	}
	var out []Defaulted
	walkPaths(reflect.ValueOf(*p), nil, func(path string) {
		if e, ok := d.filled[path]; ok {
			out = append(out, e)
			delete(d.filled, path)
		}
	})
	// Anything not met by the walk (should not happen) goes last, sorted.
	var rest []string
	for k := range d.filled {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, d.filled[k])
	}
	return out
}

// walkPaths calls visit with the field.Path string of every field, list
// element and map entry under v, in declaration order.
func walkPaths(v reflect.Value, path *field.Path, visit func(string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkPaths(v.Elem(), path, visit)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(resource.Quantity{}) {
			return
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, inline := jsonFieldName(f)
			if name == "-" {
				continue
			}
			if inline {
				walkPaths(v.Field(i), path, visit)
				continue
			}
			var child *field.Path
			if path == nil {
				child = field.NewPath(name)
			} else {
				child = path.Child(name)
			}
			visit(child.String())
			walkPaths(v.Field(i), child, visit)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			child := path.Index(i)
			visit(child.String())
			walkPaths(v.Index(i), child, visit)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			child := path.Key(k.String())
			visit(child.String())
			walkPaths(v.MapIndex(k), child, visit)
		}
	}
}

func sortedResourceNames(rl corev1.ResourceList) []corev1.ResourceName {
	names := make([]corev1.ResourceName, 0, len(rl))
	for n := range rl {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
	return names
}
