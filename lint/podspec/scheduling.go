package podspec

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kubectl-batch/kubectl-batch/lint/internal/fastvalid"
)

// validateScheduling appends the errors of AreaScheduling to errs: affinity, tolerations,
// topologySpreadConstraints, nodeName, schedulerName, priorityClassName, preemptionPolicy,
// runtimeClassName, schedulingGates, overhead and readinessGates, as ValidatePodSpec of
// kube-apiserver v1.35 checks them for a pod template.
func validateScheduling(spec *corev1.PodSpec, path string, errs []Error, o *Options) []Error {
	p := newFPath(path)
	if a := spec.Affinity; a != nil {
		ap := p.c("affinity")
		if na := a.NodeAffinity; na != nil {
			errs = validateNodeAffinity(errs, ap.c("nodeAffinity"), na, o)
		}
		if pa := a.PodAffinity; pa != nil {
			pp := ap.c("podAffinity")
			errs = validatePodAffinityTerms(errs, pp.c("requiredDuringSchedulingIgnoredDuringExecution"), pa.RequiredDuringSchedulingIgnoredDuringExecution)
			errs = validateWeightedPodAffinityTerms(errs, pp.c("preferredDuringSchedulingIgnoredDuringExecution"), pa.PreferredDuringSchedulingIgnoredDuringExecution)
		}
		if pa := a.PodAntiAffinity; pa != nil {
			pp := ap.c("podAntiAffinity")
			errs = validatePodAffinityTerms(errs, pp.c("requiredDuringSchedulingIgnoredDuringExecution"), pa.RequiredDuringSchedulingIgnoredDuringExecution)
			errs = validateWeightedPodAffinityTerms(errs, pp.c("preferredDuringSchedulingIgnoredDuringExecution"), pa.PreferredDuringSchedulingIgnoredDuringExecution)
		}
	}
	for i, g := range spec.ReadinessGates {
		errs = vQualifiedName(errs, p.c("readinessGates").i(i).c("conditionType"), string(g.ConditionType))
	}
	for i, g := range spec.SchedulingGates {
		gp := p.c("schedulingGates").i(i)
		errs = vQualifiedName(errs, gp, g.Name)
		for _, prev := range spec.SchedulingGates[:i] {
			if prev.Name == g.Name {
				errs = append(errs, fDuplicate(gp, g.Name))
				break
			}
		}
	}
	if len(spec.TopologySpreadConstraints) > 0 {
		errs = validateTopologySpread(errs, p.c("topologySpreadConstraints"), spec.TopologySpreadConstraints, o)
	}
	if spec.NodeName != "" {
		errs = vDNSSubdomain(errs, p.c("nodeName"), spec.NodeName)
	}
	// schedulerName is defaulted, and not validated beyond that.
	if len(spec.Tolerations) > 0 {
		errs = validateTolerations(errs, p.c("tolerations"), spec.Tolerations)
	}
	if spec.PriorityClassName != "" {
		errs = vDNSSubdomain(errs, p.c("priorityClassName"), spec.PriorityClassName)
	}
	if spec.RuntimeClassName != nil {
		errs = vDNSSubdomain(errs, p.c("runtimeClassName"), *spec.RuntimeClassName)
	}
	if pp := spec.PreemptionPolicy; pp != nil {
		switch *pp {
		case corev1.PreemptLowerPriority, corev1.PreemptNever:
		case "":
			errs = append(errs, fRequired(p.c("preemptionPolicy"), ""))
		default:
			errs = append(errs, fNotSupported(p.c("preemptionPolicy"), *pp, []string{"PreemptLowerPriority", "Never"}))
		}
	}
	if spec.Overhead != nil {
		errs = validateOverhead(errs, p.c("overhead"), spec.Overhead)
	}
	return errs
}

