package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// maxDSTHorizon bounds the DSTNotes scan.
const maxDSTHorizon = 10 * 366 * 24 * time.Hour

// maxListedDSTTimes bounds how many times a single note lists.
const maxListedDSTTimes = 4

// DSTNotes describes, for each DST transition of the schedule's location in
// (from, from+horizon], the runs it skips or repeats, e.g.
// "2025-03-09: no run at 02:30; 02:00-03:00 does not exist in
// America/New_York (clocks jump forward)". When clocks go forward, robfig/cron
// never produces the missing wall-clock times, so those runs are skipped;
// when clocks go back, the repeated wall-clock times run twice. Schedules
// whose hour field is * are not reported: they keep firing at regular
// absolute intervals. The horizon is capped at ten years.
func DSTNotes(s *Schedule, from time.Time, horizon time.Duration) []string {
	if s == nil {
		return nil
	}
	sp := s.spec()
	if sp == nil || sp.Hour&starBit != 0 || horizon <= 0 {
		return nil
	}
	horizon = min(horizon, maxDSTHorizon)
	loc := s.Location
	end := from.Add(horizon)
	var notes []string
	for t := from; t.Before(end); {
		_, next := t.In(loc).ZoneBounds()
		if next.IsZero() || next.After(end) {
			break
		}
		if note := transitionNote(s, sp, next); note != "" {
			notes = append(notes, note)
		}
		t = next
	}
	return notes
}

// transitionNote reports what happens to the schedule at the zone transition
// starting at instant at.
func transitionNote(s *Schedule, sp *cron.SpecSchedule, at time.Time) string {
	loc := s.Location
	_, before := at.Add(-time.Second).In(loc).Zone()
	_, after := at.In(loc).Zone()
	shift := time.Duration(after-before) * time.Second
	switch {
	case shift > 0:
		// Wall-clock times [wall, wall+shift) do not exist.
		wall := at.UTC().Add(time.Duration(before) * time.Second)
		var skipped []string
		for w := wall; w.Before(wall.Add(shift)); w = w.Add(time.Minute) {
			if wallMatches(sp, w) {
				skipped = append(skipped, w.Format("15:04"))
			}
		}
		if len(skipped) == 0 {
			return ""
		}
		return fmt.Sprintf("%s: no run at %s; %s-%s does not exist in %s (clocks jump forward)",
			wall.Format("2006-01-02"), listTimes(skipped), wall.Format("15:04"), wall.Add(shift).Format("15:04"), loc)
	case shift < 0:
		// Wall-clock times [wall, wall-shift) happen twice; ask robfig
		// which of them it actually runs twice.
		wall := at.UTC().Add(time.Duration(after) * time.Second)
		seen := map[string]int{}
		var repeated []string
		for r := s.cron.Next(at.Add(shift - time.Second)); !r.IsZero() && r.Before(at.Add(-shift)); r = s.cron.Next(r) {
			k := r.In(loc).Format("15:04")
			seen[k]++
			if seen[k] == 2 {
				repeated = append(repeated, k)
			}
		}
		if len(repeated) == 0 {
			return ""
		}
		return fmt.Sprintf("%s: runs twice at %s; clocks in %s go back from %s to %s",
			wall.Format("2006-01-02"), listTimes(repeated), loc, wall.Add(-shift).Format("15:04"), wall.Format("15:04"))
	}
	return ""
}

// wallMatches reports whether the wall-clock time w (its UTC fields are read
// as local fields) matches the schedule's month, day, hour and minute.
func wallMatches(sp *cron.SpecSchedule, w time.Time) bool {
	if sp.Month&(1<<uint(w.Month())) == 0 || sp.Hour&(1<<uint(w.Hour())) == 0 || sp.Minute&(1<<uint(w.Minute())) == 0 {
		return false
	}
	domMatch := sp.Dom&(1<<uint(w.Day())) != 0
	dowMatch := sp.Dow&(1<<uint(w.Weekday())) != 0
	if sp.Dom&starBit != 0 || sp.Dow&starBit != 0 {
		return domMatch && dowMatch
	}
	return domMatch || dowMatch
}

func listTimes(ts []string) string {
	if len(ts) > maxListedDSTTimes {
		return strings.Join(ts[:maxListedDSTTimes], ", ") + fmt.Sprintf(" and %d more", len(ts)-maxListedDSTTimes)
	}
	return joinAnd(ts)
}
