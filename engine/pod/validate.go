package pod

// Validation on create: the part of k8s.io/kubernetes
// pkg/apis/core/validation/validation.go ValidatePodCreate (and what it
// calls: validatePodMetadataAndSpec, ValidatePodSpec, ValidateVolumes,
// validateVolumeSource, validateContainers, validateInitContainers,
// validateContainerCommon, validateContainerPorts, ValidateEnv,
// ValidateEnvFrom, ValidateVolumeMounts, validatePullPolicy,
// validateResourceRequirements, validateProbe, validateRestartPolicy,
// validateDNSPolicy, ...) that a hand-written pod can trip over, in the same
// order, with the same paths and messages, through the same
// k8s.io/apimachinery helpers.
//
// Upstream validates the internal (pkg/apis/core) types after conversion;
// here the v1 types are validated directly. Where upstream ranges over a map
// (labels, resource lists) its error order is random; here keys are sorted.
// The Pod-specific feature-dependent options are those of a v1.37 API server
// with default feature gates: relaxed environment variable names
// (RelaxedEnvironmentVariableValidation, GA), pod-level resources
// (PodLevelResources), sidecar resize policy allowed.
//
// Not modelled: security-context details beyond user/group ranges,
// affinity, topology spread constraints, resource claims, volume devices,
// windows/linux OS-specific rules, seccomp/AppArmor annotations, and the
// volume sources other than emptyDir, hostPath, secret, configMap,
// persistentVolumeClaim, downwardAPI and projected (only "exactly one
// source" is checked for those).

import (
	"fmt"
	"math"
	"path"
	"path/filepath"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const (
	isNegativeErrorMsg   = apimachineryvalidation.IsNegativeErrorMsg
	isNotIntegerErrorMsg = `must be an integer`
	fileModeErrorMsg     = "must be a number between 0 and 0777 (octal), both inclusive"
)

// validatePod is Validate.
func validatePod(in *corev1.Pod) field.ErrorList {
	if in == nil {
		return field.ErrorList{field.Required(field.NewPath("metadata"), "")}
	}
	p := in.DeepCopy()
	// Before validation the API server gives the object the namespace of
	// the request (kubectl sends the current context's, "default" here) and
	// generates a name from generateName (apiserver pkg/registry/rest
	// BeforeCreate: generateName plus five random characters).
	if p.Namespace == "" {
		p.Namespace = metav1.NamespaceDefault
	}
	if p.Name == "" && p.GenerateName != "" {
		p.Name = generatedName(p.GenerateName)
	}

	metaPath := field.NewPath("metadata")
	specPath := field.NewPath("spec")
	allErrs := validateObjectMeta(&p.ObjectMeta, metaPath)
	allErrs = append(allErrs, validatePodSpec(&p.Spec, &p.ObjectMeta, specPath)...)
	// validateContainersOnlyForPod
	for _, cs := range []struct {
		list []corev1.Container
		name string
	}{{p.Spec.Containers, "containers"}, {p.Spec.InitContainers, "initContainers"}} {
		for i, c := range cs.list {
			if len(c.Image) != len(strings.TrimSpace(c.Image)) {
				allErrs = append(allErrs, field.Invalid(specPath.Child(cs.name).Index(i).Child("image"), c.Image, "must not have leading or trailing whitespace"))
			}
		}
	}
	// ValidatePodCreate
	if len(p.Spec.EphemeralContainers) > 0 {
		allErrs = append(allErrs, field.Forbidden(specPath.Child("ephemeralContainers"), "cannot be set on create"))
	}
	if p.Spec.NodeName != "" && len(p.Spec.SchedulingGates) != 0 {
		allErrs = append(allErrs, field.Forbidden(specPath.Child("nodeName"), "cannot be set until all schedulingGates have been cleared"))
	}
	return allErrs
}

// generatedName is apiserver's names.SimpleNameGenerator with fixed
// characters (upstream picks five at random from the same alphabet).
func generatedName(base string) string {
	const maxNameLength, randomLength = 63, 5
	if len(base) > maxNameLength-randomLength {
		base = base[:maxNameLength-randomLength]
	}
	return base + "bcdfg"
}

// validateObjectMeta is validation.go ValidateObjectMeta(&pod.ObjectMeta,
// true, ValidatePodName, metaPath): apimachinery's ValidateObjectMeta, with
// the labels and annotations checked key by key in sorted order so that
// the output is stable, and validateKubeFinalizerName.
func validateObjectMeta(m *metav1.ObjectMeta, fldPath *field.Path) field.ErrorList {
	bare := m.DeepCopy()
	bare.Labels, bare.Annotations = nil, nil
	errs := apimachineryvalidation.ValidateObjectMeta(bare, true, apimachineryvalidation.NameIsDNSSubdomain, fldPath)
	var head, tail field.ErrorList
	for _, e := range errs {
		if strings.HasPrefix(e.Field, fldPath.Child("ownerReferences").String()) ||
			strings.HasPrefix(e.Field, fldPath.Child("finalizers").String()) ||
			strings.HasPrefix(e.Field, fldPath.Child("managedFields").String()) {
			tail = append(tail, e)
		} else {
			head = append(head, e)
		}
	}
	for _, k := range sortedKeys(m.Labels) {
		head = append(head, metav1validation.ValidateLabels(map[string]string{k: m.Labels[k]}, fldPath.Child("labels"))...)
	}
	for _, k := range sortedKeys(m.Annotations) {
		head = append(head, apimachineryvalidation.ValidateAnnotations(map[string]string{k: ""}, fldPath.Child("annotations"))...)
	}
	if err := apimachineryvalidation.ValidateAnnotationsSize(m.Annotations); err != nil {
		head = append(head, field.TooLong(fldPath.Child("annotations"), "", apimachineryvalidation.TotalAnnotationSizeLimitB))
	}
	out := append(head, tail...)
	// validateKubeFinalizerName
	standard := sets.New(string(corev1.FinalizerKubernetes), metav1.FinalizerOrphanDependents, metav1.FinalizerDeleteDependents)
	for i, f := range m.Finalizers {
		if len(strings.Split(f, "/")) == 1 && !standard.Has(f) {
			out = append(out, field.Invalid(fldPath.Child("finalizers").Index(i), f, "name is neither a standard finalizer name nor is it fully qualified"))
		}
	}
	return out
}

func validateDNS1123Label(value string, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Label(value) {
		errs = append(errs, field.Invalid(fldPath, value, msg).WithOrigin("format=dns-label"))
	}
	return errs
}

func validateDNS1123Subdomain(value string, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Subdomain(value) {
		errs = append(errs, field.Invalid(fldPath, value, msg))
	}
	return errs
}

func validateNameFunc(fn apimachineryvalidation.ValidateNameFunc, value string, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range fn(value, false) {
		errs = append(errs, field.Invalid(fldPath, value, msg))
	}
	return errs
}

// validatePodSpec is ValidatePodSpec.
func validatePodSpec(spec *corev1.PodSpec, podMeta *metav1.ObjectMeta, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if spec.TerminationGracePeriodSeconds == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("terminationGracePeriodSeconds"), ""))
	}
	gracePeriod := spec.TerminationGracePeriodSeconds

	vols, vErrs := validateVolumes(spec.Volumes, fldPath.Child("volumes"))
	allErrs = append(allErrs, vErrs...)
	allErrs = append(allErrs, validateContainers(spec.Containers, vols, gracePeriod, fldPath.Child("containers"), spec.RestartPolicy)...)
	allErrs = append(allErrs, validateInitContainers(spec.InitContainers, spec.Containers, vols, gracePeriod, fldPath.Child("initContainers"), spec.RestartPolicy)...)
	if spec.Resources != nil {
		allErrs = append(allErrs, validatePodResources(spec, fldPath.Child("resources"))...)
	}
	allErrs = append(allErrs, validatePodHostNetworkDeps(spec, fldPath)...)
	allErrs = append(allErrs, validateRestartPolicy(spec.RestartPolicy, fldPath.Child("restartPolicy"))...)
	allErrs = append(allErrs, validateDNSPolicy(spec.DNSPolicy, fldPath.Child("dnsPolicy"))...)
	for _, k := range sortedKeys(spec.NodeSelector) {
		allErrs = append(allErrs, metav1validation.ValidateLabels(map[string]string{k: spec.NodeSelector[k]}, fldPath.Child("nodeSelector"))...)
	}
	allErrs = append(allErrs, validatePodSecurityContext(spec.SecurityContext, fldPath.Child("securityContext"))...)
	allErrs = append(allErrs, validatePodDNSConfig(spec.DNSConfig, spec.DNSPolicy, fldPath.Child("dnsConfig"))...)
	if len(spec.ServiceAccountName) > 0 {
		allErrs = append(allErrs, validateNameFunc(apimachineryvalidation.ValidateServiceAccountName, spec.ServiceAccountName, fldPath.Child("serviceAccountName"))...)
	}
	if len(spec.NodeName) > 0 {
		allErrs = append(allErrs, validateNameFunc(apimachineryvalidation.NameIsDNSSubdomain, spec.NodeName, fldPath.Child("nodeName"))...)
	}
	if spec.ActiveDeadlineSeconds != nil {
		v := *spec.ActiveDeadlineSeconds
		if v < 1 || v > math.MaxInt32 {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("activeDeadlineSeconds"), v, validation.InclusiveRangeError(1, math.MaxInt32)))
		}
	}
	if len(spec.Hostname) > 0 {
		allErrs = append(allErrs, validateDNS1123Label(spec.Hostname, fldPath.Child("hostname"))...)
	}
	if len(spec.Subdomain) > 0 {
		allErrs = append(allErrs, validateDNS1123Label(spec.Subdomain, fldPath.Child("subdomain"))...)
	}
	if len(spec.Tolerations) > 0 {
		allErrs = append(allErrs, validateTolerations(spec.Tolerations, fldPath.Child("tolerations"))...)
	}
	if len(spec.PriorityClassName) > 0 {
		allErrs = append(allErrs, validateNameFunc(apimachineryvalidation.NameIsDNSSubdomain, spec.PriorityClassName, fldPath.Child("priorityClassName"))...)
	}
	if spec.PreemptionPolicy != nil {
		switch *spec.PreemptionPolicy {
		case corev1.PreemptLowerPriority, corev1.PreemptNever:
		case "":
			allErrs = append(allErrs, field.Required(fldPath.Child("preemptionPolicy"), ""))
		default:
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("preemptionPolicy"), spec.PreemptionPolicy, []corev1.PreemptionPolicy{corev1.PreemptLowerPriority, corev1.PreemptNever}))
		}
	}
	if spec.OS != nil {
		switch spec.OS.Name {
		case corev1.Linux, corev1.Windows:
		case "":
			allErrs = append(allErrs, field.Required(fldPath.Child("os").Child("name"), "cannot be empty"))
		default:
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("os").Child("name"), spec.OS.Name, []corev1.OSName{corev1.Linux, corev1.Windows}))
		}
	}
	return allErrs
}

