package schedule

import "time"

// Sampling bounds of MaxInterval: at most maxIntervalSamples activations, and no further than
// one year (plus the gap that crosses its end) after from.
const (
	maxIntervalSamples = 20000
	maxIntervalHorizon = 366 * 24 * time.Hour
)

// MaxInterval returns the longest gap between consecutive activations, sampled over the
// activations in the year after from (at most 20,000 of them; at least one gap is always
// measured, so yearly or leap-day schedules report their real period). It is the longest a
// healthy CronJob can go without a run: "0 9 * * 1-5" gives 72 hours (Friday to Monday), "0 0
// 31 * *" 61 days. Gaps are absolute time, so a DST day counts 23 or 25 hours. It returns 0
// when the schedule fires at most once.
//
// Frequent schedules reach the sample limit before a year has passed: 20,000 activations of
// "* * * * *" cover two weeks, enough for weekly and monthly patterns of minutes and hours.
func (s *Schedule) MaxInterval(from time.Time) time.Duration {
	if s.Every > 0 {
		return s.Every
	}
	var longest time.Duration
	s.eachGap(from, maxIntervalSamples, maxIntervalHorizon, func(d time.Duration) { longest = max(longest, d) })
	return longest
}
