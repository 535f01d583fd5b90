package lint

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Pod failure back-off of the Job controller: 10 s, doubling per failure, capped at 10 minutes
// (MaxJobPodFailureBackOff in Kubernetes 1.35; older documentation says 6 minutes).
const (
	backoffBase = 10 * time.Second
	backoffMax  = 10 * time.Minute
)

// Kubelet container restart back-off (restartPolicy OnFailure restarts containers in place):
// the first restart at once, then 10 s, doubling, capped at 5 minutes (the kubelet's doBackOff
// with client-go's flowcontrol.Backoff: a container has no back-off entry before it first fails).
const (
	kubeletBackoffBase = 10 * time.Second
	kubeletBackoffMax  = 5 * time.Minute
)

// BackoffDelay is the Job controller's delay before the retry that follows the n-th failure (n >= 1).
func BackoffDelay(n int) time.Duration { return doublingDelay(n, backoffBase, backoffMax) }

// KubeletRestartDelay is the kubelet's delay before restarting a container in place after its
// n-th failure (n >= 1), as with restartPolicy OnFailure: none before the first restart.
func KubeletRestartDelay(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	return doublingDelay(n-1, kubeletBackoffBase, kubeletBackoffMax)
}

// doublingDelay is base doubled n-1 times, capped at max.
func doublingDelay(n int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// Backoff is the wait before each retry of a Job's pods: the Job controller's pod back-off, or,
// with restartPolicy OnFailure, the kubelet's back-off for restarting the container in place. It
// is the one back-off model; lint's rules and explain use it.
//
// The two count backoffLimit differently (pkg/controller/job in Kubernetes 1.35): with new pods
// the Job fails when more than backoffLimit pods have failed (failed > backoffLimit), so
// backoffLimit retries run; with restarts in place it fails as soon as the container restarts in
// its running pods add up to backoffLimit (restarts >= backoffLimit, or > 0 for backoffLimit 0,
// pastBackoffLimitOnFailure), so the last restart is killed as it starts and backoffLimit-1
// retries run.
type Backoff struct {
	// Delay is the wait before the retry that follows the n-th failure (n >= 1).
	Delay func(n int) time.Duration
	// What names the back-off in messages: "pod back-off" or "container restart back-off".
	What string
	// ByKubelet is true for the kubelet's container restart back-off (restartPolicy OnFailure).
	ByKubelet bool
}

// BackoffFor returns the back-off that applies to a pod template with restart policy rp.
func BackoffFor(rp corev1.RestartPolicy) Backoff {
	if rp == corev1.RestartPolicyOnFailure {
		return Backoff{Delay: KubeletRestartDelay, What: "container restart back-off", ByKubelet: true}
	}
	return Backoff{Delay: BackoffDelay, What: "pod back-off"}
}

// Retries is how many retries backoffLimit limit lets run: limit with new pods, limit-1 (and at
// least 0) with restarts in place, whose last restart is killed as it starts.
func (b Backoff) Retries(limit int32) int32 {
	if b.ByKubelet {
		return max(limit-1, 0)
	}
	return max(limit, 0)
}

// RestartsToLimit is how many back-off waits pass before the Job fails by backoffLimit limit:
// limit with new pods; with restarts in place the restart that reaches the limit (the first one
// for backoffLimit 0).
func (b Backoff) RestartsToLimit(limit int32) int32 {
	if b.ByKubelet {
		return max(limit, 1)
	}
	return max(limit, 0)
}

// TimeToLimit is the back-off that passes before the Job fails by backoffLimit limit, not
// counting the pods' run time.
func (b Backoff) TimeToLimit(limit int32) time.Duration {
	return b.Timeline(b.RestartsToLimit(limit))
}

// Timeline is the total wait of the first n back-offs: the sum of the delays, not counting the
// pods' own run time. It stops adding once the figure no longer matters (past 1000 times the
// longest delay), so huge limits cost nothing.
func (b Backoff) Timeline(n int32) time.Duration {
	var total time.Duration
	for i := 1; i <= int(n); i++ {
		total += b.Delay(i)
		if total > 1000*backoffMax {
			break
		}
	}
	return total
}

// RetriesWithin is how many of retries can start within d of the first failure (back-off only,
// not counting run time).
func (b Backoff) RetriesWithin(d time.Duration, retries int32) int32 {
	var fit int32
	var total time.Duration
	for i := int32(1); i <= retries; i++ {
		if total += b.Delay(int(i)); total > d {
			break
		}
		fit = i
	}
	return fit
}

// BackoffTimeline is the Job controller's Timeline (restartPolicy Never).
func BackoffTimeline(retries int32) time.Duration {
	return BackoffFor(corev1.RestartPolicyNever).Timeline(retries)
}
