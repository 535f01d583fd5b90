package lint

import (
	"fmt"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
)

// cronJobRules check the CronJob spec as kube-apiserver does.
func cronJobRules() []Rule {
	return []Rule{{
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
