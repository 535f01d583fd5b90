package schedule

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

func ptr(s string) *string { return &s }

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func mustParse(t testing.TB, spec string, tz *string) *Schedule {
	t.Helper()
	s, err := Parse(spec, tz)
	if err != nil {
		t.Fatalf("Parse(%q): %v", spec, err)
	}
	return s
}

func mustTime(t testing.TB, v string) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Fatalf("time.Parse(%q): %v", v, err)
	}
	return ts
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		spec    string
		tz      *string
		wantErr error  // nil means success
		wantMsg string // substring of the error text
		desc    bool
		every   time.Duration
	}{
		{name: "standard", spec: "*/5 * * * *"},
		{name: "names", spec: "0 9 * JAN-jun MON-FRI"},
		{name: "question mark", spec: "0 0 ? * 1"},
		{name: "zone", spec: "0 9 * * 1-5", tz: ptr("Asia/Seoul")},
		{name: "utc zone", spec: "0 9 * * 1-5", tz: ptr("UTC")},
		{name: "daily", spec: "@daily", desc: true},
		{name: "annually", spec: "@annually", tz: ptr("Europe/Berlin"), desc: true},
		{name: "every", spec: "@every 1h30m", desc: true, every: 90 * time.Minute},
		{name: "every sub-second rounds up", spec: "@every 10ms", desc: true, every: time.Second},
		{name: "empty", spec: "", wantErr: ErrInvalidSchedule, wantMsg: "empty spec string"},
		{name: "four fields", spec: "* * * *", wantErr: ErrInvalidSchedule, wantMsg: "expected exactly 5 fields, found 4"},
		{name: "six fields", spec: "0 * * * * *", wantErr: ErrInvalidSchedule, wantMsg: "expected exactly 5 fields, found 6"},
		{name: "minute out of range", spec: "60 * * * *", wantErr: ErrInvalidSchedule, wantMsg: "end of range (60) above maximum (59)"},
		{name: "dom zero", spec: "0 0 0 * *", wantErr: ErrInvalidSchedule, wantMsg: "below minimum (1)"},
		{name: "dow seven", spec: "0 0 * * 7", wantErr: ErrInvalidSchedule, wantMsg: "above maximum (6)"},
		{name: "zero step", spec: "*/0 * * * *", wantErr: ErrInvalidSchedule, wantMsg: "step of range should be a positive number"},
		{name: "reversed range", spec: "0 0 * * 5-1", wantErr: ErrInvalidSchedule, wantMsg: "beyond end of range"},
		{name: "garbage", spec: "every day", wantErr: ErrInvalidSchedule},
		{name: "unknown descriptor", spec: "@reboot", wantErr: ErrInvalidSchedule, wantMsg: "unrecognized descriptor"},
		{name: "bad every", spec: "@every forever", wantErr: ErrInvalidSchedule, wantMsg: "failed to parse duration"},
		{name: "TZ prefix", spec: "TZ=UTC 0 9 * * *", wantErr: ErrTZInSchedule, wantMsg: TZInScheduleMessage},
		{name: "CRON_TZ prefix", spec: "CRON_TZ=Asia/Tokyo 0 9 * * *", wantErr: ErrTZInSchedule},
		{name: "TZ without space does not panic", spec: "TZ=UTC", wantErr: ErrTZInSchedule},
		{name: "TZ with timeZone set", spec: "TZ=UTC 0 9 * * *", tz: ptr("UTC"), wantErr: ErrTZInSchedule},
		{name: "lowercase tz is a syntax error", spec: "tz=UTC 0 9 * * *", wantErr: ErrInvalidSchedule},
		{name: "bad zone", spec: "0 9 * * *", tz: ptr("Mars/Olympus"), wantErr: ErrInvalidTimeZone, wantMsg: "unknown time zone Mars/Olympus"},
		{name: "empty zone", spec: "0 9 * * *", tz: ptr(""), wantErr: ErrInvalidTimeZone, wantMsg: "non-empty"},
		{name: "Local zone", spec: "0 9 * * *", tz: ptr("local"), wantErr: ErrInvalidTimeZone, wantMsg: "explicit time zone"},
		{name: "path zone", spec: "0 9 * * *", tz: ptr("../etc/passwd"), wantErr: ErrInvalidTimeZone},
		{name: "schedule error wins over zone error", spec: "61 * * * *", tz: ptr("Mars/Olympus"), wantErr: ErrInvalidSchedule},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(tc.spec, tc.tz)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("Parse(%q) error: %v", tc.spec, err)
				}
				if s.Spec != tc.spec || s.Descriptor != tc.desc || s.Every != tc.every {
					t.Errorf("Parse(%q) = spec %q descriptor %v every %v", tc.spec, s.Spec, s.Descriptor, s.Every)
				}
				wantLoc := "UTC"
				if tc.tz != nil {
					wantLoc = *tc.tz
				}
				if s.Location.String() != wantLoc {
					t.Errorf("Location = %v, want %v", s.Location, wantLoc)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want %v", tc.spec, tc.wantErr)
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("Parse(%q) error %v, want errors.Is %v", tc.spec, err, tc.wantErr)
			}
			for _, other := range []error{ErrInvalidSchedule, ErrInvalidTimeZone, ErrTZInSchedule} {
				if other != tc.wantErr && errors.Is(err, other) {
					t.Errorf("Parse(%q) error %v also matches %v", tc.spec, err, other)
				}
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("Parse(%q) error %q, want it to contain %q", tc.spec, err, tc.wantMsg)
			}
		})
	}
}

