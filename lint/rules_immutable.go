package lint

import (
	"encoding/json"
	"fmt"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

const immutableFix = "delete and recreate the Job (kubectl delete job NAME, then apply), or create a new Job under a new name"

func immutableRules() []Rule {
	return []Rule{{
		ID:        RuleJobImmutable,
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindJob},
		Summary:   "update changes a Job field the server makes immutable (\"field is immutable\")",
		Rationale: "Once a Job exists, its selector, pod template, completionMode, podFailurePolicy, successPolicy, backoffLimitPerIndex, managedBy and (for non-Indexed Jobs) completions cannot change. Re-applying an edited Job manifest fails with \"field is immutable\". A suspended Job that never started may still change its template's labels, annotations, nodeSelector, tolerations, node affinity and scheduling gates.",
		Fix:       immutableFix,
		CheckUpdate: func(c *Checker) {
			oldJob, newJob := c.OldDefaulted.Job, c.Defaulted.Job
			o, n := oldJob.Spec, newJob.Spec
			changed := func(path string, a, b any) {
				if !equality.Semantic.DeepEqual(a, b) {
					c.Report(path, "%s cannot be changed once the Job exists: field is immutable", path)
				}
			}
			if n.CompletionMode != nil && *n.CompletionMode == batchv1.IndexedCompletion {
				if !equality.Semantic.DeepEqual(n.Completions, o.Completions) && n.Completions != nil &&
					(n.Parallelism == nil || *n.Completions != *n.Parallelism) {
					c.ReportFix("spec.completions", "change spec.completions and spec.parallelism together to the same value",
						"completions of an Indexed Job can only be modified in tandem with spec.parallelism (set both to the same value)")
				}
			} else {
				changed("spec.completions", n.Completions, o.Completions)
			}
			changed("spec.selector", n.Selector, o.Selector)
			oldTemplate := o.Template.DeepCopy()
			schedulingOK, resourcesOK := mutableTemplate(c.Version, oldJob)
			if schedulingOK {
				allowSchedulingDirectives(oldTemplate, &n.Template)
			}
			if resourcesOK {
				// Only the pod spec is compared, with the containers' resources allowed to change.
				allowContainerResources(&oldTemplate.Spec, &n.Template.Spec)
				if !equality.Semantic.DeepEqual(n.Template.Spec, oldTemplate.Spec) {
					c.Report("spec.template.spec", "spec.template.spec of a suspended Job may change only in its scheduling directives and container resources (%s): field is immutable", describeTemplateChange(oldTemplate, &n.Template))
				}
			} else if !equality.Semantic.DeepEqual(n.Template, *oldTemplate) {
				c.Report("spec.template", "spec.template cannot be changed once the Job exists (%s): field is immutable", describeTemplateChange(oldTemplate, &n.Template))
			}
			changed("spec.completionMode", n.CompletionMode, o.CompletionMode)
			changed("spec.podFailurePolicy", n.PodFailurePolicy, o.PodFailurePolicy)
			changed("spec.backoffLimitPerIndex", n.BackoffLimitPerIndex, o.BackoffLimitPerIndex)
			changed("spec.managedBy", n.ManagedBy, o.ManagedBy)
			changed("spec.successPolicy", n.SuccessPolicy, o.SuccessPolicy)
		},
	}, {
		ID:        RulePolicyImmutable,
		Class:     ClassPolicy,
		Severity:  SeverityError,
		Summary:   "update changes a field the organisation's policy makes immutable",
		Rationale: "The server lets CronJobs change every field, but some changes deserve a new object: a new time zone or service account changes what runs when and with which rights. The fields are listed in the configuration (policy.immutableCronJobFields, policy.immutableJobFields).",
		Fix:       "create a new object under a new name instead of changing this field",
		CheckUpdate: func(c *Checker) {
			fields := c.Policy.ImmutableJobFields
			if c.Obj.Kind() == KindCronJob {
				fields = c.Policy.ImmutableCronJobFields
			}
			if len(fields) == 0 {
				return
			}
			oldMap, err1 := toMap(c.Old)
			newMap, err2 := toMap(c.Obj)
			if err1 != nil || err2 != nil {
				return
			}
			for _, f := range fields {
				a, b := lookupPath(oldMap, f), lookupPath(newMap, f)
				if !equality.Semantic.DeepEqual(a, b) {
					c.Report(f, "%s may not be changed by policy (from %s to %s)", f, shortJSON(a), shortJSON(b))
				}
			}
		},
	}}
}

