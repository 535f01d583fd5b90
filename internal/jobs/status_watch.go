package jobs

import (
	"context"
	"errors"
	"fmt"
	"sort"
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

	changed chan struct{}
	failed  chan error
}

// WatchStatus starts following the changes after snap (which ReadStatus returned for q) until
// ctx ends. snap is not used afterwards.
func WatchStatus(ctx context.Context, c kubernetes.Interface, q StatusQuery, snap *StatusSnapshot) *StatusWatch {
	w := &StatusWatch{
		cronJobs: map[string]batchv1.CronJob{},
		jobs:     map[string]batchv1.Job{},
		pods:     map[string]corev1.Pod{},
		notes:    snap.Notes,
		changed:  make(chan struct{}, 1),
		failed:   make(chan error, 3),
	}
	for _, cj := range snap.CronJobs {
		w.cronJobs[key(&cj.ObjectMeta)] = cj
	}
	for _, j := range snap.Jobs {
		w.jobs[key(&j.ObjectMeta)] = j
	}
	for _, p := range snap.Pods {
		w.pods[key(&p.ObjectMeta)] = p
	}
	// client-go logs retried watch errors through klog; the user's terminal shows the table.
	ctx = klog.NewContext(ctx, logr.Discard())
	cronJobs := c.BatchV1().CronJobs(q.Namespace)
	jobs := c.BatchV1().Jobs(q.Namespace)
	pods := c.CoreV1().Pods(q.Namespace)
	kinds := []watchedKind{
		{
			resource: "cronjobs.batch", version: snap.CronJobsVersion,
			watch: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
				o.LabelSelector = q.Selector
				return cronJobs.Watch(ctx, o)
			},
			apply: func(ev watch.Event) bool {
				cj, ok := ev.Object.(*batchv1.CronJob)
				if !ok {
					return false
				}
				if ev.Type == watch.Deleted {
					delete(w.cronJobs, key(&cj.ObjectMeta))
				} else {
					w.cronJobs[key(&cj.ObjectMeta)] = TrimCronJob(*cj)
				}
				return true
			},
			relist: func(ctx context.Context) (string, error) {
				fresh := map[string]batchv1.CronJob{}
				rv, err := eachPage(ctx, func(o metav1.ListOptions) (metav1.ListInterface, error) {
					o.LabelSelector = q.Selector
					l, err := cronJobs.List(ctx, o)
					if err == nil {
						for i := range l.Items {
							fresh[key(&l.Items[i].ObjectMeta)] = TrimCronJob(l.Items[i])
						}
					}
					return l, err
				})
				if err == nil {
					w.mu.Lock()
					w.cronJobs = fresh
					w.mu.Unlock()
				}
				return rv, err
			},
		},
		{
			resource: "jobs.batch", version: snap.JobsVersion,
			watch: jobs.Watch,
			apply: func(ev watch.Event) bool {
				j, ok := ev.Object.(*batchv1.Job)
				if !ok {
					return false
				}
				if ev.Type == watch.Deleted {
					delete(w.jobs, key(&j.ObjectMeta))
				} else {
					w.jobs[key(&j.ObjectMeta)] = TrimJob(*j)
				}
				return true
			},
			relist: func(ctx context.Context) (string, error) {
				fresh := map[string]batchv1.Job{}
				rv, err := eachPage(ctx, func(o metav1.ListOptions) (metav1.ListInterface, error) {
					l, err := jobs.List(ctx, o)
					if err == nil {
						for i := range l.Items {
							fresh[key(&l.Items[i].ObjectMeta)] = TrimJob(l.Items[i])
						}
					}
					return l, err
				})
				if err == nil {
					w.mu.Lock()
					w.jobs = fresh
					w.mu.Unlock()
				}
				return rv, err
			},
		},
		{
			resource: "pods", version: snap.PodsVersion,
			watch: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
				o.LabelSelector = jobPodSelector
				return pods.Watch(ctx, o)
			},
			apply: func(ev watch.Event) bool {
				p, ok := ev.Object.(*corev1.Pod)
				if !ok {
					return false
				}
				k := key(&p.ObjectMeta)
				trimmed, keep := TrimPod(*p)
				if ev.Type == watch.Deleted || !keep {
					_, had := w.pods[k]
					delete(w.pods, k)
					return had
				}
				w.pods[k] = trimmed
				return true
			},
			relist: func(ctx context.Context) (string, error) {
				fresh := map[string]corev1.Pod{}
				rv, err := eachPage(ctx, func(o metav1.ListOptions) (metav1.ListInterface, error) {
					o.LabelSelector = jobPodSelector
					l, err := pods.List(ctx, o)
					if err == nil {
						for i := range l.Items {
							if p, keep := TrimPod(l.Items[i]); keep {
								fresh[key(&p.ObjectMeta)] = p
							}
						}
					}
					return l, err
				})
				if err == nil {
					w.mu.Lock()
					w.pods = fresh
					w.mu.Unlock()
				}
				return rv, err
			},
		},
	}
	for _, k := range kinds {
		if k.version != "" {
			go w.follow(ctx, k, q.Namespace)
		}
	}
	return w
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
	var lastErr error
	var errMu sync.Mutex
	watcher := &cache.ListWatch{WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		wi, err := expiredAsEvent(k.watch(ctx, o))
		errMu.Lock()
		lastErr = err
		errMu.Unlock()
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
			errMu.Lock()
			err := lastErr
			errMu.Unlock()
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

func key(m *metav1.ObjectMeta) string { return m.Namespace + "/" + m.Name }

func sortedValues[T any](m map[string]T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}
