package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/internal/report"
	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

var runExample = `  # CI: run a migration Job, stream its logs, fail the step when the Job fails
  kubectl batch run -f migrate-job.yaml --logs --timeout 15m

  # Run a CronJob manifest once, as a Job, without creating the CronJob
  kubectl batch run -f nightly-cronjob.yaml --wait

  # From stdin; see what the server would create
  helm template ./chart -s templates/migrate.yaml | kubectl batch run -f - --dry-run=server -o yaml

  # Run it even though the linter reports errors
  kubectl batch run -f job.yaml --force

  # Run it again: delete the Job of that name (and its pods) first, then create
  kubectl batch run -f migrate-job.yaml --replace --wait

  # Run it again next to the old one, under a generated name (migrate-xxxxx)
  kubectl batch run -f migrate-job.yaml --generate-name

  # Lint for a given Kubernetes version instead of the cluster's
  kubectl batch run -f job.yaml --kubernetes-version 1.33 --wait`

// RunOptions holds the flags and resolved state of "kubectl batch run".
type RunOptions struct {
	*createFlags
	Filename     string
	Force        bool
	Replace      bool
	GenerateName bool
	ConfigPath   string
	// KubernetesVersion is --kubernetes-version (default: the configuration file's, else the
	// cluster's).
	KubernetesVersion string

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	client     kubernetes.Interface
	namespace  string
	explicitNS bool
	cfg        lint.Config
	engine     *lint.Engine
}

// NewCmdRun builds "kubectl batch run".
func NewCmdRun(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &RunOptions{createFlags: newCreateFlags(), ConfigFlags: flags, IOStreams: streams}
	cmd := &cobra.Command{
		Use:   "run -f FILENAME [--wait] [--logs] [--force] [--replace | --generate-name]",
		Short: "Lint a Job (or CronJob) manifest, create it as a Job and follow it",
		Long: `Lint one Job or CronJob manifest with the rule engine, create it as a Job and, with
--wait or --logs, follow it to its end. A CronJob manifest is instantiated as a one-off Job, as
'kubectl batch trigger' does, without creating the CronJob (so without an ownerReference).

Lint errors refuse the run unless --force is given; warnings do not. Both are printed on
stderr before anything is created.

Jobs run once: a second run of the same manifest fails with "already exists". --replace
deletes the Job of that name with its pods first (and waits until it is gone), then creates
the new one; --generate-name creates it next to the old one under <name>-<5 random
characters> (metadata.generateName).

The rules are configured as for 'kubectl batch lint' (` + decision.FileName + ` or --config)
and decide for the cluster's Kubernetes version (one /version call) unless --kubernetes-version
or the file's kubernetesVersion names one.
The manifest's namespace is used, else -n or the kubeconfig's.

The exit code mirrors the Job, so a CI step can run a migration and fail with it: 0 created
(with --wait/--logs: completed); 1 the Job failed; 2 nothing ran or the result is unknown:
usage and input errors, lint errors without --force, API errors, or --timeout reached.`,
		Example: runExample,
		Args:    cobra.NoArgs,
		RunE:    runE(o),
	}
	f := cmd.Flags()
	f.StringVarP(&o.Filename, "filename", "f", "", "the Job or CronJob manifest (YAML or JSON), or - for stdin")
	f.BoolVar(&o.Force, "force", false, "create the Job even when the linter reports errors")
	f.BoolVar(&o.Replace, "replace", false, "delete the Job of the same name and its pods first, wait until they are gone, then create")
	f.BoolVar(&o.GenerateName, "generate-name", false, "create the Job under a generated name, <metadata.name>-<5 random characters>, next to earlier runs")
	f.StringVar(&o.ConfigPath, "config", "", "lint configuration file (default: "+decision.FileName+" found from the working directory upward)")
	addKubernetesVersionFlag(f, &o.KubernetesVersion, true)
	o.addFlags(cmd)
	flags.AddFlags(f)
	_ = cmd.MarkFlagFilename("filename", "yaml", "yml", "json")
	_ = cmd.MarkFlagFilename("config", "yaml", "yml")
	registerCreateFlagCompletions(cmd, flags, o.createFlags)
	return cmd
}

// Complete reads the flags, loads the lint configuration and builds the client.
func (o *RunOptions) Complete(_ *cobra.Command, _ []string) error {
	if err := o.createFlags.complete(); err != nil {
		return err
	}
	var err error
	if o.cfg, err = loadLintConfig(o.ConfigPath); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if _, err = lint.New(o.cfg); err != nil {
		return usageError("%v", err)
	}
	if o.KubernetesVersion != "" {
		if _, err := kubeversion.Parse(o.KubernetesVersion); err != nil {
			return usageError("--kubernetes-version: %v", err)
		}
	}
	o.client, o.namespace, o.explicitNS, err = clusterClient(o.ConfigFlags)
	return err
}

// Validate checks that the flags make sense together.
func (o *RunOptions) Validate() error {
	if o.Filename == "" {
		return usageError("no manifest: give -f FILE or -f - (stdin)")
	}
	if o.Replace && o.GenerateName {
		return usageError("--replace and --generate-name exclude each other: replace the Job of that name, or create another next to it")
	}
	if o.GenerateName && o.Name != "" {
		return usageError("--generate-name and --name exclude each other")
	}
	if o.Replace && o.dryRun != jobs.DryRunNone {
		return usageError("--replace cannot be combined with --dry-run: it deletes the old Job")
	}
	return o.createFlags.validate()
}

