//go:build integration

package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// TestHistory needs a Job created by the real CronJob controller, which takes up to a minute
// for "* * * * *". The CronJob is created before t.Parallel, so the clock runs while the
// sequential tests do; the checks that need no scheduled Job run while it waits.
func TestHistory(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	cj := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "every-minute", Namespace: ns},
		Spec: batchv1.CronJobSpec{
			Schedule: "* * * * *", // timeZone unset: the controller's zone, assumed UTC
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever,
				Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
			}}}},
		},
	}
	cj, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Parallel()

	// A Job of another CronJob and a Job of no CronJob in the same namespace are not listed.
	other := suspendCronJob(ns, "other", nil)
	if _, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, other, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"create", "job", "manual-1", "--from=cronjob/every-minute", "-n", ns},
		{"create", "job", "not-mine", "--from=cronjob/other", "-n", ns},
		{"create", "job", "loose", "--image=busybox:1.36", "-n", ns},
	} {
		if out, err := env.Kubectl(ctx, args...); err != nil {
			t.Fatalf("kubectl %v: %v\n%s", args, err, out)
		}
	}

	t.Run("errors", func(t *testing.T) {
		if res := run(t, "history", "cronjob/missing", "-n", ns); res.code != 2 || !strings.Contains(res.err, "cronjob/missing not found in namespace "+ns) {
			t.Errorf("not found: exit %d, stderr %q", res.code, res.err)
		}
		if res := run(t, "history", "job/manual-1", "-n", ns); res.code != 2 || !strings.Contains(res.err, "wrong kind") || len(res.requests) != 0 {
			t.Errorf("wrong kind: exit %d, stderr %q, requests %v", res.code, res.err, res.requests)
		}
		for _, args := range [][]string{{"history"}, {"history", "cronjob/a", "cronjob/b"}, {"history", "cronjob/every-minute", "-o", "wide"}} {
			if res := run(t, append(args, "-n", ns)...); res.code != 2 {
				t.Errorf("%v: exit %d, want 2\n%s", args, res.code, res.err)
			}
		}
		res := run(t, "history", "cronjob/every-minute", "-n", ns, "--as", "system:serviceaccount:"+ns+":nobody")
		if res.code != 2 || !strings.Contains(res.err, "forbidden: you need RBAC permission to get cronjobs.batch in namespace "+ns) {
			t.Errorf("forbidden: exit %d, stderr %q", res.code, res.err)
		}
	})

	// Wait for the controller's first scheduled Job (and the status update that records it)
	// and for the manual Job to complete.
	deadline := time.Now().Add(90 * time.Second)
	var scheduled string
	for {
		list, err := env.Client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		manualDone := false
		for _, j := range list.Items {
			if len(j.OwnerReferences) == 1 && j.OwnerReferences[0].UID == cj.UID && j.Annotations[jobs.InstantiateAnnotation] == "" {
				scheduled = j.Name
			}
			if j.Name == "manual-1" {
				o, _ := jobs.JobOutcome(&j)
				manualDone = o == jobs.OutcomeComplete
			}
		}
		cur, err := env.Client.BatchV1().CronJobs(ns).Get(ctx, cj.Name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if scheduled != "" && manualDone && cur.Status.LastScheduleTime != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 90s: scheduled Job %q, manual-1 complete %v, lastScheduleTime %v", scheduled, manualDone, cur.Status.LastScheduleTime)
		}
		time.Sleep(time.Second)
	}

	began := time.Now()
	res := run(t, "history", "cronjob/every-minute", "-n", ns, "-o", "json")
	if res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, res.err)
	}
	if got := requestTargets(res); strings.Join(got, ", ") != "GET cronjobs/every-minute, GET jobs" {
		t.Errorf("API requests %v, want GET cronjobs/every-minute and LIST jobs (2 calls)", got)
	}
	var h jobs.History
	if err := json.Unmarshal([]byte(res.out), &h); err != nil {
		t.Fatalf("not the JSON history: %v\n%s", err, res.out)
	}
	byName := map[string]jobs.HistoryJob{}
	for _, j := range h.Jobs {
		byName[j.Name] = j
	}
	if m := byName["manual-1"]; m.StartedBy != jobs.StartedByManual || m.Result != jobs.ResultComplete || m.StartTime == nil || m.DurationSeconds == nil {
		t.Errorf("manual-1: %+v", m)
	}
	if s := byName[scheduled]; s.StartedBy != jobs.StartedByScheduled || s.ScheduledTime == nil || s.ScheduledTime.After(*h.LastScheduleTime) {
		t.Errorf("scheduled Job %s: %+v (last schedule %v)", scheduled, s, h.LastScheduleTime)
	}
	if _, ok := byName["not-mine"]; ok || byName["loose"].Name != "" {
		t.Errorf("Jobs of other owners listed: %+v", h.Jobs)
	}
	for i := 1; i < len(h.Jobs); i++ {
		if a, b := h.Jobs[i-1].StartTime, h.Jobs[i].StartTime; a != nil && b != nil && a.After(*b) {
			t.Errorf("not sorted by start: %+v", h.Jobs)
		}
	}
	if !h.TimeZoneAssumed || h.TimeZone != "UTC" || h.Suspended {
		t.Errorf("zone %q assumed %v suspended %v", h.TimeZone, h.TimeZoneAssumed, h.Suspended)
	}
	if began.Sub(*h.LastScheduleTime) < time.Minute {
		// Right after a run nothing is missed; the next run is within the minute.
		if h.MissedSchedules != 0 || h.TooManyMissed {
			t.Errorf("missed %d (too many %v) right after a run", h.MissedSchedules, h.TooManyMissed)
		}
	} else {
		t.Errorf("the history ran %v after the last schedule: the controller lags", began.Sub(*h.LastScheduleTime))
	}
	if h.NextScheduleTime == nil || !h.NextScheduleTime.After(began.Add(-time.Second)) || h.NextScheduleTime.Sub(began) > time.Minute {
		t.Errorf("next schedule %v, want within the minute after %v", h.NextScheduleTime, began)
	}

	t.Run("yaml", func(t *testing.T) {
		res := run(t, "history", "cj/every-minute", "-n", ns, "-o", "yaml")
		var y jobs.History
		if err := yaml.Unmarshal([]byte(res.out), &y); err != nil || y.CronJob != "every-minute" || len(y.Jobs) < 2 {
			t.Errorf("yaml: exit %d, err %v\n%s", res.code, err, res.out)
		}
	})

	t.Run("table", func(t *testing.T) {
		res := run(t, "history", "cronjob", "every-minute", "-n", ns)
		if res.code != 0 {
			t.Fatalf("exit %d\n%s", res.code, res.err)
		}
		lines := strings.Split(res.out, "\n")
		if !strings.HasPrefix(lines[0], "NAME") || !strings.Contains(lines[0], "STARTED BY") || !strings.Contains(lines[0], "FAILED PODS") {
			t.Errorf("header %q", lines[0])
		}
		var manual, sched bool
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) < 2 {
				continue
			}
			manual = manual || (f[0] == "manual-1" && f[1] == "manual" && strings.Contains(l, "Complete"))
			sched = sched || (f[0] == scheduled && f[1] == "scheduled")
		}
		if !manual || !sched {
			t.Errorf("table does not tell the manual and the scheduled Job apart:\n%s", res.out)
		}
		for _, s := range []string{"assumed UTC", "Last schedule:", "Next schedule:", "Missed schedules:"} {
			if !strings.Contains(res.out, s) {
				t.Errorf("table lacks %q:\n%s", s, res.out)
			}
		}
	})
}
