package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"k8s.io/cli-runtime/pkg/printers"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// Watch timing: changes are drawn at most once per statusRedrawGap; with no change the verdicts
// are made again every statusRejudgeEvery, since time alone makes a CronJob overdue or a
// pending pod a failure (no API call: the state is the watches').
const (
	statusRedrawGap     = time.Second
	statusRejudgeEvery  = 10 * time.Second
	clearTerminalScreen = "\x1b[H\x1b[2J"
)

// watch follows the cluster from snap's resource versions and redraws until ctx ends (exit
// 130) or a watch cannot go on (exit 2). On a terminal the whole table is redrawn in place;
// otherwise, as kubectl get --watch does, one row per object whose verdict or reason changed
// (an object that is gone shows as Gone).
func (o *StatusOptions) watch(ctx context.Context, snap *jobs.StatusSnapshot, gaps *health.Gaps) error {
	sw := jobs.WatchStatus(ctx, o.client, jobs.StatusQuery{Namespace: o.namespace, Selector: o.Selector}, snap)
	d := &statusDrawer{out: o.Out, errOut: o.ErrOut, terminal: isTerminal(o.Out), wide: o.Output == "wide", withNamespace: o.namespace == ""}
	first, err := o.judge(snap, o.now(), gaps, false)
	if err != nil {
		return err
	}
	d.remember(first)
	if d.terminal {
		// From now on the table lives in place, under the time it was made for.
		if err := d.draw(first, nil); err != nil {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the status: %w", err)}
		}
	}

	rejudge := time.NewTicker(statusRejudgeEvery)
	defer rejudge.Stop()
	var redraw <-chan time.Time
	lastDraw := time.Now()
	draw := func() error {
		r, err := o.judge(sw.Snapshot(), o.now(), gaps, false)
		if err != nil {
			return err
		}
		lastDraw = time.Now()
		if err := d.draw(r, sw.Problems()); err != nil {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the status: %w", err)}
		}
		return nil
	}
	for {
		select {
		case <-ctx.Done():
			return &ExitError{Code: ExitInterrupted}
		case err := <-sw.Failed():
			return apiError(err)
		case <-sw.Changed():
			if redraw == nil {
				redraw = time.After(max(0, statusRedrawGap-time.Since(lastDraw)))
			}
		case <-redraw:
			redraw = nil
			if err := draw(); err != nil {
				return err
			}
		case <-rejudge.C:
			if redraw == nil {
				if err := draw(); err != nil {
					return err
				}
			}
		}
	}
}

// statusDrawer writes the redraws of --watch.
type statusDrawer struct {
	out, errOut                   io.Writer
	terminal, wide, withNamespace bool
	// shown is each object's verdict and reason as last shown, by kind/namespace/name.
	shown map[string]string
	// problems are the failing watches as last reported.
	problems string
}

func statusKeyOf(s health.Status) string { return s.Kind + "/" + s.Namespace + "/" + s.Name }

func (d *statusDrawer) remember(r health.Report) {
	d.shown = map[string]string{}
	for _, s := range r.Items {
		d.shown[statusKeyOf(s)] = string(s.Verdict) + " " + s.Reason
	}
}

// draw writes r: the whole table on a terminal, else the rows that changed since the last draw.
// problems are the watches that fail and are being retried: on a terminal they stand under the
// time, otherwise they go to errOut when they start and when they are over.
func (d *statusDrawer) draw(r health.Report, problems []string) error {
	if d.terminal {
		d.remember(r)
		if _, err := fmt.Fprintf(d.out, "%s%s (Ctrl-C to stop)\n", clearTerminalScreen, r.GeneratedAt.Local().Format("2006-01-02 15:04:05 MST")); err != nil {
			return err
		}
		for _, p := range problems {
			warn(d.out, p)
		}
		if _, err := fmt.Fprintln(d.out); err != nil {
			return err
		}
		if len(r.Items) == 0 {
			_, err := fmt.Fprintln(d.out, "No CronJobs or Jobs.")
			return err
		}
		return writeStatusTable(d.out, r, d.wide, d.withNamespace)
	}
	if now := strings.Join(problems, "\n"); now != d.problems {
		for _, p := range problems {
			warn(d.errOut, p)
		}
		if now == "" {
			fmt.Fprintln(d.errOut, "The watches work again; the rows below are current.")
		}
		d.problems = now
	}
	tw := printers.GetNewTabWriter(d.out)
	seen := map[string]bool{}
	for _, s := range r.Items {
		k := statusKeyOf(s)
		seen[k] = true
		if now := string(s.Verdict) + " " + s.Reason; d.shown[k] != now {
			d.shown[k] = now
			fmt.Fprintln(tw, strings.Join(statusRow(s, r.GeneratedAt, d.wide, d.withNamespace), "\t"))
		}
	}
	var gone []string
	for k := range d.shown {
		if !seen[k] {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, k := range gone {
		delete(d.shown, k)
		kind, rest, _ := strings.Cut(k, "/")
		ns, name, _ := strings.Cut(rest, "/")
		row := health.Status{Kind: kind, Namespace: ns, Name: name, Verdict: "-", Reason: "Gone",
			Message: "deleted, or no longer selected"}
		fmt.Fprintln(tw, strings.Join(statusRow(row, r.GeneratedAt, d.wide, d.withNamespace), "\t"))
	}
	return tw.Flush()
}
