package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// adviceKeys renders the advice findings of fs (rule, severity, path, message) for comparison.
func adviceKeys(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Class == lint.ClassAdvice {
			out = append(out, fmt.Sprintf("%s %s %s: %s", f.RuleID, f.Severity, f.Path, f.Message))
		}
	}
	slices.Sort(out)
	return out
}

// serverDefaulted is obj as the API server stores it: with its defaults written out, as a live
// lint or the webhook sees it.
func serverDefaulted(obj *lint.Object) *lint.Object {
	return lint.Defaulted(obj, kubeversion.Default())
}

// TestAdviceSameOfflineAndLive: a manifest and the same object with the server's defaults
// written out (as read back from the cluster, or as the webhook gets it) have the same advice
// findings, for every rule's fixtures and for manifests that leave defaulted fields out next to
// the same manifests that write the default explicitly.
func TestAdviceSameOfflineAndLive(t *testing.T) {
	e := newEngine(t, lint.Config{Clock: fixedClock})
	ctx := context.Background()
	compare := func(t *testing.T, name string, offline, live *lint.Object) {
		t.Helper()
		a, b := adviceKeys(e.Check(ctx, offline)), adviceKeys(e.Check(ctx, live))
		if !slices.Equal(a, b) {
			t.Errorf("%s: advice differs\noffline: %q\nlive:    %q", name, a, b)
		}
	}
	t.Run("fixtures", func(t *testing.T) {
		for _, r := range lint.DefaultRules() {
			for _, file := range []string{"bad.yaml", "good.yaml"} {
				path := filepath.Join(fixtureDir, r.ID, file)
				if _, err := os.Stat(path); err != nil {
					continue
				}
				for _, obj := range decodeFile(t, path) {
					compare(t, path, obj, serverDefaulted(obj))
				}
			}
		}
	})
	// Each pair: a manifest that leaves defaulted fields out, and the same with the defaults
	// written (by hand here, as the server would write them). Every advice rule that reads a field
	// with a server default has a pair: backoffLimit (restart-on-failure-*, deadline-before-
	// backoff-limit), parallelism and completions, concurrencyPolicy, the history limits and
	// suspend. The other advice rules read fields without a default (ttlSecondsAfterFinished,
	// timeZone, schedule, startingDeadlineSeconds, commands), which the fixtures cover.
	for _, p := range []struct {
		name, omitted, explicit string
		rules                   []string // advice the pair must show (both sides)
	}{
		{"Job OnFailure without backoffLimit", jobYAML("", "OnFailure"), jobYAML("  backoffLimit: 6\n", "OnFailure"),
			[]string{lint.RuleRestartOnFailureBackoff}},
		{"CronJob OnFailure without backoffLimit", cronJobYAML("", "", ""), cronJobYAML("", "", "      backoffLimit: 6\n"),
			[]string{lint.RuleRestartOnFailureBackoff}},
		{"Job parallelism and completions", jobYAML("", "Never"), jobYAML("  parallelism: 1\n  completions: 1\n", "Never"), nil},
		{"Job with a deadline shorter than the default back-off", jobYAML("  activeDeadlineSeconds: 120\n", "Never"),
			jobYAML("  activeDeadlineSeconds: 120\n  backoffLimit: 6\n", "Never"), []string{"deadline-before-backoff-limit"}},
		{"CronJob concurrencyPolicy and history limits", cronJobYAML("", "", ""),
			cronJobYAML("  concurrencyPolicy: Allow\n  successfulJobsHistoryLimit: 3\n  failedJobsHistoryLimit: 1\n  suspend: false\n", "", ""),
			[]string{"concurrent-runs-pile-up"}},
		{"CronJob never firing, suspend unset", cronJobYAML("", "0 0 31 2 *", ""), cronJobYAML("  suspend: false\n", "0 0 31 2 *", ""),
			[]string{"schedule-never-fires"}},
	} {
		t.Run(p.name, func(t *testing.T) {
			omitted := decodeBytes(t, "omitted.yaml", []byte(p.omitted))[0]
			explicit := decodeBytes(t, "explicit.yaml", []byte(p.explicit))[0]
			compare(t, "omitted/defaulted", omitted, serverDefaulted(omitted))
			compare(t, "omitted/explicit", omitted, explicit)
			compare(t, "explicit/defaulted", explicit, serverDefaulted(explicit))
			fs := e.Check(ctx, omitted)
			for _, id := range p.rules {
				if len(ofRule(fs, id)) == 0 {
					t.Errorf("want a finding of %s, got:\n%s", id, describe(fs))
				}
			}
		})
	}
}