func TestErrorTypes(t *testing.T) {
	_, err := Parse("61 * * * *", nil)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Spec != "61 * * * *" || se.Err == nil {
		t.Errorf("errors.As SyntaxError: %v", err)
	}
	_, err = Parse("* * * * *", ptr("Mars/Olympus"))
	var ze *TimeZoneError
	if !errors.As(err, &ze) || ze.Name != "Mars/Olympus" {
		t.Errorf("errors.As TimeZoneError: %v", err)
	}
}

func TestValidateTimeZone(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"UTC", true},
		{"America/New_York", true},
		{"America/Argentina/Buenos_Aires", true},
		{"Etc/GMT+5", true},
		{"", false},
		{"Local", false},
		{"LOCAL", false},
		{"Mars/Olympus", false},
		{"/UTC", false},
		{"America//New_York", false},
		{"-UTC", false},
		{"America/Very_Long_City_Name", false}, // part longer than 14 characters
		{"Europe/Berlin ", false},
	}
	for _, tc := range tests {
		err := ValidateTimeZone(tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("ValidateTimeZone(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidTimeZone) {
			t.Errorf("ValidateTimeZone(%q) = %v, not ErrInvalidTimeZone", tc.name, err)
		}
	}
}

func TestNext(t *testing.T) {
	tests := []struct {
		name  string
		spec  string
		tz    *string
		after string
		n     int
		want  []string
	}{
		{
			name: "every 15 minutes", spec: "*/15 * * * *", after: "2025-01-01T00:07:30Z", n: 3,
			want: []string{"2025-01-01T00:15:00Z", "2025-01-01T00:30:00Z", "2025-01-01T00:45:00Z"},
		},
		{
			name: "strictly after", spec: "0 9 * * 1-5", tz: ptr("Asia/Seoul"), after: "2025-01-03T00:00:00Z", n: 2,
			want: []string{"2025-01-06T09:00:00+09:00", "2025-01-07T09:00:00+09:00"},
		},
		{
			name: "New York spring forward skips 02:30", spec: "30 2 * * *", tz: ptr("America/New_York"), after: "2025-03-08T12:00:00-05:00", n: 2,
			want: []string{"2025-03-10T02:30:00-04:00", "2025-03-11T02:30:00-04:00"},
		},
		{
			name: "New York fall back repeats 01:30", spec: "30 1 * * *", tz: ptr("America/New_York"), after: "2025-11-01T12:00:00-04:00", n: 3,
			want: []string{"2025-11-02T01:30:00-04:00", "2025-11-02T01:30:00-05:00", "2025-11-03T01:30:00-05:00"},
		},
		{
			name: "New York 23 hour day", spec: "0 9 * * *", tz: ptr("America/New_York"), after: "2025-03-08T10:00:00-05:00", n: 1,
			want: []string{"2025-03-09T09:00:00-04:00"},
		},
		{
			name: "Berlin spring forward skips 02:30", spec: "30 2 * * *", tz: ptr("Europe/Berlin"), after: "2025-03-29T12:00:00+01:00", n: 1,
			want: []string{"2025-03-31T02:30:00+02:00"},
		},
		{
			name: "Berlin fall back repeats 02:30", spec: "30 2 * * *", tz: ptr("Europe/Berlin"), after: "2025-10-25T12:00:00+02:00", n: 3,
			want: []string{"2025-10-26T02:30:00+02:00", "2025-10-26T02:30:00+01:00", "2025-10-27T02:30:00+01:00"},
		},
		{
			name: "leap day", spec: "0 0 29 2 *", after: "2025-01-01T00:00:00Z", n: 2,
			want: []string{"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"},
		},
		{
			name: "result in schedule location", spec: "0 0 * * *", tz: ptr("Asia/Tokyo"), after: "2025-01-01T00:00:00Z", n: 1,
			want: []string{"2025-01-02T00:00:00+09:00"},
		},
		{
			name: "every rounds to the second", spec: "@every 90s", after: "2025-01-01T00:00:00.5Z", n: 2,
			want: []string{"2025-01-01T00:01:30Z", "2025-01-01T00:03:00Z"},
		},
		{name: "never fires", spec: "0 0 30 2 *", after: "2025-01-01T00:00:00Z", n: 3, want: []string{}},
		{name: "zero n", spec: "* * * * *", after: "2025-01-01T00:00:00Z", n: 0, want: []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustParse(t, tc.spec, tc.tz)
			got := s.Next(mustTime(t, tc.after), tc.n)
			if got == nil {
				t.Fatal("Next returned nil, want non-nil slice")
			}
			gotS := make([]string, len(got))
			for i, g := range got {
				gotS[i] = g.Format(time.RFC3339)
				if g.Location() != s.Location {
					t.Errorf("result %v not in %v", g, s.Location)
				}
			}
			if !reflect.DeepEqual(gotS, tc.want) {
				t.Errorf("Next(%q) = %v, want %v", tc.spec, gotS, tc.want)
			}
		})
	}
}

