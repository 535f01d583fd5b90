package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

var waitExample = `  # Wait for a Job to finish: exit 0 when it completes, 1 when it fails
  kubectl batch wait job/migrate-db

  # Several Jobs, or every Job with a label; give up after 10 minutes (exit 2)
  kubectl batch wait job/a job/b --timeout 10m
  kubectl batch wait -l app=etl -n data

  # In a script
  if ! kubectl batch wait job/backup; then echo "backup failed"; fi

  # Every Job to its end, even when one fails; the final states as JSON
  kubectl batch wait -l app=etl --fail-fast=false -o json | jq '.jobs[] | select(.result != "Complete")'`

// WaitOptions holds the flags and resolved state of "kubectl batch wait".
type WaitOptions struct {
	Selector string
	Timeout  time.Duration
	FailFast bool
	Output   string
	// Heartbeat is how often, without a terminal, a silent wait says it still waits (0: never).
	Heartbeat time.Duration

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	names     []string
	client    kubernetes.Interface
	namespace string
}

// NewCmdWait builds "kubectl batch wait".
func NewCmdWait(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &WaitOptions{ConfigFlags: flags, IOStreams: streams, FailFast: true, Heartbeat: defaultHeartbeat}
	cmd := &cobra.Command{
		Use:   "wait (job/NAME... | -l SELECTOR)",
		Short: "Wait until Jobs complete or fail; the exit code says which",
		Long: `Wait until each Job is finished: Complete or Failed. Unlike
'kubectl wait --for=condition=complete', a failed Job ends the wait at once (--fail-fast,
the default): the other Jobs are reported as still running. With --fail-fast=false the wait
goes on until every Job finished.

Waits with a watch (no polling). On a terminal a one-line live status shows the active,
succeeded and failed pods and the elapsed time; otherwise a plain line is printed on stderr
whenever a Job's pod counts change, and a "still waiting" line when nothing was printed for
--heartbeat (30s), so CI systems do not kill a silent step. Both say why a Job does not
progress when its pods tell: a pod Unschedulable, in ImagePullBackOff, CrashLoopBackOff, ...
(also in the message of a --timeout). At the end one line per Job goes to stdout: complete, or
failed with the reason and message of its Failed condition (e.g. BackoffLimitExceeded,
DeadlineExceeded), or still running. -o json prints one document instead: "outcome"
(Complete, Failed, TimedOut or Interrupted) and per Job its result, reason, message, pod
counts, start and end time; also on a timeout. With -l, Jobs that start to match while waiting are waited for too.

This command: 0 every Job completed; 1 a Job failed (or was deleted before it finished);
2 also when a Job or the namespace is not found, or --timeout is reached.`,
		Example:           waitExample,
		ValidArgsFunction: completeJobRefs(flags, jobs.KindJob),
		RunE:              runE(o),
	}
	f := cmd.Flags()
	f.StringVarP(&o.Selector, "selector", "l", "", "wait for the Jobs with these labels (e.g. app=etl) instead of named ones")
	f.DurationVar(&o.Timeout, "timeout", 0, "give up after this long and exit 2 (e.g. 30s, 10m); 0 waits as long as it takes")
	f.BoolVar(&o.FailFast, "fail-fast", o.FailFast, "end the wait as soon as one Job fails (exit 1); --fail-fast=false waits for every Job")
	f.StringVarP(&o.Output, "output", "o", "", "json: print the final states as one JSON document (default: one line per Job)")
	addHeartbeatFlag(f, &o.Heartbeat)
	flags.AddFlags(f)
	registerKubeFlagCompletions(cmd, flags)
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]cobra.Completion{"json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// Complete reads the arguments and builds the client.
func (o *WaitOptions) Complete(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		refs, err := jobs.ParseRefs(args, jobs.KindJob)
		if err != nil {
			return usageError("%v", err)
		}
		seen := map[string]bool{}
		for _, r := range refs {
			if !seen[r.Name] {
				seen[r.Name] = true
				o.names = append(o.names, r.Name)
			}
		}
	}
	var err error
	o.client, o.namespace, _, err = clusterClient(o.ConfigFlags)
	return err
}

