package podspec

// The full checks of AreaContainers, in the API server's order and words (k8s.io/kubernetes
// pkg/apis/core/validation: validateContainers, validateInitContainers, validateContainerCommon
// and what they call, with the PodValidationOptions of a Job or CronJob create in v1.35). They
// run only when the fast check of containers.go cannot vouch for the containers, so they build
// field paths freely.

import (
	"fmt"
	pathpkg "path"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
)

// ctrToErrors appends the field errors to errs in the package's form.
func ctrToErrors(errs []Error, list field.ErrorList) []Error {
	for _, e := range list {
		errs = append(errs, Error{Path: e.Field, Detail: e.ErrorBody()})
	}
	return errs
}

// ctrValidVolumes returns the volumes the server's ValidateVolumes accepts, by name: a volume
// with any error of its own is left out, so mounts naming it are "Not found" as on the server.
func ctrValidVolumes(spec *corev1.PodSpec, path string, o *Options) map[string]*corev1.VolumeSource {
	vols := make(map[string]*corev1.VolumeSource, len(spec.Volumes))
	if len(spec.Volumes) == 0 {
		return vols
	}
	invalid := map[int]bool{}
	prefix := path + ".volumes["
	for _, e := range validateVolumes(spec, path, nil, o) {
		if rest, ok := strings.CutPrefix(e.Path, prefix); ok {
			if end := strings.IndexByte(rest, ']'); end > 0 {
				if i, err := strconv.Atoi(rest[:end]); err == nil {
					invalid[i] = true
				}
			}
		}
	}
	for i := range spec.Volumes {
		v := &spec.Volumes[i]
		if invalid[i] {
			continue
		}
		if _, dup := vols[v.Name]; dup {
			continue // the server reports the duplicate name and keeps the first
		}
		vols[v.Name] = &v.VolumeSource
	}
	return vols
}

// ctrEffectiveLifecycle returns the lifecycle the server validates: the ContainerStopSignals
// gate is off by default in 1.35, so stopSignal is dropped, and a lifecycle holding nothing else
// is dropped with it.
func ctrEffectiveLifecycle(lc *corev1.Lifecycle) *corev1.Lifecycle {
	if lc != nil && lc.StopSignal != nil && lc.PostStart == nil && lc.PreStop == nil {
		return nil
	}
	return lc
}

// ctrValidateAll runs every check of AreaContainers.
func ctrValidateAll(spec *corev1.PodSpec, path string, o *Options) field.ErrorList {
	root := field.NewPath(path)
	vols := ctrValidVolumes(spec, path, o)
	claimNames := sets.Set[string]{}
	for _, c := range spec.ResourceClaims {
		if c.Name != "" {
			claimNames.Insert(c.Name)
		}
	}
	grace := spec.TerminationGracePeriodSeconds
	var all field.ErrorList

	if len(spec.Containers) > 0 {
		fld := root.Child("containers")
		for i := range spec.Containers {
			c := &spec.Containers[i]
			p := fld.Index(i)
			all = append(all, ctrCommon(c, vols, claimNames, p, spec.RestartPolicy)...)
			if lc := ctrEffectiveLifecycle(c.Lifecycle); lc != nil {
				all = append(all, ctrLifecycle(lc, grace, p.Child("lifecycle"), o)...)
			}
			all = append(all, ctrLivenessProbe(c.LivenessProbe, p.Child("livenessProbe"))...)
			all = append(all, ctrReadinessProbe(c.ReadinessProbe, p.Child("readinessProbe"))...)
			all = append(all, ctrStartupProbe(c.StartupProbe, p.Child("startupProbe"))...)
			if o.LegacyContainerRestartPolicy {
				if c.RestartPolicy != nil {
					all = append(all, field.Forbidden(p.Child("restartPolicy"), "may not be set for non-init containers"))
				}
			} else {
				all = append(all, ctrRestartPolicy(c.RestartPolicy, c.RestartPolicyRules, p, o)...)
			}
		}
		all = append(all, ctrHostPortConflicts(spec.Containers, fld)...)
	}

	fld := root.Child("initContainers")
	for i := range spec.InitContainers {
		c := &spec.InitContainers[i]
		p := fld.Index(i)
		all = append(all, ctrCommon(c, vols, claimNames, p, spec.RestartPolicy)...)
		sidecar := c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
		if o.LegacyContainerRestartPolicy {
			if c.RestartPolicy != nil && !sidecar {
				all = append(all, field.NotSupported(p.Child("restartPolicy"), *c.RestartPolicy, []corev1.ContainerRestartPolicy{corev1.ContainerRestartPolicyAlways}))
			}
		} else {
			all = append(all, ctrInitRestartPolicy(c.RestartPolicy, c.RestartPolicyRules, p, o)...)
		}
		if o.NonSidecarInitResizeRestart && !sidecar {
			for j, rp := range c.ResizePolicy {
				if rp.RestartPolicy == corev1.RestartContainer {
					all = append(all, field.Invalid(p.Child("resizePolicy").Index(j).Child("restartPolicy"), rp.RestartPolicy, "must not be set to 'RestartContainer' for non-sidecar initContainers"))
				}
			}
		}
		all = append(all, ctrHostPortConflicts(spec.InitContainers[i:i+1], fld)...)
		lc := ctrEffectiveLifecycle(c.Lifecycle)
		if sidecar {
			if lc != nil {
				all = append(all, ctrLifecycle(lc, grace, p.Child("lifecycle"), o)...)
			}
			all = append(all, ctrLivenessProbe(c.LivenessProbe, p.Child("livenessProbe"))...)
			all = append(all, ctrReadinessProbe(c.ReadinessProbe, p.Child("readinessProbe"))...)
			all = append(all, ctrStartupProbe(c.StartupProbe, p.Child("startupProbe"))...)
			continue
		}
		const msg = "may not be set for init containers without restartPolicy=Always"
		if lc != nil {
			all = append(all, field.Forbidden(p.Child("lifecycle"), msg))
		}
		if c.LivenessProbe != nil {
			all = append(all, field.Forbidden(p.Child("livenessProbe"), msg))
		}
		if c.ReadinessProbe != nil {
			all = append(all, field.Forbidden(p.Child("readinessProbe"), msg))
		}
		if c.StartupProbe != nil {
			all = append(all, field.Forbidden(p.Child("startupProbe"), msg))
		}
	}

	all = append(all, ctrFileKeyRefVolumes(spec, root)...)
	all = append(all, ctrEphemeral(spec, root, vols, claimNames)...)
	return all
}

