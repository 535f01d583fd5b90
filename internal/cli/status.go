package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/cli-runtime/pkg/printers"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
	"github.com/kubectl-batch/kubectl-batch/internal/jsonstream"
)

var statusExample = `  # Which CronJobs and Jobs of the namespace are not doing their job, worst first
  kubectl batch status

  # Every namespace, with more columns
  kubectl batch status -A -o wide

  # A cron-driven check or CI smoke test: exit 1 only on failures, not on warnings
  kubectl batch status -A --fail-on fail || notify-team

  # A few objects, or those of a team
  kubectl batch status cronjob/nightly job/migrate-42 -n data
  kubectl batch status -l team=payments

  # For scripts (schema in docs/status.md)
  kubectl batch status -A -o json | jq '.items[] | select(.verdict != "OK") | [.namespace, .name, .reason]'

  # Keep watching: redrawn when a CronJob, Job or pod changes
  kubectl batch status -n reporting --watch`

// StatusOptions holds the flags and resolved state of "kubectl batch status".
type StatusOptions struct {
	AllNamespaces bool
	Selector      string
	Output        string
	Watch         bool
	FailOn        string
	Tolerance     float64

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	// Now is the clock (tests fix it); default time.Now.
	Now func() time.Time

	refs      []jobs.Ref
	namespace string
	// homeNamespace is -n or the kubeconfig's namespace when -A cleared namespace: -A falls back to
	// it when RBAC allows no cluster-wide list.
	homeNamespace string
	selector      labels.Selector
	failOn        health.Verdict // "" = never
	client        kubernetes.Interface
}

// NewCmdStatus builds "kubectl batch status".
func NewCmdStatus(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &StatusOptions{ConfigFlags: flags, IOStreams: streams, Now: time.Now, FailOn: "warn", Tolerance: health.DefaultTolerance}
	cmd := &cobra.Command{
		Use:   "status [cronjob/NAME | job/NAME ...] [-n NS | -A] [-l SELECTOR]",
		Short: "The health of every CronJob and Job at a glance, worst first",
		Long: `One line per CronJob and per Job that no CronJob owns, worst first, each with a verdict (OK,
WARN, FAIL) and the one reason that matters:

  CronJob  the latest run failed (LastRunFailed); overdue: no success within the longest gap
           the schedule allows between two runs times --tolerance (Overdue; a weekday schedule
           allows 72 hours over the weekend, a daily one 24); runs missed since the last
           schedule and whether the controller still starts one given startingDeadlineSeconds
           (MissedRuns, TooManyMissedRuns over 100); an active run blocking new ones under
           concurrencyPolicy Forbid (BlockedByActiveRun); an active run far longer than the usual
           successful one (RunningLong); an active run's stuck pods; a schedule or zone that
           cannot be evaluated or never fires. Suspended CronJobs are OK (Suspended).
  Job      failed, with the reason (BackoffLimitExceeded, DeadlineExceeded, ...); pods stuck
           Unschedulable (a warning for 5 minutes, then a failure), ImagePullBackOff,
           CrashLoopBackOff, CreateContainerConfigError; the last retry of backoffLimit
           (RetriesNearLimit); 80 % of activeDeadlineSeconds used (DeadlineNear).

Times in the text are relative; -o wide adds the schedule, its zone, the last schedule, the next
run in the CronJob's zone, active runs and pod counts; -o json and -o yaml give every fact with
UTC times and machine-readable reasons (a StatusList, described in docs/status.md).

Cost: three list calls (CronJobs, Jobs, and the Jobs' pods by label), one more per 500 objects
of a kind, whatever the number of objects; only unfinished pods are kept. What RBAC does not let
you list is left out with a warning (and in .notes): without pods, stuck pods are not seen.
-A without the right to list across namespaces shows your namespace (-n, else the
kubeconfig's) instead, with a note.

--watch lists once, then follows watches of the three kinds (started where the lists ended; it
never polls) until interrupted (exit 130): on a terminal the table is redrawn in place when
something changes (at most once a second) and every 10 seconds (time alone makes a CronJob
overdue); otherwise, as kubectl get --watch does, one row is printed per object whose verdict
or reason changed, and "Gone" for one deleted or no longer selected. A watch that fails (the
server unreachable, ...) is retried and said, under the time or on stderr, until it works again;
one RBAC refuses ends the command (exit 2). --fail-on does not apply.

Exit codes: 0 no object is at or above --fail-on; 1 some object is (--fail-on warn, the
default: any WARN or FAIL; --fail-on fail: any FAIL; never: always 0); 2 usage errors and API
errors (nothing could be listed, a named object does not exist).`,
		Example:           statusExample,
		ValidArgsFunction: completeJobRefs(flags, jobs.KindCronJob, jobs.KindJob),
		RunE:              runE(o),
	}
	f := cmd.Flags()
	f.BoolVarP(&o.AllNamespaces, "all-namespaces", "A", false, "every namespace")
	f.StringVarP(&o.Selector, "selector", "l", "", "label selector for CronJobs and the Jobs no CronJob owns (the Jobs of a selected CronJob always count)")
	f.StringVarP(&o.Output, "output", "o", "", "output format: wide, json or yaml (default: a table)")
	f.BoolVarP(&o.Watch, "watch", "w", false, "after the first table, redraw it whenever a CronJob, Job or pod changes")
	f.StringVar(&o.FailOn, "fail-on", o.FailOn, "exit 1 when an object's verdict is at or above this: warn, fail or never")
	f.Float64Var(&o.Tolerance, "tolerance", o.Tolerance, "a CronJob is overdue without a success for longer than its schedule's longest gap times this")
	flags.AddFlags(f)
	registerStatusCompletions(cmd, flags)
	return cmd
}

