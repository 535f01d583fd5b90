package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/internal/explain"
	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

var explainExample = `  # When does it run, what happens when it fails, when is it cleaned up?
  kubectl batch explain -f cronjob.yaml

  # The next 10 run times, also shown in the Asia/Tokyo zone
  kubectl batch explain -f cronjob.yaml --next 10 --local-zone Asia/Tokyo

  # A CronJob in the cluster: last and next runs, missed runs, its Jobs
  kubectl batch explain cronjob/nightly -n reports

  # Why did this Job fail? Conditions, pod exit codes, recent events
  kubectl batch explain job/import-2291 -n data

  # For scripts
  kubectl batch explain job/import-2291 -o json | jq '.items[0].jobStatus.failureReason'`

// ExplainOptions holds the flags and resolved state of "kubectl batch explain".
type ExplainOptions struct {
	Filenames []string
	Recursive bool
	RenderFlags
	Output    string
	Next      int
	LocalZone string
	// KubernetesVersion is --kubernetes-version.
	KubernetesVersion string

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams
	// Clock gives the current time (nil: time.Now). Tests fix it.
	Clock func() time.Time

	refs      []jobs.Ref
	local     *time.Location
	localName string
	now       time.Time
	engine    *lint.Engine
	cfg       lint.Config
}

// NewCmdExplain builds "kubectl batch explain".
func NewCmdExplain(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	return newExplainCmd(&ExplainOptions{ConfigFlags: flags, IOStreams: streams})
}

func newExplainCmd(o *ExplainOptions) *cobra.Command {
	if o.Output == "" {
		o.Output = "text"
	}
	if o.Next == 0 {
		o.Next = explain.DefaultNext
	}
	cmd := &cobra.Command{
		Use:   "explain (-f FILENAME | TYPE/NAME ... | TYPE NAME ...)",
		Short: "Explain a Job or CronJob: when it runs, what its pods do, what happens when they fail",
		Long: `Explain Jobs and CronJobs from manifests (-f, offline) or from the cluster (job/NAME,
cronjob/NAME).

For every object: the schedule in words with the next run times (in the CronJob's time zone
and yours) and the runs daylight saving time skips or repeats; the job pattern (single pod,
fixed completion count, work queue, indexed); the failure budget (retries, back-off, deadline,
pod failure policy); when the finished Job is deleted; the effective spec with every default
the API server fills in; and the lint findings.

For a Job in the cluster also its state, conditions and, when it failed, why: the reason, the
failed pods' exit codes and the recent events. For a CronJob in the cluster its last and next
runs, missed runs and the Jobs it owns.

This command: 0 explained; 2 usage errors, unreadable input, objects not found.`,
		Example: explainExample,
		RunE:    runE(o),
	}
	f := cmd.Flags()
	f.StringSliceVarP(&o.Filenames, "filename", "f", nil, "manifest file, directory or - (stdin) to explain; repeatable")
	f.BoolVarP(&o.Recursive, "recursive", "R", false, "process directories given with -f recursively")
	o.RenderFlags.add(f, "explain")
	f.StringVarP(&o.Output, "output", "o", o.Output, "output format: text|json")
	f.IntVar(&o.Next, "next", o.Next, fmt.Sprintf("how many next run times of a CronJob to list (0 to %d)", explain.MaxNext))
	f.StringVar(&o.LocalZone, "local-zone", "", "time zone to show run times in besides the CronJob's (IANA name; default: $TZ, else the system's zone)")
	addKubernetesVersionFlag(f, &o.KubernetesVersion, true)
	o.ConfigFlags.AddFlags(f)
	registerExplainCompletions(cmd, o.ConfigFlags)
	return cmd
}