func TestNeverFires(t *testing.T) {
	from := mustTime(t, "2025-01-01T00:00:00Z")
	tests := []struct {
		spec string
		tz   *string
		want bool
	}{
		{"0 0 30 2 *", nil, true},
		{"0 0 31 4 *", nil, true},
		{"0 0 31 2,4,6,9,11 *", nil, true},
		{"0 0 30 2 *", ptr("Pacific/Kiritimati"), true},
		{"0 0 29 2 *", nil, false},
		{"0 0 31 * *", nil, false},
		{"0 0 30 2 1", nil, false}, // day-of-month OR day-of-week: every Monday in February
		{"*/5 * * * *", nil, false},
		{"@yearly", nil, false},
		{"@every 1h", nil, false},
	}
	for _, tc := range tests {
		if got := mustParse(t, tc.spec, tc.tz).NeverFires(from); got != tc.want {
			t.Errorf("NeverFires(%q) = %v, want %v", tc.spec, got, tc.want)
		}
	}
}

func TestDayOfMonthAndWeekBoth(t *testing.T) {
	tests := []struct {
		spec string
		want bool
	}{
		{"0 0 1 * 1", true},
		{"0 0 13 * FRI", true},
		{"0 0 1-31 * 1", true}, // a range is not a star
		{"0 0 */2 * 1", true},  // a step > 1 clears the star bit
		{"0 0 1 * *", false},
		{"0 0 * * 1", false},
		{"0 0 ? * 1", false},
		{"0 0 */1 * 1", false}, // */1 keeps the star bit
		{"0 0 * * *", false},
		{"@weekly", false},
		{"@monthly", false},
		{"@every 24h", false},
	}
	for _, tc := range tests {
		if got := mustParse(t, tc.spec, nil).DayOfMonthAndWeekBoth(); got != tc.want {
			t.Errorf("DayOfMonthAndWeekBoth(%q) = %v, want %v", tc.spec, got, tc.want)
		}
	}
}

