package lint

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubectl-batch/kubectl-batch/lint/internal/fastvalid"
	"github.com/kubectl-batch/kubectl-batch/lint/podspec"
)

// podTemplateRules check the Job's pod template as kube-apiserver does (with podRules).
func podTemplateRules() []Rule {
	return []Rule{{
		ID:        "restart-policy-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "pod template restartPolicy is not Never or OnFailure (omitted means Always)",
		Rationale: "A Job's pods must end, so the API server accepts only restartPolicy Never or OnFailure. An omitted restartPolicy is defaulted to Always and rejected.",
		Fix:       "set restartPolicy: Never in the pod template (or OnFailure)",
		Check: func(c *Checker) {
			ps, p := c.Defaulted.PodSpec()
			path := p + ".restartPolicy"
			switch ps.RestartPolicy {
			case corev1.RestartPolicyNever, corev1.RestartPolicyOnFailure:
			case corev1.RestartPolicyAlways:
				orig, _ := c.Obj.PodSpec()
				if orig.RestartPolicy == "" {
					c.Report(path, "restartPolicy is not set, so it defaults to Always, which a Job does not allow: valid values are \"OnFailure\", \"Never\"")
				} else {
					c.Report(path, "restartPolicy Always is not allowed in a Job: valid values are \"OnFailure\", \"Never\"")
				}
			default:
				c.Report(path, "unsupported restartPolicy %q: supported values are \"OnFailure\", \"Never\"", ps.RestartPolicy)
			}
		},
	}, {
		ID:        "containers-missing",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "pod template has no containers",
		Rationale: "A pod needs at least one container; the API server rejects an empty spec.template.spec.containers.",
		Fix:       "add a container with a name and an image",
		Check: func(c *Checker) {
			ps, p := c.Defaulted.PodSpec()
			if len(ps.Containers) == 0 {
				c.Report(p+".containers", "the pod template has no containers")
			}
		},
	}, {
		ID:        "container-image-missing",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "container without an image",
		Rationale: "Every container must name an image; the API server rejects an empty one.",
		Fix:       "set image: to the container image to run, with a tag or digest",
		Check: func(c *Checker) {
			ps, p := c.Defaulted.PodSpec()
			for i, ctr := range ps.Containers {
				if ctr.Image == "" {
					c.Report(fmt.Sprintf("%s.containers[%d].image", p, i), "container %q has no image", ctr.Name)
				}
			}
			for i, ctr := range ps.InitContainers {
				if ctr.Image == "" {
					c.Report(fmt.Sprintf("%s.initContainers[%d].image", p, i), "init container %q has no image", ctr.Name)
				}
			}
		},
	}, {
		ID:        "container-name-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "container name missing, duplicated or not a DNS label",
		Rationale: "Container names must be unique within the pod and be lowercase RFC 1123 labels (a-z, 0-9 and '-', at most 63 characters).",
		Fix:       "name each container uniquely with lowercase letters, digits and '-'",
		Check:     checkContainerNames,
	}, {
		ID:        "pod-template-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "pod template metadata or a pod-level setting is invalid: labels, annotations, nodeSelector, imagePullPolicy, dnsPolicy, hostname, serviceAccountName, os, ...",
		Rationale: "The API server validates the Job's pod template like a pod: label and annotation keys and values, nodeSelector, enumerations such as imagePullPolicy and dnsPolicy, DNS names such as hostname, subdomain and serviceAccountName, host namespaces, imagePullSecrets, os, terminationGracePeriodSeconds, resourceClaims, and a pod-level activeDeadlineSeconds of at least 1.",
		Fix:       "correct the field named in the message",
		Check:     checkPodTemplate,
	}}
}

