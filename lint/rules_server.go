package lint

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubectl-batch/kubectl-batch/lint/podspec"
)

// Server-class rules mirror kube-apiserver v1.35 validation of batch/v1 Jobs and CronJobs
// (k8s.io/kubernetes pkg/apis/batch/validation, the Job and CronJob strategies, and the parts
// of core pod validation a Job template hits). They judge c.Defaulted: the object after the
// server's defaulting and, on create, its selector and name generation. Paths are the ones the
// server reports, so the conformance test can compare verdicts field by field.

// MaxCronJobNameLength is the longest CronJob name kube-apiserver accepts on create (rule
// cronjob-name-too-long): 63, the limit of the label values a Job's name ends up in, minus the 11
// characters the CronJob controller appends to name each Job ("-<minutes since the epoch>").
const MaxCronJobNameLength = 52

const (
	maxParallelismIndexed  = 100000
	maxFailedIndexesLimit  = 100000
	completionsSoftLimit   = 100000
	parallelismSoftLimit   = 10000
	maxPodFailureRules     = 20
	maxExitCodeValues      = 255
	maxPodConditions       = 20
	maxSuccessPolicyRules  = 20
	maxSucceededIndexesLen = 64 * 1024
	nonNegativeMsg         = "must be greater than or equal to 0"
)

