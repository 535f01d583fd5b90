package podspec

import corev1 "k8s.io/api/core/v1"

// validateContainers appends the errors of AreaContainers to errs.
func validateContainers(spec *corev1.PodSpec, path string, errs []Error) []Error {
	return errs
}

// validateContainerSecurity appends the errors of the containers' securityContext to errs.
func validateContainerSecurity(spec *corev1.PodSpec, path string, errs []Error) []Error {
	return errs
}
