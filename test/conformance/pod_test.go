//go:build integration

package conformance

import (
	"context"
	"fmt"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestPodTemplateConformance compares lint's server-class verdict with kube-apiserver's
// server-side dry-run create for every pod-template mutation, in a Job and in a CronJob.
func TestPodTemplateConformance(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	ns := env.Namespace(t)
	e := engine(t)
	dryRun := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	var tl tally
	accepted, rejected := 0, 0
	seen := map[string]bool{}
	for _, m := range podMutations() {
		if seen[m.name] {
			t.Errorf("duplicate pod mutation name %q", m.name)
		}
		seen[m.name] = true
		job := baseJob()
		job.Namespace = ns
		m.fn(&job.Spec.Template)
		lv, findings, _ := lintVerdict(t, e, job, nil)
		_, err := env.Client.BatchV1().Jobs(ns).Create(ctx, job.DeepCopy(), dryRun)
		tl.compare(t, "Job pod "+m.name, lv, findings, err)
		if err == nil {
			accepted++
		} else {
			rejected++
		}

		cj := baseCronJob()
		cj.Namespace = ns
		m.fn(&cj.Spec.JobTemplate.Spec.Template)
		lv, findings, _ = lintVerdict(t, e, cj, nil)
		_, err = env.Client.BatchV1().CronJobs(ns).Create(ctx, cj.DeepCopy(), dryRun)
		tl.compare(t, "CronJob pod "+m.name, lv, findings, err)
	}
	t.Logf("pod-template conformance: %d/%d agree; %d mutations, %d accepted and %d rejected by the server (Job)", tl.agree, tl.total, len(seen), accepted, rejected)
	fmt.Printf("pod-template conformance: %d/%d agree (%d mutations: %d valid, %d invalid)\n", tl.agree, tl.total, len(seen), accepted, rejected)
	if len(seen) < 600 {
		t.Errorf("only %d pod-template mutations; the corpus must hold at least 600", len(seen))
	}
	if accepted*3 < len(seen) || rejected*3 < len(seen) {
		t.Errorf("the corpus must hold about as many valid as invalid cases: %d accepted, %d rejected", accepted, rejected)
	}
}
