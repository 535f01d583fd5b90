package admissionpolicy

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// scope says when a rule runs, which decides how the webhook treats it on UPDATE.
type scope int

const (
	// onCreate: the rule checks creates only (lint's Checker.Creating).
	onCreate scope = iota
	// onWrite: the rule checks creates and updates (lint's Check). On UPDATE the webhook
	// ratchets: a finding the stored object already had is a warning, not a denial.
	onWrite
	// onUpdate: the rule compares the update with the stored object (lint's CheckUpdate). The
	// webhook never ratchets these.
	onUpdate
)

// alternative is one wording of a finding's message: used when the CEL condition when (about
// object) holds; the last alternative has no condition.
type alternative struct {
	when string
	msg  text
}

// check is one lint finding (one rule at one field path) written in CEL.
type check struct {
	rule  string
	name  string // CEL variable name (default: the rule ID in camel case)
	path  string // lint.Finding.Path
	scope scope
	// violated is a CEL condition that is true when root ("object" or "oldObject") has the
	// finding. onUpdate checks compare oldObject with object and ignore root.
	violated func(root string) string
	// message is lint.Finding.Message for object, in one or more wordings.
	message []alternative
	// fix is lint.Finding.Fix; plan turns it into the "to proceed" text of the webhook's denial
	// (decision.HowToProceed).
	fix string
	// fallback is the static message the API server shows if messageExpression fails.
	fallback string
}

// messageCEL renders the finding's message as a CEL string expression: one line per wording,
// continuation lines indented by indent.
func (c check) messageCEL(indent string) string {
	lines := make([]string, 0, len(c.message))
	for _, a := range c.message {
		if a.when != "" {
			lines = append(lines, a.when+" ? "+a.msg.CEL()+" :")
		} else {
			lines = append(lines, a.msg.CEL())
		}
	}
	return strings.Join(lines, "\n"+indent)
}

// params is what a translation needs: the kind, its Go type, the effective lint policy values
// and the rule's default fix from lint's table.
type params struct {
	kind   string
	typ    reflect.Type
	policy lint.Policy
	fix    string
}

// translation writes one lint rule for one kind as CEL checks.
type translation func(p params) ([]check, error)

// translations is the table of lint rules the exported policy enforces with CEL, keyed by lint
// rule ID. The conditions mirror the rules in lint/ and the messages the findings they report;
// the unit tests compare every message with the webhook's denial of a probe object, and
// test/policye2e compares the verdicts and messages of the policy on kube-apiserver with the
// webhook's.
var translations = map[string]translation{
	"restart-policy-invalid":      restartPolicyInvalid,
	"cronjob-name-too-long":       cronJobNameTooLong,
	"starting-deadline-too-short": startingDeadlineTooShort,
	lint.RulePolicyImmutable:      policyImmutableField,
}

// enforcedByAPIServer reports whether the exported policy leaves the rule with ID id to
// kube-apiserver: every server-class rule without a CEL translation. The server's own validation
// rejects what such a rule finds before any admission policy or webhook runs (test/conformance
// proves lint's verdicts equal the server's; api-version rules: the version is not served, so no
// request reaches admission; decoder rules: the server cannot decode the object).
func enforcedByAPIServer(id string) bool {
	if translations[id] != nil {
		return false
	}
	for _, r := range lint.DefaultRules() {
		if r.ID == id {
			return r.Class == lint.ClassServer
		}
	}
	return false
}

