package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes/scheme"
	batchclient "k8s.io/client-go/kubernetes/typed/batch/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

var suspendExample = `  # Stop a CronJob from starting new Jobs (its running Jobs go on)
  kubectl batch suspend cronjob/nightly

  # Suspend a running Job: its active pods are deleted until it is resumed
  kubectl batch suspend job/migrate-42

  # Every CronJob of a team, or every CronJob in the namespace
  kubectl batch suspend cronjobs -l team=payments
  kubectl batch suspend cronjobs --all -n reporting

  # See what would change, without changing it
  kubectl batch suspend cronjobs --all --dry-run=server`

var resumeExample = `  # Let a CronJob start Jobs again
  kubectl batch resume cronjob/nightly

  # Resume a suspended Job
  kubectl batch resume job/migrate-42

  # Every suspended CronJob of a team
  kubectl batch resume cronjobs -l team=payments`

// SuspendOptions holds the flags and resolved state of "kubectl batch suspend" and "resume".
type SuspendOptions struct {
	// Suspend is true for "suspend", false for "resume".
	Suspend  bool
	Selector string
	All      bool
	DryRun   string

	ConfigFlags *genericclioptions.ConfigFlags
	PrintFlags  *genericclioptions.PrintFlags
	genericiooptions.IOStreams

	args      []string
	refs      []jobs.Ref
	kind      jobs.Kind // with -l or --all
	dryRun    jobs.DryRun
	namespace string
	client    batchclient.BatchV1Interface
}

// NewCmdSuspend builds "kubectl batch suspend".
func NewCmdSuspend(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	return newCmdSetSuspend(flags, streams, true)
}

// NewCmdResume builds "kubectl batch resume".
func NewCmdResume(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	return newCmdSetSuspend(flags, streams, false)
}

func newCmdSetSuspend(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams, suspend bool) *cobra.Command {
	o := &SuspendOptions{
		Suspend:     suspend,
		DryRun:      string(jobs.DryRunNone),
		ConfigFlags: flags,
		PrintFlags:  genericclioptions.NewPrintFlags("").WithTypeSetter(scheme.Scheme),
		IOStreams:   streams,
	}
	cmd := &cobra.Command{
		Use:   "suspend (TYPE/NAME ... | TYPE NAME ... | TYPE -l SELECTOR | TYPE --all)",
		Short: "Suspend CronJobs (no new runs) or Jobs (active pods are stopped)",
		Long: `Suspend CronJobs or Jobs by setting spec.suspend to true.

A suspended CronJob starts no new Jobs; the Jobs it already started keep running. A suspended
Job has its active pods deleted by the Job controller until it is resumed. A Job that has
already finished is left alone.

Objects already suspended are reported as such and not changed (exit 0). Each object costs one
GET and, only when its state changes, one merge PATCH; with -l or --all one LIST replaces the
GETs.

This command: 0 every object is in the requested state; 2 an object was not found, access was
forbidden or the change was rejected (the other objects are still handled), or usage errors.`,
		Example:           suspendExample,
		ValidArgsFunction: completeJobRefs(flags, jobs.KindCronJob, jobs.KindJob),
		RunE:              runE(o),
	}
	if !suspend {
		cmd.Use = "resume (TYPE/NAME ... | TYPE NAME ... | TYPE -l SELECTOR | TYPE --all)"
		cmd.Short = "Resume suspended CronJobs or Jobs"
		cmd.Long = `Resume CronJobs or Jobs by setting spec.suspend to false.

A resumed CronJob is scheduled again. If it missed schedules while suspended (since its last
schedule time, within startingDeadlineSeconds when that is set), the CronJob controller starts
a Job for the most recent one right away; a note says so. A resumed Job starts new pods.

Objects that are not suspended are reported as such and not changed (exit 0). Each object costs
one GET and, only when its state changes, one merge PATCH; with -l or --all one LIST replaces
the GETs.

This command: 0 every object is in the requested state; 2 an object was not found, access was
forbidden or the change was rejected (the other objects are still handled), or usage errors.`
		cmd.Example = resumeExample
	}
	f := cmd.Flags()
	f.StringVarP(&o.Selector, "selector", "l", "", "label selector: change every object of the given type that matches (e.g. cronjobs -l team=x)")
	f.BoolVar(&o.All, "all", false, "change every object of the given type in the namespace (e.g. cronjobs --all)")
	f.StringVar(&o.DryRun, "dry-run", o.DryRun, `"none", "client" (send nothing) or "server" (the server validates the change and stores nothing)`)
	o.PrintFlags.AddFlags(cmd)
	flags.AddFlags(f)
	registerSuspendFlagCompletions(cmd, flags, o.PrintFlags.AllowedFormats())
	return cmd
}

