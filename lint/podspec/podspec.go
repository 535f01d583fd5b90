// Package podspec validates the pod template of a Job or CronJob the way kube-apiserver v1.35
// validates it (k8s.io/kubernetes pkg/apis/core/validation: ValidatePodTemplateSpec and what it
// calls, after the API server's defaulting and its dropping of fields whose feature gates are
// off by default). It is pure: no I/O, no package-level mutable state.
//
// The checks are grouped by subject, like the API's own structure; each group is one Area and
// one lint rule. Error paths are the ones the API server reports, so the conformance test can
// compare them with a real server's answers.
//
// Validate is given the pod spec after lint's defaulting (lint/defaults.go: container
// terminationMessagePath/Policy, imagePullPolicy, port protocol, restartPolicy, dnsPolicy,
// schedulerName, securityContext, terminationGracePeriodSeconds...). Fields the server defaults
// but lint does not are judged as their default when unset.
package podspec

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Area is a group of pod-template checks, reported by one lint rule.
type Area int

// Areas of the pod template.
const (
	// AreaContainers: containers and init containers (native sidecars included): ports, env,
	// envFrom, resources, probes, lifecycle handlers, volumeMounts, volumeDevices, resizePolicy,
	// terminationMessagePolicy, restartPolicy of init containers. Container names, images and
	// imagePullPolicy are checked by other lint rules and not here.
	AreaContainers Area = iota
	// AreaVolumes: volume names, exactly one source, and each source's own checks.
	AreaVolumes
	// AreaScheduling: affinity, tolerations, topologySpreadConstraints, nodeName,
	// schedulerName, priorityClassName, preemptionPolicy, runtimeClassName, schedulingGates,
	// overhead, readinessGates. (nodeSelector is checked by the pod-template-invalid rule.)
	AreaScheduling
	// AreaSecurity: the pod's and the containers' securityContext, and the securityContext
	// fields the pod's os forbids.
	AreaSecurity
	// AreaPod: pod-level settings: dnsPolicy, dnsConfig, hostAliases, hostname, subdomain,
	// hostNetwork/hostPID/hostIPC, shareProcessNamespace, serviceAccountName, imagePullSecrets,
	// os, terminationGracePeriodSeconds, resourceClaims, hostUsers, template annotations.
	AreaPod
)

// Error is one validation error, as the API server reports it.
type Error struct {
	// Path is the full field path the server names, e.g.
	// "spec.template.spec.containers[0].ports[0].containerPort".
	Path string
	// Detail says what is wrong, in the server's terms, e.g. "Invalid value: 70000: must be
	// between 1 and 65535, inclusive".
	Detail string
}

// Validate returns the errors of one area of a pod template, as the API server of the version
// o was made for (OptionsFor) reports them. spec is the template's spec at
// path (e.g. "spec.template.spec"); meta is the template's metadata (its labels are checked by
// the pod-template-invalid rule, not here). It returns nil, without allocating, when the area
// is valid.
func Validate(area Area, meta *metav1.ObjectMeta, spec *corev1.PodSpec, path string, o *Options) []Error {
	switch area {
	case AreaContainers:
		return validateContainers(spec, path, nil, o)
	case AreaVolumes:
		return validateVolumes(spec, path, nil, o)
	case AreaScheduling:
		return validateScheduling(spec, path, nil, o)
	case AreaSecurity:
		errs := validatePodSecurity(spec, path, nil, o)
		return validateContainerSecurity(spec, path, errs)
	case AreaPod:
		return validatePodLevel(meta, spec, path, nil, o)
	}
	return nil
}
