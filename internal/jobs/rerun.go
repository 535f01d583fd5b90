package jobs

import (
	"context"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// generatedJobLabels are the labels the API server adds to a Job and its pod template on
// create (from the Job's name and UID); a copy must not carry them, or its selector would
// point at the old Job's pods.
var generatedJobLabels = []string{
	"controller-uid", "job-name",
	"batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name",
}

// droppedRerunAnnotations are annotations of the old Job that describe how it was written,
// not what it runs.
var droppedRerunAnnotations = []string{
	"kubectl.kubernetes.io/last-applied-configuration",
	"batch.kubernetes.io/job-tracking",
}

// rerunSuffix is what GenerateRerunName appends before 5 random characters.
const rerunSuffix = "-rerun-"

// GenerateRerunName returns a name for a copy of the Job named base: "<base>-rerun-<5 random
// characters>", at most 63 characters (base shortened when needed).
func GenerateRerunName(base string) string {
	generated := GenerateJobName(base) // <base>-manual-<random>, base shortened to fit
	cut := len(generated) - len(manualSuffix) - 5
	return generated[:cut] + rerunSuffix + generated[cut+len(manualSuffix):]
}

// JobForRerun builds a new Job from old's spec, as if old's manifest were created again: new
// name, the generated selector and the generated job-name/controller-uid labels dropped (the
// server makes new ones), manualSelector kept only when old chose its own selector, the
// cronjob.kubernetes.io/instantiate: manual annotation (it was started by hand), old's other
// labels and annotations, and its ownerReferences (so a CronJob's rerun still counts as the
// CronJob's). Identity, status and managed fields are not copied; nothing of old is shared.
func JobForRerun(old *batchv1.Job, name string) *batchv1.Job {
	src := old.DeepCopy()
	job := &batchv1.Job{
		TypeMeta: metav1.TypeMeta{APIVersion: batchv1.SchemeGroupVersion.String(), Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{
			Name:            name,
			Namespace:       src.Namespace,
			Labels:          src.Labels,
			Annotations:     src.Annotations,
			OwnerReferences: src.OwnerReferences,
		},
		Spec: src.Spec,
	}
	if job.Annotations == nil {
		job.Annotations = map[string]string{}
	}
	for _, k := range droppedRerunAnnotations {
		delete(job.Annotations, k)
	}
	job.Annotations[InstantiateAnnotation] = "manual"
	for i := range job.OwnerReferences {
		job.OwnerReferences[i].BlockOwnerDeletion = nil
	}
	if manual := job.Spec.ManualSelector; manual == nil || !*manual {
		job.Spec.Selector, job.Spec.ManualSelector = nil, nil
		for _, m := range []map[string]string{job.Labels, job.Spec.Template.Labels} {
			for _, k := range generatedJobLabels {
				delete(m, k)
			}
		}
		if len(job.Labels) == 0 {
			job.Labels = nil
		}
	}
	return job
}

// Rerun creates a copy of the Job named job in namespace (JobForRerun, then overrides) with
// two API calls: get the Job, create the copy (none on a client dry run). An empty name
// means a generated one. It returns the created Job and the old one.
func Rerun(ctx context.Context, client kubernetes.Interface, namespace, job, name string, ov Overrides, opts CreateOptions) (created, old *batchv1.Job, err error) {
	old, err = client.BatchV1().Jobs(namespace).Get(ctx, job, metav1.GetOptions{})
	if err != nil {
		return nil, nil, DescribeError(err, "get", Ref{Kind: KindJob, Name: job}, namespace)
	}
	if name == "" {
		name = GenerateRerunName(old.Name)
	}
	copied := JobForRerun(old, name)
	if err := ov.Apply(copied); err != nil {
		return nil, old, err
	}
	created, err = CreateJob(ctx, client, namespace, copied, opts)
	return created, old, err
}
