package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/cli-runtime/pkg/printers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

var triggerExample = `  # Run a CronJob now, as 'kubectl create job --from=cronjob/nightly-report' does
  kubectl batch trigger cronjob/nightly-report

  # Choose the Job's name, wait for it and stream its pods' logs; exit 1 if it fails
  kubectl batch trigger cj/nightly-report --name report-rerun --wait --logs

  # See the Job that would be created, validated and defaulted by the server
  kubectl batch trigger cronjob/nightly-report --dry-run=server -o yaml

  # Run it now with another variable, image and command (the rest as the CronJob says)
  kubectl batch trigger cronjob/nightly-report --env REPORT_DATE=2026-11-30 \
      --image registry.example/report:1.4.2 --set-label run=backfill -- report --full

  # Only replace the arguments, keeping the image's entrypoint; print the Job, create nothing
  kubectl batch trigger cronjob/nightly-report --args --dry-run=client -o yaml -- --date=2026-11-30`

// createFlags are the flags trigger and run share: what to name, how to create, what to do
// after.
type createFlags struct {
	Name      string
	DryRun    string
	Wait      bool
	Logs      bool
	Timeout   time.Duration
	Heartbeat time.Duration

	PrintFlags *genericclioptions.PrintFlags

	dryRun  jobs.DryRun
	printer printers.ResourcePrinter
}

func newCreateFlags() *createFlags {
	return &createFlags{DryRun: string(jobs.DryRunNone), Heartbeat: defaultHeartbeat, PrintFlags: genericclioptions.NewPrintFlags("created").WithTypeSetter(scheme.Scheme)}
}

func (c *createFlags) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&c.Name, "name", "", "name of the Job (default: generated, <cronjob>-manual-<5 random characters>)")
	f.StringVar(&c.DryRun, "dry-run", c.DryRun, "none, client (print the Job, send nothing) or server (validated and defaulted by the server, not stored)")
	f.Lookup("dry-run").NoOptDefVal = "unchanged"
	f.BoolVar(&c.Wait, "wait", false, "wait until the Job completes (exit 0) or fails (exit 1)")
	f.BoolVar(&c.Logs, "logs", false, "stream the logs of the Job's pods, each line prefixed with the pod name, until the Job finishes (implies --wait)")
	f.DurationVar(&c.Timeout, "timeout", 0, "with --wait or --logs: give up after this long and exit 2 (e.g. 10m); 0 waits as long as it takes")
	addHeartbeatFlag(f, &c.Heartbeat)
	c.PrintFlags.AddFlags(cmd)
}

func (c *createFlags) complete() error {
	if c.DryRun == "unchanged" {
		return usageError("--dry-run needs a value: --dry-run=client or --dry-run=server")
	}
	var err error
	if c.dryRun, err = jobs.ParseDryRun(c.DryRun); err != nil {
		return usageError("%v", err)
	}
	switch c.dryRun {
	case jobs.DryRunClient:
		err = c.PrintFlags.Complete("%s (dry run)")
	case jobs.DryRunServer:
		err = c.PrintFlags.Complete("%s (server dry run)")
	}
	if err != nil {
		return usageError("%v", err)
	}
	if c.printer, err = c.PrintFlags.ToPrinter(); err != nil {
		return usageError("%v", err)
	}
	if c.Logs {
		c.Wait = true
	}
	return nil
}

func (c *createFlags) validate() error {
	if c.Name != "" {
		if msgs := validation.IsDNS1123Subdomain(c.Name); len(msgs) > 0 {
			return usageError("--name %q is not a valid Job name: %s", c.Name, msgs[0])
		}
		if len(c.Name) > validation.DNS1123LabelMaxLength {
			return usageError("--name %q is %d characters; Job names are at most %d (they become a label value)", c.Name, len(c.Name), validation.DNS1123LabelMaxLength)
		}
	}
	if c.dryRun != jobs.DryRunNone && c.Wait {
		return usageError("--wait and --logs cannot be combined with --dry-run: nothing would run")
	}
	if c.Timeout < 0 {
		return usageError("--timeout must not be negative")
	}
	if c.Timeout > 0 && !c.Wait {
		return usageError("--timeout applies to --wait and --logs")
	}
	if c.Heartbeat < 0 {
		return usageError("--heartbeat must not be negative")
	}
	return nil
}

// registerCreateFlagCompletions completes --dry-run, -o and the kubectl flags (the helpers
// of completion.go).
func registerCreateFlagCompletions(cmd *cobra.Command, flags *genericclioptions.ConfigFlags, c *createFlags) {
	noFiles := cobra.ShellCompDirectiveNoFileComp
	_ = cmd.RegisterFlagCompletionFunc("dry-run", cobra.FixedCompletions([]cobra.Completion{"none", "client", "server"}, noFiles))
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(c.PrintFlags.AllowedFormats(), noFiles))
	registerKubeFlagCompletions(cmd, flags)
}

// machineOutput reports whether -o asks for output a program reads (then status lines go to
// stderr, not stdout).
func (c *createFlags) machineOutput() bool {
	return c.PrintFlags.OutputFormat != nil && *c.PrintFlags.OutputFormat != ""
}