// mutableTemplate says what of a stored Job's pod template may change on update in version v:
// the scheduling directives (labels, annotations, nodeSelector, tolerations, node affinity,
// scheduling gates) and the containers' resources. Before 1.36 only the scheduling directives of
// a suspended Job that never started; from 1.36 (MutableSchedulingDirectivesForSuspendedJobs and
// MutablePodResourcesForSuspendedJobs on) both, for a suspended Job without active pods that
// never started or carries the Suspended condition.
func mutableTemplate(v kubeversion.Version, old *batchv1.Job) (scheduling, resources bool) {
	suspended := old.Spec.Suspend != nil && *old.Spec.Suspend
	notStarted := old.Status.StartTime == nil
	scheduling = suspended && notStarted
	allow := suspended && old.Status.Active == 0 && (notStarted || conditionTrue(old.Status.Conditions, batchv1.JobSuspended))
	if v.Enabled(kubeversion.GateMutableSchedulingDirectivesForSuspendedJobs) {
		scheduling = allow
	}
	if v.Enabled(kubeversion.GateMutablePodResourcesForSuspendedJobs) {
		resources = allow && suspended
	}
	return scheduling, resources
}

func conditionTrue(conds []batchv1.JobCondition, t batchv1.JobConditionType) bool {
	for _, c := range conds {
		if c.Type == t && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

// allowContainerResources copies into old the resources of each container (and init container)
// that has the same name at the same index in cur, when the lists have the same length.
func allowContainerResources(old, cur *corev1.PodSpec) {
	for _, l := range []struct{ old, cur []corev1.Container }{{old.Containers, cur.Containers}, {old.InitContainers, cur.InitContainers}} {
		if len(l.old) != len(l.cur) {
			continue
		}
		for i := range l.cur {
			if l.old[i].Name == l.cur[i].Name {
				l.old[i].Resources = l.cur[i].Resources
			}
		}
	}
}

// allowSchedulingDirectives copies into old the template fields a suspended, never-started Job
// may change, so that only other differences remain.
func allowSchedulingDirectives(old, cur *corev1.PodTemplateSpec) {
	old.Labels = cur.Labels
	old.Annotations = cur.Annotations
	old.Spec.NodeSelector = cur.Spec.NodeSelector
	old.Spec.Tolerations = cur.Spec.Tolerations
	old.Spec.SchedulingGates = cur.Spec.SchedulingGates
	switch {
	case cur.Spec.Affinity != nil:
		if old.Spec.Affinity == nil {
			old.Spec.Affinity = &corev1.Affinity{}
		}
		old.Spec.Affinity.NodeAffinity = cur.Spec.Affinity.NodeAffinity
	case old.Spec.Affinity != nil:
		old.Spec.Affinity.NodeAffinity = nil
		if old.Spec.Affinity.PodAffinity == nil && old.Spec.Affinity.PodAntiAffinity == nil {
			old.Spec.Affinity = nil
		}
	}
}

// describeTemplateChange names the first template fields that differ, to make the error useful.
func describeTemplateChange(old, cur *corev1.PodTemplateSpec) string {
	a, err1 := toMapAny(old)
	b, err2 := toMapAny(cur)
	if err1 != nil || err2 != nil {
		return "the pod template differs"
	}
	var diffs []string
	diffPaths("spec.template", a, b, &diffs)
	if len(diffs) == 0 {
		return "the pod template differs"
	}
	if len(diffs) > 3 {
		diffs = append(diffs[:3], "...")
	}
	return "changed: " + strings.Join(diffs, ", ")
}

func diffPaths(prefix string, a, b any, out *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		if !equality.Semantic.DeepEqual(a, b) {
			*out = append(*out, prefix)
		}
		return
	}
	keys := map[string]bool{}
	for k := range am {
		keys[k] = true
	}
	for k := range bm {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sortStrings(sorted)
	for _, k := range sorted {
		diffPaths(prefix+"."+k, am[k], bm[k], out)
	}
}

func toMap(o *Object) (map[string]any, error) {
	if o.CronJob != nil {
		return toMapAny(o.CronJob)
	}
	return toMapAny(o.Job)
}

func toMapAny(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	err = json.Unmarshal(b, &m)
	return m, err
}

// lookupPath follows a dotted field path through decoded JSON; nil when absent.
func lookupPath(m map[string]any, path string) any {
	var cur any = m
	for _, seg := range strings.Split(path, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[seg]
	}
	return cur
}

func shortJSON(v any) string {
	if v == nil {
		return "unset"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
