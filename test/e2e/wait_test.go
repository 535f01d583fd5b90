//go:build integration

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Helpers of the trigger, run, wait and logs tests (prefix tw).

// twTemplate is a pod template kwok runs: it succeeds at once unless annotations say otherwise
// (kwok.x-k8s.io/fail: "true", kwok.x-k8s.io/delay: "3s").
func twTemplate(annotations map[string]string) corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Annotations: annotations},
		Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
		},
	}
}

var (
	twFail  = map[string]string{"kwok.x-k8s.io/fail": "true"}
	twSlow  = map[string]string{"kwok.x-k8s.io/delay": "60s"}
	twDelay = map[string]string{"kwok.x-k8s.io/delay": "3s"}
)

// twJob creates a Job (backoffLimit 0, so a failing pod fails the Job at once).
func twJob(t *testing.T, ns, name string, labels, annotations map[string]string, mutate ...func(*batchv1.Job)) *batchv1.Job {
	t.Helper()
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: labels},
		Spec:       batchv1.JobSpec{BackoffLimit: ptr[int32](0), TTLSecondsAfterFinished: ptr[int32](600), Template: twTemplate(annotations)},
	}
	for _, m := range mutate {
		m(job)
	}
	created, err := env.Client.BatchV1().Jobs(ns).Create(context.Background(), job, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating job %s: %v", name, err)
	}
	return created
}

// twCronJob creates a CronJob whose template has the given pod annotations.
func twCronJob(t *testing.T, ns, name string, annotations map[string]string, mutate ...func(*batchv1.CronJob)) *batchv1.CronJob {
	t.Helper()
	cj := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: batchv1.CronJobSpec{
			Schedule: "0 3 * * *", TimeZone: ptr("Etc/UTC"),
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{BackoffLimit: ptr[int32](0), Template: twTemplate(annotations)}},
		},
	}
	for _, m := range mutate {
		m(cj)
	}
	created, err := env.Client.BatchV1().CronJobs(ns).Create(context.Background(), cj, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating cronjob %s: %v", name, err)
	}
	return created
}

// twExpect fails t unless res has the exit code and its stdout and stderr contain the strings.
func twExpect(t *testing.T, res result, code int, stdout, stderr []string) {
	t.Helper()
	ok := res.code == code
	for _, s := range stdout {
		ok = ok && strings.Contains(res.out, s)
	}
	for _, s := range stderr {
		ok = ok && strings.Contains(res.err, s)
	}
	if !ok {
		t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant stdout with %q, stderr with %q", res.code, code, res.out, res.err, stdout, stderr)
	}
}

// twAppendLog appends lines to the log file kwok serves for every pod (CRI format), in one write.
func twAppendLog(t *testing.T, lines ...string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(env.Dir, "podlogs", "all.log"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%s stdout F %s\n", time.Now().UTC().Format(time.RFC3339Nano), l)
	}
	if _, err := f.WriteString(b.String()); err != nil {
		t.Fatal(err)
	}
}

// twJobPods returns the names of the Job's pods.
func twJobPods(t *testing.T, ns, job string) []string {
	t.Helper()
	pods, err := env.Client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: "batch.kubernetes.io/job-name=" + job})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pods.Items {
		names = append(names, p.Name)
	}
	return names
}

func TestWaitComplete(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twJob(t, ns, "ok", nil, nil)
	res := run(t, "wait", "job/ok", "-n", ns)
	twExpect(t, res, 0, []string{"job/ok complete (1 succeeded"}, nil)
	// Waiting is one list and one watch of that Job, nothing else.
	for _, r := range res.requests {
		if !strings.HasPrefix(r, "GET /apis/batch/v1/namespaces/"+ns+"/jobs?") || !strings.Contains(r, "fieldSelector=metadata.name%3Dok") {
			t.Errorf("unexpected request %s", r)
		}
	}
	if len(res.requests) > 2 {
		t.Errorf("%d requests, want a list and a watch: %v", len(res.requests), res.requests)
	}
	// Already finished: returns at once, same verdict.
	twExpect(t, run(t, "wait", "jobs", "ok", "-n", ns), 0, []string{"job/ok complete"}, nil)
}

func TestWaitFailedBackoffLimit(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twJob(t, ns, "boom", nil, twFail)
	twJob(t, ns, "fine", nil, nil)
	start := time.Now()
	res := run(t, "wait", "job/boom", "job/fine", "-n", ns, "--fail-fast=false")
	twExpect(t, res, 1, []string{"job/boom failed: BackoffLimitExceeded: Job has reached the specified backoff limit", "job/fine complete"}, nil)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("wait took %s for a Job that fails at once", d)
	}
}