// volumeSources lists VolumeSource's members in validateVolumeSource's
// order, with the name its "may not specify more than 1 volume type" error
// uses (upstream spells a few differently from the json name, such as
// "downwarAPI" and "cephFS"; kept as is).
var volumeSources = []struct {
	set  func(*corev1.VolumeSource) bool
	name string
}{
	{func(s *corev1.VolumeSource) bool { return s.EmptyDir != nil }, "emptyDir"},
	{func(s *corev1.VolumeSource) bool { return s.HostPath != nil }, "hostPath"},
	{func(s *corev1.VolumeSource) bool { return s.GitRepo != nil }, "gitRepo"},
	{func(s *corev1.VolumeSource) bool { return s.GCEPersistentDisk != nil }, "gcePersistentDisk"},
	{func(s *corev1.VolumeSource) bool { return s.AWSElasticBlockStore != nil }, "awsElasticBlockStore"},
	{func(s *corev1.VolumeSource) bool { return s.Secret != nil }, "secret"},
	{func(s *corev1.VolumeSource) bool { return s.NFS != nil }, "nfs"},
	{func(s *corev1.VolumeSource) bool { return s.ISCSI != nil }, "iscsi"},
	{func(s *corev1.VolumeSource) bool { return s.Glusterfs != nil }, "glusterfs"},
	{func(s *corev1.VolumeSource) bool { return s.Flocker != nil }, "flocker"},
	{func(s *corev1.VolumeSource) bool { return s.PersistentVolumeClaim != nil }, "persistentVolumeClaim"},
	{func(s *corev1.VolumeSource) bool { return s.RBD != nil }, "rbd"},
	{func(s *corev1.VolumeSource) bool { return s.Cinder != nil }, "cinder"},
	{func(s *corev1.VolumeSource) bool { return s.CephFS != nil }, "cephFS"},
	{func(s *corev1.VolumeSource) bool { return s.Quobyte != nil }, "quobyte"},
	{func(s *corev1.VolumeSource) bool { return s.DownwardAPI != nil }, "downwarAPI"},
	{func(s *corev1.VolumeSource) bool { return s.FC != nil }, "fc"},
	{func(s *corev1.VolumeSource) bool { return s.FlexVolume != nil }, "flexVolume"},
	{func(s *corev1.VolumeSource) bool { return s.ConfigMap != nil }, "configMap"},
	{func(s *corev1.VolumeSource) bool { return s.AzureFile != nil }, "azureFile"},
	{func(s *corev1.VolumeSource) bool { return s.VsphereVolume != nil }, "vsphereVolume"},
	{func(s *corev1.VolumeSource) bool { return s.PhotonPersistentDisk != nil }, "photonPersistentDisk"},
	{func(s *corev1.VolumeSource) bool { return s.PortworxVolume != nil }, "portworxVolume"},
	{func(s *corev1.VolumeSource) bool { return s.AzureDisk != nil }, "azureDisk"},
	{func(s *corev1.VolumeSource) bool { return s.StorageOS != nil }, "storageos"},
	{func(s *corev1.VolumeSource) bool { return s.Projected != nil }, "projected"},
	{func(s *corev1.VolumeSource) bool { return s.ScaleIO != nil }, "scaleIO"},
	{func(s *corev1.VolumeSource) bool { return s.CSI != nil }, "csi"},
	{func(s *corev1.VolumeSource) bool { return s.Ephemeral != nil }, "ephemeral"},
	{func(s *corev1.VolumeSource) bool { return s.Image != nil }, "image"},
}