// ctrCommon is validateContainerCommon without the name, image, imagePullPolicy and
// securityContext checks (other rules report those).
func ctrCommon(c *corev1.Container, vols map[string]*corev1.VolumeSource, claimNames sets.Set[string], p *field.Path, podRestart corev1.RestartPolicy) field.ErrorList {
	var all field.ErrorList
	switch c.TerminationMessagePolicy {
	case corev1.TerminationMessageReadFile, corev1.TerminationMessageFallbackToLogsOnError:
	case "":
		all = append(all, field.Required(p.Child("terminationMessagePolicy"), ""))
	default:
		all = append(all, field.NotSupported(p.Child("terminationMessagePolicy"), c.TerminationMessagePolicy,
			[]corev1.TerminationMessagePolicy{corev1.TerminationMessageReadFile, corev1.TerminationMessageFallbackToLogsOnError}))
	}
	all = append(all, ctrPorts(c.Ports, p.Child("ports"))...)
	all = append(all, ctrEnv(c.Env, p.Child("env"))...)
	all = append(all, ctrEnvFrom(c.EnvFrom, p.Child("envFrom"))...)
	all = append(all, ctrVolumeMounts(c, vols, p.Child("volumeMounts"))...)
	all = append(all, ctrVolumeDevices(c, vols, p.Child("volumeDevices"))...)
	all = append(all, ctrResources(&c.Resources, claimNames, p.Child("resources"))...)
	all = append(all, ctrResizePolicy(c.ResizePolicy, p.Child("resizePolicy"), podRestart)...)
	return all
}

var ctrPortProtocols = []corev1.Protocol{corev1.ProtocolSCTP, corev1.ProtocolTCP, corev1.ProtocolUDP}

func ctrPorts(ports []corev1.ContainerPort, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	names := sets.Set[string]{}
	for i, port := range ports {
		p := fld.Index(i)
		if port.Name != "" {
			if msgs := validation.IsValidPortName(port.Name); len(msgs) != 0 {
				for _, m := range msgs {
					all = append(all, field.Invalid(p.Child("name"), port.Name, m))
				}
			} else if names.Has(port.Name) {
				all = append(all, field.Duplicate(p.Child("name"), port.Name))
			} else {
				names.Insert(port.Name)
			}
		}
		if port.ContainerPort == 0 {
			all = append(all, field.Required(p.Child("containerPort"), ""))
		} else {
			for _, m := range validation.IsValidPortNum(int(port.ContainerPort)) {
				all = append(all, field.Invalid(p.Child("containerPort"), port.ContainerPort, m))
			}
		}
		if port.HostPort != 0 {
			for _, m := range validation.IsValidPortNum(int(port.HostPort)) {
				all = append(all, field.Invalid(p.Child("hostPort"), port.HostPort, m))
			}
		}
		switch port.Protocol {
		case corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP:
		case "":
			all = append(all, field.Required(p.Child("protocol"), ""))
		default:
			all = append(all, field.NotSupported(p.Child("protocol"), port.Protocol, ctrPortProtocols))
		}
	}
	return all
}

// ctrHostPortConflicts is checkHostPortConflicts: a protocol/hostIP/hostPort used twice.
func ctrHostPortConflicts(list []corev1.Container, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	seen := map[string]bool{}
	for ci := range list {
		for pi, port := range list[ci].Ports {
			if port.HostPort == 0 {
				continue
			}
			key := fmt.Sprintf("%s/%s/%d", port.Protocol, port.HostIP, port.HostPort)
			if seen[key] {
				all = append(all, field.Duplicate(fld.Index(ci).Child("ports").Index(pi).Child("hostPort"), key))
			} else {
				seen[key] = true
			}
		}
	}
	return all
}

func ctrEnv(vars []corev1.EnvVar, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	for i := range vars {
		ev := &vars[i]
		p := fld.Index(i)
		if ev.Name == "" {
			all = append(all, field.Required(p.Child("name"), ""))
		} else {
			for _, m := range validation.IsRelaxedEnvVarName(ev.Name) {
				all = append(all, field.Invalid(p.Child("name"), ev.Name, m))
			}
		}
		all = append(all, ctrEnvValueFrom(ev, p.Child("valueFrom"))...)
	}
	return all
}

