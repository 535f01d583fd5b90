package explain

import (
	"fmt"
	"strings"
	"time"
)

// fmtDuration renders a duration for people: "10s", "1m20s", "10m30s", "1h5m", "2d3h", "305d".
// Units below the two largest (below days from 100 days on) are dropped, rounding down.
func fmtDuration(d time.Duration) string {
	if d < 0 {
		return "-" + fmtDuration(-d)
	}
	if d < time.Second {
		if d == 0 {
			return "0s"
		}
		return d.Round(time.Millisecond).String()
	}
	d = d.Truncate(time.Second)
	days := int64(d / (24 * time.Hour))
	if days >= 100 {
		return fmt.Sprintf("%dd", days)
	}
	hours := int64(d % (24 * time.Hour) / time.Hour)
	mins := int64(d % time.Hour / time.Minute)
	secs := int64(d % time.Minute / time.Second)
	type unit struct {
		n    int64
		name string
	}
	units := []unit{{days, "d"}, {hours, "h"}, {mins, "m"}, {secs, "s"}}
	first := 0
	for first < len(units)-1 && units[first].n == 0 {
		first++
	}
	var b strings.Builder
	for i := first; i < len(units) && i < first+2; i++ {
		if units[i].n == 0 && i > first {
			continue
		}
		fmt.Fprintf(&b, "%d%s", units[i].n, units[i].name)
	}
	return b.String()
}

// fmtSeconds renders a number of seconds as a duration.
func fmtSeconds[T int32 | int64](s T) string { return fmtDuration(time.Duration(s) * time.Second) }

// relative renders t relative to now: "in 3h", "5m ago", "now".
func relative(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d >= time.Second:
		if d >= time.Minute {
			d = d.Round(time.Minute)
		}
		return "in " + fmtDuration(d)
	case d <= -time.Second:
		if d <= -time.Minute {
			d = d.Round(time.Minute)
		}
		return fmtDuration(-d) + " ago"
	}
	return "now"
}

// Time layouts of the text output.
const (
	runLayout  = "Mon 2006-01-02 15:04 MST"
	timeLayout = "2006-01-02 15:04:05 MST"
)