// validateVolumes is ValidateVolumes: it returns the volumes that are
// valid, by name; a mount of an invalid volume is "Not found".
func validateVolumes(volumes []corev1.Volume, fldPath *field.Path) (map[string]corev1.VolumeSource, field.ErrorList) {
	var allErrs field.ErrorList
	allNames := sets.New[string]()
	vols := map[string]corev1.VolumeSource{}
	for i := range volumes {
		vol := &volumes[i]
		idxPath := fldPath.Index(i)
		namePath := idxPath.Child("name")
		el := validateVolumeSource(&vol.VolumeSource, idxPath)
		if len(vol.Name) == 0 {
			el = append(el, field.Required(namePath, ""))
		} else {
			el = append(el, validateDNS1123Label(vol.Name, namePath)...)
		}
		if allNames.Has(vol.Name) {
			el = append(el, field.Duplicate(namePath, vol.Name))
		}
		if len(el) == 0 {
			allNames.Insert(vol.Name)
			vols[vol.Name] = vol.VolumeSource
		} else {
			allErrs = append(allErrs, el...)
		}
	}
	return vols, allErrs
}

// validateVolumeSource is validateVolumeSource.
func validateVolumeSource(s *corev1.VolumeSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	numVolumes := 0
	for _, vs := range volumeSources {
		if !vs.set(s) {
			continue
		}
		if numVolumes > 0 {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child(vs.name), "may not specify more than 1 volume type"))
			continue
		}
		numVolumes++
		switch vs.name {
		case "emptyDir":
			if s.EmptyDir.SizeLimit != nil && s.EmptyDir.SizeLimit.Cmp(resource.Quantity{}) < 0 {
				allErrs = append(allErrs, field.Forbidden(fldPath.Child("emptyDir").Child("sizeLimit"), "SizeLimit field must be a valid resource quantity"))
			}
		case "hostPath":
			allErrs = append(allErrs, validateHostPathVolumeSource(s.HostPath, fldPath.Child("hostPath"))...)
		case "secret":
			sp := fldPath.Child("secret")
			if len(s.Secret.SecretName) == 0 {
				allErrs = append(allErrs, field.Required(sp.Child("secretName"), ""))
			}
			allErrs = append(allErrs, validateMode(s.Secret.DefaultMode, sp.Child("defaultMode"))...)
			for j := range s.Secret.Items {
				allErrs = append(allErrs, validateKeyToPath(&s.Secret.Items[j], sp.Child("items").Index(j))...)
			}
		case "configMap":
			cp := fldPath.Child("configMap")
			if len(s.ConfigMap.Name) == 0 {
				allErrs = append(allErrs, field.Required(cp.Child("name"), ""))
			}
			allErrs = append(allErrs, validateMode(s.ConfigMap.DefaultMode, cp.Child("defaultMode"))...)
			for j := range s.ConfigMap.Items {
				allErrs = append(allErrs, validateKeyToPath(&s.ConfigMap.Items[j], cp.Child("items").Index(j))...)
			}
		case "persistentVolumeClaim":
			if len(s.PersistentVolumeClaim.ClaimName) == 0 {
				allErrs = append(allErrs, field.Required(fldPath.Child("persistentVolumeClaim").Child("claimName"), ""))
			}
		case "downwarAPI":
			allErrs = append(allErrs, validateMode(s.DownwardAPI.DefaultMode, fldPath.Child("downwardAPI").Child("defaultMode"))...)
		case "projected":
			allErrs = append(allErrs, validateMode(s.Projected.DefaultMode, fldPath.Child("projected").Child("defaultMode"))...)
		}
	}
	if numVolumes == 0 {
		allErrs = append(allErrs, field.Required(fldPath, "must specify a volume type"))
	}
	return allErrs
}

var supportedHostPathTypes = sets.New(
	corev1.HostPathUnset, corev1.HostPathDirectoryOrCreate, corev1.HostPathDirectory,
	corev1.HostPathFileOrCreate, corev1.HostPathFile, corev1.HostPathSocket,
	corev1.HostPathCharDev, corev1.HostPathBlockDev)

func validateHostPathVolumeSource(h *corev1.HostPathVolumeSource, fldPath *field.Path) field.ErrorList {
	if len(h.Path) == 0 {
		return field.ErrorList{field.Required(fldPath.Child("path"), "")}
	}
	allErrs := validatePathNoBacksteps(h.Path, fldPath.Child("path"))
	if h.Type != nil && !supportedHostPathTypes.Has(*h.Type) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("type"), h.Type, sets.List(supportedHostPathTypes)))
	}
	return allErrs
}

func validateMode(mode *int32, fldPath *field.Path) field.ErrorList {
	if mode != nil && (*mode > 0777 || *mode < 0) {
		return field.ErrorList{field.Invalid(fldPath, *mode, fileModeErrorMsg)}
	}
	return nil
}

func validateKeyToPath(kp *corev1.KeyToPath, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(kp.Key) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("key"), ""))
	}
	if len(kp.Path) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("path"), ""))
	}
	allErrs = append(allErrs, validateLocalNonReservedPath(kp.Path, fldPath.Child("path"))...)
	allErrs = append(allErrs, validateMode(kp.Mode, fldPath.Child("mode"))...)
	return allErrs
}

