package health

import (
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func ptr[T any](v T) *T { return &v }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mt(s string) *metav1.Time { return &metav1.Time{Time: at(s)} }

// cronJob builds a CronJob created at created with the given schedule.
func cronJob(schedule, created string, mutate ...func(*batchv1.CronJob)) *batchv1.CronJob {
	cj := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "ops", UID: "cj-uid", CreationTimestamp: *mt(created)},
		Spec:       batchv1.CronJobSpec{Schedule: schedule, ConcurrencyPolicy: batchv1.AllowConcurrent},
	}
	for _, m := range mutate {
		m(cj)
	}
	return cj
}

func lastSchedule(s string) func(*batchv1.CronJob) {
	return func(cj *batchv1.CronJob) { cj.Status.LastScheduleTime = mt(s) }
}

func lastSuccess(s string) func(*batchv1.CronJob) {
	return func(cj *batchv1.CronJob) { cj.Status.LastSuccessfulTime = mt(s) }
}

// job builds a Job of the CronJob nightly (owner true) or a standalone one.
func job(name string, owned bool, start string, mutate ...func(*batchv1.Job)) batchv1.Job {
	j := batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ops", UID: types.UID(name + "-uid"), CreationTimestamp: *mt(start)}}
	if owned {
		j.OwnerReferences = []metav1.OwnerReference{{Kind: "CronJob", Name: "nightly", UID: "cj-uid", Controller: ptr(true)}}
	}
	j.Status.StartTime = mt(start)
	for _, m := range mutate {
		m(&j)
	}
	return j
}

func complete(end string) func(*batchv1.Job) {
	return func(j *batchv1.Job) {
		j.Status.Succeeded = 1
		j.Status.CompletionTime = mt(end)
		j.Status.Conditions = append(j.Status.Conditions, batchv1.JobCondition{Type: batchv1.JobComplete, Status: corev1.ConditionTrue, LastTransitionTime: *mt(end)})
	}
}

func failed(end, reason string) func(*batchv1.Job) {
	return func(j *batchv1.Job) {
		j.Status.Failed = 7
		j.Status.Conditions = append(j.Status.Conditions, batchv1.JobCondition{Type: batchv1.JobFailed, Status: corev1.ConditionTrue, Reason: reason, Message: "Job has reached the specified backoff limit", LastTransitionTime: *mt(end)})
	}
}

func active(n int32) func(*batchv1.Job) { return func(j *batchv1.Job) { j.Status.Active = n } }

// pod builds a running pod of the Job named job, created at created.
func pod(jobName, created string, mutate ...func(*corev1.Pod)) corev1.Pod {
	p := corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: jobName + "-abcde", Namespace: "ops", CreationTimestamp: *mt(created),
		OwnerReferences: []metav1.OwnerReference{{Kind: "Job", Name: jobName, UID: types.UID(jobName + "-uid"), Controller: ptr(true)}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending}}
	for _, m := range mutate {
		m(&p)
	}
	return p
}

func unschedulable(since string) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable",
			Message: "0/3 nodes are available: 3 Insufficient memory.", LastTransitionTime: *mt(since)}}
	}
}

func waiting(reason string, init bool) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		cs := []corev1.ContainerStatus{{Name: "main", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: reason, Message: "details"}}}}
		if init {
			p.Status.InitContainerStatuses = cs
		} else {
			p.Status.ContainerStatuses = cs
		}
	}
}

