package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	batchclient "k8s.io/client-go/kubernetes/typed/batch/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
)

// SuspendOptions says which state spec.suspend should reach and how the change is sent.
type SuspendOptions struct {
	// Suspend is the wanted value of spec.suspend: true to suspend, false to resume.
	Suspend bool
	// DryRun: DryRunClient computes the change without sending it (no PATCH); DryRunServer
	// sends the PATCH with dryRun=All, so the server validates it and stores nothing.
	DryRun DryRun
	// Now is the clock for notes about missed schedules (default time.Now).
	Now func() time.Time
}

func (o SuspendOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// SuspendChange is the outcome of suspending or resuming one object.
type SuspendChange struct {
	Ref       Ref
	Namespace string
	// Object is the object after the change: as the server returned it from the PATCH (also on
	// a server dry run), as it would be after a client dry run, or as read when nothing changed.
	// It is a *batchv1.Job or a *batchv1.CronJob, nil when Err is set.
	Object runtime.Object
	// Changed is true when spec.suspend was (or, on a dry run, would be) changed.
	Changed bool
	// Skipped, when not empty, says why the object was left alone although its state differs
	// (a finished Job, which suspending cannot stop).
	Skipped string
	// Notes are side effects worth telling the user (active pods deleted, a Job the controller
	// starts at once on resume).
	Notes []string
	// Err is the error for this object (not found, forbidden, ...), described for the user.
	Err error
}

// SetSuspend sets spec.suspend on each ref in namespace ns, with at most two API calls per
// object: a GET, then a merge PATCH only when the state differs. Errors are reported per object
// in SuspendChange.Err, so one missing object does not stop the others.
func SetSuspend(ctx context.Context, c batchclient.BatchV1Interface, ns string, refs []Ref, o SuspendOptions) []SuspendChange {
	out := make([]SuspendChange, 0, len(refs))
	for _, ref := range refs {
		var (
			obj runtime.Object
			err error
		)
		switch ref.Kind {
		case KindJob:
			obj, err = c.Jobs(ns).Get(ctx, ref.Name, metav1.GetOptions{})
		case KindCronJob:
			obj, err = c.CronJobs(ns).Get(ctx, ref.Name, metav1.GetOptions{})
		default:
			err = fmt.Errorf("wrong kind %q: only jobs and cronjobs can be suspended", ref.Kind)
		}
		if err != nil {
			out = append(out, SuspendChange{Ref: ref, Namespace: ns, Err: DescribeError(err, "get", ref, ns)})
			continue
		}
		out = append(out, setSuspend(ctx, c, ns, obj, o))
	}
	return out
}

// SetSuspendSelected sets spec.suspend on every object of kind in namespace ns that matches the
// label selector (empty: all of them), with one LIST and a merge PATCH per object whose state
// differs. The error is the LIST's; PATCH errors are reported per object.
func SetSuspendSelected(ctx context.Context, c batchclient.BatchV1Interface, ns string, kind Kind, selector string, o SuspendOptions) ([]SuspendChange, error) {
	opts := metav1.ListOptions{LabelSelector: selector}
	var objs []runtime.Object
	switch kind {
	case KindJob:
		list, err := c.Jobs(ns).List(ctx, opts)
		if err != nil {
			return nil, listError(err, kind, ns)
		}
		for i := range list.Items {
			objs = append(objs, &list.Items[i])
		}
	case KindCronJob:
		list, err := c.CronJobs(ns).List(ctx, opts)
		if err != nil {
			return nil, listError(err, kind, ns)
		}
		for i := range list.Items {
			objs = append(objs, &list.Items[i])
		}
	default:
		return nil, fmt.Errorf("wrong kind %q: only jobs and cronjobs can be suspended", kind)
	}
	out := make([]SuspendChange, 0, len(objs))
	for _, obj := range objs {
		out = append(out, setSuspend(ctx, c, ns, obj, o))
	}
	return out, nil
}

// listError describes a failed LIST of kind in ns.
func listError(err error, kind Kind, ns string) error {
	ref := Ref{Kind: kind}
	if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
		return DescribeError(err, "list", ref, ns)
	}
	return fmt.Errorf("listing %s.batch in namespace %s: %w", ref.Resource(), ns, err)
}

