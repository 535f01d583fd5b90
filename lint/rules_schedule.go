package lint

import (
	"fmt"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
)

// parsedSchedule caches the CronJob's parsed schedule for the rules of one check.
type parsedSchedule struct {
	done  bool
	key   string
	sched *schedule.Schedule
	err   error
}

// scheduleFacts are the analyses of a schedule that rules need, computed once per schedule,
// zone and hour.
type scheduleFacts struct {
	neverFires bool
	minInterval,
	downtime time.Duration
}

// facts analyses the parsed schedule (nil when it does not parse).
func (c *Checker) facts() *scheduleFacts {
	s, err := c.Schedule()
	if err != nil || s == nil {
		return nil
	}
	hour := c.Now.Truncate(time.Hour)
	f := c.cache.get("facts\x00"+c.sched.key+"\x00"+hour.Format(time.RFC3339), func() any {
		f := &scheduleFacts{neverFires: s.NeverFires(hour)}
		if !f.neverFires {
			f.minInterval = s.MinInterval(hour)
			f.downtime = s.DowntimeToTooManyMissed(hour)
		}
		return f
	}).(*scheduleFacts)
	return f
}

func ptrString(p *string) string {
	if p == nil {
		return "\x01nil"
	}
	return *p
}

// Schedule parses the CronJob's schedule in its time zone (once per check). A nil schedule with
// a nil error means there is nothing to parse (no schedule, or not a CronJob).
func (c *Checker) Schedule() (*schedule.Schedule, error) {
	if !c.sched.done {
		c.sched.done = true
		if cj := c.Obj.CronJob; cj != nil && cj.Spec.Schedule != "" {
			spec, tz := schedule.ControllerZone(cj.Spec.Schedule, cj.Spec.TimeZone)
			c.sched.key = spec + "\x00" + ptrString(tz)
			r := c.cache.get("parse\x00"+c.sched.key, func() any {
				s, err := schedule.Parse(spec, tz)
				return parsedSchedule{sched: s, err: err}
			}).(parsedSchedule)
			c.sched.sched, c.sched.err = r.sched, r.err
		}
	}
	return c.sched.sched, c.sched.err
}

