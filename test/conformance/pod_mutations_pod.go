//go:build integration

package conformance

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type plTmpl = corev1.PodTemplateSpec

// plVol adds volumes to the template.
func plVol(vs ...corev1.Volume) func(t *plTmpl) {
	return func(t *plTmpl) { t.Spec.Volumes = append(t.Spec.Volumes, vs...) }
}

// plSrc is a volume named "data" with the given source.
func plSrc(src corev1.VolumeSource) func(t *plTmpl) {
	return plVol(corev1.Volume{Name: "data", VolumeSource: src})
}

func plSpec(fn func(s *corev1.PodSpec)) func(t *plTmpl) { return func(t *plTmpl) { fn(&t.Spec) } }

func plSC(fn func(sc *corev1.PodSecurityContext)) func(t *plTmpl) {
	return func(t *plTmpl) {
		if t.Spec.SecurityContext == nil {
			t.Spec.SecurityContext = &corev1.PodSecurityContext{}
		}
		fn(t.Spec.SecurityContext)
	}
}

func plCSC(fn func(sc *corev1.SecurityContext)) func(t *plTmpl) {
	return func(t *plTmpl) {
		c := &t.Spec.Containers[0]
		if c.SecurityContext == nil {
			c.SecurityContext = &corev1.SecurityContext{}
		}
		fn(c.SecurityContext)
	}
}

func plAnn(k, v string) func(t *plTmpl) {
	return func(t *plTmpl) {
		if t.Annotations == nil {
			t.Annotations = map[string]string{}
		}
		t.Annotations[k] = v
	}
}

func plAll(fns ...func(t *plTmpl)) func(t *plTmpl) {
	return func(t *plTmpl) {
		for _, f := range fns {
			f(t)
		}
	}
}

func plQ(s string) *resource.Quantity { q := resource.MustParse(s); return &q }

func plItems(kps ...corev1.KeyToPath) []corev1.KeyToPath { return kps }

func plSecret(items []corev1.KeyToPath, mode *int32) corev1.VolumeSource {
	return corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "creds", Items: items, DefaultMode: mode}}
}

func plCM(items []corev1.KeyToPath, mode *int32) corev1.VolumeSource {
	return corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "cfg"}, Items: items, DefaultMode: mode}}
}

func plDown(items ...corev1.DownwardAPIVolumeFile) corev1.VolumeSource {
	return corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{Items: items}}
}

func plFieldRef(path, fp string) corev1.DownwardAPIVolumeFile {
	return corev1.DownwardAPIVolumeFile{Path: path, FieldRef: &corev1.ObjectFieldSelector{FieldPath: fp}}
}

func plResRef(path, ctr, res, div string) corev1.DownwardAPIVolumeFile {
	f := corev1.DownwardAPIVolumeFile{Path: path, ResourceFieldRef: &corev1.ResourceFieldSelector{ContainerName: ctr, Resource: res}}
	if div != "" {
		f.ResourceFieldRef.Divisor = resource.MustParse(div)
	}
	return f
}

func plProj(srcs ...corev1.VolumeProjection) corev1.VolumeSource {
	return corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: srcs}}
}

func plTok(path string, exp *int64) corev1.VolumeProjection {
	return corev1.VolumeProjection{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: path, ExpirationSeconds: exp}}
}

func plProjSecret(name string, items ...corev1.KeyToPath) corev1.VolumeProjection {
	return corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Items: items}}
}

func plProjCM(name string, items ...corev1.KeyToPath) corev1.VolumeProjection {
	return corev1.VolumeProjection{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Items: items}}
}

func plKP(key, path string) corev1.KeyToPath { return corev1.KeyToPath{Key: key, Path: path} }

func plEph(fn func(t *corev1.PersistentVolumeClaimTemplate)) corev1.VolumeSource {
	t := &corev1.PersistentVolumeClaimTemplate{Spec: corev1.PersistentVolumeClaimSpec{
		AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
		Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
	}}
	if fn != nil {
		fn(t)
	}
	return corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{VolumeClaimTemplate: t}}
}

func plHostPath(path string, typ *corev1.HostPathType) corev1.VolumeSource {
	return corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: path, Type: typ}}
}

func plISCSI(fn func(s *corev1.ISCSIVolumeSource)) corev1.VolumeSource {
	s := &corev1.ISCSIVolumeSource{TargetPortal: "10.0.0.1:3260", IQN: "iqn.2001-04.com.example:storage.disk1", Lun: 0}
	if fn != nil {
		fn(s)
	}
	return corev1.VolumeSource{ISCSI: s}
}

func plCSI(driver string) corev1.VolumeSource {
	return corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: driver}}
}

func plReq(key string, op corev1.NodeSelectorOperator, values ...string) corev1.NodeSelectorRequirement {
	return corev1.NodeSelectorRequirement{Key: key, Operator: op, Values: values}
}

// plNodeReq sets a required node affinity with one term of the given expressions.
func plNodeReq(reqs ...corev1.NodeSelectorRequirement) func(t *plTmpl) {
	return plSpec(func(s *corev1.PodSpec) {
		s.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
			NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: reqs}}}}}
	})
}

func plNodeFields(reqs ...corev1.NodeSelectorRequirement) func(t *plTmpl) {
	return plSpec(func(s *corev1.PodSpec) {
		s.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
			NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchFields: reqs}}}}}
	})
}

func plNodePref(weight int32, reqs ...corev1.NodeSelectorRequirement) func(t *plTmpl) {
	return plSpec(func(s *corev1.PodSpec) {
		s.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.PreferredSchedulingTerm{
			{Weight: weight, Preference: corev1.NodeSelectorTerm{MatchExpressions: reqs}}}}}
	})
}

func plSel(kv ...string) *metav1.LabelSelector {
	s := &metav1.LabelSelector{MatchLabels: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		s.MatchLabels[kv[i]] = kv[i+1]
	}
	return s
}

func plTerm(fn func(t *corev1.PodAffinityTerm)) corev1.PodAffinityTerm {
	t := corev1.PodAffinityTerm{LabelSelector: plSel("app", "report"), TopologyKey: "kubernetes.io/hostname"}
	if fn != nil {
		fn(&t)
	}
	return t
}

func plPodAff(t corev1.PodAffinityTerm) func(*plTmpl) {
	return plSpec(func(s *corev1.PodSpec) {
		s.Affinity = &corev1.Affinity{PodAffinity: &corev1.PodAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{t}}}
	})
}

func plPodAntiPref(weight int32, t corev1.PodAffinityTerm) func(*plTmpl) {
	return plSpec(func(s *corev1.PodSpec) {
		s.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: weight, PodAffinityTerm: t}}}}
	})
}

func plTol(tols ...corev1.Toleration) func(*plTmpl) {
	return plSpec(func(s *corev1.PodSpec) { s.Tolerations = tols })
}

func plTSC(fn func(c *corev1.TopologySpreadConstraint)) corev1.TopologySpreadConstraint {
	c := corev1.TopologySpreadConstraint{MaxSkew: 1, TopologyKey: "topology.kubernetes.io/zone", WhenUnsatisfiable: corev1.DoNotSchedule, LabelSelector: plSel("app", "report")}
	if fn != nil {
		fn(&c)
	}
	return c
}

func plSpread(cs ...corev1.TopologySpreadConstraint) func(*plTmpl) {
	return plSpec(func(s *corev1.PodSpec) { s.TopologySpreadConstraints = cs })
}

func plOS(n corev1.OSName) func(*plTmpl) {
	return plSpec(func(s *corev1.PodSpec) { s.OS = &corev1.PodOS{Name: n} })
}

func plDNS(policy corev1.DNSPolicy, cfg *corev1.PodDNSConfig) func(*plTmpl) {
	return plSpec(func(s *corev1.PodSpec) { s.DNSPolicy = policy; s.DNSConfig = cfg })
}

func plClaim(c corev1.PodResourceClaim) func(*plTmpl) {
	return plSpec(func(s *corev1.PodSpec) { s.ResourceClaims = append(s.ResourceClaims, c) })
}

func plPort(cp, hp int32) func(*plTmpl) {
	return func(t *plTmpl) {
		t.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: cp, HostPort: hp}}
	}
}

func plPodRes(req, lim corev1.ResourceList) func(*plTmpl) {
	return plSpec(func(s *corev1.PodSpec) { s.Resources = &corev1.ResourceRequirements{Requests: req, Limits: lim} })
}

