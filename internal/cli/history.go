package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/cli-runtime/pkg/printers"
	batchclient "k8s.io/client-go/kubernetes/typed/batch/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
)

var historyExample = `  # The Jobs of a CronJob, how each was started and how it ended, and the schedule's state
  kubectl batch history cronjob/nightly

  # The same for scripts (a stable JSON document; also -o yaml)
  kubectl batch history cj/nightly -n reporting -o json | jq '.jobs[] | select(.result == "Failed")'`

// HistoryOptions holds the flags and resolved state of "kubectl batch history".
type HistoryOptions struct {
	Output string

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	// Now is the clock (tests fix it); default time.Now.
	Now func() time.Time

	ref       jobs.Ref
	namespace string
	client    batchclient.BatchV1Interface
}

// NewCmdHistory builds "kubectl batch history".
func NewCmdHistory(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &HistoryOptions{ConfigFlags: flags, IOStreams: streams, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "history cronjob/NAME",
		Short: "List a CronJob's Jobs and show its last, next and missed schedules",
		Long: `List the Jobs of a CronJob (those with an ownerReference to it), oldest first: how each was
started (by the schedule, or by hand with "kubectl create job --from" or "kubectl batch
trigger", which set the annotation cronjob.kubernetes.io/instantiate: manual), when it started,
how long it ran, how it ended (Complete, Failed with the reason, Running, Suspended) and how
many pods failed.

Below the table: the last schedule time, the next one (in the CronJob's spec.timeZone; when it
is unset the controller uses its own local zone, assumed here to be UTC) and the number of
schedules missed since the last one. Above 100 missed schedules the CronJob controller records
a TooManyMissedTimes warning event and starts only the most recent run.

The controller deletes finished Jobs beyond successfulJobsHistoryLimit (default 3) and
failedJobsHistoryLimit (default 1), so older runs are not listed.

Two API calls: get the CronJob, list the Jobs of its namespace.`,
		Example:           historyExample,
		ValidArgsFunction: completeJobRef(flags, jobs.KindCronJob),
		RunE:              runE(o),
	}
	f := cmd.Flags()
	f.StringVarP(&o.Output, "output", "o", "", "output format: json or yaml (default: a table)")
	flags.AddFlags(f)
	registerHistoryFlagCompletions(cmd, flags)
	return cmd
}

// Complete resolves the argument, the namespace and the client.
func (o *HistoryOptions) Complete(_ *cobra.Command, args []string) error {
	var err error
	if o.ref, err = oneRef("history", args, jobs.KindCronJob); err != nil {
		return err
	}
	if o.client, o.namespace, err = batchV1For(o.ConfigFlags); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	return nil
}

// Validate checks the flags.
func (o *HistoryOptions) Validate() error {
	switch o.Output {
	case "", "json", "yaml":
		return nil
	}
	return usageError("--output must be json or yaml, got %q", o.Output)
}

// Run reads the history and prints it.
func (o *HistoryOptions) Run(ctx context.Context) error {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	t := now()
	h, err := jobs.GetHistory(ctx, o.client, o.namespace, o.ref.Name, t)
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	switch o.Output {
	case "json":
		enc := json.NewEncoder(o.Out)
		enc.SetIndent("", "  ")
		err = enc.Encode(h)
	case "yaml":
		var data []byte
		if data, err = yaml.Marshal(h); err == nil {
			_, err = o.Out.Write(data)
		}
	default:
		err = writeHistory(o.Out, h, t)
	}
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the history: %w", err)}
	}
	return nil
}

// writeHistory prints h as a table followed by the schedule's state, times in the CronJob's zone.
func writeHistory(w io.Writer, h *jobs.History, now time.Time) error {
	loc := time.UTC
	if l, err := time.LoadLocation(h.TimeZone); err == nil {
		loc = l
	}
	at := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05 MST") }
	if len(h.Jobs) == 0 {
		fmt.Fprintf(w, "No Jobs of cronjob/%s in namespace %s.\n", h.CronJob, h.Namespace)
	} else {
		tw := printers.GetNewTabWriter(w)
		fmt.Fprintln(tw, "NAME\tSTARTED BY\tSTART\tDURATION\tRESULT\tFAILED PODS")
		for _, j := range h.Jobs {
			start, dur := "-", "-"
			if j.StartTime != nil {
				start = at(*j.StartTime)
				switch {
				case j.DurationSeconds != nil:
					dur = duration.HumanDuration(time.Duration(*j.DurationSeconds) * time.Second)
				case j.Result == jobs.ResultRunning:
					dur = duration.HumanDuration(now.Sub(*j.StartTime))
				}
			}
			result := j.Result
			if j.Reason != "" {
				result += " (" + j.Reason + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", j.Name, j.StartedBy, start, dur, result, j.Failed)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)

	tw := printers.GetNewTabWriter(w)
	zone := h.TimeZone
	if h.TimeZoneAssumed {
		zone = "spec.timeZone unset: the controller's local zone, assumed UTC"
	}
	fmt.Fprintf(tw, "Schedule:\t%s (%s)\n", h.Schedule, zone)
	if h.Suspended {
		fmt.Fprintf(tw, "Suspended:\tyes: the controller starts no new Jobs (kubectl batch resume cronjob/%s)\n", h.CronJob)
	}
	last := "never"
	if h.LastScheduleTime != nil {
		last = fmt.Sprintf("%s (%s ago)", at(*h.LastScheduleTime), duration.HumanDuration(now.Sub(*h.LastScheduleTime)))
	}
	fmt.Fprintf(tw, "Last schedule:\t%s\n", last)
	switch {
	case h.ScheduleError != "":
		fmt.Fprintf(tw, "Next schedule:\tunknown: %s\n", h.ScheduleError)
	case h.NextScheduleTime == nil:
		fmt.Fprintf(tw, "Next schedule:\tnever: the schedule does not fire again\n")
	default:
		next := fmt.Sprintf("%s (in %s)", at(*h.NextScheduleTime), duration.HumanDuration(h.NextScheduleTime.Sub(now)))
		if h.Suspended {
			next += ", skipped while suspended"
		}
		fmt.Fprintf(tw, "Next schedule:\t%s\n", next)
	}
	if h.ScheduleError == "" {
		since := "since the last schedule"
		if h.LastScheduleTime == nil {
			since = "since the CronJob was created (" + at(h.MissedSince) + ")"
		}
		missed := fmt.Sprint(h.MissedSchedules)
		if h.MissedSchedules > schedule.MissedScheduleLimit {
			missed = fmt.Sprintf("%d+", schedule.MissedScheduleLimit+1)
		}
		line := missed + " " + since
		if h.TooManyMissed {
			line += fmt.Sprintf("; over the controller's limit of %d: it records a TooManyMissedTimes warning event and starts only the most recent run (set startingDeadlineSeconds to bound the count)", schedule.MissedScheduleLimit)
		}
		fmt.Fprintf(tw, "Missed schedules:\t%s\n", line)
	}
	limit := func(p *int32, def int32) int32 {
		if p != nil {
			return *p
		}
		return def
	}
	fmt.Fprintf(tw, "History limits:\t%d successful, %d failed (older finished Jobs are deleted)\n",
		limit(h.SuccessfulJobsHistoryLimit, 3), limit(h.FailedJobsHistoryLimit, 1))
	return tw.Flush()
}
