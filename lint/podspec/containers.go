package podspec

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kubectl-batch/kubectl-batch/lint/internal/fastvalid"
)

// validateContainers appends the errors of AreaContainers to errs.
//
// A cheap check vouches for the common, plainly valid containers without allocating; anything
// it cannot vouch for goes through the full checks of containers_validate.go, which mirror the
// server's.
func validateContainers(spec *corev1.PodSpec, path string, errs []Error, o *Options) []Error {
	if ctrAllSimple(spec, path, o) {
		return errs
	}
	return ctrToErrors(errs, ctrValidateAll(spec, path, o))
}

// validateContainerSecurity appends the errors of the containers' securityContext to errs
// (container_security.go).
func validateContainerSecurity(spec *corev1.PodSpec, path string, errs []Error) []Error {
	if csAllSimple(spec) {
		return errs
	}
	return csValidateAll(spec, path, errs)
}

// ctrAllSimple reports whether every container is certainly valid for AreaContainers.
func ctrAllSimple(spec *corev1.PodSpec, path string, o *Options) bool {
	if len(spec.EphemeralContainers) > 0 {
		return false
	}
	mounts := false
	for i := range spec.Containers {
		c := &spec.Containers[i]
		if c.RestartPolicy != nil || len(c.RestartPolicyRules) > 0 || !ctrSimple(c, spec) {
			return false
		}
		mounts = mounts || len(c.VolumeMounts) > 0
	}
	for i := range spec.InitContainers {
		c := &spec.InitContainers[i]
		if c.RestartPolicy != nil && *c.RestartPolicy != corev1.ContainerRestartPolicyAlways || len(c.RestartPolicyRules) > 0 || !ctrSimple(c, spec) {
			return false
		}
		mounts = mounts || len(c.VolumeMounts) > 0
	}
	// mounts may only name volumes the server accepts
	return !mounts || validateVolumes(spec, path, nil, o) == nil
}

// ctrSimple: no probes, lifecycle, devices, resize policy, host ports or other rarities, and
// plainly valid ports, env, envFrom, resources and mounts.
func ctrSimple(c *corev1.Container, spec *corev1.PodSpec) bool {
	if c.Lifecycle != nil || c.LivenessProbe != nil || c.ReadinessProbe != nil || c.StartupProbe != nil ||
		len(c.VolumeDevices) > 0 || len(c.ResizePolicy) > 0 || len(c.Resources.Claims) > 0 {
		return false
	}
	if c.TerminationMessagePolicy != corev1.TerminationMessageReadFile && c.TerminationMessagePolicy != corev1.TerminationMessageFallbackToLogsOnError {
		return false
	}
	for i := range c.Ports {
		p := &c.Ports[i]
		if p.ContainerPort < 1 || p.ContainerPort > 65535 || p.HostPort != 0 ||
			p.Protocol != corev1.ProtocolTCP && p.Protocol != corev1.ProtocolUDP && p.Protocol != corev1.ProtocolSCTP {
			return false
		}
		if p.Name != "" {
			if !ctrSimplePortName(p.Name) {
				return false
			}
			for j := 0; j < i; j++ {
				if c.Ports[j].Name == p.Name {
					return false
				}
			}
		}
	}
	for i := range c.Env {
		if !ctrSimpleEnv(&c.Env[i]) {
			return false
		}
	}
	for i := range c.EnvFrom {
		e := &c.EnvFrom[i]
		if e.Prefix != "" && !ctrSimpleEnvName(e.Prefix) {
			return false
		}
		switch {
		case e.ConfigMapRef != nil && e.SecretRef == nil:
			if !fastvalid.DNSSubdomain(e.ConfigMapRef.Name) {
				return false
			}
		case e.SecretRef != nil && e.ConfigMapRef == nil:
			if !fastvalid.DNSSubdomain(e.SecretRef.Name) {
				return false
			}
		default:
			return false
		}
	}
	if !ctrSimpleResources(&c.Resources) {
		return false
	}
	for i := range c.VolumeMounts {
		m := &c.VolumeMounts[i]
		if m.Name == "" || m.MountPath == "" || m.MountPropagation != nil || m.RecursiveReadOnly != nil || m.SubPathExpr != "" ||
			m.SubPath != "" && !ctrSimpleSubPath(m.SubPath) {
			return false
		}
		found := false
		for j := range spec.Volumes {
			if spec.Volumes[j].Name == m.Name {
				found = true
				break
			}
		}
		if !found {
			return false
		}
		for j := 0; j < i; j++ {
			if c.VolumeMounts[j].MountPath == m.MountPath {
				return false
			}
		}
	}
	return true
}