func TestCronJob(t *testing.T) {
	const now = "2026-03-10T12:00:00Z" // a Tuesday
	tests := []struct {
		name      string
		now       string
		cj        *batchv1.CronJob
		jobs      []batchv1.Job
		pods      []corev1.Pod
		tolerance float64
		verdict   Verdict
		reason    string
		msg       []string // substrings of the message
		other     []string // reasons of the other findings
		check     func(t *testing.T, s *CronJobStatus)
	}{
		{
			name: "daily, last run succeeded",
			cj:   cronJob("0 2 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T02:00:00Z"), lastSuccess("2026-03-10T02:05:00Z")),
			jobs: []batchv1.Job{
				job("nightly-1", true, "2026-03-09T02:00:00Z", complete("2026-03-09T02:04:00Z")),
				job("nightly-2", true, "2026-03-10T02:00:00Z", complete("2026-03-10T02:05:00Z")),
			},
			verdict: OK, reason: ReasonHealthy, msg: []string{"last success 9h ago", "next in 14h"},
			check: func(t *testing.T, s *CronJobStatus) {
				if s.LongestGapSeconds != 86400 || s.OverdueAfterSeconds != 129600 || s.UsualDurationSeconds != 300 || s.LastRun.Name != "nightly-2" {
					t.Errorf("gap %d, overdue after %d, usual %d, last %+v", s.LongestGapSeconds, s.OverdueAfterSeconds, s.UsualDurationSeconds, s.LastRun)
				}
			},
		},
		{
			name: "latest run failed, three in a row",
			cj:   cronJob("0 2 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T02:00:00Z"), lastSuccess("2026-03-07T02:05:00Z")),
			jobs: []batchv1.Job{
				job("nightly-7", true, "2026-03-07T02:00:00Z", complete("2026-03-07T02:05:00Z")),
				job("nightly-8", true, "2026-03-08T02:00:00Z", failed("2026-03-08T02:03:00Z", "BackoffLimitExceeded")),
				job("nightly-9", true, "2026-03-09T02:00:00Z", failed("2026-03-09T02:03:00Z", "BackoffLimitExceeded")),
				job("nightly-10", true, "2026-03-10T02:00:00Z", failed("2026-03-10T02:03:00Z", "DeadlineExceeded")),
			},
			verdict: Fail, reason: ReasonLastRunFailed, msg: []string{"last run nightly-10 failed (DeadlineExceeded) 9h ago", "3 failed runs in a row"},
			other: []string{ReasonOverdue},
			check: func(t *testing.T, s *CronJobStatus) {
				if s.ConsecutiveFailures != 3 {
					t.Errorf("consecutive failures %d", s.ConsecutiveFailures)
				}
			},
		},
		{
			name:    "overdue: no success for two days, controller missed a run",
			cj:      cronJob("0 2 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-08T02:00:00Z"), lastSuccess("2026-03-08T02:05:00Z")),
			verdict: Fail, reason: ReasonOverdue, msg: []string{"no successful run for 2d9h", "allows 24h between runs, overdue after 36h"},
			other: []string{ReasonMissedRuns},
			check: func(t *testing.T, s *CronJobStatus) {
				if s.MissedRuns != 2 || s.MissedRunWillStart == nil || !*s.MissedRunWillStart {
					t.Errorf("missed %d, will start %v", s.MissedRuns, s.MissedRunWillStart)
				}
			},
		},
		{
			name:    "weekdays: Friday's success is not overdue on Monday",
			now:     "2026-03-09T10:00:00Z",
			cj:      cronJob("0 9 * * 1-5", "2026-01-01T00:00:00Z", lastSchedule("2026-03-09T09:00:00Z"), lastSuccess("2026-03-06T09:05:00Z")),
			jobs:    []batchv1.Job{job("nightly-mon", true, "2026-03-09T09:00:00Z", active(1))},
			verdict: OK, reason: ReasonHealthy, msg: []string{"last success 3d ago", "1 run active"},
			check: func(t *testing.T, s *CronJobStatus) {
				if s.LongestGapSeconds != 3*86400 {
					t.Errorf("longest gap %d", s.LongestGapSeconds)
				}
			},
		},
		{
			name:    "daily: the same age is overdue",
			now:     "2026-03-09T10:00:00Z",
			cj:      cronJob("0 9 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-09T09:00:00Z"), lastSuccess("2026-03-06T09:05:00Z")),
			jobs:    []batchv1.Job{job("nightly-mon", true, "2026-03-09T09:00:00Z", active(1))},
			verdict: Fail, reason: ReasonOverdue,
		},
		{
			name:    "time zone: next run in Berlin, DST gap counted",
			cj:      cronJob("30 2 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T01:30:00Z"), lastSuccess("2026-03-10T01:35:00Z"), func(cj *batchv1.CronJob) { cj.Spec.TimeZone = ptr("Europe/Berlin") }),
			verdict: OK, reason: ReasonHealthy,
			check: func(t *testing.T, s *CronJobStatus) {
				if s.NextScheduleTime == nil || !s.NextScheduleTime.Equal(at("2026-03-11T01:30:00Z")) || s.TimeZone != "Europe/Berlin" {
					t.Errorf("next %v zone %q", s.NextScheduleTime, s.TimeZone)
				}
				if s.LongestGapSeconds != 47*3600 { // 02:30 does not exist on the spring-forward day
					t.Errorf("longest gap %d", s.LongestGapSeconds)
				}
			},
		},
		{
			name:    "legacy TZ= prefix wins over spec.timeZone",
			cj:      cronJob("TZ=Asia/Tokyo 0 9 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T00:00:00Z"), lastSuccess("2026-03-10T00:05:00Z"), func(cj *batchv1.CronJob) { cj.Spec.TimeZone = ptr("UTC") }),
			verdict: OK, reason: ReasonHealthy,
			check: func(t *testing.T, s *CronJobStatus) {
				if s.TimeZone != "Asia/Tokyo" || !s.NextScheduleTime.Equal(at("2026-03-11T00:00:00Z")) {
					t.Errorf("zone %q next %v", s.TimeZone, s.NextScheduleTime)
				}
			},
		},
		{
			name:    "suspended: OK even when long without success",
			cj:      cronJob("0 2 * * *", "2026-01-01T00:00:00Z", lastSuccess("2026-02-01T02:05:00Z"), func(cj *batchv1.CronJob) { cj.Spec.Suspend = ptr(true) }),
			verdict: OK, reason: ReasonSuspended,
		},
		{
			name:    "invalid zone",
			cj:      cronJob("0 2 * * *", "2026-01-01T00:00:00Z", func(cj *batchv1.CronJob) { cj.Spec.TimeZone = ptr("Mars/Olympus_Mons") }),
			verdict: Fail, reason: ReasonInvalidSchedule, msg: []string{"Mars/Olympus_Mons"},
		},
		{
			name:    "never fires",
			cj:      cronJob("0 0 30 2 *", "2026-01-01T00:00:00Z"),
			verdict: Fail, reason: ReasonNeverFires,
		},
		{
			name: "Forbid: an active run blocks new ones; also running long",
			now:  "2026-03-10T11:20:00Z",
			cj: cronJob("0 * * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T10:00:00Z"), lastSuccess("2026-03-10T09:10:00Z"),
				func(cj *batchv1.CronJob) { cj.Spec.ConcurrencyPolicy = batchv1.ForbidConcurrent }),
			jobs: []batchv1.Job{
				job("hourly-9", true, "2026-03-10T09:00:00Z", complete("2026-03-10T09:10:00Z")),
				job("hourly-10", true, "2026-03-10T10:00:00Z", active(1)),
			},
			tolerance: 3,
			verdict:   Warn, reason: ReasonBlockedByActiveRun, msg: []string{"run hourly-10, active for 80m, blocks new runs (concurrencyPolicy Forbid): 1 run skipped"},
			other: []string{ReasonRunningLong},
			check: func(t *testing.T, s *CronJobStatus) {
				if !s.BlockedByActiveRun || *s.MissedRunWillStart {
					t.Errorf("blocked %v, will start %v", s.BlockedByActiveRun, *s.MissedRunWillStart)
				}
			},
		},
		{
			name: "Forbid: the blocking run is why the CronJob is overdue",
			now:  "2026-03-10T11:20:00Z",
			cj: cronJob("0 * * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T10:00:00Z"), lastSuccess("2026-03-10T09:10:00Z"),
				func(cj *batchv1.CronJob) { cj.Spec.ConcurrencyPolicy = batchv1.ForbidConcurrent }),
			jobs:    []batchv1.Job{job("hourly-10", true, "2026-03-10T10:00:00Z", active(1))},
			verdict: Fail, reason: ReasonBlockedByActiveRun, msg: []string{"blocks new runs (concurrencyPolicy Forbid): 1 run skipped; no successful run for 130m"},
		},
		{
			name: "missed runs past startingDeadlineSeconds",
			now:  "2026-03-10T12:02:00Z",
			cj: cronJob("*/5 * * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T11:40:00Z"), lastSuccess("2026-03-10T11:41:00Z"),
				func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr(int64(60)) }),
			tolerance: 10,
			verdict:   Warn, reason: ReasonMissedRuns, msg: []string{"4 runs missed since the last schedule (22m ago)", "past startingDeadlineSeconds (60s): the controller will not start it"},
		},
		{
			name:    "more than 100 missed runs",
			cj:      cronJob("* * * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T09:00:00Z"), lastSuccess("2026-03-10T09:00:30Z")),
			verdict: Fail, reason: ReasonOverdue, other: []string{ReasonTooManyMissed},
		},
		{
			name:    "active run stuck in image pull",
			cj:      cronJob("0 * * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T12:00:00Z"), lastSuccess("2026-03-10T11:01:00Z")),
			jobs:    []batchv1.Job{job("hourly-12", true, "2026-03-10T11:58:00Z", active(1))},
			pods:    []corev1.Pod{pod("hourly-12", "2026-03-10T11:58:00Z", waiting("ImagePullBackOff", false))},
			verdict: Fail, reason: "ImagePullBackOff", msg: []string{"run hourly-12: pod hourly-12-abcde container main ImagePullBackOff for 2m: details"},
		},
		{
			name:    "new CronJob, first run to come",
			cj:      cronJob("0 2 * * *", "2026-03-10T11:00:00Z"),
			verdict: OK, reason: ReasonNoRunsYet, msg: []string{"created 60m ago", "next in 14h"},
		},
		{
			name:    "Jobs of other CronJobs and pods of other Jobs are ignored",
			cj:      cronJob("0 2 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T02:00:00Z"), lastSuccess("2026-03-10T02:05:00Z")),
			jobs:    []batchv1.Job{job("loose", false, "2026-03-10T11:00:00Z", failed("2026-03-10T11:01:00Z", "BackoffLimitExceeded"))},
			pods:    []corev1.Pod{pod("loose", "2026-03-10T11:00:00Z", waiting("CrashLoopBackOff", false))},
			verdict: OK, reason: ReasonHealthy,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := now
			if tc.now != "" {
				n = tc.now
			}
			st := CronJob(tc.cj, tc.jobs, tc.pods, at(n), Options{Tolerance: tc.tolerance, Gaps: &Gaps{}})
			checkStatus(t, st, tc.verdict, tc.reason, tc.msg, tc.other)
			if tc.check != nil {
				tc.check(t, st.CronJob)
			}
		})
	}
}

