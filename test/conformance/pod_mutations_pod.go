//go:build integration

package conformance

// podLevelMutations cover volumes, scheduling, the pod's securityContext and os, and the
// pod-level settings.
func podLevelMutations() []podMutation {
	return nil
}
