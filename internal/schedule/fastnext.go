package schedule

import (
	"math"
	"math/bits"
	"time"

	"github.com/robfig/cron/v3"
)

// robfig/cron's SpecSchedule.Next walks seconds, minutes and hours one at a
// time (about 150 steps for "0 0 * * *"), which is too slow to sample many
// activations for every linted CronJob. fastNext returns exactly what
// robfig's Next returns, but computes it on wall-clock integers whenever the
// search stays inside one zone-offset period: there robfig's answer is the
// first matching wall-clock minute. Whenever a zone transition lies between t
// and that minute (DST), or the answer is beyond robfig's five-year search
// window, it delegates to robfig itself.

// transitionGuard is how close to a zone transition fastNext defers to
// robfig; it exceeds the largest DST shift in the tz database (2h).
const transitionGuard = 3 * time.Hour

// zoneSpan caches the zone-offset period fastNextIn last looked up, so that
// iterating activations does not query the time zone database every time.
type zoneSpan struct {
	start, end int64 // unix seconds; math.MinInt64/MaxInt64 when unbounded
	offset     int64
	valid      bool
}

// fastNext is equivalent to s.cron.Next(t).
func (s *Schedule) fastNext(t time.Time) time.Time {
	var z zoneSpan
	return s.fastNextIn(t, &z)
}

// fastNextIn is fastNext reusing (and updating) the cached zone period z.
func (s *Schedule) fastNextIn(t time.Time, z *zoneSpan) time.Time {
	sp := s.spec()
	if sp == nil || sp.Location == time.Local || sp.Second != 1 {
		return s.cron.Next(t)
	}
	// robfig starts at the upcoming whole second.
	base := t.Add(time.Second - time.Duration(t.Nanosecond()))
	bu := base.Unix()
	if !z.valid || bu < z.start || bu >= z.end {
		lt := base.In(sp.Location)
		_, offset := lt.Zone()
		start, end := lt.ZoneBounds()
		*z = zoneSpan{start: math.MinInt64, end: math.MaxInt64, offset: int64(offset), valid: true}
		if !start.IsZero() {
			z.start = start.Unix()
		}
		if !end.IsZero() {
			z.end = end.Unix()
		}
	}
	guard := int64(transitionGuard / time.Second)
	// Near a transition robfig's resets (time.Date on an ambiguous or
	// missing wall time) can diverge from wall-clock order; local mean time
	// offsets break its minute truncation. Let robfig decide there.
	if z.offset%60 != 0 || (z.start != math.MinInt64 && bu-z.start < guard) {
		return s.cron.Next(t)
	}
	wall := time.Unix(bu+z.offset, 0).UTC()
	y, mo, d := wall.Date()
	h, mi, sec := wall.Clock()
	mod := h*60 + mi
	if sec > 0 {
		mod++ // activations are at second 0
	}
	cy, cmo, cd, cmod, ok := wallNext(sp, y, mo, d, mod, y+5)
	if !ok {
		return s.cron.Next(t)
	}
	cu := time.Date(cy, cmo, cd, 0, 0, 0, 0, time.UTC).Unix() + int64(cmod)*60 - z.offset
	if z.end != math.MaxInt64 && z.end-cu < guard {
		return s.cron.Next(t) // a zone transition intervenes or is close
	}
	return time.Unix(cu, 0).In(t.Location())
}

// wallNext finds the first wall-clock minute at or after minute-of-day mod
// (0-1440) of day y-mo-d matching sp, giving up after yearLimit.
func wallNext(sp *cron.SpecSchedule, y int, mo time.Month, d, mod, yearLimit int) (int, time.Month, int, int, bool) {
	minuteBits := sp.Minute &^ starBit
	hourBits := sp.Hour &^ starBit
	wd := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Weekday()
	dim := daysIn(y, mo)
	for y <= yearLimit {
		if sp.Month&(1<<uint(mo)) == 0 {
			// Skip to the first of the next month.
			wd = (wd + time.Weekday(dim-d+1)) % 7
			d, mod = 1, 0
			if mo++; mo > time.December {
				mo, y = time.January, y+1
			}
			dim = daysIn(y, mo)
			continue
		}
		if dayMatchesWall(sp, d, wd) && mod < 24*60 {
			for hh := mod / 60; hh < 24; hh++ {
				if hourBits&(1<<uint(hh)) == 0 {
					continue
				}
				from := 0
				if hh == mod/60 {
					from = mod % 60
				}
				if m := minuteBits >> uint(from); m != 0 {
					return y, mo, d, hh*60 + from + bits.TrailingZeros64(m), true
				}
			}
		}
		wd = (wd + 1) % 7
		d, mod = d+1, 0
		if d > dim {
			d = 1
			if mo++; mo > time.December {
				mo, y = time.January, y+1
			}
			dim = daysIn(y, mo)
		}
	}
	return 0, 0, 0, 0, false
}

// dayMatchesWall is robfig's dayMatches on a wall-clock day.
func dayMatchesWall(sp *cron.SpecSchedule, d int, wd time.Weekday) bool {
	domMatch := sp.Dom&(1<<uint(d)) != 0
	dowMatch := sp.Dow&(1<<uint(wd)) != 0
	if sp.Dom&starBit != 0 || sp.Dow&starBit != 0 {
		return domMatch && dowMatch
	}
	return domMatch || dowMatch
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