func serverRules() []Rule {
	return []Rule{{
		ID:        "name-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "metadata is invalid: name missing or not a DNS subdomain, bad labels or annotations",
		Rationale: "The API server requires a name (or generateName) that is a lowercase RFC 1123 subdomain: at most 253 characters of a-z, 0-9, '-' and '.', starting and ending with a letter or digit. Labels and annotations must have valid keys and values.",
		Fix:       "use a lowercase name of letters, digits and '-', such as nightly-report",
		Check:     checkObjectMeta,
	}, {
		ID:        "cronjob-name-too-long",
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindCronJob},
		Summary:   fmt.Sprintf("CronJob name longer than %d characters", MaxCronJobNameLength),
		Rationale: fmt.Sprintf("The CronJob controller names each Job <cronjob-name>-<number>, appending 11 characters, and Job names end up in 63-character labels. The API server therefore rejects CronJob names over %d characters.", MaxCronJobNameLength),
		Fix:       fmt.Sprintf("shorten metadata.name to %d characters or fewer", MaxCronJobNameLength),
		Check: func(c *Checker) {
			name := c.Defaulted.Meta().Name
			if c.Creating() && len(name) > MaxCronJobNameLength {
				what := "name"
				if c.Obj.Meta().Name == "" {
					what = "the name generated from generateName"
				}
				c.Report("metadata.name", "%s is %d characters, over the limit of %d: the controller appends 11 characters to name each Job", what, len(name), MaxCronJobNameLength)
			}
		},
	}, {
		ID:        "job-name-too-long",
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindJob},
		Summary:   "Job name longer than 63 characters (it is copied into the pods' job-name label)",
		Rationale: "Unless manualSelector is set, the API server copies the Job's name into the pod template labels job-name and batch.kubernetes.io/job-name, and label values are limited to 63 characters, so a longer name is rejected as an invalid spec.template.labels value.",
		Fix:       "shorten metadata.name to 63 characters or fewer",
		Check: func(c *Checker) {
			job := c.Defaulted.Job
			if !c.Creating() || job.Spec.ManualSelector != nil && *job.Spec.ManualSelector {
				return
			}
			if simpleLabelValue(job.Name) {
				return
			}
			if msgs := validation.IsValidLabelValue(job.Name); len(msgs) > 0 && job.Name != "" {
				c.ReportAt("spec.template.labels", "metadata.name",
					"the Job name (%d characters) is copied into the pod template label %s and is not a valid label value: %s", len(job.Name), LabelJobName, strings.Join(msgs, "; "))
			}
		},
	}, {
		ID:        "indexed-job-name-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindJob},
		Summary:   "Indexed Job whose pod hostnames (<name>-<index>) are not valid DNS labels",
		Rationale: "Pods of an Indexed Job get the hostname <job-name>-<index>, which must be a DNS label: at most 63 characters, no dots. The API server rejects an Indexed Job whose last index would break that.",
		Fix:       "shorten the name (or drop the dots) so that <name>-<completions-1> fits in 63 characters",
		Check: func(c *Checker) {
			job := c.Defaulted.Job
			s := job.Spec
			if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion || s.Completions == nil || *s.Completions <= 0 {
				return
			}
			host := fmt.Sprintf("%s-%d", job.Name, *s.Completions-1)
			if len(validation.IsDNS1123Label(host)) > 0 {
				c.Report("metadata.name", "will not able to create pod with invalid DNS label: %s", host)
			}
		},
	}, {
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
	}, {
		ID:        "negative-value",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "a count or duration that must not be negative is negative",
		Rationale: "parallelism, completions, backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished, backoffLimitPerIndex, maxFailedIndexes, startingDeadlineSeconds and the history limits must be 0 or more.",
		Fix:       "use 0 or a positive number",
		Check:     checkNonNegative,
	}, {
		ID:        "completion-mode-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "completionMode unknown, or Indexed without completions or with too much parallelism",
		Rationale: "completionMode is NonIndexed or Indexed. An Indexed Job needs spec.completions (one pod per index 0..completions-1) and at most 100000 parallel pods.",
		Fix:       "use completionMode NonIndexed or Indexed, and set completions for Indexed Jobs",
		Check:     checkCompletionMode,
	}, {
		ID:        "backoff-limit-per-index-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "backoffLimitPerIndex or maxFailedIndexes used wrongly",
		Rationale: "backoffLimitPerIndex and maxFailedIndexes only exist for Indexed Jobs; maxFailedIndexes needs backoffLimitPerIndex and may not exceed completions or 100000.",
		Fix:       "set completionMode: Indexed, or remove backoffLimitPerIndex and maxFailedIndexes",
		Check:     checkPerIndex,
	}, {
		ID:        "pod-failure-policy-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "podFailurePolicy invalid, or used without restartPolicy Never",
		Rationale: "A podFailurePolicy needs restartPolicy Never (the controller must see each failed pod) and well-formed rules: an action of FailJob, Ignore, Count or FailIndex, and exactly one of onExitCodes or onPodConditions.",
		Fix:       "set the pod template's restartPolicy: Never and check each rule's action, operator and values",
		Check:     checkPodFailurePolicy,
	}, {
		ID:        "success-policy-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "successPolicy invalid or used on a non-Indexed Job",
		Rationale: "successPolicy applies to Indexed Jobs only; each rule needs succeededIndexes or succeededCount, within completions.",
		Fix:       "set completionMode: Indexed, and give each rule succeededIndexes (e.g. \"0-2\") or succeededCount",
		Check:     checkSuccessPolicy,
	}, {
		ID:        "pod-replacement-policy-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "podReplacementPolicy unknown, or not Failed with a podFailurePolicy",
		Rationale: "podReplacementPolicy is TerminatingOrFailed or Failed; with a podFailurePolicy only Failed is allowed.",
		Fix:       "use podReplacementPolicy: Failed (or remove it)",
		Check: func(c *Checker) {
			js, p := c.Defaulted.JobSpec()
			if js.PodReplacementPolicy == nil {
				return
			}
			v := *js.PodReplacementPolicy
			if js.PodFailurePolicy != nil {
				if v != batchv1.Failed {
					c.Report(p+".podReplacementPolicy", "unsupported podReplacementPolicy %q with a podFailurePolicy: supported values: \"Failed\"", v)
				}
			} else if v != batchv1.Failed && v != batchv1.TerminatingOrFailed {
				c.Report(p+".podReplacementPolicy", "unsupported podReplacementPolicy %q: supported values: \"Failed\", \"TerminatingOrFailed\"", v)
			}
		},
	}, {
		ID:        "selector-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "spec.selector or manualSelector used wrongly",
		Rationale: "The API server generates a Job's selector. A selector in a Job without manualSelector: true is rejected (\"selector not auto-generated\"); with manualSelector it must match the template labels. A CronJob's jobTemplate may not set a selector or manualSelector at all.",
		Fix:       "remove spec.selector (and manualSelector) and let the server generate it",
		Check:     checkSelector,
	}, {
		ID:        "managed-by-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "spec.managedBy is not a domain-prefixed path of at most 63 characters",
		Rationale: "managedBy hands the Job to another controller; it must be a domain-prefixed path such as kueue.x-k8s.io/multikueue.",
		Fix:       "remove spec.managedBy, or use a value such as example.com/my-controller",
		Check:     checkManagedBy,
	}, {
		ID:        "concurrency-policy-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindCronJob},
		Summary:   "concurrencyPolicy is not Allow, Forbid or Replace",
		Rationale: "The API server accepts only Allow (the default), Forbid and Replace.",
		Fix:       "use Allow, Forbid or Replace (capitalised)",
		Check: func(c *Checker) {
			switch p := c.Defaulted.CronJob.Spec.ConcurrencyPolicy; p {
			case batchv1.AllowConcurrent, batchv1.ForbidConcurrent, batchv1.ReplaceConcurrent:
			default:
				c.ReportFix("spec.concurrencyPolicy", concurrencyFix(string(p)), "unsupported concurrencyPolicy %q: supported values: \"Allow\", \"Forbid\", \"Replace\"", p)
			}
		},
	}}
}

