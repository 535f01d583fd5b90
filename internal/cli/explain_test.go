package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/kubectl-batch/kubectl-batch/internal/explain"
)

const explainTestdata = "../explain/testdata/"

// runExplain runs "explain ARGS" at a fixed instant.
func runExplain(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	streams := genericiooptions.IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errb}
	o := &ExplainOptions{ConfigFlags: genericclioptions.NewConfigFlags(true), IOStreams: streams,
		Clock: func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }}
	cmd := newExplainCmd(o)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	code = ExitCode(cmd.ExecuteContext(context.Background()), streams)
	return code, out.String(), errb.String()
}

func TestExplainUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout
		err  string // substring of stderr
	}{
		{"manifest", []string{"explain", "-f", explainTestdata + "cronjob-seoul.yaml", "--local-zone", "Europe/Berlin"}, 0,
			"Mon 2026-03-02 09:00 KST    Mon 2026-03-02 01:00 CET", ""},
		{"every object of a file", []string{"explain", "-f", explainTestdata + "cronjob-macros.yaml"}, 0, "CronJob macros/yearly", ""},
		{"next 0", []string{"explain", "-f", explainTestdata + "cronjob-seoul.yaml", "--next", "0"}, 0, "At 09:00", ""},
		{"nothing", []string{"explain"}, 2, "", "nothing to explain"},
		{"both", []string{"explain", "-f", explainTestdata + "job-minimal.yaml", "job/x"}, 2, "", "not both"},
		{"wrong kind", []string{"explain", "deployment/x"}, 2, "", `wrong kind "deployment"`},
		{"name missing", []string{"explain", "cronjob"}, 2, "", "no name given"},
		{"bad next", []string{"explain", "-f", explainTestdata + "job-minimal.yaml", "--next", "-1"}, 2, "", "--next"},
		{"bad zone", []string{"explain", "-f", explainTestdata + "job-minimal.yaml", "--local-zone", "Mars/Olympus"}, 2, "", "Mars/Olympus"},
		{"bad output", []string{"explain", "-f", explainTestdata + "job-minimal.yaml", "-o", "yaml"}, 2, "", "-o must be text or json"},
		{"missing file still explains the others", []string{"explain", "-f", "nope.yaml", "-f", explainTestdata + "job-minimal.yaml"}, 2,
			"Job hello", "nope.yaml: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runExplain(t, "", tt.args[1:]...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant stdout containing %q and stderr containing %q",
					code, tt.code, out, errs, tt.out, tt.err)
			}
		})
	}
}

func TestExplainNoBatchObjects(t *testing.T) {
	code, _, errs := runExplain(t, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "-f", "-")
	if code != 2 || !strings.Contains(errs, "-: no Job or CronJob in it") {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

// TestExplainRegistered checks the root command has explain.
func TestExplainRegistered(t *testing.T) {
	code, out, errs := runCLI(t, "", "explain", "--help")
	if code != 0 || !strings.Contains(out, "kubectl batch explain -f cronjob.yaml") {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
}

func TestExplainStdinJSON(t *testing.T) {
	manifest := `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  timeZone: Europe/Berlin
  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: busybox}]}}}}
`
	code, out, errs := runExplain(t, manifest, "-f", "-", "-o", "json", "--next", "2", "--local-zone", "Asia/Tokyo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var list explain.List
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(list.Items) != 1 || list.Items[0].Source != "-:1" {
		t.Fatalf("items: %+v", list.Items)
	}
	s := list.Items[0].Schedule
	if len(s.Next) != 2 || s.Next[0].Time.Format(time.RFC3339) != "2026-03-02T03:00:00+01:00" ||
		s.Next[0].Local.Format(time.RFC3339) != "2026-03-02T11:00:00+09:00" || s.LocalZone != "Asia/Tokyo" {
		t.Errorf("schedule: %+v", s)
	}
}

func TestLocalZone(t *testing.T) {
	t.Setenv("TZ", "Asia/Seoul")
	loc, name, err := localZone("")
	if err != nil || name != "Asia/Seoul" || loc.String() != "Asia/Seoul" {
		t.Errorf("from $TZ: %v %q %v", loc, name, err)
	}
	loc, name, err = localZone("America/New_York")
	if err != nil || name != "America/New_York" || loc.String() != "America/New_York" {
		t.Errorf("flag wins over $TZ: %v %q %v", loc, name, err)
	}
	t.Setenv("TZ", "")
	if _, name, _ := localZone(""); name != "UTC" {
		t.Errorf("empty $TZ means UTC, got %q", name)
	}
}
