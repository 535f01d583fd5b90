package cli

import (
	"context"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

var rerunExample = `  # Run a finished (or failed) Job again under a new name
  kubectl batch rerun job/db-migrate

  # Again, wait for it and stream its logs; exit 1 if it fails
  kubectl batch rerun job/nightly-report-29400000 --name report-again --wait --logs

  # Again with one variable changed; see the Job first
  kubectl batch rerun job/db-migrate --env DRY_RUN=false --dry-run=client -o yaml`

// RerunOptions holds the flags and resolved state of "kubectl batch rerun".
type RerunOptions struct {
	*createFlags
	overrideFlags

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	job       string
	client    kubernetes.Interface
	namespace string
}

// NewCmdRerun builds "kubectl batch rerun".
func NewCmdRerun(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &RerunOptions{createFlags: newCreateFlags(), ConfigFlags: flags, IOStreams: streams}
	cmd := &cobra.Command{
		Use:   "rerun job/NAME [--name JOB] [--wait] [--logs] [--env K=V] [--image [C=]IMAGE] [-- COMMAND [ARG...]]",
		Short: "Run a Job again: create a new Job from its spec",
		Long: `Create a new Job from an existing Job's spec. Jobs are immutable and run once, so running
one again means a new Job: the same spec, labels, annotations and ownerReferences (a rerun of a
CronJob's Job still belongs to the CronJob), without what the server generated for the old
one (its selector and the job-name and controller-uid labels, unless it chose its own selector
with manualSelector), with the annotation cronjob.kubernetes.io/instantiate: manual. Without
--name it is named <job>-rerun-<5 random characters> (at most 63 characters). The old Job and
its pods are left as they are.

The overrides of 'kubectl batch trigger' apply: --env, --image, the command after --, --args,
--set-label, --annotation. Two API calls: get the Job, create the new one; --wait and --logs
then follow it.

This command: 0 created (with --wait: the new Job completed); 1 with --wait: it failed; 2 when
the Job is not found, for usage and API errors, or when --timeout is reached.`,
		Example:           rerunExample,
		ValidArgsFunction: completeJobRef(flags, jobs.KindJob),
		RunE:              runE(o),
	}
	o.createFlags.addFlags(cmd)
	o.overrideFlags.addFlags(cmd)
	cmd.Flags().Lookup("name").Usage = "name of the new Job (default: generated, <job>-rerun-<5 random characters>)"
	flags.AddFlags(cmd.Flags())
	registerCreateFlagCompletions(cmd, flags, o.createFlags)
	return cmd
}

// Complete reads the argument and flags and builds the client.
func (o *RerunOptions) Complete(cmd *cobra.Command, args []string) error {
	args, err := o.overrideFlags.complete(cmd, args)
	if err != nil {
		return err
	}
	ref, err := oneRef("rerun", args, jobs.KindJob)
	if err != nil {
		return err
	}
	o.job = ref.Name
	if err := o.createFlags.complete(); err != nil {
		return err
	}
	o.client, o.namespace, _, err = clusterClient(o.ConfigFlags)
	return err
}

// Validate checks that the flags make sense together.
func (o *RerunOptions) Validate() error { return o.createFlags.validate() }

// Run creates the new Job and, with --wait or --logs, follows it.
func (o *RerunOptions) Run(ctx context.Context) error {
	job, _, err := jobs.Rerun(ctx, o.client, o.namespace, o.job, o.Name, o.Overrides, jobs.CreateOptions{DryRun: o.dryRun})
	if err != nil {
		return apiError(err)
	}
	return o.afterCreate(ctx, o.client, job, o.IOStreams)
}
