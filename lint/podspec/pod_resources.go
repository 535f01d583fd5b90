package podspec

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
)

// validatePodResources is validatePodResources of kube-apiserver v1.35 (PodLevelResources is on
// by default): the pod-level spec.resources of a template. Pod requests are not defaulted from
// limits in a template (that defaulting is for Pods only).
func validatePodResources(errs []Error, p fpath, spec *corev1.PodSpec) []Error {
	r := spec.Resources
	if r == nil {
		return errs
	}
	rp := p.c("resources")
	if spec.OS != nil && spec.OS.Name == corev1.Windows {
		return append(errs, fForbidden(rp, "may not be set for a windows pod"))
	}
	if r.Claims != nil {
		errs = append(errs, fForbidden(rp.c("claims"), "claims may not be set for Resources at pod-level"))
	}
	cpuMem, huge := false, false
	for _, name := range sortedResourceNames(r.Limits) {
		q := r.Limits[name]
		np := rp.c("limits").k(string(name))
		errs = vPodResourceName(errs, np, name)
		errs = vResourceQuantity(errs, np, name, q)
		if strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix) {
			huge = true
			errs = vHugePageValue(errs, np, name, q)
		}
		cpuMem = cpuMem || name == corev1.ResourceCPU || name == corev1.ResourceMemory
	}
	for _, name := range sortedResourceNames(r.Requests) {
		q := r.Requests[name]
		np := rp.c("requests").k(string(name))
		errs = vPodResourceName(errs, np, name)
		errs = vResourceQuantity(errs, np, name, q)
		overcommit := plNativeResource(name) && !strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
		if lim, ok := r.Limits[name]; ok {
			if q.Cmp(lim) != 0 && !overcommit {
				errs = append(errs, fInvalid(rp.c("requests"), q.String(), fmt.Sprintf("must be equal to %s limit of %s", name, lim.String())))
			} else if q.Cmp(lim) > 0 {
				errs = append(errs, fInvalid(rp.c("requests"), q.String(), fmt.Sprintf("must be less than or equal to %s limit of %s", name, lim.String())))
			}
		} else if !overcommit {
			errs = append(errs, fRequired(rp.c("limits"), "Limit must be set for non overcommitable resources"))
		}
		if strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix) {
			huge = true
			errs = vHugePageValue(errs, np, name, q)
		}
		cpuMem = cpuMem || name == corev1.ResourceCPU || name == corev1.ResourceMemory
	}
	if !cpuMem && huge {
		errs = append(errs, fForbidden(rp, "HugePages require cpu or memory"))
	}
	if len(r.Claims) > 0 {
		podClaims := sets.Set[string]{}
		for _, c := range spec.ResourceClaims {
			if c.Name != "" {
				podClaims.Insert(c.Name)
			}
		}
		errs = fList(errs, ctrClaims(r.Claims, podClaims, rp.c("claims").field()))
	}
	return validatePodResourceConsistency(errs, rp, spec)
}

