package lint

import (
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubectl-batch/kubectl-batch/lint/internal/fastvalid"
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

// metadataRules check the object's metadata as kube-apiserver does.
func metadataRules() []Rule {
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
		Summary:   fmt.Sprintf("Job name longer than %d characters (it is copied into the pods' job-name label)", validation.LabelValueMaxLength),
		Rationale: "Unless manualSelector is set, the API server copies the Job's name into the pod template labels job-name and batch.kubernetes.io/job-name, and label values are limited to 63 characters, so a longer name is rejected as an invalid spec.template.labels value. A name with characters a name may not have is name-invalid's finding, not this rule's.",
		Fix:       fmt.Sprintf("shorten metadata.name to %d characters or fewer", validation.LabelValueMaxLength),
		Check: func(c *Checker) {
			job := c.Defaulted.Job
			if !c.Creating() || job.Spec.ManualSelector != nil && *job.Spec.ManualSelector {
				return
			}
			if n := len(job.Name); n > validation.LabelValueMaxLength {
				c.ReportAt("spec.template.labels", "metadata.name",
					"the Job name is %d characters, over the %d a label value may have: the server copies it into the pod template label %s",
					n, validation.LabelValueMaxLength, LabelJobName)
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
			if !fastvalid.DNSSubdomainSyntax(job.Name) {
				return // name-invalid reports the name's characters; they are not this rule's problem
			}
			host := fmt.Sprintf("%s-%d", job.Name, *s.Completions-1)
			if len(validation.IsDNS1123Label(host)) > 0 {
				c.Report("metadata.name", "will not able to create pod with invalid DNS label: %s", host)
			}
		},
	}}
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
	if fastvalid.Meta(m) {
		return
	}
	meta := m.DeepCopy()
	requireNS := meta.Namespace != ""
	errs := apimachineryvalidation.ValidateObjectMeta(meta, requireNS, nameIsDNSSubdomain, field.NewPath("metadata"))
	for _, e := range errs {
		// The server sets uid, resourceVersion and the like; a manifest may leave them out.
		if e.Type == field.ErrorTypeRequired && e.Field == "metadata.namespace" {
			continue
		}
		if v, ok := e.BadValue.(string); ok && len(v) > MaxEchoedValue {
			e.BadValue = ShortenValues(v) // not formatted whole only to be cut
		}
		c.Report(e.Field, "%s", e.ErrorBody())
	}
}

// nameIsDNSSubdomain is apimachinery's NameIsDNSSubdomain without running its regular
// expression over an over-long name whose characters are fine (then only the length is wrong,
// and that is all upstream reports): a 3 MiB name is judged in microseconds.
func nameIsDNSSubdomain(name string, prefix bool) []string {
	if !prefix && len(name) > validation.DNS1123SubdomainMaxLength && fastvalid.DNSSubdomainSyntax(name) {
		return []string{validation.MaxLenError(validation.DNS1123SubdomainMaxLength)}
	}
	return apimachineryvalidation.NameIsDNSSubdomain(name, prefix)
}