var ctrEnvFieldPaths = sets.New(
	"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
	"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs")

func ctrEnvValueFrom(ev *corev1.EnvVar, fld *field.Path) field.ErrorList {
	vf := ev.ValueFrom
	if vf == nil {
		return nil
	}
	var all field.ErrorList
	n := 0
	if vf.FieldRef != nil {
		n++
		all = append(all, objectFieldSelector(vf.FieldRef, ctrEnvFieldPaths, fld.Child("fieldRef"))...)
	}
	if vf.ResourceFieldRef != nil {
		n++
		all = append(all, resourceFieldSelector(vf.ResourceFieldRef, false, fld.Child("resourceFieldRef"))...)
	}
	if vf.ConfigMapKeyRef != nil {
		n++
		all = append(all, ctrKeySelector(vf.ConfigMapKeyRef.Name, vf.ConfigMapKeyRef.Key, fld.Child("configMapKeyRef"))...)
	}
	if vf.SecretKeyRef != nil {
		n++
		all = append(all, ctrKeySelector(vf.SecretKeyRef.Name, vf.SecretKeyRef.Key, fld.Child("secretKeyRef"))...)
	}
	if vf.FileKeyRef != nil {
		n++
		all = append(all, ctrFileKeySelector(vf.FileKeyRef, fld.Child("fileKeyRef"))...)
	}
	switch {
	case n == 0:
		all = append(all, field.Invalid(fld, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`"))
	case ev.Value != "":
		all = append(all, field.Invalid(fld, "", "may not be specified when `value` is not empty"))
	case n > 1:
		all = append(all, field.Invalid(fld, "", "may not have more than one field specified at a time"))
	}
	return all
}

// ctrKeySelector checks a configMapKeyRef or secretKeyRef.
func ctrKeySelector(name, key string, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	for _, m := range apimachineryvalidation.NameIsDNSSubdomain(name, false) {
		all = append(all, field.Invalid(fld.Child("name"), name, m))
	}
	if key == "" {
		all = append(all, field.Required(fld.Child("key"), ""))
	} else {
		for _, m := range validation.IsConfigMapKey(key) {
			all = append(all, field.Invalid(fld.Child("key"), key, m))
		}
	}
	return all
}

func ctrFileKeySelector(s *corev1.FileKeySelector, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	if s.Key == "" {
		all = append(all, field.Required(fld.Child("key"), ""))
	} else {
		for _, m := range validation.IsRelaxedEnvVarName(s.Key) {
			all = append(all, field.Invalid(fld.Child("key"), s.Key, m))
		}
	}
	if s.VolumeName == "" {
		all = append(all, field.Required(fld.Child("volumeName"), ""))
	} else {
		for _, m := range validation.IsDNS1123Label(s.VolumeName) {
			all = append(all, field.Invalid(fld.Child("volumeName"), s.VolumeName, m))
		}
	}
	if s.Path == "" {
		all = append(all, field.Required(fld.Child("path"), ""))
	} else {
		all = append(all, ctrNoBacksteps(s.Path, fld.Child("path"))...)
	}
	return all
}

// ctrFileKeyRefVolumes is validateFileKeyRefVolumes: a fileKeyRef names an emptyDir volume of
// the pod (a volume without a source is defaulted to emptyDir).
func ctrFileKeyRefVolumes(spec *corev1.PodSpec, root *field.Path) field.ErrorList {
	var all field.ErrorList
	check := func(list []corev1.Container, fld *field.Path) {
		for i := range list {
			for j, ev := range list[i].Env {
				if ev.ValueFrom == nil || ev.ValueFrom.FileKeyRef == nil {
					continue
				}
				name := ev.ValueFrom.FileKeyRef.VolumeName
				p := fld.Index(i).Child("env").Index(j).Child("valueFrom", "fileKeyRef", "volumeName")
				var src *corev1.VolumeSource
				for k := range spec.Volumes {
					if spec.Volumes[k].Name == name {
						src = &spec.Volumes[k].VolumeSource // the last one wins, as in the server's map
					}
				}
				switch {
				case src == nil:
					all = append(all, field.NotFound(p, name))
				case src.EmptyDir == nil && !ptr.AllPtrFieldsNil(src):
					all = append(all, field.Invalid(p, name, "referenced volume must be of type emptyDir"))
				}
			}
		}
	}
	check(spec.Containers, root.Child("containers"))
	check(spec.InitContainers, root.Child("initContainers"))
	return all
}

func ctrEnvFrom(vars []corev1.EnvFromSource, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	for i, ev := range vars {
		p := fld.Index(i)
		if ev.Prefix != "" {
			for _, m := range validation.IsRelaxedEnvVarName(ev.Prefix) {
				all = append(all, field.Invalid(p.Child("prefix"), ev.Prefix, m))
			}
		}
		n := 0
		if ev.ConfigMapRef != nil {
			n++
			all = append(all, ctrEnvSourceName(ev.ConfigMapRef.Name, p.Child("configMapRef"))...)
		}
		if ev.SecretRef != nil {
			n++
			all = append(all, ctrEnvSourceName(ev.SecretRef.Name, p.Child("secretRef"))...)
		}
		if n == 0 {
			all = append(all, field.Invalid(fld, "", "must specify one of: `configMapRef` or `secretRef`"))
		} else if n > 1 {
			all = append(all, field.Invalid(fld, "", "may not have more than one field specified at a time"))
		}
	}
	return all
}

func ctrEnvSourceName(name string, fld *field.Path) field.ErrorList {
	if name == "" {
		return field.ErrorList{field.Required(fld.Child("name"), "")}
	}
	var all field.ErrorList
	for _, m := range apimachineryvalidation.NameIsDNSSubdomain(name, true) {
		all = append(all, field.Invalid(fld.Child("name"), name, m))
	}
	return all
}

// ctrNoBacksteps is validatePathNoBacksteps (hasBackstep) for the field.ErrorList checks.
func ctrNoBacksteps(target string, fld *field.Path) field.ErrorList {
	if hasBackstep(target) {
		return field.ErrorList{field.Invalid(fld, target, "must not contain '..'")}
	}
	return nil
}

// ctrLocalDescendingPath is validateLocalDescendingPath: relative, without "..".
func ctrLocalDescendingPath(target string, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	if pathpkg.IsAbs(target) {
		all = append(all, field.Invalid(fld, target, "must be a relative path"))
	}
	return append(all, ctrNoBacksteps(target, fld)...)
}

func ctrVolumeMounts(c *corev1.Container, vols map[string]*corev1.VolumeSource, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	// the server's map of device name -> path: the last device of a name wins
	devPaths := map[string]string{}
	for _, d := range c.VolumeDevices {
		devPaths[d.Name] = d.DevicePath
	}
	mountpoints := sets.Set[string]{}
	for i, mnt := range c.VolumeMounts {
		p := fld.Index(i)
		if mnt.Name == "" {
			all = append(all, field.Required(p.Child("name"), ""))
		}
		if _, ok := vols[mnt.Name]; !ok {
			all = append(all, field.NotFound(p.Child("name"), mnt.Name))
		}
		if mnt.MountPath == "" {
			all = append(all, field.Required(p.Child("mountPath"), ""))
		}
		if mountpoints.Has(mnt.MountPath) {
			all = append(all, field.Invalid(p.Child("mountPath"), mnt.MountPath, "must be unique"))
		}
		mountpoints.Insert(mnt.MountPath)
		if _, ok := devPaths[mnt.Name]; ok {
			all = append(all, field.Invalid(p.Child("name"), mnt.Name, "must not already exist in volumeDevices"))
		}
		for _, dp := range devPaths {
			if dp == mnt.MountPath {
				all = append(all, field.Invalid(p.Child("mountPath"), mnt.MountPath, "must not already exist as a path in volumeDevices"))
				break
			}
		}
		// (sic) the server names these fields without the mount's index
		if mnt.SubPath != "" {
			all = append(all, ctrLocalDescendingPath(mnt.SubPath, fld.Child("subPath"))...)
		}
		if mnt.SubPathExpr != "" {
			if mnt.SubPath != "" {
				all = append(all, field.Invalid(p.Child("subPathExpr"), mnt.SubPathExpr, "subPathExpr and subPath are mutually exclusive"))
			}
			all = append(all, ctrLocalDescendingPath(mnt.SubPathExpr, fld.Child("subPathExpr"))...)
		}
		if mnt.MountPropagation != nil {
			mp := *mnt.MountPropagation
			pp := fld.Child("mountPropagation")
			switch mp {
			case corev1.MountPropagationBidirectional, corev1.MountPropagationHostToContainer, corev1.MountPropagationNone:
			default:
				all = append(all, field.NotSupported(pp, mp, []corev1.MountPropagationMode{
					corev1.MountPropagationBidirectional, corev1.MountPropagationHostToContainer, corev1.MountPropagationNone}))
			}
			privileged := c.SecurityContext != nil && c.SecurityContext.Privileged != nil && *c.SecurityContext.Privileged
			if mp == corev1.MountPropagationBidirectional && !privileged {
				all = append(all, field.Forbidden(pp, "Bidirectional mount propagation is available only to privileged containers"))
			}
		}
		if mnt.RecursiveReadOnly != nil {
			rp := fld.Child("recursiveReadOnly")
			switch *mnt.RecursiveReadOnly {
			case corev1.RecursiveReadOnlyDisabled:
			case corev1.RecursiveReadOnlyEnabled, corev1.RecursiveReadOnlyIfPossible:
				if !mnt.ReadOnly {
					all = append(all, field.Forbidden(rp, "may only be specified when readOnly is true"))
				}
				if mnt.MountPropagation != nil && *mnt.MountPropagation != corev1.MountPropagationNone {
					all = append(all, field.Forbidden(rp, "may only be specified when mountPropagation is None or not specified"))
				}
			default:
				all = append(all, field.NotSupported(rp, *mnt.RecursiveReadOnly, []corev1.RecursiveReadOnlyMode{
					corev1.RecursiveReadOnlyDisabled, corev1.RecursiveReadOnlyEnabled, corev1.RecursiveReadOnlyIfPossible}))
			}
		}
	}
	return all
}

func ctrVolumeDevices(c *corev1.Container, vols map[string]*corev1.VolumeSource, fld *field.Path) field.ErrorList {
	if len(c.VolumeDevices) == 0 {
		return nil
	}
	var all field.ErrorList
	mountPaths := map[string]string{} // the server's map of mount name -> path
	for _, m := range c.VolumeMounts {
		mountPaths[m.Name] = m.MountPath
	}
	devicePaths := sets.Set[string]{}
	deviceNames := sets.Set[string]{}
	for i, dev := range c.VolumeDevices {
		p := fld.Index(i)
		src, matched := vols[dev.Name]
		if dev.Name == "" {
			all = append(all, field.Required(p.Child("name"), ""))
		}
		if deviceNames.Has(dev.Name) {
			all = append(all, field.Invalid(p.Child("name"), dev.Name, "must be unique"))
		}
		if matched && src.PersistentVolumeClaim == nil && src.Ephemeral == nil {
			all = append(all, field.Invalid(p.Child("name"), dev.Name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"))
		}
		if !matched {
			all = append(all, field.NotFound(p.Child("name"), dev.Name))
		}
		if dev.DevicePath == "" {
			all = append(all, field.Required(p.Child("devicePath"), ""))
		}
		if devicePaths.Has(dev.DevicePath) {
			all = append(all, field.Invalid(p.Child("devicePath"), dev.DevicePath, "must be unique"))
		}
		if dev.DevicePath != "" && len(ctrNoBacksteps(dev.DevicePath, p)) > 0 {
			all = append(all, field.Invalid(p.Child("devicePath"), dev.DevicePath, "can not contain backsteps ('..')"))
		} else {
			devicePaths.Insert(dev.DevicePath)
		}
		if _, ok := mountPaths[dev.Name]; ok {
			all = append(all, field.Invalid(p.Child("name"), dev.Name, "must not already exist in volumeMounts"))
		}
		for _, mp := range mountPaths {
			if mp == dev.DevicePath {
				all = append(all, field.Invalid(p.Child("devicePath"), dev.DevicePath, "must not already exist as a path in volumeMounts"))
				break
			}
		}
		if dev.Name != "" {
			deviceNames.Insert(dev.Name)
		}
	}
	return all
}

// Resource names (k8s.io/kubernetes pkg/apis/core/helper).

func ctrIsHugePages(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

func ctrIsNativeResource(name corev1.ResourceName) bool {
	return !strings.Contains(string(name), "/") || strings.Contains(string(name), "kubernetes.io/")
}

func ctrIsExtendedResource(name corev1.ResourceName) bool {
	if ctrIsNativeResource(name) || strings.HasPrefix(string(name), "requests.") {
		return false
	}
	return len(validation.IsQualifiedName("requests."+string(name))) == 0
}

func ctrIsOvercommitAllowed(name corev1.ResourceName) bool {
	return ctrIsNativeResource(name) && !ctrIsHugePages(name)
}

// ctrStandardResources are the standard resource names (IsStandardResourceName), for containers,
// pod-level resources and overhead.
var ctrStandardResources = sets.New[corev1.ResourceName](
	"cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
	"limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services",
	"replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "storage",
	"requests.storage", "services.nodeports", "services.loadbalancers")

var ctrIntegerResources = sets.New[corev1.ResourceName](
	"pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
	"persistentvolumeclaims", "services.nodeports", "services.loadbalancers")

// ctrResourceName is validateContainerResourceName.
func ctrResourceName(name corev1.ResourceName, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	for _, m := range validation.IsQualifiedName(string(name)) {
		all = append(all, field.Invalid(fld, name, m))
	}
	if len(all) == 0 && !strings.Contains(string(name), "/") {
		if !ctrStandardResources.Has(name) && !ctrIsHugePages(name) && !strings.HasPrefix(string(name), "requests.hugepages-") {
			all = append(all, field.Invalid(fld, name, "must be a standard resource type or fully qualified"))
		}
	}
	if !strings.Contains(string(name), "/") {
		if name != corev1.ResourceCPU && name != corev1.ResourceMemory && name != corev1.ResourceEphemeralStorage && !ctrIsHugePages(name) {
			all = append(all, field.Invalid(fld, name, "must be a standard resource for containers"))
		}
	} else if !ctrIsNativeResource(name) && !ctrIsExtendedResource(name) {
		all = append(all, field.Invalid(fld, name, "doesn't follow extended resource name standard"))
	}
	return all
}

// ctrQuantityValue is ValidateResourceQuantityValue.
func ctrQuantityValue(name corev1.ResourceName, q resource.Quantity, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	if q.Cmp(resource.Quantity{}) < 0 {
		all = append(all, field.Invalid(fld, q.String(), apimachineryvalidation.IsNegativeErrorMsg))
	}
	if ctrIntegerResources.Has(name) || ctrIsExtendedResource(name) {
		if q.MilliValue()%1000 != 0 {
			all = append(all, field.Invalid(fld, q, "must be an integer"))
		}
	}
	return all
}

func ctrHugePagesDivisible(name corev1.ResourceName, q resource.Quantity) error {
	page, err := resource.ParseQuantity(strings.TrimPrefix(string(name), corev1.ResourceHugePagesPrefix))
	if err != nil || page.Sign() <= 0 || page.MilliValue()%1000 != 0 || q.Value()%page.Value() != 0 {
		return fmt.Errorf("%s is not positive integer multiple of %s", q.String(), name)
	}
	return nil
}

// ctrRounded returns the list as the server's defaulting leaves it: every quantity rounded up
// to milli precision.
func ctrRounded(list corev1.ResourceList) corev1.ResourceList {
	if list == nil {
		return nil
	}
	out := make(corev1.ResourceList, len(list))
	for k, v := range list {
		v = v.DeepCopy()
		v.RoundUp(-3)
		out[k] = v
	}
	return out
}

func ctrResources(req *corev1.ResourceRequirements, claimNames sets.Set[string], fld *field.Path) field.ErrorList {
	var all field.ErrorList
	limPath, reqPath := fld.Child("limits"), fld.Child("requests")
	limits, requests := ctrRounded(req.Limits), ctrRounded(req.Requests)
	limCPUMem, reqCPUMem, limHuge, reqHuge := false, false, false, false
	for _, name := range sortedResourceNames(limits) {
		q := limits[name]
		p := limPath.Key(string(name))
		all = append(all, ctrResourceName(name, p)...)
		all = append(all, ctrQuantityValue(name, q, p)...)
		if ctrIsHugePages(name) {
			limHuge = true
			if err := ctrHugePagesDivisible(name, q); err != nil {
				all = append(all, field.Invalid(p, q.String(), err.Error()))
			}
		}
		if name == corev1.ResourceCPU || name == corev1.ResourceMemory {
			limCPUMem = true
		}
	}
	for _, name := range sortedResourceNames(requests) {
		q := requests[name]
		p := reqPath.Key(string(name))
		all = append(all, ctrResourceName(name, p)...)
		all = append(all, ctrQuantityValue(name, q, p)...)
		if lim, ok := limits[name]; ok {
			if q.Cmp(lim) != 0 && !ctrIsOvercommitAllowed(name) {
				all = append(all, field.Invalid(reqPath, q.String(), fmt.Sprintf("must be equal to %s limit of %s", name, lim.String())))
			} else if q.Cmp(lim) > 0 {
				all = append(all, field.Invalid(reqPath, q.String(), fmt.Sprintf("must be less than or equal to %s limit of %s", name, lim.String())))
			}
		} else if !ctrIsOvercommitAllowed(name) {
			all = append(all, field.Required(limPath, "Limit must be set for non overcommitable resources"))
		}
		if ctrIsHugePages(name) {
			reqHuge = true
			if err := ctrHugePagesDivisible(name, q); err != nil {
				all = append(all, field.Invalid(p, q.String(), err.Error()))
			}
		}
		if name == corev1.ResourceCPU || name == corev1.ResourceMemory {
			reqCPUMem = true
		}
	}
	if !limCPUMem && !reqCPUMem && (reqHuge || limHuge) {
		all = append(all, field.Forbidden(fld, "HugePages require cpu or memory"))
	}
	return append(all, ctrClaims(req.Claims, claimNames, fld.Child("claims"))...)
}

// ctrClaims is validateResourceClaimNames.
func ctrClaims(claims []corev1.ResourceClaim, podClaims sets.Set[string], fld *field.Path) field.ErrorList {
	var all field.ErrorList
	names := sets.Set[string]{}
	for i, claim := range claims {
		p := fld.Index(i)
		name := claim.Name
		if name == "" {
			all = append(all, field.Required(p, ""))
			continue
		}
		if names.Has(name) {
			all = append(all, field.Duplicate(p, name))
		} else {
			key := name
			if claim.Request != "" {
				for _, m := range validation.IsDNS1123Label(claim.Request) {
					all = append(all, field.Invalid(p.Child("request"), claim.Request, m))
				}
				key += "/" + claim.Request
			}
			if names.Has(key) {
				all = append(all, field.Duplicate(p, key))
			} else if claim.Request == "" {
				for _, k := range sets.List(names) {
					if idx := strings.Index(k, "/"); idx >= 0 && k[:idx] == name {
						all = append(all, field.Duplicate(p, name))
					}
				}
			}
			names.Insert(key)
		}
		if !podClaims.Has(name) {
			e := field.NotFound(p, name)
			e.Detail = "must be one of the names in pod.spec.resourceClaims"
			if len(podClaims) == 0 {
				e.Detail += " which is empty"
			} else {
				e.Detail += ": " + strings.Join(sets.List(podClaims), ", ")
			}
			all = append(all, e)
		}
	}
	return all
}

func ctrResizePolicy(list []corev1.ContainerResizePolicy, fld *field.Path, podRestart corev1.RestartPolicy) field.ErrorList {
	var all field.ErrorList
	seen := map[corev1.ResourceName]bool{}
	for i, p := range list {
		if seen[p.ResourceName] {
			all = append(all, field.Duplicate(fld.Index(i), p.ResourceName))
		}
		seen[p.ResourceName] = true
		switch p.ResourceName {
		case corev1.ResourceCPU, corev1.ResourceMemory:
		case "":
			all = append(all, field.Required(fld, ""))
		default:
			all = append(all, field.NotSupported(fld, p.ResourceName, []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}))
		}
		switch p.RestartPolicy {
		case corev1.NotRequired, corev1.RestartContainer:
		case "":
			all = append(all, field.Required(fld, ""))
		default:
			all = append(all, field.NotSupported(fld, p.RestartPolicy, []corev1.ResourceResizeRestartPolicy{corev1.NotRequired, corev1.RestartContainer}))
		}
		if podRestart == corev1.RestartPolicyNever && p.RestartPolicy != corev1.NotRequired {
			all = append(all, field.Invalid(fld, p.RestartPolicy, "must be 'NotRequired' when `restartPolicy` is 'Never'"))
		}
	}
	return all
}

// Restart policy of a container (ContainerRestartRules is on by default in 1.35,
// RestartAllContainersOnContainerExits off).

func ctrRestartPolicy(policy *corev1.ContainerRestartPolicy, rules []corev1.ContainerRestartRule, p *field.Path, o *Options) field.ErrorList {
	var all field.ErrorList
	rp := p.Child("restartPolicy")
	if policy == nil {
		if len(rules) == 0 {
			return nil
		}
		all = append(all, field.Required(rp, "must specify restartPolicy when restart rules are used"))
	} else {
		switch *policy {
		case corev1.ContainerRestartPolicyAlways, corev1.ContainerRestartPolicyNever, corev1.ContainerRestartPolicyOnFailure:
		default:
			all = append(all, field.NotSupported(rp, *policy, []corev1.ContainerRestartPolicy{
				corev1.ContainerRestartPolicyAlways, corev1.ContainerRestartPolicyNever, corev1.ContainerRestartPolicyOnFailure}))
		}
	}
	if len(rules) > 20 {
		if o.RestartAllContainers {
			all = append(all, field.TooMany(p.Child("restartPolicyRules"), len(rules), 20))
		} else {
			all = append(all, field.TooLong(p.Child("restartPolicyRules"), rules, 20))
		}
	}
	actions := []corev1.ContainerRestartRuleAction{corev1.ContainerRestartRuleActionRestart}
	if o.RestartAllContainers {
		actions = append(actions, "RestartAllContainers")
	}
	for i, rule := range rules {
		rf := p.Child("restartPolicyRules").Index(i)
		if rule.Action != corev1.ContainerRestartRuleActionRestart && (!o.RestartAllContainers || rule.Action != "RestartAllContainers") {
			all = append(all, field.NotSupported(rf.Child("action"), rule.Action, actions))
		}
		if rule.ExitCodes == nil {
			all = append(all, field.Required(rf.Child("exitCodes"), "must be specified"))
			continue
		}
		ef := rf.Child("exitCodes")
		switch rule.ExitCodes.Operator {
		case corev1.ContainerRestartRuleOnExitCodesOpIn, corev1.ContainerRestartRuleOnExitCodesOpNotIn:
		default:
			all = append(all, field.NotSupported(ef.Child("operator"), rule.ExitCodes.Operator, []corev1.ContainerRestartRuleOnExitCodesOperator{
				corev1.ContainerRestartRuleOnExitCodesOpIn, corev1.ContainerRestartRuleOnExitCodesOpNotIn}))
		}
		if len(rule.ExitCodes.Values) > 255 {
			if o.RestartAllContainers {
				all = append(all, field.TooMany(ef.Child("values"), len(rule.ExitCodes.Values), 255))
			} else {
				all = append(all, field.TooLong(ef.Child("values"), rule.ExitCodes.Values, 255))
			}
		}
	}
	return all
}

func ctrInitRestartPolicy(policy *corev1.ContainerRestartPolicy, rules []corev1.ContainerRestartRule, p *field.Path, o *Options) field.ErrorList {
	if policy == nil {
		if len(rules) > 0 {
			return field.ErrorList{field.Required(p.Child("restartPolicy"), "must specify restartPolicy when restart rules are used")}
		}
		return nil
	}
	if *policy == corev1.ContainerRestartPolicyAlways && !o.RestartAllContainers {
		if len(rules) > 0 {
			return field.ErrorList{field.Forbidden(p.Child("restartPolicyRules"), "restartPolicyRules are not allowed for init containers with restart policy Always")}
		}
		return nil
	}
	return ctrRestartPolicy(policy, rules, p, o)
}

// Probes and lifecycle handlers, judged after the server's defaults (probe timeouts, periods
// and thresholds, httpGet path and scheme).

func ctrProbeDefault(v, def int32) int32 {
	if v == 0 {
		return def
	}
	return v
}

func ctrProbe(pr *corev1.Probe, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	all = append(all, ctrHandler(pr.Exec, pr.HTTPGet, pr.TCPSocket, pr.GRPC, nil, nil, fld)...)
	nonneg := func(v int32, name string) {
		if v < 0 {
			all = append(all, field.Invalid(fld.Child(name), int64(v), apimachineryvalidation.IsNegativeErrorMsg))
		}
	}
	nonneg(pr.InitialDelaySeconds, "initialDelaySeconds")
	nonneg(ctrProbeDefault(pr.TimeoutSeconds, 1), "timeoutSeconds")
	nonneg(ctrProbeDefault(pr.PeriodSeconds, 10), "periodSeconds")
	nonneg(ctrProbeDefault(pr.SuccessThreshold, 1), "successThreshold")
	nonneg(ctrProbeDefault(pr.FailureThreshold, 3), "failureThreshold")
	if pr.TerminationGracePeriodSeconds != nil && *pr.TerminationGracePeriodSeconds <= 0 {
		all = append(all, field.Invalid(fld.Child("terminationGracePeriodSeconds"), *pr.TerminationGracePeriodSeconds, "must be greater than 0"))
	}
	return all
}

func ctrLivenessProbe(pr *corev1.Probe, fld *field.Path) field.ErrorList {
	if pr == nil {
		return nil
	}
	all := ctrProbe(pr, fld)
	if st := ctrProbeDefault(pr.SuccessThreshold, 1); st != 1 {
		all = append(all, field.Invalid(fld.Child("successThreshold"), st, "must be 1"))
	}
	return all
}

func ctrReadinessProbe(pr *corev1.Probe, fld *field.Path) field.ErrorList {
	if pr == nil {
		return nil
	}
	all := ctrProbe(pr, fld)
	if pr.TerminationGracePeriodSeconds != nil {
		all = append(all, field.Invalid(fld.Child("terminationGracePeriodSeconds"), pr.TerminationGracePeriodSeconds, "must not be set for readinessProbes"))
	}
	return all
}

func ctrStartupProbe(pr *corev1.Probe, fld *field.Path) field.ErrorList {
	return ctrLivenessProbe(pr, fld) // the same checks: successThreshold must be 1
}

func ctrLifecycle(lc *corev1.Lifecycle, grace *int64, fld *field.Path, o *Options) field.ErrorList {
	var all field.ErrorList
	for _, h := range []struct {
		name string
		h    *corev1.LifecycleHandler
	}{{"postStart", lc.PostStart}, {"preStop", lc.PreStop}} {
		if h.h == nil {
			continue
		}
		if s := h.h.Sleep; s != nil && !o.SleepZero && s.Seconds == 0 && grace != nil {
			all = append(all, field.Invalid(fld.Child(h.name, "sleep"), s.Seconds,
				fmt.Sprintf("must be greater than 0 and less than terminationGracePeriodSeconds (%d). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.", *grace)))
		}
		all = append(all, ctrHandler(h.h.Exec, h.h.HTTPGet, h.h.TCPSocket, nil, h.h.Sleep, grace, fld.Child(h.name))...)
	}
	return all // stopSignal is dropped (ContainerStopSignals is off by default)
}

func ctrHandler(exec *corev1.ExecAction, http *corev1.HTTPGetAction, tcp *corev1.TCPSocketAction, grpc *corev1.GRPCAction,
	sleep *corev1.SleepAction, grace *int64, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	n := 0
	const more = "may not specify more than 1 handler type"
	if exec != nil {
		n++
		if len(exec.Command) == 0 {
			all = append(all, field.Required(fld.Child("exec", "command"), ""))
		}
	}
	if http != nil {
		if n > 0 {
			all = append(all, field.Forbidden(fld.Child("httpGet"), more))
		} else {
			n++
			all = append(all, ctrHTTPGet(http, fld.Child("httpGet"))...)
		}
	}
	if tcp != nil {
		if n > 0 {
			all = append(all, field.Forbidden(fld.Child("tcpSocket"), more))
		} else {
			n++
			all = append(all, ctrPortNumOrName(tcp.Port, fld.Child("tcpSocket", "port"))...)
		}
	}
	if grpc != nil {
		if n > 0 {
			all = append(all, field.Forbidden(fld.Child("grpc"), more))
		} else {
			n++
			all = append(all, ctrPortNumOrName(intstr.FromInt32(grpc.Port), fld.Child("grpc", "port"))...)
		}
	}
	if sleep != nil {
		if n > 0 {
			all = append(all, field.Forbidden(fld.Child("sleep"), more))
		} else {
			n++
			if grace != nil && (sleep.Seconds < 0 || sleep.Seconds > *grace) {
				all = append(all, field.Invalid(fld.Child("sleep"), sleep.Seconds,
					fmt.Sprintf("must be non-negative and less than terminationGracePeriodSeconds (%d)", *grace)))
			}
		}
	}
	if n == 0 {
		all = append(all, field.Required(fld, "must specify a handler type"))
	}
	return all
}

func ctrHTTPGet(h *corev1.HTTPGetAction, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	// path defaults to "/", so it is never empty here
	all = append(all, ctrPortNumOrName(h.Port, fld.Child("port"))...)
	switch h.Scheme {
	case "", corev1.URISchemeHTTP, corev1.URISchemeHTTPS: // "" defaults to HTTP
	default:
		all = append(all, field.NotSupported(fld.Child("scheme"), h.Scheme, []corev1.URIScheme{corev1.URISchemeHTTP, corev1.URISchemeHTTPS}))
	}
	for _, hdr := range h.HTTPHeaders {
		for _, m := range validation.IsHTTPHeaderName(hdr.Name) {
			all = append(all, field.Invalid(fld.Child("httpHeaders"), hdr.Name, m))
		}
	}
	return all
}

func ctrPortNumOrName(port intstr.IntOrString, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	switch port.Type {
	case intstr.Int:
		for _, m := range validation.IsValidPortNum(port.IntValue()) {
			all = append(all, field.Invalid(fld, port.IntValue(), m))
		}
	case intstr.String:
		for _, m := range validation.IsValidPortName(port.StrVal) {
			all = append(all, field.Invalid(fld, port.StrVal, m))
		}
	default:
		all = append(all, field.InternalError(fld, fmt.Errorf("unknown type: %v", port.Type)))
	}
	return all
}
