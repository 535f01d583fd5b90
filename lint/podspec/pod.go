package podspec

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// validatePodLevel appends the errors of AreaPod to errs.
func validatePodLevel(meta *metav1.ObjectMeta, spec *corev1.PodSpec, path string, errs []Error) []Error {
	return errs
}

// validatePodSecurity appends the errors of the pod's securityContext to errs.
func validatePodSecurity(spec *corev1.PodSpec, path string, errs []Error) []Error {
	return errs
}