func validateLocalDescendingPath(targetPath string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if path.IsAbs(targetPath) {
		allErrs = append(allErrs, field.Invalid(fldPath, targetPath, "must be a relative path"))
	}
	return append(allErrs, validatePathNoBacksteps(targetPath, fldPath)...)
}

func validatePathNoBacksteps(targetPath string, fldPath *field.Path) field.ErrorList {
	for _, item := range strings.Split(filepath.ToSlash(targetPath), "/") {
		if item == ".." {
			return field.ErrorList{field.Invalid(fldPath, targetPath, "must not contain '..'")}
		}
	}
	return nil
}

func validateLocalNonReservedPath(targetPath string, fldPath *field.Path) field.ErrorList {
	allErrs := validateLocalDescendingPath(targetPath, fldPath)
	if strings.HasPrefix(targetPath, "..") && !strings.HasPrefix(targetPath, "../") {
		allErrs = append(allErrs, field.Invalid(fldPath, targetPath, "must not start with '..'"))
	}
	return allErrs
}

// validateContainers is validateContainers.
func validateContainers(containers []corev1.Container, volumes map[string]corev1.VolumeSource, gracePeriod *int64, fldPath *field.Path, podRestartPolicy corev1.RestartPolicy) field.ErrorList {
	if len(containers) == 0 {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	var allErrs field.ErrorList
	allNames := sets.New[string]()
	for i := range containers {
		ctr := &containers[i]
		p := fldPath.Index(i)
		allErrs = append(allErrs, validateContainerCommon(ctr, volumes, p, podRestartPolicy)...)
		if allNames.Has(ctr.Name) {
			allErrs = append(allErrs, field.Duplicate(p.Child("name"), ctr.Name))
		} else {
			allNames.Insert(ctr.Name)
		}
		if ctr.Lifecycle != nil {
			allErrs = append(allErrs, validateLifecycle(ctr.Lifecycle, gracePeriod, p.Child("lifecycle"))...)
		}
		allErrs = append(allErrs, validateLivenessProbe(ctr.LivenessProbe, gracePeriod, p.Child("livenessProbe"))...)
		allErrs = append(allErrs, validateReadinessProbe(ctr.ReadinessProbe, gracePeriod, p.Child("readinessProbe"))...)
		allErrs = append(allErrs, validateStartupProbe(ctr.StartupProbe, gracePeriod, p.Child("startupProbe"))...)
		if ctr.RestartPolicy != nil {
			allErrs = append(allErrs, field.Forbidden(p.Child("restartPolicy"), "may not be set for non-init containers"))
		}
	}
	return append(allErrs, checkHostPortConflicts(containers, fldPath)...)
}

// validateInitContainers is validateInitContainers.
func validateInitContainers(containers, regular []corev1.Container, volumes map[string]corev1.VolumeSource, gracePeriod *int64, fldPath *field.Path, podRestartPolicy corev1.RestartPolicy) field.ErrorList {
	var allErrs field.ErrorList
	allNames := sets.New[string]()
	for _, c := range regular {
		allNames.Insert(c.Name)
	}
	for i := range containers {
		ctr := &containers[i]
		idxPath := fldPath.Index(i)
		allErrs = append(allErrs, validateContainerCommon(ctr, volumes, idxPath, podRestartPolicy)...)
		restartAlways := false
		if ctr.RestartPolicy != nil {
			if *ctr.RestartPolicy != corev1.ContainerRestartPolicyAlways {
				allErrs = append(allErrs, field.NotSupported(idxPath.Child("restartPolicy"), *ctr.RestartPolicy, []corev1.ContainerRestartPolicy{corev1.ContainerRestartPolicyAlways}))
			}
			restartAlways = *ctr.RestartPolicy == corev1.ContainerRestartPolicyAlways
		}
		if allNames.Has(ctr.Name) {
			allErrs = append(allErrs, field.Duplicate(idxPath.Child("name"), ctr.Name))
		} else if len(ctr.Name) > 0 {
			allNames.Insert(ctr.Name)
		}
		allErrs = append(allErrs, checkHostPortConflicts([]corev1.Container{*ctr}, fldPath)...)
		if restartAlways {
			if ctr.Lifecycle != nil {
				allErrs = append(allErrs, validateLifecycle(ctr.Lifecycle, gracePeriod, idxPath.Child("lifecycle"))...)
			}
			allErrs = append(allErrs, validateLivenessProbe(ctr.LivenessProbe, gracePeriod, idxPath.Child("livenessProbe"))...)
			allErrs = append(allErrs, validateReadinessProbe(ctr.ReadinessProbe, gracePeriod, idxPath.Child("readinessProbe"))...)
			allErrs = append(allErrs, validateStartupProbe(ctr.StartupProbe, gracePeriod, idxPath.Child("startupProbe"))...)
		} else {
			const msg = "may not be set for init containers without restartPolicy=Always"
			if ctr.Lifecycle != nil {
				allErrs = append(allErrs, field.Forbidden(idxPath.Child("lifecycle"), msg))
			}
			if ctr.LivenessProbe != nil {
				allErrs = append(allErrs, field.Forbidden(idxPath.Child("livenessProbe"), msg))
			}
			if ctr.ReadinessProbe != nil {
				allErrs = append(allErrs, field.Forbidden(idxPath.Child("readinessProbe"), msg))
			}
			if ctr.StartupProbe != nil {
				allErrs = append(allErrs, field.Forbidden(idxPath.Child("startupProbe"), msg))
			}
		}
	}
	return allErrs
}

// validateContainerCommon is validateContainerCommon.
func validateContainerCommon(ctr *corev1.Container, volumes map[string]corev1.VolumeSource, p *field.Path, podRestartPolicy corev1.RestartPolicy) field.ErrorList {
	var allErrs field.ErrorList
	namePath := p.Child("name")
	if len(ctr.Name) == 0 {
		allErrs = append(allErrs, field.Required(namePath, ""))
	} else {
		allErrs = append(allErrs, validateDNS1123Label(ctr.Name, namePath)...)
	}
	if len(ctr.Image) == 0 {
		allErrs = append(allErrs, field.Required(p.Child("image"), ""))
	}
	switch ctr.TerminationMessagePolicy {
	case corev1.TerminationMessageReadFile, corev1.TerminationMessageFallbackToLogsOnError:
	case "":
		allErrs = append(allErrs, field.Required(p.Child("terminationMessagePolicy"), ""))
	default:
		allErrs = append(allErrs, field.NotSupported(p.Child("terminationMessagePolicy"), ctr.TerminationMessagePolicy,
			[]corev1.TerminationMessagePolicy{corev1.TerminationMessageReadFile, corev1.TerminationMessageFallbackToLogsOnError}))
	}
	allErrs = append(allErrs, validateContainerPorts(ctr.Ports, p.Child("ports"))...)
	allErrs = append(allErrs, validateEnv(ctr.Env, p.Child("env"))...)
	allErrs = append(allErrs, validateEnvFrom(ctr.EnvFrom, p.Child("envFrom"))...)
	allErrs = append(allErrs, validateVolumeMounts(ctr.VolumeMounts, volumes, ctr, p.Child("volumeMounts"))...)
	allErrs = append(allErrs, validatePullPolicy(ctr.ImagePullPolicy, p.Child("imagePullPolicy"))...)
	allErrs = append(allErrs, validateResourceRequirements(&ctr.Resources, validateContainerResourceName, p.Child("resources"))...)
	allErrs = append(allErrs, validateResizePolicy(ctr.ResizePolicy, p.Child("resizePolicy"), podRestartPolicy)...)
	allErrs = append(allErrs, validateSecurityContext(ctr.SecurityContext, p.Child("securityContext"))...)
	return allErrs
}

var supportedPortProtocols = sets.New(corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP)

// validateContainerPorts is validateContainerPorts.
func validateContainerPorts(ports []corev1.ContainerPort, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	allNames := sets.New[string]()
	for i, port := range ports {
		idxPath := fldPath.Index(i)
		if len(port.Name) > 0 {
			if msgs := validation.IsValidPortName(port.Name); len(msgs) != 0 {
				for _, msg := range msgs {
					allErrs = append(allErrs, field.Invalid(idxPath.Child("name"), port.Name, msg))
				}
			} else if allNames.Has(port.Name) {
				allErrs = append(allErrs, field.Duplicate(idxPath.Child("name"), port.Name))
			} else {
				allNames.Insert(port.Name)
			}
		}
		if port.ContainerPort == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("containerPort"), ""))
		} else {
			for _, msg := range validation.IsValidPortNum(int(port.ContainerPort)) {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("containerPort"), port.ContainerPort, msg))
			}
		}
		if port.HostPort != 0 {
			for _, msg := range validation.IsValidPortNum(int(port.HostPort)) {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("hostPort"), port.HostPort, msg))
			}
		}
		if len(port.Protocol) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("protocol"), ""))
		} else if !supportedPortProtocols.Has(port.Protocol) {
			allErrs = append(allErrs, field.NotSupported(idxPath.Child("protocol"), port.Protocol, sets.List(supportedPortProtocols)))
		}
	}
	return allErrs
}

