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
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/kubectl-batch/kubectl-batch/internal/explain"
)

func explainJob(ns, name string, backoffLimit int32, annotations map[string]string) *batchv1.Job {
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: batchv1.JobSpec{
			BackoffLimit: ptr(backoffLimit),
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Annotations: annotations},
				Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyNever,
					Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
				},
			},
		},
	}
}

// explainWaitCondition waits until the Job has the condition typ with status True.
func explainWaitCondition(t *testing.T, ns, name string, typ batchv1.JobConditionType) {
	t.Helper()
	err := wait.PollUntilContextTimeout(context.Background(), 200*time.Millisecond, 60*time.Second, true,
		func(ctx context.Context) (bool, error) {
			job, err := env.Client.BatchV1().Jobs(ns).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return false, err
			}
			for _, c := range job.Status.Conditions {
				if c.Type == typ && c.Status == corev1.ConditionTrue {
					return true, nil
				}
			}
			return false, nil
		})
	if err != nil {
		t.Fatalf("job %s/%s never got condition %s: %v", ns, name, typ, err)
	}
}

func explainJSON(t *testing.T, res result) explain.List {
	t.Helper()
	if res.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", res.code, res.out, res.err)
	}
	var list explain.List
	if err := json.Unmarshal([]byte(res.out), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("output is not an explanation list of one item (%v):\n%s", err, res.out)
	}
	return list
}

