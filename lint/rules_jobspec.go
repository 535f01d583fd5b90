package lint

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubectl-batch/kubectl-batch/lint/internal/fastvalid"
)

const (
	maxParallelismIndexed  = 100000
	maxFailedIndexesLimit  = 100000
	completionsSoftLimit   = 100000
	parallelismSoftLimit   = 10000
	maxPodFailureRules     = 20
	maxExitCodeValues      = 255
	maxPodConditions       = 20
	maxSuccessPolicyRules  = 20
	maxSucceededIndexesLen = 64 * 1024
	nonNegativeMsg         = "must be greater than or equal to 0"
)

// jobSpecRules check the Job spec as kube-apiserver does.
func jobSpecRules() []Rule {
	return []Rule{{
		ID:        "negative-value",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "a count or duration that must not be negative is negative",
		Rationale: "parallelism, completions, backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished, backoffLimitPerIndex, maxFailedIndexes, startingDeadlineSeconds and the history limits must be 0 or more.",
		Fix:       "use 0 or a positive number",
		Check:     checkNonNegative,
	}, {
		ID:        "completion-mode-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "completionMode unknown, or Indexed without completions or with too much parallelism",
		Rationale: "completionMode is NonIndexed or Indexed. An Indexed Job needs spec.completions (one pod per index 0..completions-1) and at most 100000 parallel pods.",
		Fix:       "use completionMode NonIndexed or Indexed, and set completions for Indexed Jobs",
		Check:     checkCompletionMode,
	}, {
		ID:        "backoff-limit-per-index-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "backoffLimitPerIndex or maxFailedIndexes used wrongly",
		Rationale: "backoffLimitPerIndex and maxFailedIndexes only exist for Indexed Jobs; maxFailedIndexes needs backoffLimitPerIndex and may not exceed completions or 100000.",
		Fix:       "set completionMode: Indexed, or remove backoffLimitPerIndex and maxFailedIndexes",
		Check:     checkPerIndex,
	}, {
		ID:        "pod-failure-policy-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "podFailurePolicy invalid, or used without restartPolicy Never",
		Rationale: "A podFailurePolicy needs restartPolicy Never (the controller must see each failed pod) and well-formed rules: an action of FailJob, Ignore, Count or FailIndex, and exactly one of onExitCodes or onPodConditions.",
		Fix:       "set the pod template's restartPolicy: Never and check each rule's action, operator and values",
		Check:     checkPodFailurePolicy,
	}, {
		ID:        "success-policy-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "successPolicy invalid or used on a non-Indexed Job",
		Rationale: "successPolicy applies to Indexed Jobs only; each rule needs succeededIndexes or succeededCount, within completions.",
		Fix:       "set completionMode: Indexed, and give each rule succeededIndexes (e.g. \"0-2\") or succeededCount",
		Check:     checkSuccessPolicy,
	}, {
		ID:        "pod-replacement-policy-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "podReplacementPolicy unknown, or not Failed with a podFailurePolicy",
		Rationale: "podReplacementPolicy is TerminatingOrFailed or Failed; with a podFailurePolicy only Failed is allowed.",
		Fix:       "use podReplacementPolicy: Failed (or remove it)",
		Check: func(c *Checker) {
			js, p := c.Defaulted.JobSpec()
			if js.PodReplacementPolicy == nil {
				return
			}
			v := *js.PodReplacementPolicy
			if js.PodFailurePolicy != nil {
				if v != batchv1.Failed {
					c.Report(p+".podReplacementPolicy", "unsupported podReplacementPolicy %q with a podFailurePolicy: supported values: \"Failed\"", v)
				}
			} else if v != batchv1.Failed && v != batchv1.TerminatingOrFailed {
				c.Report(p+".podReplacementPolicy", "unsupported podReplacementPolicy %q: supported values: \"Failed\", \"TerminatingOrFailed\"", v)
			}
		},
	}, {
		ID:        "selector-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "spec.selector or manualSelector used wrongly",
		Rationale: "The API server generates a Job's selector. A selector in a Job without manualSelector: true is rejected (\"selector not auto-generated\"); with manualSelector it must match the template labels. A CronJob's jobTemplate may not set a selector or manualSelector at all.",
		Fix:       "remove spec.selector (and manualSelector) and let the server generate it",
		Check:     checkSelector,
	}, {
		ID:        "managed-by-invalid",
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "spec.managedBy is not a domain-prefixed path of at most 63 characters",
		Rationale: "managedBy hands the Job to another controller; it must be a domain-prefixed path such as kueue.x-k8s.io/multikueue.",
		Fix:       "remove spec.managedBy, or use a value such as example.com/my-controller",
		Check:     checkManagedBy,
	}}
}

