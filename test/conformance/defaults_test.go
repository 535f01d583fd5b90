//go:build integration

package conformance

import (
	"context"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// TestDefaultsMatchServer proves the offline defaults table (lint.Defaulted, used by explain and
// the rules) equals what kube-apiserver stores for the same input.
func TestDefaultsMatchServer(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	jobInputs := map[string]func(s *batchv1.JobSpec){
		"minimal":          func(s *batchv1.JobSpec) {},
		"completions-only": func(s *batchv1.JobSpec) { s.Completions = ptr[int32](4) },
		"parallelism-only": func(s *batchv1.JobSpec) { s.Parallelism = ptr[int32](3) },
		"backoffLimitPerIndex": func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](2)
			s.BackoffLimitPerIndex = ptr[int32](1)
		},
		"podFailurePolicy": func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
		},
	}
	for _, image := range []string{"busybox", "busybox:latest", "busybox:1.36", "registry.example.com:5000/team/app",
		"registry.example.com:5000/team/app:v2", "busybox@sha256:" + strings.Repeat("a", 64), "busybox:1.36@sha256:" + strings.Repeat("b", 64)} {
		image := image
		jobInputs["image "+image] = func(s *batchv1.JobSpec) {
			s.Template.Spec.Containers[0].Image = image
			s.Template.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 8080}}
			s.Template.Spec.InitContainers = []corev1.Container{{Name: "init", Image: image}}
		}
	}
	for name, fn := range jobInputs {
		job := baseJob()
		job.Namespace = ns
		job.Spec.Template.Spec.RestartPolicy = "Never"
		fn(&job.Spec)
		got, err := env.Client.BatchV1().Jobs(ns).Create(ctx, job.DeepCopy(), dry)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := lint.Defaulted(lint.NewJobObject(job, lint.Source{}), kubeversion.Default()).Job.Spec
		// Compare the defaulted fields, not the generated selector (its UID is the server's).
		for field, pair := range map[string][2]any{
			"completions":          {want.Completions, got.Spec.Completions},
			"parallelism":          {want.Parallelism, got.Spec.Parallelism},
			"backoffLimit":         {want.BackoffLimit, got.Spec.BackoffLimit},
			"completionMode":       {want.CompletionMode, got.Spec.CompletionMode},
			"suspend":              {want.Suspend, got.Spec.Suspend},
			"manualSelector":       {want.ManualSelector, got.Spec.ManualSelector},
			"podReplacementPolicy": {want.PodReplacementPolicy, got.Spec.PodReplacementPolicy},
			"podFailurePolicy":     {want.PodFailurePolicy, got.Spec.PodFailurePolicy},
			"restartPolicy":        {want.Template.Spec.RestartPolicy, got.Spec.Template.Spec.RestartPolicy},
			"pod template spec":    {want.Template.Spec, got.Spec.Template.Spec},
		} {
			if !equality.Semantic.DeepEqual(pair[0], pair[1]) {
				t.Errorf("Job %s: default of %s: lint %s, server %s", name, field, show(pair[0]), show(pair[1]))
			}
		}
	}
	cj := baseCronJob()
	cj.Namespace = ns
	cj.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = ""
	cj.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = "OnFailure"
	got, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, cj.DeepCopy(), dry)
	if err != nil {
		t.Fatal(err)
	}
	want := lint.Defaulted(lint.NewCronJobObject(cj, lint.Source{}), kubeversion.Default()).CronJob.Spec
	for field, pair := range map[string][2]any{
		"concurrencyPolicy":          {want.ConcurrencyPolicy, got.Spec.ConcurrencyPolicy},
		"suspend":                    {want.Suspend, got.Spec.Suspend},
		"successfulJobsHistoryLimit": {want.SuccessfulJobsHistoryLimit, got.Spec.SuccessfulJobsHistoryLimit},
		"failedJobsHistoryLimit":     {want.FailedJobsHistoryLimit, got.Spec.FailedJobsHistoryLimit},
		"startingDeadlineSeconds":    {want.StartingDeadlineSeconds, got.Spec.StartingDeadlineSeconds},
		"jobTemplate.spec":           {want.JobTemplate.Spec.BackoffLimit, got.Spec.JobTemplate.Spec.BackoffLimit},
		"jobTemplate.completionMode": {want.JobTemplate.Spec.CompletionMode, got.Spec.JobTemplate.Spec.CompletionMode},
	} {
		if !equality.Semantic.DeepEqual(pair[0], pair[1]) {
			t.Errorf("CronJob: default of %s: lint %s, server %s", field, show(pair[0]), show(pair[1]))
		}
	}
}

func show(v any) string {
	b, _ := jsonMarshal(v)
	return string(b)
}
