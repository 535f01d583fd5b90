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
	return []podMutation{
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
}