func checkNonNegative(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	neg32 := func(v *int32, path string) {
		if v != nil && *v < 0 {
			c.Report(path, "%s is %d: %s", lastSegment(path), *v, nonNegativeMsg)
		}
	}
	neg64 := func(v *int64, path string) {
		if v != nil && *v < 0 {
			c.Report(path, "%s is %d: %s", lastSegment(path), *v, nonNegativeMsg)
		}
	}
	neg32(js.Parallelism, p+".parallelism")
	neg32(js.Completions, p+".completions")
	neg64(js.ActiveDeadlineSeconds, p+".activeDeadlineSeconds")
	neg32(js.BackoffLimit, p+".backoffLimit")
	neg32(js.TTLSecondsAfterFinished, p+".ttlSecondsAfterFinished")
	neg32(js.BackoffLimitPerIndex, p+".backoffLimitPerIndex")
	neg32(js.MaxFailedIndexes, p+".maxFailedIndexes")
	if cj := c.Defaulted.CronJob; cj != nil {
		neg64(cj.Spec.StartingDeadlineSeconds, "spec.startingDeadlineSeconds")
		neg32(cj.Spec.SuccessfulJobsHistoryLimit, "spec.successfulJobsHistoryLimit")
		neg32(cj.Spec.FailedJobsHistoryLimit, "spec.failedJobsHistoryLimit")
	}
}