func checkStatus(t *testing.T, st Status, verdict Verdict, reason string, msg, other []string) {
	t.Helper()
	if st.Verdict != verdict || st.Reason != reason {
		t.Errorf("got %s %s (%s), want %s %s", st.Verdict, st.Reason, st.Message, verdict, reason)
	}
	for _, m := range msg {
		if !strings.Contains(st.Message, m) {
			t.Errorf("message %q lacks %q", st.Message, m)
		}
	}
	var got []string
	for _, f := range st.Other {
		got = append(got, f.Reason)
	}
	if strings.Join(got, ",") != strings.Join(other, ",") {
		t.Errorf("other findings %v, want %v", st.Other, other)
	}
}

func TestJob(t *testing.T) {
	const now = "2026-03-10T12:00:00Z"
	tests := []struct {
		name    string
		job     batchv1.Job
		pods    []corev1.Pod
		verdict Verdict
		reason  string
		msg     []string
		state   string
	}{
		{"complete", job("a", false, "2026-03-10T11:00:00Z", complete("2026-03-10T11:05:00Z")), nil, OK, ReasonComplete, []string{"complete: 1 succeeded, 55m ago"}, StateComplete},
		{"failed: backoff limit", job("a", false, "2026-03-10T11:00:00Z", failed("2026-03-10T11:05:00Z", "BackoffLimitExceeded")), nil, Fail, "BackoffLimitExceeded",
			[]string{"failed: BackoffLimitExceeded: Job has reached the specified backoff limit (7 failed pods, 55m ago)"}, StateFailed},
		{"failed: deadline", job("a", false, "2026-03-10T11:00:00Z", failed("2026-03-10T11:10:00Z", "DeadlineExceeded")), nil, Fail, "DeadlineExceeded", nil, StateFailed},
		{"failure target before Failed", job("a", false, "2026-03-10T11:00:00Z", func(j *batchv1.Job) {
			j.Status.Conditions = []batchv1.JobCondition{{Type: batchv1.JobFailureTarget, Status: corev1.ConditionTrue, Reason: "BackoffLimitExceeded"}}
		}), nil, Fail, "BackoffLimitExceeded", nil, StateFailed},
		{"running", job("a", false, "2026-03-10T11:00:00Z", active(2)), nil, OK, ReasonRunning, []string{"running for 60m: 2 active, 0 succeeded, 0 failed"}, StateRunning},
		{"suspended", job("a", false, "2026-03-10T11:00:00Z", func(j *batchv1.Job) { j.Spec.Suspend = ptr(true); j.Status.StartTime = nil }), nil, OK, ReasonSuspended, nil, StateSuspended},
		{"not started", job("a", false, "2026-03-10T11:59:00Z", func(j *batchv1.Job) { j.Status.StartTime = nil }), nil, OK, ReasonPending, nil, StatePending},
		{"unschedulable for a minute: warning", job("a", false, "2026-03-10T11:59:00Z", active(1)),
			[]corev1.Pod{pod("a", "2026-03-10T11:59:00Z", unschedulable("2026-03-10T11:59:00Z"))}, Warn, ReasonUnschedulable,
			[]string{"pod a-abcde Unschedulable for 60s: 0/3 nodes are available: 3 Insufficient memory."}, StateRunning},
		{"unschedulable for ten minutes: failure", job("a", false, "2026-03-10T11:50:00Z", active(1)),
			[]corev1.Pod{pod("a", "2026-03-10T11:50:00Z", unschedulable("2026-03-10T11:50:00Z"))}, Fail, ReasonUnschedulable, nil, StateRunning},
		{"image pull back-off", job("a", false, "2026-03-10T11:50:00Z", active(1)),
			[]corev1.Pod{pod("a", "2026-03-10T11:50:00Z", waiting("ImagePullBackOff", false))}, Fail, "ImagePullBackOff", nil, StateRunning},
		{"image pull error before back-off: warning", job("a", false, "2026-03-10T11:59:50Z", active(1)),
			[]corev1.Pod{pod("a", "2026-03-10T11:59:50Z", waiting("ErrImagePull", false))}, Warn, "ErrImagePull", nil, StateRunning},
		{"crash loop", job("a", false, "2026-03-10T11:50:00Z", active(1)),
			[]corev1.Pod{pod("a", "2026-03-10T11:50:00Z", func(p *corev1.Pod) { p.Status.Phase = corev1.PodRunning }, waiting("CrashLoopBackOff", false))}, Fail, "CrashLoopBackOff", nil, StateRunning},
		{"init container config error", job("a", false, "2026-03-10T11:50:00Z", active(1)),
			[]corev1.Pod{pod("a", "2026-03-10T11:50:00Z", waiting("CreateContainerConfigError", true))}, Fail, "CreateContainerConfigError",
			[]string{"container main CreateContainerConfigError"}, StateRunning},
		{"finished pods and pods of other Jobs do not count", job("a", false, "2026-03-10T11:50:00Z", active(1)),
			[]corev1.Pod{
				pod("a", "2026-03-10T11:50:00Z", waiting("ImagePullBackOff", false), func(p *corev1.Pod) { p.Status.Phase = corev1.PodFailed }),
				pod("b", "2026-03-10T11:50:00Z", waiting("ImagePullBackOff", false)),
			}, OK, ReasonRunning, nil, StateRunning},
		{"last retry", job("a", false, "2026-03-10T11:50:00Z", active(1), func(j *batchv1.Job) { j.Spec.BackoffLimit = ptr(int32(2)); j.Status.Failed = 2 }), nil,
			Warn, ReasonRetriesNearLimit, []string{"2 of 2 retries used"}, StateRunning},
		{"retries left", job("a", false, "2026-03-10T11:50:00Z", active(1), func(j *batchv1.Job) { j.Status.Failed = 2 }), nil, OK, ReasonRunning, nil, StateRunning},
		{"near activeDeadlineSeconds", job("a", false, "2026-03-10T11:51:00Z", active(1), func(j *batchv1.Job) { j.Spec.ActiveDeadlineSeconds = ptr(int64(600)) }), nil,
			Warn, ReasonDeadlineNear, []string{"running for 9m of its activeDeadlineSeconds 10m"}, StateRunning},
		{"far from activeDeadlineSeconds", job("a", false, "2026-03-10T11:55:00Z", active(1), func(j *batchv1.Job) { j.Spec.ActiveDeadlineSeconds = ptr(int64(600)) }), nil,
			OK, ReasonRunning, nil, StateRunning},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := Job(&tc.job, tc.pods, at(now))
			checkStatus(t, st, tc.verdict, tc.reason, tc.msg, nil)
			if st.Job.State != tc.state {
				t.Errorf("state %s, want %s", st.Job.State, tc.state)
			}
		})
	}
}