func scheduleRules() []Rule {
	return []Rule{{
		ID:        "schedule-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindCronJob},
		Summary:   "spec.schedule is missing or is not a valid cron expression",
		Rationale: "kube-apiserver parses the schedule with the CronJob controller's cron parser (5 fields: minute hour day-of-month month day-of-week, or @hourly @daily @weekly @monthly @yearly @annually @midnight) and rejects anything else.",
		Fix:       `write 5 fields, for example "0 3 * * *" for 03:00 every day, or a macro such as @daily`,
		Check: func(c *Checker) {
			s := c.Obj.CronJob.Spec.Schedule
			if s == "" {
				c.Report("spec.schedule", "spec.schedule is required")
				return
			}
			if _, err := schedule.ParseStandard(s); err != nil {
				c.Report("spec.schedule", "schedule %q is not valid: %v", s, err)
			}
		},
	}, {
		ID:        "schedule-has-timezone",
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindCronJob},
		Summary:   "TZ= or CRON_TZ= inside spec.schedule",
		Rationale: "Since Kubernetes 1.25 the API server rejects time zone prefixes in the schedule (any schedule containing \"TZ\"); the time zone goes in spec.timeZone.",
		Fix:       "move the zone to spec.timeZone and keep only the 5 cron fields in spec.schedule",
		Check: func(c *Checker) {
			s := c.Obj.CronJob.Spec.Schedule
			if s == "" || !strings.Contains(s, "TZ") {
				return
			}
			if c.Creating() || !strings.Contains(c.Old.CronJob.Spec.Schedule, "TZ") {
				c.ReportFix("spec.schedule", tzFix(s), "schedule %q sets a time zone with TZ or CRON_TZ: cannot use TZ or CRON_TZ in schedule, use timeZone field instead", s)
			} else if c.Obj.CronJob.Spec.TimeZone != nil {
				c.ReportFix("spec.schedule", tzFix(s), "cannot use both timeZone field and TZ or CRON_TZ in schedule")
			}
		},
	}, {
		ID:        "timezone-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindCronJob},
		Summary:   "spec.timeZone is not a valid IANA time zone name",
		Rationale: "The API server loads spec.timeZone from the time zone database and rejects names it cannot find, \"Local\", and names with spaces or other invalid characters.",
		Fix:       "use a name from the IANA time zone database, such as Etc/UTC, Europe/Berlin or America/New_York",
		Check: func(c *Checker) {
			tz := c.Obj.CronJob.Spec.TimeZone
			if tz == nil {
				return
			}
			if !c.Creating() {
				if old := c.Old.CronJob.Spec.TimeZone; old != nil && *old == *tz {
					return // the server checks the zone only when it changes
				}
			}
			msgs := c.cache.get("tz\x00"+*tz, func() any { return schedule.TimeZoneProblems(*tz) }).([]string)
			for _, msg := range msgs {
				c.Report("spec.timeZone", "timeZone %q is not valid: %s", *tz, msg)
			}
		},
	}, {
		ID:        "schedule-never-fires",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindCronJob},
		Summary:   "the schedule never fires (e.g. February 30th)",
		Rationale: "A schedule such as \"0 0 30 2 *\" or \"0 0 31 4 *\" is accepted by the server but names a day that does not exist, so the CronJob never runs.",
		Fix:       "choose a day that exists in the month (or use a range such as 28-31 with care)",
		Check: func(c *Checker) {
			if f := c.facts(); f != nil && f.neverFires {
				c.Report("spec.schedule", "schedule %q never fires: no date matches it", c.Obj.CronJob.Spec.Schedule)
			}
		},
	}, {
		ID:        "schedule-day-of-month-and-week",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindCronJob},
		Summary:   "day-of-month and day-of-week both set: cron runs when EITHER matches",
		Rationale: "Cron treats a restricted day-of-month and a restricted day-of-week as OR, not AND: \"0 0 13 * 5\" runs on every 13th and on every Friday, not only on Friday the 13th.",
		Fix:       "restrict only one of the two day fields (use * for the other), or check the run with: kubectl batch explain",
		Check: func(c *Checker) {
			s, _ := c.Schedule()
			if f := c.facts(); f == nil || f.neverFires {
				return
			}
			if s.DayOfMonthAndWeekBoth() {
				c.Report("spec.schedule", "schedule %q restricts both day-of-month and day-of-week: it runs on days matching EITHER field, not both", c.Obj.CronJob.Spec.Schedule)
			}
		},
	}, {
		ID:        "missed-runs-limit",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindCronJob},
		Summary:   "after controller downtime, more than 100 missed runs: warnings, and every run but the latest is lost",
		Rationale: "When the CronJob controller finds more than 100 missed start times it records a TooManyMissedTimes warning and starts only the most recent run (controllers before the v2 CronJob controller started nothing at all). Without startingDeadlineSeconds every missed run since the last one counts, so a frequent schedule crosses the limit after a short outage. startingDeadlineSeconds bounds the window the controller counts in.",
		Fix:       "set spec.startingDeadlineSeconds (for example 200) so only recent missed runs count",
		Check: func(c *Checker) {
			f := c.facts()
			if f == nil || f.neverFires {
				return
			}
			dl := c.Obj.CronJob.Spec.StartingDeadlineSeconds
			downtime := f.downtime
			if downtime <= 0 {
				return
			}
			if dl == nil {
				if downtime <= c.Policy.MissedRunsWindow.Duration {
					c.Report("spec.startingDeadlineSeconds",
						"startingDeadlineSeconds is not set and schedule %q runs so often that %s of controller downtime means more than 100 missed runs: the controller then warns TooManyMissedTimes and older controllers stop scheduling it",
						c.Obj.CronJob.Spec.Schedule, roundDuration(downtime))
				}
				return
			}
			if window := time.Duration(*dl) * time.Second; *dl > 0 && window >= downtime {
				c.ReportFix("spec.startingDeadlineSeconds",
					fmt.Sprintf("set spec.startingDeadlineSeconds below %d", int64(downtime/time.Second)),
					"startingDeadlineSeconds %d spans more than 100 runs of schedule %q: after an outage the controller counts over 100 missed runs (TooManyMissedTimes)",
					*dl, c.Obj.CronJob.Spec.Schedule)
			}
		},
	}, {
		ID:        "concurrent-runs-pile-up",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindCronJob},
		Summary:   "concurrencyPolicy Allow with runs that may outlast the schedule's interval",
		Rationale: "With concurrencyPolicy Allow (the default) a new Job starts on schedule even while the previous one runs. When activeDeadlineSeconds is longer than the interval between runs, slow runs pile up and compete for the same resources.",
		Fix:       "set spec.concurrencyPolicy: Forbid (skip a run while one is active) or Replace, or shorten activeDeadlineSeconds",
		Check: func(c *Checker) {
			cj := c.Defaulted.CronJob
			if cj.Spec.ConcurrencyPolicy != batchv1.AllowConcurrent {
				return
			}
			ads := cj.Spec.JobTemplate.Spec.ActiveDeadlineSeconds
			f := c.facts()
			if f == nil || ads == nil || *ads <= 0 {
				return
			}
			interval := f.minInterval
			if interval > 0 && time.Duration(*ads)*time.Second > interval {
				c.Report("spec.concurrencyPolicy",
					"concurrencyPolicy is Allow and activeDeadlineSeconds %d is longer than the %s between runs of %q: runs can overlap and pile up",
					*ads, roundDuration(interval), cj.Spec.Schedule)
			}
		},
	}}
}

func tzFix(s string) string {
	f := strings.Fields(s)
	if len(f) > 1 {
		zone := f[0][strings.IndexByte(f[0], '=')+1:]
		return fmt.Sprintf("set spec.timeZone: %q and spec.schedule: %q", zone, strings.Join(f[1:], " "))
	}
	return "move the zone to spec.timeZone"
}

func roundDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%.0f days", d.Hours()/24)
	case d >= 2*time.Hour:
		return fmt.Sprintf("%.0f hours", d.Hours())
	case d >= 2*time.Minute:
		return fmt.Sprintf("%.0f minutes", d.Minutes())
	}
	return d.Round(time.Second).String()
}
