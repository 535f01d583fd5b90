package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

var logsExample = `  # The logs of every pod of a Job (retries included), oldest pod first
  kubectl batch logs job/migrate-db

  # The most recent run of a CronJob, following it until the Job finishes
  kubectl batch logs cronjob/nightly-report -f

  # Every run the CronJob still keeps, the last 20 lines of each pod
  kubectl batch logs cj/nightly-report --all --tail 20

  # One container, the last hour, with timestamps
  kubectl batch logs job/etl -c worker --since 1h --timestamps

  # Every container, init containers and native sidecars included
  kubectl batch logs job/etl --all-containers

  # The run before the last restart (restartPolicy: OnFailure)
  kubectl batch logs job/etl --previous

  # Follow a Job of 20 parallel pods, all of them at once
  kubectl batch logs job/render -f --max-log-requests 20`

// LogsOptions holds the flags and resolved state of "kubectl batch logs".
type LogsOptions struct {
	Follow         bool
	Since          time.Duration
	SinceTime      string
	Tail           int64
	Container      string
	AllContainers  bool
	Previous       bool
	MaxLogRequests int
	Heartbeat      time.Duration
	All            bool
	Timestamps     bool
	Prefix         bool

	sinceTime *metav1.Time

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	ref       jobs.Ref
	client    kubernetes.Interface
	namespace string
}

// NewCmdLogs builds "kubectl batch logs".
func NewCmdLogs(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &LogsOptions{ConfigFlags: flags, IOStreams: streams, Tail: -1, Prefix: true, MaxLogRequests: 5, Heartbeat: defaultHeartbeat}
	cmd := &cobra.Command{
		Use:   "logs (job/NAME | cronjob/NAME) [-f]",
		Short: "Print the logs of all the pods of a Job, or of a CronJob's latest Job",
		Long: `Print the logs of every pod of a Job, all attempts (pods of retries included), oldest pod
first, each line prefixed with the pod's name ("[pod/container] " for pods with several
containers; every container of spec.containers is read unless -c names one, and init
containers and native sidecars too with --all-containers).

For a CronJob: its most recent Job (the newest it owns), or every Job it still keeps with --all.

With -f the logs are streamed as the pods start, new pods (retries) are picked up, and the
command ends when the Job finishes (Complete or Failed). Without a terminal, when no line came
for --heartbeat (30s), a "still waiting" line on stderr says what the Job is doing and why it
does not progress (a pod Unschedulable, in ImagePullBackOff, ...). At most --max-log-requests streams
are open at once (as kubectl); a pod beyond that is shown when a stream ends, with a note.

This command: 0 logs printed (with -f: the Job completed); 1 with -f: the Job failed;
2 also when the Job or CronJob is not found or logs could not be read; 130 -f interrupted.`,
		Example:           logsExample,
		ValidArgsFunction: completeJobRef(flags, jobs.KindJob, jobs.KindCronJob),
		RunE:              runE(o),
	}
	f := cmd.Flags()
	f.BoolVarP(&o.Follow, "follow", "f", false, "stream the logs, picking up new pods, until the Job finishes")
	f.DurationVar(&o.Since, "since", 0, "only lines newer than this (e.g. 10m, 1h)")
	f.StringVar(&o.SinceTime, "since-time", "", "only lines after this time (RFC3339, e.g. 2026-12-01T03:00:00Z)")
	f.BoolVarP(&o.Previous, "previous", "p", false, "the logs of each container's previous instance (before its last restart)")
	f.BoolVar(&o.AllContainers, "all-containers", false, "every container, init containers and native sidecars included")
	f.IntVar(&o.MaxLogRequests, "max-log-requests", o.MaxLogRequests, "with -f: the most log streams open at once")
	addHeartbeatFlag(f, &o.Heartbeat)
	f.Int64Var(&o.Tail, "tail", o.Tail, "lines of the end of each pod's log to show; -1 shows all")
	f.StringVarP(&o.Container, "container", "c", "", "only this container's logs")
	f.BoolVar(&o.All, "all", false, "for a CronJob: every Job it keeps, not only the latest")
	f.BoolVar(&o.Timestamps, "timestamps", false, "put each line's timestamp first")
	f.BoolVar(&o.Prefix, "prefix", o.Prefix, "prefix each line with [pod] or [pod/container]")
	flags.AddFlags(f)
	registerKubeFlagCompletions(cmd, flags)
	return cmd
}

// Complete reads the argument and builds the client.
func (o *LogsOptions) Complete(_ *cobra.Command, args []string) error {
	var err error
	if o.ref, err = oneRef("logs", args); err != nil {
		return err
	}
	o.client, o.namespace, _, err = clusterClient(o.ConfigFlags)
	return err
}