// Run lints, creates and follows the Job.
func (o *RunOptions) Run(ctx context.Context) error {
	obj, err := o.load()
	if err != nil {
		return err
	}
	ns := obj.Meta().Namespace
	switch {
	case ns == "":
		ns = o.namespace
	case o.explicitNS && ns != o.namespace:
		return usageError("the manifest's namespace %q does not match --namespace %q", ns, o.namespace)
	}

	// The rules decide for the cluster's version unless the flag or the file names one (with
	// --dry-run=client nothing is sent, so no /version call either: the default version).
	cluster := o.ConfigFlags
	if o.dryRun == jobs.DryRunClient {
		cluster = nil
	}
	if o.engine, err = newEngineFor(ctx, o.cfg, o.KubernetesVersion, cluster); err != nil {
		return err
	}
	var shown []lint.Finding
	errs := 0
	for _, f := range o.engine.Check(ctx, obj) {
		if f.Severity >= lint.SeverityWarning {
			shown = append(shown, f)
		}
		if f.Severity >= lint.SeverityError {
			errs++
		}
	}
	if len(shown) > 0 {
		res := report.Result{Findings: shown, Resources: 1, Files: 1, KubernetesVersion: o.engine.KubernetesVersion().String()}
		if err := report.Write(o.ErrOut, report.FormatText, res, report.Options{Color: useColor("auto", isTerminal(o.ErrOut), os.Getenv("NO_COLOR"))}); err != nil {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the findings: %w", err)}
		}
	}
	if errs > 0 {
		if !o.Force {
			return usageError("not running %s: the linter found %d error(s) (fix them, or use --force to run anyway)", obj.Ref(), errs)
		}
		fmt.Fprintf(o.ErrOut, "warning: running %s despite %d lint error(s) (--force)\n", obj.Ref(), errs)
	}

	var (
		job  *batchv1.Job
		opts = jobs.CreateOptions{DryRun: o.dryRun}
	)
	if obj.CronJob != nil {
		name := o.Name
		if name == "" {
			name = jobs.GenerateJobName(obj.CronJob.Name)
			opts.GeneratedFrom = obj.CronJob.Name
		}
		job = jobs.JobFromCronJob(obj.CronJob, name, false)
	} else {
		job = obj.Job.DeepCopy()
		job.APIVersion, job.Kind = batchv1.SchemeGroupVersion.String(), "Job"
		if o.Name != "" {
			job.Name, job.GenerateName = o.Name, ""
		}
		if job.Name == "" && job.GenerateName == "" {
			return usageError("%s has neither metadata.name nor metadata.generateName: give --name", o.Filename)
		}
		if o.GenerateName && job.Name != "" {
			job.GenerateName, job.Name = job.Name+"-", ""
		}
	}
	if o.Replace {
		if job.Name == "" {
			return usageError("--replace needs a fixed Job name: %s has only metadata.generateName (give --name)", displayName(o.Filename))
		}
		if obj.CronJob != nil && o.Name == "" {
			return usageError("--replace needs a fixed Job name: a CronJob manifest runs under a generated one (give --name)")
		}
		existed, err := jobs.DeleteJobAndWait(ctx, o.client, ns, job.Name)
		if err != nil {
			if ctx.Err() != nil {
				return &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("interrupted while job/%s in namespace %s was being deleted (--replace): its deletion goes on; the new Job was not created", job.Name, ns)}
			}
			return apiError(err)
		}
		if existed {
			fmt.Fprintf(o.ErrOut, "job.batch/%s deleted with its pods (--replace)\n", job.Name)
		}
		if ctx.Err() != nil {
			return &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("interrupted after job/%s in namespace %s was deleted (--replace); the new Job was not created", job.Name, ns)}
		}
	}
	created, err := jobs.CreateJob(ctx, o.client, ns, job, opts)
	if apierrors.IsAlreadyExists(err) {
		err = fmt.Errorf("%w\n  a Job runs once: --replace deletes job/%s and its pods and creates it again; --generate-name creates a new Job next to it", err, job.Name)
	}
	if err != nil {
		return apiError(err)
	}
	return o.afterCreate(ctx, o.client, created, o.IOStreams)
}

// load reads and decodes the manifest: exactly one Job or CronJob.
func (o *RunOptions) load() (*lint.Object, error) {
	if o.Filename != "-" {
		if st, err := os.Stat(o.Filename); err == nil && st.IsDir() {
			return nil, usageError("%s is a directory: run takes one manifest file", o.Filename)
		}
	}
	inputs, errs := collectInputs([]string{o.Filename}, false, o.In)
	if len(errs) > 0 {
		return nil, usageError("%s: %s", errs[0].File, errs[0].Message)
	}
	data, ierr := inputs[0].read()
	if ierr != nil {
		return nil, usageError("%s: %s", ierr.File, ierr.Message)
	}
	dec := manifest.Decode(inputs[0].name, data)
	if len(dec.Errors) > 0 {
		for _, e := range dec.Errors[1:] {
			fmt.Fprintf(o.ErrOut, "error: %v\n", e)
		}
		return nil, &ExitError{Code: ExitUsage, Err: dec.Errors[0]}
	}
	if len(dec.Objects) != 1 {
		other := ""
		if dec.Skipped > 0 {
			other = fmt.Sprintf(" (and %d object(s) of other kinds)", dec.Skipped)
		}
		return nil, usageError("%s holds %d Jobs and CronJobs%s; run takes exactly one", displayName(o.Filename), len(dec.Objects), other)
	}
	return dec.Objects[0], nil
}

func displayName(file string) string {
	if file == "-" {
		return "stdin"
	}
	return file
}
