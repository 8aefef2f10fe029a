package ingress

import (
	"fmt"
	"net"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/validate/content"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The API server's Ingress validation, from kubernetes
// pkg/apis/networking/validation/validation.go (ValidateIngressCreate and
// the functions it calls; read at kubernetes/kubernetes commit 019c5dc5,
// the newest stored, which checks resource backends with
// content.IsPathSegmentName), applied to the v1 object: the internal type has
// the same fields, so the field paths and messages are the same. The
// validation helpers (IsDNS1123Subdomain, IsWildcardDNS1123Subdomain,
// IsValidPortNum, NameIsDNS1035Label …) are apimachinery's own, so their
// messages are upstream's word for word.

// AnnotationIngressClass is the deprecated annotation that named an
// Ingress's class before spec.ingressClassName.
const AnnotationIngressClass = "kubernetes.io/ingress.class"

// Declared as in validation.go.
var (
	supportedPathTypes   = []string{string(networkingv1.PathTypeExact), string(networkingv1.PathTypeImplementationSpecific), string(networkingv1.PathTypePrefix)}
	invalidPathSequences = []string{"//", "/./", "/../", "%2f", "%2F"}
	invalidPathSuffixes  = []string{"/..", "/."}
)

// Validate returns what the API server finds wrong with ing on create.
// Service names are checked as RFC 1035 labels (apivalidation.
// ValidateServiceName): the RelaxedServiceNameValidation feature gate that
// would allow RFC 1123 labels is alpha and off by default.
func Validate(ing *networkingv1.Ingress) field.ErrorList {
	allErrs := validateObjectMeta(ing)
	allErrs = append(allErrs, validateIngressSpec(&ing.Spec, field.NewPath("spec"))...)
	if v, ok := ing.Annotations[AnnotationIngressClass]; ok && ing.Spec.IngressClassName != nil && v != *ing.Spec.IngressClassName {
		p := field.NewPath("annotations").Child(AnnotationIngressClass)
		allErrs = append(allErrs, field.Invalid(p, v, "must match `ingressClassName` when both are specified"))
	}
	return allErrs
}

// validateObjectMeta is apivalidation.ValidateObjectMeta(&ingress.ObjectMeta,
// true, ValidateIngressName, "metadata"), as validateIngress calls it
// (kubernetes pkg/apis/networking/validation/validation.go): apimachinery's
// own ValidateObjectMeta (pkg/api/validation/objectmeta.go), so the name,
// namespace, labels, annotations, ownerReferences and finalizers get
// upstream's checks and messages, in upstream's order (labels before
// annotations). The API server fills metadata.name from generateName
// before it validates (rest.BeforeCreate); kubectl apply refuses both an
// empty name and generateName before it sends anything (demos/ingress).
func validateObjectMeta(ing *networkingv1.Ingress) field.ErrorList {
	return apimachineryvalidation.ValidateObjectMeta(&ing.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
}

// InvalidMessage is the error kubectl prints for a rejected Ingress
// (apierrors.NewInvalid, as the API server builds it), after
// "Error from server (Invalid): error when creating "ingress.yaml": ".
func InvalidMessage(name string, errs field.ErrorList) string {
	return apierrors.NewInvalid(schema.GroupKind{Group: "networking.k8s.io", Kind: "Ingress"}, name, errs).Error()
}

func validateIngressSpec(spec *networkingv1.IngressSpec, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if len(spec.Rules) == 0 && spec.DefaultBackend == nil {
		errMsg := fmt.Sprintf("either `%s` or `rules` must be specified", "defaultBackend")
		allErrs = append(allErrs, field.Invalid(fldPath, spec.Rules, errMsg))
	}
	if spec.DefaultBackend != nil {
		allErrs = append(allErrs, validateIngressBackend(spec.DefaultBackend, fldPath.Child("defaultBackend"))...)
	}
	if len(spec.Rules) > 0 {
		allErrs = append(allErrs, validateIngressRules(spec.Rules, fldPath.Child("rules"))...)
	}
	if len(spec.TLS) > 0 {
		allErrs = append(allErrs, validateIngressTLS(spec, fldPath.Child("tls"))...)
	}
	if spec.IngressClassName != nil {
		for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(*spec.IngressClassName, false) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("ingressClassName"), *spec.IngressClassName, msg))
		}
	}
	return allErrs
}

func validateIngressTLS(spec *networkingv1.IngressSpec, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	for tlsIndex, itls := range spec.TLS {
		for i, host := range itls.Hosts {
			if strings.Contains(host, "*") {
				for _, msg := range validation.IsWildcardDNS1123Subdomain(host) {
					allErrs = append(allErrs, field.Invalid(fldPath.Index(tlsIndex).Child("hosts").Index(i), host, msg))
				}
				continue
			}
			for _, msg := range validation.IsDNS1123Subdomain(host) {
				allErrs = append(allErrs, field.Invalid(fldPath.Index(tlsIndex).Child("hosts").Index(i), host, msg))
			}
		}
		if itls.SecretName != "" {
			// apivalidation.ValidateSecretName is NameIsDNSSubdomain.
			for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(itls.SecretName, false) {
				allErrs = append(allErrs, field.Invalid(fldPath.Index(tlsIndex).Child("secretName"), itls.SecretName, msg))
			}
		}
	}
	return allErrs
}

