package schedule

import (
	"strconv"
	"strings"
	"time"

	"github.com/agnivade/levenshtein"
)

//go:generate go run ./internal/genzones -o zonenames_gen.go

// ClosestZone returns the IANA time zone name nearest to name in edit distance (ignoring case),
// for a "did you mean" hint on a misspelt spec.timeZone ("Europe/Londn": "Europe/London"). It
// returns "" when name is itself a zone or no zone is close: at most a third of name's
// characters may differ. Only names the API server accepts are suggested.
func ClosestZone(name string) string {
	lower := strings.ToLower(name)
	best, bestDist := "", len(name)/3+1
	for _, z := range zoneNames() {
		if z == name {
			return ""
		}
		if d := levenshtein.ComputeDistance(lower, strings.ToLower(z)); d < bestDist && len(TimeZoneProblems(z)) == 0 {
			best, bestDist = z, d
		}
	}
	return best
}

// SundayAsZero rewrites a schedule that uses 7 for Sunday in the day-of-week field, which the
// controller's cron parser rejects (it numbers the days 0-6), with 0 instead: "* * * * 7" becomes
// "* * * * 0" and "0 3 * * 5-7" becomes "0 3 * * 5-6,0". ok is false when the schedule has no such
// 7 or the rewritten schedule does not parse either.
func SundayAsZero(spec string) (string, bool) {
	fields := strings.Fields(spec)
	if len(fields) != 5 {
		return "", false
	}
	dow, changed := sevenAsZero(fields[4])
	if !changed {
		return "", false
	}
	fields[4] = dow
	fixed := strings.Join(fields, " ")
	if _, err := ParseStandard(fixed); err != nil {
		return "", false
	}
	return fixed, true
}

// sevenAsZero rewrites the items "7" and "a-7" of a day-of-week field as "0" and "a-6,0".
func sevenAsZero(field string) (string, bool) {
	items := strings.Split(field, ",")
	changed := false
	for i, it := range items {
		switch lo, hi, isRange := strings.Cut(it, "-"); {
		case it == "7":
			items[i], changed = "0", true
		case isRange && hi == "7" && lo != "":
			if lo == "6" {
				items[i] = "6,0"
			} else {
				items[i] = lo + "-6,0"
			}
			changed = true
		}
	}
	return strings.Join(items, ","), changed
}

// ClockAligned returns a cron expression that runs every d at fixed clock times ("*/5 * * * *"
// for 5 minutes), for "@every" schedules whose interval divides an hour or a day; "" otherwise.
func ClockAligned(d time.Duration) string {
	switch {
	case d <= 0 || d%time.Minute != 0:
		return ""
	case d == time.Minute:
		return "* * * * *"
	case d < time.Hour && time.Hour%d == 0:
		return "*/" + strconv.Itoa(int(d/time.Minute)) + " * * * *"
	case d == time.Hour:
		return "0 * * * *"
	case d < 24*time.Hour && d%time.Hour == 0 && 24*time.Hour%d == 0:
		return "0 */" + strconv.Itoa(int(d/time.Hour)) + " * * *"
	case d == 24*time.Hour:
		return "0 0 * * *"
	}
	return ""
}