// Validate checks that the flags make sense together.
func (o *WaitOptions) Validate() error {
	switch {
	case len(o.names) > 0 && o.Selector != "":
		return usageError("give Job names or -l SELECTOR, not both")
	case len(o.names) == 0 && o.Selector == "":
		return usageError("nothing to wait for: give job/NAME... or -l SELECTOR (see 'kubectl batch wait --help')")
	case o.Timeout < 0:
		return usageError("--timeout must not be negative")
	case o.Heartbeat < 0:
		return usageError("--heartbeat must not be negative")
	case o.Output != "" && o.Output != "json":
		return usageError("--output must be json, got %q", o.Output)
	}
	return nil
}

// Run waits and reports.
func (o *WaitOptions) Run(ctx context.Context) error {
	w := &jobs.JobWaiter{Client: o.client, Namespace: o.namespace, Names: o.names, Selector: o.Selector, FailFast: o.FailFast}
	states, err := waitForJobs(ctx, w, o.Timeout, o.Heartbeat, o.ErrOut, nil)
	if o.Output == "json" {
		if jerr := writeWaitJSON(o.Out, o.namespace, states, err); jerr != nil {
			return jerr
		}
		if err != nil {
			return err
		}
		return failedExit(states)
	}
	if err != nil {
		return err
	}
	return reportOutcome(o.Out, states)
}

// logFollow asks waitForJobs to stream the logs of one Job while waiting.
type logFollow struct {
	printer *jobs.LogPrinter
	job     *batchv1.Job
}

// waitForJobs runs w with a live status on errOut (see progress) and the timeout (0: none),
// following the logs of follow.job meanwhile when follow is set. Errors are *ExitError: a
// timeout or an API error exits 2. Log stream problems are only noted on errOut.
func waitForJobs(ctx context.Context, w *jobs.JobWaiter, timeout, heartbeat time.Duration, errOut io.Writer, follow *logFollow) ([]jobs.JobState, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	p := newProgress(errOut, isTerminal(errOut))
	p.heartbeat = heartbeat
	p.why = func(ctx context.Context, states []jobs.JobState) map[string]string {
		return whyNotProgressing(ctx, w.Client, w.Namespace, states)
	}
	w.OnChange = p.update
	stopTicker := p.startTicker(ctx)

	var (
		finished   = make(chan struct{})
		followDone = make(chan error, 1)
	)
	if follow != nil {
		follow.printer.Out = p.above(follow.printer.Out)
		follow.printer.ErrOut = p.above(follow.printer.ErrOut)
		go func() { followDone <- follow.printer.Follow(ctx, follow.job, finished) }()
	}
	states, err := w.Wait(ctx)
	close(finished)
	if follow != nil {
		if ferr := <-followDone; ferr != nil && ctx.Err() == nil {
			p.note("warning: %v", ferr)
		}
	}
	stopTicker()
	p.clear()
	if err == nil {
		return states, nil
	}
	if errors.Is(err, context.DeadlineExceeded) && timeout > 0 {
		// Why they did not finish, from the pods: one more list per Job, after the deadline.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		why := whyNotProgressing(wctx, w.Client, w.Namespace, states)
		cancel()
		return states, &ExitError{Code: ExitUsage, Err: &timeoutError{fmt.Sprintf("timed out after %s waiting for %s", timeout, unfinishedWhy(states, w, why))}}
	}
	if errors.Is(err, context.Canceled) {
		return states, &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("interrupted while waiting for %s; the Job keeps running", unfinished(states, w))}
	}
	return states, apiError(err)
}

// unfinished names the Jobs still running, with their pod counts.
func unfinished(states []jobs.JobState, w *jobs.JobWaiter) string {
	return unfinishedWhy(states, w, nil)
}

// unfinishedWhy is unfinished with, per Job, why it is not progressing when known.
func unfinishedWhy(states []jobs.JobState, w *jobs.JobWaiter, why map[string]string) string {
	var parts []string
	for _, s := range states {
		if !s.Outcome.Finished() {
			detail := podCounts(s.Job)
			if r := why[s.Name]; r != "" {
				detail += "; " + r
			}
			parts = append(parts, "job/"+s.Name+" ("+detail+")")
		}
	}
	if len(parts) == 0 {
		if len(w.Names) > 0 {
			return "job/" + strings.Join(w.Names, ", job/")
		}
		return fmt.Sprintf("jobs with selector %q", w.Selector)
	}
	return strings.Join(parts, ", ")
}