func TestOverdueAfterFollowsToleranceAndGapsAreMemoised(t *testing.T) {
	g := &Gaps{}
	cj := cronJob("0 9 * * 1-5", "2026-01-01T00:00:00Z")
	for _, tc := range []struct {
		tol  float64
		want int64
	}{{0, 108 * 3600}, {1, 72 * 3600}, {2, 144 * 3600}} {
		st := CronJob(cj, nil, nil, at("2026-03-10T12:00:00Z"), Options{Tolerance: tc.tol, Gaps: g})
		if st.CronJob.OverdueAfterSeconds != tc.want {
			t.Errorf("tolerance %v: overdue after %d, want %d", tc.tol, st.CronJob.OverdueAfterSeconds, tc.want)
		}
	}
	if len(g.m) != 1 {
		t.Errorf("memo holds %d schedules", len(g.m))
	}
}

func TestParseVerdictAndRank(t *testing.T) {
	for s, want := range map[string]Verdict{"ok": OK, "warning": Warn, "WARN": Warn, "fail": Fail} {
		if v, ok := ParseVerdict(s); !ok || v != want {
			t.Errorf("ParseVerdict(%q) = %v, %v", s, v, ok)
		}
	}
	if _, ok := ParseVerdict("bad"); ok {
		t.Error("ParseVerdict accepted bad")
	}
	if !(OK.Rank() < Warn.Rank() && Warn.Rank() < Fail.Rank()) {
		t.Error("ranks out of order")
	}
}

