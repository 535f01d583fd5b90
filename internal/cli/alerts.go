package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/alerts"
	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
)

// NewCmdAlerts builds "kubectl batch alerts", the parent of the alerting commands.
func NewCmdAlerts(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "alerts",
		Short: "Prometheus alerts that follow each CronJob's schedule",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(NewCmdAlertsExport(flags, streams))
	return cmd
}

var alertsExportExample = `  # Alerts for the CronJobs in a directory of manifests, next to them in Git
  kubectl batch alerts export -f k8s/ > k8s/monitoring/cronjob-alerts.yaml

  # For the CronJobs in the cluster (every namespace), applied for the Prometheus Operator
  kubectl batch alerts export --live -A --namespace-of-rule monitoring | kubectl apply -f -

  # Later alerts: no success within twice the longest gap of each schedule
  kubectl batch alerts export -f cronjobs/ --tolerance 2`

// AlertsExportOptions holds the flags of "kubectl batch alerts export".
type AlertsExportOptions struct {
	Filenames     []string
	Recursive     bool
	Live          bool
	AllNamespaces bool
	Tolerance     float64
	Name          string
	RuleNamespace string
	Output        string

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams
}

// NewCmdAlertsExport builds "kubectl batch alerts export".
func NewCmdAlertsExport(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &AlertsExportOptions{ConfigFlags: flags, IOStreams: streams, Tolerance: health.DefaultTolerance, Name: alerts.DefaultName, Output: "yaml"}
	cmd := &cobra.Command{
		Use:   "export (-f FILENAME | --live [-n NS | -A]) [--tolerance F] [-o yaml|json]",
		Short: "Write a PrometheusRule with, per CronJob, alerts whose thresholds follow its schedule",
		Long: `Write a PrometheusRule (monitoring.coreos.com/v1, for the Prometheus Operator) over the
series kube-state-metrics exports, with three alerts per CronJob:

  ` + alerts.AlertMissedSuccess + `  critical  no successful run for longer than the longest gap its schedule
                          allows (in its time zone, DST included) times --tolerance; counted
                          from its creation when it never succeeded
  ` + alerts.AlertLastRunFailed + `    warning   the Job that started last failed
  ` + alerts.AlertRunStuck + `         warning   a Job still active after the shortest gap between runs
                          times --tolerance

With the default tolerance 1.5 a daily CronJob is overdue after 36h, a weekday one after 4
days and 12 hours (its longest gap is Friday to Monday), a "*/5" one after 7m30s: no fixed
window that fits no schedule. The thresholds are
those of 'kubectl batch status' (the same tolerance). Suspended CronJobs get no alerts (and
each expression also checks kube_cronjob_spec_suspend); CronJobs whose schedule never fires are
left out with a note on stderr. The output depends only on the CronJobs' namespaces, names,
schedules and zones, sorted, so it can be committed and regenerated without churn.

Each rule waits 5 minutes ("for: 5m") before firing. Labels: severity, namespace, cronjob;
annotations: summary, description and a runbook command. The series need kube-state-metrics v2 (kube_cronjob_*, kube_job_owner,
kube_job_status_start_time, kube_job_status_active, kube_job_failed).

This command: 0 written; 2 usage and input errors, API errors.`,
		Example: alertsExportExample,
		RunE:    runE(o),
	}
	f := cmd.Flags()
	f.StringSliceVarP(&o.Filenames, "filename", "f", nil, "manifest file, directory or - (stdin) with the CronJobs; repeatable")
	f.BoolVarP(&o.Recursive, "recursive", "R", false, "process directories given with -f recursively")
	f.BoolVar(&o.Live, "live", false, "the CronJobs in the cluster (read-only: one list)")
	f.BoolVarP(&o.AllNamespaces, "all-namespaces", "A", false, "with --live: every namespace")
	f.Float64Var(&o.Tolerance, "tolerance", o.Tolerance, "multiplies each schedule's longest (missed success) and shortest (stuck run) gap into the thresholds")
	f.StringVar(&o.Name, "name", o.Name, "metadata.name of the PrometheusRule")
	f.StringVar(&o.RuleNamespace, "namespace-of-rule", "", "metadata.namespace of the PrometheusRule (default: none, kubectl apply -n decides)")
	f.StringVarP(&o.Output, "output", "o", o.Output, "yaml or json")
	flags.AddFlags(f)
	_ = cmd.MarkFlagFilename("filename", "yaml", "yml", "json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]cobra.Completion{"yaml", "json"}, cobra.ShellCompDirectiveNoFileComp))
	registerKubeFlagCompletions(cmd, flags)
	return cmd
}

// Complete has nothing to resolve before Run: the cluster is only read with --live.
func (o *AlertsExportOptions) Complete(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError("alerts export takes no arguments (give manifests with -f), got %q", args)
	}
	return nil
}