func validateNodeAffinity(errs []Error, p fpath, na *corev1.NodeAffinity, o *Options) []Error {
	if ns := na.RequiredDuringSchedulingIgnoredDuringExecution; ns != nil {
		rp := p.c("requiredDuringSchedulingIgnoredDuringExecution")
		tp := rp.c("nodeSelectorTerms")
		if len(ns.NodeSelectorTerms) == 0 {
			errs = append(errs, fRequired(tp, "must have at least one node selector term"))
		}
		for i := range ns.NodeSelectorTerms {
			errs = validateNodeSelectorTerm(errs, tp.i(i), &ns.NodeSelectorTerms[i], !o.RequiredNodeAffinityValues)
		}
	}
	pp := p.c("preferredDuringSchedulingIgnoredDuringExecution")
	for i := range na.PreferredDuringSchedulingIgnoredDuringExecution {
		t := &na.PreferredDuringSchedulingIgnoredDuringExecution[i]
		if t.Weight <= 0 || t.Weight > 100 {
			errs = append(errs, fInvalid(pp.i(i).c("weight"), t.Weight, "must be in the range 1-100"))
		}
		errs = validateNodeSelectorTerm(errs, pp.i(i).c("preference"), &t.Preference, true)
	}
	return errs
}

func validateNodeSelectorTerm(errs []Error, p fpath, t *corev1.NodeSelectorTerm, allowInvalidValues bool) []Error {
	for j, rq := range t.MatchExpressions {
		rp := p.c("matchExpressions").i(j)
		switch rq.Operator {
		case corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn:
			if len(rq.Values) == 0 {
				errs = append(errs, fRequired(rp.c("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
			}
		case corev1.NodeSelectorOpExists, corev1.NodeSelectorOpDoesNotExist:
			if len(rq.Values) > 0 {
				errs = append(errs, fForbidden(rp.c("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
			}
		case corev1.NodeSelectorOpGt, corev1.NodeSelectorOpLt:
			if len(rq.Values) != 1 {
				errs = append(errs, fRequired(rp.c("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
			}
		default:
			errs = append(errs, fInvalid(rp.c("operator"), rq.Operator, "not a valid selector operator"))
		}
		errs = vLabelName(errs, rp.c("key"), rq.Key)
		if !allowInvalidValues {
			for k, v := range rq.Values {
				errs = vLabelValue(errs, rp.c("values").i(k), v)
			}
		}
	}
	for j, rq := range t.MatchFields {
		rp := p.c("matchFields").i(j)
		switch rq.Operator {
		case corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn:
			if len(rq.Values) != 1 {
				errs = append(errs, fRequired(rp.c("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"))
			}
		default:
			errs = append(errs, fInvalid(rp.c("operator"), rq.Operator, "not a valid selector operator"))
		}
		if rq.Key != metav1.ObjectNameField {
			errs = append(errs, fInvalid(rp.c("key"), rq.Key, "not a valid field selector key"))
		} else {
			for k, v := range rq.Values {
				errs = vDNSSubdomain(errs, rp.c("values").i(k), v)
			}
		}
	}
	return errs
}

func validatePodAffinityTerms(errs []Error, p fpath, terms []corev1.PodAffinityTerm) []Error {
	for i := range terms {
		errs = validatePodAffinityTerm(errs, p.i(i), &terms[i])
	}
	return errs
}

func validateWeightedPodAffinityTerms(errs []Error, p fpath, terms []corev1.WeightedPodAffinityTerm) []Error {
	for i := range terms {
		t := &terms[i]
		if t.Weight <= 0 || t.Weight > 100 {
			errs = append(errs, fInvalid(p.i(i).c("weight"), t.Weight, "must be in the range 1-100"))
		}
		errs = validatePodAffinityTerm(errs, p.i(i).c("podAffinityTerm"), &t.PodAffinityTerm)
	}
	return errs
}

func validatePodAffinityTerm(errs []Error, p fpath, t *corev1.PodAffinityTerm) []Error {
	errs = vLabelSelector(errs, p.c("labelSelector"), t.LabelSelector)
	errs = vLabelSelector(errs, p.c("namespaceSelector"), t.NamespaceSelector)
	for _, ns := range t.Namespaces {
		errs = vDNSLabel(errs, p.c("namespace"), ns)
	}
	errs = validateMatchLabelKeys(errs, p, t.MatchLabelKeys, t.MismatchLabelKeys, t.LabelSelector)
	if t.TopologyKey == "" {
		errs = append(errs, fRequired(p.c("topologyKey"), "can not be empty"))
	}
	return vLabelName(errs, p.c("topologyKey"), t.TopologyKey)
}

// validateMatchLabelKeysLegacy is validateMatchLabelKeysInTopologySpread before 1.34: each key a
// label name, a label selector required, and no key that the selector also names.
func validateMatchLabelKeysLegacy(errs []Error, p fpath, keys []string, sel *metav1.LabelSelector) []Error {
	if len(keys) == 0 {
		return errs
	}
	if sel == nil {
		errs = append(errs, fForbidden(p, "must not be specified when labelSelector is not set"))
	}
	named := map[string]bool{}
	if sel != nil {
		for k := range sel.MatchLabels {
			named[k] = true
		}
		for _, e := range sel.MatchExpressions {
			named[e.Key] = true
		}
	}
	for i, k := range keys {
		errs = vLabelName(errs, p.i(i), k)
		if named[k] {
			errs = append(errs, fInvalid(p.i(i), k, "exists in both matchLabelKeys and labelSelector"))
		}
	}
	return errs
}

// validateMatchLabelKeys is ValidateMatchLabelKeysAndMismatchLabelKeys.
func validateMatchLabelKeys(errs []Error, p fpath, match, mismatch []string, sel *metav1.LabelSelector) []Error {
	errs = validateLabelKeys(errs, p.c("matchLabelKeys"), match, sel)
	errs = validateLabelKeys(errs, p.c("mismatchLabelKeys"), mismatch, sel)
	if sel != nil && len(match) > 0 && len(sel.MatchExpressions) > 0 {
		idx := map[string]int{}
		for i, k := range match {
			idx[k] = i
		}
		keys := map[string]bool{}
		for k := range sel.MatchLabels {
			keys[k] = true
		}
		for _, e := range sel.MatchExpressions {
			if i, ok := idx[e.Key]; ok && keys[e.Key] {
				errs = append(errs, fInvalid(p.i(i), e.Key, "exists in both matchLabelKeys and labelSelector"))
			}
			keys[e.Key] = true
		}
	}
	for i, k := range match {
		for _, m := range mismatch {
			if k == m {
				errs = append(errs, fInvalid(p.c("matchLabelKeys").i(i), k, "exists in both matchLabelKeys and mismatchLabelKeys"))
				break
			}
		}
	}
	return errs
}

func validateLabelKeys(errs []Error, p fpath, keys []string, sel *metav1.LabelSelector) []Error {
	if len(keys) == 0 {
		return errs
	}
	if sel == nil {
		return append(errs, fForbidden(p, "must not be specified when labelSelector is not set"))
	}
	for i, k := range keys {
		errs = vLabelName(errs, p.i(i), k)
	}
	return errs
}

func validateTolerations(errs []Error, p fpath, tols []corev1.Toleration) []Error {
	for i := range tols {
		t := &tols[i]
		tp := p.i(i)
		if t.Key != "" {
			errs = vLabelName(errs, tp.c("key"), t.Key)
		}
		if t.Key == "" && t.Operator != corev1.TolerationOpExists {
			errs = append(errs, fInvalid(tp.c("operator"), t.Operator, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
		}
		if t.TolerationSeconds != nil && t.Effect != corev1.TaintEffectNoExecute {
			errs = append(errs, fInvalid(tp.c("effect"), t.Effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"))
		}
		switch t.Operator {
		case corev1.TolerationOpEqual, "":
			if t.Value != "" && !fastvalid.Name(t.Value) {
				if msgs := validation.IsValidLabelValue(t.Value); len(msgs) > 0 {
					errs = append(errs, fInvalid(tp.c("operator"), t.Value, strings.Join(msgs, ";")))
				}
			}
		case corev1.TolerationOpExists:
			if t.Value != "" {
				errs = append(errs, fInvalid(tp.c("operator"), t.Value, "value must be empty when `operator` is 'Exists'"))
			}
		case "Lt", "Gt":
			// TaintTolerationComparisonOperators is off by default in 1.35.
			errs = append(errs, fNotSupported(tp.c("operator"), t.Operator, []string{"Equal", "Exists", "Lt", "Gt"}))
		default:
			errs = append(errs, fNotSupported(tp.c("operator"), t.Operator, []string{"Equal", "Exists"}))
		}
		switch t.Effect {
		case "", corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute:
		default:
			errs = append(errs, fNotSupported(tp.c("effect"), t.Effect, []string{"NoSchedule", "PreferNoSchedule", "NoExecute"}))
		}
	}
	return errs
}

func validateTopologySpread(errs []Error, p fpath, cs []corev1.TopologySpreadConstraint, o *Options) []Error {
	for i := range cs {
		c := &cs[i]
		cp := p.i(i)
		if c.MaxSkew <= 0 {
			errs = append(errs, fInvalid(cp.c("maxSkew"), int64(c.MaxSkew), "must be greater than zero"))
		}
		if c.TopologyKey == "" {
			errs = append(errs, fRequired(cp.c("topologyKey"), "can not be empty"))
		}
		if c.WhenUnsatisfiable != corev1.DoNotSchedule && c.WhenUnsatisfiable != corev1.ScheduleAnyway {
			errs = append(errs, fNotSupported(cp.c("whenUnsatisfiable"), c.WhenUnsatisfiable, []string{"DoNotSchedule", "ScheduleAnyway"}))
		}
		for _, r := range cs[i+1:] {
			if c.TopologyKey == r.TopologyKey && c.WhenUnsatisfiable == r.WhenUnsatisfiable {
				errs = append(errs, fDuplicate(cp.c("{topologyKey, whenUnsatisfiable}"), fmt.Sprintf("{%v, %v}", c.TopologyKey, c.WhenUnsatisfiable)))
				break
			}
		}
		if md := c.MinDomains; md != nil {
			if *md <= 0 {
				errs = append(errs, fInvalid(cp.c("minDomains"), int64(*md), "must be greater than zero"))
			}
			if c.WhenUnsatisfiable != corev1.DoNotSchedule {
				errs = append(errs, fInvalid(cp.c("minDomains"), *md, fmt.Sprintf("can only use minDomains if whenUnsatisfiable=%s, not %s", corev1.DoNotSchedule, c.WhenUnsatisfiable)))
			}
		}
		for _, np := range []struct {
			name string
			v    *corev1.NodeInclusionPolicy
		}{{"nodeAffinityPolicy", c.NodeAffinityPolicy}, {"nodeTaintsPolicy", c.NodeTaintsPolicy}} {
			if np.v != nil && *np.v != corev1.NodeInclusionPolicyHonor && *np.v != corev1.NodeInclusionPolicyIgnore {
				errs = append(errs, fNotSupported(cp.c(np.name), *np.v, []string{"Honor", "Ignore"}))
			}
		}
		if o.MatchLabelKeysSelectorMerge {
			errs = validateMatchLabelKeys(errs, cp, c.MatchLabelKeys, nil, c.LabelSelector)
		} else {
			errs = validateMatchLabelKeysLegacy(errs, cp.c("matchLabelKeys"), c.MatchLabelKeys, c.LabelSelector)
		}
		errs = vLabelSelector(errs, cp.c("labelSelector"), c.LabelSelector)
	}
	return errs
}

// validateOverhead checks overhead like container limits (ValidateContainerResourceRequirements
// of {limits: overhead}): errors at overhead.limits[name], and overhead itself.
func validateOverhead(errs []Error, op fpath, rl corev1.ResourceList) []Error {
	cpuMem, huge := false, false
	for _, name := range sortedResourceNames(rl) {
		q := rl[name]
		n := string(name)
		np := op.c("limits").k(n)
		if msgs := validation.IsQualifiedName(n); len(msgs) > 0 {
			errs = fMsgs(errs, np, n, msgs)
		} else if !strings.Contains(n, "/") {
			if !ctrStandardResources.Has(name) && !strings.HasPrefix(n, "hugepages-") && !strings.HasPrefix(n, "requests.hugepages-") {
				errs = append(errs, fInvalid(np, n, "must be a standard resource type or fully qualified"))
			}
			if n != "cpu" && n != "memory" && n != "ephemeral-storage" && !strings.HasPrefix(n, "hugepages-") {
				errs = append(errs, fInvalid(np, n, "must be a standard resource for containers"))
			}
		} else if !strings.Contains(n, "kubernetes.io/") {
			if strings.HasPrefix(n, "requests.") || len(validation.IsQualifiedName("requests."+n)) > 0 {
				errs = append(errs, fInvalid(np, n, "doesn't follow extended resource name standard"))
			}
		}
		errs = vResourceQuantity(errs, np, name, q)
		if strings.HasPrefix(n, corev1.ResourceHugePagesPrefix) {
			huge = true
			errs = vHugePageValue(errs, np, name, q)
		}
		cpuMem = cpuMem || name == corev1.ResourceCPU || name == corev1.ResourceMemory
	}
	if huge && !cpuMem {
		errs = append(errs, fForbidden(op, "HugePages require cpu or memory"))
	}
	return errs
}
