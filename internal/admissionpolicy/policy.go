// Package admissionpolicy turns kubectl-batch's configuration into ValidatingAdmissionPolicies
// (admissionregistration.k8s.io/v1) that make kube-apiserver enforce the webhook's deny rules
// with CEL, without running the webhook.
//
// The generator is pure: it takes the webhook's configuration (the lint configuration plus modes
// and excluded namespaces) and returns typed objects. Which rules deny, warn or stay off, and the
// policy values, are the webhook's own decisions (decision.Config.RuleModes). Each rule that
// denies is written in CEL from the table in rules.go, or is left to kube-apiserver's own
// validation (enforcedByAPIServer).
//
// The output is four policies with a binding each, always the same names for a given prefix so
// that re-applying after a configuration change updates them in place:
//
//	PREFIX-jobs-deny      PREFIX-cronjobs-deny   bound with validationActions [Deny]
//	PREFIX-jobs-warn      PREFIX-cronjobs-warn   bound with validationActions [Warn]
//
// One policy per kind keeps the API server's type checking exact (a Job has no jobTemplate).
// The warn policies hold the rules configured to warn, and the webhook's ratchet: on UPDATE, a
// finding the stored object already had is a warning, not a denial.
package admissionpolicy

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/utils/ptr"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// DefaultName is the default prefix of the generated objects' names.
const DefaultName = "kubectl-batch"

// Labels and annotations on the generated objects.
const (
	// ManagedByLabel marks every generated object (value "kubectl-batch").
	ManagedByLabel = "app.kubernetes.io/managed-by"
	// RulesAnnotation on a policy lists the lint rule IDs it enforces, comma-separated.
	RulesAnnotation = "kubectl-batch.io/rules"
)

// AlwaysExcludedNamespaces are never checked, as in the webhook's registration.
var AlwaysExcludedNamespaces = []string{"kube-node-lease", "kube-system"}

// Options are the choices that are not in the configuration file.
type Options struct {
	// Name prefixes the objects' names (default DefaultName).
	Name string
	// FailurePolicy of the policies (default Fail): what the API server does when an expression
	// cannot be evaluated.
	FailurePolicy admissionregistrationv1.FailurePolicyType
	// DenyActions are the validationActions of the deny policies' bindings (default [Deny]); for
	// example [Warn, Audit] to roll the policy out without rejecting anything yet.
	DenyActions []admissionregistrationv1.ValidationAction
}

// Coverage says how the exported policy handles a rule.
type Coverage string

const (
	// CoverageCEL: the policy checks the rule with CEL.
	CoverageCEL Coverage = "cel"
	// CoverageAPIServer: kube-apiserver's own validation rejects what the rule finds, before
	// admission; the policy has nothing to add.
	CoverageAPIServer Coverage = "kube-apiserver"
	// CoverageNone: the rule is not exported (advice rules need the webhook).
	CoverageNone Coverage = "none"
)

// CoverageOf says how the exported policy handles the rule with ID id when the rule denies or
// warns; it does not depend on the configuration.
func CoverageOf(id string) Coverage {
	switch {
	case translations[id] != nil:
		return CoverageCEL
	case enforcedByAPIServer(id):
		return CoverageAPIServer
	}
	return CoverageNone
}

// RuleExport says what became of one rule.
type RuleExport struct {
	ID    string
	Class lint.Class
	// Mode is what the webhook does with the rule's findings under the configuration.
	Mode decision.Mode
	// Coverage is how the policy handles the rule when it denies or warns.
	Coverage Coverage
	// Configured is true when the configuration file names the rule (under rules or modes).
	Configured bool
}

// Result is the generated policies and bindings, and what became of each rule.
type Result struct {
	Policies []admissionregistrationv1.ValidatingAdmissionPolicy
	Bindings []admissionregistrationv1.ValidatingAdmissionPolicyBinding
	// Rules lists every lint rule, sorted by ID.
	Rules []RuleExport
}

// Objects returns the policies and bindings in the order to apply them: each policy, then its
// binding.
func (r *Result) Objects() []runtime.Object {
	out := make([]runtime.Object, 0, len(r.Policies)+len(r.Bindings))
	for i := range r.Policies {
		out = append(out, &r.Policies[i])
		for j := range r.Bindings {
			if r.Bindings[j].Spec.PolicyName == r.Policies[i].Name {
				out = append(out, &r.Bindings[j])
			}
		}
	}
	return out
}

