package jobs

import (
	"context"
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// StatusPageSize is the page size of the list calls of ReadStatus: memory stays bounded by a
// page plus what is kept of each object.
const StatusPageSize = 500

// jobPodSelector selects the pods the Job controller creates (label since Kubernetes 1.27).
const jobPodSelector = batchv1.ControllerUidLabel

// StatusQuery says what "kubectl batch status" reads.
type StatusQuery struct {
	// Namespace to read; "" reads all namespaces.
	Namespace string
	// Selector filters CronJobs and the Jobs no CronJob owns (the Jobs of a selected CronJob
	// are always read, whatever their labels).
	Selector string
}

// StatusSnapshot is what ReadStatus read: CronJobs, Jobs and the pods of unfinished Jobs,
// trimmed to what the health verdicts need, and notes on what could not be read.
type StatusSnapshot struct {
	CronJobs []batchv1.CronJob
	Jobs     []batchv1.Job
	Pods     []corev1.Pod
	// Notes say what RBAC did not let the user read (and so what the verdicts cannot see).
	Notes []string
	// ResourceVersions of the three lists, to watch from (empty when the list was refused).
	CronJobsVersion, JobsVersion, PodsVersion string
}

// ReadStatus lists the CronJobs, the Jobs and the Jobs' pods of q.Namespace with three
// paginated list calls (one more per StatusPageSize objects of a kind), whatever the number of
// objects. A list RBAC forbids is skipped with a note; when none can be read the error names
// what is needed.
func ReadStatus(ctx context.Context, c kubernetes.Interface, q StatusQuery) (*StatusSnapshot, error) {
	s := &StatusSnapshot{}
	where := "namespace " + q.Namespace
	if q.Namespace == "" {
		where = "all namespaces"
	}
	forbidden := 0
	note := func(err error, resource, consequence string) error {
		if apierrors.IsForbidden(err) {
			forbidden++
			s.Notes = append(s.Notes, fmt.Sprintf("you may not list %s in %s: %s", resource, where, consequence))
			return nil
		}
		return fmt.Errorf("listing %s in %s: %w", resource, where, err)
	}

	var err error
	s.CronJobsVersion, err = eachPage(ctx, func(opts metav1.ListOptions) (metav1.ListInterface, error) {
		opts.LabelSelector = q.Selector
		l, err := c.BatchV1().CronJobs(q.Namespace).List(ctx, opts)
		if err == nil {
			for i := range l.Items {
				s.CronJobs = append(s.CronJobs, TrimCronJob(l.Items[i]))
			}
		}
		return l, err
	})
	if err != nil {
		if err := note(err, "cronjobs.batch", "CronJobs are not shown"); err != nil {
			return nil, err
		}
	}
	s.JobsVersion, err = eachPage(ctx, func(opts metav1.ListOptions) (metav1.ListInterface, error) {
		l, err := c.BatchV1().Jobs(q.Namespace).List(ctx, opts)
		if err == nil {
			for i := range l.Items {
				s.Jobs = append(s.Jobs, TrimJob(l.Items[i]))
			}
		}
		return l, err
	})
	if err != nil {
		if err := note(err, "jobs.batch", "Jobs are not shown and CronJobs are judged without their runs"); err != nil {
			return nil, err
		}
	}
	s.PodsVersion, err = eachPage(ctx, func(opts metav1.ListOptions) (metav1.ListInterface, error) {
		opts.LabelSelector = jobPodSelector
		l, err := c.CoreV1().Pods(q.Namespace).List(ctx, opts)
		if err == nil {
			for i := range l.Items {
				if p, keep := TrimPod(l.Items[i]); keep {
					s.Pods = append(s.Pods, p)
				}
			}
		}
		return l, err
	})
	if err != nil {
		if err := note(err, "pods", "stuck pods (Unschedulable, ImagePullBackOff, ...) are not seen"); err != nil {
			return nil, err
		}
	}
	if forbidden == 3 {
		return nil, &StatusForbiddenError{Where: where}
	}
	return s, nil
}

// eachPage calls list page by page (StatusPageSize objects each) and returns the resource
// version of the last page.
func eachPage(ctx context.Context, list func(metav1.ListOptions) (metav1.ListInterface, error)) (string, error) {
	opts := metav1.ListOptions{Limit: StatusPageSize}
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		l, err := list(opts)
		if err != nil {
			return "", err
		}
		if l.GetContinue() == "" {
			return l.GetResourceVersion(), nil
		}
		opts.Continue = l.GetContinue()
	}
}

// TrimCronJob keeps what the health verdicts read of a CronJob (no job template, no managed
// fields).
func TrimCronJob(cj batchv1.CronJob) batchv1.CronJob {
	cj.ManagedFields = nil
	cj.Annotations = nil
	cj.Spec.JobTemplate = batchv1.JobTemplateSpec{}
	return cj
}

// TrimJob keeps what the health verdicts read of a Job (no pod template, no managed fields).
func TrimJob(j batchv1.Job) batchv1.Job {
	j.ManagedFields = nil
	j.Spec.Template = corev1.PodTemplateSpec{}
	j.Spec.Selector = nil
	ann := j.Annotations[InstantiateAnnotation]
	j.Annotations = nil
	if ann != "" {
		j.Annotations = map[string]string{InstantiateAnnotation: ann}
	}
	return j
}

// TrimPod keeps what the health verdicts read of a pod: its owner and state. Finished pods are
// not kept (keep is false): only unfinished ones can be stuck.
func TrimPod(p corev1.Pod) (corev1.Pod, bool) {
	if p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
		return corev1.Pod{}, false
	}
	return corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: p.Namespace, UID: p.UID, CreationTimestamp: p.CreationTimestamp,
			DeletionTimestamp: p.DeletionTimestamp, OwnerReferences: p.OwnerReferences},
		Status: corev1.PodStatus{Phase: p.Status.Phase, Conditions: p.Status.Conditions,
			InitContainerStatuses: p.Status.InitContainerStatuses, ContainerStatuses: p.Status.ContainerStatuses},
	}, true
}

// StatusForbiddenError is ReadStatus' error when RBAC lets the user list none of CronJobs, Jobs
// and pods where asked.
type StatusForbiddenError struct {
	// Where is "namespace NS" or "all namespaces".
	Where string
}

func (e *StatusForbiddenError) Error() string {
	return "forbidden: you need RBAC permission to list cronjobs.batch, jobs.batch and pods in " + e.Where
}
