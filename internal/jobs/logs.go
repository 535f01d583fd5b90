package jobs

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
)

// LabelJobName is the label the Job controller puts on a Job's pods (and, for generated
// selectors, on the Job) with the Job's name.
const LabelJobName = "batch.kubernetes.io/job-name"

// DefaultDrain is how long, after a Job finished, a followed log stream may stay silent before
// it is closed. A kubelet ends the stream of an exited container itself; some (kwok) never do.
const DefaultDrain = time.Second

// LogOptions select what a LogPrinter prints.
type LogOptions struct {
	// Container restricts the logs to one container; by default every container in
	// spec.containers is read (the prefix then names the container when there are several).
	Container string
	// AllContainers reads every container: init containers (native sidecars included) first,
	// then spec.containers.
	AllContainers bool
	// Previous reads the previous instance of each container (the one before a restart).
	Previous bool
	// SinceSeconds, SinceTime and TailLines are passed to every pod's log request (nil:
	// everything).
	SinceSeconds *int64
	SinceTime    *metav1.Time
	TailLines    *int64
	// MaxRequests bounds the log streams Follow keeps open at once (0: no bound); a pod
	// beyond it waits for a stream to end, with a note.
	MaxRequests int
	// Timestamps asks the kubelet to put each line's RFC3339 timestamp first.
	Timestamps bool
	// NoPrefix leaves out the "[pod] " prefix.
	NoPrefix bool
	// Drain overrides DefaultDrain for Follow.
	Drain time.Duration
}

// LogPrinter prints the logs of Jobs' pods (every attempt), each line prefixed with the pod's
// name: "[pod] line", or "[pod/container] line" for pods with several containers. It reads the
// pods/log subresource through the API server.
type LogPrinter struct {
	Client    kubernetes.Interface
	Namespace string
	Options   LogOptions
	// Out receives the log lines; each Write is one whole line.
	Out io.Writer
	// ErrOut receives notes: pods that have no logs yet, streams that failed.
	ErrOut io.Writer

	mu sync.Mutex // serialises writes to Out and ErrOut
}

// PodSelector returns the label selector of a Job's pods: its spec.selector (the
// controller-uid label the server generates, or the user's manual selector), or, for a Job
// not yet stored, the job-name label.
func PodSelector(job *batchv1.Job) (labels.Selector, error) {
	if job.Spec.Selector == nil {
		return labels.SelectorFromSet(labels.Set{LabelJobName: job.Name}), nil
	}
	sel, err := metav1.LabelSelectorAsSelector(job.Spec.Selector)
	if err != nil {
		return nil, fmt.Errorf("job/%s has an invalid selector: %w", job.Name, err)
	}
	return sel, nil
}

// ownedBy reports whether pod belongs to job: its controller is the Job (a manual selector may
// also match other Jobs' pods).
func ownedBy(pod *corev1.Pod, job *batchv1.Job) bool {
	if job.UID == "" {
		return true
	}
	ref := metav1.GetControllerOf(pod)
	return ref == nil || ref.UID == job.UID
}

// PodsOfJobs lists the pods of the given Jobs (one list call per Job), all attempts, oldest
// first (by creation time, then name).
func PodsOfJobs(ctx context.Context, client kubernetes.Interface, namespace string, jobs []*batchv1.Job) ([]corev1.Pod, error) {
	var pods []corev1.Pod
	for _, job := range jobs {
		sel, err := PodSelector(job)
		if err != nil {
			return nil, err
		}
		list, err := client.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
		if err != nil {
			return nil, describePodsError(err, "list", namespace)
		}
		for i := range list.Items {
			if ownedBy(&list.Items[i], job) {
				pods = append(pods, list.Items[i])
			}
		}
	}
	sortPods(pods)
	return pods, nil
}

