package podspec

import corev1 "k8s.io/api/core/v1"

// validateVolumes appends the errors of AreaVolumes to errs.
func validateVolumes(spec *corev1.PodSpec, path string, errs []Error) []Error {
	return errs
}
