//go:build integration

package conformance

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Helpers of the container mutations (prefixed cm to stay clear of the pod-level ones).

type cmFn = func(t *corev1.PodTemplateSpec)

// cmMain changes the main container.
func cmMain(f func(c *corev1.Container)) cmFn {
	return func(t *corev1.PodTemplateSpec) { f(&t.Spec.Containers[0]) }
}

func cmAddInit(t *corev1.PodTemplateSpec, name string, always bool) *corev1.Container {
	c := corev1.Container{Name: name, Image: "busybox:1.36"}
	if always {
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyAlways)
	}
	t.Spec.InitContainers = append(t.Spec.InitContainers, c)
	return &t.Spec.InitContainers[len(t.Spec.InitContainers)-1]
}

// cmInit adds a plain init container and changes it.
func cmInit(f func(c *corev1.Container)) cmFn {
	return func(t *corev1.PodTemplateSpec) { f(cmAddInit(t, "init", false)) }
}

// cmSidecar adds a native sidecar (an init container with restartPolicy Always) and changes it.
func cmSidecar(f func(c *corev1.Container)) cmFn {
	return func(t *corev1.PodTemplateSpec) { f(cmAddInit(t, "sidecar", true)) }
}

func cmAddVol(t *corev1.PodTemplateSpec, name string, src corev1.VolumeSource) {
	t.Spec.Volumes = append(t.Spec.Volumes, corev1.Volume{Name: name, VolumeSource: src})
}

func cmEmptyDir() corev1.VolumeSource {
	return corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
}

func cmPVC() corev1.VolumeSource {
	return corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "data"}}
}

// cmWithVol adds an emptyDir volume "data" and changes the main container.
func cmWithVol(f func(c *corev1.Container)) cmFn {
	return func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "data", cmEmptyDir())
		f(&t.Spec.Containers[0])
	}
}

// cmMount mounts volume "data" (an emptyDir) at /data with the given change.
func cmMount(f func(m *corev1.VolumeMount)) cmFn {
	return cmWithVol(func(c *corev1.Container) {
		c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: "data", MountPath: "/data"})
		f(&c.VolumeMounts[len(c.VolumeMounts)-1])
	})
}

// cmWithPVC adds a persistentVolumeClaim volume "blk" and changes the main container.
func cmWithPVC(f func(c *corev1.Container)) cmFn {
	return func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "blk", cmPVC())
		f(&t.Spec.Containers[0])
	}
}

func cmPort(p corev1.ContainerPort) cmFn {
	return cmMain(func(c *corev1.Container) { c.Ports = append(c.Ports, p) })
}

func cmEnv(e corev1.EnvVar) cmFn {
	return cmMain(func(c *corev1.Container) { c.Env = append(c.Env, e) })
}

func cmFieldRef(path string) cmFn {
	return cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: path}}})
}

func cmResourceRef(res, divisor string) cmFn {
	s := &corev1.ResourceFieldSelector{Resource: res}
	if divisor != "" {
		s.Divisor = resource.MustParse(divisor)
	}
	return cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: s}})
}

func cmSecretRef(name, key string) cmFn {
	return cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key}}})
}

func cmConfigMapRef(name, key string) cmFn {
	return cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key}}})
}

// cmFileKeyRef adds a volume "envs" with src (unless src is nil) and a fileKeyRef env var.
func cmFileKeyRef(src *corev1.VolumeSource, s corev1.FileKeySelector) cmFn {
	return func(t *corev1.PodTemplateSpec) {
		if src != nil {
			cmAddVol(t, "envs", *src)
		}
		c := &t.Spec.Containers[0]
		c.Env = append(c.Env, corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{FileKeyRef: &s}})
	}
}

func cmEnvFrom(e corev1.EnvFromSource) cmFn {
	return cmMain(func(c *corev1.Container) { c.EnvFrom = append(c.EnvFrom, e) })
}

func cmCMSource(name string) *corev1.ConfigMapEnvSource {
	return &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name}}
}

func cmSecretSource(name string) *corev1.SecretEnvSource {
	return &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name}}
}

// cmList builds a ResourceList from "name=quantity" pairs.
func cmList(pairs ...string) corev1.ResourceList {
	l := corev1.ResourceList{}
	for _, p := range pairs {
		k, v, _ := strings.Cut(p, "=")
		l[corev1.ResourceName(k)] = resource.MustParse(v)
	}
	return l
}

func cmRes(requests, limits []string) cmFn {
	return cmMain(func(c *corev1.Container) {
		if requests != nil {
			c.Resources.Requests = cmList(requests...)
		}
		if limits != nil {
			c.Resources.Limits = cmList(limits...)
		}
	})
}

func cmExec() *corev1.ExecAction { return &corev1.ExecAction{Command: []string{"true"}} }

func cmProbe(f func(p *corev1.Probe)) *corev1.Probe {
	p := &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: cmExec()}}
	f(p)
	return p
}

func cmLiveness(f func(p *corev1.Probe)) cmFn {
	return cmMain(func(c *corev1.Container) { c.LivenessProbe = cmProbe(f) })
}

func cmReadiness(f func(p *corev1.Probe)) cmFn {
	return cmMain(func(c *corev1.Container) { c.ReadinessProbe = cmProbe(f) })
}

func cmStartup(f func(p *corev1.Probe)) cmFn {
	return cmMain(func(c *corev1.Container) { c.StartupProbe = cmProbe(f) })
}

func cmPreStop(h corev1.LifecycleHandler) cmFn {
	return cmMain(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{PreStop: &h} })
}

func cmPostStart(h corev1.LifecycleHandler) cmFn {
	return cmMain(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{PostStart: &h} })
}

func cmSC(f func(sc *corev1.SecurityContext)) cmFn {
	return cmMain(func(c *corev1.Container) {
		c.SecurityContext = &corev1.SecurityContext{}
		f(c.SecurityContext)
	})
}

func cmResize(list ...corev1.ContainerResizePolicy) cmFn {
	return cmMain(func(c *corev1.Container) { c.ResizePolicy = list })
}

func cmRule(action corev1.ContainerRestartRuleAction, op corev1.ContainerRestartRuleOnExitCodesOperator, values ...int32) corev1.ContainerRestartRule {
	return corev1.ContainerRestartRule{Action: action, ExitCodes: &corev1.ContainerRestartRuleOnExitCodes{Operator: op, Values: values}}
}

