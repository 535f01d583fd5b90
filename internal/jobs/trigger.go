package jobs

import (
	"context"
	"fmt"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
)

// InstantiateAnnotation marks a Job created by hand from a CronJob, as `kubectl create job
// --from=cronjob/NAME` does; the CronJob controller's Jobs do not have it.
const InstantiateAnnotation = "cronjob.kubernetes.io/instantiate"

// DryRun is the --dry-run strategy of commands that create objects.
type DryRun string

// The dry-run strategies, as kubectl spells them.
const (
	DryRunNone   DryRun = "none"
	DryRunClient DryRun = "client" // build the object, send nothing
	DryRunServer DryRun = "server" // send with dryRun=All: validated and defaulted, not stored
)

// ParseDryRun reads a --dry-run value.
func ParseDryRun(s string) (DryRun, error) {
	switch d := DryRun(strings.ToLower(s)); d {
	case DryRunNone, DryRunClient, DryRunServer:
		return d, nil
	case "":
		return DryRunNone, nil
	}
	return "", fmt.Errorf("invalid --dry-run value %q: want none, client or server", s)
}

// maxJobNameLength is the longest Job name the API server accepts: the name becomes the value
// of the pods' batch.kubernetes.io/job-name label, and label values are at most 63 characters.
const maxJobNameLength = 63

// manualSuffix is what GenerateJobName appends to the CronJob's name, before 5 random characters.
const manualSuffix = "-manual-"

// GenerateJobName returns a name for a Job instantiated by hand from the CronJob named base:
// "<base>-manual-<5 random characters>", a valid DNS label of at most 63 characters (base is
// shortened when needed, dots become dashes). The random part has 27^5 (14 million) values.
func GenerateJobName(base string) string {
	base = strings.ToLower(strings.ReplaceAll(base, ".", "-"))
	keep := maxJobNameLength - len(manualSuffix) - 5
	if len(base) > keep {
		base = base[:keep]
	}
	base = strings.TrimRight(base, "-")
	if base == "" {
		base = "job"
	}
	return base + manualSuffix + rand.String(5)
}

// JobFromCronJob builds the Job `kubectl create job NAME --from=cronjob/CRONJOB` creates: the
// jobTemplate's labels and spec, its annotations plus cronjob.kubernetes.io/instantiate:
// manual, and, when owned, an ownerReference to the CronJob with controller: true (without
// blockOwnerDeletion, as kubectl, so no cronjobs/finalizers permission is needed). The Job is
// in the CronJob's namespace. Nothing of cj is shared with the result.
func JobFromCronJob(cj *batchv1.CronJob, name string, owned bool) *batchv1.Job {
	tmpl := cj.Spec.JobTemplate.DeepCopy()
	annotations := map[string]string{InstantiateAnnotation: "manual"}
	for k, v := range tmpl.Annotations {
		annotations[k] = v
	}
	job := &batchv1.Job{
		TypeMeta: metav1.TypeMeta{APIVersion: batchv1.SchemeGroupVersion.String(), Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Namespace:   cj.Namespace,
			Annotations: annotations,
			Labels:      tmpl.Labels,
		},
		Spec: tmpl.Spec,
	}
	if owned {
		controller := true
		job.OwnerReferences = []metav1.OwnerReference{{
			APIVersion: batchv1.SchemeGroupVersion.String(),
			Kind:       "CronJob",
			Name:       cj.Name,
			UID:        cj.UID,
			Controller: &controller,
		}}
	}
	return job
}

// CreateOptions tune CreateJob and Trigger.
type CreateOptions struct {
	// DryRun: client returns the Job unsent; server sends it with dryRun=All.
	DryRun DryRun
	// FieldManager names the writer in managedFields (default "kubectl-batch").
	FieldManager string
	// GeneratedFrom, when set, means the Job's name was generated from this base: if the name
	// is taken, CreateJob retries with new names (at most twice).
	GeneratedFrom string
}

// CreateJob creates job in namespace (one POST; with DryRunClient none) and returns the
// stored (or, on dry runs, the would-be) Job.
func CreateJob(ctx context.Context, client kubernetes.Interface, namespace string, job *batchv1.Job, opts CreateOptions) (*batchv1.Job, error) {
	job = job.DeepCopy()
	job.Namespace = namespace
	if opts.DryRun == DryRunClient {
		return job, nil
	}
	co := metav1.CreateOptions{FieldManager: opts.FieldManager}
	if co.FieldManager == "" {
		co.FieldManager = "kubectl-batch"
	}
	if opts.DryRun == DryRunServer {
		co.DryRun = []string{metav1.DryRunAll}
	}
	// A create is never cut short by ctx (an interrupt): the Job is either not sent or created
	// and returned, so the caller can say what exists. --request-timeout still bounds it.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("not creating job/%s: %w", job.Name, err)
	}
	cctx := context.WithoutCancel(ctx)
	for attempt := 0; ; attempt++ {
		created, err := client.BatchV1().Jobs(namespace).Create(cctx, job, co)
		if err == nil {
			return created, nil
		}
		if apierrors.IsAlreadyExists(err) && opts.GeneratedFrom != "" && attempt < 2 {
			job.Name = GenerateJobName(opts.GeneratedFrom)
			continue
		}
		name := job.Name
		if name == "" {
			name = job.GenerateName + "*"
		}
		return nil, DescribeError(err, "create", Ref{Kind: KindJob, Name: name}, namespace)
	}
}

// TriggerResult is what Trigger did.
type TriggerResult struct {
	// Job is the created Job (on dry runs, the one that would be created).
	Job *batchv1.Job
	// CronJob is the CronJob it was created from.
	CronJob *batchv1.CronJob
}

// Trigger creates a Job from the CronJob cronJob in namespace, as `kubectl create job
// --from=cronjob/NAME` does, with two API calls: get the CronJob, create the Job (none for
// the create on a client dry run), plus the overrides ov. An empty name means a generated one (GenerateJobName). A
// suspended CronJob is triggered too; the caller can tell from the result's CronJob.
func Trigger(ctx context.Context, client kubernetes.Interface, namespace, cronJob, name string, ov Overrides, opts CreateOptions) (*TriggerResult, error) {
	cj, err := client.BatchV1().CronJobs(namespace).Get(ctx, cronJob, metav1.GetOptions{})
	if err != nil {
		return nil, DescribeError(err, "get", Ref{Kind: KindCronJob, Name: cronJob}, namespace)
	}
	if name == "" {
		name = GenerateJobName(cj.Name)
		opts.GeneratedFrom = cj.Name
	}
	job := JobFromCronJob(cj, name, true)
	if err := ov.Apply(job); err != nil {
		return nil, fmt.Errorf("cronjob/%s: %w", cj.Name, err)
	}
	job, err = CreateJob(ctx, client, namespace, job, opts)
	if err != nil {
		return nil, err
	}
	return &TriggerResult{Job: job, CronJob: cj}, nil
}
