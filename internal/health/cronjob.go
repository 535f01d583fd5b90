package health

import (
	"fmt"
	"sort"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
)

// CronJobStatus is what the verdict of a CronJob rests on. Times are UTC; durations in seconds.
type CronJobStatus struct {
	Schedule string `json:"schedule"`
	// TimeZone is the zone the controller evaluates the schedule in (spec.timeZone or a TZ=
	// prefix); "" means the controller's own zone, assumed UTC.
	TimeZone          string `json:"timeZone,omitempty"`
	Description       string `json:"description,omitempty"`
	Suspended         bool   `json:"suspended"`
	ConcurrencyPolicy string `json:"concurrencyPolicy"`
	// StartingDeadlineSeconds is spec.startingDeadlineSeconds (unset: no deadline).
	StartingDeadlineSeconds *int64     `json:"startingDeadlineSeconds,omitempty"`
	LastScheduleTime        *time.Time `json:"lastScheduleTime"`
	LastSuccessfulTime      *time.Time `json:"lastSuccessfulTime"`
	NextScheduleTime        *time.Time `json:"nextScheduleTime"`
	// LongestGapSeconds is the longest the schedule goes between two runs;
	// OverdueAfterSeconds is that times the tolerance: without a success for longer, the
	// CronJob is overdue. Both 0 when the schedule cannot be evaluated.
	LongestGapSeconds   int64 `json:"longestGapSeconds"`
	OverdueAfterSeconds int64 `json:"overdueAfterSeconds"`
	// SinceSuccessSeconds counts from the last success, or from the creation when there was
	// none.
	SinceSuccessSeconds int64 `json:"sinceSuccessSeconds"`
	// LastRun is the newest finished run among the kept Jobs (history limits delete older ones).
	LastRun *Run `json:"lastRun"`
	// ConsecutiveFailures counts failed finished runs since the newest successful one, among
	// the kept Jobs.
	ConsecutiveFailures int `json:"consecutiveFailures"`
	// Active are the runs not finished yet, oldest first.
	Active []Run `json:"active"`
	// UsualDurationSeconds is the median duration of the kept successful runs (0: none).
	UsualDurationSeconds int64 `json:"usualDurationSeconds"`
	// MissedRuns counts schedule times since the last schedule (or creation) for which no Job
	// was created, MissedGrace after each; capped at 101.
	MissedRuns int `json:"missedRuns"`
	// MissedRunWillStart says whether the controller will still start the most recent missed
	// run (startingDeadlineSeconds not passed, not suspended, not blocked by Forbid); nil when
	// nothing was missed.
	MissedRunWillStart *bool `json:"missedRunWillStart,omitempty"`
	// BlockedByActiveRun is true when concurrencyPolicy Forbid skips runs because one is active.
	BlockedByActiveRun bool   `json:"blockedByActiveRun"`
	ScheduleError      string `json:"scheduleError,omitempty"`
}

// Run is one Job of a CronJob.
type Run struct {
	Name string `json:"name"`
	// Manual is true for Jobs created by hand (kubectl create job --from, kubectl batch trigger).
	Manual    bool       `json:"manual"`
	State     string     `json:"state"`
	Reason    string     `json:"reason,omitempty"`
	StartTime *time.Time `json:"startTime"`
	EndTime   *time.Time `json:"endTime"`
	// DurationSeconds: start to end, or to now while active.
	DurationSeconds int64 `json:"durationSeconds"`
}

