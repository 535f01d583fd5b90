package kubeversion

// Gate is a kube-apiserver feature gate that changes what the server does with a Job, a CronJob
// or a pod template. Its default in each version is in gates_gen.go.
type Gate string

// The gates the version model consults.
const (
	GateUserNamespacesSupport                          Gate = "UserNamespacesSupport"
	GateSupplementalGroupsPolicy                       Gate = "SupplementalGroupsPolicy"
	GatePodLevelResources                              Gate = "PodLevelResources"
	GateProcMountType                                  Gate = "ProcMountType"
	GateDynamicResourceAllocation                      Gate = "DynamicResourceAllocation"
	GateClusterTrustBundleProjection                   Gate = "ClusterTrustBundleProjection"
	GatePodCertificateRequest                          Gate = "PodCertificateRequest"
	GateGenericWorkload                                Gate = "GenericWorkload"
	GateAtomicWriteVolumeUserFields                    Gate = "AtomicWriteVolumeUserFields"
	GateGRPCContainerProbeTLS                          Gate = "GRPCContainerProbeTLS"
	GateEvictionRequestAPI                             Gate = "EvictionRequestAPI"
	GateInPlacePodVerticalScaling                      Gate = "InPlacePodVerticalScaling"
	GateContainerRestartRules                          Gate = "ContainerRestartRules"
	GateEmptyDirVolumeMode                             Gate = "EmptyDirVolumeMode"
	GateVolumeBindMountOptions                         Gate = "VolumeBindMountOptions"
	GateHostnameOverride                               Gate = "HostnameOverride"
	GateEnvFiles                                       Gate = "EnvFiles"
	GateImageVolume                                    Gate = "ImageVolume"
	GateSELinuxChangePolicy                            Gate = "SELinuxChangePolicy"
	GateContainerStopSignals                           Gate = "ContainerStopSignals"
	GateH2CContainerProbe                              Gate = "H2CContainerProbe"
	GatePodLifecycleSleepActionAllowZero               Gate = "PodLifecycleSleepActionAllowZero"
	GateMatchLabelKeysInPodTopologySpreadSelectorMerge Gate = "MatchLabelKeysInPodTopologySpreadSelectorMerge"
	GateRestartAllContainersOnContainerExits           Gate = "RestartAllContainersOnContainerExits"
	GateRelaxedDNSSearchValidation                     Gate = "RelaxedDNSSearchValidation"
	GateSELinuxMount                                   Gate = "SELinuxMount"
	GateTaintTolerationComparisonOperators             Gate = "TaintTolerationComparisonOperators"
	GateStrictIPCIDRValidation                         Gate = "StrictIPCIDRValidation"
	GateVolumeAttributesClass                          Gate = "VolumeAttributesClass"
	GateMutableSchedulingDirectivesForSuspendedJobs    Gate = "MutableSchedulingDirectivesForSuspendedJobs"
	GateMutablePodResourcesForSuspendedJobs            Gate = "MutablePodResourcesForSuspendedJobs"
	GateWorkloadWithJob                                Gate = "WorkloadWithJob"
)

// Gates lists every gate the model consults (hack/genversions reads their defaults).
func Gates() []Gate {
	return []Gate{
		GateUserNamespacesSupport, GateSupplementalGroupsPolicy, GatePodLevelResources, GateProcMountType,
		GateDynamicResourceAllocation, GateClusterTrustBundleProjection, GatePodCertificateRequest,
		GateGenericWorkload, GateAtomicWriteVolumeUserFields, GateGRPCContainerProbeTLS, GateEvictionRequestAPI,
		GateInPlacePodVerticalScaling, GateContainerRestartRules, GateEmptyDirVolumeMode, GateVolumeBindMountOptions,
		GateHostnameOverride, GateEnvFiles, GateImageVolume, GateSELinuxChangePolicy, GateContainerStopSignals,
		GateH2CContainerProbe, GatePodLifecycleSleepActionAllowZero, GateMatchLabelKeysInPodTopologySpreadSelectorMerge,
		GateRestartAllContainersOnContainerExits, GateRelaxedDNSSearchValidation, GateSELinuxMount,
		GateTaintTolerationComparisonOperators, GateStrictIPCIDRValidation, GateVolumeAttributesClass,
		GateMutableSchedulingDirectivesForSuspendedJobs, GateMutablePodResourcesForSuspendedJobs, GateWorkloadWithJob,
	}
}
