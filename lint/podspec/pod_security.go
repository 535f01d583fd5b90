package podspec

import (
	"fmt"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// The pod's securityContext (validatePodSpecSecurityContext of kube-apiserver v1.35) and the
// os-specific restrictions.

func vID(errs []Error, p fpath, v *int64) []Error {
	if v != nil && (*v < 0 || *v > math32) {
		errs = append(errs, fInvalid(p, *v, validation.InclusiveRangeError(0, math32)))
	}
	return errs
}

const math32 = 1<<31 - 1

func validatePodSecurityContext(errs []Error, p fpath, sc *corev1.PodSecurityContext, spec *corev1.PodSpec, o *Options) []Error {
	errs = vID(errs, p.c("fsGroup"), sc.FSGroup)
	errs = vID(errs, p.c("runAsUser"), sc.RunAsUser)
	errs = vID(errs, p.c("runAsGroup"), sc.RunAsGroup)
	for i := range sc.SupplementalGroups {
		errs = vID(errs, p.c("supplementalGroups").i(i), &sc.SupplementalGroups[i])
	}
	if len(sc.Sysctls) > 0 {
		names := map[string]bool{}
		for i, s := range sc.Sysctls {
			np := p.c("sysctls").i(i).c("name")
			switch {
			case s.Name == "":
				errs = append(errs, fRequired(np, ""))
			case len(s.Name) > 253 || !sysctlRegexp.MatchString(s.Name):
				errs = append(errs, fInvalid(np, s.Name, fmt.Sprintf("must have at most %d characters and match regex %s", 253, sysctlRegexp)))
			case names[s.Name]:
				errs = append(errs, fDuplicate(np, s.Name))
			}
			switch ns := sysctlNamespace(s.Name); {
			case spec.HostNetwork && ns == "Net":
				errs = append(errs, fInvalid(np, s.Name, "may not be specified when 'hostNetwork' is true"))
			case spec.HostIPC && ns == "IPC":
				errs = append(errs, fInvalid(np, s.Name, "may not be specified when 'hostIPC' is true"))
			}
			names[s.Name] = true
		}
	}
	if f := sc.FSGroupChangePolicy; f != nil && *f != corev1.FSGroupChangeOnRootMismatch && *f != corev1.FSGroupChangeAlways {
		errs = append(errs, fNotSupported(p.c("fsGroupChangePolicy"), f, []string{"Always", "OnRootMismatch"}))
	}
	errs = vSeccompProfile(errs, p.c("seccompProfile"), sc.SeccompProfile)
	errs = vWindowsOptions(errs, p.c("windowsOptions"), sc.WindowsOptions)
	errs = vAppArmorProfile(errs, p.c("appArmorProfile"), sc.AppArmorProfile)
	if g := sc.SupplementalGroupsPolicy; g != nil && *g != corev1.SupplementalGroupsPolicyMerge && *g != corev1.SupplementalGroupsPolicyStrict {
		errs = append(errs, fNotSupported(p.c("supplementalGroupsPolicy"), g, []string{"Merge", "Strict"}))
	}
	// Without SELinuxMount (on from 1.37) only Recursive is allowed.
	if s := sc.SELinuxChangePolicy; s != nil && *s != corev1.SELinuxChangePolicyRecursive {
		if !o.SELinuxMount {
			errs = append(errs, fNotSupported(p.c("seLinuxChangePolicy"), *s, []string{"Recursive"}))
		} else if *s != corev1.SELinuxChangePolicyMountOption {
			errs = append(errs, fNotSupported(p.c("seLinuxChangePolicy"), *s, []string{"MountOption", "Recursive"}))
		}
	}
	return errs
}

var sysctlRegexp = regexp.MustCompile(`^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`)

// sysctlNamespace is sysctl.GetNamespace of component-helpers: "Net", "IPC" or "".
func sysctlNamespace(name string) string {
	if i := strings.IndexAny(name, "./"); i >= 0 && name[i] == '/' {
		name = strings.Map(func(r rune) rune {
			switch r {
			case '.':
				return '/'
			case '/':
				return '.'
			}
			return r
		}, name)
	}
	if i := strings.IndexByte(name, '*'); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", "kernel.shm",
		"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.msg":
		return "IPC"
	}
	switch {
	case strings.HasPrefix(name, "net."):
		return "Net"
	case strings.HasPrefix(name, "fs.mqueue."):
		return "IPC"
	}
	return ""
}