func lastSegment(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func checkCompletionMode(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	if js.CompletionMode == nil {
		return
	}
	switch *js.CompletionMode {
	case batchv1.NonIndexedCompletion:
	case batchv1.IndexedCompletion:
		if js.Completions == nil {
			c.ReportFix(p+".completions", fmt.Sprintf("set %s.completions to the number of indexes", p), "completions is required when completion mode is Indexed")
		}
		if js.Parallelism != nil && *js.Parallelism > maxParallelismIndexed {
			c.Report(p+".parallelism", "parallelism %d must be less than or equal to %d when completion mode is Indexed", *js.Parallelism, maxParallelismIndexed)
		}
	default:
		c.Report(p+".completionMode", "unsupported completionMode %q: supported values: \"NonIndexed\", \"Indexed\"", *js.CompletionMode)
	}
}

func checkPerIndex(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	if js.MaxFailedIndexes != nil && js.BackoffLimitPerIndex == nil {
		c.Report(p+".backoffLimitPerIndex", "backoffLimitPerIndex is required when maxFailedIndexes is specified")
	}
	if js.CompletionMode != nil && *js.CompletionMode == batchv1.IndexedCompletion {
		if js.Completions != nil && js.MaxFailedIndexes != nil && *js.MaxFailedIndexes > *js.Completions {
			c.Report(p+".maxFailedIndexes", "maxFailedIndexes %d must be less than or equal to completions (%d)", *js.MaxFailedIndexes, *js.Completions)
		}
		if js.MaxFailedIndexes != nil && *js.MaxFailedIndexes > maxFailedIndexesLimit {
			c.Report(p+".maxFailedIndexes", "maxFailedIndexes %d must be less than or equal to %d", *js.MaxFailedIndexes, maxFailedIndexesLimit)
		}
		if js.Completions != nil && *js.Completions > completionsSoftLimit && js.BackoffLimitPerIndex != nil {
			if js.MaxFailedIndexes == nil {
				c.Report(p+".maxFailedIndexes", "maxFailedIndexes must be specified when completions is above %d", completionsSoftLimit)
			} else if *js.MaxFailedIndexes > parallelismSoftLimit {
				c.Report(p+".maxFailedIndexes", "maxFailedIndexes must be less than or equal to %d when completions are above %d and used with backoff limit per index", parallelismSoftLimit, completionsSoftLimit)
			}
			if js.Parallelism != nil && *js.Parallelism > parallelismSoftLimit {
				c.Report(p+".parallelism", "parallelism must be less than or equal to %d when completions are above %d and used with backoff limit per index", parallelismSoftLimit, completionsSoftLimit)
			}
		}
		return
	}
	if js.CompletionMode == nil || *js.CompletionMode == batchv1.NonIndexedCompletion {
		if js.BackoffLimitPerIndex != nil {
			c.Report(p+".backoffLimitPerIndex", "backoffLimitPerIndex requires indexed completion mode")
		}
		if js.MaxFailedIndexes != nil {
			c.Report(p+".maxFailedIndexes", "maxFailedIndexes requires indexed completion mode")
		}
	}
}

func checkPodFailurePolicy(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	pfp := js.PodFailurePolicy
	if pfp == nil {
		return
	}
	if js.Template.Spec.RestartPolicy == corev1.RestartPolicyOnFailure {
		c.Report(p+".template.spec.restartPolicy", "only \"Never\" is supported when podFailurePolicy is specified, not \"OnFailure\"")
	}
	base := p + ".podFailurePolicy"
	if len(pfp.Rules) > maxPodFailureRules {
		c.Report(base+".rules", "%d rules: must have at most %d items", len(pfp.Rules), maxPodFailureRules)
	}
	names := map[string]bool{}
	for _, ctr := range js.Template.Spec.Containers {
		names[ctr.Name] = true
	}
	for _, ctr := range js.Template.Spec.InitContainers {
		names[ctr.Name] = true
	}
	for i, r := range pfp.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", base, i)
		switch r.Action {
		case batchv1.PodFailurePolicyActionCount, batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyActionIgnore:
		case batchv1.PodFailurePolicyActionFailIndex:
			if js.BackoffLimitPerIndex == nil {
				c.Report(rp+".action", "action FailIndex requires the backoffLimitPerIndex to be set")
			}
		case "":
			c.Report(rp+".action", "action is required: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]")
		default:
			c.Report(rp+".action", "unsupported action %q: supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"", r.Action)
		}
		if r.OnExitCodes != nil && len(r.OnPodConditions) > 0 {
			c.Report(rp, "specifying both OnExitCodes and OnPodConditions is not supported")
		} else if r.OnExitCodes == nil && len(r.OnPodConditions) == 0 {
			c.Report(rp, "specifying one of OnExitCodes and OnPodConditions is required")
		}
		if ec := r.OnExitCodes; ec != nil {
			ep := rp + ".onExitCodes"
			if ec.ContainerName != nil && !names[*ec.ContainerName] {
				c.Report(ep+".containerName", "containerName %q must be one of the container or initContainer names in the pod template", *ec.ContainerName)
			}
			switch ec.Operator {
			case batchv1.PodFailurePolicyOnExitCodesOpIn, batchv1.PodFailurePolicyOnExitCodesOpNotIn:
			case "":
				c.Report(ep+".operator", "operator is required: valid values: [\"In\" \"NotIn\"]")
			default:
				c.Report(ep+".operator", "unsupported operator %q: supported values: \"In\", \"NotIn\"", ec.Operator)
			}
			if len(ec.Values) == 0 {
				c.Report(ep+".values", "at least one value is required")
			}
			if len(ec.Values) > maxExitCodeValues {
				c.Report(ep+".values", "%d values: must have at most %d items", len(ec.Values), maxExitCodeValues)
			}
			seen := map[int32]bool{}
			ordered := true
			for j, v := range ec.Values {
				vp := fmt.Sprintf("%s.values[%d]", ep, j)
				if ec.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && v == 0 {
					c.Report(vp, "exit code 0 must not be used with the In operator")
				}
				if seen[v] {
					c.Report(vp, "duplicate exit code %d", v)
				}
				if j > 0 && ec.Values[j-1] > v {
					ordered = false
				}
				seen[v] = true
			}
			if !ordered {
				c.Report(ep+".values", "exit codes must be ordered")
			}
		}
		if len(r.OnPodConditions) > maxPodConditions {
			c.Report(rp+".onPodConditions", "%d patterns: must have at most %d items", len(r.OnPodConditions), maxPodConditions)
		}
		for j, pc := range r.OnPodConditions {
			cp := fmt.Sprintf("%s.onPodConditions[%d]", rp, j)
			for _, msg := range validation.IsQualifiedName(string(pc.Type)) {
				c.Report(cp+".type", "condition type %q is invalid: %s", pc.Type, msg)
			}
			switch pc.Status {
			case corev1.ConditionTrue, corev1.ConditionFalse, corev1.ConditionUnknown:
			case "":
				c.Report(cp+".status", "status is required: valid values: [\"False\" \"True\" \"Unknown\"]")
			default:
				c.Report(cp+".status", "unsupported status %q: supported values: \"False\", \"True\", \"Unknown\"", pc.Status)
			}
		}
	}
}

func checkSuccessPolicy(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	sp := js.SuccessPolicy
	if sp == nil {
		return
	}
	base := p + ".successPolicy"
	if js.CompletionMode == nil || *js.CompletionMode != batchv1.IndexedCompletion {
		c.Report(base, "successPolicy requires indexed completion mode")
		return
	}
	if len(sp.Rules) == 0 {
		c.Report(base+".rules", "at least one rules must be specified when the successPolicy is specified")
	}
	if len(sp.Rules) > maxSuccessPolicyRules {
		c.Report(base+".rules", "%d rules: must have at most %d items", len(sp.Rules), maxSuccessPolicyRules)
	}
	if js.Completions == nil {
		return // completion-mode-invalid reports the missing completions (the server would even fail with a 500)
	}
	completions := *js.Completions
	for i, r := range sp.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", base, i)
		if r.SucceededCount == nil && r.SucceededIndexes == nil {
			c.Report(rp, "at least one of succeededCount or succeededIndexes must be specified")
		}
		var indexes int32
		if r.SucceededIndexes != nil {
			if len(*r.SucceededIndexes) > maxSucceededIndexesLen {
				c.Report(rp+".succeededIndexes", "succeededIndexes may not be more than %d bytes", maxSucceededIndexesLen)
			}
			n, err := countIndexes(*r.SucceededIndexes, completions)
			if err != nil {
				c.Report(rp+".succeededIndexes", "error parsing succeededIndexes: %s", err)
			}
			indexes = n
		}
		if r.SucceededCount != nil {
			sc := *r.SucceededCount
			switch {
			case sc < 0:
				c.Report(rp+".succeededCount", "succeededCount is %d: %s", sc, nonNegativeMsg)
			case sc > completions:
				c.Report(rp+".succeededCount", "succeededCount %d must be less than or equal to %d (the number of specified completions)", sc, completions)
			case r.SucceededIndexes != nil && sc > indexes:
				c.Report(rp+".succeededCount", "succeededCount %d must be less than or equal to %d (the number of indexes in the specified succeededIndexes field)", sc, indexes)
			}
		}
	}
}

