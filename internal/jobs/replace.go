package jobs

import (
	"context"
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	watchtools "k8s.io/client-go/tools/watch"
)

// DeleteJobAndWait deletes the Job name in namespace with its pods (foreground propagation:
// the garbage collector removes the pods first, then the Job) and returns once the Job is gone,
// watching for its deletion (no polling). existed is false when there was no such Job.
func DeleteJobAndWait(ctx context.Context, client kubernetes.Interface, namespace, name string) (existed bool, err error) {
	api := client.BatchV1().Jobs(namespace)
	ref := Ref{Kind: KindJob, Name: name}
	old, err := api.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, DescribeError(err, "get", ref, namespace)
	}
	foreground := metav1.DeletePropagationForeground
	err = api.Delete(ctx, name, metav1.DeleteOptions{
		PropagationPolicy: &foreground,
		Preconditions:     &metav1.Preconditions{UID: &old.UID},
	})
	if apierrors.IsNotFound(err) {
		return true, nil
	}
	if err != nil {
		return true, DescribeError(err, "delete", ref, namespace)
	}
	w, err := api.Watch(ctx, metav1.ListOptions{
		FieldSelector:   fields.OneTermEqualSelector("metadata.name", name).String(),
		ResourceVersion: old.ResourceVersion,
	})
	if err != nil {
		return true, DescribeError(err, "watch", ref, namespace)
	}
	_, err = watchtools.UntilWithoutRetry(ctx, w, func(e watch.Event) (bool, error) {
		job, ok := e.Object.(*batchv1.Job)
		if e.Type == watch.Error {
			return false, apierrors.FromObject(e.Object)
		}
		return e.Type == watch.Deleted && ok && job.UID == old.UID, nil
	})
	if err != nil {
		return true, fmt.Errorf("waiting for job/%s in namespace %s to be deleted: %w", name, namespace, err)
	}
	return true, nil
}
