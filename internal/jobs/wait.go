package jobs

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/go-logr/logr"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
	"k8s.io/klog/v2"
)

// Outcome is where a Job stands.
type Outcome int

// The outcomes of a Job.
const (
	// OutcomeRunning: no terminal condition yet (the Job may also be suspended).
	OutcomeRunning Outcome = iota
	// OutcomeComplete: the Job has the condition Complete=True.
	OutcomeComplete
	// OutcomeFailed: the Job has the condition Failed=True.
	OutcomeFailed
	// OutcomeDeleted: the Job was deleted before it finished.
	OutcomeDeleted
)

// String names the outcome as the status lines show it.
func (o Outcome) String() string {
	switch o {
	case OutcomeComplete:
		return "complete"
	case OutcomeFailed:
		return "failed"
	case OutcomeDeleted:
		return "deleted"
	}
	return "running"
}

// Finished reports whether the Job will not change any more.
func (o Outcome) Finished() bool { return o != OutcomeRunning }

// JobOutcome reads a Job's terminal condition: Complete or Failed (status True), with the
// condition itself (its Reason and Message say why a Job failed, e.g. BackoffLimitExceeded or
// DeadlineExceeded). The interim conditions SuccessCriteriaMet and FailureTarget do not count:
// the Job is finished only when its pods are gone and the terminal condition is set.
func JobOutcome(job *batchv1.Job) (Outcome, *batchv1.JobCondition) {
	for i := range job.Status.Conditions {
		c := &job.Status.Conditions[i]
		if c.Status != corev1.ConditionTrue {
			continue
		}
		switch c.Type {
		case batchv1.JobComplete:
			return OutcomeComplete, c
		case batchv1.JobFailed:
			return OutcomeFailed, c
		}
	}
	return OutcomeRunning, nil
}