// Validate checks that the flags make sense together.
func (o *AlertsExportOptions) Validate() error {
	switch {
	case o.Live && len(o.Filenames) > 0:
		return usageError("give -f FILENAME or --live, not both")
	case !o.Live && len(o.Filenames) == 0:
		return usageError("no CronJobs: give -f FILENAME (or -f - for stdin) or --live")
	case o.AllNamespaces && !o.Live:
		return usageError("-A applies to --live")
	case !(o.Tolerance >= 1) || o.Tolerance > 100:
		return usageError("--tolerance must be between 1 and 100, got %s", strconv.FormatFloat(o.Tolerance, 'g', -1, 64))
	case o.Output != "yaml" && o.Output != "json":
		return usageError("--output must be yaml or json, got %q", o.Output)
	case o.Name == "":
		return usageError("--name must not be empty")
	}
	if err := validateStdinOnce(o.Filenames); err != nil {
		return err
	}
	return nil
}

// Run reads the CronJobs and writes the rules.
func (o *AlertsExportOptions) Run(ctx context.Context) error {
	var (
		cronJobs []*batchv1.CronJob
		err      error
	)
	if o.Live {
		cronJobs, err = o.liveCronJobs(ctx)
	} else {
		cronJobs, err = o.manifestCronJobs()
	}
	if err != nil {
		return err
	}
	rule, skipped := alerts.Generate(cronJobs, alerts.Options{Name: o.Name, Namespace: o.RuleNamespace, Tolerance: o.Tolerance})
	for _, s := range skipped {
		fmt.Fprintf(o.ErrOut, "note: cronjob/%s in namespace %s has no alerts: %s\n", s.Name, s.Namespace, s.Why)
	}
	var out []byte
	if o.Output == "json" {
		out, err = json.MarshalIndent(rule, "", "  ")
		out = append(out, '\n')
	} else {
		out, err = yaml.Marshal(rule)
	}
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("encoding the PrometheusRule: %w", err)}
	}
	_, err = o.Out.Write(out)
	return err
}

// manifestCronJobs decodes the CronJobs of the -f inputs; any input error fails the export (a
// rule file silently missing a CronJob would be worse than none).
func (o *AlertsExportOptions) manifestCronJobs() ([]*batchv1.CronJob, error) {
	files, errs := collectInputs(o.Filenames, o.Recursive, o.In)
	if len(errs) > 0 {
		return nil, usageError("%s: %s", errs[0].File, errs[0].Message)
	}
	var out []*batchv1.CronJob
	for _, f := range files {
		data, ierr := f.read()
		if ierr != nil {
			return nil, usageError("%s: %s", ierr.File, ierr.Message)
		}
		dec := manifest.Decode(f.name, data)
		if len(dec.Errors) > 0 {
			return nil, &ExitError{Code: ExitUsage, Err: dec.Errors[0]}
		}
		for _, obj := range dec.Objects {
			if obj.CronJob != nil {
				cj := obj.CronJob.DeepCopy()
				if cj.Namespace == "" {
					cj.Namespace = o.defaultNamespace()
				}
				out = append(out, cj)
			}
		}
	}
	if len(out) == 0 {
		return nil, usageError("no CronJob in %v", o.Filenames)
	}
	return out, nil
}

// defaultNamespace is where a manifest without a namespace lands: -n, else the kubeconfig's,
// else "default" (read without contacting a cluster).
func (o *AlertsExportOptions) defaultNamespace() string {
	if ns, _, err := o.ConfigFlags.ToRawKubeConfigLoader().Namespace(); err == nil && ns != "" {
		return ns
	}
	return metav1.NamespaceDefault
}

// liveCronJobs lists the CronJobs of the namespace (or all) with one paginated list.
func (o *AlertsExportOptions) liveCronJobs(ctx context.Context) ([]*batchv1.CronJob, error) {
	client, ns, err := batchV1For(o.ConfigFlags)
	if err != nil {
		return nil, err
	}
	if o.AllNamespaces {
		ns = metav1.NamespaceAll
	}
	var out []*batchv1.CronJob
	opts := metav1.ListOptions{Limit: 500}
	for {
		list, err := client.CronJobs(ns).List(ctx, opts)
		if err != nil {
			return nil, apiError(jobs.DescribeError(err, "list", jobs.Ref{Kind: jobs.KindCronJob}, ns))
		}
		for i := range list.Items {
			out = append(out, &list.Items[i])
		}
		if list.Continue == "" {
			break
		}
		opts.Continue = list.Continue
	}
	return out, nil
}
