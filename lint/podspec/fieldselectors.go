package podspec

// Field selectors of env vars and downwardAPI volumes (fieldRef, resourceFieldRef), shared by
// both.

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// splitSubscript is fieldpath.SplitMaybeSubscriptedPath: "metadata.labels['key']".
func splitSubscript(fp string) (string, string, bool) {
	if !strings.HasSuffix(fp, "']") {
		return fp, "", false
	}
	s := strings.TrimSuffix(fp, "']")
	parts := strings.SplitN(s, "['", 2)
	if len(parts) < 2 || parts[0] == "" {
		return fp, "", false
	}
	return parts[0], parts[1], true
}

// resourceFieldPaths are the resources a resourceFieldRef may name (besides hugepages).
var resourceFieldPaths = sets.New(
	"limits.cpu", "limits.memory", "limits.ephemeral-storage",
	"requests.cpu", "requests.memory", "requests.ephemeral-storage")

// fieldRefSimple reports, without allocating, whether fs is certainly valid: apiVersion v1 (or
// unset) and one of the valid paths, without a subscript.
func fieldRefSimple(fs *corev1.ObjectFieldSelector, valid sets.Set[string]) bool {
	return (fs.APIVersion == "" || fs.APIVersion == "v1") && valid.Has(fs.FieldPath)
}

// objectFieldSelector is validateObjectFieldSelector: a fieldRef of an env var or a downwardAPI
// volume item, with the paths that place allows (apiVersion defaults to v1).
func objectFieldSelector(fs *corev1.ObjectFieldSelector, valid sets.Set[string], fld *field.Path) field.ErrorList {
	apiVersion := fs.APIVersion
	if apiVersion == "" {
		apiVersion = "v1" // defaulted by the server
	}
	if fs.FieldPath == "" {
		return field.ErrorList{field.Required(fld.Child("fieldPath"), "")}
	}
	// podshelper.ConvertDownwardAPIFieldLabel
	internal := fs.FieldPath
	var convErr error
	if apiVersion != "v1" {
		convErr = fmt.Errorf("unsupported pod version: %s", apiVersion)
	} else if p, _, ok := splitSubscript(internal); ok {
		if p != "metadata.annotations" && p != "metadata.labels" {
			convErr = fmt.Errorf("field label does not support subscript: %s", internal)
		}
	} else {
		switch internal {
		case "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
			"spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName",
			"status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs":
		case "spec.host":
			internal = "spec.nodeName"
		default:
			convErr = fmt.Errorf("field label not supported: %s", internal)
		}
	}
	if convErr != nil {
		return field.ErrorList{field.Invalid(fld.Child("fieldPath"), fs.FieldPath, fmt.Sprintf("error converting fieldPath: %v", convErr))}
	}
	var all field.ErrorList
	if p, sub, ok := splitSubscript(internal); ok {
		switch p {
		case "metadata.annotations":
			for _, m := range validation.IsQualifiedName(strings.ToLower(sub)) {
				all = append(all, field.Invalid(fld, strings.ToLower(sub), m))
			}
		case "metadata.labels":
			for _, m := range validation.IsQualifiedName(sub) {
				all = append(all, field.Invalid(fld, sub, m))
			}
		default:
			all = append(all, field.Invalid(fld, p, "does not support subscript"))
		}
	} else if !valid.Has(internal) {
		all = append(all, field.NotSupported(fld.Child("fieldPath"), internal, sets.List(valid)))
	}
	return all
}

// resourceFieldSelector is validateContainerResourceFieldSelector: a resourceFieldRef of an env
// var, or of a downwardAPI volume item (volume: containerName is then required).
func resourceFieldSelector(fs *corev1.ResourceFieldSelector, volume bool, fld *field.Path) field.ErrorList {
	var all field.ErrorList
	if volume && fs.ContainerName == "" {
		all = append(all, field.Required(fld.Child("containerName"), ""))
	} else if fs.Resource == "" {
		all = append(all, field.Required(fld.Child("resource"), ""))
	} else if !resourceFieldPaths.Has(fs.Resource) &&
		!strings.HasPrefix(fs.Resource, "limits.hugepages-") && !strings.HasPrefix(fs.Resource, "requests.hugepages-") {
		all = append(all, field.NotSupported(fld.Child("resource"), fs.Resource, sets.List(resourceFieldPaths)))
	}
	return append(all, ctrResourceDivisor(fs.Resource, fs.Divisor, fld)...)
}

var (
	ctrDivisorsCPU    = sets.New("1m", "1")
	ctrDivisorsMemory = sets.New("1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei")
)

func ctrResourceDivisor(rName string, divisor resource.Quantity, fld *field.Path) field.ErrorList {
	if divisor.Cmp(resource.Quantity{}) == 0 {
		return nil
	}
	d := divisor.DeepCopy()
	s := d.String()
	var all field.ErrorList
	switch rName {
	case "limits.cpu", "requests.cpu":
		if !ctrDivisorsCPU.Has(s) {
			all = append(all, field.Invalid(fld.Child("divisor"), rName, "only divisor's values 1m and 1 are supported with the cpu resource"))
		}
	case "limits.memory", "requests.memory":
		if !ctrDivisorsMemory.Has(s) {
			all = append(all, field.Invalid(fld.Child("divisor"), rName, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource"))
		}
	case "limits.ephemeral-storage", "requests.ephemeral-storage":
		if !ctrDivisorsMemory.Has(s) {
			all = append(all, field.Invalid(fld.Child("divisor"), rName, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource"))
		}
	}
	if strings.HasPrefix(rName, "requests.hugepages-") || strings.HasPrefix(rName, "limits.hugepages-") {
		if !ctrDivisorsMemory.Has(s) {
			all = append(all, field.Invalid(fld.Child("divisor"), rName, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource"))
		}
	}
	return all
}
