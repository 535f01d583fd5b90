package jobs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/go-logr/logr"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
	"k8s.io/klog/v2"
)

// StatusWatch keeps what ReadStatus read current from three watches (CronJobs, Jobs, the
// Jobs' pods), each started at the resource version of its list: no list is repeated, except
// for a kind whose watch the server expired (410 Gone), which is listed again, paginated.
// Kinds whose list RBAC refused are not watched.
type StatusWatch struct {
	mu       sync.Mutex
	cronJobs map[string]batchv1.CronJob // by namespace/name
	jobs     map[string]batchv1.Job
	pods     map[string]corev1.Pod
	notes    []string
	problems map[string]watchProblem // by resource

	changed chan struct{}
	failed  chan error
}

// WatchStatus starts following the changes after snap (which ReadStatus returned for q) until
// ctx ends. snap is not used afterwards.
func WatchStatus(ctx context.Context, c kubernetes.Interface, q StatusQuery, snap *StatusSnapshot) *StatusWatch {
	w := &StatusWatch{
		cronJobs: byKey(snap.CronJobs),
		jobs:     byKey(snap.Jobs),
		pods:     byKey(snap.Pods),
		notes:    snap.Notes,
		problems: map[string]watchProblem{},
		changed:  make(chan struct{}, 1),
		failed:   make(chan error, 3),
	}
	// client-go logs retried watch errors through klog; the user's terminal shows the table.
	ctx = klog.NewContext(ctx, logr.Discard())
	cronJobs := c.BatchV1().CronJobs(q.Namespace)
	jobs := c.BatchV1().Jobs(q.Namespace)
	pods := c.CoreV1().Pods(q.Namespace)
	withSelector := func(sel string) func(metav1.ListOptions) metav1.ListOptions {
		return func(o metav1.ListOptions) metav1.ListOptions { o.LabelSelector = sel; return o }
	}
	kinds := []watchedKind{
		kindOf(w, &w.cronJobs, "cronjobs.batch", snap.CronJobsVersion, withSelector(q.Selector), cronJobs.Watch, cronJobs.List,
			func(l *batchv1.CronJobList) []batchv1.CronJob { return l.Items },
			func(cj batchv1.CronJob) (batchv1.CronJob, bool) { return TrimCronJob(cj), true }),
		kindOf(w, &w.jobs, "jobs.batch", snap.JobsVersion, withSelector(""), jobs.Watch, jobs.List,
			func(l *batchv1.JobList) []batchv1.Job { return l.Items },
			func(j batchv1.Job) (batchv1.Job, bool) { return TrimJob(j), true }),
		kindOf(w, &w.pods, "pods", snap.PodsVersion, withSelector(jobPodSelector), pods.Watch, pods.List,
			func(l *corev1.PodList) []corev1.Pod { return l.Items }, TrimPod),
	}
	for _, k := range kinds {
		if k.version != "" {
			go w.follow(ctx, k, q.Namespace)
		}
	}
	return w
}

// kindOf is the watchedKind of objects of type T (PT is *T), kept trimmed in *m by namespace
// and name: trim says what is kept of an object and whether it is kept at all (finished pods
// are not); opts sets the list and watch options (the label selector).
func kindOf[T any, PT interface {
	*T
	metav1.Object
}, L metav1.ListInterface](
	w *StatusWatch, m *map[string]T, resource, version string,
	opts func(metav1.ListOptions) metav1.ListOptions,
	watchFn func(context.Context, metav1.ListOptions) (watch.Interface, error),
	list func(context.Context, metav1.ListOptions) (L, error),
	items func(L) []T, trim func(T) (T, bool),
) watchedKind {
	return watchedKind{
		resource: resource, version: version,
		watch: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			return watchFn(ctx, opts(o))
		},
		apply: func(ev watch.Event) bool {
			obj, ok := ev.Object.(PT)
			if !ok {
				return false
			}
			k := obj.GetNamespace() + "/" + obj.GetName()
			kept, keep := trim(*obj)
			if ev.Type == watch.Deleted || !keep {
				_, had := (*m)[k]
				delete(*m, k)
				return had
			}
			(*m)[k] = kept
			return true
		},
		relist: func(ctx context.Context) (string, error) {
			fresh := map[string]T{}
			rv, err := eachPage(ctx, func(o metav1.ListOptions) (metav1.ListInterface, error) {
				l, err := list(ctx, opts(o))
				if err != nil {
					return nil, err
				}
				for _, it := range items(l) {
					if kept, keep := trim(it); keep {
						fresh[PT(&kept).GetNamespace()+"/"+PT(&kept).GetName()] = kept
					}
				}
				return l, nil
			})
			if err == nil {
				w.mu.Lock()
				*m = fresh
				w.mu.Unlock()
			}
			return rv, err
		},
	}
}

// watchedKind is one of the three kinds StatusWatch follows.
type watchedKind struct {
	resource string // as RBAC names it
	version  string // of the list, to watch from
	watch    func(context.Context, metav1.ListOptions) (watch.Interface, error)
	// apply updates the kind's map with an event (under w.mu) and says whether it changed.
	apply func(watch.Event) bool
	// relist replaces the kind's map with a new list and returns its resource version.
	relist func(context.Context) (string, error)
}

