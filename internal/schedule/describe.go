package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Describe returns a plain-English description of the schedule, for example
// "At 09:00, Monday through Friday, in Asia/Seoul" or "Every 15 minutes".
// The time zone is named whenever the schedule depends on more than the
// minute field; an unset spec.timeZone is described as "the controller's
// time zone". Day-of-month and day-of-week restrictions given together are
// joined with "or", matching cron's either-matches rule.
func Describe(s *Schedule) string {
	if s == nil || s.cron == nil {
		return ""
	}
	if s.Every > 0 {
		return "Every " + humanDuration(s.Every) + ", counted from the last scheduled time"
	}
	sp := s.spec()
	if sp == nil {
		return s.Spec
	}
	zone := "in the controller's time zone"
	if s.TimeZone != "" {
		zone = "in " + s.TimeZone
	}
	if s.Descriptor {
		switch s.Spec {
		case "@yearly", "@annually":
			return "Once a year, at 00:00 on January 1, " + zone
		case "@monthly":
			return "Once a month, at 00:00 on day 1, " + zone
		case "@weekly":
			return "Once a week, at 00:00 on Sunday, " + zone
		case "@daily", "@midnight":
			return "Once a day, at 00:00, " + zone
		case "@hourly":
			return "Every hour, at minute 0"
		}
		return s.Spec
	}
	if len(s.fields) != 5 {
		return s.Spec
	}

	parts := []string{describeTime(
		parseItems(s.fields[0], 0, 59, nil),
		parseItems(s.fields[1], 0, 23, nil),
	)}
	domRestricted := sp.Dom&starBit == 0
	dowRestricted := sp.Dow&starBit == 0
	switch {
	case domRestricted && dowRestricted:
		parts = append(parts, describeDom(parseItems(s.fields[2], 1, 31, nil))+" or "+describeDow(sp.Dow, false))
	case domRestricted:
		parts = append(parts, describeDom(parseItems(s.fields[2], 1, 31, nil)))
	case dowRestricted:
		parts = append(parts, describeDow(sp.Dow, true))
	}
	if sp.Month&starBit == 0 {
		parts = append(parts, describeMonths(sp.Month))
	}
	if sp.Hour&starBit == 0 || domRestricted || dowRestricted || sp.Month&starBit == 0 {
		parts = append(parts, zone)
	}
	return strings.Join(parts, ", ")
}

// item is one comma-separated element of a cron field, normalised the way
// robfig/cron reads it.
type item struct {
	star   bool // * or ? with step 1
	lo, hi int
	step   int
	stepOf bool // written as "N/step" or "*/step" (open-ended)
}

func (it item) single() bool { return it.lo == it.hi }

// parseItems splits an already validated field. Unparseable parts (which
// Parse never lets through) are skipped.
func parseItems(field string, lo, hi int, names map[string]int) []item {
	var items []item
	for _, expr := range strings.FieldsFunc(field, func(r rune) bool { return r == ',' }) {
		rangeAndStep := strings.Split(expr, "/")
		lowAndHigh := strings.Split(rangeAndStep[0], "-")
		it := item{step: 1}
		if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
			it.lo, it.hi, it.star = lo, hi, true
		} else {
			v, ok := parseValue(lowAndHigh[0], names)
			if !ok {
				continue
			}
			it.lo, it.hi = v, v
			if len(lowAndHigh) == 2 {
				if it.hi, ok = parseValue(lowAndHigh[1], names); !ok {
					continue
				}
			}
		}
		if len(rangeAndStep) == 2 {
			st, err := strconv.Atoi(rangeAndStep[1])
			if err != nil || st <= 0 {
				continue
			}
			it.step = st
			if len(lowAndHigh) == 1 {
				it.hi, it.stepOf = hi, true
			}
			if st > 1 {
				it.star = false
			}
		}
		if it.step > 1 && it.lo == it.hi {
			it.step = 1
		}
		items = append(items, it)
	}
	return items
}

func parseValue(s string, names map[string]int) (int, bool) {
	if v, ok := names[strings.ToLower(s)]; ok {
		return v, true
	}
	v, err := strconv.Atoi(s)
	return v, err == nil && v >= 0
}

// values expands items into their sorted, distinct values.
func values(items []item) []int {
	var bits uint64
	for _, it := range items {
		for v := it.lo; v <= it.hi && v < 64; v += it.step {
			bits |= 1 << uint(v)
		}
	}
	return bitValues(bits &^ starBit)
}

func bitValues(bits uint64) []int {
	var out []int
	for v := 0; v < 63; v++ {
		if bits&(1<<uint(v)) != 0 {
			out = append(out, v)
		}
	}
	return out
}

func allSingle(items []item) bool {
	for _, it := range items {
		if !it.single() {
			return false
		}
	}
	return true
}

func isStar(items []item) bool {
	for _, it := range items {
		if it.star {
			return true
		}
	}
	return false
}

// maxListedTimes bounds the "At 09:00, 12:00 and 17:00" form.
const maxListedTimes = 8

