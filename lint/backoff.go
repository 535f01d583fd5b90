package lint

import "time"

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

// BackoffTimeline is the total back-off the Job controller waits before it has seen
// retries+1 failures: the sum of the delays, not counting the pods' own run time.
func BackoffTimeline(retries int32) time.Duration { return retryTimeline(retries, BackoffDelay) }

// retryTimeline sums delay(1..retries), stopping once the figure no longer matters.
func retryTimeline(retries int32, delay func(int) time.Duration) time.Duration {
	var total time.Duration
	for i := 1; i <= int(retries); i++ {
		total += delay(i)
		if total > 1000*backoffMax {
			break
		}
	}
	return total
}