// explainRequests checks that the command made exactly the given requests (method and path).
func explainRequests(t *testing.T, res result, want ...string) {
	t.Helper()
	var got []string
	for _, r := range res.requests {
		got = append(got, strings.SplitN(r, "?", 2)[0])
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("API requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestExplainCompletedJob(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	if _, err := env.Client.BatchV1().Jobs(ns).Create(ctx, explainJob(ns, "done", 6, nil), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	explainWaitCondition(t, ns, "done", batchv1.JobComplete)

	res := run(t, "explain", "job/done", "-n", ns)
	if res.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", res.code, res.out, res.err)
	}
	for _, want := range []string{"Job " + ns + "/done", "Status: Succeeded", "Pods: 0 active (0 ready), 1 succeeded, 0 failed",
		"Complete=True", "Finished:", "Single pod", "backoffLimit 6:", "SuccessfulCreate", "job-ttl-missing"} {
		if !strings.Contains(res.out, want) {
			t.Errorf("output lacks %q:\n%s", want, res.out)
		}
	}
	// Few API calls: the server's version (the rules decide for it), the Job, its pods, the
	// namespace's events.
	explainRequests(t, res,
		"GET /version",
		"GET /apis/batch/v1/namespaces/"+ns+"/jobs/done",
		"GET /api/v1/namespaces/"+ns+"/pods",
		"GET /api/v1/namespaces/"+ns+"/events")

	st := explainJSON(t, run(t, "explain", "job", "done", "-n", ns, "-o", "json")).Items[0].JobStatus
	if st == nil || st.Phase != explain.PhaseSucceeded || st.Succeeded != 1 || st.StartTime == nil || st.FinishTime == nil {
		t.Errorf("job status: %+v", st)
	}
}

func TestExplainFailedJob(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	job := explainJob(ns, "broken", 0, map[string]string{"kwok.x-k8s.io/fail": "true", "kwok.x-k8s.io/exit-code": "3"})
	if _, err := env.Client.BatchV1().Jobs(ns).Create(ctx, job, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	explainWaitCondition(t, ns, "broken", batchv1.JobFailed)

	res := run(t, "explain", "job/broken", "-n", ns)
	if res.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", res.code, res.out, res.err)
	}
	for _, want := range []string{"Status: Failed (BackoffLimitExceeded)", "Why it failed: BackoffLimitExceeded",
		"container main exited with code 3 (Error)", "Failed=True  BackoffLimitExceeded", "backoffLimit 0:"} {
		if !strings.Contains(res.out, want) {
			t.Errorf("output lacks %q:\n%s", want, res.out)
		}
	}

	st := explainJSON(t, run(t, "explain", "job/broken", "-n", ns, "-o", "json")).Items[0].JobStatus
	if st == nil || st.Phase != explain.PhaseFailed || st.FailureReason != "BackoffLimitExceeded" {
		t.Fatalf("job status: %+v", st)
	}
	if len(st.FailedPods) != 1 || len(st.FailedPods[0].Containers) != 1 || st.FailedPods[0].Containers[0].ExitCode != 3 {
		t.Errorf("failed pods: %+v", st.FailedPods)
	}
}

func TestExplainCronJob(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	cj := cronJob(ns, "yearly", nil)
	cj.Spec.Schedule = "0 0 1 1 *" // never during the test
	if _, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	// Not run yet: never scheduled, no Jobs.
	res := run(t, "explain", "cronjob/yearly", "-n", ns)
	for _, want := range []string{"CronJob " + ns + "/yearly", "Last scheduled:  never", "Active Jobs:     none",
		"At 00:00, on day 1 of the month, only in January, in Etc/UTC", "Next 5 runs", "Jobs: none"} {
		if !strings.Contains(res.out, want) {
			t.Errorf("output lacks %q:\n%s", want, res.out)
		}
	}
	explainRequests(t, res,
		"GET /version",
		"GET /apis/batch/v1/namespaces/"+ns+"/cronjobs/yearly",
		"GET /apis/batch/v1/namespaces/"+ns+"/jobs",
		"GET /api/v1/namespaces/"+ns+"/events")

	// Run it by hand, and record a schedule time through the status subresource.
	if out, err := env.Kubectl(ctx, "create", "job", "by-hand", "--from=cronjob/yearly", "-n", ns); err != nil {
		t.Fatalf("kubectl create job --from: %v\n%s", err, out)
	}
	explainWaitCondition(t, ns, "by-hand", batchv1.JobComplete)
	scheduled := metav1.NewTime(time.Now().Add(-time.Minute).Truncate(time.Second))
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		cur, err := env.Client.BatchV1().CronJobs(ns).Get(ctx, "yearly", metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		cur.Status.LastScheduleTime = &scheduled
		_, err = env.Client.BatchV1().CronJobs(ns).UpdateStatus(ctx, cur, metav1.UpdateOptions{})
		return err == nil, nil // retry on conflicts with the controller
	})
	if err != nil {
		t.Fatalf("setting status.lastScheduleTime: %v", err)
	}

	res = run(t, "explain", "cronjob/yearly", "-n", ns)
	for _, want := range []string{"Last scheduled:  " + scheduled.Local().Format("2006-01-02 15:04:05"), "Missed runs:     none since the last schedule",
		"Jobs (oldest first)", "by-hand", "Succeeded"} {
		if !strings.Contains(res.out, want) {
			t.Errorf("output lacks %q:\n%s", want, res.out)
		}
	}
	st := explainJSON(t, run(t, "explain", "cj/yearly", "-n", ns, "-o", "json")).Items[0].CronJobStatus
	if st == nil || st.LastScheduleTime == nil || !st.LastScheduleTime.Equal(scheduled.Time) || st.NextRun == nil {
		t.Fatalf("cronjob status: %+v", st)
	}
	if len(st.Jobs) != 1 || st.Jobs[0].Name != "by-hand" || st.Jobs[0].Phase != explain.PhaseSucceeded {
		t.Errorf("owned jobs: %+v", st.Jobs)
	}
	if st.MissedRuns != 0 || st.Suspended {
		t.Errorf("missed %d, suspended %v", st.MissedRuns, st.Suspended)
	}
}

func TestExplainErrors(t *testing.T) {
	ns := env.Namespace(t)
	if _, err := env.Client.BatchV1().CronJobs(ns).Create(context.Background(), cronJob(ns, "present", nil), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		out  string
		err  string
	}{
		{"job not found", []string{"explain", "job/nope", "-n", ns}, 2, "", "job/nope not found in namespace " + ns},
		{"cronjob not found", []string{"explain", "cronjob", "nope", "-n", ns}, 2, "", "cronjob/nope not found in namespace " + ns},
		{"wrong kind", []string{"explain", "deployment/web", "-n", ns}, 2, "", `wrong kind "deployment"`},
		{"a job name that is a cronjob", []string{"explain", "job/present", "-n", ns}, 2, "", "job/present not found"},
		{"the others are still explained", []string{"explain", "job/nope", "cronjob/present", "-n", ns}, 2, "CronJob " + ns + "/present", "job/nope not found"},
		{"forbidden", []string{"explain", "cronjob/present", "-n", ns, "--as", "system:serviceaccount:" + ns + ":nobody"}, 2, "", "forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.args...)
			if res.code != tt.code || !strings.Contains(res.out, tt.out) || !strings.Contains(res.err, tt.err) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant stdout containing %q and stderr containing %q",
					res.code, tt.code, res.out, res.err, tt.out, tt.err)
			}
		})
	}
}
