package explain

import (
	"fmt"
	"sort"
	"time"

	batchv1 "k8s.io/api/batch/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// maxNotedDowntime: longer controller downtimes before 100 runs are missed are not worth a note.
const maxNotedDowntime = 31 * 24 * time.Hour

// dstHorizon is how far ahead DST notes look.
const dstHorizon = 366 * 24 * time.Hour

// parseSchedule parses the CronJob's schedule in the zone the controller uses
// (schedule.ControllerZone: a legacy "TZ=zone " prefix, which the server now rejects on create
// but older stored objects may carry, wins over spec.timeZone).
func parseSchedule(cj *batchv1.CronJob) (*schedule.Schedule, error) {
	return schedule.Parse(schedule.ControllerZone(cj.Spec.Schedule, cj.Spec.TimeZone))
}

func buildSchedule(v *views, opt Options) (*Schedule, *schedule.Schedule) {
	cj := v.cronDef
	s := &Schedule{
		Expression:              cj.Spec.Schedule,
		TimeZone:                deref(cj.Spec.TimeZone),
		Location:                "UTC",
		LocalZone:               opt.LocalName,
		Next:                    []Run{},
		DST:                     []string{},
		Notes:                   []string{},
		Suspended:               deref(cj.Spec.Suspend),
		ConcurrencyPolicy:       string(cj.Spec.ConcurrencyPolicy),
		StartingDeadlineSeconds: cj.Spec.StartingDeadlineSeconds,
	}
	sched, err := parseSchedule(cj)
	if err != nil {
		s.Error = err.Error()
		if cj.Spec.Schedule == "" {
			s.Error = "spec.schedule is not set"
		}
		return s, nil
	}
	s.Location = sched.Location.String()
	s.LocationAssumed = sched.TimeZone == ""
	s.Description = schedule.Describe(sched)
	now := opt.Now
	s.NeverFires = sched.NeverFires(now)
	note := func(format string, args ...any) { s.Notes = append(s.Notes, fmt.Sprintf(format, args...)) }
	if s.NeverFires {
		note("This schedule never fires: no date matches it, so the CronJob never creates a Job.")
		return s, sched
	}
	s.MinIntervalSeconds = int64(sched.MinInterval(now) / time.Second)
	for _, t := range sched.Next(now, opt.Next) {
		s.Next = append(s.Next, Run{Time: t, Local: t.In(opt.Local)})
	}
	if notes := schedule.DSTNotes(sched, now, dstHorizon); notes != nil {
		s.DST = notes
	}
	if s.LocationAssumed {
		note("spec.timeZone is not set: the schedule follows kube-controller-manager's local time zone; " +
			"the times here assume UTC.")
	}
	if s.Suspended {
		resume := "the most recent missed run starts at once"
		if d := s.StartingDeadlineSeconds; d != nil {
			resume = fmt.Sprintf("the most recent missed run starts if it is less than %s late", fmtSeconds(*d))
		}
		note("suspend is true: no runs start; the times are when it would run. When it is resumed, %s.", resume)
	}
	switch cj.Spec.ConcurrencyPolicy {
	case batchv1.AllowConcurrent:
		note("concurrencyPolicy Allow: a run starts even while earlier Jobs are still running.")
	case batchv1.ForbidConcurrent:
		note("concurrencyPolicy Forbid: a run is skipped while the previous Job is still running.")
	case batchv1.ReplaceConcurrent:
		note("concurrencyPolicy Replace: a run deletes the still-running previous Job and starts in its place.")
	}
	if d := s.StartingDeadlineSeconds; d != nil {
		note("startingDeadlineSeconds %d: a run that cannot start within %s of its time is skipped.", *d, fmtSeconds(*d))
	} else {
		down := sched.DowntimeToTooManyMissed(now)
		s.DowntimeToTooManyMissedSeconds = int64(down / time.Second)
		if down > 0 && down <= maxNotedDowntime {
			note("No startingDeadlineSeconds: a late run starts whenever the controller gets to it. After about %s "+
				"of controller downtime more than %d runs are missed: the controller then records a TooManyMissedTimes "+
				"warning and starts only the most recent one.", fmtDuration(down), schedule.MissedScheduleLimit)
		} else {
			note("No startingDeadlineSeconds: a late run starts whenever the controller gets to it.")
		}
	}
	return s, sched
}

// maxListed bounds the Jobs, pods and events listed.
const maxListed = 10

func cronJobStatus(cj *batchv1.CronJob, sched *schedule.Schedule, in Input, now time.Time) *CronJobStatus {
	st := &CronJobStatus{
		Suspended:          deref(cj.Spec.Suspend),
		LastScheduleTime:   utcTime(cj.Status.LastScheduleTime),
		LastSuccessfulTime: utcTime(cj.Status.LastSuccessfulTime),
		Active:             []string{},
		MissedLimit:        schedule.MissedScheduleLimit,
		Jobs:               []OwnedJob{},
		Events:             []Event{},
	}
	for _, a := range cj.Status.Active {
		st.Active = append(st.Active, a.Name)
	}
	if sched != nil {
		if next := sched.Next(now, 1); len(next) == 1 {
			st.NextRun = &next[0]
		}
		earliest := cj.CreationTimestamp.Time
		if st.LastScheduleTime != nil {
			earliest = *st.LastScheduleTime
		}
		if d := cj.Spec.StartingDeadlineSeconds; d != nil {
			if sd := now.Add(-time.Duration(*d) * time.Second); sd.After(earliest) {
				earliest = sd
			}
		}
		if !earliest.IsZero() && earliest.Before(now) {
			st.MissedRuns = sched.MissedBetween(earliest, now, schedule.MissedScheduleLimit)
			st.ControllerMissedEstimate = sched.ControllerMissedCount(earliest, now)
		}
	}
	// The Jobs it owns.
	var owned []batchv1.Job
	names := map[string]bool{}
	for _, j := range in.Jobs {
		if ownedBy(j.OwnerReferences, lint.KindCronJob, cj.Name, string(cj.UID)) {
			owned = append(owned, j)
			names[j.Name] = true
		}
	}
	sort.SliceStable(owned, func(i, j int) bool {
		a, b := owned[i].CreationTimestamp, owned[j].CreationTimestamp
		if !a.Equal(&b) {
			return a.Before(&b)
		}
		return owned[i].Name < owned[j].Name
	})
	if len(owned) > maxListed {
		owned = owned[len(owned)-maxListed:]
	}
	for i := range owned {
		j := &owned[i]
		phase, reason, _ := jobPhase(j)
		oj := OwnedJob{Name: j.Name, Phase: phase, StartTime: utcTime(j.Status.StartTime), FinishTime: finishTime(j)}
		if phase == PhaseFailed || phase == PhaseFailing {
			oj.Reason = reason
		}
		oj.DurationSeconds = durationSeconds(oj.StartTime, oj.FinishTime, now)
		st.Jobs = append(st.Jobs, oj)
	}
	st.Events = events(in.Events, func(kind, name string) bool {
		return (kind == lint.KindCronJob && name == cj.Name) || (kind == lint.KindJob && names[name])
	})
	return st
}
