package podspec

import (
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

func plPtr[T any](v T) *T { return &v }

// plRichSpec is a valid pod spec touching every area of this file's checks.
func plRichSpec() (*metav1.ObjectMeta, *corev1.PodSpec) {
	q := resource.MustParse("1Gi")
	meta := &metav1.ObjectMeta{Annotations: map[string]string{"example.com/owner": "data", "note": ""}}
	spec := &corev1.PodSpec{
		RestartPolicy: corev1.RestartPolicyNever,
		DNSPolicy:     corev1.DNSClusterFirst,
		SchedulerName: corev1.DefaultSchedulerName,
		DNSConfig:     &corev1.PodDNSConfig{Nameservers: []string{"10.0.0.10"}, Searches: []string{"svc.cluster.local"}, Options: []corev1.PodDNSConfigOption{{Name: "ndots"}}},
		HostAliases:   []corev1.HostAlias{{IP: "10.1.2.3", Hostnames: []string{"db.example.com"}}},
		Hostname:      "worker-0", Subdomain: "workers", ServiceAccountName: "runner",
		SecurityContext: &corev1.PodSecurityContext{RunAsUser: plPtr[int64](1000), FSGroup: plPtr[int64](2000),
			SupplementalGroups: []int64{3000}, Sysctls: []corev1.Sysctl{{Name: "net.core.somaxconn", Value: "1024"}},
			SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
		OS:         &corev1.PodOS{Name: corev1.Linux},
		Containers: []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
		Volumes: []corev1.Volume{
			{Name: "scratch", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: &q}}},
			{Name: "cfg", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "cfg"},
				Items: []corev1.KeyToPath{{Key: "a", Path: "conf/a.yaml"}}, DefaultMode: plPtr[int32](0644)}}},
			{Name: "tok", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
				{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: plPtr[int64](3600)}},
				{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}, Items: []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}}}},
				{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{Path: "labels", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.labels"}}}}},
			}}}},
			{Name: "pvc", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "cache"}}},
		},
		Affinity: &corev1.Affinity{
			NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{
				{MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "disktype", Operator: corev1.NodeSelectorOpIn, Values: []string{"ssd"}}}}}}},
			PodAntiAffinity: &corev1.PodAntiAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 50,
				PodAffinityTerm: corev1.PodAffinityTerm{LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "etl"}}, TopologyKey: "kubernetes.io/hostname"}}}},
		},
		Tolerations: []corev1.Toleration{{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "batch", Effect: corev1.TaintEffectNoSchedule},
			{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: plPtr[int64](300)}},
		TopologySpreadConstraints: []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "topology.kubernetes.io/zone", WhenUnsatisfiable: corev1.DoNotSchedule,
			LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "etl"}}, MinDomains: plPtr[int32](2)}},
		PriorityClassName: "batch-low",
		SchedulingGates:   []corev1.PodSchedulingGate{{Name: "example.com/quota"}},
	}
	return meta, spec
}

func TestPodLevelAreasDoNotAllocateWhenValid(t *testing.T) {
	meta, spec := plRichSpec()
	const p = "spec.template.spec"
	for _, area := range []Area{AreaVolumes, AreaScheduling, AreaPod} {
		if errs := Validate(area, meta, spec, p, &opts137); errs != nil {
			t.Fatalf("area %d: unexpected errors %v", area, errs)
		}
	}
	if errs := validatePodSecurity(spec, p, nil, &opts137); errs != nil {
		t.Fatalf("unexpected errors %v", errs)
	}
	for name, fn := range map[string]func(){
		"volumes":    func() { _ = validateVolumes(spec, p, nil, &opts137) },
		"scheduling": func() { _ = validateScheduling(spec, p, nil, &opts137) },
		"pod":        func() { _ = validatePodLevel(meta, spec, p, nil, &opts137) },
		"security":   func() { _ = validatePodSecurity(spec, p, nil, &opts137) },
	} {
		if allocs := testing.AllocsPerRun(100, fn); allocs != 0 {
			t.Errorf("%s: %v allocations for a valid spec, want 0", name, allocs)
		}
	}
}

func TestPodLevelPaths(t *testing.T) {
	for _, tc := range []struct {
		name string
		mut  func(m *metav1.ObjectMeta, s *corev1.PodSpec)
		want []string
	}{
		{"duplicate volume of an invalid one is not reported", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.Volumes = []corev1.Volume{{Name: "a", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{}}}, {Name: "a"}}
		}, []string{"spec.volumes[0].secret.secretName"}},
		{"duplicate of a valid volume", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.Volumes = []corev1.Volume{{Name: "a"}, {Name: "a"}}
		}, []string{"spec.volumes[1].name"}},
		{"second source forbidden, quirky paths", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.Volumes = []corev1.Volume{{Name: "a", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{},
				DownwardAPI: &corev1.DownwardAPIVolumeSource{}, CephFS: &corev1.CephFSVolumeSource{}}}}
		}, []string{"spec.volumes[0].cephFS", "spec.volumes[0].downwarAPI"}},
		{"downward item errors under the source", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.Volumes = []corev1.Volume{{Name: "a", VolumeSource: corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{
				Items: []corev1.DownwardAPIVolumeFile{{Path: "/x", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "spec.nodeName"}}}}}}}
		}, []string{"spec.volumes[0].downwardAPI.fieldRef.fieldPath", "spec.volumes[0].downwardAPI.path"}},
		{"projected token path at projected.path", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.Volumes = []corev1.Volume{{Name: "a", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
				Sources: []corev1.VolumeProjection{{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{}}}}}}}
		}, []string{"spec.volumes[0].projected.path"}},
		{"windows pod", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.OS = &corev1.PodOS{Name: corev1.Windows}
			s.HostPID = true
			s.SecurityContext = &corev1.PodSecurityContext{RunAsUser: plPtr[int64](1)}
		}, []string{"spec.hostPID", "spec.securityContext.runAsUser"}},
		{"hostUsers false", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.HostUsers = plPtr(false)
			s.HostPID = true
		}, []string{"spec.HostPID"}},
		{"unexpanded service account", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.ServiceAccountName = "${KSA_NAME}"
		}, []string{"spec.serviceAccountName"}},
		{"annotations", func(m *metav1.ObjectMeta, _ *corev1.PodSpec) {
			m.Annotations = map[string]string{"controller.kubernetes.io/pod-deletion-cost": "x", "bad key": ""}
		}, []string{"annotations", "annotations[controller.kubernetes.io/pod-deletion-cost]"}},
		{"toleration seconds", func(_ *metav1.ObjectMeta, s *corev1.PodSpec) {
			s.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists, TolerationSeconds: plPtr[int64](1)}}
		}, []string{"spec.tolerations[0].effect"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &metav1.ObjectMeta{}
			s := &corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "busybox"}}, SecurityContext: &corev1.PodSecurityContext{}}
			tc.mut(m, s)
			var errs []Error
			for _, a := range []Area{AreaVolumes, AreaScheduling, AreaPod} {
				errs = append(errs, Validate(a, m, s, "x.spec", &opts137)...)
			}
			errs = validatePodSecurity(s, "x.spec", errs, &opts137)
			var got []string
			for _, e := range errs {
				got = append(got, strings.TrimPrefix(e.Path, "x."))
			}
			sort.Strings(got)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v (%v)", got, tc.want, errs)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v (%v)", got, tc.want, errs)
				}
			}
		})
	}
}

// opts137 are the options of the default version, which the package's unit tests use.
var opts137 = OptionsFor(kubeversion.Default())
