package schedule

import (
	"testing"
	"time"
)

func TestMaxInterval(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		spec string
		tz   *string
		from string
		want time.Duration
	}{
		{"* * * * *", nil, "2025-01-01T00:00:00Z", time.Minute},
		{"*/15 * * * *", nil, "2025-01-01T00:00:00Z", 15 * time.Minute},
		{"0 9,17 * * *", nil, "2025-01-01T00:00:00Z", 16 * time.Hour},
		{"0 9 * * 1-5", nil, "2025-01-01T00:00:00Z", 3 * day},
		{"*/5 9-17 * * 1-5", nil, "2025-01-01T00:00:00Z", 3*day - 8*time.Hour - 55*time.Minute},
		{"0 0 * * *", nil, "2025-01-01T00:00:00Z", day},
		{"0 0 * * 0", nil, "2025-01-01T00:00:00Z", 7 * day},
		{"0 0 1 * *", nil, "2025-01-01T00:00:00Z", 31 * day},
		{"0 0 31 * *", nil, "2025-01-01T00:00:00Z", 61 * day},
		{"0 0 1 1 *", nil, "2025-06-01T00:00:00Z", 365 * day},
		{"0 0 29 2 *", nil, "2025-01-01T00:00:00Z", 1461 * day},
		{"@every 90s", nil, "2025-01-01T00:00:00Z", 90 * time.Second},
		{"@daily", nil, "2025-01-01T00:00:00Z", day},
		{"0 0 30 2 *", nil, "2025-01-01T00:00:00Z", 0},
		// Absolute gaps: the fall-back day is 25 hours long.
		{"0 9 * * *", ptr("America/New_York"), "2025-01-01T00:00:00Z", 25 * time.Hour},
		// 02:30 does not exist on the spring-forward day: that run is skipped.
		{"30 2 * * *", ptr("Europe/Berlin"), "2025-01-01T00:00:00Z", 47 * time.Hour},
	}
	for _, tc := range tests {
		if got := mustParse(t, tc.spec, tc.tz).MaxInterval(mustTime(t, tc.from)); got != tc.want {
			t.Errorf("MaxInterval(%q, %v) = %v, want %v", tc.spec, tc.tz, got, tc.want)
		}
	}
}

func BenchmarkMaxInterval(b *testing.B) {
	from := mustTime(b, "2025-01-01T00:00:00Z")
	for _, spec := range []string{"* * * * *", "0 2 * * *"} {
		s := mustParse(b, spec, ptr("Europe/Berlin"))
		b.Run(spec, func(b *testing.B) {
			for b.Loop() {
				s.MaxInterval(from)
			}
		})
	}
}
