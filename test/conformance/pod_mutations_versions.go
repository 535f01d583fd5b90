//go:build integration

package conformance

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// versionMutations are the version fixtures of the pod template: fields that some supported
// versions do not know (a decoding error under strict field validation) and others know but
// drop or validate, each accepted by one version and rejected or changed by another. Their
// verdicts on every version are checked by TestConformanceAcrossVersions, and
// TestVersionFixturesDiffer asserts that each one's answers really differ between versions.
func versionMutations() []podMutation {
	probe := func(h corev1.ProbeHandler) *corev1.Probe { return &corev1.Probe{ProbeHandler: h} }
	withData := func(t *plTmpl, m corev1.VolumeMount) {
		t.Spec.Volumes = append(t.Spec.Volumes, corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
		t.Spec.Containers[0].VolumeMounts = append(t.Spec.Containers[0].VolumeMounts, m)
	}
	podCert := func(ann map[string]string) corev1.VolumeSource {
		return plProj(corev1.VolumeProjection{PodCertificate: &corev1.PodCertificateProjection{
			SignerName: "example.com/signer", KeyType: "ED25519", CredentialBundlePath: "credentials.pem", UserAnnotations: ann,
		}})
	}
	out := []podMutation{
		// 1.37 fields behind alpha gates: unknown before 1.37, dropped by 1.37.
		{"version.emptyDir.mode", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Mode: ptr[int32](0o700)}})},
		{"version.emptyDir.mode=-1", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Mode: ptr[int32](-1)}})},
		{"version.evictionResponders", plSpec(func(s *corev1.PodSpec) {
			s.EvictionResponders = []corev1.EvictionResponder{{Name: "example.com/drain"}}
		})},
		{"version.volumeMounts.bindMountOptions", func(t *plTmpl) {
			withData(t, corev1.VolumeMount{Name: "data", MountPath: "/data", BindMountOptions: []string{"noexec"}})
		}},
		{"version.readinessProbe.grpc.mode", cmMain(func(c *corev1.Container) {
			c.ReadinessProbe = probe(corev1.ProbeHandler{GRPC: &corev1.GRPCAction{Port: 8080, Mode: ptr(corev1.GRPCProbeModeTLS)}})
		})},
		{"version.livenessProbe.httpGet.protocol", cmMain(func(c *corev1.Container) {
			c.LivenessProbe = probe(corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(8080), Protocol: ptr(corev1.HTTPProtocolHTTP2)}})
		})},
		{"version.lifecycle.preStop.httpGet.protocol", cmMain(func(c *corev1.Container) {
			c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(8080), Protocol: ptr(corev1.HTTPProtocolHTTP1)}}}
		})},
		{"version.secret.defaultUser", plSrc(corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "creds", DefaultUser: ptr[int64](1000)}})},
		{"version.configMap.items.user", plSrc(corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: "settings"},
			Items:                []corev1.KeyToPath{{Key: "k", Path: "p", User: ptr[int64](1000)}},
		}})},
		{"version.projected.serviceAccountToken.user", plSrc(plProj(corev1.VolumeProjection{
			ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", User: ptr[int64](1000)},
		}))},
		// 1.36: schedulingGroup (GenericWorkload) unknown before, dropped while its gate is off.
		{"version.schedulingGroup", plSpec(func(s *corev1.PodSpec) {
			s.SchedulingGroup = &corev1.PodSchedulingGroup{PodGroupName: ptr("group-a")}
		})},
		// podCertificate: unknown before 1.34, dropped while PodCertificateRequest is off,
		// validated in 1.37; userAnnotations only from 1.35.
		{"version.podCertificate", plSrc(podCert(nil))},
		{"version.podCertificate.userAnnotations", plSrc(podCert(map[string]string{"example.com/team": "data"}))},
		{"version.podCertificate.noSigner", plSrc(plProj(corev1.VolumeProjection{PodCertificate: &corev1.PodCertificateProjection{
			KeyType: "ED25519", CredentialBundlePath: "credentials.pem",
		}}))},
	}
	return append(out, versionedContainerAndVolumeFields()...)
}