// CronJob judges a CronJob from its Jobs and their pods (objects it does not own are ignored) as
// of now.
func CronJob(cj *batchv1.CronJob, jobs []batchv1.Job, pods []corev1.Pod, now time.Time, opts Options) Status {
	st := Status{Kind: "CronJob", Namespace: cj.Namespace, Name: cj.Name}
	cs := &CronJobStatus{
		Schedule:                cj.Spec.Schedule,
		Suspended:               cj.Spec.Suspend != nil && *cj.Spec.Suspend,
		ConcurrencyPolicy:       string(cj.Spec.ConcurrencyPolicy),
		StartingDeadlineSeconds: cj.Spec.StartingDeadlineSeconds,
		Active:                  []Run{},
	}
	st.CronJob = cs
	if cs.ConcurrencyPolicy == "" {
		cs.ConcurrencyPolicy = string(batchv1.AllowConcurrent)
	}
	if t := cj.Status.LastScheduleTime; t != nil {
		cs.LastScheduleTime = utc(t.Time)
	}
	if t := cj.Status.LastSuccessfulTime; t != nil {
		cs.LastSuccessfulTime = utc(t.Time)
	}

	// The CronJob's runs, oldest first, judged as Jobs.
	type ownedJob struct {
		job    *batchv1.Job
		status Status
		start  time.Time
	}
	var owned []ownedJob
	for i := range jobs {
		j := &jobs[i]
		if !ownedByCronJob(j, cj) {
			continue
		}
		s := Job(j, pods, now)
		start := j.CreationTimestamp.Time
		if s.Job.StartTime != nil {
			start = *s.Job.StartTime
		}
		owned = append(owned, ownedJob{j, s, start})
	}
	sort.SliceStable(owned, func(a, b int) bool {
		if !owned[a].start.Equal(owned[b].start) {
			return owned[a].start.Before(owned[b].start)
		}
		return owned[a].job.Name < owned[b].job.Name
	})
	var findings []Finding
	var durations []int64
	for _, o := range owned {
		r := Run{Name: o.job.Name, Manual: o.job.Annotations["cronjob.kubernetes.io/instantiate"] == "manual",
			State: o.status.Job.State, Reason: o.status.Job.FailureReason, StartTime: o.status.Job.StartTime,
			EndTime: o.status.Job.EndTime, DurationSeconds: o.status.Job.ElapsedSeconds}
		switch r.State {
		case StateComplete:
			cs.LastRun, cs.ConsecutiveFailures = &r, 0
			durations = append(durations, r.DurationSeconds)
			if cs.LastSuccessfulTime == nil || (r.EndTime != nil && r.EndTime.After(*cs.LastSuccessfulTime)) {
				cs.LastSuccessfulTime = r.EndTime // e.g. a manual run, which the status may not record
			}
		case StateFailed:
			cs.LastRun = &r
			cs.ConsecutiveFailures++
		default:
			cs.Active = append(cs.Active, r)
			// An active run's own problems (stuck pods, retries, deadline) are the CronJob's.
			if o.status.Verdict != OK {
				findings = append(findings, Finding{o.status.Verdict, o.status.Reason, "run " + r.Name + ": " + o.status.Message})
			}
		}
	}
	cs.UsualDurationSeconds = median(durations)

	// The schedule, as the controller evaluates it.
	spec, zone := schedule.ControllerZone(cj.Spec.Schedule, cj.Spec.TimeZone)
	if zone != nil {
		cs.TimeZone = *zone
	}
	sched, err := schedule.Parse(spec, zone)
	if err != nil {
		cs.ScheduleError = err.Error()
		findings = append(findings, Finding{Fail, ReasonInvalidSchedule, "the schedule cannot be evaluated: " + err.Error()})
		st.decide(findings, "", "")
		return st
	}
	cs.Description = schedule.Describe(sched)
	if next := sched.Next(now, 1); len(next) == 1 {
		cs.NextScheduleTime = utc(next[0])
	}
	gap := opts.Gaps.LongestGap(sched)
	if gap == 0 {
		findings = append(findings, Finding{Fail, ReasonNeverFires, fmt.Sprintf("the schedule %q never fires (or fires once)", cj.Spec.Schedule)})
		st.decide(findings, "", "")
		return st
	}
	overdue := opts.OverdueAfter(sched)
	cs.LongestGapSeconds, cs.OverdueAfterSeconds = seconds(gap), seconds(overdue)
	since := cj.CreationTimestamp.Time
	if cs.LastSuccessfulTime != nil {
		since = *cs.LastSuccessfulTime
	}
	if now.After(since) {
		cs.SinceSuccessSeconds = seconds(now.Sub(since))
	}

	// Latest run failed.
	if lr := cs.LastRun; lr != nil && lr.State == StateFailed {
		msg := "last run " + lr.Name + " failed"
		if lr.Reason != "" {
			msg += " (" + lr.Reason + ")"
		}
		if lr.EndTime != nil {
			msg += " " + ago(now, *lr.EndTime)
		}
		if cs.ConsecutiveFailures > 1 {
			msg += fmt.Sprintf("; %d failed runs in a row", cs.ConsecutiveFailures)
		}
		findings = append(findings, Finding{Fail, ReasonLastRunFailed, msg})
	}
	if cs.Suspended {
		st.decide(findings, ReasonSuspended, "suspended: the controller starts no new runs")
		return st
	}

	// Overdue: no success within the longest gap times the tolerance.
	overdueAt := -1
	if d := now.Sub(since); d > overdue {
		overdueAt = len(findings)
		what := "no successful run for " + duration.HumanDuration(d)
		if cs.LastSuccessfulTime == nil {
			what = "no successful run since it was created " + duration.HumanDuration(d) + " ago"
		}
		findings = append(findings, Finding{Fail, ReasonOverdue, fmt.Sprintf("%s; the schedule allows %s between runs, overdue after %s",
			what, duration.HumanDuration(gap), duration.HumanDuration(overdue))})
	}

	// Missed runs since the last schedule time: the controller's limit, Forbid blocking, and
	// plain misses (controller down, startingDeadlineSeconds passed).
	missedFrom := cj.CreationTimestamp.Time
	if cs.LastScheduleTime != nil {
		missedFrom = *cs.LastScheduleTime
	}
	cs.MissedRuns = sched.MissedBetween(missedFrom, now.Add(-MissedGrace), schedule.MissedScheduleLimit)
	earliest := missedFrom
	if d := cj.Spec.StartingDeadlineSeconds; d != nil {
		if dl := now.Add(-time.Duration(*d) * time.Second); dl.After(earliest) {
			earliest = dl
		}
	}
	if cs.MissedRuns > 0 {
		blocked := cj.Spec.ConcurrencyPolicy == batchv1.ForbidConcurrent && len(cs.Active) > 0
		cs.BlockedByActiveRun = blocked
		latest := latestBefore(sched, missedFrom, now, gap)
		willStart := !blocked
		if d := cj.Spec.StartingDeadlineSeconds; d != nil && now.Sub(latest) > time.Duration(*d)*time.Second {
			willStart = false
		}
		cs.MissedRunWillStart = &willStart
		count := fmt.Sprint(cs.MissedRuns)
		if cs.MissedRuns > schedule.MissedScheduleLimit {
			count = fmt.Sprintf("more than %d", schedule.MissedScheduleLimit)
		}
		switch {
		case sched.ControllerMissedCount(earliest, now) > schedule.MissedScheduleLimit:
			findings = append(findings, Finding{Fail, ReasonTooManyMissed, fmt.Sprintf(
				"%s runs missed since %s: over the controller's limit of %d it records TooManyMissedTimes and starts only the most recent run (set startingDeadlineSeconds)",
				count, ago(now, missedFrom), schedule.MissedScheduleLimit)})
		case blocked:
			a := cs.Active[0]
			f := Finding{Warn, ReasonBlockedByActiveRun, fmt.Sprintf(
				"run %s, active for %s, blocks new runs (concurrencyPolicy Forbid): %s skipped",
				a.Name, duration.HumanDuration(time.Duration(a.DurationSeconds)*time.Second), plural(cs.MissedRuns, "run"))}
			if overdueAt >= 0 {
				// The blocking run is why the CronJob is overdue: one finding, the cause first.
				f.Verdict, f.Message = Fail, f.Message+"; "+findings[overdueAt].Message
				findings = append(findings[:overdueAt], findings[overdueAt+1:]...)
			}
			findings = append(findings, f)
		default:
			msg := fmt.Sprintf("%s missed since the last schedule (%s)", plural(cs.MissedRuns, "run"), ago(now, missedFrom))
			if willStart {
				msg += "; the controller will still start the most recent one"
			} else {
				msg += fmt.Sprintf("; the most recent is past startingDeadlineSeconds (%ds): the controller will not start it", *cj.Spec.StartingDeadlineSeconds)
			}
			findings = append(findings, Finding{Warn, ReasonMissedRuns, msg})
		}
	}

	// An active run much longer than the usual successful one.
	if cs.UsualDurationSeconds > 0 {
		for _, a := range cs.Active {
			if a.DurationSeconds > 2*cs.UsualDurationSeconds && a.DurationSeconds-cs.UsualDurationSeconds >= 60 {
				findings = append(findings, Finding{Warn, ReasonRunningLong, fmt.Sprintf(
					"run %s active for %s; successful runs usually take %s",
					a.Name, duration.HumanDuration(time.Duration(a.DurationSeconds)*time.Second),
					duration.HumanDuration(time.Duration(cs.UsualDurationSeconds)*time.Second))})
				break
			}
		}
	}

	okReason, okMsg := ReasonHealthy, ""
	switch {
	case cs.LastSuccessfulTime != nil:
		okMsg = "last success " + ago(now, *cs.LastSuccessfulTime)
	default:
		okReason, okMsg = ReasonNoRunsYet, "no successful run yet; created "+ago(now, cj.CreationTimestamp.Time)
	}
	if len(cs.Active) > 0 {
		okMsg += "; " + plural(len(cs.Active), "run") + " active"
	}
	if cs.NextScheduleTime != nil {
		okMsg += "; next " + ago(now, *cs.NextScheduleTime)
	}
	st.decide(findings, okReason, okMsg)
	return st
}

// latestBefore is the newest activation in (from, to], or from when there is none; gap is the
// schedule's longest gap.
func latestBefore(s *schedule.Schedule, from, to time.Time, gap time.Duration) time.Time {
	latest := from
	if start := to.Add(-gap - time.Minute); start.After(from) {
		from = start
	}
	for t := from; ; {
		next := s.Next(t, 1)
		if len(next) == 0 || next[0].After(to) {
			break
		}
		latest, t = next[0], next[0]
	}
	return latest
}

func ownedByCronJob(j *batchv1.Job, cj *batchv1.CronJob) bool {
	for _, o := range j.OwnerReferences {
		if o.Kind == "CronJob" && o.UID == cj.UID {
			return true
		}
	}
	return false
}

func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]int64(nil), v...)
	sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
	return s[len(s)/2]
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(what, "s"))
}