func ctrSimpleResources(r *corev1.ResourceRequirements) bool {
	for name, q := range r.Limits {
		if !ctrSimpleResourceName(name) || q.Sign() < 0 {
			return false
		}
	}
	for name, q := range r.Requests {
		if !ctrSimpleResourceName(name) || q.Sign() < 0 {
			return false
		}
		// rounding up to milli precision keeps the order, so request <= limit stays true
		if lim, ok := r.Limits[name]; ok && ctrCmp(&q, &lim) > 0 {
			return false
		}
	}
	return true
}

func ctrCmp(a, b *resource.Quantity) int { return a.Cmp(*b) }

func ctrSimpleResourceName(n corev1.ResourceName) bool {
	return n == corev1.ResourceCPU || n == corev1.ResourceMemory || n == corev1.ResourceEphemeralStorage
}

var ctrSimpleEnvFieldPaths = [...]string{"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
	"spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"}

func ctrSimpleEnv(e *corev1.EnvVar) bool {
	if !ctrSimpleEnvName(e.Name) {
		return false
	}
	vf := e.ValueFrom
	if vf == nil {
		return true
	}
	if e.Value != "" || vf.ResourceFieldRef != nil || vf.FileKeyRef != nil {
		return false
	}
	switch {
	case vf.SecretKeyRef != nil && vf.ConfigMapKeyRef == nil && vf.FieldRef == nil:
		return fastvalid.DNSSubdomain(vf.SecretKeyRef.Name) && ctrSimpleConfigKey(vf.SecretKeyRef.Key)
	case vf.ConfigMapKeyRef != nil && vf.SecretKeyRef == nil && vf.FieldRef == nil:
		return fastvalid.DNSSubdomain(vf.ConfigMapKeyRef.Name) && ctrSimpleConfigKey(vf.ConfigMapKeyRef.Key)
	case vf.FieldRef != nil && vf.SecretKeyRef == nil && vf.ConfigMapKeyRef == nil:
		if vf.FieldRef.APIVersion != "" && vf.FieldRef.APIVersion != "v1" {
			return false
		}
		for _, p := range ctrSimpleEnvFieldPaths {
			if vf.FieldRef.FieldPath == p {
				return true
			}
		}
	}
	return false
}

// ctrSimpleEnvName: printable ASCII other than '=' (the relaxed rule on in 1.35).
func ctrSimpleEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '=' {
			return false
		}
	}
	return true
}

// ctrSimpleConfigKey: [-._a-zA-Z0-9]+, at most 253 characters, not starting with "..", not ".".
func ctrSimpleConfigKey(s string) bool {
	if s == "" || len(s) > 253 || s == "." || len(s) >= 2 && s[0] == '.' && s[1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// ctrSimplePortName: 1-15 of a-z, 0-9 and single inner '-', with a letter.
func ctrSimplePortName(s string) bool {
	if s == "" || len(s) > 15 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			letter = true
		case c >= '0' && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return letter
}

// ctrSimpleSubPath: relative, and no ".." anywhere.
func ctrSimpleSubPath(s string) bool {
	if s[0] == '/' {
		return false
	}
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == '.' {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			return false
		}
	}
	return true
}