// countIndexes parses an index list such as "0,2-4" the way the server does and counts it.
func countIndexes(s string, completions int32) (int32, error) {
	if s == "" {
		return 0, nil
	}
	var total int32
	prev := int64(-1)
	for _, frag := range strings.Split(s, ",") {
		parts := strings.Split(frag, "-")
		if len(parts) > 2 {
			return 0, fmt.Errorf("the fragment %q violates the requirement that an index interval can have at most two parts separated by '-'", frag)
		}
		var bounds [2]int64
		for k, part := range parts {
			v, err := strconv.ParseInt(part, 10, 32)
			if err != nil {
				return 0, fmt.Errorf("cannot convert string to integer for index: %q", part)
			}
			if v >= int64(completions) {
				return 0, fmt.Errorf("too large index: %q", part)
			}
			bounds[k] = v
		}
		if len(parts) == 1 {
			bounds[1] = bounds[0]
		}
		if bounds[0] <= prev {
			return 0, fmt.Errorf("non-increasing order, previous: %d, current: %d", prev, bounds[0])
		}
		if bounds[1] < bounds[0] {
			return 0, fmt.Errorf("non-increasing order, previous: %d, current: %d", bounds[0], bounds[1])
		}
		total += int32(bounds[1] - bounds[0] + 1)
		prev = bounds[1]
	}
	return total, nil
}

