package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
)

func ptrTo[T any](v T) *T { return &v }

var t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func testCronJob(schedule string, tz *string) *batchv1.CronJob {
	return &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "ns", UID: "cj-uid",
			CreationTimestamp: metav1.NewTime(t0.Add(-24 * time.Hour))},
		Spec: batchv1.CronJobSpec{Schedule: schedule, TimeZone: tz,
			SuccessfulJobsHistoryLimit: ptrTo[int32](3), FailedJobsHistoryLimit: ptrTo[int32](1)},
	}
}

func ownedJob(name string, owner types.UID, start time.Time, annotations map[string]string, conds ...batchv1.JobCondition) batchv1.Job {
	j := batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", Annotations: annotations,
			CreationTimestamp: metav1.NewTime(start.Add(-time.Second)),
			OwnerReferences:   []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "CronJob", Name: "nightly", UID: owner, Controller: ptrTo(true)}}},
		Status: batchv1.JobStatus{StartTime: ptrTo(metav1.NewTime(start)), Conditions: conds},
	}
	return j
}

func cond(t batchv1.JobConditionType, reason string, at time.Time) batchv1.JobCondition {
	return batchv1.JobCondition{Type: t, Status: corev1.ConditionTrue, Reason: reason, LastTransitionTime: metav1.NewTime(at)}
}

