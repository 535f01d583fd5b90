// Package schedule analyses Kubernetes CronJob schedules the way the
// Kubernetes (1.35) API server and CronJob controller interpret them.
//
// Parsing follows kube-apiserver validation
// (pkg/apis/batch/validation/validation.go): the schedule must not contain
// "TZ" (the TZ= / CRON_TZ= prefixes), it must be accepted by
// github.com/robfig/cron/v3 ParseStandard, and spec.timeZone must pass the
// IANA naming rules and time.LoadLocation.
//
// Evaluation follows the CronJob controller
// (pkg/controller/cronjob/cronjob_controllerv2.go and utils.go): the
// controller parses "TZ=<timeZone> <schedule>" with cron.ParseStandard, so
// schedules are evaluated in spec.timeZone, or in the kube-controller-manager
// local zone when spec.timeZone is unset. That zone is not observable from a
// manifest; this package assumes UTC for it (see WithControllerLocation).
package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	// The controller loads spec.timeZone with time.LoadLocation. Embedding the
	// IANA database keeps zone validation independent of the host running the
	// analysis (e.g. Windows has no system zoneinfo).
	_ "time/tzdata"

	"github.com/robfig/cron/v3"
)

// MissedScheduleLimit is the number of missed start times the CronJob
// controller tolerates: when its estimate of missed schedules exceeds this
// value it records a "TooManyMissedTimes" warning event ("too many missed
// start times. Set or decrease .spec.startingDeadlineSeconds or check clock
// skew"). Since the v2 controller it still creates a Job for the most recent
// missed time (subject to startingDeadlineSeconds).
const MissedScheduleLimit = 100

// TZInScheduleMessage is the exact kube-apiserver validation message for a
// schedule that contains TZ or CRON_TZ.
const TZInScheduleMessage = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"

// ErrTZInSchedule is returned (possibly wrapped) by Parse when the schedule
// contains "TZ", which kube-apiserver rejects on create. The check is
// case-sensitive, exactly like upstream's strings.Contains(schedule, "TZ").
var ErrTZInSchedule = errors.New(TZInScheduleMessage)

// ErrInvalidSchedule matches, via errors.Is, every *SyntaxError.
var ErrInvalidSchedule = errors.New("invalid cron schedule")

// ErrInvalidTimeZone matches, via errors.Is, every *TimeZoneError.
var ErrInvalidTimeZone = errors.New("invalid time zone")

// SyntaxError reports a schedule that cron.ParseStandard rejects. Err holds
// robfig's error, whose text is what kube-apiserver reports.
type SyntaxError struct {
	// Spec is the rejected schedule text.
	Spec string
	// Err is the underlying robfig/cron error.
	Err error
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid schedule %q: %v", e.Spec, e.Err)
}

// Unwrap returns the robfig/cron error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// Is reports whether target is ErrInvalidSchedule.
func (e *SyntaxError) Is(target error) bool { return target == ErrInvalidSchedule }

// TimeZoneError reports a spec.timeZone value that kube-apiserver rejects.
type TimeZoneError struct {
	// Name is the rejected time zone name.
	Name string
	// Err describes why it was rejected (upstream message or the
	// time.LoadLocation error).
	Err error
}

// Error implements error.
func (e *TimeZoneError) Error() string {
	return fmt.Sprintf("invalid timeZone %q: %v", e.Name, e.Err)
}

// Unwrap returns the underlying error.
func (e *TimeZoneError) Unwrap() error { return e.Err }

// Is reports whether target is ErrInvalidTimeZone.
func (e *TimeZoneError) Is(target error) bool { return target == ErrInvalidTimeZone }

// Schedule is a parsed CronJob schedule together with the location it is
// evaluated in. Treat its fields as read-only (use WithControllerLocation to
// change the assumed controller zone); it is safe for concurrent use.
type Schedule struct {
	// Spec is the original spec.schedule text.
	Spec string
	// TimeZone is spec.timeZone, or "" when it is unset.
	TimeZone string
	// Location is where the schedule is evaluated: the loaded spec.timeZone,
	// or the assumed controller zone (UTC by default) when TimeZone is "".
	Location *time.Location
	// Descriptor is true for predefined schedules such as @daily, @hourly
	// or @every <duration>.
	Descriptor bool
	// Every is the effective fixed delay of an "@every <duration>" schedule
	// (rounded the way robfig/cron does it), or 0 for other schedules.
	Every time.Duration

	cron   cron.Schedule
	fields []string // the five fields, nil for descriptors
}