// Complete resolves the arguments, the viewer's zone and the lint engine.
func (o *ExplainOptions) Complete(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		refs, err := jobs.ParseRefs(args)
		if err != nil {
			return usageError("%v", err)
		}
		o.refs = refs
	}
	var err error
	if o.local, o.localName, err = localZone(o.LocalZone); err != nil {
		return usageError("%v", err)
	}
	o.now = time.Now().Truncate(time.Second)
	if o.Clock != nil {
		o.now = o.Clock()
	}
	cfg, err := loadLintConfig("")
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	now := o.now
	cfg.Clock = func() time.Time { return now }
	o.cfg = cfg
	if len(o.refs) == 0 || o.KubernetesVersion != "" || cfg.KubernetesVersion.Valid() {
		if o.engine, err = newEngineFor(commandContext(cmd), cfg, o.KubernetesVersion, nil); err != nil {
			return err
		}
	} // else the cluster's version is read in Run, after Validate
	return nil
}

// localZone resolves --local-zone, else $TZ, else the system's zone (named after
// /etc/localtime's target when it is a link into a zoneinfo directory).
func localZone(flag string) (*time.Location, string, error) {
	if flag != "" {
		loc, err := time.LoadLocation(flag)
		if err != nil {
			return nil, "", fmt.Errorf("--local-zone: unknown time zone %q (use an IANA name such as Europe/Berlin)", flag)
		}
		return loc, flag, nil
	}
	if tz, ok := os.LookupEnv("TZ"); ok {
		tz = strings.TrimPrefix(tz, ":")
		if tz == "" {
			return time.UTC, "UTC", nil
		}
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc, tz, nil
		}
	}
	name := "Local"
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, after, ok := strings.Cut(target, "zoneinfo/"); ok && after != "" {
			name = after
		}
	}
	return time.Local, name, nil
}

// Validate checks that the flags make sense together.
func (o *ExplainOptions) Validate() error {
	switch o.Output {
	case "text", "json":
	default:
		return usageError("-o must be text or json, got %q", o.Output)
	}
	objects := ""
	if len(o.refs) > 0 {
		objects = "job/NAME, cronjob/NAME"
	}
	if err := o.RenderFlags.validate(len(o.Filenames) > 0, objects); err != nil {
		return err
	}
	if len(o.Filenames) == 0 && len(o.refs) == 0 && !o.RenderFlags.set() {
		return usageError("nothing to explain: give -f FILE|DIR|-, -k DIR, --helm CHART_DIR or job/NAME, cronjob/NAME (see 'kubectl batch explain --help')")
	}
	if len(o.Filenames) > 0 && len(o.refs) > 0 {
		return usageError("give either -f (manifests) or job/NAME, cronjob/NAME (the cluster), not both")
	}
	if o.Next < 0 || o.Next > explain.MaxNext {
		return usageError("--next must be between 0 and %d, got %d", explain.MaxNext, o.Next)
	}
	return validateStdinOnce(o.Filenames)
}

// Run explains and prints. Problems with some inputs (unreadable files, objects not found) are
// reported on stderr after the others are explained, with exit code 2.
func (o *ExplainOptions) Run(ctx context.Context) error {
	var (
		inputs []explain.Input
		errs   []string
	)
	if o.engine == nil {
		var err error
		if o.engine, err = newEngineFor(ctx, o.cfg, o.KubernetesVersion, o.ConfigFlags); err != nil {
			return err
		}
	}
	if len(o.refs) > 0 {
		var err error
		inputs, errs, err = o.fetchAll(ctx)
		if err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
	} else {
		inputs, errs = o.readManifests()
	}
	opt := explain.Options{Now: o.now, Next: o.Next, Local: o.local, LocalName: o.localName, Engine: o.engine}
	exps := make([]*explain.Explanation, 0, len(inputs))
	for _, in := range inputs {
		exps = append(exps, explain.Build(in, opt))
	}
	var err error
	if o.Output == "json" {
		err = explain.WriteJSON(o.Out, exps)
	} else if len(exps) > 0 {
		err = explain.WriteText(o.Out, exps, explain.TextOptions{Local: o.local})
	}
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the output: %w", err)}
	}
	for _, e := range errs {
		fmt.Fprintf(o.ErrOut, "error: %s\n", e)
	}
	if len(errs) > 0 {
		return &ExitError{Code: ExitUsage}
	}
	return nil
}

