package podspec

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kubectl-batch/kubectl-batch/lint/internal/fastvalid"
)

// validatePodLevel appends the errors of AreaPod to errs: the template's annotations, dnsPolicy
// and dnsConfig, hostAliases, hostname, subdomain, hostnameOverride, the host namespaces
// against ports and user namespaces, serviceAccountName, resourceClaims, os.name, and a pod
// activeDeadlineSeconds above the int32 range, as kube-apiserver v1.35 validates a pod template.
func validatePodLevel(meta *metav1.ObjectMeta, spec *corev1.PodSpec, path string, errs []Error, o *Options) []Error {
	p := newFPath(path)
	if meta != nil && len(meta.Annotations) > 0 {
		errs = validateTemplateAnnotations(errs, newFPath(strings.TrimSuffix(path, ".spec")).c("annotations"), meta.Annotations, spec)
	}
	if meta != nil && len(meta.Annotations) > 0 {
		errs = validateAnnotationsMatchFields(errs, p, meta.Annotations, spec)
	}
	if len(spec.ResourceClaims) > 0 {
		errs = validateResourceClaims(errs, p.c("resourceClaims"), spec.ResourceClaims)
	}
	if spec.Resources != nil {
		errs = validatePodResources(errs, p, spec)
	}
	if spec.HostNetwork {
		for i := range spec.Containers {
			for j, port := range spec.Containers[i].Ports {
				if port.HostPort != 0 && port.HostPort != port.ContainerPort {
					errs = append(errs, fInvalid(p.c("containers").i(i).c("ports").i(j).c("hostPort"), port.HostPort, "must match `containerPort` when `hostNetwork` is true"))
				}
			}
		}
	}
	switch spec.DNSPolicy {
	case corev1.DNSClusterFirstWithHostNet, corev1.DNSClusterFirst, corev1.DNSDefault, corev1.DNSNone, "": // "" is defaulted
	default:
		errs = append(errs, fNotSupported(p.c("dnsPolicy"), spec.DNSPolicy, []string{"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}))
	}
	if spec.DNSConfig != nil || spec.DNSPolicy == corev1.DNSNone {
		errs = validateDNSConfig(errs, p.c("dnsConfig"), spec.DNSConfig, spec.DNSPolicy, o)
	}
	if spec.HostUsers != nil && !*spec.HostUsers {
		// UserNamespacesHostNetworkSupport is off by default in 1.35.
		if spec.HostNetwork {
			errs = append(errs, fForbidden(p.c("hostNetwork"), "when `hostUsers` is false"))
		}
		if spec.HostPID {
			errs = append(errs, fForbidden(p.c("HostPID"), "when `hostUsers` is false"))
		}
		if spec.HostIPC {
			errs = append(errs, fForbidden(p.c("HostIPC"), "when `hostUsers` is false"))
		}
		errs = visitContainers(errs, spec, p, func(errs []Error, c *corev1.Container, cp fpath) []Error {
			if len(c.VolumeDevices) > 0 && o.HostUsersVolumeDevices {
				errs = append(errs, fForbidden(cp.c("volumeDevices"), "when `hostUsers` is false"))
			}
			return errs
		})
	}
	if ho := spec.HostnameOverride; ho != nil {
		hp := p.c("hostnameOverride")
		if spec.SetHostnameAsFQDN != nil && *spec.SetHostnameAsFQDN {
			errs = append(errs, fForbidden(hp, "may not be specified when setHostnameAsFQDN is true"))
		}
		if spec.HostNetwork {
			errs = append(errs, fForbidden(hp, "may not be specified when hostNetwork is true"))
		}
		if len(*ho) > 64 {
			errs = append(errs, fTooLong(hp, 64))
		}
		errs = vDNSSubdomain(errs, hp, *ho)
	}
	if spec.ServiceAccountName != "" {
		errs = vDNSSubdomain(errs, p.c("serviceAccountName"), spec.ServiceAccountName)
	}
	if spec.DeprecatedServiceAccount != "" && spec.ServiceAccountName == "" {
		// serviceAccount is copied into serviceAccountName by the conversion.
		errs = vDNSSubdomain(errs, p.c("serviceAccountName"), spec.DeprecatedServiceAccount)
	}
	if d := spec.ActiveDeadlineSeconds; d != nil && *d > math.MaxInt32 {
		errs = append(errs, fInvalid(p.c("activeDeadlineSeconds"), *d, validation.InclusiveRangeError(1, math.MaxInt32)))
	}
	if spec.Hostname != "" {
		errs = vDNSLabel(errs, p.c("hostname"), spec.Hostname)
	}
	if spec.Subdomain != "" {
		errs = vDNSLabel(errs, p.c("subdomain"), spec.Subdomain)
	}
	for i, ha := range spec.HostAliases {
		ap := p.c("hostAliases").i(i)
		errs = vIP(errs, ap.c("ip"), ha.IP, o)
		for j, h := range ha.Hostnames {
			errs = vDNSSubdomain(errs, ap.c("hostnames").i(j), h)
		}
	}
	if o := spec.OS; o != nil {
		switch o.Name {
		case corev1.Linux, corev1.Windows:
		case "":
			errs = append(errs, fRequired(p.c("os").c("name"), ""))
		default:
			errs = append(errs, fNotSupported(p.c("os"), o.Name, []string{"linux", "windows"}))
		}
	}
	return errs
}

// visitContainers calls fn for init containers, then containers (podshelper.VisitContainersWithPath
// order without ephemeral containers, which a template may not have).
func visitContainers(errs []Error, spec *corev1.PodSpec, p fpath, fn func([]Error, *corev1.Container, fpath) []Error) []Error {
	for i := range spec.InitContainers {
		errs = fn(errs, &spec.InitContainers[i], p.c("initContainers").i(i))
	}
	for i := range spec.Containers {
		errs = fn(errs, &spec.Containers[i], p.c("containers").i(i))
	}
	return errs
}

func vIP(errs []Error, p fpath, ip string, o *Options) []Error {
	if plIPv4(ip) {
		return errs
	}
	return fList(errs, validation.IsValidIPForLegacyField(p.field(), ip, o.StrictIPs, nil))
}

// plIPv4: certainly a plain dotted-quad IPv4 address without leading zeros.
func plIPv4(s string) bool {
	parts := 0
	for len(s) > 0 {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n > 3 || n > 1 && s[0] == '0' {
			return false
		}
		if v, _ := strconv.Atoi(s[:n]); v > 255 {
			return false
		}
		parts++
		s = s[n:]
		if len(s) > 0 {
			if s[0] != '.' || len(s) == 1 {
				return false
			}
			s = s[1:]
		}
	}
	return parts == 4
}

func validateDNSConfig(errs []Error, p fpath, c *corev1.PodDNSConfig, policy corev1.DNSPolicy, o *Options) []Error {
	if policy == corev1.DNSNone {
		if c == nil {
			return append(errs, fRequired(p, "must provide `dnsConfig` when `dnsPolicy` is None"))
		}
		if len(c.Nameservers) == 0 {
			return append(errs, fRequired(p.c("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"))
		}
	}
	if len(c.Nameservers) > 3 {
		errs = append(errs, fInvalid(p.c("nameservers"), c.Nameservers, "must not have more than 3 nameservers"))
	}
	for i, ns := range c.Nameservers {
		errs = vIP(errs, p.c("nameservers").i(i), ns, o)
	}
	if len(c.Searches) > 32 {
		errs = append(errs, fInvalid(p.c("searches"), c.Searches, "must not have more than 32 search paths"))
	}
	if len(strings.Join(c.Searches, " ")) > 2048 {
		errs = append(errs, fInvalid(p.c("searches"), c.Searches, "must not have more than 2048 characters (including spaces) in the search list"))
	}
	// RelaxedDNSSearchValidation (1.33+): "." is allowed, and underscores.
	for i, s := range c.Searches {
		if s == "." && o.RelaxedDNSSearch {
			continue
		}
		s = strings.TrimSuffix(s, ".")
		if fastvalid.DNSSubdomain(s) {
			continue
		}
		if o.RelaxedDNSSearch {
			errs = fMsgs(errs, p.c("searches").i(i), s, validation.IsDNS1123SubdomainWithUnderscore(s))
		} else {
			errs = fMsgs(errs, p.c("searches").i(i), s, validation.IsDNS1123Subdomain(s))
		}
	}
	for i, o := range c.Options {
		if o.Name == "" {
			errs = append(errs, fRequired(p.c("options").i(i), "must not be empty"))
		}
	}
	return errs
}

func validateResourceClaims(errs []Error, p fpath, claims []corev1.PodResourceClaim) []Error {
	names := map[string]bool{}
	for i := range claims {
		c := &claims[i]
		cp := p.i(i)
		switch {
		case c.Name == "":
			errs = append(errs, fRequired(cp.c("name"), ""))
		case names[c.Name]:
			errs = append(errs, fDuplicate(cp.c("name"), c.Name))
		default:
			errs = vDNSLabel(errs, cp.c("name"), c.Name)
			names[c.Name] = true
		}
		// The server prints its internal type, without JSON tags.
		v := struct {
			Name                      string
			ResourceClaimName         *string
			ResourceClaimTemplateName *string
		}{c.Name, c.ResourceClaimName, c.ResourceClaimTemplateName}
		if c.ResourceClaimName != nil && c.ResourceClaimTemplateName != nil {
			errs = append(errs, fInvalid(cp, v, "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"))
		}
		if c.ResourceClaimName == nil && c.ResourceClaimTemplateName == nil {
			errs = append(errs, fInvalid(cp, v, "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"))
		}
		if c.ResourceClaimName != nil {
			errs = vDNSSubdomain(errs, cp.c("resourceClaimName"), *c.ResourceClaimName)
		}
		if c.ResourceClaimTemplateName != nil {
			errs = vDNSSubdomain(errs, cp.c("resourceClaimTemplateName"), *c.ResourceClaimTemplateName)
		}
	}
	return errs
}

const (
	annMirrorPod         = "kubernetes.io/config.mirror"
	annTolerations       = "scheduler.alpha.kubernetes.io/tolerations"
	annDeletionCost      = "controller.kubernetes.io/pod-deletion-cost"
	annSeccompPod        = "seccomp.security.alpha.kubernetes.io/pod"
	annSeccompContainer  = "container.seccomp.security.alpha.kubernetes.io/"
	annAppArmorContainer = "container.apparmor.security.beta.kubernetes.io/"
)

// validateTemplateAnnotations is ValidateAnnotations and ValidatePodSpecificAnnotations of the
// template's annotations, at p ("spec.template.annotations").
func validateTemplateAnnotations(errs []Error, p fpath, ann map[string]string, spec *corev1.PodSpec) []Error {
	errs = vAnnotations(errs, p, ann)
	if v, ok := ann[annMirrorPod]; ok && spec.NodeName == "" {
		errs = append(errs, fInvalid(p.k(annMirrorPod), v, "must set spec.nodeName if mirror pod annotation is set"))
	}
	if v := ann[annTolerations]; v != "" {
		var tols []corev1.Toleration
		if err := json.Unmarshal([]byte(v), &tols); err != nil {
			errs = append(errs, fInvalid(p, annTolerations, err.Error()))
		} else if len(tols) > 0 {
			errs = validateTolerations(errs, p.c(annTolerations), tols)
		}
	}
	if v, ok := ann[annDeletionCost]; ok {
		good := len(v) > 0 && (v[0] == '-' || v == "0" || v[0] >= '1' && v[0] <= '9')
		if good {
			_, err := strconv.ParseInt(v, 10, 32)
			good = err == nil
		}
		if !good {
			errs = append(errs, fInvalid(p.k(annDeletionCost), v, "must be a 32bit integer"))
		}
	}
	for k, v := range ann {
		if k == annSeccompPod || strings.HasPrefix(k, annSeccompContainer) {
			errs = vSeccompAnnotation(errs, p.c(k), v)
		}
		if name, ok := strings.CutPrefix(k, annAppArmorContainer); ok {
			found := false
			for _, list := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
				for i := range list {
					found = found || list[i].Name == name
				}
			}
			for i := range spec.EphemeralContainers {
				found = found || spec.EphemeralContainers[i].Name == name
			}
			if !found {
				errs = append(errs, fInvalid(p.k(k), name, "container not found"))
			}
			if v != "" && v != "runtime/default" && v != "unconfined" && !strings.HasPrefix(v, "localhost/") {
				errs = append(errs, fInvalid(p.k(k), v, fmt.Sprintf("invalid AppArmor profile name: %q", v)))
			}
		}
	}
	return errs
}

func vSeccompAnnotation(errs []Error, p fpath, v string) []Error {
	switch {
	case v == "runtime/default" || v == "docker/default" || v == "unconfined":
		return errs
	case strings.HasPrefix(v, "localhost/"):
		return vLocalDescendingPath(errs, p, strings.TrimPrefix(v, "localhost/"))
	}
	return append(errs, fInvalid(p, v, "must be a valid seccomp profile"))
}

// validatePodSecurity appends the errors of the pod's securityContext to errs, and the errors
// of the pod and container fields the pod's os forbids (validateLinux, validateWindows), the
// hostProcess consistency of Windows pods, and the seccomp and AppArmor annotations that must
// match the fields.
func validatePodSecurity(spec *corev1.PodSpec, path string, errs []Error, o *Options) []Error {
	p := newFPath(path)
	if sc := spec.SecurityContext; sc != nil {
		errs = validatePodSecurityContext(errs, p.c("securityContext"), sc, spec, o)
		if !o.ShareProcessNamespaceTopLevel {
			errs = validateShareProcessNamespace(errs, p.c("securityContext"), spec)
		}
	}
	if o.ShareProcessNamespaceTopLevel {
		errs = validateShareProcessNamespace(errs, p, spec)
	}
	if spec.OS != nil {
		switch spec.OS.Name {
		case corev1.Linux:
			errs = validateLinuxPod(errs, p, spec)
		case corev1.Windows:
			errs = validateWindowsPod(errs, p, spec)
		}
	}
	errs = validateHostProcess(errs, p, spec)
	return errs
}

// validateShareProcessNamespace: a shared process namespace and the host's PID namespace
// exclude each other (reported under securityContext before 1.37, under the pod spec since).
func validateShareProcessNamespace(errs []Error, p fpath, spec *corev1.PodSpec) []Error {
	if spec.ShareProcessNamespace != nil && *spec.ShareProcessNamespace && spec.HostPID {
		errs = append(errs, fInvalid(p.c("shareProcessNamespace"), true, "ShareProcessNamespace and HostPID cannot both be enabled"))
	}
	return errs
}

// validateAnnotationsMatchFields is validateSeccompAnnotationsAndFields and
// validateAppArmorAnnotationsAndFieldsMatchOnCreate: a deprecated seccomp or AppArmor annotation
// must agree with the field when both are set.
func validateAnnotationsMatchFields(errs []Error, p fpath, ann map[string]string, spec *corev1.PodSpec) []Error {
	has := false
	for k := range ann {
		if k == annSeccompPod || strings.HasPrefix(k, annSeccompContainer) || strings.HasPrefix(k, annAppArmorContainer) {
			has = true
			break
		}
	}
	if !has {
		return errs
	}
	sc := spec.SecurityContext
	if sc != nil && sc.SeccompProfile != nil {
		if v, ok := ann[annSeccompPod]; ok {
			errs = seccompMatch(errs, p.c("securityContext").c("seccompProfile"), v, sc.SeccompProfile)
		}
	}
	windows := spec.OS != nil && spec.OS.Name == corev1.Windows
	return visitContainers(errs, spec, p, func(errs []Error, c *corev1.Container, cp fpath) []Error {
		if c.SecurityContext != nil && c.SecurityContext.SeccompProfile != nil {
			if v, ok := ann[annSeccompContainer+c.Name]; ok {
				errs = seccompMatch(errs, cp.c("securityContext").c("seccompProfile"), v, c.SecurityContext.SeccompProfile)
			}
		}
		if windows {
			return errs
		}
		var prof *corev1.AppArmorProfile
		if sc != nil {
			prof = sc.AppArmorProfile
		}
		if c.SecurityContext != nil && c.SecurityContext.AppArmorProfile != nil {
			prof = c.SecurityContext.AppArmorProfile
		}
		v, ok := ann[annAppArmorContainer+c.Name]
		if prof == nil || !ok {
			return errs
		}
		ap := cp.c("securityContext").c("appArmorProfile")
		switch prof.Type {
		case corev1.AppArmorProfileTypeUnconfined:
			if v != "unconfined" {
				errs = append(errs, fForbidden(ap.c("type"), "apparmor type in annotation and field must match"))
			}
		case corev1.AppArmorProfileTypeRuntimeDefault:
			if v != "runtime/default" {
				errs = append(errs, fForbidden(ap.c("type"), "apparmor type in annotation and field must match"))
			}
		case corev1.AppArmorProfileTypeLocalhost:
			if !strings.HasPrefix(v, "localhost/") {
				errs = append(errs, fForbidden(ap.c("type"), "apparmor type in annotation and field must match"))
			} else if prof.LocalhostProfile == nil || strings.TrimPrefix(v, "localhost/") != *prof.LocalhostProfile {
				errs = append(errs, fForbidden(ap.c("localhostProfile"), "apparmor profile in annotation and field must match"))
			}
		}
		return errs
	})
}

func seccompMatch(errs []Error, p fpath, v string, f *corev1.SeccompProfile) []Error {
	switch f.Type {
	case corev1.SeccompProfileTypeUnconfined:
		if v != "unconfined" {
			errs = append(errs, fForbidden(p.c("type"), "seccomp type in annotation and field must match"))
		}
	case corev1.SeccompProfileTypeRuntimeDefault:
		if v != "runtime/default" && v != "docker/default" {
			errs = append(errs, fForbidden(p.c("type"), "seccomp type in annotation and field must match"))
		}
	case corev1.SeccompProfileTypeLocalhost:
		if !strings.HasPrefix(v, "localhost/") {
			errs = append(errs, fForbidden(p.c("type"), "seccomp type in annotation and field must match"))
		} else if f.LocalhostProfile == nil || strings.TrimPrefix(v, "localhost/") != *f.LocalhostProfile {
			errs = append(errs, fForbidden(p.c("localhostProfile"), "seccomp profile in annotation and field must match"))
		}
	}
	return errs
}