// Complete resolves the arguments, the namespace and the client.
func (o *SuspendOptions) Complete(_ *cobra.Command, args []string) error {
	o.args = args
	var err error
	if o.dryRun, err = jobs.ParseDryRun(o.DryRun); err != nil {
		return usageError("%v", err)
	}
	if o.Selector != "" || o.All {
		if len(args) != 1 || strings.Contains(args[0], "/") {
			return usageError("with -l or --all give only the type: %s cronjobs -l SELECTOR, %s jobs --all", o.verb(), o.verb())
		}
		if o.kind, err = jobs.ParseKind(args[0]); err != nil {
			return usageError("%v", err)
		}
	} else {
		if len(args) == 1 && !strings.Contains(args[0], "/") {
			if _, err := jobs.ParseKind(args[0]); err == nil {
				return usageError("no name given after %q: use %s %s NAME, or -l SELECTOR or --all for many", args[0], o.verb(), args[0])
			}
		}
		if o.refs, err = jobs.ParseRefs(args, jobs.KindCronJob, jobs.KindJob); err != nil {
			return usageError("%v", err)
		}
	}
	if o.client, o.namespace, err = batchV1For(o.ConfigFlags); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	return nil
}

// Validate checks that the flags make sense together.
func (o *SuspendOptions) Validate() error {
	if o.Selector != "" && o.All {
		return usageError("use either -l SELECTOR or --all, not both")
	}
	if _, err := o.PrintFlags.ToPrinter(); err != nil {
		return usageError("%v", err)
	}
	return nil
}

// Run changes the objects and prints one line (or object, with -o) per object.
func (o *SuspendOptions) Run(ctx context.Context) error {
	opts := jobs.SuspendOptions{Suspend: o.Suspend, DryRun: o.dryRun}
	var changes []jobs.SuspendChange
	if o.kind != "" {
		var err error
		if changes, err = jobs.SetSuspendSelected(ctx, o.client, o.namespace, o.kind, o.Selector, opts); err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
		if len(changes) == 0 {
			fmt.Fprintf(o.ErrOut, "No %s found in %s namespace.\n", jobs.Ref{Kind: o.kind}.Resource(), o.namespace)
			return nil
		}
	} else {
		changes = jobs.SetSuspend(ctx, o.client, o.namespace, o.refs, opts)
	}
	failed := false
	for _, ch := range changes {
		if ch.Err != nil {
			fmt.Fprintf(o.ErrOut, "error: %v\n", ch.Err)
			failed = true
			continue
		}
		if err := o.print(ch); err != nil {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("printing %s: %w", ch.Ref, err)}
		}
		for _, n := range ch.Notes {
			fmt.Fprintf(o.ErrOut, "note: %s\n", n)
		}
	}
	if failed {
		// Errors are already reported, one per object.
		return &ExitError{Code: ExitUsage}
	}
	return nil
}

// print writes the outcome for one object, kubectl-style: "cronjob.batch/nightly suspended",
// "... already suspended", with " (dry run)" or " (server dry run)"; with -o the object.
func (o *SuspendOptions) print(ch jobs.SuspendChange) error {
	var op string
	switch {
	case ch.Skipped != "":
		op = "skipped: " + ch.Skipped
	case ch.Changed && o.Suspend:
		op = "suspended"
	case ch.Changed:
		op = "resumed"
	case o.Suspend:
		op = "already suspended"
	default:
		op = "not suspended (nothing to resume)"
	}
	if ch.Changed {
		switch o.dryRun {
		case jobs.DryRunClient:
			op += " (dry run)"
		case jobs.DryRunServer:
			op += " (server dry run)"
		}
	}
	o.PrintFlags.NamePrintFlags.Operation = op
	p, err := o.PrintFlags.ToPrinter()
	if err != nil {
		return err
	}
	return p.PrintObj(ch.Object, o.Out)
}

func (o *SuspendOptions) verb() string {
	if o.Suspend {
		return "suspend"
	}
	return "resume"
}