func sortPods(pods []corev1.Pod) {
	sort.SliceStable(pods, func(i, j int) bool {
		a, b := pods[i].CreationTimestamp, pods[j].CreationTimestamp
		if !a.Equal(&b) {
			return a.Before(&b)
		}
		return pods[i].Name < pods[j].Name
	})
}

func describePodsError(err error, verb, namespace string) error {
	if apierrors.IsForbidden(err) {
		return fmt.Errorf("forbidden: you need RBAC permission to %s pods in namespace %s (%v)", verb, namespace, err)
	}
	return fmt.Errorf("%s pods in namespace %s: %w", verb, namespace, err)
}

// JobsOfCronJob lists the Jobs the CronJob controls (ownerReference with controller: true to
// its UID), oldest first. One list call.
func JobsOfCronJob(ctx context.Context, client kubernetes.Interface, cj *batchv1.CronJob) ([]*batchv1.Job, error) {
	list, err := client.BatchV1().Jobs(cj.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, DescribeError(err, "list", Ref{Kind: KindJob}, cj.Namespace)
	}
	var out []*batchv1.Job
	for i := range list.Items {
		if ref := metav1.GetControllerOf(&list.Items[i]); ref != nil && ref.UID == cj.UID {
			out = append(out, &list.Items[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].CreationTimestamp, out[j].CreationTimestamp
		if !a.Equal(&b) {
			return a.Before(&b)
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// CheckContainer returns an error when the Job's pod template has no container named name.
func CheckContainer(job *batchv1.Job, name string) error {
	if name == "" {
		return nil
	}
	var names []string
	for _, cs := range [][]corev1.Container{job.Spec.Template.Spec.Containers, job.Spec.Template.Spec.InitContainers} {
		for _, c := range cs {
			if c.Name == name {
				return nil
			}
			names = append(names, c.Name)
		}
	}
	return fmt.Errorf("container %q is not in the pods of job/%s; they have: %s", name, job.Name, strings.Join(names, ", "))
}

// containers returns the containers of pod to read and the prefix of each.
func (p *LogPrinter) containers(pod *corev1.Pod) (names, prefixes []string) {
	switch {
	case p.Options.Container != "":
		names = []string{p.Options.Container}
	case p.Options.AllContainers:
		for _, c := range pod.Spec.InitContainers {
			names = append(names, c.Name)
		}
		fallthrough
	default:
		for _, c := range pod.Spec.Containers {
			names = append(names, c.Name)
		}
	}
	for _, n := range names {
		switch {
		case p.Options.NoPrefix:
			prefixes = append(prefixes, "")
		case len(names) > 1:
			prefixes = append(prefixes, "["+pod.Name+"/"+n+"] ")
		default:
			prefixes = append(prefixes, "["+pod.Name+"] ")
		}
	}
	return names, prefixes
}

// podStarted reports whether pod has left Pending or one of its containers has started: before
// that there are no logs to read.
func podStarted(pod *corev1.Pod) bool {
	if pod.Status.Phase != corev1.PodPending && pod.Status.Phase != "" {
		return true
	}
	for _, cs := range pod.Status.ContainerStatuses {
		if cs.State.Running != nil || cs.State.Terminated != nil {
			return true
		}
	}
	return false
}

func (p *LogPrinter) logOptions(container string, follow bool) *corev1.PodLogOptions {
	return &corev1.PodLogOptions{Container: container, Follow: follow, Previous: p.Options.Previous,
		SinceSeconds: p.Options.SinceSeconds, SinceTime: p.Options.SinceTime,
		TailLines: p.Options.TailLines, Timestamps: p.Options.Timestamps}
}

// Print prints the logs the Jobs' pods have now (no following), pod after pod, oldest pod
// first. Pods that have not started are noted on ErrOut. API calls: one pod list per Job and
// one log request per pod and container. An error for one pod does not stop the others; the
// returned error then counts them.
func (p *LogPrinter) Print(ctx context.Context, jobs []*batchv1.Job) error {
	for _, job := range jobs {
		if err := CheckContainer(job, p.Options.Container); err != nil {
			return err
		}
	}
	pods, err := PodsOfJobs(ctx, p.Client, p.Namespace, jobs)
	if err != nil {
		return err
	}
	if len(pods) == 0 {
		p.note("no pods found for %s", jobNames(jobs))
		return nil
	}
	failed := 0
	for i := range pods {
		pod := &pods[i]
		if !podStarted(pod) {
			p.note("pod/%s is %s: no logs yet", pod.Name, pod.Status.Phase)
			continue
		}
		names, prefixes := p.containers(pod)
		for j, c := range names {
			if err := p.copyLog(ctx, pod.Name, c, prefixes[j], false, nil); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				failed++
				p.note("logs of pod/%s container %s: %v", pod.Name, c, err)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("could not read %d of the logs (see above)", failed)
	}
	return nil
}

func jobNames(jobs []*batchv1.Job) string {
	var s []string
	for _, j := range jobs {
		s = append(s, "job/"+j.Name)
	}
	return strings.Join(s, ", ")
}

func (p *LogPrinter) note(format string, args ...any) {
	if p.ErrOut == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.ErrOut, format+"\n", args...)
}

func (p *LogPrinter) writeLine(prefix string, line []byte) {
	buf := make([]byte, 0, len(prefix)+len(line)+1)
	buf = append(buf, prefix...)
	buf = append(buf, line...)
	if !bytes.HasSuffix(buf, []byte("\n")) {
		buf = append(buf, '\n')
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, _ = p.Out.Write(buf)
}

// copyLog streams one container's log to Out, line by line. seen, when set, is called for
// every line received.
func (p *LogPrinter) copyLog(ctx context.Context, pod, container, prefix string, follow bool, seen func()) error {
	rc, err := p.Client.CoreV1().Pods(p.Namespace).GetLogs(pod, p.logOptions(container, follow)).Stream(ctx)
	if err != nil {
		return err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			if seen != nil {
				seen()
			}
			p.writeLine(prefix, line)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// Follow streams the logs of job's pods as they start (retries included) until finished is
// closed, i.e. the caller saw the Job finish; it then picks up pods it has not seen yet with
// one last list, lets every stream end by itself or go silent for Options.Drain, and returns.
// API calls: a pod list+watch, one follow request per pod and container, a final pod list.
// Failed streams are noted on ErrOut and counted in the returned error; a failed pod watch
// (e.g. forbidden) ends Follow with that error at once.
func (p *LogPrinter) Follow(ctx context.Context, job *batchv1.Job, finished <-chan struct{}) error {
	if err := CheckContainer(job, p.Options.Container); err != nil {
		return err
	}
	sel, err := PodSelector(job)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	f := &follower{p: p, job: job, started: map[string]bool{}, draining: make(chan struct{}), drain: p.Options.Drain}
	if p.Options.MaxRequests > 0 {
		f.slots = make(chan struct{}, p.Options.MaxRequests)
	}
	if f.drain <= 0 {
		f.drain = DefaultDrain
	}
	pods := p.Client.CoreV1().Pods(p.Namespace)
	podsCtx, stopPods := context.WithCancel(ctx)
	defer stopPods()
	watchDone := make(chan error, 1)
	go func() {
		lw := newListWatch(
			func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
				o.LabelSelector = sel.String()
				return pods.List(ctx, o)
			},
			func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
				o.LabelSelector = sel.String()
				return pods.Watch(ctx, o)
			})
		watchDone <- lw.until(podsCtx, &corev1.Pod{},
			func(items []any) (bool, error) {
				for _, it := range items {
					f.start(ctx, it.(*corev1.Pod))
				}
				return false, nil
			},
			func(ev watch.Event) (bool, error) {
				if pod, ok := ev.Object.(*corev1.Pod); ok && ev.Type != watch.Deleted {
					f.start(ctx, pod)
				}
				return false, nil
			})
	}()

	select {
	case <-finished:
		stopPods()
		<-watchDone
	case err := <-watchDone:
		var apiErr *apiCallError
		if errors.As(err, &apiErr) && ctx.Err() == nil {
			cancel()
			f.wg.Wait()
			return describePodsError(apiErr.err, apiErr.verb, p.Namespace)
		}
		if ctx.Err() == nil {
			// The watch cannot end otherwise; wait for the Job all the same.
			select {
			case <-finished:
			case <-ctx.Done():
			}
		}
	case <-ctx.Done():
	}
	if ctx.Err() != nil {
		cancel()
		f.wg.Wait()
		return fmt.Errorf("following logs: %w", ctx.Err())
	}
	// Pods the watch had not delivered yet (a retry that ran and ended quickly).
	if list, err := pods.List(ctx, metav1.ListOptions{LabelSelector: sel.String()}); err == nil {
		sortPods(list.Items)
		for i := range list.Items {
			f.start(ctx, &list.Items[i])
		}
	} else {
		p.note("listing the pods of job/%s: %v", job.Name, err)
	}
	close(f.draining)
	f.wg.Wait()
	if n := f.failed.Load(); n > 0 {
		return fmt.Errorf("could not read %d of the logs (see above)", n)
	}
	return nil
}

// follower is the state of one Follow.
type follower struct {
	p        *LogPrinter
	job      *batchv1.Job
	drain    time.Duration
	draining chan struct{}
	wg       sync.WaitGroup
	failed   atomic.Int32

	// slots holds a token per open stream when the streams are bounded (MaxRequests).
	slots      chan struct{}
	waitedOnce sync.Once

	mu      sync.Mutex
	started map[string]bool // name/uid of the pods streamed
}

// acquire takes a stream slot, waiting (with a note, once) while all are taken; false when ctx
// ended first.
func (f *follower) acquire(ctx context.Context, pod, container string) bool {
	if f.slots == nil {
		return true
	}
	select {
	case f.slots <- struct{}{}:
		return true
	default:
	}
	f.waitedOnce.Do(func() {
		f.p.note("pod/%s container %s waits: %d log streams are open, the most --max-log-requests allows; it is shown when one ends", pod, container, cap(f.slots))
	})
	select {
	case f.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (f *follower) release() {
	if f.slots != nil {
		<-f.slots
	}
}

// start begins streaming pod's containers unless it has not started or is streamed already.
func (f *follower) start(ctx context.Context, pod *corev1.Pod) {
	if !ownedBy(pod, f.job) || !podStarted(pod) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	key := pod.Name + "/" + string(pod.UID)
	if f.started[key] {
		return
	}
	f.started[key] = true
	names, prefixes := f.p.containers(pod)
	for i := range names {
		f.wg.Add(1)
		go f.stream(ctx, pod.Name, names[i], prefixes[i])
	}
}

func (f *follower) stream(ctx context.Context, pod, container, prefix string) {
	defer f.wg.Done()
	if !f.acquire(ctx, pod, container) {
		return
	}
	defer f.release()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var last atomic.Int64
	last.Store(time.Now().UnixNano())
	go func() {
		select {
		case <-f.draining:
		case <-sctx.Done():
			return
		}
		from := time.Now().UnixNano()
		t := time.NewTicker(f.drain / 10)
		defer t.Stop()
		for {
			select {
			case <-sctx.Done():
				return
			case <-t.C:
				if time.Since(time.Unix(0, max(last.Load(), from))) >= f.drain {
					cancel()
					return
				}
			}
		}
	}()
	err := f.p.copyLog(sctx, pod, container, prefix, true, func() { last.Store(time.Now().UnixNano()) })
	if err != nil && sctx.Err() == nil {
		f.failed.Add(1)
		f.p.note("logs of pod/%s container %s: %v", pod, container, err)
	}
}
