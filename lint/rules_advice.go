package lint

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
)

func adviceRules() []Rule {
	return []Rule{{
		ID:        "job-ttl-missing",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindJob},
		Summary:   "Job without ttlSecondsAfterFinished: finished Jobs and their Pods pile up",
		Rationale: "Nothing deletes a finished Job that no CronJob owns. Its Pods stay too, counting against quotas and slowing list calls, until someone cleans up by hand.",
		Fix:       "set spec.ttlSecondsAfterFinished (for example 86400 to keep it one day)",
		Check: func(c *Checker) {
			job := c.Obj.Job
			if job.Spec.TTLSecondsAfterFinished == nil && len(job.OwnerReferences) == 0 {
				c.Report("spec", "ttlSecondsAfterFinished is not set: the finished Job and its Pods are never cleaned up")
			}
		},
	}, {
		ID:        "restart-on-failure-with-backoff",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Summary:   "restartPolicy OnFailure with backoffLimit: failed attempts' logs are lost",
		Rationale: "With OnFailure the kubelet restarts the container in the same Pod, so the logs of earlier attempts are gone (only the previous one is kept), and backoffLimit counts container restarts, which is hard to reason about. With Never each attempt is a Pod of its own that keeps its logs.",
		Fix:       "use restartPolicy: Never so each retry is a new Pod, or drop backoffLimit",
		Check: func(c *Checker) {
			ps, ppath := c.Obj.PodSpec()
			js, jpath := c.Obj.JobSpec()
			if ps.RestartPolicy == corev1.RestartPolicyOnFailure && js.BackoffLimit != nil && *js.BackoffLimit > 0 {
				c.Report(ppath+".restartPolicy", "restartPolicy OnFailure with %s.backoffLimit %d: retries restart the container in place, so the logs of failed attempts are lost", jpath, *js.BackoffLimit)
			}
		},
	}, {
		ID:        "parallelism-exceeds-completions",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Summary:   "parallelism greater than completions: the extra pods never start",
		Rationale: "The Job controller never runs more pods than there are completions left, so parallelism above completions only misleads readers about how much runs at once.",
		Fix:       "set parallelism to at most completions",
		Check: func(c *Checker) {
			js, p := c.Obj.JobSpec()
			if js.Parallelism != nil && js.Completions != nil && *js.Completions > 0 && *js.Parallelism > *js.Completions {
				c.ReportFix(p+".parallelism", fmt.Sprintf("set %s.parallelism to %d or less", p, *js.Completions),
					"parallelism %d is greater than completions %d: at most %d pods ever run at once", *js.Parallelism, *js.Completions, *js.Completions)
			}
		},
	}, {
		ID:        "deadline-before-backoff-limit",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Summary:   "activeDeadlineSeconds ends the Job before backoffLimit can be reached",
		Rationale: "After each failed pod the Job controller waits 10 s, 20 s, 40 s ... (capped at 10 minutes in Kubernetes 1.35) before the next; with restartPolicy OnFailure the kubelet restarts the container in place after 10 s, 20 s, 40 s ... (capped at 5 minutes). If activeDeadlineSeconds is shorter than that back-off timeline, the Job always ends with DeadlineExceeded and backoffLimit never applies. A CronJob's Jobs get backoffLimit 6 unless the template sets it.",
		Fix:       "raise activeDeadlineSeconds above the back-off timeline, or lower backoffLimit",
		Check: func(c *Checker) {
			js, p := c.Defaulted.JobSpec()
			if js.ActiveDeadlineSeconds == nil || *js.ActiveDeadlineSeconds <= 0 || js.BackoffLimitPerIndex != nil {
				return
			}
			limit := DefaultBackoffLimit // what the Job gets when created from a CronJob template without one
			if js.BackoffLimit != nil {
				limit = *js.BackoffLimit
			}
			backoff := BackoffFor(js.Template.Spec.RestartPolicy)
			deadline := time.Duration(*js.ActiveDeadlineSeconds) * time.Second
			if timeline := backoff.Timeline(limit); deadline < timeline {
				c.Report(p+".activeDeadlineSeconds",
					"activeDeadlineSeconds %d is shorter than the %s before backoffLimit %d is reached (%s, not counting run time): the Job will fail with DeadlineExceeded, never BackoffLimitExceeded",
					*js.ActiveDeadlineSeconds, backoff.What, limit, timeline)
			}
		},
	}, {
		ID:        "history-limit-zero",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindCronJob},
		Summary:   "failedJobsHistoryLimit 0: failed runs leave no record",
		Rationale: "The CronJob controller deletes failed Jobs (and their Pods and logs) right away when the limit is 0, so nobody can see why a run failed.",
		Fix:       "keep at least one failed Job: failedJobsHistoryLimit: 1 (the default) or more",
		Check: func(c *Checker) {
			s := c.Obj.CronJob.Spec
			if s.FailedJobsHistoryLimit != nil && *s.FailedJobsHistoryLimit == 0 {
				c.Report("spec.failedJobsHistoryLimit", "failedJobsHistoryLimit is 0: failed Jobs and their logs are deleted at once, so failures leave no trace")
			}
			if s.SuccessfulJobsHistoryLimit != nil && *s.SuccessfulJobsHistoryLimit == 0 {
				c.ReportFix("spec.successfulJobsHistoryLimit", "keep at least one: successfulJobsHistoryLimit: 1 or more",
					"successfulJobsHistoryLimit is 0: there is no record of the last successful run")
			}
		},
	}, {
		ID:        "history-limit-large",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindCronJob},
		Summary:   "very large history limit: finished Jobs and Pods pile up",
		Rationale: "Every kept Job keeps its Pods. Hundreds of finished Jobs per CronJob slow the controller and list calls and count against quotas.",
		Fix:       "keep a handful of Jobs (the defaults are 3 successful and 1 failed) and ship logs elsewhere",
		Check: func(c *Checker) {
			s := c.Obj.CronJob.Spec
			max := c.Policy.MaxHistoryLimit
			if s.SuccessfulJobsHistoryLimit != nil && *s.SuccessfulJobsHistoryLimit > max {
				c.Report("spec.successfulJobsHistoryLimit", "successfulJobsHistoryLimit %d is above %d: that many finished Jobs and their Pods are kept", *s.SuccessfulJobsHistoryLimit, max)
			}
			if s.FailedJobsHistoryLimit != nil && *s.FailedJobsHistoryLimit > max {
				c.Report("spec.failedJobsHistoryLimit", "failedJobsHistoryLimit %d is above %d: that many failed Jobs and their Pods are kept", *s.FailedJobsHistoryLimit, max)
			}
		},
	}, {
		ID:        "timezone-unset",
		Class:     ClassAdvice,
		Severity:  SeverityInfo,
		Kinds:     []string{KindCronJob},
		Summary:   "spec.timeZone unset: the schedule follows the controller's time zone",
		Rationale: "Without spec.timeZone the schedule is read in kube-controller-manager's local time zone, which differs between clusters and changes with the host's configuration.",
		Fix:       "set spec.timeZone to an IANA name such as Etc/UTC or Europe/Berlin",
		Check: func(c *Checker) {
			if c.Obj.CronJob.Spec.TimeZone == nil {
				c.Report("spec", "spec.timeZone is not set: the schedule runs in kube-controller-manager's time zone")
			}
		},
	}}
}