// IsSuspended reports whether the Job is suspended (spec.suspend, or the Suspended condition).
func IsSuspended(job *batchv1.Job) bool {
	if job.Spec.Suspend != nil && *job.Spec.Suspend {
		return true
	}
	for _, c := range job.Status.Conditions {
		if c.Type == batchv1.JobSuspended && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

// JobState is the last seen state of one Job a JobWaiter tracks.
type JobState struct {
	Name string
	// Job is the last version seen (for a deleted Job, the last one before deletion).
	Job       *batchv1.Job
	Outcome   Outcome
	Condition *batchv1.JobCondition // the Complete or Failed condition, when there is one
}

// JobWaiter waits with one list+watch until Jobs are finished (Complete or Failed), which plain
// `kubectl wait --for=condition=complete` cannot do for failed Jobs.
type JobWaiter struct {
	Client    kubernetes.Interface
	Namespace string
	// Names lists the Jobs to wait for. When empty, Selector (a label selector) chooses them:
	// every Job that matches it, including Jobs created while waiting.
	Names    []string
	Selector string
	// FailFast ends the wait as soon as one tracked Job failed or was deleted, with the others
	// still running (their states say so); otherwise the wait goes on until every Job finished.
	FailFast bool
	// OnChange, when set, is called with the tracked Jobs (sorted by name) first after the
	// initial list and then whenever the status of one of them changes. Calls come from one
	// goroutine, one at a time.
	OnChange func([]JobState)
}

// Wait blocks until every tracked Job is finished (with FailFast: or one failed), or ctx ends. It returns the last state of
// each Job (also on errors, when known). A named Job that does not exist is an error, as is a
// selector that matches nothing. A Job deleted while running gets OutcomeDeleted. When ctx ends
// the error wraps ctx.Err() (context.DeadlineExceeded for a timeout).
func (w *JobWaiter) Wait(ctx context.Context) ([]JobState, error) {
	if len(w.Names) == 0 && w.Selector == "" {
		return nil, errors.New("no jobs to wait for: give names or a selector")
	}
	wanted := map[string]bool{}
	for _, n := range w.Names {
		wanted[n] = true
	}
	opts := metav1.ListOptions{LabelSelector: w.Selector}
	if len(w.Names) == 1 {
		opts.FieldSelector = fields.OneTermEqualSelector("metadata.name", w.Names[0]).String()
	}
	client := w.Client.BatchV1().Jobs(w.Namespace)
	// The informer replays the initial list as Added events after the precondition has seen
	// the store (which may already be newer): states follow the events, in order, so status
	// lines never go backwards; the store only answers "missing?" and "all finished already?".
	states := map[string]*JobState{}
	var last []JobState
	snapshot := func(m map[string]*JobState) []JobState {
		out := make([]JobState, 0, len(m))
		for _, s := range m {
			out = append(out, *s)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return out
	}
	track := func(m map[string]*JobState, job *batchv1.Job, deleted bool) bool {
		if len(wanted) > 0 && !wanted[job.Name] {
			return false
		}
		prev := m[job.Name]
		if prev != nil && prev.Outcome.Finished() {
			return false // a finished Job keeps its verdict
		}
		s := &JobState{Name: job.Name, Job: job}
		s.Outcome, s.Condition = JobOutcome(job)
		if deleted {
			s.Outcome = OutcomeDeleted
		}
		m[job.Name] = s
		return prev == nil || prev.Outcome != s.Outcome || statusKey(prev.Job) != statusKey(job)
	}
	// initial holds the Jobs of the initial list: the replayed events must have shown each of
	// them before the verdict, or a selector's first finished Job would end the wait.
	var initial map[string]*JobState
	allDone := func(m map[string]*JobState) bool {
		if w.FailFast {
			for _, s := range m {
				if s.Outcome == OutcomeFailed || s.Outcome == OutcomeDeleted {
					return true
				}
			}
		}
		if len(m) == 0 || len(m) < len(wanted) {
			return false
		}
		for name := range initial {
			if m[name] == nil {
				return false
			}
		}
		for _, s := range m {
			if !s.Outcome.Finished() {
				return false
			}
		}
		return true
	}
	lw := newListWatch(
		func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			o.LabelSelector, o.FieldSelector = opts.LabelSelector, opts.FieldSelector
			return client.List(ctx, o)
		},
		func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			o.LabelSelector, o.FieldSelector = opts.LabelSelector, opts.FieldSelector
			return client.Watch(ctx, o)
		})
	err := lw.until(ctx, &batchv1.Job{},
		func(items []any) (bool, error) {
			initial = map[string]*JobState{}
			for _, it := range items {
				track(initial, it.(*batchv1.Job), false)
			}
			if missing := w.missing(initial); len(missing) > 0 {
				return false, fmt.Errorf("%s not found in namespace %s", strings.Join(missing, ", "), w.Namespace)
			}
			if len(initial) == 0 {
				return false, fmt.Errorf("no jobs match the selector %q in namespace %s", w.Selector, w.Namespace)
			}
			if allDone(initial) {
				states = initial
				initial = nil
				last = snapshot(states)
				if w.OnChange != nil {
					w.OnChange(last)
				}
				return true, nil
			}
			return false, nil
		},
		func(ev watch.Event) (bool, error) {
			job, ok := ev.Object.(*batchv1.Job)
			if !ok {
				return false, nil
			}
			if track(states, job, ev.Type == watch.Deleted) {
				last = snapshot(states)
				if w.OnChange != nil {
					w.OnChange(last)
				}
			}
			return allDone(states), nil
		})
	// A fail-fast end may come before the replay showed every Job: report those as listed.
	merged := false
	for name, s := range initial {
		if states[name] == nil {
			states[name], merged = s, true
		}
	}
	if (last == nil || merged) && len(states) > 0 {
		last = snapshot(states)
	}
	if err != nil {
		var apiErr *apiCallError
		if errors.As(err, &apiErr) {
			return last, w.describe(apiErr)
		}
		return last, err
	}
	return last, nil
}

func (w *JobWaiter) missing(states map[string]*JobState) []string {
	var out []string
	for _, n := range w.Names {
		if states[n] == nil {
			out = append(out, Ref{Kind: KindJob, Name: n}.String())
		}
	}
	return out
}

func (w *JobWaiter) describe(e *apiCallError) error {
	if len(w.Names) == 1 {
		return DescribeError(e.err, e.verb, Ref{Kind: KindJob, Name: w.Names[0]}, w.Namespace)
	}
	if apierrors.IsForbidden(e.err) || apierrors.IsUnauthorized(e.err) {
		return DescribeError(e.err, e.verb, Ref{Kind: KindJob}, w.Namespace)
	}
	what := "jobs " + strings.Join(w.Names, ", ")
	if len(w.Names) == 0 {
		what = fmt.Sprintf("jobs with selector %q", w.Selector)
	}
	return fmt.Errorf("%s %s in namespace %s: %w", e.verb, what, w.Namespace, e.err)
}

// statusKey is what a status line shows of a Job; a change of it is worth a line.
func statusKey(job *batchv1.Job) string {
	if job == nil {
		return ""
	}
	s := job.Status
	ready := int32(0)
	if s.Ready != nil {
		ready = *s.Ready
	}
	uncounted := 0
	if s.UncountedTerminatedPods != nil {
		uncounted = len(s.UncountedTerminatedPods.Succeeded) + 1000*len(s.UncountedTerminatedPods.Failed)
	}
	return fmt.Sprintf("%d/%d/%d/%d/%d/%t", s.Active, ready, s.Succeeded, s.Failed, uncounted, IsSuspended(job))
}

// apiCallError is an API error of a list or watch call, with the verb that failed.
type apiCallError struct {
	verb string
	err  error
}

func (e *apiCallError) Error() string { return e.verb + ": " + e.err.Error() }
func (e *apiCallError) Unwrap() error { return e.err }

// listWatch is a cache.ListerWatcher for client-go's UntilWithSync that
//   - makes the initial list a consistent read (resourceVersion "" rather than the informer's
//     "0", which the watch cache may answer with a version that misses a just-created object);
//   - ends the wait at once with the error when a call fails before the first list succeeded
//     (forbidden, unauthorized, unreachable server), instead of the informer retrying forever;
//     later errors (a dropped connection) are retried by the informer as usual;
//   - keeps the informer's own error logging out of the user's terminal.
type listWatch struct {
	list  func(context.Context, metav1.ListOptions) (runtime.Object, error)
	watch func(context.Context, metav1.ListOptions) (watch.Interface, error)

	mu     sync.Mutex
	synced bool
	fatal  *apiCallError
	cancel context.CancelFunc
}

func newListWatch(list func(context.Context, metav1.ListOptions) (runtime.Object, error),
	watchFn func(context.Context, metav1.ListOptions) (watch.Interface, error)) *listWatch {
	return &listWatch{list: list, watch: watchFn}
}

// IsWatchListSemanticsUnSupported tells the reflector to use list+watch, not a watch-list
// stream: the fail-fast and consistent-read rules above are written for a list.
func (l *listWatch) IsWatchListSemanticsUnSupported() bool { return true }

// fail ends the wait with err, unless a list has succeeded before and always is false.
func (l *listWatch) fail(verb string, err error, always bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if (l.synced && !always) || l.fatal != nil {
		return
	}
	l.fatal = &apiCallError{verb: verb, err: err}
	if l.cancel != nil {
		l.cancel()
	}
}

func (l *listWatch) ListWithContext(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
	if o.ResourceVersion == "0" {
		o.ResourceVersion, o.ResourceVersionMatch = "", ""
	}
	obj, err := l.list(ctx, o)
	if err != nil {
		if ctx.Err() == nil { // not the wait ending
			l.fail("list", err, false)
		}
		return nil, err
	}
	l.mu.Lock()
	l.synced = true
	l.mu.Unlock()
	return obj, nil
}

func (l *listWatch) WatchWithContext(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	w, err := l.watch(ctx, o)
	if err != nil {
		if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
			// Allowed to list, not to watch: retrying will not help.
			l.fail("watch", err, true)
		}
		return nil, err
	}
	return w, nil
}