// Complete resolves the arguments, the namespace and the client.
func (o *StatusOptions) Complete(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		refs, err := jobs.ParseRefs(args, jobs.KindCronJob, jobs.KindJob)
		if err != nil {
			return usageError("%v", err)
		}
		o.refs = refs
	}
	var err error
	if o.selector, err = labels.Parse(o.Selector); err != nil {
		return usageError("invalid --selector %q: %v", o.Selector, err)
	}
	if o.client, o.namespace, _, err = clusterClient(o.ConfigFlags); err != nil {
		return err
	}
	if o.AllNamespaces {
		o.homeNamespace, o.namespace = o.namespace, ""
	}
	return nil
}

// Validate checks the flags.
func (o *StatusOptions) Validate() error {
	switch o.Output {
	case "", "wide", "json", "yaml":
	default:
		return usageError("--output must be wide, json or yaml, got %q", o.Output)
	}
	switch o.FailOn {
	case "never":
		o.failOn = ""
	default:
		v, ok := health.ParseVerdict(o.FailOn)
		if !ok || v == health.OK {
			return usageError("--fail-on must be warn, fail or never, got %q", o.FailOn)
		}
		o.failOn = v
	}
	if o.Tolerance < 1 {
		return usageError("--tolerance must be at least 1 (the schedule's longest gap itself), got %v", o.Tolerance)
	}
	if o.Watch && (o.Output == "json" || o.Output == "yaml") {
		return usageError("--watch draws tables: use it without -o json|yaml")
	}
	return nil
}

func (o *StatusOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *StatusOptions) opts(gaps *health.Gaps) health.Options {
	return health.Options{Tolerance: o.Tolerance, Gaps: gaps}
}

// Run reads the cluster, judges and prints; with --watch it goes on redrawing.
func (o *StatusOptions) Run(ctx context.Context) error {
	snap, err := jobs.ReadStatus(ctx, o.client, jobs.StatusQuery{Namespace: o.namespace, Selector: o.Selector})
	var forbidden *jobs.StatusForbiddenError
	if errors.As(err, &forbidden) && o.namespace == "" && o.homeNamespace != "" {
		// -A without cluster-wide rights: what the user may read is their own namespace.
		o.namespace = o.homeNamespace
		if snap, err = jobs.ReadStatus(ctx, o.client, jobs.StatusQuery{Namespace: o.namespace, Selector: o.Selector}); err == nil {
			snap.Notes = append([]string{fmt.Sprintf("you may not list CronJobs, Jobs or pods across all namespaces: showing namespace %s (-n, else your kubeconfig's)", o.namespace)}, snap.Notes...)
		}
	}
	if err != nil {
		return apiError(err)
	}
	gaps := &health.Gaps{}
	report, err := o.judge(snap, o.now(), gaps, true)
	if err != nil {
		return err
	}
	for _, n := range report.Notes {
		warn(o.ErrOut, n)
	}
	if err := o.print(report); err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the status: %w", err)}
	}
	if o.Watch {
		return o.watch(ctx, snap, gaps)
	}
	return o.exit(report)
}

