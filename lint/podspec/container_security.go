package podspec

// The containers' securityContext, as the server's ValidateSecurityContext checks it for a pod
// template. The fields a pod's os forbids and the hostProcess consistency of the pod and its
// containers (validateWindowsHostProcessPod) are checked with the pod's securityContext
// (validatePodSecurity), not here.
//
// privileged: true is judged allowed: kube-apiserver rejects it ("disallowed by cluster
// policy") only when started without --allow-privileged=true, which every usual cluster sets.

import (
	"fmt"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// csAllSimple reports whether every container's securityContext is certainly valid.
func csAllSimple(spec *corev1.PodSpec) bool {
	for i := range spec.Containers {
		if !csSimple(spec.Containers[i].SecurityContext) {
			return false
		}
	}
	for i := range spec.InitContainers {
		if !csSimple(spec.InitContainers[i].SecurityContext) {
			return false
		}
	}
	return true
}

func csSimple(sc *corev1.SecurityContext) bool {
	if sc == nil {
		return true
	}
	if sc.WindowsOptions != nil ||
		sc.RunAsUser != nil && (*sc.RunAsUser < 0 || *sc.RunAsUser > 1<<31-1) ||
		sc.RunAsGroup != nil && (*sc.RunAsGroup < 0 || *sc.RunAsGroup > 1<<31-1) ||
		sc.ProcMount != nil && *sc.ProcMount != corev1.DefaultProcMount ||
		sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation && sc.Privileged != nil && *sc.Privileged {
		return false
	}
	if sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation && sc.Capabilities != nil {
		for _, c := range sc.Capabilities.Add {
			if c == "CAP_SYS_ADMIN" {
				return false
			}
		}
	}
	if ap := sc.AppArmorProfile; ap != nil &&
		(ap.LocalhostProfile != nil || ap.Type != corev1.AppArmorProfileTypeRuntimeDefault && ap.Type != corev1.AppArmorProfileTypeUnconfined) {
		return false
	}
	if sp := sc.SeccompProfile; sp != nil &&
		(sp.LocalhostProfile != nil || sp.Type != corev1.SeccompProfileTypeRuntimeDefault && sp.Type != corev1.SeccompProfileTypeUnconfined) {
		return false
	}
	return true
}

func csValidateAll(spec *corev1.PodSpec, path string) field.ErrorList {
	root := field.NewPath(path)
	hostUsers := spec.HostUsers == nil || *spec.HostUsers
	var all field.ErrorList
	for i := range spec.Containers {
		if sc := spec.Containers[i].SecurityContext; !csSimple(sc) {
			all = append(all, csContainer(sc, root.Child("containers").Index(i).Child("securityContext"), hostUsers)...)
		}
	}
	for i := range spec.InitContainers {
		if sc := spec.InitContainers[i].SecurityContext; !csSimple(sc) {
			all = append(all, csContainer(sc, root.Child("initContainers").Index(i).Child("securityContext"), hostUsers)...)
		}
	}
	return all
}

func csContainer(sc *corev1.SecurityContext, fld *field.Path, hostUsers bool) field.ErrorList {
	if sc == nil {
		return nil
	}
	var all field.ErrorList
	if sc.RunAsUser != nil {
		for _, m := range validation.IsValidUserID(*sc.RunAsUser) {
			all = append(all, field.Invalid(fld.Child("runAsUser"), *sc.RunAsUser, m))
		}
	}
	if sc.RunAsGroup != nil {
		for _, m := range validation.IsValidGroupID(*sc.RunAsGroup) {
			all = append(all, field.Invalid(fld.Child("runAsGroup"), *sc.RunAsGroup, m))
		}
	}
	if sc.ProcMount != nil {
		switch *sc.ProcMount {
		case corev1.DefaultProcMount, corev1.UnmaskedProcMount:
		default:
			all = append(all, field.NotSupported(fld.Child("procMount"), *sc.ProcMount, []corev1.ProcMountType{corev1.DefaultProcMount, corev1.UnmaskedProcMount}))
		}
		if hostUsers && *sc.ProcMount == corev1.UnmaskedProcMount {
			all = append(all, field.Invalid(fld.Child("procMount"), sc.ProcMount, "`hostUsers` must be false to use `Unmasked`"))
		}
	}
	all = append(all, csSeccomp(sc.SeccompProfile, fld.Child("seccompProfile"))...)
	if sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation {
		if sc.Privileged != nil && *sc.Privileged {
			all = append(all, field.Invalid(fld, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
		}
		if sc.Capabilities != nil {
			for _, c := range sc.Capabilities.Add {
				if string(c) == "CAP_SYS_ADMIN" {
					all = append(all, field.Invalid(fld, sc, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"))
				}
			}
		}
	}
	all = append(all, csWindowsOptions(sc.WindowsOptions, fld.Child("windowsOptions"))...)
	return append(all, csAppArmor(sc.AppArmorProfile, fld.Child("appArmorProfile"))...)
}

// csSeccomp is validateSeccompProfileField.
func csSeccomp(sp *corev1.SeccompProfile, fld *field.Path) field.ErrorList {
	if sp == nil {
		return nil
	}
	var all field.ErrorList
	switch sp.Type {
	case corev1.SeccompProfileTypeLocalhost, corev1.SeccompProfileTypeRuntimeDefault, corev1.SeccompProfileTypeUnconfined:
	case "":
		all = append(all, field.Required(fld.Child("type"), "type is required when seccompProfile is set"))
	default:
		all = append(all, field.NotSupported(fld.Child("type"), sp.Type, []corev1.SeccompProfileType{
			corev1.SeccompProfileTypeLocalhost, corev1.SeccompProfileTypeRuntimeDefault, corev1.SeccompProfileTypeUnconfined}))
	}
	if sp.Type == corev1.SeccompProfileTypeLocalhost {
		if sp.LocalhostProfile == nil {
			all = append(all, field.Required(fld.Child("localhostProfile"), "must be set when seccomp type is Localhost"))
		} else {
			all = append(all, ctrLocalDescendingPath(*sp.LocalhostProfile, fld.Child("localhostProfile"))...)
		}
	} else if sp.LocalhostProfile != nil {
		all = append(all, field.Invalid(fld.Child("localhostProfile"), sp, "can only be set when seccomp type is Localhost"))
	}
	return all
}

// csAppArmor is ValidateAppArmorProfileField.
func csAppArmor(p *corev1.AppArmorProfile, fld *field.Path) field.ErrorList {
	if p == nil {
		return nil
	}
	var all field.ErrorList
	switch p.Type {
	case corev1.AppArmorProfileTypeLocalhost:
		if p.LocalhostProfile == nil {
			all = append(all, field.Required(fld.Child("localhostProfile"), "must be set when AppArmor type is Localhost"))
		} else {
			lp := strings.TrimSpace(*p.LocalhostProfile)
			if lp != *p.LocalhostProfile {
				all = append(all, field.Invalid(fld.Child("localhostProfile"), *p.LocalhostProfile, "must not be padded with whitespace"))
			} else if lp == "" {
				all = append(all, field.Required(fld.Child("localhostProfile"), "must be set when AppArmor type is Localhost"))
			}
			if len(*p.LocalhostProfile) > 4095 {
				all = append(all, field.TooLong(fld.Child("localhostProfile"), "", 4095))
			}
		}
	case corev1.AppArmorProfileTypeRuntimeDefault, corev1.AppArmorProfileTypeUnconfined:
		if p.LocalhostProfile != nil {
			all = append(all, field.Invalid(fld.Child("localhostProfile"), p.LocalhostProfile, "can only be set when AppArmor type is Localhost"))
		}
	case "":
		all = append(all, field.Required(fld.Child("type"), "type is required when appArmorProfile is set"))
	default:
		all = append(all, field.NotSupported(fld.Child("type"), p.Type, []corev1.AppArmorProfileType{
			corev1.AppArmorProfileTypeLocalhost, corev1.AppArmorProfileTypeRuntimeDefault, corev1.AppArmorProfileTypeUnconfined}))
	}
	return all
}

var (
	csCtrlRegex            = regexp.MustCompile(`[[:cntrl:]]+`)
	csNetBiosRegex         = regexp.MustCompile(`^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$`)
	csDNSLabelFormat       = `[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?`
	csDomainDNSRegex       = regexp.MustCompile(fmt.Sprintf(`^%s(?:\.%s)*$`, csDNSLabelFormat, csDNSLabelFormat))
	csUserNameCharsRegex   = regexp.MustCompile(`["/\\:;|=,\+\*\?<>@\[\]]`)
	csUserNameDotsSpaceReg = regexp.MustCompile(`^[\. ]+$`)
)

// csWindowsOptions is validateWindowsSecurityContextOptions.
func csWindowsOptions(w *corev1.WindowsSecurityContextOptions, fld *field.Path) field.ErrorList {
	if w == nil {
		return nil
	}
	var all field.ErrorList
	if w.GMSACredentialSpecName != nil {
		for _, m := range validation.IsDNS1123Subdomain(*w.GMSACredentialSpecName) {
			all = append(all, field.Invalid(fld.Child("gmsaCredentialSpecName"), w.GMSACredentialSpecName, m))
		}
	}
	if w.GMSACredentialSpec != nil {
		if l := len(*w.GMSACredentialSpec); l == 0 {
			all = append(all, field.Invalid(fld.Child("gmsaCredentialSpec"), w.GMSACredentialSpec, "gmsaCredentialSpec cannot be an empty string"))
		} else if l > 64*1024 {
			all = append(all, field.Invalid(fld.Child("gmsaCredentialSpec"), w.GMSACredentialSpec, "gmsaCredentialSpec size must be under 64 KiB"))
		}
	}
	if w.RunAsUserName != nil {
		name := *w.RunAsUserName
		p := fld.Child("runAsUserName")
		bad := func(msg string) { all = append(all, field.Invalid(p, w.RunAsUserName, msg)) }
		if name == "" {
			bad("runAsUserName cannot be an empty string")
		} else if csCtrlRegex.MatchString(name) {
			bad("runAsUserName cannot contain control characters")
		} else if parts := strings.Split(name, "\\"); len(parts) > 2 {
			bad("runAsUserName cannot contain more than one backslash")
		} else {
			hasDomain, domain, user := false, "", parts[0]
			if len(parts) == 2 {
				hasDomain, domain, user = true, parts[0], parts[1]
			}
			if len(domain) >= 256 {
				bad("runAsUserName's Domain length must be under 256 characters")
			}
			if hasDomain && !(csNetBiosRegex.MatchString(domain) || csDomainDNSRegex.MatchString(domain)) {
				bad("runAsUserName's Domain doesn't match the NetBios nor the DNS format")
			}
			if l := len(user); l == 0 {
				bad("runAsUserName's User cannot be empty")
			} else if l > 104 {
				bad("runAsUserName's User length must not be longer than 104 characters")
			}
			if csUserNameDotsSpaceReg.MatchString(user) {
				bad(`runAsUserName's User cannot contain only periods or spaces`)
			}
			if csUserNameCharsRegex.MatchString(user) {
				bad(`runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]`)
			}
		}
	}
	return all
}