// checkHostPortConflicts is AccumulateUniqueHostPorts on a fresh set.
func checkHostPortConflicts(containers []corev1.Container, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	seen := sets.New[string]()
	for ci, ctr := range containers {
		portsPath := fldPath.Index(ci).Child("ports")
		for pi, port := range ctr.Ports {
			if port.HostPort == 0 {
				continue
			}
			str := fmt.Sprintf("%s/%s/%d", port.Protocol, port.HostIP, port.HostPort)
			if seen.Has(str) {
				allErrs = append(allErrs, field.Duplicate(portsPath.Index(pi).Child("hostPort"), str))
			} else {
				seen.Insert(str)
			}
		}
	}
	return allErrs
}

var validEnvDownwardAPIFieldPathExpressions = sets.New(
	"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
	"spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs")

// validateEnv is ValidateEnv with AllowRelaxedEnvironmentVariableValidation.
func validateEnv(vars []corev1.EnvVar, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, ev := range vars {
		idxPath := fldPath.Index(i)
		if len(ev.Name) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("name"), ""))
		} else {
			for _, msg := range validation.IsRelaxedEnvVarName(ev.Name) {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("name"), ev.Name, msg))
			}
		}
		allErrs = append(allErrs, validateEnvVarValueFrom(ev, idxPath.Child("valueFrom"))...)
	}
	return allErrs
}

func validateEnvVarValueFrom(ev corev1.EnvVar, fldPath *field.Path) field.ErrorList {
	if ev.ValueFrom == nil {
		return nil
	}
	var allErrs field.ErrorList
	numSources := 0
	if fr := ev.ValueFrom.FieldRef; fr != nil {
		numSources++
		fp := fldPath.Child("fieldRef")
		switch {
		case len(fr.APIVersion) == 0:
			allErrs = append(allErrs, field.Required(fp.Child("apiVersion"), ""))
		case len(fr.FieldPath) == 0:
			allErrs = append(allErrs, field.Required(fp.Child("fieldPath"), ""))
		case strings.HasPrefix(fr.FieldPath, "metadata.labels[") || strings.HasPrefix(fr.FieldPath, "metadata.annotations["):
		case !validEnvDownwardAPIFieldPathExpressions.Has(fr.FieldPath):
			allErrs = append(allErrs, field.NotSupported(fp.Child("fieldPath"), fr.FieldPath, sets.List(validEnvDownwardAPIFieldPathExpressions)))
		}
	}
	if ev.ValueFrom.ResourceFieldRef != nil {
		numSources++
	}
	if s := ev.ValueFrom.ConfigMapKeyRef; s != nil {
		numSources++
		allErrs = append(allErrs, validateKeySelector(s.Name, s.Key, fldPath.Child("configMapKeyRef"))...)
	}
	if s := ev.ValueFrom.SecretKeyRef; s != nil {
		numSources++
		allErrs = append(allErrs, validateKeySelector(s.Name, s.Key, fldPath.Child("secretKeyRef"))...)
	}
	switch {
	case numSources == 0:
		allErrs = append(allErrs, field.Invalid(fldPath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
	case len(ev.Value) != 0:
		allErrs = append(allErrs, field.Invalid(fldPath, "", "may not be specified when `value` is not empty"))
	case numSources > 1:
		allErrs = append(allErrs, field.Invalid(fldPath, "", "may not have more than one field specified at a time"))
	}
	return allErrs
}

// validateKeySelector is validateConfigMapKeySelector / validateSecretKeySelector.
func validateKeySelector(name, key string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(name, false) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("name"), name, msg))
	}
	if len(key) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("key"), ""))
	} else {
		for _, msg := range validation.IsConfigMapKey(key) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("key"), key, msg))
		}
	}
	return allErrs
}