// exit turns the report into the exit code of --fail-on.
func (o *StatusOptions) exit(r health.Report) error {
	if o.failOn != "" && r.Worst().Rank() >= o.failOn.Rank() && len(r.Items) > 0 && r.Worst() != health.OK {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

// judge filters the snapshot by the named objects and the selector and judges what is left;
// with requireNamed, a named object that is not there is an error.
func (o *StatusOptions) judge(snap *jobs.StatusSnapshot, now time.Time, gaps *health.Gaps, requireNamed bool) (health.Report, error) {
	want := map[jobs.Ref]bool{}
	for _, r := range o.refs {
		want[r] = true
	}
	cronJobs := snap.CronJobs
	if len(want) > 0 {
		cronJobs = nil
		for _, cj := range snap.CronJobs {
			if want[jobs.Ref{Kind: jobs.KindCronJob, Name: cj.Name}] {
				cronJobs = append(cronJobs, cj)
			}
		}
	}
	standalone := func(j *batchv1.Job) bool {
		if len(want) > 0 && !want[jobs.Ref{Kind: jobs.KindJob, Name: j.Name}] {
			return false
		}
		return o.selector.Matches(labels.Set(j.Labels))
	}
	items := health.All(cronJobs, snap.Jobs, snap.Pods, now, o.opts(gaps), standalone)
	if len(want) > 0 && requireNamed {
		found := map[jobs.Ref]bool{}
		for _, s := range items {
			found[jobs.Ref{Kind: jobs.Kind(s.Kind), Name: s.Name}] = true
		}
		for _, r := range o.refs {
			if !found[r] {
				where := "namespace " + o.namespace
				if o.namespace == "" {
					where = "any namespace"
				}
				msg := fmt.Sprintf("%s not found in %s", r, where)
				if r.Kind == jobs.KindJob && o.ownedJob(snap, r.Name) {
					msg = fmt.Sprintf("%s belongs to a CronJob: ask for the CronJob (its active run is judged with it)", r)
				}
				return health.Report{}, &ExitError{Code: ExitUsage, Err: fmt.Errorf("%s", msg)}
			}
		}
	}
	return health.NewReport(items, snap.Notes, now, o.opts(gaps)), nil
}

func (o *StatusOptions) ownedJob(snap *jobs.StatusSnapshot, name string) bool {
	for _, j := range snap.Jobs {
		if j.Name == name {
			for _, r := range j.OwnerReferences {
				if r.Kind == "CronJob" {
					return true
				}
			}
		}
	}
	return false
}

func (o *StatusOptions) print(r health.Report) error {
	switch o.Output {
	case "json":
		// The items are encoded one at a time: tens of thousands of them are never held as
		// one document.
		items := r.Items
		r.Items = []health.Status{}
		skeleton, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		return jsonstream.WriteArray(o.Out, append(skeleton, '\n'), "items", len(items), func(i int) any { return items[i] })
	case "yaml":
		data, err := yaml.Marshal(r)
		if err != nil {
			return err
		}
		_, err = o.Out.Write(data)
		return err
	}
	if len(r.Items) == 0 {
		where := "namespace " + o.namespace
		if o.namespace == "" {
			where = "any namespace"
		}
		if o.Selector != "" {
			where += fmt.Sprintf(" matching -l %q", o.Selector)
		}
		_, err := fmt.Fprintf(o.ErrOut, "No CronJobs or Jobs found in %s.\n", where)
		return err
	}
	return writeStatusTable(o.Out, r, o.Output == "wide", o.namespace == "")
}

// writeStatusTable prints the report as kubectl prints tables, times relative to its time.
func writeStatusTable(w io.Writer, r health.Report, wide, withNamespace bool) error {
	tw := printers.GetNewTabWriter(w)
	fmt.Fprintln(tw, strings.Join(statusHeader(wide, withNamespace), "\t"))
	for _, s := range r.Items {
		fmt.Fprintln(tw, strings.Join(statusRow(s, r.GeneratedAt, wide, withNamespace), "\t"))
	}
	return tw.Flush()
}

// statusHeader is the table's header row.
func statusHeader(wide, withNamespace bool) []string {
	var head []string
	if withNamespace {
		head = append(head, "NAMESPACE")
	}
	head = append(head, "NAME", "VERDICT", "REASON")
	if wide {
		head = append(head, "SCHEDULE", "LAST SCHEDULE", "LAST SUCCESS", "NEXT", "ACTIVE", "PODS (A/S/F)")
	} else {
		head = append(head, "LAST SUCCESS", "NEXT")
	}
	return append(head, "MESSAGE")
}

// statusRow is one object's row, times relative to now.
func statusRow(s health.Status, now time.Time, wide, withNamespace bool) []string {
	rel := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		if t.After(now) {
			return "in " + duration.HumanDuration(t.Sub(now))
		}
		return duration.HumanDuration(now.Sub(*t)) + " ago"
	}
	var row []string
	if withNamespace {
		row = append(row, s.Namespace)
	}
	row = append(row, strings.ToLower(s.Kind)+"/"+s.Name, string(s.Verdict), s.Reason)
	var sched, lastSched, lastSuccess, next, active, pods = "-", "-", "-", "-", "-", "-"
	if c := s.CronJob; c != nil {
		sched = c.Schedule
		if c.TimeZone != "" {
			sched += " (" + c.TimeZone + ")"
		}
		if c.Suspended {
			sched += ", suspended"
		}
		lastSched, lastSuccess, next = rel(c.LastScheduleTime), rel(c.LastSuccessfulTime), rel(c.NextScheduleTime)
		switch {
		case c.Suspended:
			// The schedule's next time is in the JSON; the table says no run will start.
			next = "suspended"
		case wide && c.NextScheduleTime != nil:
			next += " (" + c.NextScheduleTime.In(zoneOf(c.TimeZone)).Format("Mon 15:04 MST") + ")"
		}
		active = fmt.Sprint(len(c.Active))
	}
	if j := s.Job; j != nil {
		if j.State == health.StateComplete {
			lastSuccess = rel(j.EndTime)
		}
		active = fmt.Sprint(j.Active)
		pods = fmt.Sprintf("%d/%d/%d", j.Active, j.Succeeded, j.Failed)
	}
	if wide {
		row = append(row, sched, lastSched, lastSuccess, next, active, pods)
	} else {
		row = append(row, lastSuccess, next)
	}
	return append(row, s.Message)
}

func zoneOf(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	if l, err := time.LoadLocation(name); err == nil {
		return l
	}
	return time.UTC
}
