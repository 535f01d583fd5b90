//go:build integration

package conformance

import (
	"context"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// jobUpdate mutates a stored Job before a dry-run update.
type jobUpdate struct {
	name string
	fn   func(j *batchv1.Job)
}

func jobUpdates() []jobUpdate {
	return []jobUpdate{
		{"noop", func(j *batchv1.Job) {}},
		{"completions", func(j *batchv1.Job) { j.Spec.Completions = ptr[int32](3) }},
		{"parallelism", func(j *batchv1.Job) { j.Spec.Parallelism = ptr[int32](2) }},
		{"backoffLimit", func(j *batchv1.Job) { j.Spec.BackoffLimit = ptr[int32](2) }},
		{"backoffLimit=-1", func(j *batchv1.Job) { j.Spec.BackoffLimit = ptr[int32](-1) }},
		{"activeDeadlineSeconds", func(j *batchv1.Job) { j.Spec.ActiveDeadlineSeconds = ptr[int64](100) }},
		{"ttl", func(j *batchv1.Job) { j.Spec.TTLSecondsAfterFinished = ptr[int32](60) }},
		{"suspend", func(j *batchv1.Job) { j.Spec.Suspend = ptr(true) }},
		{"image", func(j *batchv1.Job) { j.Spec.Template.Spec.Containers[0].Image = "busybox:1.37" }},
		{"command", func(j *batchv1.Job) { j.Spec.Template.Spec.Containers[0].Command = []string{"true"} }},
		{"templateLabel", func(j *batchv1.Job) { j.Spec.Template.Labels["team"] = "data" }},
		{"templateAnnotation", func(j *batchv1.Job) {
			j.Spec.Template.Annotations = map[string]string{"note": "x"}
		}},
		{"nodeSelector", func(j *batchv1.Job) { j.Spec.Template.Spec.NodeSelector = map[string]string{"disk": "ssd"} }},
		{"tolerations", func(j *batchv1.Job) {
			j.Spec.Template.Spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists}}
		}},
		{"schedulingGates", func(j *batchv1.Job) {
			j.Spec.Template.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "example.com/gate"}}
		}},
		{"nodeAffinity", func(j *batchv1.Job) {
			j.Spec.Template.Spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
				RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
					MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "zone", Operator: corev1.NodeSelectorOpIn, Values: []string{"a"}}},
				}}}}}
		}},
		{"podAntiAffinity", func(j *batchv1.Job) {
			j.Spec.Template.Spec.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
				PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 1,
					PodAffinityTerm: corev1.PodAffinityTerm{TopologyKey: "kubernetes.io/hostname",
						LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"a": "b"}}}}}}}
		}},
		{"nodeSelector+suspend=false", func(j *batchv1.Job) {
			j.Spec.Template.Spec.NodeSelector = map[string]string{"disk": "ssd"}
			j.Spec.Suspend = ptr(false)
		}},
		{"selector", func(j *batchv1.Job) { j.Spec.Selector.MatchLabels["extra"] = "x" }},
		{"completionMode", func(j *batchv1.Job) { j.Spec.CompletionMode = ptr(batchv1.IndexedCompletion) }},
		{"podFailurePolicy", func(j *batchv1.Job) {
			j.Spec.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
		}},
		{"podFailurePolicy+replacement=Failed", func(j *batchv1.Job) {
			j.Spec.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
			j.Spec.PodReplacementPolicy = ptr(batchv1.Failed)
		}},
		{"podReplacementPolicy=Failed", func(j *batchv1.Job) { j.Spec.PodReplacementPolicy = ptr(batchv1.Failed) }},
		{"managedBy", func(j *batchv1.Job) { j.Spec.ManagedBy = ptr("example.com/foo") }},
		{"backoffLimitPerIndex", func(j *batchv1.Job) { j.Spec.BackoffLimitPerIndex = ptr[int32](1) }},
		{"restartPolicy=Always", func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways }},
		{"removeGeneratedLabel", func(j *batchv1.Job) { delete(j.Spec.Template.Labels, "batch.kubernetes.io/job-name") }},
	}
}

// indexedUpdates only make sense on an Indexed Job (elastic Indexed Jobs).
func indexedUpdates() []jobUpdate {
	return []jobUpdate{
		{"indexed/completions-alone", func(j *batchv1.Job) { j.Spec.Completions = ptr[int32](6) }},
		{"indexed/completions+parallelism", func(j *batchv1.Job) {
			j.Spec.Completions = ptr[int32](6)
			j.Spec.Parallelism = ptr[int32](6)
		}},
		{"indexed/parallelism", func(j *batchv1.Job) { j.Spec.Parallelism = ptr[int32](1) }},
		{"indexed/successPolicy", func(j *batchv1.Job) {
			j.Spec.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededCount: ptr[int32](1)}}}
		}},
		{"indexed/maxFailedIndexes", func(j *batchv1.Job) { j.Spec.MaxFailedIndexes = ptr[int32](1) }},
	}
}

