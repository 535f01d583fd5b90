package lint

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
	"github.com/kubectl-batch/kubectl-batch/lint/podspec"
)

// gatedField is a field the API server drops before validation when its feature gate is off
// (upstream pkg/api/pod/util.go dropDisabledFields and the Job strategy's PrepareForCreate).
// Paths are Job paths; the same field of a CronJob is under spec.jobTemplate.
type gatedField struct {
	gate  kubeversion.Gate
	paths []string
	// effect overrides "is dropped" in the finding, for gates that rewrite instead.
	effect string
	// drop, when set, replaces zeroing each match (for drops that take more than the field).
	drop func(spec *corev1.PodSpec)
	// since: the drop applies only from this minor on (before, the field is rejected instead).
	since int
	// only, when set, limits the drop to the values at a path for which it returns true.
	only func(path string, v reflect.Value) bool
}

// podPaths prefixes pod-spec-relative paths with the Job's template path.
func podPaths(rel ...string) []string {
	out := make([]string, len(rel))
	for i, r := range rel {
		out[i] = "spec.template.spec." + r
	}
	return out
}

// containerPaths is rel in regular, init and ephemeral containers (ephemeral containers are not
// allowed in a template, but the server drops their gated fields, and validates what remains,
// before it says so).
func containerPaths(rel ...string) []string {
	var out []string
	for _, kind := range []string{"containers[*].", "initContainers[*].", "ephemeralContainers[*]."} {
		for _, r := range rel {
			out = append(out, "spec.template.spec."+kind+r)
		}
	}
	return out
}

