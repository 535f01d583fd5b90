//go:build integration

package conformance

import corev1 "k8s.io/api/core/v1"

// podMutation changes a pod template; each is applied to a Job's template and to a CronJob's
// job template.
type podMutation struct {
	name string
	fn   func(t *corev1.PodTemplateSpec)
}

// podMutations is the pod-template corpus: single mutations over every area of the pod spec,
// valid edge cases as well as invalid values.
func podMutations() []podMutation {
	var all []podMutation
	all = append(all, containerMutations()...)
	all = append(all, podLevelMutations()...)
	all = append(all, versionMutations()...)
	return all
}
