package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

func TestWriteHistory(t *testing.T) {
	now := time.Date(2026, 7, 1, 10, 0, 30, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	secs := func(n int64) *int64 { return &n }
	limit := func(n int32) *int32 { return &n }
	h := &jobs.History{
		Namespace: "ns", CronJob: "nightly", Schedule: "0 * * * *", TimeZone: "Europe/Berlin",
		LastScheduleTime: at(-30 * time.Second), NextScheduleTime: at(time.Hour - 30*time.Second),
		MissedSince: *at(-30 * time.Second), SuccessfulJobsHistoryLimit: limit(3), FailedJobsHistoryLimit: limit(1),
		Jobs: []jobs.HistoryJob{
			{Name: "nightly-1", StartedBy: "scheduled", StartTime: at(-2 * time.Hour), DurationSeconds: secs(75), Result: "Complete"},
			{Name: "manual-1", StartedBy: "manual", StartTime: at(-time.Hour), DurationSeconds: secs(5), Result: "Failed", Reason: "BackoffLimitExceeded", Failed: 7},
			{Name: "nightly-2", StartedBy: "scheduled", StartTime: at(-20 * time.Second), Result: "Running"},
			{Name: "nightly-3", StartedBy: "scheduled", Result: "Suspended"},
		},
	}
	var b bytes.Buffer
	if err := writeHistory(&b, h, now); err != nil {
		t.Fatal(err)
	}
	want := `NAME        STARTED BY   START                      DURATION   RESULT                          FAILED PODS
nightly-1   scheduled    2026-07-01 10:00:30 CEST   75s        Complete                        0
manual-1    manual       2026-07-01 11:00:30 CEST   5s         Failed (BackoffLimitExceeded)   7
nightly-2   scheduled    2026-07-01 12:00:10 CEST   20s        Running                         0
nightly-3   scheduled    -                          -          Suspended                       0

Schedule:           0 * * * * (Europe/Berlin)
Last schedule:      2026-07-01 12:00:00 CEST (30s ago)
Next schedule:      2026-07-01 13:00:00 CEST (in 59m)
Missed schedules:   0 since the last schedule
History limits:     3 successful, 1 failed (older finished Jobs are deleted)
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}

	// Unset zone, suspended, never ran, far behind, no Jobs.
	h = &jobs.History{
		Namespace: "ns", CronJob: "nightly", Schedule: "* * * * *", TimeZone: "UTC", TimeZoneAssumed: true,
		Suspended: true, NextScheduleTime: at(30 * time.Second), MissedSince: *at(-5 * time.Hour),
		MissedSchedules: 101, TooManyMissed: true, Jobs: []jobs.HistoryJob{},
	}
	b.Reset()
	if err := writeHistory(&b, h, now); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"No Jobs of cronjob/nightly in namespace ns.",
		"* * * * * (spec.timeZone unset: the controller's local zone, assumed UTC)",
		"Suspended:          yes",
		"Last schedule:      never",
		"2026-07-01 10:01:00 UTC (in 30s), skipped while suspended",
		"101+ since the CronJob was created (2026-07-01 05:00:30 UTC); over the controller's limit of 100: it records a TooManyMissedTimes warning event",
		"History limits:     3 successful, 1 failed",
	} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, b.String())
		}
	}
}