func TestAllGroupsAndSortsWorstFirst(t *testing.T) {
	now := at("2026-03-10T12:00:00Z")
	good := cronJob("0 2 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T02:00:00Z"), lastSuccess("2026-03-10T02:05:00Z"))
	bad := cronJob("0 2 * * *", "2026-01-01T00:00:00Z", lastSchedule("2026-03-10T02:00:00Z"), lastSuccess("2026-03-07T02:05:00Z"))
	bad.Name, bad.UID = "broken", "broken-uid"
	jobs := []batchv1.Job{
		job("nightly-1", true, "2026-03-10T02:00:00Z", complete("2026-03-10T02:05:00Z")),
		job("broken-1", true, "2026-03-10T02:00:00Z", failed("2026-03-10T02:05:00Z", "BackoffLimitExceeded")),
		job("loose", false, "2026-03-10T11:00:00Z", active(1)),
		job("skipped", false, "2026-03-10T11:00:00Z", active(1)),
	}
	jobs[1].OwnerReferences[0].UID, jobs[1].OwnerReferences[0].Name = "broken-uid", "broken"
	pods := []corev1.Pod{pod("loose", "2026-03-10T11:00:00Z", waiting("ImagePullBackOff", false))}
	got := All([]batchv1.CronJob{*good, *bad}, jobs, pods, now, Options{}, func(j *batchv1.Job) bool { return j.Name != "skipped" })
	var lines []string
	for _, s := range got {
		lines = append(lines, s.Kind+"/"+s.Name+" "+string(s.Verdict)+" "+s.Reason)
	}
	want := "CronJob/broken FAIL LastRunFailed|Job/loose FAIL ImagePullBackOff|CronJob/nightly OK Healthy"
	if strings.Join(lines, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(lines, "|"), want)
	}
}
