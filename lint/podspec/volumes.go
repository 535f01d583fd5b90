package podspec

import (
	"fmt"
	"net"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kubectl-batch/kubectl-batch/lint/internal/fastvalid"
)

// validateVolumes appends the errors of AreaVolumes to errs.
//
// It mirrors ValidateVolumes of kube-apiserver v1.35 for a pod template (no pod name, so the
// ephemeral PVC name checks are skipped), after the server's defaulting: a volume without a
// source becomes an emptyDir, an image volume's pullPolicy is defaulted from its tag, a
// serviceAccountToken's expirationSeconds defaults to 3600, fieldRef apiVersion to v1.
// Version differences are in o (fields the version drops never get here).
func validateVolumes(spec *corev1.PodSpec, path string, errs []Error, o *Options) []Error {
	if len(spec.Volumes) == 0 {
		return errs
	}
	base := newFPath(path).c("volumes")
	// valid[i]: volume i passed (the server only remembers valid volumes' names).
	var small [32]bool
	valid := small[:]
	if len(spec.Volumes) > len(small) {
		valid = make([]bool, len(spec.Volumes))
	}
	for i := range spec.Volumes {
		v := &spec.Volumes[i]
		p := base.i(i)
		n0 := len(errs)
		errs = validateVolumeSource(&v.VolumeSource, p, v.Name, errs, o)
		if v.Name == "" {
			errs = append(errs, fRequired(p.c("name"), ""))
		} else {
			errs = vDNSLabel(errs, p.c("name"), v.Name)
		}
		for j := 0; j < i; j++ {
			if valid[j] && spec.Volumes[j].Name == v.Name {
				errs = append(errs, fDuplicate(p.c("name"), v.Name))
				break
			}
		}
		valid[i] = len(errs) == n0
	}
	return errs
}

const (
	fileModeErrorMsg    = "must be a number between 0 and 0777 (octal), both inclusive"
	pdPartitionErrorMsg = "must be between 1 and 255, inclusive" // sic: the server's wording (0 is accepted)
	moreThanOneVolume   = "may not specify more than 1 volume type"
)

var (
	iscsiIqnRegex = regexp.MustCompile(`iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$`)
	iscsiEuiRegex = regexp.MustCompile(`^eui.[[:alnum:]]{16}$`)
	iscsiNaaRegex = regexp.MustCompile(`^naa.[[:alnum:]]{32}$`)
)

