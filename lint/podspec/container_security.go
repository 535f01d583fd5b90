package podspec

// The containers' securityContext, as the server's ValidateSecurityContext checks it for a pod
// template. The fields a pod's os forbids and the hostProcess consistency of the pod and its
// containers (validateWindowsHostProcessPod) are checked with the pod's securityContext
// (validatePodSecurity), not here.
//
// privileged: true is judged allowed: kube-apiserver rejects it ("disallowed by cluster
// policy") only when started without --allow-privileged=true, which every usual cluster sets.

import (
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

func csValidateAll(spec *corev1.PodSpec, path string, errs []Error) []Error {
	root := field.NewPath(path)
	hostUsers := spec.HostUsers == nil || *spec.HostUsers
	check := func(sc *corev1.SecurityContext, fld *field.Path) {
		if csSimple(sc) {
			return
		}
		errs = ctrToErrors(errs, csContainer(sc, fld, hostUsers))
		// The profile and Windows checks are the pod's (pod_security.go): one implementation.
		p := newFPath(fld.String())
		errs = vSeccompProfile(errs, p.c("seccompProfile"), sc.SeccompProfile)
		errs = vAppArmorProfile(errs, p.c("appArmorProfile"), sc.AppArmorProfile)
		errs = vWindowsOptions(errs, p.c("windowsOptions"), sc.WindowsOptions)
	}
	for i := range spec.Containers {
		check(spec.Containers[i].SecurityContext, root.Child("containers").Index(i).Child("securityContext"))
	}
	for i := range spec.InitContainers {
		check(spec.InitContainers[i].SecurityContext, root.Child("initContainers").Index(i).Child("securityContext"))
	}
	return errs
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
	return all
}
