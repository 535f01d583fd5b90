package jobs

import (
	"context"
	"sort"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchclient "k8s.io/client-go/kubernetes/typed/batch/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
)

// How a CronJob's Job was started (HistoryJob.StartedBy).
const (
	StartedByScheduled = "scheduled"
	StartedByManual    = "manual"
)

// Results of a Job (HistoryJob.Result).
const (
	ResultComplete  = "Complete"
	ResultFailed    = "Failed"
	ResultRunning   = "Running"
	ResultSuspended = "Suspended"
)

// History is a CronJob's Jobs and schedule state, as "kubectl batch history" reports it. The
// JSON form is a stable interface for scripts: fields are only ever added. Times are UTC.
type History struct {
	Namespace string `json:"namespace"`
	CronJob   string `json:"cronJob"`
	Schedule  string `json:"schedule"`
	// TimeZone is the zone the schedule is evaluated in: spec.timeZone, or "UTC" when it is
	// unset (the controller then uses its own local zone, assumed to be UTC; TimeZoneAssumed).
	TimeZone        string `json:"timeZone"`
	TimeZoneAssumed bool   `json:"timeZoneAssumed"`
	Suspended       bool   `json:"suspended"`
	// LastScheduleTime is status.lastScheduleTime; LastSuccessfulTime status.lastSuccessfulTime.
	LastScheduleTime   *time.Time `json:"lastScheduleTime"`
	LastSuccessfulTime *time.Time `json:"lastSuccessfulTime"`
	// NextScheduleTime is the schedule's next time after now (also when suspended, when the
	// controller will not act on it); nil when the schedule never fires again.
	NextScheduleTime *time.Time `json:"nextScheduleTime"`
	// MissedSince is where missed schedules are counted from: LastScheduleTime, or the creation
	// time when the CronJob never ran.
	MissedSince time.Time `json:"missedSince"`
	// MissedSchedules counts the schedule times in (MissedSince, now], stopping at
	// MissedScheduleLimit+1 (101: "more than 100").
	MissedSchedules int `json:"missedSchedules"`
	// TooManyMissed is true when the controller's own estimate (which honours
	// startingDeadlineSeconds) exceeds 100: it then records a TooManyMissedTimes warning event.
	TooManyMissed bool `json:"tooManyMissed"`
	// ScheduleError is set when the stored schedule or time zone cannot be evaluated here.
	ScheduleError string `json:"scheduleError,omitempty"`
	// History limits: the controller deletes older finished Jobs beyond them.
	SuccessfulJobsHistoryLimit *int32 `json:"successfulJobsHistoryLimit"`
	FailedJobsHistoryLimit     *int32 `json:"failedJobsHistoryLimit"`
	// Jobs owned by the CronJob, ordered by start (creation time for Jobs not started yet).
	Jobs []HistoryJob `json:"jobs"`
}

// HistoryJob is one Job of a CronJob.
type HistoryJob struct {
	Name string `json:"name"`
	// StartedBy is "scheduled" (created by the CronJob controller) or "manual" (annotation
	// cronjob.kubernetes.io/instantiate: manual).
	StartedBy string `json:"startedBy"`
	// ScheduledTime is the controller's annotation batch.kubernetes.io/cronjob-scheduled-timestamp.
	ScheduledTime *time.Time `json:"scheduledTime"`
	CreationTime  time.Time  `json:"creationTime"`
	StartTime     *time.Time `json:"startTime"`
	// EndTime is status.completionTime, or when the Failed condition was set.
	EndTime *time.Time `json:"endTime"`
	// DurationSeconds is EndTime - StartTime for finished Jobs.
	DurationSeconds *int64 `json:"durationSeconds"`
	// Result is Complete, Failed, Running or Suspended; Reason and Message come from the
	// Failed (or FailureTarget) condition, e.g. BackoffLimitExceeded, DeadlineExceeded.
	Result    string `json:"result"`
	Reason    string `json:"reason,omitempty"`
	Message   string `json:"message,omitempty"`
	Active    int32  `json:"active"`
	Succeeded int32  `json:"succeeded"`
	Failed    int32  `json:"failed"`
}

// GetHistory reads the CronJob ns/name and its Jobs with two API calls (GET the CronJob, LIST
// the Jobs of the namespace, matched by an ownerReference to the CronJob's UID).
func GetHistory(ctx context.Context, c batchclient.BatchV1Interface, ns, name string, now time.Time) (*History, error) {
	ref := Ref{Kind: KindCronJob, Name: name}
	cj, err := c.CronJobs(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, DescribeError(err, "get", ref, ns)
	}
	list, err := c.Jobs(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, listError(err, KindJob, ns)
	}
	return BuildHistory(cj, list.Items, now), nil
}