// setSuspend patches one object read from the server (a *batchv1.Job or *batchv1.CronJob) when
// its spec.suspend differs from o.Suspend.
func setSuspend(ctx context.Context, c batchclient.BatchV1Interface, ns string, obj runtime.Object, o SuspendOptions) SuspendChange {
	ch := SuspendChange{Namespace: ns, Object: obj}
	var current bool
	switch v := obj.(type) {
	case *batchv1.Job:
		ch.Ref = Ref{Kind: KindJob, Name: v.Name}
		current = v.Spec.Suspend != nil && *v.Spec.Suspend
		if o.Suspend && !current {
			if outcome, cond := JobOutcome(v); outcome.Finished() {
				ch.Skipped = "it has already finished (" + string(cond.Type) + "): suspending it would change nothing"
				return ch
			}
		}
	case *batchv1.CronJob:
		ch.Ref = Ref{Kind: KindCronJob, Name: v.Name}
		current = v.Spec.Suspend != nil && *v.Spec.Suspend
	}
	if current == o.Suspend {
		return ch
	}
	ch.Changed = true
	ch.Notes = suspendNotes(obj, o)
	if o.DryRun == DryRunClient {
		ch.Object = withSuspend(obj, o.Suspend)
		return ch
	}
	patch, err := json.Marshal(map[string]any{"spec": map[string]any{"suspend": o.Suspend}})
	if err != nil {
		ch.Err = fmt.Errorf("encoding the patch: %w", err)
		return ch
	}
	popts := metav1.PatchOptions{}
	if o.DryRun == DryRunServer {
		popts.DryRun = []string{metav1.DryRunAll}
	}
	switch ch.Ref.Kind {
	case KindJob:
		ch.Object, err = c.Jobs(ns).Patch(ctx, ch.Ref.Name, types.MergePatchType, patch, popts)
	case KindCronJob:
		ch.Object, err = c.CronJobs(ns).Patch(ctx, ch.Ref.Name, types.MergePatchType, patch, popts)
	}
	if err != nil {
		ch.Object, ch.Changed, ch.Notes = nil, false, nil
		ch.Err = DescribeError(err, "patch", ch.Ref, ns)
	}
	return ch
}

// withSuspend returns a copy of obj with spec.suspend set.
func withSuspend(obj runtime.Object, suspend bool) runtime.Object {
	switch v := obj.(type) {
	case *batchv1.Job:
		c := v.DeepCopy()
		c.Spec.Suspend = &suspend
		return c
	case *batchv1.CronJob:
		c := v.DeepCopy()
		c.Spec.Suspend = &suspend
		return c
	}
	return obj
}

// suspendNotes explains what the controllers do after the change, from the object as read.
func suspendNotes(obj runtime.Object, o SuspendOptions) []string {
	var notes []string
	switch v := obj.(type) {
	case *batchv1.Job:
		if o.Suspend && v.Status.Active > 0 {
			notes = append(notes, fmt.Sprintf("the Job controller deletes the %s of job/%s; resuming starts new ones",
				nounCount(int(v.Status.Active), "active pod", "active pods"), v.Name))
		}
	case *batchv1.CronJob:
		if o.Suspend && len(v.Status.Active) > 0 {
			var names []string
			for _, a := range v.Status.Active {
				names = append(names, "job/"+a.Name)
			}
			notes = append(notes, fmt.Sprintf("suspending cronjob/%s stops new runs only: %s keep running (suspend them with: kubectl batch suspend %s)",
				v.Name, strings.Join(names, ", "), strings.Join(names, " ")))
		}
		if !o.Suspend {
			if n := missedOnResume(v, o.now()); n != "" {
				notes = append(notes, n)
			}
		}
	}
	return notes
}

// missedOnResume says whether the CronJob controller will start a Job as soon as the CronJob is
// resumed: it looks for schedules missed since status.lastScheduleTime (or the creation time),
// within startingDeadlineSeconds when set, and starts the most recent one.
func missedOnResume(cj *batchv1.CronJob, now time.Time) string {
	s, err := schedule.Parse(cj.Spec.Schedule, cj.Spec.TimeZone)
	if err != nil {
		return ""
	}
	earliest := cj.CreationTimestamp.Time
	if cj.Status.LastScheduleTime != nil {
		earliest = cj.Status.LastScheduleTime.Time
	}
	if d := cj.Spec.StartingDeadlineSeconds; d != nil {
		if deadline := now.Add(-time.Duration(*d) * time.Second); deadline.After(earliest) {
			earliest = deadline
		}
	}
	n := s.MissedBetween(earliest, now, schedule.MissedScheduleLimit)
	if n == 0 {
		return ""
	}
	count := fmt.Sprint(n)
	if n > schedule.MissedScheduleLimit {
		count = fmt.Sprintf("more than %d", schedule.MissedScheduleLimit)
	}
	within := ""
	if cj.Spec.StartingDeadlineSeconds != nil {
		within = fmt.Sprintf(" within startingDeadlineSeconds (%ds)", *cj.Spec.StartingDeadlineSeconds)
	}
	word := "schedules"
	if n == 1 {
		word = "schedule"
	}
	return fmt.Sprintf("cronjob/%s missed %s %s%s; the CronJob controller starts a Job for the most recent one right away (unless concurrencyPolicy forbids it)",
		cj.Name, count, word, within)
}

// nounCount renders n with the singular or plural noun.
func nounCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
