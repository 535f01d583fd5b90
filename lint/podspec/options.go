package podspec

import "github.com/kubectl-batch/kubectl-batch/lint/kubeversion"

// Options are the switches of pod-template validation that differ between Kubernetes versions:
// upstream's PodValidationOptions for a create (from the version's default feature gates) and
// the validation code that changed between releases. Fields the version drops before
// validation never reach this package (lint drops them first); Options covers what remains.
type Options struct {
	// LegacyContainerRestartPolicy (before 1.34, no ContainerRestartRules): a regular
	// container may not set restartPolicy, an init container only to Always.
	LegacyContainerRestartPolicy bool
	// RestartAllContainers (1.36+): the RestartAllContainers action, and restart rules on
	// sidecars, are allowed.
	RestartAllContainers bool
	// NonSidecarInitResizeRestart (1.36+): a non-sidecar init container may not resize with
	// RestartContainer.
	NonSidecarInitResizeRestart bool
	// SleepZero (1.33+): a sleep action of 0 seconds is allowed.
	SleepZero bool
	// RelaxedDNSSearch (1.33+): dnsConfig.searches may hold "." and underscores.
	RelaxedDNSSearch bool
	// RequiredNodeAffinityValues (1.33+): required node affinity values must be label values.
	RequiredNodeAffinityValues bool
	// HostUsersVolumeDevices (1.34+): no volumeDevices when hostUsers is false.
	HostUsersVolumeDevices bool
	// MatchLabelKeysSelectorMerge (1.34+): the newer overlap rule for a topology spread
	// constraint's matchLabelKeys (before: any key also in the label selector is an error).
	MatchLabelKeysSelectorMerge bool
	// VolumeAttributesClass (1.34+): an ephemeral volume's volumeAttributesClassName is validated.
	VolumeAttributesClass bool
	// StrictIPs (1.36+, StrictIPCIDRValidation): IPs with leading zeros and IPv4-mapped IPv6
	// addresses are rejected.
	StrictIPs bool
	// ImageReferenceRequired (1.37+): an image volume in a template must set reference.
	ImageReferenceRequired bool
	// ShareProcessNamespaceTopLevel (1.37+): shareProcessNamespace with hostPID is reported at
	// spec.shareProcessNamespace (before: spec.securityContext.shareProcessNamespace).
	ShareProcessNamespaceTopLevel bool
	// SELinuxMount (1.37+): seLinuxChangePolicy may also be MountOption.
	SELinuxMount bool
	// CertificateProjections (1.37+, ClusterTrustBundleProjection and PodCertificateRequest on):
	// clusterTrustBundle and podCertificate projections are kept and validated.
	CertificateProjections bool
}

// OptionsFor returns the validation switches of kube-apiserver version v.
func OptionsFor(v kubeversion.Version) Options {
	return Options{
		LegacyContainerRestartPolicy:  !v.AtLeast(34),
		RestartAllContainers:          v.Enabled(kubeversion.GateRestartAllContainersOnContainerExits),
		NonSidecarInitResizeRestart:   v.AtLeast(36),
		SleepZero:                     v.Enabled(kubeversion.GatePodLifecycleSleepActionAllowZero),
		RelaxedDNSSearch:              v.Enabled(kubeversion.GateRelaxedDNSSearchValidation),
		RequiredNodeAffinityValues:    v.AtLeast(33),
		HostUsersVolumeDevices:        v.AtLeast(34),
		MatchLabelKeysSelectorMerge:   v.Enabled(kubeversion.GateMatchLabelKeysInPodTopologySpreadSelectorMerge),
		VolumeAttributesClass:         v.Enabled(kubeversion.GateVolumeAttributesClass),
		StrictIPs:                     v.Enabled(kubeversion.GateStrictIPCIDRValidation),
		ImageReferenceRequired:        v.AtLeast(37),
		ShareProcessNamespaceTopLevel: v.AtLeast(37),
		SELinuxMount:                  v.Enabled(kubeversion.GateSELinuxMount),
		CertificateProjections: v.Enabled(kubeversion.GateClusterTrustBundleProjection) &&
			v.Enabled(kubeversion.GatePodCertificateRequest),
	}
}