// validateEnvFrom is ValidateEnvFrom.
func validateEnvFrom(vars []corev1.EnvFromSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, ev := range vars {
		idxPath := fldPath.Index(i)
		if len(ev.Prefix) > 0 {
			for _, msg := range validation.IsRelaxedEnvVarName(ev.Prefix) {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("prefix"), ev.Prefix, msg))
			}
		}
		numSources := 0
		ref := func(name string, p *field.Path) {
			numSources++
			if len(name) == 0 {
				allErrs = append(allErrs, field.Required(p.Child("name"), ""))
				return
			}
			for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(name, true) {
				allErrs = append(allErrs, field.Invalid(p.Child("name"), name, msg))
			}
		}
		if ev.ConfigMapRef != nil {
			ref(ev.ConfigMapRef.Name, idxPath.Child("configMapRef"))
		}
		if ev.SecretRef != nil {
			ref(ev.SecretRef.Name, idxPath.Child("secretRef"))
		}
		if numSources == 0 {
			allErrs = append(allErrs, field.Invalid(fldPath, "", "must specify one of: `configMapRef` or `secretRef`"))
		} else if numSources > 1 {
			allErrs = append(allErrs, field.Invalid(fldPath, "", "may not have more than one field specified at a time"))
		}
	}
	return allErrs
}

// validateVolumeMounts is ValidateVolumeMounts (without volumeDevices).
func validateVolumeMounts(mounts []corev1.VolumeMount, volumes map[string]corev1.VolumeSource, ctr *corev1.Container, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	mountpoints := sets.New[string]()
	for i, mnt := range mounts {
		idxPath := fldPath.Index(i)
		if len(mnt.Name) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("name"), ""))
		}
		if _, ok := volumes[mnt.Name]; !ok {
			allErrs = append(allErrs, field.NotFound(idxPath.Child("name"), mnt.Name))
		}
		if len(mnt.MountPath) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("mountPath"), ""))
		}
		if mountpoints.Has(mnt.MountPath) {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("mountPath"), mnt.MountPath, "must be unique"))
		}
		mountpoints.Insert(mnt.MountPath)
		if v, ok := volumes[mnt.Name]; ok && v.Image != nil {
			if len(mnt.SubPath) != 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("subPath"), mnt.SubPath, "not allowed in image volume sources"))
			}
			if len(mnt.SubPathExpr) != 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("subPathExpr"), mnt.SubPathExpr, "not allowed in image volume sources"))
			}
		}
		// Upstream reports these at the list's path, not the item's.
		if len(mnt.SubPath) > 0 {
			allErrs = append(allErrs, validateLocalDescendingPath(mnt.SubPath, fldPath.Child("subPath"))...)
		}
		if len(mnt.SubPathExpr) > 0 {
			if len(mnt.SubPath) > 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("subPathExpr"), mnt.SubPathExpr, "subPathExpr and subPath are mutually exclusive"))
			}
			allErrs = append(allErrs, validateLocalDescendingPath(mnt.SubPathExpr, fldPath.Child("subPathExpr"))...)
		}
		if mnt.MountPropagation != nil {
			allErrs = append(allErrs, validateMountPropagation(*mnt.MountPropagation, ctr, fldPath.Child("mountPropagation"))...)
		}
		allErrs = append(allErrs, validateMountRecursiveReadOnly(mnt, fldPath.Child("recursiveReadOnly"))...)
	}
	return allErrs
}

func validateMountPropagation(mp corev1.MountPropagationMode, ctr *corev1.Container, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	supported := sets.New(corev1.MountPropagationBidirectional, corev1.MountPropagationHostToContainer, corev1.MountPropagationNone)
	if !supported.Has(mp) {
		allErrs = append(allErrs, field.NotSupported(fldPath, mp, sets.List(supported)))
	}
	privileged := ctr.SecurityContext != nil && ctr.SecurityContext.Privileged != nil && *ctr.SecurityContext.Privileged
	if mp == corev1.MountPropagationBidirectional && !privileged {
		allErrs = append(allErrs, field.Forbidden(fldPath, "Bidirectional mount propagation is available only to privileged containers"))
	}
	return allErrs
}

func validateMountRecursiveReadOnly(mnt corev1.VolumeMount, fldPath *field.Path) field.ErrorList {
	if mnt.RecursiveReadOnly == nil {
		return nil
	}
	var allErrs field.ErrorList
	switch *mnt.RecursiveReadOnly {
	case corev1.RecursiveReadOnlyDisabled:
	case corev1.RecursiveReadOnlyEnabled, corev1.RecursiveReadOnlyIfPossible:
		if !mnt.ReadOnly {
			allErrs = append(allErrs, field.Forbidden(fldPath, "may only be specified when readOnly is true"))
		}
		if mnt.MountPropagation != nil && *mnt.MountPropagation != corev1.MountPropagationNone {
			allErrs = append(allErrs, field.Forbidden(fldPath, "may only be specified when mountPropagation is None or not specified"))
		}
	default:
		supported := sets.New(corev1.RecursiveReadOnlyDisabled, corev1.RecursiveReadOnlyIfPossible, corev1.RecursiveReadOnlyEnabled)
		allErrs = append(allErrs, field.NotSupported(fldPath, *mnt.RecursiveReadOnly, sets.List(supported)))
	}
	return allErrs
}

var supportedPullPolicies = sets.New(corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever)

func validatePullPolicy(policy corev1.PullPolicy, fldPath *field.Path) field.ErrorList {
	switch policy {
	case corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever:
		return nil
	case "":
		return field.ErrorList{field.Required(fldPath, "")}
	default:
		return field.ErrorList{field.NotSupported(fldPath, policy, sets.List(supportedPullPolicies))}
	}
}

func validateRestartPolicy(rp corev1.RestartPolicy, fldPath *field.Path) field.ErrorList {
	switch rp {
	case corev1.RestartPolicyAlways, corev1.RestartPolicyOnFailure, corev1.RestartPolicyNever:
		return nil
	case "":
		return field.ErrorList{field.Required(fldPath, "")}
	default:
		valid := []corev1.RestartPolicy{corev1.RestartPolicyAlways, corev1.RestartPolicyOnFailure, corev1.RestartPolicyNever}
		return field.ErrorList{field.NotSupported(fldPath, rp, valid)}
	}
}

func validateDNSPolicy(dp corev1.DNSPolicy, fldPath *field.Path) field.ErrorList {
	switch dp {
	case corev1.DNSClusterFirstWithHostNet, corev1.DNSClusterFirst, corev1.DNSDefault, corev1.DNSNone:
		return nil
	case "":
		return field.ErrorList{field.Required(fldPath, "")}
	default:
		valid := []corev1.DNSPolicy{corev1.DNSClusterFirstWithHostNet, corev1.DNSClusterFirst, corev1.DNSDefault, corev1.DNSNone}
		return field.ErrorList{field.NotSupported(fldPath, dp, valid)}
	}
}

