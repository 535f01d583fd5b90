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
	// dst are the runs daylight saving changes skip or repeat in the coming year
	// (schedule.DSTNotes, as explain shows them).
	dst []string
}

// dstHorizon is how far ahead schedule-dst looks, as explain does.
const dstHorizon = 366 * 24 * time.Hour

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
			f.dst = schedule.DSTNotes(s, hour, dstHorizon)
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
				c.ReportFix("spec.schedule", scheduleFix(s), "schedule %q is not valid: %v", s, err)
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
			v := c.cache.get("tz\x00"+*tz, func() any { return judgeZone(*tz) }).(zoneVerdict)
			for _, msg := range v.problems {
				c.ReportFix("spec.timeZone", v.fix, "timeZone %q is not valid: %s", *tz, msg)
			}
		},
	}, {
		ID:        "schedule-never-fires",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindCronJob},
		Summary:   "the schedule never fires (e.g. February 30th) and the CronJob is not suspended",
		Rationale: "A schedule such as \"0 0 30 2 *\" or \"0 0 31 4 *\" is accepted by the server but names a day that does not exist, so the CronJob never runs. Such a date is a common way to keep a CronJob from running (to run it only by hand with kubectl create job --from); spec.suspend: true says that plainly, and with it set the rule stays quiet.",
		Fix:       "to keep the CronJob from running, set spec.suspend: true (with a real schedule); otherwise choose a day that exists in the month",
		Check: func(c *Checker) {
			cj := c.Obj.CronJob
			if cj.Spec.Suspend != nil && *cj.Spec.Suspend {
				return
			}
			if f := c.facts(); f != nil && f.neverFires {
				c.Report("spec.schedule", "schedule %q never fires: no date matches it. If that is meant to keep the CronJob from running, set spec.suspend: true instead", cj.Spec.Schedule)
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
		Severity:  SeverityInfo,
		Kinds:     []string{KindCronJob},
		Summary:   "after controller downtime, more than 100 missed runs: a TooManyMissedTimes warning event",
		Rationale: "When the CronJob controller (the v2 controller, the default since Kubernetes 1.21 and the only one in the versions lint supports) counts more than 100 missed start times since the last run, it records a TooManyMissedTimes warning event and then starts the most recent missed run all the same, as it does after any outage (the earlier missed runs are skipped either way). The event is all that the limit changes, so the rule is info. Without startingDeadlineSeconds every missed run since the last one counts, so a frequent schedule crosses the limit after a short outage (or suspension); startingDeadlineSeconds bounds the window the controller counts in, and also keeps a run from starting arbitrarily late.",
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
						"startingDeadlineSeconds is not set and schedule %q runs so often that %s of controller downtime counts more than 100 missed runs: the controller then records a TooManyMissedTimes warning event and still starts the most recent missed run, however late",
						c.Obj.CronJob.Spec.Schedule, roundDuration(downtime))
				}
				return
			}
			if window := time.Duration(*dl) * time.Second; *dl > 0 && window >= downtime {
				c.ReportFix("spec.startingDeadlineSeconds",
					fmt.Sprintf("set spec.startingDeadlineSeconds below %d", int64(downtime/time.Second)),
					"startingDeadlineSeconds %d spans more than 100 runs of schedule %q: after an outage the controller counts over 100 missed runs and records a TooManyMissedTimes warning event (it still starts the most recent run within the deadline)",
					*dl, c.Obj.CronJob.Spec.Schedule)
			}
		},
	}, {
		ID:        "schedule-dst",
		Class:     ClassAdvice,
		Severity:  SeverityWarning,
		Kinds:     []string{KindCronJob},
		Summary:   "the schedule runs in the hour a daylight saving change skips or repeats in spec.timeZone",
		Rationale: "The CronJob controller evaluates the schedule in spec.timeZone with robfig/cron: when clocks jump forward, runs at wall-clock times that do not exist that day are skipped; when clocks go back, runs in the repeated hour can run twice. A nightly job at 02:30 in Europe/Berlin does not run on the last Sunday of March. kubectl batch explain lists the changes of the coming year.",
		Fix:       "move the run out of the hours the message names (in Europe and North America, 03:00 or later is never skipped or repeated), or use spec.timeZone: Etc/UTC",
		Check: func(c *Checker) {
			s, _ := c.Schedule()
			if f := c.facts(); f != nil && len(f.dst) > 0 {
				c.Report("spec.schedule", "schedule %q in %s is hit by daylight saving time in the coming year. %s",
					c.Obj.CronJob.Spec.Schedule, s.Location, strings.Join(f.dst, ". "))
			}
		},
	}, {
		ID:        "schedule-every",
		Class:     ClassAdvice,
		Severity:  SeverityInfo,
		Kinds:     []string{KindCronJob},
		Summary:   "@every <duration>: not in the documented CronJob syntax, and counted from the last run, not the clock",
		Rationale: "The API server and the controller's cron parser accept \"@every 5m\", but the CronJob documentation does not list it, and it behaves unlike cron: each run comes the interval after the last scheduled run (the first one the interval after the CronJob was created), so run times drift with when the CronJob was created and never line up with the clock. spec.timeZone has no effect on it.",
		Fix:       "use a cron expression, such as \"*/5 * * * *\" for every 5 minutes at :00, :05, ...",
		Check: func(c *Checker) {
			s, err := c.Schedule()
			if err != nil || s == nil || s.Every <= 0 {
				return
			}
			fix := ""
			if spec := schedule.ClockAligned(s.Every); spec != "" {
				fix = fmt.Sprintf("use spec.schedule: %q for runs every %s at fixed clock times", spec, s.Every)
			}
			c.ReportFix("spec.schedule", fix, "schedule %q is not in the documented CronJob syntax (the server accepts it): runs come every %s counted from the last scheduled run, the first %s after the CronJob is created, not at fixed clock times",
				c.Obj.CronJob.Spec.Schedule, s.Every, s.Every)
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

// scheduleFix is the fix for a schedule the server rejects: "did you mean 0 (Sunday)" for a
// day-of-week 7, else the rule's generic fix.
func scheduleFix(spec string) string {
	if fixed, ok := schedule.SundayAsZero(spec); ok {
		return fmt.Sprintf("did you mean 0 (Sunday)? The cron parser numbers the days of the week 0-6 (Sunday is 0): write spec.schedule: %q", fixed)
	}
	return ""
}

// zoneVerdict is what timezone-invalid says about one spec.timeZone value.
type zoneVerdict struct {
	problems []string
	fix      string // "did you mean ..." ("": the rule's fix)
}

// judgeZone checks a time zone name as the server does and, when it is rejected, looks for the
// zone it was probably meant to be.
func judgeZone(tz string) zoneVerdict {
	v := zoneVerdict{problems: schedule.TimeZoneProblems(tz)}
	if len(v.problems) > 0 {
		if z := schedule.ClosestZone(tz); z != "" {
			v.fix = fmt.Sprintf("did you mean %s? set spec.timeZone: %s", z, z)
		}
	}
	return v
}
