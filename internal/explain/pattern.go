package explain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// pattern works out the Job pattern from the effective spec.
func pattern(v *views) Pattern {
	e := v.effective
	p := deref(e.Parallelism)
	pt := Pattern{Parallelism: p, Completions: e.Completions}
	indexed := e.CompletionMode != nil && *e.CompletionMode == batchv1.IndexedCompletion
	switch {
	case indexed:
		n := deref(e.Completions)
		pt.Kind = PatternIndexed
		pt.Summary = fmt.Sprintf("Indexed: each index 0..%d must succeed once; %s.", n-1, atATime(p, n))
		if n <= 0 {
			pt.Summary = "Indexed, but without completions (the server rejects this)."
		}
		pt.Details = append(pt.Details, "Each pod gets its index in the environment variable JOB_COMPLETION_INDEX "+
			"(and the annotation batch.kubernetes.io/job-completion-index); a failed index is retried with the same index.")
		pt.Details = append(pt.Details, successPolicy(e.SuccessPolicy)...)
	case e.Completions == nil:
		pt.Kind = PatternWorkQueue
		pt.Summary = fmt.Sprintf("Work queue: %s at a time, no completion count.", plural(int(p), "pod"))
		pt.Details = append(pt.Details, "The pods share the work (e.g. from a queue) and decide themselves when it is done. "+
			"The Job is complete when any pod succeeds and all pods have ended; after the first success no new pods start.")
	case *e.Completions == 0:
		pt.Kind = PatternEmpty
		pt.Summary = "No completions: the Job completes at once without running a pod."
	case *e.Completions == 1:
		pt.Kind = PatternSingle
		pt.Summary = "Single pod: one pod runs to completion; the Job is complete when it succeeds."
		if p > 1 {
			pt.Details = append(pt.Details, fmt.Sprintf("parallelism %d has no effect: with one completion at most one pod runs.", p))
		}
		pt.Details = append(pt.Details, successPolicy(e.SuccessPolicy)...)
	default:
		c := *e.Completions
		pt.Kind = PatternFixed
		pt.Summary = fmt.Sprintf("Fixed completion count: %d completions, %s.", c, atATime(p, c))
		pt.Details = append(pt.Details, fmt.Sprintf("The Job is complete when %d pods have succeeded; the pods are "+
			"interchangeable (use completionMode Indexed if each needs its own share of the work).", c))
		if p > c {
			pt.Details = append(pt.Details, fmt.Sprintf("parallelism %d is more than completions: at most %d pods run at once.", p, c))
		}
	}
	if p == 0 && pt.Kind != PatternEmpty {
		pt.Details = append(pt.Details, "parallelism 0: no pod starts until parallelism is raised.")
	}
	if deref(e.Suspend) {
		if v.cron != nil {
			pt.Details = append(pt.Details, "The Jobs are created suspended (jobTemplate suspend true): no pod starts until each is resumed.")
		} else {
			pt.Details = append(pt.Details, "suspend true: no pod starts until the Job is resumed.")
		}
	}
	if e.ManagedBy != nil && *e.ManagedBy != "kubernetes.io/job-controller" {
		pt.Details = append(pt.Details, fmt.Sprintf("managedBy %s: the built-in Job controller does not run this Job; %s does.",
			*e.ManagedBy, *e.ManagedBy))
	}
	return pt
}

// atATime says how many of n pods run at once with parallelism p: "all at once", "one at a
// time" or "N at a time".
func atATime(p, n int32) string {
	switch {
	case p >= n && n > 1:
		return "all at once"
	case p == 1 || n == 1:
		return "one at a time"
	}
	return strconv.Itoa(int(min(p, n))) + " at a time"
}

func successPolicy(sp *batchv1.SuccessPolicy) []string {
	if sp == nil || len(sp.Rules) == 0 {
		return nil
	}
	var parts []string
	for _, r := range sp.Rules {
		switch {
		case r.SucceededIndexes != nil && r.SucceededCount != nil:
			parts = append(parts, fmt.Sprintf("%d of the indexes %s have succeeded", *r.SucceededCount, *r.SucceededIndexes))
		case r.SucceededIndexes != nil:
			parts = append(parts, fmt.Sprintf("the indexes %s have succeeded", *r.SucceededIndexes))
		case r.SucceededCount != nil:
			parts = append(parts, fmt.Sprintf("%d indexes have succeeded", *r.SucceededCount))
		}
	}
	return []string{"successPolicy: the Job succeeds early (reason SuccessPolicy) when " + strings.Join(parts, ", or when ") +
		"; the remaining pods are then terminated."}
}

