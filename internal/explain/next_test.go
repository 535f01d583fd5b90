package explain

import (
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

func cronJobObject(sched string, tz *string) *lint.Object {
	return lint.NewCronJobObject(&batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "c", Namespace: "ns"},
		Spec: batchv1.CronJobSpec{Schedule: sched, TimeZone: tz,
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever,
				Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
			}}}}},
	}, lint.Source{File: "test.yaml"})
}

func ptr[T any](v T) *T { return &v }

// TestNextRuns checks run times against known instants, through Build's output: DST
// transitions in America/New_York and Europe/Berlin, a leap day, weekdays in Asia/Seoul, an
// unset time zone (UTC assumed) and a schedule that never fires.
func TestNextRuns(t *testing.T) {
	tests := []struct {
		name      string
		schedule  string
		tz        *string
		after     string // RFC 3339
		want      []string
		wantLocal []string // in Europe/Berlin, when checked
		dst       []string // substrings of the DST notes
	}{{
		name: "New York spring forward skips 02:30", schedule: "30 2 * * *", tz: ptr("America/New_York"),
		after: "2026-03-07T12:00:00-05:00",
		want:  []string{"2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00"},
		// Berlin is still on CET (UTC+1): 06:30 UTC is 07:30 there.
		wantLocal: []string{"2026-03-09T07:30:00+01:00", "2026-03-10T07:30:00+01:00"},
		dst:       []string{"2026-03-08: no run at 02:30"},
	}, {
		name: "New York fall back runs 01:30 twice", schedule: "30 1 * * *", tz: ptr("America/New_York"),
		after: "2026-10-31T12:00:00-04:00",
		want:  []string{"2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"},
		dst:   []string{"2026-11-01: runs twice at 01:30"},
	}, {
		name: "New York hourly keeps absolute hours across spring forward", schedule: "0 * * * *", tz: ptr("America/New_York"),
		after: "2026-03-08T00:30:00-05:00",
		want:  []string{"2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00"},
	}, {
		name: "Berlin spring forward skips 02:30", schedule: "30 2 * * *", tz: ptr("Europe/Berlin"),
		after:     "2026-03-28T12:00:00+01:00",
		want:      []string{"2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"},
		wantLocal: []string{"2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"},
		dst:       []string{"2026-03-29: no run at 02:30"},
	}, {
		name: "Berlin fall back runs 02:30 twice", schedule: "30 2 * * *", tz: ptr("Europe/Berlin"),
		after: "2026-10-24T12:00:00+02:00",
		want:  []string{"2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-26T02:30:00+01:00"},
		dst:   []string{"2026-10-25: runs twice at 02:30"},
	}, {
		name: "leap day", schedule: "0 0 29 2 *", tz: ptr("Etc/UTC"),
		after: "2026-03-01T00:00:00Z",
		want:  []string{"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z"},
	}, {
		name: "Seoul weekdays skip the weekend", schedule: "0 9 * * 1-5", tz: ptr("Asia/Seoul"),
		after:     "2026-03-06T10:00:00+09:00",
		want:      []string{"2026-03-09T09:00:00+09:00", "2026-03-10T09:00:00+09:00"},
		wantLocal: []string{"2026-03-09T01:00:00+01:00", "2026-03-10T01:00:00+01:00"},
	}, {
		name: "unset time zone assumes UTC", schedule: "0 3 * * *",
		after: "2026-03-01T12:00:00Z",
		want:  []string{"2026-03-02T03:00:00Z", "2026-03-03T03:00:00Z"},
	}, {
		name: "@weekly is Sunday midnight", schedule: "@weekly", tz: ptr("Europe/Berlin"),
		after: "2026-03-04T12:00:00+01:00",
		want:  []string{"2026-03-08T00:00:00+01:00", "2026-03-15T00:00:00+01:00"},
	}, {
		name: "never fires", schedule: "0 0 30 2 *", tz: ptr("Etc/UTC"),
		after: "2026-03-01T00:00:00Z",
		want:  nil,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, tt.after)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Now: now, Next: max(len(tt.want), 3), Local: testLocal, LocalName: "Europe/Berlin"}
			e := Build(Input{Object: cronJobObject(tt.schedule, tt.tz)}, opt)
			s := e.Schedule
			if s == nil || s.Error != "" {
				t.Fatalf("schedule not explained: %+v", s)
			}
			var got, gotLocal []string
			for _, r := range s.Next {
				got = append(got, r.Time.Format(time.RFC3339))
				gotLocal = append(gotLocal, r.Local.Format(time.RFC3339))
				if !r.Time.Equal(r.Local) {
					t.Errorf("local time %v is not the same instant as %v", r.Local, r.Time)
				}
			}
			if len(got) > len(tt.want) {
				got, gotLocal = got[:len(tt.want)], gotLocal[:len(tt.want)]
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("next runs\n got %v\nwant %v", got, tt.want)
			}
			if tt.wantLocal != nil && strings.Join(gotLocal, " ") != strings.Join(tt.wantLocal, " ") {
				t.Errorf("local times\n got %v\nwant %v", gotLocal, tt.wantLocal)
			}
			if s.NeverFires != (tt.want == nil) {
				t.Errorf("NeverFires = %v", s.NeverFires)
			}
			notes := strings.Join(s.DST, "\n")
			for _, d := range tt.dst {
				if !strings.Contains(notes, d) {
					t.Errorf("DST notes %q lack %q", notes, d)
				}
			}
			if tt.tz == nil && (!s.LocationAssumed || s.Location != "UTC") {
				t.Errorf("unset zone: Location %q, assumed %v", s.Location, s.LocationAssumed)
			}
		})
	}
}
