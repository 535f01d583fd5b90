package lint

import (
	"testing"
	"time"
)

func TestBackoffDelays(t *testing.T) {
	s := time.Second
	job := []time.Duration{10 * s, 20 * s, 40 * s, 80 * s, 160 * s, 320 * s, 600 * s, 600 * s}
	kubelet := []time.Duration{10 * s, 20 * s, 40 * s, 80 * s, 160 * s, 300 * s, 300 * s}
	for i, want := range job {
		if got := BackoffDelay(i + 1); got != want {
			t.Errorf("BackoffDelay(%d) = %s, want %s (Job controller: 10s doubling, cap 10m)", i+1, got, want)
		}
	}
	for i, want := range kubelet {
		if got := KubeletRestartDelay(i + 1); got != want {
			t.Errorf("KubeletRestartDelay(%d) = %s, want %s (kubelet: 10s doubling, cap 5m)", i+1, got, want)
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
		// kubelet: 10+20+40+80+160+300 = 610 s.
		{"OnFailure, 620s > 610s", job("OnFailure", 620, &six), false},
		{"OnFailure, 600s < 610s", job("OnFailure", 600, &six), true},
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