// restartPolicyInvalid mirrors lint's restart-policy-invalid: the pod template's restartPolicy
// (defaulted to Always when unset) must be Never or OnFailure. kube-apiserver rejects such
// objects itself before admission; the policy states the rule anyway, for API servers whose
// validation is relaxed and so that the policy says everything the webhook does.
func restartPolicyInvalid(p params) ([]check, error) {
	path := "spec.template.spec.restartPolicy"
	if p.kind == lint.KindCronJob {
		path = "spec.jobTemplate.spec.template.spec.restartPolicy"
	}
	f := mustField(p.typ, path)
	const valid = `valid values are "OnFailure", "Never"`
	return []check{{
		rule:  "restart-policy-invalid",
		path:  path,
		scope: onWrite,
		violated: func(root string) string {
			return "!(" + f.present(root) + ") || !(" + f.access(root) + " in ['Never', 'OnFailure'])"
		},
		message: []alternative{
			{when: "!(" + f.present(object) + ")", msg: lit("restartPolicy is not set, so it defaults to Always, which a Job does not allow: " + valid)},
			{when: f.access(object) + " == 'Always'", msg: lit("restartPolicy Always is not allowed in a Job: " + valid)},
			{msg: cat(lit(`unsupported restartPolicy "`), value(f.access(object)), lit(`": supported values are "OnFailure", "Never"`))},
		},
		fix:      p.fix,
		fallback: path + " must be Never or OnFailure",
	}}, nil
}

// cronJobNameTooLong mirrors lint's cronjob-name-too-long (creates only). kube-apiserver rejects
// such CronJobs itself before admission.
func cronJobNameTooLong(p params) ([]check, error) {
	name := mustField(p.typ, "metadata.name")
	limit := fmt.Sprint(lint.MaxCronJobNameLength)
	return []check{{
		rule:  "cronjob-name-too-long",
		path:  "metadata.name",
		scope: onCreate,
		violated: func(root string) string {
			return name.present(root) + " && " + name.access(root) + ".size() > " + limit
		},
		message: []alternative{{msg: cat(lit("name is "), value("string("+name.access(object)+".size())"),
			lit(" characters, over the limit of "+limit+": the controller appends 11 characters to name each Job"))}},
		fix:      p.fix,
		fallback: "metadata.name is longer than " + limit + " characters",
	}}, nil
}

// startingDeadlineTooShort mirrors lint's starting-deadline-too-short with the configured
// policy.minStartingDeadlineSeconds; an unset startingDeadlineSeconds is fine.
func startingDeadlineTooShort(p params) ([]check, error) {
	f := mustField(p.typ, "spec.startingDeadlineSeconds")
	minimum := fmt.Sprint(p.policy.MinStartingDeadlineSeconds)
	return []check{{
		rule:  "starting-deadline-too-short",
		path:  f.path,
		scope: onWrite,
		violated: func(root string) string {
			a := f.access(root)
			return f.present(root) + " && " + a + " >= 0 && " + a + " < " + minimum
		},
		message: []alternative{{msg: cat(lit("startingDeadlineSeconds is "), value("string("+f.access(object)+")"),
			lit(", below "+minimum+": the CronJob controller checks every 10 seconds, so runs may be skipped as missed and the job may never start"))}},
		fix:      "set spec.startingDeadlineSeconds to " + minimum + " or more (or remove it)",
		fallback: "spec.startingDeadlineSeconds is below " + minimum,
	}}, nil
}

// policyImmutableField mirrors lint's policy-immutable-field: on UPDATE, each configured field
// (policy.immutableJobFields or policy.immutableCronJobFields) must keep its stored value,
// including staying set or unset.
func policyImmutableField(p params) ([]check, error) {
	fields, key := p.policy.ImmutableJobFields, "policy.immutableJobFields"
	if p.kind == lint.KindCronJob {
		fields, key = p.policy.ImmutableCronJobFields, "policy.immutableCronJobFields"
	}
	seen := map[string]bool{}
	var out []check
	for _, path := range fields {
		if seen[path] {
			continue
		}
		seen[path] = true
		f, err := resolveField(p.typ, path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		out = append(out, check{
			rule:     lint.RulePolicyImmutable,
			name:     "immutable" + identifier(path),
			path:     path,
			scope:    onUpdate,
			violated: func(string) string { return f.changed() },
			message: []alternative{{msg: cat(lit(path+" may not be changed by policy (from "), value(f.shown(oldObject)),
				lit(" to "), value(f.shown(object)), lit(")"))}},
			fix:      p.fix,
			fallback: path + " may not be changed by policy",
		})
	}
	return out, nil
}