// follow watches one kind until ctx ends or the watch cannot go on (then the error goes to
// Failed). client-go's RetryWatcher reconnects after dropped connections and timeouts.
func (w *StatusWatch) follow(ctx context.Context, k watchedKind, namespace string) {
	where := "namespace " + namespace
	if namespace == "" {
		where = "all namespaces"
	}
	watcher := &cache.ListWatch{WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		wi, err := expiredAsEvent(k.watch(ctx, o))
		if ctx.Err() == nil {
			w.setProblem(k.resource, where, err)
		}
		return wi, err
	}}
	version := k.version
	for {
		rw, err := watchtools.NewRetryWatcherWithContext(ctx, version, watcher)
		if err != nil {
			w.fail(fmt.Errorf("watching %s in %s: %w", k.resource, where, err))
			return
		}
		expired := false
		for ev := range rw.ResultChan() {
			if ev.Type == watch.Error {
				err := apierrors.FromObject(ev.Object)
				if apierrors.IsGone(err) || apierrors.IsResourceExpired(err) {
					expired = true
					break
				}
				rw.Stop()
				w.fail(watchError(k.resource, where, err))
				return
			}
			w.mu.Lock()
			changed := k.apply(ev)
			w.mu.Unlock()
			if changed {
				w.signal()
			}
		}
		rw.Stop()
		if ctx.Err() != nil {
			return
		}
		if !expired {
			// The RetryWatcher gives up only when retrying cannot help (forbidden, unauthorized).
			w.mu.Lock()
			err := w.problems[k.resource].err
			w.mu.Unlock()
			w.fail(watchError(k.resource, where, err))
			return
		}
		if version, err = k.relist(ctx); err != nil {
			if ctx.Err() == nil {
				w.fail(fmt.Errorf("listing %s in %s again after its watch expired: %w", k.resource, where, err))
			}
			return
		}
		w.signal()
	}
}

// expiredAsEvent turns a watch call refused because its resource version expired (410) into a
// watch that delivers that error as an event: client-go's RetryWatcher ends on such an event
// (and StatusWatch lists again), but would retry a refused call with the same version forever.
func expiredAsEvent(w watch.Interface, err error) (watch.Interface, error) {
	var status apierrors.APIStatus
	if err == nil || !(apierrors.IsGone(err) || apierrors.IsResourceExpired(err)) || !errors.As(err, &status) {
		return w, err
	}
	st := status.Status()
	events := make(chan watch.Event, 1)
	events <- watch.Event{Type: watch.Error, Object: &st}
	return watch.NewProxyWatcher(events), nil
}

// watchProblem is the error of a kind's latest watch call, which client-go retries.
type watchProblem struct {
	where string
	err   error
}

// setProblem records the outcome of a watch call of resource (err nil: it works again) and
// signals a change when that turns a problem on or off.
func (w *StatusWatch) setProblem(resource, where string, err error) {
	w.mu.Lock()
	_, had := w.problems[resource]
	if err != nil {
		w.problems[resource] = watchProblem{where: where, err: err}
	} else {
		delete(w.problems, resource)
	}
	w.mu.Unlock()
	if had != (err != nil) {
		w.signal()
	}
}

// Problems says which watches are failing and being retried (the server unreachable, ...):
// until they work again, what they watch may be out of date. Empty when all is well.
func (w *StatusWatch) Problems() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, resource := range slices.Sorted(maps.Keys(w.problems)) {
		p := w.problems[resource]
		out = append(out, fmt.Sprintf("watching %s in %s fails (retrying; %s may be out of date): %v", resource, p.where, resource, p.err))
	}
	return out
}

// watchError says which watch could not go on, and for RBAC what is needed.
func watchError(resource, where string, err error) error {
	switch {
	case err == nil:
		return fmt.Errorf("watching %s in %s: the watch ended", resource, where)
	case apierrors.IsForbidden(err):
		return fmt.Errorf("forbidden: you need RBAC permission to watch %s in %s (--watch): %w", resource, where, err)
	}
	return fmt.Errorf("watching %s in %s: %w", resource, where, err)
}

func (w *StatusWatch) signal() {
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

func (w *StatusWatch) fail(err error) {
	select {
	case w.failed <- err:
	default:
	}
}

// Changed receives a value after one or more changes (coalesced: one value may stand for many).
func (w *StatusWatch) Changed() <-chan struct{} { return w.changed }

// Failed receives the error of a watch that cannot go on (e.g. RBAC allows list, not watch).
func (w *StatusWatch) Failed() <-chan error { return w.failed }

// Snapshot returns the current state, each kind in namespace and name order as a list has it.
func (w *StatusWatch) Snapshot() *StatusSnapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	return &StatusSnapshot{
		CronJobs: sortedValues(w.cronJobs),
		Jobs:     sortedValues(w.jobs),
		Pods:     sortedValues(w.pods),
		Notes:    w.notes,
	}
}

// byKey indexes objects by namespace/name.
func byKey[T any, PT interface {
	*T
	metav1.Object
}](objs []T) map[string]T {
	m := make(map[string]T, len(objs))
	for i := range objs {
		o := PT(&objs[i])
		m[o.GetNamespace()+"/"+o.GetName()] = objs[i]
	}
	return m
}

func sortedValues[T any](m map[string]T) []T {
	out := make([]T, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}