func TestMinInterval(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		spec string
		tz   *string
		from string
		want time.Duration
	}{
		{"* * * * *", nil, "2025-01-01T00:00:00Z", time.Minute},
		{"*/5 * * * *", nil, "2025-01-01T00:00:00Z", 5 * time.Minute},
		{"5,10 * * * *", nil, "2025-01-01T00:00:00Z", 5 * time.Minute},
		{"0 * * * *", nil, "2025-01-01T00:00:00Z", time.Hour},
		{"@hourly", nil, "2025-01-01T00:00:00Z", time.Hour},
		{"0 0 * * *", nil, "2025-01-01T00:00:00Z", day},
		{"0 0,12 * * *", nil, "2025-01-01T00:00:00Z", 12 * time.Hour},
		{"0 9,17 * * *", nil, "2025-01-01T00:00:00Z", 8 * time.Hour},
		{"0 9 * * 1-5", nil, "2025-01-01T00:00:00Z", day},
		{"0 0 * * 0", nil, "2025-01-01T00:00:00Z", 7 * day},
		{"0 0 1 * *", nil, "2025-01-01T00:00:00Z", 28 * day},
		{"0 0 1 1 *", nil, "2025-06-01T00:00:00Z", 365 * day},
		{"0 0 29 2 *", nil, "2025-01-01T00:00:00Z", 1461 * day},
		{"@every 90s", nil, "2025-01-01T00:00:00Z", 90 * time.Second},
		{"0 0 30 2 *", nil, "2025-01-01T00:00:00Z", 0},
		// Absolute gaps: the spring-forward day is 23 hours long.
		{"0 9 * * *", ptr("America/New_York"), "2025-03-01T00:00:00Z", 23 * time.Hour},
		{"0 1,3 * * *", ptr("America/New_York"), "2025-03-01T00:00:00Z", time.Hour},
	}
	for _, tc := range tests {
		if got := mustParse(t, tc.spec, tc.tz).MinInterval(mustTime(t, tc.from)); got != tc.want {
			t.Errorf("MinInterval(%q) = %v, want %v", tc.spec, got, tc.want)
		}
	}
}

func TestDowntimeToTooManyMissed(t *testing.T) {
	tests := []struct {
		spec string
		from string
		want time.Duration
	}{
		{"* * * * *", "2025-01-01T00:00:00Z", 101 * time.Minute},
		{"* * * * *", "2025-01-01T00:00:30Z", 100*time.Minute + 30*time.Second},
		{"*/5 * * * *", "2025-01-01T00:00:00Z", 505 * time.Minute},
		{"0 * * * *", "2025-01-01T00:00:00Z", 101 * time.Hour},
		{"0 0 * * *", "2025-01-01T00:00:00Z", 101 * 24 * time.Hour},
		{"@every 1h", "2025-01-01T00:00:00Z", 101 * time.Hour},
		// Monday: the controller extrapolates from the first gap (24h).
		{"0 9 * * 1-5", "2025-01-06T00:00:00Z", 9*time.Hour + 2400*time.Hour},
		{"0 0 30 2 *", "2025-01-01T00:00:00Z", 0},
	}
	for _, tc := range tests {
		s := mustParse(t, tc.spec, nil)
		from := mustTime(t, tc.from)
		got := s.DowntimeToTooManyMissed(from)
		if got != tc.want {
			t.Errorf("DowntimeToTooManyMissed(%q) = %v, want %v", tc.spec, got, tc.want)
		}
		if got == 0 {
			continue
		}
		// Cross-check with the controller's estimate.
		if n := s.ControllerMissedCount(from, from.Add(got)); n != MissedScheduleLimit+1 {
			t.Errorf("%q: ControllerMissedCount at threshold = %d, want %d", tc.spec, n, MissedScheduleLimit+1)
		}
		if n := s.ControllerMissedCount(from, from.Add(got-time.Second)); n > MissedScheduleLimit {
			t.Errorf("%q: ControllerMissedCount just before threshold = %d, want <= %d", tc.spec, n, MissedScheduleLimit)
		}
	}
}

func TestControllerMissedCount(t *testing.T) {
	s := mustParse(t, "0 * * * *", nil)
	from := mustTime(t, "2025-01-01T00:00:00Z")
	tests := []struct {
		now  time.Duration
		want int64
	}{
		{30 * time.Minute, 0},
		{time.Hour, 0}, // t1 due, t2 not yet: the controller reports none missed
		{2 * time.Hour, 2},
		{150 * time.Minute, 2},
		{101 * time.Hour, 101},
	}
	for _, tc := range tests {
		if got := s.ControllerMissedCount(from, from.Add(tc.now)); got != tc.want {
			t.Errorf("ControllerMissedCount(+%v) = %d, want %d", tc.now, got, tc.want)
		}
	}
	if got := mustParse(t, "0 0 30 2 *", nil).ControllerMissedCount(from, from.Add(1000*time.Hour)); got != 0 {
		t.Errorf("never-firing ControllerMissedCount = %d, want 0", got)
	}
}