func describeTime(mins, hours []item) string {
	minVals := values(mins)
	if allSingle(mins) {
		if allSingle(hours) && len(minVals)*len(values(hours)) <= maxListedTimes {
			var times []string
			for _, h := range values(hours) {
				for _, m := range minVals {
					times = append(times, fmt.Sprintf("%02d:%02d", h, m))
				}
			}
			return "At " + joinAnd(times)
		}
		atMin := "minute " + joinInts(minVals)
		if len(minVals) > 1 {
			atMin = "minutes " + joinInts(minVals)
		}
		if isStar(hours) {
			return "Every hour, at " + atMin
		}
		if len(hours) == 1 && hours[0].step > 1 {
			return "Every " + strconv.Itoa(hours[0].step) + " hours" + hourStepSuffix(hours[0]) + ", at " + atMin
		}
		return "At " + atMin + ", " + describeHours(hours)
	}

	var phrase string
	if len(mins) == 1 {
		it := mins[0]
		switch {
		case it.star:
			phrase = "Every minute"
		case it.step > 1:
			phrase = "Every " + strconv.Itoa(it.step) + " minutes"
			switch {
			case it.lo == 0 && it.hi == 59:
			case it.stepOf || it.hi == 59:
				phrase += fmt.Sprintf(" starting at minute %d", it.lo)
			default:
				phrase += fmt.Sprintf(" from minute %d through %d", it.lo, it.hi)
			}
		default:
			phrase = fmt.Sprintf("Every minute from minute %d through %d", it.lo, it.hi)
		}
	} else {
		phrase = "At minutes " + joinAnd(itemPhrases(mins, strconv.Itoa))
	}
	if isStar(hours) {
		return phrase
	}
	return phrase + ", " + describeHours(hours)
}

func hourStepSuffix(it item) string {
	switch {
	case it.lo == 0 && it.hi == 23:
		return ""
	case it.stepOf || it.hi == 23:
		return fmt.Sprintf(" starting at %02d:00", it.lo)
	default:
		return fmt.Sprintf(" from %02d:00 through %02d:00", it.lo, it.hi)
	}
}

// describeHours qualifies a minute phrase with a restricted hour field.
func describeHours(hours []item) string {
	if len(hours) == 1 {
		it := hours[0]
		switch {
		case it.step > 1:
			return "every " + strconv.Itoa(it.step) + " hours" + hourStepSuffix(it)
		default:
			return fmt.Sprintf("between %02d:00 and %02d:59", it.lo, it.hi)
		}
	}
	return "during hours " + joinAnd(itemPhrases(hours, func(v int) string { return fmt.Sprintf("%02d", v) }))
}

// itemPhrases renders items as "5", "10 through 20" or "every 5 from 0
// through 30".
func itemPhrases(items []item, f func(int) string) []string {
	var out []string
	for _, it := range items {
		switch {
		case it.single():
			out = append(out, f(it.lo))
		case it.step > 1:
			out = append(out, fmt.Sprintf("every %d from %s through %s", it.step, f(it.lo), f(it.hi)))
		default:
			out = append(out, f(it.lo)+" through "+f(it.hi))
		}
	}
	return out
}

func describeDom(items []item) string {
	if len(items) == 1 && items[0].step > 1 {
		it := items[0]
		p := fmt.Sprintf("every %d days of the month", it.step)
		switch {
		case it.lo == 1 && it.hi == 31:
		case it.stepOf || it.hi == 31:
			p += fmt.Sprintf(", starting on day %d", it.lo)
		default:
			p += fmt.Sprintf(" from day %d through %d", it.lo, it.hi)
		}
		return p
	}
	vals := values(items)
	runs := runPhrases(vals, strconv.Itoa)
	if len(vals) == 1 {
		return "on day " + runs[0] + " of the month"
	}
	return "on days " + joinAnd(runs) + " of the month"
}

// describeDow names the days in a day-of-week bit set. With only set, a single
// day reads "only on Monday".
func describeDow(bits uint64, only bool) string {
	vals := bitValues(bits &^ starBit)
	runs := runPhrases(vals, func(v int) string { return time.Weekday(v).String() })
	switch {
	case len(vals) == 1 && only:
		return "only on " + runs[0]
	case len(runs) == 1 && len(vals) >= 3:
		return runs[0]
	}
	return "on " + joinAnd(runs)
}

func describeMonths(bits uint64) string {
	vals := bitValues(bits &^ starBit)
	runs := runPhrases(vals, func(v int) string { return time.Month(v).String() })
	switch {
	case len(vals) == 1:
		return "only in " + runs[0]
	case len(runs) == 1 && len(vals) >= 3:
		return runs[0]
	}
	return "in " + joinAnd(runs)
}

// runPhrases compresses sorted values into "a", or "a through b" for runs of
// three or more consecutive values.
func runPhrases(vals []int, f func(int) string) []string {
	var out []string
	for i := 0; i < len(vals); {
		j := i
		for j+1 < len(vals) && vals[j+1] == vals[j]+1 {
			j++
		}
		if j-i >= 2 {
			out = append(out, f(vals[i])+" through "+f(vals[j]))
		} else {
			for k := i; k <= j; k++ {
				out = append(out, f(vals[k]))
			}
		}
		i = j + 1
	}
	return out
}

func joinInts(vals []int) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = strconv.Itoa(v)
	}
	return joinAnd(s)
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// humanDuration renders an @every delay as "1 hour 30 minutes".
func humanDuration(d time.Duration) string {
	var parts []string
	add := func(n int64, unit string) {
		if n == 0 {
			return
		}
		if n != 1 {
			unit += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, unit))
	}
	add(int64(d/time.Hour), "hour")
	add(int64(d%time.Hour/time.Minute), "minute")
	add(int64(d%time.Minute/time.Second), "second")
	if len(parts) == 0 {
		return d.String()
	}
	return strings.Join(parts, " ")
}