// starBit is robfig/cron's marker for a field written as * or ? (without a
// step greater than one).
const starBit = 1 << 63

// Parse validates spec.schedule and spec.timeZone as kube-apiserver does on
// create and returns the schedule evaluated in that zone. A nil timeZone means
// spec.timeZone is unset. The first problem found is returned, in this order:
// ErrTZInSchedule, a *SyntaxError, a *TimeZoneError.
func Parse(spec string, timeZone *string) (*Schedule, error) {
	if strings.Contains(spec, "TZ") {
		return nil, fmt.Errorf("parse schedule %q: %w", spec, ErrTZInSchedule)
	}
	parsed, perr := ParseStandard(spec)
	if perr != nil {
		return nil, &SyntaxError{Spec: spec, Err: perr}
	}

	s := &Schedule{Spec: spec, Location: time.UTC}
	if timeZone != nil {
		if err := ValidateTimeZone(*timeZone); err != nil {
			return nil, err
		}
		loc, err := time.LoadLocation(*timeZone)
		if err != nil { // already checked by ValidateTimeZone
			return nil, &TimeZoneError{Name: *timeZone, Err: err}
		}
		s.TimeZone, s.Location = *timeZone, loc
	}

	s.Descriptor = strings.HasPrefix(spec, "@")
	switch c := parsed.(type) {
	case *cron.SpecSchedule:
		c.Location = s.Location
		s.cron = c
		if !s.Descriptor {
			s.fields = strings.Fields(spec)
		}
	case cron.ConstantDelaySchedule:
		s.Every = c.Delay
		s.cron = c
	default:
		return nil, &SyntaxError{Spec: spec, Err: fmt.Errorf("unsupported schedule type %T", parsed)}
	}
	return s, nil
}

// ParseStandard parses spec with robfig/cron's standard parser as kube-apiserver and the CronJob
// controller do (the raw text, a TZ= prefix included), a panic inside the parser becoming an
// error, as upstream's parsing with panic recovery does.
func ParseStandard(spec string) (sched cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("invalid schedule format: %v", r)
		}
	}()
	return cron.ParseStandard(spec)
}

// ValidateTimeZone checks a spec.timeZone value exactly as kube-apiserver does (see
// TimeZoneProblems) and returns its first complaint as a *TimeZoneError.
func ValidateTimeZone(name string) error {
	if p := TimeZoneProblems(name); len(p) > 0 {
		return &TimeZoneError{Name: name, Err: errors.New(p[0])}
	}
	return nil
}

// TimeZoneProblems returns every complaint kube-apiserver has about a spec.timeZone value, in
// its words (none when valid): non-empty, every "/"-separated part made of 1-14 characters from
// [A-Za-z.-_0-9+] (not "." or "..", not starting with "-"), not "Local" (any case), and loadable
// with time.LoadLocation.
func TimeZoneProblems(name string) []string {
	if name == "" {
		return []string{"timeZone must be nil or non-empty string"}
	}
	for _, part := range strings.Split(name, "/") {
		if part == "." || part == ".." || strings.HasPrefix(part, "-") || !validZonePart(part) {
			return []string{"unknown time zone " + name}
		}
	}
	var msgs []string
	if strings.EqualFold(name, "Local") {
		msgs = append(msgs, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")
	}
	if _, err := time.LoadLocation(name); err != nil {
		msgs = append(msgs, err.Error())
	}
	return msgs
}

// validZonePart mirrors upstream's ^[A-Za-z\.\-_0-9+]{1,14}$.
func validZonePart(p string) bool {
	if len(p) < 1 || len(p) > 14 {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '.', c == '-', c == '_', c == '+':
		default:
			return false
		}
	}
	return true
}

// WithControllerLocation returns a copy of s evaluated in loc when
// spec.timeZone is unset (the controller then uses its own local zone, which
// Parse assumes to be UTC). When spec.timeZone is set, or loc is nil, s is
// returned unchanged.
func (s *Schedule) WithControllerLocation(loc *time.Location) *Schedule {
	if s == nil || s.TimeZone != "" || loc == nil {
		return s
	}
	c := *s
	c.Location = loc
	if sp, ok := s.cron.(*cron.SpecSchedule); ok {
		cp := *sp
		cp.Location = loc
		c.cron = &cp
	}
	return &c
}