func concurrencyFix(v string) string {
	for _, ok := range []string{"Allow", "Forbid", "Replace"} {
		if strings.EqualFold(v, ok) {
			return fmt.Sprintf("write %q (values are case-sensitive)", ok)
		}
	}
	return "use Allow, Forbid or Replace"
}

func checkObjectMeta(c *Checker) {
	m := c.Defaulted.Meta()
	if !c.Creating() {
		m = c.Obj.Meta() // updates keep the stored name
	}
	if m.Name == "" && m.GenerateName == "" {
		c.ReportFix("metadata.name", "set metadata.name (or metadata.generateName for kubectl create)", "metadata.name is required (name or generateName)")
		return
	}
	if metaSimple(m) {
		return
	}
	meta := m.DeepCopy()
	requireNS := meta.Namespace != ""
	errs := apimachineryvalidation.ValidateObjectMeta(meta, requireNS, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	for _, e := range errs {
		// The server sets uid, resourceVersion and the like; a manifest may leave them out.
		if e.Type == field.ErrorTypeRequired && e.Field == "metadata.namespace" {
			continue
		}
		c.Report(e.Field, "%s", e.ErrorBody())
	}
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
			case simpleDNSLabel(ctr.Name):
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
	if !labelsSimple(js.Template.Labels) {
		labelErrs = metav1validation.ValidateLabels(js.Template.Labels, field.NewPath(tp+".labels"))
	}
	for _, e := range labelErrs {
		if c.Obj.Kind() == KindJob && c.Creating() && isGeneratedJobNameLabelError(c, e) {
			continue // reported by job-name-too-long
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
	if ps.RestartPolicy != "" && ps.RestartPolicy != corev1.RestartPolicyAlways && ps.RestartPolicy != corev1.RestartPolicyOnFailure && ps.RestartPolicy != corev1.RestartPolicyNever {
		return // restart-policy-invalid reports it; core validation repeats it at the same path
	}
	if labelsSimple(ps.NodeSelector) {
		return
	}
	for _, e := range metav1validation.ValidateLabels(ps.NodeSelector, field.NewPath(sp+".nodeSelector")) {
		c.Report(e.Field, "invalid nodeSelector: %s", e.ErrorBody())
	}
}

// isGeneratedJobNameLabelError reports whether a template label error is only the server-added
// job-name label carrying a name longer than 63 characters.
func isGeneratedJobNameLabelError(c *Checker, e *field.Error) bool {
	name := c.Defaulted.Job.Name
	v, ok := e.BadValue.(string)
	return ok && v == name
}

func checkNonNegative(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	neg32 := func(v *int32, path string) {
		if v != nil && *v < 0 {
			c.Report(path, "%s is %d: %s", lastSegment(path), *v, nonNegativeMsg)
		}
	}
	neg64 := func(v *int64, path string) {
		if v != nil && *v < 0 {
			c.Report(path, "%s is %d: %s", lastSegment(path), *v, nonNegativeMsg)
		}
	}
	neg32(js.Parallelism, p+".parallelism")
	neg32(js.Completions, p+".completions")
	neg64(js.ActiveDeadlineSeconds, p+".activeDeadlineSeconds")
	neg32(js.BackoffLimit, p+".backoffLimit")
	neg32(js.TTLSecondsAfterFinished, p+".ttlSecondsAfterFinished")
	neg32(js.BackoffLimitPerIndex, p+".backoffLimitPerIndex")
	neg32(js.MaxFailedIndexes, p+".maxFailedIndexes")
	if cj := c.Defaulted.CronJob; cj != nil {
		neg64(cj.Spec.StartingDeadlineSeconds, "spec.startingDeadlineSeconds")
		neg32(cj.Spec.SuccessfulJobsHistoryLimit, "spec.successfulJobsHistoryLimit")
		neg32(cj.Spec.FailedJobsHistoryLimit, "spec.failedJobsHistoryLimit")
	}
}

func lastSegment(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func checkCompletionMode(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	if js.CompletionMode == nil {
		return
	}
	switch *js.CompletionMode {
	case batchv1.NonIndexedCompletion:
	case batchv1.IndexedCompletion:
		if js.Completions == nil {
			c.ReportFix(p+".completions", fmt.Sprintf("set %s.completions to the number of indexes", p), "completions is required when completion mode is Indexed")
		}
		if js.Parallelism != nil && *js.Parallelism > maxParallelismIndexed {
			c.Report(p+".parallelism", "parallelism %d must be less than or equal to %d when completion mode is Indexed", *js.Parallelism, maxParallelismIndexed)
		}
	default:
		c.Report(p+".completionMode", "unsupported completionMode %q: supported values: \"NonIndexed\", \"Indexed\"", *js.CompletionMode)
	}
}

func checkPerIndex(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	if js.MaxFailedIndexes != nil && js.BackoffLimitPerIndex == nil {
		c.Report(p+".backoffLimitPerIndex", "backoffLimitPerIndex is required when maxFailedIndexes is specified")
	}
	if js.CompletionMode != nil && *js.CompletionMode == batchv1.IndexedCompletion {
		if js.Completions != nil && js.MaxFailedIndexes != nil && *js.MaxFailedIndexes > *js.Completions {
			c.Report(p+".maxFailedIndexes", "maxFailedIndexes %d must be less than or equal to completions (%d)", *js.MaxFailedIndexes, *js.Completions)
		}
		if js.MaxFailedIndexes != nil && *js.MaxFailedIndexes > maxFailedIndexesLimit {
			c.Report(p+".maxFailedIndexes", "maxFailedIndexes %d must be less than or equal to %d", *js.MaxFailedIndexes, maxFailedIndexesLimit)
		}
		if js.Completions != nil && *js.Completions > completionsSoftLimit && js.BackoffLimitPerIndex != nil {
			if js.MaxFailedIndexes == nil {
				c.Report(p+".maxFailedIndexes", "maxFailedIndexes must be specified when completions is above %d", completionsSoftLimit)
			} else if *js.MaxFailedIndexes > parallelismSoftLimit {
				c.Report(p+".maxFailedIndexes", "maxFailedIndexes must be less than or equal to %d when completions are above %d and used with backoff limit per index", parallelismSoftLimit, completionsSoftLimit)
			}
			if js.Parallelism != nil && *js.Parallelism > parallelismSoftLimit {
				c.Report(p+".parallelism", "parallelism must be less than or equal to %d when completions are above %d and used with backoff limit per index", parallelismSoftLimit, completionsSoftLimit)
			}
		}
		return
	}
	if js.CompletionMode == nil || *js.CompletionMode == batchv1.NonIndexedCompletion {
		if js.BackoffLimitPerIndex != nil {
			c.Report(p+".backoffLimitPerIndex", "backoffLimitPerIndex requires indexed completion mode")
		}
		if js.MaxFailedIndexes != nil {
			c.Report(p+".maxFailedIndexes", "maxFailedIndexes requires indexed completion mode")
		}
	}
}

func checkPodFailurePolicy(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	pfp := js.PodFailurePolicy
	if pfp == nil {
		return
	}
	if js.Template.Spec.RestartPolicy == corev1.RestartPolicyOnFailure {
		c.Report(p+".template.spec.restartPolicy", "only \"Never\" is supported when podFailurePolicy is specified, not \"OnFailure\"")
	}
	base := p + ".podFailurePolicy"
	if len(pfp.Rules) > maxPodFailureRules {
		c.Report(base+".rules", "%d rules: must have at most %d items", len(pfp.Rules), maxPodFailureRules)
	}
	names := map[string]bool{}
	for _, ctr := range js.Template.Spec.Containers {
		names[ctr.Name] = true
	}
	for _, ctr := range js.Template.Spec.InitContainers {
		names[ctr.Name] = true
	}
	for i, r := range pfp.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", base, i)
		switch r.Action {
		case batchv1.PodFailurePolicyActionCount, batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyActionIgnore:
		case batchv1.PodFailurePolicyActionFailIndex:
			if js.BackoffLimitPerIndex == nil {
				c.Report(rp+".action", "action FailIndex requires the backoffLimitPerIndex to be set")
			}
		case "":
			c.Report(rp+".action", "action is required: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]")
		default:
			c.Report(rp+".action", "unsupported action %q: supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"", r.Action)
		}
		if r.OnExitCodes != nil && len(r.OnPodConditions) > 0 {
			c.Report(rp, "specifying both OnExitCodes and OnPodConditions is not supported")
		} else if r.OnExitCodes == nil && len(r.OnPodConditions) == 0 {
			c.Report(rp, "specifying one of OnExitCodes and OnPodConditions is required")
		}
		if ec := r.OnExitCodes; ec != nil {
			ep := rp + ".onExitCodes"
			if ec.ContainerName != nil && !names[*ec.ContainerName] {
				c.Report(ep+".containerName", "containerName %q must be one of the container or initContainer names in the pod template", *ec.ContainerName)
			}
			switch ec.Operator {
			case batchv1.PodFailurePolicyOnExitCodesOpIn, batchv1.PodFailurePolicyOnExitCodesOpNotIn:
			case "":
				c.Report(ep+".operator", "operator is required: valid values: [\"In\" \"NotIn\"]")
			default:
				c.Report(ep+".operator", "unsupported operator %q: supported values: \"In\", \"NotIn\"", ec.Operator)
			}
			if len(ec.Values) == 0 {
				c.Report(ep+".values", "at least one value is required")
			}
			if len(ec.Values) > maxExitCodeValues {
				c.Report(ep+".values", "%d values: must have at most %d items", len(ec.Values), maxExitCodeValues)
			}
			seen := map[int32]bool{}
			ordered := true
			for j, v := range ec.Values {
				vp := fmt.Sprintf("%s.values[%d]", ep, j)
				if ec.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && v == 0 {
					c.Report(vp, "exit code 0 must not be used with the In operator")
				}
				if seen[v] {
					c.Report(vp, "duplicate exit code %d", v)
				}
				if j > 0 && ec.Values[j-1] > v {
					ordered = false
				}
				seen[v] = true
			}
			if !ordered {
				c.Report(ep+".values", "exit codes must be ordered")
			}
		}
		if len(r.OnPodConditions) > maxPodConditions {
			c.Report(rp+".onPodConditions", "%d patterns: must have at most %d items", len(r.OnPodConditions), maxPodConditions)
		}
		for j, pc := range r.OnPodConditions {
			cp := fmt.Sprintf("%s.onPodConditions[%d]", rp, j)
			for _, msg := range validation.IsQualifiedName(string(pc.Type)) {
				c.Report(cp+".type", "condition type %q is invalid: %s", pc.Type, msg)
			}
			switch pc.Status {
			case corev1.ConditionTrue, corev1.ConditionFalse, corev1.ConditionUnknown:
			case "":
				c.Report(cp+".status", "status is required: valid values: [\"False\" \"True\" \"Unknown\"]")
			default:
				c.Report(cp+".status", "unsupported status %q: supported values: \"False\", \"True\", \"Unknown\"", pc.Status)
			}
		}
	}
}

func checkSuccessPolicy(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	sp := js.SuccessPolicy
	if sp == nil {
		return
	}
	base := p + ".successPolicy"
	if js.CompletionMode == nil || *js.CompletionMode != batchv1.IndexedCompletion {
		c.Report(base, "successPolicy requires indexed completion mode")
		return
	}
	if len(sp.Rules) == 0 {
		c.Report(base+".rules", "at least one rules must be specified when the successPolicy is specified")
	}
	if len(sp.Rules) > maxSuccessPolicyRules {
		c.Report(base+".rules", "%d rules: must have at most %d items", len(sp.Rules), maxSuccessPolicyRules)
	}
	if js.Completions == nil {
		return // completion-mode-invalid reports the missing completions (the server would even fail with a 500)
	}
	completions := *js.Completions
	for i, r := range sp.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", base, i)
		if r.SucceededCount == nil && r.SucceededIndexes == nil {
			c.Report(rp, "at least one of succeededCount or succeededIndexes must be specified")
		}
		var indexes int32
		if r.SucceededIndexes != nil {
			if len(*r.SucceededIndexes) > maxSucceededIndexesLen {
				c.Report(rp+".succeededIndexes", "succeededIndexes may not be more than %d bytes", maxSucceededIndexesLen)
			}
			n, err := countIndexes(*r.SucceededIndexes, completions)
			if err != nil {
				c.Report(rp+".succeededIndexes", "error parsing succeededIndexes: %s", err)
			}
			indexes = n
		}
		if r.SucceededCount != nil {
			sc := *r.SucceededCount
			switch {
			case sc < 0:
				c.Report(rp+".succeededCount", "succeededCount is %d: %s", sc, nonNegativeMsg)
			case sc > completions:
				c.Report(rp+".succeededCount", "succeededCount %d must be less than or equal to %d (the number of specified completions)", sc, completions)
			case r.SucceededIndexes != nil && sc > indexes:
				c.Report(rp+".succeededCount", "succeededCount %d must be less than or equal to %d (the number of indexes in the specified succeededIndexes field)", sc, indexes)
			}
		}
	}
}

// countIndexes parses an index list such as "0,2-4" the way the server does and counts it.
func countIndexes(s string, completions int32) (int32, error) {
	if s == "" {
		return 0, nil
	}
	var total int32
	prev := int64(-1)
	for _, frag := range strings.Split(s, ",") {
		parts := strings.Split(frag, "-")
		if len(parts) > 2 {
			return 0, fmt.Errorf("the fragment %q violates the requirement that an index interval can have at most two parts separated by '-'", frag)
		}
		var bounds [2]int64
		for k, part := range parts {
			v, err := strconv.ParseInt(part, 10, 32)
			if err != nil {
				return 0, fmt.Errorf("cannot convert string to integer for index: %q", part)
			}
			if v >= int64(completions) {
				return 0, fmt.Errorf("too large index: %q", part)
			}
			bounds[k] = v
		}
		if len(parts) == 1 {
			bounds[1] = bounds[0]
		}
		if bounds[0] <= prev {
			return 0, fmt.Errorf("non-increasing order, previous: %d, current: %d", prev, bounds[0])
		}
		if bounds[1] < bounds[0] {
			return 0, fmt.Errorf("non-increasing order, previous: %d, current: %d", bounds[0], bounds[1])
		}
		total += int32(bounds[1] - bounds[0] + 1)
		prev = bounds[1]
	}
	return total, nil
}

func checkSelector(c *Checker) {
	if cj := c.Defaulted.CronJob; cj != nil {
		s := cj.Spec.JobTemplate.Spec
		if s.Selector != nil {
			c.Report("spec.jobTemplate.spec.selector", "a CronJob's jobTemplate may not set a selector: `selector` will be auto-generated")
		}
		if s.ManualSelector != nil && *s.ManualSelector {
			c.Report("spec.jobTemplate.spec.manualSelector", "a CronJob's jobTemplate may not set manualSelector: true: supported values: \"nil\", \"false\"")
		}
		return
	}
	job := c.Defaulted.Job
	s := job.Spec
	manual := s.ManualSelector != nil && *s.ManualSelector
	tl := job.Spec.Template.Labels
	if !manual && s.Selector != nil {
		uid := string(job.UID)
		prefixed := c.Creating() || c.Old != nil && hasPrefixedLabels(c.OldDefaulted.Job)
		want := map[string]string{LabelLegacyControllerUID: uid, LabelLegacyJobName: job.Name}
		if prefixed {
			want[LabelControllerUID] = uid
			want[LabelJobName] = job.Name
		}
		keys := make([]string, 0, len(want))
		for k := range want {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v, ok := tl[k]
			lp := fmt.Sprintf("spec.template.metadata.labels[%s]", k)
			switch {
			case !ok:
				c.Report(lp, "the pod template must have the label %s (the server adds it unless manualSelector is true)", k)
			case v != want[k]:
				what := "the Job's UID"
				if strings.HasSuffix(k, "job-name") {
					what = fmt.Sprintf("the Job's name %q", job.Name)
				}
				c.ReportFix(lp, fmt.Sprintf("remove the label %s from the pod template; the server sets it", k),
					"pod template label %s is %q but must be %s", k, v, what)
			}
		}
		if !selectorIsGenerated(s.Selector, want) || !selectorParses(s.Selector) {
			c.ReportFix("spec.selector", "remove spec.selector (the server generates it), or set spec.manualSelector: true",
				"spec.selector is set but manualSelector is not true: `selector` not auto-generated")
		}
	}
	if manual && s.Selector == nil {
		c.ReportFix("spec.selector", "add a spec.selector matching the template labels, or remove manualSelector", "spec.selector is required when manualSelector is true")
	}
	if s.Selector != nil && (len(s.Selector.MatchExpressions) > 0 || !labelsSimple(s.Selector.MatchLabels)) {
		for _, e := range metav1validation.ValidateLabelSelector(s.Selector, metav1validation.LabelSelectorValidationOptions{}, field.NewPath("spec.selector")) {
			c.Report(e.Field, "invalid selector: %s", e.ErrorBody())
		}
	}
	if matches, ok := selectorMatches(s.Selector, tl); ok && !matches {
		c.ReportFix("spec.template.metadata.labels", "make spec.selector match the pod template's labels",
			"`selector` does not match template `labels`")
	}
}

// selectorParses reports whether apimachinery accepts the selector (plain matchLabels selectors
// of valid labels are accepted without parsing).
func selectorParses(sel *metav1.LabelSelector) bool {
	if len(sel.MatchExpressions) == 0 && labelsSimple(sel.MatchLabels) {
		return true
	}
	_, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil
}

// selectorMatches reports whether sel selects a pod with labels set, as the server decides it
// (a nil selector matches nothing); ok is false when the selector does not parse.
func selectorMatches(sel *metav1.LabelSelector, set map[string]string) (matches, ok bool) {
	if sel == nil {
		return false, true
	}
	if len(sel.MatchExpressions) == 0 && labelsSimple(sel.MatchLabels) {
		for k, v := range sel.MatchLabels {
			if got, found := set[k]; !found || got != v {
				return false, true
			}
		}
		return true, true
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return false, false
	}
	return s.Matches(labels.Set(set)), true
}

func hasPrefixedLabels(job *batchv1.Job) bool {
	if job == nil {
		return false
	}
	_, a := job.Spec.Template.Labels[LabelJobName]
	_, b := job.Spec.Template.Labels[LabelControllerUID]
	return a && b
}

// selectorIsGenerated reports whether sel selects exactly the generated labels.
func selectorIsGenerated(sel *metav1.LabelSelector, want map[string]string) bool {
	if len(sel.MatchExpressions) > 0 {
		return false
	}
	for k, v := range sel.MatchLabels {
		if w, ok := want[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func checkManagedBy(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	if js.ManagedBy == nil {
		return
	}
	v := *js.ManagedBy
	path := p + ".managedBy"
	if v == "" {
		c.Report(path, "managedBy must not be empty when set")
		return
	}
	domain, rest, found := strings.Cut(v, "/")
	if !found || domain == "" || rest == "" {
		c.Report(path, "managedBy %q must be a domain-prefixed path (such as \"acme.io/foo\")", v)
	} else {
		for _, msg := range validation.IsDNS1123Subdomain(domain) {
			c.Report(path, "managedBy domain %q is invalid: %s", domain, msg)
		}
		if !managedByPathRE(rest) {
			c.Report(path, "managedBy path %q is invalid (regex used for validation is '[A-Za-z0-9/\\-._~%%!$&'()*+,;=:]+')", rest)
		}
	}
	if len(v) > 63 {
		c.Report(path, "managedBy may not be more than 63 bytes (it is %d)", len(v))
	}
}

func managedByPathRE(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("/-._~%!$&'()*+,;=:", r):
		default:
			return false
		}
	}
	return s != ""
}
