package cli

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/spf13/pflag"
	"golang.org/x/term"
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// defaultHeartbeat is how often, without a terminal, a wait says it is still waiting when
// nothing else was printed: CI systems kill steps that stay silent for minutes.
const defaultHeartbeat = 30 * time.Second

// ttyReasonRefresh is how often the live line on a terminal asks the pods why a Job is stuck.
const ttyReasonRefresh = 5 * time.Second

// maxReasonMessage bounds the pod message quoted in a progress line.
const maxReasonMessage = 120

// whyNotProgressing lists the pods of the unfinished Jobs (one list per Job) and says, per Job
// name, why it does not progress: its first stuck pod and the reason (Unschedulable,
// ImagePullBackOff, CrashLoopBackOff, ...) with the message the scheduler or kubelet gave. Jobs
// that are fine are absent. Errors (no RBAC to list pods) leave the map empty: the reason is
// an extra, never a reason to fail the wait.
func whyNotProgressing(ctx context.Context, client kubernetes.Interface, namespace string, states []jobs.JobState) map[string]string {
	var running []*batchv1.Job
	for _, s := range states {
		if s.Job != nil && !s.Outcome.Finished() {
			running = append(running, s.Job)
		}
	}
	if len(running) == 0 {
		return nil
	}
	pods, err := jobs.PodsOfJobs(ctx, client, namespace, running)
	if err != nil {
		return nil
	}
	why := map[string]string{}
	now := time.Now()
	for _, job := range running {
		stuck := health.StuckPods(job, pods, now)
		if len(stuck) == 0 {
			continue
		}
		p := stuck[0]
		s := "waiting: pod/" + p.Pod + " " + p.Reason
		if p.Message != "" {
			s += " (" + truncateRunes(oneLineText(p.Message), maxReasonMessage) + ")"
		}
		why[job.Name] = s
	}
	return why
}

// oneLineText joins a multi-line message into one line.
func oneLineText(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' {
			r = ' '
		}
		out = append(out, r)
	}
	return string(out)
}

// truncateRunes shortens s to at most n runes, ending with "…" when cut.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n <= 1 {
		return string(r[:n])
	}
	return string(r[:n-1]) + "…"
}

// terminalWidth is the width of the terminal w writes to; 0 when unknown.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// addHeartbeatFlag adds --heartbeat.
func addHeartbeatFlag(f *pflag.FlagSet, v *time.Duration) {
	f.DurationVar(v, "heartbeat", *v, "without a terminal: when nothing was printed for this long, print a line saying what is still awaited and why (0: never)")
}