// NotExported returns the rules the configuration names that deny or warn in the webhook but
// that the policy does not enforce (CoverageNone).
func (r *Result) NotExported() []RuleExport {
	var out []RuleExport
	for _, re := range r.Rules {
		if re.Configured && re.Coverage == CoverageNone && re.Mode != decision.ModeOff {
			out = append(out, re)
		}
	}
	return out
}

// Generate builds the policies for cfg: decision.AdmissionDefaults, or decision.Parse of the
// configuration file (a lint configuration file parses as one too).
func Generate(cfg decision.Config, opts Options) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opts.Name == "" {
		opts.Name = DefaultName
	}
	if msgs := validation.IsDNS1123Subdomain(opts.Name + "-cronjobs-deny"); len(msgs) > 0 {
		return nil, fmt.Errorf("name prefix %q does not make valid object names: %s", opts.Name, strings.Join(msgs, "; "))
	}
	if opts.FailurePolicy == "" {
		opts.FailurePolicy = admissionregistrationv1.Fail
	}
	if opts.FailurePolicy != admissionregistrationv1.Fail && opts.FailurePolicy != admissionregistrationv1.Ignore {
		return nil, fmt.Errorf("failure policy must be Fail or Ignore, not %q", opts.FailurePolicy)
	}
	if len(opts.DenyActions) == 0 {
		opts.DenyActions = []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}
	}
	if err := validateActions(opts.DenyActions); err != nil {
		return nil, err
	}

	rules, plans, err := plan(cfg)
	if err != nil {
		return nil, err
	}
	exclude, patterns := splitExcludes(cfg.Namespaces.Exclude)
	res := &Result{}
	for _, p := range plans {
		for _, action := range []string{"deny", "warn"} {
			name := opts.Name + "-" + p.resource + "-" + action
			var vap admissionregistrationv1.ValidatingAdmissionPolicy
			actions := opts.DenyActions
			if action == "deny" {
				vap = denyPolicy(name, p.kind, p.deny)
			} else {
				vap = warnPolicy(name, p.kind, p.warn)
				actions = []admissionregistrationv1.ValidationAction{admissionregistrationv1.Warn}
			}
			vap.Spec.FailurePolicy = ptr.To(opts.FailurePolicy)
			vap.Spec.MatchConstraints = &admissionregistrationv1.MatchResources{
				MatchPolicy: ptr.To(admissionregistrationv1.Equivalent),
				ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{
					RuleWithOperations: admissionregistrationv1.RuleWithOperations{
						Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
						Rule: admissionregistrationv1.Rule{APIGroups: []string{"batch"}, APIVersions: []string{"v1"},
							Resources: []string{p.resource}, Scope: ptr.To(admissionregistrationv1.NamespacedScope)},
					},
				}},
			}
			vap.Spec.MatchConditions = matchConditions(patterns)
			res.Policies = append(res.Policies, vap)
			res.Bindings = append(res.Bindings, binding(name, actions, exclude))
		}
	}
	for _, r := range rules {
		res.Rules = append(res.Rules, RuleExport{ID: r.rule.ID, Class: r.rule.Class, Mode: r.mode,
			Configured: r.configured, Coverage: CoverageOf(r.rule.ID)})
	}
	return res, nil
}

// kindPlan is what the policies of one kind check: the items that deny and the items that warn,
// each sorted as the webhook sorts findings (by rule, then path).
type kindPlan struct {
	kind, resource string
	deny, warn     []item
}