// maxListedRetries bounds Failure.Retries.
const maxListedRetries = 10

// failure works out the failure budget.
func failure(v *views) Failure {
	e := v.effective
	rp := v.server.Template.Spec.RestartPolicy
	f := Failure{
		BackoffLimit:          deref(e.BackoffLimit),
		BackoffLimitPerIndex:  e.BackoffLimitPerIndex,
		MaxFailedIndexes:      e.MaxFailedIndexes,
		RestartPolicy:         string(rp),
		BackoffBy:             BackoffJobController,
		ActiveDeadlineSeconds: e.ActiveDeadlineSeconds,
		Retries:               []Retry{},
	}
	backoff := lint.BackoffFor(rp)
	if backoff.ByKubelet {
		f.BackoffBy = BackoffKubelet
	}
	say := func(format string, args ...any) { f.Summary = append(f.Summary, fmt.Sprintf(format, args...)) }

	perIndex := e.BackoffLimitPerIndex != nil
	dflt := ""
	if v.written.BackoffLimit == nil {
		dflt = " (default)"
	}
	// The retries that run, and the back-off until the limit is reached (lint's model: with
	// OnFailure the restart that reaches backoffLimit is killed as it starts).
	f.RetryCount = backoff.Retries(f.BackoffLimit)
	total := backoff.TimeToLimit(f.BackoffLimit)
	if perIndex {
		f.RetryCount = *e.BackoffLimitPerIndex
		total = backoff.Timeline(f.RetryCount)
	}
	var after time.Duration
	for i := int32(1); i <= min(f.RetryCount, maxListedRetries); i++ {
		after += backoff.Delay(int(i))
		f.Retries = append(f.Retries, Retry{Retry: i, DelaySeconds: int64(backoff.Delay(int(i)) / time.Second), AfterSeconds: int64(after / time.Second)})
	}
	f.TotalBackoffSeconds = int64(total / time.Second)

	switch {
	case perIndex:
		say("backoffLimitPerIndex %d: each index is retried up to %s; an index that fails %d times is marked "+
			"failed and the other indexes keep running.", f.RetryCount, plural(int(f.RetryCount), "time"), f.RetryCount+1)
	case backoff.ByKubelet:
		say("%s", onFailureBudget(f.BackoffLimit, dflt))
	case f.BackoffLimit == 0:
		say("backoffLimit 0%s: the first failed pod fails the Job (reason BackoffLimitExceeded); there are no retries.", dflt)
	default:
		what := plural(int(f.BackoffLimit), "pod") + " have failed"
		if f.BackoffLimit == 1 {
			what = "1 pod has failed"
		}
		say("backoffLimit %d%s: the Job fails with reason BackoffLimitExceeded when more than %s: "+
			"the first attempt and %s.", f.BackoffLimit, dflt, what, plural(int(f.BackoffLimit), "retry"))
	}
	if backoff.ByKubelet {
		say("restartPolicy OnFailure: the kubelet restarts a failed container in the same pod, so only the previous " +
			"attempt's logs are kept; when the Job fails, its running pods are deleted with their logs.")
	}
	if perIndex {
		if m := e.MaxFailedIndexes; m != nil {
			have := "indexes have"
			if *m == 1 {
				have = "index has"
			}
			say("maxFailedIndexes %d: the Job fails (reason MaxFailedIndexesExceeded) as soon as more than %d %s failed.",
				*m, *m, have)
		} else {
			say("No maxFailedIndexes: the Job runs every index, then fails (reason FailedIndexes) if any index failed.")
		}
		if f.BackoffLimit != math.MaxInt32 {
			say("backoffLimit %d also applies: the Job fails (reason BackoffLimitExceeded) when more than %d pods "+
				"have failed in all.", f.BackoffLimit, f.BackoffLimit)
		}
	}
	worst := ""
	if f.RetryCount > 0 {
		per := ""
		if perIndex {
			per = " for an index"
		}
		worst = fmt.Sprintf("Worst case%s: about %s of back-off plus the run time of %s.", per, fmtDuration(total),
			plural(int(f.RetryCount)+1, "attempt"))
	}

	// The deadline.
	if d := e.ActiveDeadlineSeconds; d != nil {
		dl := time.Duration(*d) * time.Second
		if !perIndex && f.RetryCount > 0 && dl < total {
			f.DeadlineCutsShort = true
			fit := backoff.RetriesWithin(dl, f.RetryCount)
			f.RetriesBeforeDeadline = &fit
			say("activeDeadlineSeconds %d (%s) cuts this short: at most %d of the %s can start before the deadline "+
				"(not counting run time). Then the pods are terminated and the Job fails with reason DeadlineExceeded, "+
				"which wins over backoffLimit: BackoffLimitExceeded is never reached.",
				*d, fmtSeconds(*d), fit, plural(int(f.RetryCount), "retry"))
			say("Worst case: %s after the start, when the deadline stops the Job.", fmtSeconds(*d))
		} else {
			if worst != "" {
				say("%s", worst)
			}
			say("activeDeadlineSeconds %d (%s), counted from the Job's start: if the Job is still running then, its pods "+
				"are terminated and it fails with reason DeadlineExceeded, which wins over the retries left.", *d, fmtSeconds(*d))
		}
	} else {
		if worst != "" {
			say("%s", worst)
		}
		say("No activeDeadlineSeconds: nothing limits how long the Job runs in all.")
	}

	// Pod failure policy.
	if pfp := e.PodFailurePolicy; pfp != nil {
		for _, r := range pfp.Rules {
			f.PodFailurePolicy = append(f.PodFailurePolicy, podFailureRule(r))
		}
		say("podFailurePolicy: the first matching rule decides; failures no rule matches count against %s.",
			map[bool]string{false: "backoffLimit", true: "backoffLimitPerIndex"}[perIndex])
	}

	// Replacement.
	switch deref(e.PodReplacementPolicy) {
	case batchv1.TerminatingOrFailed:
		say("podReplacementPolicy TerminatingOrFailed: a replacement pod is created as soon as a failed pod starts terminating.")
	case batchv1.Failed:
		say("podReplacementPolicy Failed: a replacement pod is created only when the old pod has fully terminated.")
	}
	return f
}