func TestBuildHistoryJobs(t *testing.T) {
	cj := testCronJob("0 * * * *", ptrTo("Europe/Berlin"))
	cj.Status.LastScheduleTime = ptrTo(metav1.NewTime(t0))
	completed := ownedJob("nightly-1", "cj-uid", t0.Add(-2*time.Hour), map[string]string{
		batchv1.CronJobScheduledTimestampAnnotation: t0.Add(-2 * time.Hour).Format(time.RFC3339),
	}, cond(batchv1.JobSuccessCriteriaMet, "CompletionsReached", t0.Add(-2*time.Hour+30*time.Second)),
		cond(batchv1.JobComplete, "CompletionsReached", t0.Add(-2*time.Hour+30*time.Second)))
	completed.Status.CompletionTime = ptrTo(metav1.NewTime(t0.Add(-2*time.Hour + 30*time.Second)))
	failed := ownedJob("nightly-2", "cj-uid", t0.Add(-time.Hour), nil,
		cond(batchv1.JobFailureTarget, "BackoffLimitExceeded", t0.Add(-time.Hour+time.Minute)),
		cond(batchv1.JobFailed, "BackoffLimitExceeded", t0.Add(-time.Hour+time.Minute)))
	failed.Status.Failed = 7
	manual := ownedJob("manual-1", "cj-uid", t0.Add(-90*time.Minute), map[string]string{InstantiateAnnotation: "manual"})
	manual.Status.Active = 1
	suspended := ownedJob("nightly-3", "cj-uid", t0, nil, cond(batchv1.JobSuspended, "JobSuspended", t0))
	suspended.Status.StartTime = nil
	suspended.Spec.Suspend = ptrTo(true)
	stranger := ownedJob("other", "another-uid", t0, nil)
	unowned := ownedJob("loose", "", t0, nil)
	unowned.OwnerReferences = nil

	h := BuildHistory(cj, []batchv1.Job{failed, stranger, suspended, manual, unowned, completed}, t0.Add(10*time.Minute))

	var got []string
	for _, j := range h.Jobs {
		got = append(got, j.Name+" "+j.StartedBy+" "+j.Result+" "+j.Reason)
	}
	want := []string{
		"nightly-1 scheduled Complete ",
		"manual-1 manual Running ",
		"nightly-2 scheduled Failed BackoffLimitExceeded",
		"nightly-3 scheduled Suspended ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("jobs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := h.Jobs[0].DurationSeconds; d == nil || *d != 30 {
		t.Errorf("duration of the completed job = %v, want 30", d)
	}
	if d := h.Jobs[2].DurationSeconds; d == nil || *d != 60 {
		t.Errorf("duration of the failed job (until the Failed condition) = %v, want 60", d)
	}
	if h.Jobs[1].DurationSeconds != nil || h.Jobs[3].StartTime != nil {
		t.Errorf("running job has a duration or suspended job a start: %+v", h.Jobs)
	}
	if h.Jobs[2].Failed != 7 {
		t.Errorf("failed pods = %d, want 7", h.Jobs[2].Failed)
	}
	if st := h.Jobs[0].ScheduledTime; st == nil || !st.Equal(t0.Add(-2*time.Hour)) {
		t.Errorf("scheduled time = %v", st)
	}
	if h.TimeZone != "Europe/Berlin" || h.TimeZoneAssumed {
		t.Errorf("zone %q assumed=%v", h.TimeZone, h.TimeZoneAssumed)
	}
	if h.NextScheduleTime == nil || !h.NextScheduleTime.Equal(t0.Add(time.Hour)) {
		t.Errorf("next schedule %v, want %v", h.NextScheduleTime, t0.Add(time.Hour))
	}
	if h.MissedSchedules != 0 || h.TooManyMissed {
		t.Errorf("missed %d (too many %v), want 0", h.MissedSchedules, h.TooManyMissed)
	}
}

func TestBuildHistorySchedule(t *testing.T) {
	tests := []struct {
		name          string
		schedule      string
		tz            *string
		last          *time.Time
		deadline      *int64
		now           time.Time
		missed        int
		tooMany       bool
		next          time.Time
		assumed       bool
		missedSinceCr bool
	}{
		{name: "just ran", schedule: "* * * * *", last: ptrTo(t0), now: t0.Add(20 * time.Second),
			missed: 0, next: t0.Add(time.Minute), assumed: true},
		{name: "three missed", schedule: "* * * * *", last: ptrTo(t0), now: t0.Add(3*time.Minute + time.Second),
			missed: 3, next: t0.Add(4 * time.Minute), assumed: true},
		{name: "over the limit", schedule: "* * * * *", last: ptrTo(t0), now: t0.Add(5 * time.Hour),
			missed: 101, tooMany: true, next: t0.Add(5*time.Hour + time.Minute), assumed: true},
		{name: "deadline bounds the controller's count", schedule: "* * * * *", last: ptrTo(t0), deadline: ptrTo[int64](600),
			now: t0.Add(5 * time.Hour), missed: 101, tooMany: false, next: t0.Add(5*time.Hour + time.Minute), assumed: true},
		{name: "never ran: counted from creation", schedule: "0 0 * * *", now: t0,
			missed: 1, next: t0.Add(12 * time.Hour), assumed: true, missedSinceCr: true},
		// 09:00 in New York is 13:00 UTC in March after the DST switch (8 March 2026).
		{name: "time zone", schedule: "0 9 * * *", tz: ptrTo("America/New_York"), last: ptrTo(t0), now: t0,
			missed: 0, next: time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cj := testCronJob(tt.schedule, tt.tz)
			cj.Spec.StartingDeadlineSeconds = tt.deadline
			if tt.last != nil {
				cj.Status.LastScheduleTime = ptrTo(metav1.NewTime(*tt.last))
			}
			h := BuildHistory(cj, nil, tt.now)
			if h.MissedSchedules != tt.missed || h.TooManyMissed != tt.tooMany {
				t.Errorf("missed %d tooMany %v, want %d %v", h.MissedSchedules, h.TooManyMissed, tt.missed, tt.tooMany)
			}
			if h.NextScheduleTime == nil || !h.NextScheduleTime.Equal(tt.next) {
				t.Errorf("next %v, want %v", h.NextScheduleTime, tt.next)
			}
			if h.TimeZoneAssumed != tt.assumed {
				t.Errorf("assumed %v", h.TimeZoneAssumed)
			}
			if tt.missedSinceCr != h.MissedSince.Equal(cj.CreationTimestamp.Time) {
				t.Errorf("missed since %v", h.MissedSince)
			}
			if h.Jobs == nil {
				t.Errorf("Jobs is nil: JSON would show null instead of []")
			}
		})
	}
}

func TestGetHistoryCalls(t *testing.T) {
	cj := testCronJob("*/5 * * * *", nil)
	j := ownedJob("nightly-1", "cj-uid", t0, nil)
	client := fake.NewClientset(cj, &j)
	h, err := GetHistory(context.Background(), client.BatchV1(), "ns", "nightly", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Jobs) != 1 {
		t.Errorf("jobs %+v", h.Jobs)
	}
	var verbs []string
	for _, a := range client.Actions() {
		verbs = append(verbs, a.GetVerb()+" "+a.GetResource().Resource)
	}
	if strings.Join(verbs, ",") != "get cronjobs,list jobs" {
		t.Errorf("API calls %v, want get cronjobs, list jobs", verbs)
	}
	if _, err := GetHistory(context.Background(), client.BatchV1(), "ns", "missing", t0); err == nil ||
		!strings.Contains(err.Error(), "cronjob/missing not found in namespace ns") {
		t.Errorf("missing CronJob: %v", err)
	}
}