// validatePodDNSConfig is validatePodDNSConfig (nameserver count and IPs,
// search count; DNSNone needs a config).
func validatePodDNSConfig(c *corev1.PodDNSConfig, dp corev1.DNSPolicy, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if dp == corev1.DNSNone {
		if c == nil {
			return field.ErrorList{field.Required(fldPath, fmt.Sprintf("must provide `dnsConfig` when `dnsPolicy` is %s", corev1.DNSNone))}
		}
		if len(c.Nameservers) == 0 {
			return field.ErrorList{field.Required(fldPath.Child("nameservers"), fmt.Sprintf("must provide at least one DNS nameserver when `dnsPolicy` is %s", corev1.DNSNone))}
		}
	}
	if c == nil {
		return nil
	}
	const maxNameservers, maxSearchPaths = 3, 32
	if len(c.Nameservers) > maxNameservers {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("nameservers"), c.Nameservers, fmt.Sprintf("must not have more than %v nameservers", maxNameservers)))
	}
	for i, ns := range c.Nameservers {
		allErrs = append(allErrs, validation.IsValidIP(fldPath.Child("nameservers").Index(i), ns)...)
	}
	if len(c.Searches) > maxSearchPaths {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("searches"), c.Searches, fmt.Sprintf("must not have more than %v search paths", maxSearchPaths)))
	}
	for i, o := range c.Options {
		if len(o.Name) == 0 {
			allErrs = append(allErrs, field.Required(fldPath.Child("options").Index(i), "must not be empty"))
		}
	}
	return allErrs
}

// validatePodHostNetworkDeps: with hostNetwork a pod's host ports must
// equal its container ports (opts.ResourceIsPod).
func validatePodHostNetworkDeps(spec *corev1.PodSpec, fldPath *field.Path) field.ErrorList {
	if !spec.HostNetwork {
		return nil
	}
	var allErrs field.ErrorList
	cp := fldPath.Child("containers")
	for i, c := range spec.Containers {
		for j, port := range c.Ports {
			if port.HostPort != port.ContainerPort {
				allErrs = append(allErrs, field.Invalid(cp.Index(i).Child("ports").Index(j).Child("hostPort"), port.HostPort, "must match `containerPort` when `hostNetwork` is true"))
			}
		}
	}
	return allErrs
}

// validatePodSecurityContext: the user and group id ranges.
func validatePodSecurityContext(sc *corev1.PodSecurityContext, fldPath *field.Path) field.ErrorList {
	if sc == nil {
		return nil
	}
	var allErrs field.ErrorList
	if sc.FSGroup != nil {
		for _, msg := range validation.IsValidGroupID(*sc.FSGroup) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("fsGroup"), *sc.FSGroup, msg))
		}
	}
	if sc.RunAsUser != nil {
		for _, msg := range validation.IsValidUserID(*sc.RunAsUser) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("runAsUser"), *sc.RunAsUser, msg))
		}
	}
	if sc.RunAsGroup != nil {
		for _, msg := range validation.IsValidGroupID(*sc.RunAsGroup) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("runAsGroup"), *sc.RunAsGroup, msg))
		}
	}
	for g, gid := range sc.SupplementalGroups {
		for _, msg := range validation.IsValidGroupID(gid) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("supplementalGroups").Index(g), gid, msg))
		}
	}
	return allErrs
}

// validateSecurityContext: ValidateSecurityContext's id ranges and
// privilege-escalation conflicts.
func validateSecurityContext(sc *corev1.SecurityContext, fldPath *field.Path) field.ErrorList {
	if sc == nil {
		return nil
	}
	var allErrs field.ErrorList
	if sc.RunAsUser != nil {
		for _, msg := range validation.IsValidUserID(*sc.RunAsUser) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("runAsUser"), *sc.RunAsUser, msg))
		}
	}
	if sc.RunAsGroup != nil {
		for _, msg := range validation.IsValidGroupID(*sc.RunAsGroup) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("runAsGroup"), *sc.RunAsGroup, msg))
		}
	}
	if sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation && sc.Privileged != nil && *sc.Privileged {
		allErrs = append(allErrs, field.Invalid(fldPath, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
	}
	return allErrs
}

func validateTolerations(tolerations []corev1.Toleration, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, t := range tolerations {
		idxPath := fldPath.Index(i)
		if len(t.Key) > 0 {
			allErrs = append(allErrs, metav1validation.ValidateLabelName(t.Key, idxPath.Child("key"))...)
		}
		if len(t.Key) == 0 && t.Operator != corev1.TolerationOpExists {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("operator"), t.Operator,
				"operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
		}
		if t.TolerationSeconds != nil && t.Effect != corev1.TaintEffectNoExecute {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("effect"), t.Effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"))
		}
		switch t.Operator {
		case corev1.TolerationOpEqual, "":
			if errs := validation.IsValidLabelValue(t.Value); len(errs) != 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("operator"), t.Value, strings.Join(errs, ";")))
			}
		case corev1.TolerationOpExists:
			if len(t.Value) > 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("operator"), t.Value, "value must be empty when `operator` is 'Exists'"))
			}
		default:
			allErrs = append(allErrs, field.NotSupported(idxPath.Child("operator"), t.Operator, []corev1.TolerationOperator{corev1.TolerationOpEqual, corev1.TolerationOpExists}))
		}
		if len(t.Effect) > 0 {
			switch t.Effect {
			case corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute:
			default:
				allErrs = append(allErrs, field.NotSupported(idxPath.Child("effect"), t.Effect,
					[]corev1.TaintEffect{corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute}))
			}
		}
	}
	return allErrs
}

var supportedResizeResources = sets.New(corev1.ResourceCPU, corev1.ResourceMemory)
var supportedResizePolicies = sets.New(corev1.NotRequired, corev1.RestartContainer)

func validateResizePolicy(policies []corev1.ContainerResizePolicy, fldPath *field.Path, podRestartPolicy corev1.RestartPolicy) field.ErrorList {
	var allErrs field.ErrorList
	seen := map[corev1.ResourceName]bool{}
	for i, p := range policies {
		if seen[p.ResourceName] {
			allErrs = append(allErrs, field.Duplicate(fldPath.Index(i), p.ResourceName))
		}
		seen[p.ResourceName] = true
		switch p.ResourceName {
		case corev1.ResourceCPU, corev1.ResourceMemory:
		case "":
			allErrs = append(allErrs, field.Required(fldPath, ""))
		default:
			allErrs = append(allErrs, field.NotSupported(fldPath, p.ResourceName, sets.List(supportedResizeResources)))
		}
		switch p.RestartPolicy {
		case corev1.NotRequired, corev1.RestartContainer:
		case "":
			allErrs = append(allErrs, field.Required(fldPath, ""))
		default:
			allErrs = append(allErrs, field.NotSupported(fldPath, p.RestartPolicy, sets.List(supportedResizePolicies)))
		}
		if podRestartPolicy == corev1.RestartPolicyNever && p.RestartPolicy != corev1.NotRequired {
			allErrs = append(allErrs, field.Invalid(fldPath, p.RestartPolicy, "must be 'NotRequired' when `restartPolicy` is 'Never'"))
		}
	}
	return allErrs
}