// gatedFields is the table of gated fields (see the research notes in each gate's comment in
// kubeversion/gates_gen.go for the versions where each is on).
func gatedFields() []gatedField {
	probeHandlers := func(leaf string) []string {
		var out []string
		for _, h := range []string{"livenessProbe", "readinessProbe", "startupProbe"} {
			out = append(out, containerPaths(h+"."+leaf)...)
		}
		return out
	}
	return []gatedField{
		{gate: kubeversion.GateUserNamespacesSupport, paths: podPaths("hostUsers")},
		{gate: kubeversion.GateSupplementalGroupsPolicy, paths: podPaths("securityContext.supplementalGroupsPolicy")},
		{gate: kubeversion.GatePodLevelResources, paths: podPaths("resources")},
		{gate: kubeversion.GateProcMountType, paths: containerPaths("securityContext.procMount"), effect: "is set to Default",
			drop: func(s *corev1.PodSpec) {
				visitContainers(s, func(c *corev1.Container, _ string) {
					if sc := c.SecurityContext; sc != nil && sc.ProcMount != nil {
						def := corev1.DefaultProcMount
						sc.ProcMount = &def
					}
				})
			}},
		{gate: kubeversion.GateDynamicResourceAllocation, paths: append(podPaths("resourceClaims"), containerPaths("resources.claims")...)},
		{gate: kubeversion.GateClusterTrustBundleProjection, paths: podPaths("volumes[*].projected.sources[*].clusterTrustBundle")},
		{gate: kubeversion.GatePodCertificateRequest, paths: podPaths("volumes[*].projected.sources[*].podCertificate")},
		{gate: kubeversion.GateGenericWorkload, paths: podPaths("schedulingGroup")},
		{gate: kubeversion.GateAtomicWriteVolumeUserFields, paths: podPaths(
			"volumes[*].secret.defaultUser", "volumes[*].secret.items[*].user",
			"volumes[*].configMap.defaultUser", "volumes[*].configMap.items[*].user",
			"volumes[*].downwardAPI.defaultUser", "volumes[*].downwardAPI.items[*].user",
			"volumes[*].projected.defaultUser",
			"volumes[*].projected.sources[*].secret.items[*].user",
			"volumes[*].projected.sources[*].configMap.items[*].user",
			"volumes[*].projected.sources[*].downwardAPI.items[*].user",
			"volumes[*].projected.sources[*].serviceAccountToken.user",
			"volumes[*].projected.sources[*].clusterTrustBundle.user",
			"volumes[*].projected.sources[*].podCertificate.user")},
		{gate: kubeversion.GateGRPCContainerProbeTLS, paths: probeHandlers("grpc.mode")},
		{gate: kubeversion.GateEvictionRequestAPI, paths: podPaths("evictionResponders")},
		{gate: kubeversion.GateInPlacePodVerticalScaling, paths: containerPaths("resizePolicy")},
		{gate: kubeversion.GateContainerRestartRules, since: 34,
			paths: append(podPaths("containers[*].restartPolicy", "initContainers[*].restartPolicy"), containerPaths("restartPolicyRules")...),
			only: func(path string, v reflect.Value) bool {
				if !strings.Contains(path, ".initContainers[") || !strings.HasSuffix(path, ".restartPolicy") {
					return true
				}
				p, ok := v.Interface().(*corev1.ContainerRestartPolicy)
				return !ok || !isSidecarRestartPolicy(p)
			},
			drop: func(s *corev1.PodSpec) {
				visitContainers(s, func(c *corev1.Container, kind string) {
					switch kind {
					case "containers":
						c.RestartPolicy = nil
					case "initContainers":
						if !isSidecarRestartPolicy(c.RestartPolicy) {
							c.RestartPolicy = nil
						}
					}
					c.RestartPolicyRules = nil
				})
			}},
		{gate: kubeversion.GateEmptyDirVolumeMode, paths: podPaths("volumes[*].emptyDir.mode")},
		{gate: kubeversion.GateVolumeBindMountOptions, paths: containerPaths("volumeMounts[*].bindMountOptions")},
		{gate: kubeversion.GateHostnameOverride, paths: podPaths("hostnameOverride")},
		{gate: kubeversion.GateEnvFiles, paths: containerPaths("env[*].valueFrom.fileKeyRef")},
		{gate: kubeversion.GateImageVolume, paths: podPaths("volumes[*].image"), effect: "is dropped with every mount of its volume",
			drop: dropImageVolumes},
		{gate: kubeversion.GateSELinuxChangePolicy, paths: podPaths("securityContext.seLinuxChangePolicy")},
		{gate: kubeversion.GateContainerStopSignals, paths: containerPaths("lifecycle.stopSignal"),
			drop: func(s *corev1.PodSpec) {
				visitContainers(s, func(c *corev1.Container, _ string) {
					if l := c.Lifecycle; l != nil && l.StopSignal != nil {
						l.StopSignal = nil
						if l.PostStart == nil && l.PreStop == nil {
							c.Lifecycle = nil
						}
					}
				})
			}},
		{gate: kubeversion.GateH2CContainerProbe, paths: append(probeHandlers("httpGet.protocol"),
			containerPaths("lifecycle.postStart.httpGet.protocol", "lifecycle.preStop.httpGet.protocol")...)},
		{gate: kubeversion.GateWorkloadWithJob, paths: []string{"spec.scheduling"}},
	}
}

// isSidecarRestartPolicy: an init container's restartPolicy Always (a native sidecar) is kept
// when ContainerRestartRules is off; any other value is dropped.
func isSidecarRestartPolicy(p *corev1.ContainerRestartPolicy) bool {
	return p != nil && *p == corev1.ContainerRestartPolicyAlways
}

// visitContainers calls f for every regular, init and ephemeral container of s, with the list it
// is in ("containers", "initContainers", "ephemeralContainers"); changes to an ephemeral
// container are written back.
func visitContainers(s *corev1.PodSpec, f func(c *corev1.Container, kind string)) {
	for i := range s.Containers {
		f(&s.Containers[i], "containers")
	}
	for i := range s.InitContainers {
		f(&s.InitContainers[i], "initContainers")
	}
	for i := range s.EphemeralContainers {
		c := corev1.Container(s.EphemeralContainers[i].EphemeralContainerCommon)
		f(&c, "ephemeralContainers")
		s.EphemeralContainers[i].EphemeralContainerCommon = corev1.EphemeralContainerCommon(c)
	}
}