// Cron returns the underlying robfig/cron schedule. Callers must not modify it.
func (s *Schedule) Cron() cron.Schedule { return s.cron }

// String returns the original schedule text.
func (s *Schedule) String() string { return s.Spec }

// spec returns the bit-set form of a field-based schedule, or nil for @every.
func (s *Schedule) spec() *cron.SpecSchedule {
	sp, _ := s.cron.(*cron.SpecSchedule)
	return sp
}

// Next returns up to n activation times strictly after after, in the
// schedule's location. It returns an empty slice when the schedule never
// fires (robfig/cron finds no match within five years of the previous time).
func (s *Schedule) Next(after time.Time, n int) []time.Time {
	if n <= 0 {
		return []time.Time{}
	}
	out := make([]time.Time, 0, min(n, 1024))
	var z zoneSpan
	for t := after; len(out) < n; {
		t = s.fastNextIn(t, &z)
		if t.IsZero() {
			break
		}
		out = append(out, t.In(s.Location))
	}
	return out
}

// NeverFires reports whether the schedule has no activation after from, as
// robfig/cron (and hence the controller) sees it: no match within five years.
// "0 0 30 2 *" and "0 0 31 4 *" never fire; "0 0 29 2 *" fires on leap days.
func (s *Schedule) NeverFires(from time.Time) bool {
	return s.cron.Next(from).IsZero()
}

// DayOfMonthAndWeekBoth reports whether both the day-of-month and the
// day-of-week fields are restricted (neither is * or ?, "*/1" counting as *).
// robfig/cron then runs on days matching EITHER field, not both. Descriptors
// never count.
func (s *Schedule) DayOfMonthAndWeekBoth() bool {
	sp := s.spec()
	if s.Descriptor || sp == nil {
		return false
	}
	return sp.Dom&starBit == 0 && sp.Dow&starBit == 0
}

// ZoneIndependent reports whether the zone the schedule is read in hardly matters: it is an
// "@every" schedule, or its hour, day-of-month, month and day-of-week fields are all * (as in
// "*/5 * * * *" or @hourly), so it fires at the same instants in every zone whose offset from
// UTC is a whole number of hours.
func (s *Schedule) ZoneIndependent() bool {
	if s.Every > 0 {
		return true
	}
	sp := s.spec()
	return sp != nil && sp.Hour&sp.Dom&sp.Month&sp.Dow&starBit != 0
}

// Sampling bounds of MinInterval: at most minIntervalSamples activations, and
// no further than minIntervalHorizon once one gap is known.
const (
	minIntervalSamples = 128
	minIntervalHorizon = 366 * 24 * time.Hour
)

// MinInterval returns the shortest gap between consecutive activations,
// sampled over the next 128 activations or one year after from, whichever
// comes first (at least one gap is always measured, so yearly or leap-day
// schedules report their real period). Gaps are measured in absolute time, so
// DST transitions are included. It returns 0 when the schedule fires at most
// once.
func (s *Schedule) MinInterval(from time.Time) time.Duration {
	if s.Every > 0 {
		return s.Every
	}
	var best time.Duration
	s.eachGap(from, minIntervalSamples, minIntervalHorizon, func(d time.Duration) {
		if best == 0 || d < best {
			best = d
		}
	})
	return best
}

// eachGap calls f with the gaps between consecutive activations after from, in absolute time:
// those of the first samples activations, stopping after the first gap that ends past horizon
// (so at least one gap is measured when the schedule fires twice at all).
func (s *Schedule) eachGap(from time.Time, samples int, horizon time.Duration, f func(time.Duration)) {
	end := from.Add(horizon)
	var z zoneSpan
	prev := s.fastNextIn(from, &z)
	if prev.IsZero() {
		return
	}
	for i := 1; i < samples; i++ {
		t := s.fastNextIn(prev, &z)
		if t.IsZero() {
			return
		}
		f(t.Sub(prev))
		if t.After(end) {
			return
		}
		prev = t
	}
}