func validateIngressRules(ingressRules []networkingv1.IngressRule, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	for i, ih := range ingressRules {
		if len(ih.Host) > 0 {
			// netutils.ParseIPSloppy also accepts IPv4 with leading zeros.
			if net.ParseIP(ih.Host) != nil || isSloppyIPv4(ih.Host) {
				allErrs = append(allErrs, field.Invalid(fldPath.Index(i).Child("host"), ih.Host, "must be a DNS name, not an IP address"))
			}
			if strings.Contains(ih.Host, "*") {
				for _, msg := range validation.IsWildcardDNS1123Subdomain(ih.Host) {
					allErrs = append(allErrs, field.Invalid(fldPath.Index(i).Child("host"), ih.Host, msg))
				}
			} else {
				for _, msg := range validation.IsDNS1123Subdomain(ih.Host) {
					allErrs = append(allErrs, field.Invalid(fldPath.Index(i).Child("host"), ih.Host, msg))
				}
			}
		}
		if ih.HTTP != nil {
			allErrs = append(allErrs, validateHTTPIngressRuleValue(ih.HTTP, fldPath.Index(i).Child("http"))...)
		}
	}
	return allErrs
}

// isSloppyIPv4 is the IPv4 half of netutils.ParseIPSloppy (k8s.io/utils
// internal/third_party/forked/golang/net parseIPv4 and dtoi): four decimal
// parts up to 255, leading zeros allowed in any number ("0010.0.0.1").
func isSloppyIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return false
			}
			n = n*10 + int(c-'0')
			if n > 255 {
				return false
			}
		}
	}
	return true
}

func validateHTTPIngressRuleValue(v *networkingv1.HTTPIngressRuleValue, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if len(v.Paths) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("paths"), ""))
	}
	for i := range v.Paths {
		allErrs = append(allErrs, validateHTTPIngressPath(&v.Paths[i], fldPath.Child("paths").Index(i))...)
	}
	return allErrs
}

func validateHTTPIngressPath(path *networkingv1.HTTPIngressPath, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if path.PathType == nil {
		return append(allErrs, field.Required(fldPath.Child("pathType"), "pathType must be specified"))
	}
	switch *path.PathType {
	case networkingv1.PathTypeExact, networkingv1.PathTypePrefix:
		if !strings.HasPrefix(path.Path, "/") {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("path"), path.Path, "must be an absolute path"))
		}
		if len(path.Path) > 0 {
			for _, invalidSeq := range invalidPathSequences {
				if strings.Contains(path.Path, invalidSeq) {
					allErrs = append(allErrs, field.Invalid(fldPath.Child("path"), path.Path, fmt.Sprintf("must not contain '%s'", invalidSeq)))
				}
			}
			for _, invalidSuff := range invalidPathSuffixes {
				if strings.HasSuffix(path.Path, invalidSuff) {
					allErrs = append(allErrs, field.Invalid(fldPath.Child("path"), path.Path, fmt.Sprintf("cannot end with '%s'", invalidSuff)))
				}
			}
		}
	case networkingv1.PathTypeImplementationSpecific:
		if len(path.Path) > 0 && !strings.HasPrefix(path.Path, "/") {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("path"), path.Path, "must be an absolute path"))
		}
	default:
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("pathType"), *path.PathType, supportedPathTypes))
	}
	allErrs = append(allErrs, validateIngressBackend(&path.Backend, fldPath.Child("backend"))...)
	return allErrs
}

func validateIngressBackend(backend *networkingv1.IngressBackend, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	hasResource := backend.Resource != nil
	hasService := backend.Service != nil
	switch {
	case hasResource && hasService:
		return append(allErrs, field.Invalid(fldPath, "", "cannot set both resource and service backends"))
	case hasResource:
		r := backend.Resource
		p := fldPath.Child("resource")
		if r.APIGroup != nil {
			for _, msg := range validation.IsDNS1123Subdomain(*r.APIGroup) {
				allErrs = append(allErrs, field.Invalid(p.Child("apiGroup"), *r.APIGroup, msg))
			}
		}
		// validateIngressTypedLocalObjectReference: kind and name must
		// be path segment names (content.IsPathSegmentName: not "." or
		// "..", no '/' or '%').
		if r.Kind == "" {
			allErrs = append(allErrs, field.Required(p.Child("kind"), ""))
		} else {
			for _, msg := range content.IsPathSegmentName(r.Kind) {
				allErrs = append(allErrs, field.Invalid(p.Child("kind"), r.Kind, msg))
			}
		}
		if r.Name == "" {
			allErrs = append(allErrs, field.Required(p.Child("name"), ""))
		} else {
			for _, msg := range content.IsPathSegmentName(r.Name) {
				allErrs = append(allErrs, field.Invalid(p.Child("name"), r.Name, msg))
			}
		}
	case hasService:
		if len(backend.Service.Name) == 0 {
			allErrs = append(allErrs, field.Required(fldPath.Child("service", "name"), ""))
		} else {
			for _, msg := range apimachineryvalidation.NameIsDNS1035Label(backend.Service.Name, false) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("service", "name"), backend.Service.Name, msg))
			}
		}
		hasPortName := len(backend.Service.Port.Name) > 0
		hasPortNumber := backend.Service.Port.Number != 0
		switch {
		case hasPortName && hasPortNumber:
			allErrs = append(allErrs, field.Invalid(fldPath, "", "cannot set both port name & port number"))
		case hasPortName:
			for _, msg := range validation.IsValidPortName(backend.Service.Port.Name) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("service", "port", "name"), backend.Service.Port.Name, msg))
			}
		case hasPortNumber:
			for _, msg := range validation.IsValidPortNum(int(backend.Service.Port.Number)) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("service", "port", "number"), backend.Service.Port.Number, msg))
			}
		default:
			allErrs = append(allErrs, field.Required(fldPath, "port name or number is required"))
		}
	default:
		allErrs = append(allErrs, field.Invalid(fldPath, "", "resource or service backend is required"))
	}
	return allErrs
}