func TestMissedBetween(t *testing.T) {
	tests := []struct {
		spec     string
		from, to string
		limit    int
		want     int
	}{
		{"* * * * *", "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z", 100, 60},
		{"* * * * *", "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z", 10, 11},
		{"* * * * *", "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z", 0, 1},
		{"* * * * *", "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z", -1, 60},
		{"* * * * *", "2025-01-01T00:00:00Z", "2025-01-01T03:00:00Z", MissedScheduleLimit, MissedScheduleLimit + 1},
		{"0 * * * *", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", 100, 24},
		{"0 * * * *", "2025-01-01T00:30:00Z", "2025-01-01T01:00:00Z", 100, 1}, // to is inclusive
		{"0 * * * *", "2025-01-01T01:00:00Z", "2025-01-01T01:30:00Z", 100, 0}, // from is exclusive
		{"0 0 30 2 *", "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z", 100, 0},
		{"0 * * * *", "2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z", 100, 0},
	}
	for _, tc := range tests {
		got := mustParse(t, tc.spec, nil).MissedBetween(mustTime(t, tc.from), mustTime(t, tc.to), tc.limit)
		if got != tc.want {
			t.Errorf("MissedBetween(%q, %s, %s, %d) = %d, want %d", tc.spec, tc.from, tc.to, tc.limit, got, tc.want)
		}
	}
}

func TestWithControllerLocation(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	after := mustTime(t, "2025-01-01T00:00:00Z")
	s := mustParse(t, "0 9 * * *", nil)
	c := s.WithControllerLocation(ny)
	if got := c.Next(after, 1)[0].Format(time.RFC3339); got != "2025-01-01T09:00:00-05:00" {
		t.Errorf("controller-zone Next = %s", got)
	}
	if got := s.Next(after, 1)[0].Format(time.RFC3339); got != "2025-01-01T09:00:00Z" {
		t.Errorf("original schedule changed: Next = %s", got)
	}
	z := mustParse(t, "0 9 * * *", ptr("Asia/Seoul"))
	if z.WithControllerLocation(ny) != z {
		t.Error("WithControllerLocation changed a schedule with spec.timeZone")
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		spec string
		tz   *string
		want string
	}{
		{"0 9 * * 1-5", ptr("Asia/Seoul"), "At 09:00, Monday through Friday, in Asia/Seoul"},
		{"*/15 * * * *", nil, "Every 15 minutes"},
		{"* * * * *", nil, "Every minute"},
		{"@hourly", nil, "Every hour, at minute 0"},
		{"5 * * * *", nil, "Every hour, at minute 5"},
		{"0,30 * * * *", nil, "Every hour, at minutes 0 and 30"},
		{"5/15 * * * *", nil, "Every 15 minutes starting at minute 5"},
		{"0-30/10 * * * *", nil, "Every 10 minutes from minute 0 through 30"},
		{"0 0 1 * *", nil, "At 00:00, on day 1 of the month, in the controller's time zone"},
		{"0 9,17 * * *", ptr("UTC"), "At 09:00 and 17:00, in UTC"},
		{"0 0,6,12,18 * * *", nil, "At 00:00, 06:00, 12:00 and 18:00, in the controller's time zone"},
		{"0 */2 * * *", nil, "Every 2 hours, at minute 0, in the controller's time zone"},
		{"0 9-17/2 * * *", nil, "Every 2 hours from 09:00 through 17:00, at minute 0, in the controller's time zone"},
		{"0 9-17 * * *", nil, "At minute 0, between 09:00 and 17:59, in the controller's time zone"},
		{"*/5 9-17 * * 1-5", ptr("Europe/Berlin"), "Every 5 minutes, between 09:00 and 17:59, Monday through Friday, in Europe/Berlin"},
		{"* 9 * * *", nil, "Every minute, between 09:00 and 09:59, in the controller's time zone"},
		{"0,15,30,45 8,12,16 * * *", nil, "At minutes 0, 15, 30 and 45, during hours 08, 12 and 16, in the controller's time zone"},
		{"30 6 * * 1,3,5", ptr("UTC"), "At 06:30, on Monday, Wednesday and Friday, in UTC"},
		{"15 10 * * sat,sun", ptr("UTC"), "At 10:15, on Sunday and Saturday, in UTC"},
		{"0 0 * * 0", ptr("UTC"), "At 00:00, only on Sunday, in UTC"},
		{"0 0 1 1 *", ptr("UTC"), "At 00:00, on day 1 of the month, only in January, in UTC"},
		{"0 12 * JAN-MAR *", ptr("UTC"), "At 12:00, January through March, in UTC"},
		{"0 0 * */3 *", ptr("UTC"), "At 00:00, in January, April, July and October, in UTC"},
		{"0 0 1,15 * *", ptr("UTC"), "At 00:00, on days 1 and 15 of the month, in UTC"},
		{"0 0 1-7,15 * *", ptr("UTC"), "At 00:00, on days 1 through 7 and 15 of the month, in UTC"},
		{"0 0 */3 * *", ptr("UTC"), "At 00:00, every 3 days of the month, in UTC"},
		{"0 0 13 * 5", ptr("UTC"), "At 00:00, on day 13 of the month or on Friday, in UTC"},
		{"@daily", ptr("Europe/Berlin"), "Once a day, at 00:00, in Europe/Berlin"},
		{"@weekly", nil, "Once a week, at 00:00 on Sunday, in the controller's time zone"},
		{"@yearly", ptr("UTC"), "Once a year, at 00:00 on January 1, in UTC"},
		{"@every 1h30m", nil, "Every 1 hour 30 minutes, counted from the last scheduled time"},
	}
	for _, tc := range tests {
		if got := Describe(mustParse(t, tc.spec, tc.tz)); got != tc.want {
			t.Errorf("Describe(%q)\n got %q\nwant %q", tc.spec, got, tc.want)
		}
	}
	if got := Describe(nil); got != "" {
		t.Errorf("Describe(nil) = %q", got)
	}
}

func TestDSTNotes(t *testing.T) {
	from := mustTime(t, "2025-01-01T00:00:00Z")
	year := 365 * 24 * time.Hour
	tests := []struct {
		spec string
		tz   *string
		want []string
	}{
		{"30 2 * * *", ptr("America/New_York"), []string{
			"2025-03-09: no run at 02:30; 02:00-03:00 does not exist in America/New_York (clocks jump forward)",
		}},
		{"30 1 * * *", ptr("America/New_York"), []string{
			"2025-11-02: runs twice at 01:30; clocks in America/New_York go back from 02:00 to 01:00",
		}},
		{"30 2 * * *", ptr("Europe/Berlin"), []string{
			"2025-03-30: no run at 02:30; 02:00-03:00 does not exist in Europe/Berlin (clocks jump forward)",
			"2025-10-26: runs twice at 02:30; clocks in Europe/Berlin go back from 03:00 to 02:00",
		}},
		{"*/10 2 * * 0", ptr("Europe/Berlin"), []string{
			"2025-03-30: no run at 02:00, 02:10, 02:20, 02:30 and 2 more; 02:00-03:00 does not exist in Europe/Berlin (clocks jump forward)",
			"2025-10-26: runs twice at 02:00, 02:10, 02:20, 02:30 and 2 more; clocks in Europe/Berlin go back from 03:00 to 02:00",
		}},
		{"30 2 * * 1-5", ptr("Europe/Berlin"), nil}, // both transitions fall on Sundays
		{"*/15 * * * *", ptr("America/New_York"), nil},
		{"30 2 * * *", ptr("UTC"), nil},
		{"30 2 * * *", nil, nil},
		{"@every 1h", ptr("America/New_York"), nil},
	}
	for _, tc := range tests {
		s := mustParse(t, tc.spec, tc.tz)
		got := DSTNotes(s, from, year)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("DSTNotes(%q, %v)\n got %q\nwant %q", tc.spec, s.Location, got, tc.want)
		}
	}
}

