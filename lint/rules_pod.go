package lint

import "github.com/kubectl-batch/kubectl-batch/lint/podspec"

// podRules check the pod template the way kube-apiserver does, one rule per subject (package
// lint/podspec). Pod-level settings are reported by pod-template-invalid (rules_server.go).
func podRules() []Rule {
	return []Rule{{
		ID:        "container-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "a container's ports, env, resources, probes, lifecycle hooks or mounts are invalid",
		Rationale: "The API server validates every container of the pod template (ports in range with a known protocol, env names and sources, resource quantities with requests not above limits, probes and lifecycle hooks with exactly one handler, volumeMounts naming a volume that exists, native sidecars) and rejects the whole Job or CronJob for any mistake.",
		Fix:       "correct the container field named in the message (see kubectl explain pod.spec.containers)",
		Check:     podAreaCheck(podspec.AreaContainers),
	}, {
		ID:        "volume-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "a pod volume is invalid: bad or duplicate name, not exactly one source, or a bad source",
		Rationale: "Each volume of the pod template needs a unique DNS-label name and exactly one source, and each source has its own checks (items and modes of configMap, secret and projected volumes, emptyDir sizeLimit, hostPath type, ...). The API server rejects the object otherwise.",
		Fix:       "correct the volume named in the message (see kubectl explain pod.spec.volumes)",
		Check:     podAreaCheck(podspec.AreaVolumes),
	}, {
		ID:        "scheduling-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "affinity, tolerations, topology spread, priority class or another scheduling field is invalid",
		Rationale: "The API server validates the scheduling fields of the pod template (affinity operators and terms, toleration effects and operators, topologySpreadConstraints, priorityClassName, schedulerName, runtimeClassName, schedulingGates, ...) and rejects the object for any mistake.",
		Fix:       "correct the scheduling field named in the message (see kubectl explain pod.spec.affinity, pod.spec.tolerations)",
		Check:     podAreaCheck(podspec.AreaScheduling),
	}, {
		ID:        "security-context-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "the pod's or a container's securityContext is invalid (or not allowed for the pod's os)",
		Rationale: "The API server validates the securityContext of the pod and of every container (user and group IDs, capabilities, seccomp and AppArmor profiles, sysctls, privileged with allowPrivilegeEscalation false, fields the pod's os does not support) and rejects the object for any mistake.",
		Fix:       "correct the securityContext field named in the message (see kubectl explain pod.spec.securityContext)",
		Check:     podAreaCheck(podspec.AreaSecurity),
	}}
}

// podAreaCheck reports the errors of one podspec area of the defaulted pod template.
func podAreaCheck(area podspec.Area) func(c *Checker) {
	return func(c *Checker) { reportPodArea(c, area) }
}

func reportPodArea(c *Checker, area podspec.Area) {
	js, _ := c.Defaulted.JobSpec()
	_, path := c.Defaulted.PodSpec()
	for _, e := range podspec.Validate(area, &js.Template.ObjectMeta, &js.Template.Spec, path) {
		c.Report(e.Path, "%s", e.Detail)
	}
}
