package podspec

import (
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ctrEphemeralAllowed are the fields an ephemeral container may set; the server forbids the
// others ("cannot be set for an Ephemeral Container"): ports, resources, probes, lifecycle,
// resizePolicy, restartPolicy and restartPolicyRules.
var ctrEphemeralAllowed = map[string]bool{
	"Name": true, "Image": true, "Command": true, "Args": true, "WorkingDir": true, "EnvFrom": true,
	"Env": true, "VolumeMounts": true, "VolumeDevices": true, "TerminationMessagePath": true,
	"TerminationMessagePolicy": true, "ImagePullPolicy": true, "SecurityContext": true, "Stdin": true,
	"StdinOnce": true, "TTY": true,
}

const ctrEphemeralForbidden = "cannot be set for an Ephemeral Container"

// ctrEphemeral validates each ephemeral container as the server does. A pod template may not
// have any (the pod-template-invalid rule reports the list), but the server still checks each
// one and names its fields: name (a DNS label, unique across all containers), image, the checks
// common to every container, the fields an ephemeral container may not set, subPath and
// subPathExpr of its mounts, and targetContainerName.
func ctrEphemeral(spec *corev1.PodSpec, root *field.Path, vols map[string]*corev1.VolumeSource, claimNames sets.Set[string]) field.ErrorList {
	if len(spec.EphemeralContainers) == 0 {
		return nil
	}
	var all field.ErrorList
	others, names := sets.Set[string]{}, sets.Set[string]{}
	for _, list := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
		for i := range list {
			others.Insert(list[i].Name)
			names.Insert(list[i].Name)
		}
	}
	fld := root.Child("ephemeralContainers")
	for i := range spec.EphemeralContainers {
		ec := &spec.EphemeralContainers[i]
		p := fld.Index(i)
		c := corev1.Container(ec.EphemeralContainerCommon)
		// The server defaults these for ephemeral containers as for the others.
		if c.TerminationMessagePolicy == "" {
			c.TerminationMessagePolicy = corev1.TerminationMessageReadFile
		}
		if len(c.Ports) > 0 {
			c.Ports = append([]corev1.ContainerPort(nil), c.Ports...)
			for j := range c.Ports {
				if c.Ports[j].Protocol == "" {
					c.Ports[j].Protocol = corev1.ProtocolTCP
				}
			}
		}
		if c.Name == "" {
			all = append(all, field.Required(p.Child("name"), ""))
		} else {
			for _, msg := range validation.IsDNS1123Label(c.Name) {
				all = append(all, field.Invalid(p.Child("name"), c.Name, msg))
			}
		}
		if c.Image == "" {
			all = append(all, field.Required(p.Child("image"), ""))
		} else if len(c.Image) != len(strings.TrimSpace(c.Image)) {
			all = append(all, field.Invalid(p.Child("image"), c.Image, "must not have leading or trailing whitespace"))
		}
		switch c.ImagePullPolicy {
		case "", corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever:
		default:
			all = append(all, field.NotSupported(p.Child("imagePullPolicy"), c.ImagePullPolicy,
				[]corev1.PullPolicy{corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever}))
		}
		all = append(all, ctrCommon(&c, vols, claimNames, p, spec.RestartPolicy)...)
		if names.Has(c.Name) {
			all = append(all, field.Duplicate(p.Child("name"), c.Name))
		} else {
			names.Insert(c.Name)
		}
		if ec.TargetContainerName != "" && !others.Has(ec.TargetContainerName) {
			all = append(all, field.NotFound(p.Child("targetContainerName"), ec.TargetContainerName))
		}
		all = append(all, ctrForbiddenEphemeralFields(&ec.EphemeralContainerCommon, p)...)
		for j, vm := range c.VolumeMounts {
			if vm.SubPath != "" {
				all = append(all, field.Forbidden(p.Child("volumeMounts").Index(j).Child("subPath"), ctrEphemeralForbidden))
			}
			if vm.SubPathExpr != "" {
				all = append(all, field.Forbidden(p.Child("volumeMounts").Index(j).Child("subPathExpr"), ctrEphemeralForbidden))
			}
		}
	}
	return all
}

// ctrForbiddenEphemeralFields reports every field outside ctrEphemeralAllowed that is set (not
// its zero value), by its JSON name.
func ctrForbiddenEphemeralFields(ec *corev1.EphemeralContainerCommon, p *field.Path) field.ErrorList {
	var all field.ErrorList
	v := reflect.ValueOf(*ec)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if ctrEphemeralAllowed[f.Name] || v.Field(i).IsZero() {
			continue
		}
		r, n := utf8.DecodeRuneInString(f.Name)
		all = append(all, field.Forbidden(p.Child(string(unicode.ToLower(r))+f.Name[n:]), ctrEphemeralForbidden))
	}
	return all
}