func BenchmarkParseAndAnalyze(b *testing.B) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		s, err := Parse("*/5 * * * *", nil)
		if err != nil {
			b.Fatal(err)
		}
		if s.NeverFires(from) || s.MinInterval(from) != 5*time.Minute || s.DayOfMonthAndWeekBoth() {
			b.Fatal("unexpected analysis")
		}
	}
}

func BenchmarkAnalyzeInZone(b *testing.B) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := mustParse(b, "0 9 * * 1-5", ptr("America/New_York"))
	for b.Loop() {
		s.MinInterval(from)
		s.DowntimeToTooManyMissed(from)
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"*/5 * * * *", "0 9 * * 1-5", "@daily", "@every 1h", "@every -5s", "0 0 30 2 *",
		"0 0 29 2 *", "TZ=UTC", "CRON_TZ=UTC * * * * *", "", "* * * *", "*-5/2,,3 ? * jan-DEC sun",
		"1/0 * * * *", "0 0 13 * 5", "@reboot", "99999999999999999999 * * * *",
	} {
		f.Add(seed, "")
		f.Add(seed, "America/New_York")
	}
	from := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, spec, zone string) {
		var tz *string
		if zone != "" {
			tz = &zone
		}
		s, err := Parse(spec, tz)
		if err != nil {
			if !errors.Is(err, ErrTZInSchedule) && !errors.Is(err, ErrInvalidSchedule) && !errors.Is(err, ErrInvalidTimeZone) {
				t.Fatalf("Parse(%q, %q) returned untyped error %v", spec, zone, err)
			}
			return
		}
		s.Next(from, 3)
		s.NeverFires(from)
		s.DayOfMonthAndWeekBoth()
		s.MinInterval(from)
		s.DowntimeToTooManyMissed(from)
		s.MissedBetween(from, from.Add(48*time.Hour), MissedScheduleLimit)
		_ = Describe(s)
		DSTNotes(s, from, 366*24*time.Hour)
	})
}