// podLevelMutations cover volumes, scheduling, the pod's securityContext and os, and the
// pod-level settings.
func podLevelMutations() []podMutation {
	hp := func(t corev1.HostPathType) *corev1.HostPathType { return &t }
	m := []podMutation{
		// ---- volumes: names and sources
		{"vol.emptyDir", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}})},
		{"vol.noSource", plSrc(corev1.VolumeSource{})},
		{"vol.emptyDir.memory", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory}})},
		{"vol.emptyDir.mediumBogus", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: "Bogus"}})},
		{"vol.emptyDir.sizeLimit=1Gi", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: plQ("1Gi")}})},
		{"vol.emptyDir.sizeLimit=0", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: plQ("0")}})},
		{"vol.emptyDir.sizeLimit=0.5", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: plQ("0.5")}})},
		{"vol.emptyDir.sizeLimit=-1Gi", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: plQ("-1Gi")}})},
		{"vol.name.empty", plVol(corev1.Volume{Name: ""})},
		{"vol.name.upper", plVol(corev1.Volume{Name: "Data"})},
		{"vol.name.underscore", plVol(corev1.Volume{Name: "my_data"})},
		{"vol.name.dot", plVol(corev1.Volume{Name: "my.data"})},
		{"vol.name.63", plVol(corev1.Volume{Name: name(63)})},
		{"vol.name.64", plVol(corev1.Volume{Name: name(64)})},
		{"vol.name.dash", plVol(corev1.Volume{Name: "-data"})},
		{"vol.name.digits", plVol(corev1.Volume{Name: "123"})},
		{"vol.name.duplicate", plVol(corev1.Volume{Name: "data"}, corev1.Volume{Name: "data"})},
		{"vol.name.duplicateOfInvalid", plVol(corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{}}}, corev1.Volume{Name: "data"})},
		{"vol.name.twoDistinct", plVol(corev1.Volume{Name: "a"}, corev1.Volume{Name: "b"})},
		{"vol.twoSources", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}, HostPath: &corev1.HostPathVolumeSource{Path: "/x"}})},
		{"vol.twoSources.secretConfigMap", plSrc(corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s"}, ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}}})},
		{"vol.twoSources.invalidSecond", plSrc(corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}}, Projected: &corev1.ProjectedVolumeSource{DefaultMode: ptr[int32](-1)}})},
		{"vol.twoSources.downwardAPI", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}, DownwardAPI: &corev1.DownwardAPIVolumeSource{}})},
		{"vol.twoSources.cephfs", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}, CephFS: &corev1.CephFSVolumeSource{Monitors: []string{"m"}}})},
		{"vol.threeSources", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}, Secret: &corev1.SecretVolumeSource{SecretName: "s"}, PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "c"}})},
		// hostPath
		{"vol.hostPath", plSrc(plHostPath("/data", nil))},
		{"vol.hostPath.empty", plSrc(plHostPath("", nil))},
		{"vol.hostPath.relative", plSrc(plHostPath("data", nil))},
		{"vol.hostPath.dotdot", plSrc(plHostPath("/data/../etc", nil))},
		{"vol.hostPath.dotdotName", plSrc(plHostPath("/data/..x", nil))},
		{"vol.hostPath.type=Directory", plSrc(plHostPath("/data", hp(corev1.HostPathDirectory)))},
		{"vol.hostPath.type=DirectoryOrCreate", plSrc(plHostPath("/data", hp(corev1.HostPathDirectoryOrCreate)))},
		{"vol.hostPath.type=Socket", plSrc(plHostPath("/run/x.sock", hp(corev1.HostPathSocket)))},
		{"vol.hostPath.type=BlockDevice", plSrc(plHostPath("/dev/sda", hp(corev1.HostPathBlockDev)))},
		{"vol.hostPath.type=empty", plSrc(plHostPath("/data", hp("")))},
		{"vol.hostPath.type=directory", plSrc(plHostPath("/data", hp("directory")))},
		{"vol.hostPath.type=Bogus", plSrc(plHostPath("/data", hp("Bogus")))},
		{"vol.hostPath.emptyAndBadType", plSrc(plHostPath("", hp("Bogus")))},
		// secret
		{"vol.secret", plSrc(plSecret(nil, nil))},
		{"vol.secret.noName", plSrc(corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{}})},
		{"vol.secret.optionalNoName", plSrc(corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{Optional: ptr(true)}})},
		{"vol.secret.defaultMode=0400", plSrc(plSecret(nil, ptr[int32](0400)))},
		{"vol.secret.defaultMode=0777", plSrc(plSecret(nil, ptr[int32](0777)))},
		{"vol.secret.defaultMode=0", plSrc(plSecret(nil, ptr[int32](0)))},
		{"vol.secret.defaultMode=01000", plSrc(plSecret(nil, ptr[int32](01000)))},
		{"vol.secret.defaultMode=-1", plSrc(plSecret(nil, ptr[int32](-1)))},
		{"vol.secret.items", plSrc(plSecret(plItems(plKP("tls.crt", "certs/tls.crt")), nil))},
		{"vol.secret.items.noKey", plSrc(plSecret(plItems(plKP("", "x")), nil))},
		{"vol.secret.items.noPath", plSrc(plSecret(plItems(plKP("k", "")), nil))},
		{"vol.secret.items.absPath", plSrc(plSecret(plItems(plKP("k", "/etc/x")), nil))},
		{"vol.secret.items.dotdot", plSrc(plSecret(plItems(plKP("k", "../x")), nil))},
		{"vol.secret.items.innerDotdot", plSrc(plSecret(plItems(plKP("k", "a/../b")), nil))},
		{"vol.secret.items.startsDotdot", plSrc(plSecret(plItems(plKP("k", "..x")), nil))},
		{"vol.secret.items.tripleDot", plSrc(plSecret(plItems(plKP("k", "...")), nil))},
		{"vol.secret.items.dotsInside", plSrc(plSecret(plItems(plKP("k", "x..y")), nil))},
		{"vol.secret.items.dotFile", plSrc(plSecret(plItems(plKP("k", ".hidden")), nil))},
		{"vol.secret.items.mode=0644", plSrc(plSecret(plItems(corev1.KeyToPath{Key: "k", Path: "p", Mode: ptr[int32](0644)}), nil))},
		{"vol.secret.items.mode=01000", plSrc(plSecret(plItems(corev1.KeyToPath{Key: "k", Path: "p", Mode: ptr[int32](01000)}), nil))},
		{"vol.secret.items.twoBad", plSrc(plSecret(plItems(plKP("", ""), plKP("k", "/abs")), ptr[int32](-5)))},
		{"vol.secret.items.samePath", plSrc(plSecret(plItems(plKP("a", "x"), plKP("b", "x")), nil))},
		// configMap
		{"vol.configMap", plSrc(plCM(nil, nil))},
		{"vol.configMap.noName", plSrc(corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{}})},
		{"vol.configMap.defaultMode=0644", plSrc(plCM(nil, ptr[int32](0644)))},
		{"vol.configMap.defaultMode=512", plSrc(plCM(nil, ptr[int32](512)))},
		{"vol.configMap.items", plSrc(plCM(plItems(plKP("app.yaml", "app.yaml"), plKP("log.yaml", "conf/log.yaml")), nil))},
		{"vol.configMap.items.noKey", plSrc(plCM(plItems(plKP("", "a")), nil))},
		{"vol.configMap.items.absPath", plSrc(plCM(plItems(plKP("a", "/a")), nil))},
		{"vol.configMap.items.dotdot", plSrc(plCM(plItems(plKP("a", "..")), nil))},
		{"vol.configMap.items.mode=-1", plSrc(plCM(plItems(corev1.KeyToPath{Key: "k", Path: "p", Mode: ptr[int32](-1)}), nil))},
		// downwardAPI
		{"vol.downward.name", plSrc(plDown(plFieldRef("name", "metadata.name")))},
		{"vol.downward.labels", plSrc(plDown(plFieldRef("labels", "metadata.labels")))},
		{"vol.downward.annotations", plSrc(plDown(plFieldRef("annotations", "metadata.annotations")))},
		{"vol.downward.uid", plSrc(plDown(plFieldRef("uid", "metadata.uid")))},
		{"vol.downward.namespace", plSrc(plDown(plFieldRef("ns", "metadata.namespace")))},
		{"vol.downward.labelSubscript", plSrc(plDown(plFieldRef("app", "metadata.labels['app']")))},
		{"vol.downward.annotationSubscript", plSrc(plDown(plFieldRef("a", "metadata.annotations['example.com/Key']")))},
		{"vol.downward.badLabelSubscript", plSrc(plDown(plFieldRef("a", "metadata.labels['bad key']")))},
		{"vol.downward.nameSubscript", plSrc(plDown(plFieldRef("a", "metadata.name['x']")))},
		{"vol.downward.nodeName", plSrc(plDown(plFieldRef("node", "spec.nodeName")))},
		{"vol.downward.podIP", plSrc(plDown(plFieldRef("ip", "status.podIP")))},
		{"vol.downward.bogus", plSrc(plDown(plFieldRef("x", "metadata.bogus")))},
		{"vol.downward.noFieldPath", plSrc(plDown(plFieldRef("x", "")))},
		{"vol.downward.apiVersionV2", plSrc(plDown(corev1.DownwardAPIVolumeFile{Path: "x", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v2", FieldPath: "metadata.name"}}))},
		{"vol.downward.apiVersionV1", plSrc(plDown(corev1.DownwardAPIVolumeFile{Path: "x", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}))},
		{"vol.downward.noPath", plSrc(plDown(plFieldRef("", "metadata.name")))},
		{"vol.downward.absPath", plSrc(plDown(plFieldRef("/x", "metadata.name")))},
		{"vol.downward.neither", plSrc(plDown(corev1.DownwardAPIVolumeFile{Path: "x"}))},
		{"vol.downward.both", plSrc(plDown(corev1.DownwardAPIVolumeFile{Path: "x", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}, ResourceFieldRef: &corev1.ResourceFieldSelector{ContainerName: "main", Resource: "limits.cpu"}}))},
		{"vol.downward.mode=0600", plSrc(plDown(corev1.DownwardAPIVolumeFile{Path: "x", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}, Mode: ptr[int32](0600)}))},
		{"vol.downward.mode=01777", plSrc(plDown(corev1.DownwardAPIVolumeFile{Path: "x", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}, Mode: ptr[int32](01777)}))},
		{"vol.downward.defaultMode=-1", plSrc(corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{DefaultMode: ptr[int32](-1)}})},
		{"vol.downward.empty", plSrc(plDown())},
		{"vol.downward.cpu", plSrc(plDown(plResRef("cpu", "main", "limits.cpu", "")))},
		{"vol.downward.cpu.unknownContainer", plSrc(plDown(plResRef("cpu", "other", "limits.cpu", "")))},
		{"vol.downward.cpu.noContainer", plSrc(plDown(plResRef("cpu", "", "limits.cpu", "")))},
		{"vol.downward.noResource", plSrc(plDown(plResRef("cpu", "main", "", "")))},
		{"vol.downward.badResource", plSrc(plDown(plResRef("cpu", "main", "limits.gpu", "")))},
		{"vol.downward.hugepages", plSrc(plDown(plResRef("hp", "main", "requests.hugepages-2Mi", "")))},
		{"vol.downward.ephemeral", plSrc(plDown(plResRef("es", "main", "requests.ephemeral-storage", "1Mi")))},
		{"vol.downward.cpuDivisor1m", plSrc(plDown(plResRef("cpu", "main", "requests.cpu", "1m")))},
		{"vol.downward.cpuDivisor2", plSrc(plDown(plResRef("cpu", "main", "requests.cpu", "2")))},
		{"vol.downward.memDivisor1Mi", plSrc(plDown(plResRef("mem", "main", "limits.memory", "1Mi")))},
		{"vol.downward.memDivisor1m", plSrc(plDown(plResRef("mem", "main", "limits.memory", "1m")))},
		{"vol.downward.twoItemsBad", plSrc(plDown(plFieldRef("", "spec.nodeName"), plResRef("x", "", "", "")))},
		// projected
		{"vol.projected.empty", plSrc(plProj())},
		{"vol.projected.emptySource", plSrc(plProj(corev1.VolumeProjection{}))},
		{"vol.projected.token", plSrc(plProj(plTok("token", nil)))},
		{"vol.projected.token.600", plSrc(plProj(plTok("token", ptr[int64](600))))},
		{"vol.projected.token.599", plSrc(plProj(plTok("token", ptr[int64](599))))},
		{"vol.projected.token.2^32", plSrc(plProj(plTok("token", ptr[int64](1<<32))))},
		{"vol.projected.token.2^32+1", plSrc(plProj(plTok("token", ptr[int64](1<<32+1))))},
		{"vol.projected.token.noPath", plSrc(plProj(plTok("", nil)))},
		{"vol.projected.token.absPath", plSrc(plProj(plTok("/token", nil)))},
		{"vol.projected.token.dotdot", plSrc(plProj(plTok("../token", nil)))},
		{"vol.projected.token.audience", plSrc(plProj(corev1.VolumeProjection{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Audience: "vault", Path: "t"}}))},
		{"vol.projected.secretAndCM", plSrc(plProj(plProjSecret("s", plKP("a", "a")), plProjCM("c", plKP("b", "b"))))},
		{"vol.projected.duplicatePaths", plSrc(plProj(plProjSecret("s", plKP("a", "x")), plProjCM("c", plKP("b", "x"))))},
		{"vol.projected.secretNoName", plSrc(plProj(plProjSecret("")))},
		{"vol.projected.cmNoName", plSrc(plProj(plProjCM("")))},
		{"vol.projected.badItem", plSrc(plProj(plProjCM("c", plKP("", "/x"))))},
		{"vol.projected.twoInOne", plSrc(plProj(corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "s"}}, ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}}}))},
		{"vol.projected.downward", plSrc(plProj(corev1.VolumeProjection{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{plFieldRef("labels", "metadata.labels")}}}))},
		{"vol.projected.downwardBad", plSrc(plProj(corev1.VolumeProjection{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{plFieldRef("n", "spec.nodeName")}}}))},
		{"vol.projected.downwardDupPath", plSrc(plProj(plProjCM("c", plKP("a", "x")), corev1.VolumeProjection{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{plFieldRef("x", "metadata.name")}}}))},
		{"vol.projected.defaultMode=-1", plSrc(corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{DefaultMode: ptr[int32](-1)}})},
		{"vol.projected.defaultMode=0440", plSrc(corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{DefaultMode: ptr[int32](0440)}})},
		{"vol.projected.clusterTrustBundleDropped", plSrc(plProj(corev1.VolumeProjection{ClusterTrustBundle: &corev1.ClusterTrustBundleProjection{}}))},
		{"vol.projected.podCertificateDropped", plSrc(plProj(corev1.VolumeProjection{PodCertificate: &corev1.PodCertificateProjection{}}))},
		// persistentVolumeClaim
		{"vol.pvc", plSrc(corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "cache"}})},
		{"vol.pvc.readOnly", plSrc(corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "cache", ReadOnly: true}})},
		{"vol.pvc.noClaim", plSrc(corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{}})},
		{"vol.pvc.badName", plSrc(corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "Bad_Name"}})},
		// ephemeral
		{"vol.ephemeral", plSrc(plEph(nil))},
		{"vol.ephemeral.noTemplate", plSrc(corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{}})},
		{"vol.ephemeral.noAccessModes", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.AccessModes = nil }))},
		{"vol.ephemeral.badAccessMode", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{"ReadWriteSometimes"}
		}))},
		{"vol.ephemeral.rwopWithRwo", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOncePod, corev1.ReadWriteOnce}
		}))},
		{"vol.ephemeral.rwop", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOncePod}
		}))},
		{"vol.ephemeral.noStorage", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.Resources.Requests = nil }))},
		{"vol.ephemeral.storage0", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("0")
		}))},
		{"vol.ephemeral.storage1", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("1")
		}))},
		{"vol.ephemeral.volumeModeBlock", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.VolumeMode = ptr(corev1.PersistentVolumeBlock) }))},
		{"vol.ephemeral.volumeModeBogus", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.VolumeMode = ptr(corev1.PersistentVolumeMode("Raw"))
		}))},
		{"vol.ephemeral.storageClass", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.StorageClassName = ptr("fast-ssd") }))},
		{"vol.ephemeral.storageClassEmpty", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.StorageClassName = ptr("") }))},
		{"vol.ephemeral.storageClassBad", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.StorageClassName = ptr("Fast_SSD") }))},
		{"vol.ephemeral.metadataName", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Name = "x" }))},
		{"vol.ephemeral.metadataUID", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.UID = "0000-1111"
			t.Namespace = "x"
			t.Finalizers = []string{"a/b"}
		}))},
		{"vol.ephemeral.labels", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Labels = map[string]string{"app": "cache"} }))},
		{"vol.ephemeral.badLabel", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Labels = map[string]string{"app": "bad value"} }))},
		{"vol.ephemeral.badAnnotation", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Annotations = map[string]string{"bad key": "x"} }))},
		{"vol.ephemeral.dataSourcePVC", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSource = &corev1.TypedLocalObjectReference{Kind: "PersistentVolumeClaim", Name: "src"}
		}))},
		{"vol.ephemeral.dataSourceNoKind", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSource = &corev1.TypedLocalObjectReference{Name: "src"}
		}))},
		{"vol.ephemeral.dataSourceSnapshot", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSource = &corev1.TypedLocalObjectReference{APIGroup: ptr("snapshot.storage.k8s.io"), Kind: "VolumeSnapshot", Name: "snap"}
		}))},
		{"vol.ephemeral.selectorBad", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.Selector = plSel("app", "bad value") }))},
		// image
		{"vol.image", plSrc(corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: "busybox:1.36"}})},
		{"vol.image.noReference", plSrc(corev1.VolumeSource{Image: &corev1.ImageVolumeSource{}})},
		{"vol.image.pullAlways", plSrc(corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: "busybox", PullPolicy: corev1.PullAlways}})},
		{"vol.image.pullBogus", plSrc(corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: "busybox", PullPolicy: "Sometimes"}})},
		// nfs, iscsi, csi and others
		{"vol.nfs", plSrc(corev1.VolumeSource{NFS: &corev1.NFSVolumeSource{Server: "nfs.example.com", Path: "/exports"}})},
		{"vol.nfs.noServer", plSrc(corev1.VolumeSource{NFS: &corev1.NFSVolumeSource{Path: "/exports"}})},
		{"vol.nfs.relative", plSrc(corev1.VolumeSource{NFS: &corev1.NFSVolumeSource{Server: "nfs", Path: "exports"}})},
		{"vol.nfs.noPath", plSrc(corev1.VolumeSource{NFS: &corev1.NFSVolumeSource{Server: "nfs"}})},
		{"vol.iscsi", plSrc(plISCSI(nil))},
		{"vol.iscsi.noPortal", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.TargetPortal = "" }))},
		{"vol.iscsi.badPrefix", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.IQN = "foo" }))},
		{"vol.iscsi.badIqn", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.IQN = "iqn.bad" }))},
		{"vol.iscsi.eui", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.IQN = "eui.02004567A425678D" }))},
		{"vol.iscsi.lun256", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.Lun = 256 }))},
		{"vol.iscsi.chapNoSecret", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.SessionCHAPAuth = true }))},
		{"vol.iscsi.initiator", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.InitiatorName = ptr("iqn.1996-04.de.suse:01:a") }))},
		{"vol.iscsi.badInitiator", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.InitiatorName = ptr("bogus") }))},
		{"vol.iscsi.longName", plVol(corev1.Volume{Name: name(60), VolumeSource: plISCSI(func(s *corev1.ISCSIVolumeSource) { s.InitiatorName = ptr("iqn.1996-04.de.suse:01:a") })})},
		{"vol.csi", plSrc(plCSI("csi.example.com"))},
		{"vol.csi.upper", plSrc(plCSI("CSI.Example.com"))},
		{"vol.csi.noDriver", plSrc(plCSI(""))},
		{"vol.csi.underscore", plSrc(plCSI("csi_driver"))},
		{"vol.csi.64", plSrc(plCSI(name(64)))},
		{"vol.csi.secretNoName", plSrc(corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "csi.example.com", NodePublishSecretRef: &corev1.LocalObjectReference{}}})},
		{"vol.csi.secretBadName", plSrc(corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "csi.example.com", NodePublishSecretRef: &corev1.LocalObjectReference{Name: "Bad_Name"}}})},
		{"vol.csi.attributes", plSrc(corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "csi.example.com", VolumeAttributes: map[string]string{"any key": "v"}, FSType: ptr("ext4")}})},
		{"vol.gitRepo", plSrc(corev1.VolumeSource{GitRepo: &corev1.GitRepoVolumeSource{Repository: "https://example.com/r.git"}})},
		{"vol.gitRepo.noRepo", plSrc(corev1.VolumeSource{GitRepo: &corev1.GitRepoVolumeSource{}})},
		{"vol.gitRepo.absDir", plSrc(corev1.VolumeSource{GitRepo: &corev1.GitRepoVolumeSource{Repository: "r", Directory: "/x"}})},
		{"vol.fc.wwids", plSrc(corev1.VolumeSource{FC: &corev1.FCVolumeSource{WWIDs: []string{"3600508b400105e210000900000490000"}}})},
		{"vol.fc.none", plSrc(corev1.VolumeSource{FC: &corev1.FCVolumeSource{}})},
		{"vol.fc.noLun", plSrc(corev1.VolumeSource{FC: &corev1.FCVolumeSource{TargetWWNs: []string{"500a0982991b8dc5"}}})},
		{"vol.fc.lun", plSrc(corev1.VolumeSource{FC: &corev1.FCVolumeSource{TargetWWNs: []string{"500a0982991b8dc5"}, Lun: ptr[int32](2)}})},
		{"vol.rbd.empty", plSrc(corev1.VolumeSource{RBD: &corev1.RBDVolumeSource{}})},
		{"vol.cephfs.empty", plSrc(corev1.VolumeSource{CephFS: &corev1.CephFSVolumeSource{}})},
		{"vol.cinder.empty", plSrc(corev1.VolumeSource{Cinder: &corev1.CinderVolumeSource{}})},
		{"vol.glusterfs.empty", plSrc(corev1.VolumeSource{Glusterfs: &corev1.GlusterfsVolumeSource{}})},
		{"vol.flocker.both", plSrc(corev1.VolumeSource{Flocker: &corev1.FlockerVolumeSource{DatasetName: "a/b", DatasetUUID: "u"}})},
		{"vol.flocker.name", plSrc(corev1.VolumeSource{Flocker: &corev1.FlockerVolumeSource{DatasetName: "ds"}})},
		{"vol.azureFile.empty", plSrc(corev1.VolumeSource{AzureFile: &corev1.AzureFileVolumeSource{}})},
		{"vol.azureDisk.managedHttps", plSrc(corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{DiskName: "d", DataDiskURI: "https://x", Kind: ptr(corev1.AzureManagedDisk)}})},
		{"vol.azureDisk.valid", plSrc(corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{DiskName: "d", DataDiskURI: "https://a.blob.core.windows.net/c/d.vhd"}})},
		{"vol.quobyte.badRegistry", plSrc(corev1.VolumeSource{Quobyte: &corev1.QuobyteVolumeSource{Registry: "host", Volume: "v"}})},
		{"vol.flex.reservedOption", plSrc(corev1.VolumeSource{FlexVolume: &corev1.FlexVolumeSource{Driver: "example/lvm", Options: map[string]string{"kubernetes.io/x": "y"}}})},
		{"vol.flex.noDriver", plSrc(corev1.VolumeSource{FlexVolume: &corev1.FlexVolumeSource{}})},
		{"vol.storageos.badName", plSrc(corev1.VolumeSource{StorageOS: &corev1.StorageOSVolumeSource{VolumeName: "Bad_Name"}})},
		{"vol.scaleIO.empty", plSrc(corev1.VolumeSource{ScaleIO: &corev1.ScaleIOVolumeSource{}})},
		{"vol.gcePD.partition", plSrc(corev1.VolumeSource{GCEPersistentDisk: &corev1.GCEPersistentDiskVolumeSource{Partition: 256}})},
		{"vol.awsEBS.valid", plSrc(corev1.VolumeSource{AWSElasticBlockStore: &corev1.AWSElasticBlockStoreVolumeSource{VolumeID: "vol-1"}})},
		{"vol.vsphere.empty", plSrc(corev1.VolumeSource{VsphereVolume: &corev1.VsphereVirtualDiskVolumeSource{}})},
		{"vol.photon.empty", plSrc(corev1.VolumeSource{PhotonPersistentDisk: &corev1.PhotonPersistentDiskVolumeSource{}})},
		{"vol.portworx.empty", plSrc(corev1.VolumeSource{PortworxVolume: &corev1.PortworxVolumeSource{}})},

		// ---- scheduling: node affinity
		{"sched.nodeAffinity.in", plNodeReq(plReq("disktype", corev1.NodeSelectorOpIn, "ssd"))},
		{"sched.nodeAffinity.noTerms", plSpec(func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{}}}
		})},
		{"sched.nodeAffinity.emptyTerm", plNodeReq()},
		{"sched.nodeAffinity.emptyAffinity", plSpec(func(s *corev1.PodSpec) { s.Affinity = &corev1.Affinity{} })},
		{"sched.nodeAffinity.inNoValues", plNodeReq(plReq("disktype", corev1.NodeSelectorOpIn))},
		{"sched.nodeAffinity.notIn", plNodeReq(plReq("disktype", corev1.NodeSelectorOpNotIn, "hdd", "tape"))},
		{"sched.nodeAffinity.existsWithValues", plNodeReq(plReq("disktype", corev1.NodeSelectorOpExists, "ssd"))},
		{"sched.nodeAffinity.exists", plNodeReq(plReq("disktype", corev1.NodeSelectorOpExists))},
		{"sched.nodeAffinity.doesNotExist", plNodeReq(plReq("spot", corev1.NodeSelectorOpDoesNotExist))},
		{"sched.nodeAffinity.gt", plNodeReq(plReq("cores", corev1.NodeSelectorOpGt, "8"))},
		{"sched.nodeAffinity.gtTwoValues", plNodeReq(plReq("cores", corev1.NodeSelectorOpGt, "8", "9"))},
		{"sched.nodeAffinity.ltNoValue", plNodeReq(plReq("cores", corev1.NodeSelectorOpLt))},
		{"sched.nodeAffinity.badOperator", plNodeReq(plReq("disktype", "Equals", "ssd"))},
		{"sched.nodeAffinity.badKey", plNodeReq(plReq("bad key", corev1.NodeSelectorOpExists))},
		{"sched.nodeAffinity.emptyKey", plNodeReq(plReq("", corev1.NodeSelectorOpExists))},
		{"sched.nodeAffinity.badValue", plNodeReq(plReq("disktype", corev1.NodeSelectorOpIn, "ssd", "bad value"))},
		{"sched.nodeAffinity.prefixedKey", plNodeReq(plReq("node.kubernetes.io/instance-type", corev1.NodeSelectorOpIn, "m5.large"))},
		{"sched.nodeAffinity.matchFields", plNodeFields(plReq("metadata.name", corev1.NodeSelectorOpIn, "node-1"))},
		{"sched.nodeAffinity.matchFieldsTwoValues", plNodeFields(plReq("metadata.name", corev1.NodeSelectorOpIn, "a", "b"))},
		{"sched.nodeAffinity.matchFieldsExists", plNodeFields(plReq("metadata.name", corev1.NodeSelectorOpExists))},
		{"sched.nodeAffinity.matchFieldsBadKey", plNodeFields(plReq("metadata.labels", corev1.NodeSelectorOpIn, "a"))},
		{"sched.nodeAffinity.matchFieldsBadName", plNodeFields(plReq("metadata.name", corev1.NodeSelectorOpNotIn, "Bad_Node"))},
		{"sched.nodeAffinity.preferred", plNodePref(50, plReq("disktype", corev1.NodeSelectorOpIn, "ssd"))},
		{"sched.nodeAffinity.preferredWeight0", plNodePref(0, plReq("disktype", corev1.NodeSelectorOpIn, "ssd"))},
		{"sched.nodeAffinity.preferredWeight1", plNodePref(1, plReq("disktype", corev1.NodeSelectorOpIn, "ssd"))},
		{"sched.nodeAffinity.preferredWeight100", plNodePref(100, plReq("disktype", corev1.NodeSelectorOpIn, "ssd"))},
		{"sched.nodeAffinity.preferredWeight101", plNodePref(101, plReq("disktype", corev1.NodeSelectorOpIn, "ssd"))},
		{"sched.nodeAffinity.preferredBadValue", plNodePref(10, plReq("disktype", corev1.NodeSelectorOpIn, "bad value"))},
		{"sched.nodeAffinity.preferredBadOperator", plNodePref(10, plReq("disktype", "Like", "x"))},
		{"sched.nodeAffinity.preferredEmpty", plNodePref(10)},
		// pod affinity and anti-affinity
		{"sched.podAffinity", plPodAff(plTerm(nil))},
		{"sched.podAffinity.noTopologyKey", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.TopologyKey = "" }))},
		{"sched.podAffinity.badTopologyKey", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.TopologyKey = "bad key" }))},
		{"sched.podAffinity.noSelector", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.LabelSelector = nil }))},
		{"sched.podAffinity.badSelectorValue", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.LabelSelector = plSel("app", "bad value") }))},
		{"sched.podAffinity.badSelectorOp", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) {
			t.LabelSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: "Equals", Values: []string{"x"}}}}
		}))},
		{"sched.podAffinity.selectorExpr", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) {
			t.LabelSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: metav1.LabelSelectorOpIn, Values: []string{"a", "b"}}}}
		}))},
		{"sched.podAffinity.selectorInNoValues", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) {
			t.LabelSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: metav1.LabelSelectorOpIn}}}
		}))},
		{"sched.podAffinity.namespaces", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.Namespaces = []string{"default", "batch"} }))},
		{"sched.podAffinity.badNamespace", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.Namespaces = []string{"Bad_NS"} }))},
		{"sched.podAffinity.namespaceSelector", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.NamespaceSelector = plSel("team", "data") }))},
		{"sched.podAffinity.emptyNamespaceSelector", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.NamespaceSelector = &metav1.LabelSelector{} }))},
		{"sched.podAffinity.badNamespaceSelector", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.NamespaceSelector = plSel("bad key", "x") }))},
		{"sched.podAffinity.matchLabelKeys", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.MatchLabelKeys = []string{"pod-template-hash"} }))},
		{"sched.podAffinity.mismatchLabelKeys", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.MismatchLabelKeys = []string{"tenant"} }))},
		{"sched.podAffinity.matchLabelKeysNoSelector", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) {
			t.LabelSelector = nil
			t.MatchLabelKeys = []string{"pod-template-hash"}
		}))},
		{"sched.podAffinity.matchLabelKeysBad", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.MatchLabelKeys = []string{"bad key"} }))},
		{"sched.podAffinity.matchAndMismatch", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) {
			t.MatchLabelKeys = []string{"tenant"}
			t.MismatchLabelKeys = []string{"tenant"}
		}))},
		{"sched.podAffinity.matchLabelKeyInSelector", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) {
			t.LabelSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"tenant": "a"}, MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tenant", Operator: metav1.LabelSelectorOpExists}}}
			t.MatchLabelKeys = []string{"tenant"}
		}))},
		{"sched.podAntiAffinity.preferred", plPodAntiPref(100, plTerm(nil))},
		{"sched.podAntiAffinity.weight0", plPodAntiPref(0, plTerm(nil))},
		{"sched.podAntiAffinity.weight101", plPodAntiPref(101, plTerm(nil))},
		{"sched.podAntiAffinity.noTopologyKey", plPodAntiPref(10, plTerm(func(t *corev1.PodAffinityTerm) { t.TopologyKey = "" }))},
		{"sched.podAntiAffinity.required", plSpec(func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{plTerm(nil), plTerm(func(t *corev1.PodAffinityTerm) { t.TopologyKey = "" })}}}
		})},
		{"sched.podAffinity.preferredBadWeightAndKey", plSpec(func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{PodAffinity: &corev1.PodAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: -1, PodAffinityTerm: plTerm(func(t *corev1.PodAffinityTerm) { t.TopologyKey = "a b" })}}}}
		})},
		// tolerations
		{"sched.toleration.existsAll", plTol(corev1.Toleration{Operator: corev1.TolerationOpExists})},
		{"sched.toleration.equal", plTol(corev1.Toleration{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "batch", Effect: corev1.TaintEffectNoSchedule})},
		{"sched.toleration.noOperator", plTol(corev1.Toleration{Key: "dedicated", Value: "batch"})},
		{"sched.toleration.emptyKeyEqual", plTol(corev1.Toleration{Operator: corev1.TolerationOpEqual, Value: "x"})},
		{"sched.toleration.emptyKeyNoOperator", plTol(corev1.Toleration{})},
		{"sched.toleration.badOperator", plTol(corev1.Toleration{Key: "k", Operator: "In"})},
		{"sched.toleration.lt", plTol(corev1.Toleration{Key: "k", Operator: "Lt", Value: "5"})},
		{"sched.toleration.badEffect", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: "NoRun"})},
		{"sched.toleration.preferNoSchedule", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectPreferNoSchedule})},
		{"sched.toleration.secondsNoExecute", plTol(corev1.Toleration{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](300)})},
		{"sched.toleration.secondsNegative", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](-1)})},
		{"sched.toleration.secondsNoSchedule", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule, TolerationSeconds: ptr[int64](60)})},
		{"sched.toleration.secondsNoEffect", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, TolerationSeconds: ptr[int64](60)})},
		{"sched.toleration.existsWithValue", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Value: "v"})},
		{"sched.toleration.badValue", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpEqual, Value: "bad value"})},
		{"sched.toleration.badKey", plTol(corev1.Toleration{Key: "bad key", Operator: corev1.TolerationOpExists})},
		{"sched.toleration.prefixedKey", plTol(corev1.Toleration{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule})},
		{"sched.toleration.several", plTol(corev1.Toleration{Key: "a", Operator: corev1.TolerationOpExists}, corev1.Toleration{Key: "", Operator: "Equal"}, corev1.Toleration{Key: "c", Effect: "Bogus"})},
		// topology spread
		{"sched.spread", plSpread(plTSC(nil))},
		{"sched.spread.scheduleAnyway", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.WhenUnsatisfiable = corev1.ScheduleAnyway }))},
		{"sched.spread.maxSkew0", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.MaxSkew = 0 }))},
		{"sched.spread.maxSkew-1", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.MaxSkew = -1 }))},
		{"sched.spread.maxSkew5", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.MaxSkew = 5 }))},
		{"sched.spread.noTopologyKey", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.TopologyKey = "" }))},
		{"sched.spread.oddTopologyKey", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.TopologyKey = "bad key" }))},
		{"sched.spread.noWhen", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.WhenUnsatisfiable = "" }))},
		{"sched.spread.badWhen", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.WhenUnsatisfiable = "Never" }))},
		{"sched.spread.duplicate", plSpread(plTSC(nil), plTSC(nil))},
		{"sched.spread.twoKeys", plSpread(plTSC(nil), plTSC(func(c *corev1.TopologySpreadConstraint) { c.TopologyKey = "kubernetes.io/hostname" }))},
		{"sched.spread.sameKeyOtherWhen", plSpread(plTSC(nil), plTSC(func(c *corev1.TopologySpreadConstraint) { c.WhenUnsatisfiable = corev1.ScheduleAnyway }))},
		{"sched.spread.minDomains", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.MinDomains = ptr[int32](3) }))},
		{"sched.spread.minDomains0", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.MinDomains = ptr[int32](0) }))},
		{"sched.spread.minDomainsAnyway", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) {
			c.MinDomains = ptr[int32](2)
			c.WhenUnsatisfiable = corev1.ScheduleAnyway
		}))},
		{"sched.spread.nodeAffinityPolicy", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.NodeAffinityPolicy = ptr(corev1.NodeInclusionPolicyIgnore) }))},
		{"sched.spread.nodeAffinityPolicyBad", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) {
			c.NodeAffinityPolicy = ptr(corev1.NodeInclusionPolicy("Always"))
		}))},
		{"sched.spread.nodeTaintsPolicy", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.NodeTaintsPolicy = ptr(corev1.NodeInclusionPolicyHonor) }))},
		{"sched.spread.nodeTaintsPolicyBad", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) {
			c.NodeTaintsPolicy = ptr(corev1.NodeInclusionPolicy("honor"))
		}))},
		{"sched.spread.matchLabelKeys", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.MatchLabelKeys = []string{"batch.kubernetes.io/job-name"} }))},
		{"sched.spread.matchLabelKeysNoSelector", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) {
			c.LabelSelector = nil
			c.MatchLabelKeys = []string{"app"}
		}))},
		{"sched.spread.matchLabelKeysBad", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.MatchLabelKeys = []string{"-bad"} }))},
		{"sched.spread.noSelector", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.LabelSelector = nil }))},
		{"sched.spread.badSelector", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) { c.LabelSelector = plSel("app", "bad value") }))},
		{"sched.spread.allBad", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) {
			c.MaxSkew = 0
			c.TopologyKey = ""
			c.WhenUnsatisfiable = "x"
			c.MinDomains = ptr[int32](-1)
		}))},
		// names and the rest
		{"sched.nodeName", plSpec(func(s *corev1.PodSpec) { s.NodeName = "node-1.example.com" })},
		{"sched.nodeName.bad", plSpec(func(s *corev1.PodSpec) { s.NodeName = "Node_1" })},
		{"sched.nodeName.long", plSpec(func(s *corev1.PodSpec) { s.NodeName = name(254) })},
		{"sched.schedulerName", plSpec(func(s *corev1.PodSpec) { s.SchedulerName = "my-scheduler" })},
		{"sched.schedulerName.odd", plSpec(func(s *corev1.PodSpec) { s.SchedulerName = "My Scheduler" })},
		{"sched.priorityClassName", plSpec(func(s *corev1.PodSpec) { s.PriorityClassName = "high-priority" })},
		{"sched.priorityClassName.bad", plSpec(func(s *corev1.PodSpec) { s.PriorityClassName = "High_Priority" })},
		{"sched.priority", plSpec(func(s *corev1.PodSpec) { s.Priority = ptr[int32](1000) })},
		{"sched.preemptionPolicy.never", plSpec(func(s *corev1.PodSpec) { s.PreemptionPolicy = ptr(corev1.PreemptNever) })},
		{"sched.preemptionPolicy.lower", plSpec(func(s *corev1.PodSpec) { s.PreemptionPolicy = ptr(corev1.PreemptLowerPriority) })},
		{"sched.preemptionPolicy.empty", plSpec(func(s *corev1.PodSpec) { s.PreemptionPolicy = ptr(corev1.PreemptionPolicy("")) })},
		{"sched.preemptionPolicy.bogus", plSpec(func(s *corev1.PodSpec) { s.PreemptionPolicy = ptr(corev1.PreemptionPolicy("Always")) })},
		{"sched.runtimeClassName", plSpec(func(s *corev1.PodSpec) { s.RuntimeClassName = ptr("gvisor") })},
		{"sched.runtimeClassName.empty", plSpec(func(s *corev1.PodSpec) { s.RuntimeClassName = ptr("") })},
		{"sched.runtimeClassName.bad", plSpec(func(s *corev1.PodSpec) { s.RuntimeClassName = ptr("gVisor") })},
		{"sched.schedulingGates", plSpec(func(s *corev1.PodSpec) {
			s.SchedulingGates = []corev1.PodSchedulingGate{{Name: "example.com/quota"}, {Name: "ready"}}
		})},
		{"sched.schedulingGates.duplicate", plSpec(func(s *corev1.PodSpec) {
			s.SchedulingGates = []corev1.PodSchedulingGate{{Name: "ready"}, {Name: "ready"}}
		})},
		{"sched.schedulingGates.bad", plSpec(func(s *corev1.PodSpec) { s.SchedulingGates = []corev1.PodSchedulingGate{{Name: "bad gate"}} })},
		{"sched.schedulingGates.empty", plSpec(func(s *corev1.PodSpec) { s.SchedulingGates = []corev1.PodSchedulingGate{{Name: ""}} })},
		{"sched.readinessGates", plSpec(func(s *corev1.PodSpec) {
			s.ReadinessGates = []corev1.PodReadinessGate{{ConditionType: "example.com/ready"}}
		})},
		{"sched.readinessGates.bad", plSpec(func(s *corev1.PodSpec) { s.ReadinessGates = []corev1.PodReadinessGate{{ConditionType: "not ready"}} })},
		{"sched.readinessGates.empty", plSpec(func(s *corev1.PodSpec) { s.ReadinessGates = []corev1.PodReadinessGate{{}} })},
		{"sched.overhead", plSpec(func(s *corev1.PodSpec) {
			s.Overhead = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("120Mi")}
		})},
		{"sched.overhead.negative", plSpec(func(s *corev1.PodSpec) {
			s.Overhead = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("-1")}
		})},
		{"sched.overhead.pods", plSpec(func(s *corev1.PodSpec) { s.Overhead = corev1.ResourceList{"pods": resource.MustParse("1")} })},
		{"sched.overhead.bogus", plSpec(func(s *corev1.PodSpec) { s.Overhead = corev1.ResourceList{"bogus": resource.MustParse("1")} })},
		{"sched.overhead.extended", plSpec(func(s *corev1.PodSpec) {
			s.Overhead = corev1.ResourceList{"example.com/dongle": resource.MustParse("1")}
		})},
		{"sched.overhead.extendedFraction", plSpec(func(s *corev1.PodSpec) {
			s.Overhead = corev1.ResourceList{"example.com/dongle": resource.MustParse("500m")}
		})},
		{"sched.overhead.empty", plSpec(func(s *corev1.PodSpec) { s.Overhead = corev1.ResourceList{} })},

		// ---- the pod's securityContext
		{"sec.runAsUser=0", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsUser = ptr[int64](0) })},
		{"sec.runAsUser=1000", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsUser = ptr[int64](1000) })},
		{"sec.runAsUser=-1", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsUser = ptr[int64](-1) })},
		{"sec.runAsUser=max", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsUser = ptr[int64](2147483647) })},
		{"sec.runAsUser=max+1", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsUser = ptr[int64](2147483648) })},
		{"sec.runAsGroup=3000", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsGroup = ptr[int64](3000) })},
		{"sec.runAsGroup=-1", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsGroup = ptr[int64](-1) })},
		{"sec.fsGroup=2000", plSC(func(sc *corev1.PodSecurityContext) { sc.FSGroup = ptr[int64](2000) })},
		{"sec.fsGroup=-5", plSC(func(sc *corev1.PodSecurityContext) { sc.FSGroup = ptr[int64](-5) })},
		{"sec.fsGroup=huge", plSC(func(sc *corev1.PodSecurityContext) { sc.FSGroup = ptr[int64](1 << 40) })},
		{"sec.runAsNonRoot", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsNonRoot = ptr(true) })},
		{"sec.supplementalGroups", plSC(func(sc *corev1.PodSecurityContext) { sc.SupplementalGroups = []int64{0, 1000, 2147483647} })},
		{"sec.supplementalGroups.bad", plSC(func(sc *corev1.PodSecurityContext) { sc.SupplementalGroups = []int64{1000, -1, 1 << 32} })},
		{"sec.supplementalGroupsPolicy.merge", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SupplementalGroupsPolicy = ptr(corev1.SupplementalGroupsPolicyMerge)
		})},
		{"sec.supplementalGroupsPolicy.strict", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SupplementalGroupsPolicy = ptr(corev1.SupplementalGroupsPolicyStrict)
		})},
		{"sec.supplementalGroupsPolicy.bogus", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SupplementalGroupsPolicy = ptr(corev1.SupplementalGroupsPolicy("Union"))
		})},
		{"sec.fsGroupChangePolicy", plSC(func(sc *corev1.PodSecurityContext) { sc.FSGroupChangePolicy = ptr(corev1.FSGroupChangeOnRootMismatch) })},
		{"sec.fsGroupChangePolicy.always", plSC(func(sc *corev1.PodSecurityContext) { sc.FSGroupChangePolicy = ptr(corev1.FSGroupChangeAlways) })},
		{"sec.fsGroupChangePolicy.bogus", plSC(func(sc *corev1.PodSecurityContext) {
			sc.FSGroupChangePolicy = ptr(corev1.PodFSGroupChangePolicy("Never"))
		})},
		{"sec.sysctls", plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "net.core.somaxconn", Value: "1024"}, {Name: "kernel.shm_rmid_forced", Value: "1"}}
		})},
		{"sec.sysctls.slash", plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "net/ipv4/ip_local_port_range", Value: "1024 65000"}}
		})},
		{"sec.sysctls.noName", plSC(func(sc *corev1.PodSecurityContext) { sc.Sysctls = []corev1.Sysctl{{Value: "1"}} })},
		{"sec.sysctls.badName", plSC(func(sc *corev1.PodSecurityContext) { sc.Sysctls = []corev1.Sysctl{{Name: "Net.Core", Value: "1"}} })},
		{"sec.sysctls.trailingDot", plSC(func(sc *corev1.PodSecurityContext) { sc.Sysctls = []corev1.Sysctl{{Name: "net.core.", Value: "1"}} })},
		{"sec.sysctls.duplicate", plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "kernel.msgmax", Value: "1"}, {Name: "kernel.msgmax", Value: "2"}}
		})},
		{"sec.sysctls.hostNetwork", plAll(plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }), plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "net.ipv4.tcp_syncookies", Value: "1"}, {Name: "kernel.shmmax", Value: "1"}}
		}))},
		{"sec.sysctls.hostIPC", plAll(plSpec(func(s *corev1.PodSpec) { s.HostIPC = true }), plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "kernel.shmmax", Value: "1"}, {Name: "fs.mqueue.msg_max", Value: "1"}, {Name: "net.core.somaxconn", Value: "1"}}
		}))},
		{"sec.seccomp.runtimeDefault", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
		})},
		{"sec.seccomp.unconfined", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined}
		})},
		{"sec.seccomp.localhost", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost, LocalhostProfile: ptr("profiles/audit.json")}
		})},
		{"sec.seccomp.localhostNoProfile", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost}
		})},
		{"sec.seccomp.localhostAbs", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost, LocalhostProfile: ptr("/etc/x.json")}
		})},
		{"sec.seccomp.localhostDotdot", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost, LocalhostProfile: ptr("../x.json")}
		})},
		{"sec.seccomp.noType", plSC(func(sc *corev1.PodSecurityContext) { sc.SeccompProfile = &corev1.SeccompProfile{} })},
		{"sec.seccomp.bogus", plSC(func(sc *corev1.PodSecurityContext) { sc.SeccompProfile = &corev1.SeccompProfile{Type: "Strict"} })},
		{"sec.seccomp.defaultWithProfile", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault, LocalhostProfile: ptr("x.json")}
		})},
		{"sec.appArmor.runtimeDefault", plSC(func(sc *corev1.PodSecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
		})},
		{"sec.appArmor.localhost", plSC(func(sc *corev1.PodSecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: ptr("k8s-apparmor-example")}
		})},
		{"sec.appArmor.localhostNoProfile", plSC(func(sc *corev1.PodSecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost}
		})},
		{"sec.appArmor.localhostEmpty", plSC(func(sc *corev1.PodSecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: ptr("")}
		})},
		{"sec.appArmor.localhostPadded", plSC(func(sc *corev1.PodSecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: ptr(" x ")}
		})},
		{"sec.appArmor.noType", plSC(func(sc *corev1.PodSecurityContext) { sc.AppArmorProfile = &corev1.AppArmorProfile{} })},
		{"sec.appArmor.bogus", plSC(func(sc *corev1.PodSecurityContext) { sc.AppArmorProfile = &corev1.AppArmorProfile{Type: "Enforce"} })},
		{"sec.appArmor.unconfinedWithProfile", plSC(func(sc *corev1.PodSecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined, LocalhostProfile: ptr("x")}
		})},
		{"sec.seLinuxOptions", plSC(func(sc *corev1.PodSecurityContext) { sc.SELinuxOptions = &corev1.SELinuxOptions{Level: "s0:c123,c456"} })},
		{"sec.seLinuxChangePolicy.recursive", plSC(func(sc *corev1.PodSecurityContext) { sc.SELinuxChangePolicy = ptr(corev1.SELinuxChangePolicyRecursive) })},
		{"sec.seLinuxChangePolicy.mountOption", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SELinuxChangePolicy = ptr(corev1.SELinuxChangePolicyMountOption)
		})},
		{"sec.seLinuxChangePolicy.bogus", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SELinuxChangePolicy = ptr(corev1.PodSELinuxChangePolicy("Never"))
		})},
		{"sec.windowsOptions.user", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("ContainerUser")}
		})},
		{"sec.windowsOptions.domainUser", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(`NT AUTHORITY\NETWORK SERVICE`)}
		})},
		{"sec.windowsOptions.emptyUser", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("")}
		})},
		{"sec.windowsOptions.twoBackslashes", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(`a\b\c`)}
		})},
		{"sec.windowsOptions.badChars", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("a:b")}
		})},
		{"sec.windowsOptions.dots", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("...")}
		})},
		{"sec.windowsOptions.gmsaName", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{GMSACredentialSpecName: ptr("gmsa-webapp")}
		})},
		{"sec.windowsOptions.gmsaBadName", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{GMSACredentialSpecName: ptr("GMSA_WebApp")}
		})},
		{"sec.windowsOptions.gmsaEmptySpec", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{GMSACredentialSpec: ptr("")}
		})},
		{"sec.windowsOptions.hostProcessFalse", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{HostProcess: ptr(false)}
		})},
		{"sec.shareProcessNamespace", plSpec(func(s *corev1.PodSpec) { s.ShareProcessNamespace = ptr(true) })},
		{"sec.shareProcessNamespace.hostPID", plSpec(func(s *corev1.PodSpec) { s.ShareProcessNamespace = ptr(true); s.HostPID = true })},
		{"sec.shareProcessNamespaceFalse.hostPID", plSpec(func(s *corev1.PodSpec) { s.ShareProcessNamespace = ptr(false); s.HostPID = true })},
		// os
		{"sec.os.linux", plOS(corev1.Linux)},
		{"sec.os.windows", plOS(corev1.Windows)},
		{"sec.os.empty", plOS("")},
		{"sec.os.bogus", plOS("darwin")},
		{"sec.os.Linux", plOS("Linux")},
		{"sec.os.bogusWithWindowsOptions", plAll(plOS("plan9"), plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("u")}
		}))},
		{"sec.os.linuxWindowsOptions", plAll(plOS(corev1.Linux), plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("u")}
		}))},
		{"sec.os.linuxContainerWindowsOptions", plAll(plOS(corev1.Linux), plCSC(func(sc *corev1.SecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("u")}
		}))},
		{"sec.os.linuxSeccomp", plAll(plOS(corev1.Linux), plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
			sc.RunAsUser = ptr[int64](1000)
		}))},
		{"sec.os.windowsRunAsUser", plAll(plOS(corev1.Windows), plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsUser = ptr[int64](1000) }))},
		{"sec.os.windowsPodFields", plAll(plOS(corev1.Windows), plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
			sc.FSGroup = ptr[int64](1)
			sc.RunAsGroup = ptr[int64](1)
			sc.SupplementalGroups = []int64{1}
			sc.SELinuxOptions = &corev1.SELinuxOptions{Level: "s0"}
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
			sc.FSGroupChangePolicy = ptr(corev1.FSGroupChangeAlways)
			sc.Sysctls = []corev1.Sysctl{{Name: "kernel.msgmax", Value: "1"}}
			sc.SupplementalGroupsPolicy = ptr(corev1.SupplementalGroupsPolicyMerge)
			sc.SELinuxChangePolicy = ptr(corev1.SELinuxChangePolicyRecursive)
		}))},
		{"sec.os.windowsHostNamespaces", plAll(plOS(corev1.Windows), plSpec(func(s *corev1.PodSpec) {
			s.HostPID = true
			s.HostIPC = true
			s.ShareProcessNamespace = ptr(false)
			s.HostUsers = ptr(true)
		}))},
		{"sec.os.windowsContainerFields", plAll(plOS(corev1.Windows), plCSC(func(sc *corev1.SecurityContext) {
			sc.RunAsUser = ptr[int64](1)
			sc.RunAsGroup = ptr[int64](1)
			sc.Privileged = ptr(false)
			sc.AllowPrivilegeEscalation = ptr(false)
			sc.ReadOnlyRootFilesystem = ptr(true)
			sc.Capabilities = &corev1.Capabilities{}
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
			sc.SELinuxOptions = &corev1.SELinuxOptions{}
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
		}))},
		{"sec.os.windowsInitContainer", plAll(plOS(corev1.Windows), func(t *plTmpl) {
			t.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox:1.36", SecurityContext: &corev1.SecurityContext{RunAsNonRoot: ptr(true), RunAsUser: ptr[int64](5)}}}
		})},
		{"sec.os.windowsOptions", plAll(plOS(corev1.Windows), plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("ContainerUser")}
			sc.RunAsNonRoot = ptr(true)
		}))},
		{"sec.hostProcess.mismatch", plAll(plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{HostProcess: ptr(false)}
		}), plCSC(func(sc *corev1.SecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{HostProcess: ptr(false)}
		}))},
		// seccomp and AppArmor annotations
		{"sec.annotation.seccompPod", plAnn("seccomp.security.alpha.kubernetes.io/pod", "runtime/default")},
		{"sec.annotation.seccompPodBad", plAnn("seccomp.security.alpha.kubernetes.io/pod", "strict")},
		{"sec.annotation.seccompPodLocalhostAbs", plAnn("seccomp.security.alpha.kubernetes.io/pod", "localhost//abs")},
		{"sec.annotation.seccompContainer", plAnn("container.seccomp.security.alpha.kubernetes.io/main", "localhost/profiles/x.json")},
		{"sec.annotation.seccompContainerBad", plAnn("container.seccomp.security.alpha.kubernetes.io/main", "docker")},
		{"sec.annotation.appArmor", plAnn("container.apparmor.security.beta.kubernetes.io/main", "runtime/default")},
		{"sec.annotation.appArmorUnknownContainer", plAnn("container.apparmor.security.beta.kubernetes.io/other", "runtime/default")},
		{"sec.annotation.appArmorBad", plAnn("container.apparmor.security.beta.kubernetes.io/main", "enforce")},

		{"sec.annotation.seccompPodMatches", plAll(plAnn("seccomp.security.alpha.kubernetes.io/pod", "runtime/default"),
			plSC(func(sc *corev1.PodSecurityContext) {
				sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
			}))},
		{"sec.annotation.seccompPodMismatch", plAll(plAnn("seccomp.security.alpha.kubernetes.io/pod", "unconfined"),
			plSC(func(sc *corev1.PodSecurityContext) {
				sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
			}))},
		{"sec.annotation.seccompPodLocalhostMismatch", plAll(plAnn("seccomp.security.alpha.kubernetes.io/pod", "localhost/a.json"),
			plSC(func(sc *corev1.PodSecurityContext) {
				sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost, LocalhostProfile: ptr("b.json")}
			}))},
		{"sec.annotation.seccompContainerMismatch", plAll(plAnn("container.seccomp.security.alpha.kubernetes.io/main", "runtime/default"),
			plCSC(func(sc *corev1.SecurityContext) {
				sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined}
			}))},
		{"sec.annotation.appArmorMatchesPod", plAll(plAnn("container.apparmor.security.beta.kubernetes.io/main", "runtime/default"),
			plSC(func(sc *corev1.PodSecurityContext) {
				sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
			}))},
		{"sec.annotation.appArmorMismatchPod", plAll(plAnn("container.apparmor.security.beta.kubernetes.io/main", "unconfined"),
			plSC(func(sc *corev1.PodSecurityContext) {
				sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
			}))},
		{"sec.annotation.appArmorMismatchContainer", plAll(plAnn("container.apparmor.security.beta.kubernetes.io/main", "localhost/a"),
			plCSC(func(sc *corev1.SecurityContext) {
				sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: ptr("b")}
			}))},

		// ---- pod-level settings
		{"pod.dnsPolicy.default", plDNS(corev1.DNSDefault, nil)},
		{"pod.dnsPolicy.clusterFirst", plDNS(corev1.DNSClusterFirst, nil)},
		{"pod.dnsPolicy.withHostNet", plDNS(corev1.DNSClusterFirstWithHostNet, nil)},
		{"pod.dnsPolicy.bogus", plDNS("Cluster", nil)},
		{"pod.dnsPolicy.none", plDNS(corev1.DNSNone, &corev1.PodDNSConfig{Nameservers: []string{"1.1.1.1"}})},
		{"pod.dnsPolicy.noneNoConfig", plDNS(corev1.DNSNone, nil)},
		{"pod.dnsPolicy.noneNoNameservers", plDNS(corev1.DNSNone, &corev1.PodDNSConfig{Searches: []string{"example.com"}})},
		{"pod.dnsPolicy.noneBadNameserver", plDNS(corev1.DNSNone, &corev1.PodDNSConfig{Nameservers: []string{"dns.example.com"}})},
		{"pod.dnsConfig.empty", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{})},
		{"pod.dnsConfig.nameservers3", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Nameservers: []string{"1.1.1.1", "8.8.8.8", "9.9.9.9"}})},
		{"pod.dnsConfig.nameservers4", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Nameservers: []string{"1.1.1.1", "8.8.8.8", "9.9.9.9", "8.8.4.4"}})},
		{"pod.dnsConfig.ipv6", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Nameservers: []string{"2001:4860:4860::8888"}})},
		{"pod.dnsConfig.badIP", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Nameservers: []string{"300.1.1.1"}})},
		{"pod.dnsConfig.leadingZeroIP", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Nameservers: []string{"010.0.0.1"}})},
		{"pod.dnsConfig.searches", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Searches: []string{"svc.cluster.local", "example.com."}})},
		{"pod.dnsConfig.searchDot", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Searches: []string{"."}})},
		{"pod.dnsConfig.searchUnderscore", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Searches: []string{"_srv.example.com"}})},
		{"pod.dnsConfig.searchBad", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Searches: []string{"-bad.example.com"}})},
		{"pod.dnsConfig.searchUpper", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Searches: []string{"Example.com"}})},
		{"pod.dnsConfig.searches33", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Searches: strings.Split(strings.Repeat("a,", 32)+"a", ",")})},
		{"pod.dnsConfig.searchesTooLong", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Searches: []string{name(63) + "." + name(63) + "." + name(63), strings.Repeat(name(63)+".", 29) + "a"}})},
		{"pod.dnsConfig.options", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Options: []corev1.PodDNSConfigOption{{Name: "ndots", Value: ptr("2")}, {Name: "edns0"}}})},
		{"pod.dnsConfig.optionNoName", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Options: []corev1.PodDNSConfigOption{{Value: ptr("2")}}})},
		{"pod.hostAliases", plSpec(func(s *corev1.PodSpec) {
			s.HostAliases = []corev1.HostAlias{{IP: "10.1.2.3", Hostnames: []string{"db", "db.example.com"}}}
		})},
		{"pod.hostAliases.ipv6", plSpec(func(s *corev1.PodSpec) {
			s.HostAliases = []corev1.HostAlias{{IP: "fd00::1", Hostnames: []string{"db"}}}
		})},
		{"pod.hostAliases.badIP", plSpec(func(s *corev1.PodSpec) { s.HostAliases = []corev1.HostAlias{{IP: "db", Hostnames: []string{"db"}}} })},
		{"pod.hostAliases.noIP", plSpec(func(s *corev1.PodSpec) { s.HostAliases = []corev1.HostAlias{{Hostnames: []string{"db"}}} })},
		{"pod.hostAliases.badHostname", plSpec(func(s *corev1.PodSpec) {
			s.HostAliases = []corev1.HostAlias{{IP: "10.1.2.3", Hostnames: []string{"DB_1"}}}
		})},
		{"pod.hostAliases.noHostnames", plSpec(func(s *corev1.PodSpec) { s.HostAliases = []corev1.HostAlias{{IP: "10.1.2.3"}} })},
		{"pod.hostname", plSpec(func(s *corev1.PodSpec) { s.Hostname = "worker-0" })},
		{"pod.hostname.bad", plSpec(func(s *corev1.PodSpec) { s.Hostname = "worker.0" })},
		{"pod.hostname.64", plSpec(func(s *corev1.PodSpec) { s.Hostname = name(64) })},
		{"pod.subdomain", plSpec(func(s *corev1.PodSpec) { s.Subdomain = "workers" })},
		{"pod.subdomain.bad", plSpec(func(s *corev1.PodSpec) { s.Subdomain = "Workers" })},
		{"pod.setHostnameAsFQDN", plSpec(func(s *corev1.PodSpec) { s.SetHostnameAsFQDN = ptr(true); s.Hostname = "a"; s.Subdomain = "b" })},
		{"pod.hostnameOverride", plSpec(func(s *corev1.PodSpec) { s.HostnameOverride = ptr("my-host.example.com") })},
		{"pod.hostnameOverride.bad", plSpec(func(s *corev1.PodSpec) { s.HostnameOverride = ptr("My_Host") })},
		{"pod.hostnameOverride.empty", plSpec(func(s *corev1.PodSpec) { s.HostnameOverride = ptr("") })},
		{"pod.hostnameOverride.65", plSpec(func(s *corev1.PodSpec) { s.HostnameOverride = ptr(name(30) + "." + name(34)) })},
		{"pod.hostnameOverride.fqdn", plSpec(func(s *corev1.PodSpec) { s.HostnameOverride = ptr("h"); s.SetHostnameAsFQDN = ptr(true) })},
		{"pod.hostnameOverride.hostNetwork", plSpec(func(s *corev1.PodSpec) { s.HostnameOverride = ptr("h"); s.HostNetwork = true })},
		{"pod.hostNetwork", plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true })},
		{"pod.hostNetwork.portNoHostPort", plAll(plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }), plPort(8080, 0))},
		{"pod.hostNetwork.portSameHostPort", plAll(plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }), plPort(8080, 8080))},
		{"pod.hostNetwork.portOtherHostPort", plAll(plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }), plPort(8080, 9090))},
		{"pod.hostNetwork.initContainerPort", plAll(plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }), func(t *plTmpl) {
			t.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox:1.36", Ports: []corev1.ContainerPort{{ContainerPort: 80, HostPort: 81}}}}
		})},
		{"pod.noHostNetwork.otherHostPort", plPort(8080, 9090)},
		{"pod.hostPID", plSpec(func(s *corev1.PodSpec) { s.HostPID = true })},
		{"pod.hostIPC", plSpec(func(s *corev1.PodSpec) { s.HostIPC = true })},
		{"pod.hostUsers.false", plSpec(func(s *corev1.PodSpec) { s.HostUsers = ptr(false) })},
		{"pod.hostUsers.true", plSpec(func(s *corev1.PodSpec) { s.HostUsers = ptr(true); s.HostNetwork = true; s.HostPID = true })},
		{"pod.hostUsers.falseHostNetwork", plSpec(func(s *corev1.PodSpec) { s.HostUsers = ptr(false); s.HostNetwork = true })},
		{"pod.hostUsers.falseHostPID", plSpec(func(s *corev1.PodSpec) { s.HostUsers = ptr(false); s.HostPID = true })},
		{"pod.hostUsers.falseHostIPC", plSpec(func(s *corev1.PodSpec) { s.HostUsers = ptr(false); s.HostIPC = true })},
		{"pod.hostUsers.falseVolumeDevices", plAll(plSpec(func(s *corev1.PodSpec) { s.HostUsers = ptr(false) }),
			plSrc(corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "raw"}}),
			func(t *plTmpl) {
				t.Spec.Containers[0].VolumeDevices = []corev1.VolumeDevice{{Name: "data", DevicePath: "/dev/xvda"}}
			})},
		{"pod.serviceAccountName", plSpec(func(s *corev1.PodSpec) { s.ServiceAccountName = "report-runner" })},
		{"pod.serviceAccountName.unexpanded", plSpec(func(s *corev1.PodSpec) { s.ServiceAccountName = "${KSA_NAME}" })},
		{"pod.serviceAccountName.upper", plSpec(func(s *corev1.PodSpec) { s.ServiceAccountName = "Runner" })},
		{"pod.serviceAccountName.dotted", plSpec(func(s *corev1.PodSpec) { s.ServiceAccountName = "runner.v2" })},
		{"pod.serviceAccount.deprecatedBad", plSpec(func(s *corev1.PodSpec) { s.DeprecatedServiceAccount = "Bad_SA" })},
		{"pod.serviceAccount.deprecatedOverridden", plSpec(func(s *corev1.PodSpec) { s.DeprecatedServiceAccount = "Bad_SA"; s.ServiceAccountName = "good" })},
		{"pod.automountServiceAccountToken", plSpec(func(s *corev1.PodSpec) { s.AutomountServiceAccountToken = ptr(false) })},
		{"pod.enableServiceLinks", plSpec(func(s *corev1.PodSpec) { s.EnableServiceLinks = ptr(false) })},
		{"pod.imagePullSecrets", plSpec(func(s *corev1.PodSpec) { s.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "regcred"}} })},
		{"pod.imagePullSecrets.empty", plSpec(func(s *corev1.PodSpec) { s.ImagePullSecrets = []corev1.LocalObjectReference{{}} })},
		{"pod.terminationGracePeriod.0", plSpec(func(s *corev1.PodSpec) { s.TerminationGracePeriodSeconds = ptr[int64](0) })},
		{"pod.terminationGracePeriod.3600", plSpec(func(s *corev1.PodSpec) { s.TerminationGracePeriodSeconds = ptr[int64](3600) })},
		{"pod.activeDeadline.max", plSpec(func(s *corev1.PodSpec) { s.ActiveDeadlineSeconds = ptr[int64](2147483647) })},
		{"pod.activeDeadline.max+1", plSpec(func(s *corev1.PodSpec) { s.ActiveDeadlineSeconds = ptr[int64](2147483648) })},
		{"pod.resourceClaims.template", plClaim(corev1.PodResourceClaim{Name: "gpu", ResourceClaimTemplateName: ptr("gpu-template")})},
		{"pod.resourceClaims.claim", plClaim(corev1.PodResourceClaim{Name: "gpu", ResourceClaimName: ptr("shared-gpu")})},
		{"pod.resourceClaims.noName", plClaim(corev1.PodResourceClaim{ResourceClaimTemplateName: ptr("t")})},
		{"pod.resourceClaims.badName", plClaim(corev1.PodResourceClaim{Name: "GPU", ResourceClaimTemplateName: ptr("t")})},
		{"pod.resourceClaims.duplicate", plAll(plClaim(corev1.PodResourceClaim{Name: "gpu", ResourceClaimTemplateName: ptr("t")}), plClaim(corev1.PodResourceClaim{Name: "gpu", ResourceClaimName: ptr("c")}))},
		{"pod.resourceClaims.both", plClaim(corev1.PodResourceClaim{Name: "gpu", ResourceClaimName: ptr("c"), ResourceClaimTemplateName: ptr("t")})},
		{"pod.resourceClaims.neither", plClaim(corev1.PodResourceClaim{Name: "gpu"})},
		{"pod.resourceClaims.badClaimName", plClaim(corev1.PodResourceClaim{Name: "gpu", ResourceClaimName: ptr("Bad_Claim")})},
		{"pod.resourceClaims.badTemplateName", plClaim(corev1.PodResourceClaim{Name: "gpu", ResourceClaimTemplateName: ptr("")})},
		{"pod.resources", plPodRes(corev1.ResourceList{"cpu": resource.MustParse("1"), "memory": resource.MustParse("1Gi")}, corev1.ResourceList{"cpu": resource.MustParse("2"), "memory": resource.MustParse("2Gi")})},
		{"pod.resources.empty", plPodRes(nil, nil)},
		{"pod.resources.limitsOnly", plPodRes(nil, corev1.ResourceList{"cpu": resource.MustParse("500m")})},
		{"pod.resources.ephemeralStorage", plPodRes(corev1.ResourceList{"ephemeral-storage": resource.MustParse("1Gi")}, nil)},
		{"pod.resources.bogusName", plPodRes(corev1.ResourceList{"bogus": resource.MustParse("1")}, nil)},
		{"pod.resources.extended", plPodRes(corev1.ResourceList{"example.com/gpu": resource.MustParse("1")}, corev1.ResourceList{"example.com/gpu": resource.MustParse("1")})},
		{"pod.resources.requestsAboveLimits", plPodRes(corev1.ResourceList{"cpu": resource.MustParse("2")}, corev1.ResourceList{"cpu": resource.MustParse("1")})},
		{"pod.resources.negative", plPodRes(corev1.ResourceList{"memory": resource.MustParse("-1Gi")}, nil)},
		{"pod.resources.claims", func(t *plTmpl) {
			plPodRes(nil, corev1.ResourceList{"cpu": resource.MustParse("1")})(t)
			t.Spec.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu"}}
		}},
		{"pod.resources.windows", plAll(plOS(corev1.Windows), plPodRes(corev1.ResourceList{"cpu": resource.MustParse("1")}, nil))},
		{"pod.resources.belowContainers", plAll(plPodRes(corev1.ResourceList{"cpu": resource.MustParse("100m")}, nil), func(t *plTmpl) {
			t.Spec.Containers[0].Resources.Requests = corev1.ResourceList{"cpu": resource.MustParse("200m")}
		})},
		{"pod.resources.equalContainers", plAll(plPodRes(corev1.ResourceList{"cpu": resource.MustParse("200m")}, nil), func(t *plTmpl) {
			t.Spec.Containers[0].Resources.Requests = corev1.ResourceList{"cpu": resource.MustParse("0.2")}
		})},
		{"pod.resources.belowInitContainer", plAll(plPodRes(corev1.ResourceList{"memory": resource.MustParse("64Mi")}, nil), func(t *plTmpl) {
			t.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox:1.36", Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{"memory": resource.MustParse("128Mi")}}}}
		})},
		{"pod.resources.containerLimitAbove", plAll(plPodRes(nil, corev1.ResourceList{"memory": resource.MustParse("1Gi")}), func(t *plTmpl) {
			t.Spec.Containers[0].Resources.Limits = corev1.ResourceList{"memory": resource.MustParse("2Gi")}
		})},
		{"pod.resources.containerLimitEqual", plAll(plPodRes(nil, corev1.ResourceList{"memory": resource.MustParse("1Gi")}), func(t *plTmpl) {
			t.Spec.Containers[0].Resources.Limits = corev1.ResourceList{"memory": resource.MustParse("1024Mi")}
		})},
		{"pod.resources.hugepagesOnly", plPodRes(nil, corev1.ResourceList{"hugepages-2Mi": resource.MustParse("4Mi")})},
		{"pod.resources.hugepagesIndivisible", plPodRes(nil, corev1.ResourceList{"hugepages-2Mi": resource.MustParse("3Mi"), "memory": resource.MustParse("1Gi")})},
		{"pod.resources.hugepages", plPodRes(nil, corev1.ResourceList{"hugepages-2Mi": resource.MustParse("4Mi"), "memory": resource.MustParse("1Gi")})},
		{"pod.annotations", plAnn("example.com/owner", "team-data")},
		{"pod.annotations.emptyValue", plAnn("note", "")},
		{"pod.annotations.upperKey", plAnn("Example.com/Owner", "x")},
		{"pod.annotations.badKey", plAnn("bad key", "x")},
		{"pod.annotations.badPrefix", plAnn("bad_prefix/key", "x")},
		{"pod.annotations.tooLarge", plAnn("big", strings.Repeat("x", 256*1024))},
		{"pod.annotations.almostTooLarge", plAnn("big", strings.Repeat("x", 256*1024-3))},
		{"pod.annotations.deletionCost", plAnn("controller.kubernetes.io/pod-deletion-cost", "-100")},
		{"pod.annotations.deletionCostBad", plAnn("controller.kubernetes.io/pod-deletion-cost", "abc")},
		{"pod.annotations.deletionCostPlus", plAnn("controller.kubernetes.io/pod-deletion-cost", "+5")},
		{"pod.annotations.deletionCostLeadingZero", plAnn("controller.kubernetes.io/pod-deletion-cost", "05")},
		{"pod.annotations.deletionCostOverflow", plAnn("controller.kubernetes.io/pod-deletion-cost", "2147483648")},
		{"pod.annotations.mirrorNoNode", plAnn("kubernetes.io/config.mirror", "x")},
		{"pod.annotations.mirrorWithNode", plAll(plAnn("kubernetes.io/config.mirror", "x"), plSpec(func(s *corev1.PodSpec) { s.NodeName = "node-1" }))},
		{"pod.annotations.tolerations", plAnn("scheduler.alpha.kubernetes.io/tolerations", `[{"key":"k","operator":"Exists"}]`)},
		{"pod.annotations.tolerationsBadJSON", plAnn("scheduler.alpha.kubernetes.io/tolerations", `[{`)},
		{"pod.annotations.tolerationsInvalid", plAnn("scheduler.alpha.kubernetes.io/tolerations", `[{"key":"k","operator":"In"}]`)},

		// ---- more edge cases, mostly accepted
		{"vol.emptyDir.sizeLimit=1e3", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: plQ("1e3")}})},
		{"vol.emptyDir.sizeLimit=500m", plSrc(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: plQ("500m")}})},
		{"vol.many", plVol(corev1.Volume{Name: "a"}, corev1.Volume{Name: "b", VolumeSource: plSecret(nil, nil)}, corev1.Volume{Name: "c", VolumeSource: plCM(nil, nil)},
			corev1.Volume{Name: "d", VolumeSource: plProj(plTok("t", nil))}, corev1.Volume{Name: "e", VolumeSource: plDown(plFieldRef("n", "metadata.name"))})},
		{"vol.many.secondBad", plVol(corev1.Volume{Name: "a"}, corev1.Volume{Name: "b", VolumeSource: plSecret(nil, ptr[int32](0o7777))}, corev1.Volume{Name: "c", VolumeSource: plCM(nil, nil)})},
		{"vol.secret.optionalItems", plSrc(corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s", Optional: ptr(true), Items: plItems(plKP("a", "a"))}})},
		{"vol.configMap.optional", plSrc(corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}, Optional: ptr(false)}})},
		{"vol.configMap.items.nested", plSrc(plCM(plItems(plKP("a", "a/b/c/d.yaml")), nil))},
		{"vol.configMap.items.keyWithSlash", plSrc(plCM(plItems(plKP("a/b", "x")), nil))},
		{"vol.nfs.readOnly", plSrc(corev1.VolumeSource{NFS: &corev1.NFSVolumeSource{Server: "10.0.0.5", Path: "/", ReadOnly: true}})},
		{"vol.iscsi.naa", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.IQN = "naa.50060e801049cfd1500000000000000a" }))},
		{"vol.iscsi.naaShort", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.IQN = "naa.5006" }))},
		{"vol.iscsi.lun255", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.Lun = 255 }))},
		{"vol.iscsi.lun-1", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) { s.Lun = -1 }))},
		{"vol.iscsi.chapWithSecret", plSrc(plISCSI(func(s *corev1.ISCSIVolumeSource) {
			s.DiscoveryCHAPAuth = true
			s.SecretRef = &corev1.LocalObjectReference{Name: "chap"}
		}))},
		{"vol.fc.lun255", plSrc(corev1.VolumeSource{FC: &corev1.FCVolumeSource{TargetWWNs: []string{"500a0982991b8dc5"}, Lun: ptr[int32](255)}})},
		{"vol.fc.lun256", plSrc(corev1.VolumeSource{FC: &corev1.FCVolumeSource{TargetWWNs: []string{"500a0982991b8dc5"}, Lun: ptr[int32](256)}})},
		{"vol.fc.both", plSrc(corev1.VolumeSource{FC: &corev1.FCVolumeSource{TargetWWNs: []string{"500a0982991b8dc5"}, Lun: ptr[int32](1), WWIDs: []string{"x"}}})},
		{"vol.rbd", plSrc(corev1.VolumeSource{RBD: &corev1.RBDVolumeSource{CephMonitors: []string{"10.0.0.1:6789"}, RBDImage: "img"}})},
		{"vol.cephfs", plSrc(corev1.VolumeSource{CephFS: &corev1.CephFSVolumeSource{Monitors: []string{"10.0.0.1:6789"}}})},
		{"vol.cinder", plSrc(corev1.VolumeSource{Cinder: &corev1.CinderVolumeSource{VolumeID: "v", SecretRef: &corev1.LocalObjectReference{Name: "s"}}})},
		{"vol.cinder.secretNoName", plSrc(corev1.VolumeSource{Cinder: &corev1.CinderVolumeSource{VolumeID: "v", SecretRef: &corev1.LocalObjectReference{}}})},
		{"vol.glusterfs", plSrc(corev1.VolumeSource{Glusterfs: &corev1.GlusterfsVolumeSource{EndpointsName: "gl", Path: "vol"}})},
		{"vol.flocker.neither", plSrc(corev1.VolumeSource{Flocker: &corev1.FlockerVolumeSource{}})},
		{"vol.azureFile", plSrc(corev1.VolumeSource{AzureFile: &corev1.AzureFileVolumeSource{SecretName: "s", ShareName: "share"}})},
		{"vol.azureDisk.managed", plSrc(corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{DiskName: "d", DataDiskURI: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/disks/d", Kind: ptr(corev1.AzureManagedDisk)}})},
		{"vol.azureDisk.badCaching", plSrc(corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{DiskName: "d", DataDiskURI: "https://x", CachingMode: ptr(corev1.AzureDataDiskCachingMode("All"))}})},
		{"vol.azureDisk.noKindManagedURI", plSrc(corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{DiskName: "d", DataDiskURI: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/disks/d"}})},
		{"vol.azureDisk.dedicated", plSrc(corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{DiskName: "d", DataDiskURI: "https://a.blob.core.windows.net/c/d.vhd", Kind: ptr(corev1.AzureDedicatedBlobDisk), CachingMode: ptr(corev1.AzureDataDiskCachingNone)}})},
		{"vol.azureDisk.empty", plSrc(corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{}})},
		{"vol.quobyte", plSrc(corev1.VolumeSource{Quobyte: &corev1.QuobyteVolumeSource{Registry: "reg:7861,reg2:7861", Volume: "v"}})},
		{"vol.quobyte.empty", plSrc(corev1.VolumeSource{Quobyte: &corev1.QuobyteVolumeSource{}})},
		{"vol.flex", plSrc(corev1.VolumeSource{FlexVolume: &corev1.FlexVolumeSource{Driver: "example/lvm", Options: map[string]string{"size": "1G", "example.com/x": "y"}}})},
		{"vol.flex.k8sOption", plSrc(corev1.VolumeSource{FlexVolume: &corev1.FlexVolumeSource{Driver: "d", Options: map[string]string{"foo.K8s.io": "y"}}})},
		{"vol.storageos", plSrc(corev1.VolumeSource{StorageOS: &corev1.StorageOSVolumeSource{VolumeName: "vol", VolumeNamespace: "ns"}})},
		{"vol.storageos.empty", plSrc(corev1.VolumeSource{StorageOS: &corev1.StorageOSVolumeSource{VolumeNamespace: "Bad_NS", SecretRef: &corev1.LocalObjectReference{}}})},
		{"vol.scaleIO", plSrc(corev1.VolumeSource{ScaleIO: &corev1.ScaleIOVolumeSource{Gateway: "https://gw", System: "sys", VolumeName: "v", SecretRef: &corev1.LocalObjectReference{Name: "s"}}})},
		{"vol.vsphere", plSrc(corev1.VolumeSource{VsphereVolume: &corev1.VsphereVirtualDiskVolumeSource{VolumePath: "[ds] v.vmdk"}})},
		{"vol.photon", plSrc(corev1.VolumeSource{PhotonPersistentDisk: &corev1.PhotonPersistentDiskVolumeSource{PdID: "p"}})},
		{"vol.portworx", plSrc(corev1.VolumeSource{PortworxVolume: &corev1.PortworxVolumeSource{VolumeID: "p"}})},
		{"vol.gcePD", plSrc(corev1.VolumeSource{GCEPersistentDisk: &corev1.GCEPersistentDiskVolumeSource{PDName: "pd", Partition: 255}})},
		{"vol.awsEBS.partition-1", plSrc(corev1.VolumeSource{AWSElasticBlockStore: &corev1.AWSElasticBlockStoreVolumeSource{VolumeID: "v", Partition: -1}})},
		{"vol.gitRepo.dotdotDir", plSrc(corev1.VolumeSource{GitRepo: &corev1.GitRepoVolumeSource{Repository: "r", Directory: "a/../.."}})},
		{"vol.gitRepo.dotDir", plSrc(corev1.VolumeSource{GitRepo: &corev1.GitRepoVolumeSource{Repository: "r", Directory: "."}})},
		{"vol.ephemeral.dataSourceRef", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSourceRef = &corev1.TypedObjectReference{Kind: "PersistentVolumeClaim", Name: "src"}
		}))},
		{"vol.ephemeral.dataSourceRefNamespace", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSourceRef = &corev1.TypedObjectReference{Kind: "PersistentVolumeClaim", Name: "src", Namespace: ptr("other")}
		}))},
		{"vol.ephemeral.dataSourceRefBadNamespace", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSourceRef = &corev1.TypedObjectReference{Kind: "PersistentVolumeClaim", Name: "src", Namespace: ptr("Other_NS")}
		}))},
		{"vol.ephemeral.dataSourceAndRefNamespace", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSource = &corev1.TypedLocalObjectReference{Kind: "PersistentVolumeClaim", Name: "src"}
			t.Spec.DataSourceRef = &corev1.TypedObjectReference{Kind: "PersistentVolumeClaim", Name: "src", Namespace: ptr("other")}
		}))},
		{"vol.ephemeral.dataSourceMismatch", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSource = &corev1.TypedLocalObjectReference{Kind: "PersistentVolumeClaim", Name: "a"}
			t.Spec.DataSourceRef = &corev1.TypedObjectReference{Kind: "PersistentVolumeClaim", Name: "b"}
		}))},
		{"vol.ephemeral.dataSourceMatch", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSource = &corev1.TypedLocalObjectReference{Kind: "PersistentVolumeClaim", Name: "a"}
			t.Spec.DataSourceRef = &corev1.TypedObjectReference{Kind: "PersistentVolumeClaim", Name: "a"}
		}))},
		{"vol.ephemeral.dataSourceBadGroup", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.DataSource = &corev1.TypedLocalObjectReference{APIGroup: ptr("Snapshot_Group"), Kind: "VolumeSnapshot", Name: "s"}
		}))},
		{"vol.ephemeral.vac", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.VolumeAttributesClassName = ptr("gold") }))},
		{"vol.ephemeral.vacBad", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.VolumeAttributesClassName = ptr("Gold_Class") }))},
		{"vol.ephemeral.selector", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Spec.Selector = plSel("tier", "fast") }))},
		{"vol.ephemeral.annotations", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) { t.Annotations = map[string]string{"example.com/a": "b"} }))},
		{"vol.ephemeral.storageNegative", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("-1Gi")
		}))},
		{"vol.ephemeral.limitsOnly", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.Resources = corev1.VolumeResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}}
		}))},
		{"vol.ephemeral.twoModes", plSrc(plEph(func(t *corev1.PersistentVolumeClaimTemplate) {
			t.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce, corev1.ReadOnlyMany}
		}))},
		{"vol.image.digest", plSrc(corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: "registry.example.com/models/llm@sha256:" + strings.Repeat("a", 64), PullPolicy: corev1.PullNever}})},
		{"vol.image.latest", plSrc(corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: "busybox:latest"}})},
		{"vol.projected.tokenAndSecretSamePath", plSrc(plProj(plTok("x", nil), plProjSecret("s", plKP("a", "x"))))},
		{"vol.projected.secretOptional", plSrc(plProj(corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "s"}, Optional: ptr(true)}}))},
		{"vol.projected.itemMode", plSrc(plProj(plProjSecret("s", corev1.KeyToPath{Key: "a", Path: "a", Mode: ptr[int32](0o400)})))},
		{"vol.projected.itemBadMode", plSrc(plProj(plProjSecret("s", corev1.KeyToPath{Key: "a", Path: "a", Mode: ptr[int32](0o1000)})))},
		{"vol.projected.downwardCPU", plSrc(plProj(corev1.VolumeProjection{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{plResRef("cpu", "main", "limits.cpu", "1m")}}}))},
		{"sched.nodeAffinity.twoTerms", plSpec(func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{
				{MatchExpressions: []corev1.NodeSelectorRequirement{plReq("a", corev1.NodeSelectorOpExists)}},
				{MatchExpressions: []corev1.NodeSelectorRequirement{plReq("b", corev1.NodeSelectorOpIn, "x")}, MatchFields: []corev1.NodeSelectorRequirement{plReq("metadata.name", corev1.NodeSelectorOpIn, "n")}}}}}}
		})},
		{"sched.nodeAffinity.secondTermBad", plSpec(func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{
				{MatchExpressions: []corev1.NodeSelectorRequirement{plReq("a", corev1.NodeSelectorOpExists)}},
				{MatchExpressions: []corev1.NodeSelectorRequirement{plReq("b", corev1.NodeSelectorOpIn)}}}}}}
		})},
		{"sched.nodeAffinity.gtNonNumeric", plNodeReq(plReq("cores", corev1.NodeSelectorOpGt, "many"))},
		{"sched.nodeAffinity.emptyValue", plNodeReq(plReq("disktype", corev1.NodeSelectorOpIn, ""))},
		{"sched.nodeAffinity.value63", plNodeReq(plReq("disktype", corev1.NodeSelectorOpIn, name(63)))},
		{"sched.nodeAffinity.value64", plNodeReq(plReq("disktype", corev1.NodeSelectorOpIn, name(64)))},
		{"sched.podAffinity.weight1", plSpec(func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{PodAffinity: &corev1.PodAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 1, PodAffinityTerm: plTerm(nil)}}}}
		})},
		{"sched.podAffinity.emptySelector", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) { t.LabelSelector = &metav1.LabelSelector{} }))},
		{"sched.podAffinity.notInExists", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) {
			t.LabelSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"x"}}, {Key: "b", Operator: metav1.LabelSelectorOpDoesNotExist}}}
		}))},
		{"sched.podAffinity.existsWithValues", plPodAff(plTerm(func(t *corev1.PodAffinityTerm) {
			t.LabelSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpExists, Values: []string{"x"}}}}
		}))},
		{"sched.podAntiAffinity.both", plSpec(func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
				RequiredDuringSchedulingIgnoredDuringExecution:  []corev1.PodAffinityTerm{plTerm(nil)},
				PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 100, PodAffinityTerm: plTerm(func(t *corev1.PodAffinityTerm) { t.TopologyKey = "topology.kubernetes.io/zone" })}}}}
		})},
		{"sched.toleration.equalEmptyValue", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpEqual})},
		{"sched.toleration.existsEffectOnly", plTol(corev1.Toleration{Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute})},
		{"sched.toleration.value63", plTol(corev1.Toleration{Key: "k", Value: name(63)})},
		{"sched.toleration.value64", plTol(corev1.Toleration{Key: "k", Value: name(64)})},
		{"sched.toleration.secondsZero", plTol(corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](0)})},
		{"sched.spread.hostname", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) {
			c.TopologyKey = "kubernetes.io/hostname"
			c.MaxSkew = 2147483647
		}))},
		{"sched.spread.policiesBoth", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) {
			c.NodeAffinityPolicy = ptr(corev1.NodeInclusionPolicyHonor)
			c.NodeTaintsPolicy = ptr(corev1.NodeInclusionPolicyIgnore)
		}))},
		{"sched.spread.matchLabelKeysInSelector", plSpread(plTSC(func(c *corev1.TopologySpreadConstraint) {
			c.LabelSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}, MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: metav1.LabelSelectorOpExists}}}
			c.MatchLabelKeys = []string{"app"}
		}))},
		{"sched.spread.threeDistinct", plSpread(plTSC(nil), plTSC(func(c *corev1.TopologySpreadConstraint) { c.TopologyKey = "kubernetes.io/hostname" }),
			plTSC(func(c *corev1.TopologySpreadConstraint) {
				c.TopologyKey = "kubernetes.io/hostname"
				c.WhenUnsatisfiable = corev1.ScheduleAnyway
			}))},
		{"sched.spread.threeWithDup", plSpread(plTSC(nil), plTSC(func(c *corev1.TopologySpreadConstraint) { c.TopologyKey = "kubernetes.io/hostname" }), plTSC(nil))},
		{"sched.nodeName.short", plSpec(func(s *corev1.PodSpec) { s.NodeName = "n" })},
		{"sched.priorityClassName.system", plSpec(func(s *corev1.PodSpec) { s.PriorityClassName = "system-node-critical" })},
		{"sched.priority.negative", plSpec(func(s *corev1.PodSpec) { s.Priority = ptr[int32](-5) })},
		{"sched.runtimeClassName.dotted", plSpec(func(s *corev1.PodSpec) { s.RuntimeClassName = ptr("kata.fc") })},
		{"sched.schedulingGates.prefixed", plSpec(func(s *corev1.PodSpec) {
			s.SchedulingGates = []corev1.PodSchedulingGate{{Name: "kueue.x-k8s.io/admission"}}
		})},
		{"sched.readinessGates.two", plSpec(func(s *corev1.PodSpec) {
			s.ReadinessGates = []corev1.PodReadinessGate{{ConditionType: "a"}, {ConditionType: "a"}}
		})},
		{"sched.overhead.hugepages", plSpec(func(s *corev1.PodSpec) { s.Overhead = corev1.ResourceList{"hugepages-2Mi": resource.MustParse("2Mi")} })},
		{"sched.overhead.hugepagesWithMemory", plSpec(func(s *corev1.PodSpec) {
			s.Overhead = corev1.ResourceList{"hugepages-2Mi": resource.MustParse("2Mi"), "memory": resource.MustParse("10Mi")}
		})},
		{"sched.overhead.hugepagesIndivisible", plSpec(func(s *corev1.PodSpec) {
			s.Overhead = corev1.ResourceList{"hugepages-2Mi": resource.MustParse("3Mi"), "cpu": resource.MustParse("10m")}
		})},
		{"sched.overhead.ephemeralStorage", plSpec(func(s *corev1.PodSpec) {
			s.Overhead = corev1.ResourceList{"ephemeral-storage": resource.MustParse("1Gi")}
		})},
		{"sched.overhead.zero", plSpec(func(s *corev1.PodSpec) { s.Overhead = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("0")} })},
		{"sec.runAsGroup=0", plSC(func(sc *corev1.PodSecurityContext) { sc.RunAsGroup = ptr[int64](0) })},
		{"sec.fsGroup=0", plSC(func(sc *corev1.PodSecurityContext) { sc.FSGroup = ptr[int64](0) })},
		{"sec.supplementalGroups.empty", plSC(func(sc *corev1.PodSecurityContext) { sc.SupplementalGroups = []int64{} })},
		{"sec.sysctls.kernelSem", plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "kernel.sem", Value: "250 32000 100 128"}}
		})},
		{"sec.sysctls.hostNetworkKernel", plAll(plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }), plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "kernel.msgmax", Value: "1"}}
		}))},
		{"sec.sysctls.hostIPCNet", plAll(plSpec(func(s *corev1.PodSpec) { s.HostIPC = true }), plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "net.ipv4.ip_forward", Value: "1"}}
		}))},
		{"sec.sysctls.hostNetworkSlash", plAll(plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }), plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "net/ipv4/conf/eth0.100/rp_filter", Value: "1"}}
		}))},
		{"sec.sysctls.underscore", plSC(func(sc *corev1.PodSecurityContext) {
			sc.Sysctls = []corev1.Sysctl{{Name: "kernel.shm_rmid_forced", Value: "0"}}
		})},
		{"sec.sysctls.leadingUnderscore", plSC(func(sc *corev1.PodSecurityContext) { sc.Sysctls = []corev1.Sysctl{{Name: "_kernel.x", Value: "0"}} })},
		{"sec.seccomp.localhostNested", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost, LocalhostProfile: ptr("a/b/c.json")}
		})},
		{"sec.appArmor.unconfined", plSC(func(sc *corev1.PodSecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined}
		})},
		{"sec.appArmor.localhostLong", plSC(func(sc *corev1.PodSecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: ptr(name(4096))}
		})},
		{"sec.seLinuxOptions.full", plSC(func(sc *corev1.PodSecurityContext) {
			sc.SELinuxOptions = &corev1.SELinuxOptions{User: "system_u", Role: "system_r", Type: "spc_t", Level: "s0"}
		})},
		{"sec.windowsOptions.longUser", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(name(105))}
		})},
		{"sec.windowsOptions.netbiosDomain", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(`CORP\svc`)}
		})},
		{"sec.windowsOptions.badDomain", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(`.corp.example.com.\svc`)}
		})},
		{"sec.windowsOptions.gmsaSpec", plSC(func(sc *corev1.PodSecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{GMSACredentialSpec: ptr("{}")}
		})},
		{"sec.os.windowsContainerOK", plAll(plOS(corev1.Windows), plCSC(func(sc *corev1.SecurityContext) {
			sc.RunAsNonRoot = ptr(true)
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("ContainerUser")}
		}))},
		{"sec.os.linuxHostNamespaces", plAll(plOS(corev1.Linux), plSpec(func(s *corev1.PodSpec) { s.HostPID = true; s.HostIPC = true; s.HostNetwork = true }))},
		{"sec.shareProcessNamespaceFalse", plSpec(func(s *corev1.PodSpec) { s.ShareProcessNamespace = ptr(false) })},
		{"pod.dnsConfig.searches32", plDNS(corev1.DNSClusterFirst, &corev1.PodDNSConfig{Searches: strings.Split(strings.Repeat("a,", 31)+"a", ",")})},
		{"pod.dnsConfig.searchTrailingDot", plDNS(corev1.DNSDefault, &corev1.PodDNSConfig{Searches: []string{"corp.example.com."}})},
		{"pod.dnsConfig.searchDoubleDot", plDNS(corev1.DNSDefault, &corev1.PodDNSConfig{Searches: []string{"corp..example.com"}})},
		{"pod.dnsConfig.searchEmpty", plDNS(corev1.DNSDefault, &corev1.PodDNSConfig{Searches: []string{""}})},
		{"pod.dnsConfig.noneFull", plDNS(corev1.DNSNone, &corev1.PodDNSConfig{Nameservers: []string{"10.0.0.10", "fd00::10"}, Searches: []string{"svc.cluster.local"}, Options: []corev1.PodDNSConfigOption{{Name: "ndots", Value: ptr("5")}}})},
		{"pod.dnsConfig.noneBadOption", plDNS(corev1.DNSNone, &corev1.PodDNSConfig{Nameservers: []string{"10.0.0.10"}, Options: []corev1.PodDNSConfigOption{{}}})},
		{"pod.hostAliases.two", plSpec(func(s *corev1.PodSpec) {
			s.HostAliases = []corev1.HostAlias{{IP: "10.1.2.3", Hostnames: []string{"a"}}, {IP: "10.1.2.4", Hostnames: []string{"b", "c.d"}}}
		})},
		{"pod.hostAliases.secondBad", plSpec(func(s *corev1.PodSpec) {
			s.HostAliases = []corev1.HostAlias{{IP: "10.1.2.3", Hostnames: []string{"a"}}, {IP: "10.1.2.256", Hostnames: []string{"b", "-c"}}}
		})},
		{"pod.hostname.63", plSpec(func(s *corev1.PodSpec) { s.Hostname = name(63) })},
		{"pod.subdomain.63", plSpec(func(s *corev1.PodSpec) { s.Subdomain = name(63) })},
		{"pod.subdomain.dotted", plSpec(func(s *corev1.PodSpec) { s.Subdomain = "a.b" })},
		{"pod.hostnameOverride.64", plSpec(func(s *corev1.PodSpec) { s.HostnameOverride = ptr(name(30) + "." + name(33)) })},
		{"pod.serviceAccountName.253", plSpec(func(s *corev1.PodSpec) {
			s.ServiceAccountName = name(63) + "." + name(63) + "." + name(63) + "." + name(61)
		})},
		{"pod.serviceAccountName.254", plSpec(func(s *corev1.PodSpec) {
			s.ServiceAccountName = name(63) + "." + name(63) + "." + name(63) + "." + name(62)
		})},
		{"pod.serviceAccount.deprecatedGood", plSpec(func(s *corev1.PodSpec) { s.DeprecatedServiceAccount = "runner" })},
		{"pod.resourceClaims.two", plAll(plClaim(corev1.PodResourceClaim{Name: "gpu-a", ResourceClaimTemplateName: ptr("t")}), plClaim(corev1.PodResourceClaim{Name: "gpu-b", ResourceClaimName: ptr("c")}))},
		{"pod.annotations.many", func(t *plTmpl) {
			t.Annotations = map[string]string{"a": "1", "b.example.com/c": "2", "kubectl.kubernetes.io/default-container": "main", "cluster-autoscaler.kubernetes.io/safe-to-evict": "true"}
		}},
		{"pod.annotations.deletionCostZero", plAnn("controller.kubernetes.io/pod-deletion-cost", "0")},
		{"pod.annotations.deletionCostMin", plAnn("controller.kubernetes.io/pod-deletion-cost", "-2147483648")},
		{"pod.annotations.deletionCostEmpty", plAnn("controller.kubernetes.io/pod-deletion-cost", "")},
		{"pod.annotations.tolerationsEmpty", plAnn("scheduler.alpha.kubernetes.io/tolerations", "")},
		{"pod.annotations.tolerationsEmptyList", plAnn("scheduler.alpha.kubernetes.io/tolerations", "[]")},
		{"pod.annotations.keyPrefixLong", plAnn(name(254)+"/x", "v")},
		{"pod.annotations.keyNameLong", plAnn("example.com/"+name(64), "v")},
		{"pod.hostNetwork.twoContainers", plAll(plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }), func(t *plTmpl) {
			t.Spec.Containers = append(t.Spec.Containers, corev1.Container{Name: "side", Image: "busybox:1.36", Ports: []corev1.ContainerPort{{ContainerPort: 9000, HostPort: 9001}}})
		})},
		{"pod.terminationGracePeriod.-1", plSpec(func(s *corev1.PodSpec) { s.TerminationGracePeriodSeconds = ptr[int64](-1) })},
		{"vol.configMap.badName", plSrc(corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "Bad_Name"}}})},
		{"vol.secret.badName", plSrc(corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "Bad_Name"}})},
		{"vol.hostPath.root", plSrc(plHostPath("/", hp(corev1.HostPathDirectory)))},
		{"vol.hostPath.type=CharDevice", plSrc(plHostPath("/dev/tty", hp(corev1.HostPathCharDev)))},
		{"vol.hostPath.type=File", plSrc(plHostPath("/etc/hosts", hp(corev1.HostPathFile)))},
		{"vol.hostPath.type=FileOrCreate", plSrc(plHostPath("/var/log/x.log", hp(corev1.HostPathFileOrCreate)))},
		{"sched.toleration.lowercaseExists", plTol(corev1.Toleration{Key: "k", Operator: "exists"})},
		{"sched.toleration.keyPrefixOnly", plTol(corev1.Toleration{Key: "example.com/", Operator: corev1.TolerationOpExists})},
		{"sched.nodeAffinity.keyPrefixOnly", plNodeReq(plReq("example.com/", corev1.NodeSelectorOpExists))},
		{"sched.nodeAffinity.lowercaseIn", plNodeReq(plReq("a", "in", "x"))},
		{"pod.annotations.upperPrefix", plAnn("Example.COM/Team", "x")},
		{"pod.dnsPolicy.lowercase", plDNS("clusterFirst", nil)},
		{"pod.dnsPolicy.noneWithHostNetwork", plAll(plDNS(corev1.DNSNone, &corev1.PodDNSConfig{Nameservers: []string{"1.1.1.1"}}), plSpec(func(s *corev1.PodSpec) { s.HostNetwork = true }))},
		{"sec.os.windowsLowercase", plOS("Windows")},
		{"pod.realistic.dataJob", func(t *plTmpl) {
			t.Annotations = map[string]string{"cluster-autoscaler.kubernetes.io/safe-to-evict": "false", "example.com/team": "data"}
			s := &t.Spec
			s.ServiceAccountName = "etl-runner"
			s.AutomountServiceAccountToken = ptr(false)
			s.PriorityClassName = "batch-low"
			s.NodeSelector = map[string]string{"kubernetes.io/os": "linux"}
			s.Tolerations = []corev1.Toleration{{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "batch", Effect: corev1.TaintEffectNoSchedule}}
			s.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.PreferredSchedulingTerm{{Weight: 80,
				Preference: corev1.NodeSelectorTerm{MatchExpressions: []corev1.NodeSelectorRequirement{plReq("karpenter.sh/capacity-type", corev1.NodeSelectorOpIn, "spot")}}}}}}
			s.TopologySpreadConstraints = []corev1.TopologySpreadConstraint{plTSC(func(c *corev1.TopologySpreadConstraint) { c.WhenUnsatisfiable = corev1.ScheduleAnyway })}
			s.SecurityContext = &corev1.PodSecurityContext{RunAsNonRoot: ptr(true), RunAsUser: ptr[int64](65532), FSGroup: ptr[int64](65532),
				FSGroupChangePolicy: ptr(corev1.FSGroupChangeOnRootMismatch), SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}}
			s.Volumes = []corev1.Volume{
				{Name: "scratch", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: plQ("10Gi")}}},
				{Name: "config", VolumeSource: plCM(plItems(plKP("etl.yaml", "etl.yaml")), ptr[int32](0o444))},
				{Name: "creds", VolumeSource: plProj(plProjSecret("warehouse-creds"), plTok("token", ptr[int64](7200)),
					corev1.VolumeProjection{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{plFieldRef("labels", "metadata.labels")}}})},
			}
			s.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "scratch", MountPath: "/scratch"}, {Name: "config", MountPath: "/etc/etl", ReadOnly: true}, {Name: "creds", MountPath: "/var/run/creds", ReadOnly: true}}
		}},
		{"pod.realistic.gpuJob", func(t *plTmpl) {
			s := &t.Spec
			s.RuntimeClassName = ptr("nvidia")
			s.Tolerations = []corev1.Toleration{{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}}
			s.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{
				{MatchExpressions: []corev1.NodeSelectorRequirement{plReq("nvidia.com/gpu.product", corev1.NodeSelectorOpIn, "NVIDIA-A100-SXM4-80GB")}}}}},
				PodAntiAffinity: &corev1.PodAntiAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 100, PodAffinityTerm: plTerm(func(pt *corev1.PodAffinityTerm) {
					pt.MatchLabelKeys = []string{"batch.kubernetes.io/job-name"}
				})}}}}
			s.Volumes = []corev1.Volume{{Name: "dshm", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory, SizeLimit: plQ("16Gi")}}},
				{Name: "model", VolumeSource: plEph(func(ct *corev1.PersistentVolumeClaimTemplate) { ct.Spec.StorageClassName = ptr("fast") })}}
			s.DNSConfig = &corev1.PodDNSConfig{Options: []corev1.PodDNSConfigOption{{Name: "ndots", Value: ptr("1")}}}
		}},
		{"pod.realistic.hostJob", func(t *plTmpl) {
			s := &t.Spec
			s.HostNetwork = true
			s.HostPID = true
			s.DNSPolicy = corev1.DNSClusterFirstWithHostNet
			s.NodeName = "node-7"
			s.Tolerations = []corev1.Toleration{{Operator: corev1.TolerationOpExists}}
			s.Volumes = []corev1.Volume{{Name: "root", VolumeSource: plHostPath("/", hp(corev1.HostPathDirectory))}, {Name: "sock", VolumeSource: plHostPath("/run/containerd/containerd.sock", hp(corev1.HostPathSocket))}}
			s.Containers[0].Ports = []corev1.ContainerPort{{Name: "metrics", ContainerPort: 9100, HostPort: 9100}}
		}},
		{"pod.activeDeadline.1", plSpec(func(s *corev1.PodSpec) { s.ActiveDeadlineSeconds = ptr[int64](1) })},
		{"vol.downward.fieldref-v2-empty-path", plSpec(func(s *corev1.PodSpec) {
			s.Volumes = append(s.Volumes, corev1.Volume{Name: "dw", VolumeSource: plDown(corev1.DownwardAPIVolumeFile{Path: "p",
				FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v2"}})})
		})},
		{"vol.downward.fieldref-v2", plSpec(func(s *corev1.PodSpec) {
			s.Volumes = append(s.Volumes, corev1.Volume{Name: "dw", VolumeSource: plDown(corev1.DownwardAPIVolumeFile{Path: "p",
				FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v2", FieldPath: "metadata.name"}})})
		})},
	}
	return m
}