// onFailureBudget says what backoffLimit allows with restartPolicy OnFailure: the Job controller
// fails the Job when the container restarts in its running pods reach backoffLimit (at the first
// restart for 0), or when more than backoffLimit pods have failed.
func onFailureBudget(limit int32, dflt string) string {
	const head = "backoffLimit %d%s with restartPolicy OnFailure: the Job fails (reason BackoffLimitExceeded) "
	switch limit {
	case 0:
		return fmt.Sprintf(head+"at the container's first restart, which the kubelet starts at once: the command "+
			"starts a second time and is killed with the pod; there are no retries.", limit, dflt)
	case 1:
		return fmt.Sprintf(head+"at the container's first restart (restarts need only reach the limit): the restart "+
			"is killed as it starts, so there is no real retry.", limit, dflt)
	}
	return fmt.Sprintf(head+"as soon as the container restarts in its running pods add up to %d (or more than %s "+
		"have failed): the first attempt and %s run, and restart %d is killed as it starts.",
		limit, dflt, limit, plural(int(limit), "pod"), plural(int(limit-1), "retry"), limit)
}

func podFailureRule(r batchv1.PodFailurePolicyRule) string {
	var action string
	switch r.Action {
	case batchv1.PodFailurePolicyActionFailJob:
		action = "FailJob (fail the Job at once, reason PodFailurePolicy)"
	case batchv1.PodFailurePolicyActionFailIndex:
		action = "FailIndex (fail the index at once, no more retries for it)"
	case batchv1.PodFailurePolicyActionIgnore:
		action = "Ignore (the failure does not count; the pod is replaced)"
	case batchv1.PodFailurePolicyActionCount:
		action = "Count (the failure counts against the limit)"
	default:
		action = string(r.Action)
	}
	var conds []string
	if x := r.OnExitCodes; x != nil {
		who := "any container"
		if x.ContainerName != nil {
			who = "container " + *x.ContainerName
		}
		var codes []string
		for _, c := range x.Values {
			codes = append(codes, strconv.Itoa(int(c)))
		}
		if x.Operator == batchv1.PodFailurePolicyOnExitCodesOpNotIn {
			conds = append(conds, fmt.Sprintf("%s exits with a non-zero code other than %s", who, joinAnd(codes)))
		} else {
			conds = append(conds, fmt.Sprintf("%s exits with code %s", who, joinOr(codes)))
		}
	}
	for _, c := range r.OnPodConditions {
		status := string(c.Status)
		if status == "" {
			status = "True"
		}
		s := fmt.Sprintf("the pod has condition %s=%s", c.Type, status)
		if c.Type == corev1.DisruptionTarget {
			s += " (evicted, preempted or its node drained)"
		}
		conds = append(conds, s)
	}
	if len(conds) == 0 {
		return action
	}
	return action + " when " + strings.Join(conds, " or ")
}