func TestWaitDeadlineExceeded(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twJob(t, ns, "slow", nil, twSlow, func(j *batchv1.Job) { j.Spec.ActiveDeadlineSeconds = ptr[int64](2) })
	res := run(t, "wait", "job/slow", "-n", ns, "--timeout", "30s")
	twExpect(t, res, 1, []string{"job/slow failed: DeadlineExceeded: Job was active longer than specified deadline"}, nil)
}

func TestWaitSelectorAndTimeout(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	sel := map[string]string{"app": "etl"}
	twJob(t, ns, "etl-a", sel, nil)
	twJob(t, ns, "etl-b", sel, nil, func(j *batchv1.Job) { j.Spec.Completions, j.Spec.Parallelism = ptr[int32](2), ptr[int32](2) })
	twJob(t, ns, "stuck", map[string]string{"app": "other"}, twSlow)

	res := run(t, "wait", "-l", "app=etl", "-n", ns)
	twExpect(t, res, 0, []string{"job/etl-a complete (1 succeeded", "job/etl-b complete (2 succeeded"}, nil)
	if strings.Contains(res.out, "stuck") {
		t.Errorf("the selector matched job/stuck:\n%s", res.out)
	}
	// Not a terminal: plain progress lines on stderr, no carriage returns.
	if strings.Contains(res.err, "\r") || !strings.Contains(res.err, "job/etl-b: ") {
		t.Errorf("progress on stderr: %q", res.err)
	}

	start := time.Now()
	res = run(t, "wait", "job/stuck", "job/etl-a", "-n", ns, "--timeout", "1s")
	twExpect(t, res, 2, nil, []string{"timed out after 1s waiting for job/stuck (1 active, 0 succeeded, 0 failed)"})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("--timeout 1s took %s", d)
	}
	twExpect(t, run(t, "wait", "-l", "app=nothing", "-n", ns), 2, nil, []string{`no jobs match the selector "app=nothing" in namespace ` + ns})
}

func TestWaitErrors(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twExpect(t, run(t, "wait", "job/nope", "-n", ns), 2, nil, []string{"job/nope not found in namespace " + ns})
	twExpect(t, run(t, "wait", "cronjob/nope", "-n", ns), 2, nil, []string{"wrong kind for cronjob/nope: this command takes job/NAME"})
	twExpect(t, run(t, "wait", "job/x", "-n", ns, "--as", "system:serviceaccount:"+ns+":nobody"), 2, nil,
		[]string{"forbidden: you need RBAC permission to list jobs.batch in namespace " + ns})
	res := run(t, "wait", "job/x", "-n", ns, "--server", "https://127.0.0.1:1")
	twExpect(t, res, 2, nil, []string{"job/x", "namespace " + ns, "connection refused"})
}

// A failed Job ends the wait at once, while the others still run (issue: the wait used to
// return only when the slow Job finished).
func TestWaitFailFast(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twJob(t, ns, "a-slow", nil, twSlow)
	twJob(t, ns, "b-boom", nil, twFail)
	start := time.Now()
	res := run(t, "wait", "job/a-slow", "job/b-boom", "-n", ns)
	twExpect(t, res, 1, []string{"job/b-boom failed: BackoffLimitExceeded", "job/a-slow is still running (1 active"}, nil)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("wait took %s: a failed Job must end it at once", d)
	}

	// -o json: the same verdict as one document.
	res = run(t, "wait", "job/a-slow", "job/b-boom", "-n", ns, "-o", "json")
	var doc struct {
		Outcome string
		Jobs    []struct {
			Name, Result, Reason string
			Active, Failed       int32
			StartTime, EndTime   *time.Time
			DurationSeconds      *int64
		}
	}
	if err := json.Unmarshal([]byte(res.out), &doc); err != nil || res.code != 1 {
		t.Fatalf("-o json: exit %d, %v\n%s\n%s", res.code, err, res.out, res.err)
	}
	if doc.Outcome != "Failed" || len(doc.Jobs) != 2 || doc.Jobs[0].Name != "a-slow" || doc.Jobs[0].Result != "Running" || doc.Jobs[0].Active != 1 ||
		doc.Jobs[1].Result != "Failed" || doc.Jobs[1].Reason != "BackoffLimitExceeded" || doc.Jobs[1].Failed != 1 || doc.Jobs[1].EndTime == nil || doc.Jobs[1].DurationSeconds == nil {
		t.Errorf("-o json:\n%s", res.out)
	}

	// --fail-fast=false waits for a-slow too: here until the timeout, exit 2, JSON says TimedOut.
	res = run(t, "wait", "job/a-slow", "job/b-boom", "-n", ns, "--fail-fast=false", "--timeout", "3s", "-o", "json")
	twExpect(t, res, 2, []string{`"outcome": "TimedOut"`, `"result": "Failed"`}, []string{"timed out after 3s waiting for job/a-slow (1 active"})
}