// sortedResourceNames returns the names of a resource list in order (nil for an empty list).
func sortedResourceNames(l corev1.ResourceList) []corev1.ResourceName {
	if len(l) == 0 {
		return nil
	}
	names := make([]corev1.ResourceName, 0, len(l))
	for n := range l {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
	return names
}

func plNativeResource(n corev1.ResourceName) bool {
	return !strings.Contains(string(n), "/") || strings.Contains(string(n), corev1.ResourceDefaultNamespacePrefix)
}

// vPodResourceName is validatePodResourceName: a qualified, standard name that is supported at
// pod level (cpu, memory, hugepages-*).
func vPodResourceName(errs []Error, p fpath, name corev1.ResourceName) []Error {
	n := string(name)
	if msgs := validation.IsQualifiedName(n); len(msgs) > 0 {
		return fMsgs(errs, p, n, msgs)
	}
	if !strings.Contains(n, "/") && !ctrStandardResources.Has(name) && !strings.HasPrefix(n, corev1.ResourceHugePagesPrefix) &&
		!strings.HasPrefix(n, "requests.hugepages-") {
		return append(errs, fInvalid(p, n, "must be a standard resource type or fully qualified"))
	}
	if n != "cpu" && n != "memory" && !strings.HasPrefix(n, corev1.ResourceHugePagesPrefix) {
		errs = append(errs, fNotSupported(p, n, []string{"cpu", "hugepages-", "memory"}))
	}
	return errs
}

// vResourceQuantity is ValidateResourceQuantityValue.
func vResourceQuantity(errs []Error, p fpath, name corev1.ResourceName, q resource.Quantity) []Error {
	if q.Sign() < 0 {
		errs = append(errs, fInvalid(p, q.String(), "must be greater than or equal to 0"))
	}
	n := string(name)
	extended := !plNativeResource(name) && !strings.HasPrefix(n, "requests.") && len(validation.IsQualifiedName("requests."+n)) == 0
	if (n == "pods" || n == "services" || extended) && q.MilliValue()%1000 != 0 {
		errs = append(errs, fInvalid(p, q, "must be an integer"))
	}
	return errs
}

func vHugePageValue(errs []Error, p fpath, name corev1.ResourceName, q resource.Quantity) []Error {
	size, err := resource.ParseQuantity(strings.TrimPrefix(string(name), corev1.ResourceHugePagesPrefix))
	if err != nil || size.Sign() <= 0 {
		return append(errs, fInvalid(p, q.String(), fmt.Sprintf("%s is not positive integer multiple of %s", q.String(), name)))
	}
	if q.Value()%size.Value() != 0 {
		errs = append(errs, fInvalid(p, q.String(), fmt.Sprintf("%s is not positive integer multiple of %s", q.String(), name)))
	}
	return errs
}

// validatePodResourceConsistency: pod requests at least the containers' aggregate requests,
// hugepage limits at least their aggregate limits, and no container limit above the pod's.
func validatePodResourceConsistency(errs []Error, rp fpath, spec *corev1.PodSpec) []Error {
	r := spec.Resources
	aggr := func(get func(*corev1.Container) corev1.ResourceList) corev1.ResourceList {
		out := corev1.ResourceList{}
		add := func(dst, src corev1.ResourceList) {
			for n, q := range src {
				v := dst[n]
				v.Add(q)
				dst[n] = v
			}
		}
		for i := range spec.Containers {
			add(out, get(&spec.Containers[i]))
		}
		sidecars, initMax := corev1.ResourceList{}, corev1.ResourceList{}
		for i := range spec.InitContainers {
			c := &spec.InitContainers[i]
			use := corev1.ResourceList{}
			if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
				add(out, get(c))
				add(sidecars, get(c))
				add(use, sidecars)
			} else {
				add(use, get(c))
				add(use, sidecars)
			}
			for n, q := range use {
				if v, ok := initMax[n]; !ok || q.Cmp(v) > 0 {
					initMax[n] = q
				}
			}
		}
		for n, q := range initMax {
			if v, ok := out[n]; !ok || q.Cmp(v) > 0 {
				out[n] = q
			}
		}
		return out
	}
	if len(r.Requests) > 0 {
		reqs := aggr(func(c *corev1.Container) corev1.ResourceList { return c.Resources.Requests })
		for _, n := range sortedResourceNames(reqs) {
			pq, ok := r.Requests[n]
			if !ok {
				continue
			}
			if cq := reqs[n]; cq.Cmp(pq) > 0 {
				errs = append(errs, fInvalid(rp.c("requests").k(string(n)), pq.String(), fmt.Sprintf("must be greater than or equal to aggregate container requests of %s", cq.String())))
			}
		}
	}
	if len(r.Limits) > 0 {
		lims := aggr(func(c *corev1.Container) corev1.ResourceList { return c.Resources.Limits })
		for _, n := range sortedResourceNames(lims) {
			if !strings.HasPrefix(string(n), corev1.ResourceHugePagesPrefix) {
				continue
			}
			pq, ok := r.Limits[n]
			if !ok {
				continue
			}
			if cq := lims[n]; cq.Cmp(pq) > 0 {
				errs = append(errs, fInvalid(rp.c("limits").k(string(n)), pq.String(), fmt.Sprintf("must be greater than or equal to aggregate container limits of %s", cq.String())))
			}
		}
		for i := range spec.Containers {
			for _, n := range sortedResourceNames(spec.Containers[i].Resources.Limits) {
				cq := spec.Containers[i].Resources.Limits[n]
				pq, ok := r.Limits[n]
				if ok && cq.Cmp(pq) > 0 {
					errs = append(errs, fInvalid(rp.c("containers").i(i).k(string(n)).c("limits"), cq.String(), fmt.Sprintf("must be less than or equal to pod limits of %s", pq.String())))
				}
			}
		}
	}
	return errs
}