func checkContainerNames(c *Checker) {
	ps, p := c.Defaulted.PodSpec()
	seen := map[string]bool{}
	check := func(list []corev1.Container, field string) {
		for i, ctr := range list {
			path := fmt.Sprintf("%s.%s[%d].name", p, field, i)
			switch {
			case ctr.Name == "":
				c.Report(path, "container name is required")
			case fastvalid.DNSLabel(ctr.Name):
				if seen[ctr.Name] {
					c.Report(path, "duplicate container name %q", ctr.Name)
				}
			default:
				for _, msg := range validation.IsDNS1123Label(ctr.Name) {
					c.Report(path, "container name %q is invalid: %s", ctr.Name, msg)
				}
				if seen[ctr.Name] {
					c.Report(path, "duplicate container name %q", ctr.Name)
				}
			}
			seen[ctr.Name] = true
		}
	}
	if len(ps.Containers) > 0 {
		check(ps.Containers, "containers")
	}
	check(ps.InitContainers, "initContainers")
}

func checkPodTemplate(c *Checker) {
	js, jp := c.Defaulted.JobSpec()
	tp := jp + ".template"
	var labelErrs field.ErrorList
	if !fastvalid.Labels(js.Template.Labels) {
		labelErrs = metav1validation.ValidateLabels(js.Template.Labels, field.NewPath(tp+".labels"))
	}
	for _, e := range labelErrs {
		if c.Obj.Kind() == KindJob && c.Creating() && isGeneratedJobNameLabelError(c, e) {
			continue // the name's fault: job-name-too-long (length) or name-invalid (characters) reports it
		}
		c.Report(e.Field, "invalid pod template label: %s", e.ErrorBody())
	}
	ps := &js.Template.Spec
	sp := tp + ".spec"
	reportPodArea(c, podspec.AreaPod)
	if len(ps.EphemeralContainers) > 0 {
		c.Report(sp+".ephemeralContainers", "ephemeral containers are not allowed in a pod template")
	}
	if ps.ActiveDeadlineSeconds != nil && *ps.ActiveDeadlineSeconds < 1 {
		c.Report(sp+".activeDeadlineSeconds", "pod-level activeDeadlineSeconds %d must be between 1 and 2147483647 (use the Job's spec.activeDeadlineSeconds for the whole Job)", *ps.ActiveDeadlineSeconds)
	}
	for _, group := range []struct {
		name string
		list []corev1.Container
	}{{"containers", ps.Containers}, {"initContainers", ps.InitContainers}} {
		if group.name == "containers" && len(ps.Containers) == 0 {
			continue
		}
		for i, ctr := range group.list {
			switch ctr.ImagePullPolicy {
			case "", corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever:
			default:
				c.Report(fmt.Sprintf("%s.%s[%d].imagePullPolicy", sp, group.name, i), "unsupported imagePullPolicy %q: supported values: \"Always\", \"IfNotPresent\", \"Never\"", ctr.ImagePullPolicy)
			}
		}
	}
	// An unsupported restartPolicy is reported by restart-policy-invalid (core validation repeats
	// it at the same path); the checks below still run, as they do on the server.
	if fastvalid.Labels(ps.NodeSelector) {
		return
	}
	for _, e := range metav1validation.ValidateLabels(ps.NodeSelector, field.NewPath(sp+".nodeSelector")) {
		c.Report(e.Field, "invalid nodeSelector: %s", e.ErrorBody())
	}
}

// isGeneratedJobNameLabelError reports whether a template label error is only the server-added
// job-name label carrying the Job's name (too long, or with characters a name may not have).
func isGeneratedJobNameLabelError(c *Checker, e *field.Error) bool {
	name := c.Defaulted.Job.Name
	v, ok := e.BadValue.(string)
	return ok && v == name
}

// podRules check the pod template the way kube-apiserver does, one rule per subject (package
// lint/podspec). Pod-level settings are reported by pod-template-invalid (above).
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
	for _, e := range podspec.Validate(area, &js.Template.ObjectMeta, &js.Template.Spec, path, &c.model.podOptions) {
		c.Report(e.Path, "%s", e.Detail)
	}
}
