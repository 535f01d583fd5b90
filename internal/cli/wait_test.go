package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// unreachableKubeconfig writes a kubeconfig whose server nothing listens on: commands get as
// far as their first API call.
func unreachableKubeconfig(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kubeconfig")
	cfg := `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: x}}]
contexts: [{name: c, context: {cluster: c, user: u, namespace: team}}]
current-context: c
`
	if err := os.WriteFile(p, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestClusterCommandUsageErrors(t *testing.T) {
	kc := unreachableKubeconfig(t)
	tests := []struct {
		args []string
		err  string
	}{
		{[]string{"trigger", "job/x"}, "wrong kind for job/x: this command takes cronjob/NAME"},
		{[]string{"trigger"}, "no resource given: use cronjob/NAME"},
		{[]string{"trigger", "nightly-report"}, `"nightly-report" is not a resource type: to name a CronJob, use cronjob/nightly-report`},
		{[]string{"history"}, "no resource given: use cronjob/NAME"},
		{[]string{"trigger", "cj/a", "--env", "NOVALUE"}, "--env \"NOVALUE\": want NAME=VALUE"},
		{[]string{"trigger", "cj/a", "--set-label", "a=b c"}, "invalid value"},
		{[]string{"trigger", "cj/a", "--args"}, "--args needs the arguments after --"},
		{[]string{"trigger", "cj/a", "--"}, "nothing after --"},
		{[]string{"rerun"}, "no resource given: use job/NAME"},
		{[]string{"rerun", "cronjob/x"}, "wrong kind for cronjob/x: this command takes job/NAME"},
		{[]string{"rerun", "job/x", "--dry-run=client", "--logs"}, "cannot be combined with --dry-run"},
		{[]string{"trigger", "cj/a", "cj/b"}, "trigger takes one CronJob"},
		{[]string{"trigger", "cj/a", "--dry-run=client", "--wait"}, "cannot be combined with --dry-run"},
		{[]string{"trigger", "cj/a", "--dry-run"}, "--dry-run needs a value"},
		{[]string{"trigger", "cj/a", "--dry-run=maybe"}, "invalid --dry-run value"},
		{[]string{"trigger", "cj/a", "--name", "Not_Valid"}, "not a valid Job name"},
		{[]string{"trigger", "cj/a", "--name", strings.Repeat("a", 64)}, "at most 63"},
		{[]string{"trigger", "cj/a", "--timeout", "1m"}, "--timeout applies to --wait"},
		{[]string{"trigger", "cj/a", "-o", "table"}, "unable to match a printer"},
		{[]string{"wait", "cronjob/x"}, "wrong kind for cronjob/x: this command takes job/NAME"},
		{[]string{"wait"}, "nothing to wait for"},
		{[]string{"wait", "job/x", "-l", "a=b"}, "not both"},
		{[]string{"logs", "job/x", "--all"}, "--all applies to cronjob/NAME"},
		{[]string{"logs", "deployment/x"}, "wrong kind"},
		{[]string{"logs", "job/x", "--all-containers", "-c", "a"}, "exclude each other"},
		{[]string{"logs", "job/x", "--since", "1h", "--since-time", "2026-12-01T00:00:00Z"}, "exclude each other"},
		{[]string{"logs", "job/x", "--since-time", "yesterday"}, "want an RFC3339 time"},
		{[]string{"logs", "job/x", "-p", "-f"}, "--previous and -f exclude each other"},
		{[]string{"logs", "job/x", "--max-log-requests", "0"}, "at least 1"},
		{[]string{"run"}, "no manifest"},
		{[]string{"run", "-f", "x.yaml", "--replace", "--generate-name"}, "exclude each other"},
		{[]string{"run", "-f", "x.yaml", "--replace", "--dry-run=server"}, "--replace cannot be combined with --dry-run"},
		{[]string{"run", "-f", "x.yaml", "--generate-name", "--name", "a"}, "--generate-name and --name exclude each other"},
		{[]string{"run", "-f", "testdata/nope.yaml"}, "no such file or directory"},
		{[]string{"run", "-f", "testdata"}, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			args := append(slices.Clone(tt.args), "--kubeconfig", kc)
			if dash := slices.Index(tt.args, "--"); dash >= 0 { // the flag goes before the command
				args = slices.Concat(tt.args[:dash], []string{"--kubeconfig", kc}, tt.args[dash:])
			}
			code, _, errs := runCLI(t, "", args...)
			if code != ExitUsage || !strings.Contains(errs, tt.err) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, tt.err)
			}
		})
	}
}