// jobYAML is a Job with extra spec lines and a restart policy.
func jobYAML(spec, restart string) string {
	return `apiVersion: batch/v1
kind: Job
metadata:
  name: invoice-sync
  namespace: billing
spec:
  ttlSecondsAfterFinished: 3600
` + spec + `  template:
    spec:
      restartPolicy: ` + restart + `
      containers:
        - name: sync
          image: registry.example.com/billing/invoice-sync:1.12.0
`
}

// cronJobYAML is a CronJob (OnFailure, activeDeadlineSeconds 7200, every 30 minutes unless
// schedule says otherwise) with extra spec and job template spec lines.
func cronJobYAML(spec, schedule, jobSpec string) string {
	if schedule == "" {
		schedule = "*/30 * * * *"
	}
	return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: invoice-sync
  namespace: billing
spec:
  schedule: "` + schedule + `"
  timeZone: Etc/UTC
  startingDeadlineSeconds: 300
` + spec + `  jobTemplate:
    spec:
      activeDeadlineSeconds: 7200
` + jobSpec + `      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: sync
              image: registry.example.com/billing/invoice-sync:1.12.0
`
}

func checkYAML(t *testing.T, doc string) []lint.Finding {
	t.Helper()
	e := newEngine(t, lint.Config{Clock: fixedClock})
	return checkAll(t, e, decodeBytes(t, "test.yaml", []byte(doc)), nil)
}

// TestRestartOnFailureBudget: OnFailure fails the Job when restarts reach backoffLimit, so 0 and 1
// give no real retry (their own rule); 2 and more lose logs; Never is fine.
func TestRestartOnFailureBudget(t *testing.T) {
	for _, c := range []struct {
		spec, restart, rule, msg string
	}{
		{"  backoffLimit: 0\n", "OnFailure", lint.RuleRestartOnFailureLowLimit, "command starts a second time"},
		{"  backoffLimit: 1\n", "OnFailure", lint.RuleRestartOnFailureLowLimit, "the one retry is killed as it starts"},
		{"  backoffLimit: 2\n", "OnFailure", lint.RuleRestartOnFailureBackoff, "backoffLimit 2"},
		{"", "OnFailure", lint.RuleRestartOnFailureBackoff, "backoffLimit 6"},
		{"  backoffLimit: 1\n", "Never", "", ""},
		{"  backoffLimit: 0\n", "Never", "", ""},
	} {
		fs := checkYAML(t, jobYAML(c.spec, c.restart))
		got := append(ofRule(fs, lint.RuleRestartOnFailureLowLimit), ofRule(fs, lint.RuleRestartOnFailureBackoff)...)
		switch {
		case c.rule == "" && len(got) > 0:
			t.Errorf("%s %q: want no OnFailure advice, got:\n%s", c.restart, c.spec, describe(got))
		case c.rule != "" && (len(got) != 1 || got[0].RuleID != c.rule || !strings.Contains(got[0].Message, c.msg)):
			t.Errorf("%s %q: want one %s finding saying %q, got:\n%s", c.restart, c.spec, c.rule, c.msg, describe(got))
		}
	}
}

// TestNameWithDollar: a short name with a character a name may not have is one finding,
// name-invalid; the length rules stay quiet (they fire only when the length is the problem).
func TestNameWithDollar(t *testing.T) {
	for _, extra := range []string{"", "  completionMode: Indexed\n  completions: 3\n"} {
		doc := strings.Replace(jobYAML(extra, "Never"), "name: invoice-sync\n", "name: invoice$sync-2026\n", 1)
		var server []lint.Finding
		for _, f := range checkYAML(t, doc) {
			if f.Class == lint.ClassServer {
				server = append(server, f)
			}
		}
		if len(server) != 1 || server[0].RuleID != "name-invalid" {
			t.Errorf("%q: want exactly one server finding, name-invalid, got:\n%s", extra, describe(server))
		}
	}
	long := strings.Replace(jobYAML("", "Never"), "name: invoice-sync\n", "name: "+strings.Repeat("a", 64)+"\n", 1)
	fs := ofRule(checkYAML(t, long), "job-name-too-long")
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "64 characters") {
		t.Errorf("64-character name: want job-name-too-long saying 64 characters, got:\n%s", describe(fs))
	}
}

// TestScheduleHints: targeted fixes for a day-of-week 7 and a misspelt time zone.
func TestScheduleHints(t *testing.T) {
	for _, c := range []struct{ schedule, zone, rule, fix string }{
		{"* * * * 7", "Etc/UTC", "schedule-invalid", `did you mean 0 (Sunday)? The cron parser numbers the days of the week 0-6 (Sunday is 0): write spec.schedule: "* * * * 0"`},
		{"0 3 * * 5-7", "Etc/UTC", "schedule-invalid", `"0 3 * * 5-6,0"`},
		{"0 3 * * *", "Europe/Londn", "timezone-invalid", "did you mean Europe/London? set spec.timeZone: Europe/London"},
		{"0 3 * * *", "america/new_york", "timezone-invalid", "did you mean America/New_York?"},
	} {
		doc := strings.Replace(cronJobYAML("", c.schedule, ""), "timeZone: Etc/UTC", "timeZone: "+c.zone, 1)
		fs := ofRule(checkYAML(t, doc), c.rule)
		if len(fs) == 0 || !strings.Contains(fs[0].Fix, c.fix) {
			t.Errorf("%q in %s: want a %s fix containing %q, got:\n%s", c.schedule, c.zone, c.rule, c.fix, describe(fs))
		}
	}
	fs := ofRule(checkYAML(t, strings.Replace(cronJobYAML("", "", ""), "Etc/UTC", "Mars/Olympus", 1)), "timezone-invalid")
	if len(fs) == 0 || strings.Contains(fs[0].Fix, "did you mean") {
		t.Errorf("Mars/Olympus: want the rule's generic fix, got:\n%s", describe(fs))
	}
}

// TestScheduleNeverFiresSuspended: the "disabled" idiom is quiet with suspend: true and otherwise
// suggests it.
func TestScheduleNeverFiresSuspended(t *testing.T) {
	fs := ofRule(checkYAML(t, cronJobYAML("", "0 0 31 2 *", "")), "schedule-never-fires")
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "set spec.suspend: true instead") {
		t.Errorf("not suspended: want a finding suggesting suspend: true, got:\n%s", describe(fs))
	}
	if fs := ofRule(checkYAML(t, cronJobYAML("  suspend: true\n", "0 0 31 2 *", "")), "schedule-never-fires"); len(fs) > 0 {
		t.Errorf("suspended: want no finding, got:\n%s", describe(fs))
	}
}

// TestScheduleEvery: @every is an info note whose fix is the clock-aligned cron expression.
func TestScheduleEvery(t *testing.T) {
	fs := ofRule(checkYAML(t, cronJobYAML("", "@every 15m", "")), "schedule-every")
	if len(fs) != 1 || fs[0].Severity != lint.SeverityInfo || !strings.Contains(fs[0].Fix, `"*/15 * * * *"`) {
		t.Errorf("@every 15m: want an info finding suggesting */15, got:\n%s", describe(fs))
	}
	if fs := ofRule(checkYAML(t, cronJobYAML("", "@hourly", "")), "schedule-every"); len(fs) > 0 {
		t.Errorf("@hourly: want no finding, got:\n%s", describe(fs))
	}
}

// TestJobTTLMissingHooks: Helm and Argo CD delete their hook Jobs, so no TTL is asked for.
func TestJobTTLMissingHooks(t *testing.T) {
	noTTL := strings.Replace(jobYAML("", "Never"), "  ttlSecondsAfterFinished: 3600\n", "", 1)
	if fs := ofRule(checkYAML(t, noTTL), lint.RuleJobTTLMissing); len(fs) != 1 || !strings.Contains(fs[0].Message, "GitOps") {
		t.Fatalf("plain Job: want one finding with the GitOps caveat, got:\n%s", describe(fs))
	}
	for _, hook := range []string{"helm.sh/hook: pre-upgrade", "argocd.argoproj.io/hook: PreSync"} {
		doc := strings.Replace(noTTL, "  namespace: billing\n", "  namespace: billing\n  annotations:\n    "+hook+"\n", 1)
		if fs := ofRule(checkYAML(t, doc), lint.RuleJobTTLMissing); len(fs) > 0 {
			t.Errorf("%s: want no finding, got:\n%s", hook, describe(fs))
		}
	}
}
