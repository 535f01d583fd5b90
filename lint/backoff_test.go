package lint

import (
	"testing"
	"time"
)

func TestBackoffDelays(t *testing.T) {
	s := time.Second
	job := []time.Duration{10 * s, 20 * s, 40 * s, 80 * s, 160 * s, 320 * s, 600 * s, 600 * s}
	kubelet := []time.Duration{0, 10 * s, 20 * s, 40 * s, 80 * s, 160 * s, 300 * s, 300 * s}
	for i, want := range job {
		if got := BackoffDelay(i + 1); got != want {
			t.Errorf("BackoffDelay(%d) = %s, want %s (Job controller: 10s doubling, cap 10m)", i+1, got, want)
		}
	}
	for i, want := range kubelet {
		if got := KubeletRestartDelay(i + 1); got != want {
			t.Errorf("KubeletRestartDelay(%d) = %s, want %s (kubelet: at once, then 10s doubling, cap 5m)", i+1, got, want)
		}
	}
	if got, want := BackoffTimeline(6), 630*s; got != want {
		t.Errorf("BackoffTimeline(6) = %s, want %s", got, want)
	}
}

func TestDeadlineBeforeBackoffLimitTimelines(t *testing.T) {
	e, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	job := func(restart string, deadline int64, limit *int32) *Object {
		o := &Object{Job: jobFixture()}
		o.Job.Spec.ActiveDeadlineSeconds = &deadline
		o.Job.Spec.BackoffLimit = limit
		o.Job.Spec.Template.Spec.RestartPolicy = corev1RestartPolicy(restart)
		return o
	}
	six := int32(6)
	tests := []struct {
		name string
		obj  *Object
		want bool
	}{
		// Job controller: 10+20+40+80+160+320 = 630 s.
		{"Never, 600s < 630s", job("Never", 600, &six), true},
		{"Never, 700s > 630s", job("Never", 700, &six), false},
		// kubelet: the 6th restart fails the Job after 0+10+20+40+80+160 = 310 s.
		{"OnFailure, 320s > 310s", job("OnFailure", 320, &six), false},
		{"OnFailure, 300s < 310s", job("OnFailure", 300, &six), true},
	}
	for _, tt := range tests {
		got := false
		for _, f := range e.Check(t.Context(), tt.obj) {
			got = got || f.RuleID == "deadline-before-backoff-limit"
		}
		if got != tt.want {
			t.Errorf("%s: flagged %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestBackoffModel: the restart policy chooses the back-off; Timeline sums it and RetriesWithin
// counts the retries that start within a deadline.
func TestBackoffModel(t *testing.T) {
	s := time.Second
	never, onFailure := BackoffFor("Never"), BackoffFor("OnFailure")
	if never.ByKubelet || !onFailure.ByKubelet || never.What != "pod back-off" || onFailure.What != "container restart back-off" {
		t.Errorf("BackoffFor: %+v, %+v", never, onFailure)
	}
	// Kubelet: 0+10+20+40+80+160+300 s.
	if got, want := onFailure.Timeline(7), 610*s; got != want {
		t.Errorf("OnFailure Timeline(7) = %s, want %s", got, want)
	}
	for _, c := range []struct {
		d    time.Duration
		want int32
	}{{0, 0}, {9 * s, 0}, {10 * s, 1}, {29 * s, 1}, {30 * s, 2}, {630 * s, 6}, {time.Hour, 6}} {
		if got := never.RetriesWithin(c.d, 6); got != c.want {
			t.Errorf("RetriesWithin(%s, 6) = %d, want %d", c.d, got, c.want)
		}
	}
	if got := never.Timeline(1 << 30); got > 1001*10*time.Minute {
		t.Errorf("Timeline of a huge limit is not capped: %s", got)
	}
}

// TestBackoffLimitSemantics pins how the Job controller counts backoffLimit (Kubernetes 1.35
// pkg/controller/job): new pods fail the Job when failed > backoffLimit, so backoffLimit retries
// run; restarts in place fail it when restarts >= backoffLimit (> 0 for backoffLimit 0), so the
// last restart is killed as it starts.
func TestBackoffLimitSemantics(t *testing.T) {
	s := time.Second
	never, onFailure := BackoffFor("Never"), BackoffFor("OnFailure")
	for _, c := range []struct {
		limit                          int32
		neverRetries, onFailureRetries int32
		neverTime, onFailureTime       time.Duration
	}{
		{0, 0, 0, 0, 0},           // OnFailure: the first restart (at once) fails the Job
		{1, 1, 0, 10 * s, 0},      // OnFailure: the first restart reaches the limit
		{2, 2, 1, 30 * s, 10 * s}, // OnFailure: one retry runs, the second restart (after 10 s) is killed
		{6, 6, 5, 630 * s, 310 * s},
	} {
		if got := never.Retries(c.limit); got != c.neverRetries {
			t.Errorf("Never, backoffLimit %d: %d retries, want %d", c.limit, got, c.neverRetries)
		}
		if got := onFailure.Retries(c.limit); got != c.onFailureRetries {
			t.Errorf("OnFailure, backoffLimit %d: %d retries, want %d", c.limit, got, c.onFailureRetries)
		}
		if got := never.TimeToLimit(c.limit); got != c.neverTime {
			t.Errorf("Never, backoffLimit %d: limit reached after %s of back-off, want %s", c.limit, got, c.neverTime)
		}
		if got := onFailure.TimeToLimit(c.limit); got != c.onFailureTime {
			t.Errorf("OnFailure, backoffLimit %d: limit reached after %s of back-off, want %s", c.limit, got, c.onFailureTime)
		}
	}
	if got := onFailure.RestartsToLimit(0); got != 1 {
		t.Errorf("OnFailure, backoffLimit 0: the Job fails at restart %d, want the first", got)
	}
}