// TestFastNextMatchesRobfig checks the wall-clock shortcut against robfig's
// own Next across zones with unusual DST rules.
func TestFastNextMatchesRobfig(t *testing.T) {
	specs := []string{
		"* * * * *", "*/5 * * * *", "0 * * * *", "30 2 * * *", "30 1 * * *", "0 0 * * *",
		"0 9 * * 1-5", "0 0 1 * *", "0 0 29 2 *", "0 0 13 * 5", "*/10 0-3 * * 0",
		"59 23 31 12 *", "0 0 31 2,4,6,9,11 *", "15,45 1-3 * 3,10,11 *", "0 0 * * 6",
		"0 12 1-7 * 1", "0 0 30 2 *", "0 0 28-31 * *", "0 3 * * *", "0 1 * * *", "30 0 * * *",
		"0,30 0-2 * * *", "0 23 * * *", "45 23 1,15 * *",
	}
	zones := []string{
		"UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago",
		"America/Havana", "Asia/Kolkata", "Pacific/Chatham", "America/Sao_Paulo", "Asia/Beirut",
		"Africa/Casablanca", "Europe/Dublin", "America/St_Johns", "Antarctica/Troll",
	}
	starts := []time.Time{
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2018, 3, 24, 23, 59, 59, 500, time.UTC),
		time.Date(2016, 10, 15, 2, 30, 1, 0, time.UTC),
		time.Date(1987, 4, 4, 5, 0, 0, 0, time.UTC),
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 6 {
		starts = append(starts, time.Unix(rng.Int64N(2_000_000_000), rng.Int64N(1e9)))
	}
	for _, z := range zones {
		loc := mustLoad(t, z)
		// Start right before each transition of 2025 too.
		zstarts := starts
		for tr := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC); tr.Year() < 2026; {
			_, end := tr.In(loc).ZoneBounds()
			if end.IsZero() {
				break
			}
			zstarts = append(zstarts, end.Add(-90*time.Minute), end.Add(-25*time.Hour))
			tr = end
		}
		for _, spec := range specs {
			s := mustParse(t, spec, ptr(z))
			for _, start := range zstarts {
				a, b := start, start
				for i := 0; i < 30; i++ {
					// Advance by a variable amount so that most calls do not
					// start at an activation.
					a = s.fastNext(a)
					b = s.cron.Next(b)
					if !a.Equal(b) {
						t.Fatalf("%s in %s after %v: fastNext %v, robfig %v", spec, z, start, a, b)
					}
					if a.IsZero() {
						break
					}
					if i%3 == 0 {
						a = a.Add(time.Duration(i) * 17 * time.Minute)
						b = a
					}
				}
			}
		}
	}
}

func TestZoneIndependent(t *testing.T) {
	for spec, want := range map[string]bool{
		"*/5 * * * *": true, "0 * * * *": true, "@hourly": true, "@every 90m": true, "* * * * *": true,
		"0 3 * * *": false, "*/5 9-17 * * *": false, "0 * * * 1-5": false, "0 * 1 * *": false, "@daily": false, "*/15 * * 1 *": false,
	} {
		s, err := Parse(spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.ZoneIndependent(); got != want {
			t.Errorf("%q: ZoneIndependent %v, want %v", spec, got, want)
		}
	}
}
