//go:build integration

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Every pod's log is the whole shared file kwok serves, so each test looks for its own marker.

func TestLogsJobPods(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	marker := "marker-" + ns
	twAppendLog(t, marker+" one", marker+" two")
	twJob(t, ns, "two", nil, nil, func(j *batchv1.Job) { j.Spec.Completions, j.Spec.Parallelism = ptr[int32](2), ptr[int32](2) })
	twExpect(t, run(t, "wait", "job/two", "-n", ns), 0, nil, nil)

	pods := twJobPods(t, ns, "two")
	if len(pods) != 2 {
		t.Fatalf("pods %v, want 2", pods)
	}
	res := run(t, "logs", "job/two", "-n", ns)
	twExpect(t, res, 0, nil, nil)
	// Each pod's lines, prefixed, one pod after the other.
	for _, p := range pods {
		one, two := strings.Index(res.out, "["+p+"] "+marker+" one\n"), strings.Index(res.out, "["+p+"] "+marker+" two\n")
		if one < 0 || two < one {
			t.Errorf("pod %s: lines missing or out of order in\n%s", p, res.out)
		}
	}
	a, b := "["+pods[0]+"] ", "["+pods[1]+"] "
	if strings.Index(res.out, a) > strings.Index(res.out, b) {
		a, b = b, a
	}
	if strings.LastIndex(res.out, a) > strings.Index(res.out, b) {
		t.Errorf("the pods' lines are interleaved:\n%s", res.out)
	}
	for _, line := range strings.Split(strings.TrimSpace(res.out), "\n") {
		if !strings.HasPrefix(line, "["+pods[0]+"] ") && !strings.HasPrefix(line, "["+pods[1]+"] ") {
			t.Errorf("line without a pod prefix: %q", line)
		}
	}
	// Requests: get the Job, list its pods, one log request per pod.
	if len(res.requests) != 4 || !strings.Contains(res.requests[1], "/pods?labelSelector=batch.kubernetes.io%2Fcontroller-uid") {
		t.Errorf("requests %v", res.requests)
	}

	res = run(t, "logs", "jobs", "two", "-n", ns, "--tail", "1", "--since", "1h")
	if lines := strings.Split(strings.TrimSpace(res.out), "\n"); res.code != 0 || len(lines) != 2 {
		t.Errorf("--tail 1: exit %d, want one line per pod:\n%s", res.code, res.out)
	}
	twExpect(t, run(t, "logs", "job/two", "-n", ns, "-c", "nope"), 2, nil, []string{`container "nope" is not in the pods of job/two; they have: main`})
	twExpect(t, run(t, "logs", "job/gone", "-n", ns), 2, nil, []string{"job/gone not found in namespace " + ns})
	twExpect(t, run(t, "logs", "deploy/x", "-n", ns), 2, nil, []string{"wrong kind"})
	twExpect(t, run(t, "logs", "job/two", "-n", ns, "--as", "system:serviceaccount:"+ns+":nobody"), 2, nil,
		[]string{"forbidden: you need RBAC permission to get jobs.batch in namespace " + ns})
}

func TestLogsCronJobNewestJob(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	marker := "cron-marker-" + ns
	twAppendLog(t, marker)
	twCronJob(t, ns, "cj", nil)
	twExpect(t, run(t, "logs", "cronjob/cj", "-n", ns), 2, nil, []string{"cronjob/cj in namespace " + ns + " has no Jobs"})
	twExpect(t, run(t, "trigger", "cronjob/cj", "-n", ns, "--name", "run-1", "--wait"), 0, nil, nil)
	twExpect(t, run(t, "trigger", "cronjob/cj", "-n", ns, "--name", "run-2", "--wait"), 0, nil, nil)
	// A Job of the namespace the CronJob does not own is not a candidate.
	twJob(t, ns, "zz-unrelated", nil, nil)

	res := run(t, "logs", "cj/cj", "-n", ns)
	twExpect(t, res, 0, []string{"] " + marker}, nil)
	for _, line := range strings.Split(strings.TrimSpace(res.out), "\n") {
		if !strings.HasPrefix(line, "[run-2-") {
			t.Errorf("logs cronjob/cj: line not from the newest Job run-2: %q", line)
		}
	}
	res = run(t, "logs", "cj/cj", "-n", ns, "--all")
	i1, i2 := strings.Index(res.out, "[run-1-"), strings.Index(res.out, "[run-2-")
	if res.code != 0 || i1 < 0 || i2 < i1 || strings.Contains(res.out, "zz-unrelated") {
		t.Errorf("--all: exit %d, want run-1's pod then run-2's:\n%s", res.code, res.out)
	}
}

// twAppendWhenRunning appends line to the pod log once a pod of the Job is Running (so the
// follower can only have it from a live stream).
func twAppendWhenRunning(t *testing.T, ns, job, line string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			pods, err := env.Client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: "batch.kubernetes.io/job-name=" + job})
			if err == nil && len(pods.Items) > 0 && pods.Items[0].Status.Phase == corev1.PodRunning {
				time.Sleep(300 * time.Millisecond) // let the follower open its stream
				twAppendLog(t, line)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	return done
}

func TestTriggerLogsFollow(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twCronJob(t, ns, "live", twDelay)
	line := "live-line-" + ns
	appended := twAppendWhenRunning(t, ns, "live-run", line)
	start := time.Now()
	res := run(t, "trigger", "cronjob/live", "-n", ns, "--name", "live-run", "--logs", "--timeout", "60s")
	<-appended
	pods := twJobPods(t, ns, "live-run")
	if len(pods) != 1 {
		t.Fatalf("pods %v", pods)
	}
	twExpect(t, res, 0, []string{"[" + pods[0] + "] " + line + "\n", "job/live-run complete (1 succeeded"}, nil)
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("trigger --logs took %s for a 3s pod: it must stop when the Job completes", d)
	}
	if strings.Index(res.out, line) > strings.Index(res.out, "job/live-run complete") {
		t.Errorf("the verdict came before the logs:\n%s", res.out)
	}
}

func TestLogsFollowRetries(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	marker := "retry-marker-" + ns
	twAppendLog(t, marker)
	// Two attempts; the Job controller waits ~10 s before the second.
	twJob(t, ns, "flaky", nil, twFail, func(j *batchv1.Job) { j.Spec.BackoffLimit = ptr[int32](1) })
	res := run(t, "logs", "-f", "job/flaky", "-n", ns)
	pods := twJobPods(t, ns, "flaky")
	if len(pods) != 2 {
		t.Fatalf("pods %v, want 2 attempts", pods)
	}
	for _, p := range pods {
		if !strings.Contains(res.out, "["+p+"] "+marker+"\n") {
			t.Errorf("logs -f lacks the lines of pod %s:\n%s", p, res.out)
		}
	}
	// The Job failed: the closing line says so and the exit code is 1, as for wait.
	twExpect(t, res, 1, nil, []string{"job/flaky failed: BackoffLimitExceeded"})
}
