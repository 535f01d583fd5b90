package podspec

import (
	"reflect"
	"sort"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func ctrTestSpec(f func(s *corev1.PodSpec)) *corev1.PodSpec {
	s := &corev1.PodSpec{
		RestartPolicy:                 corev1.RestartPolicyNever,
		TerminationGracePeriodSeconds: ctrPtr[int64](30),
		SecurityContext:               &corev1.PodSecurityContext{},
		Containers: []corev1.Container{{Name: "main", Image: "busybox:1.36",
			TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: corev1.TerminationMessageReadFile}},
	}
	if f != nil {
		f(s)
	}
	for _, list := range [][]corev1.Container{s.Containers, s.InitContainers} {
		for i := range list {
			if list[i].TerminationMessagePolicy == "" {
				list[i].TerminationMessagePolicy = corev1.TerminationMessageReadFile
			}
		}
	}
	return s
}

func ctrPtr[T any](v T) *T { return &v }

func ctrPaths(errs []Error) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, e := range errs {
		if !seen[e.Path] {
			seen[e.Path] = true
			out = append(out, e.Path)
		}
	}
	sort.Strings(out)
	return out
}

func TestValidateContainers(t *testing.T) {
	const c0 = "spec.template.spec.containers[0]"
	for _, tc := range []struct {
		name string
		f    func(s *corev1.PodSpec)
		want []string
	}{
		{"base", nil, []string{}},
		{"typical", func(s *corev1.PodSpec) {
			c := &s.Containers[0]
			c.Ports = []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}}
			c.Env = []corev1.EnvVar{{Name: "A", Value: "b"}, {Name: "POD", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}}}
			c.Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")}
			c.Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}
		}, []string{}},
		{"port 0 and bad protocol", func(s *corev1.PodSpec) {
			s.Containers[0].Ports = []corev1.ContainerPort{{Protocol: "HTTP"}}
		}, []string{c0 + ".ports[0].containerPort", c0 + ".ports[0].protocol"}},
		{"requests rounded up to milli precision", func(s *corev1.PodSpec) {
			c := &s.Containers[0]
			c.Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("0.0019")}
			c.Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("0.0011")}
		}, []string{}},
		{"extended resource without limit", func(s *corev1.PodSpec) {
			s.Containers[0].Resources.Requests = corev1.ResourceList{"example.com/gpu": resource.MustParse("1")}
		}, []string{c0 + ".resources.limits"}},
		{"liveness successThreshold defaulted", func(s *corev1.PodSpec) {
			s.Containers[0].LivenessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(80)}}}
		}, []string{}},
		{"liveness successThreshold 2", func(s *corev1.PodSpec) {
			s.Containers[0].LivenessProbe = &corev1.Probe{SuccessThreshold: 2, ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"x"}}}}
		}, []string{c0 + ".livenessProbe.successThreshold"}},
		{"stopSignal only is dropped", func(s *corev1.PodSpec) {
			s.InitContainers = []corev1.Container{{Name: "init", Image: "x", Lifecycle: &corev1.Lifecycle{StopSignal: ctrPtr(corev1.SIGTERM)}}}
		}, []string{}},
		{"init container probe forbidden, sidecar allowed", func(s *corev1.PodSpec) {
			p := &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"x"}}}}
			s.InitContainers = []corev1.Container{{Name: "init", Image: "x", ReadinessProbe: p},
				{Name: "side", Image: "x", ReadinessProbe: p, RestartPolicy: ctrPtr(corev1.ContainerRestartPolicyAlways)}}
		}, []string{"spec.template.spec.initContainers[0].readinessProbe"}},
		{"mount of a missing volume, subPath without index", func(s *corev1.PodSpec) {
			s.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "nope", MountPath: "/x", SubPath: "/abs"}}
		}, []string{c0 + ".volumeMounts.subPath", c0 + ".volumeMounts[0].name"}},
		{"fileKeyRef on a volume without source (defaulted emptyDir)", func(s *corev1.PodSpec) {
			s.Volumes = []corev1.Volume{{Name: "envs"}}
			s.Containers[0].Env = []corev1.EnvVar{{Name: "X", ValueFrom: &corev1.EnvVarSource{FileKeyRef: &corev1.FileKeySelector{VolumeName: "envs", Path: "a.env", Key: "X"}}}}
		}, []string{}},
		{"resizePolicy RestartContainer with restartPolicy Never", func(s *corev1.PodSpec) {
			s.Containers[0].ResizePolicy = []corev1.ContainerResizePolicy{{ResourceName: corev1.ResourceCPU, RestartPolicy: corev1.RestartContainer}}
		}, []string{c0 + ".resizePolicy"}},
		{"hostPort conflict across containers", func(s *corev1.PodSpec) {
			s.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 80, Protocol: corev1.ProtocolTCP}}
			s.Containers = append(s.Containers, corev1.Container{Name: "b", Image: "x", TerminationMessagePolicy: corev1.TerminationMessageReadFile,
				Ports: []corev1.ContainerPort{{ContainerPort: 81, HostPort: 80, Protocol: corev1.ProtocolTCP}}})
		}, []string{"spec.template.spec.containers[1].ports[0].hostPort"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ctrPaths(validateContainers(ctrTestSpec(tc.f), "spec.template.spec", nil, &opts137))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValidateContainerSecurity(t *testing.T) {
	const sc = "spec.template.spec.containers[0].securityContext"
	for _, tc := range []struct {
		name string
		sc   *corev1.SecurityContext
		want []string
	}{
		{"nil", nil, []string{}},
		{"restricted", &corev1.SecurityContext{RunAsNonRoot: ctrPtr(true), RunAsUser: ctrPtr[int64](1000), AllowPrivilegeEscalation: ctrPtr(false),
			Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}}, []string{}},
		{"negative user", &corev1.SecurityContext{RunAsUser: ctrPtr[int64](-1)}, []string{sc + ".runAsUser"}},
		{"unmasked procMount with host users", &corev1.SecurityContext{ProcMount: ctrPtr(corev1.UnmaskedProcMount)}, []string{sc + ".procMount"}},
		{"CAP_SYS_ADMIN without escalation", &corev1.SecurityContext{AllowPrivilegeEscalation: ctrPtr(false),
			Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"CAP_SYS_ADMIN"}}}, []string{sc}},
		{"localhost seccomp absolute", &corev1.SecurityContext{SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost,
			LocalhostProfile: ctrPtr("/x.json")}}, []string{sc + ".seccompProfile.localhostProfile"}},
		{"windows user with two backslashes", &corev1.SecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{RunAsUserName: ctrPtr(`a\b\c`)}},
			[]string{sc + ".windowsOptions.runAsUserName"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := ctrTestSpec(func(s *corev1.PodSpec) { s.Containers[0].SecurityContext = tc.sc })
			got := ctrPaths(validateContainerSecurity(spec, "spec.template.spec", nil))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValidateContainersDoesNotAllocateWhenValid(t *testing.T) {
	spec := ctrTestSpec(func(s *corev1.PodSpec) {
		c := &s.Containers[0]
		c.Ports = []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}}
		c.Env = []corev1.EnvVar{{Name: "A", Value: "b"}, {Name: "S", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: "creds"}, Key: "password"}}}}
		c.EnvFrom = []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "cfg"}}}}
		c.Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("64Mi")}
		c.Resources.Limits = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("128Mi")}
		c.SecurityContext = &corev1.SecurityContext{RunAsUser: ctrPtr[int64](1000), AllowPrivilegeEscalation: ctrPtr(false),
			Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}}
		s.InitContainers = []corev1.Container{{Name: "proxy", Image: "x", RestartPolicy: ctrPtr(corev1.ContainerRestartPolicyAlways),
			TerminationMessagePolicy: corev1.TerminationMessageReadFile, Ports: []corev1.ContainerPort{{ContainerPort: 15001, Protocol: corev1.ProtocolTCP}}}}
	})
	allocs := testing.AllocsPerRun(100, func() {
		if validateContainers(spec, "spec.template.spec", nil, &opts137) != nil || validateContainerSecurity(spec, "spec.template.spec", nil) != nil {
			t.Fatal("unexpected errors")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations for a valid spec, want 0", allocs)
	}
}