func joinOr(s []string) string { return joinWith(s, " or ") }

func joinAnd(s []string) string { return joinWith(s, " and ") }

func joinWith(s []string, last string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + last + s[len(s)-1]
}

// cleanup says when the finished Job is deleted.
func cleanup(v *views, live bool, now time.Time) Cleanup {
	e := v.effective
	c := Cleanup{TTLSecondsAfterFinished: e.TTLSecondsAfterFinished, OwnerCronJob: v.ownerCronJob}
	var parts []string
	if ttl := e.TTLSecondsAfterFinished; ttl != nil {
		if *ttl == 0 {
			parts = append(parts, "ttlSecondsAfterFinished 0: the Job and its pods are deleted as soon as it finishes (succeeded or failed)")
		} else {
			parts = append(parts, fmt.Sprintf("ttlSecondsAfterFinished %d: the Job and its pods are deleted %s after it finishes (succeeded or failed)",
				*ttl, fmtSeconds(*ttl)))
		}
		if live && v.meta != nil {
			if fin := finishTime(v.meta); fin != nil {
				at := fin.Add(time.Duration(*ttl) * time.Second)
				c.DeleteAt = &at
				parts[len(parts)-1] += fmt.Sprintf(", at %s (%s)", at.Format(timeLayout), relative(at, now))
			}
		}
	}
	switch {
	case v.cronDef != nil:
		c.SuccessfulJobsHistoryLimit = v.cronDef.Spec.SuccessfulJobsHistoryLimit
		c.FailedJobsHistoryLimit = v.cronDef.Spec.FailedJobsHistoryLimit
		parts = append(parts, fmt.Sprintf("the CronJob keeps %s and %s (its history limits) and deletes older ones with their pods",
			lastN(deref(c.SuccessfulJobsHistoryLimit), "successful Job"), lastN(deref(c.FailedJobsHistoryLimit), "failed Job")))
	case v.ownerCronJob != "":
		parts = append(parts, fmt.Sprintf("the CronJob %s deletes it when it falls out of its history limits", v.ownerCronJob))
	case e.TTLSecondsAfterFinished == nil:
		c.NeverDeleted = true
		parts = append(parts, "Never deleted automatically: the finished Job and its pods stay until someone deletes them")
	}
	c.Summary = strings.Join(parts, "; ")
	if e.TTLSecondsAfterFinished != nil && len(parts) > 1 {
		c.Summary += ", whichever comes first"
	}
	if c.Summary != "" && c.Summary[0] == 't' && !strings.HasPrefix(c.Summary, "ttl") {
		c.Summary = "T" + c.Summary[1:]
	}
	c.Summary += "."
	return c
}

// lastN renders a history limit: "no failed Jobs", "the last failed Job", "the last 3 successful Jobs".
func lastN(n int32, what string) string {
	switch n {
	case 0:
		return "no " + what + "s"
	case 1:
		return "the last " + what
	}
	return fmt.Sprintf("the last %d %ss", n, what)
}