// dropImageVolumes removes image volumes and every mount of them, as the server does when the
// ImageVolume gate is off.
func dropImageVolumes(s *corev1.PodSpec) {
	names := map[string]bool{}
	vols := s.Volumes[:0:0]
	for _, v := range s.Volumes {
		if v.Image != nil {
			names[v.Name] = true
			continue
		}
		vols = append(vols, v)
	}
	s.Volumes = vols
	for _, list := range [][]corev1.Container{s.Containers, s.InitContainers} {
		for i := range list {
			mounts := list[i].VolumeMounts[:0:0]
			for _, m := range list[i].VolumeMounts {
				if !names[m.Name] {
					mounts = append(mounts, m)
				}
			}
			list[i].VolumeMounts = mounts
		}
	}
}

// versionModel is the version model compiled for one engine: the fields the target version
// does not have and the gated fields it drops, as patterns on Job and CronJob.
type versionModel struct {
	v          kubeversion.Version
	podOptions podspec.Options
	unknown    []versionedPattern
	dropped    []versionedPattern
}

type versionedPattern struct {
	job, cronJob fieldPattern
	field        kubeversion.Field // for unknown fields
	gated        *gatedField       // for dropped fields
}

func compileVersionModel(v kubeversion.Version) (*versionModel, error) {
	m := &versionModel{v: v, podOptions: podspec.OptionsFor(v)}
	jobT, cjT := reflect.TypeOf(batchv1.Job{}), reflect.TypeOf(batchv1.CronJob{})
	compile := func(kind, path string) (versionedPattern, error) {
		var vp versionedPattern
		var err error
		if kind == KindJob {
			if vp.job, err = compilePattern(jobT, path); err != nil {
				return vp, err
			}
			vp.cronJob, err = compilePattern(cjT, "spec.jobTemplate."+path)
			return vp, err
		}
		vp.cronJob, err = compilePattern(cjT, path)
		return vp, err
	}
	fields := kubeversion.Fields()
	unknownAncestor := func(f kubeversion.Field) bool { // the server skips an unknown field's subtree
		for _, g := range fields {
			if g.Kind == f.Kind && !v.Has(g) && strings.HasPrefix(f.Path, g.Path+".") {
				return true
			}
		}
		return false
	}
	for _, f := range fields {
		if v.Has(f) || !f.ExistsIn(kubeversion.Default()) || unknownAncestor(f) {
			continue // a field the API types here lack cannot be set in a decoded object
		}
		vp, err := compile(f.Kind, f.Path)
		if err != nil {
			return nil, fmt.Errorf("version model: %w", err)
		}
		vp.field = f
		m.unknown = append(m.unknown, vp)
	}
	gated := gatedFields()
	for i := range gated {
		g := &gated[i]
		if v.Enabled(g.gate) || v.Minor() < g.since {
			continue
		}
		for _, p := range g.paths {
			if f, ok := versionedField(p); ok && !v.Has(f) {
				continue // unknown to the version: reported (and dropped) as such
			}
			vp, err := compile(KindJob, p)
			if err != nil {
				return nil, fmt.Errorf("version model: %w", err)
			}
			vp.gated = g
			m.dropped = append(m.dropped, vp)
		}
	}
	return m, nil
}

// untypedField reports whether path (of a Job or CronJob, with list indices) is a field the
// target version has but this build's API types lack (a field removed since, such as 1.35's
// PodSpec.workloadRef): the decoder calls it unknown, while that version's server drops it,
// its feature gate being off by default. (Were the gate on, the server would validate what
// lint cannot read; no supported version has such a field today, which a test checks.)
func (m *versionModel) untypedField(path string) (kubeversion.Field, bool) {
	p := strings.TrimPrefix(path, "spec.jobTemplate.")
	p = listIndex.ReplaceAllString(p, "[*]")
	for _, f := range kubeversion.Fields() {
		if f.Kind == KindJob && m.v.Has(f) && !f.ExistsIn(kubeversion.Default()) && (p == f.Path || strings.HasPrefix(p, f.Path+".")) {
			return f, true
		}
	}
	return kubeversion.Field{}, false
}

var listIndex = regexp.MustCompile(`\[\d+\]`)

// versionedField finds the Fields entry that covers path (the path itself or an ancestor).
func versionedField(path string) (kubeversion.Field, bool) {
	for _, f := range kubeversion.Fields() {
		if f.Kind == KindJob && (path == f.Path || strings.HasPrefix(path, f.Path+".")) {
			return f, true
		}
	}
	return kubeversion.Field{}, false
}