func vSeccompProfile(errs []Error, p fpath, sp *corev1.SeccompProfile) []Error {
	if sp == nil {
		return errs
	}
	switch sp.Type {
	case corev1.SeccompProfileTypeLocalhost, corev1.SeccompProfileTypeRuntimeDefault, corev1.SeccompProfileTypeUnconfined:
	case "":
		errs = append(errs, fRequired(p.c("type"), "type is required when seccompProfile is set"))
	default:
		errs = append(errs, fNotSupported(p.c("type"), sp.Type, []string{"Localhost", "RuntimeDefault", "Unconfined"}))
	}
	if sp.Type == corev1.SeccompProfileTypeLocalhost {
		if sp.LocalhostProfile == nil {
			errs = append(errs, fRequired(p.c("localhostProfile"), "must be set when seccomp type is Localhost"))
		} else {
			errs = vLocalDescendingPath(errs, p.c("localhostProfile"), *sp.LocalhostProfile)
		}
	} else if sp.LocalhostProfile != nil {
		// The server prints its internal type, without JSON tags.
		v := struct {
			Type             corev1.SeccompProfileType
			LocalhostProfile *string
		}{sp.Type, sp.LocalhostProfile}
		errs = append(errs, fInvalid(p.c("localhostProfile"), v, "can only be set when seccomp type is Localhost"))
	}
	return errs
}

func vAppArmorProfile(errs []Error, p fpath, ap *corev1.AppArmorProfile) []Error {
	if ap == nil {
		return errs
	}
	switch ap.Type {
	case corev1.AppArmorProfileTypeLocalhost:
		if ap.LocalhostProfile == nil {
			errs = append(errs, fRequired(p.c("localhostProfile"), "must be set when AppArmor type is Localhost"))
		} else {
			lp := *ap.LocalhostProfile
			t := strings.TrimSpace(lp)
			if t != lp {
				errs = append(errs, fInvalid(p.c("localhostProfile"), lp, "must not be padded with whitespace"))
			} else if t == "" {
				errs = append(errs, fRequired(p.c("localhostProfile"), "must be set when AppArmor type is Localhost"))
			}
			if len(lp) > 4095 {
				errs = append(errs, fTooLong(p.c("localhostProfile"), 4095))
			}
		}
	case corev1.AppArmorProfileTypeRuntimeDefault, corev1.AppArmorProfileTypeUnconfined:
		if ap.LocalhostProfile != nil {
			errs = append(errs, fInvalid(p.c("localhostProfile"), ap.LocalhostProfile, "can only be set when AppArmor type is Localhost"))
		}
	case "":
		errs = append(errs, fRequired(p.c("type"), "type is required when appArmorProfile is set"))
	default:
		errs = append(errs, fNotSupported(p.c("type"), ap.Type, []string{"Localhost", "RuntimeDefault", "Unconfined"}))
	}
	return errs
}

var (
	winCtrlRegex         = regexp.MustCompile(`[[:cntrl:]]+`)
	winNetBiosRegex      = regexp.MustCompile(`^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$`)
	winDomainDNSRegex    = regexp.MustCompile(`^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$`)
	winUserCharsRegex    = regexp.MustCompile(`["/\\:;|=,\+\*\?<>@\[\]]`)
	winUserDotsSpacesReg = regexp.MustCompile(`^[\. ]+$`)
)