func TestClusterCommandsUnreachableServer(t *testing.T) {
	kc := unreachableKubeconfig(t)
	for _, args := range [][]string{
		{"trigger", "cronjob/nightly"},
		{"wait", "job/nightly"},
		{"logs", "job/nightly"},
	} {
		code, _, errs := runCLI(t, "", append(args, "--kubeconfig", kc)...)
		name := strings.SplitN(args[1], "/", 2)[1]
		if code != ExitUsage || !strings.Contains(errs, "connection refused") || !strings.Contains(errs, name) || !strings.Contains(errs, "namespace team") {
			t.Errorf("%v: exit %d, stderr %q; want 2, the object, the namespace and the cause", args, code, errs)
		}
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, c := range []string{"trigger", "run", "wait", "logs"} {
		code, out, _ := runCLI(t, "", c, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "kubectl batch "+c) || !strings.Contains(out, "Exit codes") {
			t.Errorf("%s --help: exit %d\n%s", c, code, out)
		}
		if !strings.Contains(out, "--kubeconfig") || !strings.Contains(out, "--namespace") {
			t.Errorf("%s --help lacks the kubectl flags", c)
		}
	}
}

func stateOf(name string, active, succeeded, failed int32, cond batchv1.JobConditionType, reason, msg string) jobs.JobState {
	job := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: name}, Status: batchv1.JobStatus{Active: active, Succeeded: succeeded, Failed: failed}}
	start := metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	job.Status.StartTime = &start
	if cond != "" {
		job.Status.Conditions = []batchv1.JobCondition{{Type: cond, Status: "True", Reason: reason, Message: msg, LastTransitionTime: metav1.NewTime(start.Add(3 * time.Second))}}
	}
	s := jobs.JobState{Name: name, Job: job}
	s.Outcome, s.Condition = jobs.JobOutcome(job)
	return s
}

func TestProgressPlainLinesOnlyOnChange(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, false)
	p.update([]jobs.JobState{stateOf("a", 1, 0, 0, "", "", "")})
	p.update([]jobs.JobState{stateOf("a", 1, 0, 0, "", "", "")})
	p.update([]jobs.JobState{stateOf("a", 0, 0, 1, batchv1.JobFailed, "BackoffLimitExceeded", "x")})
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "job/a: 1 active, 0 succeeded, 0 failed (") ||
		!strings.HasPrefix(lines[1], "job/a: 0 active, 0 succeeded, 1 failed, failed (") || strings.Contains(buf.String(), "\r") {
		t.Errorf("plain progress:\n%s", buf.String())
	}
}

func TestProgressTTY(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, true)
	p.update([]jobs.JobState{stateOf("a", 1, 0, 0, "", "", ""), stateOf("b", 0, 2, 0, batchv1.JobComplete, "", "")})
	if !strings.HasPrefix(buf.String(), "\r\x1b[K1/2 jobs finished (0 failed); pods: 1 active, 2 succeeded, 0 failed  0s") || strings.Contains(buf.String(), "\n") {
		t.Errorf("tty line %q", buf.String())
	}
	// Log lines written "above" erase the status line and redraw it after.
	buf.Reset()
	var logs bytes.Buffer
	w := p.above(&logs)
	if _, err := w.Write([]byte("[pod] hello\n")); err != nil {
		t.Fatal(err)
	}
	if logs.String() != "[pod] hello\n" || !strings.HasPrefix(buf.String(), "\r\x1b[K\r\x1b[K1/2 jobs") {
		t.Errorf("above: logs %q, status %q", logs.String(), buf.String())
	}
	buf.Reset()
	p.clear()
	if buf.String() != "\r\x1b[K" {
		t.Errorf("clear: %q", buf.String())
	}
}

func TestReportOutcome(t *testing.T) {
	var buf bytes.Buffer
	err := reportOutcome(&buf, []jobs.JobState{
		stateOf("a", 0, 1, 0, batchv1.JobComplete, "CompletionsReached", ""),
		stateOf("b", 0, 0, 1, batchv1.JobFailed, "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
	})
	want := "job/a complete (1 succeeded, 3s)\njob/b failed: BackoffLimitExceeded: Job has reached the specified backoff limit (0 succeeded, 1 failed pods, 3s)\n"
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
	if code := ExitCode(err, genericIOForTest()); code != ExitFindings {
		t.Errorf("exit %d, want 1", code)
	}
	buf.Reset()
	if err := reportOutcome(&buf, []jobs.JobState{stateOf("a", 0, 1, 0, batchv1.JobComplete, "", "")}); err != nil {
		t.Errorf("all complete: %v", err)
	}
}