func (vp versionedPattern) pattern(obj *Object) (fieldPattern, any) {
	if obj.CronJob != nil {
		return vp.cronJob, obj.CronJob
	}
	return vp.job, obj.Job
}

// unknownFields calls fn for every field of obj that the target version's API does not have.
func (m *versionModel) unknownFields(obj *Object, fn func(path string, f kubeversion.Field)) {
	for _, vp := range m.unknown {
		p, root := vp.pattern(obj)
		if len(p.steps) == 0 {
			continue
		}
		p.find(root, func(path string, _ reflect.Value) { fn(path, vp.field) })
	}
}

// droppedFields calls fn for every field of obj the target version drops (its gate is off).
func (m *versionModel) droppedFields(obj *Object, fn func(path string, g *gatedField)) {
	for _, vp := range m.dropped {
		p, root := vp.pattern(obj)
		if len(p.steps) == 0 {
			continue
		}
		p.find(root, func(path string, v reflect.Value) {
			if vp.gated.only == nil || vp.gated.only(path, v) {
				fn(path, vp.gated)
			}
		})
	}
}

// drop returns obj (already a private, defaulted copy's shell) with the unknown and dropped
// fields removed, deep-copying the Job or CronJob first when there is anything to remove.
func (m *versionModel) drop(obj *Object) *Object {
	any := false
	m.unknownFields(obj, func(string, kubeversion.Field) { any = true })
	m.droppedFields(obj, func(string, *gatedField) { any = true })
	if !any {
		return obj
	}
	out := *obj
	out.Job, out.CronJob = obj.Job.DeepCopy(), obj.CronJob.DeepCopy()
	var spec *corev1.PodSpec
	if out.Job != nil {
		spec = &out.Job.Spec.Template.Spec
	} else {
		spec = &out.CronJob.Spec.JobTemplate.Spec.Template.Spec
	}
	zero := func(_ string, v reflect.Value) { v.Set(reflect.Zero(v.Type())) }
	for _, vp := range m.unknown {
		p, root := vp.pattern(&out)
		p.find(root, zero)
	}
	done := map[*gatedField]bool{}
	for _, vp := range m.dropped {
		p, root := vp.pattern(&out)
		if vp.gated.drop != nil {
			if !done[vp.gated] {
				done[vp.gated] = true
				vp.gated.drop(spec)
			}
			continue
		}
		p.find(root, func(path string, v reflect.Value) {
			if vp.gated.only == nil || vp.gated.only(path, v) {
				zero(path, v)
			}
		})
	}
	return &out
}

// RuleFieldIgnored is the rule for fields the target version's API server drops.
const RuleFieldIgnored = "field-ignored"

func versionRules() []Rule {
	return []Rule{{
		ID:        RuleFieldIgnored,
		Class:     ClassServer,
		Severity:  SeverityWarning,
		Summary:   "a field the API server of the target Kubernetes version silently drops (its feature gate is off by default)",
		Rationale: "The server accepts the object but removes the field before storing it, so the setting has no effect; nothing tells the user unless they read the object back.",
		Fix:       "remove the field, or target a Kubernetes version (--kubernetes-version) where its feature is on",
		Check:     checkDroppedFields,
	}}
}

// checkFieldsOfVersion reports fields the target version's API does not have, as that
// version's API server does under kubectl's strict field validation.
func checkFieldsOfVersion(c *Checker) {
	c.model.unknownFields(c.Obj, func(path string, f kubeversion.Field) {
		c.ReportFix(path, fmt.Sprintf("remove the field, or target a Kubernetes version that has it (%s)", f.Range()),
			"unknown field %q: Kubernetes %s has no such field (it exists in %s)", path, c.Version, f.Range())
	})
}

func checkDroppedFields(c *Checker) {
	c.model.droppedFields(c.Obj, func(path string, g *gatedField) {
		effect := g.effect
		if effect == "" {
			effect = "is dropped"
		}
		c.Report(path, "%s %s by the Kubernetes %s API server: feature gate %s is off by default there, so the setting has no effect",
			path, effect, c.Version, g.gate)
	})
}
