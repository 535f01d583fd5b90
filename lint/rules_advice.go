package lint

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Advice rules judge what a Job runs with, so that a manifest and the same object read back from
// the cluster (with the server's defaults filled in) get the same findings: values with a default
// are read from c.Defaulted, or through EffectiveBackoffLimit for a CronJob's job template, which
// the server defaults only when it creates each Job (TestAdviceSameOfflineAndLive).

// Rule IDs of advice rules that tests refer to.
const (
	RuleJobTTLMissing            = "job-ttl-missing"
	RuleRestartOnFailureBackoff  = "restart-on-failure-with-backoff"
	RuleRestartOnFailureLowLimit = "restart-on-failure-low-backoff-limit"
	RuleContainerNeverExits      = "container-never-exits"
)

// Annotations of tools that delete the hook Jobs they create (by default before the hook runs
// again), so such Jobs need no TTL.
const (
	helmHookAnnotation   = "helm.sh/hook"
	argoCDHookAnnotation = "argocd.argoproj.io/hook"
)

func adviceRules() []Rule {
	return []Rule{{
		ID:       RuleJobTTLMissing,
		Class:    ClassAdvice,
		Severity: SeverityInfo,
		Kinds:    []string{KindJob},
		Summary:  "Job without ttlSecondsAfterFinished: finished Jobs and their Pods stay (leave it so for Jobs a GitOps tool applies)",
		Rationale: "Nothing deletes a finished Job that no CronJob owns: it and its Pods stay, counting against quotas and slowing list calls, until someone deletes them. " +
			"But a Job that a GitOps tool (Argo CD, Flux) or a kubectl apply of a repository creates must not have a TTL: once the TTL deletes it, the tool finds it missing, creates it again, and it runs again. " +
			"The rule is therefore info, and it skips Helm and Argo CD hook Jobs (annotations " + helmHookAnnotation + " and " + argoCDHookAnnotation + "), which their tool deletes. " +
			"To silence it for a directory of such manifests, lint that directory with --disable " + RuleJobTTLMissing + ", or put rules: {" + RuleJobTTLMissing + ": off} into a .kubectl-batch.yaml in the directory lint runs from (the file is found from the working directory upward) or name such a file with --config; a single Job can carry the annotation " + IgnoreAnnotation + ": " + RuleJobTTLMissing + ".",
		Fix: "set spec.ttlSecondsAfterFinished (for example 86400 to keep it one day); for Jobs a GitOps tool applies, silence the rule for their directory instead: kubectl batch lint -f DIR --disable " + RuleJobTTLMissing,
		Check: func(c *Checker) {
			job := c.Obj.Job
			if job.Spec.TTLSecondsAfterFinished != nil || len(job.OwnerReferences) > 0 || deletedByHookTool(&job.ObjectMeta) {
				return
			}
			c.Report("spec", "ttlSecondsAfterFinished is not set: the finished Job and its Pods stay until someone deletes them. "+
				"If a GitOps tool or kubectl apply from a repository creates this Job, keep it so: a TTL would delete the Job, and the tool would create it and run it again")
		},
	}, {
		ID:        RuleRestartOnFailureBackoff,
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Summary:   "restartPolicy OnFailure with retries: failed attempts' logs are lost",
		Rationale: "With OnFailure the kubelet restarts the failed container in the same Pod, so only the previous attempt's logs are kept (kubectl logs --previous), and when the Job finally fails the Job controller deletes the still-running Pod with all its logs. backoffLimit then counts container restarts across the running Pods. With Never each attempt is a Pod of its own that keeps its logs. A Job without backoffLimit gets 6 from the server (a CronJob's Jobs when they are created), so this applies to it too.",
		Fix:       "use restartPolicy: Never so each retry is a new Pod that keeps its logs",
		Check: func(c *Checker) {
			limit, ok := onFailureBackoffLimit(c)
			if !ok || limit < 2 {
				return
			}
			_, ppath := c.Obj.PodSpec()
			c.Report(ppath+".restartPolicy", "restartPolicy OnFailure with backoffLimit %d: retries restart the container in place, so only the previous attempt's logs are kept, and the Pod is deleted with all its logs when the Job fails", limit)
		},
	}, {
		ID:        RuleRestartOnFailureLowLimit,
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Summary:   "restartPolicy OnFailure with backoffLimit 0 or 1: no real retry, and the failed command may start again",
		Rationale: "With OnFailure the Job controller fails the Job as soon as the container restarts in its running Pods add up to backoffLimit (restarts >= backoffLimit, pastBackoffLimitOnFailure in pkg/controller/job), and at the first restart when backoffLimit is 0. The kubelet restarts a failed container at once, so with backoffLimit 0 or 1 the failed command starts a second time and is killed shortly after, together with the Pod and its logs: backoffLimit 1 does not give the one retry it seems to promise, and backoffLimit 0 does not mean \"run at most once\". With restartPolicy Never, backoffLimit counts failed Pods (failed > backoffLimit), so backoffLimit 1 is one retry and 0 is a single attempt.",
		Fix:       "use restartPolicy: Never (backoffLimit then counts failed Pods: 0 is one attempt, 1 is one retry)",
		Check: func(c *Checker) {
			limit, ok := onFailureBackoffLimit(c)
			if !ok || limit > 1 {
				return
			}
			_, ppath := c.Obj.PodSpec()
			if limit == 0 {
				c.Report(ppath+".restartPolicy", "restartPolicy OnFailure with backoffLimit 0: the kubelet restarts the failed container at once and the Job controller fails the Job at that first restart, so the command starts a second time and is then killed with the Pod and its logs")
				return
			}
			c.ReportFix(ppath+".restartPolicy", "for one retry use restartPolicy: Never with backoffLimit 1 (a new Pod), or keep OnFailure with backoffLimit 2",
				"restartPolicy OnFailure with backoffLimit 1: the Job fails at the container's first restart (restarts in place reach the limit, they need not exceed it), so the one retry is killed as it starts: there is no real retry")
		},
	}, {
		ID:        RuleContainerNeverExits,
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Summary:   "a regular container that never exits (while true, tail -f, sleep infinity) next to the worker: the Job never completes",
		Rationale: "A Job's Pod succeeds only when all its regular containers have exited. A helper container whose command loops forever (while true without exit or break, tail -f, sleep infinity) keeps the Pod running after the worker has finished, so the Job never completes (until activeDeadlineSeconds fails it). A native sidecar, an init container with restartPolicy: Always (Kubernetes 1.29 and later), runs next to the worker and is stopped by the kubelet once the regular containers have exited.",
		Fix:       "make it a native sidecar: move it to initContainers and give it restartPolicy: Always",
		Check:     checkContainersNeverExit,
	}, {
		ID:        "parallelism-exceeds-completions",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Summary:   "parallelism greater than completions: the extra pods never start",
		Rationale: "The Job controller never runs more pods than there are completions left, so parallelism above completions only misleads readers about how much runs at once.",
		Fix:       "set parallelism to at most completions",
		Check: func(c *Checker) {
			js, p := c.Defaulted.JobSpec()
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
		Rationale: "After each failed pod the Job controller waits 10 s, 20 s, 40 s ... (capped at 10 minutes in Kubernetes 1.35) before the next, and the Job fails once more than backoffLimit pods have failed; with restartPolicy OnFailure the kubelet restarts the container in place at once, then after 10 s, 20 s, 40 s ... (capped at 5 minutes), and the Job fails when the restarts reach backoffLimit. If activeDeadlineSeconds is shorter than that back-off timeline, the Job always ends with DeadlineExceeded and backoffLimit never applies. A CronJob's Jobs get backoffLimit 6 unless the template sets it.",
		Fix:       "raise activeDeadlineSeconds above the back-off timeline, or lower backoffLimit",
		Check: func(c *Checker) {
			js, p := c.Defaulted.JobSpec()
			if js.ActiveDeadlineSeconds == nil || *js.ActiveDeadlineSeconds <= 0 || js.BackoffLimitPerIndex != nil {
				return
			}
			limit := EffectiveBackoffLimit(js)
			backoff := BackoffFor(js.Template.Spec.RestartPolicy)
			deadline := time.Duration(*js.ActiveDeadlineSeconds) * time.Second
			if timeline := backoff.TimeToLimit(limit); deadline < timeline {
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
		Summary:   "a history limit of 0: finished Jobs are deleted at once, with their pods and logs",
		Rationale: "With failedJobsHistoryLimit 0 the CronJob controller deletes each failed Job, with its Pods, as soon as it has failed, so nobody can read the failed Pods' logs or the Job's failure reason. With successfulJobsHistoryLimit 0 the same happens to successful Jobs; the CronJob's status.lastSuccessfulTime still records when a run last succeeded.",
		Fix:       "keep at least one failed Job: failedJobsHistoryLimit: 1 (the default) or more",
		Check: func(c *Checker) {
			s := c.Obj.CronJob.Spec
			if s.FailedJobsHistoryLimit != nil && *s.FailedJobsHistoryLimit == 0 {
				c.Report("spec.failedJobsHistoryLimit", "failedJobsHistoryLimit is 0: each failed Job is deleted with its Pods as soon as it fails, so its logs and failure reason cannot be inspected")
			}
			if s.SuccessfulJobsHistoryLimit != nil && *s.SuccessfulJobsHistoryLimit == 0 {
				c.ReportFix("spec.successfulJobsHistoryLimit", "keep at least one: successfulJobsHistoryLimit: 1 or more",
					"successfulJobsHistoryLimit is 0: each successful Job is deleted with its Pods as soon as it finishes, so its Pods' logs and status cannot be inspected (status.lastSuccessfulTime still records when it last succeeded)")
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
		Rationale: "Without spec.timeZone the schedule is read in kube-controller-manager's local time zone, which differs between clusters and changes with the host's configuration. Schedules that fire at the same instants in any zone (every N minutes, hourly, @every) are not reported.",
		Fix:       "set spec.timeZone to an IANA name such as Etc/UTC or Europe/Berlin",
		Check: func(c *Checker) {
			if s, err := c.Schedule(); err == nil && s != nil && s.ZoneIndependent() {
				return
			}
			if c.Obj.CronJob.Spec.TimeZone == nil {
				c.Report("spec", "spec.timeZone is not set: the schedule runs in kube-controller-manager's time zone")
			}
		},
	}}
}

// deletedByHookTool reports whether a Job is a Helm or Argo CD hook, which its tool deletes.
func deletedByHookTool(m *metav1.ObjectMeta) bool {
	_, helm := m.Annotations[helmHookAnnotation]
	_, argo := m.Annotations[argoCDHookAnnotation]
	return helm || argo
}

// onFailureBackoffLimit returns the effective backoffLimit of a Job (or a CronJob's Jobs) whose
// pods restart in place (restartPolicy OnFailure) and have an overall limit; ok is false
// otherwise (backoffLimitPerIndex counts failed pods per index instead).
func onFailureBackoffLimit(c *Checker) (limit int32, ok bool) {
	js, _ := c.Defaulted.JobSpec()
	if js.Template.Spec.RestartPolicy != corev1.RestartPolicyOnFailure || js.BackoffLimitPerIndex != nil {
		return 0, false
	}
	return EffectiveBackoffLimit(js), true
}

// checkContainersNeverExit reports regular containers whose command never returns, when the pod
// has another regular container (the worker) that the Job waits for.
func checkContainersNeverExit(c *Checker) {
	ps, p := c.Obj.PodSpec()
	if len(ps.Containers) < 2 {
		return
	}
	for i := range ps.Containers {
		ctr := &ps.Containers[i]
		if what := foreverCommand(ctr); what != "" {
			c.Report(fmt.Sprintf("%s.containers[%d]", p, i),
				"container %q runs %q, which never exits: a Job's Pod succeeds only when all its regular containers have exited, so this Job never completes",
				ctr.Name, what)
		}
	}
}

// foreverCommand returns the part of a container's command line that never returns ("sleep
// infinity", "tail -f", "while true"), or "" when there is none. A loop counts only when the
// script has no exit, break or return: sidecars often loop until the worker leaves a file.
func foreverCommand(ctr *corev1.Container) string {
	if !mentionsForever(ctr.Command) && !mentionsForever(ctr.Args) {
		return "" // the common case, without splitting anything
	}
	words := shellWords(append(append([]string(nil), ctr.Command...), ctr.Args...))
	for i, w := range words {
		next := wordAt(words, i+1)
		switch w {
		case "sleep":
			if next == "infinity" || next == "inf" {
				return "sleep " + next
			}
		case "tail":
			if tailFollows(words[i+1:]) {
				return "tail -f"
			}
		case "while":
			if cond := loopForever(words[i+1:]); cond != "" && !leavesLoop(words) {
				return "while " + cond
			}
		}
	}
	return ""
}

// mentionsForever reports whether parts contain a word foreverCommand looks for.
func mentionsForever(parts []string) bool {
	for _, p := range parts {
		if strings.Contains(p, "sleep") || strings.Contains(p, "tail") || strings.Contains(p, "while") {
			return true
		}
	}
	return false
}

// shellWords splits a command line into words at blanks and shell separators, dropping quotes.
func shellWords(parts []string) []string {
	return strings.FieldsFunc(strings.Join(parts, " "), func(r rune) bool {
		return strings.ContainsRune(" \t\n;&|()\"'`{}", r)
	})
}

func wordAt(words []string, i int) string {
	if i < len(words) {
		return words[i]
	}
	return ""
}

// tailFollows reports whether tail's arguments follow the file forever: -f, -F or --follow,
// without --pid (which ends tail with another process).
func tailFollows(args []string) bool {
	follow := false
	for _, a := range args {
		switch {
		case !strings.HasPrefix(a, "-"):
			return follow
		case strings.HasPrefix(a, "--pid"):
			return false
		case strings.HasPrefix(a, "--follow"), !strings.HasPrefix(a, "--") && strings.ContainsAny(a, "fF"):
			follow = true
		}
	}
	return follow
}

// loopForever returns the condition of a while loop that is always true ("true", ":", "1",
// "sleep"), skipping test brackets, or "".
func loopForever(cond []string) string {
	for _, w := range cond {
		switch w {
		case "[", "[[":
			continue
		case "true", "True", ":", "1", "sleep":
			return w
		}
		return ""
	}
	return ""
}

// leavesLoop reports whether a script has a way out of a loop.
func leavesLoop(words []string) bool {
	for _, w := range words {
		switch w {
		case "exit", "break", "return":
			return true
		}
	}
	return false
}
