//go:build integration

package e2e

import (
	"net/url"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// TestLogsKubectlFlags: --all-containers reads init containers and native sidecars before the
// regular ones, each prefixed with its container; --previous and --since-time reach the log
// requests; --max-log-requests bounds the streams -f keeps open, the others shown later.
func TestLogsKubectlFlags(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	marker := "flags-marker-" + ns
	twAppendLog(t, marker)
	always := corev1.ContainerRestartPolicyAlways
	twJob(t, ns, "multi", nil, nil, func(j *batchv1.Job) {
		spec := &j.Spec.Template.Spec
		spec.InitContainers = []corev1.Container{
			{Name: "setup", Image: "busybox:1.36"},
			{Name: "proxy", Image: "busybox:1.36", RestartPolicy: &always},
		}
	})
	twExpect(t, run(t, "wait", "job/multi", "-n", ns), 0, nil, nil)
	pods := twJobPods(t, ns, "multi")
	if len(pods) != 1 {
		t.Fatalf("pods %v", pods)
	}
	pod := pods[0]

	res := run(t, "logs", "job/multi", "-n", ns, "--all-containers")
	twExpect(t, res, 0, nil, nil)
	setup, proxy, main := strings.Index(res.out, "["+pod+"/setup] "+marker), strings.Index(res.out, "["+pod+"/proxy] "+marker), strings.Index(res.out, "["+pod+"/main] "+marker)
	if setup < 0 || proxy < setup || main < proxy {
		t.Errorf("--all-containers: want setup, proxy, then main:\n%s", res.out)
	}
	// Without it, only spec.containers.
	if res := run(t, "logs", "job/multi", "-n", ns); strings.Contains(res.out, "/setup]") || !strings.Contains(res.out, "["+pod+"] "+marker) {
		t.Errorf("default: only the regular container, unprefixed by container:\n%s", res.out)
	}

	since := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	res = run(t, "logs", "job/multi", "-n", ns, "--previous", "--since-time", since)
	twExpect(t, res, 0, []string{marker}, nil)
	logRequest := ""
	for _, r := range res.requests {
		if strings.Contains(r, "/log?") {
			logRequest = r
		}
	}
	if !strings.Contains(logRequest, "previous=true") || !strings.Contains(logRequest, "sinceTime="+url.QueryEscape(since)) {
		t.Errorf("log request %q: want previous=true and sinceTime=%s", logRequest, since)
	}

	t.Run("max-log-requests", func(t *testing.T) {
		twJob(t, ns, "wide", nil, twDelay, func(j *batchv1.Job) { j.Spec.Completions, j.Spec.Parallelism = ptr[int32](3), ptr[int32](3) })
		res := run(t, "logs", "job/wide", "-n", ns, "-f", "--max-log-requests", "1")
		twExpect(t, res, 0, nil, []string{"log streams are open, the most --max-log-requests allows"})
		wide := twJobPods(t, ns, "wide")
		for _, p := range wide {
			if !strings.Contains(res.out, "["+p+"] "+marker) {
				t.Errorf("pod %s's log missing:\n%s", p, res.out)
			}
		}
	})
}
