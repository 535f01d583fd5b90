package podspec

import corev1 "k8s.io/api/core/v1"

// validateScheduling appends the errors of AreaScheduling to errs.
func validateScheduling(spec *corev1.PodSpec, path string, errs []Error) []Error {
	return errs
}
