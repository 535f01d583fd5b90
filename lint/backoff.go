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
// 10 s, doubling, capped at 5 minutes.
const (
	kubeletBackoffBase = 10 * time.Second
	kubeletBackoffMax  = 5 * time.Minute
)

// BackoffDelay is the Job controller's delay before the retry that follows the n-th failure (n >= 1).
func BackoffDelay(n int) time.Duration { return doublingDelay(n, backoffBase, backoffMax) }

// KubeletRestartDelay is the kubelet's delay before restarting a container in place after its
// n-th failure (n >= 1), as with restartPolicy OnFailure.
func KubeletRestartDelay(n int) time.Duration {
	return doublingDelay(n, kubeletBackoffBase, kubeletBackoffMax)
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

// Timeline is the total wait before retries+1 failures have happened: the sum of the delays,
// not counting the pods' own run time. It stops adding once the figure no longer matters (past
// 1000 times the longest delay), so huge limits cost nothing.
func (b Backoff) Timeline(retries int32) time.Duration {
	var total time.Duration
	for i := 1; i <= int(retries); i++ {
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