// plan resolves the rules' modes and writes the rules that deny or warn as CEL checks, for Jobs
// and for CronJobs.
func plan(cfg decision.Config) ([]resolvedRule, []kindPlan, error) {
	rules, policy, err := resolve(cfg)
	if err != nil {
		return nil, nil, err
	}
	var plans []kindPlan
	for _, kind := range []struct {
		kind, resource string
		typ            reflect.Type
	}{{lint.KindJob, "jobs", reflect.TypeOf(batchv1.Job{})}, {lint.KindCronJob, "cronjobs", reflect.TypeOf(batchv1.CronJob{})}} {
		p := kindPlan{kind: kind.kind, resource: kind.resource}
		for _, r := range rules {
			tr, ok := translations[r.rule.ID]
			if !ok || r.mode == decision.ModeOff || !r.rule.AppliesTo(kind.kind) {
				continue
			}
			checks, err := tr(params{kind: kind.kind, typ: kind.typ, policy: policy, fix: r.rule.Fix})
			if err != nil {
				return nil, nil, err
			}
			for _, c := range checks {
				c.fix = decision.HowToProceed(lint.Finding{RuleID: c.rule, Fix: c.fix}, kind.kind)
				switch r.mode {
				case decision.ModeDeny:
					p.deny = append(p.deny, item{check: c, cond: denyCondition(c, r.honourSuppressions)})
					if c.scope == onWrite {
						p.warn = append(p.warn, item{check: c, cond: ratchetCondition(c, r.honourSuppressions)})
					}
				case decision.ModeWarn:
					p.warn = append(p.warn, item{check: c, cond: warnCondition(c, r.honourSuppressions)})
				}
			}
		}
		sortItems(p.deny)
		sortItems(p.warn)
		plans = append(plans, p)
	}
	return rules, plans, nil
}

func validateActions(actions []admissionregistrationv1.ValidationAction) error {
	seen := map[admissionregistrationv1.ValidationAction]bool{}
	for _, a := range actions {
		switch a {
		case admissionregistrationv1.Deny, admissionregistrationv1.Warn, admissionregistrationv1.Audit:
		default:
			return fmt.Errorf("validation action must be Deny, Warn or Audit, not %q", a)
		}
		if seen[a] {
			return fmt.Errorf("validation action %s given twice", a)
		}
		seen[a] = true
	}
	if seen[admissionregistrationv1.Deny] && seen[admissionregistrationv1.Warn] {
		return fmt.Errorf("validation actions Deny and Warn cannot be combined (the API server rejects the binding)")
	}
	return nil
}

// resolvedRule is a rule with the webhook's decision for it under the configuration.
type resolvedRule struct {
	rule               lint.Rule
	mode               decision.Mode
	configured         bool
	honourSuppressions bool
}

// resolve takes every rule's mode and the effective policy values from the webhook
// (decision.Config.RuleModes), so that the policy decides as the webhook does.
func resolve(cfg decision.Config) ([]resolvedRule, lint.Policy, error) {
	modes, policy, err := cfg.RuleModes()
	if err != nil {
		return nil, lint.Policy{}, err
	}
	var out []resolvedRule
	for _, r := range lint.DefaultRules() {
		_, inRules := cfg.Rules[r.ID]
		_, inModes := cfg.Modes[r.ID]
		out = append(out, resolvedRule{rule: r, mode: modes[r.ID], configured: inRules || inModes,
			honourSuppressions: !cfg.IgnoreSuppressions})
	}
	return out, policy, nil
}