// Probes and lifecycle handlers.

func validateLivenessProbe(p *corev1.Probe, gracePeriod *int64, fldPath *field.Path) field.ErrorList {
	if p == nil {
		return nil
	}
	allErrs := validateProbe(p, gracePeriod, fldPath)
	if p.SuccessThreshold != 1 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("successThreshold"), p.SuccessThreshold, "must be 1"))
	}
	return allErrs
}

func validateReadinessProbe(p *corev1.Probe, gracePeriod *int64, fldPath *field.Path) field.ErrorList {
	if p == nil {
		return nil
	}
	allErrs := validateProbe(p, gracePeriod, fldPath)
	if p.TerminationGracePeriodSeconds != nil {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("terminationGracePeriodSeconds"), p.TerminationGracePeriodSeconds, "must not be set for readinessProbes"))
	}
	return allErrs
}

func validateStartupProbe(p *corev1.Probe, gracePeriod *int64, fldPath *field.Path) field.ErrorList {
	return validateLivenessProbe(p, gracePeriod, fldPath)
}

func validateProbe(p *corev1.Probe, gracePeriod *int64, fldPath *field.Path) field.ErrorList {
	h := commonHandler{Exec: p.Exec, HTTPGet: p.HTTPGet, TCPSocket: p.TCPSocket, GRPC: p.GRPC}
	allErrs := validateHandler(h, gracePeriod, fldPath)
	allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(p.InitialDelaySeconds), fldPath.Child("initialDelaySeconds"))...)
	allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(p.TimeoutSeconds), fldPath.Child("timeoutSeconds"))...)
	allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(p.PeriodSeconds), fldPath.Child("periodSeconds"))...)
	allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(p.SuccessThreshold), fldPath.Child("successThreshold"))...)
	allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(p.FailureThreshold), fldPath.Child("failureThreshold"))...)
	if p.TerminationGracePeriodSeconds != nil && *p.TerminationGracePeriodSeconds <= 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("terminationGracePeriodSeconds"), *p.TerminationGracePeriodSeconds, "must be greater than 0"))
	}
	return allErrs
}

type commonHandler struct {
	Exec      *corev1.ExecAction
	HTTPGet   *corev1.HTTPGetAction
	TCPSocket *corev1.TCPSocketAction
	GRPC      *corev1.GRPCAction
	Sleep     *corev1.SleepAction
}

func validateLifecycle(lc *corev1.Lifecycle, gracePeriod *int64, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, h := range []struct {
		h    *corev1.LifecycleHandler
		name string
	}{{lc.PostStart, "postStart"}, {lc.PreStop, "preStop"}} {
		if h.h != nil {
			ch := commonHandler{Exec: h.h.Exec, HTTPGet: h.h.HTTPGet, TCPSocket: h.h.TCPSocket, Sleep: h.h.Sleep}
			allErrs = append(allErrs, validateHandler(ch, gracePeriod, fldPath.Child(h.name))...)
		}
	}
	return allErrs
}

var supportedHTTPSchemes = sets.New(corev1.URISchemeHTTP, corev1.URISchemeHTTPS)

func validateHandler(h commonHandler, gracePeriod *int64, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	num := 0
	one := func(set bool, name string, check func() field.ErrorList) {
		if !set {
			return
		}
		if num > 0 {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child(name), "may not specify more than 1 handler type"))
			return
		}
		num++
		allErrs = append(allErrs, check()...)
	}
	one(h.Exec != nil, "exec", func() field.ErrorList {
		if len(h.Exec.Command) == 0 {
			return field.ErrorList{field.Required(fldPath.Child("exec").Child("command"), "")}
		}
		return nil
	})
	one(h.HTTPGet != nil, "httpGet", func() field.ErrorList {
		hp := fldPath.Child("httpGet")
		var errs field.ErrorList
		if len(h.HTTPGet.Path) == 0 {
			errs = append(errs, field.Required(hp.Child("path"), ""))
		}
		errs = append(errs, validatePortNumOrName(h.HTTPGet.Port, hp.Child("port"))...)
		if !supportedHTTPSchemes.Has(h.HTTPGet.Scheme) {
			errs = append(errs, field.NotSupported(hp.Child("scheme"), h.HTTPGet.Scheme, sets.List(supportedHTTPSchemes)))
		}
		for _, header := range h.HTTPGet.HTTPHeaders {
			for _, msg := range validation.IsHTTPHeaderName(header.Name) {
				errs = append(errs, field.Invalid(hp.Child("httpHeaders"), header.Name, msg))
			}
		}
		return errs
	})
	one(h.TCPSocket != nil, "tcpSocket", func() field.ErrorList {
		return validatePortNumOrName(h.TCPSocket.Port, fldPath.Child("tcpSocket").Child("port"))
	})
	one(h.GRPC != nil, "grpc", func() field.ErrorList {
		return validatePortNumOrName(intstr.FromInt32(h.GRPC.Port), fldPath.Child("grpc").Child("port"))
	})
	one(h.Sleep != nil, "sleep", func() field.ErrorList {
		// AllowPodLifecycleSleepActionZeroValue (on by default since v1.33).
		if gracePeriod != nil && (h.Sleep.Seconds < 0 || h.Sleep.Seconds > *gracePeriod) {
			return field.ErrorList{field.Invalid(fldPath.Child("sleep"), h.Sleep.Seconds,
				fmt.Sprintf("must be non-negative and less than terminationGracePeriodSeconds (%d)", *gracePeriod))}
		}
		return nil
	})
	if num == 0 {
		allErrs = append(allErrs, field.Required(fldPath, "must specify a handler type"))
	}
	return allErrs
}

func validatePortNumOrName(port intstr.IntOrString, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if port.Type == intstr.Int {
		for _, msg := range validation.IsValidPortNum(port.IntValue()) {
			allErrs = append(allErrs, field.Invalid(fldPath, port.IntValue(), msg))
		}
	} else {
		for _, msg := range validation.IsValidPortName(port.StrVal) {
			allErrs = append(allErrs, field.Invalid(fldPath, port.StrVal, msg))
		}
	}
	return allErrs
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