// controllerInterval mirrors the first steps of the controller's
// mostRecentScheduleTime: t1 is the first activation after earliest and gap
// is t2-t1 in whole seconds. ok is false when the controller would report
// "time difference between two schedules is less than 1 second" (the
// schedule never fires, or fires only once in robfig's window).
func (s *Schedule) controllerInterval(earliest time.Time) (t1, t2 time.Time, gap time.Duration, ok bool) {
	t1 = s.fastNext(earliest)
	if t1.IsZero() {
		return t1, t1, 0, false
	}
	t2 = s.fastNext(t1)
	secs := int64(t2.Sub(t1).Round(time.Second).Seconds())
	if t1.IsZero() || t2.IsZero() || secs < 1 {
		return t1, t2, 0, false
	}
	return t1, t2, time.Duration(secs) * time.Second, true
}

// ControllerMissedCount returns the number of missed schedules the controller
// estimates between earliest (status.lastScheduleTime, the creation time, or
// now - startingDeadlineSeconds if later) and now. Like upstream, it is an
// approximation: (now - t1) / (t2 - t1) + 1 where t1 and t2 are the first two
// activations after earliest; it is 0 when now is before t2 (the controller
// then reports no missed schedules) or the schedule never fires. A result
// above MissedScheduleLimit triggers the TooManyMissedTimes warning.
func (s *Schedule) ControllerMissedCount(earliest, now time.Time) int64 {
	t1, t2, gap, ok := s.controllerInterval(earliest)
	if !ok || now.Before(t2) {
		return 0
	}
	elapsed := int64(now.Sub(t1).Seconds())
	return elapsed/int64(gap/time.Second) + 1
}

// DowntimeToTooManyMissed returns how long after from (the last schedule time
// recorded by the controller) the controller must be unable to run the
// CronJob before it counts more than MissedScheduleLimit missed start times.
// It uses the controller's own estimate: the count exceeds 100 once
// now - t1 >= 100 × (t2 - t1), so the result is (t1 - from) + 100 × (t2 - t1).
// For regular schedules this is the time of the 101st activation after from
// (about 101 minutes for "* * * * *", 101 hours for "0 * * * *"); for
// irregular ones it follows the first interval, as upstream does. It returns 0
// when the schedule never fires.
func (s *Schedule) DowntimeToTooManyMissed(from time.Time) time.Duration {
	t1, _, gap, ok := s.controllerInterval(from)
	if !ok {
		return 0
	}
	return t1.Sub(from) + MissedScheduleLimit*gap
}

// MissedBetween counts the activations in (from, to], stopping as soon as the
// count exceeds limit (so the result is at most limit+1). A negative limit
// means no limit; the cost is then proportional to the number of activations.
func (s *Schedule) MissedBetween(from, to time.Time, limit int) int {
	n := 0
	var z zoneSpan
	for t := s.fastNextIn(from, &z); !t.IsZero() && !t.After(to); t = s.fastNextIn(t, &z) {
		n++
		if limit >= 0 && n > limit {
			break
		}
	}
	return n
}

// SplitTZPrefix separates a legacy "TZ=zone " or "CRON_TZ=zone " prefix from a schedule. The
// API server rejects such schedules on create, but older stored objects (and manifests) carry
// them, and cron reads the zone from them.
func SplitTZPrefix(spec string) (rest, zone string, ok bool) {
	for _, prefix := range []string{"TZ=", "CRON_TZ="} {
		if after, found := strings.CutPrefix(spec, prefix); found {
			if z, r, cut := strings.Cut(after, " "); cut {
				return strings.TrimSpace(r), z, true
			}
		}
	}
	return spec, "", false
}

// ControllerZone decides, as the CronJob controller does, which schedule text and zone a
// CronJob runs with: a legacy "TZ=zone " or "CRON_TZ=zone " prefix wins over spec.timeZone (the
// controller then uses the schedule as written and ignores spec.timeZone); otherwise
// spec.timeZone applies. It returns the schedule without the prefix and the zone (nil: the
// controller's own zone). Lint and explain both ask it, so they agree.
func ControllerZone(spec string, timeZone *string) (string, *string) {
	if rest, zone, ok := SplitTZPrefix(spec); ok {
		return rest, &zone
	}
	return spec, timeZone
}