// splitExcludes separates namespaces.exclude into plain names (for the bindings'
// namespaceSelector, with the namespaces always excluded) and path.Match patterns.
func splitExcludes(exclude []string) (names, patterns []string) {
	set := map[string]bool{}
	for _, n := range AlwaysExcludedNamespaces {
		set[n] = true
	}
	for _, e := range exclude {
		if strings.ContainsAny(e, `*?[\`) {
			if unescaped, ok := literalPattern(e); ok {
				set[unescaped] = true
			} else {
				patterns = append(patterns, e)
			}
			continue
		}
		set[e] = true
	}
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	sort.Strings(patterns)
	return names, dedupe(patterns)
}

// literalPattern reports whether a path.Match pattern matches exactly one name (only escapes).
func literalPattern(p string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '*', '?', '[':
			return "", false
		case '\\':
			i++
			if i < len(p) {
				b.WriteByte(p[i])
			}
		default:
			b.WriteByte(p[i])
		}
	}
	ok, err := path.Match(p, b.String())
	return b.String(), ok && err == nil
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// matchConditions skips what the webhook skips: updates of objects being deleted, and
// namespaces matching an exclude pattern.
func matchConditions(patterns []string) []admissionregistrationv1.MatchCondition {
	out := []admissionregistrationv1.MatchCondition{{
		Name:       "not-being-deleted",
		Expression: "!(" + isUpdate + " && has(object.metadata.deletionTimestamp))",
	}}
	if len(patterns) > 0 {
		var alts []string
		for _, p := range patterns {
			alts = append(alts, "request.namespace.matches("+quote(globToRegexp(p))+")")
		}
		out = append(out, admissionregistrationv1.MatchCondition{
			Name:       "namespace-not-excluded",
			Expression: "!(" + strings.Join(alts, " || ") + ")",
		})
	}
	return out
}

func binding(name string, actions []admissionregistrationv1.ValidationAction, exclude []string) admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	return admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{ManagedByLabel: DefaultName}},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        name,
			ValidationActions: append([]admissionregistrationv1.ValidationAction(nil), actions...),
			MatchResources: &admissionregistrationv1.MatchResources{
				NamespaceSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
					Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpNotIn, Values: exclude,
				}}},
			},
		},
	}
}

// item is a check with the condition under which the policy fails it.
type item struct {
	check
	cond string
}

// suppressed renders a condition that is true when root's lint.IgnoreAnnotation names rule.
func suppressed(root, rule string) string {
	ann := root + ".metadata.annotations"
	key := quote(lint.IgnoreAnnotation)
	return "(has(" + ann + ") && " + key + " in " + ann + " && " + ann + "[" + key + "].split(',').exists(r, r.trim() == " + quote(rule) + "))"
}

// finds renders "root has the finding", honouring the ignore annotation when configured.
func finds(c check, root string, honour bool) string {
	v := "(" + c.violated(root) + ")"
	if honour {
		v += " && !" + suppressed(root, c.rule)
	}
	return v
}

// denyCondition is when the webhook denies for the check: the object has the finding and, on
// UPDATE, the stored object did not have it (the ratchet; immutable-field rules never ratchet).
func denyCondition(c check, honour bool) string {
	switch c.scope {
	case onCreate:
		return isCreate + "\n&& " + finds(c, object, honour)
	case onUpdate:
		return isUpdate + "\n&& " + finds(c, object, honour)
	}
	return finds(c, object, honour) + "\n&& !(" + isUpdate + " && " + finds(c, oldObject, honour) + ")"
}

// ratchetCondition is when the webhook downgrades a deny finding to a warning: an UPDATE whose
// stored object already had it.
func ratchetCondition(c check, honour bool) string {
	return isUpdate + "\n&& " + finds(c, oldObject, honour) + "\n&& " + finds(c, object, honour)
}

// warnCondition is when a rule in mode warn warns.
func warnCondition(c check, honour bool) string {
	switch c.scope {
	case onCreate:
		return isCreate + "\n&& " + finds(c, object, honour)
	case onUpdate:
		return isUpdate + "\n&& " + finds(c, object, honour)
	}
	return finds(c, object, honour)
}

// findingText is the message of a finding as the webhook writes it: prefixed with its path
// unless it starts with it.
func findingText(c check) []alternative {
	out := make([]alternative, len(c.message))
	for i, a := range c.message {
		out[i] = a
		if c.path != "" && !a.msg.hasPrefix(c.path) {
			out[i].msg = cat(lit(c.path+": "), a.msg)
		}
	}
	return out
}

// denialText is one finding in the webhook's denial: "<path>: <message> (rule <id>); to
// proceed: <fix>".
func denialText(c check) check {
	alts := findingText(c)
	for i := range alts {
		alts[i].msg = cat(alts[i].msg, lit(" (rule "+c.rule+"); to proceed: "+c.fix))
	}
	c.message = alts
	return c
}

// warningText is the webhook's warning line for a finding, before truncation: "<rule>: <path>:
// <message>".
func warningText(c check) check {
	alts := findingText(c)
	for i := range alts {
		alts[i].msg = cat(lit(c.rule+": "), alts[i].msg)
	}
	c.message = alts
	return c
}

// names gives each item a CEL variable name (from its rule ID unless the check names it),
// numbered when several items would share one.
func names(items []item) []string {
	base := make([]string, len(items))
	count := map[string]int{}
	for i, it := range items {
		base[i] = it.name
		if base[i] == "" {
			base[i] = camel(it.rule)
		}
		count[base[i]]++
	}
	seen := map[string]int{}
	out := make([]string, len(items))
	for i, b := range base {
		out[i] = b
		if count[b] > 1 {
			seen[b]++
			out[i] += fmt.Sprint(seen[b])
		}
	}
	return out
}

func newPolicy(name string, items []item) admissionregistrationv1.ValidatingAdmissionPolicy {
	var ids []string
	for _, it := range items {
		if len(ids) == 0 || ids[len(ids)-1] != it.rule {
			ids = append(ids, it.rule)
		}
	}
	return admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{ManagedByLabel: DefaultName},
			Annotations: map[string]string{RulesAnnotation: strings.Join(ids, ",")}},
	}
}

// noop is the validation of a policy that has nothing to check under the configuration: it keeps
// the set of objects stable, so that re-applying updates them in place.
func noop(kind, action string) admissionregistrationv1.Validation {
	return admissionregistrationv1.Validation{Expression: "true",
		Message: fmt.Sprintf("kubectl-batch: no rule is in mode %s for %ss in this configuration", action, kind)}
}

// denyPolicy holds the checks that deny. Every validation carries the same message: the webhook's
// denial of the object, naming every finding that denies (the API server reports the first
// failing validation's message only).
func denyPolicy(name, kind string, items []item) admissionregistrationv1.ValidatingAdmissionPolicy {
	vap := newPolicy(name, items)
	if len(items) == 0 {
		vap.Spec.Validations = []admissionregistrationv1.Validation{noop(kind, "deny")}
		return vap
	}
	vars := names(items)
	var texts []string
	for i, it := range items {
		vap.Spec.Variables = append(vap.Spec.Variables, admissionregistrationv1.Variable{Name: vars[i], Expression: it.cond})
		t := denialText(it.check)
		if len(t.message) > 1 {
			texts = append(texts, "  (variables."+vars[i]+" ? [\n    "+t.messageCEL("    ")+"\n  ] : [])")
		} else {
			texts = append(texts, "  (variables."+vars[i]+" ? ["+t.messageCEL("")+"] : [])")
		}
	}
	vap.Spec.Variables = append(vap.Spec.Variables, admissionregistrationv1.Variable{
		Name: "denial",
		Expression: quote("kubectl-batch denied "+kind+" ") + " + request.namespace + '/' + object.metadata.name + ': ' + (\n" +
			strings.Join(texts, " +\n") + "\n).join('; ')",
	})
	for i, it := range items {
		vap.Spec.Validations = append(vap.Spec.Validations, admissionregistrationv1.Validation{
			Expression:        "!variables." + vars[i],
			MessageExpression: "variables.denial",
			Message:           "kubectl-batch denied this " + kind + ": " + it.fallback + " (rule " + it.rule + "); to proceed: " + it.fix,
			Reason:            ptr.To(metav1.StatusReasonForbidden),
		})
	}
	return vap
}

// warnPolicy holds the checks that warn, one warning line per finding as the webhook writes them
// (cut to decision.MaxWarningLength characters).
func warnPolicy(name, kind string, items []item) admissionregistrationv1.ValidatingAdmissionPolicy {
	vap := newPolicy(name, items)
	if len(items) == 0 {
		vap.Spec.Validations = []admissionregistrationv1.Validation{noop(kind, "warn")}
		return vap
	}
	vars := names(items)
	for i, it := range items {
		vap.Spec.Variables = append(vap.Spec.Variables,
			admissionregistrationv1.Variable{Name: vars[i], Expression: it.cond},
			admissionregistrationv1.Variable{Name: vars[i] + "Warning", Expression: warningText(it.check).messageCEL("")})
	}
	limit := decision.MaxWarningLength
	for i, it := range items {
		w := "variables." + vars[i] + "Warning"
		vap.Spec.Validations = append(vap.Spec.Validations, admissionregistrationv1.Validation{
			Expression:        "!variables." + vars[i],
			MessageExpression: fmt.Sprintf("%s.size() > %d ? %s.substring(0, %d) + '...' : %s", w, limit, w, limit-3, w),
			Message:           it.rule + ": " + it.fallback,
		})
	}
	return vap
}

func sortItems(items []item) {
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].rule != items[j].rule {
			return items[i].rule < items[j].rule
		}
		return items[i].path < items[j].path
	})
}
