package lint

// builtinRules returns a fresh copy of the rule table. Every rule lives in exactly one group, and
// each group in the file of its subject: rules_metadata.go, rules_podtemplate.go (with
// lint/podspec), rules_jobspec.go, rules_cronjob.go and rules_schedule.go, rules_immutable.go
// (updates), rules_policy.go and rules_advice.go; the decoder's rules are below.
func builtinRules() []Rule {
	var all []Rule
	for _, group := range [][]Rule{decoderRules(), versionRules(), metadataRules(), podTemplateRules(), podRules(), jobSpecRules(), cronJobRules(), scheduleRules(), immutableRules(), policyRules(), adviceRules()} {
		all = append(all, group...)
	}
	return all
}

// Rule IDs that front ends and the manifest decoder refer to.
const (
	RuleJobImmutable    = "job-immutable-field"
	RulePolicyImmutable = "policy-immutable-field"
	// RuleStartingDeadlineTooShort is also told in explain's schedule section.
	RuleStartingDeadlineTooShort = "starting-deadline-too-short"
	// RuleCronJobNameTooLong and RuleJobNameTooLong are also checked for Helm charts against
	// the longest release name.
	RuleCronJobNameTooLong = "cronjob-name-too-long"
	RuleJobNameTooLong     = "job-name-too-long"
	// The problems the manifest decoder reports (see Problem).
	RuleUnknownField      = "unknown-field"
	RuleWrongType         = "wrong-type"
	RuleAPIVersionRemoved = "api-version-removed"
	RuleAPIVersionUnknown = "api-version-unknown"
)

// DefaultSeverity returns the default severity of the rule with ID id, and whether it exists.
func DefaultSeverity(id string) (Severity, bool) {
	for _, r := range builtinRules() {
		if r.ID == id {
			return r.Severity, true
		}
	}
	return SeverityOff, false
}

// decoderRules document the problems the manifest decoder reports (see Problem).
func decoderRules() []Rule {
	return []Rule{{
		ID:        RuleUnknownField,
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "unknown or duplicated field (often a typo such as backofLimit)",
		Rationale: "kubectl apply validates fields strictly by default, so the API server rejects unknown fields; with validation turned off the field would be silently dropped and its setting lost.",
		Fix:       "correct the field name (see kubectl explain job.spec)",
		Check:     checkFieldsOfVersion,
	}, {
		ID:        RuleWrongType,
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "a field holds a value of the wrong type (e.g. backoffLimit: \"3\")",
		Rationale: "The API server cannot decode a string where a number is expected (or the reverse) and rejects the whole object.",
		Fix:       "write numbers and booleans without quotes, strings with them where YAML would misread them",
	}, {
		ID:        RuleAPIVersionRemoved,
		Class:     ClassServer,
		Severity:  SeverityError,
		Kinds:     []string{KindCronJob},
		Summary:   "batch/v1beta1 CronJob: removed in Kubernetes 1.25",
		Rationale: "Clusters from 1.25 on do not serve batch/v1beta1, so the manifest cannot be applied. batch/v1 has the same fields.",
		Fix:       "set apiVersion: batch/v1",
	}, {
		ID:        RuleAPIVersionUnknown,
		Class:     ClassServer,
		Severity:  SeverityError,
		Summary:   "apiVersion missing or not served for this kind (e.g. batch/v1beta2)",
		Rationale: "Jobs and CronJobs are served as batch/v1 only; any other version is a typo or a long-removed API, and the server answers \"no matches for kind\".",
		Fix:       "set apiVersion: batch/v1",
	}}
}
