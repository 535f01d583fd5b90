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