// containerMutations cover AreaContainers and the containers' securityContext.
func containerMutations() []podMutation {
	var all []podMutation
	add := func(name string, fn cmFn) { all = append(all, podMutation{name: "ctr." + name, fn: fn}) }
	tcp, udp, sctp := corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP

	// ports
	add("ports.container-1", cmPort(corev1.ContainerPort{ContainerPort: 1}))
	add("ports.container-65535", cmPort(corev1.ContainerPort{ContainerPort: 65535}))
	add("ports.container-0", cmPort(corev1.ContainerPort{ContainerPort: 0}))
	add("ports.container-negative", cmPort(corev1.ContainerPort{ContainerPort: -1}))
	add("ports.container-65536", cmPort(corev1.ContainerPort{ContainerPort: 65536}))
	add("ports.container-70000", cmPort(corev1.ContainerPort{ContainerPort: 70000}))
	add("ports.host-1", cmPort(corev1.ContainerPort{ContainerPort: 80, HostPort: 1}))
	add("ports.host-65535", cmPort(corev1.ContainerPort{ContainerPort: 80, HostPort: 65535}))
	add("ports.host-negative", cmPort(corev1.ContainerPort{ContainerPort: 80, HostPort: -1}))
	add("ports.host-65536", cmPort(corev1.ContainerPort{ContainerPort: 80, HostPort: 65536}))
	add("ports.protocol-udp", cmPort(corev1.ContainerPort{ContainerPort: 53, Protocol: udp}))
	add("ports.protocol-sctp", cmPort(corev1.ContainerPort{ContainerPort: 9, Protocol: sctp}))
	add("ports.protocol-defaulted", cmPort(corev1.ContainerPort{ContainerPort: 80, Protocol: ""}))
	add("ports.protocol-http", cmPort(corev1.ContainerPort{ContainerPort: 80, Protocol: "HTTP"}))
	add("ports.protocol-lowercase", cmPort(corev1.ContainerPort{ContainerPort: 80, Protocol: "tcp"}))
	for _, n := range []string{"http", "a-b", "1a", "abcdefghijklmno", "x9-y8"} {
		add("ports.name-valid-"+n, cmPort(corev1.ContainerPort{ContainerPort: 80, Name: n}))
	}
	for i, n := range []string{"HTTP", "-http", "http-", "a--b", "1234", "abcdefghijklmnop", "web_port", "a.b"} {
		add(fmt.Sprintf("ports.name-invalid-%d", i), cmPort(corev1.ContainerPort{ContainerPort: 80, Name: n}))
	}
	add("ports.name-duplicate", cmMain(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{ContainerPort: 80, Name: "web"}, {ContainerPort: 81, Name: "web"}}
	}))
	add("ports.same-port-other-protocol", cmMain(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{ContainerPort: 53, Protocol: tcp}, {ContainerPort: 53, Protocol: udp}}
	}))
	add("ports.same-port-same-protocol", cmMain(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{ContainerPort: 8080}, {ContainerPort: 8080}}
	}))
	add("ports.hostport-conflict-in-container", cmMain(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 8080}, {ContainerPort: 81, HostPort: 8080}}
	}))
	add("ports.hostport-same-other-protocol", cmMain(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 8080}, {ContainerPort: 81, HostPort: 8080, Protocol: udp}}
	}))
	add("ports.hostport-same-other-hostip", cmMain(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 8080, HostIP: "10.0.0.1"}, {ContainerPort: 81, HostPort: 8080, HostIP: "10.0.0.2"}}
	}))
	add("ports.hostport-conflict-across-containers", func(t *corev1.PodTemplateSpec) {
		t.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 9000}}
		t.Spec.Containers = append(t.Spec.Containers, corev1.Container{Name: "second", Image: "busybox:1.36",
			Ports: []corev1.ContainerPort{{ContainerPort: 81, HostPort: 9000}}})
	})
	add("ports.hostport-same-in-init-and-main", func(t *corev1.PodTemplateSpec) {
		t.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 9000}}
		cmAddInit(t, "init", false).Ports = []corev1.ContainerPort{{ContainerPort: 81, HostPort: 9000}}
	})
	add("ports.hostport-same-in-two-inits", func(t *corev1.PodTemplateSpec) {
		cmAddInit(t, "init1", false).Ports = []corev1.ContainerPort{{ContainerPort: 81, HostPort: 9000}}
		cmAddInit(t, "init2", false).Ports = []corev1.ContainerPort{{ContainerPort: 82, HostPort: 9000}}
	})
	add("ports.hostport-conflict-in-init", cmInit(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 9000}, {ContainerPort: 81, HostPort: 9000}}
	}))
	add("ports.init-container-70000", cmInit(func(c *corev1.Container) { c.Ports = []corev1.ContainerPort{{ContainerPort: 70000}} }))
	add("ports.sidecar-valid", cmSidecar(func(c *corev1.Container) { c.Ports = []corev1.ContainerPort{{ContainerPort: 9090, Name: "metrics"}} }))

	// env
	for i, n := range []string{"FOO", "foo.bar", "1FOO", "FOO BAR", "a:b", "MY-VAR", "_", "~weird$"} {
		add(fmt.Sprintf("env.name-valid-%d", i), cmEnv(corev1.EnvVar{Name: n, Value: "v"}))
	}
	for i, n := range []string{"", "A=B", "naïve", "TAB\tNAME", "=", "LINE\nBREAK"} {
		add(fmt.Sprintf("env.name-invalid-%d", i), cmEnv(corev1.EnvVar{Name: n, Value: "v"}))
	}
	add("env.value-empty", cmEnv(corev1.EnvVar{Name: "EMPTY"}))
	add("env.valuefrom-empty", cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{}}))
	add("env.value-and-valuefrom", cmEnv(corev1.EnvVar{Name: "X", Value: "v", ValueFrom: &corev1.EnvVarSource{
		FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}}))
	add("env.two-sources", cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{
		FieldRef:     &corev1.ObjectFieldSelector{FieldPath: "metadata.name"},
		SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "s"}, Key: "k"}}}))
	add("env.value-and-two-sources", cmEnv(corev1.EnvVar{Name: "X", Value: "v", ValueFrom: &corev1.EnvVarSource{
		FieldRef:        &corev1.ObjectFieldSelector{FieldPath: "metadata.name"},
		ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}, Key: "k"}}}))
	for _, p := range []string{"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
		"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", "metadata.labels['app']",
		"metadata.annotations['example.com/x']", "spec.host", "metadata.annotations['Example.COM/Key']"} {
		add("env.fieldref-valid-"+p, cmFieldRef(p))
	}
	for _, p := range []string{"", "spec.restartPolicy", "status.phase", "spec.schedulerName", "metadata.labels",
		"metadata.annotations", "metadata.foo", "metadata.name['x']", "metadata.labels['bad key']", "metadata.labels['-x']"} {
		add("env.fieldref-invalid-"+p, cmFieldRef(p))
	}
	add("env.fieldref-apiversion-v1", cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{
		FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}}))
	add("env.fieldref-apiversion-v2", cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{
		FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v2", FieldPath: "metadata.name"}}}))
	add("env.fieldref-apiversion-apps", cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{
		FieldRef: &corev1.ObjectFieldSelector{APIVersion: "apps/v1", FieldPath: "metadata.name"}}}))
	for _, r := range [][2]string{{"limits.cpu", ""}, {"requests.cpu", "1m"}, {"limits.cpu", "1"}, {"requests.memory", "1Mi"},
		{"limits.memory", "1000"}, {"limits.memory", "1Gi"}, {"requests.ephemeral-storage", "1k"}, {"limits.hugepages-2Mi", ""},
		{"requests.hugepages-1Gi", "1Mi"}, {"limits.cpu", "0"}} {
		add("env.resourceref-valid-"+r[0]+"-"+r[1], cmResourceRef(r[0], r[1]))
	}
	for _, r := range [][2]string{{"", ""}, {"cpu", ""}, {"limits.nvidia.com/gpu", ""}, {"limits.cpu", "2"}, {"requests.cpu", "1Ki"},
		{"limits.memory", "3"}, {"requests.ephemeral-storage", "500m"}, {"limits.hugepages-2Mi", "2"}, {"requests.storage", ""},
		{"", "1Gi"}} {
		add("env.resourceref-invalid-"+r[0]+"-"+r[1], cmResourceRef(r[0], r[1]))
	}
	add("env.resourceref-containername", cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{
		ResourceFieldRef: &corev1.ResourceFieldSelector{ContainerName: "nope", Resource: "limits.cpu"}}}))
	add("env.secretref-valid", cmSecretRef("my-secret", "KEY_1"))
	add("env.secretref-valid-dotted", cmSecretRef("a.b.c", "a.b-c_d"))
	add("env.secretref-optional", cmEnv(corev1.EnvVar{Name: "X", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: "s"}, Key: "k", Optional: ptr(true)}}}))
	add("env.secretref-name-empty", cmSecretRef("", "k"))
	add("env.secretref-name-upper", cmSecretRef("MySecret", "k"))
	add("env.secretref-name-trailing-dash", cmSecretRef("secret-", "k"))
	add("env.secretref-key-empty", cmSecretRef("s", ""))
	add("env.secretref-key-slash", cmSecretRef("s", "a/b"))
	add("env.secretref-key-dotdot", cmSecretRef("s", ".."))
	add("env.secretref-key-dotdot-prefix", cmSecretRef("s", "..a"))
	add("env.secretref-key-dot", cmSecretRef("s", "."))
	add("env.secretref-key-long", cmSecretRef("s", strings.Repeat("k", 254)))
	add("env.secretref-key-253", cmSecretRef("s", strings.Repeat("k", 253)))
	add("env.configmapref-valid", cmConfigMapRef("cfg", "app.properties"))
	add("env.configmapref-name-upper", cmConfigMapRef("Cfg", "k"))
	add("env.configmapref-name-empty", cmConfigMapRef("", "k"))
	add("env.configmapref-key-space", cmConfigMapRef("cfg", "a b"))
	add("env.configmapref-key-empty", cmConfigMapRef("cfg", ""))
	empty := cmEmptyDir()
	none := corev1.VolumeSource{}
	cmv := corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}}}
	add("env.filekeyref-valid", cmFileKeyRef(&empty, corev1.FileKeySelector{VolumeName: "envs", Path: "vars.env", Key: "FOO"}))
	add("env.filekeyref-valid-optional", cmFileKeyRef(&empty, corev1.FileKeySelector{VolumeName: "envs", Path: "a/vars.env", Key: "1 FOO", Optional: ptr(true)}))
	add("env.filekeyref-volume-defaulted-emptydir", cmFileKeyRef(&none, corev1.FileKeySelector{VolumeName: "envs", Path: "vars.env", Key: "FOO"}))
	add("env.filekeyref-volume-missing", cmFileKeyRef(nil, corev1.FileKeySelector{VolumeName: "envs", Path: "vars.env", Key: "FOO"}))
	add("env.filekeyref-volume-configmap", cmFileKeyRef(&cmv, corev1.FileKeySelector{VolumeName: "envs", Path: "vars.env", Key: "FOO"}))
	add("env.filekeyref-key-empty", cmFileKeyRef(&empty, corev1.FileKeySelector{VolumeName: "envs", Path: "vars.env"}))
	add("env.filekeyref-key-equals", cmFileKeyRef(&empty, corev1.FileKeySelector{VolumeName: "envs", Path: "vars.env", Key: "A=B"}))
	add("env.filekeyref-volumename-empty", cmFileKeyRef(&empty, corev1.FileKeySelector{Path: "vars.env", Key: "FOO"}))
	add("env.filekeyref-volumename-upper", cmFileKeyRef(&empty, corev1.FileKeySelector{VolumeName: "Envs", Path: "vars.env", Key: "FOO"}))
	add("env.filekeyref-path-empty", cmFileKeyRef(&empty, corev1.FileKeySelector{VolumeName: "envs", Key: "FOO"}))
	add("env.filekeyref-path-backstep", cmFileKeyRef(&empty, corev1.FileKeySelector{VolumeName: "envs", Path: "../vars.env", Key: "FOO"}))
	add("env.filekeyref-path-absolute", cmFileKeyRef(&empty, corev1.FileKeySelector{VolumeName: "envs", Path: "/vars.env", Key: "FOO"}))
	add("env.in-init-container-invalid", cmInit(func(c *corev1.Container) { c.Env = []corev1.EnvVar{{Name: "A=B"}} }))
	add("env.in-sidecar-valid", cmSidecar(func(c *corev1.Container) { c.Env = []corev1.EnvVar{{Name: "A", Value: "b"}} }))

	// envFrom
	add("envfrom.configmap", cmEnvFrom(corev1.EnvFromSource{ConfigMapRef: cmCMSource("cfg")}))
	add("envfrom.secret", cmEnvFrom(corev1.EnvFromSource{SecretRef: cmSecretSource("sec")}))
	add("envfrom.prefix", cmEnvFrom(corev1.EnvFromSource{Prefix: "APP_", ConfigMapRef: cmCMSource("cfg")}))
	add("envfrom.prefix-digit", cmEnvFrom(corev1.EnvFromSource{Prefix: "1_", ConfigMapRef: cmCMSource("cfg")}))
	add("envfrom.prefix-equals", cmEnvFrom(corev1.EnvFromSource{Prefix: "A=", ConfigMapRef: cmCMSource("cfg")}))
	add("envfrom.prefix-nonascii", cmEnvFrom(corev1.EnvFromSource{Prefix: "ü_", SecretRef: cmSecretSource("sec")}))
	add("envfrom.name-trailing-dash", cmEnvFrom(corev1.EnvFromSource{ConfigMapRef: cmCMSource("cfg-")}))
	add("envfrom.secret-name-trailing-dash", cmEnvFrom(corev1.EnvFromSource{SecretRef: cmSecretSource("sec-")}))
	add("envfrom.name-empty", cmEnvFrom(corev1.EnvFromSource{ConfigMapRef: cmCMSource("")}))
	add("envfrom.secret-name-empty", cmEnvFrom(corev1.EnvFromSource{SecretRef: cmSecretSource("")}))
	add("envfrom.name-upper", cmEnvFrom(corev1.EnvFromSource{ConfigMapRef: cmCMSource("Cfg")}))
	add("envfrom.secret-name-underscore", cmEnvFrom(corev1.EnvFromSource{SecretRef: cmSecretSource("my_secret")}))
	add("envfrom.no-source", cmEnvFrom(corev1.EnvFromSource{Prefix: "X_"}))
	add("envfrom.two-sources", cmEnvFrom(corev1.EnvFromSource{ConfigMapRef: cmCMSource("cfg"), SecretRef: cmSecretSource("sec")}))
	add("envfrom.optional", cmEnvFrom(corev1.EnvFromSource{ConfigMapRef: &corev1.ConfigMapEnvSource{
		LocalObjectReference: corev1.LocalObjectReference{Name: "cfg"}, Optional: ptr(true)}}))

	// resources
	for i, rl := range []struct{ req, lim []string }{
		{[]string{"cpu=500m"}, nil},
		{[]string{"cpu=0.5", "memory=1e3"}, nil},
		{[]string{"memory=128Mi"}, []string{"memory=128Mi"}},
		{nil, []string{"cpu=1", "memory=1Gi"}},
		{[]string{"cpu=100m"}, []string{"cpu=1"}},
		{[]string{"ephemeral-storage=1Gi"}, []string{"ephemeral-storage=2Gi"}},
		{[]string{"cpu=0", "memory=0"}, nil},
		{[]string{"example.com/foo=1"}, []string{"example.com/foo=1"}},
		{nil, []string{"example.com/foo=2"}},
		{[]string{"memory=1Gi", "hugepages-2Mi=4Mi"}, []string{"memory=1Gi", "hugepages-2Mi=4Mi"}},
		{[]string{"cpu=0.0019"}, []string{"cpu=0.0011"}},
		{[]string{"memory=0.5"}, nil},
		{[]string{"cpu=1.0001"}, []string{"cpu=1.0002"}},
		{[]string{"kubernetes.io/foo=0.5"}, nil},
		{[]string{"cpu=1", "hugepages-1Gi=2Gi"}, []string{"cpu=1", "hugepages-1Gi=2Gi"}},
		{[]string{}, []string{}},
	} {
		add(fmt.Sprintf("resources.valid-%d", i), cmRes(rl.req, rl.lim))
	}
	for i, rl := range []struct{ req, lim []string }{
		{[]string{"cpu=-1"}, nil},
		{nil, []string{"memory=-1Mi"}},
		{[]string{"cpu=2"}, []string{"cpu=1"}},
		{[]string{"memory=2Gi"}, []string{"memory=1Gi"}},
		{[]string{"gpu=1"}, nil},
		{[]string{"nvidia.com/gpu=1"}, nil},
		{[]string{"example.com/foo=1"}, []string{"example.com/foo=2"}},
		{[]string{"example.com/foo=500m"}, []string{"example.com/foo=500m"}},
		{[]string{"hugepages-2Mi=4Mi"}, []string{"hugepages-2Mi=4Mi"}},
		{[]string{"memory=1Gi", "hugepages-2Mi=3Mi"}, []string{"memory=1Gi", "hugepages-2Mi=3Mi"}},
		{[]string{"requests.cpu=1"}, nil},
		{[]string{"pods=1"}, nil},
		{nil, []string{"storage=1Gi"}},
		{[]string{"example.com/Foo_bar=1"}, []string{"example.com/Foo_bar=1"}},
		{[]string{"ephemeral-storage=2Gi"}, []string{"ephemeral-storage=1Gi"}},
		{[]string{"memory=1Gi", "hugepages-foo=1Gi"}, []string{"memory=1Gi", "hugepages-foo=1Gi"}},
		{[]string{"cpu=0.0021"}, []string{"cpu=0.0011"}},
		{[]string{"example.com/foo=1"}, nil},
	} {
		add(fmt.Sprintf("resources.invalid-%d", i), cmRes(rl.req, rl.lim))
	}
	add("resources.claims-missing", cmMain(func(c *corev1.Container) { c.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu"}} }))
	add("resources.claims-empty-name", cmMain(func(c *corev1.Container) { c.Resources.Claims = []corev1.ResourceClaim{{Name: ""}} }))
	add("resources.init-invalid", cmInit(func(c *corev1.Container) {
		c.Resources.Requests = cmList("cpu=2")
		c.Resources.Limits = cmList("cpu=1")
	}))
	add("resources.sidecar-valid", cmSidecar(func(c *corev1.Container) { c.Resources.Requests = cmList("cpu=100m", "memory=64Mi") }))

	// probes
	add("probe.liveness-exec", cmLiveness(func(p *corev1.Probe) {}))
	add("probe.liveness-http", cmLiveness(func(p *corev1.Probe) {
		p.Exec = nil
		p.HTTPGet = &corev1.HTTPGetAction{Port: intstr.FromInt32(8080)}
	}))
	add("probe.liveness-http-named-port", cmLiveness(func(p *corev1.Probe) {
		p.Exec = nil
		p.HTTPGet = &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http"), Scheme: corev1.URISchemeHTTPS,
			HTTPHeaders: []corev1.HTTPHeader{{Name: "X-Custom", Value: "1"}}}
	}))
	add("probe.readiness-tcp", cmReadiness(func(p *corev1.Probe) {
		p.Exec = nil
		p.TCPSocket = &corev1.TCPSocketAction{Port: intstr.FromInt32(80)}
	}))
	add("probe.readiness-grpc", cmReadiness(func(p *corev1.Probe) {
		p.Exec = nil
		p.GRPC = &corev1.GRPCAction{Port: 9000}
	}))
	add("probe.startup-thresholds", cmStartup(func(p *corev1.Probe) { p.FailureThreshold = 30; p.PeriodSeconds = 5 }))
	add("probe.liveness-success-0-defaulted", cmLiveness(func(p *corev1.Probe) { p.SuccessThreshold = 0 }))
	add("probe.readiness-success-3", cmReadiness(func(p *corev1.Probe) { p.SuccessThreshold = 3 }))
	add("probe.liveness-grace-10", cmLiveness(func(p *corev1.Probe) { p.TerminationGracePeriodSeconds = ptr[int64](10) }))
	add("probe.startup-grace-1", cmStartup(func(p *corev1.Probe) { p.TerminationGracePeriodSeconds = ptr[int64](1) }))
	add("probe.all-zero-defaulted", cmLiveness(func(p *corev1.Probe) {
		p.InitialDelaySeconds, p.TimeoutSeconds, p.PeriodSeconds, p.FailureThreshold = 0, 0, 0, 0
	}))
	add("probe.liveness-no-handler", cmLiveness(func(p *corev1.Probe) { p.Exec = nil }))
	add("probe.readiness-no-handler", cmReadiness(func(p *corev1.Probe) { p.Exec = nil }))
	add("probe.liveness-two-handlers", cmLiveness(func(p *corev1.Probe) { p.HTTPGet = &corev1.HTTPGetAction{Port: intstr.FromInt32(80)} }))
	add("probe.readiness-three-handlers", cmReadiness(func(p *corev1.Probe) {
		p.TCPSocket = &corev1.TCPSocketAction{Port: intstr.FromInt32(80)}
		p.GRPC = &corev1.GRPCAction{Port: 80}
	}))
	add("probe.liveness-success-2", cmLiveness(func(p *corev1.Probe) { p.SuccessThreshold = 2 }))
	add("probe.startup-success-2", cmStartup(func(p *corev1.Probe) { p.SuccessThreshold = 2 }))
	add("probe.liveness-success-negative", cmLiveness(func(p *corev1.Probe) { p.SuccessThreshold = -1 }))
	add("probe.readiness-success-negative", cmReadiness(func(p *corev1.Probe) { p.SuccessThreshold = -1 }))
	add("probe.period-negative", cmLiveness(func(p *corev1.Probe) { p.PeriodSeconds = -1 }))
	add("probe.timeout-negative", cmReadiness(func(p *corev1.Probe) { p.TimeoutSeconds = -1 }))
	add("probe.failure-negative", cmStartup(func(p *corev1.Probe) { p.FailureThreshold = -1 }))
	add("probe.initial-delay-negative", cmLiveness(func(p *corev1.Probe) { p.InitialDelaySeconds = -1 }))
	add("probe.liveness-grace-0", cmLiveness(func(p *corev1.Probe) { p.TerminationGracePeriodSeconds = ptr[int64](0) }))
	add("probe.startup-grace-negative", cmStartup(func(p *corev1.Probe) { p.TerminationGracePeriodSeconds = ptr[int64](-1) }))
	add("probe.readiness-grace-set", cmReadiness(func(p *corev1.Probe) { p.TerminationGracePeriodSeconds = ptr[int64](10) }))
	add("probe.readiness-grace-0", cmReadiness(func(p *corev1.Probe) { p.TerminationGracePeriodSeconds = ptr[int64](0) }))
	add("probe.exec-empty-command", cmLiveness(func(p *corev1.Probe) { p.Exec.Command = nil }))
	for i, port := range []intstr.IntOrString{intstr.FromInt32(0), intstr.FromInt32(70000), intstr.FromString("HTTP_PORT"),
		intstr.FromString("8080"), intstr.FromString(""), intstr.FromInt32(-80)} {
		port := port
		add(fmt.Sprintf("probe.http-port-invalid-%d", i), cmReadiness(func(p *corev1.Probe) {
			p.Exec = nil
			p.HTTPGet = &corev1.HTTPGetAction{Port: port}
		}))
		add(fmt.Sprintf("probe.tcp-port-invalid-%d", i), cmLiveness(func(p *corev1.Probe) {
			p.Exec = nil
			p.TCPSocket = &corev1.TCPSocketAction{Port: port}
		}))
	}
	add("probe.http-scheme-ftp", cmReadiness(func(p *corev1.Probe) {
		p.Exec = nil
		p.HTTPGet = &corev1.HTTPGetAction{Port: intstr.FromInt32(80), Scheme: "FTP"}
	}))
	add("probe.http-scheme-lowercase", cmReadiness(func(p *corev1.Probe) {
		p.Exec = nil
		p.HTTPGet = &corev1.HTTPGetAction{Port: intstr.FromInt32(80), Scheme: "http"}
	}))
	add("probe.http-header-bad", cmReadiness(func(p *corev1.Probe) {
		p.Exec = nil
		p.HTTPGet = &corev1.HTTPGetAction{Port: intstr.FromInt32(80), HTTPHeaders: []corev1.HTTPHeader{{Name: "Bad Header", Value: "x"}, {Name: "", Value: "y"}}}
	}))
	add("probe.grpc-port-0", cmLiveness(func(p *corev1.Probe) { p.Exec = nil; p.GRPC = &corev1.GRPCAction{Port: 0} }))
	add("probe.grpc-port-70000", cmLiveness(func(p *corev1.Probe) { p.Exec = nil; p.GRPC = &corev1.GRPCAction{Port: 70000} }))
	add("probe.grpc-service", cmLiveness(func(p *corev1.Probe) { p.Exec = nil; p.GRPC = &corev1.GRPCAction{Port: 9000, Service: ptr("health")} }))
	add("probe.http-port-65535", cmLiveness(func(p *corev1.Probe) {
		p.Exec = nil
		p.HTTPGet = &corev1.HTTPGetAction{Port: intstr.FromInt32(65535), Host: "example.com"}
	}))

	// lifecycle
	add("lifecycle.prestop-exec", cmPreStop(corev1.LifecycleHandler{Exec: cmExec()}))
	add("lifecycle.poststart-http", cmPostStart(corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(80)}}))
	add("lifecycle.prestop-tcp", cmPreStop(corev1.LifecycleHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromString("web")}}))
	add("lifecycle.prestop-sleep-5", cmPreStop(corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 5}}))
	add("lifecycle.prestop-sleep-0", cmPreStop(corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 0}}))
	add("lifecycle.prestop-sleep-30", cmPreStop(corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 30}}))
	add("lifecycle.prestop-sleep-31", cmPreStop(corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 31}}))
	add("lifecycle.poststart-sleep-negative", cmPostStart(corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: -1}}))
	add("lifecycle.sleep-over-grace", func(t *corev1.PodTemplateSpec) {
		t.Spec.TerminationGracePeriodSeconds = ptr[int64](5)
		t.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 10}}}
	})
	add("lifecycle.sleep-within-grace", func(t *corev1.PodTemplateSpec) {
		t.Spec.TerminationGracePeriodSeconds = ptr[int64](120)
		t.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 100}}}
	})
	add("lifecycle.prestop-no-handler", cmPreStop(corev1.LifecycleHandler{}))
	add("lifecycle.poststart-no-handler", cmPostStart(corev1.LifecycleHandler{}))
	add("lifecycle.prestop-two-handlers", cmPreStop(corev1.LifecycleHandler{Exec: cmExec(), Sleep: &corev1.SleepAction{Seconds: 1}}))
	add("lifecycle.poststart-http-and-tcp", cmPostStart(corev1.LifecycleHandler{
		HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(80)}, TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(80)}}))
	add("lifecycle.prestop-exec-empty", cmPreStop(corev1.LifecycleHandler{Exec: &corev1.ExecAction{}}))
	add("lifecycle.poststart-http-port-0", cmPostStart(corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(0)}}))
	add("lifecycle.prestop-http-bad-scheme", cmPreStop(corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(80), Scheme: "TCP"}}))
	add("lifecycle.both-hooks", cmMain(func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{PostStart: &corev1.LifecycleHandler{Exec: cmExec()}, PreStop: &corev1.LifecycleHandler{Exec: cmExec()}}
	}))
	add("lifecycle.empty", cmMain(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{} }))
	add("lifecycle.stopsignal-only", cmMain(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{StopSignal: ptr(corev1.SIGTERM)} }))
	add("lifecycle.stopsignal-bogus", cmMain(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{StopSignal: ptr(corev1.Signal("SIGBOGUS"))} }))
	add("lifecycle.stopsignal-with-bad-prestop", cmMain(func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{StopSignal: ptr(corev1.SIGTERM), PreStop: &corev1.LifecycleHandler{}}
	}))

	// init containers and native sidecars
	add("init.plain", cmInit(func(c *corev1.Container) { c.Command = []string{"true"} }))
	add("init.lifecycle", cmInit(func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Exec: cmExec()}}
	}))
	add("init.lifecycle-empty", cmInit(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{} }))
	add("init.lifecycle-stopsignal-only", cmInit(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{StopSignal: ptr(corev1.SIGINT)} }))
	add("init.liveness", cmInit(func(c *corev1.Container) { c.LivenessProbe = cmProbe(func(*corev1.Probe) {}) }))
	add("init.readiness", cmInit(func(c *corev1.Container) { c.ReadinessProbe = cmProbe(func(*corev1.Probe) {}) }))
	add("init.startup", cmInit(func(c *corev1.Container) { c.StartupProbe = cmProbe(func(*corev1.Probe) {}) }))
	add("init.invalid-probe", cmInit(func(c *corev1.Container) { c.LivenessProbe = cmProbe(func(p *corev1.Probe) { p.Exec = nil }) }))
	add("init.restartpolicy-never", cmInit(func(c *corev1.Container) { c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever) }))
	add("init.restartpolicy-onfailure", cmInit(func(c *corev1.Container) { c.RestartPolicy = ptr(corev1.ContainerRestartPolicyOnFailure) }))
	add("init.restartpolicy-bogus", cmInit(func(c *corev1.Container) { c.RestartPolicy = ptr(corev1.ContainerRestartPolicy("Sometimes")) }))
	add("init.restartpolicy-never-with-rules", cmInit(func(c *corev1.Container) {
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpIn, 42)}
	}))
	add("init.rules-without-restartpolicy", cmInit(func(c *corev1.Container) {
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpIn, 42)}
	}))
	add("init.rules-bad-operator", cmInit(func(c *corev1.Container) {
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, "Equals", 42)}
	}))
	add("init.resizepolicy", cmInit(func(c *corev1.Container) {
		c.ResizePolicy = []corev1.ContainerResizePolicy{{ResourceName: corev1.ResourceCPU, RestartPolicy: corev1.NotRequired}}
	}))
	add("sidecar.plain", cmSidecar(func(c *corev1.Container) {}))
	add("sidecar.probes-and-lifecycle", cmSidecar(func(c *corev1.Container) {
		c.LivenessProbe = cmProbe(func(*corev1.Probe) {})
		c.ReadinessProbe = cmProbe(func(p *corev1.Probe) { p.SuccessThreshold = 2 })
		c.StartupProbe = cmProbe(func(p *corev1.Probe) { p.FailureThreshold = 60 })
		c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 3}}}
	}))
	add("sidecar.liveness-success-2", cmSidecar(func(c *corev1.Container) {
		c.LivenessProbe = cmProbe(func(p *corev1.Probe) { p.SuccessThreshold = 2 })
	}))
	add("sidecar.readiness-grace", cmSidecar(func(c *corev1.Container) {
		c.ReadinessProbe = cmProbe(func(p *corev1.Probe) { p.TerminationGracePeriodSeconds = ptr[int64](5) })
	}))
	add("sidecar.startup-no-handler", cmSidecar(func(c *corev1.Container) { c.StartupProbe = &corev1.Probe{} }))
	add("sidecar.prestop-no-handler", cmSidecar(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{}} }))
	add("sidecar.sleep-too-long", cmSidecar(func(c *corev1.Container) {
		c.Lifecycle = &corev1.Lifecycle{PostStart: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 3600}}}
	}))
	add("sidecar.rules-forbidden", cmSidecar(func(c *corev1.Container) {
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpIn, 1)}
	}))
	add("sidecar.resizepolicy", cmSidecar(func(c *corev1.Container) {
		c.ResizePolicy = []corev1.ContainerResizePolicy{{ResourceName: corev1.ResourceMemory, RestartPolicy: corev1.NotRequired}}
	}))
	add("sidecar.two-sidecars-and-init", func(t *corev1.PodTemplateSpec) {
		cmAddInit(t, "setup", false)
		cmAddInit(t, "proxy", true).Ports = []corev1.ContainerPort{{ContainerPort: 15001, Name: "proxy"}}
		cmAddInit(t, "logs", true).VolumeMounts = nil
	})

	// restartPolicy of regular containers (ContainerRestartRules is on by default in 1.35)
	add("restart.container-never", cmMain(func(c *corev1.Container) { c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever) }))
	add("restart.container-onfailure", cmMain(func(c *corev1.Container) { c.RestartPolicy = ptr(corev1.ContainerRestartPolicyOnFailure) }))
	add("restart.container-always", cmMain(func(c *corev1.Container) { c.RestartPolicy = ptr(corev1.ContainerRestartPolicyAlways) }))
	add("restart.container-bogus", cmMain(func(c *corev1.Container) { c.RestartPolicy = ptr(corev1.ContainerRestartPolicy("Sometimes")) }))
	add("restart.container-rules-in", cmMain(func(c *corev1.Container) {
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpIn, 42, 43)}
	}))
	add("restart.container-rules-notin", cmMain(func(c *corev1.Container) {
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyOnFailure)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpNotIn, 0)}
	}))
	add("restart.container-rules-without-policy", cmMain(func(c *corev1.Container) {
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpIn, 42)}
	}))
	add("restart.container-rule-bad-action", cmMain(func(c *corev1.Container) {
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule("RestartAllContainers", corev1.ContainerRestartRuleOnExitCodesOpIn, 42)}
	}))
	add("restart.container-rule-no-exitcodes", cmMain(func(c *corev1.Container) {
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{{Action: corev1.ContainerRestartRuleActionRestart}}
	}))
	add("restart.container-rule-bad-operator", cmMain(func(c *corev1.Container) {
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, "Equals", 42)}
	}))
	add("restart.container-rule-256-values", cmMain(func(c *corev1.Container) {
		vals := make([]int32, 256)
		for i := range vals {
			vals[i] = int32(i)
		}
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpIn, vals...)}
	}))
	add("restart.container-rule-255-values", cmMain(func(c *corev1.Container) {
		vals := make([]int32, 255)
		for i := range vals {
			vals[i] = int32(i)
		}
		c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
		c.RestartPolicyRules = []corev1.ContainerRestartRule{cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpIn, vals...)}
	}))
	for _, n := range []int{20, 21} {
		n := n
		add(fmt.Sprintf("restart.container-%d-rules", n), cmMain(func(c *corev1.Container) {
			c.RestartPolicy = ptr(corev1.ContainerRestartPolicyNever)
			for i := 0; i < n; i++ {
				c.RestartPolicyRules = append(c.RestartPolicyRules, cmRule(corev1.ContainerRestartRuleActionRestart, corev1.ContainerRestartRuleOnExitCodesOpIn, int32(i+1)))
			}
		}))
	}

	// volumeMounts
	add("mounts.plain", cmMount(func(m *corev1.VolumeMount) {}))
	add("mounts.readonly", cmMount(func(m *corev1.VolumeMount) { m.ReadOnly = true }))
	add("mounts.subpath", cmMount(func(m *corev1.VolumeMount) { m.SubPath = "sub/dir" }))
	add("mounts.subpath-dots-in-name", cmMount(func(m *corev1.VolumeMount) { m.SubPath = "a..b/c" }))
	add("mounts.subpathexpr", cmMount(func(m *corev1.VolumeMount) { m.SubPathExpr = "$(POD_NAME)" }))
	add("mounts.propagation-hosttocontainer", cmMount(func(m *corev1.VolumeMount) { m.MountPropagation = ptr(corev1.MountPropagationHostToContainer) }))
	add("mounts.propagation-none", cmMount(func(m *corev1.VolumeMount) { m.MountPropagation = ptr(corev1.MountPropagationNone) }))
	add("mounts.rro-enabled", cmMount(func(m *corev1.VolumeMount) {
		m.ReadOnly = true
		m.RecursiveReadOnly = ptr(corev1.RecursiveReadOnlyEnabled)
	}))
	add("mounts.rro-ifpossible", cmMount(func(m *corev1.VolumeMount) {
		m.ReadOnly = true
		m.RecursiveReadOnly = ptr(corev1.RecursiveReadOnlyIfPossible)
		m.MountPropagation = ptr(corev1.MountPropagationNone)
	}))
	add("mounts.rro-disabled", cmMount(func(m *corev1.VolumeMount) { m.RecursiveReadOnly = ptr(corev1.RecursiveReadOnlyDisabled) }))
	add("mounts.same-volume-twice", cmWithVol(func(c *corev1.Container) {
		c.VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/a"}, {Name: "data", MountPath: "/b", SubPath: "b"}}
	}))
	add("mounts.volume-without-source", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "scratch", corev1.VolumeSource{})
		t.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "scratch", MountPath: "/scratch"}}
	})
	add("mounts.init-and-main", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "data", cmEmptyDir())
		t.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data"}}
		cmAddInit(t, "init", false).VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data"}}
	})
	add("mounts.relative-mountpath", cmMount(func(m *corev1.VolumeMount) { m.MountPath = "data" }))
	add("mounts.volume-missing", cmMain(func(c *corev1.Container) { c.VolumeMounts = []corev1.VolumeMount{{Name: "nope", MountPath: "/x"}} }))
	add("mounts.name-empty", cmMount(func(m *corev1.VolumeMount) { m.Name = "" }))
	add("mounts.mountpath-empty", cmMount(func(m *corev1.VolumeMount) { m.MountPath = "" }))
	add("mounts.mountpath-duplicate", cmWithVol(func(c *corev1.Container) {
		c.VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/a"}, {Name: "data", MountPath: "/a"}}
	}))
	add("mounts.subpath-absolute", cmMount(func(m *corev1.VolumeMount) { m.SubPath = "/abs" }))
	add("mounts.subpath-backstep", cmMount(func(m *corev1.VolumeMount) { m.SubPath = "../x" }))
	add("mounts.subpath-inner-backstep", cmMount(func(m *corev1.VolumeMount) { m.SubPath = "a/../b" }))
	add("mounts.subpath-dotdot-prefix", cmMount(func(m *corev1.VolumeMount) { m.SubPath = "..a" }))
	add("mounts.subpath-and-expr", cmMount(func(m *corev1.VolumeMount) { m.SubPath = "a"; m.SubPathExpr = "$(X)" }))
	add("mounts.subpathexpr-absolute", cmMount(func(m *corev1.VolumeMount) { m.SubPathExpr = "/$(X)" }))
	add("mounts.subpathexpr-backstep", cmMount(func(m *corev1.VolumeMount) { m.SubPathExpr = "$(X)/.." }))
	add("mounts.propagation-shared", cmMount(func(m *corev1.VolumeMount) { m.MountPropagation = ptr(corev1.MountPropagationMode("Shared")) }))
	add("mounts.propagation-bidirectional-unprivileged", cmMount(func(m *corev1.VolumeMount) { m.MountPropagation = ptr(corev1.MountPropagationBidirectional) }))
	add("mounts.rro-without-readonly", cmMount(func(m *corev1.VolumeMount) { m.RecursiveReadOnly = ptr(corev1.RecursiveReadOnlyEnabled) }))
	add("mounts.rro-with-propagation", cmMount(func(m *corev1.VolumeMount) {
		m.ReadOnly = true
		m.RecursiveReadOnly = ptr(corev1.RecursiveReadOnlyIfPossible)
		m.MountPropagation = ptr(corev1.MountPropagationHostToContainer)
	}))
	add("mounts.rro-bogus", cmMount(func(m *corev1.VolumeMount) {
		m.ReadOnly = true
		m.RecursiveReadOnly = ptr(corev1.RecursiveReadOnlyMode("Always"))
	}))
	add("mounts.invalid-volume-name", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "Data", cmEmptyDir())
		t.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "Data", MountPath: "/data"}}
	})
	add("mounts.init-volume-missing", cmInit(func(c *corev1.Container) { c.VolumeMounts = []corev1.VolumeMount{{Name: "nope", MountPath: "/x"}} }))
	add("mounts.sidecar-subpath-absolute", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "data", cmEmptyDir())
		cmAddInit(t, "sidecar", true).VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/d", SubPath: "/x"}}
	})

	// volumeDevices
	add("devices.pvc", cmWithPVC(func(c *corev1.Container) {
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "blk", DevicePath: "/dev/xvda"}}
	}))
	add("devices.ephemeral", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "eph", corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{VolumeClaimTemplate: &corev1.PersistentVolumeClaimTemplate{
			Spec: corev1.PersistentVolumeClaimSpec{AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				Resources: corev1.VolumeResourceRequirements{Requests: cmList("storage=1Gi")}}}}})
		t.Spec.Containers[0].VolumeDevices = []corev1.VolumeDevice{{Name: "eph", DevicePath: "/dev/xvdb"}}
	})
	add("devices.pvc-mount-and-other-device", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "blk", cmPVC())
		cmAddVol(t, "fs", corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "fs"}})
		c := &t.Spec.Containers[0]
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "blk", DevicePath: "/dev/xvda"}}
		c.VolumeMounts = []corev1.VolumeMount{{Name: "fs", MountPath: "/fs"}}
	})
	add("devices.emptydir", cmWithVol(func(c *corev1.Container) {
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "data", DevicePath: "/dev/xvda"}}
	}))
	add("devices.volume-missing", cmMain(func(c *corev1.Container) {
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "nope", DevicePath: "/dev/xvda"}}
	}))
	add("devices.name-empty", cmWithPVC(func(c *corev1.Container) {
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "", DevicePath: "/dev/xvda"}}
	}))
	add("devices.path-empty", cmWithPVC(func(c *corev1.Container) { c.VolumeDevices = []corev1.VolumeDevice{{Name: "blk"}} }))
	add("devices.path-backstep", cmWithPVC(func(c *corev1.Container) {
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "blk", DevicePath: "/dev/../xvda"}}
	}))
	add("devices.duplicate-name", cmWithPVC(func(c *corev1.Container) {
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "blk", DevicePath: "/dev/xvda"}, {Name: "blk", DevicePath: "/dev/xvdb"}}
	}))
	add("devices.duplicate-path", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "blk", cmPVC())
		cmAddVol(t, "blk2", corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "data2"}})
		t.Spec.Containers[0].VolumeDevices = []corev1.VolumeDevice{{Name: "blk", DevicePath: "/dev/xvda"}, {Name: "blk2", DevicePath: "/dev/xvda"}}
	})
	add("devices.also-mounted", cmWithPVC(func(c *corev1.Container) {
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "blk", DevicePath: "/dev/xvda"}}
		c.VolumeMounts = []corev1.VolumeMount{{Name: "blk", MountPath: "/mnt"}}
	}))
	add("devices.path-is-mount-path", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "blk", cmPVC())
		cmAddVol(t, "data", cmEmptyDir())
		c := &t.Spec.Containers[0]
		c.VolumeDevices = []corev1.VolumeDevice{{Name: "blk", DevicePath: "/data"}}
		c.VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data"}}
	})
	add("devices.init-emptydir", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "data", cmEmptyDir())
		cmAddInit(t, "init", false).VolumeDevices = []corev1.VolumeDevice{{Name: "data", DevicePath: "/dev/x"}}
	})

	// resizePolicy (the Job's pod restartPolicy is Never, the CronJob's OnFailure)
	cpuNR := corev1.ContainerResizePolicy{ResourceName: corev1.ResourceCPU, RestartPolicy: corev1.NotRequired}
	memNR := corev1.ContainerResizePolicy{ResourceName: corev1.ResourceMemory, RestartPolicy: corev1.NotRequired}
	add("resize.cpu-notrequired", cmResize(cpuNR))
	add("resize.cpu-and-memory", cmResize(cpuNR, memNR))
	add("resize.empty-list", cmResize())
	add("resize.restart-container", cmResize(corev1.ContainerResizePolicy{ResourceName: corev1.ResourceMemory, RestartPolicy: corev1.RestartContainer}))
	add("resize.duplicate", cmResize(cpuNR, cpuNR))
	add("resize.resource-gpu", cmResize(corev1.ContainerResizePolicy{ResourceName: "nvidia.com/gpu", RestartPolicy: corev1.NotRequired}))
	add("resize.resource-empty", cmResize(corev1.ContainerResizePolicy{RestartPolicy: corev1.NotRequired}))
	add("resize.policy-empty", cmResize(corev1.ContainerResizePolicy{ResourceName: corev1.ResourceCPU}))
	add("resize.policy-bogus", cmResize(corev1.ContainerResizePolicy{ResourceName: corev1.ResourceCPU, RestartPolicy: "Sometimes"}))
	add("resize.ephemeral-storage", cmResize(corev1.ContainerResizePolicy{ResourceName: corev1.ResourceEphemeralStorage, RestartPolicy: corev1.NotRequired}))

	// terminationMessage*, workingDir, stdin/tty: only the policy is validated
	add("termination.policy-fallback", cmMain(func(c *corev1.Container) { c.TerminationMessagePolicy = corev1.TerminationMessageFallbackToLogsOnError }))
	add("termination.policy-file", cmMain(func(c *corev1.Container) { c.TerminationMessagePolicy = corev1.TerminationMessageReadFile }))
	add("termination.policy-bogus", cmMain(func(c *corev1.Container) { c.TerminationMessagePolicy = "Logs" }))
	add("termination.init-policy-bogus", cmInit(func(c *corev1.Container) { c.TerminationMessagePolicy = "file" }))
	add("termination.path-custom", cmMain(func(c *corev1.Container) { c.TerminationMessagePath = "/tmp/done" }))
	add("termination.path-relative", cmMain(func(c *corev1.Container) { c.TerminationMessagePath = "relative/log" }))
	add("misc.workingdir-relative", cmMain(func(c *corev1.Container) { c.WorkingDir = "relative/dir" }))
	add("misc.tty-without-stdin", cmMain(func(c *corev1.Container) { c.TTY = true }))
	add("misc.stdin-once", cmMain(func(c *corev1.Container) { c.Stdin = true; c.StdinOnce = true }))
	add("misc.stdinonce-without-stdin", cmMain(func(c *corev1.Container) { c.StdinOnce = true }))
	add("misc.several-errors", cmMain(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{ContainerPort: 0, Protocol: "HTTP"}}
		c.Env = []corev1.EnvVar{{Name: ""}}
		c.Resources.Requests = cmList("cpu=-1")
	}))
	add("misc.second-container-invalid", func(t *corev1.PodTemplateSpec) {
		t.Spec.Containers = append(t.Spec.Containers, corev1.Container{Name: "second", Image: "busybox:1.36",
			Env: []corev1.EnvVar{{Name: "X", ValueFrom: &corev1.EnvVarSource{}}}})
	})

	// container securityContext
	for _, v := range []int64{0, 1000, 2147483647} {
		v := v
		add(fmt.Sprintf("security.runasuser-%d", v), cmSC(func(sc *corev1.SecurityContext) { sc.RunAsUser = ptr(v) }))
		add(fmt.Sprintf("security.runasgroup-%d", v), cmSC(func(sc *corev1.SecurityContext) { sc.RunAsGroup = ptr(v) }))
	}
	for _, v := range []int64{-1, 2147483648} {
		v := v
		add(fmt.Sprintf("security.runasuser-invalid-%d", v), cmSC(func(sc *corev1.SecurityContext) { sc.RunAsUser = ptr(v) }))
		add(fmt.Sprintf("security.runasgroup-invalid-%d", v), cmSC(func(sc *corev1.SecurityContext) { sc.RunAsGroup = ptr(v) }))
	}
	add("security.empty", cmSC(func(sc *corev1.SecurityContext) {}))
	add("security.runasnonroot", cmSC(func(sc *corev1.SecurityContext) { sc.RunAsNonRoot = ptr(true); sc.RunAsUser = ptr[int64](0) }))
	add("security.capabilities", cmSC(func(sc *corev1.SecurityContext) {
		sc.Capabilities = &corev1.Capabilities{Add: []corev1.Capability{"NET_ADMIN", "whatever"}, Drop: []corev1.Capability{"ALL"}}
	}))
	add("security.no-escalation", cmSC(func(sc *corev1.SecurityContext) { sc.AllowPrivilegeEscalation = ptr(false) }))
	add("security.no-escalation-with-caps", cmSC(func(sc *corev1.SecurityContext) {
		sc.AllowPrivilegeEscalation = ptr(false)
		sc.Capabilities = &corev1.Capabilities{Add: []corev1.Capability{"SYS_ADMIN"}}
	}))
	add("security.no-escalation-cap-sys-admin", cmSC(func(sc *corev1.SecurityContext) {
		sc.AllowPrivilegeEscalation = ptr(false)
		sc.Capabilities = &corev1.Capabilities{Add: []corev1.Capability{"CAP_SYS_ADMIN"}}
	}))
	add("security.escalation-cap-sys-admin", cmSC(func(sc *corev1.SecurityContext) {
		sc.AllowPrivilegeEscalation = ptr(true)
		sc.Capabilities = &corev1.Capabilities{Add: []corev1.Capability{"CAP_SYS_ADMIN"}}
	}))
	add("security.not-privileged-no-escalation", cmSC(func(sc *corev1.SecurityContext) {
		sc.Privileged = ptr(false)
		sc.AllowPrivilegeEscalation = ptr(false)
	}))
	add("security.readonly-rootfs", cmSC(func(sc *corev1.SecurityContext) { sc.ReadOnlyRootFilesystem = ptr(true) }))
	add("security.procmount-default", cmSC(func(sc *corev1.SecurityContext) { sc.ProcMount = ptr(corev1.DefaultProcMount) }))
	add("security.procmount-unmasked", cmSC(func(sc *corev1.SecurityContext) { sc.ProcMount = ptr(corev1.UnmaskedProcMount) }))
	add("security.procmount-bogus", cmSC(func(sc *corev1.SecurityContext) { sc.ProcMount = ptr(corev1.ProcMountType("Masked")) }))
	add("security.procmount-unmasked-hostusers-false", func(t *corev1.PodTemplateSpec) {
		t.Spec.HostUsers = ptr(false)
		t.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{ProcMount: ptr(corev1.UnmaskedProcMount)}
	})
	add("security.procmount-unmasked-hostusers-true", func(t *corev1.PodTemplateSpec) {
		t.Spec.HostUsers = ptr(true)
		t.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{ProcMount: ptr(corev1.UnmaskedProcMount)}
	})
	seccomp := func(typ corev1.SeccompProfileType, profile *string) cmFn {
		return cmSC(func(sc *corev1.SecurityContext) {
			sc.SeccompProfile = &corev1.SeccompProfile{Type: typ, LocalhostProfile: profile}
		})
	}
	add("security.seccomp-runtimedefault", seccomp(corev1.SeccompProfileTypeRuntimeDefault, nil))
	add("security.seccomp-unconfined", seccomp(corev1.SeccompProfileTypeUnconfined, nil))
	add("security.seccomp-localhost", seccomp(corev1.SeccompProfileTypeLocalhost, ptr("profiles/audit.json")))
	add("security.seccomp-type-empty", seccomp("", nil))
	add("security.seccomp-type-bogus", seccomp("Default", nil))
	add("security.seccomp-localhost-missing", seccomp(corev1.SeccompProfileTypeLocalhost, nil))
	add("security.seccomp-localhost-absolute", seccomp(corev1.SeccompProfileTypeLocalhost, ptr("/etc/profile.json")))
	add("security.seccomp-localhost-backstep", seccomp(corev1.SeccompProfileTypeLocalhost, ptr("../profile.json")))
	add("security.seccomp-localhost-empty", seccomp(corev1.SeccompProfileTypeLocalhost, ptr("")))
	add("security.seccomp-runtimedefault-with-profile", seccomp(corev1.SeccompProfileTypeRuntimeDefault, ptr("a.json")))
	add("security.seccomp-bogus-with-profile", seccomp("Bogus", ptr("a.json")))
	apparmor := func(typ corev1.AppArmorProfileType, profile *string) cmFn {
		return cmSC(func(sc *corev1.SecurityContext) {
			sc.AppArmorProfile = &corev1.AppArmorProfile{Type: typ, LocalhostProfile: profile}
		})
	}
	add("security.apparmor-runtimedefault", apparmor(corev1.AppArmorProfileTypeRuntimeDefault, nil))
	add("security.apparmor-unconfined", apparmor(corev1.AppArmorProfileTypeUnconfined, nil))
	add("security.apparmor-localhost", apparmor(corev1.AppArmorProfileTypeLocalhost, ptr("k8s-apparmor-example")))
	add("security.apparmor-type-empty", apparmor("", nil))
	add("security.apparmor-type-bogus", apparmor("Complain", nil))
	add("security.apparmor-localhost-missing", apparmor(corev1.AppArmorProfileTypeLocalhost, nil))
	add("security.apparmor-localhost-empty", apparmor(corev1.AppArmorProfileTypeLocalhost, ptr("")))
	add("security.apparmor-localhost-padded", apparmor(corev1.AppArmorProfileTypeLocalhost, ptr(" prof ")))
	add("security.apparmor-localhost-long", apparmor(corev1.AppArmorProfileTypeLocalhost, ptr(strings.Repeat("p", 4096))))
	add("security.apparmor-unconfined-with-profile", apparmor(corev1.AppArmorProfileTypeUnconfined, ptr("p")))
	add("security.selinux", cmSC(func(sc *corev1.SecurityContext) {
		sc.SELinuxOptions = &corev1.SELinuxOptions{User: "system_u", Role: "system_r", Type: "spc_t", Level: "s0:c123,c456"}
	}))
	add("security.selinux-odd-values", cmSC(func(sc *corev1.SecurityContext) { sc.SELinuxOptions = &corev1.SELinuxOptions{Level: "not a level!"} }))
	win := func(f func(w *corev1.WindowsSecurityContextOptions)) cmFn {
		return cmSC(func(sc *corev1.SecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{}
			f(sc.WindowsOptions)
		})
	}
	for i, n := range []string{"ContainerUser", `NT AUTHORITY\NETWORK SERVICE`, `example.com\user`, "user name", strings.Repeat("u", 104)} {
		n := n
		add(fmt.Sprintf("security.windows-user-valid-%d", i), win(func(w *corev1.WindowsSecurityContextOptions) { w.RunAsUserName = ptr(n) }))
	}
	for i, n := range []string{"", `a\b\c`, "user@example", "...", "  ", strings.Repeat("u", 105), `\user`, `DOMAIN\`, "tab\tuser",
		`bad*domain\user`, strings.Repeat("d", 256) + `\user`, "a[b]"} {
		n := n
		add(fmt.Sprintf("security.windows-user-invalid-%d", i), win(func(w *corev1.WindowsSecurityContextOptions) { w.RunAsUserName = ptr(n) }))
	}
	add("security.windows-gmsa-name", win(func(w *corev1.WindowsSecurityContextOptions) { w.GMSACredentialSpecName = ptr("gmsa-spec") }))
	add("security.windows-gmsa-name-invalid", win(func(w *corev1.WindowsSecurityContextOptions) { w.GMSACredentialSpecName = ptr("Gmsa_Spec") }))
	add("security.windows-gmsa-spec", win(func(w *corev1.WindowsSecurityContextOptions) { w.GMSACredentialSpec = ptr(`{"x":1}`) }))
	add("security.windows-gmsa-spec-empty", win(func(w *corev1.WindowsSecurityContextOptions) { w.GMSACredentialSpec = ptr("") }))
	add("security.windows-hostprocess-false", win(func(w *corev1.WindowsSecurityContextOptions) { w.HostProcess = ptr(false) }))
	add("security.windows-hostprocess-pod-true-container-false", func(t *corev1.PodTemplateSpec) {
		t.Spec.SecurityContext = &corev1.PodSecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(true)}}
		t.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(false)}}
	})
	add("security.windows-hostprocess-pod-false-container-false", func(t *corev1.PodTemplateSpec) {
		t.Spec.SecurityContext = &corev1.PodSecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(false)}}
		t.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(false)}}
	})
	add("security.init-runasuser-invalid", cmInit(func(c *corev1.Container) { c.SecurityContext = &corev1.SecurityContext{RunAsUser: ptr[int64](-5)} }))
	add("security.sidecar-seccomp-invalid", cmSidecar(func(c *corev1.Container) {
		c.SecurityContext = &corev1.SecurityContext{SeccompProfile: &corev1.SeccompProfile{Type: "bogus"}}
	}))
	add("security.sidecar-restricted", cmSidecar(func(c *corev1.Container) {
		c.SecurityContext = &corev1.SecurityContext{RunAsNonRoot: ptr(true), RunAsUser: ptr[int64](65534), AllowPrivilegeEscalation: ptr(false),
			Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}}
	}))
	add("security.second-container-invalid", func(t *corev1.PodTemplateSpec) {
		t.Spec.Containers = append(t.Spec.Containers, corev1.Container{Name: "second", Image: "busybox:1.36",
			SecurityContext: &corev1.SecurityContext{RunAsGroup: ptr[int64](-1), ProcMount: ptr(corev1.ProcMountType("x"))}})
	})
	// more edge cases
	add("mounts.duplicate-volume-first-valid", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "data", cmEmptyDir())
		cmAddVol(t, "data", cmEmptyDir())
		t.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data"}}
	})
	add("mounts.subpath-backslash", cmMount(func(m *corev1.VolumeMount) { m.SubPath = `a\..\b` }))
	add("mounts.mountpath-with-dots", cmMount(func(m *corev1.VolumeMount) { m.MountPath = "/data/../etc" }))
	add("env.fieldref-annotation-space", cmFieldRef("metadata.annotations['a b']"))
	add("env.fieldref-label-prefixed", cmFieldRef("metadata.labels['app.kubernetes.io/name']"))
	add("resources.hugepages-limit-with-cpu-request", cmRes([]string{"cpu=1"}, []string{"hugepages-2Mi=2Mi"}))
	add("resources.cpu-1e3-memory-0.5Gi", cmRes([]string{"cpu=1e3", "memory=0.5Gi"}, nil))
	add("resources.extended-integer-1e3", cmRes([]string{"example.com/foo=1e3"}, []string{"example.com/foo=1000"}))
	add("devices.sidecar-pvc", func(t *corev1.PodTemplateSpec) {
		cmAddVol(t, "blk", cmPVC())
		cmAddInit(t, "sidecar", true).VolumeDevices = []corev1.VolumeDevice{{Name: "blk", DevicePath: "/dev/xvda"}}
	})
	add("probe.http-host-and-header", cmLiveness(func(p *corev1.Probe) {
		p.Exec = nil
		p.HTTPGet = &corev1.HTTPGetAction{Host: "127.0.0.1", Port: intstr.FromInt32(8080), HTTPHeaders: []corev1.HTTPHeader{{Name: "Host", Value: "x"}}}
	}))
	add("lifecycle.sidecar-stopsignal-only", cmSidecar(func(c *corev1.Container) { c.Lifecycle = &corev1.Lifecycle{StopSignal: ptr(corev1.SIGTERM)} }))
	add("security.drop-cap-sys-admin-no-escalation", cmSC(func(sc *corev1.SecurityContext) {
		sc.AllowPrivilegeEscalation = ptr(false)
		sc.Capabilities = &corev1.Capabilities{Drop: []corev1.Capability{"CAP_SYS_ADMIN"}}
	}))
	add("security.cap-sys-admin-twice-no-escalation", cmSC(func(sc *corev1.SecurityContext) {
		sc.AllowPrivilegeEscalation = ptr(false)
		sc.Capabilities = &corev1.Capabilities{Add: []corev1.Capability{"CAP_SYS_ADMIN", "CAP_SYS_ADMIN"}}
	}))
	add("misc.many-valid-fields", cmWithVol(func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}, {Name: "metrics", ContainerPort: 9090, Protocol: udp}}
		c.Env = []corev1.EnvVar{{Name: "A", Value: "1"}, {Name: "NODE", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "spec.nodeName"}}},
			{Name: "CPU", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: &corev1.ResourceFieldSelector{Resource: "limits.cpu", Divisor: resource.MustParse("1m")}}}}
		c.EnvFrom = []corev1.EnvFromSource{{Prefix: "CFG_", ConfigMapRef: cmCMSource("cfg")}, {SecretRef: cmSecretSource("sec")}}
		c.VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data", SubPath: "x"}, {Name: "data", MountPath: "/cache", ReadOnly: true}}
		c.Resources = corev1.ResourceRequirements{Requests: cmList("cpu=250m", "memory=256Mi"), Limits: cmList("cpu=1", "memory=512Mi")}
		c.SecurityContext = &corev1.SecurityContext{RunAsNonRoot: ptr(true), RunAsUser: ptr[int64](1000), ReadOnlyRootFilesystem: ptr(true)}
	}))
	withClaims := func(f func(c *corev1.Container)) cmFn {
		return func(t *corev1.PodTemplateSpec) {
			t.Spec.ResourceClaims = []corev1.PodResourceClaim{{Name: "gpu", ResourceClaimTemplateName: ptr("gpu-template")},
				{Name: "fpga", ResourceClaimName: ptr("shared-fpga")}}
			f(&t.Spec.Containers[0])
		}
	}
	add("resources.claims-valid", withClaims(func(c *corev1.Container) { c.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu"}, {Name: "fpga"}} }))
	add("resources.claims-with-requests", withClaims(func(c *corev1.Container) {
		c.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu", Request: "first"}, {Name: "gpu", Request: "second"}}
	}))
	add("resources.claims-duplicate", withClaims(func(c *corev1.Container) { c.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu"}, {Name: "gpu"}} }))
	add("resources.claims-duplicate-request", withClaims(func(c *corev1.Container) {
		c.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu", Request: "a"}, {Name: "gpu", Request: "a"}}
	}))
	add("resources.claims-request-then-whole", withClaims(func(c *corev1.Container) {
		c.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu", Request: "a"}, {Name: "gpu"}}
	}))
	add("resources.claims-request-invalid", withClaims(func(c *corev1.Container) {
		c.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu", Request: "Bad_Req"}}
	}))
	add("resources.claims-unknown-with-others", withClaims(func(c *corev1.Container) { c.Resources.Claims = []corev1.ResourceClaim{{Name: "tpu"}} }))
	add("resources.claims-init", func(t *corev1.PodTemplateSpec) {
		t.Spec.ResourceClaims = []corev1.PodResourceClaim{{Name: "gpu", ResourceClaimTemplateName: ptr("gpu-template")}}
		cmAddInit(t, "init", false).Resources.Claims = []corev1.ResourceClaim{{Name: "gpu"}, {Name: "nope"}}
	})
	add("ports.hostip-not-an-ip", cmPort(corev1.ContainerPort{ContainerPort: 80, HostIP: "not-an-ip"}))
	add("ports.hostip-with-hostport", cmPort(corev1.ContainerPort{ContainerPort: 80, HostPort: 8080, HostIP: "127.0.0.1"}))
	add("env.duplicate-names", cmMain(func(c *corev1.Container) { c.Env = []corev1.EnvVar{{Name: "A", Value: "1"}, {Name: "A", Value: "2"}} }))
	add("ports.same-name-in-two-containers", func(t *corev1.PodTemplateSpec) {
		t.Spec.Containers[0].Ports = []corev1.ContainerPort{{Name: "http", ContainerPort: 80}}
		t.Spec.Containers = append(t.Spec.Containers, corev1.Container{Name: "second", Image: "busybox:1.36",
			Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 80}}})
	})
	add("resources.extended-rounded-not-integer", cmRes([]string{"example.com/foo=0.0001"}, []string{"example.com/foo=0.0001"}))
	add("resources.memory-fraction-rounded", cmRes([]string{"memory=1.0005"}, []string{"memory=1.0001"}))
	// The test kube-apiserver runs with --allow-privileged=true, as real clusters do.
	add("security.privileged", cmSC(func(sc *corev1.SecurityContext) { sc.Privileged = ptr(true) }))
	add("security.privileged-no-escalation", cmSC(func(sc *corev1.SecurityContext) {
		sc.Privileged = ptr(true)
		sc.AllowPrivilegeEscalation = ptr(false)
	}))
	add("security.privileged-with-escalation", cmSC(func(sc *corev1.SecurityContext) {
		sc.Privileged = ptr(true)
		sc.AllowPrivilegeEscalation = ptr(true)
	}))
	add("security.privileged-init", cmInit(func(c *corev1.Container) { c.SecurityContext = &corev1.SecurityContext{Privileged: ptr(true)} }))
	add("mounts.propagation-bidirectional-privileged", func(t *corev1.PodTemplateSpec) {
		cmMount(func(m *corev1.VolumeMount) { m.MountPropagation = ptr(corev1.MountPropagationBidirectional) })(t)
		t.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: ptr(true)}
	})
	add("security.windows-hostprocess-pod-and-container", func(t *corev1.PodTemplateSpec) {
		t.Spec.OS = &corev1.PodOS{Name: corev1.Windows}
		t.Spec.HostNetwork = true
		t.Spec.SecurityContext = &corev1.PodSecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(true)}}
	})
	add("security.windows-hostprocess-without-hostnetwork", func(t *corev1.PodTemplateSpec) {
		t.Spec.OS = &corev1.PodOS{Name: corev1.Windows}
		t.Spec.SecurityContext = &corev1.PodSecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(true)}}
	})
	// Ephemeral containers are not allowed in a pod template, valid or not.
	add("ephemeral.valid", func(t *corev1.PodTemplateSpec) {
		t.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug", Image: "busybox:1.36"}}}
	})
	add("ephemeral.bad-name", func(t *corev1.PodTemplateSpec) {
		t.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "Debug_1", Image: "busybox:1.36"}}}
	})
	add("ephemeral.no-image-with-ports", func(t *corev1.PodTemplateSpec) {
		t.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug",
			Ports: []corev1.ContainerPort{{ContainerPort: 80}}}}}
	})
	add("ephemeral.duplicate-name-target-missing-subpath", func(t *corev1.PodTemplateSpec) {
		t.Spec.Volumes = append(t.Spec.Volumes, corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
		t.Spec.EphemeralContainers = []corev1.EphemeralContainer{{TargetContainerName: "nope", EphemeralContainerCommon: corev1.EphemeralContainerCommon{
			Name: "main", Image: "busybox:1.36", VolumeMounts: []corev1.VolumeMount{{Name: "data", MountPath: "/d", SubPath: "x"}}}}}
	})
	add("ephemeral.probe-lifecycle-resources", func(t *corev1.PodTemplateSpec) {
		t.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug", Image: "busybox:1.36",
			ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"true"}}}},
			Lifecycle:      &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: []string{"true"}}}},
			Resources:      corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}}}}}
	})
	return all
}