// BuildHistory builds the history of cj from the Jobs of its namespace (others are ignored) as
// of now. It makes no API calls.
func BuildHistory(cj *batchv1.CronJob, jobs []batchv1.Job, now time.Time) *History {
	h := &History{
		Namespace:                  cj.Namespace,
		CronJob:                    cj.Name,
		Schedule:                   cj.Spec.Schedule,
		TimeZone:                   "UTC",
		TimeZoneAssumed:            cj.Spec.TimeZone == nil,
		Suspended:                  cj.Spec.Suspend != nil && *cj.Spec.Suspend,
		LastScheduleTime:           utcTime(cj.Status.LastScheduleTime),
		LastSuccessfulTime:         utcTime(cj.Status.LastSuccessfulTime),
		SuccessfulJobsHistoryLimit: cj.Spec.SuccessfulJobsHistoryLimit,
		FailedJobsHistoryLimit:     cj.Spec.FailedJobsHistoryLimit,
		Jobs:                       []HistoryJob{},
	}
	if cj.Spec.TimeZone != nil {
		h.TimeZone = *cj.Spec.TimeZone
	}
	h.MissedSince = cj.CreationTimestamp.UTC()
	if h.LastScheduleTime != nil {
		h.MissedSince = *h.LastScheduleTime
	}
	if s, err := schedule.Parse(cj.Spec.Schedule, cj.Spec.TimeZone); err != nil {
		h.ScheduleError = err.Error()
	} else {
		if next := s.Next(now, 1); len(next) == 1 {
			t := next[0].UTC()
			h.NextScheduleTime = &t
		}
		h.MissedSchedules = s.MissedBetween(h.MissedSince, now, schedule.MissedScheduleLimit)
		// The controller's estimate starts later when startingDeadlineSeconds cuts it short.
		earliest := h.MissedSince
		if d := cj.Spec.StartingDeadlineSeconds; d != nil {
			if deadline := now.Add(-time.Duration(*d) * time.Second); deadline.After(earliest) {
				earliest = deadline
			}
		}
		h.TooManyMissed = s.ControllerMissedCount(earliest, now) > schedule.MissedScheduleLimit
	}

	var starts []time.Time
	for i := range jobs {
		j := &jobs[i]
		if !ownedByCronJob(j, cj) {
			continue
		}
		h.Jobs = append(h.Jobs, historyJob(j))
		start := j.CreationTimestamp.Time
		if j.Status.StartTime != nil {
			start = j.Status.StartTime.Time
		}
		starts = append(starts, start)
	}
	idx := make([]int, len(h.Jobs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		sa, sb := starts[idx[a]], starts[idx[b]]
		if !sa.Equal(sb) {
			return sa.Before(sb)
		}
		return h.Jobs[idx[a]].Name < h.Jobs[idx[b]].Name
	})
	sorted := make([]HistoryJob, len(idx))
	for i, k := range idx {
		sorted[i] = h.Jobs[k]
	}
	h.Jobs = sorted
	return h
}

// ownedByCronJob reports whether j has an ownerReference to cj (by UID, so a CronJob deleted and
// re-created with the same name does not claim its predecessor's Jobs).
func ownedByCronJob(j *batchv1.Job, cj *batchv1.CronJob) bool {
	for _, o := range j.OwnerReferences {
		if o.UID == cj.UID && o.Kind == "CronJob" {
			return true
		}
	}
	return false
}

func historyJob(j *batchv1.Job) HistoryJob {
	hj := HistoryJob{
		Name:         j.Name,
		StartedBy:    StartedByScheduled,
		CreationTime: j.CreationTimestamp.UTC(),
		StartTime:    utcTime(j.Status.StartTime),
		EndTime:      utcTime(j.Status.CompletionTime),
		Active:       j.Status.Active,
		Succeeded:    j.Status.Succeeded,
		Failed:       j.Status.Failed,
	}
	if j.Annotations[InstantiateAnnotation] == "manual" {
		hj.StartedBy = StartedByManual
	}
	if ts, ok := j.Annotations[batchv1.CronJobScheduledTimestampAnnotation]; ok {
		if t, err := time.Parse(time.RFC3339, ts); err == nil {
			t = t.UTC()
			hj.ScheduledTime = &t
		}
	}
	hj.Result = ResultRunning
	if j.Spec.Suspend != nil && *j.Spec.Suspend {
		hj.Result = ResultSuspended
	}
	conds := map[batchv1.JobConditionType]batchv1.JobCondition{}
	for _, c := range j.Status.Conditions {
		if c.Status == corev1.ConditionTrue {
			conds[c.Type] = c
		}
	}
	if c, ok := conds[batchv1.JobFailed]; ok {
		hj.Result, hj.Reason, hj.Message = ResultFailed, c.Reason, c.Message
		if hj.EndTime == nil && !c.LastTransitionTime.IsZero() {
			hj.EndTime = utcTime(&c.LastTransitionTime)
		}
	} else if c, ok := conds[batchv1.JobFailureTarget]; ok {
		// Failing: the controller waits for the pods to terminate before setting Failed.
		hj.Result, hj.Reason, hj.Message = ResultFailed, c.Reason, c.Message
	} else if _, ok := conds[batchv1.JobComplete]; ok {
		hj.Result = ResultComplete
	} else if _, ok := conds[batchv1.JobSuccessCriteriaMet]; ok {
		hj.Result = ResultComplete
	} else if _, ok := conds[batchv1.JobSuspended]; ok {
		hj.Result = ResultSuspended
	}
	if hj.StartTime != nil && hj.EndTime != nil {
		d := int64(hj.EndTime.Sub(*hj.StartTime).Round(time.Second) / time.Second)
		hj.DurationSeconds = &d
	}
	return hj
}

func utcTime(t *metav1.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