// podCounts renders a Job's pod counts: "1 active, 0 succeeded, 0 failed".
func podCounts(job *batchv1.Job) string {
	if job == nil {
		return "not seen"
	}
	succeeded, failed := job.Status.Succeeded, job.Status.Failed
	if u := job.Status.UncountedTerminatedPods; u != nil {
		// Pods that ended but are not in the counts yet (the controller adds them shortly).
		succeeded += int32(len(u.Succeeded))
		failed += int32(len(u.Failed))
	}
	s := fmt.Sprintf("%d active, %d succeeded, %d failed", job.Status.Active, succeeded, failed)
	if jobs.IsSuspended(job) {
		s += ", suspended"
	}
	return s
}

// reportOutcome prints one line per Job: "job/x complete (1 succeeded, 3s)" or "job/x failed:
// Reason: message (...)". It returns an exit-1 error when a Job failed or was deleted.
func reportOutcome(w io.Writer, states []jobs.JobState) error {
	failed := 0
	for _, s := range states {
		fmt.Fprintln(w, outcomeLine(s))
		if s.Outcome != jobs.OutcomeComplete {
			failed++
		}
	}
	if failed > 0 {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

func outcomeLine(s jobs.JobState) string {
	job := s.Job
	switch s.Outcome {
	case jobs.OutcomeComplete:
		return fmt.Sprintf("job/%s complete (%d succeeded%s)", s.Name, job.Status.Succeeded, runTime(job, s.Condition))
	case jobs.OutcomeFailed:
		why := "Failed"
		if s.Condition != nil {
			why = s.Condition.Reason
			if s.Condition.Message != "" {
				why += ": " + s.Condition.Message
			}
		}
		return fmt.Sprintf("job/%s failed: %s (%d succeeded, %d failed pods%s)", s.Name, why, job.Status.Succeeded, job.Status.Failed, runTime(job, s.Condition))
	case jobs.OutcomeDeleted:
		return fmt.Sprintf("job/%s was deleted before it finished (%s)", s.Name, podCounts(job))
	}
	return fmt.Sprintf("job/%s is still running (%s)", s.Name, podCounts(job))
}

// runTime is ", 12s": from the Job's start to its terminal condition.
func runTime(job *batchv1.Job, cond *batchv1.JobCondition) string {
	if job.Status.StartTime == nil {
		return ""
	}
	end := job.Status.CompletionTime
	if end == nil && cond != nil {
		end = &cond.LastTransitionTime
	}
	if end == nil || end.Before(job.Status.StartTime) {
		return ""
	}
	return ", " + end.Sub(job.Status.StartTime.Time).Round(time.Second).String()
}

// progress shows how the Jobs being waited for are doing: on a terminal one line redrawn in
// place ("\r" + erase) with the elapsed time, cut to the terminal's width; otherwise a plain
// line per Job whenever its pod counts change, and, when nothing was printed for heartbeat, a
// line saying it still waits. Both say why a Job does not progress (a pod Unschedulable, in
// ImagePullBackOff, ...) when the pods tell (why: on a terminal every few seconds, otherwise
// with each heartbeat). quiet prints the heartbeats only (logs -f: the log lines show progress).
type progress struct {
	w         io.Writer
	tty       bool
	quiet     bool
	start     time.Time
	heartbeat time.Duration
	why       func(context.Context, []jobs.JobState) map[string]string
	width     func() int

	mu          sync.Mutex
	states      []jobs.JobState
	reasons     map[string]string // job name -> why it does not progress
	shown       bool              // tty: a status line is on screen
	last        map[string]string // plain: the last line printed per Job
	lastPrinted time.Time         // plain: when anything was last written
	lastWhy     time.Time
}

func newProgress(w io.Writer, tty bool) *progress {
	now := time.Now()
	return &progress{w: w, tty: tty, start: now, lastPrinted: now, last: map[string]string{},
		width: func() int { return terminalWidth(w) }}
}

// jobLine is "job/x: 1 active, 0 succeeded, 0 failed" plus the outcome or why it is stuck.
func (p *progress) jobLine(s jobs.JobState) string {
	line := "job/" + s.Name + ": " + podCounts(s.Job)
	if s.Outcome.Finished() {
		line += ", " + s.Outcome.String()
	} else if r := p.reasons[s.Name]; r != "" {
		line += "; " + r
	}
	return line
}

func (p *progress) update(states []jobs.JobState) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.states = states
	if p.tty {
		p.redraw()
		return
	}
	if !p.quiet {
		p.printChanged()
	}
}

// printChanged prints the plain line of each Job whose line changed; p.mu is held.
func (p *progress) printChanged() {
	for _, s := range p.states {
		line := p.jobLine(s)
		if p.last[s.Name] != line {
			p.last[s.Name] = line
			fmt.Fprintf(p.w, "%s (%s)\n", line, p.elapsed())
			p.lastPrinted = time.Now()
		}
	}
}

// beat prints, without a terminal, a "still waiting" line per unfinished Job when nothing was
// printed for the heartbeat interval; p.mu is held.
func (p *progress) beat() {
	if p.heartbeat <= 0 || time.Since(p.lastPrinted) < p.heartbeat {
		return
	}
	for _, s := range p.states {
		if s.Outcome.Finished() {
			continue
		}
		line := p.jobLine(s)
		p.last[s.Name] = line
		fmt.Fprintf(p.w, "still waiting: %s (%s)\n", line, p.elapsed())
	}
	p.lastPrinted = time.Now()
}

func (p *progress) elapsed() string {
	return time.Since(p.start).Round(time.Second).String()
}

// redraw draws the live line; p.mu is held.
func (p *progress) redraw() {
	if len(p.states) == 0 {
		return
	}
	var line string
	if len(p.states) == 1 {
		line = p.jobLine(p.states[0])
	} else {
		var done, failed, active, succeeded, podsFailed int32
		for _, s := range p.states {
			if s.Outcome.Finished() {
				done++
			}
			if s.Outcome == jobs.OutcomeFailed || s.Outcome == jobs.OutcomeDeleted {
				failed++
			}
			if s.Job != nil {
				active += s.Job.Status.Active
				succeeded += s.Job.Status.Succeeded
				podsFailed += s.Job.Status.Failed
			}
		}
		line = fmt.Sprintf("%d/%d jobs finished (%d failed); pods: %d active, %d succeeded, %d failed", done, len(p.states), failed, active, succeeded, podsFailed)
		for _, s := range p.states {
			if r := p.reasons[s.Name]; r != "" && !s.Outcome.Finished() {
				line += "; job/" + s.Name + " " + r
				break
			}
		}
	}
	elapsed := p.elapsed()
	if width := p.width(); width > 0 {
		// The line must fit, or the terminal wraps it and "\r" no longer erases it all.
		line = truncateRunes(line, max(width-len(elapsed)-3, 10))
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s  %s", line, elapsed)
	p.shown = true
}

// refreshWhy asks the pods why the unfinished Jobs do not progress (without p.mu: it is an
// API call) and stores the answer.
func (p *progress) refreshWhy(ctx context.Context) {
	if p.why == nil {
		return
	}
	p.mu.Lock()
	states := p.states
	p.lastWhy = time.Now()
	p.mu.Unlock()
	reasons := p.why(ctx, states)
	p.mu.Lock()
	p.reasons = reasons
	p.mu.Unlock()
}

// startTicker, every second, redraws the live line on a terminal (for the elapsed time) and
// refreshes why Jobs are stuck, or, without one, prints the heartbeat when due; the returned
// func stops it.
func (p *progress) startTicker(ctx context.Context) func() {
	if !p.tty && p.heartbeat <= 0 {
		return func() {}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				p.mu.Lock()
				dueWhy := p.tty && time.Since(p.lastWhy) >= ttyReasonRefresh ||
					!p.tty && time.Since(p.lastPrinted) >= p.heartbeat
				p.mu.Unlock()
				if dueWhy {
					p.refreshWhy(ctx)
				}
				p.mu.Lock()
				if p.tty {
					p.redraw()
				} else {
					p.beat()
				}
				p.mu.Unlock()
			}
		}
	}()
	return func() { close(stop); <-done }
}

// clear erases the live line.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *progress) clearLocked() {
	if p.tty && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

func (p *progress) note(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintf(p.w, format+"\n", args...)
	p.lastPrinted = time.Now()
	if p.tty {
		p.redraw()
	}
}

// above wraps w so that on a terminal each write first erases the live line and then redraws
// it below what was written.
func (p *progress) above(w io.Writer) io.Writer {
	if w == nil {
		return w
	}
	if !p.tty {
		// Output counts as a sign of life: no heartbeat while log lines flow.
		return writerFunc(func(b []byte) (int, error) {
			p.mu.Lock()
			p.lastPrinted = time.Now()
			p.mu.Unlock()
			return w.Write(b)
		})
	}
	return writerFunc(func(b []byte) (int, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.clearLocked()
		n, err := w.Write(b)
		p.redraw()
		return n, err
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
