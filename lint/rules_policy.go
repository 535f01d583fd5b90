package lint

import "fmt"

// policyRules flag what the server accepts but is broken; the admission front ends deny it.
func policyRules() []Rule {
	return []Rule{{
		ID:        RuleStartingDeadlineTooShort,
		Class:     ClassPolicy,
		Severity:  SeverityError,
		Kinds:     []string{KindCronJob},
		Summary:   "startingDeadlineSeconds below 10: the CronJob may never start",
		Rationale: "The CronJob controller looks for work every 10 seconds. With a deadline shorter than that, a run is often already too late when the controller sees it, and is skipped; the server accepts the value anyway.",
		Fix:       "set spec.startingDeadlineSeconds to 10 or more (or remove it)",
		Check: func(c *Checker) {
			d := c.Obj.CronJob.Spec.StartingDeadlineSeconds
			if d != nil && *d >= 0 && *d < c.Policy.MinStartingDeadlineSeconds {
				c.ReportFix("spec.startingDeadlineSeconds",
					fmt.Sprintf("set spec.startingDeadlineSeconds to %d or more (or remove it)", c.Policy.MinStartingDeadlineSeconds),
					"startingDeadlineSeconds is %d, below %d: the CronJob controller checks every 10 seconds, so runs may be skipped as missed and the job may never start",
					*d, c.Policy.MinStartingDeadlineSeconds)
			}
		},
	}}
}