func validateVolumeSource(s *corev1.VolumeSource, p fpath, volName string, errs []Error, o *Options) []Error {
	num := 0
	// one reports whether this source is the first one set; a later one is Forbidden at at.
	one := func(at string) bool {
		if num > 0 {
			errs = append(errs, fForbidden(p.c(at), moreThanOneVolume))
			return false
		}
		num++
		return true
	}
	if s.EmptyDir != nil {
		num++
		if s.EmptyDir.SizeLimit != nil && s.EmptyDir.SizeLimit.Sign() < 0 {
			errs = append(errs, fForbidden(p.c("emptyDir").c("sizeLimit"), "SizeLimit field must be a valid resource quantity"))
		}
	}
	if s.HostPath != nil && one("hostPath") {
		hp := p.c("hostPath")
		if s.HostPath.Path == "" {
			errs = append(errs, fRequired(hp.c("path"), ""))
		} else {
			errs = vNoBacksteps(errs, hp.c("path"), s.HostPath.Path)
			if t := s.HostPath.Type; t != nil {
				switch *t {
				case corev1.HostPathUnset, corev1.HostPathDirectoryOrCreate, corev1.HostPathDirectory, corev1.HostPathFileOrCreate,
					corev1.HostPathFile, corev1.HostPathSocket, corev1.HostPathCharDev, corev1.HostPathBlockDev:
				default:
					errs = append(errs, fNotSupported(hp.c("type"), t, []string{"", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"}))
				}
			}
		}
	}
	if s.GitRepo != nil && one("gitRepo") {
		gp := p.c("gitRepo")
		if s.GitRepo.Repository == "" {
			errs = append(errs, fRequired(gp.c("repository"), ""))
		}
		errs = vLocalDescendingPath(errs, gp.c("directory"), s.GitRepo.Directory)
	}
	if s.GCEPersistentDisk != nil && one("gcePersistentDisk") {
		gp := p.c("persistentDisk")
		if s.GCEPersistentDisk.PDName == "" {
			errs = append(errs, fRequired(gp.c("pdName"), ""))
		}
		if pt := s.GCEPersistentDisk.Partition; pt < 0 || pt > 255 {
			errs = append(errs, fInvalid(gp.c("partition"), pt, pdPartitionErrorMsg))
		}
	}
	if s.AWSElasticBlockStore != nil && one("awsElasticBlockStore") {
		ap := p.c("awsElasticBlockStore")
		if s.AWSElasticBlockStore.VolumeID == "" {
			errs = append(errs, fRequired(ap.c("volumeID"), ""))
		}
		if pt := s.AWSElasticBlockStore.Partition; pt < 0 || pt > 255 {
			errs = append(errs, fInvalid(ap.c("partition"), pt, pdPartitionErrorMsg))
		}
	}
	if s.Secret != nil && one("secret") {
		sp := p.c("secret")
		if s.Secret.SecretName == "" {
			errs = append(errs, fRequired(sp.c("secretName"), ""))
		}
		errs = vFileMode(errs, sp.c("defaultMode"), s.Secret.DefaultMode)
		for i := range s.Secret.Items {
			errs = vKeyToPath(errs, sp.c("items").i(i), &s.Secret.Items[i])
		}
	}
	if s.NFS != nil && one("nfs") {
		np := p.c("nfs")
		if s.NFS.Server == "" {
			errs = append(errs, fRequired(np.c("server"), ""))
		}
		if s.NFS.Path == "" {
			errs = append(errs, fRequired(np.c("path"), ""))
		}
		if !strings.HasPrefix(s.NFS.Path, "/") {
			errs = append(errs, fInvalid(np.c("path"), s.NFS.Path, "must be an absolute path"))
		}
	}
	if s.ISCSI != nil {
		if one("iscsi") {
			errs = validateISCSI(errs, p.c("iscsi"), s.ISCSI)
		}
		if s.ISCSI.InitiatorName != nil && len(volName+":"+s.ISCSI.TargetPortal) > 64 {
			errs = append(errs, fInvalid(p.c("name"), volName, "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified."))
		}
	}
	if s.Glusterfs != nil && one("glusterfs") {
		gp := p.c("glusterfs")
		if s.Glusterfs.EndpointsName == "" {
			errs = append(errs, fRequired(gp.c("endpoints"), ""))
		}
		if s.Glusterfs.Path == "" {
			errs = append(errs, fRequired(gp.c("path"), ""))
		}
	}
	if s.Flocker != nil && one("flocker") {
		fp := p.c("flocker")
		f := s.Flocker
		if f.DatasetName == "" && f.DatasetUUID == "" {
			errs = append(errs, fRequired(fp, "one of datasetName and datasetUUID is required"))
		}
		if f.DatasetName != "" && f.DatasetUUID != "" {
			errs = append(errs, fInvalid(fp, "resource", "datasetName and datasetUUID can not be specified simultaneously"))
		}
		if strings.Contains(f.DatasetName, "/") {
			errs = append(errs, fInvalid(fp.c("datasetName"), f.DatasetName, "must not contain '/'"))
		}
	}
	if s.PersistentVolumeClaim != nil && one("persistentVolumeClaim") {
		if s.PersistentVolumeClaim.ClaimName == "" {
			errs = append(errs, fRequired(p.c("persistentVolumeClaim").c("claimName"), ""))
		}
	}
	if s.RBD != nil && one("rbd") {
		if len(s.RBD.CephMonitors) == 0 {
			errs = append(errs, fRequired(p.c("rbd").c("monitors"), ""))
		}
		if s.RBD.RBDImage == "" {
			errs = append(errs, fRequired(p.c("rbd").c("image"), ""))
		}
	}
	if s.Cinder != nil && one("cinder") {
		if s.Cinder.VolumeID == "" {
			errs = append(errs, fRequired(p.c("cinder").c("volumeID"), ""))
		}
		if s.Cinder.SecretRef != nil && s.Cinder.SecretRef.Name == "" {
			errs = append(errs, fRequired(p.c("cinder").c("secretRef").c("name"), ""))
		}
	}
	if s.CephFS != nil && one("cephFS") {
		if len(s.CephFS.Monitors) == 0 {
			errs = append(errs, fRequired(p.c("cephfs").c("monitors"), ""))
		}
	}
	if s.Quobyte != nil && one("quobyte") {
		qp := p.c("quobyte")
		q := s.Quobyte
		switch {
		case q.Registry == "":
			errs = append(errs, fRequired(qp.c("registry"), "must be a host:port pair or multiple pairs separated by commas"))
		case len(q.Tenant) >= 65:
			errs = append(errs, fRequired(qp.c("tenant"), "must be a UUID and may not exceed a length of 64 characters"))
		default:
			for _, hp := range strings.Split(q.Registry, ",") {
				if _, _, err := net.SplitHostPort(hp); err != nil {
					errs = append(errs, fInvalid(qp.c("registry"), q.Registry, "must be a host:port pair or multiple pairs separated by commas"))
				}
			}
		}
		if q.Volume == "" {
			errs = append(errs, fRequired(qp.c("volume"), ""))
		}
	}
	if s.DownwardAPI != nil && one("downwarAPI") {
		dp := p.c("downwardAPI")
		errs = vFileMode(errs, dp.c("defaultMode"), s.DownwardAPI.DefaultMode)
		for i := range s.DownwardAPI.Items {
			errs = vDownwardAPIFile(errs, dp, &s.DownwardAPI.Items[i])
		}
	}
	if s.FC != nil && one("fc") {
		fp := p.c("fc")
		fc := s.FC
		if len(fc.TargetWWNs) < 1 && len(fc.WWIDs) < 1 {
			errs = append(errs, fRequired(fp.c("targetWWNs"), "must specify either targetWWNs or wwids, but not both"))
		}
		if len(fc.TargetWWNs) != 0 && len(fc.WWIDs) != 0 {
			errs = append(errs, fInvalid(fp.c("targetWWNs"), fc.TargetWWNs, "targetWWNs and wwids can not be specified simultaneously"))
		}
		if len(fc.TargetWWNs) != 0 {
			if fc.Lun == nil {
				errs = append(errs, fRequired(fp.c("lun"), "lun is required if targetWWNs is specified"))
			} else if *fc.Lun < 0 || *fc.Lun > 255 {
				errs = append(errs, fInvalid(fp.c("lun"), *fc.Lun, validation.InclusiveRangeError(0, 255)))
			}
		}
	}
	if s.FlexVolume != nil && one("flexVolume") {
		fp := p.c("flexVolume")
		if s.FlexVolume.Driver == "" {
			errs = append(errs, fRequired(fp.c("driver"), ""))
		}
		for k := range s.FlexVolume.Options {
			ns := k
			if before, _, ok := strings.Cut(k, "/"); ok {
				ns = before
			}
			norm := "." + strings.ToLower(ns)
			if strings.HasSuffix(norm, ".kubernetes.io") || strings.HasSuffix(norm, ".k8s.io") {
				errs = append(errs, fInvalid(fp.c("options").k(k), k, "kubernetes.io and k8s.io namespaces are reserved"))
			}
		}
	}
	if s.ConfigMap != nil && one("configMap") {
		cp := p.c("configMap")
		if s.ConfigMap.Name == "" {
			errs = append(errs, fRequired(cp.c("name"), ""))
		}
		errs = vFileMode(errs, cp.c("defaultMode"), s.ConfigMap.DefaultMode)
		for i := range s.ConfigMap.Items {
			errs = vKeyToPath(errs, cp.c("items").i(i), &s.ConfigMap.Items[i])
		}
	}
	if s.AzureFile != nil && one("azureFile") {
		if s.AzureFile.SecretName == "" {
			errs = append(errs, fRequired(p.c("azureFile").c("secretName"), ""))
		}
		if s.AzureFile.ShareName == "" {
			errs = append(errs, fRequired(p.c("azureFile").c("shareName"), ""))
		}
	}
	if s.VsphereVolume != nil && one("vsphereVolume") {
		if s.VsphereVolume.VolumePath == "" {
			errs = append(errs, fRequired(p.c("vsphereVolume").c("volumePath"), ""))
		}
	}
	if s.PhotonPersistentDisk != nil && one("photonPersistentDisk") {
		if s.PhotonPersistentDisk.PdID == "" {
			errs = append(errs, fRequired(p.c("photonPersistentDisk").c("pdID"), ""))
		}
	}
	if s.PortworxVolume != nil && one("portworxVolume") {
		if s.PortworxVolume.VolumeID == "" {
			errs = append(errs, fRequired(p.c("portworxVolume").c("volumeID"), ""))
		}
	}
	if s.AzureDisk != nil && one("azureDisk") {
		errs = validateAzureDisk(errs, p.c("azureDisk"), s.AzureDisk)
	}
	if s.StorageOS != nil && one("storageos") {
		sp := p.c("storageos")
		so := s.StorageOS
		if so.VolumeName == "" {
			errs = append(errs, fRequired(sp.c("volumeName"), ""))
		} else {
			errs = vDNSLabel(errs, sp.c("volumeName"), so.VolumeName)
		}
		if so.VolumeNamespace != "" {
			errs = vDNSLabel(errs, sp.c("volumeNamespace"), so.VolumeNamespace)
		}
		if so.SecretRef != nil && so.SecretRef.Name == "" {
			errs = append(errs, fRequired(sp.c("secretRef").c("name"), ""))
		}
	}
	if s.Projected != nil && one("projected") {
		errs = validateProjected(errs, p.c("projected"), s.Projected, o)
	}
	if s.ScaleIO != nil && one("scaleIO") {
		sp := p.c("scaleIO")
		if s.ScaleIO.Gateway == "" {
			errs = append(errs, fRequired(sp.c("gateway"), ""))
		}
		if s.ScaleIO.System == "" {
			errs = append(errs, fRequired(sp.c("system"), ""))
		}
		if s.ScaleIO.VolumeName == "" {
			errs = append(errs, fRequired(sp.c("volumeName"), ""))
		}
	}
	if s.CSI != nil && one("csi") {
		cp := p.c("csi")
		d := s.CSI.Driver
		switch {
		case d == "":
			errs = append(errs, fRequired(cp.c("driver"), ""))
		default:
			if len(d) > 63 {
				errs = append(errs, fTooLong(cp.c("driver"), 63))
			}
			if low := strings.ToLower(d); !fastvalid.DNSSubdomain(low) {
				errs = fMsgs(errs, cp.c("driver"), d, validation.IsDNS1123Subdomain(low))
			}
		}
		if ref := s.CSI.NodePublishSecretRef; ref != nil {
			if ref.Name == "" {
				errs = append(errs, fRequired(cp.c("nodePublishSecretRef").c("name"), ""))
			} else {
				errs = vDNSSubdomain(errs, cp.c("name"), ref.Name)
			}
		}
	}
	if s.Ephemeral != nil && one("ephemeral") {
		ep := p.c("ephemeral")
		if s.Ephemeral.VolumeClaimTemplate == nil {
			errs = append(errs, fRequired(ep.c("volumeClaimTemplate"), ""))
		} else {
			errs = validateClaimTemplate(errs, ep.c("volumeClaimTemplate"), s.Ephemeral.VolumeClaimTemplate, o)
		}
	}
	if s.Image != nil && one("image") {
		if o.ImageReferenceRequired && s.Image.Reference == "" {
			errs = append(errs, fRequired(p.c("image").c("reference"), ""))
		}
		switch pp := s.Image.PullPolicy; pp {
		case corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever, "": // "" is defaulted
		default:
			errs = append(errs, fNotSupported(p.c("image").c("pullPolicy"), pp, []string{"Always", "IfNotPresent", "Never"}))
		}
	}
	return errs
}

func vFileMode(errs []Error, p fpath, mode *int32) []Error {
	if mode != nil && (*mode > 0777 || *mode < 0) {
		errs = append(errs, fInvalid(p, *mode, fileModeErrorMsg))
	}
	return errs
}

func vKeyToPath(errs []Error, p fpath, kp *corev1.KeyToPath) []Error {
	if kp.Key == "" {
		errs = append(errs, fRequired(p.c("key"), ""))
	}
	if kp.Path == "" {
		errs = append(errs, fRequired(p.c("path"), ""))
	}
	errs = vLocalNonReservedPath(errs, p.c("path"), kp.Path)
	return vFileMode(errs, p.c("mode"), kp.Mode)
}

func validateISCSI(errs []Error, p fpath, s *corev1.ISCSIVolumeSource) []Error {
	if s.TargetPortal == "" {
		errs = append(errs, fRequired(p.c("targetPortal"), ""))
	}
	if s.IQN == "" {
		errs = append(errs, fRequired(p.c("iqn"), ""))
	} else {
		switch {
		case !strings.HasPrefix(s.IQN, "iqn") && !strings.HasPrefix(s.IQN, "eui") && !strings.HasPrefix(s.IQN, "naa"):
			errs = append(errs, fInvalid(p.c("iqn"), s.IQN, "must be valid format starting with iqn, eui, or naa"))
		case strings.HasPrefix(s.IQN, "iqn") && !iscsiIqnRegex.MatchString(s.IQN),
			strings.HasPrefix(s.IQN, "eui") && !iscsiEuiRegex.MatchString(s.IQN),
			strings.HasPrefix(s.IQN, "naa") && !iscsiNaaRegex.MatchString(s.IQN):
			errs = append(errs, fInvalid(p.c("iqn"), s.IQN, "must be valid format"))
		}
	}
	if s.Lun < 0 || s.Lun > 255 {
		errs = append(errs, fInvalid(p.c("lun"), s.Lun, validation.InclusiveRangeError(0, 255)))
	}
	if (s.DiscoveryCHAPAuth || s.SessionCHAPAuth) && s.SecretRef == nil {
		errs = append(errs, fRequired(p.c("secretRef"), ""))
	}
	if s.InitiatorName != nil {
		in := *s.InitiatorName
		ip := p.c("initiatorname")
		if !strings.HasPrefix(in, "iqn") && !strings.HasPrefix(in, "eui") && !strings.HasPrefix(in, "naa") {
			errs = append(errs, fInvalid(ip, in, "must be valid format starting with iqn, eui, or naa"))
		}
		if strings.HasPrefix(in, "iqn") && !iscsiIqnRegex.MatchString(in) ||
			strings.HasPrefix(in, "eui") && !iscsiEuiRegex.MatchString(in) ||
			strings.HasPrefix(in, "naa") && !iscsiNaaRegex.MatchString(in) {
			errs = append(errs, fInvalid(ip, in, "must be valid format"))
		}
	}
	return errs
}

func validateAzureDisk(errs []Error, p fpath, a *corev1.AzureDiskVolumeSource) []Error {
	if a.DiskName == "" {
		errs = append(errs, fRequired(p.c("diskName"), ""))
	}
	if a.DataDiskURI == "" {
		errs = append(errs, fRequired(p.c("diskURI"), ""))
	}
	if m := a.CachingMode; m != nil && *m != corev1.AzureDataDiskCachingNone && *m != corev1.AzureDataDiskCachingReadOnly && *m != corev1.AzureDataDiskCachingReadWrite {
		errs = append(errs, fNotSupported(p.c("cachingMode"), *m, []string{"None", "ReadOnly", "ReadWrite"}))
	}
	// The server defaults kind to Shared (and cachingMode to ReadWrite) before validating.
	if k := plPtrOr(a.Kind, corev1.AzureSharedBlobDisk); k != nil {
		if *k != corev1.AzureSharedBlobDisk && *k != corev1.AzureDedicatedBlobDisk && *k != corev1.AzureManagedDisk {
			errs = append(errs, fNotSupported(p.c("kind"), *k, []string{"Dedicated", "Managed", "Shared"}))
		}
		if *k == corev1.AzureManagedDisk && !strings.HasPrefix(a.DataDiskURI, "/subscriptions/") {
			errs = append(errs, fNotSupported(p.c("diskURI"), a.DataDiskURI, []string{"/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"}))
		}
		if *k != corev1.AzureManagedDisk && !strings.HasPrefix(a.DataDiskURI, "https://") {
			errs = append(errs, fNotSupported(p.c("diskURI"), a.DataDiskURI, []string{"https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"}))
		}
	}
	return errs
}

// volumeFieldPaths are the fieldRef paths a downwardAPI volume may use.
var volumeFieldPaths = sets.New("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid")

// vDownwardAPIFile is validateDownwardAPIVolumeFile: errors are reported under p (the
// downwardAPI source), not under the item, as the server does.
func vDownwardAPIFile(errs []Error, p fpath, f *corev1.DownwardAPIVolumeFile) []Error {
	if f.Path == "" {
		errs = append(errs, fRequired(p.c("path"), ""))
	}
	errs = vLocalNonReservedPath(errs, p.c("path"), f.Path)
	switch {
	case f.FieldRef != nil:
		if !fieldRefSimple(f.FieldRef, volumeFieldPaths) {
			errs = fList(errs, objectFieldSelector(f.FieldRef, volumeFieldPaths, p.c("fieldRef").field()))
		}
		if f.ResourceFieldRef != nil {
			errs = append(errs, fInvalid(p, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"))
		}
	case f.ResourceFieldRef != nil:
		if r := f.ResourceFieldRef; r.ContainerName == "" || !resourceFieldPaths.Has(r.Resource) || !r.Divisor.IsZero() {
			errs = fList(errs, resourceFieldSelector(r, true, p.c("resourceFieldRef").field()))
		}
	default:
		errs = append(errs, fRequired(p, "one of fieldRef and resourceFieldRef is required"))
	}
	return vFileMode(errs, p.c("mode"), f.Mode)
}

// validateProjected is validateProjectedVolumeSource. clusterTrustBundle and podCertificate
// sources reach it only where their gates are on (1.37+).
func validateProjected(errs []Error, p fpath, pr *corev1.ProjectedVolumeSource, o *Options) []Error {
	errs = vFileMode(errs, p.c("defaultMode"), pr.DefaultMode)
	seen := func(i, sec, cm, dw int, path string) bool {
		for k := 0; k < i; k++ {
			if projectionHasPath(&pr.Sources[k], path, -1, -1, -1) {
				return true
			}
		}
		return projectionHasPath(&pr.Sources[i], path, sec, cm, dw)
	}
	for i := range pr.Sources {
		src := &pr.Sources[i]
		sp := p.c("sources").i(i)
		num := 0
		if src.Secret != nil {
			num++
			pp := sp.c("secret")
			if src.Secret.Name == "" {
				errs = append(errs, fRequired(pp.c("name"), ""))
			}
			for j := range src.Secret.Items {
				kp := &src.Secret.Items[j]
				errs = vKeyToPath(errs, pp.c("items").i(j), kp)
				if kp.Path != "" && seen(i, j, 0, 0, kp.Path) {
					errs = append(errs, fInvalid(p, src.Secret.Name, "conflicting duplicate paths"))
				}
			}
		}
		if src.ConfigMap != nil {
			num++
			pp := sp.c("configMap")
			if src.ConfigMap.Name == "" {
				errs = append(errs, fRequired(pp.c("name"), ""))
			}
			for j := range src.ConfigMap.Items {
				kp := &src.ConfigMap.Items[j]
				errs = vKeyToPath(errs, pp.c("items").i(j), kp)
				if kp.Path != "" && seen(i, -1, j, 0, kp.Path) {
					errs = append(errs, fInvalid(p, src.ConfigMap.Name, "conflicting duplicate paths"))
				}
			}
		}
		if src.DownwardAPI != nil {
			num++
			pp := sp.c("downwardAPI")
			for j := range src.DownwardAPI.Items {
				f := &src.DownwardAPI.Items[j]
				errs = vDownwardAPIFile(errs, pp, f)
				if f.Path != "" && seen(i, -1, -1, j, f.Path) {
					errs = append(errs, fInvalid(p, f.Path, "conflicting duplicate paths"))
				}
			}
		}
		if t := src.ServiceAccountToken; t != nil {
			num++
			pp := sp.c("serviceAccountToken")
			exp := int64(3600)
			if t.ExpirationSeconds != nil {
				exp = *t.ExpirationSeconds
			}
			if exp < 10*60 {
				errs = append(errs, fInvalid(pp.c("expirationSeconds"), exp, "may not specify a duration less than 10 minutes"))
			}
			if exp > 1<<32 {
				errs = append(errs, fInvalid(pp.c("expirationSeconds"), exp, "may not specify a duration larger than 2^32 seconds"))
			}
			if t.Path == "" {
				errs = append(errs, fRequired(p.c("path"), ""))
			} else {
				errs = vLocalNonReservedPath(errs, p.c("path"), t.Path)
			}
		}
		if o.CertificateProjections {
			var n int
			n, errs = validateCertificateProjections(errs, p, sp, pr, i)
			num += n
		}
		if num > 1 {
			errs = append(errs, fForbidden(sp, "may not specify more than 1 volume type per source"))
		}
	}
	return errs
}

// validateCertificateProjections checks source i's clusterTrustBundle and podCertificate (their
// part of validateProjectedVolumeSource in 1.37) and returns how many of the two it has.
func validateCertificateProjections(errs []Error, p, sp fpath, pr *corev1.ProjectedVolumeSource, i int) (int, []Error) {
	num := 0
	src := &pr.Sources[i]
	dup := func(path string, self int) bool { // an earlier source (or an earlier path of this one) has path
		for k := 0; k <= i; k++ {
			if projectionHasPath(&pr.Sources[k], path, -1, -1, -1) {
				return true
			}
			if k < i && certificatePathsHave(&pr.Sources[k], path, 3) {
				return true
			}
		}
		return certificatePathsHave(src, path, self)
	}
	if b := src.ClusterTrustBundle; b != nil {
		num++
		pp := sp.c("clusterTrustBundle")
		switch {
		case b.Name != nil && b.SignerName != nil:
			errs = append(errs, fInvalid(pp, "", "only one of name and signerName may be used"))
		case b.Name != nil:
			name := *b.Name
			if name == "" {
				errs = append(errs, fRequired(pp.c("name"), "must be a valid object name"))
			}
			signer := ""
			if k := strings.LastIndex(name, ":"); k >= 0 {
				signer = strings.ReplaceAll(name[:k], ":", "/")
			}
			for _, msg := range clusterTrustBundleName(signer, name) {
				errs = append(errs, fInvalid(pp.c("name"), name, "not a valid clustertrustbundlename: "+msg))
			}
			if b.LabelSelector != nil {
				errs = append(errs, fInvalid(pp.c("labelSelector"), "", "labelSelector must be unset if name is specified"))
			}
		case b.SignerName != nil:
			if *b.SignerName == "" {
				errs = append(errs, fRequired(pp.c("signerName"), "must be a valid signer name"))
			}
			errs = vSignerName(errs, pp.c("signerName"), *b.SignerName)
			errs = vLabelSelector(errs, pp.c("labelSelector"), b.LabelSelector)
		default:
			errs = append(errs, fRequired(pp, "either name or signerName must be specified"))
		}
		if b.Path == "" {
			errs = append(errs, fRequired(pp.c("path"), ""))
		}
		errs = vLocalNonReservedPath(errs, pp.c("path"), b.Path)
		if dup(b.Path, 0) {
			errs = append(errs, fInvalid(p, b.Path, "conflicting duplicate paths"))
		}
	}
	if c := src.PodCertificate; c != nil {
		num++
		pp := sp.c("podCertificate")
		errs = vSignerName(errs, pp.c("signerName"), c.SignerName)
		for k := range c.UserAnnotations {
			errs = fList(errs, validation.IsDomainPrefixedKey(pp.c("userAnnotations").field(), strings.ToLower(k)))
		}
		switch c.KeyType {
		case "RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519":
		default:
			errs = append(errs, fNotSupported(pp.c("keyType"), c.KeyType, []string{"RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519"}))
		}
		if m := c.MaxExpirationSeconds; m != nil {
			if *m < 3600 {
				errs = append(errs, fInvalid(pp.c("maxExpirationSeconds"), *m, "if provided, maxExpirationSeconds must be >= 3600"))
			}
			limit := int32(91 * 24 * 60 * 60)
			if host, _, _ := strings.Cut(c.SignerName, "/"); host == "kubernetes.io" || strings.HasSuffix(host, ".kubernetes.io") {
				limit = 24 * 60 * 60
			}
			if *m > limit {
				errs = append(errs, fInvalid(pp.c("maxExpirationSeconds"), *m, fmt.Sprintf("if provided, maxExpirationSeconds must be <= %d", limit)))
			}
		}
		paths := 0
		earlier := 0 // this source's paths before the current one
		if src.ClusterTrustBundle != nil {
			earlier = 1
		}
		for _, f := range []struct{ name, v string }{{"credentialBundlePath", c.CredentialBundlePath}, {"keyPath", c.KeyPath}, {"certificateChainPath", c.CertificateChainPath}} {
			if f.v == "" {
				continue
			}
			errs = vLocalNonReservedPath(errs, pp.c(f.name), f.v)
			if dup(f.v, earlier+paths) {
				errs = append(errs, fInvalid(p, f.v, "conflicting duplicate paths"))
			}
			paths++
		}
		if paths == 0 {
			errs = append(errs, fRequired(pp, "specify at least one of credentialBundlePath, keyPath, and certificateChainPath"))
		}
	}
	return num, errs
}

// certificatePathsHave reports whether src's clusterTrustBundle and podCertificate paths, in
// upstream's order (trust bundle, credential bundle, key, certificate chain), hold path among
// the first n of them.
func certificatePathsHave(src *corev1.VolumeProjection, path string, n int) bool {
	var ps []string
	if b := src.ClusterTrustBundle; b != nil {
		ps = append(ps, b.Path)
	}
	if c := src.PodCertificate; c != nil {
		for _, v := range []string{c.CredentialBundlePath, c.KeyPath, c.CertificateChainPath} {
			if v != "" {
				ps = append(ps, v)
			}
		}
	}
	if n < len(ps) {
		ps = ps[:n]
	}
	for _, p := range ps {
		if p == path {
			return true
		}
	}
	return false
}

// clusterTrustBundleName is ValidateClusterTrustBundleName.
func clusterTrustBundleName(signer, name string) []string {
	if signer == "" {
		if strings.Contains(name, ":") {
			return []string{`ClusterTrustBundle without signer name must not have ":" in its name`}
		}
		return validation.IsDNS1123Subdomain(name)
	}
	prefix := strings.ReplaceAll(signer, "/", ":") + ":"
	if !strings.HasPrefix(name, prefix) {
		return []string{fmt.Sprintf("ClusterTrustBundle for signerName %s must be named with prefix %s", signer, prefix)}
	}
	return validation.IsDNS1123Subdomain(strings.TrimPrefix(name, prefix))
}

// vSignerName is ValidateSignerName.
func vSignerName(errs []Error, p fpath, signer string) []Error {
	if signer == "" {
		return append(errs, fRequired(p, ""))
	}
	segs := strings.Split(signer, "/")
	if len(segs) != 2 {
		return append(errs, fInvalid(p, signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'"))
	}
	if len(segs[0]) > validation.DNS1123SubdomainMaxLength {
		errs = append(errs, fTooLong(p, validation.DNS1123SubdomainMaxLength))
	}
	labels := strings.Split(segs[0], ".")
	for _, l := range labels {
		if msgs := validation.IsDNS1123Label(l); len(msgs) > 0 {
			for _, m := range msgs {
				errs = append(errs, fInvalid(p, segs[0], fmt.Sprintf("validating label %q: %s", l, m)))
			}
			break
		}
	}
	if len(labels) < 2 {
		errs = append(errs, fInvalid(p, segs[0], "should be a domain with at least two segments separated by dots"))
	}
	for _, l := range strings.Split(segs[1], ".") {
		if msgs := validation.IsDNS1123Subdomain(l); len(msgs) > 0 {
			for _, m := range msgs {
				errs = append(errs, fInvalid(p, segs[1], fmt.Sprintf("validating label %q: %s", l, m)))
			}
			break
		}
	}
	maxLen := validation.DNS1123SubdomainMaxLength + validation.DNS1123SubdomainMaxLength + validation.DNS1123LabelMaxLength + 2
	if len(signer) > maxLen {
		errs = append(errs, fTooLong(p, maxLen))
	}
	return errs
}

// projectionHasPath reports whether src has an item with path among its first sec secret items,
// cm configMap items and dw downwardAPI items (-1: all of them).
func projectionHasPath(src *corev1.VolumeProjection, path string, sec, cm, dw int) bool {
	if src.Secret != nil {
		for j, kp := range src.Secret.Items {
			if j == sec {
				return false
			}
			if kp.Path == path {
				return true
			}
		}
	}
	if src.ConfigMap != nil {
		for j, kp := range src.ConfigMap.Items {
			if j == cm {
				return false
			}
			if kp.Path == path {
				return true
			}
		}
	}
	if src.DownwardAPI != nil {
		for j, f := range src.DownwardAPI.Items {
			if j == dw {
				return false
			}
			if f.Path == path {
				return true
			}
		}
	}
	return false
}

// validateClaimTemplate is ValidatePersistentVolumeClaimTemplate of an ephemeral volume.
func validateClaimTemplate(errs []Error, p fpath, t *corev1.PersistentVolumeClaimTemplate, o *Options) []Error {
	mp := p.c("metadata")
	m := &t.ObjectMeta
	if len(m.Annotations) > 0 {
		errs = vAnnotations(errs, mp.c("annotations"), m.Annotations)
	}
	for k, v := range m.Labels {
		if !fastvalid.QualifiedName(k) || !(v == "" || fastvalid.Name(v)) {
			errs = fList(errs, metav1validation.ValidateLabels(m.Labels, mp.c("labels").field()))
			break
		}
	}
	// Only labels and annotations may be set in a template's metadata.
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"name", m.Name != ""}, {"generateName", m.GenerateName != ""}, {"namespace", m.Namespace != ""},
		//lint:ignore SA1019 deprecated, but the server still forbids it in a volume claim template
		{"selfLink", m.SelfLink != ""},
		{"uID", m.UID != ""}, {"resourceVersion", m.ResourceVersion != ""},
		{"generation", m.Generation != 0}, {"creationTimestamp", !m.CreationTimestamp.IsZero()},
		{"deletionTimestamp", m.DeletionTimestamp != nil}, {"deletionGracePeriodSeconds", m.DeletionGracePeriodSeconds != nil},
		{"ownerReferences", len(m.OwnerReferences) > 0}, {"finalizers", len(m.Finalizers) > 0}, {"managedFields", len(m.ManagedFields) > 0},
	} {
		if f.set {
			errs = append(errs, fForbidden(mp.c(f.name), "cannot be set"))
		}
	}
	sp := p.c("spec")
	s := &t.Spec
	if len(s.AccessModes) == 0 {
		errs = append(errs, fRequired(sp.c("accessModes"), "at least 1 access mode is required"))
	}
	if s.Selector != nil {
		errs = vLabelSelector(errs, sp.c("selector"), s.Selector)
	}
	rwop, other := false, false
	for _, m := range s.AccessModes {
		switch m {
		case corev1.ReadWriteOncePod:
			rwop = true
		case corev1.ReadWriteOnce, corev1.ReadOnlyMany, corev1.ReadWriteMany:
			other = true
		default:
			errs = append(errs, fNotSupported(sp.c("accessModes"), m, []string{"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"}))
		}
	}
	if rwop && other {
		errs = append(errs, fForbidden(sp.c("accessModes"), "may not use ReadWriteOncePod with other access modes"))
	}
	storagePath := sp.c("resources").k("storage")
	if q, ok := s.Resources.Requests[corev1.ResourceStorage]; !ok {
		errs = append(errs, fRequired(storagePath, ""))
	} else if q.Sign() <= 0 {
		errs = append(errs, fInvalid(storagePath, q.String(), "must be greater than zero"))
	}
	if s.StorageClassName != nil && *s.StorageClassName != "" {
		errs = vDNSSubdomain(errs, sp.c("storageClassName"), *s.StorageClassName)
	}
	if s.VolumeMode != nil && *s.VolumeMode != corev1.PersistentVolumeBlock && *s.VolumeMode != corev1.PersistentVolumeFilesystem {
		errs = append(errs, fNotSupported(sp.c("volumeMode"), *s.VolumeMode, []string{"Block", "Filesystem"}))
	}
	if ds := s.DataSource; ds != nil {
		errs = vDataSource(errs, sp.c("dataSource"), ds.Name, ds.Kind, deref(ds.APIGroup), nil)
	}
	if dr := s.DataSourceRef; dr != nil {
		errs = vDataSource(errs, sp.c("dataSourceRef"), dr.Name, dr.Kind, deref(dr.APIGroup), dr.Namespace)
	}
	if dr := s.DataSourceRef; dr != nil && dr.Namespace != nil && *dr.Namespace != "" {
		if s.DataSource != nil {
			errs = append(errs, fInvalid(sp, struct{}{}, "may not be specified when dataSourceRef.namespace is specified"))
		}
	} else if ds := s.DataSource; ds != nil && dr != nil {
		if ds.Name != dr.Name || ds.Kind != dr.Kind || deref(ds.APIGroup) != deref(dr.APIGroup) {
			errs = append(errs, fInvalid(sp, struct{}{}, "must match dataSourceRef"))
		}
	}
	if c := s.VolumeAttributesClassName; c != nil && *c != "" && o.VolumeAttributesClass {
		errs = vDNSSubdomain(errs, sp.c("volumeAttributesClassName"), *c)
	}
	return errs
}

func vDataSource(errs []Error, p fpath, name, kind, group string, ns *string) []Error {
	if name == "" {
		errs = append(errs, fRequired(p.c("name"), ""))
	}
	if kind == "" {
		errs = append(errs, fRequired(p.c("kind"), ""))
	}
	if group == "" && kind != "PersistentVolumeClaim" {
		errs = append(errs, fInvalid(p, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"))
	}
	if group != "" {
		errs = vDNSSubdomain(errs, p.c("apiGroup"), group)
	}
	if ns != nil && *ns != "" {
		errs = vDNSLabel(errs, p.c("namespace"), *ns)
	}
	return errs
}

// plPtrOr returns p, or a pointer to def when p is nil.
func plPtrOr[T any](p *T, def T) *T {
	if p == nil {
		return &def
	}
	return p
}