type cronJobUpdate struct {
	name string
	fn   func(c *batchv1.CronJob)
}

func cronJobUpdates() []cronJobUpdate {
	return []cronJobUpdate{
		{"noop", func(c *batchv1.CronJob) {}},
		{"schedule", func(c *batchv1.CronJob) { c.Spec.Schedule = "0 * * * *" }},
		{"schedule=bad", func(c *batchv1.CronJob) { c.Spec.Schedule = "bogus" }},
		{"schedule=TZ", func(c *batchv1.CronJob) { c.Spec.Schedule = "TZ=UTC 0 * * * *" }},
		{"timeZone", func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr("Europe/Berlin") }},
		{"timeZone=bad", func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr("Mars/Olympus") }},
		{"image", func(c *batchv1.CronJob) { c.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image = "busybox:1.37" }},
		{"restartPolicy=Always", func(c *batchv1.CronJob) {
			c.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways
		}},
		{"concurrencyPolicy", func(c *batchv1.CronJob) { c.Spec.ConcurrencyPolicy = batchv1.ForbidConcurrent }},
		{"startingDeadline=-5", func(c *batchv1.CronJob) { c.Spec.StartingDeadlineSeconds = ptr[int64](-5) }},
		{"serviceAccountName", func(c *batchv1.CronJob) { c.Spec.JobTemplate.Spec.Template.Spec.ServiceAccountName = "batch-runner" }},
		{"suspend", func(c *batchv1.CronJob) { c.Spec.Suspend = ptr(true) }},
		{"historyLimit=-1", func(c *batchv1.CronJob) { c.Spec.FailedJobsHistoryLimit = ptr[int32](-1) }},
	}
}

// conformanceUpdates creates real objects, then compares lint's verdict on each mutated copy
// with the server's dry-run update.
func conformanceUpdates(ctx context.Context, t *testing.T, ns string, e *lint.Engine) tally {
	var tl tally
	dry := metav1.UpdateOptions{DryRun: []string{metav1.DryRunAll}}
	jobs := env.Client.BatchV1().Jobs(ns)

	bases := []struct {
		name    string
		job     *batchv1.Job
		updates []jobUpdate
	}{
		{"running", baseJob(), jobUpdates()},
		{"suspended", func() *batchv1.Job { j := baseJob(); j.Name = "conf-suspended"; j.Spec.Suspend = ptr(true); return j }(), jobUpdates()},
		{"indexed", func() *batchv1.Job {
			j := baseJob()
			j.Name = "conf-indexed"
			j.Spec.CompletionMode = ptr(batchv1.IndexedCompletion)
			j.Spec.Completions = ptr[int32](4)
			j.Spec.Parallelism = ptr[int32](2)
			j.Spec.Suspend = ptr(true)
			return j
		}(), append(indexedUpdates(), jobUpdates()[:10]...)},
	}
	for _, b := range bases {
		b.job.Namespace = ns
		if _, err := jobs.Create(ctx, b.job, metav1.CreateOptions{}); err != nil {
			t.Fatalf("creating %s Job: %v", b.name, err)
		}
		for _, u := range b.updates {
			var (
				lv       verdict
				findings []lint.Finding
				err      error
			)
			// The Job controller updates status while we work: retry on a conflict.
			for attempt := 0; attempt < 10; attempt++ {
				stored, gerr := jobs.Get(ctx, b.job.Name, metav1.GetOptions{})
				if gerr != nil {
					t.Fatal(gerr)
				}
				oldObj := lint.NewJobObject(stored.DeepCopy(), lint.Source{File: "cluster"})
				mutated := stored.DeepCopy()
				mutated.APIVersion, mutated.Kind = "batch/v1", "Job"
				u.fn(mutated)
				lv, findings, _ = lintVerdict(t, e, mutated, oldObj)
				_, err = jobs.Update(ctx, mutated, dry)
				if !apierrors.IsConflict(err) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			tl.compare(t, "update "+b.name+" Job "+u.name, lv, findings, err)
		}
	}

	cjs := env.Client.BatchV1().CronJobs(ns)
	for _, base := range []*batchv1.CronJob{baseCronJob()} {
		base.Namespace = ns
		if _, err := cjs.Create(ctx, base, metav1.CreateOptions{}); err != nil {
			t.Fatalf("creating CronJob: %v", err)
		}
		for _, u := range cronJobUpdates() {
			stored, err := cjs.Get(ctx, base.Name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			oldObj := lint.NewCronJobObject(stored.DeepCopy(), lint.Source{File: "cluster"})
			mutated := stored.DeepCopy()
			mutated.APIVersion, mutated.Kind = "batch/v1", "CronJob"
			u.fn(mutated)
			lv, findings, _ := lintVerdict(t, e, mutated, oldObj)
			_, err = cjs.Update(ctx, mutated, dry)
			tl.compare(t, "update CronJob "+u.name, lv, findings, err)
		}
	}
	return tl
}