// versionedContainerAndVolumeFields sets each versioned field of a container (in a regular, an
// init and an ephemeral container) and of each volume source, one case each, so every row of
// the version table has a case that shows it on the servers.
func versionedContainerAndVolumeFields() []podMutation {
	var out []podMutation
	grpc := func() *corev1.Probe {
		return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{GRPC: &corev1.GRPCAction{Port: 8080, Mode: ptr(corev1.GRPCProbeModeTLS)}}}
	}
	httpGet := func() *corev1.HTTPGetAction {
		return &corev1.HTTPGetAction{Port: intstr.FromInt32(8080), Protocol: ptr(corev1.HTTPProtocolHTTP2)}
	}
	probeH := func() *corev1.Probe { return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: httpGet()}} }
	fields := []struct {
		name string
		set  func(c *corev1.Container)
	}{
		{"livenessProbe.grpc.mode", func(c *corev1.Container) { c.LivenessProbe = grpc() }},
		{"readinessProbe.grpc.mode", func(c *corev1.Container) { c.ReadinessProbe = grpc() }},
		{"startupProbe.grpc.mode", func(c *corev1.Container) { c.StartupProbe = grpc() }},
		{"livenessProbe.httpGet.protocol", func(c *corev1.Container) { c.LivenessProbe = probeH() }},
		{"readinessProbe.httpGet.protocol", func(c *corev1.Container) { c.ReadinessProbe = probeH() }},
		{"startupProbe.httpGet.protocol", func(c *corev1.Container) { c.StartupProbe = probeH() }},
		{"lifecycle.postStart.httpGet.protocol", func(c *corev1.Container) {
			c.Lifecycle = &corev1.Lifecycle{PostStart: &corev1.LifecycleHandler{HTTPGet: httpGet()}}
		}},
		{"lifecycle.preStop.httpGet.protocol", func(c *corev1.Container) {
			c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{HTTPGet: httpGet()}}
		}},
		{"lifecycle.stopSignal", func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{StopSignal: ptr(corev1.SIGTERM)} }},
		{"env.fileKeyRef", func(c *corev1.Container) {
			c.Env = []corev1.EnvVar{{Name: "TOKEN", ValueFrom: &corev1.EnvVarSource{FileKeyRef: &corev1.FileKeySelector{VolumeName: "data", Path: "env", Key: "TOKEN"}}}}
		}},
		{"restartPolicyRules", func(c *corev1.Container) {
			c.RestartPolicyRules = []corev1.ContainerRestartRule{{Action: corev1.ContainerRestartRuleActionRestart,
				ExitCodes: &corev1.ContainerRestartRuleOnExitCodes{Operator: corev1.ContainerRestartRuleOnExitCodesOpIn, Values: []int32{42}}}}
		}},
		{"volumeMounts.bindMountOptions", func(c *corev1.Container) {
			c.VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data", BindMountOptions: []string{"noexec"}}}
		}},
	}
	dataVolume := corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}
	for _, f := range fields {
		out = append(out,
			podMutation{"version.container." + f.name, func(t *plTmpl) {
				t.Spec.Volumes = append(t.Spec.Volumes, dataVolume)
				f.set(&t.Spec.Containers[0])
			}},
			podMutation{"version.initContainer." + f.name, func(t *plTmpl) {
				t.Spec.Volumes = append(t.Spec.Volumes, dataVolume)
				f.set(cmAddInit(t, "init", true))
			}},
			podMutation{"version.ephemeralContainer." + f.name, func(t *plTmpl) {
				t.Spec.Volumes = append(t.Spec.Volumes, dataVolume)
				c := corev1.Container{Name: "debug", Image: "busybox:1.36"}
				f.set(&c)
				t.Spec.EphemeralContainers = append(t.Spec.EphemeralContainers, corev1.EphemeralContainer{EphemeralContainerCommon: corev1.EphemeralContainerCommon(c)})
			}},
		)
	}
	user := ptr[int64](1000)
	item := corev1.KeyToPath{Key: "k", Path: "p", User: user}
	for _, v := range []struct {
		name string
		src  corev1.VolumeSource
	}{
		{"configMap.defaultUser", corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}, DefaultUser: user}}},
		{"secret.items.user", corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s", Items: []corev1.KeyToPath{item}}}},
		{"downwardAPI.defaultUser", corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{DefaultUser: user}}},
		{"downwardAPI.items.user", corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{Items: []corev1.DownwardAPIVolumeFile{{
			Path: "labels", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.labels"}, User: user}}}}},
		{"projected.defaultUser", corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{DefaultUser: user}}},
		{"projected.secret.items.user", plProj(plProjSecret("s", item))},
		{"projected.configMap.items.user", plProj(plProjCM("c", item))},
		{"projected.downwardAPI.items.user", plProj(corev1.VolumeProjection{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{
			Path: "labels", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.labels"}, User: user}}}})},
		{"projected.clusterTrustBundle.user", plProj(corev1.VolumeProjection{ClusterTrustBundle: &corev1.ClusterTrustBundleProjection{
			SignerName: ptr("example.com/signer"), Path: "bundle.pem", User: user}})},
		{"projected.podCertificate.user", plProj(corev1.VolumeProjection{PodCertificate: &corev1.PodCertificateProjection{
			SignerName: "example.com/signer", KeyType: "ED25519", CredentialBundlePath: "credentials.pem", User: user}})},
	} {
		out = append(out, podMutation{"version.volume." + v.name, plSrc(v.src)})
	}
	return out
}
