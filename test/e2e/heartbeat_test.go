//go:build integration

package e2e

import (
	"os"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// twUnschedulable makes a Job whose pod no node can take.
func twUnschedulable(j *batchv1.Job) {
	j.Spec.Template.Spec.NodeSelector = map[string]string{"kubectl-batch.io/no-such-node": "true"}
}

// TestNeverSilent: without a terminal, wait, trigger --wait and logs -f print a "still
// waiting" line when nothing happened for --heartbeat, saying why the Job does not progress
// (its pod is Unschedulable); a --timeout says it too.
func TestNeverSilent(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twJob(t, ns, "stuck", nil, nil, twUnschedulable)
	stPodOf(t, ns, "stuck", func(p *corev1.Pod) bool {
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodScheduled && c.Reason == corev1.PodReasonUnschedulable {
				return true
			}
		}
		return false
	})

	res := run(t, "wait", "job/stuck", "-n", ns, "--heartbeat", "1s", "--timeout", "4s")
	twExpect(t, res, 2, nil, []string{
		"still waiting: job/stuck: 1 active, 0 succeeded, 0 failed; waiting: pod/stuck-",
		"Unschedulable (0/1 nodes are available",
		"timed out after 4s waiting for job/stuck (1 active, 0 succeeded, 0 failed; waiting: pod/stuck-",
	})

	twCronJob(t, ns, "stuck-cron", nil, func(cj *batchv1.CronJob) {
		cj.Spec.JobTemplate.Spec.Template.Spec.NodeSelector = map[string]string{"kubectl-batch.io/no-such-node": "true"}
	})
	res = run(t, "trigger", "cronjob/stuck-cron", "-n", ns, "--name", "stuck-run", "--wait", "--heartbeat", "1s", "--timeout", "5s")
	twExpect(t, res, 2, nil, []string{"still waiting: job/stuck-run: 1 active", "Unschedulable"})

	// --heartbeat 0: no heartbeat.
	res = run(t, "wait", "job/stuck", "-n", ns, "--heartbeat", "0", "--timeout", "3s")
	if strings.Contains(res.err, "still waiting") {
		t.Errorf("--heartbeat 0 printed a heartbeat:\n%s", res.err)
	}

	// explain says the same instead of "Running", with the verdict status gives.
	twExpect(t, run(t, "explain", "job/stuck", "-n", ns), 0, []string{"Health: WARN (Unschedulable)", "Status: waiting: pod unschedulable", "is Unschedulable: 0/1 nodes are available"}, nil)

	p := start(t, "logs", "job/stuck", "-n", ns, "-f", "--heartbeat", "1s")
	p.waitFor(t, "still waiting: job/stuck: 1 active, 0 succeeded, 0 failed; waiting: pod/stuck-", false)
	if r := p.signal(t, os.Interrupt); r.code != 130 {
		t.Errorf("logs -f interrupted: exit %d", r.code)
	}
}