// List implements cache.Lister (the informer calls ListWithContext).
func (l *listWatch) List(o metav1.ListOptions) (runtime.Object, error) {
	return l.ListWithContext(context.Background(), o)
}

// Watch implements cache.Watcher (the informer calls WatchWithContext).
func (l *listWatch) Watch(o metav1.ListOptions) (watch.Interface, error) {
	return l.WatchWithContext(context.Background(), o)
}

// until runs client-go's UntilWithSync over l: synced is called once with the objects of the
// initial list, then event for every change; it stops when either returns true or an error, or
// ctx ends (the error then wraps ctx.Err()).
func (l *listWatch) until(ctx context.Context, obj runtime.Object, synced func([]any) (bool, error), event func(watch.Event) (bool, error)) error {
	wctx, cancel := context.WithCancel(klog.NewContext(ctx, logr.Discard()))
	defer cancel()
	l.mu.Lock()
	l.cancel = cancel
	l.mu.Unlock()
	_, err := watchtools.UntilWithSync(wctx, l, obj,
		func(store cache.Store) (bool, error) { return synced(store.List()) },
		event)
	l.mu.Lock()
	fatal := l.fatal
	l.mu.Unlock()
	switch {
	case fatal != nil:
		return fatal
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("watching: %w", ctx.Err())
	}
	return err
}