func vWindowsOptions(errs []Error, p fpath, w *corev1.WindowsSecurityContextOptions) []Error {
	if w == nil {
		return errs
	}
	if n := w.GMSACredentialSpecName; n != nil {
		errs = fMsgs(errs, p.c("gmsaCredentialSpecName"), *n, validation.IsDNS1123Subdomain(*n))
	}
	if s := w.GMSACredentialSpec; s != nil {
		if len(*s) == 0 {
			errs = append(errs, fInvalid(p.c("gmsaCredentialSpec"), s, "gmsaCredentialSpec cannot be an empty string"))
		} else if len(*s) > 64*1024 {
			errs = append(errs, fInvalid(p.c("gmsaCredentialSpec"), s, "gmsaCredentialSpec size must be under 64 KiB"))
		}
	}
	if u := w.RunAsUserName; u != nil {
		up := p.c("runAsUserName")
		parts := strings.Split(*u, "\\")
		switch {
		case len(*u) == 0:
			errs = append(errs, fInvalid(up, u, "runAsUserName cannot be an empty string"))
		case winCtrlRegex.MatchString(*u):
			errs = append(errs, fInvalid(up, u, "runAsUserName cannot contain control characters"))
		case len(parts) > 2:
			errs = append(errs, fInvalid(up, u, "runAsUserName cannot contain more than one backslash"))
		default:
			hasDomain, domain, user := false, "", parts[0]
			if len(parts) == 2 {
				hasDomain, domain, user = true, parts[0], parts[1]
			}
			if len(domain) >= 256 {
				errs = append(errs, fInvalid(up, u, "runAsUserName's Domain length must be under 256 characters"))
			}
			if hasDomain && !(winNetBiosRegex.MatchString(domain) || winDomainDNSRegex.MatchString(domain)) {
				errs = append(errs, fInvalid(up, u, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"))
			}
			if len(user) == 0 {
				errs = append(errs, fInvalid(up, u, "runAsUserName's User cannot be empty"))
			} else if len(user) > 104 {
				errs = append(errs, fInvalid(up, u, "runAsUserName's User length must not be longer than 104 characters"))
			}
			if winUserDotsSpacesReg.MatchString(user) {
				errs = append(errs, fInvalid(up, u, `runAsUserName's User cannot contain only periods or spaces`))
			}
			if winUserCharsRegex.MatchString(user) {
				errs = append(errs, fInvalid(up, u, `runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]`))
			}
		}
	}
	return errs
}

func validateLinuxPod(errs []Error, p fpath, spec *corev1.PodSpec) []Error {
	if sc := spec.SecurityContext; sc != nil && sc.WindowsOptions != nil {
		errs = append(errs, fForbidden(p.c("securityContext").c("windowsOptions"), "windows options cannot be set for a linux pod"))
	}
	return visitContainers(errs, spec, p, func(errs []Error, c *corev1.Container, cp fpath) []Error {
		if c.SecurityContext != nil && c.SecurityContext.WindowsOptions != nil {
			errs = append(errs, fForbidden(cp.c("securityContext").c("windowsOptions"), "windows options cannot be set for a linux pod"))
		}
		return errs
	})
}

const notForWindows = "cannot be set for a windows pod"

func validateWindowsPod(errs []Error, p fpath, spec *corev1.PodSpec) []Error {
	if sc := spec.SecurityContext; sc != nil {
		sp := p.c("securityContext")
		for _, f := range []struct {
			at  fpath
			set bool
		}{
			{sp.c("appArmorProfile"), sc.AppArmorProfile != nil},
			{sp.c("seLinuxOptions"), sc.SELinuxOptions != nil},
			{p.c("hostUsers"), spec.HostUsers != nil},
			{p.c("hostPID"), spec.HostPID},
			{p.c("hostIPC"), spec.HostIPC},
			{sp.c("seccompProfile"), sc.SeccompProfile != nil},
			{sp.c("fsGroup"), sc.FSGroup != nil},
			{sp.c("fsGroupChangePolicy"), sc.FSGroupChangePolicy != nil},
			{sp.c("sysctls"), len(sc.Sysctls) > 0},
			{p.c("shareProcessNamespace"), spec.ShareProcessNamespace != nil},
			{sp.c("runAsUser"), sc.RunAsUser != nil},
			{sp.c("runAsGroup"), sc.RunAsGroup != nil},
			{sp.c("supplementalGroups"), sc.SupplementalGroups != nil},
			{sp.c("supplementalGroupsPolicy"), sc.SupplementalGroupsPolicy != nil},
			{sp.c("seLinuxChangePolicy"), sc.SELinuxChangePolicy != nil},
		} {
			if f.set {
				errs = append(errs, fForbidden(f.at, notForWindows))
			}
		}
	}
	return visitContainers(errs, spec, p, func(errs []Error, c *corev1.Container, cp fpath) []Error {
		sc := c.SecurityContext
		if sc == nil {
			return errs
		}
		sp := cp.c("securityContext")
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"appArmorProfile", sc.AppArmorProfile != nil},
			{"seLinuxOptions", sc.SELinuxOptions != nil},
			{"seccompProfile", sc.SeccompProfile != nil},
			{"capabilities", sc.Capabilities != nil},
			{"readOnlyRootFilesystem", sc.ReadOnlyRootFilesystem != nil},
			{"privileged", sc.Privileged != nil},
			{"allowPrivilegeEscalation", sc.AllowPrivilegeEscalation != nil},
			{"procMount", sc.ProcMount != nil},
			{"runAsUser", sc.RunAsUser != nil},
			{"runAsGroup", sc.RunAsGroup != nil},
		} {
			if f.set {
				errs = append(errs, fForbidden(sp.c(f.name), notForWindows))
			}
		}
		return errs
	})
}

// validateHostProcess is validateWindowsHostProcessPod, without the cluster-policy check
// (--allow-privileged, which lint cannot know).
func validateHostProcess(errs []Error, p fpath, spec *corev1.PodSpec) []Error {
	var podHP *bool
	if sc := spec.SecurityContext; sc != nil && sc.WindowsOptions != nil {
		podHP = sc.WindowsOptions.HostProcess
	}
	count, hpCount := 0, 0
	errs = visitContainers(errs, spec, p, func(errs []Error, c *corev1.Container, cp fpath) []Error {
		count++
		var hp *bool
		if c.SecurityContext != nil && c.SecurityContext.WindowsOptions != nil {
			hp = c.SecurityContext.WindowsOptions.HostProcess
		}
		if podHP != nil && hp != nil && *podHP != *hp {
			errs = append(errs, fInvalid(cp.c("securityContext").c("windowsOptions").c("hostProcess"), *hp, fmt.Sprintf("pod hostProcess value must be identical if both are specified, was %v", *podHP)))
		}
		if hp != nil && *hp || hp == nil && podHP != nil && *podHP {
			hpCount++
		}
		return errs
	})
	if hpCount > 0 {
		if hpCount != count {
			errs = append(errs, fInvalid(p, "", "If pod contains any hostProcess containers then all containers must be HostProcess containers"))
		}
		if !spec.HostNetwork {
			errs = append(errs, fInvalid(p.c("hostNetwork"), false, "hostNetwork must be true if pod contains any hostProcess containers"))
		}
	}
	return errs
}