// Validate checks that the flags make sense together.
func (o *LogsOptions) Validate() error {
	switch {
	case o.All && o.ref.Kind != jobs.KindCronJob:
		return usageError("--all applies to cronjob/NAME (a Job's logs always include every pod)")
	case o.Since < 0:
		return usageError("--since must not be negative")
	case o.Tail < -1:
		return usageError("--tail must be -1 (all) or more")
	case o.AllContainers && o.Container != "":
		return usageError("--all-containers and -c exclude each other")
	case o.Since > 0 && o.SinceTime != "":
		return usageError("--since and --since-time exclude each other")
	case o.Previous && o.Follow:
		return usageError("--previous and -f exclude each other: a previous instance has ended")
	case o.MaxLogRequests < 1:
		return usageError("--max-log-requests must be at least 1")
	case o.Heartbeat < 0:
		return usageError("--heartbeat must not be negative")
	}
	if o.SinceTime != "" {
		t, err := time.Parse(time.RFC3339, o.SinceTime)
		if err != nil {
			return usageError("--since-time %q: want an RFC3339 time such as 2026-12-01T03:00:00Z", o.SinceTime)
		}
		o.sinceTime = &metav1.Time{Time: t}
	}
	return nil
}

// Run finds the Jobs and prints (or follows) their pods' logs.
func (o *LogsOptions) Run(ctx context.Context) error {
	list, err := o.jobs(ctx)
	if err != nil {
		return apiError(err)
	}
	p := &jobs.LogPrinter{Client: o.client, Namespace: o.namespace, Out: o.Out, ErrOut: o.ErrOut, Options: o.logOptions()}
	if !o.Follow {
		if err := p.Print(ctx, list); err != nil {
			return apiError(err)
		}
		return nil
	}
	latest := list[len(list)-1]
	if len(list) > 1 {
		if err := p.Print(ctx, list[:len(list)-1]); err != nil {
			return apiError(err)
		}
	}
	return o.follow(ctx, p, latest)
}

// follow streams the logs of job until the Job finishes, then writes a closing line on stderr
// that says how the Job ended. A failed (or deleted) Job exits 1; an interruption 130.
func (o *LogsOptions) follow(ctx context.Context, p *jobs.LogPrinter, job *batchv1.Job) error {
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	finished := make(chan struct{})
	type waited struct {
		states []jobs.JobState
		err    error
	}
	waitRes := make(chan waited, 1)
	// Heartbeats only (the log lines are the progress), and only without a terminal.
	prog := newProgress(o.ErrOut, false)
	prog.quiet, prog.heartbeat = true, o.Heartbeat
	prog.why = func(ctx context.Context, states []jobs.JobState) map[string]string {
		return whyNotProgressing(ctx, o.client, o.namespace, states)
	}
	if isTerminal(o.ErrOut) {
		prog.heartbeat = 0
	}
	p.Out = prog.above(p.Out)
	stopBeats := prog.startTicker(fctx)
	defer stopBeats()
	go func() {
		defer close(finished)
		w := &jobs.JobWaiter{Client: o.client, Namespace: o.namespace, Names: []string{job.Name}, OnChange: prog.update}
		states, err := w.Wait(fctx)
		if err != nil && fctx.Err() == nil {
			cancel()
		}
		waitRes <- waited{states, err}
	}()
	ferr := p.Follow(fctx, job, finished)
	<-finished
	res := <-waitRes
	if ctx.Err() != nil {
		state := "job/" + job.Name
		if len(res.states) == 1 {
			state = outcomeLine(res.states[0])
		}
		return &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("interrupted while following the logs; %s", state)}
	}
	if res.err != nil && !errors.Is(res.err, context.Canceled) {
		return apiError(res.err)
	}
	if ferr != nil && !errors.Is(ferr, context.Canceled) {
		return apiError(ferr)
	}
	return reportOutcome(o.ErrOut, res.states)
}

func (o *LogsOptions) logOptions() jobs.LogOptions {
	opts := jobs.LogOptions{Container: o.Container, AllContainers: o.AllContainers, Previous: o.Previous,
		SinceTime: o.sinceTime, MaxRequests: o.MaxLogRequests, Timestamps: o.Timestamps, NoPrefix: !o.Prefix}
	if o.Since > 0 {
		s := int64((o.Since + time.Second - 1) / time.Second)
		opts.SinceSeconds = &s
	}
	if o.Tail >= 0 {
		t := o.Tail
		opts.TailLines = &t
	}
	return opts
}

// jobs resolves the argument: the Job, or the CronJob's latest Job (all its Jobs with --all),
// oldest first.
func (o *LogsOptions) jobs(ctx context.Context) ([]*batchv1.Job, error) {
	if o.ref.Kind == jobs.KindJob {
		job, err := o.client.BatchV1().Jobs(o.namespace).Get(ctx, o.ref.Name, metav1.GetOptions{})
		if err != nil {
			return nil, jobs.DescribeError(err, "get", o.ref, o.namespace)
		}
		return []*batchv1.Job{job}, nil
	}
	cj, err := o.client.BatchV1().CronJobs(o.namespace).Get(ctx, o.ref.Name, metav1.GetOptions{})
	if err != nil {
		return nil, jobs.DescribeError(err, "get", o.ref, o.namespace)
	}
	owned, err := jobs.JobsOfCronJob(ctx, o.client, cj)
	if err != nil {
		return nil, err
	}
	if len(owned) == 0 {
		return nil, fmt.Errorf("%s in namespace %s has no Jobs (it has not run, or its history was cleaned up); start one with 'kubectl batch trigger %s'", o.ref, o.namespace, o.ref)
	}
	if o.All {
		return owned, nil
	}
	return owned[len(owned)-1:], nil
}