// readManifests decodes every Job and CronJob of the -f inputs, or of the -k or --helm render.
func (o *ExplainOptions) readManifests() ([]explain.Input, []string) {
	files, inErrs := collectInputs(o.Filenames, o.Recursive, o.In)
	if o.RenderFlags.set() {
		files, inErrs = o.RenderFlags.inputs(o.ConfigFlags, o.engine.KubernetesVersion().String())
	}
	var (
		inputs []explain.Input
		errs   []string
	)
	for _, e := range inErrs {
		errs = append(errs, e.File+": "+e.Message)
	}
	for _, f := range files {
		data, ierr := f.read()
		if ierr != nil {
			errs = append(errs, ierr.File+": "+ierr.Message)
			continue
		}
		dec := manifest.Decode(f.name, data)
		for _, e := range dec.Errors {
			errs = append(errs, e.Error())
		}
		for _, obj := range dec.Objects {
			f.place(obj)
			inputs = append(inputs, explain.Input{Object: obj})
		}
		if len(dec.Objects) == 0 && len(dec.Errors) == 0 {
			errs = append(errs, fmt.Sprintf("%s: no Job or CronJob in it", f.name))
		}
	}
	return inputs, errs
}

// fetchAll reads the named objects from the cluster with what explains them: for a Job its
// pods and the namespace's events; for a CronJob the namespace's Jobs and events. An object
// not found is an error of its own; the others are still explained.
func (o *ExplainOptions) fetchAll(ctx context.Context) ([]explain.Input, []string, error) {
	cs, ns, _, err := clusterClient(o.ConfigFlags)
	if err != nil {
		return nil, nil, err
	}
	var (
		inputs []explain.Input
		errs   []string
	)
	for _, ref := range o.refs {
		in, err := fetch(ctx, cs, ns, ref)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		inputs = append(inputs, in)
	}
	return inputs, errs, nil
}

func fetch(ctx context.Context, cs kubernetes.Interface, ns string, ref jobs.Ref) (explain.Input, error) {
	src := lint.Source{File: "cluster"}
	in := explain.Input{Live: true}
	listEvents := func() {
		evs, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			in.Warnings = append(in.Warnings, "events not shown: "+describeAPIError(err, "list", "events", ns).Error())
			return
		}
		in.Events = evs.Items
	}
	switch ref.Kind {
	case jobs.KindJob:
		job, err := cs.BatchV1().Jobs(ns).Get(ctx, ref.Name, metav1.GetOptions{})
		if err != nil {
			return in, jobs.DescribeError(err, "get", ref, ns)
		}
		in.Object = lint.NewJobObject(job, src)
		pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: podSelector(job)})
		if err != nil {
			in.Warnings = append(in.Warnings, "pods not shown: "+describeAPIError(err, "list", "pods", ns).Error())
		} else {
			in.Pods = pods.Items
		}
		listEvents()
	case jobs.KindCronJob:
		cj, err := cs.BatchV1().CronJobs(ns).Get(ctx, ref.Name, metav1.GetOptions{})
		if err != nil {
			return in, jobs.DescribeError(err, "get", ref, ns)
		}
		in.Object = lint.NewCronJobObject(cj, src)
		js, err := cs.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			in.Warnings = append(in.Warnings, "Jobs not shown: "+describeAPIError(err, "list", "jobs", ns).Error())
		} else {
			in.Jobs = js.Items
		}
		listEvents()
	default:
		return in, fmt.Errorf("%s: explain takes job/NAME or cronjob/NAME", ref)
	}
	return in, nil
}

// podSelector selects a Job's pods: its selector (as the Job controller does), else the
// job-name label.
func podSelector(job *batchv1.Job) string {
	if job.Spec.Selector != nil {
		if sel, err := metav1.LabelSelectorAsSelector(job.Spec.Selector); err == nil && !sel.Empty() {
			return sel.String()
		}
	}
	return labels.Set{lint.LabelJobName: job.Name}.String()
}
