//go:build integration

package conformance

// containerMutations cover AreaContainers and the containers' securityContext.
func containerMutations() []podMutation {
	return nil
}