func checkSelector(c *Checker) {
	if cj := c.Defaulted.CronJob; cj != nil {
		s := cj.Spec.JobTemplate.Spec
		if s.Selector != nil {
			c.Report("spec.jobTemplate.spec.selector", "a CronJob's jobTemplate may not set a selector: `selector` will be auto-generated")
		}
		if s.ManualSelector != nil && *s.ManualSelector {
			c.Report("spec.jobTemplate.spec.manualSelector", "a CronJob's jobTemplate may not set manualSelector: true: supported values: \"nil\", \"false\"")
		}
		return
	}
	job := c.Defaulted.Job
	s := job.Spec
	manual := s.ManualSelector != nil && *s.ManualSelector
	tl := job.Spec.Template.Labels
	// From 1.37 an update no longer re-runs the create checks, among them the generated
	// selector's and labels'.
	if !manual && s.Selector != nil && (c.Creating() || !c.Version.AtLeast(37)) {
		uid := string(job.UID)
		prefixed := c.Creating() || c.Old != nil && hasPrefixedLabels(c.OldDefaulted.Job)
		want := map[string]string{LabelLegacyControllerUID: uid, LabelLegacyJobName: job.Name}
		if prefixed {
			want[LabelControllerUID] = uid
			want[LabelJobName] = job.Name
		}
		keys := make([]string, 0, len(want))
		for k := range want {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v, ok := tl[k]
			lp := fmt.Sprintf("spec.template.metadata.labels[%s]", k)
			switch {
			case !ok:
				c.Report(lp, "the pod template must have the label %s (the server adds it unless manualSelector is true)", k)
			case v != want[k]:
				what := "the Job's UID"
				if strings.HasSuffix(k, "job-name") {
					what = fmt.Sprintf("the Job's name %q", job.Name)
				}
				c.ReportFix(lp, fmt.Sprintf("remove the label %s from the pod template; the server sets it", k),
					"pod template label %s is %q but must be %s", k, v, what)
			}
		}
		if !selectorIsGenerated(s.Selector, want) || !selectorParses(s.Selector) {
			c.ReportFix("spec.selector", "remove spec.selector (the server generates it), or set spec.manualSelector: true",
				"spec.selector is set but manualSelector is not true: `selector` not auto-generated")
		}
	}
	if manual && s.Selector == nil {
		c.ReportFix("spec.selector", "add a spec.selector matching the template labels, or remove manualSelector", "spec.selector is required when manualSelector is true")
	}
	if s.Selector != nil && (len(s.Selector.MatchExpressions) > 0 || !fastvalid.Labels(s.Selector.MatchLabels)) {
		for _, e := range metav1validation.ValidateLabelSelector(s.Selector, metav1validation.LabelSelectorValidationOptions{}, field.NewPath("spec.selector")) {
			c.Report(e.Field, "invalid selector: %s", e.ErrorBody())
		}
	}
	if matches, ok := selectorMatches(s.Selector, tl); ok && !matches {
		c.ReportFix("spec.template.metadata.labels", "make spec.selector match the pod template's labels",
			"`selector` does not match template `labels`")
	}
}

// selectorParses reports whether apimachinery accepts the selector (plain matchLabels selectors
// of valid labels are accepted without parsing).
func selectorParses(sel *metav1.LabelSelector) bool {
	if len(sel.MatchExpressions) == 0 && fastvalid.Labels(sel.MatchLabels) {
		return true
	}
	_, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil
}

// selectorMatches reports whether sel selects a pod with labels set, as the server decides it
// (a nil selector matches nothing); ok is false when the selector does not parse.
func selectorMatches(sel *metav1.LabelSelector, set map[string]string) (matches, ok bool) {
	if sel == nil {
		return false, true
	}
	if len(sel.MatchExpressions) == 0 && fastvalid.Labels(sel.MatchLabels) {
		for k, v := range sel.MatchLabels {
			if got, found := set[k]; !found || got != v {
				return false, true
			}
		}
		return true, true
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return false, false
	}
	return s.Matches(labels.Set(set)), true
}

func hasPrefixedLabels(job *batchv1.Job) bool {
	if job == nil {
		return false
	}
	_, a := job.Spec.Template.Labels[LabelJobName]
	_, b := job.Spec.Template.Labels[LabelControllerUID]
	return a && b
}

// selectorIsGenerated reports whether sel selects exactly the generated labels.
func selectorIsGenerated(sel *metav1.LabelSelector, want map[string]string) bool {
	if len(sel.MatchExpressions) > 0 {
		return false
	}
	for k, v := range sel.MatchLabels {
		if w, ok := want[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func checkManagedBy(c *Checker) {
	js, p := c.Defaulted.JobSpec()
	if js.ManagedBy == nil {
		return
	}
	v := *js.ManagedBy
	path := p + ".managedBy"
	if v == "" {
		c.Report(path, "managedBy must not be empty when set")
		return
	}
	domain, rest, found := strings.Cut(v, "/")
	if !found || domain == "" || rest == "" {
		c.Report(path, "managedBy %q must be a domain-prefixed path (such as \"acme.io/foo\")", v)
	} else {
		for _, msg := range validation.IsDNS1123Subdomain(domain) {
			c.Report(path, "managedBy domain %q is invalid: %s", domain, msg)
		}
		if !managedByPathRE(rest) {
			c.Report(path, "managedBy path %q is invalid (regex used for validation is '[A-Za-z0-9/\\-._~%%!$&'()*+,;=:]+')", rest)
		}
	}
	if len(v) > 63 {
		c.Report(path, "managedBy may not be more than 63 bytes (it is %d)", len(v))
	}
}

func managedByPathRE(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("/-._~%!$&'()*+,;=:", r):
		default:
			return false
		}
	}
	return s != ""
}