// afterCreate prints the Job and, with --wait/--logs, waits for it (and streams its logs). The
// exit code then mirrors the Job: 0 complete, 1 failed.
func (c *createFlags) afterCreate(ctx context.Context, client kubernetes.Interface, job *batchv1.Job, streams genericiooptions.IOStreams) error {
	if err := c.printer.PrintObj(job, streams.Out); err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("printing the Job: %w", err)}
	}
	if ctx.Err() != nil && c.dryRun == jobs.DryRunNone {
		return &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("interrupted after creating job/%s in namespace %s; it keeps running (stop it with 'kubectl delete job/%s -n %s')", job.Name, job.Namespace, job.Name, job.Namespace)}
	}
	if !c.Wait {
		return nil
	}
	w := &jobs.JobWaiter{Client: client, Namespace: job.Namespace, Names: []string{job.Name}}
	var follow *logFollow
	if c.Logs {
		follow = &logFollow{job: job, printer: &jobs.LogPrinter{Client: client, Namespace: job.Namespace, Out: streams.Out, ErrOut: streams.ErrOut}}
	}
	states, err := waitForJobs(ctx, w, c.Timeout, c.Heartbeat, streams.ErrOut, follow)
	if err != nil {
		return err
	}
	var out io.Writer = streams.Out
	if c.machineOutput() {
		out = streams.ErrOut
	}
	return reportOutcome(out, states)
}

// TriggerOptions holds the flags and resolved state of "kubectl batch trigger".
type TriggerOptions struct {
	*createFlags
	overrideFlags

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	cronJob   string
	client    kubernetes.Interface
	namespace string
}

// NewCmdTrigger builds "kubectl batch trigger".
func NewCmdTrigger(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &TriggerOptions{createFlags: newCreateFlags(), ConfigFlags: flags, IOStreams: streams}
	cmd := &cobra.Command{
		Use:   "trigger cronjob/NAME [--name JOB] [--wait] [--logs] [--env K=V] [--image [C=]IMAGE] [-- COMMAND [ARG...]]",
		Short: "Run a CronJob now: create a Job from its jobTemplate",
		Long: `Create a Job from a CronJob's jobTemplate, exactly as
'kubectl create job NAME --from=cronjob/CRONJOB' does: the template's labels and annotations,
the annotation cronjob.kubernetes.io/instantiate: manual, an ownerReference to the CronJob
(controller: true) and the template's spec. Without --name the Job is named
<cronjob>-manual-<5 random characters> (at most 63 characters).

Overrides change exactly what they name and nothing else: --env sets a variable in every
container, --image the image of the container (or CONTAINER=IMAGE), the words after -- the
command (with --args: the arguments) of the container, --set-label and --annotation the Job's
own labels and annotations. kubectl's 'create job --from' takes none of these.

A suspended CronJob is triggered too (with a note on stderr); its schedule stays suspended.
Two API calls: get the CronJob, create the Job. --wait then watches the Job (no polling);
--logs streams its pods' logs, retries included, until it finishes.

This command: 0 created (with --wait: the Job completed); 1 with --wait: the Job failed (the
reason, e.g. BackoffLimitExceeded, is printed); 2 also when the CronJob is not found or
--timeout is reached.`,
		Example:           triggerExample,
		ValidArgsFunction: completeJobRef(flags, jobs.KindCronJob),
		RunE:              runE(o),
	}
	o.createFlags.addFlags(cmd)
	o.overrideFlags.addFlags(cmd)
	flags.AddFlags(cmd.Flags())
	registerCreateFlagCompletions(cmd, flags, o.createFlags)
	return cmd
}

// Complete reads the argument and flags and builds the client.
func (o *TriggerOptions) Complete(cmd *cobra.Command, args []string) error {
	args, err := o.overrideFlags.complete(cmd, args)
	if err != nil {
		return err
	}
	ref, err := oneRef("trigger", args, jobs.KindCronJob)
	if err != nil {
		return err
	}
	o.cronJob = ref.Name
	if err := o.createFlags.complete(); err != nil {
		return err
	}
	o.client, o.namespace, _, err = clusterClient(o.ConfigFlags)
	return err
}

// Validate checks that the flags make sense together.
func (o *TriggerOptions) Validate() error { return o.createFlags.validate() }

// Run creates the Job and, with --wait or --logs, follows it.
func (o *TriggerOptions) Run(ctx context.Context) error {
	res, err := jobs.Trigger(ctx, o.client, o.namespace, o.cronJob, o.Name, o.Overrides, jobs.CreateOptions{DryRun: o.dryRun})
	if err != nil {
		return apiError(err)
	}
	if s := res.CronJob.Spec.Suspend; s != nil && *s {
		fmt.Fprintf(o.ErrOut, "note: cronjob/%s is suspended; triggered it anyway (its schedule stays suspended)\n", res.CronJob.Name)
	}
	return o.afterCreate(ctx, o.client, res.Job, o.IOStreams)
}
