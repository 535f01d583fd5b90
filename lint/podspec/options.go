package podspec

import (
	"reflect"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// Options are the switches of pod-template validation that differ between Kubernetes versions:
// upstream's PodValidationOptions for a create (from the version's default feature gates) and
// the validation code that changed between releases. Fields the version drops before
// validation never reach this package (lint drops them first); Options covers what remains.
type Options struct {
	LegacyContainerRestartPolicy  bool `doc:"A regular container may not set restartPolicy, an init container only to Always."`
	RestartAllContainers          bool `doc:"The RestartAllContainers action, and restart rules on sidecars, are allowed."`
	NonSidecarInitResizeRestart   bool `doc:"A non-sidecar init container may not resize with RestartContainer."`
	SleepZero                     bool `doc:"A sleep action of 0 seconds is allowed."`
	RelaxedDNSSearch              bool `doc:"dnsConfig.searches may hold '.' and underscores."`
	RequiredNodeAffinityValues    bool `doc:"Required node affinity values must be label values."`
	HostUsersVolumeDevices        bool `doc:"No volumeDevices when hostUsers is false."`
	MatchLabelKeysSelectorMerge   bool `doc:"The newer overlap rule for a topology spread constraint's matchLabelKeys (before: any key also in the label selector is an error)."`
	VolumeAttributesClass         bool `doc:"An ephemeral volume's volumeAttributesClassName is validated."`
	StrictIPs                     bool `doc:"IPs with leading zeros and IPv4-mapped IPv6 addresses are rejected."`
	ImageReferenceRequired        bool `doc:"An image volume in a template must set reference."`
	ShareProcessNamespaceTopLevel bool `doc:"shareProcessNamespace with hostPID is reported at spec.shareProcessNamespace (before: spec.securityContext.shareProcessNamespace)."`
	SELinuxMount                  bool `doc:"seLinuxChangePolicy may also be MountOption."`
	CertificateProjections        bool `doc:"clusterTrustBundle and podCertificate projections are kept and validated."`
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

// OptionDoc is one switch of Options: its name and what it changes when on (its doc tag).
type OptionDoc struct {
	Name, Doc string
}

// OptionDocs lists the switches of Options with their doc tags, in declaration order.
func OptionDocs() []OptionDoc {
	t := reflect.TypeOf(Options{})
	out := make([]OptionDoc, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		out = append(out, OptionDoc{Name: f.Name, Doc: f.Tag.Get("doc")})
	}
	return out
}

// On reports whether the switch named name is on in o.
func (o Options) On(name string) bool {
	return reflect.ValueOf(o).FieldByName(name).Bool()
}
